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
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "correct horse battery";
constexpr char kInjection[] = "<script>alert(1)</script>\"'&";
// 2026-11-23T10:00:00Z, a Monday (no bank holiday in England and Wales).
constexpr int64_t kMonday = 1795428000;

class FlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    UseMinimalPasswordHashingForTesting();
    RegisterMigrations();
    template_dir_ = new testing::TempDir();  // NOLINT: lives for the whole suite
    store::StoreOptions o = OptionsIn(template_dir_->path());
    ASSERT_THAT(store::Store::Init(o), testing::IsOk());
    auto s = store::Store::Open(o);
    ASSERT_THAT(s, testing::IsOk());
    const store::Actor setup{"test", "", "admin"};
    for (const auto& [name, role, org] : std::vector<std::tuple<std::string, Role, std::string>>{
             {"worker", Role::kCaseWorker, "police"},
             {"other", Role::kCaseWorker, "ngo"},
             {"shelter", Role::kCaseWorker, "shelter_org"},
             {"decider", Role::kDecisionMaker, "nrm"},
             {"analyst", Role::kAnalyst, "stats"},
             {"auditor", Role::kAuditor, ""},
             {"admin", Role::kAdministrator, ""}}) {
      ASSERT_THAT(AddUser(**s, setup, name, kPassword, role, org), testing::IsOk());
    }
  }
  static void TearDownTestSuite() {
    delete template_dir_;
    template_dir_ = nullptr;
  }
  static store::StoreOptions OptionsIn(const std::filesystem::path& dir) {
    return store::StoreOptions{.url = (dir / "p.db").string(),
                               .key_file = (dir / "p.key").string()};
  }

  void SetUp() override {
    ASSERT_NE(template_dir_, nullptr);
    for (const auto& entry : std::filesystem::directory_iterator(template_dir_->path())) {
      std::filesystem::copy_file(entry.path(), dir_.path() / entry.path().filename());
    }
    auto s = store::Store::Open(OptionsIn(dir_.path()));
    PALERMO_ASSERT_OK(s);
    store_ = std::move(*s);
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    options.session_idle_seconds = 400 * 24 * 3600;  // tests move the clock by weeks
    options.session_absolute_seconds = 400 * 24 * 3600;
    options.now = [this] { return now_.load(); };
    options.access_log = [this](std::string_view line) {
      std::lock_guard<std::mutex> lock(log_mutex_);
      log_ += std::string(line) + "\n";
    };
    auto srv = Server::Create(*store_, std::move(options));
    PALERMO_ASSERT_OK(srv);
    server_ = std::move(*srv);
    PALERMO_ASSERT_OK(server_->Bind());
    thread_ = std::thread([this] { server_->Serve().IgnoreError(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  struct Session {
    std::string cookie;
    std::string csrf;
  };
  Session LogIn(const std::string& user) {
    auto res =
        Client().Post("/api/v1/session", json{{"username", user}, {"password", kPassword}}.dump(),
                      "application/json");
    EXPECT_TRUE(res);
    if (!res || res->status != 200) return {};
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    return {set_cookie.substr(0, set_cookie.find(';')),
            json::parse(res->body)["csrf_token"].get<std::string>()};
  }
  httplib::Result Get(const Session& s, const std::string& path) {
    return Client().Get(path, {{"Cookie", s.cookie}, {"Accept-Language", "en"}});
  }
  httplib::Result GetFr(const Session& s, const std::string& path) {
    return Client().Get(path, {{"Cookie", s.cookie}, {"Accept-Language", "fr"}});
  }
  // A form POST with the session's CSRF token (unless with_csrf is false).
  httplib::Result Post(const Session& s, const std::string& path, httplib::Params params,
                       bool with_csrf = true) {
    if (with_csrf) params.emplace("csrf", s.csrf);
    return Client().Post(path, {{"Cookie", s.cookie}, {"Accept-Language", "en"}}, params);
  }
  httplib::Result PostJson(const Session& s, const std::string& path, const json& body,
                           bool with_csrf = true) {
    httplib::Headers h{{"Cookie", s.cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", s.csrf);
    return Client().Post(path, h, body.dump(), "application/json");
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
    auto res = PostJson(s, "/api/v1/cases", body);
    EXPECT_TRUE(res);
    if (!res) return 0;
    EXPECT_EQ(res->status, 201) << res->body;
    return res->status == 201 ? json::parse(res->body)["id"].get<int64_t>() : 0;
  }
  int CountAudit(const std::string& action) {
    auto entries = store_->ReadAudit(1, 100000);
    int n = 0;
    for (const auto& e : *entries) n += e.action == action;
    return n;
  }
  // The access log once it has a line for `route` (the logger runs after the response is sent).
  std::string LogAfter(const std::string& route) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard<std::mutex> lock(log_mutex_);
        if (log_.find("\"route\":\"" + route + "\"") != std::string::npos) return log_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard<std::mutex> lock(log_mutex_);
    return log_;
  }
  static std::string CasePath(int64_t id, const std::string& tail = "") {
    return "/cases/" + std::to_string(id) + tail;
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
    auto res = Post(s, CasePath(id, "/screening/start"),
                    {{"population", "adult"}, {"exploitation", "labour"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body;
  }
  void GiveConsent(const Session& s, int64_t id, const std::string& purpose,
                   const std::string& org = "") {
    auto res = Post(s, CasePath(id, "/consent"),
                    {{"op", "give"}, {"purpose", purpose}, {"organisation", org}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body;
  }
  void Refer(const Session& s, int64_t id) {
    GiveConsent(s, id, "referral");
    auto res = Post(s, CasePath(id, "/referral"), {{"transition", "refer"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 303) << res->body;
  }
  int64_t AddService(const Session& s, const std::string& name, httplib::Params extra = {}) {
    extra.emplace("name", name);
    if (extra.find("type") == extra.end()) extra.emplace("type", "shelter");
    auto res = Post(s, "/services", extra);
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

  static inline testing::TempDir* template_dir_ = nullptr;
  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int64_t> now_{kMonday};
  std::mutex log_mutex_;
  std::string log_;
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

  auto saved = Post(worker, CasePath(id, "/screening/answers"), AllAnswers("yes"));
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 303) << saved->body;
  page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr("data-presumption=\"presumed\""));
  EXPECT_THAT(page->body, HasSubstr("Presumed victim of trafficking for labour exploitation"));
  EXPECT_THAT(page->body, HasSubstr("value=\"yes\" checked"));

  // The presumption is not a decision: a person records one, kept beside it.
  auto decided = Post(worker, CasePath(id, "/screening/decision"),
                      {{"decision", "refer_to_nrm"}, {"note", "seen at the border"}});
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 303) << decided->body;
  page = Get(worker, CasePath(id, "/screening"));
  EXPECT_THAT(page->body, HasSubstr("<td>Refer to the NRM</td><td>worker</td>"));
  EXPECT_THAT(page->body, HasSubstr("<td>presumed</td>"));
  EXPECT_THAT(page->body, Not(HasSubstr("seen at the border")));  // the note is sealed
  EXPECT_EQ(CountAudit("screen_decision"), 1);

  // "No" everywhere: not presumed.
  Post(worker, CasePath(id, "/screening/answers"), AllAnswers("no"));
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
  auto res = Post(worker, CasePath(id, "/screening/start"),
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
  auto refused = Post(worker, CasePath(id, "/screening/start"), {{"exploitation", "labour"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  auto ok = Post(worker, CasePath(id, "/screening/start"),
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
  auto res = Post(analyst, CasePath(id, "/screening/start"),
                  {{"population", "adult"}, {"exploitation", "labour"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(CountAudit("denied"), 1);
  // A case worker of another organisation cannot even see it.
  const Session other = LogIn("other");
  EXPECT_EQ(Get(other, CasePath(id, "/screening"))->status, 403);
  EXPECT_EQ(Post(other, CasePath(id, "/screening/start"),
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
    auto res = Post(worker, path, params, /*with_csrf=*/false);
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
  auto res = Post(worker, CasePath(id, "/referral"), {{"transition", "refer"}});
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
  auto res = Post(worker, CasePath(id, "/referral"), {{"transition", "refer"}});
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
  auto refused = Post(worker, CasePath(id, "/referral"), {{"transition", "rg_positive"}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(CountAudit("referral_denied"), 1);
  auto decided = Post(decider, CasePath(id, "/referral"), {{"transition", "rg_positive"}});
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
  EXPECT_EQ(Post(LogIn("analyst"), CasePath(id, "/referral"), {{"transition", "withdraw"}})->status,
            403);
}

TEST_F(FlowTest, TransferNeedsDataSharingConsentAndTheTargetIsEscaped) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "R-4");
  Refer(worker, id);
  auto refused = Post(worker, CasePath(id, "/referral"),
                      {{"transition", "transfer"}, {"target_organisation", kInjection}});
  EXPECT_EQ(refused->status, 409);
  EXPECT_THAT(refused->body, Not(HasSubstr("<script>alert")));
  GiveConsent(worker, id, "data_sharing", kInjection);
  auto moved = Post(worker, CasePath(id, "/referral"),
                    {{"transition", "transfer"}, {"target_organisation", kInjection}});
  ASSERT_EQ(moved->status, 303) << moved->body;
  auto page = Get(worker, CasePath(id, "/referral"));
  EXPECT_THAT(page->body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(page->body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
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
  auto refused = Post(worker, CasePath(id, "/services"), {{"service_id", std::to_string(youth)}});
  EXPECT_EQ(refused->status, 409);
  EXPECT_EQ(CountAudit("service_denied"), 1);
  // An adult's data goes to the shelter only with consent to share it with that organisation.
  auto no_consent =
      Post(worker, CasePath(id, "/services"), {{"service_id", std::to_string(adult_shelter)}});
  EXPECT_EQ(no_consent->status, 409);
  EXPECT_THAT(no_consent->body,
              HasSubstr("no consent on record for data_sharing with shelter_org"));
  GiveConsent(worker, id, "data_sharing", "shelter_org");
  auto referred =
      Post(worker, CasePath(id, "/services"), {{"service_id", std::to_string(adult_shelter)}});
  ASSERT_EQ(referred->status, 303) << referred->body;
  EXPECT_THAT(Get(worker, CasePath(id, "/services"))->body, HasSubstr("data-status=\"pending\""));

  // The shelter answers from its directory page; the police cannot answer for it.
  auto incoming = Get(shelter, "/services");
  EXPECT_THAT(incoming->body, HasSubstr("Referral 1 of case #" + std::to_string(id)));
  EXPECT_EQ(Post(worker, "/service-referrals/1/respond", {{"accept", "yes"}})->status, 403);
  EXPECT_EQ(Post(LogIn("decider"), "/service-referrals/1/respond", {{"accept", "yes"}})->status,
            403);
  EXPECT_EQ(Post(shelter, "/service-referrals/1/respond", {{"accept", "yes"}})->status, 303);
  EXPECT_EQ(Post(shelter, "/service-referrals/1/respond", {{"accept", "no"}})->status, 409);
  EXPECT_EQ(Post(shelter, "/service-referrals/1/outcome", {{"outcome", "completed"}})->status, 303);
  auto done = Get(worker, CasePath(id, "/services"));
  EXPECT_THAT(done->body, HasSubstr("data-status=\"completed\""));
  EXPECT_THAT(done->body, HasSubstr("service completed"));
  // A service's case list is not the shelter's to read.
  EXPECT_EQ(Get(shelter, CasePath(id, "/services"))->status, 403);
}

TEST_F(FlowTest, ServiceFormsAreRefusedToOtherRolesAndEscapeNames) {
  const Session analyst = LogIn("analyst");
  EXPECT_EQ(Post(analyst, "/services", {{"name", "X"}, {"type", "shelter"}})->status, 403);
  EXPECT_EQ(Post(LogIn("decider"), "/services", {{"name", "X"}, {"type", "shelter"}})->status, 403);
  EXPECT_EQ(Get(LogIn("auditor"), "/services")->status, 403);
  const Session worker = LogIn("worker");
  EXPECT_EQ(Post(worker, "/services", {{"name", "X"}, {"type", "spa"}})->status, 400);
  EXPECT_EQ(
      Post(worker, "/services", {{"name", "X"}, {"type", "shelter"}, {"min_age", "-3"}})->status,
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
  auto given = Post(worker, CasePath(id, "/consent"),
                    {{"op", "give"}, {"purpose", "referral"}, {"date", "2026-11-20"}});
  ASSERT_EQ(given->status, 303) << given->body;
  auto page = Get(worker, CasePath(id, "/consent"));
  EXPECT_THAT(page->body, HasSubstr("data-purpose=\"referral\" data-given=\"1\""));
  EXPECT_THAT(page->body, HasSubstr("<td>2026-11-20T12:00:00Z</td><td>worker</td>"));
  auto withdrawn =
      Post(worker, CasePath(id, "/consent"), {{"op", "withdraw"}, {"purpose", "referral"}});
  ASSERT_EQ(withdrawn->status, 303);
  page = Get(worker, CasePath(id, "/consent"));
  EXPECT_THAT(page->body, HasSubstr("data-given=\"0\""));
  EXPECT_THAT(page->body, HasSubstr("2026-11-23T10:00:00Z"));
  EXPECT_EQ(CountAudit("consent_give"), 1);
  EXPECT_EQ(CountAudit("consent_withdraw"), 1);
  // Withdrawn consent does not count for a referral.
  EXPECT_EQ(Post(worker, CasePath(id, "/referral"), {{"transition", "refer"}})->status, 409);
  // Nothing left to withdraw; bad input.
  EXPECT_EQ(
      Post(worker, CasePath(id, "/consent"), {{"op", "withdraw"}, {"purpose", "referral"}})->status,
      404);
  EXPECT_EQ(
      Post(worker, CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "data_sharing"}})->status,
      400);
  EXPECT_EQ(Post(worker, CasePath(id, "/consent"),
                 {{"op", "give"}, {"purpose", "referral"}, {"date", "2027-01-01"}})
                ->status,
            400);
  EXPECT_EQ(
      Post(worker, CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "marketing"}})->status,
      400);
}

TEST_F(FlowTest, ConsentRefusedToOtherRolesAndOrganisationsAndAudited) {
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "K-2");
  for (const char* user : {"analyst", "decider", "other", "auditor", "admin"}) {
    auto res =
        Post(LogIn(user), CasePath(id, "/consent"), {{"op", "give"}, {"purpose", "referral"}});
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
  Post(worker, CasePath(id, "/screening/decision"),
       {{"decision", "identified"}, {"note", "Okafor said"}});
  GiveConsent(worker, id, "referral");
  auto referred = Post(worker, CasePath(id, "/referral"),
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
  auto res = Post(worker, CasePath(id, "/screening/answers"), {{"a_dr_nature_job", kInjection}});
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, Not(HasSubstr("<script>alert")));
  auto code =
      Post(worker, CasePath(id, "/screening/answers"), {{std::string("a_") + kInjection, "yes"}});
  EXPECT_EQ(code->status, 400);
  EXPECT_THAT(code->body, Not(HasSubstr("<script>alert")));
  auto decision = Post(worker, CasePath(id, "/screening/decision"), {{"decision", kInjection}});
  EXPECT_EQ(decision->status, 400);
  EXPECT_THAT(decision->body, Not(HasSubstr("<script>alert")));
  auto step = Post(worker, CasePath(id, "/referral"), {{"transition", kInjection}});
  EXPECT_EQ(step->status, 400);
  EXPECT_THAT(step->body, Not(HasSubstr("<script>alert")));
}

}  // namespace
}  // namespace palermo::server
