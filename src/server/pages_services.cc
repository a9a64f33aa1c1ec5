// SPDX-License-Identifier: AGPL-3.0-or-later
// Services: for a case, every service of the directory with the reasons it is or is not open to
// the case, referral to an eligible one and the referrals made; the directory page where a case
// worker adds their organisation's services and answers the referrals they receive
// (accept / decline, then the outcome).
#include <charconv>

#include "server/flow.h"

namespace palermo::server::flow {
namespace {

using httplib::Request;
using httplib::Response;

constexpr Msg kTitle{"Services — case #{id}", "Services — dossier n° {id}"};

std::string TypeLabel(std::string_view type, Lang lang) {
  return referral::ServiceTypeLabel(type).Get(lang);
}

std::string ServicesPageBody(const RequestCtx& ctx, const ServicesView& v, CaseId id) {
  std::string out = "<section aria-labelledby=\"match\"><h2 id=\"match\">" +
                    ET(ctx, {"Services and eligibility", "Services et éligibilité"}) + "</h2>";
  if (v.matches.empty()) {
    out += "<p>" +
           ET(ctx, {"The services directory is empty.", "L’annuaire des services est vide."}) +
           " <a href=\"/services\">" + ET(ctx, {"Services directory", "Annuaire des services"}) +
           "</a></p></section>";
  } else {
    out += "<table><thead><tr>";
    for (const Msg& m :
         {Msg{"Service", "Service"}, Msg{"Type", "Type"}, Msg{"Organisation", "Organisation"},
          Msg{"Eligible", "Éligible"}, Msg{"Why", "Pourquoi"}, Msg{"Action", "Action"}}) {
      out += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (const referral::ServiceMatch& m : v.matches) {
      bool open = false;
      for (const referral::ServiceReferral& r : v.referrals) {
        open |= r.service_id == m.service.id && (r.status == "pending" || r.status == "accepted");
      }
      out += "<tr data-service=\"" + std::to_string(m.service.id) + "\"><td>" +
             Esc(m.service.name) + "</td><td>" + Esc(TypeLabel(m.service.type, ctx.lang)) +
             "</td><td>" + Esc(m.service.organisation) + "</td><td>" +
             (m.check.eligible ? ET(ctx, {"Yes", "Oui"}) : ET(ctx, {"No", "Non"})) +
             "</td><td><ul class=\"reasons\">";
      for (const referral::Text& reason : m.check.reasons) {
        out += "<li>" + Esc(reason.Get(ctx.lang)) + "</li>";
      }
      out += "</ul></td><td>";
      if (open) {
        out += ET(ctx, {"Referred", "Orienté"});
      } else if (v.may_refer && m.check.eligible) {
        out += "<form method=\"post\" action=\"/cases/" + std::to_string(id) + "/services\">" +
               CsrfInput(ctx) + "<input type=\"hidden\" name=\"service_id\" value=\"" +
               std::to_string(m.service.id) + "\"><button type=\"submit\">" +
               Esc(Format({"Refer to {name}", "Orienter vers {name}"}, ctx.lang,
                          {{"name", m.service.name}})) +
               "</button></form>";
      }
      out += "</td></tr>";
    }
    out += "</tbody></table></section>";
  }
  out += "<section aria-labelledby=\"made\"><h2 id=\"made\">" +
         ET(ctx, {"Referrals to services", "Orientations vers des services"}) + "</h2>";
  if (v.referrals.empty()) {
    return out + "<p>" + ET(ctx, {"None yet.", "Aucune pour l’instant."}) + "</p></section>";
  }
  out += "<table><thead><tr>";
  for (const Msg& m : {Msg{"#", "N°"}, Msg{"Service", "Service"}, Msg{"Status", "Statut"},
                       Msg{"Outcome", "Résultat"}, Msg{"Made (UTC)", "Faite (UTC)"},
                       Msg{"Updated (UTC)", "Mise à jour (UTC)"}}) {
    out += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const referral::ServiceReferral& r : v.referrals) {
    std::string name = std::to_string(r.service_id);
    for (const referral::ServiceMatch& m : v.matches) {
      if (m.service.id == r.service_id) name = m.service.name;
    }
    out += "<tr><td>" + std::to_string(r.id) + "</td><td>" + Esc(name) + "</td><td data-status=\"" +
           Esc(r.status) + "\">" + Esc(ServiceStatusLabel(r.status, ctx.lang)) + "</td><td>" +
           Esc(ServiceOutcomeLabel(r.outcome, ctx.lang)) + "</td><td>" + Esc(r.created_at) +
           "</td><td>" + Esc(r.updated_at) + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

void CaseServicesPage(App& app, const RequestCtx& ctx, const Request& req, Response& res,
                      int status, std::string flash, bool flash_is_error) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<ServicesView> view = LoadServices(app.desk(), ctx.who(), *id);
  if (!view.ok()) return app.SendPageError(ctx, res, view.status());
  std::string body = CaseHeading(ctx, kTitle, *id, "/cases/" + std::to_string(*id) + "/services");
  body += ServicesPageBody(ctx, *view, *id);
  if (flash.empty()) flash = DoneNotice(ctx, req);
  app.SendPage(ctx, res, Format(kTitle, ctx.lang, {{"id", *id}}), body, status, std::move(flash),
               flash_is_error);
}

std::optional<int> OptionalInt(std::string_view text, bool& bad) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  int v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0 || v > 100000) {
    bad = true;
    return std::nullopt;
  }
  return v;
}

std::string EligibilityText(const referral::Eligibility& e, Lang lang) {
  std::string out;
  const auto add = [&out](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (e.min_age || e.max_age) {
    add(Format({"ages {min}–{max}", "âges {min}–{max}"}, lang,
               {{"min", e.min_age ? std::to_string(*e.min_age) : "0"},
                {"max", e.max_age ? std::to_string(*e.max_age) : "…"}}));
  }
  if (e.capacity) add(Format({"{n} places", "{n} places"}, lang, {{"n", int64_t{*e.capacity}}}));
  for (const std::string& f : e.forms) {
    const FormOfExploitation* form = CodeLists::Default().FindForm(f);
    add(form ? (lang == Lang::kFr ? form->label_fr : form->label_en) : f);
  }
  return out.empty() ? Msg{"open to all", "ouvert à tous"}.Get(lang) : out;
}

// The referrals made to the organisation's services, each with the next step it allows.
std::string IncomingHtml(const RequestCtx& ctx, const std::vector<IncomingReferral>& incoming) {
  std::string body;
  for (const IncomingReferral& in : incoming) {
    const std::string rid = std::to_string(in.referral.id);
    body += "<div class=\"incoming\" data-referral=\"" + rid + "\" data-case=\"" +
            std::to_string(in.referral.case_id) + "\"><p>" +
            Esc(Format({"Referral {id} of case #{case} to {service}: {status}.",
                        "Orientation {id} du dossier n° {case} vers {service} : {status}."},
                       ctx.lang,
                       {{"id", rid},
                        {"case", std::to_string(in.referral.case_id)},
                        {"service", in.service.name},
                        {"status", ServiceStatusLabel(in.referral.status, ctx.lang)}})) +
            "</p>";
    if (in.referral.status == "pending") {
      for (const auto& [value, label] : {std::pair{"yes", Msg{"Accept", "Accepter"}},
                                         std::pair{"no", Msg{"Decline", "Refuser"}}}) {
        body += "<form method=\"post\" action=\"/service-referrals/" + rid + "/respond\">" +
                CsrfInput(ctx) + "<input type=\"hidden\" name=\"accept\" value=\"" + value +
                "\"><button type=\"submit\">" + ET(ctx, label) + "</button></form>";
      }
    } else {
      body += "<form method=\"post\" action=\"/service-referrals/" + rid + "/outcome\">" +
              CsrfInput(ctx) + "<label for=\"outcome_" + rid + "\">" +
              ET(ctx, {"Outcome", "Résultat"}) + "</label><select id=\"outcome_" + rid +
              "\" name=\"outcome\">";
      for (const std::string_view o : kServiceOutcomes) {
        body += "<option value=\"" + std::string(o) + "\">" +
                Esc(ServiceOutcomeLabel(o, ctx.lang)) + "</option>";
      }
      body += "</select><button type=\"submit\">" +
              ET(ctx, {"Record the outcome", "Enregistrer le résultat"}) + "</button></form>";
    }
    body += "</div>";
  }
  return body;
}

void DirectoryPage(App& app, const RequestCtx& ctx, const Request& req, Response& res, int status,
                   std::string flash, bool flash_is_error) {
  Result<DirectoryView> view = LoadDirectory(app.desk(), ctx.who());
  if (!view.ok()) return app.SendPageError(ctx, res, view.status());
  std::string body = "<h1>" + ET(ctx, {"Services directory", "Annuaire des services"}) + "</h1>";
  body += "<table><thead><tr>";
  for (const Msg& m : {Msg{"Service", "Service"}, Msg{"Type", "Type"},
                       Msg{"Organisation", "Organisation"}, Msg{"Rules", "Règles"}}) {
    body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  }
  body += "</tr></thead><tbody>";
  for (const referral::ServiceDef& s : view->services) {
    body += "<tr><td>" + Esc(s.name) + "</td><td>" + Esc(TypeLabel(s.type, ctx.lang)) +
            "</td><td>" + Esc(s.organisation) + "</td><td>" +
            Esc(EligibilityText(s.eligibility, ctx.lang)) + "</td></tr>";
  }
  body += "</tbody></table>";
  if (RoleMay(ctx.who().role, Action::kRespondToService)) {
    body += "<h2>" +
            ET(ctx, {"Referrals to your organisation’s services",
                     "Orientations vers les services de votre organisation"}) +
            "</h2><p><a href=\"/services/inbox\">" +
            ET(ctx, {"Inbox, with closed referrals", "Orientations reçues, closes comprises"}) +
            "</a></p>";
    if (view->incoming.empty()) {
      body += "<p>" + ET(ctx, {"None open.", "Aucune en cours."}) + "</p>";
    }
    body += IncomingHtml(ctx, view->incoming);
  }
  if (RoleMay(ctx.who().role, Action::kManageServices)) {
    body += "<h2>" +
            ET(ctx,
               {"Add a service of your organisation", "Ajouter un service de votre organisation"}) +
            "</h2><form method=\"post\" action=\"/services\">" + CsrfInput(ctx);
    body += "<label for=\"service_name\">" + ET(ctx, {"Name", "Nom"}) +
            "</label><input type=\"text\" id=\"service_name\" name=\"name\" required "
            "maxlength=\"200\">";
    body += "<label for=\"service_type\">" + ET(ctx, {"Type", "Type"}) +
            "</label><select id=\"service_type\" name=\"type\">";
    for (const std::string_view t : referral::kServiceTypes) {
      body +=
          "<option value=\"" + std::string(t) + "\">" + Esc(TypeLabel(t, ctx.lang)) + "</option>";
    }
    body += "</select>";
    for (const auto& [name, label] :
         {std::pair{"min_age", Msg{"Minimum age (optional)", "Âge minimum (facultatif)"}},
          std::pair{"max_age", Msg{"Maximum age (optional)", "Âge maximum (facultatif)"}},
          std::pair{"capacity", Msg{"Places (optional)", "Places (facultatif)"}}}) {
      body += "<label for=\"service_" + std::string(name) + "\">" + ET(ctx, label) +
              "</label><input type=\"text\" inputmode=\"numeric\" id=\"service_" +
              std::string(name) + "\" name=\"" + name + "\" maxlength=\"6\">";
    }
    body += "<fieldset class=\"inline\"><legend>" +
            ET(ctx, {"Only for these forms of exploitation (none: all)",
                     "Seulement pour ces formes d’exploitation (aucune : toutes)"}) +
            "</legend>";
    for (const FormOfExploitation& f : CodeLists::Default().forms()) {
      const std::string fid = "service_form_" + f.code;
      body += "<label for=\"" + Esc(fid) + "\"><input type=\"checkbox\" id=\"" + Esc(fid) +
              "\" name=\"forms\" value=\"" + Esc(f.code) + "\"> " +
              Esc(ctx.lang == Lang::kFr ? f.label_fr : f.label_en) + "</label>";
    }
    body += "</fieldset><div class=\"actions\"><button type=\"submit\">" +
            ET(ctx, {"Add the service", "Ajouter le service"}) + "</button></div></form>";
  }
  if (flash.empty()) flash = DoneNotice(ctx, req);
  app.SendPage(ctx, res, T(ctx, {"Services directory", "Annuaire des services"}), body, status,
               std::move(flash), flash_is_error);
}

void Directory(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  DirectoryPage(app, ctx, req, res, 200, "", false);
}

void DirectoryOutcome(App& app, RequestCtx& ctx, const Request& req, Response& res,
                      const Status& status) {
  SendOutcome(app, ctx, res, status, "/services?done=1", [&](int code, std::string message) {
    DirectoryPage(app, ctx, req, res, code, std::move(message), true);
  });
}

void Add(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  referral::ServiceDef s;
  s.name = req.get_param_value("name");
  s.type = req.get_param_value("type");
  bool bad = false;
  s.eligibility.min_age = OptionalInt(req.get_param_value("min_age"), bad);
  s.eligibility.max_age = OptionalInt(req.get_param_value("max_age"), bad);
  s.eligibility.capacity = OptionalInt(req.get_param_value("capacity"), bad);
  const size_t n = req.get_param_value_count("forms");
  for (size_t i = 0; i < n; ++i) s.eligibility.forms.push_back(req.get_param_value("forms", i));
  Status status = bad ? Status::InvalidArgument("ages and places: whole numbers from 0")
                      : AddService(app.desk(), ctx.who(), ctx.lang, std::move(s)).status();
  DirectoryOutcome(app, ctx, req, res, status);
}

void Answer(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("service referral"));
  const std::string accept = req.get_param_value("accept");
  const Status status = accept != "yes" && accept != "no"
                            ? Status::InvalidArgument("accept: yes or no")
                            : RespondToService(app.desk(), ctx.who(), *id, ctx.lang, accept == "yes");
  DirectoryOutcome(app, ctx, req, res, status);
}

void Outcome(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("service referral"));
  DirectoryOutcome(
      app, ctx, req, res,
      RecordServiceOutcome(app.desk(), ctx.who(), *id, ctx.lang, req.get_param_value("outcome")));
}

void Refer(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  int64_t service_id = 0;
  const std::string text = req.get_param_value("service_id");
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), service_id);
  const Status status =
      ec != std::errc() || ptr != text.data() + text.size() || service_id <= 0
          ? Status::InvalidArgument("service_id: a service number")
          : ReferToService(app.desk(), ctx.who(), *id, ctx.lang, service_id, req.get_param_value("note"));
  SendOutcome(app, ctx, res, status, "/cases/" + std::to_string(*id) + "/services?done=1",
              [&](int code, std::string message) {
                CaseServicesPage(app, ctx, req, res, code, std::move(message), true);
              });
}

void InboxPage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const bool all = req.get_param_value("all") == "1";
  Result<std::vector<IncomingReferral>> inbox = LoadInbox(app.desk(), ctx.who(), all);
  if (!inbox.ok()) return app.SendPageError(ctx, res, inbox.status());
  std::string body = "<h1>" + ET(ctx, {"Referrals to your organisation’s services",
                                       "Orientations vers les services de votre organisation"}) +
                     "</h1><p>";
  body += all ? "<a href=\"/services/inbox\">" + ET(ctx, {"Open ones only", "En cours seulement"})
              : "<a href=\"/services/inbox?all=1\">" +
                    ET(ctx, {"Include declined and completed ones",
                             "Inclure les refusées et les terminées"});
  body += "</a></p>";
  if (inbox->empty()) body += "<p>" + ET(ctx, {"None.", "Aucune."}) + "</p>";
  body += IncomingHtml(ctx, *inbox);
  app.SendPage(ctx, res, T(ctx, {"Inbox", "Orientations reçues"}), body);
}

}  // namespace

void RegisterServicesPages(App& app) {
  const auto bind = [&app](void (*f)(App&, RequestCtx&, const Request&, Response&)) {
    return [&app, f](RequestCtx& ctx, const Request& req, Response& res) { f(app, ctx, req, res); };
  };
  app.Route("GET", R"(/cases/(\d+)/services)", "/cases/{id}/services", Surface::kPage,
            Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CaseServicesPage(app, ctx, req, res, 200, "", false);
            });
  app.Route("POST", R"(/cases/(\d+)/services)", "/cases/{id}/services", Surface::kPage,
            Guard::kCsrf, bind(Refer));
  app.Route("GET", "/services", "/services", Surface::kPage, Guard::kSession, bind(Directory));
  app.Route("GET", "/services/inbox", "/services/inbox", Surface::kPage, Guard::kSession,
            bind(InboxPage));
  app.Route("POST", "/services", "/services", Surface::kPage, Guard::kCsrf, bind(Add));
  app.Route("POST", R"(/service-referrals/(\d+)/respond)", "/service-referrals/{id}/respond",
            Surface::kPage, Guard::kCsrf, bind(Answer));
  app.Route("POST", R"(/service-referrals/(\d+)/outcome)", "/service-referrals/{id}/outcome",
            Surface::kPage, Guard::kCsrf, bind(Outcome));
}

}  // namespace palermo::server::flow
