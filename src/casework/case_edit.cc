// SPDX-License-Identifier: AGPL-3.0-or-later
// Correcting, closing and reopening a case, with versioned history (casework.h).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <ctime>
#include <nlohmann/json.hpp>

#include "casework/casework.h"
#include "casework/internal.h"

namespace palermo::casework {
namespace {

using nlohmann::json;

constexpr const char* kVersionContext = "case_version:";

// Identifier fields: their values are sealed in the history and withheld without a purpose.
constexpr std::string_view kIdentifierFields[] = {
    "given_name", "family_name", "full_name", "birth_date", "document_numbers",
    "phones",     "address",     "notes"};
constexpr std::string_view kPlainFields[] = {
    "sex",   "gender_detail",       "victim_status",        "citizenship", "country_of_exploitation",
    "forms", "identification_date", "age_at_identification"};
// Fields whose correction needs a reason.
constexpr std::string_view kNeedReason[] = {"victim_status", "identification_date", "birth_date",
                                            "sex", "citizenship"};

bool IsIdentifierField(std::string_view f) {
  return std::find(std::begin(kIdentifierFields), std::end(kIdentifierFields), f) !=
         std::end(kIdentifierFields);
}

std::string IsoNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "|") + s;
  return out;
}

std::vector<std::string> SplitBar(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t bar = text.find('|', start);
    const std::string_view part =
        Trim(text.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (!part.empty()) out.emplace_back(part);
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string DateOrEmpty(const std::optional<PartialDate>& d) { return d ? d->ToString() : ""; }

// Every field's value as text, the way the history shows it.
std::string ValueOf(const CaseRecord& r, std::string_view f) {
  const DirectIdentifiers& ids = r.person.identifiers;
  if (f == "sex") return std::string(SexCode(r.person.sex));
  if (f == "gender_detail") return r.person.gender_detail;
  if (f == "victim_status") return std::string(VictimStatusCode(r.victim_status));
  if (f == "citizenship") return r.person.citizenship;
  if (f == "country_of_exploitation") return r.country_of_exploitation;
  if (f == "forms") return Joined(r.forms);
  if (f == "identification_date") return DateOrEmpty(r.identification_date);
  if (f == "age_at_identification") {
    return r.age_at_identification ? std::to_string(*r.age_at_identification) : "";
  }
  if (f == "given_name") return ids.given_name;
  if (f == "family_name") return ids.family_name;
  if (f == "full_name") return ids.full_name;
  if (f == "birth_date") return DateOrEmpty(ids.birth_date);
  if (f == "document_numbers") return Joined(ids.document_numbers);
  if (f == "phones") return Joined(ids.phones);
  if (f == "address") return ids.address;
  if (f == "notes") return r.notes;
  return "";
}

}  // namespace

CaseRecord ApplyPatch(CaseRecord r, const CasePatch& p) {
  DirectIdentifiers& ids = r.person.identifiers;
  if (p.sex) r.person.sex = *p.sex;
  if (p.gender_detail) r.person.gender_detail = *p.gender_detail;
  if (p.victim_status) r.victim_status = *p.victim_status;
  if (p.citizenship) r.person.citizenship = *p.citizenship;
  if (p.country_of_exploitation) r.country_of_exploitation = *p.country_of_exploitation;
  if (p.forms) r.forms = *p.forms;
  if (p.identification_date) r.identification_date = *p.identification_date;
  if (p.age_at_identification) r.age_at_identification = *p.age_at_identification;
  if (p.given_name) ids.given_name = *p.given_name;
  if (p.family_name) ids.family_name = *p.family_name;
  if (p.full_name) ids.full_name = *p.full_name;
  if (p.address) ids.address = *p.address;
  if (p.notes) r.notes = *p.notes;
  if (p.document_numbers) ids.document_numbers = *p.document_numbers;
  if (p.phones) ids.phones = *p.phones;
  if (p.birth_date) {
    ids.birth_date = *p.birth_date;
    // The year kept for statistics follows the birth date.
    r.person.birth_year = ids.birth_date ? std::optional(ids.birth_date->year()) : std::nullopt;
  }
  return r;
}

namespace {

struct Diff {
  std::vector<std::string> fields;  // changed fields, in a fixed order
  json plain = json::object();       // non-identifier field -> [before, after]
  json sealed = json::object();      // identifier field -> [before, after]
};

Diff Compare(const CaseRecord& before, const CaseRecord& after) {
  Diff d;
  const auto one = [&](std::string_view f, bool identifier) {
    const std::string a = ValueOf(before, f);
    const std::string b = ValueOf(after, f);
    if (a == b) return;
    d.fields.emplace_back(f);
    (identifier ? d.sealed : d.plain)[std::string(f)] = json::array({a, b});
  };
  for (const std::string_view f : kPlainFields) one(f, false);
  for (const std::string_view f : kIdentifierFields) one(f, true);
  return d;
}

void CheckShortText(std::vector<FieldError>& errors, std::string_view field, std::string_view v) {
  if (!CheckText(field, v, 1000, /*multi_line=*/true).ok()) {
    errors.push_back({std::string(field), "not valid text (at most 1000 bytes of UTF-8)",
                      "texte invalide (au plus 1000 octets en UTF-8)"});
  }
}

// Writes a version row; the reason, the decision and the identifier values are sealed.
Result<int64_t> WriteVersion(store::Transaction& tx, const Principal& who, CaseId id,
                             std::string_view kind, std::string_view reason,
                             std::string_view decision, const Diff& diff) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> last,
      tx.Query("SELECT MAX(version) FROM casework_case_version WHERE case_id = $1", {id}));
  int64_t version = 2;  // version 1 is the creation, recorded or implied (an import)
  if (!last.empty() && std::holds_alternative<int64_t>(last[0][0])) {
    version = std::get<int64_t>(last[0][0]) + 1;
  }
  std::string fields;
  for (const std::string& f : diff.fields) fields += (fields.empty() ? "" : ",") + f;
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO casework_case_version (case_id, version, kind, at, user_name, "
                 "organisation, fields, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                 {id, version, std::string(kind), IsoNow(), who.username, who.organisation, fields,
                  diff.plain.dump()})
          .status());
  PALERMO_ASSIGN_OR_RETURN(const int64_t row, tx.LastInsertId());
  const json secret{{"reason", reason}, {"decision", decision}, {"identifiers", diff.sealed}};
  PALERMO_ASSIGN_OR_RETURN(const std::string sealed,
                           tx.Seal(secret.dump(), kVersionContext + std::to_string(row)));
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("UPDATE casework_case_version SET sealed = $1 WHERE id = $2", {sealed, row})
          .status());
  PALERMO_RETURN_IF_ERROR(tx.Audit(std::string(kind) + "_case", "case", std::to_string(id), "",
                                   "version=" + std::to_string(version) + " fields=" + fields));
  return version;
}

}  // namespace

namespace internal {

std::string IsoNowUtc() { return IsoNow(); }

Result<int64_t> WritePlainVersion(store::Transaction& tx, const Principal& who, CaseId id,
                                  std::string_view kind, std::string_view reason,
                                  const std::vector<PlainChange>& changes) {
  Diff diff;
  for (const PlainChange& c : changes) {
    diff.fields.push_back(c.field);
    diff.plain[c.field] = json::array({c.before, c.after});
  }
  return WriteVersion(tx, who, id, kind, reason, "", diff);
}

}  // namespace internal

namespace {

Result<CaseRecord> Pseudonymised(store::Transaction& tx, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(CaseRecord r, tx.GetCase(id, /*with_identifiers=*/false, ""));
  r.person.identifiers = DirectIdentifiers{};
  r.notes.clear();
  return r;
}

Result<std::optional<PartialDate>> ParseOptionalDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::optional<PartialDate>();
  PALERMO_ASSIGN_OR_RETURN(const PartialDate d, PartialDate::Parse(text));
  return std::optional(d);
}

PartialDate DayOf(referral::Instant now) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  return *PartialDate::FromParts(static_cast<int>(ymd.year()),
                                 static_cast<int>(static_cast<unsigned>(ymd.month())),
                                 static_cast<int>(static_cast<unsigned>(ymd.day())));
}

}  // namespace

namespace internal {

PartialDate DayOfInstant(referral::Instant now) { return DayOf(now); }

void RegisterHistoryMigrations() {
  // One row per version after the creation; `fields` names the fields changed, `changes`
  // holds the non-identifier fields' [before, after]; `sealed` the reason, the decision and the
  // identifier fields' values (Transaction::Seal, context "case_version:<id>").
  store::RegisterMigration({"casework", 1, R"sql(
CREATE TABLE casework_case_version (
  id {{id}},
  case_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  fields TEXT NOT NULL,
  changes TEXT NOT NULL,
  sealed {{blob}},
  UNIQUE (case_id, version));
CREATE TABLE casework_case_closure (
  case_id BIGINT PRIMARY KEY,
  closed INTEGER NOT NULL,
  reason TEXT NOT NULL,
  closed_on TEXT NOT NULL)
)sql"});
  store::RegisterSealedColumn({"casework_case_version", "id", "sealed", kVersionContext});
}

Result<std::set<CaseId>> ClosedBetween(store::Transaction& tx, CaseId low, CaseId high) {
  PALERMO_ASSIGN_OR_RETURN(const std::vector<store::SqlRow> rows,
                           tx.Query("SELECT case_id FROM casework_case_closure WHERE case_id >= $1 "
                                    "AND case_id <= $2 AND closed = 1",
                                    {low, high}));
  std::set<CaseId> out;
  for (const store::SqlRow& row : rows) out.insert(std::get<int64_t>(row[0]));
  return out;
}

Result<std::vector<CaseId>> ClosedCases(store::Transaction& tx, CaseId before, int limit) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT case_id FROM casework_case_closure WHERE closed = 1 AND case_id < $1 "
               "ORDER BY case_id DESC LIMIT $2",
               {before > 0 ? before : std::numeric_limits<int64_t>::max(), int64_t{limit}}));
  std::vector<CaseId> out;
  for (const store::SqlRow& row : rows) out.push_back(std::get<int64_t>(row[0]));
  return out;
}

}  // namespace internal

bool CasePatch::empty() const {
  return !sex && !gender_detail && !victim_status && !citizenship && !country_of_exploitation &&
         !forms && !identification_date && !age_at_identification && !given_name &&
         !family_name && !full_name && !address && !notes && !birth_date && !document_numbers &&
         !phones;
}

bool IsPatchField(std::string_view field) {
  return IsIdentifierField(field) ||
         std::find(std::begin(kPlainFields), std::end(kPlainFields), field) !=
             std::end(kPlainFields);
}

void SetPatchField(CasePatch& p, std::string_view field, std::string_view text,
                   std::vector<FieldError>& errors) {
  const std::string value(Trim(text));
  const auto bad = [&](std::string en, std::string fr) {
    errors.push_back({std::string(field), std::move(en), std::move(fr)});
  };
  if (field == "sex") {
    Result<Sex> s = ParseSexCode(value.empty() ? "unknown" : value);
    if (!s.ok()) return bad("unknown code (female, male, other, unknown)",
                            "code inconnu (female, male, other, unknown)");
    p.sex = *s;
  } else if (field == "victim_status") {
    Result<VictimStatus> s = ParseVictimStatusCode(value.empty() ? "unknown" : value);
    if (!s.ok()) return bad("unknown code (presumed, identified, not_a_victim, unknown)",
                            "code inconnu (presumed, identified, not_a_victim, unknown)");
    p.victim_status = *s;
  } else if (field == "identification_date" || field == "birth_date") {
    Result<std::optional<PartialDate>> d = ParseOptionalDate(value);
    if (!d.ok()) return bad("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                            "n’est pas une date (AAAA, AAAA-MM ou AAAA-MM-JJ attendu)");
    (field == "birth_date" ? p.birth_date : p.identification_date) = *d;
  } else if (field == "age_at_identification") {
    if (value.empty()) {
      p.age_at_identification = std::optional<int>();
    } else {
      int age = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), age);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        return bad("not a whole number of years", "n’est pas un nombre entier d’années");
      }
      p.age_at_identification = age;
    }
  } else if (field == "citizenship" || field == "country_of_exploitation") {
    std::string code = value;
    if (!code.empty()) {
      const Country* c = CodeLists::Default().FindCountry(code);
      if (c == nullptr) return bad("unknown country (expected an ISO 3166 code)",
                                   "pays inconnu (code ISO 3166 attendu)");
      code = c->alpha3;
    }
    (field == "citizenship" ? p.citizenship : p.country_of_exploitation) = code;
  } else if (field == "forms") {
    p.forms = SplitBar(value);
  } else if (field == "document_numbers") {
    p.document_numbers = SplitBar(value);
  } else if (field == "phones") {
    p.phones = SplitBar(value);
  } else if (field == "gender_detail") {
    p.gender_detail = value;
  } else if (field == "given_name") {
    p.given_name = value;
  } else if (field == "family_name") {
    p.family_name = value;
  } else if (field == "full_name") {
    p.full_name = value;
  } else if (field == "address") {
    p.address = value;
  } else if (field == "notes") {
    p.notes = std::string(text);
  } else {
    bad("not a field of a case", "n’est pas un champ du dossier");
  }
}

std::string CloseReasonLabel(std::string_view code, Lang lang) {
  if (code == "moved_on") return Msg{"Moved on", "Parti(e) ailleurs"}.Get(lang);
  if (code == "returned_home") return Msg{"Returned home", "Retour au pays"}.Get(lang);
  if (code == "lost_contact") return Msg{"Contact lost", "Contact perdu"}.Get(lang);
  if (code == "deceased") return Msg{"Deceased", "Décédé(e)"}.Get(lang);
  if (code == "transferred") return Msg{"Transferred", "Transféré(e)"}.Get(lang);
  if (code == "not_a_victim") return Msg{"Not a victim", "Pas une victime"}.Get(lang);
  return std::string(code);
}

Result<Closure> ClosureOf(store::Transaction& tx, CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT closed, reason, closed_on FROM casework_case_closure WHERE case_id = $1",
               {id}));
  Closure c;
  if (rows.empty()) return c;
  c.closed = std::get<int64_t>(rows[0][0]) != 0;
  c.reason = std::get<std::string>(rows[0][1]);
  c.date = std::get<std::string>(rows[0][2]);
  return c;
}

Status RecordCreation(store::Transaction& tx, const Principal& who, CaseId id) {
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO casework_case_version (case_id, version, kind, at, user_name, "
                 "organisation, fields, changes) VALUES ($1, 1, 'create', $2, $3, $4, '', '{}')",
                 {id, IsoNow(), who.username, who.organisation})
          .status());
  return Status::Ok();
}

Result<EditOutcome> EditCase(Desk desk, const Principal& who, CaseId id, const CasePatch& patch,
                             std::string_view reason, std::string_view decision) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c,
                           internal::OpenCase(desk, who, id, Action::kEditCase));
  store::Transaction& tx = *c.tx;
  EditOutcome out;
  CheckShortText(out.errors, "reason", reason);
  CheckShortText(out.errors, "decision", decision);
  PALERMO_ASSIGN_OR_RETURN(const Closure closure, ClosureOf(tx, id));
  if (closure.closed) {
    return Status::FailedPrecondition(
        "the case is closed: reopen it before correcting it");
  }
  // The whole record, identifiers included: they are re-sealed. Audited with its purpose.
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord before, tx.GetCase(id, true, "case correction"));
  const CaseRecord after = ApplyPatch(before, patch);
  const Diff diff = Compare(before, after);
  for (FieldError& e : ValidateCase(after, DayOf(desk.now))) {
    // Only what this edit touches: an imported case may carry an old problem elsewhere.
    if (std::find(diff.fields.begin(), diff.fields.end(), e.field) != diff.fields.end() ||
        (e.field == "birth_year" && patch.birth_date) ||
        (e.field == "birth_date" && patch.identification_date) ||
        (e.field == "age_at_identification" && (patch.birth_date || patch.identification_date))) {
      out.errors.push_back(std::move(e));
    }
  }
  const auto changed = [&](std::string_view f) {
    return std::find(diff.fields.begin(), diff.fields.end(), f) != diff.fields.end();
  };
  bool needs_reason = false;
  for (const std::string_view f : kNeedReason) needs_reason = needs_reason || changed(f);
  if (needs_reason && Trim(reason).empty()) {
    out.errors.push_back({"reason", "required to correct the status, a date, the sex or the citizenship",
                          "obligatoire pour corriger le statut, une date, le sexe ou la nationalité"});
  }
  if (changed("victim_status")) {
    const VictimStatus from = before.victim_status;
    const VictimStatus to = after.victim_status;
    if (to == VictimStatus::kUnknown) {
      out.errors.push_back({"victim_status", "cannot go back to unknown",
                            "ne peut pas redevenir inconnu"});
    } else if ((to == VictimStatus::kActualVictim || to == VictimStatus::kNotAVictim) &&
               Trim(decision).empty()) {
      (void)from;
      out.errors.push_back({"decision",
                            "required: the decision that justifies this status (e.g. a "
                            "conclusive-grounds decision)",
                            "obligatoire : la décision qui justifie ce statut (par ex. une décision "
                            "définitive)"});
    }
  }
  if (!out.errors.empty()) return out;  // nothing stored; the transaction rolls back
  if (diff.fields.empty()) {
    PALERMO_ASSIGN_OR_RETURN(out.record, Pseudonymised(tx, id));
    PALERMO_RETURN_IF_ERROR(tx.Commit());
    return out;
  }
  PALERMO_RETURN_IF_ERROR(tx.UpdateCase(after));
  PALERMO_ASSIGN_OR_RETURN(out.version, WriteVersion(tx, who, id, "edit", Trim(reason),
                                                     Trim(decision), diff));
  PALERMO_ASSIGN_OR_RETURN(out.record, Pseudonymised(tx, id));
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<EditOutcome> CloseCase(Desk desk, const Principal& who, CaseId id, std::string_view reason,
                              std::string_view date) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c,
                           internal::OpenCase(desk, who, id, Action::kEditCase));
  store::Transaction& tx = *c.tx;
  EditOutcome out;
  const std::string code(Trim(reason));
  if (std::find(std::begin(kCloseReasons), std::end(kCloseReasons), code) ==
      std::end(kCloseReasons)) {
    out.errors.push_back({"reason",
                          "one of moved_on, returned_home, lost_contact, deceased, transferred, "
                          "not_a_victim",
                          "l’un de moved_on, returned_home, lost_contact, deceased, transferred, "
                          "not_a_victim"});
  }
  const PartialDate today = DayOf(desk.now);
  PartialDate on = today;
  if (!Trim(date).empty()) {
    Result<PartialDate> d = PartialDate::Parse(Trim(date));
    if (!d.ok() || d->precision() != DatePrecision::kDay) {
      out.errors.push_back({"date", "not a date (expected YYYY-MM-DD)",
                            "n’est pas une date (AAAA-MM-JJ attendu)"});
    } else if (d->EarliestDay() > today.LatestDay()) {
      out.errors.push_back({"date", "in the future", "dans le futur"});
    } else if (c.record.identification_date &&
               d->LatestDay() < c.record.identification_date->EarliestDay()) {
      out.errors.push_back({"date", "before identification_date",
                            "antérieure à la date d’identification"});
    } else {
      on = *d;
    }
  }
  PALERMO_ASSIGN_OR_RETURN(const Closure closure, ClosureOf(tx, id));
  if (closure.closed) return Status::FailedPrecondition("the case is already closed");
  if (!out.errors.empty()) return out;
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM casework_case_closure WHERE case_id = $1", {id}).status());
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO casework_case_closure (case_id, closed, reason, closed_on) VALUES "
                 "($1, 1, $2, $3)",
                 {id, code, on.ToString()})
          .status());
  Diff diff;
  diff.fields = {"closed", "close_reason", "closed_on"};
  diff.plain["closed"] = json::array({"false", "true"});
  diff.plain["close_reason"] = json::array({"", code});
  diff.plain["closed_on"] = json::array({"", on.ToString()});
  PALERMO_ASSIGN_OR_RETURN(out.version, WriteVersion(tx, who, id, "close", code, "", diff));
  out.record = c.record;
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<EditOutcome> ReopenCase(Desk desk, const Principal& who, CaseId id,
                               std::string_view reason) {
  PALERMO_ASSIGN_OR_RETURN(internal::CaseTx c,
                           internal::OpenCase(desk, who, id, Action::kEditCase));
  store::Transaction& tx = *c.tx;
  EditOutcome out;
  if (Trim(reason).empty()) {
    out.errors.push_back({"reason", "required", "obligatoire"});
  }
  CheckShortText(out.errors, "reason", reason);
  PALERMO_ASSIGN_OR_RETURN(const Closure closure, ClosureOf(tx, id));
  if (!closure.closed) return Status::FailedPrecondition("the case is not closed");
  if (!out.errors.empty()) return out;
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("UPDATE casework_case_closure SET closed = 0 WHERE case_id = $1", {id}).status());
  Diff diff;
  diff.fields = {"closed", "close_reason", "closed_on"};
  diff.plain["closed"] = json::array({"true", "false"});
  diff.plain["close_reason"] = json::array({closure.reason, ""});
  diff.plain["closed_on"] = json::array({closure.date, ""});
  PALERMO_ASSIGN_OR_RETURN(out.version,
                           WriteVersion(tx, who, id, "reopen", Trim(reason), "", diff));
  out.record = c.record;
  PALERMO_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<CaseVersion>> CaseHistory(Desk desk, const Principal& who, CaseId id,
                                             std::string_view purpose) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx,
                           desk.store.Begin(who.actor()));
  CaseGate gate;
  const bool show = !Trim(purpose).empty();
  if (show) {
    PALERMO_RETURN_IF_ERROR(gate.ReadIdentifiers(*tx, who, id, purpose).status());
  } else {
    PALERMO_RETURN_IF_ERROR(gate.Read(*tx, who, id).status());
  }
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx->Query("SELECT id, version, kind, at, user_name, organisation, fields, changes, sealed "
                "FROM casework_case_version WHERE case_id = $1 ORDER BY version",
                {id}));
  std::vector<CaseVersion> versions;
  if (rows.empty() || std::get<int64_t>(rows[0][1]) != 1) {
    // An imported case: its creation is the import.
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> created,
        tx->Query("SELECT created_at, agency FROM case_record WHERE id = $1", {id}));
    CaseVersion v;
    v.version = 1;
    v.kind = "create";
    if (!created.empty()) {
      v.at = std::get<std::string>(created[0][0]);
      v.organisation = std::get<std::string>(created[0][1]);
    }
    v.user = "import";
    versions.push_back(std::move(v));
  }
  for (const store::SqlRow& row : rows) {
    CaseVersion v;
    const int64_t row_id = std::get<int64_t>(row[0]);
    v.version = std::get<int64_t>(row[1]);
    v.kind = std::get<std::string>(row[2]);
    v.at = std::get<std::string>(row[3]);
    v.user = std::get<std::string>(row[4]);
    v.organisation = std::get<std::string>(row[5]);
    const json plain = json::parse(std::get<std::string>(row[7]), nullptr, false);
    json secret = json::object();
    if (const auto* sealed = std::get_if<std::string>(&row[8])) {
      PALERMO_ASSIGN_OR_RETURN(const std::string text,
                               tx->Open(*sealed, kVersionContext + std::to_string(row_id)));
      secret = json::parse(text, nullptr, false);
      v.reason = secret.value("reason", "");
      v.decision = secret.value("decision", "");
    }
    for (const std::string& f : SplitBar([&] {
           std::string fields = std::get<std::string>(row[6]);
           std::replace(fields.begin(), fields.end(), ',', '|');
           return fields;
         }())) {
      FieldChange change;
      change.field = f;
      change.identifier = IsIdentifierField(f);
      const json* pair = nullptr;
      if (!change.identifier && plain.is_object() && plain.contains(f)) pair = &plain[f];
      if (change.identifier && show && secret.contains("identifiers") &&
          secret["identifiers"].contains(f)) {
        pair = &secret["identifiers"][f];
      }
      if (pair != nullptr && pair->is_array() && pair->size() == 2) {
        change.before = (*pair)[0].get<std::string>();
        change.after = (*pair)[1].get<std::string>();
      }
      v.changes.push_back(std::move(change));
    }
    versions.push_back(std::move(v));
  }
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return versions;
}

}  // namespace palermo::casework
