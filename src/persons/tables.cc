// SPDX-License-Identifier: AGPL-3.0-or-later
// The persons_* tables: schema, decisions, assignments and the view of one person.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "persons/internal.h"

namespace palermo::persons {

using internal::Int;
using internal::Real;
using internal::Str;

namespace internal {
std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}
}  // namespace internal

void RegisterMigrations() {
  store::RegisterMigration(
      {"persons", 1,
       // One row per linkage run: its parameters and the model it used (weights, no data).
       "CREATE TABLE persons_run (id {{id}}, at TEXT NOT NULL, by_user TEXT NOT NULL, "
       "mode TEXT NOT NULL, cases BIGINT NOT NULL, linked_cases BIGINT NOT NULL, "
       "persons BIGINT NOT NULL, links BIGINT NOT NULL, threshold REAL NOT NULL, "
       "review_lower REAL NOT NULL, review_upper REAL NOT NULL, parameters TEXT NOT NULL, "
       "model TEXT NOT NULL, full_run_id BIGINT NOT NULL);"
       "CREATE TABLE persons_person (id {{id}}, created_run BIGINT NOT NULL);"
       // The person of each case; `fingerprint` (sealed) digests the values linkage read.
       "CREATE TABLE persons_assignment (case_id BIGINT PRIMARY KEY, person_id BIGINT NOT NULL, "
       "run_id BIGINT NOT NULL, fingerprint {{blob}} NOT NULL);"
       "CREATE INDEX persons_assignment_person ON persons_assignment (person_id);"
       // Every change of a case's person (person_id 0: the case left the store).
       "CREATE TABLE persons_history (id {{id}}, case_id BIGINT NOT NULL, person_id BIGINT NOT "
       "NULL, run_id BIGINT NOT NULL, at TEXT NOT NULL);"
       "CREATE INDEX persons_history_case ON persons_history (case_id);"
       // Links found (probability >= threshold), with their agreement pattern (levels only).
       "CREATE TABLE persons_link (case_a BIGINT NOT NULL, case_b BIGINT NOT NULL, run_id BIGINT "
       "NOT NULL, probability REAL NOT NULL, weight REAL NOT NULL, pattern BIGINT NOT NULL, "
       "PRIMARY KEY (case_a, case_b)) {{without_rowid}};"
       "CREATE INDEX persons_link_b ON persons_link (case_b);"
       "CREATE TABLE persons_review (case_a BIGINT NOT NULL, case_b BIGINT NOT NULL, run_id "
       "BIGINT NOT NULL, probability REAL NOT NULL, linked BIGINT NOT NULL, "
       "PRIMARY KEY (case_a, case_b)) {{without_rowid}};"
       "CREATE TABLE persons_decision (case_a BIGINT NOT NULL, case_b BIGINT NOT NULL, same "
       "BIGINT NOT NULL, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, source TEXT NOT "
       "NULL, PRIMARY KEY (case_a, case_b)) {{without_rowid}}"});
  // The linkage lock (run_lock.cc): at most one row, id 1, while a run is in progress.
  store::RegisterMigration(
      {"persons", 2,
       "CREATE TABLE persons_lock (id BIGINT PRIMARY KEY, token TEXT NOT NULL, by_user TEXT NOT "
       "NULL, since TEXT NOT NULL, host TEXT NOT NULL, pid BIGINT NOT NULL, heartbeat BIGINT NOT "
       "NULL)"});
  store::RegisterSealedColumn(
      {"persons_assignment", "case_id", "fingerprint", "persons_fingerprint:"});
}

Status RecordDecision(store::Transaction& tx, CaseId a, CaseId b, bool same,
                      std::string_view decided_by, std::string_view source) {
  if (a == b) return Status::InvalidArgument("a decision needs two different cases");
  if (a > b) std::swap(a, b);
  for (const CaseId id : {a, b}) {
    PALERMO_ASSIGN_OR_RETURN(auto rows,
                             tx.Query("SELECT id FROM case_record WHERE id = $1", {int64_t{id}}));
    if (rows.empty()) return Status::NotFound("no case " + std::to_string(id));
  }
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM persons_decision WHERE case_a = $1 AND case_b = $2", {a, b})
          .status());
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO persons_decision (case_a, case_b, same, decided_by, decided_at, "
                 "source) VALUES ($1, $2, $3, $4, $5, $6)",
                 {a, b, int64_t{same ? 1 : 0}, std::string(decided_by),
                  internal::NowUtc(), std::string(source)})
          .status());
  return tx.Audit(same ? "decide_same_person" : "decide_different_persons", "case_pair",
                  std::to_string(a) + "," + std::to_string(b), "", std::string(source));
}

Result<std::vector<Decision>> ListDecisions(store::Transaction& tx) {
  PALERMO_ASSIGN_OR_RETURN(auto rows,
                           tx.Query("SELECT case_a, case_b, same, decided_by, decided_at, source "
                                    "FROM persons_decision ORDER BY case_a, case_b"));
  std::vector<Decision> out;
  for (const auto& r : rows)
    out.push_back({Int(r[0]), Int(r[1]), Int(r[2]) != 0, Str(r[3]), Str(r[4]), Str(r[5])});
  return out;
}

Result<std::vector<Assignment>> ListAssignments(store::Transaction& tx) {
  PALERMO_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT c.id, c.agency, c.local_id, a.person_id FROM case_record c "
                          "LEFT JOIN persons_assignment a ON a.case_id = c.id "
                          "ORDER BY c.agency, c.local_id"));
  std::vector<Assignment> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({Int(r[0]), Str(r[1]), Str(r[2]), Int(r[3])});
  return out;
}

Result<PersonView> ShowPerson(store::Transaction& tx, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(auto found,
                           tx.Query("SELECT c.id, a.person_id FROM case_record c LEFT JOIN "
                                    "persons_assignment a ON a.case_id = c.id WHERE c.id = $1",
                                    {int64_t{case_id}}));
  if (found.empty()) return Status::NotFound("no case " + std::to_string(case_id));
  PersonView view;
  view.person_id = Int(found[0][1]);
  if (view.person_id == 0)
    return Status::FailedPrecondition("case " + std::to_string(case_id) +
                                      " is not linked yet: run palermo link");
  PALERMO_ASSIGN_OR_RETURN(
      auto cases, tx.Query("SELECT c.id, c.agency, c.local_id FROM persons_assignment a JOIN "
                           "case_record c ON c.id = a.case_id WHERE a.person_id = $1 ORDER BY c.id",
                           {view.person_id}));
  for (const auto& r : cases) view.cases.push_back({Int(r[0]), Str(r[1]), Str(r[2]), view.person_id});
  PALERMO_ASSIGN_OR_RETURN(
      auto links, tx.Query("SELECT l.case_a, l.case_b, l.probability, l.weight, l.pattern, l.run_id "
                           "FROM persons_link l JOIN persons_assignment a ON a.case_id = l.case_a "
                           "JOIN persons_assignment b ON b.case_id = l.case_b "
                           "WHERE a.person_id = $1 AND b.person_id = $1 "
                           "ORDER BY l.probability DESC, l.case_a, l.case_b",
                           {view.person_id}));
  for (const auto& r : links) {
    Evidence e{Int(r[0]), Int(r[1]), Real(r[2]), Real(r[3]), {}, Int(r[5]), false};
    const auto pattern = static_cast<uint64_t>(Int(r[4]));
    for (int f = 0; f < link::kFieldCount; ++f) {
      const int level = link::PatternLevel(pattern, f);
      if (level == link::kMissing) continue;
      const auto field = static_cast<link::Field>(f);
      e.levels.emplace_back(std::string(link::FieldName(field)),
                            std::string(link::LevelName(field, level)));
    }
    view.evidence.push_back(std::move(e));
  }
  PALERMO_ASSIGN_OR_RETURN(
      auto decided, tx.Query("SELECT d.case_a, d.case_b FROM persons_decision d JOIN "
                             "persons_assignment a ON a.case_id = d.case_a JOIN persons_assignment "
                             "b ON b.case_id = d.case_b WHERE d.same = 1 AND a.person_id = $1 AND "
                             "b.person_id = $1 ORDER BY d.case_a, d.case_b",
                             {view.person_id}));
  for (const auto& r : decided) view.evidence.push_back({Int(r[0]), Int(r[1]), 1.0, 0, {}, 0, true});
  PALERMO_ASSIGN_OR_RETURN(
      auto history, tx.Query("SELECT h.case_id, h.person_id, h.run_id, h.at FROM persons_history h "
                             "JOIN persons_assignment a ON a.case_id = h.case_id "
                             "WHERE a.person_id = $1 ORDER BY h.id",
                             {view.person_id}));
  for (const auto& r : history) view.history.push_back({Int(r[0]), Int(r[1]), Int(r[2]), Str(r[3])});
  return view;
}

std::string PersonsCsv(const std::vector<Assignment>& assignments) {
  std::string out = "agency,local_id,person_id\n";
  for (const Assignment& a : assignments) {
    out += CsvEscape(a.agency);
    out += ',';
    out += CsvEscape(a.local_id);
    out += ',';
    if (a.person_id != 0) out += std::to_string(a.person_id);
    out += '\n';
  }
  return out;
}

}  // namespace palermo::persons
