// SPDX-License-Identifier: AGPL-3.0-or-later
// Differential privacy: the exact samplers' distributions and the budget (in-memory ledger; the
// ledger in the database is tested in ledger_test.cc on both engines).
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "fixture.h"
#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

// Upper quantile of chi-square with `dof` degrees of freedom at tail probability 1e-6, by the
// Wilson–Hilferty approximation (z = 4.7534 for 1e-6).
double ChiSquareCritical(int dof) {
  const double k = dof, z = 4.7534;
  const double a = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return k * a * a * a;
}

// Pearson chi-square of `samples` against the pmf `p` over integers; tails beyond ±cut are
// pooled into two bins so every expected count is large.
double ChiSquare(const std::map<int64_t, int>& counts, int n, const std::function<double(int64_t)>& p, int cut, int* dof) {
  double stat = 0;
  double lo_exp = 0, hi_exp = 0;
  int lo_obs = 0, hi_obs = 0;
  // Normalising constant over a wide support.
  double z = 0;
  for (int64_t x = -2000; x <= 2000; ++x) z += p(x);
  for (int64_t x = -2000; x <= 2000; ++x) {
    const double e = n * p(x) / z;
    auto it = counts.find(x);
    const int o = it == counts.end() ? 0 : it->second;
    if (x < -cut) { lo_exp += e; lo_obs += o; }
    else if (x > cut) { hi_exp += e; hi_obs += o; }
    else stat += (o - e) * (o - e) / e;
  }
  stat += (lo_obs - lo_exp) * (lo_obs - lo_exp) / lo_exp + (hi_obs - hi_exp) * (hi_obs - hi_exp) / hi_exp;
  *dof = 2 * cut + 1 + 2 - 1;
  return stat;
}

TEST(DiscreteLaplace, SeededSamplesFollowTheExactPmf) {
  auto rng = SeededRandomForTesting(42);
  constexpr int kN = 40000;
  // Scale 5/2 = 2.5: P(x) ∝ exp(-|x| / 2.5).
  std::map<int64_t, int> counts;
  for (int i = 0; i < kN; ++i) ++counts[SampleDiscreteLaplace(5, 2, *rng)];
  int dof = 0;
  const double stat = ChiSquare(counts, kN, [](int64_t x) { return std::exp(-std::abs(static_cast<double>(x)) / 2.5); }, 8, &dof);
  EXPECT_LT(stat, ChiSquareCritical(dof)) << "dof " << dof;
  // And the test has power: the same samples are far from a scale of 3.
  const double wrong = ChiSquare(counts, kN, [](int64_t x) { return std::exp(-std::abs(static_cast<double>(x)) / 3.0); }, 8, &dof);
  EXPECT_GT(wrong, ChiSquareCritical(dof));
}

TEST(DiscreteLaplace, SecureSamplesFollowTheExactPmf) {
  // libsodium randomness: the critical value at 1e-6 makes a false failure a one-in-a-million event.
  auto rng = SecureRandom();
  constexpr int kN = 20000;
  std::map<int64_t, int> counts;
  for (int i = 0; i < kN; ++i) ++counts[SampleDiscreteLaplace(1, 1, *rng)];
  int dof = 0;
  const double stat = ChiSquare(counts, kN, [](int64_t x) { return std::exp(-std::abs(static_cast<double>(x))); }, 5, &dof);
  EXPECT_LT(stat, ChiSquareCritical(dof));
}

TEST(DiscreteGaussian, SeededSamplesFollowTheExactPmf) {
  auto rng = SeededRandomForTesting(7);
  constexpr int kN = 40000;
  // sigma² = 9/2.
  std::map<int64_t, int> counts;
  for (int i = 0; i < kN; ++i) ++counts[SampleDiscreteGaussian(9, 2, *rng)];
  int dof = 0;
  auto pmf = [](int64_t x) { return std::exp(-static_cast<double>(x * x) / 9.0); };
  const double stat = ChiSquare(counts, kN, pmf, 5, &dof);
  EXPECT_LT(stat, ChiSquareCritical(dof));
  const double wrong = ChiSquare(counts, kN, [](int64_t x) { return std::exp(-static_cast<double>(x * x) / 12.0); }, 5, &dof);
  EXPECT_GT(wrong, ChiSquareCritical(dof));
}

TEST(RandomSource, UniformBelowIsUnbiasedOverThree) {
  auto rng = SeededRandomForTesting(3);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) ++counts[rng->UniformBelow(3)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 600);
}

TEST(MemoryLedger, RefusesAChargePastTheBudgetAndKeepsTheFirstTotal) {
  auto ledger = MemoryLedger();
  PALERMO_ASSERT_OK(ledger->Charge(0.4, 1.0, "first"));
  PALERMO_ASSERT_OK(ledger->Charge(0.6, 1.0, "second"));  // exactly the budget
  EXPECT_THAT(ledger->Charge(0.000001, 1.0, "third"),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("privacy budget exhausted")));
  EXPECT_THAT(ledger->Charge(0.1, 5.0, "budget cannot be raised by asking"), StatusIs(StatusCode::kOutOfRange, ::testing::_));
  EXPECT_DOUBLE_EQ(*ledger->Spent(), 1.0);
  EXPECT_THAT(ledger->Charge(0, 1.0, "zero"), StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

TEST(DifferentialPrivacy, ReportChargesTheLedgerAndStopsAtTheBudget) {
  auto ledger = MemoryLedger();
  DisclosureOptions opt;
  opt.dp_epsilon = 0.5;
  opt.dp_budget = 1.0;
  opt.ledger = ledger.get();
  ReportInput in = testing::FixtureInput();
  auto first = MakeReport(in, opt);
  PALERMO_ASSERT_OK(first);
  bool says_dp = false;
  for (const Text& line : first->protections.lines) says_dp |= line.en.find("Differential privacy") != std::string::npos;
  EXPECT_TRUE(says_dp);
  // Noise keeps every table additive (totals are sums of noisy parts).
  for (const Table& t : first->tables)
    for (const Relation& r : t.relations) {
      int64_t sum = 0;
      for (int p : r.parts) sum += t.values[p];
      EXPECT_EQ(t.values[r.total], sum);
    }
  PALERMO_ASSERT_OK(MakeReport(in, opt));
  EXPECT_THAT(MakeReport(in, opt), StatusIs(StatusCode::kOutOfRange, HasSubstr("spent 1")));
}

TEST(DifferentialPrivacy, ContributionBoundingKeepsAtMostTheConfiguredFormsPerPerson) {
  ReportInput in;
  in.unit = Unit::kUniquePersons;
  PersonRow p;
  p.person_key = "k";
  p.forms = {"sexual", "forced_labour", "begging", "forced_marriage", "organ_removal"};
  in.rows = {p};
  TempDir dir;
  DisclosureOptions opt;
  opt.enabled = false;
  opt.dp_epsilon = 1000;  // nearly no noise
  opt.dp_budget = 1000;
  opt.max_forms_per_person = 2;
  auto ledger = MemoryLedger();
  opt.ledger = ledger.get();
  auto report = MakeReport(in, opt);
  PALERMO_ASSERT_OK(report);
  for (const Table& t : report->tables) {
    if (t.id != "form") continue;
    int64_t pairs = -1;
    for (size_t r = 0; r < t.rows.size(); ++r)
      if (t.rows[r].code == "total_pairs") pairs = t.Value(static_cast<int>(r), static_cast<int>(t.cols.size()) - 1);
    EXPECT_EQ(pairs, 2);  // noise of scale ~0.01 is non-zero with probability ~e^-80
  }
}

// Per CSV of tables/: the header and the first field (the row code) of every line.
std::map<std::string, std::vector<std::string>> CsvLayouts(const std::filesystem::path& dir) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "tables")) {
    std::istringstream in(testing::Slurp(entry.path().string()));
    std::vector<std::string>& layout = out[entry.path().filename().string()];
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      // protections.csv says how many cells were suppressed: only its length is a layout.
      if (entry.path().filename() == "protections.csv") layout.push_back("line");
      else layout.push_back(header ? line : line.substr(0, line.find(',')));
      header = false;
    }
  }
  return out;
}

DisclosureOptions DpOptions(double epsilon) {
  static const std::unique_ptr<PrivacyLedger> ledger = MemoryLedger();  // budget 1e6: never spent
  DisclosureOptions opt;
  opt.dp_epsilon = epsilon;
  opt.dp_budget = 1e6;
  opt.ledger = ledger.get();
  opt.dp_seed_for_testing = 7;
  return opt;
}

TEST(DifferentialPrivacy, OneMorePersonWithANewCitizenshipAndRouteChangesNoTableLayout) {
  TempDir dir;
  ReportInput in = testing::FixtureInput();
  ReportInput neighbour = in;
  PersonRow extra;
  extra.person_key = "extra";
  extra.sex = Sex::kFemale;
  extra.age = 30;
  extra.forms = {"sexual"};
  extra.citizenship = "ISL";  // no Icelander in the fixture
  extra.country_of_exploitation = "FJI";
  extra.agencies = {"new_agency"};
  extra.year = 2023;
  extra.status = VictimStatus::kActualVictim;
  neighbour.rows.push_back(extra);
  for (const PersonRow& p : in.rows) ASSERT_NE(p.citizenship, "ISL");
  // Almost no noise (scale about 0.01), so that only the domains can make the layouts differ.
  const DisclosureOptions opt = DpOptions(1000);
  auto a = MakeReport(in, opt);
  auto b = MakeReport(neighbour, opt);
  PALERMO_ASSERT_OK(a);
  PALERMO_ASSERT_OK(b);
  PALERMO_ASSERT_OK(WriteReport(*a, dir.path() / "a", Lang::kEn));
  PALERMO_ASSERT_OK(WriteReport(*b, dir.path() / "b", Lang::kEn));
  const auto la = CsvLayouts(dir.path() / "a"), lb = CsvLayouts(dir.path() / "b");
  EXPECT_GE(la.size(), 8u);
  EXPECT_EQ(la, lb);
  // Every country of the code list has its row, the new one included, in both.
  for (const auto* layouts : {&la, &lb}) {
    const std::vector<std::string>& cit = layouts->at("citizenship.csv");
    EXPECT_NE(std::find(cit.begin(), cit.end(), "ISL"), cit.end());
    EXPECT_GT(cit.size(), CodeLists::Default().countries().size());
    const std::vector<std::string>& route = layouts->at("route.csv");
    EXPECT_EQ(std::find(route.begin(), route.end(), "ISL-FJI"), route.end());
  }
}

TEST(DifferentialPrivacy, ADpReleaseHasNoMicrodataNoEstimateAndNoExactCount) {
  TempDir dir;
  ReportInput in = testing::FixtureInput();
  ASSERT_TRUE(in.estimate.has_value());
  auto report = MakeReport(in, DpOptions(1));
  PALERMO_ASSERT_OK(report);
  EXPECT_FALSE(report->microdata.has_value());
  EXPECT_FALSE(report->input.estimate.has_value());
  for (Lang lang : {Lang::kEn, Lang::kFr}) {
    const std::filesystem::path out = dir.path() / (lang == Lang::kEn ? "en" : "fr");
    PALERMO_ASSERT_OK(WriteReport(*report, out, lang));
    EXPECT_FALSE(std::filesystem::exists(out / "microdata.csv"));
    const std::string json = testing::Slurp((out / "tables.json").string());
    EXPECT_EQ(json.find("\"microdata\""), std::string::npos);
    EXPECT_EQ(json.find("\"estimate\""), std::string::npos);
    const std::string html = testing::Slurp((out / "index.html").string());
    EXPECT_EQ(html.find("id=\"estimate\""), std::string::npos);
    EXPECT_NE(html.find("(ε, δ) = (1, 0.000001)"), std::string::npos);
    // A route total that counts only the routes shown says so (else "0" reads as "no victim").
    EXPECT_NE(testing::Slurp((out / "tables" / "route.csv").string())
                  .find(lang == Lang::kEn ? "Total of the rows shown" : "Total des lignes montrées"),
              std::string::npos);
  }
}

TEST(DifferentialPrivacy, TheStatedDeltaIsTheOneTheThresholdUses) {
  TempDir dir;
  DisclosureOptions opt = DpOptions(2);
  opt.dp_delta = 0.001;
  auto report = MakeReport(testing::FixtureInput(), opt);
  PALERMO_ASSERT_OK(report);
  const ProtectionStatement& p = report->protections;
  EXPECT_EQ(p.dp_delta, 0.001);
  EXPECT_GT(p.dp_scale, 0);
  EXPECT_EQ(p.dp_row_threshold, DpRowThreshold(p.dp_scale, 0.001 / 2));
  bool stated = false;
  for (const Text& line : p.lines)
    stated |= line.en.find("(ε, δ) = (2, 0.001)") != std::string::npos &&
              line.en.find("exceeds " + std::to_string(p.dp_row_threshold)) != std::string::npos &&
              line.fr.find("(ε, δ) = (2, 0.001)") != std::string::npos;
  EXPECT_TRUE(stated);
  for (const Table& t : report->tables) {
    if (t.id != "route" && t.id != "agency") continue;
    for (size_t r = 0; r < t.rows.size(); ++r)
      if (t.rows[r].children.empty() && !t.rows[r].is_total) {
        EXPECT_GT(t.Value(static_cast<int>(r), static_cast<int>(t.cols.size()) - 1), p.dp_row_threshold) << t.rows[r].code;
      }
  }
  // A smaller delta, a higher threshold.
  EXPECT_GT(DpRowThreshold(p.dp_scale, 1e-9), p.dp_row_threshold);
}

TEST(DifferentialPrivacy, ARowOfOnePersonPassesTheThresholdWithProbabilityAtMostDelta) {
  auto rng = SeededRandomForTesting(11);
  const double delta = 0.05;
  const int64_t tau = DpRowThreshold(2.0, delta);  // scale 2
  EXPECT_EQ(tau, 6);  // ceil(2 ln 20)
  int passed = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) passed += 1 + SampleDiscreteLaplace(2, 1, *rng) > tau;
  // Exactly e^-3 / (1 + e^-1/2) = 0.031 <= delta.
  EXPECT_LT(passed, n * delta * 0.8);
  EXPECT_GT(passed, n * 0.02);
}

}  // namespace
}  // namespace palermo::publish
