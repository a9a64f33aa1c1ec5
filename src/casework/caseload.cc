// SPDX-License-Identifier: AGPL-3.0-or-later
// Caseload: assigning a case to a case worker, tasks with due days, and a case worker's start
// page (casework.h).
#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "casework/casework.h"
#include "casework/internal.h"

namespace palermo::casework {
namespace {

constexpr const char* kTaskContext = "casework_task:";
constexpr size_t kMaxTaskText = 500;
constexpr size_t kMaxUsername = 64;
constexpr int kMaxRecent = 20;
constexpr int kMaxAssigned = 200;

// The field error for an account that may not take the case, in the same words whether it is
// unknown, locked, of another organisation or of another role: the answer must not tell a
// case worker which accounts exist elsewhere.
FieldError NotAssignable(std::string field) {
  return {std::move(field), "not a case worker of your organisation",
          "n’est pas un chargé de dossier de votre organisation"};
}

// Checks `username` as an assignee chosen by `who`; adds a field error otherwise.
Status CheckAssignee(store::Transaction& tx, const Principal& who, const AccountDirectory& accounts,
                     std::string_view username, std::string field,
                     std::vector<FieldError>& errors) {
  if (username.size() > kMaxUsername || !CheckText(field, username, kMaxUsername).ok()) {
    errors.push_back(NotAssignable(std::move(field)));
    return Status::Ok();
  }
  PALERMO_ASSIGN_OR_RETURN(const std::optional<Account> account, accounts.Find(tx, username));
  // The assigner reaches the case fully, so its organisation holds the case: the assignee must
  // be a case worker of that same organisation to reach it too.
  if (!account || account->locked || account->role != Role::kCaseWorker ||
      account->organisation != who.organisation) {
    errors.push_back(NotAssignable(std::move(field)));
  }
  return Status::Ok();
}

Result<bool> IsClosed(store::Transaction& tx, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(const Closure closure, ClosureOf(tx, id));
  return closure.closed;
}

std::string Text(const store::SqlValue& v) {
  const auto* s = std::get_if<std::string>(&v);
  return s != nullptr ? *s : std::string();
}

int64_t Int(const store::SqlValue& v) {
  const auto* i = std::get_if<int64_t>(&v);
  return i != nullptr ? *i : 0;
}

constexpr const char* kTaskColumns =
    "id, case_id, due, assignee, text_sealed, done, created_by, created_at, done_by, done_at";

Result<Task> TaskFromRow(store::Transaction& tx, const store::SqlRow& row, const PartialDate& today) {
  Task t;
  t.id = Int(row[0]);
  t.case_id = Int(row[1]);
  t.due = Text(row[2]);
  t.assignee = Text(row[3]);
  if (const auto* sealed = std::get_if<std::string>(&row[4])) {
    PALERMO_ASSIGN_OR_RETURN(t.text, tx.Open(*sealed, kTaskContext + std::to_string(t.id)));
  }
  t.done = Int(row[5]) != 0;
  t.created_by = Text(row[6]);
  t.created_at = Text(row[7]);
  t.done_by = Text(row[8]);
  t.done_at = Text(row[9]);
  t.overdue = !t.done && t.due < today.ToString();  // YYYY-MM-DD sorts as text
  return t;
}

// Sealed text of a task written after its row exists (the context names the row).
Status SealTaskText(store::Transaction& tx, int64_t task_id, std::string_view text) {
  PALERMO_ASSIGN_OR_RETURN(const std::string sealed,
                           tx.Seal(text, kTaskContext + std::to_string(task_id)));
  return tx.Execute("UPDATE casework_task SET text_sealed = $1 WHERE id = $2", {sealed, task_id})
      .status();
}

// Reads case `id` through the gate for a caseload read (kManageCaseload, full reach) in a read
// transaction (a refusal's audit entry is appended by its commit).
Result<internal::CaseTx> ReadCase(Desk desk, const Principal& who, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx,
                           desk.store.BeginRead(who.actor()));
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record,
                           internal::GateCase(*tx, who, id, Action::kManageCaseload));
  return internal::CaseTx{std::move(tx), std::move(record)};
}

// The tasks of case `id`: open ones by due day, then done ones, most recently done first.
Result<std::vector<Task>> TasksOf(store::Transaction& tx, CaseId id, const PartialDate& today) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query(std::string("SELECT ") + kTaskColumns +
                   " FROM casework_task WHERE case_id = $1 ORDER BY done, due, id",
               {id}));
  std::vector<Task> open, done;
  for (const store::SqlRow& row : rows) {
    PALERMO_ASSIGN_OR_RETURN(Task t, TaskFromRow(tx, row, today));
    (t.done ? done : open).push_back(std::move(t));
  }
  std::stable_sort(done.begin(), done.end(),
                   [](const Task& a, const Task& b) { return a.done_at > b.done_at; });
  for (Task& t : done) open.push_back(std::move(t));
  return open;
}

// The unlocked case workers of the principal's organisation, by name.
Result<std::vector<std::string>> Assignable(store::Transaction& tx, const Principal& who,
                                            const AccountDirectory& accounts) {
  PALERMO_ASSIGN_OR_RETURN(const std::vector<Account> found,
                           accounts.InOrganisation(tx, who.organisation, Role::kCaseWorker));
  std::vector<std::string> names;
  for (const Account& a : found) {
    if (!a.locked) names.push_back(a.username);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

namespace internal {

void RegisterCaseloadMigrations() {
  // One row per assigned case (the history keeps every earlier assignee); tasks with their text
  // sealed (Transaction::Seal, context "casework_task:<id>").
  store::RegisterMigration({"casework", 2, R"sql(
CREATE TABLE casework_assignment (
  case_id BIGINT PRIMARY KEY,
  user_name TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  assigned_at TEXT NOT NULL);
CREATE INDEX casework_assignment_user ON casework_assignment (user_name, case_id);
CREATE TABLE casework_task (
  id {{id}},
  case_id BIGINT NOT NULL,
  due TEXT NOT NULL,
  assignee TEXT NOT NULL,
  text_sealed {{blob}},
  done INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  done_by TEXT NOT NULL,
  done_at TEXT NOT NULL);
CREATE INDEX casework_task_case ON casework_task (case_id, done, due);
CREATE INDEX casework_task_assignee ON casework_task (assignee, done, due)
)sql"});
  store::RegisterSealedColumn({"casework_task", "id", "text_sealed", kTaskContext});
}

Status AnnotateCaseload(store::Transaction& tx, std::vector<CaseSummary>& cases,
                        std::string_view today, bool with_assignee) {
  if (cases.empty()) return Status::Ok();
  CaseId low = cases.front().id, high = cases.front().id;
  for (const CaseSummary& c : cases) {
    low = std::min(low, c.id);
    high = std::max(high, c.id);
  }
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> assigned,
      tx.Query("SELECT case_id, user_name FROM casework_assignment WHERE case_id >= $1 AND "
               "case_id <= $2",
               {low, high}));
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> due,
      tx.Query("SELECT case_id, MIN(due) FROM casework_task WHERE case_id >= $1 AND "
               "case_id <= $2 AND done = 0 GROUP BY case_id",
               {low, high}));
  std::map<CaseId, std::string> assignee, next;
  for (const store::SqlRow& row : assigned) assignee[Int(row[0])] = Text(row[1]);
  for (const store::SqlRow& row : due) next[Int(row[0])] = Text(row[1]);
  for (CaseSummary& c : cases) {
    if (const auto it = assignee.find(c.id); with_assignee && it != assignee.end()) {
      c.assignee = it->second;
    }
    if (const auto it = next.find(c.id); it != next.end()) c.next_due = it->second;
    c.overdue = !c.next_due.empty() && c.next_due < today;
  }
  return Status::Ok();
}

Result<std::vector<CaseId>> AssignedCases(store::Transaction& tx, std::string_view user,
                                          CaseId before, int limit) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT case_id FROM casework_assignment WHERE user_name = $1 AND case_id < $2 "
               "ORDER BY case_id DESC LIMIT $3",
               {std::string(user), before > 0 ? before : std::numeric_limits<int64_t>::max(),
                int64_t{limit}}));
  std::vector<CaseId> out;
  for (const store::SqlRow& row : rows) out.push_back(Int(row[0]));
  return out;
}

Result<std::vector<CaseId>> OverdueCases(store::Transaction& tx, std::string_view today,
                                         CaseId before, int limit) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT DISTINCT case_id FROM casework_task WHERE done = 0 AND due < $1 AND "
               "case_id < $2 ORDER BY case_id DESC LIMIT $3",
               {std::string(today), before > 0 ? before : std::numeric_limits<int64_t>::max(),
                int64_t{limit}}));
  std::vector<CaseId> out;
  for (const store::SqlRow& row : rows) out.push_back(Int(row[0]));
  return out;
}

}  // namespace internal

Result<std::optional<Assignment>> AssignmentOf(store::Transaction& tx, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT user_name, assigned_by, assigned_at FROM casework_assignment "
               "WHERE case_id = $1",
               {id}));
  if (rows.empty()) return std::optional<Assignment>();
  return std::optional(Assignment{Text(rows[0][0]), Text(rows[0][1]), Text(rows[0][2])});
}

Result<EditOutcome> AssignCase(Desk desk, const Principal& who, CaseId id,
                               std::string_view username, const AccountDirectory& accounts) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c,
                           internal::OpenCase(desk, who, id, Action::kManageCaseload));
  store::Transaction& tx = *c.tx;
  EditOutcome out;
  out.record = c.record;
  const std::string user(Trim(username));
  if (!user.empty()) {
    PALERMO_RETURN_IF_ERROR(CheckAssignee(tx, who, accounts, user, "user", out.errors));
  }
  PALERMO_ASSIGN_OR_RETURN(const bool closed, IsClosed(tx, id));
  if (closed) {
    return Status::FailedPrecondition("the case is closed: reopen it before assigning it");
  }
  if (!out.errors.empty()) return out;
  PALERMO_ASSIGN_OR_RETURN(const std::optional<Assignment> current, AssignmentOf(tx, id));
  const std::string before = current ? current->user : "";
  if (before == user) {
    PALERMO_RETURN_IF_ERROR(tx.Commit());
    return out;
  }
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM casework_assignment WHERE case_id = $1", {id}).status());
  if (!user.empty()) {
    PALERMO_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO casework_assignment (case_id, user_name, assigned_by, "
                   "assigned_at) VALUES ($1, $2, $3, $4)",
                   {id, user, who.username, internal::IsoNowUtc()})
            .status());
  }
  PALERMO_ASSIGN_OR_RETURN(
      out.version,
      internal::WritePlainVersion(tx, who, id, "assign", "", {{"assignee", before, user}}));
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<std::string>> AssignableUsers(Desk desk, const Principal& who, CaseId id,
                                                 const AccountDirectory& accounts) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c, ReadCase(desk, who, id));
  PALERMO_ASSIGN_OR_RETURN(std::vector<std::string> names, Assignable(*c.tx, who, accounts));
  PALERMO_RETURN_IF_ERROR(c.tx->Commit());
  return names;
}

Result<TaskOutcome> AddTask(Desk desk, const Principal& who, CaseId id, const TaskInput& input,
                            const AccountDirectory& accounts) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c,
                           internal::OpenCase(desk, who, id, Action::kManageCaseload));
  store::Transaction& tx = *c.tx;
  TaskOutcome out;
  const PartialDate today = internal::DayOfInstant(desk.now);
  const std::string due_text(Trim(input.due));
  std::string due;
  if (due_text.empty()) {
    out.errors.push_back({"due", "required (YYYY-MM-DD)", "obligatoire (AAAA-MM-JJ)"});
  } else {
    Result<PartialDate> d = PartialDate::Parse(due_text);
    if (!d.ok() || d->precision() != DatePrecision::kDay) {
      out.errors.push_back({"due", "not a date (expected YYYY-MM-DD)",
                            "n’est pas une date (AAAA-MM-JJ attendu)"});
    } else if (d->EarliestDay() < today.EarliestDay()) {
      out.errors.push_back({"due", "in the past", "dans le passé"});
    } else if (d->year() > today.year() + 10) {
      out.errors.push_back({"due", "more than ten years ahead", "à plus de dix ans"});
    } else {
      due = d->ToString();
    }
  }
  const std::string assignee(Trim(input.assignee).empty() ? who.username : Trim(input.assignee));
  PALERMO_RETURN_IF_ERROR(CheckAssignee(tx, who, accounts, assignee, "assignee", out.errors));
  const std::string text(Trim(input.text));
  if (text.empty()) {
    out.errors.push_back({"text", "required", "obligatoire"});
  } else if (!CheckText("text", text, kMaxTaskText).ok()) {
    out.errors.push_back({"text", "not valid text (one line, at most 500 bytes of UTF-8)",
                          "texte invalide (une ligne, au plus 500 octets en UTF-8)"});
  }
  PALERMO_ASSIGN_OR_RETURN(const bool closed, IsClosed(tx, id));
  if (closed) return Status::FailedPrecondition("the case is closed: reopen it before adding tasks");
  if (!out.errors.empty()) return out;
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO casework_task (case_id, due, assignee, done, created_by, created_at, "
                 "done_by, done_at) VALUES ($1, $2, $3, 0, $4, $5, '', '')",
                 {id, due, assignee, who.username, internal::IsoNowUtc()})
          .status());
  PALERMO_ASSIGN_OR_RETURN(out.task_id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(SealTaskText(tx, out.task_id, text));
  PALERMO_RETURN_IF_ERROR(
      tx.Audit("add_task", "case", std::to_string(id), "", "task=" + std::to_string(out.task_id)));
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<Task>> CaseTasks(Desk desk, const Principal& who, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c, ReadCase(desk, who, id));
  PALERMO_ASSIGN_OR_RETURN(std::vector<Task> tasks,
                           TasksOf(*c.tx, id, internal::DayOfInstant(desk.now)));
  PALERMO_RETURN_IF_ERROR(c.tx->Commit());
  return tasks;
}

Result<std::optional<CaseCaseload>> CaseloadOf(store::Transaction& tx, const Principal& who,
                                               const CaseRecord& record,
                                               const AccountDirectory& accounts,
                                               referral::Instant now) {
  if (!RoleMay(who.role, Action::kManageCaseload)) return std::optional<CaseCaseload>();
  CaseGate gate;
  PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, gate.AccessTo(tx, who, record));
  if (access != CaseAccess::kFull) return std::optional<CaseCaseload>();
  CaseCaseload view;
  PALERMO_ASSIGN_OR_RETURN(view.assignment, AssignmentOf(tx, record.id));
  PALERMO_ASSIGN_OR_RETURN(view.tasks, TasksOf(tx, record.id, internal::DayOfInstant(now)));
  PALERMO_ASSIGN_OR_RETURN(view.assignable, Assignable(tx, who, accounts));
  return std::optional(std::move(view));
}

Status SetTaskDone(Desk desk, const Principal& who, CaseId id, int64_t task_id, bool done) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c,
                           internal::OpenCase(desk, who, id, Action::kManageCaseload));
  store::Transaction& tx = *c.tx;
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT done FROM casework_task WHERE id = $1 AND case_id = $2", {task_id, id}));
  if (rows.empty()) return Status::NotFound("no such task on this case");
  if ((Int(rows[0][0]) != 0) == done) return tx.Commit();
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("UPDATE casework_task SET done = $1, done_by = $2, done_at = $3 WHERE id = $4",
                 {int64_t{done ? 1 : 0}, done ? who.username : std::string(),
                  done ? internal::IsoNowUtc() : std::string(), task_id})
          .status());
  PALERMO_RETURN_IF_ERROR(tx.Audit(done ? "complete_task" : "reopen_task", "case",
                                   std::to_string(id), "", "task=" + std::to_string(task_id)));
  return tx.Commit();
}

Result<Caseload> MyCaseload(Desk desk, const Principal& who, const referral::Profile* profile) {
  Caseload load;
  const PartialDate today = internal::DayOfInstant(desk.now);
  std::set<CaseId> mine;
  {
    PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx,
                             desk.store.BeginRead(who.actor()));
    CaseGate gate;
    PALERMO_RETURN_IF_ERROR(gate.Require(*tx, who, Action::kManageCaseload, "case", ""));
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> assigned,
        tx->Query("SELECT case_id, assigned_at FROM casework_assignment WHERE user_name = $1 "
                  "ORDER BY case_id DESC LIMIT $2",
                  {who.username, int64_t{kMaxAssigned}}));
    for (const store::SqlRow& row : assigned) {
      const CaseId id = Int(row[0]);
      PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx->GetCase(id, false, ""));
      PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, gate.AccessTo(*tx, who, record));
      if (access != CaseAccess::kFull) continue;  // moved to another organisation since
      PALERMO_ASSIGN_OR_RETURN(const bool closed, IsClosed(*tx, id));
      if (closed) continue;
      AssignedCase a;
      a.summary = Summarise(record);
      a.assigned_at = Text(row[1]);
      PALERMO_ASSIGN_OR_RETURN(
          const std::vector<store::SqlRow> next,
          tx->Query("SELECT MIN(due) FROM casework_task WHERE case_id = $1 AND done = 0", {id}));
      if (!next.empty()) a.next_due = Text(next[0][0]);
      a.overdue = !a.next_due.empty() && a.next_due < today.ToString();
      mine.insert(id);
      load.cases.push_back(std::move(a));
    }
    // My open tasks, on any case I still reach fully (a task may be mine on a colleague's case).
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> tasks,
        tx->Query(std::string("SELECT ") + kTaskColumns +
                      " FROM casework_task WHERE assignee = $1 AND done = 0 ORDER BY due, id "
                      "LIMIT 500",
                  {who.username}));
    std::map<CaseId, bool> reach;
    for (const store::SqlRow& row : tasks) {
      const CaseId id = Int(row[1]);
      auto it = reach.find(id);
      if (it == reach.end()) {
        PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, tx->GetCase(id, false, ""));
        PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, gate.AccessTo(*tx, who, record));
        PALERMO_ASSIGN_OR_RETURN(const bool closed, IsClosed(*tx, id));
        it = reach.emplace(id, access == CaseAccess::kFull && !closed).first;
      }
      if (!it->second) continue;
      PALERMO_ASSIGN_OR_RETURN(Task t, TaskFromRow(*tx, row, today));
      load.open_tasks.push_back(std::move(t));
    }
    // Recent changes of my cases: names of the fields only.
    if (!mine.empty()) {
      std::string in;
      std::vector<store::SqlValue> params;
      for (const CaseId id : mine) {
        params.emplace_back(id);
        in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
      }
      params.emplace_back(int64_t{kMaxRecent});
      PALERMO_ASSIGN_OR_RETURN(
          const std::vector<store::SqlRow> versions,
          tx->Query("SELECT case_id, version, kind, at, user_name, fields FROM "
                    "casework_case_version WHERE case_id IN (" + in +
                        ") ORDER BY at DESC, id DESC LIMIT $" + std::to_string(params.size()),
                    params));
      for (const store::SqlRow& row : versions) {
        RecentChange r;
        r.case_id = Int(row[0]);
        r.version = Int(row[1]);
        r.kind = Text(row[2]);
        r.at = Text(row[3]);
        r.user = Text(row[4]);
        const std::string fields = Text(row[5]);
        size_t start = 0;
        while (start < fields.size()) {
          const size_t comma = std::min(fields.find(',', start), fields.size());
          if (comma > start) r.fields.push_back(fields.substr(start, comma - start));
          start = comma + 1;
        }
        load.recent.push_back(std::move(r));
      }
    }
    PALERMO_RETURN_IF_ERROR(tx->Commit());
  }
  if (!mine.empty()) {
    if (profile == nullptr) {
      PALERMO_ASSIGN_OR_RETURN(profile, NrmProfile());
    }
    PALERMO_ASSIGN_OR_RETURN(std::vector<referral::Alert> alerts,
                             DueReferrals(desk, who, *profile, desk.now));
    for (referral::Alert& alert : alerts) {
      if (mine.count(alert.case_id) != 0) load.referral_deadlines.push_back(std::move(alert));
    }
  }
  return load;
}

}  // namespace palermo::casework
