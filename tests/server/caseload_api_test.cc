// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 21 items 4 and 5 through the API, the pages and `palermo case assign`: a case assigned
// to a colleague shows on the colleague's "my cases"; a case worker of another organisation
// can neither be assigned nor see the case's tasks; an overdue task is listed first and marked
// in both languages; reassignment is in the case's history and the audit log without names.
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
using ::testing::Not;

// 2026-11-23T10:00:00Z, a Monday.
constexpr int64_t kMonday = 1795428000;
constexpr int64_t kDay = 86400;

class CaseloadTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    // A second case worker of the police, and a locked one.
    const store::Actor setup{"test", "", "admin"};
    PALERMO_ASSERT_OK(AddUser(*store_, setup, "colleague", kPassword, Role::kCaseWorker, "police"));
    PALERMO_ASSERT_OK(AddUser(*store_, setup, "gone", kPassword, Role::kCaseWorker, "police"));
    PALERMO_ASSERT_OK(SetLocked(*store_, setup, "gone", true));
    now_ = kMonday;
    StartServer();
    worker_ = LogIn("worker");
    case_ = CreateCaseJson(worker_, {{"local_id", "W-1"},
                                     {"sex", "female"},
                                     {"victim_status", "presumed"},
                                     {"identification_date", "2026-03-01"},
                                     {"identifiers", {{"family_name", "Okafor"}}}});
    ASSERT_GT(case_, 0);
  }
  static std::string Api(int64_t id, const std::string& tail = "") {
    return "/api/v1/cases/" + std::to_string(id) + tail;
  }
  static std::vector<std::string> FieldNames(const httplib::Result& res) {
    std::vector<std::string> out;
    if (!res) return out;
    const json j = json::parse(res->body, nullptr, false);
    if (j.is_discarded() || !j.contains("error")) return out;
    for (const json& f : j["error"]["fields"]) out.push_back(f["field"].get<std::string>());
    return out;
  }
  Session worker_;
  int64_t case_ = 0;
};

TEST_F(CaseloadTest, AssignedCaseShowsOnTheColleaguesStartPage) {
  auto res = PostJson(worker_, Api(case_, "/assign"), {{"user", "colleague"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["assignee"], "colleague");
  res = Get(worker_, Api(case_));
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["assignee"], "colleague");

  const Session colleague = LogIn("colleague");
  res = Get(colleague, "/api/v1/my-cases");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json mine = json::parse(res->body);
  ASSERT_EQ(mine["cases"].size(), 1u);
  EXPECT_EQ(mine["cases"][0]["id"], case_);
  ASSERT_FALSE(mine["recent"].empty());
  EXPECT_EQ(mine["recent"][0]["kind"], "assign");
  EXPECT_EQ(mine["recent"][0]["user"], "worker");
  // The assigner's own start page does not list it.
  res = Get(worker_, "/api/v1/my-cases");
  ASSERT_TRUE(res);
  EXPECT_TRUE(json::parse(res->body)["cases"].empty());

  // The page, in both languages, with the case's link and never the name.
  const std::string link = "href=\"/cases/" + std::to_string(case_) + "\"";
  res = Get(colleague, "/my");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("Cases assigned to me"));
  EXPECT_THAT(res->body, HasSubstr(link));
  EXPECT_THAT(res->body, Not(HasSubstr("Okafor")));
  res = GetFr(colleague, "/my");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("Dossiers qui me sont attribués"));
  EXPECT_THAT(res->body, HasSubstr(link));

  // A case worker logging in lands on "my cases".
  res = Get(colleague, "/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Location"), "/my");
}

TEST_F(CaseloadTest, ReassignmentIsInTheHistoryAndTheAuditWithoutNames) {
  ASSERT_EQ(PostJson(worker_, Api(case_, "/assign"), {{"user", "worker"}})->status, 200);
  ASSERT_EQ(PostJson(worker_, Api(case_, "/assign"), {{"user", "colleague"}})->status, 200);
  auto res = Get(worker_, Api(case_, "/history"));
  ASSERT_TRUE(res);
  const json versions = json::parse(res->body)["versions"];
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[2]["kind"], "assign");
  EXPECT_EQ(versions[2]["user"], "worker");
  EXPECT_EQ(versions[2]["changes"]["assignee"], json::array({"worker", "colleague"}));
  EXPECT_EQ(CountAudit("assign_case"), 2);
  const std::optional<store::AuditEntry> last = LastAudit("assign_case");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->user, "worker");
  EXPECT_EQ(last->object_id, std::to_string(case_));
  EXPECT_THAT(last->detail, Not(HasSubstr("colleague")));
  // The history tab names the change in French.
  res = GetFr(worker_, "/cases/" + std::to_string(case_) + "/history");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("Attribution"));
  EXPECT_THAT(res->body, HasSubstr("Chargé de dossier"));
}

TEST_F(CaseloadTest, AnotherOrganisationCannotBeAssignedNorSeeTheTasks) {
  for (const char* user : {"other", "decider", "gone", "nobody"}) {
    auto res = PostJson(worker_, Api(case_, "/assign"), {{"user", user}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << user;
    EXPECT_THAT(FieldNames(res), ::testing::ElementsAre("user")) << user;
  }
  auto res = PostJson(worker_, Api(case_, "/tasks"),
                      {{"due", "2026-11-30"}, {"assignee", "other"}, {"text", "call"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(FieldNames(res), ::testing::ElementsAre("assignee"));
  ASSERT_EQ(PostJson(worker_, Api(case_, "/tasks"),
                     {{"due", "2026-11-30"}, {"text", "call the lawyer"}})
                ->status,
            201);

  const Session other = LogIn("other");
  res = Get(other, Api(case_, "/tasks"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_THAT(res->body, Not(HasSubstr("lawyer")));
  res = PostJson(other, Api(case_, "/assign"), {{"user", "other"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = Get(other, "/api/v1/my-cases");
  ASSERT_TRUE(res);
  EXPECT_TRUE(json::parse(res->body)["cases"].empty());
  EXPECT_TRUE(json::parse(res->body)["tasks"].empty());
  // An analyst has no caseload either.
  res = Get(LogIn("analyst"), "/api/v1/my-cases");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  // The case page of an organisation that cannot manage it shows no caseload section.
  res = Get(LogIn("decider"), "/cases/" + std::to_string(case_));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, Not(HasSubstr("id=\"caseload\"")));
}

TEST_F(CaseloadTest, OverdueTaskIsListedFirstAndMarked) {
  ASSERT_EQ(PostJson(worker_, Api(case_, "/assign"), {{"user", "worker"}})->status, 200);
  auto later = PostJson(worker_, Api(case_, "/tasks"),
                        {{"due", "2026-11-27"}, {"text", "book the interpreter"}});
  ASSERT_TRUE(later);
  ASSERT_EQ(later->status, 201) << later->body;
  auto soon = PostJson(worker_, Api(case_, "/tasks"),
                       {{"due", "2026-11-24"}, {"text", "call the lawyer"}});
  ASSERT_TRUE(soon);
  ASSERT_EQ(soon->status, 201) << soon->body;
  EXPECT_EQ(json::parse(soon->body)["overdue"], false);
  // A due day in the past is refused, with the field's label in French.
  auto past = Client().Post(Api(case_, "/tasks"),
                            {{"Cookie", worker_.cookie},
                             {"X-CSRF-Token", worker_.csrf},
                             {"Accept-Language", "fr"}},
                            json{{"due", "2026-11-01"}, {"text", "x"}}.dump(), "application/json");
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 400);
  EXPECT_THAT(past->body, HasSubstr("dans le passé"));

  now_ = kMonday + 2 * kDay;  // Wednesday: the Tuesday task is overdue
  worker_ = LogIn("worker");  // the Monday session has expired
  auto res = Get(worker_, "/api/v1/my-cases");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json tasks = json::parse(res->body)["tasks"];
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0]["text"], "call the lawyer");
  EXPECT_EQ(tasks[0]["overdue"], true);
  EXPECT_EQ(tasks[1]["overdue"], false);
  EXPECT_EQ(json::parse(res->body)["cases"][0]["next_due"], "2026-11-24");
  EXPECT_EQ(json::parse(res->body)["cases"][0]["overdue"], true);

  res = Get(worker_, "/my");
  ASSERT_TRUE(res);
  const size_t lawyer = res->body.find("call the lawyer");
  const size_t interpreter = res->body.find("book the interpreter");
  ASSERT_NE(lawyer, std::string::npos);
  ASSERT_NE(interpreter, std::string::npos);
  EXPECT_LT(lawyer, interpreter);
  EXPECT_THAT(res->body.substr(0, lawyer), HasSubstr("Overdue"));
  EXPECT_THAT(res->body.substr(lawyer, interpreter - lawyer), Not(HasSubstr("Overdue")));
  res = GetFr(worker_, "/my");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("En retard"));
  EXPECT_THAT(res->body, HasSubstr("Mes tâches ouvertes"));

  // Done through the API: it leaves the open tasks; undone, it comes back.
  const int64_t task = json::parse(soon->body)["id"].get<int64_t>();
  const std::string done = Api(case_, "/tasks/" + std::to_string(task) + "/done");
  ASSERT_EQ(PostJson(worker_, done, json::object())->status, 200);
  res = Get(worker_, "/api/v1/my-cases");
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["tasks"].size(), 1u);
  ASSERT_EQ(PostJson(worker_, done, {{"done", false}})->status, 200);
  res = Get(worker_, Api(case_, "/tasks"));
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["tasks"][0]["done"], false);
  EXPECT_EQ(CountAudit("complete_task"), 1);
  EXPECT_EQ(CountAudit("reopen_task"), 1);
}

TEST_F(CaseloadTest, CasePageAssignsAndAddsTasksWithoutJavaScript) {
  const std::string page = "/cases/" + std::to_string(case_);
  auto res = Get(worker_, page);
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("id=\"caseload\""));
  EXPECT_THAT(res->body, HasSubstr("<option value=\"colleague\">colleague</option>"));
  EXPECT_THAT(res->body, Not(HasSubstr("value=\"gone\"")));   // locked
  EXPECT_THAT(res->body, Not(HasSubstr("value=\"other\"")));  // another organisation
  res = PostForm(worker_, page + "/assign", {{"user", "colleague"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  res = PostForm(worker_, page + "/tasks",
                 {{"due", "2026-11-25"}, {"assignee", "colleague"}, {"text", "home visit"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  res = GetFr(worker_, page);
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("Attribué à colleague"));
  EXPECT_THAT(res->body, HasSubstr("home visit"));
  // Every error of the task form at once, with the fields' labels.
  res = Client().Post(page + "/tasks", {{"Cookie", worker_.cookie}, {"Accept-Language", "fr"}},
                      httplib::Params{{"csrf", worker_.csrf}, {"due", "demain"}, {"text", ""}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("Échéance"));
  EXPECT_THAT(res->body, HasSubstr("À faire"));
}

TEST_F(CaseloadTest, CliAssignsThroughTheSameGate) {
  const store::StoreOptions o = OptionsIn(dir_.path());
  const std::string id = std::to_string(case_);
  const auto run = [&](std::vector<std::string> args, const std::string& org) {
    std::vector<std::string> all{"--db", o.url, "--key", o.key_file};
    all.insert(all.end(), args.begin(), args.end());
    for (const std::string& a : {std::string("--role"), std::string("case_worker"),
                                 std::string("--org"), org, std::string("--as-user"),
                                 std::string("worker")}) {
      all.push_back(a);
    }
    return testing::RunPalermo(all, {"LANG=fr_FR.UTF-8"});
  };
  testing::CommandResult r = run({"case", "assign", id, "colleague"}, "police");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("attribué à colleague"));
  r = run({"case", "assign", id, "other"}, "police");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("n’est pas un chargé de dossier de votre organisation"));
  r = run({"case", "assign", id, "other"}, "ngo");
  EXPECT_EQ(r.exit_code, 5) << r.err;  // refused by the gate
  auto res = Get(worker_, Api(case_));
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["assignee"], "colleague");
}

TEST_F(CaseloadTest, CaseListShowsAssigneeAndNextDueAndFiltersStayKeysetPaged) {
  const int64_t second = CreateCaseJson(worker_, {{"local_id", "W-2"}, {"victim_status", "unknown"}});
  const int64_t third = CreateCaseJson(worker_, {{"local_id", "W-3"}, {"victim_status", "presumed"}});
  ASSERT_GT(second, 0);
  ASSERT_GT(third, 0);
  ASSERT_EQ(PostJson(worker_, Api(case_, "/assign"), {{"user", "worker"}})->status, 200);
  ASSERT_EQ(PostJson(worker_, Api(third, "/assign"), {{"user", "worker"}})->status, 200);
  ASSERT_EQ(PostJson(worker_, Api(second, "/assign"), {{"user", "colleague"}})->status, 200);
  ASSERT_EQ(PostJson(worker_, Api(second, "/tasks"), {{"due", "2026-11-24"}, {"text", "call"}})->status,
            201);
  now_ = kMonday + 2 * kDay;
  worker_ = LogIn("worker");
  const auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    auto res = Get(worker_, "/api/v1/cases" + query);
    EXPECT_TRUE(res);
    if (!res || res->status != 200) return out;
    const json page = json::parse(res->body);  // not a temporary: the loop reads a member of it
    for (const json& c : page["cases"]) out.push_back(c["id"].get<int64_t>());
    return out;
  };
  EXPECT_THAT(ids(""), ::testing::ElementsAre(third, second, case_));
  EXPECT_THAT(ids("?assignee=me"), ::testing::ElementsAre(third, case_));
  EXPECT_THAT(ids("?overdue=1"), ::testing::ElementsAre(second));
  EXPECT_THAT(ids("?status=unknown"), ::testing::ElementsAre(second));
  EXPECT_THAT(ids("?status=presumed&assignee=me"), ::testing::ElementsAre(third, case_));
  // Keyset paging through a filter: one per page, then the next one, then none.
  auto res = Get(worker_, "/api/v1/cases?assignee=me&limit=1");
  ASSERT_TRUE(res);
  json page = json::parse(res->body);
  ASSERT_EQ(page["cases"].size(), 1u);
  EXPECT_EQ(page["cases"][0]["id"], third);
  EXPECT_EQ(page["cases"][0]["assignee"], "worker");
  ASSERT_TRUE(page.contains("next_before"));
  EXPECT_THAT(ids("?assignee=me&limit=1&before=" + std::to_string(page["next_before"].get<int64_t>())),
              ::testing::ElementsAre(case_));
  EXPECT_EQ(Get(worker_, "/api/v1/cases?status=bogus")->status, 400);
  res = Get(worker_, "/api/v1/cases?overdue=1");
  ASSERT_TRUE(res);
  page = json::parse(res->body);
  EXPECT_EQ(page["cases"][0]["next_due"], "2026-11-24");
  EXPECT_EQ(page["cases"][0]["overdue"], true);
  EXPECT_EQ(page["cases"][0]["assignee"], "colleague");
  // An analyst sees due days but not who works on a case.
  res = Get(LogIn("analyst"), "/api/v1/cases?overdue=1");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  page = json::parse(res->body);
  ASSERT_EQ(page["cases"].size(), 1u);
  EXPECT_EQ(page["cases"][0]["overdue"], true);
  EXPECT_TRUE(page["cases"][0]["assignee"].is_null());
  // Another organisation's filtered list does not reach the police's cases.
  EXPECT_TRUE(json::parse(Get(LogIn("other"), "/api/v1/cases?overdue=1")->body)["cases"].empty());

  // The page: the new columns, labelled for phones, in French, and a pager that keeps the filter.
  res = GetFr(worker_, "/cases");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("Attribué à"));
  EXPECT_THAT(res->body, HasSubstr("data-label=\"Prochaine échéance\">2026-11-24 <strong class=\"overdue\">En retard</strong>"));
  EXPECT_THAT(res->body, HasSubstr("qui me sont attribués"));
  res = Get(worker_, "/cases?overdue=1");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("href=\"/cases/" + std::to_string(second) + "\""));
  EXPECT_THAT(res->body, Not(HasSubstr("href=\"/cases/" + std::to_string(third) + "\"")));
  EXPECT_THAT(res->body, HasSubstr("name=\"overdue\" value=\"1\" checked"));
}

}  // namespace
}  // namespace palermo::server
