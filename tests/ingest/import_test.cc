// SPDX-License-Identifier: AGPL-3.0-or-later
// Import into a real store: idempotence, separators, encodings, crash points, quarantine
// retry and export round trips.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "ingest/reader.h"
#include "testing/htcds.h"
#include "ingest_testing.h"
#include "sample/sample.h"

namespace palermo::ingest {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::StatusIs;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

ImportOptions Options(int64_t batch_rows = 5000) {
  ImportOptions o;
  o.today = testing::Today();
  o.batch_rows = batch_rows;
  return o;
}

fs::path MakeSample(const TempDir& dir, int people = 300) {
  sample::SampleOptions options;
  options.people = people;
  options.seed = 11;
  Result<sample::SampleSummary> s = sample::GenerateSample(dir.path() / "sample", options);
  EXPECT_TRUE(s.ok()) << s.status();
  return dir.path() / "sample";
}

std::vector<CaseRecord> Cases(store::Store& store, bool with_identifiers) {
  auto tx = store.Begin(store::Actor{});
  auto cases = (*tx)->ListCases("", with_identifiers, with_identifiers ? "test" : "");
  EXPECT_TRUE(cases.ok()) << cases.status();
  return cases.ok() ? *cases : std::vector<CaseRecord>();
}

constexpr const char* kSmallMapping = R"({
  "agency": "shelter", "separator": "SEP", "encoding": "ENC",
  "columns": {"id": "local_id", "name": "full_name", "sex": "sex", "seen": "identification_date"},
  "values": {"sex": {"Femme": "female", "Homme": "male"}},
  "required": ["local_id"]
})";

Mapping SmallMapping(const std::string& separator = ",", const std::string& encoding = "UTF-8") {
  std::string text = kSmallMapping;
  text.replace(text.find("SEP"), 3, separator);
  text.replace(text.find("ENC"), 3, encoding);
  Result<Mapping> m = ParseMapping(text);
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}

TEST(Import, ReimportingTheSameFileChangesNothing) {
  TempDir dir;
  const fs::path sample = MakeSample(dir);
  auto t = testing::MakeStore();
  const Mapping m = *LoadMapping(sample / "mappings" / "police.json");
  Result<FileReport> first = ImportFile(*t->store, m, sample / "police.csv", Options(50));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_GT(first->imported, 50);
  EXPECT_EQ(first->imported + first->quarantined, first->rows_read);
  const int64_t cases = testing::CountCases(*t->store);
  const size_t quarantined = testing::Quarantine(*t->store).size();

  Result<FileReport> second = ImportFile(*t->store, m, sample / "police.csv", Options(50));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->imported, 0);
  EXPECT_EQ(second->quarantined, 0);
  EXPECT_EQ(second->already_present, first->rows_read);
  EXPECT_EQ(testing::CountCases(*t->store), cases);
  EXPECT_EQ(testing::Quarantine(*t->store).size(), quarantined);
}

TEST(Import, OneRowCopiedIntoAnotherFileIsAlreadyPresent) {
  TempDir dir;
  const fs::path sample = MakeSample(dir);
  auto t = testing::MakeStore();
  const Mapping m = *LoadMapping(sample / "mappings" / "health.json");
  ASSERT_TRUE(ImportFile(*t->store, m, sample / "health.csv", Options()).ok());
  std::ifstream in(sample / "health.csv");
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  WriteFile(dir.path() / "resent.csv", header + "\n" + row + "\n");
  Result<FileReport> again = ImportFile(*t->store, m, dir.path() / "resent.csv", Options());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->already_present, 1);
  EXPECT_EQ(again->imported, 0);
}

TEST(Import, SemicolonAndCommaSpaceSeparatorsWithQuotedFields) {
  auto t = testing::MakeStore();
  TempDir dir;
  WriteFile(dir.path() / "semi.csv",
            "id;name;sex;seen\nA1;\"Eze; Joy\";Femme;01/02/2020\nA2;Obi Faith;Femme;02/02/2020\n");
  WriteFile(dir.path() / "comma_space.csv",
            "id, name, sex, seen\r\nB1, \"Okafor, Blessing\", Femme, 01/02/2020\r\nB2, Eze Joy, "
            "Homme, 03/02/2020\r\n");
  Result<FileReport> semi =
      ImportFile(*t->store, SmallMapping(";"), dir.path() / "semi.csv", Options());
  ASSERT_TRUE(semi.ok()) << semi.status();
  EXPECT_EQ(semi->imported, 2);
  Result<FileReport> cs =
      ImportFile(*t->store, SmallMapping(", "), dir.path() / "comma_space.csv", Options());
  ASSERT_TRUE(cs.ok()) << cs.status();
  EXPECT_EQ(cs->imported, 2);
  std::set<std::string> names;
  for (const CaseRecord& c : Cases(*t->store, true)) names.insert(c.person.identifiers.full_name);
  EXPECT_EQ(names, (std::set<std::string>{"Eze; Joy", "Obi Faith", "Okafor, Blessing", "Eze Joy"}));
}

// A regular file is read in one piece; a named pipe (e.g. `<(zcat police.csv.gz)`) as a
// stream: both import every row. A missing file is refused by name.
TEST(Import, PipeIsReadLikeAFileAndAMissingFileIsNotFound) {
  auto t = testing::MakeStore();
  TempDir dir;
  const fs::path pipe = dir.path() / "pipe.csv";
  ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(pipe, std::ios::binary);
    out << "id,name,sex,seen\nP1,Eze Joy,Femme,01/02/2020\nP2,Obi Faith,Homme,02/02/2020\n";
  });
  Result<FileReport> piped = ImportFile(*t->store, SmallMapping(), pipe, Options());
  writer.join();
  ASSERT_TRUE(piped.ok()) << piped.status();
  EXPECT_EQ(piped->rows_read, 2);
  EXPECT_EQ(piped->imported, 2);

  EXPECT_THAT(ImportFile(*t->store, SmallMapping(), dir.path() / "absent.csv", Options()),
              StatusIs(StatusCode::kNotFound, HasSubstr("absent.csv: cannot open the file")));
  EXPECT_EQ(testing::CountCases(*t->store), 2);
}

TEST(Import, DeclaredLatin1IsConvertedAndBomIsSkipped) {
  auto t = testing::MakeStore();
  TempDir dir;
  WriteFile(dir.path() / "latin1.csv",
            "id,name,sex,seen\nL1,H\xE9l\xE8ne L\xF6w,Femme,01/02/2020\n");
  WriteFile(dir.path() / "bom.csv",
            "\xEF\xBB\xBFid,name,sex,seen\nU1,Zo\xC3\xA9,Femme,01/02/2020\n");
  Result<FileReport> latin =
      ImportFile(*t->store, SmallMapping(",", "ISO-8859-1"), dir.path() / "latin1.csv", Options());
  ASSERT_TRUE(latin.ok()) << latin.status();
  Result<FileReport> bom =
      ImportFile(*t->store, SmallMapping(","), dir.path() / "bom.csv", Options());
  ASSERT_TRUE(bom.ok()) << bom.status();
  std::set<std::string> names;
  for (const CaseRecord& c : Cases(*t->store, true)) names.insert(c.person.identifiers.full_name);
  EXPECT_EQ(names, (std::set<std::string>{"H\xC3\xA9l\xC3\xA8ne L\xC3\xB6w", "Zo\xC3\xA9"}));
  // The same Latin-1 bytes without the declaration: the file is refused, naming the byte.
  EXPECT_THAT(ImportFile(*t->store, SmallMapping(","), dir.path() / "latin1.csv", Options()),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("latin1.csv: not valid UTF-8 at byte 21 (line 2)")));
}

// Found by fuzz/csv_import.cc: a column named "_structure" was read back from the
// quarantine's JSON as the row's structure problem (its value taken for the reason, the row
// never importable by a retry), and dropped from that JSON when the row had a structure
// problem; a header column "_extra1" and a cell beyond the header shared one key.
TEST(Quarantine, ColumnsNamedLikeTheQuarantinesOwnKeysComeBackFromIt) {
  const Mapping m = SmallMapping();
  Result<std::unique_ptr<internal::RowSource>> source = internal::RowSource::FromText(
      "id,_structure,_extra1,name,sex,seen\nQ1,kept,x,Eze Joy,Femme,2020\n"
      "Q2,also kept,y,Obi Faith,Femme,2020,beyond\n",
      "f.csv", m);
  ASSERT_TRUE(source.ok()) << source.status();
  for (int i = 0; i < 2; ++i) {
    std::optional<RawRow> row = (*source)->Next();
    ASSERT_TRUE(row);
    Result<RawRow> back = internal::RawRowFromJson((*source)->RawJson(*row), row->line);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->cells, row->cells) << "row " << i + 1;
    EXPECT_EQ(back->structure_problem, row->structure_problem) << "row " << i + 1;
  }

  auto t = testing::MakeStore();
  TempDir dir;
  WriteFile(dir.path() / "f.csv",
            "id,_structure,name,sex,seen\nQ1,Secret Value,Obi Faith,Weiblich,01/02/2020\n");
  Result<FileReport> r = ImportFile(*t->store, m, dir.path() / "f.csv", Options());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->quarantined, 1);
  Mapping fixed = m;
  fixed.values["sex"]["Weiblich"] = "female";
  Result<RetryReport> retried = RetryQuarantine(*t->store, {fixed}, Options());
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->imported, 1);
  EXPECT_EQ(testing::CountCases(*t->store), 1);
}

TEST(Quarantine, RetryWithACorrectedMappingImportsAndResolves) {
  auto t = testing::MakeStore();
  TempDir dir;
  WriteFile(dir.path() / "f.csv",
            "id,name,sex,seen\nQ1,Eze Joy,Femme,01/02/2020\nQ2,Obi "
            "Faith,Weiblich,01/02/2020\nQ3,Li Fang,Femme,01/02/2020\n");
  Result<FileReport> r = ImportFile(*t->store, SmallMapping(), dir.path() / "f.csv", Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->quarantined, 1);
  EXPECT_EQ(r->quarantined_by_reason.begin()->first,
            "sex: unknown code (not female, male, other, unknown, nor a code in the mapping's "
            "values for sex)");

  // Without a new mapping the saved one is used: the row is still invalid.
  Result<RetryReport> same = RetryQuarantine(*t->store, {}, Options());
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->examined, 1);
  EXPECT_EQ(same->still_bad, 1);
  EXPECT_EQ(same->imported, 0);

  Mapping fixed = SmallMapping();
  fixed.values["sex"]["Weiblich"] = "female";
  Result<RetryReport> retried = RetryQuarantine(*t->store, {fixed}, Options());
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->imported, 1);
  EXPECT_EQ(testing::CountCases(*t->store), 3);
  EXPECT_TRUE(testing::Quarantine(*t->store, /*all=*/false).empty());
  ASSERT_EQ(testing::Quarantine(*t->store, /*all=*/true).size(), 1u);
  EXPECT_TRUE(testing::Quarantine(*t->store, true)[0].resolved);

  // Re-importing the file now finds every row present.
  Result<FileReport> again = ImportFile(*t->store, fixed, dir.path() / "f.csv", Options());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->already_present, 3);
  EXPECT_EQ(testing::CountCases(*t->store), 3);
}

TEST(Export, HtcdsJsonWithIdentifiersImportsBackToTheSameCases) {
  TempDir dir;
  const fs::path sample = MakeSample(dir);
  auto source = testing::MakeStore();
  ASSERT_TRUE(ImportFile(*source->store, *LoadMapping(sample / "mappings" / "immigration.json"),
                         sample / "immigration.csv", Options())
                  .ok());
  ASSERT_TRUE(ImportFile(*source->store, *LoadMapping(sample / "mappings" / "ngo_shelter.json"),
                         sample / "ngo_shelter.csv", Options())
                  .ok());
  EXPECT_THAT(ExportHtcdsJson(*source->store, dir.path() / "x.json", true, ""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("needs a purpose")));
  const mode_t old_umask = ::umask(022);  // the usual umask, which used to give 0644
  Result<int64_t> written =
      ExportHtcdsJson(*source->store, dir.path() / "cases.json", true, "round trip test");
  ::umask(old_umask);
  ASSERT_TRUE(written.ok()) << written.status();
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "cases.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "an export with identifiers is readable by others";
  EXPECT_FALSE(fs::exists(dir.path() / "cases.json.tmp"));

  // Every key an HTCDS v2 field or a plm_ extension, every coded value from its list.
  const nlohmann::json exported =
      nlohmann::json::parse(*ReadFileToString(dir.path() / "cases.json"));
  ASSERT_EQ(exported.size(), static_cast<size_t>(*written));
  bool has_event = false;
  for (const nlohmann::json& record : exported) {
    EXPECT_THAT(palermo::testing::HtcdsViolations(record), ::testing::IsEmpty()) << record.dump();
    has_event = has_event || record.contains("plm_TraffickingEvents");
  }
  EXPECT_TRUE(has_event) << "the sample should exercise trafficking events";

  auto target = testing::MakeStore();
  Mapping htcds = *ParseMapping(R"({"agency": "immigration", "format": "htcds-json"})");
  Result<FileReport> back = ImportFile(*target->store, htcds, dir.path() / "cases.json", Options());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->imported, *written);
  EXPECT_EQ(back->quarantined, 0);

  std::vector<CaseRecord> a = Cases(*source->store, true), b = Cases(*target->store, true);
  ASSERT_EQ(a.size(), b.size());
  auto by_id = [](const CaseRecord& x, const CaseRecord& y) { return x.local_id < y.local_id; };
  std::sort(a.begin(), a.end(), by_id);
  std::sort(b.begin(), b.end(), by_id);
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(a[i].local_id);
    EXPECT_EQ(a[i].local_id, b[i].local_id);
    EXPECT_EQ(a[i].person.sex, b[i].person.sex);
    EXPECT_EQ(a[i].person.citizenship, b[i].person.citizenship);
    EXPECT_EQ(a[i].person.birth_year, b[i].person.birth_year);
    EXPECT_EQ(a[i].person.identifiers.given_name, b[i].person.identifiers.given_name);
    EXPECT_EQ(a[i].person.identifiers.family_name, b[i].person.identifiers.family_name);
    EXPECT_EQ(a[i].person.identifiers.full_name, b[i].person.identifiers.full_name);
    EXPECT_EQ(a[i].person.identifiers.birth_date, b[i].person.identifiers.birth_date);
    EXPECT_EQ(a[i].person.identifiers.document_numbers, b[i].person.identifiers.document_numbers);
    EXPECT_EQ(a[i].person.identifiers.phones, b[i].person.identifiers.phones);
    EXPECT_EQ(a[i].forms, b[i].forms);
    EXPECT_EQ(a[i].identification_date, b[i].identification_date);
    EXPECT_EQ(a[i].age_at_identification, b[i].age_at_identification);
    EXPECT_EQ(a[i].victim_status, b[i].victim_status);
    EXPECT_EQ(a[i].country_of_exploitation, b[i].country_of_exploitation);
    EXPECT_EQ(a[i].notes, b[i].notes);
    auto event = [](const CaseRecord& c, EventType type) {
      for (const TraffickingEvent& e : c.events)
        if (e.type == type) return e.country + "/" + e.place;
      return std::string();
    };
    EXPECT_EQ(event(a[i], EventType::kRecruitment), event(b[i], EventType::kRecruitment));
    EXPECT_EQ(event(a[i], EventType::kExploitation), event(b[i], EventType::kExploitation));
  }
}

TEST(Export, HtcdsJsonWrittenBeforeThePlmPrefixStillImports) {
  TempDir dir;
  WriteFile(dir.path() / "old.json",
            R"([{"org_Code": "police", "cas_CaseNumber": "J1", "prs_SecondName": "Testova",
                 "prs_Gender": "Feminine", "cas_OpenDate": "2024-02-03",
                 "hte_CountryOfExploitation": "FRA", "hte_CountryOfRecruitment": "NGA",
                 "hte_ExploitationCity": "Lyon", "vic_TypeOfExploitation": ["SexualExploitation"]}])");
  auto t = testing::MakeStore();
  Mapping htcds = *ParseMapping(R"({"agency": "police", "format": "htcds-json"})");
  Result<FileReport> r = ImportFile(*t->store, htcds, dir.path() / "old.json", Options());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->imported, 1);
  const std::vector<CaseRecord> cases = Cases(*t->store, true);
  EXPECT_EQ(cases[0].local_id, "J1");
  EXPECT_EQ(cases[0].country_of_exploitation, "FRA");
  EXPECT_EQ(cases[0].forms, std::vector<std::string>{"sexual"});
}

TEST(Export, CtdcCsvHasTheCodebookColumnsAndNoIdentifier) {
  TempDir dir;
  const fs::path sample = MakeSample(dir);
  auto t = testing::MakeStore();
  ASSERT_TRUE(ImportFile(*t->store, *LoadMapping(sample / "mappings" / "police.json"),
                         sample / "police.csv", Options())
                  .ok());
  Result<int64_t> n = ExportCtdcCsv(*t->store, dir.path() / "ctdc.csv");
  ASSERT_TRUE(n.ok()) << n.status();
  Result<CsvTable> out = ReadCsvFile(dir.path() / "ctdc.csv");
  ASSERT_TRUE(out.ok()) << out.status();
  Result<CsvTable> codebook =
      ReadCsvFile(palermo::testing::SharedData("reference/ctdc/variables_synthetic_v2024.csv"));
  ASSERT_TRUE(codebook.ok()) << codebook.status();
  std::vector<std::string> variables;
  for (const auto& row : codebook->rows)
    variables.push_back(row[*codebook->FindColumn("variable")]);
  EXPECT_EQ(out->header, variables);
  EXPECT_EQ(static_cast<int64_t>(out->rows.size()), *n);
  const std::set<std::string> allowed_gender = {"Man", "Woman", "Trans/Transgender/NonConforming",
                                                ""};
  const std::set<std::string> allowed_age = {"0--8",   "9--17",  "18--20", "21--23", "24--26",
                                             "27--29", "30--38", "39--47", "48+",    ""};
  int with_age = 0;
  for (const auto& row : out->rows) {
    EXPECT_TRUE(allowed_gender.count(row[1])) << row[1];
    EXPECT_TRUE(allowed_age.count(row[2])) << row[2];
    with_age += row[2].empty() ? 0 : 1;
    for (size_t col = 6; col < row.size(); ++col) EXPECT_TRUE(row[col].empty() || row[col] == "1");
  }
  EXPECT_GT(with_age, out->rows.size() / 2);
  const std::string text = *ReadFileToString(dir.path() / "ctdc.csv");
  for (const CaseRecord& c : Cases(*t->store, true)) {
    EXPECT_EQ(text.find(c.local_id), std::string::npos);
    if (!c.person.identifiers.family_name.empty()) {
      EXPECT_EQ(text.find(c.person.identifiers.family_name), std::string::npos);
    }
    for (const std::string& doc : c.person.identifiers.document_numbers)
      EXPECT_EQ(text.find(doc), std::string::npos);
  }
}

// ---- Crash points: the process dies at a named point; the re-run completes the import. ----

struct CliStore {
  std::unique_ptr<testing::TestStore> t = testing::MakeStore();
  CliStore() { t->store.reset(); }  // the CLI opens it
  std::vector<std::string> Args(std::vector<std::string> rest) const {
    std::vector<std::string> args = {"--db", t->db(), "--key", t->key()};
    args.insert(args.end(), rest.begin(), rest.end());
    return args;
  }
};

std::pair<int64_t, int64_t> CasesAndQuarantine(const testing::TestStore& t) {
  auto s = store::Store::Open(t.options);
  EXPECT_TRUE(s.ok()) << s.status();
  return {testing::CountCases(**s), static_cast<int64_t>(testing::Quarantine(**s).size())};
}

TEST(CrashPoints, KilledAfterABatchCommitKeepsThatBatchAndTheRerunCompletesWithoutDuplicates) {
  TempDir dir;
  ASSERT_TRUE(sample::WriteBenchmarkCsv(dir.path() / "police.csv", 1000, 5).ok());
  WriteFile(dir.path() / "police.json", sample::SampleMappingJson("police"));
  // Reference: the same import, uninterrupted.
  auto reference = testing::MakeStore();
  Result<FileReport> clean = ImportFile(*reference->store, *LoadMapping(dir.path() / "police.json"),
                                        dir.path() / "police.csv", ImportOptions());
  ASSERT_TRUE(clean.ok()) << clean.status();

  for (const std::string point :
       {"ingest.after_batch_commit:2", "ingest.before_batch_commit:1", "ingest.after_row:600"}) {
    SCOPED_TRACE(point);
    CliStore cli;
    const auto import =
        cli.Args({"import", "--batch-rows", "250", "--mapping",
                  (dir.path() / "police.json").string(), (dir.path() / "police.csv").string()});
    auto crashed = RunPalermo(import, {"PALERMO_CRASH_AT=" + point});
    EXPECT_EQ(crashed.exit_code, 137) << crashed.err;
    auto [cases, quarantined] = CasesAndQuarantine(*cli.t);
    // Batches of 250: the 2nd commit and row 600 both leave exactly two batches stored.
    EXPECT_EQ(cases + quarantined, point.starts_with("ingest.before_batch_commit") ? 0 : 500);

    auto rerun = RunPalermo(import);
    EXPECT_TRUE(rerun.exit_code == 0 || rerun.exit_code == 9) << rerun.err;
    auto [final_cases, final_quarantined] = CasesAndQuarantine(*cli.t);
    EXPECT_EQ(final_cases, clean->imported);
    EXPECT_EQ(final_quarantined, clean->quarantined);
  }
}

// More rows than the reading thread keeps in flight (16 chunks of 512), so chunks the writer
// is done with are handed back and reused: every row must still reach the store once, intact
// and in file order, with its own line number in the quarantine.
TEST(Import, RowsOfRecycledChunksArriveIntactAndInFileOrder) {
  TempDir dir;
  constexpr int kRows = 9000;
  ASSERT_TRUE(sample::WriteBenchmarkCsv(dir.path() / "police.csv", kRows, 3).ok());
  const Mapping m = *ParseMapping(sample::SampleMappingJson("police"), "police.json");
  // The reference: each row converted on its own, in file order.
  std::vector<std::string> valid_ids;
  std::vector<int64_t> invalid_lines;
  {
    auto source = internal::RowSource::Open(dir.path() / "police.csv", m);
    ASSERT_TRUE(source.ok()) << source.status();
    while (std::optional<RawRow> row = (*source)->Next()) {
      Conversion c = ConvertRow(m, *row, testing::Today());
      if (c.record) {
        valid_ids.push_back(c.record->local_id);
      } else {
        invalid_lines.push_back(row->line);
      }
    }
  }
  ASSERT_EQ(valid_ids.size() + invalid_lines.size(), static_cast<size_t>(kRows));
  ASSERT_FALSE(invalid_lines.empty());

  auto t = testing::MakeStore();
  Result<FileReport> report = ImportFile(*t->store, m, dir.path() / "police.csv", Options(5000));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rows_read, kRows);
  EXPECT_EQ(report->imported, static_cast<int64_t>(valid_ids.size()));
  EXPECT_EQ(report->quarantined, static_cast<int64_t>(invalid_lines.size()));
  std::vector<std::string> stored_ids;
  for (const CaseRecord& c : Cases(*t->store, false)) stored_ids.push_back(c.local_id);
  EXPECT_EQ(stored_ids, valid_ids);
  std::vector<int64_t> quarantined_lines;
  for (const store::QuarantineEntry& e : testing::Quarantine(*t->store)) {
    quarantined_lines.push_back(e.line);
  }
  EXPECT_EQ(quarantined_lines, invalid_lines);
}

// ---- Limits (security review, issue 23) ------------------------------------------------------

// An HTCDS file with a value nested 50,000 deep crashed the importer (recursive cell
// conversion ran out of stack). It is now refused whole, naming the file and the limit.
TEST(ImportLimits, JsonNested50000DeepIsRefusedNamingTheFileAndTheLimit) {
  TempDir dir;
  const std::string deep = R"([{"cas_CaseNumber": "J1", "prs_FirstName": )" +
                           std::string(50000, '[') + std::string(50000, ']') + "}]";
  WriteFile(dir.path() / "deep.json", deep);
  auto t = testing::MakeStore();
  Mapping htcds = *ParseMapping(R"({"agency": "shelter", "format": "htcds-json"})");
  EXPECT_THAT(ImportFile(*t->store, htcds, dir.path() / "deep.json", Options()),
              StatusIs(StatusCode::kInvalidArgument,
                       "deep.json: JSON nested deeper than 64 levels at byte 105 (line 1)"));
  EXPECT_EQ(testing::CountCases(*t->store), 0);
  EXPECT_TRUE(testing::Quarantine(*t->store).empty());
  // A mapping file and a quarantined record are held to the same limit.
  EXPECT_THAT(ParseMapping(std::string(50000, '[') + std::string(50000, ']'), "m.json"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: JSON nested deeper than 64 levels (byte 64)"));
  EXPECT_THAT(internal::RawRowFromJson(R"({"a": )" + std::string(50000, '[') + "}", 1),
              StatusIs(StatusCode::kDataLoss, HasSubstr("nested deeper than 64 levels")));
  // A number beyond a double makes nlohmann throw out_of_range, not parse_error (found by
  // fuzz/htcds_json.cc; it ended the process).
  EXPECT_THAT(internal::RawRowFromJson(R"({"a": 1e999})", 1),
              StatusIs(StatusCode::kDataLoss, "a quarantined record is not valid JSON"));
}

// One row of 160,000 commas froze the import (each cell of the quarantined row was looked up
// linearly while the raw row was built, inside the write transaction). It is now quarantined
// at once with the limit as its reason; the other rows are imported.
TEST(ImportLimits, RowWithTooManyFieldsIsQuarantinedQuicklyWithTheLimitAsReason) {
  TempDir dir;
  WriteFile(dir.path() / "wide.csv", "id,name,sex,seen\nS-1,Ama,Femme,2020\nS-2," +
                                         std::string(160000, ',') + "\nS-3,Efe,Homme,2021\n");
  auto t = testing::MakeStore();
  const auto start = std::chrono::steady_clock::now();
  Result<FileReport> report = ImportFile(*t->store, SmallMapping(), dir.path() / "wide.csv",
                                         Options());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_LT(seconds, 10.0) << "building the quarantined row is not linear";
  EXPECT_EQ(report->imported, 2);
  ASSERT_EQ(report->quarantined, 1);
  const std::vector<store::QuarantineEntry> q = testing::Quarantine(*t->store);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].source_file, "wide.csv");
  EXPECT_EQ(q[0].line, 3);
  EXPECT_EQ(q[0].field, "");
  EXPECT_EQ(q[0].reason, "the row has 160002 fields; at most 1000 are read");
}

// A 1 MB name was accepted. A cell over 64 KiB now quarantines its row, naming the column
// and the limit, never the value; a header of more than 1,000 columns refuses the file.
TEST(ImportLimits, CellOverTheLimitIsQuarantinedNamingTheColumnAndAWideHeaderIsRefused) {
  TempDir dir;
  const std::string name = "Zz" + std::string(1 << 20, 'a');
  WriteFile(dir.path() / "long.csv",
            "id,name,sex,seen\nS-1," + name + ",Femme,2020\nS-2,Efe,Homme,2021\nS-3," +
                std::string(kMaxCellBytes, 'b') + ",Femme,2020\n");
  auto t = testing::MakeStore();
  Result<FileReport> report =
      ImportFile(*t->store, SmallMapping(), dir.path() / "long.csv", Options());
  ASSERT_TRUE(report.ok()) << report.status();
  // A cell of exactly the limit is read; as a name it is then refused by the case validator
  // (core/validate.h), as the web app refuses it.
  EXPECT_EQ(report->imported, 1);
  ASSERT_EQ(report->quarantined, 2);
  const std::vector<store::QuarantineEntry> q = testing::Quarantine(*t->store);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].line, 2);
  EXPECT_EQ(q[0].field, "name");
  EXPECT_EQ(q[0].reason, "longer than 65536 bytes, the limit for one cell");
  EXPECT_THAT(q[0].reason, Not(HasSubstr("Zz")));
  EXPECT_EQ(q[1].line, 4);
  EXPECT_EQ(q[1].reason, "too long (at most 200 bytes)");

  std::string header = "id,name,sex,seen";
  for (int col = 0; col < 1000; ++col) header += ",c" + std::to_string(col);
  WriteFile(dir.path() / "wide_header.csv", header + "\nS-1,Ama,Femme,2020\n");
  EXPECT_THAT(ImportFile(*t->store, SmallMapping(), dir.path() / "wide_header.csv", Options()),
              StatusIs(StatusCode::kInvalidArgument,
                       "wide_header.csv: the header has 1004 columns; at most 1000 are read"));
}

// The server refuses control characters in identifiers; an imported list now does too: the
// row is quarantined with a field error, never the value.
TEST(ImportLimits, ControlCharacterInAnIdentifierIsQuarantinedAsAFieldError) {
  TempDir dir;
  WriteFile(dir.path() / "ctl.csv", "id,name,sex,seen\nS-1,Ama\x1b[2J,Femme,2020\n"
                                    "S-2,\"Efe\nOkoro\",Homme,2021\nS-3,Ada,Femme,2020\n");
  auto t = testing::MakeStore();
  Result<FileReport> report =
      ImportFile(*t->store, SmallMapping(), dir.path() / "ctl.csv", Options());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->imported, 1);
  const std::vector<store::QuarantineEntry> q = testing::Quarantine(*t->store);
  ASSERT_EQ(q.size(), 2u);
  for (const store::QuarantineEntry& e : q) {
    EXPECT_EQ(e.field, "full_name");
    EXPECT_EQ(e.reason, "contains a control character");
  }
}

}  // namespace
}  // namespace palermo::ingest
