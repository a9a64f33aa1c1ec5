// SPDX-License-Identifier: AGPL-3.0-or-later
// Consent of the case's person, per purpose (and organisation for data sharing): the record with
// who gave or withdrew it and when, and the forms to give or withdraw it (src/referral).
#include "server/flow.h"

namespace palermo::server::flow {
namespace {

using httplib::Request;
using httplib::Response;

constexpr Msg kTitle{"Consent — case #{id}", "Consentement — dossier n° {id}"};

void DateInput(std::string& out, const RequestCtx& ctx, const std::string& id) {
  out += "<label for=\"" + id + "\">" +
         ET(ctx, {"Date (YYYY-MM-DD; empty: today)", "Date (AAAA-MM-JJ ; vide : aujourd’hui)"}) +
         "</label><input type=\"text\" id=\"" + id +
         "\" name=\"date\" inputmode=\"numeric\" maxlength=\"10\" autocomplete=\"off\">";
}

void ConsentPage(App& app, const RequestCtx& ctx, const Request& req, Response& res, int status,
                 std::string flash, bool flash_is_error) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<ConsentView> view = LoadConsent(app.desk(), ctx.who(), *id);
  if (!view.ok()) return app.SendPageError(ctx, res, view.status());
  const std::string action = "/cases/" + std::to_string(*id) + "/consent";
  std::string body = CaseHeading(ctx, kTitle, *id, action);
  body +=
      "<p class=\"hint\">" +
      ET(ctx, {"Consent is recorded per purpose; sharing data names the receiving organisation. "
               "A child’s referral needs no consent.",
               "Le consentement est enregistré par finalité ; le partage de données nomme "
               "l’organisation destinataire. L’orientation d’un enfant ne requiert pas de "
               "consentement."}) +
      "</p>";
  if (view->consents.empty()) {
    body += "<p>" + ET(ctx, {"No consent on record.", "Aucun consentement enregistré."}) + "</p>";
  } else {
    body += "<table><thead><tr>";
    for (const Msg& m : {Msg{"Purpose", "Finalité"}, Msg{"Organisation", "Organisation"},
                         Msg{"Given (UTC)", "Donné (UTC)"}, Msg{"Recorded by", "Enregistré par"},
                         Msg{"Withdrawn (UTC)", "Retiré (UTC)"}, Msg{"Action", "Action"}}) {
      body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
    }
    body += "</tr></thead><tbody>";
    for (const Consent& c : view->consents) {
      const std::string purpose(ConsentPurposeCode(c.purpose));
      body += "<tr data-purpose=\"" + purpose + "\" data-given=\"" + (c.given ? "1" : "0") +
              "\"><td>" + Esc(ConsentPurposeLabel(c.purpose, ctx.lang)) + "</td><td>" +
              Esc(c.with_organisation) + "</td><td>" + Esc(c.given_at) + "</td><td>" +
              Esc(c.recorded_by) + "</td><td>" + Esc(c.withdrawn_at) + "</td><td>";
      if (c.given && view->may_manage) {
        const std::string form_id = "withdraw_" + std::to_string(c.id);
        body += "<form method=\"post\" action=\"" + action + "\">" + CsrfInput(ctx) +
                "<input type=\"hidden\" name=\"op\" value=\"withdraw\"><input type=\"hidden\" "
                "name=\"purpose\" value=\"" +
                purpose +
                "\"><input type=\"hidden\" "
                "name=\"organisation\" value=\"" +
                Esc(c.with_organisation) + "\">";
        DateInput(body, ctx, form_id + "_date");
        body += "<button type=\"submit\">" + ET(ctx, {"Withdraw", "Retirer"}) + "</button></form>";
      }
      body += "</td></tr>";
    }
    body += "</tbody></table>";
  }
  if (view->may_manage) {
    body += "<h2>" + ET(ctx, {"Record consent given", "Enregistrer un consentement donné"}) +
            "</h2><form method=\"post\" action=\"" + action + "\">" + CsrfInput(ctx) +
            "<input type=\"hidden\" name=\"op\" value=\"give\"><label for=\"purpose\">" +
            ET(ctx, {"Purpose", "Finalité"}) + "</label><select id=\"purpose\" name=\"purpose\">";
    for (const ConsentPurpose p : kConsentPurposes) {
      body += "<option value=\"" + std::string(ConsentPurposeCode(p)) + "\">" +
              Esc(ConsentPurposeLabel(p, ctx.lang)) + "</option>";
    }
    body += "</select><label for=\"organisation\">" +
            ET(ctx, {"Organisation (code; required for data sharing)",
                     "Organisation (code ; obligatoire pour le partage de données)"}) +
            "</label><input type=\"text\" id=\"organisation\" name=\"organisation\" "
            "maxlength=\"200\" autocomplete=\"off\">";
    DateInput(body, ctx, "give_date");
    body += "<div class=\"actions\"><button type=\"submit\">" +
            ET(ctx, {"Record consent", "Enregistrer le consentement"}) + "</button></div></form>";
  }
  if (flash.empty()) flash = DoneNotice(ctx, req);
  app.SendPage(ctx, res, Format(kTitle, ctx.lang, {{"id", *id}}), body, status, std::move(flash),
               flash_is_error);
}

void Change(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  const std::string op = req.get_param_value("op");
  Status status;
  Result<ConsentPurpose> purpose = ParseConsentPurposeCode(req.get_param_value("purpose"));
  Result<std::optional<referral::Instant>> at =
      FormDate(req.get_param_value("date"), referral::Instant(std::chrono::seconds(app.Now())));
  if (op != "give" && op != "withdraw") {
    status = Status::InvalidArgument("op: give or withdraw");
  } else if (!purpose.ok()) {
    status = purpose.status();
  } else if (!at.ok()) {
    status = at.status();
  } else {
    status = ChangeConsent(app.desk(), ctx.who(), *id, ctx.lang, op == "give", *purpose,
                           req.get_param_value("organisation"), *at);
  }
  SendOutcome(app, ctx, res, status, "/cases/" + std::to_string(*id) + "/consent?done=1",
              [&](int code, std::string message) {
                ConsentPage(app, ctx, req, res, code, std::move(message), true);
              });
}

}  // namespace

void RegisterConsentPages(App& app) {
  app.Route("GET", R"(/cases/(\d+)/consent)", "/cases/{id}/consent", Surface::kPage,
            Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              ConsentPage(app, ctx, req, res, 200, "", false);
            });
  app.Route(
      "POST", R"(/cases/(\d+)/consent)", "/cases/{id}/consent", Surface::kPage, Guard::kCsrf,
      [&app](RequestCtx& ctx, const Request& req, Response& res) { Change(app, ctx, req, res); });
}

}  // namespace palermo::server::flow
