// SPDX-License-Identifier: AGPL-3.0-or-later
// Screenings, answers and decisions over the store. Thin: the rule lives in decision_rule.cc.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include "screen/screen.h"

namespace palermo::screen {
namespace {

using store::SqlRow;
using store::SqlValue;

constexpr const char* kScreenRoles[] = {"first_responder", "case_worker", "decision_maker"};
constexpr const char* kDecisions[] = {"refer_to_nrm", "identified", "not_identified",
                                      "needs_more_information"};

std::string NowIso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Str(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "";
}
int64_t Int(const SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  return 0;
}

// Refuses an actor whose role may not screen; the refusal is audited.
Status CheckRole(store::Transaction& tx, const store::Actor& actor, std::string_view object_id,
                 Lang lang) {
  if (std::any_of(std::begin(kScreenRoles), std::end(kScreenRoles),
                  [&](const char* r) { return actor.role == r; }))
    return Status::Ok();
  static constexpr Msg kDenied{
      "role “{role}” may not screen or decide; roles allowed: first_responder, case_worker, "
      "decision_maker",
      "le rôle « {role} » ne peut ni mener un repérage ni décider ; rôles autorisés : "
      "first_responder, case_worker, "
      "decision_maker"};
  const Status denied = Status::PermissionDenied(Format(kDenied, lang, {{"role", actor.role}}));
  PALERMO_RETURN_IF_ERROR(tx.Audit("screen_denied", "screening", object_id, "", denied.message()));
  return denied;
}

Status SealNote(store::Transaction& tx, std::string_view table, int64_t id, std::string_view note) {
  if (note.empty()) return Status::Ok();
  const std::string context = std::string(table) + ":" + std::to_string(id);
  PALERMO_ASSIGN_OR_RETURN(std::string sealed, tx.Seal(note, context));
  const std::string sql = "UPDATE " + std::string(table) + " SET note = $1 WHERE id = $2";
  PALERMO_ASSIGN_OR_RETURN(int64_t changed, tx.Execute(sql, {sealed, id}));
  (void)changed;
  return Status::Ok();
}

Result<std::string> OpenNote(store::Transaction& tx, std::string_view table, int64_t id,
                             const SqlValue& v) {
  const auto* sealed = std::get_if<std::string>(&v);
  if (!sealed || sealed->empty()) return std::string();
  return tx.Open(*sealed, std::string(table) + ":" + std::to_string(id));
}

Result<ScreeningInfo> RowToInfo(const SqlRow& row) {
  ScreeningInfo s;
  s.id = Int(row[0]);
  s.case_id = Int(row[1]);
  s.list_name = Str(row[2]);
  s.list_version = Str(row[3]);
  PALERMO_ASSIGN_OR_RETURN(s.population, ParsePopulation(Str(row[4])));
  PALERMO_ASSIGN_OR_RETURN(s.exploitation, ParseExploitation(Str(row[5])));
  s.created_at = Str(row[6]);
  s.created_by = Str(row[7]);
  s.organisation = Str(row[8]);
  return s;
}

}  // namespace

void RegisterMigrations() {
  store::RegisterMigration({"screen", 1,
                            "CREATE TABLE screen_screening (id {{id}}, case_id BIGINT NOT NULL, "
                            "list_name TEXT NOT NULL, "
                            "list_version TEXT NOT NULL, population TEXT NOT NULL, exploitation "
                            "TEXT NOT NULL, created_at TEXT NOT NULL, "
                            "created_by TEXT NOT NULL, organisation TEXT NOT NULL);"
                            "CREATE INDEX screen_screening_case ON screen_screening (case_id);"
                            "CREATE TABLE screen_answer (id {{id}}, screening_id BIGINT NOT NULL "
                            "REFERENCES screen_screening (id), "
                            "kind TEXT NOT NULL, code TEXT NOT NULL, answer TEXT NOT NULL, "
                            "answered_by TEXT NOT NULL, role TEXT NOT NULL, "
                            "answered_at TEXT NOT NULL, note {{blob}});"
                            "CREATE INDEX screen_answer_screening ON screen_answer (screening_id);"
                            "CREATE TABLE screen_decision (id {{id}}, screening_id BIGINT NOT NULL "
                            "REFERENCES screen_screening (id), "
                            "decision TEXT NOT NULL, decided_by TEXT NOT NULL, role TEXT NOT NULL, "
                            "decided_at TEXT NOT NULL, "
                            "presumption TEXT NOT NULL, note {{blob}})"});
  store::RegisterSealedColumn({"screen_answer", "id", "note", "screen_answer:"});
  store::RegisterSealedColumn({"screen_decision", "id", "note", "screen_decision:"});
}

Result<ScreeningInfo> StartScreening(store::Transaction& tx, const store::Actor& actor,
                                     const IndicatorList& list, CaseId case_id,
                                     const ScreeningOptions& options) {
  const std::string object = "case:" + std::to_string(case_id);
  PALERMO_RETURN_IF_ERROR(CheckRole(tx, actor, object, options.lang));
  PALERMO_ASSIGN_OR_RETURN(CaseRecord record, tx.GetCase(case_id, /*with_identifiers=*/false, ""));
  const std::optional<int> age = AgeAtIdentification(record);
  const std::optional<Population> by_age = PopulationForAge(age);
  Population population;
  if (options.population) {
    if (by_age && *by_age != *options.population) {
      static constexpr Msg kContradicts{
          "the case’s recorded age ({age}) contradicts the {population} indicator set",
          "l’âge enregistré du dossier ({age}) contredit la liste d’indicateurs {population}"};
      return Status::InvalidArgument(
          Format(kContradicts, options.lang,
                 {{"age", int64_t{*age}},
                  {"population", std::string(PopulationCode(*options.population))}}));
    }
    population = *options.population;
  } else if (by_age) {
    population = *by_age;
  } else {
    static constexpr Msg kNeedsPopulation{
        "the case’s age is unknown: choose the adult or the child indicator set (if there are "
        "reasons to believe "
        "the person is a child, use the child set: Directive 2011/36/EU art. 13(2))",
        "l’âge du dossier est inconnu : choisissez la liste adulte ou enfant (s’il y a des raisons "
        "de croire que "
        "la personne est un enfant, utilisez la liste enfant : directive 2011/36/UE art. 13(2))"};
    return Status::FailedPrecondition(Format(kNeedsPopulation, options.lang));
  }
  if (!list.Has(population, options.exploitation)) {
    static constexpr Msg kNoSet{
        "the indicator list {list} {version} has no {population} × {form} set; add it to the list "
        "(see "
        "docs/screen.md)",
        "la liste d’indicateurs {list} {version} n’a pas de jeu {population} × {form} ; ajoutez-le "
        "à la liste (voir "
        "docs/screen.md)"};
    static constexpr Msg kNoSetBecause{
        "the indicator list {list} {version} has no {population} × {form} set: {note}",
        "la liste d’indicateurs {list} {version} n’a pas de jeu {population} × {form} : {note}"};
    const std::string note = list.MissingSetNote(population, options.exploitation, options.lang);
    return Status::FailedPrecondition(
        Format(note.empty() ? kNoSet : kNoSetBecause, options.lang,
               {{"list", list.name()},
                {"version", list.version()},
                {"population", std::string(PopulationCode(population))},
                {"form", std::string(ExploitationCode(options.exploitation))},
                {"note", note}}));
  }
  ScreeningInfo info;
  info.case_id = case_id;
  info.list_name = list.name();
  info.list_version = list.version();
  info.population = population;
  info.exploitation = options.exploitation;
  info.created_at = NowIso();
  info.created_by = actor.user;
  info.organisation = actor.organisation;
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute(
          "INSERT INTO screen_screening (case_id, list_name, list_version, population, "
          "exploitation, "
          "created_at, created_by, organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {case_id, info.list_name, info.list_version, std::string(PopulationCode(population)),
           std::string(ExploitationCode(options.exploitation)), info.created_at, info.created_by,
           info.organisation}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(info.id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(
      tx.Audit("screen_start", "screening", std::to_string(info.id), "identification",
               "case " + std::to_string(case_id) + ", " + std::string(PopulationCode(population)) +
                   "/" + std::string(ExploitationCode(options.exploitation)) + ", list " +
                   list.name() + " " + list.version()));
  return info;
}

Result<ScreeningInfo> LatestScreening(store::Transaction& tx, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      tx.Query("SELECT id, case_id, list_name, list_version, population, exploitation, created_at, "
               "created_by, "
               "organisation FROM screen_screening WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
               {case_id}));
  if (rows.empty()) return Status::NotFound("no screening for case " + std::to_string(case_id));
  return RowToInfo(rows[0]);
}

Status RecordAnswers(store::Transaction& tx, const store::Actor& actor, const IndicatorList& list,
                     const ScreeningInfo& screening, const std::vector<AnswerRecord>& answers,
                     std::string_view note, Lang lang) {
  const std::string object = std::to_string(screening.id);
  PALERMO_RETURN_IF_ERROR(CheckRole(tx, actor, object, lang));
  // Validate every code before writing anything.
  std::vector<std::string> kinds;
  for (const AnswerRecord& a : answers) {
    if (list.Find(screening.population, screening.exploitation, a.code)) {
      kinds.push_back("trafficking");
    } else if (list.FindForcedLabour(a.code)) {
      kinds.push_back("forced_labour");
    } else {
      static constexpr Msg kUnknown{
          "unknown indicator “{code}” for the {population} × {form} set of {list} (see “palermo "
          "screen show”)",
          "indicateur « {code} » inconnu dans le jeu {population} × {form} de {list} (voir « "
          "palermo screen show »)"};
      return Status::InvalidArgument(
          Format(kUnknown, lang,
                 {{"code", a.code},
                  {"population", std::string(PopulationCode(screening.population))},
                  {"form", std::string(ExploitationCode(screening.exploitation))},
                  {"list", list.name()}}));
    }
  }
  const std::string now = NowIso();
  for (size_t idx = 0; idx < answers.size(); ++idx) {
    PALERMO_ASSIGN_OR_RETURN(
        int64_t inserted,
        tx.Execute("INSERT INTO screen_answer (screening_id, kind, code, answer, answered_by, "
                   "role, answered_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   {screening.id, kinds[idx], answers[idx].code,
                    std::string(AnswerCode(answers[idx].answer)), actor.user, actor.role, now}));
    (void)inserted;
    // One note per call, kept on its last answer row.
    if (idx + 1 == answers.size() && !note.empty()) {
      PALERMO_ASSIGN_OR_RETURN(int64_t id, tx.LastInsertId());
      PALERMO_RETURN_IF_ERROR(SealNote(tx, "screen_answer", id, note));
    }
  }
  return tx.Audit("screen_answer", "screening", object, "identification",
                  std::to_string(answers.size()) + " answer(s)");
}

Result<std::vector<StoredAnswer>> LoadAnswers(store::Transaction& tx,
                                              const ScreeningInfo& screening, bool with_notes) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      tx.Query("SELECT id, kind, code, answer, answered_by, role, answered_at, note "
               "FROM screen_answer WHERE screening_id = $1 ORDER BY id",
               {screening.id}));
  std::map<std::string, StoredAnswer> latest;  // by kind/code; later rows replace earlier ones
  std::vector<std::string> order;
  for (const SqlRow& row : rows) {
    StoredAnswer a;
    a.kind = Str(row[1]);
    a.code = Str(row[2]);
    PALERMO_ASSIGN_OR_RETURN(a.answer, ParseAnswer(Str(row[3])));
    a.answered_by = Str(row[4]);
    a.role = Str(row[5]);
    a.answered_at = Str(row[6]);
    if (with_notes) {
      PALERMO_ASSIGN_OR_RETURN(a.note, OpenNote(tx, "screen_answer", Int(row[0]), row[7]));
    }
    const std::string key = a.kind + "/" + a.code;
    if (!latest.contains(key)) order.push_back(key);
    latest[key] = std::move(a);
  }
  if (with_notes) {
    PALERMO_RETURN_IF_ERROR(tx.Audit("screen_read_notes", "screening", std::to_string(screening.id),
                                     "identification", ""));
  }
  std::vector<StoredAnswer> out;
  for (const std::string& key : order) out.push_back(std::move(latest[key]));
  return out;
}

Result<ScreeningResult> EvaluateStored(store::Transaction& tx, const IndicatorList& list,
                                       const ScreeningInfo& screening) {
  if (list.name() != screening.list_name)
    return Status::FailedPrecondition("screening " + std::to_string(screening.id) +
                                      " was made with list " + screening.list_name + ", not " +
                                      list.name());
  PALERMO_ASSIGN_OR_RETURN(std::vector<StoredAnswer> stored, LoadAnswers(tx, screening));
  std::vector<AnswerRecord> answers;
  for (const StoredAnswer& a : stored)
    if (a.kind == "trafficking") answers.push_back({a.code, a.answer});
  ScreeningResult result = Evaluate(list, screening.population, screening.exploitation, answers);
  if (list.version() != screening.list_version) {
    result.reasons.push_back(
        Reason{"The screening was made with list version " + screening.list_version +
                   "; it is evaluated here with " + list.version() + ".",
               "Le repérage a été fait avec la version " + screening.list_version +
                   " de la liste ; il est évalué ici "
                   "avec la version " +
                   list.version() + "."});
  }
  return result;
}

Status RecordDecision(store::Transaction& tx, const store::Actor& actor,
                      const ScreeningInfo& screening, const ScreeningResult& result,
                      std::string_view decision, std::string_view note, Lang lang) {
  const std::string object = std::to_string(screening.id);
  PALERMO_RETURN_IF_ERROR(CheckRole(tx, actor, object, lang));
  if (std::none_of(std::begin(kDecisions), std::end(kDecisions),
                   [&](const char* d) { return decision == d; })) {
    static constexpr Msg kBad{
        "unknown decision “{d}”; use refer_to_nrm, identified, not_identified or "
        "needs_more_information",
        "décision « {d} » inconnue ; utilisez refer_to_nrm, identified, not_identified ou "
        "needs_more_information"};
    return Status::InvalidArgument(Format(kBad, lang, {{"d", std::string(decision)}}));
  }
  PALERMO_ASSIGN_OR_RETURN(
      int64_t inserted, tx.Execute("INSERT INTO screen_decision (screening_id, decision, "
                                   "decided_by, role, decided_at, presumption) "
                                   "VALUES ($1, $2, $3, $4, $5, $6)",
                                   {screening.id, std::string(decision), actor.user, actor.role,
                                    NowIso(), std::string(PresumptionCode(result.presumption))}));
  (void)inserted;
  PALERMO_ASSIGN_OR_RETURN(int64_t id, tx.LastInsertId());
  PALERMO_RETURN_IF_ERROR(SealNote(tx, "screen_decision", id, note));
  return tx.Audit("screen_decision", "screening", object, "identification",
                  "decision " + std::string(decision) + " (presumption " +
                      std::string(PresumptionCode(result.presumption)) + ")");
}

Result<std::vector<Decision>> LoadDecisions(store::Transaction& tx, const ScreeningInfo& screening,
                                            bool with_notes) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      tx.Query("SELECT id, decision, decided_by, role, decided_at, presumption, note "
               "FROM screen_decision WHERE screening_id = $1 ORDER BY id",
               {screening.id}));
  std::vector<Decision> out;
  for (const SqlRow& row : rows) {
    Decision d;
    d.decision = Str(row[1]);
    d.decided_by = Str(row[2]);
    d.role = Str(row[3]);
    d.decided_at = Str(row[4]);
    d.presumption_at_decision = Str(row[5]);
    if (with_notes) {
      PALERMO_ASSIGN_OR_RETURN(d.note, OpenNote(tx, "screen_decision", Int(row[0]), row[6]));
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace palermo::screen
