// SPDX-License-Identifier: AGPL-3.0-or-later
// Persons from the store on both engines: the synthetic sample imported, its files deleted,
// linked from the database; incremental runs, decisions, stable ids, roles, capture histories,
// and two runs at once (the linkage lock).
#include "persons/persons.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "ingest/ingest.h"
#include "sample/sample.h"
#include "store/engines.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::persons {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::IsOk;
using ::palermo::testing::StatusIs;
using ::testing::HasSubstr;

const store::Actor kSystem{"linker", "", "system"};

const bool kRegistered = [] {
  ingest::RegisterIngestMigrations();
  RegisterMigrations();
  return true;
}();

struct Accuracy {
  double precision = 0;
  double recall = 0;
};

template <typename Engine>
class PersonsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kRegistered);
    engine_ = std::make_unique<Engine>(dir_.path());
    ASSERT_TRUE(engine_->error().empty()) << engine_->error();
    options_.url = engine_->url();
    options_.key_file = (dir_.path() / "palermo.key").string();
    ASSERT_THAT(store::Store::Init(options_), IsOk());
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(options_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(s).value();
    // The sample's lists are imported, then deleted: linkage must not need them.
    const fs::path sample = dir_.path() / "sample";
    ASSERT_TRUE(sample::GenerateSample(sample, {.people = 700, .seed = 11}).ok());
    for (const std::string& agency : sample::SampleAgencies()) {
      Result<ingest::Mapping> m = ingest::LoadMapping(sample / "mappings" / (agency + ".json"));
      ASSERT_TRUE(m.ok()) << m.status();
      Result<ingest::FileReport> r = ingest::ImportFile(*store_, *m, sample / (agency + ".csv"), {});
      ASSERT_TRUE(r.ok()) << r.status();
      fs::remove(sample / (agency + ".csv"));
    }
    Result<CsvTable> truth = ReadCsvFile(sample / "truth.csv");
    ASSERT_TRUE(truth.ok());
    for (const auto& row : truth->rows) truth_[{row[0], row[1]}] = row[2];
  }

  RunOptions Options(bool full = false) {
    RunOptions o;
    o.full = full;
    o.link.threads = 2;
    return o;
  }

  std::vector<Assignment> Assignments() {
    auto tx = store_->BeginRead(kSystem);
    EXPECT_TRUE(tx.ok());
    Result<std::vector<Assignment>> all = ListAssignments(**tx);
    EXPECT_TRUE(all.ok()) << all.status();
    return all.ok() ? *all : std::vector<Assignment>{};
  }
  std::map<CaseId, int64_t> PersonOf() {
    std::map<CaseId, int64_t> out;
    for (const Assignment& a : Assignments()) out[a.case_id] = a.person_id;
    return out;
  }

  // Pair precision and recall of the persons against the sample's truth.
  Accuracy Score() {
    std::map<std::string, int64_t> n_truth;
    std::map<int64_t, int64_t> n_found;
    std::map<std::pair<std::string, int64_t>, int64_t> n_both;
    for (const Assignment& a : Assignments()) {
      const auto t = truth_.find({a.agency, a.local_id});
      if (t == truth_.end()) continue;
      ++n_truth[t->second];
      ++n_found[a.person_id];
      ++n_both[{t->second, a.person_id}];
    }
    auto pairs = [](const auto& counts) {
      double sum = 0;
      for (const auto& [k, n] : counts) sum += static_cast<double>(n * (n - 1) / 2);
      return sum;
    };
    const double both = pairs(n_both);
    return {both / pairs(n_found), both / pairs(n_truth)};
  }

  CaseId AddCopyOf(CaseId original, const std::string& local_id) {
    auto tx = store_->Begin(kSystem);
    EXPECT_TRUE(tx.ok());
    Result<CaseRecord> c = (*tx)->GetCase(original, true, "test");
    EXPECT_TRUE(c.ok()) << c.status();
    CaseRecord copy = *c;
    copy.local_id = local_id;
    Result<CaseId> id = (*tx)->InsertCase(copy, "test:" + local_id);
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_THAT((*tx)->Commit(), IsOk());
    return id.ok() ? *id : 0;
  }

  ::palermo::testing::TempDir dir_;
  std::unique_ptr<Engine> engine_;
  store::StoreOptions options_;
  std::unique_ptr<store::Store> store_;
  std::map<std::pair<std::string, std::string>, std::string> truth_;
};

TYPED_TEST_SUITE(PersonsTest, store::testing::Engines, store::testing::EngineNames);

TYPED_TEST(PersonsTest, LinksTheDatabaseWithoutTheFilesAndFindsThePersons) {
  Result<RunSummary> run = LinkStore(*this->store_, kSystem, this->Options());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->full);
  EXPECT_EQ(run->why_full, FullReason::kFirstRun);
  EXPECT_EQ(run->linked_cases, run->cases);
  EXPECT_LT(run->persons, run->cases);
  const Accuracy a = this->Score();
  EXPECT_GE(a.precision, 0.95);
  EXPECT_GE(a.recall, 0.93);
  // Every case has a person; the read of identifiers was audited with its purpose.
  for (const Assignment& x : this->Assignments()) EXPECT_GT(x.person_id, 0) << x.case_id;
  Result<std::vector<store::AuditEntry>> audit = this->store_->ReadAudit(0, 1000000);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(std::any_of(audit->begin(), audit->end(), [](const store::AuditEntry& e) {
    return e.action == "read_identifiers" && e.purpose == kLinkagePurpose && e.user == "linker";
  }));
  EXPECT_TRUE(std::any_of(audit->begin(), audit->end(), [](const store::AuditEntry& e) {
    return e.action == "link_run";
  }));
}

TYPED_TEST(PersonsTest, NothingNewRecordsNoRunAndKeepsThePersons) {
  ASSERT_TRUE(LinkStore(*this->store_, kSystem, this->Options()).ok());
  const auto before = this->PersonOf();
  Result<RunSummary> again = LinkStore(*this->store_, kSystem, this->Options());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->run_id, 0);
  EXPECT_EQ(again->linked_cases, 0);
  EXPECT_EQ(this->PersonOf(), before);
}

TYPED_TEST(PersonsTest, ANewCaseJoinsItsPersonIncrementally) {
  ASSERT_TRUE(LinkStore(*this->store_, kSystem, this->Options()).ok());
  const auto before = this->PersonOf();
  const CaseId original = before.begin()->first;
  const CaseId added = this->AddCopyOf(original, "WEB-1");
  ASSERT_GT(added, 0);
  Result<RunSummary> run = LinkStore(*this->store_, kSystem, this->Options());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_FALSE(run->full);
  EXPECT_EQ(run->linked_cases, 1);
  const auto after = this->PersonOf();
  EXPECT_EQ(after.at(added), after.at(original));
  // Nobody else moved.
  for (const auto& [id, person] : before) EXPECT_EQ(after.at(id), person) << id;
  Result<PersonView> view = [&] {
    auto tx = this->store_->BeginRead(kSystem);
    return ShowPerson(**tx, added);
  }();
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_TRUE(std::any_of(view->evidence.begin(), view->evidence.end(), [&](const Evidence& e) {
    return (e.case_a == added || e.case_b == added) && e.probability >= 0.5 && !e.levels.empty();
  }));
}

TYPED_TEST(PersonsTest, ACorrectedCaseIsLinkedAgainAndMayChangePerson) {
  ASSERT_TRUE(LinkStore(*this->store_, kSystem, this->Options()).ok());
  const auto before = this->PersonOf();
  // Two cases of different persons; the first is corrected to carry the second's identity.
  const CaseId a = before.begin()->first;
  CaseId b = 0;
  for (const auto& [id, person] : before)
    if (person != before.at(a)) {
      b = id;
      break;
    }
  ASSERT_GT(b, 0);
  {
    auto tx = this->store_->Begin(kSystem);
    ASSERT_TRUE(tx.ok());
    Result<CaseRecord> ca = (*tx)->GetCase(a, true, "test");
    Result<CaseRecord> cb = (*tx)->GetCase(b, true, "test");
    ASSERT_TRUE(ca.ok() && cb.ok());
    CaseRecord corrected = *ca;
    corrected.person.identifiers = cb->person.identifiers;
    corrected.person.sex = cb->person.sex;
    corrected.person.citizenship = cb->person.citizenship;
    corrected.person.birth_year = cb->person.birth_year;
    corrected.age_at_identification = cb->age_at_identification;
    ASSERT_THAT((*tx)->UpdateCase(corrected), IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  Result<RunSummary> run = LinkStore(*this->store_, kSystem, this->Options());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_FALSE(run->full);
  EXPECT_EQ(run->linked_cases, 1) << "only the corrected case is linked again";
  EXPECT_EQ(this->PersonOf().at(a), this->PersonOf().at(b));
}

TYPED_TEST(PersonsTest, DecisionsAreNeverUndoneByALaterRun) {
  ASSERT_TRUE(LinkStore(*this->store_, kSystem, this->Options()).ok());
  auto person_of = this->PersonOf();
  // Two cases the engine put together, and two it kept apart.
  std::map<int64_t, std::vector<CaseId>> cases_of;
  for (const auto& [id, p] : person_of) cases_of[p].push_back(id);
  CaseId together_a = 0, together_b = 0;
  for (const auto& [p, ids] : cases_of)
    if (ids.size() >= 2) {
      together_a = ids[0];
      together_b = ids[1];
      break;
    }
  ASSERT_GT(together_a, 0);
  CaseId apart_a = 0, apart_b = 0;
  for (const auto& [id, p] : person_of) {
    if (apart_a == 0) {
      apart_a = id;
    } else if (p != person_of.at(apart_a) && cases_of[p].size() == 1) {
      apart_b = id;
      break;
    }
  }
  ASSERT_GT(apart_b, 0);
  {
    auto tx = this->store_->Begin(kSystem);
    ASSERT_THAT(RecordDecision(**tx, together_a, together_b, false, "reviewer", "web"), IsOk());
    ASSERT_THAT(RecordDecision(**tx, apart_a, apart_b, true, "reviewer", "web"), IsOk());
    EXPECT_THAT(RecordDecision(**tx, apart_a, apart_a, true, "reviewer", "web"),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("two different cases")));
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  for (const bool full : {false, true}) {
    Result<RunSummary> run = LinkStore(*this->store_, kSystem, this->Options(full));
    ASSERT_TRUE(run.ok()) << run.status();
    EXPECT_TRUE(run->full);
    if (!full) {
      EXPECT_EQ(run->why_full, FullReason::kDecision);
    }
    person_of = this->PersonOf();
    EXPECT_NE(person_of.at(together_a), person_of.at(together_b)) << "full=" << full;
    EXPECT_EQ(person_of.at(apart_a), person_of.at(apart_b)) << "full=" << full;
    for (const ReviewPair& r : run->review)
      EXPECT_FALSE(r.case_a == std::min(together_a, together_b) &&
                   r.case_b == std::max(together_a, together_b))
          << "a decided pair is back in review";
  }
}

TYPED_TEST(PersonsTest, AFullRerunKeepsThePersonIds) {
  ASSERT_TRUE(LinkStore(*this->store_, kSystem, this->Options()).ok());
  const auto first = this->PersonOf();
  Result<RunSummary> run = LinkStore(*this->store_, kSystem, this->Options(/*full=*/true));
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->why_full, FullReason::kAsked);
  EXPECT_EQ(this->PersonOf(), first);
}

TYPED_TEST(PersonsTest, ACaseWorkerMayNotRunTheLinkage) {
  const store::Actor worker{"cw", "police", "case_worker"};
  EXPECT_THAT(LinkStore(*this->store_, worker, this->Options()),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("case_worker")));
  Result<store::AuditEntry> head = this->store_->AuditHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->action, "link_denied");
  EXPECT_EQ(head->user, "cw");
  for (const Assignment& a : this->Assignments()) EXPECT_EQ(a.person_id, 0);
}

TYPED_TEST(PersonsTest, CaptureHistoriesCountThePersonsOfTheYear) {
  ASSERT_TRUE(LinkStore(*this->store_, kSystem, this->Options()).ok());
  auto tx = this->store_->BeginRead(kSystem);
  ASSERT_TRUE(tx.ok());
  Result<StatisticsInput> in = LoadPersons(**tx);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->unlinked_cases, 0);
  ASSERT_TRUE(in->last_run.has_value());
  std::map<int, int64_t> per_year;
  for (const PersonSummary& p : in->persons)
    if (p.year && p.status != VictimStatus::kNotAVictim) ++per_year[*p.year];
  ASSERT_FALSE(per_year.empty());
  const int year = per_year.rbegin()->first;
  Result<estimate::CaptureTable> table = CaptureHistories(in->persons, year, "", Lang::kEn);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(static_cast<int64_t>(table->Collapsed().observed()), per_year[year]);
  for (const char* strata : {"sex", "age_group", "form", "citizenship_region"}) {
    Result<estimate::CaptureTable> s = CaptureHistories(in->persons, year, strata, Lang::kEn);
    ASSERT_TRUE(s.ok()) << strata << ": " << s.status();
    EXPECT_EQ(static_cast<int64_t>(s->Collapsed().observed()), per_year[year]) << strata;
  }
  EXPECT_THAT(CaptureHistories(in->persons, year, "shoe_size", Lang::kFr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("stratification inconnue")));
  EXPECT_THAT(CaptureHistories(in->persons, 1950, "", Lang::kEn),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least 2 lists")));
}

TEST(ModelJson, RoundTripsAndRefusesGarbage) {
  link::ModelParams model;
  model.active[0] = true;
  model.m[0][4] = 0.9;
  model.u[0][4] = 0.01;
  model.UpdateWeights();
  model.prior_log2_odds = -12.5;
  model.same_source_log2_adjust = -1.25;  // a same-list pair starts 1.25 bits lower
  model.expected_matches = 321;
  model.prior_method = "capture_recapture";
  Result<link::ModelParams> back = ModelFromJson(ModelToJson(model));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->m, model.m);
  EXPECT_EQ(back->u, model.u);
  EXPECT_EQ(back->weight_log2, model.weight_log2);
  EXPECT_EQ(back->active, model.active);
  EXPECT_EQ(back->prior_log2_odds, -12.5);
  EXPECT_EQ(back->same_source_log2_adjust, -1.25);
  EXPECT_EQ(back->prior_method, "capture_recapture");
  EXPECT_THAT(ModelFromJson("{\"version\": 1}"), StatusIs(StatusCode::kDataLoss, HasSubstr("--full")));
  EXPECT_THAT(ModelFromJson("not json"), StatusIs(StatusCode::kDataLoss, HasSubstr("--full")));
}

TEST(PersonsCsv, HasTheContractHeaderAndNoPersonForUnlinkedCases) {
  EXPECT_EQ(PersonsCsv({{1, "police", "P,1", 7}, {2, "ngo", "N-2", 0}}),
            "agency,local_id,person_id\npolice,\"P,1\",7\nngo,N-2,\n");
}

// ---- The linkage lock: two runs at once on one database ---------------------------------------

int64_t Count(store::Store& store, const std::string& sql) {
  auto tx = store.BeginRead(kSystem);
  EXPECT_TRUE(tx.ok());
  Result<std::vector<std::vector<store::SqlValue>>> rows = (*tx)->Query(sql);
  EXPECT_TRUE(rows.ok()) << rows.status();
  if (!rows.ok() || rows->empty()) return -1;
  const auto* n = std::get_if<int64_t>(&(*rows)[0][0]);
  return n ? *n : -1;
}

TYPED_TEST(PersonsTest, TwoRunsAtOnceTakeTurnsAndAgreeWithOneRun) {
  // A second Store on the same database, as a second `palermo link` process opens it.
  Result<std::unique_ptr<store::Store>> other = store::Store::Open(this->options_);
  ASSERT_TRUE(other.ok()) << other.status();
  // The first run, once it holds the lock (its "read" stage), lets the second start and waits
  // until the second says it waits: the two runs overlap for sure.
  std::mutex mu;
  std::condition_variable cv;
  bool first_holds = false, second_waits = false;
  std::optional<Result<RunSummary>> first, second;
  RunOptions one = this->Options();
  one.progress = [&](std::string_view stage) {
    if (stage != "read") return;
    std::unique_lock lock(mu);
    first_holds = true;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return second_waits; });
  };
  RunOptions two = this->Options();
  two.progress = [&](std::string_view stage) {
    if (stage != "wait") return;
    std::lock_guard lock(mu);
    second_waits = true;
    cv.notify_all();
  };
  std::thread a([&] { first = LinkStore(*this->store_, kSystem, one); });
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return first_holds; }));
  }
  std::thread b([&] { second = LinkStore(**other, store::Actor{"linker2", "", "system"}, two); });
  a.join();
  b.join();
  EXPECT_TRUE(second_waits);
  ASSERT_TRUE(first->ok()) << first->status();
  ASSERT_TRUE(second->ok()) << second->status();
  // The second ran on top of the first's result: nothing new, no run recorded.
  EXPECT_TRUE((*first)->full);
  EXPECT_FALSE((*second)->full);
  EXPECT_EQ((*second)->linked_cases, 0);
  EXPECT_EQ((*second)->persons, (*first)->persons);
  // No duplicate rows: one assignment and one history entry per case, one run, no person
  // without a case, and the lock is free.
  store::Store& db = *this->store_;
  const int64_t cases = Count(db, "SELECT COUNT(*) FROM case_record");
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM persons_assignment"), cases);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM persons_history"), cases);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM persons_run"), 1);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM persons_person"),
            Count(db, "SELECT COUNT(DISTINCT person_id) FROM persons_assignment"));
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM persons_lock"), 0);
  // The same persons as one run over the same cases.
  const auto together = this->PersonOf();
  Result<RunSummary> single = LinkStore(*this->store_, kSystem, this->Options(/*full=*/true));
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(this->PersonOf(), together);
  const Accuracy acc = this->Score();
  EXPECT_GE(acc.precision, 0.95);
  EXPECT_GE(acc.recall, 0.93);
}

TYPED_TEST(PersonsTest, ALiveHolderMakesTheRunWaitThenFailSayingWhoAndSince) {
  {
    auto tx = this->store_->Begin(kSystem);
    ASSERT_TRUE(tx.ok());
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    ASSERT_THAT((*tx)
                    ->Execute("INSERT INTO persons_lock (id, token, by_user, since, host, pid, "
                              "heartbeat) VALUES (1, 'other', 'amina', '2026-12-07T08:05:09Z', "
                              "$1, $2, $3)",
                              {std::string(host), static_cast<int64_t>(getpid()), now})
                    .status(),
                IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  RunOptions o = this->Options();
  o.lock_wait = std::chrono::milliseconds(600);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(LinkStore(*this->store_, kSystem, o),
              StatusIs(StatusCode::kUnavailable,
                       HasSubstr("another linkage run is in progress since 08:05 UTC by amina")));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(600));
  o.lang = Lang::kFr;
  o.lock_wait = std::chrono::milliseconds(0);
  EXPECT_THAT(
      LinkStore(*this->store_, kSystem, o),
      StatusIs(StatusCode::kUnavailable, HasSubstr("en cours depuis 08:05 UTC, lancée par amina")));
  for (const Assignment& a : this->Assignments()) EXPECT_EQ(a.person_id, 0);
  // Silent for longer than lock_stale_after: taken to have crashed, taken over.
  o.lock_stale_after = std::chrono::seconds(0);
  {
    auto tx = this->store_->Begin(kSystem);
    ASSERT_TRUE(tx.ok());
    ASSERT_THAT((*tx)->Execute("UPDATE persons_lock SET heartbeat = heartbeat - 5").status(),
                IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  Result<RunSummary> run = LinkStore(*this->store_, kSystem, o);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(Count(*this->store_, "SELECT COUNT(*) FROM persons_lock"), 0);
}

TYPED_TEST(PersonsTest, TheLockOfACrashedRunIsTakenOverAtOnce) {
  // A run that died (its process is gone) left its lock behind, with a fresh heartbeat.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  {
    auto tx = this->store_->Begin(kSystem);
    ASSERT_TRUE(tx.ok());
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    ASSERT_THAT((*tx)
                    ->Execute("INSERT INTO persons_lock (id, token, by_user, since, host, pid, "
                              "heartbeat) VALUES (1, 'dead', 'crashed', '2026-12-07T08:05:09Z', "
                              "$1, $2, $3)",
                              {std::string(host), static_cast<int64_t>(child), now})
                    .status(),
                IsOk());
    ASSERT_THAT((*tx)->Commit(), IsOk());
  }
  RunOptions o = this->Options();
  o.lock_wait = std::chrono::milliseconds(0);
  Result<RunSummary> run = LinkStore(*this->store_, kSystem, o);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->full);
  EXPECT_EQ(Count(*this->store_, "SELECT COUNT(*) FROM persons_lock"), 0);
  Result<std::vector<store::AuditEntry>> audit = this->store_->ReadAudit(0, 1000000);
  ASSERT_TRUE(audit.ok());
  bool taken_over = false;
  for (const store::AuditEntry& e : *audit) {
    taken_over = taken_over || (e.action == "link_lock_taken_over" &&
                                e.detail.find("holder process gone") != std::string::npos);
  }
  EXPECT_TRUE(taken_over);
}

}  // namespace
}  // namespace palermo::persons
