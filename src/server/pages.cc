// SPDX-License-Identifier: AGPL-3.0-or-later
// The server-rendered pages. Every form posts back to the server (no JavaScript needed), carries
// the CSRF token, and every value written into HTML goes through Esc().
#include <algorithm>
#include <charconv>
#include <string>

#include "server/app.h"
#include "server/case_json.h"
#include "server/page_forms.h"

namespace palermo::server {
namespace {

using httplib::Request;
using httplib::Response;

std::string T(const RequestCtx& ctx, const Msg& msg) { return msg.Get(ctx.lang); }
std::string ET(const RequestCtx& ctx, const Msg& msg) { return Esc(msg.Get(ctx.lang)); }

std::string CsrfField(const RequestCtx& ctx) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(ctx.csrf()) + "\">";
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

// Only local absolute paths, so a crafted link cannot send the user elsewhere after login.
std::string SafeNext(std::string_view next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) {
    return "/";
  }
  for (const char c : next) {
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  }
  return std::string(next);
}

std::string HomeFor(const Principal& who) {
  if (RoleMay(who.role, Action::kManageCaseload)) return "/my";
  if (RoleMay(who.role, Action::kListCases)) return "/cases";
  if (RoleMay(who.role, Action::kReadAudit)) return "/audit";
  if (RoleMay(who.role, Action::kManageUsers)) return "/admin/users";
  return "/";
}

// ---- Login -----------------------------------------------------------------------------------

constexpr std::string_view kLoginCsrfCookie = "palermo_login_csrf";

void LoginPage(App& app, RequestCtx& ctx, const Request& req, Response& res,
               std::string error = "", int status = 200) {
  // Login CSRF: a double-submit token in a cookie and the form (there is no session yet).
  const std::string token = RandomToken();
  app.SetCookie(res, kLoginCsrfCookie, token, /*http_only=*/true, /*max_age_seconds=*/3600);
  const std::string next = SafeNext(req.get_param_value("next"));
  std::string body = "<h1>" + ET(ctx, {"Log in", "Connexion"}) + "</h1>";
  body += "<form method=\"post\" action=\"/login\">";
  body += "<input type=\"hidden\" name=\"login_csrf\" value=\"" + Esc(token) + "\">";
  body += "<input type=\"hidden\" name=\"next\" value=\"" + Esc(next) + "\">";
  body += "<label for=\"username\">" + ET(ctx, {"Username", "Identifiant"}) + "</label>";
  body += "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" "
          "required autofocus>";
  body += "<label for=\"password\">" + ET(ctx, {"Password", "Mot de passe"}) + "</label>";
  body += "<input type=\"password\" id=\"password\" name=\"password\" "
          "autocomplete=\"current-password\" required>";
  // The second factor: needed only by accounts with MFA; one-time-code autocompletion lets
  // phones offer the code. Recovery codes are longer and hold letters, hence type text.
  body += "<label for=\"totp\">" + ET(ctx, {"Verification code", "Code de vérification"}) +
          "</label>";
  body += "<input type=\"text\" id=\"totp\" name=\"totp\" autocomplete=\"one-time-code\" "
          "inputmode=\"text\" maxlength=\"32\" aria-describedby=\"totp-help\">";
  body += "<p class=\"hint\" id=\"totp-help\">" +
          ET(ctx, {"Only if your account uses one: the 6 digits shown by your authenticator "
                   "app, or a recovery code.",
                   "Seulement si votre compte en utilise un : les 6 chiffres affichés par votre "
                   "application d’authentification, ou un code de secours."}) +
          "</p>";
  body += "<div class=\"actions\"><button type=\"submit\">" + ET(ctx, {"Log in", "Se connecter"}) +
          "</button></div></form>";
  app.SendPage(ctx, res, T(ctx, {"Log in", "Connexion"}), body, status, std::move(error),
               /*flash_is_error=*/true);
}

void LoginSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::string cookie = CookieValue(req, kLoginCsrfCookie);
  if (!TokensEqual(cookie, FormBodyValue(req, "login_csrf"))) {
    app.AuditRefusal(ctx, "csrf_rejected", "login form without its token");
    LoginPage(app, ctx, req, res,
              T(ctx, {"The form expired; please try again.",
                      "Le formulaire a expiré ; veuillez réessayer."}),
              403);
    return;
  }
  Result<LoginOutcome> outcome =
      Login(app.store(), app.limits(), req.get_param_value("username"),
            req.get_param_value("password"), ctx.client_address, app.Now(),
            MfaLogin{req.get_param_value("totp"), &app.options().mfa_roles});
  if (!outcome.ok()) {
    app.SendPageError(ctx, res, outcome.status());
    return;
  }
  switch (outcome->kind) {
    case LoginOutcome::Kind::kOk: {
      app.SetSessionCookie(res, outcome->token);
      app.SetCookie(res, kLoginCsrfCookie, "", true, 0);
      const std::string next = SafeNext(req.get_param_value("next"));
      res.set_redirect(next == "/" ? HomeFor(outcome->session.principal) : next, 303);
      return;
    }
    case LoginOutcome::Kind::kBadCredentials:
      LoginPage(app, ctx, req, res,
                T(ctx, {"Wrong username or password.", "Identifiant ou mot de passe incorrect."}),
                401);
      return;
    case LoginOutcome::Kind::kMfaRequired:
      LoginPage(app, ctx, req, res, T(ctx, kMfaCodeNeeded), 401);
      return;
    case LoginOutcome::Kind::kMfaCodeRejected:
      LoginPage(app, ctx, req, res, T(ctx, kMfaCodeWrong), 401);
      return;
    case LoginOutcome::Kind::kMfaEnrolmentRequired:
      LoginPage(app, ctx, req, res, T(ctx, kMfaEnrolmentNeeded), 403);
      return;
    case LoginOutcome::Kind::kAccountLocked:
      LoginPage(app, ctx, req, res,
                T(ctx, {"This account is locked. Try again later or ask an administrator.",
                        "Ce compte est verrouillé. Réessayez plus tard ou contactez un "
                        "administrateur."}),
                423);
      return;
    case LoginOutcome::Kind::kAddressThrottled:
      res.set_header("Retry-After", std::to_string(app.limits().address_window_seconds));
      LoginPage(app, ctx, req, res,
                T(ctx, {"Too many failed attempts from this network. Try again later.",
                        "Trop de tentatives échouées depuis ce réseau. Réessayez plus tard."}),
                429);
      return;
  }
}

// ---- Cases -----------------------------------------------------------------------------------

std::string FormsText(const std::vector<std::string>& forms, Lang lang) {
  std::string out;
  for (const std::string& code : forms) {
    const FormOfExploitation* f = CodeLists::Default().FindForm(code);
    if (!out.empty()) out += ", ";
    out += f ? (lang == Lang::kFr ? f->label_fr : f->label_en) : code;
  }
  return out;
}

std::string CountryText(std::string_view alpha3, Lang lang) {
  if (alpha3.empty()) return "";
  const Country* c = CodeLists::Default().FindCountry(alpha3);
  return c ? c->Name(lang) : std::string(alpha3);
}

void CasesList(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  std::optional<CaseId> before;
  if (req.has_param("before")) before = ParseId(req.get_param_value("before"));
  Result<casework::CaseFilter> filter = ListFilter(req, app.Now());
  if (!filter.ok()) return app.SendPageError(ctx, res, filter.status());
  auto tx = app.store().BeginRead(ctx.who().actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  Result<CasePage> page =
      app.gate().List(**tx, ctx.who(), before, 50, CaseGate::Closed::kExclude, *filter);
  if (!page.ok()) return app.SendPageError(ctx, res, page.status());
  std::string body = "<h1>" + ET(ctx, {"Cases", "Dossiers"}) + "</h1>";
  if (page->total) {
    body += "<p>" + Esc(Format({"{n, plural, one {# case} other {# cases}} in your scope.",
                                "{n, plural, one {# dossier} other {# dossiers}} dans votre "
                                "périmètre."},
                               ctx.lang, {{"n", *page->total}})) +
            "</p>";
  }
  if (RoleMay(ctx.who().role, Action::kCreateCase)) {
    body += "<p><a class=\"button\" href=\"/cases/new\">" +
            ET(ctx, {"Record a new case", "Enregistrer un nouveau dossier"}) + "</a></p>";
  }
  std::string query;
  body += CaseListFilterForm(ctx, *filter, query);
  // On a phone each row becomes a block and each cell shows its column's name (data-label).
  const Msg columns[] = {{"Case", "Dossier"},
                         {"Agency", "Organisme"},
                         {"Local number", "Numéro local"},
                         {"Status", "Statut"},
                         {"Identified", "Identifié le"},
                         {"Assigned to", "Attribué à"},
                         {"Next due", "Prochaine échéance"},
                         {"Citizenship", "Nationalité"},
                         {"Forms of exploitation", "Formes d'exploitation"}};
  body += "<table class=\"cases\"><caption class=\"hint\">" +
          ET(ctx, {"Newest first. Names are never listed; open a case to see them.",
                   "Les plus récents d'abord. Les noms ne sont jamais listés ; ouvrez un dossier "
                   "pour les voir."}) +
          "</caption><thead><tr>";
  for (const Msg& m : columns) body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  body += "</tr></thead><tbody>";
  for (const CaseSummary& c : page->cases) {
    const std::string id = std::to_string(c.id);
    const std::string values[] = {
        "<a href=\"/cases/" + id + "\">#" + id + "</a>",
        Esc(c.agency),
        Esc(c.local_id),
        Esc(VictimStatusLabel(c.victim_status, ctx.lang)),
        Esc(c.identification_date),
        Esc(c.assignee.empty() ? "—" : c.assignee),
        c.next_due.empty() ? "—"
                           : Esc(c.next_due) + (c.overdue ? " <strong class=\"overdue\">" +
                                                                ET(ctx, {"Overdue", "En retard"}) +
                                                                "</strong>"
                                                          : std::string()),
        Esc(CountryText(c.citizenship, ctx.lang)),
        Esc(FormsText(c.forms, ctx.lang))};
    body += "<tr>";
    for (size_t col = 0; col < std::size(values); ++col) {
      body += "<td data-label=\"" + ET(ctx, columns[col]) + "\">" + values[col] + "</td>";
    }
    body += "</tr>";
  }
  body += "</tbody></table>";
  if (page->cases.empty() && filter->any()) {
    body += "<p>" + ET(ctx, {"No case on this page matches.",
                             "Aucun dossier de cette page ne correspond."}) +
            "</p>";
  }
  if (!page->transferred_in.empty()) {
    body += "<h2>" + ET(ctx, {"Transferred to your organisation",
                              "Transférés à votre organisation"}) +
            "</h2><ul class=\"transferred-in\">";
    for (const CaseSummary& c : page->transferred_in) {
      const std::string id = std::to_string(c.id);
      body += "<li><a href=\"/cases/" + id + "\">#" + id + "</a> · " + Esc(c.agency) + " · " +
              Esc(c.local_id) + "</li>";
    }
    body += "</ul>";
  }
  if (page->next_before) {
    body += "<p class=\"pager\"><a href=\"/cases?before=" + std::to_string(*page->next_before) +
            Esc(query) + "\" rel=\"next\">" + ET(ctx, {"Older cases", "Dossiers plus anciens"}) +
            "</a></p>";
  }
  app.SendPage(ctx, res, T(ctx, {"Cases", "Dossiers"}), body, 200,
               req.get_param_value("done") == "created"
                   ? T(ctx, {"The case was recorded.", "Le dossier a été enregistré."})
                   : "");
}

void NewCasePage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  auto tx = app.store().Begin(ctx.who().actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kCreateCase, "case", "");
  if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  app.SendPage(ctx, res, T(ctx, {"New case", "Nouveau dossier"}),
               RenderCaseForm(ctx.lang, ctx.csrf(), CaseFormValues{}));
  (void)req;
}

void CreateCase(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  CaseFormValues values = CaseFormValues::FromRequest(req);
  auto tx = app.store().Begin(ctx.who().actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  // Check the role first, so a refused user learns nothing from form validation.
  const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kCreateCase, "case", "");
  if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  // Every field's error at once, next to its field, from the one validator (core/validate.h).
  CaseFormOptions form;
  CaseRecord record;
  record.local_id = std::string(Trim(values.local_id));
  record = casework::ApplyPatch(std::move(record), values.ToPatch(form.errors));
  for (FieldError& e : ValidateCase(record, DayOfEpoch(app.Now()))) form.errors.push_back(std::move(e));
  if (!form.errors.empty()) {
    return app.SendPage(ctx, res, T(ctx, {"New case", "Nouveau dossier"}),
                        RenderCaseForm(ctx.lang, ctx.csrf(), values, form), 400);
  }
  Result<CaseId> id = app.gate().Create(**tx, ctx.who(), std::move(record));
  if (!id.ok()) {
    if (id.status().code() == StatusCode::kPermissionDenied) {
      return app.SendPageError(ctx, res, id.status());
    }
    return app.SendPage(ctx, res, T(ctx, {"New case", "Nouveau dossier"}),
                        RenderCaseForm(ctx.lang, ctx.csrf(), values),
                        App::HttpStatusFor(id.status()), StatusText(id.status(), ctx.lang), true);
  }
  const Status committed = (*tx)->Commit();
  if (!committed.ok()) return app.SendPageError(ctx, res, committed);
  // After the commit: the case is kept even if the check fails; flags show on its page.
  const Result<int64_t> flagged = CheckDuplicatesOfNewCase(app, ctx.who(), *id);
  res.set_redirect("/cases/" + std::to_string(*id) + "?done=created" +
                       (flagged.ok() && *flagged > 0 ? "&duplicates=" + std::to_string(*flagged)
                                                     : std::string()),
                   303);
}

void CaseView(App& app, RequestCtx& ctx, const Request& req, Response& res,
              std::string_view purpose) {
  const std::optional<int64_t> id = ParseId(req.matches[1].str());
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  // A read: its audit entries (identifier read, refusal) are appended by Commit.
  auto tx = app.store().BeginRead(ctx.who().actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  const bool with_identifiers = !purpose.empty() || req.method == "POST";
  Result<CaseRecord> record =
      with_identifiers ? app.gate().ReadIdentifiers(**tx, ctx.who(), *id, purpose)
                       : app.gate().Read(**tx, ctx.who(), *id);
  if (!record.ok()) {
    if (record.status().code() == StatusCode::kInvalidArgument) {
      // A missing purpose: show the pseudonymised view with the error.
      Result<CaseRecord> plain = app.gate().Read(**tx, ctx.who(), *id);
      if (!plain.ok()) return app.SendPageError(ctx, res, plain.status());
      return app.SendPage(ctx, res, Format({"Case #{id}", "Dossier n° {id}"}, ctx.lang, {{"id", *id}}),
                          RenderCaseView(ctx.lang, ctx.csrf(), ctx.who(), *plain, false), 400,
                          StatusText(record.status(), ctx.lang), true);
    }
    return app.SendPageError(ctx, res, record.status());
  }
  // Documents link and possible-duplicate flags (duplicates.cc): indexed reads, no decryption.
  Result<std::string> ops_panel = CaseOpsPanel(app, ctx, **tx, *record);
  if (!ops_panel.ok()) return app.SendPageError(ctx, res, ops_panel.status());
  // Assignment and tasks, for those who may manage them on this case (caseload.cc).
  Result<std::string> caseload_panel = CaseloadPanel(app, ctx, **tx, *record);
  if (!caseload_panel.ok()) return app.SendPageError(ctx, res, caseload_panel.status());
  *ops_panel += *caseload_panel;
  const Status committed = (*tx)->Commit();  // the identifier read is audited by the store
  if (!committed.ok()) return app.SendPageError(ctx, res, committed);
  app.SendPage(ctx, res, Format({"Case #{id}", "Dossier n° {id}"}, ctx.lang, {{"id", *id}}),
               RenderCaseView(ctx.lang, ctx.csrf(), ctx.who(), *record, with_identifiers) +
                   *ops_panel,
               200,
               req.get_param_value("done") == "created"
                   ? T(ctx, {"The case was recorded.", "Le dossier a été enregistré."}) +
                         (req.has_param("duplicates")
                              ? " " + T(ctx, {"It may be a person already on record: see the "
                                              "possible duplicates below (nothing was merged).",
                                              "Il peut s’agir d’une personne déjà enregistrée : "
                                              "voir les doublons possibles ci-dessous (rien n’a "
                                              "été fusionné)."})
                              : std::string())
                   : req.get_param_value("done") == "caseload" ? T(ctx, {"Saved.", "Enregistré."})
                                                               : "");
}

// ---- Search by blind index -------------------------------------------------------------------

void SearchPage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  auto tx = app.store().BeginRead(ctx.who().actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  std::string body = "<h1>" + ET(ctx, {"Find a person", "Rechercher une personne"}) + "</h1>";
  std::string results;
  int status = 200;
  std::string error;
  if (req.method == "POST") {
    Result<store::IdentifierKind> kind = ParseIdentifierKind(req.get_param_value("kind"));
    if (!kind.ok()) {
      status = 400;
      error = StatusText(kind.status(), ctx.lang);
    } else {
      Result<std::vector<CaseSummary>> found =
          app.gate().Search(**tx, ctx.who(), *kind, req.get_param_value("value"));
      if (!found.ok()) return app.SendPageError(ctx, res, found.status());
      const Status committed = (*tx)->Commit();
      if (!committed.ok()) return app.SendPageError(ctx, res, committed);
      results = "<h2>" + Esc(Format({"{n, plural, =0 {No case found} one {# case found} other {# cases found}}",
                                     "{n, plural, =0 {Aucun dossier trouvé} one {# dossier trouvé} other {# dossiers trouvés}}"},
                                    ctx.lang, {{"n", static_cast<int64_t>(found->size())}})) +
                "</h2><ul>";
      for (const CaseSummary& c : *found) {
        const std::string id = std::to_string(c.id);
        results += "<li><a href=\"/cases/" + id + "\">#" + id + "</a> · " + Esc(c.agency) + " · " +
                   Esc(c.local_id) + "</li>";
      }
      results += "</ul>";
    }
  } else {
    const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kSearchIdentifier, "case", "");
    if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  }
  body += "<p class=\"hint\">" +
          ET(ctx, {"Exact match only, through a keyed index: spelling variants are not found, and "
                   "no list of names is ever scanned. Case and accents are ignored.",
                   "Correspondance exacte uniquement, par un index à clé : les variantes "
                   "d'orthographe ne sont pas trouvées et aucune liste de noms n'est parcourue. "
                   "La casse et les accents sont ignorés."}) +
          "</p>";
  body += "<form method=\"post\" action=\"/search\">" + CsrfField(ctx);
  body += "<label for=\"kind\">" + ET(ctx, {"Identifier", "Identifiant"}) + "</label>";
  body += RenderIdentifierKindSelect(ctx.lang);
  body += "<label for=\"value\">" + ET(ctx, {"Value", "Valeur"}) + "</label>";
  body += "<input type=\"text\" id=\"value\" name=\"value\" autocomplete=\"off\" required>";
  body += "<div class=\"actions\"><button type=\"submit\">" + ET(ctx, {"Search", "Rechercher"}) +
          "</button></div></form>";
  body += results;
  app.SendPage(ctx, res, T(ctx, {"Find a person", "Rechercher une personne"}), body, status, error,
               true);
}

// ---- Audit trail -----------------------------------------------------------------------------

void AuditPage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  {
    auto tx = app.store().BeginRead(ctx.who().actor());
    if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
    const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kReadAudit, "audit", "");
    if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  }
  constexpr int64_t kPageSize = 100;
  int64_t from = 1;
  if (req.has_param("from")) from = ParseId(req.get_param_value("from")).value_or(1);
  Result<std::vector<store::AuditEntry>> entries = app.store().ReadAudit(from, kPageSize);
  if (!entries.ok()) return app.SendPageError(ctx, res, entries.status());
  std::string body = "<h1>" + ET(ctx, {"Audit trail", "Journal d'audit"}) + "</h1>";
  if (req.has_param("verify")) {
    const Status verified = app.store().VerifyAudit();
    body += verified.ok()
                ? "<p class=\"flash\" role=\"status\">" +
                      ET(ctx, {"The audit chain is intact.", "La chaîne d'audit est intacte."}) + "</p>"
                : "<p class=\"flash error\" role=\"alert\">" +
                      Esc(Format({"The audit chain is broken: {what}",
                                  "La chaîne d'audit est rompue : {what}"},
                                 ctx.lang, {{"what", verified.message()}})) +
                      "</p>";
  }
  body += "<p><a href=\"/audit?verify=1\">" +
          ET(ctx, {"Verify the hash chain", "Vérifier la chaîne de hachage"}) + "</a></p>";
  body += "<table><thead><tr>";
  for (const Msg& m : {Msg{"#", "N°"}, Msg{"When (UTC)", "Quand (UTC)"}, Msg{"Who", "Qui"},
                       Msg{"Role", "Rôle"}, Msg{"Organisation", "Organisation"},
                       Msg{"Action", "Action"}, Msg{"Object", "Objet"}, Msg{"Purpose", "Motif"},
                       Msg{"Detail", "Détail"}}) {
    body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  }
  body += "</tr></thead><tbody>";
  int64_t last = from - 1;
  for (const store::AuditEntry& e : *entries) {
    last = e.seq;
    body += "<tr><td>" + std::to_string(e.seq) + "</td><td>" + Esc(e.at) + "</td><td>" +
            Esc(e.user) + "</td><td>" + Esc(e.role) + "</td><td>" + Esc(e.organisation) +
            "</td><td>" + Esc(e.action) + "</td><td>" + Esc(e.object_type) + " " +
            Esc(e.object_id) + "</td><td>" + Esc(e.purpose) + "</td><td>" + Esc(e.detail) +
            "</td></tr>";
  }
  body += "</tbody></table>";
  if (static_cast<int64_t>(entries->size()) == kPageSize) {
    body += "<p class=\"pager\"><a href=\"/audit?from=" + std::to_string(last + 1) +
            "\" rel=\"next\">" + ET(ctx, {"Next entries", "Entrées suivantes"}) + "</a></p>";
  }
  app.SendPage(ctx, res, T(ctx, {"Audit trail", "Journal d'audit"}), body);
}

// ---- Accounts (administrator) ----------------------------------------------------------------

void UsersPage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  {
    auto tx = app.store().Begin(ctx.who().actor());
    if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
    const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kManageUsers, "user", "");
    if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  }
  std::string flash;
  bool flash_is_error = false;
  int status = 200;
  if (req.method == "POST") {
    const std::string op = req.get_param_value("op");
    const std::string username = req.get_param_value("username");
    Status done;
    if (op == "add") {
      Result<Role> role = ParseRoleCode(req.get_param_value("role"));
      done = role.ok() ? AddUser(app.store(), ctx.who().actor(), username,
                                 req.get_param_value("password"), *role,
                                 req.get_param_value("organisation"))
                       : role.status();
    } else if (op == "lock" || op == "unlock") {
      done = SetLocked(app.store(), ctx.who().actor(), username, op == "lock");
    } else {
      done = Status::InvalidArgument("op: add, lock or unlock");
    }
    if (done.ok()) {
      flash = T(ctx, {"Saved.", "Enregistré."});
    } else {
      flash = StatusText(done, ctx.lang);
      flash_is_error = true;
      status = App::HttpStatusFor(done);
    }
  }
  Result<std::vector<UserInfo>> users = ListUsers(app.store(), ctx.who().actor());
  if (!users.ok()) return app.SendPageError(ctx, res, users.status());
  std::string body = "<h1>" + ET(ctx, {"Accounts", "Comptes"}) + "</h1><table><thead><tr>";
  for (const Msg& m : {Msg{"Username", "Identifiant"}, Msg{"Role", "Rôle"},
                       Msg{"Organisation", "Organisation"}, Msg{"State", "État"},
                       Msg{"Action", "Action"}}) {
    body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  }
  body += "</tr></thead><tbody>";
  for (const UserInfo& u : *users) {
    body += "<tr><td>" + Esc(u.username) + "</td><td>" + Esc(RoleName(u.role, ctx.lang)) +
            "</td><td>" + Esc(u.organisation) + "</td><td>" +
            (u.locked ? ET(ctx, {"locked", "verrouillé"}) : ET(ctx, {"active", "actif"})) +
            (u.mfa ? ET(ctx, {" · verification code", " · code de vérification"}) : "") +
            "</td><td><form method=\"post\" action=\"/admin/users\">" + CsrfField(ctx) +
            "<input type=\"hidden\" name=\"username\" value=\"" + Esc(u.username) +
            "\"><input type=\"hidden\" name=\"op\" value=\"" + (u.locked ? "unlock" : "lock") +
            "\"><button type=\"submit\">" +
            (u.locked ? ET(ctx, {"Unlock", "Déverrouiller"}) : ET(ctx, {"Lock", "Verrouiller"})) +
            "</button></form></td></tr>";
  }
  body += "</tbody></table><h2>" + ET(ctx, {"Add an account", "Ajouter un compte"}) + "</h2>";
  body += "<form method=\"post\" action=\"/admin/users\">" + CsrfField(ctx) +
          "<input type=\"hidden\" name=\"op\" value=\"add\">";
  body += "<label for=\"username\">" + ET(ctx, {"Username", "Identifiant"}) +
          "</label><input type=\"text\" id=\"username\" name=\"username\" required>";
  body += "<label for=\"password\">" + ET(ctx, {"Initial password", "Mot de passe initial"}) +
          "</label><p class=\"hint\" id=\"password-hint\">" +
          ET(ctx, {"At least 12 characters.", "Au moins 12 caractères."}) +
          "</p><input type=\"password\" id=\"password\" name=\"password\" "
          "autocomplete=\"new-password\" aria-describedby=\"password-hint\" required>";
  body += "<label for=\"role\">" + ET(ctx, {"Role", "Rôle"}) + "</label><select id=\"role\" name=\"role\">";
  for (const Role r : {Role::kCaseWorker, Role::kDecisionMaker, Role::kAnalyst, Role::kAuditor,
                       Role::kAdministrator}) {
    body += "<option value=\"" + std::string(RoleCode(r)) + "\">" + Esc(RoleName(r, ctx.lang)) +
            "</option>";
  }
  body += "</select><label for=\"organisation\">" + ET(ctx, {"Organisation code", "Code de l'organisation"}) +
          "</label><input type=\"text\" id=\"organisation\" name=\"organisation\">";
  body += "<div class=\"actions\"><button type=\"submit\">" + ET(ctx, {"Add", "Ajouter"}) +
          "</button></div></form>";
  app.SendPage(ctx, res, T(ctx, {"Accounts", "Comptes"}), body, status, flash, flash_is_error);
}

}  // namespace

void RegisterPages(App& app) {
  app.Route("GET", "/", "/", Surface::kPage, Guard::kSession,
            [](RequestCtx& ctx, const Request&, Response& res) {
              res.set_redirect(HomeFor(ctx.who()), 303);
            });
  app.Route("GET", "/login", "/login", Surface::kPage, Guard::kPublic,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { LoginPage(app, ctx, req, res); });
  app.Route("POST", "/login", "/login", Surface::kPage, Guard::kPublic,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { LoginSubmit(app, ctx, req, res); });
  app.Route("POST", "/logout", "/logout", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              Logout(app.store(), *ctx.session).IgnoreError();
              app.ClearSessionCookie(res);
              res.set_redirect("/login", 303);
            });
  app.Route("POST", "/logout-everywhere", "/logout-everywhere", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              LogoutEverywhere(app.store(), ctx.who()).status().IgnoreError();
              app.ClearSessionCookie(res);
              res.set_redirect("/login", 303);
            });
  // Sets only a display preference in the browser; changes nothing on the server.
  app.Route("GET", "/lang", "/lang", Surface::kPage, Guard::kPublic,
            [&app](RequestCtx&, const Request& req, Response& res) {
              const std::string to = req.get_param_value("to") == "fr" ? "fr" : "en";
              app.SetCookie(res, "palermo_lang", to, /*http_only=*/false, 365 * 24 * 3600);
              res.set_redirect(SafeNext(req.get_param_value("next")), 303);
            });
  app.Route("GET", "/cases", "/cases", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { CasesList(app, ctx, req, res); });
  app.Route("GET", "/cases/new", "/cases/new", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { NewCasePage(app, ctx, req, res); });
  app.Route("POST", "/cases", "/cases", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { CreateCase(app, ctx, req, res); });
  app.Route("GET", R"(/cases/(\d+))", "/cases/{id}", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CaseView(app, ctx, req, res, "");
            });
  app.Route("POST", R"(/cases/(\d+)/identifiers)", "/cases/{id}/identifiers", Surface::kPage,
            Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              CaseView(app, ctx, req, res, req.get_param_value("purpose"));
            });
  app.Route("GET", "/search", "/search", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { SearchPage(app, ctx, req, res); });
  app.Route("POST", "/search", "/search", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { SearchPage(app, ctx, req, res); });
  app.Route("GET", "/audit", "/audit", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { AuditPage(app, ctx, req, res); });
  app.Route("GET", "/admin/users", "/admin/users", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { UsersPage(app, ctx, req, res); });
  app.Route("POST", "/admin/users", "/admin/users", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) { UsersPage(app, ctx, req, res); });
}

}  // namespace palermo::server
