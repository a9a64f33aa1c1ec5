// The second factor's storage on both engines (SQLite and PostgreSQL): the migration, the
// sealed secret surviving a key rotation, and single use under concurrency: logins racing with
// one TOTP code or one recovery code, of which exactly one may succeed.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "server/internal.h"
#include "server/totp.h"
#include "store/engines.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using ::palermo::testing::IsOk;

constexpr int64_t kNow = 2'000'000'025;
constexpr char kPassword[] = "correct horse battery";

const AuthLimits kLimits{1800, 43200, 50, 900, 1000, 900};

template <typename Engine>
class MfaStore : public store::testing::StoreOnEngine<Engine> {
 protected:
  void SetUp() override {
    UseMinimalPasswordHashingForTesting();
    RegisterMigrations();
    store::testing::StoreOnEngine<Engine>::SetUp();
    ASSERT_THAT(AddUser(*this->store_, by_, "decider", kPassword, Role::kDecisionMaker, "nrm"),
                IsOk());
    Result<MfaEnrolment> e = EnableMfa(*this->store_, by_, "decider");
    ASSERT_THAT(e, IsOk());
    enrolment_ = *e;
    const size_t at = enrolment_.uri.find("secret=") + 7;
    secret_ = *totp::Base32Decode(enrolment_.uri.substr(at, enrolment_.uri.find('&') - at));
  }

  LoginOutcome::Kind LoginWith(const std::string& code, int64_t now = kNow) {
    Result<LoginOutcome> out =
        Login(*this->store_, kLimits, "decider", kPassword, "10.0.0.1", now, MfaLogin{code});
    EXPECT_THAT(out, IsOk());
    return out.ok() ? out->kind : LoginOutcome::Kind::kBadCredentials;
  }

  // Runs `threads` logins with `code` at once; how many opened a session.
  int ParallelSuccesses(int threads, const std::string& code) {
    std::atomic<int> ready{0};
    std::atomic<int> ok{0};
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
      pool.emplace_back([&] {
        ++ready;
        while (ready.load() < threads) std::this_thread::yield();
        Result<LoginOutcome> out = Login(*this->store_, kLimits, "decider", kPassword, "10.0.0.2",
                                         kNow, MfaLogin{code});
        if (out.ok() && out->kind == LoginOutcome::Kind::kOk) ++ok;
      });
    }
    for (std::thread& t : pool) t.join();
    return ok.load();
  }

  const store::Actor by_{"test", "", "admin"};
  MfaEnrolment enrolment_;
  std::string secret_;
};

TYPED_TEST_SUITE(MfaStore, store::testing::Engines, store::testing::EngineNames);

TYPED_TEST(MfaStore, CodesAreGoodOnceAndRecoveryCodesAreConsumed) {
  EXPECT_EQ(this->LoginWith(""), LoginOutcome::Kind::kMfaRequired);
  const std::string code = totp::TotpCode(this->secret_, kNow);
  EXPECT_EQ(this->LoginWith(code), LoginOutcome::Kind::kOk);
  EXPECT_EQ(this->LoginWith(code), LoginOutcome::Kind::kMfaCodeRejected);
  EXPECT_EQ(this->LoginWith(this->enrolment_.recovery_codes[0]), LoginOutcome::Kind::kOk);
  EXPECT_EQ(this->LoginWith(this->enrolment_.recovery_codes[0]),
            LoginOutcome::Kind::kMfaCodeRejected);
  PALERMO_EXPECT_OK(ResetMfa(*this->store_, this->by_, "decider"));
  EXPECT_EQ(this->LoginWith(""), LoginOutcome::Kind::kOk);
}

TYPED_TEST(MfaStore, OneCodeRacedFromEightLoginsOpensOneSession) {
  EXPECT_EQ(this->ParallelSuccesses(8, totp::TotpCode(this->secret_, kNow)), 1);
  EXPECT_EQ(this->ParallelSuccesses(8, this->enrolment_.recovery_codes[5]), 1);
}

TYPED_TEST(MfaStore, TheSecretIsRotatedWithTheStoreKey) {
  PALERMO_ASSERT_OK(this->store_->RotateKey());
  this->Reopen();
  EXPECT_EQ(this->LoginWith(totp::TotpCode(this->secret_, kNow)), LoginOutcome::Kind::kOk);
}

}  // namespace
}  // namespace palermo::server
