// Multi-factor login through the HTTP API, the login form and `palermo user mfa` (issue 23
// item 2): enrolment from the command line, MFA_REQUIRED without a code, wrong codes counted
// for the lockout, replay refused, recovery codes good once, reset, per-role enforcement, and
// a secret that never reaches the database in clear.
#include <httplib.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/totp.h"
#include "server_fixture.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// 2033-05-18T03:33:45Z, in the middle of a 30-second step (2'000'000'010 to 2'000'000'039).
constexpr int64_t kNow = 2'000'000'025;

struct Enrolment {
  std::string uri;
  std::string secret;  // raw bytes, decoded from the URI
  std::string secret_base32;
  std::vector<std::string> recovery_codes;
};

class MfaTest : public ServerFixture {
 protected:
  // `palermo user mfa enable USER` on the fixture's database, through the built executable.
  Enrolment EnableFromCli(const std::string& user, const std::string& lang = "en_GB.UTF-8") {
    const store::StoreOptions o = OptionsIn(dir_.path());
    const testing::CommandResult r = testing::RunPalermo(
        {"--db", o.url, "--key", o.key_file, "user", "mfa", "enable", user}, {"LANG=" + lang});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    last_cli_err_ = r.err;
    Enrolment e;
    std::istringstream lines(r.out);
    std::getline(lines, e.uri);
    for (std::string line; std::getline(lines, line);) e.recovery_codes.push_back(line);
    std::smatch m;
    EXPECT_TRUE(std::regex_match(
        e.uri, m,
        std::regex("otpauth://totp/Palermo:" + user +
                   R"(\?secret=([A-Z2-7]{32})&issuer=Palermo&algorithm=SHA1&digits=6&period=30)")))
        << e.uri;
    if (m.size() == 2) {
      e.secret_base32 = m[1];
      e.secret = totp::Base32Decode(e.secret_base32).value_or("");
    }
    return e;
  }

  httplib::Result PostLogin(const std::string& user, const std::string& password,
                            const std::optional<std::string>& code, const std::string& lang = "en") {
    json body{{"username", user}, {"password", password}};
    if (code) body["totp"] = *code;
    return Client().Post("/api/v1/session", {{"Accept-Language", lang}}, body.dump(),
                         "application/json");
  }

  static std::string ErrorCode(const httplib::Result& res) {
    if (!res) return "no answer";
    const json j = json::parse(res->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
  }
  static std::string ErrorMessage(const httplib::Result& res) {
    if (!res) return "no answer";
    const json j = json::parse(res->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["message"].get<std::string>() : "";
  }

  int64_t FailedLogins(const std::string& user) {
    return Count("SELECT failed_logins FROM server_users WHERE username = '" + user + "'");
  }

  std::string last_cli_err_;
};

TEST_F(MfaTest, CliEnrolmentGivesAUriWhoseCodesTheServerAccepts) {
  const Enrolment e = EnableFromCli("decider");
  ASSERT_EQ(e.secret.size(), 20u);
  ASSERT_EQ(e.recovery_codes.size(), 10u);
  for (const std::string& code : e.recovery_codes) {
    EXPECT_TRUE(std::regex_match(code, std::regex("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}"))) << code;
  }
  EXPECT_THAT(last_cli_err_, HasSubstr("recovery codes"));
  now_ = kNow;
  StartServer();

  auto missing = PostLogin("decider", kPassword, std::nullopt);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(ErrorCode(missing), "MFA_REQUIRED");
  EXPECT_THAT(ErrorMessage(missing), HasSubstr("verification code"));
  auto missing_fr = PostLogin("decider", kPassword, std::nullopt, "fr");
  EXPECT_EQ(ErrorCode(missing_fr), "MFA_REQUIRED");
  EXPECT_THAT(ErrorMessage(missing_fr), HasSubstr("code de vérification"));
  EXPECT_EQ(FailedLogins("decider"), 0) << "asking for the code is not a failure";

  auto ok = PostLogin("decider", kPassword, totp::TotpCode(e.secret, kNow));
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["user"]["username"], "decider");

  // The audit says what happened and holds neither the secret nor a code.
  const std::optional<store::AuditEntry> audit = LastAudit("user_mfa_enable");
  ASSERT_TRUE(audit);
  EXPECT_THAT(audit->detail, Not(HasSubstr(e.secret_base32)));
  for (const std::string& code : e.recovery_codes) EXPECT_THAT(audit->detail, Not(HasSubstr(code)));
  EXPECT_EQ(CountAudit("login_mfa_required"), 2);

  // Administrators see who has it, in the API and in `palermo user list`.
  const Session admin = LogIn("admin");
  auto users = Get(admin, "/api/v1/users");
  ASSERT_TRUE(users);
  ASSERT_EQ(users->status, 200) << users->body;
  const json listed = json::parse(users->body);  // the loop must not outlive the parsed body
  for (const json& u : listed["users"]) {
    EXPECT_EQ(u["mfa"].get<bool>(), u["username"] == "decider") << u.dump();
  }
  const store::StoreOptions db = OptionsIn(dir_.path());
  const testing::CommandResult list = testing::RunPalermo(
      {"--db", db.url, "--key", db.key_file, "user", "list"}, {"LANG=en_GB.UTF-8"});
  EXPECT_THAT(list.out, HasSubstr("decider\tdecision_maker\tnrm\tactive\tmfa\n"));
  EXPECT_THAT(list.out, HasSubstr("worker\tcase_worker\tpolice\tactive\t-\n"));

  // Enabling twice is refused: the first secret stays the only one.
  const store::StoreOptions o = OptionsIn(dir_.path());
  const testing::CommandResult again = testing::RunPalermo(
      {"--db", o.url, "--key", o.key_file, "user", "mfa", "enable", "decider"},
      {"LANG=en_GB.UTF-8"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(again.out, "");
}

TEST_F(MfaTest, WrongPasswordStaysAWrongPasswordWhateverTheCode) {
  const Enrolment e = EnableFromCli("decider");
  now_ = kNow;
  StartServer();
  // Password checked first: a wrong one answers as for any account, code or not.
  for (const std::optional<std::string>& code :
       {std::optional<std::string>(), std::optional<std::string>(totp::TotpCode(e.secret, kNow))}) {
    auto res = PostLogin("decider", "wrong password!", code);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(ErrorCode(res), "UNAUTHENTICATED");
  }
  EXPECT_EQ(FailedLogins("decider"), 2);
}

TEST_F(MfaTest, WrongCodesCountLikeWrongPasswordsAndLockTheAccount) {
  const Enrolment e = EnableFromCli("decider");
  now_ = kNow;
  ServerOptions options;
  options.max_failed_logins_per_account = 3;
  StartServer(options);
  const std::string right = totp::TotpCode(e.secret, kNow);
  const std::string wrong = right == "000000" ? "000001" : "000000";
  auto first = PostLogin("decider", kPassword, wrong);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 401);
  EXPECT_EQ(ErrorCode(first), "MFA_REQUIRED");
  EXPECT_THAT(ErrorMessage(first), HasSubstr("Wrong or already used"));
  EXPECT_EQ(FailedLogins("decider"), 1);
  EXPECT_EQ(PostLogin("decider", kPassword, "not-a-recovery-code")->status, 401);
  EXPECT_EQ(FailedLogins("decider"), 2);
  EXPECT_EQ(PostLogin("decider", kPassword, wrong)->status, 401);
  EXPECT_EQ(CountAudit("account_locked_out"), 1);
  // Locked out: even the right password and code are refused until the lockout ends.
  auto locked = PostLogin("decider", kPassword, right);
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 423);
  now_ = kNow + 15 * 60 + 1;
  EXPECT_EQ(PostLogin("decider", kPassword, totp::TotpCode(e.secret, now_.load()))->status, 200);
}

TEST_F(MfaTest, ACodeIsAcceptedOnceAndWithOneStepOfDrift) {
  const Enrolment e = EnableFromCli("decider");
  now_ = kNow;
  StartServer();
  const std::string code = totp::TotpCode(e.secret, kNow);
  EXPECT_EQ(PostLogin("decider", kPassword, code)->status, 200);
  auto replay = PostLogin("decider", kPassword, code);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 401) << "the same code replayed";
  EXPECT_EQ(ErrorCode(replay), "MFA_REQUIRED");
  // The previous step's code is older than the one used: refused as well.
  EXPECT_EQ(PostLogin("decider", kPassword, totp::TotpCode(e.secret, kNow - 30))->status, 401);
  // A phone 30 s ahead is within the drift; two steps ahead is not.
  EXPECT_EQ(PostLogin("decider", kPassword, totp::TotpCode(e.secret, kNow + 60))->status, 401);
  EXPECT_EQ(PostLogin("decider", kPassword, totp::TotpCode(e.secret, kNow + 30))->status, 200);
}

TEST_F(MfaTest, RecoveryCodesWorkOnceEach) {
  const Enrolment e = EnableFromCli("admin");
  now_ = kNow;
  StartServer();
  // Typed in lower case without the dashes: still the same code.
  std::string typed;
  for (const char c : e.recovery_codes[3]) {
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  EXPECT_EQ(PostLogin("admin", kPassword, typed)->status, 200);
  EXPECT_THAT(LastAudit("login")->detail, HasSubstr("left: 9"));
  auto reused = PostLogin("admin", kPassword, e.recovery_codes[3]);
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->status, 401);
  EXPECT_EQ(ErrorCode(reused), "MFA_REQUIRED");
  EXPECT_EQ(PostLogin("admin", kPassword, e.recovery_codes[4])->status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_mfa_recovery"), 8);
}

TEST_F(MfaTest, ResetGoesBackToThePasswordUnlessTheRoleMustUseMfa) {
  const Enrolment e = EnableFromCli("analyst");
  now_ = kNow;
  ServerOptions options;
  options.mfa_roles = {Role::kDecisionMaker};
  StartServer(options);
  const Session before = LogIn("analyst", kPassword);
  EXPECT_TRUE(before.cookie.empty()) << "MFA on: the password alone does not open a session";
  const Session with_code = [&] {
    auto res = PostLogin("analyst", kPassword, totp::TotpCode(e.secret, kNow));
    EXPECT_EQ(res->status, 200);
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    return Session{set_cookie.substr(0, set_cookie.find(';')), ""};
  }();
  ASSERT_EQ(Get(with_code, "/api/v1/me")->status, 200);

  const store::StoreOptions o = OptionsIn(dir_.path());
  const testing::CommandResult reset = testing::RunPalermo(
      {"--db", o.url, "--key", o.key_file, "user", "mfa", "reset", "analyst"},
      {"LANG=fr_FR.UTF-8", "LC_ALL=", "LC_MESSAGES="});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_THAT(reset.err, HasSubstr("Connexion à deux facteurs retirée"));
  EXPECT_EQ(Get(with_code, "/api/v1/me")->status, 401) << "the reset ends the sessions";
  EXPECT_FALSE(LogIn("analyst", kPassword).cookie.empty()) << "analyst is not an enforced role";
  EXPECT_EQ(PostLogin("analyst", kPassword, totp::TotpCode(e.secret, kNow + 30))->status, 200)
      << "a code given to an account without MFA is ignored";
  EXPECT_EQ(CountAudit("user_mfa_reset"), 1);
}

TEST_F(MfaTest, EnforcedRoleWithoutMfaIsRefusedUntilEnrolled) {
  now_ = kNow;
  ServerOptions options;
  options.mfa_roles = {Role::kDecisionMaker, Role::kAdministrator};
  StartServer(options);
  auto refused = PostLogin("decider", kPassword, std::nullopt, "fr");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(ErrorCode(refused), "MFA_ENROLMENT_REQUIRED");
  EXPECT_THAT(ErrorMessage(refused), HasSubstr("palermo user mfa enable"));
  EXPECT_THAT(ErrorMessage(refused), HasSubstr("administrateur"));
  // A wrong password says nothing about the role's rule.
  EXPECT_EQ(ErrorCode(PostLogin("decider", "wrong password!", std::nullopt)), "UNAUTHENTICATED");
  // Other roles are not concerned.
  EXPECT_FALSE(LogIn("worker", kPassword).cookie.empty());
  EXPECT_EQ(CountAudit("login_refused_mfa_enrolment"), 1);

  const Enrolment e = EnableFromCli("decider");
  EXPECT_EQ(ErrorCode(PostLogin("decider", kPassword, std::nullopt)), "MFA_REQUIRED");
  EXPECT_EQ(PostLogin("decider", kPassword, totp::TotpCode(e.secret, kNow))->status, 200);
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(MfaTest, NeitherTheSecretNorTheRecoveryCodesAreStoredInClear) {
  const Enrolment e = EnableFromCli("decider");
  ASSERT_EQ(e.secret.size(), 20u);
  auto tx = store_->Begin(store::Actor{"test", "", "admin"});
  ASSERT_TRUE(tx.ok());
  auto rows = (*tx)->Query("SELECT m.user_id, m.secret_sealed FROM server_mfa m JOIN server_users u "
                           "ON u.id = m.user_id WHERE u.username = 'decider'");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  const std::string raw = std::get<std::string>((*rows)[0][1]);
  EXPECT_EQ(raw.find(e.secret), std::string::npos);
  EXPECT_EQ(raw.find(e.secret_base32), std::string::npos);
  // It is the store's sealed format, and opens only under its row's context.
  const int64_t user_id = std::get<int64_t>((*rows)[0][0]);
  Result<std::string> opened = (*tx)->Open(raw, "server_mfa.secret:" + std::to_string(user_id));
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, e.secret);
  EXPECT_FALSE((*tx)->Open(raw, "server_mfa.secret:" + std::to_string(user_id + 1)).ok());
  PALERMO_ASSERT_OK((*tx)->Commit());
  // Nowhere in the database files (main file and write-ahead log) either.
  std::string files;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().filename().string().rfind("p.db", 0) == 0) files += ReadAll(entry.path());
  }
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.find(e.secret), std::string::npos);
  EXPECT_EQ(files.find(e.secret_base32), std::string::npos);
  for (const std::string& code : e.recovery_codes) {
    EXPECT_EQ(files.find(code), std::string::npos) << code;
    std::string bare = code;
    std::erase(bare, '-');
    EXPECT_EQ(files.find(bare), std::string::npos) << bare;
  }
}

TEST_F(MfaTest, LoginFormAsksForTheCodeInBothLanguages) {
  const Enrolment e = EnableFromCli("decider");
  now_ = kNow;
  StartServer();
  for (const std::string lang : {"en", "fr"}) {
    httplib::Client c = Client();
    auto page = c.Get("/login", {{"Accept-Language", lang}});
    ASSERT_TRUE(page);
    EXPECT_THAT(page->body, HasSubstr(lang == "fr" ? ">Code de vérification</label>"
                                                   : ">Verification code</label>"));
    EXPECT_THAT(page->body, HasSubstr("name=\"totp\""));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(page->body, m,
                                  std::regex(R"re(name="login_csrf" value="([^"]+)")re")));
    const std::string login_csrf = m[1];
    const std::string set_cookie = page->get_header_value("Set-Cookie");
    const httplib::Headers headers{{"Cookie", set_cookie.substr(0, set_cookie.find(';'))},
                                   {"Accept-Language", lang}};
    auto without = c.Post("/login", headers,
                          httplib::Params{{"login_csrf", login_csrf},
                                          {"username", "decider"},
                                          {"password", kPassword}});
    ASSERT_TRUE(without);
    EXPECT_EQ(without->status, 401);
    EXPECT_THAT(without->body, HasSubstr(lang == "fr" ? "Saisissez le code de vérification"
                                                      : "Enter the verification code"));
    auto wrong = c.Post("/login", headers,
                        httplib::Params{{"login_csrf", login_csrf},
                                        {"username", "decider"},
                                        {"password", kPassword},
                                        {"totp", "12345"}});
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_THAT(wrong->body, HasSubstr(lang == "fr" ? "Code de vérification incorrect"
                                                    : "Wrong or already used verification code"));
    // One login per language: the second uses the next step's code (each is good once).
    const int64_t at = lang == "fr" ? kNow + 30 : kNow;
    auto ok = c.Post("/login", headers,
                     httplib::Params{{"login_csrf", login_csrf},
                                     {"username", "decider"},
                                     {"password", kPassword},
                                     {"totp", totp::TotpCode(e.secret, at)}});
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 303) << ok->body;
    EXPECT_EQ(ok->get_header_value("Location"), "/cases");
  }
}

}  // namespace
}  // namespace palermo::server
