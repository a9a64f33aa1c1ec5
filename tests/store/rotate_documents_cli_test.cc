// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 23: `palermo key rotate` left the web app's uploaded documents under the key it then
// discarded, because their sealed columns were declared only in the server's process. A
// document is stored here as the server stores one (its registration, table and contexts);
// the rotation then runs in the palermo executable, which never registers the server's columns,
// and the same bytes must come back.
#include <string>

#include "server/server.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo {
namespace {

using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;

TEST(KeyRotateCli, UploadedDocumentReadsBackAfterRotationFromTheCommandLine) {
  TempDir dir;
  server::RegisterMigrations();  // as `palermo serve` does before opening the store
  const store::StoreOptions options{.url = (dir.path() / "cases.db").string(),
                                    .key_file = (dir.path() / "cases.db.key").string()};
  PALERMO_ASSERT_OK(store::Store::Init(options));
  // Binary content with NUL bytes: the length is the literal's, without its final NUL.
  static constexpr char kPdf[] = "%PDF-1.4\n\x00\x01\xfe\xff scanned passport\n%%EOF";
  const std::string pdf(kPdf, sizeof(kPdf) - 1);
  int64_t id = 0;
  {
    Result<std::unique_ptr<store::Store>> store = store::Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    auto tx = *(*store)->Begin(store::Actor{"amina", "police", "case_worker"});
    // What server/pages_documents.cc AddDocument writes.
    ASSERT_TRUE(
        tx->Execute("INSERT INTO server_documents (case_id, media_type, size_bytes, "
                    "uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5)",
                    {int64_t{1}, std::string("application/pdf"), static_cast<int64_t>(pdf.size()),
                     std::string("amina"), std::string("2026-12-07T12:00:00Z")})
            .ok());
    id = *tx->LastInsertId();
    const std::string name =
        *tx->Seal("passport.pdf", "server_documents.name:" + std::to_string(id));
    const std::string content = *tx->Seal(pdf, "server_documents.content:" + std::to_string(id));
    ASSERT_TRUE(tx->Execute("UPDATE server_documents SET name_sealed = $1, content_sealed = $2 "
                            "WHERE id = $3",
                            {name, content, id})
                    .ok());
    PALERMO_ASSERT_OK(tx->Commit());
  }

  testing::CommandResult rotated = RunPalermo(
      {"--db", options.url, "--key", options.key_file, "key", "rotate"}, {"LANG=en_GB.UTF-8"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;

  Result<std::unique_ptr<store::Store>> store = store::Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  auto tx = *(*store)->Begin(store::Actor{"amina", "police", "case_worker"});
  Result<std::vector<store::SqlRow>> rows =
      tx->Query("SELECT name_sealed, content_sealed FROM server_documents WHERE id = $1", {id});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  Result<std::string> name =
      tx->Open(std::get<std::string>((*rows)[0][0]), "server_documents.name:" + std::to_string(id));
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(*name, "passport.pdf");
  Result<std::string> content = tx->Open(std::get<std::string>((*rows)[0][1]),
                                         "server_documents.content:" + std::to_string(id));
  ASSERT_TRUE(content.ok()) << content.status();
  EXPECT_EQ(*content, pdf);
}

}  // namespace
}  // namespace palermo
