// SPDX-License-Identifier: AGPL-3.0-or-later
// Sealing, blind hashes, key files and the identifier record: the pieces under the store's
// encryption promise.
#include "store/crypto.h"

#include <sys/stat.h>

#include <set>

#include "store/audit_chain.h"
#include "store/sql_store.h"
#include "testing/testing.h"

namespace palermo::store::internal {
namespace {

using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::testing::HasSubstr;

TEST(Seal, OpensOnlyWithTheSameKeyAndContext) {
  std::unique_ptr<Keys> keys = Keys::Generate();
  const std::string sealed = keys->Seal("Grace Okafor", "person:1");
  EXPECT_EQ(sealed.find("Grace"), std::string::npos);
  EXPECT_EQ(static_cast<unsigned char>(sealed[0]), kSealedFormatV1);
  EXPECT_FALSE(IsValidUtf8(sealed)) << "sealed values must never pass for text";
  EXPECT_EQ(*keys->Open(sealed, "person:1"), "Grace Okafor");
  EXPECT_THAT(keys->Open(sealed, "person:2"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("moved from another row")));
  EXPECT_THAT(Keys::Generate()->Open(sealed, "person:1"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("another key")));
  std::string altered = sealed;
  altered[30] ^= 1;
  EXPECT_THAT(keys->Open(altered, "person:1"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("altered")));
  EXPECT_THAT(keys->Open("short", "person:1"),
              StatusIs(StatusCode::kDataLoss, HasSubstr("truncated")));
}

TEST(Seal, SameValueSealsDifferentlyEachTime) {
  std::unique_ptr<Keys> keys = Keys::Generate();
  EXPECT_NE(keys->Seal("x", "c"), keys->Seal("x", "c"));
}

// The bulk path (the import's crypto lane) seals with a NonceSequence: a reused nonce under
// one key would let anyone XOR two victims' sealed identifiers together.
TEST(Seal, NonceSequenceNeverRepeatsAndOpensLikeARandomNonce) {
  std::unique_ptr<Keys> keys = Keys::Generate();
  NonceSequence nonces;
  std::set<std::string> seen;
  for (int i = 0; i < 70000; ++i) {  // past 2^16, so the counter's second byte moves too
    const std::string sealed = keys->Seal("Grace Okafor", "person:1", nonces);
    ASSERT_TRUE(seen.insert(sealed.substr(1, NonceSequence::kBytes)).second) << "seal " << i;
    if (i % 10000 == 0) {
      ASSERT_EQ(static_cast<unsigned char>(sealed[0]), kSealedFormatV1);
      ASSERT_EQ(*keys->Open(sealed, "person:1"), "Grace Okafor");
      ASSERT_THAT(keys->Open(sealed, "person:2"), StatusIs(StatusCode::kDataLoss, HasSubstr("")));
    }
  }
  NonceSequence other;
  const std::string first_of_other = keys->Seal("x", "c", other);
  EXPECT_FALSE(seen.contains(first_of_other.substr(1, NonceSequence::kBytes)))
      << "two sequences must not start from the same prefix";
}

TEST(BlindHash, DependsOnKeyKindAndValue) {
  std::unique_ptr<Keys> keys = Keys::Generate();
  EXPECT_EQ(keys->BlindHash(1, "okafor"), keys->BlindHash(1, "okafor"));
  EXPECT_NE(keys->BlindHash(1, "okafor"), keys->BlindHash(2, "okafor"));
  EXPECT_NE(keys->BlindHash(1, "okafor"), keys->BlindHash(1, "okafur"));
  EXPECT_NE(keys->BlindHash(1, "okafor"), Keys::Generate()->BlindHash(1, "okafor"));
  std::unique_ptr<Keys> same = Keys::FromMaster(keys->master());
  EXPECT_EQ(keys->BlindHash(1, "okafor"), same->BlindHash(1, "okafor"));
  EXPECT_EQ(keys->CheckValue(), same->CheckValue());
}

TEST(KeyFile, WrittenPrivateAndNeverOverwritten) {
  TempDir dir;
  const std::string path = (dir.path() / "k").string();
  std::unique_ptr<Keys> keys = Keys::Generate();
  PALERMO_ASSERT_OK(WriteKeyFile(path, *keys, /*exclusive=*/true));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  EXPECT_THAT(WriteKeyFile(path, *Keys::Generate(), true),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("already exists")));
  Result<std::unique_ptr<Keys>> loaded = LoadKeyFile(path);
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ((*loaded)->CheckValue(), keys->CheckValue());
}

TEST(KeyFile, MissingOrOpenToOthersIsRefusedWithAHint) {
  TempDir dir;
  const std::string path = (dir.path() / "k").string();
  EXPECT_THAT(LoadKeyFile(path),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("palermo init")));
  PALERMO_ASSERT_OK(WriteKeyFile(path, *Keys::Generate(), true));
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  EXPECT_THAT(LoadKeyFile(path), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("mode 0640")));
}

TEST(Identifiers, RecordRoundTripsAndRejectsGarbage) {
  DirectIdentifiers ids;
  ids.given_name = "Ana";
  ids.family_name = "Popescu";
  ids.birth_date = *PartialDate::Parse("1990-02");
  ids.document_numbers = {"RO1", std::string("with\0nul", 8)};
  ids.phones = {};
  ids.address = "Str. Lunga 3";
  const std::string bytes = SerializeIdentifiers(ids);
  Result<DirectIdentifiers> back = ParseIdentifiers(bytes);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->given_name, "Ana");
  EXPECT_EQ(back->birth_date->ToString(), "1990-02");
  EXPECT_EQ(back->document_numbers, ids.document_numbers);
  EXPECT_EQ(back->address, "Str. Lunga 3");
  EXPECT_THAT(ParseIdentifiers(bytes.substr(0, bytes.size() - 1)),
              StatusIs(StatusCode::kDataLoss, HasSubstr("not in a known format")));
  EXPECT_THAT(ParseIdentifiers(bytes + "x"), StatusIs(StatusCode::kDataLoss, HasSubstr("format")));
  EXPECT_THAT(ParseIdentifiers(""), StatusIs(StatusCode::kDataLoss, HasSubstr("format")));
}

TEST(AuditHash, CoversEveryFieldAndThePreviousHash) {
  std::unique_ptr<Keys> keys = Keys::Generate();
  AuditEntry e{.seq = 3,
               .at = "2026-01-01T00:00:00.000Z",
               .user = "u",
               .organisation = "o",
               .role = "r",
               .action = "a",
               .object_type = "t",
               .object_id = "1",
               .purpose = "p",
               .detail = "d",
               .hash = ""};
  const std::string base = AuditHash(*keys, "prev", e);
  EXPECT_EQ(base.size(), 64u);
  EXPECT_NE(AuditHash(*keys, "prev2", e), base);
  EXPECT_NE(AuditHash(*Keys::Generate(), "prev", e), base);
  for (std::string AuditEntry::*field :
       {&AuditEntry::at, &AuditEntry::user, &AuditEntry::organisation, &AuditEntry::role,
        &AuditEntry::action, &AuditEntry::object_type, &AuditEntry::object_id, &AuditEntry::purpose,
        &AuditEntry::detail}) {
    AuditEntry changed = e;
    changed.*field += "x";
    EXPECT_NE(AuditHash(*keys, "prev", changed), base);
  }
  AuditEntry moved = e;
  moved.seq = 4;
  EXPECT_NE(AuditHash(*keys, "prev", moved), base);
  // Length prefixes: moving a character from one field to the next changes the hash.
  AuditEntry shifted = e;
  shifted.user = "uo";
  shifted.organisation = "";
  EXPECT_NE(AuditHash(*keys, "prev", shifted), base);
}

}  // namespace
}  // namespace palermo::store::internal
