// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/server/server_fixture.h: the fixture every HTTP-level server suite shares. Each test
// gets a fresh SQLite store copied from a template that already holds the accounts below (made
// once per suite, hashed with Argon2id's minimum limits so the suites run under ASan), an
// in-process server on 127.0.0.1 with a free port, and request helpers that carry the session
// cookie and the CSRF token.
//
// Accounts (password kPassword):
//   worker   case worker, organisation "police"
//   other    case worker, organisation "ngo"
//   shelter  case worker, organisation "shelter_org"
//   decider  NRM decision maker, organisation "nrm"
//   analyst  analyst, organisation "stats"
//   auditor  auditor
//   admin    administrator
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "server/server.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::server {

inline constexpr char kPassword[] = "correct horse battery";

class ServerFixture : public ::testing::Test {
 protected:
  struct Session {
    std::string cookie;  // "palermo_session=..." (more cookies may follow, "; a=b")
    std::string csrf;
  };

  static void SetUpTestSuite();
  static void TearDownTestSuite();
  static store::StoreOptions OptionsIn(const std::filesystem::path& dir);

  void SetUp() override;     // copies the template store and opens it as store_
  void TearDown() override;  // stops the server

  // Starts the server over store_. Its clock is now_ when now_ is not 0, else real time; its
  // access log goes to Log().
  void StartServer(ServerOptions options = {});
  void StopServer();

  httplib::Client Client();
  // Logs in through the API; the session works for pages and API alike. Empty on failure.
  Session LogIn(const std::string& user, const std::string& password = kPassword);
  httplib::Result Get(const Session& s, const std::string& path);
  httplib::Result GetFr(const Session& s, const std::string& path);
  // A JSON POST with the X-CSRF-Token header unless `with_csrf` is false.
  httplib::Result PostJson(const Session& s, const std::string& path, const nlohmann::json& body,
                           bool with_csrf = true);
  // A form POST; adds the session's CSRF token unless `with_csrf` is false or `params` has one.
  httplib::Result PostForm(const Session& s, const std::string& path, httplib::Params params,
                           bool with_csrf = true);
  httplib::Result PostMultipart(const Session& s, const std::string& path,
                                httplib::MultipartFormDataItems items, bool with_csrf = true);
  // POST /api/v1/cases with `body`; the new case's id, or 0 (with a test failure) otherwise.
  int64_t CreateCaseJson(const Session& s, const nlohmann::json& body);

  int CountAudit(const std::string& action);
  std::optional<store::AuditEntry> LastAudit(const std::string& action);
  // The first column of the first row of `sql` (a COUNT), or -1.
  int64_t Count(const std::string& sql);
  std::string Log();
  // The access log once it has a line for `route` (the logger runs after the response is sent).
  std::string LogAfter(const std::string& route);
  static std::string CasePath(int64_t id, const std::string& tail = "") {
    return "/cases/" + std::to_string(id) + tail;
  }

  static inline testing::TempDir* template_dir_ = nullptr;
  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int64_t> now_{0};
  std::mutex log_mutex_;
  std::string log_;
};

}  // namespace palermo::server
