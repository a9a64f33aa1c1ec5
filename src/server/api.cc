// SPDX-License-Identifier: AGPL-3.0-or-later
// The JSON API under /api/v1/ (docs/api.md). Same gate, same audit, same CSRF rule as the
// pages: state-changing requests need the session cookie and the X-CSRF-Token header.
#include <charconv>

#include <nlohmann/json.hpp>

#include "server/app.h"
#include "server/case_json.h"

namespace palermo::server {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

std::optional<int64_t> ParsePositive(std::string_view text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}


Result<json> ParseBody(const Request& req) {
  json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("body: not valid JSON");
  return j;
}

json PrincipalJson(const Principal& p) {
  return json{{"user_id", p.user_id},
              {"username", p.username},
              {"role", std::string(RoleCode(p.role))},
              {"organisation", p.organisation}};
}

template <typename F>
void WithTx(App& app, RequestCtx& ctx, Response& res, F&& body) {
  auto tx = app.store().Begin(ctx.who().actor());
  if (!tx.ok()) return App::SendJsonError(res, tx.status());
  body(**tx);
}

// For reads: a snapshot without the write lock; audited reads are recorded by its Commit.
template <typename F>
void WithReadTx(App& app, RequestCtx& ctx, Response& res, F&& body) {
  auto tx = app.store().BeginRead(ctx.who().actor());
  if (!tx.ok()) return App::SendJsonError(res, tx.status());
  body(**tx);
}

}  // namespace

std::string Str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<json> Body(const httplib::Request& req) {
  json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("body: a JSON object");
  return j;
}

json SummaryJson(const CaseSummary& c) {
  return json{{"id", c.id},
              {"agency", c.agency},
              {"local_id", c.local_id},
              {"victim_status", c.victim_status},
              {"sex", c.sex},
              {"citizenship", c.citizenship},
              {"forms", c.forms},
              {"identification_date", c.identification_date},
              {"closed", c.closed},
              {"assignee", c.assignee.empty() ? json(nullptr) : json(c.assignee)},
              {"next_due", c.next_due.empty() ? json(nullptr) : json(c.next_due)},
              {"overdue", c.overdue}};
}

json CaseJson(const CaseRecord& r, bool with_identifiers) {
  json j = SummaryJson(Summarise(r));
  j["country_of_exploitation"] = r.country_of_exploitation;
  j["gender_detail"] = r.person.gender_detail;
  if (const std::optional<int> age = AgeAtIdentification(r)) j["age_at_identification"] = *age;
  if (with_identifiers) {
    const DirectIdentifiers& ids = r.person.identifiers;
    j["identifiers"] = json{{"given_name", ids.given_name},
                            {"family_name", ids.family_name},
                            {"full_name", ids.full_name},
                            {"birth_date", ids.birth_date ? ids.birth_date->ToString() : ""},
                            {"document_numbers", ids.document_numbers},
                            {"phones", ids.phones},
                            {"address", ids.address},
                            {"notes", r.notes}};
  }
  return j;
}

void RegisterApi(App& app) {
  app.Route("POST", "/api/v1/session", "/api/v1/session", Surface::kApi, Guard::kPublic,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              Result<json> body = ParseBody(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              Result<LoginOutcome> outcome =
                  Login(app.store(), app.limits(), Str(*body, "username"), Str(*body, "password"),
                        ctx.client_address, app.Now(),
                        MfaLogin{Str(*body, "totp"), &app.options().mfa_roles});
              if (!outcome.ok()) return App::SendJsonError(res, outcome.status());
              switch (outcome->kind) {
                case LoginOutcome::Kind::kOk:
                  app.SetSessionCookie(res, outcome->token);
                  return App::SendJson(res, 200,
                                       json{{"csrf_token", outcome->session.csrf_token},
                                            {"user", PrincipalJson(outcome->session.principal)}}
                                           .dump());
                case LoginOutcome::Kind::kBadCredentials:
                  return App::SendJsonError(res, Status::Unauthenticated("wrong username or password"));
                case LoginOutcome::Kind::kAccountLocked:
                  App::SendJsonError(res, Status::PermissionDenied("account locked"));
                  res.status = 423;
                  return;
                case LoginOutcome::Kind::kMfaRequired:
                case LoginOutcome::Kind::kMfaCodeRejected:
                  return App::SendJson(
                      res, 401,
                      json{{"error",
                            {{"code", "MFA_REQUIRED"},
                             {"message", (outcome->kind == LoginOutcome::Kind::kMfaRequired
                                                 ? kMfaCodeNeeded
                                                 : kMfaCodeWrong)
                                                .Get(ctx.lang)}}}}
                          .dump());
                case LoginOutcome::Kind::kMfaEnrolmentRequired:
                  return App::SendJson(
                      res, 403,
                      json{{"error",
                            {{"code", "MFA_ENROLMENT_REQUIRED"},
                             {"message", kMfaEnrolmentNeeded.Get(ctx.lang)}}}}
                          .dump());
                case LoginOutcome::Kind::kAddressThrottled:
                  App::SendJsonError(res, Status::Unavailable("too many failed logins from this address"));
                  res.status = 429;
                  res.set_header("Retry-After", std::to_string(app.limits().address_window_seconds));
                  return;
              }
            });
  app.Route("DELETE", "/api/v1/session", "/api/v1/session", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              const Status s = Logout(app.store(), *ctx.session);
              if (!s.ok()) return App::SendJsonError(res, s);
              app.ClearSessionCookie(res);
              res.status = 204;
            });
  app.Route("POST", "/api/v1/session/logout-everywhere", "/api/v1/session/logout-everywhere",
            Surface::kApi, Guard::kCsrf, [&app](RequestCtx& ctx, const Request&, Response& res) {
              Result<int64_t> ended = LogoutEverywhere(app.store(), ctx.who());
              if (!ended.ok()) return App::SendJsonError(res, ended.status());
              app.ClearSessionCookie(res);
              App::SendJson(res, 200, json{{"sessions_ended", *ended}}.dump());
            });
  app.Route("GET", "/api/v1/me", "/api/v1/me", Surface::kApi, Guard::kSession,
            [](RequestCtx& ctx, const Request&, Response& res) {
              json j = PrincipalJson(ctx.who());
              j["csrf_token"] = ctx.csrf();
              App::SendJson(res, 200, j.dump());
            });
  app.Route("GET", "/api/v1/cases", "/api/v1/cases", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              std::optional<CaseId> before;
              if (req.has_param("before")) before = ParsePositive(req.get_param_value("before"));
              int limit = 50;
              if (req.has_param("limit")) {
                limit = static_cast<int>(ParsePositive(req.get_param_value("limit")).value_or(50));
              }
              WithReadTx(app, ctx, res, [&](store::Transaction& tx) {
                // ?closed=only lists the closed cases, ?closed=all every case.
                const std::string closed = req.get_param_value("closed");
                const CaseGate::Closed filter = closed == "only"  ? CaseGate::Closed::kOnly
                                                : closed == "all" ? CaseGate::Closed::kInclude
                                                                  : CaseGate::Closed::kExclude;
                // ?status=CODE, ?assignee=me, ?overdue=1 (casework::CaseFilter).
                Result<casework::CaseFilter> narrowed = ListFilter(req, app.Now());
                if (!narrowed.ok()) return App::SendJsonError(res, narrowed.status());
                Result<CasePage> page =
                    app.gate().List(tx, ctx.who(), before, limit, filter, *narrowed);
                if (!page.ok()) return App::SendJsonError(res, page.status());
                json j{{"cases", json::array()}};
                if (page->total) j["total"] = *page->total;
                for (const CaseSummary& c : page->cases) j["cases"].push_back(SummaryJson(c));
                if (!page->transferred_in.empty()) {
                  j["transferred_in"] = json::array();
                  for (const CaseSummary& c : page->transferred_in) {
                    j["transferred_in"].push_back(SummaryJson(c));
                  }
                }
                if (page->next_before) j["next_before"] = *page->next_before;
                App::SendJson(res, 200, j.dump());
              });
            });
  app.Route("POST", "/api/v1/cases", "/api/v1/cases", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              WithTx(app, ctx, res, [&](store::Transaction& tx) {
                const Status allowed = app.gate().Require(tx, ctx.who(), Action::kCreateCase, "case");
                if (!allowed.ok()) return App::SendJsonError(res, allowed);
                Result<json> body = ParseBody(req);
                if (!body.ok()) return App::SendJsonError(res, body.status());
                if (!body->is_object()) {
                  return App::SendJsonError(res, Status::InvalidArgument("body: expected a JSON object"));
                }
                // Every field's error at once, from the one validator (core/validate.h).
                CaseRecord record;
                record.agency = Str(*body, "agency");
                record.local_id = Str(*body, "local_id");
                casework::CasePatch patch;
                std::vector<FieldError> errors;
                PatchFromJson(*body, patch, errors, {"agency", "local_id"}, /*strict=*/false);
                record = casework::ApplyPatch(std::move(record), patch);
                for (FieldError& e : ValidateCase(record, DayOfEpoch(app.Now()))) {
                  errors.push_back(std::move(e));
                }
                if (!errors.empty()) return SendFieldErrors(res, errors, ctx.lang);
                Result<CaseId> id = app.gate().Create(tx, ctx.who(), std::move(record));
                if (!id.ok()) return App::SendJsonError(res, id.status());
                const Status committed = tx.Commit();
                if (!committed.ok()) return App::SendJsonError(res, committed);
                res.set_header("Location", "/api/v1/cases/" + std::to_string(*id));
                // After the commit: the case stays whatever the check returns.
                const Result<int64_t> flagged = CheckDuplicatesOfNewCase(app, ctx.who(), *id);
                json created{{"id", *id}};
                if (flagged.ok()) created["possible_duplicates"] = *flagged;
                App::SendJson(res, 201, created.dump());
              });
            });
  app.Route("GET", R"(/api/v1/cases/(\d+))", "/api/v1/cases/{id}", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = ParsePositive(req.matches[1].str());
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              WithReadTx(app, ctx, res, [&](store::Transaction& tx) {
                Result<CaseRecord> record = app.gate().Read(tx, ctx.who(), *id);
                if (!record.ok()) return App::SendJsonError(res, record.status());
                Result<casework::Closure> closure = casework::ClosureOf(tx, *id);
                if (!closure.ok()) return App::SendJsonError(res, closure.status());
                json j = CaseJson(*record, false);
                j["closed"] = closure->closed;
                if (closure->closed) {
                  j["close_reason"] = closure->reason;
                  j["closed_on"] = closure->date;
                }
                Result<std::optional<casework::Assignment>> assigned =
                    casework::AssignmentOf(tx, *id);
                if (!assigned.ok()) return App::SendJsonError(res, assigned.status());
                j["assignee"] = *assigned ? json((*assigned)->user) : json(nullptr);
                App::SendJson(res, 200, j.dump());
              });
            });
  app.Route("POST", R"(/api/v1/cases/(\d+)/identifiers)", "/api/v1/cases/{id}/identifiers",
            Surface::kApi, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = ParsePositive(req.matches[1].str());
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<json> body = ParseBody(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              WithReadTx(app, ctx, res, [&](store::Transaction& tx) {
                Result<CaseRecord> record =
                    app.gate().ReadIdentifiers(tx, ctx.who(), *id, Str(*body, "purpose"));
                if (!record.ok()) return App::SendJsonError(res, record.status());
                const Status committed = tx.Commit();
                if (!committed.ok()) return App::SendJsonError(res, committed);
                App::SendJson(res, 200, CaseJson(*record, true).dump());
              });
            });
  app.Route("POST", "/api/v1/search", "/api/v1/search", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              WithReadTx(app, ctx, res, [&](store::Transaction& tx) {
                const Status allowed =
                    app.gate().Require(tx, ctx.who(), Action::kSearchIdentifier, "case");
                if (!allowed.ok()) return App::SendJsonError(res, allowed);
                Result<json> body = ParseBody(req);
                if (!body.ok()) return App::SendJsonError(res, body.status());
                Result<store::IdentifierKind> kind = [&]() -> Result<store::IdentifierKind> {
                  const std::string k = Str(*body, "kind");
                  if (k == "family_name") return store::IdentifierKind::kFamilyName;
                  if (k == "given_name") return store::IdentifierKind::kGivenName;
                  if (k == "full_name") return store::IdentifierKind::kFullName;
                  if (k == "birth_date") return store::IdentifierKind::kBirthDate;
                  if (k == "document") return store::IdentifierKind::kDocument;
                  if (k == "phone") return store::IdentifierKind::kPhone;
                  return Status::InvalidArgument(
                      "kind: one of family_name, given_name, full_name, birth_date, document, phone");
                }();
                if (!kind.ok()) return App::SendJsonError(res, kind.status());
                Result<std::vector<CaseSummary>> found =
                    app.gate().Search(tx, ctx.who(), *kind, Str(*body, "value"));
                if (!found.ok()) return App::SendJsonError(res, found.status());
                const Status committed = tx.Commit();
                if (!committed.ok()) return App::SendJsonError(res, committed);
                json j{{"cases", json::array()}};
                for (const CaseSummary& c : *found) j["cases"].push_back(SummaryJson(c));
                App::SendJson(res, 200, j.dump());
              });
            });
  app.Route("GET", "/api/v1/audit", "/api/v1/audit", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              {
                auto tx = app.store().BeginRead(ctx.who().actor());
                if (!tx.ok()) return App::SendJsonError(res, tx.status());
                const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kReadAudit, "audit");
                if (!allowed.ok()) return App::SendJsonError(res, allowed);
              }
              const int64_t from = ParsePositive(req.get_param_value("from")).value_or(1);
              const int64_t limit =
                  std::min<int64_t>(1000, ParsePositive(req.get_param_value("limit")).value_or(100));
              Result<std::vector<store::AuditEntry>> entries = app.store().ReadAudit(from, limit);
              if (!entries.ok()) return App::SendJsonError(res, entries.status());
              json j{{"entries", json::array()}};
              for (const store::AuditEntry& e : *entries) {
                j["entries"].push_back(json{{"seq", e.seq},
                                            {"at", e.at},
                                            {"user", e.user},
                                            {"organisation", e.organisation},
                                            {"role", e.role},
                                            {"action", e.action},
                                            {"object_type", e.object_type},
                                            {"object_id", e.object_id},
                                            {"purpose", e.purpose},
                                            {"detail", e.detail},
                                            {"hash", e.hash}});
              }
              App::SendJson(res, 200, j.dump());
            });
  app.Route("GET", "/api/v1/users", "/api/v1/users", Surface::kApi, Guard::kSession,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              {
                auto tx = app.store().Begin(ctx.who().actor());
                if (!tx.ok()) return App::SendJsonError(res, tx.status());
                const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kManageUsers, "user");
                if (!allowed.ok()) return App::SendJsonError(res, allowed);
              }
              Result<std::vector<UserInfo>> users = ListUsers(app.store(), ctx.who().actor());
              if (!users.ok()) return App::SendJsonError(res, users.status());
              json j{{"users", json::array()}};
              for (const UserInfo& u : *users) {
                j["users"].push_back(json{{"id", u.id},
                                          {"username", u.username},
                                          {"role", std::string(RoleCode(u.role))},
                                          {"organisation", u.organisation},
                                          {"locked", u.locked},
                                          {"mfa", u.mfa}});
              }
              App::SendJson(res, 200, j.dump());
            });
  app.Route("POST", "/api/v1/users", "/api/v1/users", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              {
                auto tx = app.store().Begin(ctx.who().actor());
                if (!tx.ok()) return App::SendJsonError(res, tx.status());
                const Status allowed = app.gate().Require(**tx, ctx.who(), Action::kManageUsers, "user");
                if (!allowed.ok()) return App::SendJsonError(res, allowed);
              }
              Result<json> body = ParseBody(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              Result<Role> role = ParseRoleCode(Str(*body, "role"));
              if (!role.ok()) return App::SendJsonError(res, role.status());
              const Status added = AddUser(app.store(), ctx.who().actor(), Str(*body, "username"),
                                           Str(*body, "password"), *role, Str(*body, "organisation"));
              if (!added.ok()) return App::SendJsonError(res, added);
              App::SendJson(res, 201, json{{"username", Str(*body, "username")}}.dump());
            });
}

}  // namespace palermo::server
