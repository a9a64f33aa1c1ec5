// SPDX-License-Identifier: AGPL-3.0-or-later
// src/persons/persons.h: the bridge from the store to the statistics. Finds the same person
// among the cases of the store, keeps the answer in the store, and gives the estimate and the
// report their persons and capture histories per year.
//
// What the module promises:
//  * LinkStore reads the cases' identifiers from the store through ONE audited read (purpose
//    "statistical linkage") and runs the link engine on them in memory; it never reads the
//    agencies' source files, which may be deleted after import. Cases entered in the web app,
//    through the API or by import are linked alike.
//  * The result is kept in the store (tables persons_*): each case's person (keyed by case id),
//    the history of every change of a case's person, the run (when, by whom, parameters, the
//    fitted model: weights only, never values), the links with their agreement pattern (field
//    levels, never values) and the pairs left for a person to review.
//  * A person's decision (same person / not the same), from the web app's possible-duplicate
//    page or a decisions file, is kept (persons_decision) and every later run obeys it: two
//    cases decided different are never in one person, two cases decided same never in two.
//  * Incremental: after a first (full) run, a run links only the cases that are new, or whose
//    linkage fields changed since they were linked, against the existing persons, with the
//    model of the last full run: each joins the person it links to most strongly, or forms a
//    new one. A decision that the current persons contradict (a "same" across two persons, a
//    "different" inside one) makes the run a full one, and the summary says why.
//  * One run at a time: concurrent runs on one database (threads, processes, machines) take
//    turns on a lock kept in the database (RunOptions::lock_wait); the later one links on top
//    of the earlier one's result. A crashed run's lock is detected and taken over.
//  * Person ids are stable: a full run gives each cluster the id of the earlier person most of
//    its cases had (each id used once), and a fresh id otherwise.
//  * Statistics (LoadPersons, CaptureHistories) read cases WITHOUT identifiers; a case not yet
//    linked counts as a person of its own and is counted in StatisticsInput::unlinked_cases.
// Nothing here logs or returns personal data (values); errors name case ids and fields only.
//
//   persons::RegisterMigrations();                    // before store::Store::Open
//   Result<persons::RunSummary> run = persons::LinkStore(*store, actor, {});
//   Result<persons::StatisticsInput> in = persons::LoadPersons(*tx);
//   Result<estimate::CaptureTable> t = persons::CaptureHistories(in->persons, 2023, "sex");
//
// Thread safety: functions taking a Store open their own transactions; functions taking a
// Transaction use it (and must not share it between threads).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "estimate/estimate.h"
#include "link/link.h"
#include "store/store.h"

namespace palermo::persons {

inline constexpr std::string_view kLinkagePurpose = "statistical linkage";

// Registers the persons_* tables. Idempotent; call before store::Store::Open.
void RegisterMigrations();

struct RunOptions {
  // Thresholds, review bounds, threads and normalisation (model, decisions and
  // score_only_with are set by LinkStore itself).
  link::LinkOptions link;
  // Re-link every case and re-estimate the model, instead of linking only new and changed
  // cases. The first run is always full.
  bool full = false;
  // Called with a stage name ("wait", "read", "normalise", ..., "save"). Never personal data.
  std::function<void(std::string_view stage)> progress;
  // One run at a time per database (engines alike): a run takes the linkage lock before it
  // reads the cases and keeps it until its results are written. A second run waits up to
  // `lock_wait` for it, then links incrementally on top of its result; when the wait is over
  // it fails with kUnavailable naming the holder and since when (in `lang`).
  std::chrono::milliseconds lock_wait{std::chrono::minutes(10)};
  // A holder that gave no sign of life (heartbeat) for this long is taken to have crashed
  // and its lock is taken over; one on the same machine whose process is gone, at once.
  std::chrono::seconds lock_stale_after{std::chrono::minutes(10)};
  Lang lang = Lang::kEn;
};

enum class FullReason { kNotFull, kFirstRun, kAsked, kDecision, kThresholds };

struct ReviewPair {
  CaseId case_a = 0;
  CaseId case_b = 0;
  double probability = 0;
  bool linked = false;  // at or above the threshold (linked unless a person says otherwise)
};

struct RunSummary {
  int64_t run_id = 0;
  bool full = false;
  FullReason why_full = FullReason::kNotFull;
  int64_t cases = 0;         // cases in the store
  int64_t linked_cases = 0;  // cases (re)linked by this run
  int64_t removed = 0;       // assignments of cases no longer in the store, dropped
  int64_t persons = 0;       // distinct persons after the run
  int64_t links = 0;         // pairs at or above the threshold found by this run
  int64_t decisions = 0;     // decisions obeyed
  std::vector<ReviewPair> review;  // pairs left for a person to review after the run
  link::LinkStats stats;           // of the engine run (empty when nothing was linked)
  link::ModelParams model;         // the model used (fitted now, or of the last full run)
  std::vector<link::DateColumnNote> date_columns;  // full runs: how date columns were read
};

// Links the store's cases (see the header comment). Needs role system, admin or analyst:
// PermissionDenied otherwise (audited). The read runs in a read transaction; the results are
// written in one transaction, so a crash leaves the previous run's results whole.
Result<RunSummary> LinkStore(store::Store& store, const store::Actor& actor,
                             const RunOptions& options);

// Records a person's decision on two cases (replacing an earlier one on the same pair);
// audited. InvalidArgument if a == b; NotFound if a case does not exist.
Status RecordDecision(store::Transaction& tx, CaseId a, CaseId b, bool same,
                      std::string_view decided_by, std::string_view source);

struct Decision {
  CaseId case_a = 0;  // case_a < case_b
  CaseId case_b = 0;
  bool same = false;
  std::string decided_by;
  std::string decided_at;
  std::string source;  // "web", "file", ...
};
Result<std::vector<Decision>> ListDecisions(store::Transaction& tx);

struct Assignment {
  CaseId case_id = 0;
  std::string agency;
  std::string local_id;
  int64_t person_id = 0;  // 0: not linked yet
};
// Every case with its person, in (agency, local_id) order. No identifiers.
Result<std::vector<Assignment>> ListAssignments(store::Transaction& tx);

// Why two cases of one person are together: a link found by a run, or a decision.
struct Evidence {
  CaseId case_a = 0;
  CaseId case_b = 0;
  double probability = 0;  // 1 for a "same" decision
  double weight_log2 = 0;
  std::vector<std::pair<std::string, std::string>> levels;  // field -> level name
  int64_t run_id = 0;
  bool decided = false;
};
struct PersonView {
  int64_t person_id = 0;
  std::vector<Assignment> cases;
  std::vector<Evidence> evidence;
  // Changes of these cases' person, oldest first: (case id, person id, run id, at).
  struct Change {
    CaseId case_id = 0;
    int64_t person_id = 0;
    int64_t run_id = 0;
    std::string at;
  };
  std::vector<Change> history;
};
// The person of `case_id` with its cases and evidence. NotFound if the case does not exist;
// FailedPrecondition if it is not linked yet.
Result<PersonView> ShowPerson(store::Transaction& tx, CaseId case_id);

// What statistics count: one row per person, merged from its cases without identifiers.
// Rules: agencies and forms are unioned; sex, citizenship and country of exploitation take
// the value most cases give (a tie leaves it unrecorded); age is the youngest recorded (a
// person any agency recorded as a child is counted as a child); the year is the earliest
// identification; the status is the strongest (identified > presumed > unknown > not a
// victim).
struct PersonSummary {
  std::string key;  // "person:<id>", or "case:<id>" for a case not linked yet
  Sex sex = Sex::kUnknown;
  std::optional<int> age;
  std::vector<std::string> forms;
  std::string citizenship;
  std::string country_of_exploitation;
  std::vector<std::string> agencies;
  std::optional<int> year;
  VictimStatus status = VictimStatus::kUnknown;
  // Per identification year, the agencies that recorded a case of this person that year.
  std::map<int, std::vector<std::string>> agencies_by_year;
};
PersonSummary Summarise(std::string key, const std::vector<const CaseRecord*>& cases);
// The most frequent non-empty value; "" when there is none or a tie (Summarise's rule).
std::string MostFrequent(const std::vector<std::string>& values);

struct RunInfo {
  int64_t run_id = 0;
  std::string at;
  std::string by;
  bool full = false;
  int64_t cases = 0;
  int64_t persons = 0;
  double threshold = 0;
};
struct StatisticsInput {
  std::vector<PersonSummary> persons;
  int64_t cases = 0;
  int64_t unlinked_cases = 0;  // cases with no person yet (each counted as one person)
  int64_t review_pairs = 0;    // pairs left for a person to review
  std::optional<RunInfo> last_run;
};
// Reads cases (no identifiers) and assignments. Not audited: no identifier is read.
Result<StatisticsInput> LoadPersons(store::Transaction& tx);

// The capture histories of the persons first identified in `year` (0: every person with an
// identification year), for Multiple Systems Estimation: one list per agency, a person on a
// list when that agency recorded a case of the person that year (0: any year). Persons
// decided not to be victims are left out. `strata`: "" (none), "sex", "age_group" (child,
// adult, unknown), "form" (the form, "several" or "unknown"), "citizenship_region" (UN M49
// region code, "unknown"). InvalidArgument (in `lang`) for another strata name, or when fewer
// than 2 agencies recorded persons that year.
Result<estimate::CaptureTable> CaptureHistories(const std::vector<PersonSummary>& persons,
                                                int year, std::string_view strata, Lang lang);

// persons.csv: header agency,local_id,person_id; one line per case, in (agency, local_id)
// order; a case not linked yet gets an empty person_id. No identifiers.
std::string PersonsCsv(const std::vector<Assignment>& assignments);

// The model as JSON (weights, priors; never data) and back, for incremental runs.
std::string ModelToJson(const link::ModelParams& model);
Result<link::ModelParams> ModelFromJson(std::string_view json);

}  // namespace palermo::persons
