// SPDX-License-Identifier: AGPL-3.0-or-later
// The case's correction form, its history tab, and closing and reopening it (web pages over
// src/casework; the JSON twin is api_casework.cc). French and English.
#include <chrono>

#include "server/app.h"
#include "server/case_json.h"
#include "server/flow.h"
#include "server/page_forms.h"

namespace palermo::server {
namespace {

using httplib::Request;
using httplib::Response;
using flow::CsrfInput;
using flow::ET;
using flow::PathId;
using flow::T;

constexpr Msg kCorrect{"Correct case {id}", "Corriger le dossier {id}"};
constexpr Msg kHistory{"History of case {id}", "Historique du dossier {id}"};

// The edit form's starting values: the case as the gate shows it (no identifiers).
Result<CaseFormValues> CurrentValues(App& app, const RequestCtx& ctx, CaseId id) {
  auto tx = app.store().BeginRead(ctx.who().actor());
  if (!tx.ok()) return tx.status();
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord record,
                           app.gate().Read(**tx, ctx.who(), id, Action::kEditCase));
  PALERMO_RETURN_IF_ERROR((*tx)->Commit());
  return CaseFormValues::FromRecord(record);
}

void EditPage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<CaseFormValues> values = CurrentValues(app, ctx, *id);
  if (!values.ok()) return app.SendPageError(ctx, res, values.status());
  CaseFormOptions form;
  form.edit = *id;
  app.SendPage(ctx, res, Format(kCorrect, ctx.lang, {{"id", *id}}),
               RenderCaseForm(ctx.lang, ctx.csrf(), *values, form));
}

void EditSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<CaseFormValues> before = CurrentValues(app, ctx, *id);
  if (!before.ok()) return app.SendPageError(ctx, res, before.status());
  CaseFormValues values = CaseFormValues::FromRequest(req);
  values.local_id = before->local_id;
  CaseFormOptions form;
  form.edit = *id;
  const casework::CasePatch patch = values.ToPatch(form.errors, &*before);
  Result<casework::EditOutcome> outcome =
      form.errors.empty()
          ? casework::EditCase(app.desk(), ctx.who(), *id, patch, values.reason, values.decision)
          : Result<casework::EditOutcome>(casework::EditOutcome{});
  if (!outcome.ok()) {
    if (outcome.status().code() == StatusCode::kFailedPrecondition) {
      return app.SendPage(ctx, res, Format(kCorrect, ctx.lang, {{"id", *id}}),
                          RenderCaseForm(ctx.lang, ctx.csrf(), values, form), 409,
                          StatusText(outcome.status(), ctx.lang), true);
    }
    return app.SendPageError(ctx, res, outcome.status());
  }
  for (FieldError& e : outcome->errors) form.errors.push_back(std::move(e));
  if (!form.errors.empty()) {
    return app.SendPage(ctx, res, Format(kCorrect, ctx.lang, {{"id", *id}}),
                        RenderCaseForm(ctx.lang, ctx.csrf(), values, form), 400);
  }
  res.set_redirect("/cases/" + std::to_string(*id) + "/history?done=edited", 303);
}

std::string KindLabel(std::string_view kind, Lang lang) {
  if (kind == "create") return Msg{"Created", "Création"}.Get(lang);
  if (kind == "edit") return Msg{"Corrected", "Correction"}.Get(lang);
  if (kind == "close") return Msg{"Closed", "Clôture"}.Get(lang);
  if (kind == "reopen") return Msg{"Reopened", "Réouverture"}.Get(lang);
  if (kind == "assign") return Msg{"Assigned", "Attribution"}.Get(lang);
  return std::string(kind);
}

std::string ChangeLabel(std::string_view field, Lang lang) {
  if (field == "closed") return Msg{"Closed", "Clos"}.Get(lang);
  if (field == "close_reason") return Msg{"Reason for closing", "Motif de clôture"}.Get(lang);
  if (field == "closed_on") return Msg{"Closed on", "Clos le"}.Get(lang);
  if (field == "assignee") return Msg{"Case worker", "Chargé de dossier"}.Get(lang);
  return CaseFieldLabel(field, lang);
}

void HistoryPage(App& app, RequestCtx& ctx, const Request& req, Response& res, int status = 200,
                 std::string flash = "", const std::vector<FieldError>& errors = {}) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<std::vector<casework::CaseVersion>> versions =
      casework::CaseHistory(app.desk(), ctx.who(), *id, "");
  if (!versions.ok()) return app.SendPageError(ctx, res, versions.status());
  bool closed = false;
  {
    auto tx = app.store().BeginRead(ctx.who().actor());
    if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
    Result<casework::Closure> closure = casework::ClosureOf(**tx, *id);
    if (!closure.ok()) return app.SendPageError(ctx, res, closure.status());
    closed = closure->closed;
  }
  const std::string base = "/cases/" + std::to_string(*id);
  std::string body = flow::CaseHeading(ctx, kHistory, *id, base + "/history");
  if (flash.empty()) flash = flow::DoneNotice(ctx, req);
  body += "<p>" +
          ET(ctx, {"Every change keeps the previous values. Identifier values are sealed and not "
                   "shown here.",
                   "Chaque modification garde les valeurs précédentes. Les identifiants sont "
                   "scellés et ne sont pas affichés ici."}) +
          "</p>";
  body += "<div class=\"table-wrap\"><table><thead><tr><th>" + ET(ctx, {"Version", "Version"}) +
          "</th><th>" + ET(ctx, {"When (UTC)", "Quand (UTC)"}) + "</th><th>" +
          ET(ctx, {"Who", "Qui"}) + "</th><th>" + ET(ctx, {"What", "Quoi"}) + "</th><th>" +
          ET(ctx, {"Why", "Pourquoi"}) + "</th><th>" + ET(ctx, {"Changes", "Modifications"}) +
          "</th></tr></thead><tbody>";
  for (const casework::CaseVersion& v : *versions) {
    std::string changes;
    for (const casework::FieldChange& c : v.changes) {
      changes += "<li>" + Esc(ChangeLabel(c.field, ctx.lang)) + " : ";
      if (c.before && c.after) {
        changes += Esc(c.before->empty() ? "—" : *c.before) + " → " +
                   Esc(c.after->empty() ? "—" : *c.after);
      } else {
        changes += ET(ctx, {"changed (sealed)", "modifié (scellé)"});
      }
      changes += "</li>";
    }
    std::string why = v.kind == "close" ? casework::CloseReasonLabel(v.reason, ctx.lang) : v.reason;
    if (!v.decision.empty()) why += " — " + v.decision;
    body += "<tr><td>" + std::to_string(v.version) + "</td><td>" + Esc(v.at) + "</td><td>" +
            Esc(v.user) + "</td><td>" + Esc(KindLabel(v.kind, ctx.lang)) + "</td><td>" +
            Esc(why) + "</td><td><ul>" + changes + "</ul></td></tr>";
  }
  body += "</tbody></table></div>";
  for (const FieldError& e : errors) {
    body += "<p class=\"field-error error-text\" role=\"alert\">" +
            Esc(CaseFieldLabel(e.field, ctx.lang)) + " : " + Esc(e.message(ctx.lang)) + "</p>";
  }
  if (RoleMay(ctx.who().role, Action::kEditCase)) {
    if (!closed) {
      body += "<p><a href=\"" + base + "/edit\">" + ET(ctx, {"Correct this case", "Corriger ce dossier"}) +
              "</a></p>";
      body += "<form method=\"post\" action=\"" + base + "/close\"><fieldset><legend>" +
              ET(ctx, {"Close the case", "Clore le dossier"}) + "</legend>" + CsrfInput(ctx) +
              "<label for=\"close_reason\">" + ET(ctx, {"Reason", "Motif"}) +
              "</label><select id=\"close_reason\" name=\"reason\">";
      for (const std::string_view code : casework::kCloseReasons) {
        body += "<option value=\"" + std::string(code) + "\">" +
                Esc(casework::CloseReasonLabel(code, ctx.lang)) + "</option>";
      }
      body += "</select><label for=\"close_date\">" +
              ET(ctx, {"Date (YYYY-MM-DD, empty for today)", "Date (AAAA-MM-JJ, vide pour aujourd'hui)"}) +
              "</label><input type=\"text\" id=\"close_date\" name=\"date\" maxlength=\"10\">" +
              "<div class=\"actions\"><button type=\"submit\">" +
              ET(ctx, {"Close the case", "Clore le dossier"}) + "</button></div></fieldset></form>";
    } else {
      body += "<p class=\"flash\">" +
              ET(ctx, {"This case is closed. It stays in the statistics of its year.",
                       "Ce dossier est clos. Il reste dans les statistiques de son année."}) +
              "</p>";
      body += "<form method=\"post\" action=\"" + base + "/reopen\"><fieldset><legend>" +
              ET(ctx, {"Reopen the case", "Rouvrir le dossier"}) + "</legend>" + CsrfInput(ctx) +
              "<label for=\"reopen_reason\">" + ET(ctx, {"Reason", "Motif"}) +
              "</label><input type=\"text\" id=\"reopen_reason\" name=\"reason\" maxlength=\"1000\">" +
              "<div class=\"actions\"><button type=\"submit\">" +
              ET(ctx, {"Reopen", "Rouvrir"}) + "</button></div></fieldset></form>";
    }
  }
  app.SendPage(ctx, res, Format(kHistory, ctx.lang, {{"id", *id}}), body, status, flash,
               status >= 400);
}

void CloseSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res, bool close) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  const std::string reason = FormBodyValue(req, "reason");
  Result<casework::EditOutcome> outcome =
      close ? casework::CloseCase(app.desk(), ctx.who(), *id, reason, FormBodyValue(req, "date"))
            : casework::ReopenCase(app.desk(), ctx.who(), *id, reason);
  if (!outcome.ok()) {
    if (outcome.status().code() == StatusCode::kFailedPrecondition) {
      return HistoryPage(app, ctx, req, res, 409, StatusText(outcome.status(), ctx.lang));
    }
    return app.SendPageError(ctx, res, outcome.status());
  }
  if (!outcome->errors.empty()) {
    return HistoryPage(app, ctx, req, res, 400,
                       T(ctx, {"Nothing was changed.", "Rien n'a été modifié."}), outcome->errors);
  }
  res.set_redirect("/cases/" + std::to_string(*id) + "/history?done=" + (close ? "closed" : "reopened"),
                   303);
}

}  // namespace

void RegisterCaseworkPages(App& app) {
  const std::string base = R"(/cases/(\d+))";
  app.Route("GET", base + "/edit", "/cases/{id}/edit", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { EditPage(app, ctx, req, res); });
  app.Route("POST", base + "/edit", "/cases/{id}/edit", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { EditSubmit(app, ctx, req, res); });
  app.Route("GET", base + "/history", "/cases/{id}/history", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { HistoryPage(app, ctx, req, res); });
  app.Route("POST", base + "/close", "/cases/{id}/close", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CloseSubmit(app, ctx, req, res, true);
            });
  app.Route("POST", base + "/reopen", "/cases/{id}/reopen", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CloseSubmit(app, ctx, req, res, false);
            });
}

}  // namespace palermo::server
