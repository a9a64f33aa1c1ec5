// SPDX-License-Identifier: AGPL-3.0-or-later
// src/screen/screen.h: victim identification screening.
//
// What this module promises:
//  * The ILO/European Commission 2009 "Operational indicators of trafficking in human beings"
//    (Delphi survey, WCMS_105023) as data: sets for adult/child x labour/sexual exploitation,
//    six dimensions, indicators graded strong/medium/weak, with English and French labels, loaded
//    from a versioned list in data/screen/ (lists.json) so a country can adapt it. The bundled
//    list has the two labour sets; the two sexual sets are declared missing (their text could not
//    be found) and a screening that asks for one is refused with that note. Also the ILO
//    11 indicators of forced labour (2012) as a checklist without a decision rule.
//  * Evaluate() applies the published rule (see EvaluateDimension and Evaluate below) and gives a
//    presumption — presumed victim of trafficking for labour/sexual exploitation, not presumed, or
//    insufficient information — WITH the reasons (which indicators and which rule clause), in
//    English and French. Unknown answers are never guessed: the result is "insufficient
//    information" whenever the unknown indicators could change it. It never decides: a person's
//    decision is recorded separately (RecordDecision) and is kept beside the presumption.
//  * Persistence over the store (screening, answers with who/when, decisions), audited; notes
//    are sealed with the store key. The pure parts (lists, rule) need no database.
//
//   PALERMO_ASSIGN_OR_RETURN(IndicatorList list, IndicatorList::LoadDefault());
//   std::vector<AnswerRecord> answers = {{"ex_excessive_hours", Answer::kYes}, ...};
//   ScreeningResult r = Evaluate(list, Population::kAdult, Exploitation::kLabour, answers);
//   r.presumption == Presumption::kPresumedVictim;  DescribeResult(r, list, Lang::kFr)
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "store/store.h"

namespace palermo::screen {

enum class Population { kAdult, kChild };
enum class Exploitation { kLabour, kSexual };
// The six elements of the definition the Delphi lists follow, plus kAct: the Palermo Protocol
// art. 3(a) act (recruitment, transport, transfer, harbouring, receipt) that the child rule
// needs on its own, since for children the "means" dimensions are not required (art. 3(c)).
enum class Dimension {
  kDeceptiveRecruitment,
  kCoerciveRecruitment,
  kRecruitmentAbuseOfVulnerability,
  kExploitativeConditions,
  kCoercionAtDestination,
  kAbuseOfVulnerabilityAtDestination,
  kAct,
};
inline constexpr int kGradedDimensions =
    6;  // kDeceptiveRecruitment .. kAbuseOfVulnerabilityAtDestination
enum class Strength { kStrong, kMedium, kWeak, kNone /* the act item, not graded */ };
enum class Answer { kYes, kNo, kUnknown };

std::string_view PopulationCode(Population p);  // "adult", "child"
Result<Population> ParsePopulation(std::string_view code);
std::string_view ExploitationCode(Exploitation e);  // "labour", "sexual"
Result<Exploitation> ParseExploitation(std::string_view code);
std::string_view DimensionCode(Dimension d);  // "deceptive_recruitment", ..., "act"
Result<Dimension> ParseDimension(std::string_view code);
std::string DimensionLabel(Dimension d, Lang lang);
std::string_view StrengthCode(Strength s);  // "strong", "medium", "weak", "-"
Result<Strength> ParseStrength(std::string_view code);
std::string_view AnswerCode(Answer a);              // "yes", "no", "unknown"
Result<Answer> ParseAnswer(std::string_view code);  // also "y"/"n"/"?", "oui"/"non"/"inconnu"

struct Indicator {
  Population population = Population::kAdult;
  Exploitation exploitation = Exploitation::kLabour;
  Dimension dimension = Dimension::kDeceptiveRecruitment;
  Strength strength = Strength::kMedium;
  std::string code;  // stable within a list version, unique within its set
  std::string label_en;
  std::string label_fr;
  std::string verification;  // provenance note from the list file
  const std::string& Label(Lang lang) const { return lang == Lang::kFr ? label_fr : label_en; }
};

// An ILO forced-labour indicator (checklist item).
struct ForcedLabourIndicator {
  int number = 0;
  std::string code;
  std::string label_en;
  std::string label_fr;
  const std::string& Label(Lang lang) const { return lang == Lang::kFr ? label_fr : label_en; }
};

// A versioned indicator list. Immutable after loading; safe to share between threads.
class IndicatorList {
 public:
  // Reads data/screen/lists.json and the files it names. NotFound/InvalidArgument name the file
  // and line at fault.
  static Result<IndicatorList> LoadDefault();
  // Reads a manifest like lists.json from any place (a country's adapted list). Its optional
  // "missing" array declares sets that are deliberately absent, each with {"population",
  // "exploitation", "en", "fr"}: the note says what is missing and is shown when a screening
  // asks for the set. InvalidArgument if a declared-missing set is in fact in the list.
  static Result<IndicatorList> LoadManifest(const std::filesystem::path& manifest);
  // Builds a list from CSV text (columns population, exploitation, dimension, strength, code,
  // label_en, label_fr[, verification]). InvalidArgument names the line: an unknown dimension or
  // strength, a duplicate code within a set, an act item with a strength, an empty label.
  static Result<IndicatorList> FromCsv(std::string name, std::string version, std::string_view csv,
                                       std::string_view forced_labour_csv = "");

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  // True when the list has the set (population x exploitation). The bundled 2009 list has only
  // the labour sets: the sexual-exploitation sets could not be read in any copy of the
  // publication searched (data/screen/README.md).
  bool Has(Population p, Exploitation e) const;
  // For a set the manifest declares missing ("missing" in lists.json): what is missing and why,
  // in `lang`; empty when the manifest says nothing about the set.
  std::string MissingSetNote(Population p, Exploitation e, Lang lang) const;
  std::vector<const Indicator*> Set(Population p, Exploitation e) const;
  const Indicator* Find(Population p, Exploitation e, std::string_view code) const;
  const std::vector<ForcedLabourIndicator>& forced_labour() const { return forced_labour_; }
  const ForcedLabourIndicator* FindForcedLabour(std::string_view code) const;

 private:
  std::string name_;
  std::string version_;
  struct MissingSet {
    Population population;
    Exploitation exploitation;
    std::string en, fr;
  };
  std::vector<Indicator> indicators_;
  std::vector<ForcedLabourIndicator> forced_labour_;
  std::vector<MissingSet> missing_;
};

// One answer to one indicator. Indicators without an answer count as kUnknown.
struct AnswerRecord {
  std::string code;
  Answer answer = Answer::kUnknown;
};

enum class Tri { kNo, kYes, kUndetermined };
std::string_view TriCode(Tri t);  // "negative", "positive", "undetermined"

struct DimensionResult {
  Dimension dimension = Dimension::kDeceptiveRecruitment;
  // kYes when the "yes" answers alone satisfy a clause; kNo when it stays unsatisfied even if
  // every unknown indicator were "yes"; kUndetermined otherwise.
  Tri positive = Tri::kNo;
  char clause = 0;  // 'a'..'d' of the rule satisfied by the "yes" answers; 0 if none
  int strong = 0, medium = 0, weak = 0;                          // "yes" answers
  int unknown_strong = 0, unknown_medium = 0, unknown_weak = 0;  // unknown or unanswered
  std::vector<std::string> yes_codes;                            // in list order
  std::vector<std::string> unknown_codes;                        // in list order
};

enum class Presumption { kPresumedVictim, kNotPresumed, kInsufficientInformation };
std::string_view PresumptionCode(
    Presumption p);  // "presumed", "not_presumed", "insufficient_information"
std::string PresumptionLabel(Presumption p, Exploitation e, Lang lang);

// A reason, in both languages, for the record.
struct Reason {
  std::string en;
  std::string fr;
  const std::string& Get(Lang lang) const { return lang == Lang::kFr ? fr : en; }
};

struct ScreeningResult {
  Population population = Population::kAdult;
  Exploitation exploitation = Exploitation::kLabour;
  std::array<DimensionResult, kGradedDimensions> dimensions;
  Tri act =
      Tri::kNo;  // the act element: answered item, or implied by a positive recruitment dimension
  Presumption presumption = Presumption::kInsufficientInformation;
  std::vector<Reason> reasons;  // per-dimension results first, then the combination rule
};

// Step 1 of the rule (WCMS_105023, "How to use the indicators"): a dimension is positive with
// at least (a) two strong indicators, or (b) one strong and one medium or weak, or (c) three
// medium, or (d) two medium and one weak. Returns the first clause met, or 0.
char DimensionClause(int strong, int medium, int weak);

// Step 2, combining dimensions (Palermo Protocol art. 3, as the publication reads it):
//   adult: (deceptive recruitment OR coercive recruitment OR recruitment by abuse of
//          vulnerability) AND exploitative conditions of work AND (coercion at destination OR
//          abuse of vulnerability at destination);
//   child: the act (recruitment/movement) AND exploitative conditions of work — the means
//          dimensions are not required (art. 3(c)); they are reported as supporting evidence.
// Unknown/unanswered indicators: the rule is evaluated twice, with them all "no" and all "yes";
// presumed if the first holds, not presumed if even the second fails, otherwise insufficient
// information, and the reasons name the unknown indicators that could change the result.
// Answers to codes not in the set are ignored (the caller validates them with Find). Pure.
// REQUIRES: list.Has(population, exploitation).
ScreeningResult Evaluate(const IndicatorList& list, Population population,
                         Exploitation exploitation, const std::vector<AnswerRecord>& answers);

// Text block for people: one line per dimension, then the presumption and its reasons.
std::string DescribeResult(const ScreeningResult& result, const IndicatorList& list, Lang lang);

// The set for a person: kChild under 18 (core kAgeOfMajority); std::nullopt when the age is
// unknown — the caller must then choose (if in doubt, treat as a child: Directive 2011/36/EU
// art. 13(2)).
std::optional<Population> PopulationForAge(std::optional<int> age_years);

// ---------------------------------------------------------------------------------------------
// Persistence over the store. Every function takes an open Transaction and the Actor it was
// begun with (who answers, who decides); the caller commits.
// Writes are audited (object_type "screening"). Permission and state failures write nothing
// but the audit entry of the denial: commit the transaction to keep it.

// Registers the screen module's tables (idempotent). Call before store::Store::Open.
void RegisterMigrations();

struct ScreeningInfo {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string list_name;
  std::string list_version;
  Population population = Population::kAdult;
  Exploitation exploitation = Exploitation::kLabour;
  std::string created_at;  // ISO 8601 UTC
  std::string created_by;
  std::string organisation;
};

struct StoredAnswer {
  std::string kind;  // "trafficking" or "forced_labour"
  std::string code;
  Answer answer = Answer::kUnknown;
  std::string answered_by;
  std::string role;
  std::string answered_at;
  std::string note;  // decrypted only when asked for
};

struct Decision {
  std::string decision;  // "refer_to_nrm", "identified", "not_identified", "needs_more_information"
  std::string decided_by;
  std::string role;
  std::string decided_at;
  std::string presumption_at_decision;  // PresumptionCode at the time, for the record
  std::string note;
};

struct ScreeningOptions {
  Lang lang = Lang::kEn;
  // Chosen explicitly, or derived from the case's age; required when the age is unknown.
  std::optional<Population> population{};
  Exploitation exploitation = Exploitation::kLabour;
};

// Starts a screening of case `case_id` with `list`. NotFound if the case does not exist;
// FailedPrecondition if the age is unknown and no population is given, or the list lacks the
// set; InvalidArgument if the population contradicts a known age.
Result<ScreeningInfo> StartScreening(store::Transaction& tx, const store::Actor& actor,
                                     const IndicatorList& list, CaseId case_id,
                                     const ScreeningOptions& options);
// The latest screening of a case; NotFound if none.
Result<ScreeningInfo> LatestScreening(store::Transaction& tx, CaseId case_id);
// Records answers (the latest answer per code counts; earlier ones stay for the record).
// InvalidArgument names a code that is in neither the screening's set nor the forced-labour
// checklist. `note` may hold personal data: it is sealed.
Status RecordAnswers(store::Transaction& tx, const store::Actor& actor, const IndicatorList& list,
                     const ScreeningInfo& screening, const std::vector<AnswerRecord>& answers,
                     std::string_view note = "", Lang lang = Lang::kEn);
// The effective answers (latest per code), notes decrypted only when `with_notes`.
Result<std::vector<StoredAnswer>> LoadAnswers(store::Transaction& tx,
                                              const ScreeningInfo& screening,
                                              bool with_notes = false);
// Evaluates a stored screening. FailedPrecondition if the list's name differs from the one the
// screening was made with (the version may differ; the result then says so in its reasons).
Result<ScreeningResult> EvaluateStored(store::Transaction& tx, const IndicatorList& list,
                                       const ScreeningInfo& screening);
// Records a person's decision beside the presumption `result` (kept for the record). Only roles
// "first_responder", "case_worker", "decision_maker" may decide (PermissionDenied otherwise,
// audited).
Status RecordDecision(store::Transaction& tx, const store::Actor& actor,
                      const ScreeningInfo& screening, const ScreeningResult& result,
                      std::string_view decision, std::string_view note = "", Lang lang = Lang::kEn);
Result<std::vector<Decision>> LoadDecisions(store::Transaction& tx, const ScreeningInfo& screening,
                                            bool with_notes = false);

}  // namespace palermo::screen
