// SPDX-License-Identifier: AGPL-3.0-or-later
// The NRM referral timeline of a case: current state, the decision due (due soon / overdue), the
// minimum period, the history, and only the next steps this user's role may take, as buttons
// (src/referral/referral.h, profile gbr_nrm by default).
#include "server/flow.h"

namespace palermo::server::flow {
namespace {

using httplib::Request;
using httplib::Response;

constexpr Msg kTitle{"NRM referral — case #{id}", "Orientation MNO — dossier n° {id}"};

std::string StateLabel(const referral::Profile& profile, std::string_view state, Lang lang) {
  const referral::StateDef* s = profile.FindState(state);
  return s ? s->label.Get(lang) : std::string(state);
}

std::string StepLabel(const referral::Profile& profile, std::string_view id, Lang lang) {
  const referral::TransitionDef* t = profile.FindTransition(id);
  return t ? t->label.Get(lang) : std::string(id);
}

std::string RenderCurrent(const RequestCtx& ctx, const ReferralView& v) {
  const referral::Profile& profile = *v.profile;
  const referral::ReferralInfo& r = *v.current;
  std::string out = "<section aria-labelledby=\"state\"><h2 id=\"state\">" +
                    ET(ctx, {"Where the referral stands", "Où en est l’orientation"}) +
                    "</h2><dl class=\"fields\">";
  const auto field = [&out, &ctx](const Msg& label, const std::string& value) {
    out += "<dt>" + ET(ctx, label) + "</dt><dd>" + Esc(value) + "</dd>";
  };
  out += "<dt>" + ET(ctx, {"State", "État"}) + "</dt><dd data-state=\"" + Esc(r.state) + "\">" +
         Esc(StateLabel(profile, r.state, ctx.lang)) + "</dd>";
  field({"Since (UTC)", "Depuis (UTC)"}, r.state_entered_at);
  field({"Responsible organisation", "Organisation responsable"}, r.organisation);
  field({"Mechanism", "Mécanisme"}, profile.name().Get(ctx.lang));
  field({"Treated as", "Traité comme"},
        r.is_child ? T(ctx, {"a child (no consent needed)", "un enfant (sans consentement requis)"})
                   : T(ctx, {"an adult", "un adulte"}));
  out += "</dl>";
  if (v.due && v.open) {
    const referral::StateDef* state = profile.FindState(r.state);
    const std::string what = state ? state->due_what.Get(ctx.lang) : "";
    const std::string day = referral::FormatDay(v.due->local_date);
    if (v.alert && v.alert->level == referral::AlertLevel::kOverdue) {
      out +=
          "<p class=\"deadline overdue\" role=\"alert\" data-alert=\"overdue\">" +
          Esc(Format({"Overdue: the {what} was due on {day} ({n, plural, one {# working day} "
                      "other {# working days}} late).",
                      "En retard : la {what} était attendue le {day} ({n, plural, one {# jour "
                      "ouvré} other {# jours ouvrés}} de retard)."},
                     ctx.lang,
                     {{"what", what}, {"day", day}, {"n", int64_t{-v.alert->working_days_left}}})) +
          "</p>";
    } else if (v.alert) {
      out +=
          "<p class=\"deadline due-soon\" role=\"status\" data-alert=\"due_soon\">" +
          Esc(Format({"Due soon: the {what} is due by {day} ({n, plural, =0 {today} one {# "
                      "working day left} other {# working days left}}).",
                      "Échéance proche : la {what} est attendue au plus tard le {day} ({n, "
                      "plural, =0 {aujourd’hui} one {# jour ouvré restant} other {# jours "
                      "ouvrés restants}})."},
                     ctx.lang,
                     {{"what", what}, {"day", day}, {"n", int64_t{v.alert->working_days_left}}})) +
          "</p>";
    } else {
      out += "<p class=\"deadline\">" +
             Esc(Format(
                 {"The {what} is due by {day}.", "La {what} est attendue au plus tard le {day}."},
                 ctx.lang, {{"what", what}, {"day", day}})) +
             "</p>";
    }
  }
  if (v.minimum_ends && v.open) {
    const referral::StateDef* state = profile.FindState(r.state);
    out += "<p class=\"hint\">" +
           Esc(Format({"Minimum period ({what}): until {day}.",
                       "Période minimale ({what}) : jusqu’au {day}."},
                      ctx.lang,
                      {{"what", state ? state->minimum_what.Get(ctx.lang) : ""},
                       {"day", referral::FormatDay(v.minimum_ends->local_date)}})) +
           "</p>";
  }
  out += "</section><section aria-labelledby=\"history\"><h2 id=\"history\">" +
         ET(ctx, {"History", "Historique"}) + "</h2><table><thead><tr>";
  for (const Msg& m : {Msg{"When (UTC)", "Quand (UTC)"}, Msg{"Step", "Étape"}, Msg{"From", "De"},
                       Msg{"To", "Vers"}, Msg{"By", "Par"}, Msg{"Organisation", "Organisation"}}) {
    out += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const referral::ReferralEvent& e : v.history) {
    std::string org = e.organisation;
    if (!e.target_organisation.empty()) org += " → " + e.target_organisation;
    out += "<tr><td>" + Esc(e.at) + "</td><td>" + Esc(StepLabel(profile, e.transition, ctx.lang)) +
           "</td><td>" +
           (e.from_state.empty() ? "—" : Esc(StateLabel(profile, e.from_state, ctx.lang))) +
           "</td><td>" + Esc(StateLabel(profile, e.to_state, ctx.lang)) + "</td><td>" +
           Esc(e.user) + " (" + Esc(e.role) + ")</td><td>" + Esc(org) + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string RenderSteps(const RequestCtx& ctx, const ReferralView& v, CaseId id) {
  std::string out = "<section aria-labelledby=\"next\"><h2 id=\"next\">" +
                    ET(ctx, {"Next steps", "Prochaines étapes"}) + "</h2>";
  if (v.next.empty()) {
    return out + "<p class=\"hint\">" +
           ET(ctx, {"No step is open to your role now.",
                    "Aucune étape n’est ouverte à votre rôle pour l’instant."}) +
           "</p></section>";
  }
  const std::string consent_url = "/cases/" + std::to_string(id) + "/consent";
  for (const NextStep& step : v.next) {
    const referral::TransitionDef& t = *step.transition;
    const std::string label = t.label.Get(ctx.lang);
    if (step.available_from) {
      out += "<p class=\"step unavailable\">" +
             Esc(Format({"{step}: possible from {day}, when the minimum period has ended.",
                         "{step} : possible à partir du {day}, à la fin de la période minimale."},
                        ctx.lang,
                        {{"step", label},
                         {"day", referral::FormatDay(step.available_from->local_date)}})) +
             "</p>";
      continue;
    }
    const std::string form_id = "step_" + t.id;
    out += "<form method=\"post\" action=\"/cases/" + std::to_string(id) +
           "/referral\" class=\"step\" id=\"" + Esc(form_id) + "\">" + CsrfInput(ctx) +
           "<input type=\"hidden\" name=\"transition\" value=\"" + Esc(t.id) + "\">";
    if (step.needs_consent && t.changes_organisation) {
      out += "<p class=\"hint\">" +
             ET(ctx, {"Needs the person’s consent to share data with the receiving organisation.",
                      "Nécessite le consentement de la personne au partage de données avec "
                      "l’organisation destinataire."}) +
             " <a href=\"" + consent_url + "\">" + ET(ctx, {"Consent", "Consentement"}) +
             "</a></p>";
    } else if (step.needs_consent && !step.has_consent) {
      out += "<p class=\"hint warning\">" +
             ET(ctx, {"Consent is required for this step and none is on record: record it first.",
                      "Cette étape exige un consentement et aucun n’est enregistré : "
                      "enregistrez-le d’abord."}) +
             " <a href=\"" + consent_url + "\">" +
             ET(ctx, {"Record consent", "Enregistrer le consentement"}) + "</a></p>";
    }
    if (t.changes_organisation) {
      out += "<label for=\"" + Esc(form_id) + "_org\">" +
             ET(ctx, {"Receiving organisation (code)", "Organisation destinataire (code)"}) +
             "</label><input type=\"text\" id=\"" + Esc(form_id) +
             "_org\" name=\"target_organisation\" required maxlength=\"200\">";
    }
    if (t.from.empty() && !v.age) {
      out += "<label for=\"" + Esc(form_id) + "_child\"><input type=\"checkbox\" id=\"" +
             Esc(form_id) + "_child\" name=\"presumed_child\" value=\"1\"> " +
             ET(ctx,
                {"Age unknown, but there are reasons to believe the person is a child",
                 "Âge inconnu, mais il y a des raisons de croire que la personne est un enfant"}) +
             "</label>";
    }
    out += "<label for=\"" + Esc(form_id) + "_note\">" +
           ET(ctx, {"Note (encrypted; optional)", "Note (chiffrée ; facultative)"}) +
           "</label><input type=\"text\" id=\"" + Esc(form_id) +
           "_note\" name=\"note\" maxlength=\"4000\" autocomplete=\"off\"><div class=\"actions\">"
           "<button type=\"submit\">" +
           Esc(label) + "</button></div></form>";
  }
  return out + "</section>";
}

void ReferralPage(App& app, const RequestCtx& ctx, const Request& req, Response& res, int status,
                  std::string flash, bool flash_is_error) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<ReferralView> view = LoadReferral(app.desk(), ctx.who(), *id, ctx.lang);
  if (!view.ok()) return app.SendPageError(ctx, res, view.status());
  const std::string path = "/cases/" + std::to_string(*id) + "/referral";
  std::string body = CaseHeading(ctx, kTitle, *id, path);
  if (view->current) {
    body += RenderCurrent(ctx, *view);
  } else {
    body += "<p>" +
            ET(ctx, {"This case has not been referred to the NRM.",
                     "Ce dossier n’a pas été orienté vers le MNO."}) +
            "</p>";
  }
  body += RenderSteps(ctx, *view, *id);
  if (!view->earlier.empty()) {
    body += "<h2>" + ET(ctx, {"Earlier referrals", "Orientations précédentes"}) + "</h2><ul>";
    for (const referral::ReferralInfo& r : view->earlier) {
      body += "<li>" + Esc(r.created_at) + " · " +
              Esc(StateLabel(*view->profile, r.state, ctx.lang)) + "</li>";
    }
    body += "</ul>";
  }
  if (flash.empty()) flash = DoneNotice(ctx, req);
  app.SendPage(ctx, res, Format(kTitle, ctx.lang, {{"id", *id}}), body, status, std::move(flash),
               flash_is_error);
}

void Show(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  ReferralPage(app, ctx, req, res, 200, "", false);
}

void Step(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  const StepInput input{.transition = req.get_param_value("transition"),
                        .note = req.get_param_value("note"),
                        .target_organisation = req.get_param_value("target_organisation"),
                        .presumed_child = req.get_param_value("presumed_child") == "1"};
  const Status status = TakeStep(app.desk(), ctx.who(), *id, ctx.lang, input);
  SendOutcome(app, ctx, res, status, "/cases/" + std::to_string(*id) + "/referral?done=1",
              [&](int code, std::string message) {
                ReferralPage(app, ctx, req, res, code, std::move(message), true);
              });
}

}  // namespace

void RegisterReferralPages(App& app) {
  app.Route(
      "GET", R"(/cases/(\d+)/referral)", "/cases/{id}/referral", Surface::kPage, Guard::kSession,
      [&app](RequestCtx& ctx, const Request& req, Response& res) { Show(app, ctx, req, res); });
  app.Route(
      "POST", R"(/cases/(\d+)/referral)", "/cases/{id}/referral", Surface::kPage, Guard::kCsrf,
      [&app](RequestCtx& ctx, const Request& req, Response& res) { Step(app, ctx, req, res); });
}

}  // namespace palermo::server::flow
