// SPDX-License-Identifier: AGPL-3.0-or-later
// The import's limit messages in French (LocalizeLimitMessage), checked on the texts the
// importer really writes, so a change of wording on either side shows here.
#include "ingest/messages.h"

#include <string>

#include "ingest/ingest.h"
#include "testing/testing.h"

namespace palermo::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kMapping = R"({
  "agency": "police", "country": "France", "date_order": "dmy",
  "columns": {"no": "local_id", "nom": "family_name"}})";

PartialDate Today() { return *PartialDate::FromParts(2024, 6, 1); }

TEST(LimitMessages, TooManyFieldsInFrench) {
  const Mapping m = *ParseMapping(kMapping);
  RawRow row;
  row.line = 2;
  for (int i = 0; i < 1001; ++i) row.cells.emplace_back("c" + std::to_string(i), "");
  const Conversion c = ConvertRow(m, row, Today());
  ASSERT_FALSE(c.record);
  EXPECT_EQ(c.problem.reason, "the row has 1001 fields; at most 1000 are read");
  EXPECT_EQ(LocalizeLimitMessage(c.problem.reason, Lang::kFr),
            "la ligne a " + FormatNumber(1001, Lang::kFr) + " champs ; au plus " +
                FormatNumber(1000, Lang::kFr) + " sont lus");
  EXPECT_EQ(LocalizeLimitMessage(c.problem.reason, Lang::kEn), c.problem.reason);
}

TEST(LimitMessages, AMappingsUnknownKeyAndFieldInFrench) {
  const Status key = ParseMapping(R"({"agency": "a", "columns": {"x": "local_id"}, "requried": []})",
                                  "police.json").status();
  EXPECT_EQ(LocalizeLimitMessage(key.message(), Lang::kFr),
            "police.json: clé inconnue « requried » (vouliez-vous dire « required » ?)");
  const Status field =
      ParseMapping(R"({"agency": "a", "columns": {"Nom": "famly_name"}})", "police.json").status();
  EXPECT_EQ(LocalizeLimitMessage(field.message(), Lang::kFr),
            "police.json: la colonne « Nom » désigne un champ inconnu du modèle « famly_name » "
            "(vouliez-vous dire « family_name » ?)");
}

TEST(LimitMessages, JsonNumberTooLargeInFrench) {
  const Result<Mapping> m = ParseMapping(R"({"agency": "a", "_n": -1e999})", "m.json");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(LocalizeLimitMessage(m.status().message(), Lang::kFr),
            "m.json: un nombre du JSON est trop grand pour être lu");
}

TEST(LimitMessages, CellTooLongInFrench) {
  const Mapping m = *ParseMapping(kMapping);
  RawRow row;
  row.cells = {{"no", "1"}, {"nom", std::string(kMaxCellBytes + 1, 'x')}};
  const Conversion c = ConvertRow(m, row, Today());
  ASSERT_FALSE(c.record);
  const std::string fr = LocalizeLimitMessage(c.problem.reason, Lang::kFr);
  EXPECT_THAT(fr, HasSubstr("octets, la limite pour une cellule"));
  EXPECT_THAT(fr, Not(HasSubstr("bytes")));
}

TEST(LimitMessages, JsonDepthInFrenchKeepsTheFileName) {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  const Result<Mapping> mapping = ParseMapping(deep, "m.json");
  ASSERT_FALSE(mapping.ok());
  EXPECT_EQ(LocalizeLimitMessage(mapping.status().message(), Lang::kFr),
            "m.json: JSON imbriqué sur plus de 64 niveaux (octet 64)");
  EXPECT_EQ(LocalizeLimitMessage("deep.json: JSON nested deeper than 64 levels at byte 105 (line 1)",
                                 Lang::kFr),
            "deep.json: JSON imbriqué sur plus de 64 niveaux à l'octet 105 (ligne 1)");
  EXPECT_EQ(LocalizeLimitMessage("Please check: body: JSON nested deeper than 64 levels", Lang::kFr),
            "Please check: body: JSON imbriqué sur plus de 64 niveaux");
  EXPECT_EQ(LocalizeLimitMessage("a quarantined record is nested deeper than 64 levels", Lang::kFr),
            "un enregistrement en quarantaine est imbriqué sur plus de 64 niveaux");
  EXPECT_EQ(LocalizeLimitMessage("list.csv: the header has 1200 columns; at most 1000 are read",
                                 Lang::kFr),
            "list.csv: l'en-tête a " + FormatNumber(1200, Lang::kFr) + " colonnes ; au plus " +
                FormatNumber(1000, Lang::kFr) + " sont lues");
  // Other text is left as it is.
  EXPECT_EQ(LocalizeLimitMessage("sex: unknown value", Lang::kFr), "sex: unknown value");
}

TEST(LimitMessages, ImportReportInFrench) {
  FileReport report;
  report.file = "list.csv";
  report.agency = "police";
  report.rows_read = 1;
  report.quarantined = 1;
  report.quarantined_by_reason["the row has 1001 fields; at most 1000 are read"] = 1;
  EXPECT_THAT(FormatReport(report, Lang::kFr),
              HasSubstr("1 ligne : la ligne a " + FormatNumber(1001, Lang::kFr) + " champs"));
}

}  // namespace
}  // namespace palermo::ingest
