// SPDX-License-Identifier: AGPL-3.0-or-later
// Caseload (src/casework/caseload.cc) on both engines: assignment and reassignment as versions
// of the case and audit entries without names, who may be assigned, tasks with sealed text and
// due days (overdue first), and a case worker's "my cases".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "casework/casework.h"
#include "store/engines.h"
#include "testing/testing.h"

namespace palermo::casework {
namespace {

using ::palermo::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The accounts of the tests (the web app's are in src/server).
class FakeAccounts final : public AccountDirectory {
 public:
  FakeAccounts() {
    for (const Account& a : std::vector<Account>{{"amina", Role::kCaseWorker, "police", false},
                                                 {"bruno", Role::kCaseWorker, "police", false},
                                                 {"carla", Role::kCaseWorker, "ngo", false},
                                                 {"dora", Role::kDecisionMaker, "police", false},
                                                 {"emil", Role::kCaseWorker, "police", true}}) {
      accounts_[a.username] = a;
    }
  }
  Result<std::optional<Account>> Find(store::Transaction&, std::string_view name) const override {
    const auto it = accounts_.find(std::string(name));
    if (it == accounts_.end()) return std::optional<Account>();
    return std::optional(it->second);
  }
  Result<std::vector<Account>> InOrganisation(store::Transaction&, std::string_view org,
                                              Role role) const override {
    std::vector<Account> out;
    for (const auto& [name, a] : accounts_) {
      if (a.organisation == org && a.role == role && !a.locked) out.push_back(a);
    }
    return out;
  }

 private:
  std::map<std::string, Account> accounts_;
};

// 2025-06-02T10:00:00Z, a Monday.
constexpr int64_t kMonday = 1'748'858'400;

template <typename Engine>
class CaseloadTest : public store::testing::StoreOnEngine<Engine> {
 protected:
  void SetUp() override {
    RegisterMigrations();
    store::testing::StoreOnEngine<Engine>::SetUp();
    a_ = NewCase("W-1");
    b_ = NewCase("W-2");
  }

  CaseId NewCase(const std::string& local_id) {
    auto tx = this->store_->Begin(amina_.actor());
    EXPECT_THAT(tx.status(), IsOk());
    CaseRecord r;
    r.local_id = local_id;
    r.person.sex = Sex::kFemale;
    r.person.identifiers.family_name = "Okonkwo";
    r.victim_status = VictimStatus::kPossibleVictim;
    r.identification_date = *PartialDate::Parse("2025-03-01");
    CaseGate gate;
    Result<CaseId> id = gate.Create(**tx, amina_, r);
    EXPECT_THAT(id.status(), IsOk());
    EXPECT_THAT((*tx)->Commit(), IsOk());
    return id.ok() ? *id : 0;
  }

  Desk desk(int days_later = 0) {
    return Desk{*this->store_,
                referral::Instant(std::chrono::seconds(kMonday + int64_t{days_later} * 86400))};
  }

  std::vector<store::AuditEntry> Audit(const std::string& action) {
    std::vector<store::AuditEntry> out;
    Result<std::vector<store::AuditEntry>> all = this->store_->ReadAudit(0, 10000);
    EXPECT_THAT(all.status(), IsOk());
    if (!all.ok()) return out;
    for (store::AuditEntry& e : *all) {
      if (e.action == action) out.push_back(std::move(e));
    }
    return out;
  }

  FakeAccounts accounts_;
  Principal amina_{.user_id = 1, .username = "amina", .role = Role::kCaseWorker,
                   .organisation = "police"};
  Principal bruno_{.user_id = 2, .username = "bruno", .role = Role::kCaseWorker,
                   .organisation = "police"};
  Principal carla_{.user_id = 3, .username = "carla", .role = Role::kCaseWorker,
                   .organisation = "ngo"};
  CaseId a_ = 0, b_ = 0;
};

TYPED_TEST_SUITE(CaseloadTest, store::testing::Engines, store::testing::EngineNames);

TYPED_TEST(CaseloadTest, AssignAndReassignAreVersionsAndAuditedWithoutNames) {
  Result<EditOutcome> first = AssignCase(this->desk(), this->amina_, this->a_, "amina",
                                         this->accounts_);
  ASSERT_THAT(first.status(), IsOk());
  ASSERT_TRUE(first->errors.empty());
  EXPECT_EQ(first->version, 2);
  Result<EditOutcome> again = AssignCase(this->desk(), this->amina_, this->a_, "amina",
                                         this->accounts_);
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(again->version, 0);  // nothing changed
  Result<EditOutcome> second = AssignCase(this->desk(), this->amina_, this->a_, "bruno",
                                          this->accounts_);
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_EQ(second->version, 3);

  Result<std::vector<CaseVersion>> history = CaseHistory(this->desk(), this->bruno_, this->a_, "");
  ASSERT_THAT(history.status(), IsOk());
  ASSERT_EQ(history->size(), 3u);
  const CaseVersion& v = (*history)[2];
  EXPECT_EQ(v.kind, "assign");
  EXPECT_EQ(v.user, "amina");  // who reassigned
  EXPECT_FALSE(v.at.empty());
  ASSERT_EQ(v.changes.size(), 1u);
  EXPECT_EQ(v.changes[0].field, "assignee");
  EXPECT_EQ(v.changes[0].before, "amina");
  EXPECT_EQ(v.changes[0].after, "bruno");

  const std::vector<store::AuditEntry> audited = this->Audit("assign_case");
  ASSERT_EQ(audited.size(), 2u);
  EXPECT_EQ(audited[1].user, "amina");
  EXPECT_EQ(audited[1].object_id, std::to_string(this->a_));
  EXPECT_THAT(audited[1].detail, HasSubstr("fields=assignee"));
  EXPECT_THAT(audited[1].detail, Not(HasSubstr("bruno")));
  EXPECT_THAT(audited[1].detail, Not(HasSubstr("Okonkwo")));

  auto tx = this->store_->BeginRead(this->amina_.actor());
  ASSERT_THAT(tx.status(), IsOk());
  Result<std::optional<Assignment>> now = AssignmentOf(**tx, this->a_);
  ASSERT_THAT(now.status(), IsOk());
  ASSERT_TRUE(now->has_value());
  EXPECT_EQ((*now)->user, "bruno");
  EXPECT_EQ((*now)->by, "amina");
}

TYPED_TEST(CaseloadTest, OnlyUnlockedCaseWorkersOfTheOrganisationCanBeAssigned) {
  for (const char* name : {"carla", "dora", "emil", "nobody"}) {
    Result<EditOutcome> out =
        AssignCase(this->desk(), this->amina_, this->a_, name, this->accounts_);
    ASSERT_THAT(out.status(), IsOk()) << name;
    ASSERT_EQ(out->errors.size(), 1u) << name;
    EXPECT_EQ(out->errors[0].field, "user");
    // The same words whatever the reason: no account enumeration.
    EXPECT_EQ(out->errors[0].message(Lang::kEn), "not a case worker of your organisation");
    EXPECT_EQ(out->errors[0].message(Lang::kFr),
              "n’est pas un chargé de dossier de votre organisation");
  }
  // Another organisation's case worker can neither assign nor read the tasks (audited refusal).
  EXPECT_EQ(AssignCase(this->desk(), this->carla_, this->a_, "carla", this->accounts_)
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(CaseTasks(this->desk(), this->carla_, this->a_).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_GE(this->Audit("denied").size(), 2u);
  Result<std::vector<std::string>> users =
      AssignableUsers(this->desk(), this->amina_, this->a_, this->accounts_);
  ASSERT_THAT(users.status(), IsOk());
  EXPECT_THAT(*users, ElementsAre("amina", "bruno"));
  // Nothing was assigned.
  Result<std::vector<CaseVersion>> history = CaseHistory(this->desk(), this->amina_, this->a_, "");
  ASSERT_THAT(history.status(), IsOk());
  EXPECT_EQ(history->size(), 1u);
}

TYPED_TEST(CaseloadTest, TasksAreSealedOrderedByDueDayAndOverdueIsMarked) {
  const auto add = [&](const std::string& due, const std::string& text, const std::string& to) {
    Result<TaskOutcome> out = AddTask(this->desk(), this->amina_, this->a_,
                                      TaskInput{due, to, text}, this->accounts_);
    EXPECT_THAT(out.status(), IsOk());
    EXPECT_TRUE(out.ok() && out->errors.empty()) << due;
    return out.ok() ? out->task_id : 0;
  };
  add("2025-06-20", "visit the shelter with the interpreter", "bruno");
  const int64_t soon = add("2025-06-03", "call the lawyer about the residence permit", "bruno");
  add("2025-06-10", "book a medical appointment", "amina");
  // Invalid: every field's error at once, nothing stored.
  Result<TaskOutcome> bad = AddTask(this->desk(), this->amina_, this->a_,
                                    TaskInput{"2025-05-01", "carla", ""}, this->accounts_);
  ASSERT_THAT(bad.status(), IsOk());
  std::vector<std::string> fields;
  for (const FieldError& e : bad->errors) fields.push_back(e.field);
  EXPECT_THAT(fields, ElementsAre("due", "assignee", "text"));

  // A week later the 3 June task is overdue and listed first.
  Result<std::vector<Task>> tasks = CaseTasks(this->desk(7), this->amina_, this->a_);
  ASSERT_THAT(tasks.status(), IsOk());
  ASSERT_EQ(tasks->size(), 3u);
  EXPECT_EQ((*tasks)[0].id, soon);
  EXPECT_TRUE((*tasks)[0].overdue);
  EXPECT_EQ((*tasks)[0].text, "call the lawyer about the residence permit");
  EXPECT_FALSE((*tasks)[1].overdue);
  EXPECT_EQ((*tasks)[1].due, "2025-06-10");

  // Done, then not done again; each audited with the task's number only.
  PALERMO_EXPECT_OK(SetTaskDone(this->desk(7), this->bruno_, this->a_, soon, true));
  tasks = CaseTasks(this->desk(7), this->amina_, this->a_);
  ASSERT_THAT(tasks.status(), IsOk());
  EXPECT_EQ(tasks->back().id, soon);
  EXPECT_TRUE(tasks->back().done);
  EXPECT_FALSE(tasks->back().overdue);
  EXPECT_EQ(tasks->back().done_by, "bruno");
  PALERMO_EXPECT_OK(SetTaskDone(this->desk(7), this->bruno_, this->a_, soon, false));
  EXPECT_EQ(SetTaskDone(this->desk(7), this->bruno_, this->b_, soon, true).code(),
            StatusCode::kNotFound);  // not a task of that case
  ASSERT_EQ(this->Audit("add_task").size(), 3u);
  ASSERT_EQ(this->Audit("complete_task").size(), 1u);
  ASSERT_EQ(this->Audit("reopen_task").size(), 1u);
  EXPECT_EQ(this->Audit("complete_task")[0].detail, "task=" + std::to_string(soon));

  // The text is sealed at rest, and survives a key rotation.
  {
    auto tx = this->store_->BeginRead(this->amina_.actor());
    ASSERT_THAT(tx.status(), IsOk());
    Result<std::vector<store::SqlRow>> rows = (*tx)->Query("SELECT * FROM casework_task");
    ASSERT_THAT(rows.status(), IsOk());
    for (const store::SqlRow& row : *rows) {
      for (const store::SqlValue& v : row) {
        if (const auto* text = std::get_if<std::string>(&v)) {
          EXPECT_THAT(*text, Not(HasSubstr("lawyer")));
        }
      }
    }
  }
  PALERMO_ASSERT_OK(this->store_->RotateKey());
  this->Reopen();
  tasks = CaseTasks(this->desk(7), this->amina_, this->a_);
  ASSERT_THAT(tasks.status(), IsOk());
  EXPECT_EQ((*tasks)[0].text, "call the lawyer about the residence permit");
}

TYPED_TEST(CaseloadTest, MyCaseloadShowsAssignedCasesTasksAndRecentChanges) {
  ASSERT_THAT(AssignCase(this->desk(), this->amina_, this->b_, "bruno", this->accounts_).status(),
              IsOk());
  ASSERT_THAT(AddTask(this->desk(), this->amina_, this->b_,
                      TaskInput{"2025-06-04", "bruno", "second interview"}, this->accounts_)
                  .status(),
              IsOk());
  // A task of bruno's on a case not assigned to him is still his.
  ASSERT_THAT(AddTask(this->desk(), this->amina_, this->a_,
                      TaskInput{"2025-06-03", "bruno", "fetch the documents"}, this->accounts_)
                  .status(),
              IsOk());
  ASSERT_THAT(AddTask(this->desk(), this->amina_, this->a_,
                      TaskInput{"2025-06-02", "amina", "not bruno's"}, this->accounts_)
                  .status(),
              IsOk());

  Result<Caseload> load = MyCaseload(this->desk(2), this->bruno_);
  ASSERT_THAT(load.status(), IsOk());
  ASSERT_EQ(load->cases.size(), 1u);
  EXPECT_EQ(load->cases[0].summary.id, this->b_);
  EXPECT_EQ(load->cases[0].next_due, "2025-06-04");
  EXPECT_FALSE(load->cases[0].overdue);
  ASSERT_EQ(load->open_tasks.size(), 2u);
  EXPECT_EQ(load->open_tasks[0].text, "fetch the documents");
  EXPECT_TRUE(load->open_tasks[0].overdue);  // due 3 June, today is 4 June
  EXPECT_FALSE(load->open_tasks[1].overdue);
  ASSERT_FALSE(load->recent.empty());
  EXPECT_EQ(load->recent[0].case_id, this->b_);
  EXPECT_EQ(load->recent[0].kind, "assign");
  EXPECT_THAT(load->recent[0].fields, ElementsAre("assignee"));

  // amina has nothing assigned; a closed case leaves bruno's list.
  Result<Caseload> amina = MyCaseload(this->desk(2), this->amina_);
  ASSERT_THAT(amina.status(), IsOk());
  EXPECT_TRUE(amina->cases.empty());
  ASSERT_THAT(CloseCase(this->desk(2), this->amina_, this->b_, "moved_on", "").status(), IsOk());
  load = MyCaseload(this->desk(2), this->bruno_);
  ASSERT_THAT(load.status(), IsOk());
  EXPECT_TRUE(load->cases.empty());
  ASSERT_EQ(load->open_tasks.size(), 1u);
  // A closed case is not (re)assigned and gets no task.
  EXPECT_EQ(AssignCase(this->desk(2), this->amina_, this->b_, "amina", this->accounts_)
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  // An analyst has no caseload.
  const Principal analyst{.username = "an", .role = Role::kAnalyst, .organisation = "stats"};
  EXPECT_EQ(MyCaseload(this->desk(), analyst).status().code(), StatusCode::kPermissionDenied);
}

TYPED_TEST(CaseloadTest, CaseListCarriesAssigneeAndNextDueAndFilters) {
  ASSERT_THAT(AssignCase(this->desk(), this->amina_, this->a_, "bruno", this->accounts_).status(),
              IsOk());
  ASSERT_THAT(AddTask(this->desk(), this->amina_, this->b_,
                      TaskInput{"2025-06-03", "amina", "report"}, this->accounts_)
                  .status(),
              IsOk());
  CaseFilter mine_only, overdue_only, presumed, not_a_victim;
  mine_only.mine = true;
  overdue_only.overdue = true;
  presumed.status = VictimStatus::kPossibleVictim;
  not_a_victim.status = VictimStatus::kNotAVictim;
  const auto list = [&](const Principal& who, CaseFilter filter, std::optional<CaseId> before,
                        int limit) {
    filter.today = "2025-06-04";
    std::vector<CaseSummary> out;
    auto tx = this->store_->BeginRead(who.actor());
    EXPECT_THAT(tx.status(), IsOk());
    CaseGate gate;
    Result<CasePage> page = gate.List(**tx, who, before, limit, CaseGate::Closed::kExclude, filter);
    EXPECT_THAT(page.status(), IsOk());
    return page.ok() ? *page : CasePage{};
  };
  CasePage all = list(this->amina_, {}, std::nullopt, 50);
  ASSERT_EQ(all.cases.size(), 2u);
  EXPECT_EQ(all.cases[0].id, this->b_);
  EXPECT_EQ(all.cases[0].next_due, "2025-06-03");
  EXPECT_TRUE(all.cases[0].overdue);
  EXPECT_EQ(all.cases[0].assignee, "");
  EXPECT_EQ(all.cases[1].assignee, "bruno");
  EXPECT_FALSE(all.cases[1].overdue);

  CasePage mine = list(this->bruno_, mine_only, std::nullopt, 50);
  ASSERT_EQ(mine.cases.size(), 1u);
  EXPECT_EQ(mine.cases[0].id, this->a_);
  EXPECT_FALSE(mine.total);
  CasePage overdue = list(this->amina_, overdue_only, std::nullopt, 50);
  ASSERT_EQ(overdue.cases.size(), 1u);
  EXPECT_EQ(overdue.cases[0].id, this->b_);
  // Another organisation's overdue list does not reach them.
  EXPECT_TRUE(list(this->carla_, overdue_only, std::nullopt, 50).cases.empty());
  // Keyset paging through a filter.
  ASSERT_THAT(AssignCase(this->desk(), this->amina_, this->b_, "bruno", this->accounts_).status(),
              IsOk());
  CasePage first = list(this->bruno_, mine_only, std::nullopt, 1);
  ASSERT_EQ(first.cases.size(), 1u);
  EXPECT_EQ(first.cases[0].id, this->b_);
  ASSERT_TRUE(first.next_before);
  CasePage second = list(this->bruno_, mine_only, first.next_before, 1);
  ASSERT_EQ(second.cases.size(), 1u);
  EXPECT_EQ(second.cases[0].id, this->a_);
  EXPECT_FALSE(second.next_before);
  // A status filter.
  EXPECT_EQ(list(this->amina_, presumed, std::nullopt, 50).cases.size(),
            2u);
  EXPECT_TRUE(list(this->amina_, not_a_victim, std::nullopt, 50).cases.empty());
}

}  // namespace
}  // namespace palermo::casework
