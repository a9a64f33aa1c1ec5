// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-level tests of the documents, import, possible-duplicate and paged case-list features
// (src/server/pages_documents.cc, pages_import.cc, duplicates.cc, gate.cc). The server runs
// in-process on 127.0.0.1 with a fresh SQLite database per test; accounts are hashed with
// Argon2id's minimum limits (UseMinimalPasswordHashingForTesting) so the suite is fast enough
// for the sanitizer pass.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/server.h"
#include "server_fixture.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class OpsTest : public ServerFixture {
 protected:
  int64_t CreateCase(const Session& s, const std::string& local_id, const std::string& family,
                     const std::string& given, const std::string& birth,
                     const std::string& document) {
    json ids{{"family_name", family}, {"given_name", given}, {"birth_date", birth}};
    if (!document.empty()) ids["document_numbers"] = {document};
    return CreateCaseJson(s, {{"local_id", local_id},
                              {"sex", "female"},
                              {"citizenship", "NGA"},
                              {"forms", {"sexual"}},
                              {"identifiers", ids}});
  }
  int64_t CreateCase(const Session& s, const std::string& local_id) {
    return CreateCase(s, local_id, "Okafor", "Blessing", "1999-03-12", "A1234567");
  }
  // Inserts cases straight through the store (fast), for the paging tests.
  void InsertCases(const std::string& agency, int n, const std::string& prefix) {
    auto tx = store_->Begin(store::Actor{"test", agency, "system"});
    PALERMO_ASSERT_OK(tx);
    for (int i = 0; i < n; ++i) {
      CaseRecord r;
      r.agency = agency;
      r.local_id = prefix + std::to_string(i);
      PALERMO_ASSERT_OK((*tx)->InsertCase(r, "test:" + agency + ":" + r.local_id));
    }
    PALERMO_ASSERT_OK((*tx)->Commit());
  }
};

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\rIHDR", 8) +
                         std::string("\x01\x02\x03\xff\xfe", 5);

// ---- Paged case list --------------------------------------------------------------------------

TEST_F(OpsTest, CaseListPagesNewestFirstByKeysetWithinTheOrganisation) {
  InsertCases("police", 55, "P-");
  InsertCases("ngo", 3, "N-");
  StartServer();
  const Session worker = LogIn("worker");
  auto first = Get(worker, "/cases");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_THAT(first->body, HasSubstr("P-54"));
  EXPECT_THAT(first->body, Not(HasSubstr(">P-4<")));  // the 51st newest is on the next page
  EXPECT_THAT(first->body, Not(HasSubstr("N-0")));
  // Cases are inserted in order, so P-5 has id 6 and is the oldest on the first page.
  EXPECT_THAT(first->body, HasSubstr("href=\"/cases?before=6\""));
  auto older = Get(worker, "/cases?before=6");
  ASSERT_TRUE(older);
  EXPECT_THAT(older->body, HasSubstr(">P-4<"));
  EXPECT_THAT(older->body, HasSubstr(">P-0<"));
  EXPECT_THAT(older->body, Not(HasSubstr("rel=\"next\"")));

  // The API walks every page once, newest first, and never counts the whole list.
  std::vector<int64_t> ids;
  std::string path = "/api/v1/cases?limit=20";
  for (int page = 0; page < 10; ++page) {
    auto res = Get(worker, path);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json j = json::parse(res->body);
    EXPECT_FALSE(j.contains("total")) << "a partial first page has no total";
    for (const json& c : j["cases"]) ids.push_back(c["id"].get<int64_t>());
    if (!j.contains("next_before")) break;
    path = "/api/v1/cases?limit=20&before=" + std::to_string(j["next_before"].get<int64_t>());
  }
  ASSERT_EQ(ids.size(), 55u);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 55u);

  const Session decider = LogIn("decider");
  auto all = Get(decider, "/api/v1/cases?limit=100");
  ASSERT_TRUE(all);
  const json j = json::parse(all->body);
  EXPECT_EQ(j["cases"].size(), 58u);
  EXPECT_EQ(j["total"], 58) << "the first page holds every case, so the total is known";
}

// ---- Documents --------------------------------------------------------------------------------

TEST_F(OpsTest, DocumentRoundTripsBytesEncryptedAtRestAndAuditedWithPurpose) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  const std::string name = "passport Okafor.png";
  auto up = PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", kPng, name, "application/octet-stream"}});
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 303) << up->body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 1);
  EXPECT_EQ(CountAudit("upload_document"), 1);

  auto page = Get(worker, "/cases/" + std::to_string(id) + "/documents");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("PNG"));
  EXPECT_THAT(page->body, Not(HasSubstr("Okafor"))) << "file names are personal data";

  // At rest: neither the bytes nor the name appear in the database file.
  {
    const std::string db = ReadFileToString(dir_.path() / "p.db").value_or("") +
                           ReadFileToString(dir_.path() / "p.db-wal").value_or("");
    EXPECT_EQ(db.find("passport Okafor"), std::string::npos);
    EXPECT_EQ(db.find(kPng), std::string::npos);
  }

  auto down = PostForm(worker, "/cases/" + std::to_string(id) + "/documents/1/download",
                       {{"purpose", "check identity for NRM referral"}});
  ASSERT_TRUE(down);
  ASSERT_EQ(down->status, 200) << down->body;
  EXPECT_EQ(down->body, kPng);
  EXPECT_EQ(down->get_header_value("Content-Type"), "image/png");
  // (cpp-httplib's client percent-decodes header values, so the name reads decoded here.)
  EXPECT_THAT(down->get_header_value("Content-Disposition"),
              HasSubstr("attachment; filename=\"document-1.png\"; filename*=UTF-8''passport Okafor.png"));
  EXPECT_EQ(down->get_header_value("Cache-Control"), "no-store");
  const auto read = LastAudit("read_document");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->purpose, "check identity for NRM referral");
  for (int wait = 0; wait < 100 && Log().find("/documents/{doc}/download") == std::string::npos; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // logged after the response
  }
  EXPECT_THAT(Log(), HasSubstr("\"route\":\"/cases/{id}/documents/{doc}/download\""));
  EXPECT_THAT(Log(), Not(HasSubstr("Okafor")));
  EXPECT_THAT(Log(), Not(HasSubstr("check identity")));
}

TEST_F(OpsTest, DocumentDownloadWithoutPurposeIsRefused) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  ASSERT_EQ(PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", "plain notes\n", "a.txt", "text/plain"}})
                ->status,
            303);
  auto down = PostForm(worker, "/cases/" + std::to_string(id) + "/documents/1/download",
                       {{"purpose", "   "}});
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 400);
  EXPECT_THAT(down->body, HasSubstr("purpose: required"));
  EXPECT_THAT(down->body, Not(HasSubstr("plain notes")));
  EXPECT_EQ(CountAudit("read_document"), 0);
}

TEST_F(OpsTest, OversizeDocumentIs413WithAClearPageAndNothingStored) {
  ServerOptions options;
  options.max_document_bytes = 1024;
  StartServer(options);
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  auto up = PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", std::string(2000, 'a'), "big.txt", "text/plain"}});
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 413);
  EXPECT_THAT(up->get_header_value("Content-Type"), HasSubstr("text/html"));
  EXPECT_THAT(up->body, HasSubstr("at most 1 KiB"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 0);

  auto api = PostJson(worker, "/api/v1/cases/" + std::to_string(id) + "/documents",
                      {{"name", "big.txt"}, {"content_base64", "YWFh" + std::string(2000, 'Y')}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 413) << api->body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 0);
}

TEST_F(OpsTest, RequestOverTheBodyLimitGetsAPageNotJson) {
  ServerOptions options;
  options.max_body_bytes = 4096;
  StartServer(options);
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  auto up = PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", std::string(3000, 'a') + std::string(3000, 'b'), "big.txt",
                            "text/plain"}});
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 413);
  EXPECT_THAT(up->get_header_value("Content-Type"), HasSubstr("text/html"));
  EXPECT_THAT(up->body, HasSubstr("too large"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 0);
}

TEST_F(OpsTest, DocumentTypeComesFromMagicBytesNotFromTheClient) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  // An executable announced as a PDF.
  const std::string elf = std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10);
  auto up = PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", elf, "scan.pdf", "application/pdf"}});
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 415);
  EXPECT_THAT(up->body, HasSubstr("type not allowed"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 0);
  // A real PDF announced as anything is accepted and served back as a PDF.
  auto pdf = PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                           {{"document", "%PDF-1.7\n%\xe2\xe3\n", "x.bin", "application/zip"}});
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 303);
  auto list = Get(worker, "/api/v1/cases/" + std::to_string(id) + "/documents");
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["documents"][0]["media_type"], "application/pdf");
}

TEST_F(OpsTest, AnotherOrganisationsCaseDocumentsAre403AndAudited) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  ASSERT_EQ(PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", kPng, "a.png", "image/png"}})
                ->status,
            303);
  const Session other = LogIn("other");
  const int denied_before = CountAudit("denied");
  auto up = PostMultipart(other, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", kPng, "b.png", "image/png"}});
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 403);
  auto list = Get(other, "/cases/" + std::to_string(id) + "/documents");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 403);
  auto down = PostForm(other, "/cases/" + std::to_string(id) + "/documents/1/download",
                       {{"purpose", "curious"}});
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 403);
  EXPECT_NE(down->body, kPng);
  EXPECT_EQ(CountAudit("denied"), denied_before + 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 1);
  EXPECT_EQ(CountAudit("read_document"), 0);

  // An analyst (pseudonymised data only) may not see documents at all.
  const Session analyst = LogIn("analyst");
  auto a = Get(analyst, "/cases/" + std::to_string(id) + "/documents");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied_before + 4);
  // The decision maker (all cases) may.
  const Session decider = LogIn("decider");
  auto d = PostJson(decider, "/api/v1/cases/" + std::to_string(id) + "/documents/1/content",
                    {{"purpose", "NRM decision"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 200);
  EXPECT_EQ(d->body, kPng);
}

TEST_F(OpsTest, DocumentUploadWithoutCsrfIsRejected) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  auto up = PostMultipart(worker, "/cases/" + std::to_string(id) + "/documents",
                          {{"document", kPng, "a.png", "image/png"}}, /*with_csrf=*/false);
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 403);
  EXPECT_EQ(CountAudit("csrf_rejected"), 1);
  auto api = PostJson(worker, "/api/v1/cases/" + std::to_string(id) + "/documents",
                      {{"name", "a.txt"}, {"content_base64", "aGVsbG8="}}, /*with_csrf=*/false);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM server_documents"), 0);
}

TEST_F(OpsTest, ApiUploadRoundTripsAndHostileNamesNeverReachTheHtmlOrHeadersRaw) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  const std::string hostile = "<script>alert(1)</script>\r\nX-Evil: 1\".txt";
  auto up = PostJson(worker, "/api/v1/cases/" + std::to_string(id) + "/documents",
                     {{"name", hostile}, {"content_base64", "PGI+aGVsbG88L2I+Cg=="}});
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  auto page = Get(worker, "/cases/" + std::to_string(id) + "/documents");
  EXPECT_THAT(page->body, Not(HasSubstr("<script>alert")));
  auto down = PostJson(worker, "/api/v1/cases/" + std::to_string(id) + "/documents/" +
                                   std::to_string(json::parse(up->body)["id"].get<int64_t>()) + "/content",
                       {{"purpose", "review"}});
  ASSERT_TRUE(down);
  ASSERT_EQ(down->status, 200);
  EXPECT_EQ(down->body, "<b>hello</b>\n");
  EXPECT_EQ(down->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  // The CR LF in the name did not start a header of its own.
  EXPECT_EQ(down->get_header_value("X-Evil"), "");
  EXPECT_THAT(down->get_header_value("Content-Disposition"),
              HasSubstr("attachment; filename=\"document-1.txt\"; filename*=UTF-8''"));
}

// ---- Import -----------------------------------------------------------------------------------

const char kMapping[] = R"({"agency": "police", "columns": {"no": "local_id", "nom": "family_name",
  "prenom": "given_name", "naissance": "birth_date", "sexe": "sex"}, "required": ["local_id"]})";

TEST_F(OpsTest, ImportShowsTheSummaryAndQuarantineWithoutRawRows) {
  StartServer();
  const Session worker = LogIn("worker");
  const std::string csv =
      "no,nom,prenom,naissance,sexe\n"
      "P-1,Okafor,Blessing,12/03/1999,F\n"
      "P-2,Adeyemi,Grace,31/02/2001,F\n"
      "<script>x</script>,Nwosu,Joy,1998,F\n";
  auto res = PostMultipart(worker, "/import",
                           {{"list", csv, "police 2024.csv", "text/csv"},
                            {"mapping", kMapping, "police.json", "application/json"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_THAT(res->body, HasSubstr("police2024.csv"));
  EXPECT_THAT(res->body, HasSubstr("<dt>Imported</dt><dd>2</dd>"));
  EXPECT_THAT(res->body, HasSubstr("<dt>Quarantined</dt><dd>1</dd>"));
  EXPECT_THAT(res->body, HasSubstr("<td>3</td><td>birth_date</td>"));  // line 3, the 31/02 row
  EXPECT_THAT(res->body, Not(HasSubstr("Adeyemi"))) << "raw rows are not on the import page";
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 2);
  // The injection text came in as a local id and is shown escaped on the case list.
  auto list = Get(worker, "/cases");
  EXPECT_THAT(list->body, HasSubstr("&lt;script&gt;x&lt;/script&gt;"));
  EXPECT_THAT(list->body, Not(HasSubstr("<script>x")));

  // Importing the same file again changes nothing, and the saved mapping is offered.
  auto again = PostMultipart(worker, "/import", {{"list", csv, "police 2024.csv", "text/csv"}});
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_THAT(again->body, HasSubstr("<dt>Already present</dt><dd>3</dd>"));
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 2);
  EXPECT_THAT(Log(), Not(HasSubstr("Okafor")));
}

TEST_F(OpsTest, QuarantineRawRowsNeedAPurposeAndStayInTheOrganisation) {
  StartServer();
  const Session worker = LogIn("worker");
  ASSERT_EQ(PostMultipart(worker, "/import",
                          {{"list", "no,nom,prenom,naissance,sexe\nP-2,Adeyemi,Grace,31/02/2001,F\n",
                            "p.csv", "text/csv"},
                           {"mapping", kMapping, "m.json", "application/json"}})
                ->status,
            200);
  auto plain = Get(worker, "/import/quarantine");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  EXPECT_THAT(plain->body, HasSubstr("birth_date"));
  EXPECT_THAT(plain->body, Not(HasSubstr("Adeyemi")));
  auto no_purpose = PostForm(worker, "/import/quarantine", {{"purpose", ""}});
  EXPECT_EQ(no_purpose->status, 400);
  EXPECT_THAT(no_purpose->body, Not(HasSubstr("Adeyemi")));
  auto raw = PostForm(worker, "/import/quarantine", {{"purpose", "correct the source list"}});
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 200);
  EXPECT_THAT(raw->body, HasSubstr("Adeyemi"));
  const auto audit = LastAudit("read_quarantine_raw");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->purpose, "correct the source list");

  const Session other = LogIn("other");
  auto other_raw = PostForm(other, "/import/quarantine", {{"purpose", "curious"}});
  ASSERT_TRUE(other_raw);
  EXPECT_EQ(other_raw->status, 200);
  EXPECT_THAT(other_raw->body, Not(HasSubstr("Adeyemi")));
  EXPECT_THAT(other_raw->body, Not(HasSubstr("p.csv")));

  const Session analyst = LogIn("analyst");
  const int denied = CountAudit("denied");
  auto a = Get(analyst, "/import/quarantine");
  EXPECT_EQ(a->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 1);
}

TEST_F(OpsTest, ImportOfABadFileShowsWhyAndImportsNothing) {
  StartServer();
  const Session worker = LogIn("worker");
  auto res = PostMultipart(worker, "/import",
                           {{"list", "no,nom,prenom,naissance,sexe\nP-1,\"Okafor,Blessing,1999,F\n",
                             "bad.csv", "text/csv"},
                            {"mapping", kMapping, "m.json", "application/json"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("bad.csv"));
  EXPECT_THAT(res->body, Not(HasSubstr("Okafor")));
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 0);

  auto bad_mapping = PostMultipart(worker, "/import",
                                   {{"list", "no\nP-1\n", "a.csv", "text/csv"},
                                    {"mapping", "{\"agency\": \"police\", \"columns\": {\"no\": \"shoe_size\"}}",
                                     "m.json", "application/json"}});
  ASSERT_TRUE(bad_mapping);
  EXPECT_EQ(bad_mapping->status, 400);
  EXPECT_THAT(bad_mapping->body, HasSubstr("column &quot;no&quot; maps to an unknown model field"));
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 0);
}

TEST_F(OpsTest, ImportForAnotherOrganisationOrRoleIsDeniedAndAudited) {
  StartServer();
  const Session other = LogIn("other");  // ngo case worker, police mapping
  const int denied = CountAudit("denied");
  auto res = PostMultipart(other, "/import",
                           {{"list", "no,nom,prenom,naissance,sexe\nP-1,Okafor,B,1999,F\n", "a.csv", "text/csv"},
                            {"mapping", kMapping, "m.json", "application/json"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 1);
  const Session analyst = LogIn("analyst");
  auto a = PostMultipart(analyst, "/import",
                         {{"list", "no\nP-1\n", "a.csv", "text/csv"},
                          {"mapping", kMapping, "m.json", "application/json"}});
  EXPECT_EQ(a->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 2);
  const Session worker = LogIn("worker");
  auto no_csrf = PostMultipart(worker, "/import",
                               {{"list", "no\nP-1\n", "a.csv", "text/csv"},
                                {"mapping", kMapping, "m.json", "application/json"}},
                               /*with_csrf=*/false);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 0);
}

// ---- Possible duplicates ----------------------------------------------------------------------

TEST_F(OpsTest, PossibleDuplicateIsFlaggedExplainedDecidedAndNeverMerged) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t a = CreateCase(worker, "P-1");
  const int64_t b = CreateCase(worker, "P-2", "OKAFOR", "Blessing", "1999-03-12", "");
  const int64_t c = CreateCase(worker, "P-3", "Smith", "Joan", "1980-01-01", "Z9");
  auto check = PostForm(worker, "/cases/" + std::to_string(a) + "/duplicates/check", {});
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 303);
  auto page = Get(worker, "/cases/" + std::to_string(a));
  ASSERT_TRUE(page);
  EXPECT_THAT(page->body, HasSubstr("Likely the same person"));
  EXPECT_THAT(page->body, HasSubstr("href=\"/cases/" + std::to_string(b) + "\""));
  EXPECT_THAT(page->body, Not(HasSubstr("href=\"/cases/" + std::to_string(c) + "\"")));
  EXPECT_THAT(page->body, HasSubstr("family name: same"));
  EXPECT_THAT(page->body, HasSubstr("birth date: same"));
  EXPECT_THAT(page->body, Not(HasSubstr("Okafor"))) << "the explanation never shows values";
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 3) << "nothing merged";
  EXPECT_EQ(CountAudit("duplicate_check"), 4) << "one check per creation, one on request";

  // The other case shows the same flag; a person decides there.
  auto decide = PostForm(worker, "/cases/" + std::to_string(b) + "/duplicates/" + std::to_string(a),
                         {{"decision", "different"}});
  ASSERT_TRUE(decide);
  EXPECT_EQ(decide->status, 303);
  const auto decided = LastAudit("duplicate_decision");
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->detail, "not the same person");
  // A later check keeps the decision.
  ASSERT_EQ(PostForm(worker, "/cases/" + std::to_string(a) + "/duplicates/check", {})->status, 303);
  auto api = Get(worker, "/api/v1/cases/" + std::to_string(a) + "/duplicates");
  ASSERT_TRUE(api);
  const json j = json::parse(api->body);
  ASSERT_EQ(j["duplicates"].size(), 1u);
  EXPECT_EQ(j["duplicates"][0]["case_id"], b);
  EXPECT_EQ(j["duplicates"][0]["decision"], "different");
  auto after = Get(worker, "/cases/" + std::to_string(a));
  EXPECT_THAT(after->body, HasSubstr("Decided: not the same person (by worker)."));
  EXPECT_THAT(after->body, Not(HasSubstr("value=\"same\"")));

  auto bad = PostForm(worker, "/cases/" + std::to_string(a) + "/duplicates/" + std::to_string(c),
                      {{"decision", "same"}});
  EXPECT_EQ(bad->status, 404) << "only flagged pairs can be decided";
  auto nonsense = PostJson(worker, "/api/v1/cases/" + std::to_string(a) + "/duplicates/" +
                                       std::to_string(b),
                           {{"decision", "<script>merge</script>"}});
  EXPECT_EQ(nonsense->status, 400);
  EXPECT_THAT(nonsense->body, Not(HasSubstr("<script>")));
}

TEST_F(OpsTest, NewCaseIsCheckedForDuplicatesAndFlaggedNeverMerged) {
  StartServer();
  const Session worker = LogIn("worker");
  const Session other = LogIn("other");
  const int64_t first = CreateCase(worker, "P-1");
  const int64_t elsewhere = CreateCase(other, "N-1");  // the same person at the NGO
  // The same person recorded again through the form: flagged on creation.
  auto created = PostForm(worker, "/cases",
                          {{"local_id", "P-2"},
                           {"sex", "female"},
                           {"family_name", "OKAFOR"},
                           {"given_name", "Blessing"},
                           {"birth_year", "1999"},
                           {"birth_month", "3"},
                           {"birth_day", "12"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 303) << created->body;
  const std::string location = created->get_header_value("Location");
  EXPECT_THAT(location, HasSubstr("?done=created&duplicates=1"));
  const std::string second = location.substr(7, location.find('?') - 7);
  auto page = Get(worker, location);
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("nothing was merged"));
  EXPECT_THAT(page->body, HasSubstr("Likely the same person"));
  EXPECT_THAT(page->body, HasSubstr("href=\"/cases/" + std::to_string(first) + "\""));
  EXPECT_THAT(page->body, Not(HasSubstr("href=\"/cases/" + std::to_string(elsewhere) + "\"")))
      << "another organisation's case is never a candidate for a case worker";
  EXPECT_THAT(page->body, Not(HasSubstr("OKAFOR")));
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 3) << "nothing merged";
  EXPECT_EQ(Get(worker, "/cases/" + second)->status, 200);
  EXPECT_EQ(Get(worker, "/cases/" + std::to_string(first))->status, 200);
  // Through the API: the count in the answer; a different person is not flagged.
  auto again = PostJson(worker, "/api/v1/cases",
                        {{"local_id", "P-3"},
                         {"identifiers",
                          {{"family_name", "Okafor"},
                           {"given_name", "Blessing"},
                           {"birth_date", "1999-03-12"},
                           {"document_numbers", {"A1234567"}}}}});
  ASSERT_EQ(again->status, 201) << again->body;
  EXPECT_EQ(json::parse(again->body)["possible_duplicates"], 2);
  auto stranger = PostJson(worker, "/api/v1/cases",
                           {{"local_id", "P-4"},
                            {"identifiers", {{"family_name", "Smith"}, {"birth_date", "1980"}}}});
  ASSERT_EQ(stranger->status, 201);
  EXPECT_EQ(json::parse(stranger->body)["possible_duplicates"], 0);
  auto plain = PostForm(worker, "/cases", {{"local_id", "P-5"}, {"family_name", "Nobody"}});
  ASSERT_EQ(plain->status, 303);
  EXPECT_THAT(plain->get_header_value("Location"), Not(HasSubstr("duplicates")));
  // The NGO's own creation saw no police case either.
  auto ngo = json::parse(Get(other, "/api/v1/cases/" + std::to_string(elsewhere) +
                                        "/duplicates")->body);
  EXPECT_EQ(ngo["duplicates"].size(), 0u);
}

TEST_F(OpsTest, DuplicatesRespectOrganisationScopeAndRoles) {
  StartServer();
  const Session worker = LogIn("worker");
  const Session other = LogIn("other");
  const int64_t a = CreateCase(worker, "P-1");
  const int64_t d = CreateCase(other, "N-1");  // same person at the NGO
  ASSERT_EQ(PostForm(worker, "/cases/" + std::to_string(a) + "/duplicates/check", {})->status, 303);
  auto mine = Get(worker, "/api/v1/cases/" + std::to_string(a) + "/duplicates");
  EXPECT_EQ(json::parse(mine->body)["duplicates"].size(), 0u)
      << "a case worker never learns of another organisation's case";

  const Session decider = LogIn("decider");
  ASSERT_EQ(PostJson(decider, "/api/v1/cases/" + std::to_string(a) + "/duplicates/check", json::object())
                ->status,
            200);
  auto all = Get(decider, "/api/v1/cases/" + std::to_string(a) + "/duplicates");
  const json j = json::parse(all->body);
  ASSERT_EQ(j["duplicates"].size(), 1u);
  EXPECT_EQ(j["duplicates"][0]["case_id"], d);
  // The police worker still does not see the NGO pair on their case page.
  auto page = Get(worker, "/cases/" + std::to_string(a));
  EXPECT_THAT(page->body, Not(HasSubstr("href=\"/cases/" + std::to_string(d) + "\"")));

  const Session analyst = LogIn("analyst");
  const int denied = CountAudit("denied");
  auto analyst_page = Get(analyst, "/cases/" + std::to_string(a));
  ASSERT_EQ(analyst_page->status, 200);
  EXPECT_THAT(analyst_page->body, Not(HasSubstr("Possible duplicates")));
  auto analyst_check = PostForm(analyst, "/cases/" + std::to_string(a) + "/duplicates/check", {});
  EXPECT_EQ(analyst_check->status, 403);
  EXPECT_EQ(CountAudit("denied"), denied + 1);
  auto no_csrf = PostForm(worker, "/cases/" + std::to_string(a) + "/duplicates/check", {},
                          /*with_csrf=*/false);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(CountAudit("duplicate_check"), 4) << "two on creation, two on request";
}

TEST_F(OpsTest, PagesAreBilingual) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  auto fr = Client().Get("/cases/" + std::to_string(id) + "/documents",
                         {{"Cookie", worker.cookie + "; palermo_lang=fr"}});
  ASSERT_TRUE(fr);
  EXPECT_THAT(fr->body, HasSubstr("Ajouter un document"));
  EXPECT_THAT(fr->body, HasSubstr("<html lang=\"fr\" dir=\"ltr\""));
  auto imp = Client().Get("/import", {{"Cookie", worker.cookie + "; palermo_lang=fr"}});
  EXPECT_THAT(imp->body, HasSubstr("Importer une liste de dossiers"));
  auto cas = Client().Get("/cases/" + std::to_string(id), {{"Cookie", worker.cookie + "; palermo_lang=fr"}});
  EXPECT_THAT(cas->body, HasSubstr("Doublons possibles"));
  EXPECT_THAT(imp->body, HasSubstr("<label for=\"list\">"));
}

// ---- Security review, issue 23 -------------------------------------------------------------

// A case worker's HTCDS upload nested 50,000 deep crashed the server and left the upload in a
// temporary directory. It is now refused with the file and the limit, and nothing is left.
TEST_F(OpsTest, DeeplyNestedJsonUploadIsRefusedAndLeavesNoTemporaryFile) {
  const testing::TempDir tmp;
  const char* old_tmpdir = std::getenv("TMPDIR");
  const std::string saved = old_tmpdir ? old_tmpdir : "";
  ::setenv("TMPDIR", tmp.path().c_str(), 1);
  StartServer();
  const Session worker = LogIn("worker");
  const std::string deep = R"([{"cas_CaseNumber": "J1", "prs_FirstName": )" +
                           std::string(50000, '[') + std::string(50000, ']') + "}]";
  auto res = PostMultipart(worker, "/import",
                           {{"list", deep, "deep.json", "application/json"},
                            {"mapping", R"({"agency": "police", "format": "htcds-json"})",
                             "m.json", "application/json"}});
  ASSERT_TRUE(res) << "the server crashed";
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("deep.json: JSON nested deeper than 64 levels"));
  auto bad_mapping = PostMultipart(
      worker, "/import",
      {{"list", "no\nP-1\n", "a.csv", "text/csv"},
       {"mapping", std::string(50000, '[') + std::string(50000, ']'), "m.json", "application/json"}});
  ASSERT_TRUE(bad_mapping);
  EXPECT_EQ(bad_mapping->status, 400);
  EXPECT_THAT(bad_mapping->body, HasSubstr("mapping: JSON nested deeper than 64 levels"));
  StopServer();
  if (old_tmpdir) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path())) << "an upload was left behind";
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 0);
}

TEST_F(OpsTest, ApiBodyNestedTooDeepIsRefusedBeforeAnyHandler) {
  StartServer();
  const Session worker = LogIn("worker");
  const std::string body = R"({"local_id": "P-1", "identifiers": {"family_name": )" +
                           std::string(50000, '[') + std::string(50000, ']') + "}}";
  auto res = Client().Post("/api/v1/cases",
                           {{"Cookie", worker.cookie}, {"X-CSRF-Token", worker.csrf}}, body,
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("body: JSON nested deeper than 64 levels"));
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 0);
}

TEST_F(OpsTest, AuthenticatedPagesAndJsonAreNotStoredByCaches) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  for (const std::string& path :
       std::vector<std::string>{"/cases", "/cases/" + std::to_string(id), "/api/v1/cases",
                                "/api/v1/cases/" + std::to_string(id)}) {
    auto res = Get(worker, path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << path;
    EXPECT_EQ(res->get_header_value_count("Cache-Control"), 1u) << path;
  }
  auto css = Client().Get("/assets/app.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Cache-Control"), "public, max-age=3600");
}

// A CSRF token in the URL leaks through logs, history and Referer: it is accepted only from
// the X-CSRF-Token header or the form body.
TEST_F(OpsTest, CsrfTokenInTheQueryStringIsRejected) {
  StartServer();
  const Session worker = LogIn("worker");
  const int64_t id = CreateCase(worker, "P-1");
  const std::string check = "/cases/" + std::to_string(id) + "/duplicates/check";
  const int rejected = CountAudit("csrf_rejected");
  auto in_url = PostForm(worker, check + "?csrf=" + worker.csrf, {}, /*with_csrf=*/false);
  ASSERT_TRUE(in_url);
  EXPECT_EQ(in_url->status, 403);
  EXPECT_EQ(CountAudit("csrf_rejected"), rejected + 1);
  auto in_body = PostForm(worker, check, {});
  ASSERT_TRUE(in_body);
  EXPECT_EQ(in_body->status, 303);
}

TEST_F(OpsTest, ControlCharactersInIdentifiersAreAFieldError) {
  StartServer();
  const Session worker = LogIn("worker");
  const json base{{"local_id", "P-1"},
                  {"sex", "female"},
                  {"citizenship", "NGA"},
                  {"forms", {"sexual"}},
                  {"identifiers", {{"family_name", "Okafor"}, {"given_name", "Blessing"}}}};
  for (const std::string& bad : {std::string("Oka\0for", 7), std::string("Oka\x1b[2Jfor"),
                                 std::string("Oka\nfor")}) {
    json body = base;
    body["identifiers"]["family_name"] = bad;
    auto res = PostJson(worker, "/api/v1/cases", body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_THAT(res->body, HasSubstr("family_name: contains a control character"));
    EXPECT_THAT(res->body, Not(HasSubstr("Oka")));
  }
  json nul_id = base;
  nul_id["local_id"] = std::string("P\0-1", 4);
  auto res = PostJson(worker, "/api/v1/cases", nul_id);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("local_id: contains a control character"));
  EXPECT_EQ(store_->Begin(store::Actor{}).value()->CountCases().value(), 0);
  // Notes keep their line breaks and tabs.
  json notes = base;
  notes["notes"] = "line 1\n\tline 2";
  EXPECT_NE(CreateCaseJson(worker, notes), 0);
}

}  // namespace
}  // namespace palermo::server
