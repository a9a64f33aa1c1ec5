// HOTP, TOTP and Base32 against the published vectors (RFC 4226 Appendix D, RFC 6238
// Appendix B, RFC 4648 §10), and the one-step drift and once-only rules of MatchTotp.
#include "server/totp.h"

#include <string>
#include <vector>

#include "testing/testing.h"

namespace palermo::server::totp {
namespace {

const std::string kRfcKey = "12345678901234567890";

TEST(Hotp, Rfc4226AppendixDVectors) {
  const std::vector<std::string> expected = {"755224", "287082", "359152", "969429", "338314",
                                             "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < expected.size(); ++counter) {
    EXPECT_EQ(HotpCode(kRfcKey, counter), expected[counter]) << "counter " << counter;
  }
}

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  const std::vector<std::pair<int64_t, std::string>> vectors = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [t, code] : vectors) {
    EXPECT_EQ(TotpCode(kRfcKey, t, /*digits=*/8), code) << "T=" << t;
  }
  // Six digits are the last six of the eight.
  EXPECT_EQ(TotpCode(kRfcKey, 1111111109), "081804");
}

TEST(Totp, StepsAreThirtySeconds) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(1111111109), 37037036);
  EXPECT_EQ(TotpCode(kRfcKey, 30), TotpCode(kRfcKey, 59));
  EXPECT_NE(TotpCode(kRfcKey, 59), TotpCode(kRfcKey, 60));
}

TEST(MatchTotp, AcceptsOneStepOfDriftEitherWayAndNoMore) {
  const int64_t now = 1234567890;  // step 41152263
  const int64_t step = TotpStep(now);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now), now, -1), step);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now - 30), now, -1), step - 1);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now + 30), now, -1), step + 1);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now - 60), now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now + 60), now, -1), std::nullopt);
}

TEST(MatchTotp, ACodeIsGoodOnceAndNotBeforeTheLastAcceptedStep) {
  const int64_t now = 1234567890;
  const int64_t step = TotpStep(now);
  const std::string code = TotpCode(kRfcKey, now);
  EXPECT_EQ(MatchTotp(kRfcKey, code, now, step), std::nullopt) << "replay of the accepted code";
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now - 30), now, step), std::nullopt)
      << "an older code after a newer one was accepted";
  EXPECT_EQ(MatchTotp(kRfcKey, TotpCode(kRfcKey, now + 30), now, step), step + 1);
}

TEST(MatchTotp, RefusesMalformedCodesAndOtherKeys) {
  const int64_t now = 1234567890;
  const std::string code = TotpCode(kRfcKey, now);
  EXPECT_EQ(MatchTotp(kRfcKey, "", now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcKey, code + "0", now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcKey, code.substr(0, 5), now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcKey, " " + code.substr(1), now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp("another key of twenty", code, now, -1), std::nullopt);
}

TEST(Base32, Rfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""},          {"f", "MY"},         {"fo", "MZXQ"},          {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain), encoded);
    Result<std::string> decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
  EXPECT_EQ(Base32Encode(kRfcKey), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(*Base32Decode("mzxw6ytboi======"), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW6YT1").ok()) << "'1' is not in the alphabet";
  EXPECT_FALSE(Base32Decode("M").ok()) << "one symbol carries no whole byte";
}

TEST(Totp, SecretsAreTwentyRandomBytesAndTheUriCarriesThem) {
  Result<std::string> a = RandomTotpSecret();
  Result<std::string> b = RandomTotpSecret();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 20u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(OtpauthUri("amina.k", kRfcKey),
            "otpauth://totp/Palermo:amina.k?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Palermo&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace palermo::server::totp
