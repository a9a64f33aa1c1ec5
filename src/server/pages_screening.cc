// SPDX-License-Identifier: AGPL-3.0-or-later
// The screening questionnaire of a case: ILO/EC indicators grouped by dimension with yes / no /
// unknown answers, the computed presumption with its reasons, and the decision a person records
// beside it (src/screen/screen.h).
#include <map>

#include "server/flow.h"

namespace palermo::server::flow {
namespace {

using httplib::Request;
using httplib::Response;

constexpr Msg kTitle{"Screening — case #{id}", "Repérage — dossier n° {id}"};

std::string StrengthLabel(screen::Strength s, Lang lang) {
  switch (s) {
    case screen::Strength::kStrong:
      return Msg{"strong", "fort"}.Get(lang);
    case screen::Strength::kMedium:
      return Msg{"medium", "moyen"}.Get(lang);
    case screen::Strength::kWeak:
      return Msg{"weak", "faible"}.Get(lang);
    case screen::Strength::kNone:
      break;
  }
  return "";
}

// Three radio buttons for one indicator, inside a fieldset whose legend is the indicator.
void AnswerRadios(std::string& out, const RequestCtx& ctx, const std::string& code,
                  const std::string& label, const std::string& strength, screen::Answer current,
                  bool editable) {
  const std::string name = "a_" + code;
  out += "<fieldset class=\"indicator\"><legend>" + Esc(label);
  if (!strength.empty()) out += " <span class=\"hint\">(" + Esc(strength) + ")</span>";
  out += "</legend>";
  const struct {
    screen::Answer answer;
    Msg label;
  } options[] = {{screen::Answer::kYes, {"Yes", "Oui"}},
                 {screen::Answer::kNo, {"No", "Non"}},
                 {screen::Answer::kUnknown, {"Unknown", "Inconnu"}}};
  for (const auto& o : options) {
    const std::string value(screen::AnswerCode(o.answer));
    const std::string id = name + "_" + value;
    out += "<label for=\"" + Esc(id) + "\"><input type=\"radio\" id=\"" + Esc(id) + "\" name=\"" +
           Esc(name) + "\" value=\"" + value + "\"";
    if (o.answer == current) out += " checked";
    if (!editable) out += " disabled";
    out += "> " + ET(ctx, o.label) + "</label>";
  }
  out += "</fieldset>";
}

std::string RenderStart(const RequestCtx& ctx, const ScreeningView& v, CaseId id) {
  std::string out = "<p>" +
                    ET(ctx, {"No screening has been made for this case yet.",
                             "Aucun repérage n’a encore été fait pour ce dossier."}) +
                    "</p>";
  if (!v.may_screen) return out;
  out += "<form method=\"post\" action=\"/cases/" + std::to_string(id) + "/screening/start\">" +
         CsrfInput(ctx);
  out += "<fieldset><legend>" + ET(ctx, {"Indicator set", "Jeu d’indicateurs"}) + "</legend>";
  std::optional<screen::Population> from_age = screen::PopulationForAge(v.age);
  if (v.age) {
    out += "<p class=\"hint\">" +
           Esc(Format({"From the age recorded in the case ({age}).",
                       "D’après l’âge enregistré dans le dossier ({age})."},
                      ctx.lang, {{"age", int64_t{*v.age}}})) +
           "</p>";
  } else {
    out += "<p class=\"hint\">" +
           ET(ctx, {"The age is unknown: choose. If in doubt, treat the person as a child "
                    "(Directive 2011/36/EU art. 13(2)).",
                    "L’âge est inconnu : choisissez. En cas de doute, traitez la personne comme "
                    "un enfant (directive 2011/36/UE, art. 13, par. 2)."}) +
           "</p>";
  }
  for (const auto& [pop, label] : {std::pair{screen::Population::kAdult, Msg{"Adult", "Adulte"}},
                                   std::pair{screen::Population::kChild, Msg{"Child", "Enfant"}}}) {
    const std::string code(screen::PopulationCode(pop));
    out += "<label for=\"population_" + code + "\"><input type=\"radio\" id=\"population_" + code +
           "\" name=\"population\" value=\"" + code + "\"";
    if (from_age == pop || (!from_age && pop == screen::Population::kChild)) out += " checked";
    out += "> " + ET(ctx, label) + "</label>";
  }
  out += "</fieldset><fieldset><legend>" +
         ET(ctx, {"Form of exploitation screened", "Forme d’exploitation examinée"}) + "</legend>";
  for (const auto& [e, label] :
       {std::pair{screen::Exploitation::kLabour,
                  Msg{"Labour exploitation", "Exploitation par le travail"}},
        std::pair{screen::Exploitation::kSexual,
                  Msg{"Sexual exploitation", "Exploitation sexuelle"}}}) {
    const std::string code(screen::ExploitationCode(e));
    out += "<label for=\"exploitation_" + code + "\"><input type=\"radio\" id=\"exploitation_" +
           code + "\" name=\"exploitation\" value=\"" + code + "\"";
    if (e == screen::Exploitation::kLabour) out += " checked";
    out += "> " + ET(ctx, label) + "</label>";
  }
  out += "</fieldset><div class=\"actions\"><button type=\"submit\">" +
         ET(ctx, {"Start the screening", "Commencer le repérage"}) + "</button></div></form>";
  return out;
}

std::string RenderResult(const RequestCtx& ctx, const ScreeningView& v) {
  std::string out = "<section aria-labelledby=\"presumption\"><h2 id=\"presumption\">" +
                    ET(ctx, {"Computed presumption", "Présomption calculée"}) + "</h2>";
  if (!v.result) {
    return out + "<p class=\"hint\">" +
           ET(ctx,
              {"This screening was made with another indicator list; it cannot be evaluated "
               "with the current one.",
               "Ce repérage a été fait avec une autre liste d’indicateurs ; il ne peut pas être "
               "évalué avec la liste actuelle."}) +
           "</p></section>";
  }
  const screen::ScreeningResult& r = *v.result;
  out += "<p class=\"presumption presumption-" +
         std::string(screen::PresumptionCode(r.presumption)) + "\" data-presumption=\"" +
         std::string(screen::PresumptionCode(r.presumption)) + "\"><strong>" +
         Esc(screen::PresumptionLabel(r.presumption, r.exploitation, ctx.lang)) +
         "</strong></p><ul class=\"reasons\">";
  for (const screen::Reason& reason : r.reasons)
    out += "<li>" + Esc(reason.Get(ctx.lang)) + "</li>";
  out +=
      "</ul><p class=\"hint\">" +
      ET(ctx, {"This is a presumption to guide referral, not a decision: a person decides below.",
               "Ceci est une présomption pour guider l’orientation, pas une décision : une "
               "personne décide ci-dessous."}) +
      "</p></section>";
  return out;
}

std::string RenderQuestionnaire(const RequestCtx& ctx, const ScreeningView& v,
                                const screen::IndicatorList& list, CaseId id) {
  const screen::ScreeningInfo& info = *v.info;
  std::map<std::string, screen::Answer, std::less<>> answers;
  for (const screen::StoredAnswer& a : v.answers) answers[a.code] = a.answer;
  const auto answer_of = [&answers](const std::string& code) {
    const auto it = answers.find(code);
    return it == answers.end() ? screen::Answer::kUnknown : it->second;
  };
  std::string out = "<section aria-labelledby=\"questions\"><h2 id=\"questions\">" +
                    ET(ctx, {"Indicators", "Indicateurs"}) + "</h2>";
  if (!list.Has(info.population, info.exploitation)) {
    return out + "<p class=\"hint\">" +
           ET(ctx, {"The current indicator list has no set for this screening.",
                    "La liste d’indicateurs actuelle n’a pas de jeu pour ce repérage."}) +
           "</p></section>";
  }
  out +=
      "<p class=\"hint\">" +
      ET(ctx, {"Answer what is known. Unknown answers are never guessed: the presumption then "
               "says which indicators could change it.",
               "Répondez à ce qui est connu. Les réponses inconnues ne sont jamais devinées : la "
               "présomption indique alors quels indicateurs pourraient la modifier."}) +
      "</p>";
  if (v.may_screen) {
    out += "<form method=\"post\" action=\"/cases/" + std::to_string(id) +
           "/screening/answers\" data-guard>" + CsrfInput(ctx);
  }
  const std::vector<const screen::Indicator*> set = list.Set(info.population, info.exploitation);
  for (const screen::Dimension d :
       {screen::Dimension::kAct, screen::Dimension::kDeceptiveRecruitment,
        screen::Dimension::kCoerciveRecruitment,
        screen::Dimension::kRecruitmentAbuseOfVulnerability,
        screen::Dimension::kExploitativeConditions, screen::Dimension::kCoercionAtDestination,
        screen::Dimension::kAbuseOfVulnerabilityAtDestination}) {
    std::string items;
    for (const screen::Indicator* ind : set) {
      if (ind->dimension != d) continue;
      AnswerRadios(items, ctx, ind->code, ind->Label(ctx.lang),
                   StrengthLabel(ind->strength, ctx.lang), answer_of(ind->code), v.may_screen);
    }
    if (items.empty()) continue;
    out += "<fieldset class=\"dimension\" id=\"dim_" + std::string(screen::DimensionCode(d)) +
           "\"><legend>" + Esc(screen::DimensionLabel(d, ctx.lang)) + "</legend>" + items +
           "</fieldset>";
  }
  if (!list.forced_labour().empty()) {
    out += "<fieldset class=\"dimension\" id=\"forced_labour\"><legend>" +
           ET(ctx, {"ILO indicators of forced labour (checklist; not part of the rule)",
                    "Indicateurs du travail forcé de l’OIT (liste de contrôle ; hors règle)"}) +
           "</legend>";
    for (const screen::ForcedLabourIndicator& f : list.forced_labour()) {
      AnswerRadios(out, ctx, f.code, f.Label(ctx.lang), "", answer_of(f.code), v.may_screen);
    }
    out += "</fieldset>";
  }
  if (v.may_screen) {
    out += "<div class=\"actions\"><button type=\"submit\">" +
           ET(ctx, {"Save the answers", "Enregistrer les réponses"}) + "</button></div></form>";
  }
  return out + "</section>";
}

std::string RenderDecisions(const RequestCtx& ctx, const ScreeningView& v, CaseId id) {
  std::string out = "<section aria-labelledby=\"decision\"><h2 id=\"decision\">" +
                    ET(ctx, {"Decision (made by a person)", "Décision (prise par une personne)"}) +
                    "</h2>";
  if (v.decisions.empty()) {
    out += "<p>" + ET(ctx, {"No decision recorded yet.", "Aucune décision enregistrée."}) + "</p>";
  } else {
    out += "<table><thead><tr>";
    for (const Msg& m : {Msg{"Decision", "Décision"}, Msg{"By", "Par"}, Msg{"Role", "Rôle"},
                         Msg{"When (UTC)", "Quand (UTC)"},
                         Msg{"Presumption at the time", "Présomption à ce moment"}}) {
      out += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (const screen::Decision& d : v.decisions) {
      out += "<tr><td>" + Esc(ScreeningDecisionLabel(d.decision, ctx.lang)) + "</td><td>" +
             Esc(d.decided_by) + "</td><td>" + Esc(d.role) + "</td><td>" + Esc(d.decided_at) +
             "</td><td>" + Esc(d.presumption_at_decision) + "</td></tr>";
    }
    out += "</tbody></table>";
  }
  if (v.may_screen && v.result) {
    out += "<form method=\"post\" action=\"/cases/" + std::to_string(id) +
           "/screening/decision\">" + CsrfInput(ctx) + "<label for=\"decision_value\">" +
           ET(ctx, {"Your decision", "Votre décision"}) +
           "</label><select id=\"decision_value\" name=\"decision\">";
    for (const std::string_view code : kScreeningDecisions) {
      out += "<option value=\"" + std::string(code) + "\">" +
             Esc(ScreeningDecisionLabel(code, ctx.lang)) + "</option>";
    }
    out += "</select><label for=\"decision_note\">" +
           ET(ctx, {"Note (encrypted; optional)", "Note (chiffrée ; facultative)"}) +
           "</label><textarea id=\"decision_note\" name=\"note\" rows=\"3\" maxlength=\"4000\">"
           "</textarea><div class=\"actions\"><button type=\"submit\">" +
           ET(ctx, {"Record the decision", "Enregistrer la décision"}) + "</button></div></form>";
  }
  return out + "</section>";
}

void ScreeningPage(App& app, const RequestCtx& ctx, const Request& req, Response& res, int status,
                   std::string flash, bool flash_is_error) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Result<const screen::IndicatorList*> list = Indicators();
  if (!list.ok()) return app.SendPageError(ctx, res, list.status());
  Result<ScreeningView> view = LoadScreening(app.desk(), ctx.who(), *id, ctx.lang);
  if (!view.ok()) return app.SendPageError(ctx, res, view.status());
  const std::string path = "/cases/" + std::to_string(*id) + "/screening";
  std::string body = CaseHeading(ctx, kTitle, *id, path);
  if (!view->info) {
    body += RenderStart(ctx, *view, *id);
  } else {
    const screen::ScreeningInfo& info = *view->info;
    body +=
        "<p class=\"hint\">" +
        Esc(Format({"List {list} (version {version}), {population, select, child {child} other "
                    "{adult}} set, {form, select, sexual {sexual} other {labour}} exploitation; "
                    "started {at} by {by}.",
                    "Liste {list} (version {version}), jeu {population, select, child {enfant} "
                    "other {adulte}}, exploitation {form, select, sexual {sexuelle} other {par "
                    "le travail}} ; commencé le {at} par {by}."},
                   ctx.lang,
                   {{"list", info.list_name},
                    {"version", info.list_version},
                    {"population", std::string(screen::PopulationCode(info.population))},
                    {"form", std::string(screen::ExploitationCode(info.exploitation))},
                    {"at", info.created_at},
                    {"by", info.created_by}})) +
        "</p>";
    body += RenderResult(ctx, *view);
    body += RenderQuestionnaire(ctx, *view, **list, *id);
    body += RenderDecisions(ctx, *view, *id);
  }
  if (flash.empty()) flash = DoneNotice(ctx, req);
  app.SendPage(ctx, res, Format(kTitle, ctx.lang, {{"id", *id}}), body, status, std::move(flash),
               flash_is_error);
}

void Show(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  ScreeningPage(app, ctx, req, res, 200, "", false);
}

void Respond(App& app, RequestCtx& ctx, const Request& req, Response& res, const Status& status,
             CaseId id) {
  SendOutcome(app, ctx, res, status, "/cases/" + std::to_string(id) + "/screening?done=1",
              [&](int code, std::string message) {
                ScreeningPage(app, ctx, req, res, code, std::move(message), true);
              });
}

void Start(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Status status;
  std::optional<screen::Population> population;
  if (const std::string p = req.get_param_value("population"); !p.empty()) {
    Result<screen::Population> parsed = screen::ParsePopulation(p);
    if (!parsed.ok())
      status = Status::InvalidArgument("population: adult or child");
    else
      population = *parsed;
  }
  Result<screen::Exploitation> exploitation =
      screen::ParseExploitation(req.get_param_value("exploitation"));
  if (status.ok() && !exploitation.ok()) {
    status = Status::InvalidArgument("exploitation: labour or sexual");
  }
  if (status.ok()) {
    status = StartScreening(app.desk(), ctx.who(), *id, ctx.lang, population, *exploitation);
  }
  Respond(app, ctx, req, res, status, *id);
}

void Answers(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  std::vector<screen::AnswerRecord> answers;
  Status status;
  for (const auto& [name, value] : req.params) {
    if (!name.starts_with("a_")) continue;
    Result<screen::Answer> answer = screen::ParseAnswer(value);
    if (!answer.ok() || name.size() > 130) {
      status = Status::InvalidArgument("answers: yes, no or unknown");
      break;
    }
    answers.push_back({name.substr(2), *answer});
  }
  if (status.ok()) status = SaveAnswers(app.desk(), ctx.who(), *id, ctx.lang, answers);
  Respond(app, ctx, req, res, status, *id);
}

void Decide(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  const Status status = RecordDecision(
      app.desk(), ctx.who(), *id, ctx.lang, req.get_param_value("decision"), req.get_param_value("note"));
  Respond(app, ctx, req, res, status, *id);
}

}  // namespace

void RegisterScreeningPages(App& app) {
  const auto bind = [&app](void (*f)(App&, RequestCtx&, const Request&, Response&)) {
    return [&app, f](RequestCtx& ctx, const Request& req, Response& res) { f(app, ctx, req, res); };
  };
  app.Route("GET", R"(/cases/(\d+)/screening)", "/cases/{id}/screening", Surface::kPage,
            Guard::kSession, bind(Show));
  app.Route("POST", R"(/cases/(\d+)/screening/start)", "/cases/{id}/screening/start",
            Surface::kPage, Guard::kCsrf, bind(Start));
  app.Route("POST", R"(/cases/(\d+)/screening/answers)", "/cases/{id}/screening/answers",
            Surface::kPage, Guard::kCsrf, bind(Answers));
  app.Route("POST", R"(/cases/(\d+)/screening/decision)", "/cases/{id}/screening/decision",
            Surface::kPage, Guard::kCsrf, bind(Decide));
}

}  // namespace palermo::server::flow
