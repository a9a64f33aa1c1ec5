// k-anonymity and l-diversity by optimal full-domain generalisation.
//
// The search space is the generalisation lattice (one level per quasi-identifier). Rows are
// first collapsed into a histogram of distinct (quasi-identifiers, sensitive value) tuples
// packed into 64-bit keys with the sensitive value in the low bits, so that after sorting,
// the entries of one equivalence class are adjacent and their number is the class's count of
// distinct sensitive values. The lattice is walked depth-first along a spanning tree (a node's
// parent lowers its last non-zero level by one), each node's histogram rolled up from its
// parent's, which is never larger. A subtree is pruned when a lower bound on its loss (the
// precision loss of every row at the current node, which generalisation can only increase)
// is no better than the best node found; this bound is exact for Iyengar's LM, so the result
// is the optimum over the whole lattice.
#include <algorithm>
#include <bit>
#include <functional>
#include <map>
#include <set>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

using Entry = std::pair<uint64_t, uint64_t>;  // packed key, row count

struct Engine {
  Engine(const std::vector<Hierarchy>& hierarchies, const KAnonymityOptions& options)
      : h(hierarchies), opt(options) {}
  const std::vector<Hierarchy>& h;
  const KAnonymityOptions& opt;
  int q = 0;
  int sbits = 0;
  std::vector<int> shift, bits;
  std::vector<int> max_level;
  // step[qi][level][group] = the group at level + 1.
  std::vector<std::vector<std::vector<uint32_t>>> step;
  // loss[qi][level][group] = (leaves - 1) / (domain - 1).
  std::vector<std::vector<std::vector<double>>> loss;
  uint64_t n = 0;
  uint64_t max_suppressed = 0;
  double best_loss = 2;
  std::vector<int> best;
  uint64_t best_suppressed = 0;
  int64_t evaluated = 0;

  uint32_t Field(uint64_t key, int qi) const {
    return static_cast<uint32_t>((key >> shift[qi]) & ((uint64_t{1} << bits[qi]) - 1));
  }

  void Rollup(const std::vector<Entry>& from, int qi, int level, std::vector<Entry>& to) const {
    to.clear();
    to.reserve(from.size());
    const uint64_t mask = ((uint64_t{1} << bits[qi]) - 1) << shift[qi];
    const auto& map = step[qi][level];
    for (const auto& [key, count] : from)
      to.push_back({(key & ~mask) | (uint64_t{map[Field(key, qi)]} << shift[qi]), count});
    std::sort(to.begin(), to.end());
    size_t out = 0;
    for (size_t i = 0; i < to.size(); ++i) {
      if (out > 0 && to[out - 1].first == to[i].first) to[out - 1].second += to[i].second;
      else to[out++] = to[i];
    }
    to.resize(out);
  }

  // Precision loss (sum over quasi-identifiers) of one row in the class of `key`.
  double RowLoss(uint64_t key, const std::vector<int>& levels) const {
    double s = 0;
    for (int qi = 0; qi < q; ++qi) s += loss[qi][levels[qi]][Field(key, qi)];
    return s;
  }

  void Visit(const std::vector<Entry>& hist, std::vector<int>& levels, int last) {
    ++evaluated;
    uint64_t suppressed = 0;
    double kept_loss = 0, all_loss = 0;
    for (size_t i = 0; i < hist.size();) {
      const uint64_t cls = hist[i].first >> sbits;
      uint64_t count = 0;
      int distinct = 0;
      size_t j = i;
      for (; j < hist.size() && (hist[j].first >> sbits) == cls; ++j) {
        count += hist[j].second;
        ++distinct;
      }
      const double row_loss = RowLoss(hist[i].first, levels);
      all_loss += row_loss * static_cast<double>(count);
      if (count < static_cast<uint64_t>(opt.k) || distinct < opt.l) suppressed += count;
      else kept_loss += row_loss * static_cast<double>(count);
      i = j;
    }
    const double denom = static_cast<double>(n) * q;
    if (suppressed <= max_suppressed) {
      const double node_loss = (kept_loss + static_cast<double>(suppressed) * q) / denom;
      if (node_loss < best_loss - 1e-12) {
        best_loss = node_loss;
        best = levels;
        best_suppressed = suppressed;
      }
      if (suppressed == 0) return;  // every generalisation of this node loses more
    }
    if (all_loss / denom >= best_loss - 1e-12) return;  // lower bound for the whole subtree
    std::vector<Entry> child;
    for (int qi = std::max(last, 0); qi < q; ++qi) {
      if (levels[qi] >= max_level[qi]) continue;
      Rollup(hist, qi, levels[qi], child);
      ++levels[qi];
      Visit(child, levels, qi);
      --levels[qi];
    }
  }
};

int BitsFor(size_t values) { return values <= 1 ? 1 : std::bit_width(values - 1); }

}  // namespace

Result<KAnonymityResult> KAnonymise(const std::vector<uint32_t>& codes,
                                    const std::vector<Hierarchy>& hierarchies,
                                    const std::vector<uint32_t>& sensitive,
                                    const KAnonymityOptions& options) {
  const int q = static_cast<int>(hierarchies.size());
  if (q == 0 || q > 8) return Status::InvalidArgument("k-anonymity: between 1 and 8 quasi-identifiers");
  if (options.k < 1 || options.l < 1) return Status::InvalidArgument("k-anonymity: k and l must be at least 1");
  if (codes.size() % q != 0) return Status::InvalidArgument("k-anonymity: codes are not rows × quasi-identifiers");
  const size_t n = codes.size() / q;
  if (!sensitive.empty() && sensitive.size() != n)
    return Status::InvalidArgument("k-anonymity: one sensitive value per row");
  Engine e(hierarchies, options);
  e.q = q;
  uint32_t max_sensitive = 0;
  for (uint32_t s : sensitive) max_sensitive = std::max(max_sensitive, s);
  e.sbits = sensitive.empty() ? 0 : BitsFor(size_t{max_sensitive} + 1);
  int used = e.sbits;
  for (int qi = 0; qi < q; ++qi) {
    const Hierarchy& hq = hierarchies[qi];
    if (hq.levels.empty()) return Status::InvalidArgument("hierarchy " + hq.name + " has no level");
    const size_t domain = hq.levels[0].size();
    e.bits.push_back(BitsFor(domain));
    e.shift.push_back(used);
    used += e.bits.back();
    e.max_level.push_back(static_cast<int>(hq.levels.size()) - 1);
    std::vector<std::vector<uint32_t>> steps;
    std::vector<std::vector<double>> losses;
    for (size_t level = 0; level < hq.levels.size(); ++level) {
      if (hq.levels[level].size() != domain)
        return Status::InvalidArgument("hierarchy " + hq.name + ": every level must map every value");
      uint32_t groups = 0;
      for (uint32_t g : hq.levels[level]) groups = std::max(groups, g + 1);
      std::vector<double> leaves(groups, 0);
      for (uint32_t g : hq.levels[level]) leaves[g] += 1;
      for (double& l : leaves) l = domain > 1 ? (l - 1) / static_cast<double>(domain - 1) : 0;
      losses.push_back(std::move(leaves));
      if (level + 1 < hq.levels.size()) {
        std::vector<uint32_t> up(groups, UINT32_MAX);
        for (size_t c = 0; c < domain; ++c) {
          uint32_t& slot = up[hq.levels[level][c]];
          if (slot != UINT32_MAX && slot != hq.levels[level + 1][c])
            return Status::InvalidArgument("hierarchy " + hq.name + " is not nested at level " +
                                           std::to_string(level + 1));
          slot = hq.levels[level + 1][c];
        }
        for (uint32_t& s : up)
          if (s == UINT32_MAX) s = 0;
        steps.push_back(std::move(up));
      }
    }
    e.step.push_back(std::move(steps));
    e.loss.push_back(std::move(losses));
  }
  if (used > 64) return Status::InvalidArgument("k-anonymity: quasi-identifier domains too large (over 64 bits)");

  std::vector<Entry> bottom;
  bottom.reserve(n);
  for (size_t row = 0; row < n; ++row) {
    uint64_t key = sensitive.empty() ? 0 : sensitive[row];
    for (int qi = 0; qi < q; ++qi) {
      const uint32_t c = codes[row * q + qi];
      if (c >= hierarchies[qi].levels[0].size())
        return Status::InvalidArgument("k-anonymity: row " + std::to_string(row + 1) + ", " +
                                       hierarchies[qi].name + ": value outside the hierarchy");
      key |= uint64_t{hierarchies[qi].levels[0][c]} << e.shift[qi];
    }
    bottom.push_back({key, 1});
  }
  std::sort(bottom.begin(), bottom.end());
  size_t out = 0;
  for (size_t i = 0; i < bottom.size(); ++i) {
    if (out > 0 && bottom[out - 1].first == bottom[i].first) ++bottom[out - 1].second;
    else bottom[out++] = bottom[i];
  }
  bottom.resize(out);
  e.n = n;
  e.max_suppressed = static_cast<uint64_t>(options.max_suppressed_fraction * static_cast<double>(n));
  std::vector<int> levels(q, 0);
  if (n > 0) e.Visit(bottom, levels, -1);
  if (e.best.empty())
    return Status::FailedPrecondition("k-anonymity: no generalisation gives classes of " +
                                      std::to_string(options.k) + " rows with " +
                                      std::to_string(options.l) + " distinct forms (" +
                                      std::to_string(n) + " rows)");

  KAnonymityResult r;
  r.levels = e.best;
  r.information_loss = e.best_loss;
  r.nodes_evaluated = e.evaluated;
  // Mark the rows of the classes that violate k or l at the chosen node.
  std::vector<uint64_t> cls(n), full(n);
  for (size_t row = 0; row < n; ++row) {
    uint64_t key = 0;
    for (int qi = 0; qi < q; ++qi) {
      uint32_t g = hierarchies[qi].levels[r.levels[qi]][codes[row * q + qi]];
      key |= uint64_t{g} << e.shift[qi];
    }
    cls[row] = key;
    full[row] = key | (sensitive.empty() ? 0 : sensitive[row]);
  }
  std::vector<uint64_t> order(full);
  std::sort(order.begin(), order.end());
  std::map<uint64_t, std::pair<uint64_t, int>> stats;  // class -> (rows, distinct sensitive)
  for (size_t i = 0; i < order.size(); ++i) {
    auto& s = stats[order[i] >> e.sbits << e.sbits];
    ++s.first;
    if (i == 0 || order[i] != order[i - 1]) ++s.second;
  }
  r.suppressed.assign(n, false);
  for (size_t row = 0; row < n; ++row) {
    const auto& s = stats[cls[row]];
    if (s.first < static_cast<uint64_t>(options.k) || s.second < options.l) {
      r.suppressed[row] = true;
      ++r.suppressed_rows;
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// PersonRow microdata.

namespace {

// Builds a hierarchy from per-value group labels at each level; groups numbered in order of
// first appearance. The last level is always "*".
Hierarchy MakeHierarchy(std::string name, const std::vector<std::vector<std::string>>& labels_by_level) {
  Hierarchy h;
  h.name = std::move(name);
  const size_t domain = labels_by_level[0].size();
  for (const auto& level_labels : labels_by_level) {
    std::map<std::string, uint32_t> index;
    std::vector<uint32_t> map(domain);
    std::vector<std::string> labels;
    for (size_t c = 0; c < domain; ++c) {
      auto [it, inserted] = index.emplace(level_labels[c], static_cast<uint32_t>(labels.size()));
      if (inserted) labels.push_back(level_labels[c]);
      map[c] = it->second;
    }
    h.levels.push_back(std::move(map));
    h.labels.push_back(std::move(labels));
  }
  h.levels.push_back(std::vector<uint32_t>(domain, 0));
  h.labels.push_back({"*"});
  return h;
}

}  // namespace

Result<Microdata> ExportMicrodata(const std::vector<PersonRow>& rows, const KAnonymityOptions& options) {
  const CodeLists& codes = CodeLists::Default();
  // Sex.
  const std::vector<std::string> sexes = {"female", "male", "other", "unknown"};
  Hierarchy sex = MakeHierarchy("sex", {sexes});
  // Age: exact years 0..120, then "unknown" (code 121).
  std::vector<std::string> age0, age1, age2;
  for (int a = 0; a <= 120; ++a) {
    age0.push_back(std::to_string(a));
    age1.push_back(codes.AgeBandFor(a).label);
    age2.push_back(a < kAgeOfMajority ? "child" : "adult");
  }
  age0.push_back("unknown");
  age1.push_back("unknown");
  age2.push_back("unknown");
  Hierarchy age = MakeHierarchy("age", {age0, age1, age2});
  // Countries: code list order, then "unknown".
  std::vector<std::string> c0, c1, c2;
  std::map<std::string, uint32_t> country_code;
  for (const Country& c : codes.countries()) {
    country_code[c.alpha3] = static_cast<uint32_t>(c0.size());
    c0.push_back(c.alpha3);
    c1.push_back(c.subregion_m49.empty() ? "M49-none" : "M49-" + c.subregion_m49);
    c2.push_back(c.region_m49.empty() ? "M49-none" : "M49-" + c.region_m49);
  }
  const uint32_t unknown_country = static_cast<uint32_t>(c0.size());
  c0.push_back("unknown");
  c1.push_back("unknown");
  c2.push_back("unknown");
  Hierarchy citizenship = MakeHierarchy("citizenship", {c0, c1, c2});
  Hierarchy exploitation = MakeHierarchy("country_of_exploitation", {c0, c1, c2});
  // Years: the range in the data, then "unknown"; five-year periods 2020-2024.
  int min_year = 0, max_year = -1;
  for (const PersonRow& p : rows)
    if (p.year) {
      min_year = max_year < min_year ? *p.year : std::min(min_year, *p.year);
      max_year = std::max(max_year, *p.year);
    }
  std::vector<std::string> y0, y1;
  for (int y = min_year; y <= max_year; ++y) {
    y0.push_back(std::to_string(y));
    const int start = y - ((y % 5) + 5) % 5;
    y1.push_back(std::to_string(start) + "-" + std::to_string(start + 4));
  }
  y0.push_back("unknown");
  y1.push_back("unknown");
  Hierarchy year = MakeHierarchy("year", {y0, y1});
  std::vector<Hierarchy> hierarchies = {sex, age, citizenship, exploitation, year};

  auto country_of = [&](const std::string& code) -> uint32_t {
    if (code.empty()) return unknown_country;
    const Country* c = codes.FindCountry(code);
    if (!c) return unknown_country;
    return country_code[c->alpha3];
  };
  std::vector<uint32_t> qi;
  std::vector<uint32_t> sensitive;
  std::vector<std::string> form_text;
  std::map<std::string, uint32_t> form_index;
  qi.reserve(rows.size() * hierarchies.size());
  for (const PersonRow& p : rows) {
    qi.push_back(p.sex == Sex::kFemale ? 0 : p.sex == Sex::kMale ? 1 : p.sex == Sex::kOther ? 2 : 3);
    qi.push_back(p.age && *p.age >= 0 ? static_cast<uint32_t>(std::min(*p.age, 120)) : 121);
    qi.push_back(country_of(p.citizenship));
    qi.push_back(country_of(p.country_of_exploitation));
    qi.push_back(p.year ? static_cast<uint32_t>(*p.year - min_year) : static_cast<uint32_t>(y0.size() - 1));
    std::string forms;
    for (const std::string& f : internal::BoundedForms(p, 0)) { forms += forms.empty() ? "" : ";"; forms += f; }
    auto [it, inserted] = form_index.emplace(forms, static_cast<uint32_t>(form_index.size()));
    sensitive.push_back(it->second);
    form_text.push_back(forms);
  }
  PALERMO_ASSIGN_OR_RETURN(KAnonymityResult result, KAnonymise(qi, hierarchies, sensitive, options));
  Microdata md;
  md.header = {"sex", "age", "citizenship", "country_of_exploitation", "year", "forms"};
  const size_t q = hierarchies.size();
  for (size_t row = 0; row < rows.size(); ++row) {
    if (result.suppressed[row]) continue;
    std::vector<std::string> line;
    for (size_t i = 0; i < q; ++i) {
      const Hierarchy& h = hierarchies[i];
      const int level = result.levels[i];
      line.push_back(h.labels[level][h.levels[level][qi[row * q + i]]]);
    }
    line.push_back(form_text[row]);
    md.rows.push_back(std::move(line));
  }
  std::sort(md.rows.begin(), md.rows.end());  // no trace of input order
  md.result = std::move(result);
  return md;
}

}  // namespace palermo::publish
