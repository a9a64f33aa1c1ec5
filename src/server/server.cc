// SPDX-License-Identifier: AGPL-3.0-or-later
// The HTTP server: cpp-httplib set-up, limits, security headers, the access log, the request
// pipeline (language, session, CSRF) and graceful stop.
#include "server/server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "casework/casework.h"
#include "ingest/messages.h"
#include "server/app.h"
#include "server/http_guard.h"

namespace palermo::server {
namespace {

constexpr std::string_view kSessionCookie = "palermo_session";
constexpr std::string_view kLangCookie = "palermo_lang";

// Per-request values for the access log, set by the pipeline on the worker thread that runs
// the request (cpp-httplib runs routing, handler and logger on one thread).
thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local std::string t_route;
thread_local int64_t t_user_id = 0;

std::string LogTime() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

Lang RequestLang(const httplib::Request& req, Lang fallback) {
  const std::string cookie = CookieValue(req, kLangCookie);
  if (cookie == "fr") return Lang::kFr;
  if (cookie == "en") return Lang::kEn;
  // Accept-Language: the first of fr/en in the order given (q-values are rarely out of order).
  const std::string accept = req.get_header_value("Accept-Language");
  size_t pos = 0;
  while (pos < accept.size()) {
    size_t end = accept.find(',', pos);
    if (end == std::string::npos) end = accept.size();
    std::string_view tag = Trim(std::string_view(accept).substr(pos, end - pos));
    tag = tag.substr(0, tag.find(';'));
    if (tag.starts_with("fr")) return Lang::kFr;
    if (tag.starts_with("en")) return Lang::kEn;
    pos = end + 1;
  }
  return fallback;
}

// The body of an error answer httplib produces itself (no route, too large, refused framing):
// a page for the web app, JSON for the API.
void FillErrorBody(const httplib::Request& req, httplib::Response& res) {
  if (res.status == 413 && !req.path.starts_with("/api/")) {
    // A form or upload over max_body_bytes: a page a person can read, not JSON.
    PageFrame frame;
    frame.lang = RequestLang(req, Lang::kEn);
    frame.title = Msg{"Too large", "Trop volumineux"}.Get(frame.lang);
    frame.flash = Msg{"The file or form is too large. Documents are limited in size: go back "
                      "and choose a smaller file.",
                      "Le fichier ou le formulaire est trop volumineux. La taille des documents "
                      "est limitée : revenez en arrière et choisissez un fichier plus petit."}
                      .Get(frame.lang);
    frame.flash_is_error = true;
    res.set_content(RenderPage(frame, ""), "text/html; charset=utf-8");
    return;
  }
  nlohmann::json j;
  switch (res.status) {
    case 404: j["error"] = {{"code", "HTTP_404"}, {"message", "no such page"}}; break;
    case 411:
      j["error"] = {{"code", "LENGTH_REQUIRED"},
                    {"message", "a request body needs a Content-Length (no chunked transfer)"}};
      break;
    case 413: j["error"] = {{"code", "PAYLOAD_TOO_LARGE"}, {"message", "request too large"}}; break;
    case 415:
      j["error"] = {{"code", "UNSUPPORTED_MEDIA_TYPE"},
                    {"message", "compressed request bodies are not accepted"}};
      break;
    default:
      j["error"] = {{"code", "HTTP_" + std::to_string(res.status)}, {"message", "request failed"}};
  }
  res.set_content(j.dump(), "application/json");
}

}  // namespace

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view part = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

std::string FormBodyValue(const httplib::Request& req, const std::string& name) {
  if (req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded")) {
    httplib::Params form;
    httplib::detail::parse_query_text(req.body, form);
    const auto it = form.find(name);
    return it != form.end() ? it->second : std::string();
  }
  return req.has_file(name) ? req.get_file_value(name).content : std::string();
}

std::string StatusText(const Status& status, Lang lang) {
  switch (status.code()) {
    case StatusCode::kPermissionDenied:
      return casework::RefusalMessage(lang);
    case StatusCode::kNotFound:
      return Msg{"Not found.", "Introuvable."}.Get(lang);
    case StatusCode::kUnauthenticated:
      return Msg{"Please log in.", "Veuillez vous connecter."}.Get(lang);
    case StatusCode::kAlreadyExists:
      return Msg{"This record already exists.", "Cet enregistrement existe déjà."}.Get(lang);
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kFailedPrecondition:
      // Messages of these codes name a field and a rule, never personal data (STYLE.md §6).
      return Format({"Please check the form: {what}", "Veuillez vérifier le formulaire : {what}"},
                    lang, {{"what", ingest::LocalizeLimitMessage(status.message(), lang)}});
    case StatusCode::kUnavailable:
    case StatusCode::kAborted:
      return Msg{"The database is busy; please try again.",
                 "La base de données est occupée ; veuillez réessayer."}
          .Get(lang);
    default:
      return Msg{"Something went wrong on the server.", "Une erreur s'est produite sur le serveur."}
          .Get(lang);
  }
}

int64_t App::RealNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

App::App(store::Store& store, ServerOptions options, httplib::Server& http)
    : store_(store),
      options_(std::move(options)),
      limits_{options_.session_idle_seconds,         options_.session_absolute_seconds,
              options_.max_failed_logins_per_account, options_.lockout_seconds,
              options_.max_failed_logins_per_address, options_.address_window_seconds},
      gate_(store),
      http_(http) {}

int App::HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kAborted:
    case StatusCode::kUnavailable: return 503;
    default: return 500;
  }
}

void App::SetCookie(httplib::Response& res, std::string_view name, std::string_view value,
                    bool http_only, int max_age_seconds) const {
  std::string cookie = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (http_only) cookie += "; HttpOnly";
  if (tls()) cookie += "; Secure";
  if (max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(max_age_seconds);
  res.set_header("Set-Cookie", cookie);
}

void App::SetSessionCookie(httplib::Response& res, std::string_view token) const {
  SetCookie(res, kSessionCookie, token, /*http_only=*/true, /*max_age_seconds=*/-1);
}

void App::ClearSessionCookie(httplib::Response& res) const {
  SetCookie(res, kSessionCookie, "", true, 0);
}

void App::SendPage(const RequestCtx& ctx, httplib::Response& res, std::string title,
                   std::string_view body, int status, std::string flash,
                   bool flash_is_error) const {
  PageFrame frame;
  frame.lang = ctx.lang;
  frame.title = std::move(title);
  if (ctx.session) {
    frame.who = &ctx.session->principal;
    frame.csrf = ctx.session->csrf_token;
  }
  frame.path = ctx.path;
  frame.flash = std::move(flash);
  frame.flash_is_error = flash_is_error;
  res.status = status;
  res.set_content(RenderPage(frame, body), "text/html; charset=utf-8");
}

void App::SendPageError(const RequestCtx& ctx, httplib::Response& res, const Status& status) const {
  const std::string text = StatusText(status, ctx.lang);
  std::string body = "<h1>" + Esc(Msg{"Request refused", "Demande refusée"}.Get(ctx.lang)) + "</h1>";
  body += "<p class=\"error-text\" role=\"alert\">" + Esc(text) + "</p>";
  body += "<p><a href=\"/\">" + Esc(Msg{"Back to the start", "Retour à l'accueil"}.Get(ctx.lang)) +
          "</a></p>";
  SendPage(ctx, res, Msg{"Error", "Erreur"}.Get(ctx.lang), body, HttpStatusFor(status));
}

void App::SendJson(httplib::Response& res, int status, const std::string& json_text) {
  res.status = status;
  res.set_content(json_text, "application/json");
}

void App::SendJsonError(httplib::Response& res, const Status& status) {
  nlohmann::json j;
  j["error"]["code"] = std::string(StatusCodeName(status.code()));
  j["error"]["message"] = status.code() == StatusCode::kInternal ? "internal error" : status.message();
  SendJson(res, HttpStatusFor(status), j.dump());
}

void App::AuditRefusal(const RequestCtx& ctx, std::string_view action, std::string_view detail) {
  const store::Actor actor = ctx.session ? ctx.who().actor() : store::Actor{"anonymous", "", "anonymous"};
  Result<std::unique_ptr<store::Transaction>> tx = store_.Begin(actor);
  if (!tx.ok()) return;
  if ((*tx)->Audit(action, "request", t_route, "", detail).ok()) (*tx)->Commit().IgnoreError();
}

void App::Route(std::string_view method, const std::string& pattern, std::string route_template,
                Surface surface, Guard guard, Handler handler) {
  auto wrapped = [this, route_template = std::move(route_template), surface, guard,
                  handler = std::move(handler)](const httplib::Request& req,
                                                httplib::Response& res) {
    t_route = route_template;
    RequestCtx ctx;
    ctx.lang = RequestLang(req, options_.default_lang);
    ctx.path = req.path;
    ctx.client_address = req.remote_addr;
    if (guard != Guard::kPublic) {
      const std::string token = CookieValue(req, kSessionCookie);
      Result<std::optional<Session>> session = LookupSession(store_, limits_, token, Now());
      if (!session.ok()) {
        surface == Surface::kApi ? SendJsonError(res, session.status())
                                 : SendPageError(ctx, res, session.status());
        return;
      }
      ctx.session = std::move(*session);
      if (!ctx.session) {
        if (!token.empty()) ClearSessionCookie(res);
        if (surface == Surface::kApi) {
          SendJsonError(res, Status::Unauthenticated("no valid session: log in"));
        } else if (req.method == "GET") {
          res.set_redirect("/login?next=" + UrlEncode(req.path), 303);
        } else {
          res.set_redirect("/login", 303);
        }
        return;
      }
      t_user_id = ctx.who().user_id;
      if (guard == Guard::kCsrf) {
        // From the header or the form body only: cpp-httplib merges query-string parameters
        // into req.params, and a token in a URL leaks through logs, history and Referer.
        std::string sent = req.get_header_value("X-CSRF-Token");
        if (sent.empty()) sent = FormBodyValue(req, "csrf");
        if (!TokensEqual(sent, ctx.csrf())) {
          AuditRefusal(ctx, "csrf_rejected", "missing or wrong CSRF token");
          const Status refused = Status::PermissionDenied("missing or wrong CSRF token");
          surface == Surface::kApi ? SendJsonError(res, refused) : SendPageError(ctx, res, refused);
          return;
        }
      }
    }
    if (surface == Surface::kApi && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") &&
        !req.body.empty() &&
        !req.get_header_value("Content-Type").starts_with("application/json")) {
      SendJsonError(res, Status::InvalidArgument("Content-Type must be application/json"));
      res.status = 415;
      return;
    }
    if (surface == Surface::kApi && !req.body.empty() && JsonNestingBeyond(req.body)) {
      // Checked before any handler parses the body (see core/text.h).
      SendJsonError(res, Status::InvalidArgument("body: JSON nested deeper than " +
                                                 std::to_string(kMaxJsonDepth) + " levels"));
      return;
    }
    handler(ctx, req, res);
  };
  if (method == "GET") {
    http_.Get(pattern, std::move(wrapped));
  } else if (method == "POST") {
    http_.Post(pattern, std::move(wrapped));
  } else if (method == "DELETE") {
    http_.Delete(pattern, std::move(wrapped));
  } else if (method == "PUT") {
    http_.Put(pattern, std::move(wrapped));
  } else if (method == "PATCH") {
    http_.Patch(pattern, std::move(wrapped));
  }
}

// ---- Server ----------------------------------------------------------------------------------

struct Server::Impl {
  Impl(store::Store& s, ServerOptions o) : store(s), options(std::move(o)) {}
  store::Store& store;
  ServerOptions options;
  std::unique_ptr<httplib::Server> http;
  std::unique_ptr<App> app;
  std::mutex log_mutex;
  int port = 0;
  bool bound = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  if (impl_ && impl_->http) impl_->http->stop();
}

int WorkerThreads(const ServerOptions& options) {
  if (options.threads > 0) return options.threads;
  return std::max(64, 16 * static_cast<int>(std::thread::hardware_concurrency()));
}

Result<std::unique_ptr<Server>> Server::Create(store::Store& store, ServerOptions options) {
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("port: between 0 and 65535");
  }
  if (options.cert_pem.empty() != options.key_pem.empty()) {
    return Status::InvalidArgument("TLS needs both --cert and --key-pem");
  }
  if (options.session_idle_seconds <= 0 || options.session_absolute_seconds <= 0) {
    return Status::InvalidArgument("session lifetimes must be positive");
  }
  auto impl = std::make_unique<Impl>(store, std::move(options));
  return std::unique_ptr<Server>(new Server(std::move(impl)));  // private constructor
}

Status Server::Bind() {
  Impl& s = *impl_;
  const ServerOptions& o = s.options;
  if (!o.cert_pem.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(o.cert_pem.c_str(), o.key_pem.c_str());
    if (!tls->is_valid()) {
      return Status::InvalidArgument("TLS certificate or key could not be loaded");
    }
    // Direct TLS keeps cpp-httplib's connection handling, where a worker waits for each kept-
    // alive connection: the pool must exceed the connections expected at once, not the cores.
    const int threads = WorkerThreads(o);
    // cpp-httplib owns and deletes the queue it gets from this factory.
    tls->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    s.http = std::move(tls);
  } else {
    // Workers serve complete request heads only; waiting connections cost no worker.
    HttpGuardLimits limits;
    limits.threads = WorkerThreads(o);
    limits.head_timeout_seconds = o.header_timeout_seconds;
    limits.keep_alive_timeout_seconds = o.keep_alive_timeout_seconds;
    limits.max_body_bytes = o.max_body_bytes;
    s.http = std::make_unique<GuardedServer>(limits);
  }
  httplib::Server& http = *s.http;
  http.set_payload_max_length(o.max_body_bytes);
  http.set_read_timeout(o.read_timeout_seconds, 0);
  http.set_write_timeout(o.write_timeout_seconds, 0);
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(o.keep_alive_timeout_seconds);
  // cpp-httplib writes headers and body separately; with Nagle's algorithm on, a kept-alive
  // connection then waits for the client's delayed ACK (about 40 ms) on every response.
  http.set_tcp_nodelay(true);
  httplib::Headers headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      // Pages and JSON hold case data: no browser or proxy may keep them (the two static
      // assets replace this with their own policy).
      {"Cache-Control", "no-store"},
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
  };
  if (!o.cert_pem.empty()) {
    headers.emplace("Strict-Transport-Security", "max-age=31536000");
  }
  http.set_default_headers(headers);

  http.set_pre_routing_handler(
      [max = o.max_body_bytes](const httplib::Request& req, httplib::Response& res) {
        t_request_start = std::chrono::steady_clock::now();
        t_route.clear();
        t_user_id = 0;
        const int refusal = BodyRefusal(req, max);
        if (refusal == 0) return httplib::Server::HandlerResponse::Unhandled;
        res.status = refusal;
        FillErrorBody(req, res);
        AnswerAndClose(res);
        return httplib::Server::HandlerResponse::Handled;
      });
  // Every 503 (database busy, password checks saturated) tells clients when to come back.
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 503 && !res.has_header("Retry-After")) res.set_header("Retry-After", "2");
  });
  Impl* impl = impl_.get();
  http.set_logger([impl](const httplib::Request& req, const httplib::Response& res) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                t_request_start)
                          .count();
    nlohmann::json line;
    line["time"] = LogTime();
    line["method"] = req.method;
    // The route template, never the raw path (which may carry ids) nor the query string.
    line["route"] = t_route.empty() ? "(unmatched)" : t_route;
    line["status"] = res.status;
    line["ms"] = std::round(ms * 1000.0) / 1000.0;
    line["bytes"] = res.body.size();
    if (t_user_id != 0) line["user"] = t_user_id;
    const std::string text = line.dump();
    if (impl->options.access_log) {
      impl->options.access_log(text);
    } else {
      std::lock_guard<std::mutex> lock(impl->log_mutex);
      std::fprintf(stderr, "%s\n", text.c_str());
    }
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        App::SendJsonError(res, Status::Internal("unexpected exception"));
      });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // A body already set (or sent by AnswerAndClose) stays.
    if (!res.body.empty() || res.content_length_ > 0) return;
    FillErrorBody(req, res);
  });
  // Bodies are refused before a byte is read unless their length is known and within the
  // limit (http_guard.h): with "Expect: 100-continue" before the client sends them, otherwise
  // before routing, and the connection then ends so the unread body is never parsed.
  http.set_expect_100_continue_handler(
      [max = o.max_body_bytes](const httplib::Request& req, httplib::Response& res) {
        const int refusal = BodyRefusal(req, max);
        if (refusal == 0) return 100;
        res.status = refusal;
        FillErrorBody(req, res);
        AnswerAndClose(res);
        return refusal;
      });

  s.app = std::make_unique<App>(s.store, s.options, http);
  App& app = *s.app;
  app.Route("GET", "/healthz", "/healthz", Surface::kApi, Guard::kPublic,
            [&app](RequestCtx&, const httplib::Request&, httplib::Response& res) {
              // Checks the database answers; says nothing else about it.
              Result<std::unique_ptr<store::Transaction>> tx = app.store().Begin(store::Actor{});
              const bool ok = tx.ok() && (*tx)->Query("SELECT 1").ok();
              App::SendJson(res, ok ? 200 : 503, ok ? R"({"status":"ok"})" : R"({"status":"unavailable"})");
            });
  app.Route("GET", "/assets/app.css", "/assets/app.css", Surface::kPage, Guard::kPublic,
            [](RequestCtx&, const httplib::Request&, httplib::Response& res) {
              res.headers.erase("Cache-Control");
              res.set_header("Cache-Control", "public, max-age=3600");
              res.set_content(std::string(AppCss()), "text/css; charset=utf-8");
            });
  app.Route("GET", "/assets/app.js", "/assets/app.js", Surface::kPage, Guard::kPublic,
            [](RequestCtx&, const httplib::Request&, httplib::Response& res) {
              res.headers.erase("Cache-Control");
              res.set_header("Cache-Control", "public, max-age=3600");
              res.set_content(std::string(AppJs()), "text/javascript; charset=utf-8");
            });
  RegisterApi(app);
  RegisterPages(app);
  RegisterFlowRoutes(app);
  RegisterOpsRoutes(app);

  if (o.port == 0) {
    const int port = http.bind_to_any_port(o.host);
    if (port <= 0) return Status::Unavailable("cannot bind " + o.host);
    s.port = port;
  } else {
    if (!http.bind_to_port(o.host, o.port)) {
      return Status::Unavailable("cannot bind " + o.host + ":" + std::to_string(o.port));
    }
    s.port = o.port;
  }
  s.bound = true;
  return Status::Ok();
}

Status Server::Serve() {
  if (!impl_->bound) return Status::FailedPrecondition("Bind() first");
  if (!impl_->http->listen_after_bind()) {
    return Status::Unavailable("the server stopped listening unexpectedly");
  }
  return Status::Ok();
}

void Server::Stop() {
  if (impl_->http) impl_->http->stop();
}

int Server::port() const { return impl_->port; }
bool Server::is_tls() const { return !impl_->options.cert_pem.empty(); }

}  // namespace palermo::server
