// SPDX-License-Identifier: AGPL-3.0-or-later
// Cases typed into the web app are counted like imported ones: a case created through the API
// for a person already in the database joins that person at the next linkage, and a web
// "not the same person" decision is obeyed by every later linkage run (src/persons).
#include <nlohmann/json.hpp>

#include "ingest/ingest.h"
#include "persons/persons.h"
#include "sample/sample.h"
#include "server/server_fixture.h"

namespace palermo::server {
namespace {

using nlohmann::json;

class PersonsApiTest : public ServerFixture {
 protected:
  std::map<CaseId, int64_t> PersonOf() {
    std::map<CaseId, int64_t> out;
    auto tx = store_->BeginRead(store::Actor{});
    EXPECT_TRUE(tx.ok());
    const Result<std::vector<persons::Assignment>> all = persons::ListAssignments(**tx);
    EXPECT_TRUE(all.ok()) << all.status();
    if (all.ok())
      for (const persons::Assignment& a : *all) out[a.case_id] = a.person_id;
    return out;
  }
  const store::Actor kSystem{"linker", "", "system"};
};

TEST_F(PersonsApiTest, AWebCaseJoinsItsPersonAndAWebDecisionIsObeyed) {
  // The police list of a small sample, imported.
  ::palermo::testing::TempDir dir;
  ASSERT_TRUE(sample::GenerateSample(dir.path(), {.people = 300, .seed = 5}).ok());
  for (const std::string& agency : sample::SampleAgencies()) {
    Result<ingest::Mapping> m = ingest::LoadMapping(dir.path() / "mappings" / (agency + ".json"));
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE(ingest::ImportFile(*store_, *m, dir.path() / (agency + ".csv"), {}).ok());
  }
  ASSERT_TRUE(persons::LinkStore(*store_, kSystem, {}).ok());

  // A police case with a full birth date, typed again in the web app by a police worker.
  CaseRecord original;
  {
    auto tx = store_->Begin(kSystem);
    ASSERT_TRUE(tx.ok());
    const Result<std::vector<CaseRecord>> police = (*tx)->ListCases("police", true, "test");
    ASSERT_TRUE(police.ok()) << police.status();
    for (const CaseRecord& c : *police)
      if (c.person.identifiers.birth_date &&
          c.person.identifiers.birth_date->precision() == DatePrecision::kDay &&
          !c.person.identifiers.family_name.empty()) {
        original = c;
        break;
      }
  }
  ASSERT_GT(original.id, 0);
  StartServer();
  const Session worker = LogIn("worker");
  const DirectIdentifiers& id = original.person.identifiers;
  json ids{{"family_name", id.family_name},
           {"given_name", id.given_name},
           {"birth_date", id.birth_date->ToString()}};
  const int64_t web = CreateCaseJson(worker, {{"local_id", "WEB-1"},
                                              {"sex", std::string(SexCode(original.person.sex))},
                                              {"citizenship", original.person.citizenship},
                                              {"forms", {"sexual"}},
                                              {"identifiers", ids}});
  ASSERT_GT(web, 0);
  Result<persons::RunSummary> run = persons::LinkStore(*store_, kSystem, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_FALSE(run->full);
  EXPECT_EQ(run->linked_cases, 1);
  EXPECT_EQ(PersonOf().at(web), PersonOf().at(original.id));

  // The worker says they are not the same person on the possible-duplicate page.
  auto decided = PostJson(worker, "/api/v1/cases/" + std::to_string(web) + "/duplicates/" +
                                      std::to_string(original.id),
                          {{"decision", "different"}});
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 200) << decided->body;
  run = persons::LinkStore(*store_, kSystem, {});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->why_full, persons::FullReason::kDecision);
  EXPECT_NE(PersonOf().at(web), PersonOf().at(original.id));
}

}  // namespace
}  // namespace palermo::server
