// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 21's case-work contract through the JSON API: create, edit twice, history with who and
// why, close with a reason, reopen; an invalid case gets 400 with every field's error and
// nothing is stored, and the same row in a CSV is quarantined for the same reasons.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "ingest/ingest.h"
#include "server/server.h"
#include "server_fixture.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// 2026-11-23T10:00:00Z, a Monday.
constexpr int64_t kMonday = 1795428000;

class CaseworkApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    now_ = kMonday;
    StartServer();
    worker_ = LogIn("worker");
  }
  httplib::Result Patch(const Session& s, const std::string& path, const json& body) {
    return Client().Patch(path, {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}, body.dump(),
                          "application/json");
  }
  static std::string Api(int64_t id, const std::string& tail = "") {
    return "/api/v1/cases/" + std::to_string(id) + tail;
  }
  // The `fields` of a 400 answer as "field: message" lines.
  static std::vector<std::string> FieldErrors(const httplib::Result& res) {
    std::vector<std::string> out;
    if (!res) return out;
    const json j = json::parse(res->body, nullptr, false);
    if (j.is_discarded() || !j.contains("error")) return out;
    EXPECT_EQ(j["error"]["code"], "INVALID_ARGUMENT");
    for (const json& f : j["error"]["fields"]) {
      out.push_back(f["field"].get<std::string>() + ": " + f["message"].get<std::string>());
    }
    return out;
  }
  Session worker_;
};

TEST_F(CaseworkApiTest, CreateEditTwiceHistoryCloseReopen) {
  const int64_t id = CreateCaseJson(
      worker_, {{"local_id", "W-1"},
                {"sex", "female"},
                {"citizenship", "NGA"},
                {"victim_status", "presumed"},
                {"identification_date", "2026-03-01"},
                {"identifiers", {{"family_name", "Okafor"}, {"phones", {"+33 6 12 34 56 78"}}}}});
  ASSERT_GT(id, 0);

  auto res = Patch(worker_, Api(id), {{"identifiers", {{"family_name", "Okafor-Eze"}}},
                                      {"reason", "spelling checked with her passport"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["id"], id);

  // identified needs the decision that justifies it.
  res = Patch(worker_, Api(id), {{"victim_status", "identified"}, {"reason", "CG decision"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(FieldErrors(res), ::testing::ElementsAre(HasSubstr("decision: required")));
  res = Patch(worker_, Api(id), {{"victim_status", "identified"},
                                 {"reason", "CG decision"},
                                 {"decision", "conclusive grounds, NRM, 2026-11-20"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["victim_status"], "identified");
  EXPECT_EQ(json::parse(res->body)["closed"], false);

  res = Get(worker_, Api(id, "/history"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_THAT(res->body, Not(HasSubstr("Okafor")));  // no identifier values without a purpose
  json versions = json::parse(res->body)["versions"];
  ASSERT_EQ(versions.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(versions[i]["version"], i + 1);
    EXPECT_EQ(versions[i]["user"], "worker");
    EXPECT_FALSE(versions[i]["at"].get<std::string>().empty());
  }
  EXPECT_EQ(versions[1]["reason"], "spelling checked with her passport");
  EXPECT_TRUE(versions[1]["changes"].contains("family_name"));
  EXPECT_EQ(versions[1]["changes"]["family_name"], json::array({nullptr, nullptr}));
  EXPECT_EQ(versions[2]["changes"]["victim_status"], json::array({"presumed", "identified"}));
  EXPECT_EQ(versions[2]["reason"], "CG decision");

  // With a purpose (audited) the old value is shown.
  res = Get(worker_, Api(id, "/history?purpose=court%20request"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["versions"][1]["changes"]["family_name"],
            json::array({"Okafor", "Okafor-Eze"}));
  EXPECT_EQ(LastAudit("read_identifiers")->purpose, "court request");

  // Close with a reason: out of the active list, in the closed filter, still a case.
  res = PostJson(worker_, Api(id, "/close"), {{"reason", "returned_home"}, {"date", "2026-11-22"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["closed"], true);
  EXPECT_EQ(json::parse(res->body)["close_reason"], "returned_home");
  res = Get(worker_, "/api/v1/cases");
  ASSERT_TRUE(res);
  EXPECT_TRUE(json::parse(res->body)["cases"].empty()) << res->body;
  res = Get(worker_, "/api/v1/cases?closed=only");
  ASSERT_TRUE(res);
  ASSERT_EQ(json::parse(res->body)["cases"].size(), 1u) << res->body;
  EXPECT_EQ(json::parse(res->body)["cases"][0]["closed"], true);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_record"), 1);
  // A closed case is not edited.
  res = Patch(worker_, Api(id), {{"notes", "x"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409) << res->body;

  res = PostJson(worker_, Api(id, "/reopen"), {{"reason", "came back to the shelter"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["closed"], false);
  res = Get(worker_, Api(id, "/history"));
  versions = json::parse(res->body)["versions"];
  ASSERT_EQ(versions.size(), 5u);
  EXPECT_EQ(versions[3]["reason"], "returned_home");
  EXPECT_EQ(versions[4]["reason"], "came back to the shelter");
}

TEST_F(CaseworkApiTest, RefusalsAreAuditedAndBadCloseReasonsNamed) {
  const int64_t id = CreateCaseJson(worker_, {{"local_id", "W-2"}});
  ASSERT_GT(id, 0);
  const Session other = LogIn("other");  // a case worker of another organisation
  auto res = Patch(other, Api(id), {{"notes", "x"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_GE(CountAudit("denied"), 1);
  res = PostJson(worker_, Api(id, "/close"), {{"reason", "bored"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(FieldErrors(res), ::testing::ElementsAre(HasSubstr("reason: one of moved_on")));
  res = Patch(worker_, Api(id), {{"local_id", "W-3"}, {"colour", "blue"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(FieldErrors(res).size(), 2u);
}

TEST_F(CaseworkApiTest, InvalidCaseGetsEveryFieldErrorAndTheImportQuarantinesTheSameRow) {
  const json body{{"local_id", "W-9"},
                  {"identification_date", "2031-01-01"},
                  {"identifiers", {{"birth_date", "2032-05-01"}, {"phones", {"call me maybe"}}}}};
  auto res = PostJson(worker_, "/api/v1/cases", body);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const std::vector<std::string> api = FieldErrors(res);
  EXPECT_THAT(api, ::testing::ElementsAre("identification_date: in the future",
                                          "birth_date: in the future",
                                          HasSubstr("phones: not a phone number")));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_record"), 0);  // nothing stored
  // In French, with the same fields.
  res = Client().Post("/api/v1/cases",
                      {{"Cookie", worker_.cookie + "; palermo_lang=fr"},
                       {"X-CSRF-Token", worker_.csrf},
                       {"Accept-Language", "fr"}},
                      body.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("dans le futur"));

  // The same row in an agency's CSV.
  const std::filesystem::path csv = dir_.path() / "police.csv";
  ::palermo::testing::WriteFile(csv, "id,seen,dob,phone\nW-9,2031-01-01,2032-05-01,call me maybe\n");
  Result<ingest::Mapping> mapping = ingest::ParseMapping(
      R"({"agency": "police", "date_order": "ymd", "columns": {"id": "local_id",
          "seen": "identification_date", "dob": "birth_date", "phone": "phone"}})");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  ingest::ImportOptions options;
  options.today = *PartialDate::Parse("2026-11-23");
  Result<ingest::FileReport> report = ingest::ImportFile(*store_, *mapping, csv, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  Result<std::vector<store::QuarantineEntry>> q = [&]() -> Result<std::vector<store::QuarantineEntry>> {
    auto tx = store_->BeginRead(store::Actor{});
    if (!tx.ok()) return tx.status();
    return (*tx)->ListQuarantine(true, false);
  }();
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->size(), 1u);
  const std::string reason = (*q)[0].field + ": " + (*q)[0].reason;
  EXPECT_THAT(reason, HasSubstr("identification_date: in the future"));
  EXPECT_THAT(reason, HasSubstr("birth_date: in the future"));
  EXPECT_THAT(reason, HasSubstr("phone: not a phone number"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_record"), 0);
}

TEST_F(CaseworkApiTest, WebFormsShowEveryErrorByItsFieldEditAndHistory) {
  // The new-case form, in French: each error next to its field, with the field's label.
  httplib::Params form{{"csrf", worker_.csrf},     {"local_id", "F-1"},
                       {"ident_year", "2031"},     {"phone", "call me maybe"},
                       {"victim_status", "presumed"}};
  auto res = Client().Post("/cases", {{"Cookie", worker_.cookie}, {"Accept-Language", "fr"}}, form);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("id=\"ident-error\""));
  EXPECT_THAT(res->body, HasSubstr("Date d’identification : dans le futur"));
  EXPECT_THAT(res->body, HasSubstr("id=\"phone-error\""));
  EXPECT_THAT(res->body, HasSubstr("Numéros de téléphone : n’est pas un numéro de téléphone"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_record"), 0);

  const int64_t id = CreateCaseJson(worker_, {{"local_id", "F-2"}, {"victim_status", "presumed"}});
  ASSERT_GT(id, 0);
  res = Get(worker_, "/cases/" + std::to_string(id) + "/edit");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("name=\"reason\""));
  // A new sex without a reason: refused, the reason field says why.
  res = PostForm(worker_, "/cases/" + std::to_string(id) + "/edit",
                 {{"sex", "male"}, {"victim_status", "presumed"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("id=\"reason-error\""));
  res = PostForm(worker_, "/cases/" + std::to_string(id) + "/edit",
                 {{"sex", "male"}, {"victim_status", "presumed"}, {"reason", "misread"},
                  {"family_name", "Okafor"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  res = Get(worker_, "/cases/" + std::to_string(id) + "/history");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("misread"));
  EXPECT_THAT(res->body, HasSubstr("unknown → male"));
  EXPECT_THAT(res->body, Not(HasSubstr("Okafor")));
  res = PostForm(worker_, "/cases/" + std::to_string(id) + "/close", {{"reason", "moved_on"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  res = GetFr(worker_, "/cases/" + std::to_string(id) + "/history");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("Parti(e) ailleurs"));
  EXPECT_THAT(res->body, HasSubstr("Rouvrir le dossier"));
}

}  // namespace
}  // namespace palermo::server
