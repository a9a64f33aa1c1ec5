// SPDX-License-Identifier: AGPL-3.0-or-later
#include "fixture.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "testing/testing.h"

namespace palermo::publish::testing {
namespace {
std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ';'))
    if (!item.empty()) out.push_back(item);
  return out;
}
}  // namespace

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<PersonRow> LoadPersons() {
  auto csv = ReadCsvFile(palermo::testing::TestData("publish/data/persons.csv"));
  if (!csv.ok()) std::abort();
  std::vector<PersonRow> rows;
  for (const auto& r : csv->rows) {
    PersonRow p;
    p.person_key = r[0];
    p.sex = ParseSexCode(r[1]).value_or(Sex::kUnknown);
    if (!r[2].empty()) p.age = std::stoi(r[2]);
    p.forms = Split(r[3]);
    p.citizenship = r[4];
    p.country_of_exploitation = r[5];
    p.agencies = Split(r[6]);
    if (!r[7].empty()) p.year = std::stoi(r[7]);
    p.status = ParseVictimStatusCode(r[8]).value_or(VictimStatus::kUnknown);
    rows.push_back(std::move(p));
  }
  return rows;
}

ReportInput FixtureInput() {
  ReportInput in;
  in.rows = LoadPersons();
  in.unit = Unit::kUniquePersons;
  in.year = 2023;
  in.reporting_country = "ITA";
  in.dataset_id = "fixture";
  auto pop = PopulationTable::ReadCsv(palermo::testing::TestData("publish/data/population_extract.csv"));
  if (!pop.ok()) std::abort();
  in.population = *pop;
  auto est = ParseEstimateSummary(Slurp(palermo::testing::TestData("publish/data/estimate.json").string()));
  if (!est.ok()) std::abort();
  in.estimate = *est;
  return in;
}

}  // namespace palermo::publish::testing
