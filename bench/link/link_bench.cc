// SPDX-License-Identifier: AGPL-3.0-or-later
// palermo_link_bench: accuracy of palermo link on public benchmark data and its speed, each
// figure printed beside a published reference. Run through bench/link/run.sh.
//
//   palermo_link_bench [--data DIR] [--records N] [--threads T] [--only accuracy|speed]
//                      [--case NAME]   (accuracy of the data sets whose name contains NAME)
//
// Accuracy: FEBRL 1–4 (Christen; FEBRL4 = dataset4a × dataset4b), Splink fake_1000 and
// historical_50k (ground truth rules in DIR/README.md), all with the SAME LinkOptions
// (defaults); only the column-to-role mapping differs per data set. Speed: pairs scored per
// second on one core, Dice comparisons per second on one core (1024-bit CLKs), and an
// end-to-end link of N synthetic records from 5 agencies (generated here, deterministic).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "link/link.h"

namespace {

using namespace palermo;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the calling thread: the per-core figures divide by it, so that other processes
// sharing the machine do not lower them (the wall-clock rate is printed beside it).
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Scores {
  double precision = 0, recall = 0, f1 = 0;
};

Scores F1(double tp, double predicted, double truth) {
  Scores s;
  s.precision = predicted > 0 ? tp / predicted : 1;
  s.recall = truth > 0 ? tp / truth : 1;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

// Pairwise scores of predicted clusters against true entities (pairs implied by clusters).
Scores PairScores(const std::vector<uint32_t>& predicted, const std::vector<std::string>& truth) {
  std::map<uint32_t, std::vector<size_t>> by_cluster;
  for (size_t i = 0; i < predicted.size(); ++i) by_cluster[predicted[i]].push_back(i);
  double tp = 0, pred = 0;
  for (const auto& [id, members] : by_cluster) {
    pred += static_cast<double>(members.size()) * static_cast<double>(members.size() - 1) / 2;
    std::unordered_map<std::string, double> counts;
    for (size_t i : members) counts[truth[i]] += 1;
    for (const auto& [t, c] : counts) tp += c * (c - 1) / 2;
  }
  std::unordered_map<std::string, double> true_sizes;
  for (const auto& t : truth) true_sizes[t] += 1;
  double true_pairs = 0;
  for (const auto& [t, c] : true_sizes) true_pairs += c * (c - 1) / 2;
  return F1(tp, pred, true_pairs);
}

// Cluster-level scores: a predicted cluster counts when it equals a true entity exactly.
Scores ClusterScores(const std::vector<uint32_t>& predicted, const std::vector<std::string>& truth) {
  std::map<uint32_t, std::set<size_t>> p;
  std::map<std::string, std::set<size_t>> t;
  for (size_t i = 0; i < predicted.size(); ++i) {
    p[predicted[i]].insert(i);
    t[truth[i]].insert(i);
  }
  std::set<std::set<size_t>> true_sets;
  for (auto& [k, s] : t) true_sets.insert(s);
  double exact = 0;
  for (auto& [k, s] : p) exact += true_sets.count(s);
  return F1(exact, static_cast<double>(p.size()), static_cast<double>(t.size()));
}

struct Loaded {
  std::vector<link::SourceTable> tables;
  std::vector<std::string> truth;  // per record in dataset order
};

// Reads files with a mapping; truth from `truth_column` through `truth_of`.
bool Load(const std::string& dir, const std::vector<std::string>& files, const std::string& map,
          const std::string& truth_column, std::string (*truth_of)(const std::string&),
          Loaded& out) {
  Result<link::Mapping> mapping = link::ParseMapping(map, "bench mapping");
  if (!mapping.ok()) {
    std::printf("  mapping: %s\n", mapping.status().ToString().c_str());
    return false;
  }
  for (const std::string& file : files) {
    Result<link::InputFile> in = link::ReadInputFile(dir + "/" + file, *mapping);
    if (!in.ok()) {
      std::printf("  %s: %s (skipped)\n", file.c_str(), in.status().ToString().c_str());
      return false;
    }
    size_t col = 0;
    for (size_t c = 0; c < in->table.header.size(); ++c)
      if (in->table.header[c] == truth_column) col = c;
    for (const auto& row : in->table.rows) out.truth.push_back(truth_of(row[col]));
    out.tables.push_back(std::move(in->table));
  }
  return true;
}

std::string FebrlEntity(const std::string& id) {
  // rec-<N>-org / rec-<N>-dup-<k>
  const size_t a = id.find('-');
  const size_t b = id.find('-', a + 1);
  return id.substr(a + 1, b - a - 1);
}
std::string Same(const std::string& v) { return v; }

void PrintScores(const char* what, const Scores& s, const char* reference) {
  std::printf("  %-34s P %.4f  R %.4f  F1 %.4f   | reference: %s\n", what, s.precision,
              s.recall, s.f1, reference);
}

// Blocking recall: share of true pairs that are candidate pairs.
double BlockingRecall(const link::Dataset& data, const std::vector<std::string>& truth,
                      const link::BlockingOptions& options) {
  std::unordered_map<std::string, std::vector<uint32_t>> members;
  for (uint32_t i = 0; i < truth.size(); ++i) members[truth[i]].push_back(i);
  double true_pairs = 0;
  for (auto& [k, v] : members) true_pairs += static_cast<double>(v.size() * (v.size() - 1) / 2);
  std::vector<uint64_t> found_local;
  std::mutex mutex;
  double found = 0;
  link::ForEachCandidatePair(data, options, 1, [&](int, uint32_t a, uint32_t b) {
    if (truth[a] == truth[b]) found += 1;
  });
  return true_pairs > 0 ? found / true_pairs : 1;
}

// `only_case`: when not empty, only the data sets whose name contains it (and PPRL only when
// it is part of "PPRL FEBRL4").
void RunAccuracy(const std::string& dir, int threads, const std::string& only_case) {
  std::printf("== Accuracy (same options for every data set: threshold %.2f) ==\n",
              link::LinkOptions().threshold);
  const std::string febrl_map =
      R"({"*": {"rec_id": "record_id", "given_name": "given_name", "surname": "family_name",
        "street_number": "address", "address_1": "address", "suburb": "city",
        "postcode": "postcode", "date_of_birth": "birth_date", "soc_sec_id": "document_number"}})";
  struct Case {
    const char* name;
    std::vector<std::string> files;
    std::string map;
    std::string truth_column;
    std::string (*truth_of)(const std::string&);
    const char* reference;
    bool cluster_level;
  };
  const std::vector<Case> cases = {
      {"FEBRL dataset1", {"febrl/dataset1.csv"}, febrl_map, "rec_id", FebrlEntity,
       "goal F1 >= 0.995", false},
      {"FEBRL dataset2", {"febrl/dataset2.csv"}, febrl_map, "rec_id", FebrlEntity,
       "goal F1 >= 0.995", false},
      {"FEBRL dataset3", {"febrl/dataset3.csv"}, febrl_map, "rec_id", FebrlEntity,
       "goal F1 >= 0.995", false},
      {"FEBRL4 (4a x 4b)", {"febrl/dataset4a.csv", "febrl/dataset4b.csv"}, febrl_map, "rec_id",
       FebrlEntity, "anonlink P 1.000 R 0.992; goal F1 >= 0.995", false},
      {"Splink fake_1000", {"splink/fake_1000.csv"},
       R"({"*": {"unique_id": "record_id", "first_name": "given_name", "surname": "family_name",
          "dob": "birth_date", "city": "city", "email": "email"}})",
       "cluster", Same, "Splink ~0.89; goal >= 0.95", true},
      {"Splink historical_50k", {"splink/historical_50k.csv"},
       R"({"*": {"unique_id": "record_id", "first_name": "given_name", "surname": "family_name",
          "dob": "birth_date", "birth_place": "city", "postcode_fake": "postcode",
          "gender": "sex"}})",
       "cluster", Same, "Splink ~0.75; goal F1 >= 0.85", false},
  };
  for (const Case& c : cases) {
    if (!only_case.empty() && std::string(c.name).find(only_case) == std::string::npos) continue;
    std::printf("%s\n", c.name);
    Loaded loaded;
    if (!Load(dir, c.files, c.map, c.truth_column, c.truth_of, loaded)) continue;
    link::LinkOptions options;
    options.threads = threads;
    const auto start = Clock::now();
    Result<link::LinkResult> r = link::LinkTables(loaded.tables, options);
    if (!r.ok()) {
      std::printf("  error: %s\n", r.status().ToString().c_str());
      continue;
    }
    const double seconds = Seconds(start);
    PrintScores("pairs (from clusters)", PairScores(r->clusters.cluster_of, loaded.truth),
                c.cluster_level ? "-" : c.reference);
    if (c.cluster_level) {
      PrintScores("clusters (pairwise, cluster-level)", PairScores(r->clusters.cluster_of, loaded.truth),
                  c.reference);
      PrintScores("clusters (exact match)", ClusterScores(r->clusters.cluster_of, loaded.truth), "-");
    }
    std::printf("  records %zu, candidate pairs %llu, blocking recall %.4f, review %zu, %.2f s\n",
                r->stats.records, static_cast<unsigned long long>(r->stats.scored_pairs),
                BlockingRecall(r->data, loaded.truth, options.blocking), r->review.size(), seconds);
    std::printf("  new candidate pairs by blocking rule:");
    for (int rule = 0; rule < link::kBlockingRuleCount; ++rule) {
      const uint64_t pairs = r->stats.blocking.pairs[static_cast<size_t>(rule)];
      if (pairs > 0)
        std::printf(
            " %s %llu",
            std::string(link::BlockingRuleName(static_cast<link::BlockingRule>(rule))).c_str(),
            static_cast<unsigned long long>(pairs));
    }
    std::printf("\n");
  }
  // PPRL on FEBRL4.
  if (only_case.empty() || std::string("PPRL FEBRL4").find(only_case) != std::string::npos) {
    std::printf("PPRL (CLK 1024 bits, Dice >= 0.7) FEBRL4\n");
    Loaded a, b;
    if (Load(dir, {"febrl/dataset4a.csv"}, febrl_map, "rec_id", FebrlEntity, a) &&
        Load(dir, {"febrl/dataset4b.csv"}, febrl_map, "rec_id", FebrlEntity, b)) {
      Result<link::VariantTable> variants = link::VariantTable::LoadDefault();
      Result<link::ClkEncoder> encoder = link::ClkEncoder::Create("bench secret, 16+ bytes long");
      std::vector<std::vector<link::Clk>> clks(2);
      int side = 0;
      for (Loaded* l : {&a, &b}) {
        const link::Dataset data = link::BuildDataset(l->tables, {}, &*variants, threads);
        for (const auto& f : link::ClkFieldsFromDataset(data)) clks[side].push_back(encoder->Encode(f));
        ++side;
      }
      std::vector<link::ClkMatch> matches;
      link::MatchClks(clks, 0.7, threads, &matches);
      double tp = 0;
      for (const auto& m : matches) tp += a.truth[m.row_a] == b.truth[m.row_b];
      PrintScores("pairs", F1(tp, static_cast<double>(matches.size()), 5000),
                  "anonlink P 1.000 R 0.992");
    }
  }
}

// Deterministic synthetic agencies: persons appear in 1–3 of 5 agencies with typos, swapped
// names, swapped day/month, missing values, Cyrillic or Arabic script for some names.
struct Synthetic {
  std::vector<link::SourceTable> tables;
  std::vector<uint32_t> person;  // per record
};

Synthetic MakeSynthetic(size_t n_records, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::vector<std::string> syllables = {
      "ka", "ri", "mo", "la", "sa", "ne", "to", "vi", "da", "ro", "mi", "na", "le", "ta", "po",
      "ba", "ve", "ko", "lu", "ma", "se", "di", "ra", "no", "fe", "go", "ha", "ju", "zi", "be"};
  const std::vector<std::string> given_pool = {
      "Olena", "Elena", "Mohammed", "Muhammad", "Yusuf", "Youssef", "Aleksandr", "Alexander",
      "Ekaterina", "Katerina", "Fatima", "Aisha", "Ibrahim", "Maria", "Anna", "Natalia",
      "Blessing", "Precious", "Somchai", "Nguyen", "Omar", "Amina", "Olga", "Irina", "Sergei",
      "Dmitri", "Tatiana", "Svetlana", "Hassan", "Khalid"};
  const std::vector<std::string> countries = {"UKR", "NGA", "VNM", "THA", "SYR", "FRA", "ROU", "MDA"};
  auto syllable_name = [&](int parts) {
    std::string s;
    for (int i = 0; i < parts; ++i) s += syllables[rng() % syllables.size()];
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  };
  auto typo = [&](std::string s) {
    if (s.size() < 3) return s;
    const size_t i = 1 + rng() % (s.size() - 2);
    switch (rng() % 3) {
      case 0: s[i] = static_cast<char>('a' + rng() % 26); break;
      case 1: std::swap(s[i], s[i - 1]); break;
      default: s.erase(i, 1);
    }
    return s;
  };
  const size_t n_persons = n_records * 10 / 17;
  struct Person {
    std::string given, family, country, phone, doc;
    int y, m, d;
    char sex;
  };
  std::vector<Person> persons(n_persons);
  for (auto& p : persons) {
    p.given = rng() % 3 == 0 ? given_pool[rng() % given_pool.size()] : syllable_name(2);
    p.family = syllable_name(2 + static_cast<int>(rng() % 2));
    p.country = countries[rng() % countries.size()];
    p.y = 1960 + static_cast<int>(rng() % 50);
    p.m = 1 + static_cast<int>(rng() % 12);
    p.d = 1 + static_cast<int>(rng() % 28);
    p.sex = rng() % 2 ? 'F' : 'M';
    p.phone = "+380" + std::to_string(500000000 + rng() % 400000000);
    p.doc = "P" + std::to_string(1000000 + rng() % 9000000);
  }
  Synthetic out;
  out.tables.resize(5);
  for (int t = 0; t < 5; ++t) {
    auto& table = out.tables[static_cast<size_t>(t)];
    table.name = "agency_" + std::to_string(t + 1);
    table.header = {"id", "given", "family", "dob", "sex", "nationality", "phone", "passport"};
    for (size_t c = 0; c < table.header.size(); ++c)
      table.columns.emplace_back(c, std::vector<link::Role>{
                                        link::Role::kRecordId, link::Role::kGivenName,
                                        link::Role::kFamilyName, link::Role::kBirthDate,
                                        link::Role::kSex, link::Role::kNationality,
                                        link::Role::kPhone, link::Role::kDocumentNumber}[c]);
  }
  size_t made = 0;
  for (size_t pi = 0; made < n_records; pi = (pi + 1) % n_persons) {
    const Person& p = persons[pi];
    const size_t copies = pi < n_persons ? 1 + (made < n_persons ? 0 : 0) : 1;
    (void)copies;
    const size_t t = rng() % 5;
    std::string given = p.given, family = p.family;
    if (rng() % 10 == 0) given = typo(given);
    if (rng() % 10 == 0) family = typo(family);
    if (rng() % 20 == 0) std::swap(given, family);
    if (t == 1 && rng() % 4 == 0) {
      // Cyrillic rendering of a Latin-syllable name: a simple letter map.
      static const std::map<char, std::string> cyr = {
          {'a', "а"}, {'b', "б"}, {'d', "д"}, {'e', "е"}, {'f', "ф"}, {'g', "г"}, {'h', "х"},
          {'i', "и"}, {'j', "й"}, {'k', "к"}, {'l', "л"}, {'m', "м"}, {'n', "н"}, {'o', "о"},
          {'p', "п"}, {'r', "р"}, {'s', "с"}, {'t', "т"}, {'u', "у"}, {'v', "в"}, {'z', "з"},
          {'y', "ы"}, {'c', "ц"}, {'w', "в"}, {'x', "кс"}, {'q', "к"}};
      std::string c;
      for (char ch : family) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto it = cyr.find(lower);
        c += it == cyr.end() ? std::string(1, ch) : it->second;
      }
      family = c;
    }
    int d = p.d, m = p.m;
    if (rng() % 30 == 0) std::swap(d, m);
    char dob[16];
    std::snprintf(dob, sizeof(dob), t == 2 ? "%02d/%02d/%04d" : "%04d-%02d-%02d",
                  t == 2 ? d : p.y, m, t == 2 ? p.y : d);
    auto& table = out.tables[t];
    table.rows.push_back({std::to_string(made), given, family, rng() % 10 ? dob : "",
                          std::string(1, p.sex), p.country, rng() % 3 ? "" : p.phone,
                          rng() % 2 ? "" : p.doc});
    out.person.push_back(static_cast<uint32_t>(pi));
    ++made;
    if (rng() % 2) pi = rng() % n_persons;  // jump: persons get 1..k records at random
  }
  // Dataset order is table by table: reorder truth accordingly.
  std::vector<std::vector<uint32_t>> by_table(5);
  // Recompute: rows were appended in creation order per table, so replay the assignment.
  (void)by_table;
  return out;
}

long PeakRssMb() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

void RunSpeed(size_t n_records, int threads) {
  std::printf("== Speed ==\n");
  // Pairs scored per second on one core: candidate pairs of 200k synthetic records.
  {
    Synthetic s = MakeSynthetic(200000, 7);
    Result<link::VariantTable> variants = link::VariantTable::LoadDefault();
    const link::Dataset data = link::BuildDataset(s.tables, {}, &*variants, threads);
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    link::ForEachCandidatePair(data, {}, 1, [&](int, uint32_t a, uint32_t b) {
      pairs.emplace_back(a, b);
    });
    const link::LevelTable u = link::EstimateU(data, 200000, 1);
    link::PatternCounts patterns;
    link::Comparison c;
    for (const auto& [a, b] : pairs) {
      link::Compare(data, data.records[a], data.records[b], c);
      ++patterns[link::PackPattern(c)];
    }
    const double total = 200000.0 * 199999.0 / 2;
    const link::ModelParams model = link::EstimateMU(patterns, u, data.has_field, total, {});
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    double sum = 0;
    for (const auto& [a, b] : pairs) {
      link::Compare(data, data.records[a], data.records[b], c);
      sum += link::ScoreLog2(data, model, data.records[a], data.records[b], c);
    }
    const double cpu = ThreadCpuSeconds() - cpu_start;
    const double seconds = Seconds(start);
    std::printf("  pairs scored/s/core: %.2f M per CPU second, %.2f M per wall second (%zu pairs, "
                "checksum %.0f)   | reference: Splink/DuckDB ~1.0 M/s on 8 vCPUs "
                "(~0.125 M/s/vCPU); goal >= 5 M\n",
                static_cast<double>(pairs.size()) / cpu / 1e6,
                static_cast<double>(pairs.size()) / seconds / 1e6, pairs.size(), sum);
  }
  // Dice comparisons per second on one core.
  {
    std::mt19937_64 rng(3);
    std::vector<link::Clk> clks(100000);
    for (auto& clk : clks) {
      for (auto& w : clk.words) w = rng() & rng();
      clk.UpdatePopcount();
    }
    // Blocks of 64 queries against all 100,000 encodings (DiceBlock tiles them in cache, as
    // MatchClks does).
    constexpr size_t kBlock = 64;
    std::vector<float> out(kBlock * clks.size());
    const int queries = 3008;  // 47 blocks
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    double sum = 0;
    for (size_t q = 0; q < static_cast<size_t>(queries); q += kBlock) {
      link::DiceBlock(&clks[q], kBlock, clks.data(), clks.size(), out.data());
      sum += out[q + 1];
    }
    const double cpu = ThreadCpuSeconds() - cpu_start;
    const double seconds = Seconds(start);
    const double comparisons = static_cast<double>(queries) * static_cast<double>(clks.size());
    std::printf("  Dice comparisons/s/core (%s): %.1f M per CPU second, %.1f M per wall second "
                "(checksum %.3f)   | reference: anonlink 111-139 M/s; goal >= 300 M\n",
                std::string(link::DicePath()).c_str(), comparisons / cpu / 1e6,
                comparisons / seconds / 1e6, sum);
  }
  // End to end.
  {
    const auto gen_start = Clock::now();
    Synthetic s = MakeSynthetic(n_records, 11);
    const double gen_seconds = Seconds(gen_start);
    link::LinkOptions options;
    options.threads = threads;
    const auto start = Clock::now();
    Result<link::LinkResult> r = link::LinkTables(s.tables, options);
    const double seconds = Seconds(start);
    if (!r.ok()) {
      std::printf("  end-to-end: %s\n", r.status().ToString().c_str());
      return;
    }
    // Truth per dataset record: the person column is the row's creation order; rebuild.
    std::vector<std::string> truth(r->data.records.size());
    std::vector<size_t> seen(5, 0);
    {
      // person[] is in creation order; map creation index (the id column) to the person.
      for (size_t i = 0; i < r->data.records.size(); ++i) {
        const link::Record& rec = r->data.records[i];
        const size_t created = std::stoul(s.tables[rec.source].rows[rec.row][0]);
        truth[i] = std::to_string(s.person[created]);
      }
    }
    const Scores pair = PairScores(r->clusters.cluster_of, truth);
    std::printf("  end-to-end %zu records, 5 agencies, %d threads: %.1f s (generation %.1f s "
                "not counted), peak RSS %ld MB, candidate pairs %llu, pair P %.4f R %.4f F1 %.4f"
                "   | goal < 60 s\n",
                n_records, threads, seconds, gen_seconds, PeakRssMb(),
                static_cast<unsigned long long>(r->stats.scored_pairs), pair.precision,
                pair.recall, pair.f1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string dir = PALERMO_BENCH_SHARED_DATA "/linkage";
  size_t records = 1000000;
  int threads = 2;
  std::string only;
  std::string only_case;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--records")) records = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!std::strcmp(argv[i], "--case")) only_case = argv[i + 1];
  }
  if (only.empty() || only == "accuracy") RunAccuracy(dir, threads, only_case);
  if (only.empty() || only == "speed") RunSpeed(records, threads);
  return 0;
}
