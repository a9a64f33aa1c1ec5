// SPDX-License-Identifier: AGPL-3.0-or-later
#include "server_fixture.h"

#include <chrono>
#include <tuple>
#include <vector>

namespace palermo::server {

using nlohmann::json;

void ServerFixture::SetUpTestSuite() {
  UseMinimalPasswordHashingForTesting();
  RegisterMigrations();
  template_dir_ = new testing::TempDir();  // NOLINT: lives for the whole suite
  const store::StoreOptions o = OptionsIn(template_dir_->path());
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

void ServerFixture::TearDownTestSuite() {
  delete template_dir_;
  template_dir_ = nullptr;
}

store::StoreOptions ServerFixture::OptionsIn(const std::filesystem::path& dir) {
  return store::StoreOptions{.url = (dir / "p.db").string(), .key_file = (dir / "p.key").string()};
}

void ServerFixture::SetUp() {
  ASSERT_NE(template_dir_, nullptr);
  for (const auto& entry : std::filesystem::directory_iterator(template_dir_->path())) {
    std::filesystem::copy_file(entry.path(), dir_.path() / entry.path().filename());
  }
  auto s = store::Store::Open(OptionsIn(dir_.path()));
  PALERMO_ASSERT_OK(s);
  store_ = std::move(*s);
}

void ServerFixture::TearDown() { StopServer(); }

void ServerFixture::StartServer(ServerOptions options) {
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  options.now = [this] {
    const int64_t fixed = now_.load();
    if (fixed != 0) return fixed;
    return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
  };
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

void ServerFixture::StopServer() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

httplib::Client ServerFixture::Client() {
  httplib::Client c("127.0.0.1", server_->port());
  c.set_read_timeout(30, 0);
  return c;
}

ServerFixture::Session ServerFixture::LogIn(const std::string& user, const std::string& password) {
  auto res =
      Client().Post("/api/v1/session", json{{"username", user}, {"password", password}}.dump(),
                    "application/json");
  EXPECT_TRUE(res);
  if (!res || res->status != 200) return {};
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  return {set_cookie.substr(0, set_cookie.find(';')),
          json::parse(res->body)["csrf_token"].get<std::string>()};
}

httplib::Result ServerFixture::Get(const Session& s, const std::string& path) {
  return Client().Get(path, {{"Cookie", s.cookie}});
}

httplib::Result ServerFixture::GetFr(const Session& s, const std::string& path) {
  return Client().Get(path, {{"Cookie", s.cookie}, {"Accept-Language", "fr"}});
}

httplib::Result ServerFixture::PostJson(const Session& s, const std::string& path, const json& body,
                                        bool with_csrf) {
  httplib::Headers h{{"Cookie", s.cookie}};
  if (with_csrf) h.emplace("X-CSRF-Token", s.csrf);
  return Client().Post(path, h, body.dump(), "application/json");
}

httplib::Result ServerFixture::PostForm(const Session& s, const std::string& path,
                                        httplib::Params params, bool with_csrf) {
  if (with_csrf && params.find("csrf") == params.end()) params.emplace("csrf", s.csrf);
  return Client().Post(path, {{"Cookie", s.cookie}}, params);
}

httplib::Result ServerFixture::PostMultipart(const Session& s, const std::string& path,
                                             httplib::MultipartFormDataItems items,
                                             bool with_csrf) {
  if (with_csrf) items.push_back({"csrf", s.csrf, "", ""});
  return Client().Post(path, {{"Cookie", s.cookie}}, items);
}

int64_t ServerFixture::CreateCaseJson(const Session& s, const json& body) {
  auto res = PostJson(s, "/api/v1/cases", body);
  EXPECT_TRUE(res);
  if (!res) return 0;
  EXPECT_EQ(res->status, 201) << res->body;
  return res->status == 201 ? json::parse(res->body)["id"].get<int64_t>() : 0;
}

int ServerFixture::CountAudit(const std::string& action) {
  auto entries = store_->ReadAudit(1, 1000000);
  EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  if (!entries.ok()) return -1;
  int n = 0;
  for (const auto& e : *entries) n += e.action == action;
  return n;
}

std::optional<store::AuditEntry> ServerFixture::LastAudit(const std::string& action) {
  auto entries = store_->ReadAudit(1, 1000000);
  EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  std::optional<store::AuditEntry> last;
  if (!entries.ok()) return last;
  for (const auto& e : *entries) {
    if (e.action == action) last = e;
  }
  return last;
}

int64_t ServerFixture::Count(const std::string& sql) {
  auto tx = store_->Begin(store::Actor{});
  EXPECT_TRUE(tx.ok());
  if (!tx.ok()) return -1;
  auto rows = (*tx)->Query(sql);
  EXPECT_TRUE(rows.ok());
  return rows.ok() && !rows->empty() ? std::get<int64_t>((*rows)[0][0]) : -1;
}

std::string ServerFixture::Log() {
  std::lock_guard<std::mutex> lock(log_mutex_);
  return log_;
}

std::string ServerFixture::LogAfter(const std::string& route) {
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard<std::mutex> lock(log_mutex_);
      if (log_.find("\"route\":\"" + route + "\"") != std::string::npos) return log_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Log();
}

}  // namespace palermo::server
