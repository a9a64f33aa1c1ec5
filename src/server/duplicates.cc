// SPDX-License-Identifier: AGPL-3.0-or-later
// Possible-duplicate flags from the linkage engine (src/link), the case page's ops panel, and
// the registration of the documents/import/duplicates routes and tables.
//
// A check for one case never scans names: candidates are the cases that share an exact blind
// index with it (family name, full name, birth date, a document number, a phone; blocks larger
// than kMaxBlock are skipped, as the engine's blocking does). The case and its candidates are
// read with identifiers (each read audited with the purpose "possible duplicate check"),
// normalised by the link module and scored field by field with Fellegi–Sunter weights. Pairs
// at or above the review threshold are stored as flags with the per-field explanation (level
// names and weights, never values). Nothing is merged: a person decides "same person" or "not
// the same", which is audited and kept; later checks update the score of a decided pair but
// never reopen it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/ingest.h"
#include "link/link.h"
#include "persons/persons.h"
#include "server/app.h"
#include "server/flow.h"
#include "server/sql_util.h"

namespace palermo::server {
namespace {

using httplib::Request;
using httplib::Response;
using flow::ET;
using flow::T;
using nlohmann::json;

constexpr std::string_view kPurpose = "possible duplicate check";
constexpr size_t kMaxBlock = 200;       // a blind-index block larger than this is skipped
constexpr size_t kMaxCandidates = 100;  // candidates scored per check
// Pairs from this match probability up are flagged: the link module's decision threshold
// (LinkOptions::threshold, "more likely the same person than not"); from kLikely up
// (LinkOptions::review_upper) they are "likely the same person".
constexpr double kReviewLower = 0.5;
constexpr double kLikely = 0.9;

// A fixed Fellegi–Sunter model. EM (LinkTables) needs a whole list; a check scores a handful of
// records, so m and u are set from typical values instead: m (agreement level among true
// matches) allows for recording errors; u (among different people) is the chance agreement of
// each level in a large register (a family name shared by ~0.5 % of people, an exact birth date
// by ~1 in 15,000, a document or phone number almost never). Levels as in link/record.h.
link::ModelParams FixedModel(int64_t cases_stored) {
  using link::Field;
  link::ModelParams p;
  const auto set = [&p](Field f, std::vector<double> m, std::vector<double> u) {
    const auto i = static_cast<size_t>(f);
    for (size_t l = 0; l < m.size(); ++l) {
      p.m[i][l] = m[l];
      p.u[i][l] = u[l];
    }
    p.active[i] = true;
  };
  const std::vector<double> name_m = {0.05, 0.05, 0.10, 0.10, 0.70};
  const std::vector<double> name_u = {0.90, 0.08, 0.015, 0.003, 0.002};
  set(Field::kGivenName, name_m, name_u);
  set(Field::kFamilyName, name_m, name_u);
  set(Field::kBirthDate, {0.05, 0.05, 0.10, 0.02, 0.08, 0.70},
      {0.80, 0.15, 0.03, 0.0005, 0.02, 0.00007});
  set(Field::kSex, {0.05, 0.95}, {0.5, 0.5});
  set(Field::kNationality, {0.05, 0.95}, {0.85, 0.15});
  set(Field::kPhone, {0.2, 0.1, 0.7}, {0.9999, 0.00008, 0.00002});
  set(Field::kDocument, {0.2, 0.1, 0.7}, {0.9999, 0.00009, 0.00001});
  for (const Field f : {Field::kCity, Field::kAddress, Field::kEmail}) {
    set(f, {0.3, 0.2, 0.5}, {0.95, 0.04, 0.01});
  }
  p.tf_adjust = false;  // name frequencies of a handful of records mean nothing
  // Prior: a record has about one true match among the others stored.
  p.prior_log2_odds = -std::log2(static_cast<double>(std::max<int64_t>(cases_stored, 2)));
  p.UpdateWeights();
  return p;
}

const link::VariantTable* Variants() {
  static const Result<link::VariantTable> table = link::VariantTable::LoadDefault();
  return table.ok() ? &*table : nullptr;
}

Result<CaseRecord> CaseFor(App& app, store::Transaction& tx, const Principal& who, CaseId id,
                           Action action) {
  return app.gate().Read(tx, who, id, action);
}

// Whether `who` may see and compare case `plain` (read without identifiers): the same gate as
// the case page (CaseGate::AccessTo). A duplicate check is case work, so it needs full access:
// after a transfer the receiving organisation has it and the former owner does not (even with
// kRecordedOnly). A case out of reach is skipped, not audited: the caller never named it.
Result<bool> MayCompare(App& app, store::Transaction& tx, const Principal& who,
                        const CaseRecord& plain) {
  PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, app.gate().AccessTo(tx, who, plain));
  return access == CaseAccess::kFull;
}

std::vector<std::string> TableRow(const CaseRecord& r) {
  const DirectIdentifiers& ids = r.person.identifiers;
  return {std::to_string(r.id),
          ids.given_name,
          ids.family_name,
          ids.full_name,
          std::string(SexCode(r.person.sex)),
          ids.birth_date ? ids.birth_date->ToString() : std::string(),
          r.person.citizenship,
          ids.phones.empty() ? std::string() : ids.phones.front(),
          ids.document_numbers.empty() ? std::string() : ids.document_numbers.front(),
          ids.address};
}

struct Flag {
  CaseId other = 0;
  std::string other_agency;
  double probability = 0;
  json explanation;
  std::string decision;  // "", "same", "different"
  std::string decided_by;
};

// Runs a check for `id` (see the file comment). Returns the number of pairs flagged.
Result<int64_t> CheckDuplicates(App& app, store::Transaction& tx, const Principal& who, CaseId id) {
  PALERMO_RETURN_IF_ERROR(CaseFor(app, tx, who, id, Action::kReviewDuplicates).status());
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord self, tx.GetCase(id, /*with_identifiers=*/true, kPurpose));
  const DirectIdentifiers& ids = self.person.identifiers;
  std::vector<std::pair<store::IdentifierKind, std::string>> keys;
  using store::IdentifierKind;
  if (!ids.family_name.empty()) keys.emplace_back(IdentifierKind::kFamilyName, ids.family_name);
  if (!ids.full_name.empty()) keys.emplace_back(IdentifierKind::kFullName, ids.full_name);
  if (ids.birth_date) keys.emplace_back(IdentifierKind::kBirthDate, ids.birth_date->ToString());
  for (const std::string& d : ids.document_numbers) keys.emplace_back(IdentifierKind::kDocument, d);
  for (const std::string& p : ids.phones) keys.emplace_back(IdentifierKind::kPhone, p);
  std::set<CaseId> candidate_ids;
  for (const auto& [kind, value] : keys) {
    PALERMO_ASSIGN_OR_RETURN(const std::vector<CaseId> found, tx.FindCasesByIdentifier(kind, value));
    if (found.size() > kMaxBlock) continue;
    for (const CaseId c : found) {
      if (c != id && candidate_ids.size() < kMaxCandidates) candidate_ids.insert(c);
    }
  }
  std::vector<CaseRecord> candidates;
  for (const CaseId c : candidate_ids) {
    PALERMO_ASSIGN_OR_RETURN(const CaseRecord plain, tx.GetCase(c, false, ""));
    PALERMO_ASSIGN_OR_RETURN(const bool may_compare, MayCompare(app, tx, who, plain));
    if (!may_compare) continue;  // never decrypt what the caller may not see
    PALERMO_ASSIGN_OR_RETURN(CaseRecord full, tx.GetCase(c, true, kPurpose));
    candidates.push_back(std::move(full));
  }
  // Undecided flags of this case are recomputed; decided ones stay decided.
  PALERMO_RETURN_IF_ERROR(tx.Execute("DELETE FROM server_duplicates WHERE (case_a = $1 OR case_b = $1) "
                                     "AND decision IS NULL",
                                     {id})
                              .status());
  int64_t flagged = 0;
  if (!candidates.empty()) {
    link::SourceTable table;
    table.name = "cases";
    table.header = {"id", "given", "family", "full", "sex", "birth", "nationality", "phone",
                    "document", "address"};
    table.columns = {{1, link::Role::kGivenName},   {2, link::Role::kFamilyName},
                     {3, link::Role::kFullName},    {4, link::Role::kSex},
                     {5, link::Role::kBirthDate},   {6, link::Role::kNationality},
                     {7, link::Role::kPhone},       {8, link::Role::kDocumentNumber},
                     {9, link::Role::kAddress}};
    table.rows.push_back(TableRow(self));
    for (const CaseRecord& c : candidates) table.rows.push_back(TableRow(c));
    const link::Dataset data = link::BuildDataset({table}, link::NormaliseOptions{}, Variants(), 1);
    PALERMO_ASSIGN_OR_RETURN(const int64_t stored, tx.CountCases());
    const link::ModelParams model = FixedModel(stored);
    const std::string now = IsoTimeUtc(app.Now());
    for (size_t cand_idx = 0; cand_idx < candidates.size(); ++cand_idx) {
      const link::PairExplanation e =
          link::ExplainPair(data, model, 0, static_cast<uint32_t>(cand_idx + 1));
      if (e.probability < kReviewLower) continue;
      json why = json::array();
      for (int f = 0; f < link::kFieldCount; ++f) {
        const int level = e.comparison.level[f];
        if (level == link::kMissing) continue;
        const auto field = static_cast<link::Field>(f);
        why.push_back({{"field", std::string(link::FieldName(field))},
                       {"level", std::string(link::LevelName(field, level))},
                       {"log2", std::round(e.weights.field_log2[f] * 10) / 10}});
      }
      const CaseRecord& other = candidates[cand_idx];
      const bool self_first = id < other.id;
      const CaseId a = self_first ? id : other.id;
      const CaseId b = self_first ? other.id : id;
      PALERMO_ASSIGN_OR_RETURN(
          const int64_t updated,
          tx.Execute("UPDATE server_duplicates SET probability = $1, explanation = $2, "
                     "computed_at = $3 WHERE case_a = $4 AND case_b = $5",
                     {e.probability, why.dump(), now, a, b}));
      if (updated == 0) {
        PALERMO_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO server_duplicates (case_a, case_b, agency_a, agency_b, "
                       "probability, explanation, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                       {a, b, self_first ? self.agency : other.agency,
                        self_first ? other.agency : self.agency, e.probability, why.dump(), now})
                .status());
      }
      ++flagged;
    }
  }
  PALERMO_RETURN_IF_ERROR(tx.Audit("duplicate_check", "case", std::to_string(id), kPurpose,
                                   "candidates " + std::to_string(candidates.size()) +
                                       ", flagged " + std::to_string(flagged)));
  return flagged;
}

// Records a person's decision on a flagged pair. kNotFound when the pair is not flagged.
Status DecideDuplicate(App& app, store::Transaction& tx, const Principal& who, CaseId id,
                       CaseId other, bool same) {
  PALERMO_RETURN_IF_ERROR(CaseFor(app, tx, who, id, Action::kReviewDuplicates).status());
  PALERMO_RETURN_IF_ERROR(CaseFor(app, tx, who, other, Action::kReviewDuplicates).status());
  const CaseId a = std::min(id, other);
  const CaseId b = std::max(id, other);
  PALERMO_ASSIGN_OR_RETURN(
      const int64_t updated,
      tx.Execute("UPDATE server_duplicates SET decision = $1, decided_by = $2, decided_at = $3 "
                 "WHERE case_a = $4 AND case_b = $5",
                 {std::string(same ? "same" : "different"), who.username, IsoTimeUtc(app.Now()), a, b}));
  if (updated == 0) return Status::NotFound("possible duplicate");
  // The statistics' linkage obeys it too (src/persons): never undone by a later run.
  PALERMO_RETURN_IF_ERROR(persons::RecordDecision(tx, a, b, same, who.username, "web"));
  return tx.Audit("duplicate_decision", "case", std::to_string(a) + "," + std::to_string(b), "",
                  same ? "same person" : "not the same person");
}

Result<std::vector<Flag>> LoadFlags(App& app, store::Transaction& tx, const Principal& who,
                                    CaseId id) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::vector<store::SqlRow> rows,
      tx.Query("SELECT case_a, case_b, agency_a, agency_b, probability, explanation, decision, "
               "decided_by FROM server_duplicates WHERE case_a = $1 OR case_b = $1",
               {id}));
  std::vector<Flag> flags;
  for (const store::SqlRow& row : rows) {
    Flag f;
    const bool self_a = SqlInt(row[0]) == id;
    f.other = SqlInt(row[self_a ? 1 : 0]);
    f.other_agency = SqlText(row[self_a ? 3 : 2]);
    if (RoleIsOrganisationScoped(who.role)) {
      PALERMO_ASSIGN_OR_RETURN(const CaseRecord other, tx.GetCase(f.other, false, ""));
      PALERMO_ASSIGN_OR_RETURN(const bool may_compare, MayCompare(app, tx, who, other));
      if (!may_compare) continue;
    }
    const auto* p = std::get_if<double>(&row[4]);
    f.probability = p ? *p : static_cast<double>(SqlInt(row[4]));
    f.explanation = json::parse(SqlText(row[5]), nullptr, /*allow_exceptions=*/false);
    f.decision = SqlText(row[6]);
    f.decided_by = SqlText(row[7]);
    flags.push_back(std::move(f));
  }
  std::sort(flags.begin(), flags.end(),
            [](const Flag& x, const Flag& y) { return x.probability > y.probability; });
  return flags;
}

std::string FieldLabel(std::string_view field, Lang lang) {
  static const std::vector<std::pair<std::string_view, Msg>> kLabels = {
      {"given_name", {"given name", "prénom"}},       {"family_name", {"family name", "nom"}},
      {"birth_date", {"birth date", "date de naissance"}}, {"sex", {"sex", "sexe"}},
      {"nationality", {"nationality", "nationalité"}}, {"phone", {"phone", "téléphone"}},
      {"document", {"document", "pièce d'identité"}},  {"city", {"city", "ville"}},
      {"address", {"address", "adresse"}},            {"email", {"e-mail", "courriel"}}};
  for (const auto& [code, label] : kLabels) {
    if (code == field) return label.Get(lang);
  }
  return std::string(field);
}

std::string LevelLabel(std::string_view level, Lang lang) {
  static const std::vector<std::pair<std::string_view, Msg>> kLabels = {
      {"exact", {"same", "identique"}},
      {"different", {"different", "différent"}},
      {"jaro_winkler>=0.80", {"similar", "ressemblant"}},
      {"jaro_winkler>=0.92", {"very similar", "très ressemblant"}},
      {"jaro_winkler>=0.88", {"similar", "ressemblant"}},
      {"same_skeleton_or_token", {"same consonants or a shared name", "mêmes consonnes ou un nom en commun"}},
      {"years_within_2", {"years within 2", "années à 2 ans près"}},
      {"one_part_differs", {"one part differs", "une partie diffère"}},
      {"day_month_swapped", {"day and month swapped", "jour et mois inversés"}},
      {"partial_compatible", {"compatible (partial)", "compatible (partielle)"}},
      {"same_last_7_digits", {"same last 7 digits", "mêmes 7 derniers chiffres"}},
      {"one_edit", {"one character apart", "un caractère d'écart"}}};
  for (const auto& [code, label] : kLabels) {
    if (code == level) return label.Get(lang);
  }
  return std::string(level);
}

std::string ExplanationText(const json& why, Lang lang) {
  std::string out;
  if (!why.is_array()) return out;
  for (const json& item : why) {
    if (!item.is_object()) continue;
    if (!out.empty()) out += "; ";
    const double w = item.value("log2", 0.0);
    char weight[32];
    std::snprintf(weight, sizeof weight, "%+.1f", w);
    out += FieldLabel(item.value("field", ""), lang) + ": " +
           LevelLabel(item.value("level", ""), lang) + " (" + weight + ")";
  }
  return out;
}

std::string PercentText(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f %%", p * 100);
  return buf;
}

json FlagJson(const Flag& f) {
  json j{{"case_id", f.other},
         {"agency", f.other_agency},
         {"probability", f.probability},
         {"explanation", f.explanation.is_array() ? f.explanation : json::array()}};
  if (!f.decision.empty()) {
    j["decision"] = f.decision;
    j["decided_by"] = f.decided_by;
  }
  return j;
}

void CheckSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res, bool api) {
  const std::optional<int64_t> id = flow::PathId(req);
  if (!id) {
    const Status missing = Status::NotFound("case");
    return api ? App::SendJsonError(res, missing) : app.SendPageError(ctx, res, missing);
  }
  Status done;
  int64_t flagged = 0;
  {
    auto tx = app.store().Begin(ctx.who().actor());
    if (!tx.ok()) {
      done = tx.status();
    } else {
      Result<int64_t> n = CheckDuplicates(app, **tx, ctx.who(), *id);
      done = n.ok() ? (*tx)->Commit() : n.status();
      if (n.ok()) flagged = *n;
    }
  }
  if (api) {
    if (!done.ok()) return App::SendJsonError(res, done);
    return App::SendJson(res, 200, json{{"flagged", flagged}}.dump());
  }
  if (!done.ok()) return app.SendPageError(ctx, res, done);
  res.set_redirect("/cases/" + std::to_string(*id) + "?done=checked#duplicates", 303);
}

void DecisionSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res, bool api) {
  const std::optional<int64_t> id = flow::PathId(req, 1);
  const std::optional<int64_t> other = flow::PathId(req, 2);
  std::string decision = req.get_param_value("decision");
  if (api) {
    const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    decision = body.is_object() && body.contains("decision") && body["decision"].is_string()
                   ? body["decision"].get<std::string>()
                   : std::string();
  }
  const auto fail = [&](const Status& s) {
    api ? App::SendJsonError(res, s) : app.SendPageError(ctx, res, s);
  };
  if (!id || !other) return fail(Status::NotFound("possible duplicate"));
  auto tx = app.store().Begin(ctx.who().actor());
  if (!tx.ok()) return fail(tx.status());
  if (decision != "same" && decision != "different") {
    // The role first, so a refused caller learns nothing from validation.
    const Status allowed = CaseFor(app, **tx, ctx.who(), *id, Action::kReviewDuplicates).status();
    return fail(allowed.ok() ? Status::InvalidArgument("decision: same or different") : allowed);
  }
  Status done = DecideDuplicate(app, **tx, ctx.who(), *id, *other, decision == "same");
  if (done.ok()) done = (*tx)->Commit();
  if (!done.ok()) return fail(done);
  if (api) return App::SendJson(res, 200, json{{"decision", decision}}.dump());
  res.set_redirect("/cases/" + std::to_string(*id) + "?done=decided#duplicates", 303);
}

}  // namespace

Result<int64_t> CheckDuplicatesOfNewCase(App& app, const Principal& who, CaseId id) {
  if (!RoleMay(who.role, Action::kReviewDuplicates)) return int64_t{0};
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, app.store().Begin(who.actor()));
  PALERMO_ASSIGN_OR_RETURN(const int64_t flagged, CheckDuplicates(app, *tx, who, id));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return flagged;
}

Result<std::string> CaseOpsPanel(App& app, const RequestCtx& ctx, store::Transaction& tx,
                                 const CaseRecord& record) {
  const Principal& who = ctx.who();
  std::string out;
  // An organisation that transferred the case away reads its record only (CaseAccess).
  PALERMO_ASSIGN_OR_RETURN(const CaseAccess access, app.gate().AccessTo(tx, who, record));
  if (access != CaseAccess::kFull) return out;
  const std::string base = "/cases/" + std::to_string(record.id);
  if (RoleMay(who.role, Action::kReadDocument)) {
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> rows,
        tx.Query("SELECT COUNT(*) FROM server_documents WHERE case_id = $1", {record.id}));
    const int64_t n = rows.empty() ? 0 : SqlInt(rows[0][0]);
    out += "<p><a href=\"" + base + "/documents\">" +
           Esc(Format({"Documents ({n})", "Documents ({n})"}, ctx.lang, {{"n", n}})) + "</a></p>";
  }
  if (!RoleMay(who.role, Action::kReviewDuplicates)) return out;
  PALERMO_ASSIGN_OR_RETURN(const std::vector<Flag> flags, LoadFlags(app, tx, who, record.id));
  out += "<section id=\"duplicates\" aria-labelledby=\"duplicates-title\"><h2 id=\"duplicates-title\">" +
         ET(ctx, {"Possible duplicates", "Doublons possibles"}) + "</h2>";
  out += "<p class=\"hint\">" +
         ET(ctx, {"Cases that may be the same person, from the linkage engine. Nothing is merged: "
                  "a person decides, and the decision is recorded.",
                  "Dossiers qui pourraient concerner la même personne, selon le moteur de "
                  "rapprochement. Rien n'est fusionné : une personne décide, et la décision est "
                  "enregistrée."}) +
         "</p>";
  if (flags.empty()) {
    out += "<p>" + ET(ctx, {"No possible duplicate flagged.", "Aucun doublon possible signalé."}) +
           "</p>";
  } else {
    out += "<ul class=\"duplicates\">";
    for (const Flag& f : flags) {
      const std::string other = std::to_string(f.other);
      out += "<li><strong>" +
             Esc(f.probability >= kLikely ? T(ctx, {"Likely the same person", "Probablement la même personne"})
                                          : T(ctx, {"Possible duplicate", "Doublon possible"})) +
             "</strong>: <a href=\"/cases/" + other + "\">#" + other + "</a> (" + Esc(f.other_agency) +
             "), " + Esc(Format({"match probability {p}", "probabilité de correspondance {p}"},
                                ctx.lang, {{"p", PercentText(f.probability)}})) +
             "<br><span class=\"hint\">" + ET(ctx, {"Why: ", "Pourquoi : "}) +
             Esc(ExplanationText(f.explanation, ctx.lang)) + "</span><br>";
      if (f.decision == "same") {
        out += Esc(Format({"Decided: same person (by {who}).", "Décidé : même personne (par {who})."},
                          ctx.lang, {{"who", f.decided_by}}));
      } else if (f.decision == "different") {
        out += Esc(Format({"Decided: not the same person (by {who}).",
                           "Décidé : pas la même personne (par {who})."},
                          ctx.lang, {{"who", f.decided_by}}));
      } else {
        for (const auto& [value, label] :
             {std::pair<std::string, Msg>{"same", {"Same person", "Même personne"}},
              std::pair<std::string, Msg>{"different", {"Not the same", "Pas la même personne"}}}) {
          out += "<form class=\"inline\" method=\"post\" action=\"" + base + "/duplicates/" + other +
                 "\">" + flow::CsrfInput(ctx) + "<input type=\"hidden\" name=\"decision\" value=\"" +
                 value + "\"><button type=\"submit\">" + ET(ctx, label) + "</button></form> ";
        }
      }
      out += "</li>";
    }
    out += "</ul>";
  }
  out += "<form method=\"post\" action=\"" + base + "/duplicates/check\">" + flow::CsrfInput(ctx) +
         "<button type=\"submit\">" +
         ET(ctx, {"Check for possible duplicates", "Rechercher des doublons possibles"}) +
         "</button></form></section>";
  return out;
}

void RegisterOpsMigrations() {
  ingest::RegisterIngestMigrations();
  persons::RegisterMigrations();
  store::RegisterSealedColumn({"server_documents", "id", "name_sealed", "server_documents.name:"});
  store::RegisterSealedColumn(
      {"server_documents", "id", "content_sealed", "server_documents.content:"});
  store::RegisterMigration(store::Migration{
      .module = "server_ops",
      .version = 1,
      .sql = "CREATE TABLE server_duplicates ("
             " case_a BIGINT NOT NULL,"
             " case_b BIGINT NOT NULL,"
             " agency_a TEXT NOT NULL,"
             " agency_b TEXT NOT NULL,"
             " probability REAL NOT NULL,"
             " explanation TEXT NOT NULL,"
             " computed_at TEXT NOT NULL,"
             " decision TEXT,"
             " decided_by TEXT,"
             " decided_at TEXT,"
             " PRIMARY KEY (case_a, case_b));"
             "CREATE INDEX server_duplicates_b ON server_duplicates (case_b)"});
}

void RegisterOpsRoutes(App& app) {
  RegisterDocumentRoutes(app);
  RegisterImportRoutes(app);
  app.Route("POST", R"(/cases/(\d+)/duplicates/check)", "/cases/{id}/duplicates/check",
            Surface::kPage, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CheckSubmit(app, ctx, req, res, /*api=*/false);
            });
  app.Route("POST", R"(/cases/(\d+)/duplicates/(\d+))", "/cases/{id}/duplicates/{other}",
            Surface::kPage, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              DecisionSubmit(app, ctx, req, res, /*api=*/false);
            });
  app.Route("GET", R"(/api/v1/cases/(\d+)/duplicates)", "/api/v1/cases/{id}/duplicates",
            Surface::kApi, Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("case"));
              auto tx = app.store().Begin(ctx.who().actor());
              if (!tx.ok()) return App::SendJsonError(res, tx.status());
              const Status allowed =
                  CaseFor(app, **tx, ctx.who(), *id, Action::kReviewDuplicates).status();
              if (!allowed.ok()) return App::SendJsonError(res, allowed);
              Result<std::vector<Flag>> flags = LoadFlags(app, **tx, ctx.who(), *id);
              if (!flags.ok()) return App::SendJsonError(res, flags.status());
              json j{{"duplicates", json::array()}};
              for (const Flag& f : *flags) j["duplicates"].push_back(FlagJson(f));
              App::SendJson(res, 200, j.dump());
            });
  app.Route("POST", R"(/api/v1/cases/(\d+)/duplicates/check)", "/api/v1/cases/{id}/duplicates/check",
            Surface::kApi, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CheckSubmit(app, ctx, req, res, /*api=*/true);
            });
  app.Route("POST", R"(/api/v1/cases/(\d+)/duplicates/(\d+))", "/api/v1/cases/{id}/duplicates/{other}",
            Surface::kApi, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              DecisionSubmit(app, ctx, req, res, /*api=*/true);
            });
}

}  // namespace palermo::server
