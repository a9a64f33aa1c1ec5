// SPDX-License-Identifier: AGPL-3.0-or-later
// Screenings persisted on both engines: SQLite in a temporary directory and PostgreSQL from
// the "pg" CTest fixture (tests/store/pg_fixture.sh).
#include <algorithm>

#include "screen/screen.h"
#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

// Designated initialisers leave the other members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace palermo::screen {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

const bool kRegistered = [] {
  RegisterMigrations();
  return true;
}();

const store::Actor kFirstResponder{"fr1", "police", "first_responder"};
const store::Actor kCaseWorker{"cw1", "ngo_a", "case_worker"};
const store::Actor kAnalyst{"an1", "stats", "analyst"};

template <typename Engine>
class ScreeningStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kRegistered);
    engine_ = std::make_unique<Engine>(dir_.path());
    ASSERT_TRUE(engine_->error().empty()) << engine_->error();
    options_.url = engine_->url();
    options_.key_file = (dir_.path() / "palermo.key").string();
    ASSERT_THAT(store::Store::Init(options_), IsOk());
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(options_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(s).value();
    Result<IndicatorList> l = IndicatorList::LoadDefault();
    ASSERT_TRUE(l.ok()) << l.status();
    list_ = std::make_unique<IndicatorList>(std::move(l).value());
  }

  std::unique_ptr<store::Transaction> Begin(const store::Actor& actor) {
    Result<std::unique_ptr<store::Transaction>> tx = store_->Begin(actor);
    EXPECT_TRUE(tx.ok()) << tx.status();
    return std::move(tx).value();
  }

  CaseId AddCase(std::string local_id, std::optional<int> age) {
    CaseRecord c;
    c.agency = "police";
    c.local_id = local_id;
    c.person.sex = Sex::kMale;
    c.age_at_identification = age;
    auto tx = Begin({"import", "police", "system"});
    Result<CaseId> id = tx->InsertCase(c, "hash-" + local_id);
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_THAT(tx->Commit(), IsOk());
    return id.value_or(0);
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    for (const store::AuditEntry& e : store_->ReadAudit(0, 100000).value_or({}))
      out.push_back(e.action);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Engine> engine_;
  store::StoreOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<IndicatorList> list_;
};

using Engines = ::testing::Types<store::testing::SqliteEngine, store::testing::PgEngine>;
class EngineNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};
TYPED_TEST_SUITE(ScreeningStoreTest, Engines, EngineNames);

std::vector<AnswerRecord> Yes(std::initializer_list<const char*> codes) {
  std::vector<AnswerRecord> out;
  for (const char* c : codes) out.push_back({c, Answer::kYes});
  return out;
}

TYPED_TEST(ScreeningStoreTest, AnswersPersistWithWhoAndTheLatestCounts) {
  const CaseId id = this->AddCase("A1", 34);
  {
    auto tx = this->Begin(kFirstResponder);
    Result<ScreeningInfo> s = StartScreening(*tx, kFirstResponder, *this->list_, id, {});
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->population, Population::kAdult);  // from the recorded age
    ASSERT_THAT(
        RecordAnswers(*tx, kFirstResponder, *this->list_, *s,
                      Yes({"dr_nature_job", "dr_wages", "ex_excessive_hours", "ex_low_salary",
                           "cd_documents", "cd_debt_bondage", "fl_debt_bondage"}),
                      "Passport held by the farm owner"),
        IsOk());
    ASSERT_THAT(tx->Commit(), IsOk());
  }
  {
    auto tx = this->Begin(kCaseWorker);
    Result<ScreeningInfo> s = LatestScreening(*tx, id);
    ASSERT_TRUE(s.ok()) << s.status();
    Result<ScreeningResult> before = EvaluateStored(*tx, *this->list_, *s);
    ASSERT_TRUE(before.ok()) << before.status();
    EXPECT_EQ(before->presumption,
              Presumption::kPresumedVictim);  // unanswered items cannot undo a "yes"
    std::vector<AnswerRecord> rest;
    for (const Indicator* i : this->list_->Set(Population::kAdult, Exploitation::kLabour))
      if (i->code != "cd_documents" && i->code != "cd_debt_bondage" &&
          i->code.rfind("dr_nature", 0) && i->code != "dr_wages" &&
          i->code != "ex_excessive_hours" && i->code != "ex_low_salary")
        rest.push_back({i->code, Answer::kNo});
    rest.push_back({"cd_documents", Answer::kNo});  // a correction by the case worker
    ASSERT_THAT(RecordAnswers(*tx, kCaseWorker, *this->list_, *s, rest), IsOk());
    Result<ScreeningResult> after = EvaluateStored(*tx, *this->list_, *s);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->presumption, Presumption::kNotPresumed);  // one strong left at destination
    Result<std::vector<StoredAnswer>> answers = LoadAnswers(*tx, *s, /*with_notes=*/true);
    ASSERT_TRUE(answers.ok());
    auto find = [&](std::string_view code) {
      return *std::find_if(answers->begin(), answers->end(),
                           [&](const StoredAnswer& a) { return a.code == code; });
    };
    EXPECT_EQ(find("cd_documents").answer, Answer::kNo);
    EXPECT_EQ(find("cd_documents").answered_by, "cw1");
    EXPECT_EQ(find("cd_debt_bondage").answered_by, "fr1");
    EXPECT_EQ(find("fl_debt_bondage").kind, "forced_labour");
    EXPECT_EQ(find("fl_debt_bondage").note, "Passport held by the farm owner");
    Result<std::vector<store::SqlRow>> raw =
        tx->Query("SELECT note FROM screen_answer WHERE note IS NOT NULL");
    ASSERT_TRUE(raw.ok());
    ASSERT_EQ(raw->size(), 1u);
    EXPECT_EQ(std::get<std::string>((*raw)[0][0]).find("Passport"), std::string::npos);
  }
  const auto actions = this->AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "screen_start"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "screen_answer"), actions.end());
}

TYPED_TEST(ScreeningStoreTest, UnknownAgeNeedsAChoiceAndAKnownAgeCannotBeContradicted) {
  const CaseId unknown = this->AddCase("U1", std::nullopt);
  const CaseId child = this->AddCase("U2", 15);
  auto tx = this->Begin(kFirstResponder);
  EXPECT_THAT(StartScreening(*tx, kFirstResponder, *this->list_, unknown, {}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("age is unknown")));
  Result<ScreeningInfo> s = StartScreening(*tx, kFirstResponder, *this->list_, unknown,
                                           {.population = Population::kChild});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->population, Population::kChild);
  EXPECT_THAT(
      StartScreening(*tx, kFirstResponder, *this->list_, child, {.population = Population::kAdult}),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("recorded age (15) contradicts the adult")));
  EXPECT_THAT(StartScreening(*tx, kFirstResponder, *this->list_, child,
                             {.exploitation = Exploitation::kSexual}),
              StatusIs(StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("has no child × sexual set"),
                             HasSubstr("trafficking of children for sexual exploitation"))));
  EXPECT_THAT(StartScreening(*tx, kFirstResponder, *this->list_, child,
                             {.lang = Lang::kFr, .exploitation = Exploitation::kSexual}),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("n’a pas de jeu child × sexual : les indicateurs OIT/CE 2009 de "
                                 "la traite des enfants")));
  EXPECT_THAT(StartScreening(*tx, kFirstResponder, *this->list_, 999999, {}),
              StatusIs(StatusCode::kNotFound, HasSubstr("")));
  EXPECT_THAT(RecordAnswers(*tx, kFirstResponder, *this->list_, *s,
                            Yes({"act_recruited_moved", "cd_nonsense"})),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown indicator “cd_nonsense”")));
  EXPECT_TRUE(LoadAnswers(*tx, *s).value().empty());  // nothing of the refused batch was written
}

TYPED_TEST(ScreeningStoreTest, ADecisionIsAPersonsAndIsKeptBesideThePresumption) {
  const CaseId id = this->AddCase("D1", 16);
  {
    auto tx = this->Begin(kFirstResponder);
    Result<ScreeningInfo> s = StartScreening(*tx, kFirstResponder, *this->list_, id, {});
    ASSERT_TRUE(s.ok()) << s.status();
    ASSERT_THAT(RecordAnswers(*tx, kFirstResponder, *this->list_, *s,
                              Yes({"act_recruited_moved", "ex_excessive_hours", "ex_low_salary"})),
                IsOk());
    const ScreeningResult r = EvaluateStored(*tx, *this->list_, *s).value();
    EXPECT_EQ(r.presumption, Presumption::kPresumedVictim);  // child: no means needed
    EXPECT_THAT(RecordDecision(*tx, kAnalyst, *s, r, "identified"),
                StatusIs(StatusCode::kPermissionDenied,
                         HasSubstr("role “analyst” may not screen or decide")));
    EXPECT_THAT(RecordDecision(*tx, kCaseWorker, *s, r, "victim"),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown decision “victim”")));
    ASSERT_THAT(RecordDecision(*tx, kCaseWorker, *s, r, "refer_to_nrm",
                               "Spoke with the child and a guardian"),
                IsOk());
    const std::vector<Decision> d = LoadDecisions(*tx, *s, /*with_notes=*/true).value();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].decision, "refer_to_nrm");
    EXPECT_EQ(d[0].decided_by, "cw1");
    EXPECT_EQ(d[0].presumption_at_decision, "presumed");
    EXPECT_EQ(d[0].note, "Spoke with the child and a guardian");
    ASSERT_THAT(tx->Commit(), IsOk());
  }
  const auto actions = this->AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "screen_denied"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "screen_decision"), actions.end());
}

}  // namespace
}  // namespace palermo::screen
