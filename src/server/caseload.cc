// SPDX-License-Identifier: AGPL-3.0-or-later
// Caseload (src/casework caseload.cc) on the web and the JSON API: assigning a case to a case
// worker, its tasks, and the case worker's start page "my cases". French and English.
#include <nlohmann/json.hpp>

#include "server/app.h"
#include "server/case_json.h"
#include "server/sql_util.h"
#include "server/flow.h"
#include "server/page_forms.h"

namespace palermo::server {

using nlohmann::json;

namespace {

using flow::CsrfInput;
using flow::ET;
using flow::PathId;
using flow::T;
using httplib::Request;
using httplib::Response;

// The web app's accounts (server_users) as src/casework sees them.
class ServerAccounts final : public casework::AccountDirectory {
 public:
  Result<std::optional<casework::Account>> Find(store::Transaction& tx,
                                                std::string_view username) const override {
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> rows,
        tx.Query("SELECT username, role, organisation, locked FROM server_users WHERE "
                 "username = $1",
                 {std::string(username)}));
    if (rows.empty()) return std::optional<casework::Account>();
    PALERMO_ASSIGN_OR_RETURN(casework::Account a, FromRow(rows[0]));
    return std::optional(std::move(a));
  }
  Result<std::vector<casework::Account>> InOrganisation(store::Transaction& tx,
                                                        std::string_view organisation,
                                                        Role role) const override {
    PALERMO_ASSIGN_OR_RETURN(
        const std::vector<store::SqlRow> rows,
        tx.Query("SELECT username, role, organisation, locked FROM server_users WHERE "
                 "organisation = $1 AND role = $2 AND locked = 0 ORDER BY username",
                 {std::string(organisation), std::string(RoleCode(role))}));
    std::vector<casework::Account> out;
    for (const store::SqlRow& row : rows) {
      PALERMO_ASSIGN_OR_RETURN(casework::Account a, FromRow(row));
      out.push_back(std::move(a));
    }
    return out;
  }

 private:
  static Result<casework::Account> FromRow(const store::SqlRow& row) {
    casework::Account a;
    a.username = SqlText(row[0]);
    PALERMO_ASSIGN_OR_RETURN(a.role, ParseRoleCode(SqlText(row[1])));
    a.organisation = SqlText(row[2]);
    const auto* locked = std::get_if<int64_t>(&row[3]);
    a.locked = locked != nullptr && *locked != 0;
    return a;
  }
};

json TaskJson(const casework::Task& t) {
  json j{{"id", t.id},          {"case_id", t.case_id}, {"due", t.due},
         {"assignee", t.assignee}, {"text", t.text},   {"done", t.done},
         {"overdue", t.overdue},   {"created_by", t.created_by}, {"created_at", t.created_at}};
  if (t.done) {
    j["done_by"] = t.done_by;
    j["done_at"] = t.done_at;
  }
  return j;
}

std::string LevelCode(referral::AlertLevel level) {
  return level == referral::AlertLevel::kOverdue ? "overdue" : "due_soon";
}

json CaseloadJson(const casework::Caseload& load, Lang lang) {
  json cases = json::array();
  for (const casework::AssignedCase& c : load.cases) {
    json j = SummaryJson(c.summary);
    j["assigned_at"] = c.assigned_at;
    j["next_due"] = c.next_due.empty() ? json(nullptr) : json(c.next_due);
    j["overdue"] = c.overdue;
    cases.push_back(std::move(j));
  }
  json tasks = json::array();
  for (const casework::Task& t : load.open_tasks) tasks.push_back(TaskJson(t));
  json deadlines = json::array();
  for (const referral::Alert& a : load.referral_deadlines) {
    deadlines.push_back(json{{"referral_id", a.referral_id},
                             {"case_id", a.case_id},
                             {"state", a.state},
                             {"what", a.what.Get(lang)},
                             {"due", referral::FormatDay(a.due.local_date)},
                             {"level", LevelCode(a.level)},
                             {"working_days_left", a.working_days_left}});
  }
  json recent = json::array();
  for (const casework::RecentChange& r : load.recent) {
    recent.push_back(json{{"case_id", r.case_id}, {"version", r.version}, {"kind", r.kind},
                          {"at", r.at},           {"user", r.user},       {"fields", r.fields}});
  }
  return json{{"cases", cases}, {"tasks", tasks}, {"referral_deadlines", deadlines},
              {"recent", recent}};
}

// ---- Pages ------------------------------------------------------------------------------------

std::string ChangeKindLabel(std::string_view kind, Lang lang) {
  if (kind == "create") return Msg{"created", "création"}.Get(lang);
  if (kind == "edit") return Msg{"corrected", "correction"}.Get(lang);
  if (kind == "close") return Msg{"closed", "clôture"}.Get(lang);
  if (kind == "reopen") return Msg{"reopened", "réouverture"}.Get(lang);
  if (kind == "assign") return Msg{"assigned", "attribution"}.Get(lang);
  return std::string(kind);
}

std::string CaseLink(CaseId id) {
  const std::string s = std::to_string(id);
  return "<a href=\"/cases/" + s + "\">#" + s + "</a>";
}

std::string TaskFieldLabel(std::string_view field, Lang lang) {
  if (field == "due") return Msg{"Due on", "Échéance"}.Get(lang);
  if (field == "assignee") return Msg{"Assigned to", "Attribuée à"}.Get(lang);
  if (field == "text") return Msg{"What to do", "À faire"}.Get(lang);
  if (field == "user") return Msg{"Case worker", "Chargé de dossier"}.Get(lang);
  return std::string(field);
}

std::string ErrorList(const RequestCtx& ctx, const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& e : errors) {
    out += "<p class=\"field-error error-text\" role=\"alert\">" +
           Esc(TaskFieldLabel(e.field, ctx.lang)) + " : " + Esc(e.message(ctx.lang)) + "</p>";
  }
  return out;
}

std::string UserOptions(const std::vector<std::string>& users, std::string_view selected,
                        std::string_view none_label) {
  std::string out;
  if (!none_label.empty()) out += "<option value=\"\">" + Esc(none_label) + "</option>";
  for (const std::string& u : users) {
    out += "<option value=\"" + Esc(u) + "\"" + (u == selected ? " selected" : "") + ">" + Esc(u) +
           "</option>";
  }
  return out;
}

std::string OverdueMark(const RequestCtx& ctx) {
  return " <strong class=\"overdue\">" + ET(ctx, {"Overdue", "En retard"}) + "</strong>";
}

// The "My cases" page.
void MyCasesPage(App& app, RequestCtx& ctx, Response& res) {
  Result<casework::Caseload> load = casework::MyCaseload(app.desk(), ctx.who());
  if (!load.ok()) return app.SendPageError(ctx, res, load.status());
  std::string body = "<h1>" + ET(ctx, {"My cases", "Mes dossiers"}) + "</h1>";

  body += "<section class=\"caseload\"><h2>" + ET(ctx, {"My open tasks", "Mes tâches ouvertes"}) +
          "</h2>";
  if (load->open_tasks.empty()) {
    body += "<p>" + ET(ctx, {"No open task.", "Aucune tâche ouverte."}) + "</p>";
  } else {
    body += "<ul class=\"tasks\">";
    for (const casework::Task& t : load->open_tasks) {
      body += std::string("<li") + (t.overdue ? " class=\"overdue\"" : "") + "><span class=\"due\">" +
              Esc(t.due) + "</span>" + (t.overdue ? OverdueMark(ctx) : "") + " · " +
              CaseLink(t.case_id) + " · " + Esc(t.text) + "</li>";
    }
    body += "</ul>";
  }
  body += "</section>";

  body += "<section class=\"caseload\"><h2>" +
          ET(ctx, {"Referral decisions due", "Décisions d’orientation attendues"}) + "</h2>";
  if (load->referral_deadlines.empty()) {
    body += "<p>" + ET(ctx, {"None due soon on your cases.",
                             "Aucune échéance proche sur vos dossiers."}) +
            "</p>";
  } else {
    body += "<ul class=\"deadlines\">";
    for (const referral::Alert& a : load->referral_deadlines) {
      const bool overdue = a.level == referral::AlertLevel::kOverdue;
      body += std::string("<li") + (overdue ? " class=\"overdue\"" : "") + ">" +
              CaseLink(a.case_id) + " · " + Esc(a.what.Get(ctx.lang)) + " · " +
              Esc(referral::FormatDay(a.due.local_date)) + (overdue ? OverdueMark(ctx) : "") +
              " · <a href=\"/cases/" + std::to_string(a.case_id) + "/referral\">" +
              ET(ctx, {"referral", "orientation"}) + "</a></li>";
    }
    body += "</ul>";
  }
  body += "</section>";

  body += "<section class=\"caseload\"><h2>" +
          ET(ctx, {"Cases assigned to me", "Dossiers qui me sont attribués"}) + "</h2>";
  if (load->cases.empty()) {
    body += "<p>" + ET(ctx, {"No case is assigned to you.", "Aucun dossier ne vous est attribué."}) +
            "</p>";
  } else {
    body += "<ul class=\"assigned\">";
    for (const casework::AssignedCase& c : load->cases) {
      body += "<li>" + CaseLink(c.summary.id) + " · " + Esc(c.summary.local_id) + " · " +
              Esc(VictimStatusLabel(c.summary.victim_status, ctx.lang));
      if (!c.next_due.empty()) {
        body += " · " + ET(ctx, {"next due", "prochaine échéance"}) + " " + Esc(c.next_due) +
                (c.overdue ? OverdueMark(ctx) : "");
      }
      body += "</li>";
    }
    body += "</ul>";
  }
  body += "</section>";

  body += "<section class=\"caseload\"><h2>" + ET(ctx, {"Recent changes", "Modifications récentes"}) +
          "</h2>";
  if (load->recent.empty()) {
    body += "<p>" + ET(ctx, {"Nothing yet.", "Rien pour l’instant."}) + "</p>";
  } else {
    body += "<ul class=\"recent\">";
    for (const casework::RecentChange& r : load->recent) {
      std::string fields;
      for (const std::string& f : r.fields) {
        fields += (fields.empty() ? "" : ", ") +
                  (f == "assignee" ? T(ctx, {"case worker", "chargé de dossier"})
                                   : CaseFieldLabel(f, ctx.lang));
      }
      body += "<li>" + CaseLink(r.case_id) + " · " + Esc(r.at) + " · " + Esc(r.user) + " · " +
              Esc(ChangeKindLabel(r.kind, ctx.lang)) +
              (fields.empty() ? "" : " (" + Esc(fields) + ")") + "</li>";
    }
    body += "</ul>";
  }
  body += "</section>";
  app.SendPage(ctx, res, T(ctx, {"My cases", "Mes dossiers"}), body);
}

// Renders the panel alone as a page (after a refused form), with the errors above it.
void PanelPage(App& app, RequestCtx& ctx, Response& res, CaseId id, int status,
               const std::vector<FieldError>& errors, std::string flash = "") {
  Result<std::string> panel = [&]() -> Result<std::string> {
    PALERMO_ASSIGN_OR_RETURN(auto tx, app.store().BeginRead(ctx.who().actor()));
    PALERMO_ASSIGN_OR_RETURN(const CaseRecord record, app.gate().Read(*tx, ctx.who(), id));
    PALERMO_ASSIGN_OR_RETURN(std::string html, CaseloadPanel(app, ctx, *tx, record));
    PALERMO_RETURN_IF_ERROR(tx->Commit());
    return html;
  }();
  if (!panel.ok()) return app.SendPageError(ctx, res, panel.status());
  const std::string body =
      flow::CaseHeading(ctx, {"Case {id}: case worker and tasks", "Dossier {id} : suivi et tâches"},
                        id, "/cases/" + std::to_string(id)) +
      ErrorList(ctx, errors) + *panel;
  app.SendPage(ctx, res,
               Format({"Case {id}: case worker and tasks", "Dossier {id} : suivi et tâches"},
                      ctx.lang, {{"id", id}}),
               body, status,
               flash.empty() ? T(ctx, {"Nothing was changed.", "Rien n'a été modifié."}) : flash,
               true);
}

void AfterChange(App& app, RequestCtx& ctx, Response& res, CaseId id, const Status& status,
                 const std::vector<FieldError>& errors) {
  if (!status.ok()) {
    if (status.code() == StatusCode::kFailedPrecondition ||
        status.code() == StatusCode::kNotFound) {
      return PanelPage(app, ctx, res, id, App::HttpStatusFor(status), {},
                       StatusText(status, ctx.lang));
    }
    return app.SendPageError(ctx, res, status);
  }
  if (!errors.empty()) return PanelPage(app, ctx, res, id, 400, errors);
  res.set_redirect("/cases/" + std::to_string(id) + "?done=caseload#caseload", 303);
}

}  // namespace

// The list's filter form (GET, so a filtered list can be bookmarked) and the query string that
// keeps the filter on the next page.
std::string CaseListFilterForm(const RequestCtx& ctx, const casework::CaseFilter& filter,
                           std::string& query) {
  const std::string status = filter.status ? std::string(VictimStatusCode(*filter.status)) : "";
  if (!status.empty()) query += "&status=" + status;
  if (filter.mine) query += "&assignee=me";
  if (filter.overdue) query += "&overdue=1";
  std::string out = "<form method=\"get\" action=\"/cases\" class=\"filters\"><fieldset><legend>" +
                    ET(ctx, {"Show", "Afficher"}) + "</legend><label for=\"f_status\">" +
                    ET(ctx, {"Status", "Statut"}) +
                    "</label><select id=\"f_status\" name=\"status\"><option value=\"\">" +
                    ET(ctx, {"any", "tous"}) + "</option>";
  for (const char* code : {"presumed", "identified", "not_a_victim", "unknown"}) {
    out += std::string("<option value=\"") + code + "\"" + (status == code ? " selected" : "") +
           ">" + Esc(VictimStatusLabel(code, ctx.lang)) + "</option>";
  }
  out += "</select>";
  if (RoleMay(ctx.who().role, Action::kManageCaseload)) {
    out += std::string("<label><input type=\"checkbox\" name=\"assignee\" value=\"me\"") +
           (filter.mine ? " checked" : "") + "> " +
           ET(ctx, {"assigned to me", "qui me sont attribués"}) + "</label>";
  }
  out += std::string("<label><input type=\"checkbox\" name=\"overdue\" value=\"1\"") +
         (filter.overdue ? " checked" : "") + "> " +
         ET(ctx, {"with an overdue task", "avec une tâche en retard"}) +
         "</label><div class=\"actions\"><button type=\"submit\">" +
         ET(ctx, {"Filter", "Filtrer"}) + "</button></div></fieldset></form>";
  return out;
}

const casework::AccountDirectory& Accounts() {
  static const ServerAccounts accounts;
  return accounts;
}

Result<std::string> CaseloadPanel(App& app, const RequestCtx& ctx, store::Transaction& tx,
                                  const CaseRecord& record) {
  PALERMO_ASSIGN_OR_RETURN(
      const std::optional<casework::CaseCaseload> view,
      casework::CaseloadOf(tx, ctx.who(), record, Accounts(), app.desk().now));
  if (!view) return std::string();
  const CaseId id = record.id;
  const std::vector<std::string>& users = view->assignable;
  const std::vector<casework::Task>& tasks = view->tasks;
  const std::optional<casework::Assignment>& assignment = view->assignment;
  const std::string base = "/cases/" + std::to_string(id);
  std::string out = "<section id=\"caseload\" class=\"caseload\"><h2>" +
                    ET(ctx, {"Case worker and tasks", "Suivi et tâches"}) + "</h2><p>";
  if (assignment) {
    out += Esc(Format({"Assigned to {user} since {at}.", "Attribué à {user} depuis le {at}."},
                      ctx.lang, {{"user", assignment->user}, {"at", assignment->at}}));
  } else {
    out += ET(ctx, {"Not assigned to anyone.", "Attribué à personne."});
  }
  out += "</p><form method=\"post\" action=\"" + base + "/assign\" class=\"inline\">" +
         CsrfInput(ctx) + "<label for=\"assign_user\">" +
         ET(ctx, {"Case worker", "Chargé de dossier"}) +
         "</label><select id=\"assign_user\" name=\"user\">" +
         UserOptions(users, assignment ? assignment->user : "",
                     T(ctx, {"— nobody —", "— personne —"})) +
         "</select><button type=\"submit\">" + ET(ctx, {"Assign", "Attribuer"}) +
         "</button></form>";

  out += "<h3>" + ET(ctx, {"Tasks", "Tâches"}) + "</h3>";
  if (tasks.empty()) {
    out += "<p>" + ET(ctx, {"No task yet.", "Aucune tâche pour l’instant."}) + "</p>";
  } else {
    out += "<ul class=\"tasks\">";
    for (const casework::Task& t : tasks) {
      out += std::string("<li") + (t.overdue ? " class=\"overdue\"" : t.done ? " class=\"done\"" : "") +
             "><span class=\"due\">" + Esc(t.due) + "</span>" + (t.overdue ? OverdueMark(ctx) : "") +
             " · " + Esc(t.text) + " · " + Esc(t.assignee);
      if (t.done) {
        out += " · " + Esc(Format({"done by {user} on {at}", "faite par {user} le {at}"}, ctx.lang,
                                  {{"user", t.done_by}, {"at", t.done_at}}));
      }
      out += "<form method=\"post\" action=\"" + base + "/tasks/" + std::to_string(t.id) +
             "/done\" class=\"inline\">" + CsrfInput(ctx) +
             "<input type=\"hidden\" name=\"done\" value=\"" + (t.done ? "0" : "1") +
             "\"><button type=\"submit\">" +
             (t.done ? ET(ctx, {"Not done", "Pas faite"}) : ET(ctx, {"Done", "Faite"})) +
             "</button></form></li>";
    }
    out += "</ul>";
  }
  out += "<form method=\"post\" action=\"" + base + "/tasks\"><fieldset><legend>" +
         ET(ctx, {"Add a task", "Ajouter une tâche"}) + "</legend>" + CsrfInput(ctx) +
         "<label for=\"task_due\">" + ET(ctx, {"Due on (YYYY-MM-DD)", "Échéance (AAAA-MM-JJ)"}) +
         "</label><input type=\"date\" id=\"task_due\" name=\"due\" required>" +
         "<label for=\"task_assignee\">" + ET(ctx, {"Assigned to", "Attribuée à"}) +
         "</label><select id=\"task_assignee\" name=\"assignee\">" +
         UserOptions(users, ctx.who().username, "") + "</select><label for=\"task_text\">" +
         ET(ctx, {"What to do (no names: the text is sealed, but keep it short)",
                  "À faire (sans nom : le texte est scellé, mais restez bref)"}) +
         "</label><input type=\"text\" id=\"task_text\" name=\"text\" maxlength=\"500\" required>" +
         "<div class=\"actions\"><button type=\"submit\">" + ET(ctx, {"Add", "Ajouter"}) +
         "</button></div></fieldset></form></section>";
  return out;
}

void RegisterCaseloadRoutes(App& app) {
  const std::string api = R"(/api/v1/cases/(\d+))";
  app.Route("POST", api + "/assign", "/api/v1/cases/{id}/assign", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              const auto user = body->find("user");
              if (user == body->end() || !(user->is_string() || user->is_null())) {
                return SendFieldErrors(
                    res, {{"user", "required: an account name, or null to unassign",
                           "obligatoire : un nom de compte, ou null pour retirer l’attribution"}},
                    ctx.lang);
              }
              const std::string name = user->is_string() ? user->get<std::string>() : "";
              Result<casework::EditOutcome> out =
                  casework::AssignCase(app.desk(), ctx.who(), *id, name, Accounts());
              if (!out.ok()) return App::SendJsonError(res, out.status());
              if (!out->errors.empty()) return SendFieldErrors(res, out->errors, ctx.lang);
              App::SendJson(res, 200,
                            json{{"case_id", *id},
                                 {"assignee", name.empty() ? json(nullptr) : json(name)},
                                 {"version", out->version}}
                                .dump());
            });
  app.Route("GET", api + "/tasks", "/api/v1/cases/{id}/tasks", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<std::vector<casework::Task>> tasks =
                  casework::CaseTasks(app.desk(), ctx.who(), *id);
              if (!tasks.ok()) return App::SendJsonError(res, tasks.status());
              json list = json::array();
              for (const casework::Task& t : *tasks) list.push_back(TaskJson(t));
              App::SendJson(res, 200, json{{"case_id", *id}, {"tasks", list}}.dump());
            });
  app.Route("POST", api + "/tasks", "/api/v1/cases/{id}/tasks", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              const casework::TaskInput input{Str(*body, "due"), Str(*body, "assignee"),
                                              Str(*body, "text")};
              Result<casework::TaskOutcome> out =
                  casework::AddTask(app.desk(), ctx.who(), *id, input, Accounts());
              if (!out.ok()) return App::SendJsonError(res, out.status());
              if (!out->errors.empty()) return SendFieldErrors(res, out->errors, ctx.lang);
              Result<std::vector<casework::Task>> tasks =
                  casework::CaseTasks(app.desk(), ctx.who(), *id);
              if (!tasks.ok()) return App::SendJsonError(res, tasks.status());
              for (const casework::Task& t : *tasks) {
                if (t.id == out->task_id) return App::SendJson(res, 201, TaskJson(t).dump());
              }
              App::SendJsonError(res, Status::Internal("task written but not found"));
            });
  app.Route("POST", api + R"(/tasks/(\d+)/done)", "/api/v1/cases/{id}/tasks/{task}/done",
            Surface::kApi, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              const std::optional<int64_t> task = PathId(req, 2);
              if (!id || !task) return App::SendJsonError(res, Status::NotFound("no such task"));
              bool done = true;
              if (!req.body.empty()) {
                Result<json> body = Body(req);
                if (!body.ok()) return App::SendJsonError(res, body.status());
                if (const auto it = body->find("done"); it != body->end()) {
                  if (!it->is_boolean()) {
                    return SendFieldErrors(res, {{"done", "true or false", "true ou false"}},
                                           ctx.lang);
                  }
                  done = it->get<bool>();
                }
              }
              const Status s = casework::SetTaskDone(app.desk(), ctx.who(), *id, *task, done);
              if (!s.ok()) return App::SendJsonError(res, s);
              App::SendJson(res, 200, json{{"id", *task}, {"case_id", *id}, {"done", done}}.dump());
            });
  app.Route("GET", "/api/v1/my-cases", "/api/v1/my-cases", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              Result<casework::Caseload> load = casework::MyCaseload(app.desk(), ctx.who());
              if (!load.ok()) return App::SendJsonError(res, load.status());
              App::SendJson(res, 200, CaseloadJson(*load, ctx.lang).dump());
            });

  const std::string page = R"(/cases/(\d+))";
  app.Route("GET", "/my", "/my", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request&, Response& res) { MyCasesPage(app, ctx, res); });
  app.Route("POST", page + "/assign", "/cases/{id}/assign", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
              Result<casework::EditOutcome> out = casework::AssignCase(
                  app.desk(), ctx.who(), *id, FormBodyValue(req, "user"), Accounts());
              AfterChange(app, ctx, res, *id, out.status(),
                          out.ok() ? out->errors : std::vector<FieldError>{});
            });
  app.Route("POST", page + "/tasks", "/cases/{id}/tasks", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
              const casework::TaskInput input{FormBodyValue(req, "due"),
                                              FormBodyValue(req, "assignee"),
                                              FormBodyValue(req, "text")};
              Result<casework::TaskOutcome> out =
                  casework::AddTask(app.desk(), ctx.who(), *id, input, Accounts());
              AfterChange(app, ctx, res, *id, out.status(),
                          out.ok() ? out->errors : std::vector<FieldError>{});
            });
  app.Route("POST", page + R"(/tasks/(\d+)/done)", "/cases/{id}/tasks/{task}/done",
            Surface::kPage, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = PathId(req);
              const std::optional<int64_t> task = PathId(req, 2);
              if (!id || !task) return app.SendPageError(ctx, res, Status::NotFound("task"));
              const Status s = casework::SetTaskDone(app.desk(), ctx.who(), *id, *task,
                                                     FormBodyValue(req, "done") != "0");
              AfterChange(app, ctx, res, *id, s, {});
            });
}

}  // namespace palermo::server
