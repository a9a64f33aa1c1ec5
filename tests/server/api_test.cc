// SPDX-License-Identifier: AGPL-3.0-or-later
// One HTTP test per endpoint of docs/api.md: its happy path as the role the document names,
// and one refusal (another role or organisation, a missing CSRF token, or bad input) with the
// exact status. The flow, ops and server suites test each area in depth; this suite keeps the
// API document and the server in step.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "server/server.h"
#include "server_fixture.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// 2026-11-23T10:00:00Z, a Monday.
constexpr int64_t kMonday = 1795428000;

class ApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    now_ = kMonday;
    StartServer();
    worker_ = LogIn("worker");
  }
  // An adult case of police (the worker's organisation).
  int64_t NewCase(const std::string& local_id) {
    return CreateCaseJson(
        worker_,
        {{"local_id", local_id},
         {"sex", "female"},
         {"citizenship", "NGA"},
         {"forms", {"forced_labour"}},
         {"age_at_identification", 30},
         {"identifiers",
          {{"family_name", "Okafor"}, {"given_name", "Blessing"}, {"birth_date", "1996-05-02"}}}});
  }
  static std::string Api(int64_t id, const std::string& tail = "") {
    return "/api/v1/cases/" + std::to_string(id) + tail;
  }
  int Status(const httplib::Result& res) { return res ? res->status : -1; }
  void Consent(int64_t id, const std::string& purpose, const std::string& org = "") {
    json body{{"op", "give"}, {"purpose", purpose}};
    if (!org.empty()) body["organisation"] = org;
    auto res = PostJson(worker_, Api(id, "/consent"), body);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  Session worker_;
};

TEST_F(ApiTest, HealthzAndSession) {
  EXPECT_EQ(Status(Client().Get("/healthz")), 200);
  EXPECT_EQ(
      Status(Client().Post("/api/v1/session",
                           json{{"username", "worker"}, {"password", "wrong password!"}}.dump(),
                           "application/json")),
      401);
  EXPECT_NE(worker_.cookie, "");
  auto me = Get(worker_, "/api/v1/me");
  ASSERT_EQ(Status(me), 200);
  EXPECT_THAT(me->body, HasSubstr("\"username\":\"worker\""));
  EXPECT_EQ(Status(Client().Get("/api/v1/me")), 401);
}

TEST_F(ApiTest, LogoutNeedsCsrfAndEndsTheSession) {
  httplib::Headers no_csrf{{"Cookie", worker_.cookie}};
  EXPECT_EQ(Status(Client().Delete("/api/v1/session", no_csrf)), 403);
  EXPECT_EQ(Status(Get(worker_, "/api/v1/me")), 200);
  httplib::Headers with_csrf{{"Cookie", worker_.cookie}, {"X-CSRF-Token", worker_.csrf}};
  EXPECT_EQ(Status(Client().Delete("/api/v1/session", with_csrf)), 204);
  EXPECT_EQ(Status(Get(worker_, "/api/v1/me")), 401);
}

TEST_F(ApiTest, LogoutEverywhereNeedsCsrfAndEndsEverySession) {
  const Session second = LogIn("worker");
  EXPECT_EQ(Status(PostJson(worker_, "/api/v1/session/logout-everywhere", json::object(),
                            /*with_csrf=*/false)),
            403);
  auto res = PostJson(worker_, "/api/v1/session/logout-everywhere", json::object());
  ASSERT_EQ(Status(res), 200);
  EXPECT_EQ(json::parse(res->body)["sessions_ended"], 2);
  EXPECT_EQ(Status(Get(second, "/api/v1/me")), 401);
}

TEST_F(ApiTest, CasesListCreateReadIdentifiersAndSearch) {
  const int64_t id = NewCase("A-1");
  ASSERT_GT(id, 0);
  EXPECT_EQ(Status(PostJson(LogIn("analyst"), "/api/v1/cases", {{"local_id", "X"}})), 403);
  auto bad = PostJson(worker_, "/api/v1/cases",
                      {{"local_id", "A-2"}, {"identification_date", "2024-02-30"}});
  EXPECT_EQ(Status(bad), 400);
  auto list = Get(worker_, "/api/v1/cases");
  ASSERT_EQ(Status(list), 200);
  EXPECT_EQ(json::parse(list->body)["cases"][0]["id"], id);
  EXPECT_EQ(Status(Get(LogIn("auditor"), "/api/v1/cases")), 403);

  auto one = Get(worker_, Api(id));
  ASSERT_EQ(Status(one), 200);
  EXPECT_FALSE(json::parse(one->body).contains("identifiers"));
  EXPECT_EQ(Status(Get(LogIn("other"), Api(id))), 403);

  auto ids = PostJson(worker_, Api(id, "/identifiers"), {{"purpose", "intake"}});
  ASSERT_EQ(Status(ids), 200);
  EXPECT_EQ(json::parse(ids->body)["identifiers"]["given_name"], "Blessing");
  EXPECT_EQ(Status(PostJson(LogIn("analyst"), Api(id, "/identifiers"), {{"purpose", "x"}})), 403);

  auto found = PostJson(worker_, "/api/v1/search", {{"kind", "family_name"}, {"value", "Okafor"}});
  ASSERT_EQ(Status(found), 200);
  EXPECT_EQ(json::parse(found->body)["cases"].size(), 1u);
  EXPECT_EQ(Status(PostJson(LogIn("analyst"), "/api/v1/search",
                            {{"kind", "family_name"}, {"value", "Okafor"}})),
            403);
}

TEST_F(ApiTest, AuditAndUsers) {
  const Session auditor = LogIn("auditor");
  const Session admin = LogIn("admin");
  auto audit = Get(auditor, "/api/v1/audit?from=1&limit=10");
  ASSERT_EQ(Status(audit), 200);
  EXPECT_FALSE(json::parse(audit->body)["entries"].empty());
  EXPECT_EQ(Status(Get(worker_, "/api/v1/audit")), 403);

  auto users = Get(admin, "/api/v1/users");
  ASSERT_EQ(Status(users), 200);
  EXPECT_EQ(json::parse(users->body)["users"].size(), 7u);
  EXPECT_EQ(Status(Get(worker_, "/api/v1/users")), 403);
  auto added = PostJson(admin, "/api/v1/users",
                        {{"username", "amina"},
                         {"password", "a long enough passphrase"},
                         {"role", "case_worker"},
                         {"organisation", "police"}});
  EXPECT_EQ(Status(added), 201);
  auto weak = PostJson(admin, "/api/v1/users",
                       {{"username", "bob"},
                        {"password", "short"},
                        {"role", "case_worker"},
                        {"organisation", "police"}});
  EXPECT_EQ(Status(weak), 400);
}

TEST_F(ApiTest, DocumentsUploadListAndContent) {
  const int64_t id = NewCase("D-1");
  auto up = PostJson(worker_, Api(id, "/documents"),
                     {{"name", "note.txt"}, {"content_base64", "aGVsbG8gd29ybGQ="}});
  ASSERT_EQ(Status(up), 201) << (up ? up->body : "");
  const int64_t doc = json::parse(up->body)["id"].get<int64_t>();
  EXPECT_EQ(Status(PostJson(LogIn("analyst"), Api(id, "/documents"),
                            {{"name", "x.txt"}, {"content_base64", "aGk="}})),
            403);
  auto list = Get(worker_, Api(id, "/documents"));
  ASSERT_EQ(Status(list), 200);
  EXPECT_EQ(json::parse(list->body)["documents"].size(), 1u);
  EXPECT_EQ(Status(Get(LogIn("other"), Api(id, "/documents"))), 403);
  const std::string content = Api(id, "/documents/" + std::to_string(doc) + "/content");
  auto bytes = PostJson(worker_, content, {{"purpose", "court file"}});
  ASSERT_EQ(Status(bytes), 200);
  EXPECT_EQ(bytes->body, "hello world");
  EXPECT_EQ(Status(PostJson(worker_, content, json::object())), 400);
}

TEST_F(ApiTest, DuplicatesListCheckAndDecide) {
  const int64_t a = NewCase("P-1");
  const int64_t b = NewCase("P-2");  // the same person: flagged on creation
  auto list = Get(worker_, Api(b, "/duplicates"));
  ASSERT_EQ(Status(list), 200);
  ASSERT_EQ(json::parse(list->body)["duplicates"].size(), 1u) << list->body;
  EXPECT_EQ(Status(Get(LogIn("analyst"), Api(b, "/duplicates"))), 403);
  auto check = PostJson(worker_, Api(a, "/duplicates/check"), json::object());
  ASSERT_EQ(Status(check), 200);
  EXPECT_EQ(json::parse(check->body)["flagged"], 1);
  EXPECT_EQ(Status(PostJson(worker_, Api(a, "/duplicates/check"), json::object(),
                            /*with_csrf=*/false)),
            403);
  EXPECT_EQ(
      Status(PostJson(worker_, Api(a, "/duplicates/" + std::to_string(b)), {{"decision", "same"}})),
      200);
  const int64_t c = NewCase("P-3");
  EXPECT_EQ(Status(PostJson(LogIn("decider"), Api(c, "/duplicates/" + std::to_string(a + 1000)),
                            {{"decision", "same"}})),
            404);
}

TEST_F(ApiTest, ScreeningViewStartAnswersAndDecision) {
  const int64_t id = NewCase("S-1");
  auto view = Get(worker_, Api(id, "/screening"));
  ASSERT_EQ(Status(view), 200);
  EXPECT_TRUE(json::parse(view->body)["screening"].is_null());
  EXPECT_EQ(Status(Get(LogIn("auditor"), Api(id, "/screening"))), 403);
  EXPECT_EQ(Status(PostJson(LogIn("analyst"), Api(id, "/screening"), {{"exploitation", "labour"}})),
            403);
  auto started = PostJson(worker_, Api(id, "/screening"), {{"exploitation", "labour"}});
  ASSERT_EQ(Status(started), 201) << (started ? started->body : "");
  auto answered =
      PostJson(worker_, Api(id, "/screening/answers"), {{"answers", {{"dr_nature_job", "yes"}}}});
  EXPECT_EQ(Status(answered), 200);
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/screening/answers"),
                            {{"answers", {{"no_such_indicator", "yes"}}}})),
            400);
  auto decided = PostJson(worker_, Api(id, "/screening/decision"), {{"decision", "identified"}});
  ASSERT_EQ(Status(decided), 200);
  EXPECT_EQ(json::parse(decided->body)["decisions"].size(), 1u);
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/screening/decision"), {{"decision", "merge"}})),
            400);
}

TEST_F(ApiTest, ReferralViewAndStep) {
  const int64_t id = NewCase("R-1");
  auto view = Get(worker_, Api(id, "/referral"));
  ASSERT_EQ(Status(view), 200);
  EXPECT_TRUE(json::parse(view->body)["referral"].is_null());
  EXPECT_EQ(Status(Get(LogIn("other"), Api(id, "/referral"))), 403);
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/referral"), {{"transition", "refer"}})), 409)
      << "an adult's referral needs consent";
  Consent(id, "referral");
  auto referred = PostJson(worker_, Api(id, "/referral"), {{"transition", "refer"}});
  ASSERT_EQ(Status(referred), 200) << (referred ? referred->body : "");
  EXPECT_EQ(json::parse(referred->body)["referral"]["state"], "referred");
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/referral"), {{"transition", "rg_positive"}})), 403)
      << "a decision maker's step";
}

TEST_F(ApiTest, ServicesDirectoryCaseServicesAndResponses) {
  const Session shelter = LogIn("shelter");
  auto added = PostJson(shelter, "/api/v1/services", {{"name", "Safe House"}, {"type", "shelter"}});
  ASSERT_EQ(Status(added), 201) << (added ? added->body : "");
  const int64_t service = json::parse(added->body)["id"].get<int64_t>();
  EXPECT_EQ(
      Status(PostJson(LogIn("analyst"), "/api/v1/services", {{"name", "X"}, {"type", "shelter"}})),
      403);
  auto directory = Get(worker_, "/api/v1/services");
  ASSERT_EQ(Status(directory), 200);
  EXPECT_EQ(json::parse(directory->body)["services"].size(), 1u);
  EXPECT_EQ(Status(Get(LogIn("auditor"), "/api/v1/services")), 403);

  const int64_t id = NewCase("V-1");
  auto matches = Get(worker_, Api(id, "/services"));
  ASSERT_EQ(Status(matches), 200);
  EXPECT_EQ(json::parse(matches->body)["matches"].size(), 1u);
  EXPECT_EQ(Status(Get(LogIn("other"), Api(id, "/services"))), 403);
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/services"), {{"service_id", service}})), 409)
      << "no consent to share data with shelter_org";
  Consent(id, "data_sharing", "shelter_org");
  auto referred = PostJson(worker_, Api(id, "/services"), {{"service_id", service}});
  ASSERT_EQ(Status(referred), 201) << (referred ? referred->body : "");
  const int64_t sr = json::parse(referred->body)["referrals"][0]["id"].get<int64_t>();

  auto inbox = Get(shelter, "/api/v1/service-referrals");
  ASSERT_EQ(Status(inbox), 200);
  EXPECT_EQ(json::parse(inbox->body)["referrals"][0]["id"], sr);
  EXPECT_EQ(Status(Get(LogIn("analyst"), "/api/v1/service-referrals")), 403);
  const std::string respond = "/api/v1/service-referrals/" + std::to_string(sr);
  EXPECT_EQ(Status(PostJson(worker_, respond, {{"accept", true}})), 403)
      << "police does not answer for the shelter";
  EXPECT_EQ(Status(PostJson(shelter, respond, {{"accept", true}})), 200);
  EXPECT_EQ(Status(PostJson(shelter, respond, {{"outcome", "completed"}})), 200);
}

TEST_F(ApiTest, ConsentViewGiveAndWithdraw) {
  const int64_t id = NewCase("C-1");
  auto view = Get(worker_, Api(id, "/consent"));
  ASSERT_EQ(Status(view), 200);
  EXPECT_TRUE(json::parse(view->body)["consents"].empty());
  EXPECT_EQ(Status(Get(LogIn("other"), Api(id, "/consent"))), 403);
  Consent(id, "research_statistics");
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/consent"),
                            {{"op", "give"}, {"purpose", "referral"}, {"date", "2099-01-01"}})),
            400);
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/consent"),
                            {{"op", "withdraw"}, {"purpose", "research_statistics"}})),
            200);
  EXPECT_EQ(Status(PostJson(worker_, Api(id, "/consent"),
                            {{"op", "withdraw"}, {"purpose", "research_statistics"}})),
            404);
}

}  // namespace
}  // namespace palermo::server
