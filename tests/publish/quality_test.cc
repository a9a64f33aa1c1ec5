// SPDX-License-Identifier: AGPL-3.0-or-later
// The data-quality annex's rows: every part present, absent parts "not available", agencies by
// name, numbers kept as numbers, both languages.
#include <set>

#include "publish/publish.h"
#include "testing/testing.h"

namespace palermo::publish {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::set<std::string> Sections(const std::vector<QualityRow>& rows) {
  std::set<std::string> out;
  for (const QualityRow& r : rows) out.insert(r.section);
  return out;
}

TEST(DataQuality, AbsentPartsSayNotAvailableInsteadOfVanishing) {
  const DataQuality empty;
  const std::vector<QualityRow> en = DataQualityRows(empty, Lang::kEn);
  EXPECT_EQ(Sections(en).size(), 4u);  // linkage, review, quarantine, run
  for (const QualityRow& r : en) {
    EXPECT_EQ(r.value, "not available") << r.section;
    EXPECT_FALSE(r.number.has_value());
  }
  for (const QualityRow& r : DataQualityRows(empty, Lang::kFr)) EXPECT_EQ(r.value, "non disponible");
}

TEST(DataQuality, FilledPartsGiveNumbersNamesAndSources) {
  DataQuality q;
  q.linkage.push_back({"held-out", 0.912, 0.845, 0.877, "", "docs/link.md, palermo link --evaluate"});
  q.pairs_in_review = 37;
  q.quarantined = std::vector<QuarantinedRows>{{"police", "Police nationale", 12}, {"ngo", "ngo", 3}};
  q.linkage_run = LinkageRun{"2026-12-07T10:00:00Z", "threshold 0.9, review band 0.6-0.9"};
  const std::string csv = RenderDataQualityCsv(q, Lang::kEn);
  EXPECT_THAT(csv, HasSubstr("Police nationale,12,12,case database"));
  EXPECT_THAT(csv, HasSubstr("precision,0.912,0.912,\"docs/link.md, palermo link --evaluate\""));
  EXPECT_THAT(csv, HasSubstr("held-out pairs (not used to tune),\"precision 0.912, recall 0.845, F1 0.877\""));
  EXPECT_THAT(csv, HasSubstr(",37,37,"));
  EXPECT_THAT(csv, HasSubstr("threshold 0.9"));
  EXPECT_THAT(csv, Not(HasSubstr("not available")));
  const std::string fr = RenderDataQualityCsv(q, Lang::kFr);
  EXPECT_THAT(fr, HasSubstr("précision 0,912, rappel 0,845, F1 0,877"));
  EXPECT_THAT(fr, HasSubstr("Lignes en quarantaine"));
  // With the report's threshold, a count below it is "fewer than 5", without a number.
  const std::string published = RenderDataQualityCsv(q, Lang::kEn, 5);
  EXPECT_THAT(published, HasSubstr("ngo,fewer than 5,,case database"));
  EXPECT_THAT(published, HasSubstr("Police nationale,12,12,case database"));
  EXPECT_THAT(RenderDataQualityCsv(q, Lang::kFr, 5), HasSubstr("ngo,moins de 5,,base de cas"));
  // None quarantined is a zero, not "not available".
  q.quarantined = std::vector<QuarantinedRows>{};
  EXPECT_THAT(RenderDataQualityCsv(q, Lang::kEn), HasSubstr("All agencies,0,0,case database"));
}

}  // namespace
}  // namespace palermo::publish
