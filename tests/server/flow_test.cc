// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-level tests of the case-work flow pages and API (src/server/flow.h): screening, NRM
// referral, services and consent, for every action × role, CSRF, scope, escaping and the
// access log. The server runs in-process on 127.0.0.1 with a fresh SQLite database; accounts
// use Argon2id's minimum limits (UseMinimalPasswordHashingForTesting) so the suite is fast.
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "screen/screen.h"
#include "server/server.h"
#include "server_fixture.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kInjection[] = "<script>alert(1)</script>\"'&";
// 2026-11-23T10:00:00Z, a Monday (no bank holiday in England and Wales).
constexpr int64_t kMonday = 1795428000;

class FlowTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    now_ = kMonday;
    ServerOptions options;
    options.session_idle_seconds = 400 * 24 * 3600;  // tests move the clock by weeks
    options.session_absolute_seconds = 400 * 24 * 3600;
    StartServer(std::move(options));
  }

  // An adult case of the worker's organisation (age 30) unless `age` says otherwise.
  int64_t CreateCase(const Session& s, const std::string& local_id, std::optional<int> age = 30) {
    json body{{"local_id", local_id},
              {"sex", "female"},
              {"citizenship", "NGA"},
              {"forms", {"forced_labour"}},
              {"identification_date", "2026-11"},
              {"identifiers", {{"family_name", "Okafor"}, {"given_name", "Blessing"}}}};
    if (age) body["age_at_identification"] = *age;
    return CreateCaseJson(s, body);
  }
  // Every indicator of the adult labour set answered `answer`.
  static httplib::Params AllAnswers(const std::string& answer) {
    httplib::Params p;
    auto list = screen::IndicatorList::LoadDefault();
    EXPECT_TRUE(list.ok());
    if (!list.ok()) return p;
    for (const screen::Indicator* i :
         list->Set(screen::Population::kAdult, screen::Exploitation::kLabour)) {
      p.emplace("a_" + i->code, answer);
    }
    return p;
  }
  void StartLabourScreening(const Session& s, int64_t id) {
    auto res = PostForm(s, CasePath(id, "/screening/start"),
                    {{"population", "adult"}, {"exploitation", "labour"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body;
  }
  void GiveConsent(const Session& s, int64_t id, const std::string& purpose,
                   const std::string& org = "") {
    auto res = PostForm(s, CasePath(id, "/consent"),
                    {{"op", "give"}, {"purpose", purpose}, {"organisation", org}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body;
  }
  void Refer(const Session& s, int64_t id) {
    GiveConsent(s, id, "referral");
    auto res = PostForm(s, CasePath(id, "/referral"), {{"transition", "refer"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body;
  }
  int64_t AddService(const Session& s, const std::string& name, httplib::Params extra = {}) {
    extra.emplace("name", name);
    if (extra.find("type") == extra.end()) extra.emplace("type", "shelter");
    auto res = PostForm(s, "/services", extra);
    EXPECT_TRUE(res);
    if (!res) return 0;
    EXPECT_EQ(res->status, 303) << res->body;
    auto all = Client().Get("/api/v1/services", {{"Cookie", s.cookie}});
    EXPECT_TRUE(all);
    if (!all) return 0;
    EXPECT_EQ(all->status, 200) << all->body;
    int64_t id = 0;
    const json listed = json::parse(all->body);
    for (const json& svc : listed["services"]) {
      if (svc["name"] == name) id = svc["id"].get<int64_t>();
    }
    return id;
  }
};

// ---- Screening --------------------------------------------------------------------------------

TEST_F(FlowTest, CasePageLinksToTheFlowPages) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  auto res = Get(worker, CasePath(id));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  for (const char* tail : {"/screening", "/referral", "/services", "/consent"}) {
    EXPECT_THAT(res->body, HasSubstr("href=\"" + CasePath(id, tail) + "\"")) << tail;
  }
}

TEST_F(FlowTest, CaseWorkerScreensAndSeesThePresumptionWithItsReasons) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "S-1");
  auto before = Get(worker, CasePath(id, "/screening"));
  ASSERT_TRUE(before);
  EXPECT_THAT(before->body, HasSubstr("action=\"" + CasePath(id, "/screening/start") + "\""));
  // The age in the case (30) pre-selects the adult set.
  EXPECT_THAT(before->body, HasSubstr("value=\"adult\" checked"));
  StartLabourScreening(worker, id);
  EXPECT_EQ(CountAudit("screen_start"), 1);

  auto page = Get(worker, CasePath(id, "/screening"));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  // Grouped by dimension, one labelled radio per answer.
  EXPECT_THAT(page->body, HasSubstr("<legend>Deceptive recruitment</legend>"));
  EXPECT_THAT(page->body, HasSubstr("<label for=\"a_dr_nature_job_yes\">"));
  EXPECT_THAT(page->body, HasSubstr("data-presumption=\"insufficient_information\""));

  auto saved = PostForm(worker, CasePath(id, "/screening/answers"), AllAnswers("yes"));
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 303) << saved->body;
  page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr("data-presumption=\"presumed\""));
  EXPECT_THAT(page->body, HasSubstr("Presumed victim of trafficking for labour exploitation"));
  EXPECT_THAT(page->body, HasSubstr("value=\"yes\" checked"));

  // The presumption is not a decision: a person records one, kept beside it.
  auto decided = PostForm(worker, CasePath(id, "/screening/decision"),
                      {{"decision", "refer_to_nrm"}, {"note", "seen at the border"}});
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 303) << decided->body;
  page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr("<td>Refer to the NRM</td><td>worker</td>"));
  EXPECT_THAT(page->body, HasSubstr("<td>presumed</td>"));
  EXPECT_THAT(page->body, Not(HasSubstr("seen at the border")));  // the note is sealed
  EXPECT_EQ(CountAudit("screen_decision"), 1);

  // "No" everywhere: not presumed.
  PostForm(worker, CasePath(id, "/screening/answers"), AllAnswers("no"));
  page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr("data-presumption=\"not_presumed\""));
}

TEST_F(FlowTest, ScreeningPageIsInFrench) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "S-FR");
  StartLabourScreening(worker, id);
  auto page = GetFr(worker, CasePath(id, "/screening"));
  ASSERT_TRUE(page);
  EXPECT_THAT(page->body, HasSubstr("<html lang=\"fr\" dir=\"ltr\">"));
  EXPECT_THAT(page->body, HasSubstr("<legend>Recrutement trompeur</legend>"));
  EXPECT_THAT(page->body, HasSubstr("Présomption calculée"));
}

TEST_F(FlowTest, SexualExploitationSetIsRefusedWithTheLibrarysReason) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "S-2");
  auto res = PostForm(worker, CasePath(id, "/screening/start"),
                  {{"population", "adult"}, {"exploitation", "sexual"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_THAT(res->body, HasSubstr("has no adult × sexual set"));
  // Nothing was started: the start form is still offered.
  auto page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr(CasePath(id, "/screening/start")));
  EXPECT_EQ(CountAudit("screen_start"), 0);
}

TEST_F(FlowTest, UnknownAgeNeedsAChosenPopulation) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "S-3", std::nullopt);
  auto page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr("If in doubt, treat the person as a child"));
  auto refused = PostForm(worker, CasePath(id, "/screening/start"), {{"exploitation", "labour"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  auto ok = PostForm(worker, CasePath(id, "/screening/start"),
                 {{"population", "child"}, {"exploitation", "labour"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
  auto api = Client().Get("/api/v1/cases/" + std::to_string(id) + "/screening",
                          {{"Cookie", worker.cookie}});
  ASSERT_TRUE(api);
  EXPECT_EQ(json::parse(api->body)["screening"]["population"], "child");
}

TEST_F(FlowTest, ScreeningRefusedForOtherRolesAndOrganisationsAndAudited) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "S-4");
  // An analyst sees the page read-only (no form) and may not start.
  const Session analyst = LogIn("analyst");
  auto view = Get(analyst, CasePath(id, "/screening"));
  ASSERT_TRUE(view);
  EXPECT_EQ(view->status, 200);
  EXPECT_THAT(view->body, Not(HasSubstr("/screening/start")));
  auto res = PostForm(analyst, CasePath(id, "/screening/start"),
                  {{"population", "adult"}, {"exploitation", "labour"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(CountAudit("denied"), 1);
  // A case worker of another organisation cannot even see it.
  const Session other = LogIn("other");
  EXPECT_EQ(Get(other, CasePath(id, "/screening"))->status, 403);
  EXPECT_EQ(PostForm(other, CasePath(id, "/screening/start"),
                 {{"population", "adult"}, {"exploitation", "labour"}})
                ->status,
            403);
  // Auditors and administrators have no case access at all.
  EXPECT_EQ(Get(LogIn("auditor"), CasePath(id, "/screening"))->status, 403);
  EXPECT_EQ(Get(LogIn("admin"), CasePath(id, "/screening"))->status, 403);
  EXPECT_EQ(CountAudit("denied"), 5);
  EXPECT_EQ(CountAudit("screen_start"), 0);
  // The NRM decision maker may screen any case.
  StartLabourScreening(LogIn("decider"), id);
}

TEST_F(FlowTest, FlowPostsWithoutCsrfAreRejectedAndAudited) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "C-1");
  const std::vector<std::pair<std::string, httplib::Params>> posts = {
      {CasePath(id, "/screening/start"), {{"population", "adult"}, {"exploitation", "labour"}}},
      {CasePath(id, "/screening/answers"), {{"a_dr_nature_job", "yes"}}},
      {CasePath(id, "/screening/decision"), {{"decision", "identified"}}},
      {CasePath(id, "/referral"), {{"transition", "refer"}}},
      {CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "referral"}}},
      {CasePath(id, "/services"), {{"service_id", "1"}}},
      {"/services", {{"name", "x"}, {"type", "shelter"}}},
      {"/service-referrals/1/respond", {{"accept", "yes"}}},
      {"/service-referrals/1/outcome", {{"outcome", "completed"}}},
  };
  for (const auto& [path, params] : posts) {
    auto res = PostForm(worker, path, params, /*with_csrf=*/false);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << path;
  }
  EXPECT_EQ(CountAudit("csrf_rejected"), static_cast<int>(posts.size()));
  auto api = PostJson(worker, "/api/v1/cases/" + std::to_string(id) + "/referral",
                      {{"transition", "refer"}}, /*with_csrf=*/false);
  EXPECT_EQ(api->status, 403);
  EXPECT_EQ(CountAudit("consent_give") + CountAudit("screen_start") + CountAudit("referral_refer"),
            0);
}

// ---- Referral ---------------------------------------------------------------------------------

TEST_F(FlowTest, ReferralNeedsConsentForAnAdult) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "R-1");
  auto page = Get(worker, CasePath(id, "/referral"));
  EXPECT_THAT(page->body, HasSubstr("Consent is required for this step and none is on record"));
  auto res = PostForm(worker, CasePath(id, "/referral"), {{"transition", "refer"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_THAT(res->body, HasSubstr("needs the person’s consent"));
  EXPECT_EQ(CountAudit("referral_denied"), 1);
  Refer(worker, id);
  EXPECT_EQ(CountAudit("referral_refer"), 1);
}

TEST_F(FlowTest, AChildIsReferredWithoutConsent) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "R-2", 15);
  auto res = PostForm(worker, CasePath(id, "/referral"), {{"transition", "refer"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  auto page = Get(worker, CasePath(id, "/referral"));
  EXPECT_THAT(page->body, HasSubstr("data-state=\"referred\""));
  EXPECT_THAT(page->body, HasSubstr("a child (no consent needed)"));
}

TEST_F(FlowTest, TimelineShowsDeadlineAndOnlyTheStepsTheRoleMayTake) {
  const Session worker = LogIn("worker");
  const Session decider = LogIn("decider");
  const int64_t id = CreateCase(worker, "R-3");
  Refer(worker, id);
  // Referred on Monday 2026-11-23: the reasonable-grounds decision is due in 5 working days.
  auto mine = Get(worker, CasePath(id, "/referral"));
  ASSERT_EQ(mine->status, 200);
  EXPECT_THAT(mine->body, HasSubstr("data-state=\"referred\""));
  EXPECT_THAT(mine->body, HasSubstr("The reasonable-grounds decision is due by 2026-11-30."));
  EXPECT_THAT(mine->body, HasSubstr("value=\"withdraw\""));
  EXPECT_THAT(mine->body, Not(HasSubstr("value=\"rg_positive\"")));
  auto theirs = Get(decider, CasePath(id, "/referral"));
  EXPECT_THAT(theirs->body, HasSubstr("value=\"rg_positive\""));
  EXPECT_THAT(theirs->body, HasSubstr("value=\"rg_negative\""));
  EXPECT_THAT(theirs->body, Not(HasSubstr("value=\"withdraw\"")));
  // Friday: due soon; the Tuesday after the due date: overdue.
  now_ = kMonday + 4 * 86400;
  EXPECT_THAT(Get(worker, CasePath(id, "/referral"))->body, HasSubstr("data-alert=\"due_soon\""));
  now_ = kMonday + 8 * 86400;
  auto late = Get(decider, CasePath(id, "/referral"));
  EXPECT_THAT(late->body, HasSubstr("data-alert=\"overdue\""));
  EXPECT_THAT(late->body, HasSubstr("1 working day late"));

  // A case worker's attempt at the decision is refused and audited; the decision maker's counts.
  auto refused = PostForm(worker, CasePath(id, "/referral"), {{"transition", "rg_positive"}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(CountAudit("referral_denied"), 1);
  auto decided = PostForm(decider, CasePath(id, "/referral"), {{"transition", "rg_positive"}});
  ASSERT_EQ(decided->status, 303) << decided->body;
  auto after = Get(decider, CasePath(id, "/referral"));
  EXPECT_THAT(after->body, HasSubstr("data-state=\"recovery_reflection\""));
  // The conclusive-grounds decision waits for the 30-day recovery period: no button yet.
  EXPECT_THAT(after->body, Not(HasSubstr("value=\"cg_positive\"")));
  EXPECT_THAT(after->body, HasSubstr("positive conclusive-grounds decision: possible from"));
  EXPECT_THAT(after->body, HasSubstr("<td>positive reasonable-grounds decision</td>"));
  // The analyst sees the timeline, without any step.
  auto analyst = Get(LogIn("analyst"), CasePath(id, "/referral"));
  EXPECT_EQ(analyst->status, 200);
  EXPECT_THAT(analyst->body, HasSubstr("No step is open to your role now."));
  EXPECT_EQ(PostForm(LogIn("analyst"), CasePath(id, "/referral"), {{"transition", "withdraw"}})->status,
            403);
}

TEST_F(FlowTest, TransferNeedsDataSharingConsentAndTheTargetIsEscaped) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "R-4");
  Refer(worker, id);
  auto refused = PostForm(worker, CasePath(id, "/referral"),
                      {{"transition", "transfer"}, {"target_organisation", kInjection}});
  EXPECT_EQ(refused->status, 409);
  EXPECT_THAT(refused->body, Not(HasSubstr("<script>alert")));
  GiveConsent(worker, id, "data_sharing", kInjection);
  auto moved = PostForm(worker, CasePath(id, "/referral"),
                    {{"transition", "transfer"}, {"target_organisation", kInjection}});
  ASSERT_EQ(moved->status, 303) << moved->body;
  // The case now belongs to the receiving organisation; the decision maker sees the timeline.
  auto page = Get(LogIn("decider"), CasePath(id, "/referral"));
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(page->body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
}

TEST_F(FlowTest, TransferredCaseBelongsToTheReceivingOrganisation) {
  const Session worker = LogIn("worker");  // police
  const Session shelter = LogIn("shelter");  // shelter_org
  const int64_t id = CreateCase(worker, "T-1");
  const int64_t kept = CreateCase(worker, "T-2");
  EXPECT_EQ(Get(shelter, CasePath(id))->status, 403) << "before the transfer";
  Refer(worker, id);
  GiveConsent(worker, id, "data_sharing", "shelter_org");
  auto moved = PostForm(worker, CasePath(id, "/referral"),
                        {{"transition", "transfer"}, {"target_organisation", "shelter_org"}});
  ASSERT_EQ(moved->status, 303) << moved->body;

  // The receiving organisation opens the case, its identifiers and its flow, and acts on it.
  EXPECT_EQ(Get(shelter, CasePath(id))->status, 200);
  auto ids = PostJson(shelter, "/api/v1/cases/" + std::to_string(id) + "/identifiers",
                      {{"purpose", "shelter intake"}});
  ASSERT_EQ(ids->status, 200) << ids->body;
  EXPECT_EQ(json::parse(ids->body)["identifiers"]["family_name"], "Okafor");
  EXPECT_EQ(Get(shelter, CasePath(id, "/referral"))->status, 200);
  EXPECT_EQ(Get(shelter, CasePath(id, "/screening"))->status, 200);
  auto list = Get(shelter, "/api/v1/cases");
  ASSERT_EQ(list->status, 200);
  const json listed = json::parse(list->body);
  ASSERT_EQ(listed["transferred_in"].size(), 1u) << list->body;
  EXPECT_EQ(listed["transferred_in"][0]["id"], id);
  EXPECT_EQ(listed["total"], 1);
  EXPECT_THAT(Get(shelter, "/cases")->body, HasSubstr("href=\"/cases/" + std::to_string(id)));

  // The sending organisation has no consent to keep access: nothing, and every try is audited.
  const int denied = CountAudit("denied");
  EXPECT_EQ(Get(worker, CasePath(id))->status, 403);
  EXPECT_EQ(PostForm(worker, CasePath(id, "/identifiers"), {{"purpose", "follow up"}})->status,
            403);
  EXPECT_EQ(Get(worker, CasePath(id, "/referral"))->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 3);
  const auto last = LastAudit("denied");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->user, "worker");
  EXPECT_EQ(last->object_id, std::to_string(id));
  auto own = json::parse(Get(worker, "/api/v1/cases")->body);
  ASSERT_EQ(own["cases"].size(), 1u) << "the transferred case is still listed to its sender";
  EXPECT_EQ(own["cases"][0]["id"], kept);
  // A third organisation never had access.
  EXPECT_EQ(Get(LogIn("other"), CasePath(id))->status, 403);
}

// Security review, issue 23: the duplicate check compared the recording organisation, so
// after a transfer the former owner's check still decrypted (and flagged) the case. It now
// goes through the case page's gate: only the organisation holding the case compares with it.
TEST_F(FlowTest, DuplicateCheckOfTheFormerOwnerNeverReadsATransferredCase) {
  const Session worker = LogIn("worker");    // police
  const Session shelter = LogIn("shelter");  // shelter_org
  const int64_t id = CreateCase(worker, "T-7");
  Refer(worker, id);
  GiveConsent(worker, id, "data_sharing", "shelter_org");
  ASSERT_EQ(PostForm(worker, CasePath(id, "/referral"),
                     {{"transition", "transfer"}, {"target_organisation", "shelter_org"}})
                ->status,
            303);
  const auto reads_of = [&](const std::string& user) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read_identifiers' AND "
                 "user_name = '" + user + "' AND object_id = '" + std::to_string(id) +
                 "' AND purpose = 'possible duplicate check'");
  };
  const int64_t before = reads_of("worker");
  const int64_t again = CreateCase(worker, "T-8");  // the same person; checked on creation
  ASSERT_NE(again, 0);
  ASSERT_EQ(PostForm(worker, CasePath(again, "/duplicates/check"), {})->status, 303);
  EXPECT_EQ(reads_of("worker"), before) << "the former owner's check decrypted the case";
  auto flags = Get(worker, "/api/v1/cases/" + std::to_string(again) + "/duplicates");
  ASSERT_EQ(flags->status, 200);
  EXPECT_EQ(json::parse(flags->body)["duplicates"].size(), 0u) << flags->body;
  // The receiving organisation holds the case now, and its own check compares with it.
  const int64_t own = CreateCase(shelter, "S-1");
  ASSERT_NE(own, 0);
  EXPECT_GT(reads_of("shelter"), 0);
}

TEST_F(FlowTest, SenderKeepsReadingItsRecordOnlyWithConsentForIt) {
  const Session worker = LogIn("worker");
  const Session shelter = LogIn("shelter");
  const int64_t id = CreateCase(worker, "T-3");
  Refer(worker, id);
  GiveConsent(worker, id, "data_sharing", "shelter_org");
  ASSERT_EQ(PostForm(worker, CasePath(id, "/referral"),
                     {{"transition", "transfer"}, {"target_organisation", "shelter_org"}})
                ->status,
            303);
  EXPECT_EQ(Get(worker, CasePath(id))->status, 403);
  // The receiving organisation records the person's consent to share data with police.
  GiveConsent(shelter, id, "data_sharing", "police");
  auto record = Get(worker, CasePath(id));
  ASSERT_EQ(record->status, 200);
  EXPECT_THAT(record->body, HasSubstr("T-3"));
  EXPECT_THAT(record->body, Not(HasSubstr(CasePath(id, "/documents"))))
      << "the documents are the receiving organisation's";
  auto ids = PostJson(worker, "/api/v1/cases/" + std::to_string(id) + "/identifiers",
                      {{"purpose", "court follow-up"}});
  ASSERT_EQ(ids->status, 200) << ids->body;
  EXPECT_EQ(json::parse(ids->body)["identifiers"]["family_name"], "Okafor");
  // Only the record: not the case-work flow, documents, or any change.
  const int denied = CountAudit("denied");
  EXPECT_EQ(Get(worker, CasePath(id, "/screening"))->status, 403);
  EXPECT_EQ(Get(worker, CasePath(id, "/consent"))->status, 403);
  EXPECT_EQ(PostForm(worker, CasePath(id, "/consent"),
                     {{"op", "give"}, {"purpose", "research_statistics"}})
                ->status,
            403);
  EXPECT_EQ(Get(worker, CasePath(id, "/documents"))->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 4);
  // Withdrawn consent ends it again.
  auto withdrawn = PostForm(shelter, CasePath(id, "/consent"),
                            {{"op", "withdraw"}, {"purpose", "data_sharing"},
                             {"organisation", "police"}});
  ASSERT_EQ(withdrawn->status, 303) << withdrawn->body;
  EXPECT_EQ(Get(worker, CasePath(id))->status, 403);
}

TEST_F(FlowTest, ReferralApiListsNextStepsAndTakesThem) {
  const Session worker = LogIn("worker");
  const Session decider = LogIn("decider");
  const int64_t id = CreateCase(worker, "R-5");
  Refer(worker, id);
  const std::string path = "/api/v1/cases/" + std::to_string(id) + "/referral";
  auto res = Client().Get(path, {{"Cookie", decider.cookie}});
  ASSERT_EQ(res->status, 200);
  const json view = json::parse(res->body);
  EXPECT_EQ(view["referral"]["state"], "referred");
  EXPECT_EQ(view["referral"]["due"]["local_date"], "2026-11-30");
  std::vector<std::string> steps;
  for (const json& s : view["next"]) steps.push_back(s["transition"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"rg_positive", "rg_negative"}));
  auto taken = PostJson(decider, path, {{"transition", "rg_negative"}});
  ASSERT_EQ(taken->status, 200) << taken->body;
  EXPECT_EQ(json::parse(taken->body)["referral"]["state"], "rg_negative");
  auto wrong = PostJson(decider, path, {{"transition", "no_such_step"}});
  EXPECT_EQ(wrong->status, 400);
}

// ---- Services ---------------------------------------------------------------------------------

TEST_F(FlowTest, ServicesShowEligibilityReasonsAndFollowTheReferral) {
  const Session worker = LogIn("worker");
  const Session shelter = LogIn("shelter");
  const int64_t adult_shelter = AddService(shelter, "Safe House", {{"min_age", "18"}});
  const int64_t youth = AddService(shelter, "Youth Home", {{"max_age", "17"}});
  ASSERT_GT(adult_shelter, 0);
  ASSERT_GT(youth, 0);
  const int64_t id = CreateCase(worker, "V-1");
  auto page = Get(worker, CasePath(id, "/services"));
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("<td>Safe House</td>"));
  EXPECT_THAT(page->body, HasSubstr("value=\"" + std::to_string(adult_shelter) + "\""));
  // Not eligible: no button, and the reason is given.
  EXPECT_THAT(page->body,
              Not(HasSubstr("name=\"service_id\" value=\"" + std::to_string(youth) + "\"")));
  auto refused = PostForm(worker, CasePath(id, "/services"), {{"service_id", std::to_string(youth)}});
  EXPECT_EQ(refused->status, 409);
  EXPECT_EQ(CountAudit("service_denied"), 1);
  // An adult's data goes to the shelter only with consent to share it with that organisation.
  auto no_consent =
      PostForm(worker, CasePath(id, "/services"), {{"service_id", std::to_string(adult_shelter)}});
  EXPECT_EQ(no_consent->status, 409);
  EXPECT_THAT(no_consent->body,
              HasSubstr("no consent on record for data_sharing with shelter_org"));
  GiveConsent(worker, id, "data_sharing", "shelter_org");
  auto referred =
      PostForm(worker, CasePath(id, "/services"), {{"service_id", std::to_string(adult_shelter)}});
  ASSERT_EQ(referred->status, 303) << referred->body;
  EXPECT_THAT(Get(worker, CasePath(id, "/services"))->body, HasSubstr("data-status=\"pending\""));

  // The shelter answers from its directory page; the police cannot answer for it.
  auto incoming = Get(shelter, "/services");
  EXPECT_THAT(incoming->body, HasSubstr("Referral 1 of case #" + std::to_string(id)));
  EXPECT_EQ(PostForm(worker, "/service-referrals/1/respond", {{"accept", "yes"}})->status, 403);
  EXPECT_EQ(PostForm(LogIn("decider"), "/service-referrals/1/respond", {{"accept", "yes"}})->status,
            403);
  EXPECT_EQ(PostForm(shelter, "/service-referrals/1/respond", {{"accept", "yes"}})->status, 303);
  EXPECT_EQ(PostForm(shelter, "/service-referrals/1/respond", {{"accept", "no"}})->status, 409);
  EXPECT_EQ(PostForm(shelter, "/service-referrals/1/outcome", {{"outcome", "completed"}})->status, 303);
  auto done = Get(worker, CasePath(id, "/services"));
  EXPECT_THAT(done->body, HasSubstr("data-status=\"completed\""));
  EXPECT_THAT(done->body, HasSubstr("service completed"));
  // A service's case list is not the shelter's to read.
  EXPECT_EQ(Get(shelter, CasePath(id, "/services"))->status, 403);
}

TEST_F(FlowTest, ServiceProviderInboxListsReferralsToItsServicesOnly) {
  const Session worker = LogIn("worker");
  const Session shelter = LogIn("shelter");
  const Session other = LogIn("other");
  const int64_t house = AddService(shelter, "Safe House");
  const int64_t clinic = AddService(other, "Clinic", {{"type", "medical"}});
  const int64_t a = CreateCase(worker, "IN-1");
  const int64_t b = CreateCase(worker, "IN-2");
  for (const int64_t id : {a, b}) {
    GiveConsent(worker, id, "data_sharing", "shelter_org");
    GiveConsent(worker, id, "data_sharing", "ngo");
    ASSERT_EQ(PostForm(worker, CasePath(id, "/services"), {{"service_id", std::to_string(house)}})
                  ->status,
              303);
  }
  ASSERT_EQ(
      PostForm(worker, CasePath(a, "/services"), {{"service_id", std::to_string(clinic)}})->status,
      303);
  auto api = Get(shelter, "/api/v1/service-referrals");
  ASSERT_EQ(api->status, 200) << api->body;
  json inbox = json::parse(api->body)["referrals"];
  ASSERT_EQ(inbox.size(), 2u) << api->body;
  EXPECT_EQ(inbox[0]["case_id"], a);
  EXPECT_EQ(inbox[1]["case_id"], b);
  EXPECT_EQ(inbox[0]["service"]["name"], "Safe House");
  EXPECT_EQ(inbox[0]["status"], "pending");
  // Declined: out of the open inbox, still in the full one.
  const std::string declined = inbox[1]["id"].dump();
  ASSERT_EQ(PostJson(shelter, "/api/v1/service-referrals/" + declined, {{"accept", false}})->status,
            200);
  EXPECT_EQ(json::parse(Get(shelter, "/api/v1/service-referrals")->body)["referrals"].size(), 1u);
  EXPECT_EQ(
      json::parse(Get(shelter, "/api/v1/service-referrals?all=1")->body)["referrals"].size(), 2u);
  // The other organisation sees only the clinic's referral; the page says the same in French.
  auto theirs = json::parse(Get(other, "/api/v1/service-referrals")->body)["referrals"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["service"]["name"], "Clinic");
  auto page = GetFr(shelter, "/services/inbox?all=1");
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("Orientation " + inbox[0]["id"].dump() + " du dossier n° " +
                                    std::to_string(a) + " vers Safe House"));
  EXPECT_THAT(page->body, HasSubstr("action=\"/service-referrals/" + inbox[0]["id"].dump() +
                                    "/respond\""));
  EXPECT_THAT(page->body, Not(HasSubstr("Clinic")));
  // Roles that answer for no service are refused, and the refusal is audited.
  const int denied = CountAudit("denied");
  EXPECT_EQ(Get(LogIn("decider"), "/api/v1/service-referrals")->status, 403);
  EXPECT_EQ(Get(LogIn("analyst"), "/services/inbox")->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 2);
}

TEST_F(FlowTest, ServiceFormsAreRefusedToOtherRolesAndEscapeNames) {
  const Session analyst = LogIn("analyst");
  EXPECT_EQ(PostForm(analyst, "/services", {{"name", "X"}, {"type", "shelter"}})->status, 403);
  EXPECT_EQ(PostForm(LogIn("decider"), "/services", {{"name", "X"}, {"type", "shelter"}})->status, 403);
  EXPECT_EQ(Get(LogIn("auditor"), "/services")->status, 403);
  const Session worker = LogIn("worker");
  EXPECT_EQ(PostForm(worker, "/services", {{"name", "X"}, {"type", "spa"}})->status, 400);
  EXPECT_EQ(
      PostForm(worker, "/services", {{"name", "X"}, {"type", "shelter"}, {"min_age", "-3"}})->status,
      400);
  AddService(worker, kInjection, {{"type", "legal"}});
  const int64_t id = CreateCase(worker, "V-2");
  for (const std::string& path : {std::string("/services"), CasePath(id, "/services")}) {
    auto page = Get(worker, path);
    EXPECT_THAT(page->body, Not(HasSubstr("<script>alert"))) << path;
    EXPECT_THAT(page->body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;")) << path;
  }
}

// ---- Consent ----------------------------------------------------------------------------------

TEST_F(FlowTest, ConsentIsGivenAndWithdrawnWithDateAndWho) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "K-1");
  auto given = PostForm(worker, CasePath(id, "/consent"),
                    {{"op", "give"}, {"purpose", "referral"}, {"date", "2026-11-20"}});
  ASSERT_EQ(given->status, 303) << given->body;
  auto page = Get(worker, CasePath(id, "/consent"));
  EXPECT_THAT(page->body, HasSubstr("data-purpose=\"referral\" data-given=\"1\""));
  EXPECT_THAT(page->body, HasSubstr("<td>2026-11-20T12:00:00Z</td><td>worker</td>"));
  auto withdrawn =
      PostForm(worker, CasePath(id, "/consent"), {{"op", "withdraw"}, {"purpose", "referral"}});
  ASSERT_EQ(withdrawn->status, 303);
  page = Get(worker, CasePath(id, "/consent"));
  EXPECT_THAT(page->body, HasSubstr("data-given=\"0\""));
  EXPECT_THAT(page->body, HasSubstr("2026-11-23T10:00:00Z"));
  EXPECT_EQ(CountAudit("consent_give"), 1);
  EXPECT_EQ(CountAudit("consent_withdraw"), 1);
  // Withdrawn consent does not count for a referral.
  EXPECT_EQ(PostForm(worker, CasePath(id, "/referral"), {{"transition", "refer"}})->status, 409);
  // Nothing left to withdraw; bad input.
  EXPECT_EQ(
      PostForm(worker, CasePath(id, "/consent"), {{"op", "withdraw"}, {"purpose", "referral"}})->status,
      404);
  EXPECT_EQ(
      PostForm(worker, CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "data_sharing"}})->status,
      400);
  EXPECT_EQ(PostForm(worker, CasePath(id, "/consent"),
                 {{"op", "give"}, {"purpose", "referral"}, {"date", "2027-01-01"}})
                ->status,
            400);
  EXPECT_EQ(
      PostForm(worker, CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "marketing"}})->status,
      400);
}

TEST_F(FlowTest, ConsentRefusedToOtherRolesAndOrganisationsAndAudited) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "K-2");
  for (const char* user : {"analyst", "decider", "other", "auditor", "admin"}) {
    auto res =
        PostForm(LogIn(user), CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "referral"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << user;
  }
  EXPECT_EQ(CountAudit("denied"), 5);
  EXPECT_EQ(CountAudit("consent_give"), 0);
  // The decision maker reads the consent record, without the forms.
  auto page = Get(LogIn("decider"), CasePath(id, "/consent"));
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, Not(HasSubstr("name=\"op\"")));
}

// ---- Privacy ----------------------------------------------------------------------------------

TEST_F(FlowTest, AccessLogHasRouteTemplatesAndNoPersonalData) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "L-1");
  StartLabourScreening(worker, id);
  PostForm(worker, CasePath(id, "/screening/decision"),
       {{"decision", "identified"}, {"note", "Okafor said"}});
  GiveConsent(worker, id, "referral");
  auto referred = PostForm(worker, CasePath(id, "/referral"),
                       {{"transition", "refer"}, {"note", "Blessing at risk"}});
  ASSERT_EQ(referred->status, 303);
  const std::string log = LogAfter("/cases/{id}/referral");
  EXPECT_THAT(log, HasSubstr("\"route\":\"/cases/{id}/screening/decision\""));
  EXPECT_THAT(log, HasSubstr("\"route\":\"/cases/{id}/referral\""));
  EXPECT_THAT(log, Not(HasSubstr("Okafor")));
  EXPECT_THAT(log, Not(HasSubstr("Blessing")));
  EXPECT_THAT(log, Not(HasSubstr("/cases/" + std::to_string(id))));
  // Notes are sealed: the audit trail does not hold them either.
  auto entries = store_->ReadAudit(1, 100000);
  for (const auto& e : *entries) {
    EXPECT_THAT(e.detail, Not(HasSubstr("Blessing")));
    EXPECT_THAT(e.detail, Not(HasSubstr("Okafor")));
  }
}

TEST_F(FlowTest, InjectedAnswerValuesAreRefusedWithoutEcho) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "I-1");
  StartLabourScreening(worker, id);
  auto res = PostForm(worker, CasePath(id, "/screening/answers"), {{"a_dr_nature_job", kInjection}});
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, Not(HasSubstr("<script>alert")));
  auto code =
      PostForm(worker, CasePath(id, "/screening/answers"), {{std::string("a_") + kInjection, "yes"}});
  EXPECT_EQ(code->status, 400);
  EXPECT_THAT(code->body, Not(HasSubstr("<script>alert")));
  auto decision = PostForm(worker, CasePath(id, "/screening/decision"), {{"decision", kInjection}});
  EXPECT_EQ(decision->status, 400);
  EXPECT_THAT(decision->body, Not(HasSubstr("<script>alert")));
  auto step = PostForm(worker, CasePath(id, "/referral"), {{"transition", kInjection}});
  EXPECT_EQ(step->status, 400);
  EXPECT_THAT(step->body, Not(HasSubstr("<script>alert")));
}

}  // namespace
}  // namespace palermo::server
