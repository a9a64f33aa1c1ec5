// SPDX-License-Identifier: AGPL-3.0-or-later
// src/server/app.h: the request pipeline shared by pages.cc and api.cc (not a public header).
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "server/internal.h"

namespace palermo::server {

struct RequestCtx {
  Lang lang = Lang::kEn;
  std::optional<Session> session;
  std::string path;
  std::string client_address;
  const Principal& who() const { return session->principal; }
  const std::string& csrf() const { return session->csrf_token; }
};

enum class Guard {
  kPublic,   // no session needed
  kSession,  // a live session; safe methods only
  kCsrf,     // a live session and a valid CSRF token (every state-changing request)
};
enum class Surface { kPage, kApi };

class App {
 public:
  using Handler = std::function<void(RequestCtx&, const httplib::Request&, httplib::Response&)>;

  App(store::Store& store, ServerOptions options, httplib::Server& http);

  // Registers `handler` for `method` and the regex `pattern`; `route_template` ("/cases/{id}")
  // is what the access log shows instead of the raw path.
  void Route(std::string_view method, const std::string& pattern, std::string route_template,
             Surface surface, Guard guard, Handler handler);

  int64_t Now() const { return options_.now ? options_.now() : RealNow(); }
  static int64_t RealNow();
  store::Store& store() { return store_; }
  CaseGate& gate() { return gate_; }
  // Where the case-work flows (src/casework) run: this store and the server's clock.
  casework::Desk desk() {
    return casework::Desk{store_, referral::Instant(std::chrono::seconds(Now()))};
  }
  const ServerOptions& options() const { return options_; }
  const AuthLimits& limits() const { return limits_; }
  bool tls() const { return !options_.cert_pem.empty(); }

  void SetSessionCookie(httplib::Response& res, std::string_view token) const;
  void ClearSessionCookie(httplib::Response& res) const;
  void SetCookie(httplib::Response& res, std::string_view name, std::string_view value,
                 bool http_only, int max_age_seconds) const;

  // An HTML page in the request's language.
  void SendPage(const RequestCtx& ctx, httplib::Response& res, std::string title,
                std::string_view body, int status = 200, std::string flash = "",
                bool flash_is_error = false) const;
  // A page saying why the request failed (status from the Status code).
  void SendPageError(const RequestCtx& ctx, httplib::Response& res, const Status& status) const;
  // A JSON body; errors as {"error": {"code": ..., "message": ...}}.
  static void SendJson(httplib::Response& res, int status, const std::string& json_text);
  static void SendJsonError(httplib::Response& res, const Status& status);
  static int HttpStatusFor(const Status& status);

  // Logs the denial of a request refused before any handler ran (bad CSRF token).
  void AuditRefusal(const RequestCtx& ctx, std::string_view action, std::string_view detail);

 private:
  store::Store& store_;
  const ServerOptions options_;
  const AuthLimits limits_;
  CaseGate gate_;
  httplib::Server& http_;
};

std::string CookieValue(const httplib::Request& req, std::string_view name);
// The field `name` of the request's form body (urlencoded or multipart), "" if absent. Never
// the query string: cpp-httplib merges it into req.params, and a CSRF token there would leak
// through logs, history and Referer.
std::string FormBodyValue(const httplib::Request& req, const std::string& name);
// A user-facing message for a Status; generic for internal errors.
std::string StatusText(const Status& status, Lang lang);

void RegisterPages(App& app);
void RegisterApi(App& app);
// Screening, referral, services and consent pages and API (flow.cc).
void RegisterFlowRoutes(App& app);
// Case correction, history, close and reopen (api_casework.cc), called by RegisterFlowRoutes.
void RegisterCaseworkApi(App& app);
// The correction form, history tab, close and reopen pages (pages_casework.cc).
void RegisterCaseworkPages(App& app);
// Assignment, tasks and "my cases", pages and API (caseload.cc), called by RegisterFlowRoutes.
void RegisterCaseloadRoutes(App& app);
// The case page's "case worker and tasks" section for `record` (read through the gate in `tx`,
// which may be a read transaction): "" for a principal who may not manage this case's caseload
// (nothing audited).
Result<std::string> CaseloadPanel(App& app, const RequestCtx& ctx, store::Transaction& tx,
                                  const CaseRecord& record);
// The case list's filter form (a GET, so a filtered list can be bookmarked); appends to `query`
// the parameters that keep the filter on the next page ("&status=…&assignee=me&overdue=1").
std::string CaseListFilterForm(const RequestCtx& ctx, const casework::CaseFilter& filter,
                               std::string& query);
// Documents, import and duplicate-review pages and API (pages_documents.cc, pages_import.cc,
// duplicates.cc).
void RegisterOpsRoutes(App& app);
void RegisterDocumentRoutes(App& app);  // pages_documents.cc, called by RegisterOpsRoutes
void RegisterImportRoutes(App& app);    // pages_import.cc, called by RegisterOpsRoutes
// The case page's documents link and possible-duplicate flags for `record` (already through
// the gate in `tx`): one indexed query each, nothing decrypted. Empty for roles without
// kReviewDuplicates / kReadDocument, and for an organisation that transferred the case away.
// Runs the possible-duplicate check (duplicates.cc) for case `id` just created by `who`, in a
// transaction of its own: flags likely matches within the principal's scope for a person to
// review on the case page; never merges. 0 for roles without kReviewDuplicates. The caller
// keeps the case whatever this returns.
Result<int64_t> CheckDuplicatesOfNewCase(App& app, const Principal& who, CaseId id);
Result<std::string> CaseOpsPanel(App& app, const RequestCtx& ctx, store::Transaction& tx,
                                 const CaseRecord& record);

}  // namespace palermo::server
