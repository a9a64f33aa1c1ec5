// Differential privacy: the exact samplers' distributions and the privacy-budget ledger.
#include <cmath>
#include <map>

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

TEST(BudgetLedger, RefusesAReleasePastTheBudgetAndLeavesTheFileUnchanged) {
  TempDir dir;
  const auto path = dir.path() / "ledger.json";
  auto ledger = BudgetLedger::Open(path);
  PALERMO_ASSERT_OK(ledger);
  PALERMO_ASSERT_OK(ledger->Charge("ita-2023", 0.4, 1.0, "first"));
  PALERMO_ASSERT_OK(ledger->Charge("ita-2023", 0.6, 1.0, "second"));  // exactly the budget
  const std::string before = testing::Slurp(path.string());
  EXPECT_THAT(ledger->Charge("ita-2023", 0.000001, 1.0, "third"),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("privacy budget exhausted")));
  EXPECT_EQ(testing::Slurp(path.string()), before);
  // Re-opened from disk, the spending is remembered; another data set has its own budget.
  auto again = BudgetLedger::Open(path);
  PALERMO_ASSERT_OK(again);
  EXPECT_DOUBLE_EQ(again->Spent("ita-2023"), 1.0);
  EXPECT_THAT(again->Charge("ita-2023", 0.1, 5.0, "budget cannot be raised by asking"),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("ita-2023")));
  PALERMO_EXPECT_OK(again->Charge("ita-2024", 0.5, 1.0, "other data set"));
}

TEST(BudgetLedger, ACorruptLedgerIsDataLoss) {
  TempDir dir;
  palermo::testing::WriteFile(dir.path() / "ledger.json", "{\"not\": \"a ledger\"}");
  EXPECT_THAT(BudgetLedger::Open(dir.path() / "ledger.json"), StatusIs(StatusCode::kDataLoss, HasSubstr("ledger")));
}

TEST(DifferentialPrivacy, ReportChargesTheLedgerAndStopsAtTheBudget) {
  TempDir dir;
  DisclosureOptions opt;
  opt.dp_epsilon = 0.5;
  opt.dp_budget = 1.0;
  opt.budget_ledger = dir.path() / "ledger.json";
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
  opt.budget_ledger = dir.path() / "l.json";
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

}  // namespace
}  // namespace palermo::publish
