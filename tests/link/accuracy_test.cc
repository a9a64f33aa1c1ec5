// SPDX-License-Identifier: AGPL-3.0-or-later
// Accuracy floors on fixed samples: they fail if a change makes linkage worse.
#include "link/link.h"

#include <map>
#include <unordered_map>

#include "testing/testing.h"

namespace palermo::link {
namespace {

using ::palermo::testing::SharedData;
using ::palermo::testing::TestData;

// Pair precision and recall of clusters against entity labels.
std::pair<double, double> PairPrecisionRecall(const std::vector<uint32_t>& cluster_of,
                                              const std::vector<std::string>& entity) {
  std::map<std::pair<uint32_t, std::string>, double> both;
  std::unordered_map<uint32_t, double> per_cluster;
  std::unordered_map<std::string, double> per_entity;
  for (size_t i = 0; i < cluster_of.size(); ++i) {
    both[{cluster_of[i], entity[i]}] += 1;
    per_cluster[cluster_of[i]] += 1;
    per_entity[entity[i]] += 1;
  }
  auto pairs = [](double n) { return n * (n - 1) / 2; };
  double tp = 0, predicted = 0, truth = 0;
  for (const auto& [k, n] : both) tp += pairs(n);
  for (const auto& [k, n] : per_cluster) predicted += pairs(n);
  for (const auto& [k, n] : per_entity) truth += pairs(n);
  return {predicted > 0 ? tp / predicted : 1, truth > 0 ? tp / truth : 1};
}

TEST(Accuracy, FebrlDataset1StaysAboveItsFloor) {
  // FEBRL dataset1 (Christen, ANU; see ../shared/data/linkage/README.md): 500 true pairs.
  Result<Mapping> mapping = ParseMapping(
      R"({"*": {"rec_id": "record_id", "given_name": "given_name", "surname": "family_name",
          "street_number": "address", "address_1": "address", "suburb": "city",
          "postcode": "postcode", "date_of_birth": "birth_date",
          "soc_sec_id": "document_number"}})",
      "map");
  ASSERT_TRUE(mapping.ok());
  Result<InputFile> input = ReadInputFile(SharedData("linkage/febrl/dataset1.csv"), *mapping);
  ASSERT_TRUE(input.ok()) << input.status();
  ASSERT_EQ(input->table.rows.size(), 1000u);
  LinkOptions options;
  options.u_sample_pairs = 200000;  // keeps the test fast; the bench uses the default
  Result<LinkResult> r = LinkTables({input->table}, options);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> entity;
  for (const Record& rec : r->data.records) {
    const std::string& id = input->record_ids[rec.row];  // rec-<N>-org / rec-<N>-dup-0
    entity.push_back(id.substr(4, id.find('-', 4) - 4));
  }
  const auto [precision, recall] = PairPrecisionRecall(r->clusters.cluster_of, entity);
  // Measured 1.000 / 0.998 when written.
  EXPECT_GE(precision, 0.995);
  EXPECT_GE(recall, 0.99);
}

TEST(Accuracy, TransliterationLinksTheMultiScriptSample) {
  // tests/link/data: 13 invented records, 6 persons in two agencies (and in two scripts).
  auto mapping = ParseMapping(*ReadFileToString(TestData("link/data/mapping.json")), "mapping.json");
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  std::vector<SourceTable> tables;
  std::vector<InputFile> inputs;
  for (const char* f : {"link/data/agency_a.csv", "link/data/agency_b.csv"}) {
    auto in = ReadInputFile(TestData(f), *mapping);
    ASSERT_TRUE(in.ok()) << in.status();
    tables.push_back(in->table);
    inputs.push_back(*in);
  }
  const std::map<std::string, std::string> person = {
      {"A1", "olena"}, {"B1", "olena"}, {"B7", "olena"}, {"A2", "muhammad"}, {"B2", "muhammad"},
      {"A3", "yusuf"}, {"B3", "yusuf"}, {"A4", "ekaterina"}, {"B4", "ekaterina"},
      {"A5", "lan"}, {"B5", "lan"}, {"A6", "maria"}, {"B6", "ahmed"}};
  auto run = [&](bool transliterate) {
    LinkOptions options;
    options.normalise.transliterate = transliterate;
    auto r = LinkTables(tables, options);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> entity;
    for (const Record& rec : r->data.records)
      entity.push_back(person.at(inputs[rec.source].record_ids[rec.row]));
    return PairPrecisionRecall(r->clusters.cluster_of, entity);
  };
  const auto [p_with, r_with] = run(true);
  const auto [p_without, r_without] = run(false);
  EXPECT_EQ(p_with, 1.0);
  EXPECT_EQ(r_with, 1.0);     // 7 true pairs, all found
  EXPECT_LT(r_without, 0.5);  // Cyrillic and Arabic records stay apart
}

}  // namespace
}  // namespace palermo::link
