// SPDX-License-Identifier: AGPL-3.0-or-later
// Finding 5 of issue 23, replayed: parallel wrong passwords (the failure count was read then
// written back), guessing from changing addresses, unknown names answered differently from
// locked accounts, and parallel Argon2id logins without a memory bound.
#include <sodium.h>

#include <httplib.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/internal.h"
#include "server_fixture.h"

namespace palermo::server {
namespace {

using nlohmann::json;

int64_t PeakRssMib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) / 1024;
  }
  return -1;
}

class LoginAttackTest : public ServerFixture {
 protected:
  // Posts `threads` logins at once; their HTTP statuses (0 when no answer).
  std::vector<int> ParallelLogins(int threads, const std::string& user, const std::string& password) {
    std::vector<int> statuses(static_cast<size_t>(threads), 0);
    std::atomic<int> ready{0};
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
      pool.emplace_back([&, i] {
        httplib::Client c = Client();
        ++ready;
        while (ready.load() < threads) std::this_thread::yield();
        auto res = c.Post("/api/v1/session", json{{"username", user}, {"password", password}}.dump(),
                          "application/json");
        statuses[static_cast<size_t>(i)] = res ? res->status : 0;
      });
    }
    for (std::thread& t : pool) t.join();
    return statuses;
  }
  int LoginStatus(const std::string& user, const std::string& password) {
    auto res = Client().Post("/api/v1/session",
                             json{{"username", user}, {"password", password}}.dump(),
                             "application/json");
    return res ? res->status : 0;
  }
};

TEST_F(LoginAttackTest, ParallelWrongPasswordsAllCountAndLockTheAccount) {
  ServerOptions options;
  options.max_failed_logins_per_account = 5;
  options.threads = 16;
  StartServer(options);
  const std::vector<int> statuses = ParallelLogins(12, "worker", "wrong password!");
  int refused = 0;
  for (const int s : statuses) refused += s == 401 || s == 423 ? 1 : 0;
  EXPECT_EQ(refused, 12);
  // Each failure counted once: 12 = two lockouts of 5, then 2 (the count restarts at a lockout).
  EXPECT_EQ(CountAudit("login_failed") + CountAudit("account_locked_out") +
                CountAudit("login_refused_locked"),
            12);
  EXPECT_GE(CountAudit("account_locked_out"), 1);
  EXPECT_EQ(LoginStatus("worker", kPassword), 423) << "the right password after 12 failures";
}

TEST_F(LoginAttackTest, ChangingAddressDoesNotEscapeTheAccountThrottle) {
  ServerOptions options;
  StartServer(options);
  const AuthLimits limits{1800, 43200, 5, 900, 20, 900};
  const int64_t now = 1'900'000'000;
  for (const std::string user : {"worker", "no_such_user"}) {
    for (int i = 0; i < 5; ++i) {
      Result<LoginOutcome> out =
          Login(*store_, limits, user, "wrong password!", "10.0.0." + std::to_string(i), now + i);
      ASSERT_TRUE(out.ok());
      EXPECT_EQ(out->kind, LoginOutcome::Kind::kBadCredentials) << user << " attempt " << i;
    }
    // A sixth address: the account (or name) is throttled all the same, and an unknown name
    // gets the answer an existing account gets.
    Result<LoginOutcome> out = Login(*store_, limits, user, "wrong password!", "10.0.1.1", now + 6);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->kind, LoginOutcome::Kind::kAccountLocked) << user;
  }
}

TEST_F(LoginAttackTest, UnknownUsernameGets423LikeALockedAccount) {
  ServerOptions options;
  options.max_failed_logins_per_account = 3;
  StartServer(options);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(LoginStatus("worker", "wrong password!"), 401);
    EXPECT_EQ(LoginStatus("ghost", "wrong password!"), 401);
  }
  EXPECT_EQ(LoginStatus("worker", "wrong password!"), 423);
  EXPECT_EQ(LoginStatus("ghost", "wrong password!"), 423);
}

TEST_F(LoginAttackTest, ParallelArgon2LoginsStayWithinMemory) {
  ASSERT_GE(sodium_init(), 0);
  // The fixture's accounts use Argon2id's minimum limits; give "worker" a real one (64 MiB).
  char hash[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str(hash, kPassword, sizeof kPassword - 1,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE),
            0);
  {
    auto tx = store_->Begin(store::Actor{});
    PALERMO_ASSERT_OK(tx);
    PALERMO_ASSERT_OK((*tx)->Execute("UPDATE server_users SET password_hash = $1 WHERE username = $2",
                                     {std::string(hash), std::string("worker")}));
    PALERMO_ASSERT_OK((*tx)->Commit());
  }
  ServerOptions options;
  options.threads = 16;
  options.max_failed_logins_per_account = 100;
  options.max_failed_logins_per_address = 100;
  StartServer(options);
  const int64_t before = PeakRssMib();
  const std::vector<int> statuses = ParallelLogins(16, "worker", "wrong password!");
  const int64_t growth = PeakRssMib() - before;
  int answered = 0;
  for (const int s : statuses) answered += s == 401 || s == 503 ? 1 : 0;
  EXPECT_EQ(answered, 16);
  EXPECT_LE(PeakConcurrentPasswordHashesForTesting(), 2);
  // Two Argon2id verifications at once take 128 MiB; 16 took 908 MB before the cap.
  EXPECT_LT(growth, 200) << "peak resident memory grew (MiB)";
  EXPECT_EQ(LoginStatus("worker", kPassword), 200);
}

}  // namespace
}  // namespace palermo::server
