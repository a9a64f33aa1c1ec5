// SPDX-License-Identifier: AGPL-3.0-or-later
// k-anonymity and l-diversity by optimal full-domain generalisation.
//
// The search space is the generalisation lattice (one level per quasi-identifier); its optimum
// is the node of least information loss (Iyengar 2002, "LM"; a removed row counts as fully
// generalised) whose classes have at least k rows and l distinct sensitive values once at most
// `max_suppressed_fraction` of the rows are removed. The search is exact, in the spirit of OLA
// (El Emam et al. 2009) and Flash (Kohlmayer et al. 2012):
//
//  * Rows are encoded once. Each quasi-identifier's values are renumbered in the depth-first
//    order of its hierarchy, so that every group at every level is a contiguous range of codes,
//    and per-level maps (code -> group) are precomputed. Rows are collapsed into a histogram of
//    distinct packed keys (sensitive value in the low bits), then copied ordered by the code of
//    one of the widest quasi-identifiers ("lead"): the classes of any node never straddle two
//    groups of the lead at that node's level, so a node is checked one group ("partition") at a
//    time with a small hash table, the smallest partitions (where the rare, suppressed values
//    live) first.
//  * Monotonicity (predictive tagging): the rows removed at a node are a superset of those
//    removed at any generalisation of it (classes only merge, and a merged class has at least
//    as many rows and distinct sensitive values), so if a node removes more than the budget,
//    so do all its specialisations. A check stops as soon as the removed rows pass the budget.
//  * Bound: the loss of a node is at least LB(node), the loss every row would have if none were
//    removed (a removed row costs the maximum, 1 per quasi-identifier). LB is separable, the sum
//    over quasi-identifiers of the mean loss at that level, so it is known for every node
//    without looking at the rows, and only nodes with LB below the best loss found need a look.
//
// The search first descends greedily from the top (always-feasible end) of the lattice to get a
// good incumbent, then visits the remaining nodes whose LB is below the incumbent from the most
// to the least generalised, tagging a node infeasible without a look when one of its direct
// generalisations is. Every node whose loss could beat the result is either checked or proved
// infeasible, so the result is the optimum over the whole lattice.
#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

constexpr uint64_t kOccupied = uint64_t{1} << 63;
// Losses closer than this are equal (they are sums of the same terms in different orders).
constexpr double kTie = 1e-12;

// Open-addressing table from 63-bit keys to (count, distinct), linear probing, reused across
// checks; Reset clears only the slots it will use.
class CountTable {
 public:
  void Reset(size_t expected) {
    bits_ = 4;
    while ((size_t{1} << bits_) < 2 * expected + 2) ++bits_;
    const size_t cap = size_t{1} << bits_;
    if (key_.size() < cap) {
      key_.resize(cap);
      count_.resize(cap);
      distinct_.resize(cap);
    }
    mask_ = cap - 1;
    std::fill_n(key_.begin(), cap, 0);
  }
  // Adds `count` rows to `key`; returns true when the key is new.
  bool Add(uint64_t key, uint64_t count) {
    const size_t slot = Slot(key | kOccupied);
    if (key_[slot]) {
      count_[slot] += count;
      return false;
    }
    key_[slot] = key | kOccupied;
    count_[slot] = count;
    distinct_[slot] = 0;
    return true;
  }
  // Adds `count` rows and one distinct sensitive value to `key`.
  void AddDistinct(uint64_t key, uint64_t count) {
    const size_t slot = Slot(key | kOccupied);
    if (!key_[slot]) {
      key_[slot] = key | kOccupied;
      count_[slot] = 0;
      distinct_[slot] = 0;
    }
    count_[slot] += count;
    ++distinct_[slot];
  }
  // Calls f(key, count, distinct) for every key.
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t s = 0; s <= mask_; ++s)
      if (key_[s]) f(key_[s] & ~kOccupied, count_[s], distinct_[s]);
  }
  // The slot's (count, distinct) of a key present in the table.
  std::pair<uint64_t, uint64_t> Get(uint64_t key) const {
    const size_t slot = Slot(key | kOccupied);
    return {count_[slot], distinct_[slot]};
  }

 private:
  size_t Slot(uint64_t tagged) const {
    size_t s = static_cast<size_t>((tagged * 0x9E3779B97F4A7C15ULL) >> (64 - bits_));
    while (key_[s] && key_[s] != tagged) s = (s + 1) & mask_;
    return s;
  }
  int bits_ = 4;
  size_t mask_ = 15;
  std::vector<uint64_t> key_, count_, distinct_;
};

// l-diversity per form (KAnonymityOptions::sensitive_sets): the sensitive code of a row is
// a set of forms, and a class is diverse when at least l - 1 of its rows have a recorded form
// and every form present in the class is absent from at least l - 1 of those rows. An empty
// set ("not recorded") is no value: it never makes a class diverse. Monotone, as the search
// needs: if a class is diverse, so is its union with any other (a form absent from the
// diverse class is absent from all its >= l - 1 recorded rows).
class FormDiversity {
 public:
  FormDiversity(const std::vector<uint64_t>& sets, int l) : sets_(sets), l_(static_cast<uint64_t>(l)) {}

  // Groups the (class << sbits | sensitive, count) entries of `pairs` by class and calls
  // f(class, rows, diverse) once per class.
  template <typename F>
  void ForEachClass(const CountTable& pairs, int sbits, F&& f) {
    const uint64_t sens_mask = (uint64_t{1} << sbits) - 1;
    entries_.clear();
    pairs.ForEach([&](uint64_t k, uint64_t count, uint64_t) { entries_.push_back({k >> sbits, k & sens_mask, count}); });
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.cls < b.cls; });
    for (size_t begin = 0; begin < entries_.size();) {
      size_t end = begin;
      uint64_t rows = 0, recorded = 0, present = 0;
      for (; end < entries_.size() && entries_[end].cls == entries_[begin].cls; ++end) {
        const uint64_t set = sets_[entries_[end].sensitive];
        rows += entries_[end].count;
        if (set) recorded += entries_[end].count;
        present |= set;
      }
      bool diverse = recorded + 1 >= l_;
      for (uint64_t bits = present; diverse && bits; bits &= bits - 1) {
        const uint64_t bit = bits & (~bits + 1);
        uint64_t with = 0;
        for (size_t e = begin; e < end; ++e)
          if (sets_[entries_[e].sensitive] & bit) with += entries_[e].count;
        diverse = recorded - with + 1 >= l_;
      }
      f(entries_[begin].cls, rows, diverse);
      begin = end;
    }
  }

 private:
  struct Entry {
    uint64_t cls, sensitive, count;
  };
  const std::vector<uint64_t>& sets_;
  uint64_t l_;
  std::vector<Entry> entries_;
};

// One quasi-identifier, recoded in the depth-first order of its hierarchy.
struct Qi {
  std::vector<uint32_t> recode;                  // input code -> DFS code
  std::vector<std::vector<uint32_t>> group;      // [level][DFS code] -> group (contiguous)
  std::vector<std::vector<double>> loss;         // [level][group] = (leaves - 1) / (domain - 1)
  std::vector<double> mean_loss;                 // [level] mean over the rows
  int shift = 0, bits = 0, max_level = 0;
};

// The bottom histogram ordered by one quasi-identifier's code.
struct Copy {
  int lead = 0;
  std::vector<uint64_t> key;
  std::vector<uint32_t> count;
  // [level of lead] -> partition ranges [begin, end), smallest first.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> parts;
};

struct Check {
  bool feasible = false;
  uint64_t suppressed = 0;  // exact when feasible; > budget otherwise
  double loss = 0;          // exact when feasible
};

class Search {
 public:
  Search(const std::vector<Qi>& qis, int sbits, const KAnonymityOptions& options, uint64_t n,
         const std::vector<uint64_t>& sets)
      : qi_(qis), q_(static_cast<int>(qi_.size())), sbits_(sbits), opt_(options), n_(n), per_form_(!sets.empty()),
        forms_(sets, options.l) {
    budget_ = static_cast<uint64_t>(options.max_suppressed_fraction * static_cast<double>(n));
    radix_.resize(q_);
    nodes_ = 1;
    for (int i = 0; i < q_; ++i) {
      radix_[i] = nodes_;
      nodes_ *= static_cast<size_t>(qi_[i].max_level + 1);
    }
  }

  // `bottom` holds distinct packed keys and their row counts.
  void SetBottom(const std::vector<uint64_t>& key, const std::vector<uint32_t>& count) {
    // Leads: up to three of the widest quasi-identifiers with more than one value.
    std::vector<int> order(q_);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return qi_[a].group[0].size() > qi_[b].group[0].size(); });
    for (int lead : order) {
      if (copies_.size() == 3 || qi_[lead].group[0].size() < 2) break;
      copies_.push_back(MakeCopy(lead, key, count));
    }
    if (copies_.empty()) {
      Copy c;
      c.lead = 0;
      c.key = key;
      c.count = count;
      for (int level = 0; level <= qi_[0].max_level; ++level)
        c.parts.push_back({{0, static_cast<uint32_t>(key.size())}});
      copies_.push_back(std::move(c));
    }
  }

  int Level(size_t node, int qi) const {
    return static_cast<int>(node / radix_[qi] % static_cast<size_t>(qi_[qi].max_level + 1));
  }
  double LowerBound(size_t node) const {
    double s = 0;
    for (int i = 0; i < q_; ++i) s += qi_[i].mean_loss[Level(node, i)];
    return s / q_;
  }

  // Runs the search; false when not even the top of the lattice qualifies.
  bool Run() {
    state_.assign(nodes_, kUnknown);
    loss_.assign(nodes_, 0);
    const size_t top = nodes_ - 1;
    const Check t = Evaluate(top);
    if (!t.feasible) return false;
    Accept(top, t);
    // Greedy descent: move to the direct specialisation of least loss while one qualifies.
    size_t cur = top;
    for (;;) {
      size_t next = nodes_;
      double next_loss = 0;
      for (int i = 0; i < q_; ++i) {
        if (Level(cur, i) == 0) continue;
        const size_t y = cur - radix_[i];
        if (state_[y] == kInfeasible) continue;
        Check c;
        if (state_[y] == kFeasible) {
          c = {true, 0, loss_[y]};
        } else {
          c = Evaluate(y);
          if (!c.feasible) continue;
          Accept(y, c);
        }
        if (next == nodes_ || c.loss < next_loss) {
          next = y;
          next_loss = c.loss;
        }
      }
      if (next == nodes_) break;
      cur = next;
    }
    // Every other node that could beat the incumbent, by decreasing height (sum of levels), so
    // that a node's direct generalisations are settled before it.
    std::vector<std::vector<size_t>> by_height;
    for (size_t node = 0; node < nodes_; ++node) {
      const int h = Height(node);
      if (static_cast<size_t>(h) >= by_height.size()) by_height.resize(h + 1);
      by_height[h].push_back(node);
    }
    for (size_t h = by_height.size(); h-- > 0;) {
      for (size_t node : by_height[h]) {
        if (state_[node] != kUnknown) continue;
        if (LowerBound(node) > best_loss_ + kTie) continue;  // cannot beat or tie the best
        bool tagged = false;
        for (int i = 0; i < q_ && !tagged; ++i)
          if (Level(node, i) < qi_[i].max_level && state_[node + radix_[i]] == kInfeasible) tagged = true;
        if (tagged) {
          state_[node] = kInfeasible;
          continue;
        }
        const Check c = Evaluate(node);
        if (c.feasible) Accept(node, c);
      }
    }
    return true;
  }

  std::vector<int> BestLevels() const {
    std::vector<int> levels(q_);
    for (int i = 0; i < q_; ++i) levels[i] = Level(best_, i);
    return levels;
  }
  double best_loss() const { return best_loss_; }
  int64_t evaluated() const { return evaluated_; }

 private:
  enum State : uint8_t { kUnknown, kFeasible, kInfeasible };

  int Height(size_t node) const {
    int h = 0;
    for (int i = 0; i < q_; ++i) h += Level(node, i);
    return h;
  }

  // Ties (equal loss, as when a level merges no value present) go to the least generalised
  // node, then the smallest node number, so the result does not depend on the visiting order.
  void Accept(size_t node, const Check& c) {
    loss_[node] = c.loss;
    const bool tie = std::abs(c.loss - best_loss_) <= kTie;
    if (c.loss < best_loss_ - kTie ||
        (tie && (Height(node) < Height(best_) || (Height(node) == Height(best_) && node < best_)))) {
      best_loss_ = c.loss;
      best_ = node;
    }
  }

  Copy MakeCopy(int lead, const std::vector<uint64_t>& key, const std::vector<uint32_t>& count) const {
    const Qi& p = qi_[lead];
    const size_t domain = p.group[0].size();
    auto field = [&](uint64_t k) { return static_cast<uint32_t>((k >> p.shift) & ((uint64_t{1} << p.bits) - 1)); };
    // Counting sort by the lead's code.
    std::vector<uint32_t> start(domain + 1, 0);
    for (uint64_t k : key) ++start[field(k) + 1];
    for (size_t c = 0; c < domain; ++c) start[c + 1] += start[c];
    Copy copy;
    copy.lead = lead;
    copy.key.resize(key.size());
    copy.count.resize(key.size());
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (size_t e = 0; e < key.size(); ++e) {
      const uint32_t pos = at[field(key[e])]++;
      copy.key[pos] = key[e];
      copy.count[pos] = count[e];
    }
    for (int level = 0; level <= p.max_level; ++level) {
      std::vector<std::pair<uint32_t, uint32_t>> parts;
      size_t c = 0;
      while (c < domain) {
        size_t d = c + 1;
        while (d < domain && p.group[level][d] == p.group[level][c]) ++d;
        if (start[d] > start[c]) parts.push_back({start[c], start[d]});
        c = d;
      }
      std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
        return a.second - a.first < b.second - b.first;
      });
      copy.parts.push_back(std::move(parts));
    }
    return copy;
  }

  // Rows removed at `node` and its exact loss; stops early (infeasible) once the removed rows
  // pass the budget. Records the outcome in state_.
  Check Evaluate(size_t node) {
    ++evaluated_;
    // The copy whose lead splits this node into the most partitions.
    const Copy* copy = &copies_[0];
    for (const Copy& c : copies_)
      if (c.parts[Level(node, c.lead)].size() > copy->parts[Level(node, copy->lead)].size()) copy = &c;
    struct Active {
      int shift, bits;
      const uint32_t* map;
    };
    std::vector<Active> active;
    std::vector<const double*> loss(q_);
    for (int i = 0; i < q_; ++i) {
      const int level = Level(node, i);
      loss[i] = qi_[i].loss[level].data();
      if (level < qi_[i].max_level) active.push_back({qi_[i].shift, qi_[i].bits, qi_[i].group[level].data()});
    }
    const uint64_t sens_mask = (uint64_t{1} << sbits_) - 1;
    Check out;
    double removed_loss = 0;  // sum over removed rows of (q - row loss)
    for (const auto& [begin, end] : copy->parts[Level(node, copy->lead)]) {
      pairs_.Reset(end - begin);
      for (uint32_t e = begin; e < end; ++e) {
        const uint64_t k = copy->key[e];
        uint64_t g = k & sens_mask;
        for (const Active& a : active)
          g |= uint64_t{a.map[(k >> a.shift) & ((uint64_t{1} << a.bits) - 1)]} << a.shift;
        pairs_.Add(g, copy->count[e]);
      }
      auto on_class = [&](uint64_t cls, uint64_t count, bool diverse) {
        if (count >= static_cast<uint64_t>(opt_.k) && diverse) return;
        out.suppressed += count;
        const uint64_t k = cls << sbits_;
        double row_loss = 0;
        for (int i = 0; i < q_; ++i) row_loss += loss[i][(k >> qi_[i].shift) & ((uint64_t{1} << qi_[i].bits) - 1)];
        removed_loss += static_cast<double>(count) * (q_ - row_loss);
      };
      if (sbits_ > 0 && per_form_) {
        forms_.ForEachClass(pairs_, sbits_, on_class);
      } else if (sbits_ > 0) {
        classes_.Reset(end - begin);
        pairs_.ForEach([&](uint64_t k, uint64_t count, uint64_t) { classes_.AddDistinct(k >> sbits_, count); });
        classes_.ForEach([&](uint64_t cls, uint64_t count, uint64_t distinct) {
          on_class(cls, count, distinct >= static_cast<uint64_t>(opt_.l));
        });
      } else {
        pairs_.ForEach([&](uint64_t cls, uint64_t count, uint64_t) { on_class(cls, count, true); });
      }
      if (out.suppressed > budget_) {
        state_[node] = kInfeasible;
        return out;
      }
    }
    out.feasible = true;
    out.loss = LowerBound(node) + removed_loss / (static_cast<double>(n_) * q_);
    state_[node] = kFeasible;
    return out;
  }

  const std::vector<Qi>& qi_;
  int q_;
  int sbits_;
  const KAnonymityOptions& opt_;
  uint64_t n_;
  uint64_t budget_ = 0;
  std::vector<size_t> radix_;
  size_t nodes_ = 1;
  std::vector<Copy> copies_;
  std::vector<State> state_;
  std::vector<double> loss_;  // of feasible nodes
  CountTable pairs_, classes_;
  bool per_form_;
  FormDiversity forms_;
  double best_loss_ = 2;
  size_t best_ = 0;
  int64_t evaluated_ = 0;
};

int BitsFor(size_t values) { return values <= 1 ? 1 : std::bit_width(values - 1); }

}  // namespace

Result<KAnonymityResult> KAnonymise(const std::vector<uint32_t>& codes,
                                    const std::vector<Hierarchy>& hierarchies,
                                    const std::vector<uint32_t>& sensitive,
                                    const KAnonymityOptions& options,
                                    const std::vector<uint64_t>& sensitive_sets) {
  const int q = static_cast<int>(hierarchies.size());
  if (q == 0 || q > 8) return Status::InvalidArgument("k-anonymity: between 1 and 8 quasi-identifiers");
  if (options.k < 1 || options.l < 1) return Status::InvalidArgument("k-anonymity: k and l must be at least 1");
  if (codes.size() % q != 0) return Status::InvalidArgument("k-anonymity: codes are not rows × quasi-identifiers");
  const size_t n = codes.size() / q;
  if (!sensitive.empty() && sensitive.size() != n)
    return Status::InvalidArgument("k-anonymity: one sensitive value per row");
  if (n > UINT32_MAX) return Status::InvalidArgument("k-anonymity: more than 2^32 rows");
  uint32_t max_sensitive = 0;
  for (uint32_t s : sensitive) max_sensitive = std::max(max_sensitive, s);
  if (!sensitive_sets.empty() && !sensitive.empty() && max_sensitive >= sensitive_sets.size())
    return Status::InvalidArgument("k-anonymity: a sensitive code has no set of forms");
  // With l = 1 the sensitive value plays no part: leave it out of the keys.
  const bool use_sensitive = !sensitive.empty() && options.l > 1;
  const int sbits = use_sensitive ? BitsFor(size_t{max_sensitive} + 1) : 0;
  int used = sbits;
  std::vector<Qi> qis(q);
  for (int i = 0; i < q; ++i) {
    const Hierarchy& hq = hierarchies[i];
    if (hq.levels.empty()) return Status::InvalidArgument("hierarchy " + hq.name + " has no level");
    const size_t domain = hq.levels[0].size();
    const int top = static_cast<int>(hq.levels.size()) - 1;
    for (const auto& level : hq.levels)
      if (level.size() != domain)
        return Status::InvalidArgument("hierarchy " + hq.name + ": every level must map every value");
    // Nesting: each level's group lies within one group of the next level.
    for (int level = 0; level < top; ++level) {
      std::map<uint32_t, uint32_t> up;
      for (size_t c = 0; c < domain; ++c) {
        auto [it, inserted] = up.emplace(hq.levels[level][c], hq.levels[level + 1][c]);
        if (!inserted && it->second != hq.levels[level + 1][c])
          return Status::InvalidArgument("hierarchy " + hq.name + " is not nested at level " +
                                         std::to_string(level + 1));
      }
    }
    Qi& x = qis[i];
    x.max_level = top;
    x.bits = BitsFor(domain);
    x.shift = used;
    used += x.bits;
    // Depth-first order: by the group path from the top level down, then the code.
    std::vector<uint32_t> order(domain);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      for (int level = top; level >= 0; --level)
        if (hq.levels[level][a] != hq.levels[level][b]) return hq.levels[level][a] < hq.levels[level][b];
      return a < b;
    });
    x.recode.resize(domain);
    for (size_t pos = 0; pos < domain; ++pos) x.recode[order[pos]] = static_cast<uint32_t>(pos);
    for (int level = 0; level <= top; ++level) {
      // Groups renumbered densely in DFS order; the loss counts the leaves under each group.
      std::vector<uint32_t> map(domain);
      std::vector<double> leaves;
      for (size_t pos = 0; pos < domain; ++pos) {
        const uint32_t c = order[pos];
        if (pos == 0 || hq.levels[level][c] != hq.levels[level][order[pos - 1]]) leaves.push_back(0);
        map[pos] = static_cast<uint32_t>(leaves.size() - 1);
        leaves.back() += 1;
      }
      for (double& l : leaves) l = domain > 1 ? (l - 1) / static_cast<double>(domain - 1) : 0;
      x.group.push_back(std::move(map));
      x.loss.push_back(std::move(leaves));
    }
  }
  if (used > 63) return Status::InvalidArgument("k-anonymity: quasi-identifier domains too large (over 63 bits)");
  double lattice = 1;
  for (const Qi& x : qis) lattice *= x.max_level + 1;
  if (lattice > double{1 << 24})
    return Status::InvalidArgument("k-anonymity: the generalisation lattice has more than 2^24 nodes");

  // Encode every row once; mean loss per quasi-identifier and level from value frequencies.
  std::vector<uint64_t> keys(n);
  std::vector<std::vector<uint64_t>> freq(q);
  for (int i = 0; i < q; ++i) freq[i].assign(qis[i].group[0].size(), 0);
  for (size_t row = 0; row < n; ++row) {
    uint64_t key = use_sensitive ? sensitive[row] : 0;
    for (int i = 0; i < q; ++i) {
      const uint32_t c = codes[row * q + i];
      if (c >= qis[i].recode.size())
        return Status::InvalidArgument("k-anonymity: row " + std::to_string(row + 1) + ", " +
                                       hierarchies[i].name + ": value outside the hierarchy");
      const uint32_t r = qis[i].recode[c];
      ++freq[i][r];
      key |= uint64_t{r} << qis[i].shift;
    }
    keys[row] = key;
  }
  for (int i = 0; i < q; ++i) {
    for (int level = 0; level <= qis[i].max_level; ++level) {
      double s = 0;
      for (size_t c = 0; c < freq[i].size(); ++c)
        s += static_cast<double>(freq[i][c]) * qis[i].loss[level][qis[i].group[level][c]];
      qis[i].mean_loss.push_back(n > 0 ? s / static_cast<double>(n) : 0);
    }
  }
  std::vector<uint64_t> sorted(keys);
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint64_t> bottom_key;
  std::vector<uint32_t> bottom_count;
  for (size_t e = 0; e < sorted.size(); ++e) {
    if (e > 0 && sorted[e] == sorted[e - 1]) {
      ++bottom_count.back();
    } else {
      bottom_key.push_back(sorted[e]);
      bottom_count.push_back(1);
    }
  }
  sorted = {};

  Search search(qis, sbits, options, n, sensitive_sets);
  search.SetBottom(bottom_key, bottom_count);
  if (n == 0 || !search.Run())
    return Status::FailedPrecondition("k-anonymity: no generalisation gives classes of " +
                                      std::to_string(options.k) + " rows with " +
                                      std::to_string(options.l) + " distinct forms (" +
                                      std::to_string(n) + " rows)");

  KAnonymityResult r;
  r.levels = search.BestLevels();
  r.information_loss = search.best_loss();
  r.nodes_evaluated = search.evaluated();
  // Mark the rows of the classes that violate k or l at the chosen node.
  const uint64_t sens_mask = (uint64_t{1} << sbits) - 1;
  for (uint64_t& key : keys) {
    uint64_t g = key & sens_mask;
    for (int i = 0; i < q; ++i) {
      const uint32_t c = static_cast<uint32_t>((key >> qis[i].shift) & ((uint64_t{1} << qis[i].bits) - 1));
      g |= uint64_t{qis[i].group[r.levels[i]][c]} << qis[i].shift;
    }
    key = g;
  }
  CountTable pairs, classes;
  pairs.Reset(n);
  for (uint64_t key : keys) pairs.Add(key, 1);
  classes.Reset(n);
  pairs.ForEach([&](uint64_t key, uint64_t count, uint64_t) { classes.AddDistinct(key >> sbits, count); });
  std::set<uint64_t> not_diverse;  // classes failing per-form l-diversity
  if (sbits > 0 && !sensitive_sets.empty()) {
    FormDiversity forms(sensitive_sets, options.l);
    forms.ForEachClass(pairs, sbits, [&](uint64_t cls, uint64_t, bool diverse) {
      if (!diverse) not_diverse.insert(cls);
    });
  }
  r.suppressed.assign(n, false);
  for (size_t row = 0; row < n; ++row) {
    const auto [count, distinct] = classes.Get(keys[row] >> sbits);
    const bool diverse = sensitive_sets.empty() ? distinct >= static_cast<uint64_t>(options.l)
                                                        : !not_diverse.count(keys[row] >> sbits);
    if (count < static_cast<uint64_t>(options.k) || (sbits > 0 && !diverse)) {
      r.suppressed[row] = true;
      ++r.suppressed_rows;
    }
  }
  return r;
}

}  // namespace palermo::publish
