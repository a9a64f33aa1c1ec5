// SPDX-License-Identifier: AGPL-3.0-or-later
// `palermo report` run as a user runs it: on a small synthetic sample generated, imported and
// linked with the real CLI (palermo sample / init / import / link), checking what a reader of
// the outputs would notice: missing files, the wrong language, a count over records where
// persons were asked for, a name in a published file, a cell below the threshold.
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "testing/testing.h"

namespace palermo {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::CommandResult;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;
using ::palermo::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

constexpr const char* kAgencies[] = {"police", "labour_inspection", "ngo_shelter", "health", "immigration"};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The members of a zip archive (an XLSX workbook), inflated: name -> content. Reads the central
// directory (APPNOTE.TXT §4.3.12, §4.3.16); stored (0) and deflated (8) members only.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  auto u16 = [&](size_t at) { return static_cast<uint32_t>(static_cast<uint8_t>(zip[at]) | static_cast<uint8_t>(zip[at + 1]) << 8); };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  std::map<std::string, std::string> members;
  size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) return members;
  const uint32_t entries = u16(eocd + 10);
  size_t at = u32(eocd + 16);
  for (uint32_t e = 0; e < entries && at + 46 <= zip.size(); ++e) {
    const uint32_t method = u16(at + 10), compressed = u32(at + 20), size = u32(at + 24);
    const uint32_t name_len = u16(at + 28), extra_len = u16(at + 30), comment_len = u16(at + 32);
    const uint32_t local = u32(at + 42);
    const std::string name = zip.substr(at + 46, name_len);
    at += 46 + name_len + extra_len + comment_len;
    const size_t data = local + 30 + u16(local + 26) + u16(local + 28);
    std::string out(size, '\0');
    if (method == 0) {
      out = zip.substr(data, size);
    } else if (method == 8) {
      z_stream zs{};
      inflateInit2(&zs, -MAX_WBITS);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      zs.avail_in = compressed;
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = size;
      const int rc = inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      if (rc != Z_STREAM_END) out = "<corrupt member>";
    }
    members[name] = std::move(out);
  }
  return members;
}

// A sample of 300 people in five agency lists, imported into a fresh store once per process;
// `clusters` is the `palermo link` output on the same lists.
struct Sample {
  TempDir dir;
  fs::path db, key, sample, clusters;
  int64_t imported = 0;
  // Direct identifiers as written in the lists (names, birth dates, phones, documents).
  std::map<std::string, std::string> identifiers;  // value -> role
  std::set<std::string> name_words;
  // (agency, record id) of the rows the import quarantined.
  std::set<std::pair<std::string, std::string>> quarantined;
};

const Sample& Imported() {
  static const std::unique_ptr<Sample> sample = [] {
    auto s = std::make_unique<Sample>();
    s->db = s->dir.path() / "p.db";
    s->key = s->dir.path() / "p.db.key";
    s->sample = s->dir.path() / "sample";
    s->clusters = s->dir.path() / "clusters.csv";
    auto must = [](const CommandResult& r, std::initializer_list<int> ok) {
      EXPECT_TRUE(std::count(ok.begin(), ok.end(), r.exit_code)) << r.out << r.err;
    };
    must(RunPalermo({"sample", "--out", s->sample.string(), "--people", "300", "--seed", "7"}), {0});
    must(RunPalermo({"--db", s->db.string(), "--key", s->key.string(), "init"}), {0});
    std::vector<std::string> link = {"link", "--mapping", (s->sample / "link_mapping.json").string(), "--out",
                                     s->clusters.string()};
    for (const char* agency : kAgencies) {
      const std::string csv = (s->sample / (std::string(agency) + ".csv")).string();
      CommandResult r = RunPalermo({"--db", s->db.string(), "--key", s->key.string(), "import", "--mapping",
                                    (s->sample / "mappings" / (std::string(agency) + ".json")).string(), csv});
      must(r, {0, 9});
      std::smatch m;
      if (std::regex_search(r.out, m, std::regex(R"((\d+) imported)"))) s->imported += std::stoll(m[1]);
      link.push_back(csv);
    }
    must(RunPalermo(link), {0});
    // Identifiers, by the roles of link_mapping.json.
    const json roles = json::parse(Slurp(s->sample / "link_mapping.json"));
    for (const char* agency : kAgencies) {

      Result<CsvTable> table = ParseCsv(Slurp(s->sample / (std::string(agency) + ".csv")), ',', agency);
      EXPECT_TRUE(table.ok());
      for (const auto& [column, role] : roles[agency].items()) {
        const std::string r = role.get<std::string>();
        if (r == "record_id" || r == "sex" || r == "nationality" || r == "city" || r == "age" || r == "birth_year")
          continue;
        const auto col = table->FindColumn(column);
        if (!col) continue;
        for (const auto& row : table->rows) {
          const std::string v(Trim(row[*col]));
          // A bare birth year ("2006") is no identifier, and is in every report.
          if (v.size() < (r == "birth_date" ? 8u : 4u)) continue;
          s->identifiers.emplace(v, r);
          if (r.find("name") != std::string::npos) {
            std::istringstream words(v);
            for (std::string w; words >> w;)
              if (w.size() >= 4) s->name_words.insert(w);
          }
        }
      }
    }
    // Quarantined rows: `palermo quarantine list` gives file and line; the record id is in that line.
    CommandResult q = RunPalermo({"--db", s->db.string(), "--key", s->key.string(), "quarantine", "list"});
    const CsvTable clusters = ParseCsv(Slurp(s->clusters), ',', "clusters.csv").value();
    Result<CsvTable> qt = ParseCsv(q.out, ',', "quarantine");
    EXPECT_TRUE(qt.ok()) << q.out << q.err;
    for (const auto& row : qt->rows) {
      const std::string file = row[*qt->FindColumn("file")];
      const int line = std::stoi(row[*qt->FindColumn("line")]);
      std::istringstream in(Slurp(s->sample / file));
      std::string text;
      for (int i = 0; i < line; ++i) std::getline(in, text);
      const std::string agency = fs::path(file).stem().string();
      for (const auto& c : clusters.rows)
        if (c[0] == agency && text.rfind(c[1] + ",", 0) == 0) s->quarantined.insert({agency, c[1]});
    }
    return s;
  }();
  return *sample;
}

CommandResult Report(const std::vector<std::string>& args, const std::vector<std::string>& env = {"LANG=C.UTF-8"}) {
  const Sample& s = Imported();
  std::vector<std::string> all = {"--db", s.db.string(), "--key", s.key.string(), "report"};
  all.insert(all.end(), args.begin(), args.end());
  return RunPalermo(all, env);
}

// The year table's grand total (every year, every person counted once), as published.
int64_t PersonsInReport(const fs::path& out) {
  const json j = json::parse(Slurp(out / "tables.json"));
  for (const json& t : j["tables"]) {
    if (t["id"] != "year") continue;
    for (const json& row : t["rows"])
      if (row["code"] == "total") {
        const json& cell = row["cells"].back();
        return cell.is_null() ? -1 : cell.get<int64_t>();
      }
  }
  return -1;
}

// The year of the sample with the most identifications (so that the report has content).
int BusiestYear() {
  static const int year = [] {
    TempDir out;
    const CommandResult r = Report({"--year", "2020", "--out", out.path().string(), "--allow-empty"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(Slurp(out.path() / "tables.json"));
    int best = 0;
    int64_t best_count = -1;
    for (const json& t : j["tables"]) {
      if (t["id"] != "year") continue;
      for (const json& row : t["rows"]) {
        if (row["code"] == "total" || row["cells"].back().is_null()) continue;
        if (row["cells"].back().get<int64_t>() > best_count) {
          best_count = row["cells"].back().get<int64_t>();
          best = std::stoi(row["code"].get<std::string>());
        }
      }
    }
    return best;
  }();
  return year;
}

TEST(ReportCli, WritesEveryFormatInEnglishAndFrench) {
  const std::string year = std::to_string(BusiestYear());
  TempDir en, fr;
  CommandResult r = Report({"--year", year, "--out", en.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Report for " + year));
  // Without --clusters: the database's persons, and the year's estimate from them.
  EXPECT_THAT(r.out, HasSubstr("unique persons"));
  EXPECT_THAT(r.out, HasSubstr("Estimate for persons first identified in " + year));
  for (const char* file : {"index.html", "tables.json", "microdata.csv", "report.xlsx", "estimate.json",
                           "tables/sex_age.csv",
                           "tables/form.csv", "tables/citizenship.csv", "tables/route.csv", "tables/agency.csv",
                           "tables/year.csv", "tables/protections.csv"})
    EXPECT_TRUE(fs::exists(en.path() / file) && fs::file_size(en.path() / file) > 0) << file;
  const std::string html_en = Slurp(en.path() / "index.html");
  EXPECT_THAT(html_en, HasSubstr("<html lang=\"en\""));
  EXPECT_THAT(html_en, HasSubstr("Detected victims by sex and age group"));
  EXPECT_THAT(html_en, Not(HasSubstr("http://")));
  EXPECT_THAT(html_en, Not(HasSubstr("https://")));
  const auto xlsx = Unzip(Slurp(en.path() / "report.xlsx"));
  ASSERT_TRUE(xlsx.count("xl/workbook.xml")) << "report.xlsx is not a workbook";
  EXPECT_THAT(xlsx.at("xl/sharedStrings.xml"), HasSubstr("Detected victims by sex and age group"));

  r = Report({"--year", year, "--out", fr.path().string(), "--lang", "fr"}, {"LANG=fr_FR.UTF-8", "LC_ALL="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Rapport " + year));
  EXPECT_THAT(r.out, HasSubstr("Estimation pour les personnes identifiées pour la première fois en " + year));
  const std::string html_fr = Slurp(fr.path() / "index.html");
  EXPECT_THAT(html_fr, HasSubstr("<html lang=\"fr\""));
  EXPECT_THAT(html_fr, HasSubstr("<caption>Victimes détectées par sexe et groupe d"));
  EXPECT_THAT(html_fr, Not(HasSubstr("Detected victims by sex and age group")));
  EXPECT_THAT(Slurp(fr.path() / "tables" / "sex_age.csv"), HasSubstr("Féminin,Masculin"));
  EXPECT_EQ(json::parse(Slurp(fr.path() / "tables.json"))["lang"], "fr");
  EXPECT_THAT(Unzip(Slurp(fr.path() / "report.xlsx"))["xl/sharedStrings.xml"],
              HasSubstr("Victimes détectées par sexe et groupe d"));
  // The same counts in both languages.
  EXPECT_EQ(PersonsInReport(en.path()), PersonsInReport(fr.path()));
}

TEST(ReportCli, YearWithNoVictimIsRefusedUnlessAllowEmpty) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  CommandResult r = Report({"--year", "1950", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no victim identified in 1950"));
  EXPECT_THAT(r.err, HasSubstr("--allow-empty"));
  EXPECT_THAT(r.err, HasSubstr(std::to_string(BusiestYear())));  // the years that have victims
  EXPECT_FALSE(fs::exists(out / "index.html")) << "nothing is written";
  r = Report({"--year", "1950", "--out", out.string()}, {"LANG=fr_FR.UTF-8", "LC_ALL="});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("aucune victime identifiée en 1950"));
  r = Report({"--year", "1950", "--out", out.string(), "--allow-empty"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("warning: no victim identified in 1950"));
  EXPECT_TRUE(fs::exists(out / "index.html"));
}

TEST(ReportCli, BadOptionsAreUsageErrorsThatSayWhatIsWrong) {
  TempDir out;
  const std::string o = out.path().string();
  struct Case {
    std::vector<std::string> args;
    std::string en, fr;
  };
  const std::vector<Case> cases = {
      {{"--year", "abc", "--out", o}, "--year", "--year"},
      {{"--year", "20x4", "--out", o}, "from 1900 to 2200", "de 1900 à 2200"},
      {{"--year", "12", "--out", o}, "from 1900 to 2200", "de 1900 à 2200"},
      {{"--year", "2023", "--out", o, "--k", "0"}, "--k: must be a whole number from 2", "--k: doit être un nombre entier de 2"},
      {{"--year", "2023", "--out", o, "--threshold", "-1"}, "--threshold: must be a whole number from 1",
       "--threshold: doit être un nombre entier de 1"},
      {{"--year", "2023", "--out", o, "--threshold", "0"}, "from 1 to", "de 1 à"},
      {{"--year", "2023", "--out", o, "--rounding", "4"}, "--rounding", "--rounding"},
      {{"--year", "2023", "--out", o, "--lang", "de"}, "--lang", "--lang"},
      {{"--year", "2023"}, "--out is required", "--out"},
  };
  for (const Case& c : cases) {
    CommandResult en = Report(c.args, {"LANG=en_GB.UTF-8", "LC_ALL="});
    EXPECT_EQ(en.exit_code, 2) << ::testing::PrintToString(c.args) << en.err;
    EXPECT_THAT(en.err, HasSubstr(c.en)) << ::testing::PrintToString(c.args);
    CommandResult fr = Report(c.args, {"LANG=fr_FR.UTF-8", "LC_ALL="});
    EXPECT_EQ(fr.exit_code, 2) << ::testing::PrintToString(c.args);
    EXPECT_THAT(fr.err, HasSubstr(c.fr)) << ::testing::PrintToString(c.args);
    EXPECT_FALSE(fs::exists(out.path() / "index.html")) << "a rejected command wrote a report";
  }
}

// Counts are over records with --records, over unique persons once the link clusters are
// given: the year table's total is the number of clusters with at least one imported record.
TEST(ReportCli, ClustersFileCountsUniquePersons) {
  const Sample& s = Imported();
  const std::string year = std::to_string(BusiestYear());
  TempDir records, persons, pair;
  ASSERT_EQ(Report({"--year", year, "--out", records.path().string(), "--records"}).exit_code, 0);
  EXPECT_EQ(PersonsInReport(records.path()), s.imported);

  CommandResult r = Report({"--year", year, "--out", persons.path().string(), "--clusters", s.clusters.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("unique persons"));
  EXPECT_THAT(r.out, Not(HasSubstr("not in the clusters file")));
  const CsvTable clusters = ParseCsv(Slurp(s.clusters), ',', "clusters.csv").value();
  std::set<std::string> live;
  for (const auto& row : clusters.rows)
    if (!s.quarantined.count({row[0], row[1]})) live.insert(row[2]);
  EXPECT_LT(live.size(), static_cast<size_t>(s.imported)) << "the sample has people in several lists";
  EXPECT_EQ(PersonsInReport(persons.path()), static_cast<int64_t>(live.size()));
  EXPECT_EQ(json::parse(Slurp(persons.path() / "tables.json"))["unit"], "unique_persons");
  EXPECT_EQ(json::parse(Slurp(records.path() / "tables.json"))["unit"], "records");

  // Two imported records of one person merged, every other record alone: one person fewer.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_cluster;
  for (const auto& row : clusters.rows)
    if (!s.quarantined.count({row[0], row[1]})) by_cluster[row[2]].push_back({row[0], row[1]});
  auto two = std::find_if(by_cluster.begin(), by_cluster.end(), [](const auto& c) { return c.second.size() >= 2; });
  ASSERT_NE(two, by_cluster.end());
  const fs::path pair_csv = pair.path() / "pair.csv";
  WriteFile(pair_csv, "file,record_id,cluster_id\n" + two->second[0].first + ".csv," + two->second[0].second +
                          ",A\n" + two->second[1].first + "," + two->second[1].second + ",A\n");
  r = Report({"--year", year, "--out", (pair.path() / "out").string(), "--clusters", pair_csv.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(PersonsInReport(pair.path() / "out"), s.imported - 1);
  EXPECT_THAT(r.out, HasSubstr(std::to_string(s.imported - 2) + " records not in the clusters file"));
}

TEST(ReportCli, MissingOrGarbledClustersFileIsAPreciseError) {
  TempDir dir;
  const std::string year = "2023";
  const fs::path out = dir.path() / "out";
  auto run = [&](const std::string& content) {
    const fs::path f = dir.path() / "clusters.csv";
    WriteFile(f, content);
    return Report({"--year", year, "--out", out.string(), "--clusters", f.string()});
  };
  CommandResult r = Report({"--year", year, "--out", out.string(), "--clusters", (dir.path() / "nope.csv").string()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("--clusters: cannot open"));
  EXPECT_THAT(r.err, HasSubstr("nope.csv"));

  r = run("record,cluster\nPV-000001,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("clusters.csv: needs the header file,record_id,cluster_id"));

  r = run("file,record_id,cluster_id\npolice,PV-000001,1\npolice,PV-000002\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("clusters.csv:line 3: 2 fields, header has 3"));

  r = run("file,record_id,cluster_id\npolice,PV-000001,1\npolice,PV-000003,1\npolice,PV-000001,2\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("clusters.csv:line 4: record listed twice"));

  r = run("file,record_id,cluster_id\npolice,PV-000001,7\npolice,PV-000002,\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("clusters.csv:line 3: cluster_id is empty"));

  r = run("file,record_id,cluster_id\nother,X-1,1\nother,X-2,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("clusters.csv: none of its 2 records is in the database"));

  r = run("file,record_id,cluster_id\npolice,\"PV-000001,1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("clusters.csv:line 2: unterminated quoted field"));
  EXPECT_FALSE(fs::exists(out / "index.html"));
}

// Every output file, with the XLSX inflated.
std::map<std::string, std::string> AllOutputs(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), dir).string();
    if (e.path().extension() == ".xlsx") {
      for (auto& [name, content] : Unzip(Slurp(e.path()))) files[rel + "!" + name] = std::move(content);
    } else {
      files[rel] = Slurp(e.path());
    }
  }
  return files;
}

// Whether `word` occurs in `text` not as part of a longer word (letters, digits, any
// non-ASCII byte count as word characters).
bool HasWholeWord(const std::string& text, const std::string& word) {
  const auto inside = [&](size_t i) { return std::isalnum(static_cast<unsigned char>(text[i])) || (text[i] & 0x80); };
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
    if ((at == 0 || !inside(at - 1)) && (at + word.size() >= text.size() || !inside(at + word.size()))) return true;
  return false;
}

TEST(ReportCli, NoIdentifierOfTheSampleInAnyOutput) {
  const Sample& s = Imported();
  ASSERT_GT(s.identifiers.size(), 300u);
  ASSERT_GT(s.name_words.size(), 100u);
  TempDir dir;
  for (const char* lang : {"en", "fr"}) {
    const fs::path out = dir.path() / lang;
    CommandResult r = Report({"--year", std::to_string(BusiestYear()), "--out", out.string(), "--lang", lang,
                              "--clusters", s.clusters.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto files = AllOutputs(out);
    ASSERT_GT(files.size(), 10u);
    for (const auto& [name, content] : files) {
      // Names as whole words ("Maria" is in "Mariage forcé"); numbers and dates anywhere. The
      // message names the kind of identifier, never the value.
      for (const auto& [id, role] : s.identifiers) {
        const bool is_name = role.find("name") != std::string::npos;
        EXPECT_FALSE(is_name ? HasWholeWord(content, id) : content.find(id) != std::string::npos)
            << name << " holds a " << role << " of the sample";
      }
      for (const std::string& w : s.name_words)
        EXPECT_FALSE(HasWholeWord(content, w)) << name << " holds a word of a name of the sample";
    }
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(*s.name_words.begin())));
  }
}

// In tables.json, every table's CSV and every numeric cell of the HTML tables: a count is 0 or
// at least the threshold. Checked at the default 5 and at 8.
TEST(ReportCli, NoPublishedCellBelowTheThreshold) {
  const Sample& s = Imported();
  TempDir dir;
  for (int threshold : {5, 8}) {
    const fs::path out = dir.path() / std::to_string(threshold);
    std::vector<std::string> args = {"--year", std::to_string(BusiestYear()), "--out", out.string(), "--clusters",
                                     s.clusters.string()};
    if (threshold != 5) args.insert(args.end(), {"--threshold", std::to_string(threshold)});
    CommandResult r = Report(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(Slurp(out / "tables.json"));
    int64_t published = 0, suppressed = 0;
    for (const json& t : j["tables"]) {
      for (const json& row : t["rows"])
        for (const json& cell : row["cells"]) {
          if (cell.is_null()) {
            ++suppressed;
            continue;
          }
          ++published;
          const int64_t v = cell.get<int64_t>();
          EXPECT_TRUE(v == 0 || v >= threshold) << t["id"] << " " << row["code"] << " publishes " << v;
        }
      // The CSV of the same table: every cell after the code and label columns.
      const CsvTable csv = ParseCsv(Slurp(out / "tables" / (t["id"].get<std::string>() + ".csv")), ',', "t").value();
      for (const auto& row : csv.rows) {
        if (row[0] == "note") continue;
        for (size_t c = 2; c < row.size(); ++c) {
          if (row[c] == "x") continue;
          const int64_t v = std::stoll(row[c]);
          EXPECT_TRUE(v == 0 || v >= threshold) << t["id"] << ".csv " << row[0] << " publishes " << v;
        }
      }
    }
    EXPECT_GT(suppressed, 0) << "a sample this small must have small cells";
    EXPECT_GT(published, 50) << "the report must still say something";
    // HTML table cells (<td>): numbers only, in the tables.
    const std::string html = Slurp(out / "index.html");
    const std::regex td(R"(<td[^>]*>([0-9][0-9,.]*)</td>)");
    int cells = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), td), end; it != end; ++it) {
      std::string text = (*it)[1].str();
      if (text.find('.') != std::string::npos) continue;  // a rate per 100 000, not a count
      text.erase(std::remove(text.begin(), text.end(), ','), text.end());
      ++cells;
      const int64_t v = std::stoll(text);
      EXPECT_TRUE(v == 0 || v >= threshold) << "index.html publishes " << v;
    }
    EXPECT_GT(cells, 50);
    // Microdata: every combination of quasi-identifiers at least k = 11 times.
    const CsvTable md = ParseCsv(Slurp(out / "microdata.csv"), ',', "microdata.csv").value();
    std::map<std::vector<std::string>, int> classes;
    for (const auto& row : md.rows) ++classes[std::vector<std::string>(row.begin(), row.end() - 1)];
    for (const auto& [qi, n] : classes) EXPECT_GE(n, 11) << ::testing::PrintToString(qi);
  }
}


// The data-quality annex (issue 16, item 5): quarantined rows per agency, as `palermo
// quarantine list` counts them, under the agency's name from its mapping (agency_name); the
// parts the store does not know say "not available" instead of being left out.
TEST(ReportCli, DataQualityAnnexCountsQuarantinedRowsPerAgencyByName) {
  const Sample& s = Imported();
  CommandResult q = RunPalermo({"--db", s.db.string(), "--key", s.key.string(), "quarantine", "list"});
  ASSERT_EQ(q.exit_code, 0) << q.err;
  Result<CsvTable> qt = ParseCsv(q.out, ',', "quarantine");
  ASSERT_TRUE(qt.ok());
  std::map<std::string, int64_t> per_agency;
  for (const auto& row : qt->rows) ++per_agency[fs::path(row[*qt->FindColumn("file")]).stem().string()];
  ASSERT_FALSE(per_agency.empty()) << "the sample should quarantine some rows";
  const std::string year = std::to_string(BusiestYear());
  TempDir en, fr;
  CommandResult r = Report({"--year", year, "--out", en.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = Slurp(en.path() / "tables" / "data_quality.csv");
  for (const auto& [agency, count] : per_agency) {
    const json mapping = json::parse(Slurp(s.sample / "mappings" / (agency + ".json")));
    const std::string name = mapping["agency_name"].get<std::string>();
    ASSERT_NE(name, agency);
    // Counts below the report's threshold (5) are "fewer than 5", as every count of the report.
    const std::string n = std::to_string(count);
    EXPECT_THAT(csv, HasSubstr(CsvEscape(name) + "," + (count < 5 ? "fewer than 5," : n + "," + n) + ","))
        << agency;
  }
  // From the database's persons: the engine's measured accuracy with its source, the pairs left
  // to review and the linkage run the persons come from.
  EXPECT_THAT(csv, HasSubstr("Linkage quality,held-out pairs (not used to tune),\"precision 0.914, recall 0.844"));
  EXPECT_THAT(csv, HasSubstr("docs/link.md"));
  EXPECT_THAT(csv, HasSubstr("Pairs left to review,Candidate pairs not yet decided by a person,"));
  EXPECT_THAT(csv, HasSubstr("Linkage run,Parameters,\"run 1 (full),"));
  EXPECT_THAT(Slurp(en.path() / "index.html"), HasSubstr("Annex: data quality"));
  const json j = json::parse(Slurp(en.path() / "tables.json"));
  ASSERT_TRUE(j["data_quality"].is_array());
  EXPECT_GE(j["data_quality"].size(), per_agency.size() + 3);
  EXPECT_THAT(Unzip(Slurp(en.path() / "report.xlsx"))["xl/workbook.xml"], HasSubstr("data_quality"));
  // Counting records (no linkage), the linkage parts are "not available", never left out.
  r = Report({"--year", year, "--out", fr.path().string(), "--lang", "fr", "--records"},
             {"LANG=fr_FR.UTF-8", "LC_ALL="});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html_fr = Slurp(fr.path() / "index.html");
  EXPECT_THAT(html_fr, HasSubstr("Annexe : qualité des données"));
  EXPECT_THAT(html_fr, HasSubstr("non disponible"));
  EXPECT_THAT(html_fr, Not(HasSubstr("not available")));
}

// The privacy budget lives in the database (issue 16, item 2): a second release past it is
// refused with exit code 3 and nothing is written, whatever --out; the old file option is an
// error that explains the change.
TEST(ReportCli, PrivacyBudgetIsKeptInTheDatabaseAndASecondReleasePastItIsRefused) {
  const Sample& s = Imported();
  TempDir dir;
  const fs::path db = dir.path() / "copy.db", key = dir.path() / "copy.db.key";
  fs::copy_file(s.db, db);
  fs::copy_file(s.key, key);
  for (const char* suffix : {"-wal", "-shm"})
    if (fs::exists(s.db.string() + suffix)) fs::copy_file(s.db.string() + suffix, db.string() + suffix);
  const std::string year = std::to_string(BusiestYear());
  auto report = [&](const std::string& out, const std::string& epsilon, std::vector<std::string> extra = {},
                    const std::vector<std::string>& env = {"LANG=C.UTF-8"}) {
    std::vector<std::string> args = {"--db", db.string(), "--key", key.string(), "report", "--year", year,
                                     "--out", (dir.path() / out).string(), "--dp-epsilon", epsilon};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunPalermo(args, env);
  };
  CommandResult r = report("a", "0.6", {"--dp-budget", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "a" / "index.html"));
  r = report("b", "0.6");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("privacy budget exhausted"));
  EXPECT_THAT(r.err, HasSubstr("spent 0.6 of 1, 0.4 left"));
  EXPECT_FALSE(fs::exists(dir.path() / "b")) << "nothing is written";
  EXPECT_FALSE(fs::exists(dir.path() / "b.partial"));
  r = report("b", "0.6", {}, {"LANG=fr_FR.UTF-8", "LC_ALL="});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("budget de confidentialité épuisé"));
  r = report("c", "0.6", {"--budget-ledger", (dir.path() / "fresh.json").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("no longer used"));
  EXPECT_FALSE(fs::exists(dir.path() / "fresh.json"));
  // The refused releases spent nothing: exactly the rest still fits.
  r = report("d", "0.4");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(db.string() + ".privacy-ledger.json"));
}

}  // namespace
}  // namespace palermo
