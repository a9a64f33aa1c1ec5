// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-level tests of the web app and JSON API: the server runs in-process on 127.0.0.1 with a
// free port and a fresh SQLite database; requests go through cpp-httplib's client.
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/server.h"
#include "server_fixture.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class ServerTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    now_ = 1'800'000'000;
  }
  int64_t CreateCase(const Session& s, const std::string& local_id,
                     const std::string& family_name = "Okafor") {
    return CreateCaseJson(s, {{"local_id", local_id},
                              {"sex", "female"},
                              {"citizenship", "NGA"},
                              {"forms", {"sexual"}},
                              {"identification_date", "2024-03"},
                              {"identifiers",
                               {{"family_name", family_name},
                                {"given_name", "Blessing"},
                                {"birth_date", "1999"},
                                {"document_numbers", {"A1234567"}}}}});
  }
};

TEST_F(ServerTest, HealthzAnswersWithoutASession) {
  StartServer();
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, PagesNeedASessionAndRedirectToLogin) {
  StartServer();
  auto res = Client().Get("/cases");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/login?next=/cases");
  auto api = Client().Get("/api/v1/cases");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
}

TEST_F(ServerTest, WrongPasswordIsRefusedAndAudited) {
  StartServer();
  auto res = Client().Post("/api/v1/session",
                           json{{"username", "worker"}, {"password", "not the password"}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("Set-Cookie"), "");
  EXPECT_EQ(CountAudit("login_failed"), 1);
}

TEST_F(ServerTest, SessionCookieIsHttpOnlyAndSameSiteStrict) {
  StartServer();
  auto res = Client().Post("/api/v1/session",
                           json{{"username", "worker"}, {"password", kPassword}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
}

// Every role × action through the API: allowed ones succeed, forbidden ones are 403 and
// leave a "denied" entry in the audit log.
TEST_F(ServerTest, EveryRoleMayDoExactlyItsActions) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  ASSERT_GT(id, 0);
  const std::string case_path = "/api/v1/cases/" + std::to_string(id);
  struct Expect {
    std::string user;
    bool list, read, identifiers, create, search, audit, users;
  };
  const std::vector<Expect> table = {
      {"worker", true, true, true, true, true, false, false},
      {"decider", true, true, true, false, true, false, false},
      {"analyst", true, true, false, false, false, false, false},
      {"auditor", false, false, false, false, false, true, false},
      {"admin", false, false, false, false, false, false, true},
  };
  for (const Expect& e : table) {
    SCOPED_TRACE(e.user);
    const Session s = LogIn(e.user);
    const auto check = [&](const httplib::Result& res, bool allowed, int ok_status) {
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, allowed ? ok_status : 403) << res->body;
    };
    int denied = CountAudit("denied");
    const auto expect_denied_audit = [&](bool allowed) {
      const int now = CountAudit("denied");
      EXPECT_EQ(now - denied, allowed ? 0 : 1);
      denied = now;
    };
    check(Get(s, "/api/v1/cases"), e.list, 200);
    expect_denied_audit(e.list);
    check(Get(s, case_path), e.read, 200);
    expect_denied_audit(e.read);
    check(PostJson(s, case_path + "/identifiers", {{"purpose", "referral follow-up"}}),
          e.identifiers, 200);
    expect_denied_audit(e.identifiers);
    check(PostJson(s, "/api/v1/cases", {{"local_id", "X-" + e.user}}), e.create, 201);
    expect_denied_audit(e.create);
    check(PostJson(s, "/api/v1/search", {{"kind", "family_name"}, {"value", "okafor"}}), e.search,
          200);
    expect_denied_audit(e.search);
    check(Get(s, "/api/v1/audit"), e.audit, 200);
    expect_denied_audit(e.audit);
    check(Get(s, "/api/v1/users"), e.users, 200);
    expect_denied_audit(e.users);
  }
}

TEST_F(ServerTest, CaseWorkerCannotReadAnotherOrganisationsCase) {
  StartServer();
  const int64_t id = CreateCase(LogIn("worker"), "P-1");
  const Session other = LogIn("other");
  const int denied = CountAudit("denied");
  auto res = Get(other, "/api/v1/cases/" + std::to_string(id));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_THAT(res->body, Not(HasSubstr("P-1")));
  auto ids = PostJson(other, "/api/v1/cases/" + std::to_string(id) + "/identifiers",
                      {{"purpose", "curious"}});
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->status, 403);
  EXPECT_THAT(ids->body, Not(HasSubstr("Okafor")));
  EXPECT_EQ(CountAudit("denied"), denied + 2);
  // Neither the list nor a search shows it.
  auto list = Get(other, "/api/v1/cases");
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["total"], 0);
  auto found = PostJson(other, "/api/v1/search", {{"kind", "family_name"}, {"value", "OKAFOR"}});
  ASSERT_TRUE(found);
  EXPECT_EQ(json::parse(found->body)["cases"].size(), 0u);
  // The page is refused too.
  auto page = Get(other, "/cases/" + std::to_string(id));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 403);
}

TEST_F(ServerTest, AnalystSeesNoIdentifierAnywhere) {
  StartServer();
  const int64_t id = CreateCase(LogIn("worker"), "P-1", "Zyxwvutsrq");
  const Session analyst = LogIn("analyst");
  for (const std::string& path : std::vector<std::string>{
           "/api/v1/cases", "/api/v1/cases/" + std::to_string(id), "/cases",
           "/cases/" + std::to_string(id)}) {
    auto res = Get(analyst, path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_THAT(res->body, Not(HasSubstr("Zyxwvutsrq"))) << path;
    EXPECT_THAT(res->body, Not(HasSubstr("A1234567"))) << path;
  }
}

TEST_F(ServerTest, IdentifiersNeedAPurposeWhichIsAudited) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  const std::string path = "/api/v1/cases/" + std::to_string(id) + "/identifiers";
  auto none = PostJson(worker, path, json::object());
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 400);
  EXPECT_THAT(none->body, HasSubstr("purpose"));
  auto res = PostJson(worker, path, {{"purpose", "shelter placement"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["identifiers"]["family_name"], "Okafor");
  auto entries = store_->ReadAudit(1, 10000);
  bool found = false;
  for (const auto& e : *entries) {
    if (e.object_id == std::to_string(id) && e.purpose == "shelter placement") found = true;
  }
  EXPECT_TRUE(found) << "the identifier read is not in the audit log with its purpose";
}

TEST_F(ServerTest, StateChangeWithoutCsrfTokenIsRejectedAndAudited) {
  StartServer();
  const Session worker = LogIn("worker");
  auto api = PostJson(worker, "/api/v1/cases", {{"local_id", "P-9"}}, /*with_csrf=*/false);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 403);
  Session forged = worker;
  forged.csrf = std::string(worker.csrf.size(), 'A');
  auto wrong = PostJson(forged, "/api/v1/cases", {{"local_id", "P-9"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  auto page = PostForm(worker, "/cases", {{"local_id", "P-9"}}, /*with_csrf=*/false);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 403);
  EXPECT_EQ(CountAudit("csrf_rejected"), 3);
  auto list = Get(worker, "/api/v1/cases");
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["total"], 0) << "a case was created without a CSRF token";
}

TEST_F(ServerTest, IdleSessionExpires) {
  ServerOptions options;
  options.session_idle_seconds = 600;
  StartServer(options);
  const Session worker = LogIn("worker");
  now_ += 599;
  auto alive = Get(worker, "/api/v1/me");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
  now_ += 601;
  auto expired = Get(worker, "/api/v1/me");
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 401);
}

TEST_F(ServerTest, SessionEndsAfterItsAbsoluteLifetimeEvenWhenUsed) {
  ServerOptions options;
  options.session_idle_seconds = 600;
  options.session_absolute_seconds = 1000;
  StartServer(options);
  const Session worker = LogIn("worker");
  for (int step = 0; step < 3; ++step) {
    now_ += 400;
    auto res = Get(worker, "/api/v1/me");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, step < 2 ? 200 : 401) << "after " << (step + 1) * 400 << " s";
  }
}

TEST_F(ServerTest, LogoutEverywhereEndsOtherSessions) {
  StartServer();
  const Session a = LogIn("worker");
  const Session b = LogIn("worker");
  auto res = PostJson(a, "/api/v1/session/logout-everywhere", json::object());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["sessions_ended"], 2);
  auto after = Get(b, "/api/v1/me");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST_F(ServerTest, AccountLocksAfterRepeatedFailuresEvenForTheRightPassword) {
  ServerOptions options;
  options.max_failed_logins_per_account = 3;
  options.lockout_seconds = 900;
  StartServer(options);
  for (int i = 0; i < 3; ++i) {
    auto res = Client().Post("/api/v1/session",
                             json{{"username", "worker"}, {"password", "wrong password!"}}.dump(),
                             "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  auto locked = Client().Post("/api/v1/session",
                              json{{"username", "worker"}, {"password", kPassword}}.dump(),
                              "application/json");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 423);
  EXPECT_EQ(CountAudit("account_locked_out"), 1);
  now_ += 901;
  auto later = Client().Post("/api/v1/session",
                             json{{"username", "worker"}, {"password", kPassword}}.dump(),
                             "application/json");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200);
}

TEST_F(ServerTest, AddressIsThrottledAfterManyFailuresAcrossAccounts) {
  ServerOptions options;
  options.max_failed_logins_per_address = 4;
  StartServer(options);
  for (const char* user : {"nobody1", "nobody2", "nobody3", "nobody4"}) {
    auto res = Client().Post("/api/v1/session",
                             json{{"username", user}, {"password", "whatever12345"}}.dump(),
                             "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  auto res = Client().Post("/api/v1/session",
                           json{{"username", "worker"}, {"password", kPassword}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_NE(res->get_header_value("Retry-After"), "");
}

TEST_F(ServerTest, LockedAccountCannotLogInAndLosesItsSessions) {
  StartServer();
  const Session worker = LogIn("worker");
  PALERMO_ASSERT_OK(SetLocked(*store_, {"test", "", "admin"}, "worker", true));
  auto res = Get(worker, "/api/v1/me");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  auto login = Client().Post("/api/v1/session",
                             json{{"username", "worker"}, {"password", kPassword}}.dump(),
                             "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 423);
}

// Script and SQL in every free-text field of the case form: stored as typed, shown escaped.
// (Phones and document numbers have a format of their own: script or SQL there is refused by
// the case validator, field by field, without echoing it.)
TEST_F(ServerTest, InjectionAttemptsAreStoredAsTextAndEscapedOnOutput) {
  StartServer();
  const Session worker = LogIn("worker");
  const std::string script = "<script>alert(1)</script>";
  const std::string sql = "x'); DROP TABLE server_users; --";
  auto refused = PostForm(worker, "/cases",
                          {{"csrf", worker.csrf}, {"local_id", "J-1"}, {"document_number", sql},
                           {"phone", script}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, HasSubstr("id=\"phone-error\""));
  EXPECT_THAT(refused->body, HasSubstr("id=\"document_number-error\""));
  EXPECT_THAT(refused->body, Not(HasSubstr("<script>alert")));
  httplib::Params form{{"csrf", worker.csrf},     {"local_id", script + sql},
                       {"given_name", script},    {"family_name", sql},
                       {"full_name", script},     {"document_number", "AB-123456"},
                       {"phone", "+33 6 12 34 56 78"}, {"address", sql},
                       {"notes", script + sql},   {"gender_detail", script}};
  auto created = PostForm(worker, "/cases", form);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 303) << created->body;
  const std::string location = created->get_header_value("Location");
  const std::string id = std::regex_replace(location, std::regex(R"(/cases/(\d+).*)"), "$1");
  auto view = PostForm(worker, "/cases/" + id + "/identifiers",
                       {{"csrf", worker.csrf}, {"purpose", script}});
  ASSERT_TRUE(view);
  ASSERT_EQ(view->status, 200);
  EXPECT_THAT(view->body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(view->body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(view->body, HasSubstr("x&#39;); DROP TABLE server_users; --"));
  auto list = Get(worker, "/cases");
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, Not(HasSubstr("<script>alert")));
  // The users table survived: logging in still works, and the search finds the exact value.
  EXPECT_NE(LogIn("decider").cookie, "");
  auto found = PostJson(worker, "/api/v1/search", {{"kind", "family_name"}, {"value", sql}});
  ASSERT_TRUE(found);
  EXPECT_EQ(json::parse(found->body)["cases"].size(), 1u);
}

TEST_F(ServerTest, OversizedRequestIsRefusedWith413) {
  ServerOptions options;
  options.max_body_bytes = 64 * 1024;
  StartServer(options);
  const Session worker = LogIn("worker");
  auto res = PostJson(worker, "/api/v1/cases",
                      {{"local_id", "P-1"}, {"identifiers", {{"notes", std::string(100 * 1024, 'x')}}}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST_F(ServerTest, TooLongFieldIsRefusedNamingTheFieldNotTheValue) {
  StartServer();
  const Session worker = LogIn("worker");
  auto res = PostJson(worker, "/api/v1/cases",
                      {{"local_id", "P-1"}, {"identifiers", {{"family_name", std::string(500, 'Q')}}}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("family_name"));
  EXPECT_THAT(res->body, Not(HasSubstr("QQQQ")));
}

TEST_F(ServerTest, AccessLogHasRouteTemplatesAndNoQueryStringOrPersonalData) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1", "Zyxwvutsrq");
  Get(worker, "/cases/" + std::to_string(id) + "?secret=Zyxwvutsrq");
  PostJson(worker, "/api/v1/search", {{"kind", "family_name"}, {"value", "Zyxwvutsrq"}});
  StopServer();
  const std::string log = Log();
  EXPECT_THAT(log, HasSubstr(R"("route":"/cases/{id}")"));
  EXPECT_THAT(log, HasSubstr(R"("route":"/api/v1/search")"));
  EXPECT_THAT(log, Not(HasSubstr("Zyxwvutsrq")));
  EXPECT_THAT(log, Not(HasSubstr("secret")));
  EXPECT_THAT(log, Not(HasSubstr("/cases/" + std::to_string(id))));
  for (const std::string& line : std::vector<std::string>{"time", "method", "status", "ms"}) {
    EXPECT_THAT(log, HasSubstr("\"" + line + "\":"));
  }
}

// The core flow works with plain HTML forms: log in, record a case with a partial birth date
// and two forms of exploitation, and see it listed.
TEST_F(ServerTest, FormsAloneCarryTheCoreFlowInFrench) {
  StartServer();
  httplib::Client c = Client();
  auto login_page = c.Get("/login", {{"Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5"}});
  ASSERT_TRUE(login_page);
  EXPECT_THAT(login_page->body, HasSubstr("<html lang=\"fr\" dir=\"ltr\">"));
  EXPECT_THAT(login_page->body, HasSubstr("Mot de passe"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(login_page->body, m,
                                std::regex(R"re(name="login_csrf" value="([^"]+)")re")));
  const std::string login_csrf = m[1];
  const std::string set_cookie = login_page->get_header_value("Set-Cookie");
  auto login = c.Post("/login", {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}},
                      httplib::Params{{"login_csrf", login_csrf},
                                      {"username", "worker"},
                                      {"password", kPassword}});
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 303);
  EXPECT_EQ(login->get_header_value("Location"), "/my");  // a case worker's start page
  const std::string session_cookie = login->get_header_value("Set-Cookie");
  Session s{session_cookie.substr(0, session_cookie.find(';')) + "; palermo_lang=fr", ""};
  auto form = Get(s, "/cases/new");
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200);
  ASSERT_TRUE(std::regex_search(form->body, m, std::regex(R"re(name="csrf" value="([^"]+)")re")));
  s.csrf = m[1];
  EXPECT_THAT(form->body, HasSubstr("<label for=\"family_name\">Nom de famille</label>"));
  httplib::Params params{{"csrf", s.csrf},        {"local_id", "PJ-2024-7"},
                         {"victim_status", "presumed"}, {"sex", "female"},
                         {"citizenship", "NGA"},  {"birth_year", "2007"},
                         {"birth_month", "4"},    {"forms", "sexual"},
                         {"forms", "forced_labour"}, {"family_name", "Okafor"}};
  auto created = PostForm(s, "/cases", params);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 303) << created->body;
  auto view = Get(s, created->get_header_value("Location"));
  ASSERT_TRUE(view);
  EXPECT_THAT(view->body, HasSubstr("PJ-2024-7"));
  EXPECT_THAT(view->body, HasSubstr("Victime présumée"));
  EXPECT_THAT(view->body, Not(HasSubstr("Okafor"))) << "identifiers shown without a purpose";
  auto list = Get(s, "/cases");
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, HasSubstr("PJ-2024-7"));
  EXPECT_THAT(list->body, HasSubstr("1 dossier dans votre"));
  // A bad partial date is refused with the form kept.
  params = {{"csrf", s.csrf}, {"local_id", "PJ-2024-8"}, {"birth_year", "2007"},
            {"birth_month", "2"}, {"birth_day", "30"}};
  auto bad = PostForm(s, "/cases", params);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("birth_date"));
  EXPECT_THAT(bad->body, HasSubstr("value=\"PJ-2024-8\""));
}

TEST_F(ServerTest, LoginFormWithoutItsTokenIsRefused) {
  StartServer();
  auto res = Client().Post("/login", httplib::Params{{"username", "worker"}, {"password", kPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(res->get_header_value("Location"), "");
}

TEST_F(ServerTest, LanguageSwitchRedirectsOnlyToLocalPaths) {
  StartServer();
  auto res = Client().Get("/lang?to=fr&next=//evil.example/x");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/");
  EXPECT_THAT(res->get_header_value("Set-Cookie"), HasSubstr("palermo_lang=fr"));
}

TEST_F(ServerTest, AfterStopNewConnectionsAreRefused) {
  StartServer();
  const int port = server_->port();
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  StopServer();  // joins the Serve() thread: it must return
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(1, 0);
  EXPECT_FALSE(c.Get("/healthz"));
}

}  // namespace
}  // namespace palermo::server
