// SPDX-License-Identifier: AGPL-3.0-or-later
// The ILO/EC 2009 decision rule on worked examples, adult and child, with its reasons.
#include <array>
#include <map>

#include "screen/screen.h"
#include "testing/testing.h"

namespace palermo::screen {
namespace {

using ::palermo::testing::StatusIs;
using ::palermo::testing::WriteFile;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const IndicatorList& Bundled() {
  static const IndicatorList list = [] {
    Result<IndicatorList> l = IndicatorList::LoadDefault();
    if (!l.ok()) {
      ADD_FAILURE() << l.status();
      std::abort();
    }
    return std::move(l).value();
  }();
  return list;
}

// Answers "no" to every indicator of the set, then applies `yes` and `unknown`.
std::vector<AnswerRecord> AllNoExcept(Population p, const std::vector<std::string>& yes,
                                      const std::vector<std::string>& unknown = {}) {
  std::vector<AnswerRecord> out;
  for (const Indicator* i : Bundled().Set(p, Exploitation::kLabour))
    out.push_back({i->code, Answer::kNo});
  for (const auto& c : yes) out.push_back({c, Answer::kYes});
  for (const auto& c : unknown) out.push_back({c, Answer::kUnknown});
  return out;
}

std::string Reasons(const ScreeningResult& r, Lang lang) {
  std::string s;
  for (const Reason& reason : r.reasons) s += reason.Get(lang) + "\n";
  return s;
}

TEST(ScreenDimensionClause, EachClauseOfStepOne) {
  EXPECT_EQ(DimensionClause(2, 0, 0), 'a');
  EXPECT_EQ(DimensionClause(1, 1, 0), 'b');
  EXPECT_EQ(DimensionClause(1, 0, 1), 'b');
  EXPECT_EQ(DimensionClause(0, 3, 0), 'c');
  EXPECT_EQ(DimensionClause(0, 2, 1), 'd');
  // Just below each clause: not positive.
  EXPECT_EQ(DimensionClause(1, 0, 0), 0);
  EXPECT_EQ(DimensionClause(0, 2, 0), 0);
  EXPECT_EQ(DimensionClause(0, 1, 2), 0);
  EXPECT_EQ(DimensionClause(0, 0, 9), 0);
}

TEST(ScreenIndicatorList, BundledListHasTheVerifiedLabourSetsOnly) {
  const IndicatorList& list = Bundled();
  EXPECT_EQ(list.name(), "ilo-ec-2009-delphi");
  EXPECT_FALSE(list.version().empty());
  EXPECT_TRUE(list.Has(Population::kAdult, Exploitation::kLabour));
  EXPECT_TRUE(list.Has(Population::kChild, Exploitation::kLabour));
  EXPECT_FALSE(list.Has(Population::kAdult, Exploitation::kSexual));
  EXPECT_FALSE(list.Has(Population::kChild, Exploitation::kSexual));
  // 67 adult and 65 child indicators (README of the source), plus the act item each.
  EXPECT_EQ(list.Set(Population::kAdult, Exploitation::kLabour).size(), 68u);
  EXPECT_EQ(list.Set(Population::kChild, Exploitation::kLabour).size(), 66u);
  ASSERT_EQ(list.forced_labour().size(), 11u);
  EXPECT_EQ(list.forced_labour()[8].label_en, "Debt bondage");
  const Indicator* edu = list.Find(Population::kChild, Exploitation::kLabour, "dr_education");
  ASSERT_NE(edu, nullptr);
  EXPECT_EQ(edu->strength, Strength::kStrong);
  EXPECT_EQ(edu->label_fr, "Tromperie sur l’accès à l’éducation");
  EXPECT_EQ(list.Find(Population::kAdult, Exploitation::kLabour, "dr_education")->strength,
            Strength::kWeak);
}

TEST(ScreenIndicatorList, EveryBundledRowHasAValidDimensionStrengthAndProvenance) {
  const IndicatorList& list = Bundled();
  for (Population p : {Population::kAdult, Population::kChild}) {
    std::array<int, kGradedDimensions> per_dimension{};
    int act_items = 0;
    for (const Indicator* i : list.Set(p, Exploitation::kLabour)) {
      SCOPED_TRACE(std::string(PopulationCode(p)) + " " + i->code);
      EXPECT_FALSE(i->verification.empty()) << "every row must say where it comes from";
      if (i->dimension == Dimension::kAct) {
        EXPECT_EQ(i->strength, Strength::kNone);
        ++act_items;
        continue;
      }
      EXPECT_NE(i->strength, Strength::kNone);
      ++per_dimension[static_cast<int>(i->dimension)];
    }
    EXPECT_EQ(act_items, 1) << PopulationCode(p);
    // The publication's six elements each have indicators in both labour lists.
    for (int d = 0; d < kGradedDimensions; ++d)
      EXPECT_GT(per_dimension[d], 0)
          << PopulationCode(p) << " " << DimensionCode(static_cast<Dimension>(d));
  }
}

TEST(ScreenIndicatorList, TheSexualSetsAreDeclaredMissingAndSayWhatIsMissing) {
  const IndicatorList& list = Bundled();
  EXPECT_THAT(list.MissingSetNote(Population::kAdult, Exploitation::kSexual, Lang::kEn),
              AllOf(HasSubstr("trafficking of adults for sexual exploitation"),
                    HasSubstr("none of their indicators, dimensions or strengths could be read"),
                    HasSubstr("not reconstructed from memory")));
  EXPECT_THAT(list.MissingSetNote(Population::kChild, Exploitation::kSexual, Lang::kEn),
              HasSubstr("trafficking of children for sexual exploitation"));
  EXPECT_THAT(list.MissingSetNote(Population::kChild, Exploitation::kSexual, Lang::kFr),
              AllOf(HasSubstr("traite des enfants à des fins d’exploitation sexuelle"),
                    HasSubstr("pas reconstitués de mémoire")));
  EXPECT_EQ(list.MissingSetNote(Population::kAdult, Exploitation::kLabour, Lang::kEn), "");
}

TEST(ScreenIndicatorList, AManifestCannotDeclareMissingASetItHas) {
  palermo::testing::TempDir dir;
  const std::string csv =
      "population,exploitation,dimension,strength,code,label_en,label_fr\n"
      "adult,sexual,deceptive_recruitment,strong,s1,D1,D1\n";
  WriteFile(dir.path() / "list.csv", csv);
  auto manifest = [&](const std::string& missing) {
    WriteFile(dir.path() / "lists.json",
              R"({"trafficking": {"name": "country", "version": "1", "file": "list.csv"},
                  "missing": [)" +
                  missing + "]}");
    return IndicatorList::LoadManifest(dir.path() / "lists.json");
  };
  Result<IndicatorList> ok = manifest(
      R"({"population": "child", "exploitation": "sexual", "en": "not yet", "fr": "pas encore"})");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->MissingSetNote(Population::kChild, Exploitation::kSexual, Lang::kFr), "pas encore");
  EXPECT_THAT(
      manifest(R"({"population": "adult", "exploitation": "sexual", "en": "x", "fr": "y"})"),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("the adult × sexual set is declared missing but the list has it")));
  EXPECT_THAT(manifest(R"({"population": "child", "exploitation": "sexual", "en": "x", "fr": ""})"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("en and fr notes are required")));
  EXPECT_THAT(
      manifest(R"({"population": "elder", "exploitation": "sexual", "en": "x", "fr": "y"})"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("population must be adult or child")));
  EXPECT_THAT(manifest(R"({"population": "child", "exploitation": "sexual"})"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("lists.json")));
}

TEST(ScreenIndicatorList, BadRowsAreRefusedWithTheirLine) {
  const std::string header = "population,exploitation,dimension,strength,code,label_en,label_fr\n";
  EXPECT_THAT(IndicatorList::FromCsv("x", "1", header + "adult,labour,exploitation,strong,a,A,A\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 2: unknown dimension 'exploitation'")));
  EXPECT_THAT(IndicatorList::FromCsv(
                  "x", "1", header + "adult,labour,act,-,a,A,A\nadult,labour,act,-,a,B,B\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 3: duplicate code 'a'")));
  EXPECT_THAT(
      IndicatorList::FromCsv("x", "1", header + "adult,labour,act,strong,a,A,A\n"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("only the act item has no strength")));
  EXPECT_THAT(
      IndicatorList::FromCsv("x", "1", header + "adult,labour,coercive_recruitment,medium,a,A,\n"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("label_fr are required")));
  EXPECT_THAT(
      IndicatorList::FromCsv("x", "1", header + "adult,labour,coercive_recruitment,huge,a,A,A\n"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2: strength must be")));
}

TEST(ScreenParseAnswer, EnglishAndFrenchWords) {
  EXPECT_EQ(*ParseAnswer("Oui"), Answer::kYes);
  EXPECT_EQ(*ParseAnswer("non"), Answer::kNo);
  EXPECT_EQ(*ParseAnswer("inconnu"), Answer::kUnknown);
  EXPECT_EQ(*ParseAnswer("?"), Answer::kUnknown);
  EXPECT_THAT(ParseAnswer("maybe"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("yes, no or unknown")));
}

// Adult example: deception (strong + medium), exploitation (strong + medium), coercion at
// destination (two strong).
const std::vector<std::string> kDeception = {"dr_nature_job", "dr_wages"};
const std::vector<std::string> kExploitation = {"ex_excessive_hours", "ex_low_salary"};
const std::vector<std::string> kCoercion = {"cd_documents", "cd_debt_bondage"};

std::vector<std::string> Concat(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(ScreenEvaluate, AdultWithAllThreeElementsIsPresumedWithReasons) {
  const ScreeningResult r =
      Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour,
               AllNoExcept(Population::kAdult, Concat({kDeception, kExploitation, kCoercion})));
  EXPECT_EQ(r.presumption, Presumption::kPresumedVictim);
  EXPECT_EQ(r.dimensions[0].clause, 'b');
  EXPECT_EQ(r.dimensions[3].clause, 'b');
  EXPECT_EQ(r.dimensions[4].clause, 'a');
  const std::string en = Reasons(r, Lang::kEn);
  EXPECT_THAT(
      en, HasSubstr(
              "Exploitative conditions of work: positive by clause (b): one strong and one medium "
              "or weak indicator. Present: Excessive working days or hours (strong); Low or no "
              "salary (medium)."));
  EXPECT_THAT(en, HasSubstr("Coercion at destination: positive by clause (a)"));
  EXPECT_THAT(en, HasSubstr("recruitment positive, exploitation positive, destination positive"));
  const std::string fr = Reasons(r, Lang::kFr);
  EXPECT_THAT(
      fr,
      HasSubstr("positif selon la clause b) : un indicateur fort et un moyen ou faible. Présents : "
                "Journées ou heures de travail excessives (fort)"));
  EXPECT_EQ(PresumptionLabel(r.presumption, r.exploitation, Lang::kFr),
            "Victime présumée de la traite à des fins d’exploitation par le travail");
}

TEST(ScreenEvaluate, AdultMissingAnyOneElementIsNotPresumed) {
  struct Case {
    const char* what;
    std::vector<std::string> yes;
    const char* failing;
  };
  const Case cases[] = {
      {"no recruitment", Concat({kExploitation, kCoercion}), "recruitment negative"},
      {"no exploitation", Concat({kDeception, kCoercion}), "exploitation negative"},
      {"no destination means", Concat({kDeception, kExploitation}), "destination negative"},
  };
  for (const Case& c : cases) {
    const ScreeningResult r = Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour,
                                       AllNoExcept(Population::kAdult, c.yes));
    EXPECT_EQ(r.presumption, Presumption::kNotPresumed) << c.what;
    EXPECT_THAT(Reasons(r, Lang::kEn), HasSubstr(c.failing)) << c.what;
  }
}

TEST(ScreenEvaluate, OneIndicatorLessFlipsADimensionAndTheResult) {
  // Exploitation with only the strong indicator (clause b needs one more): not presumed.
  const ScreeningResult r = Evaluate(
      Bundled(), Population::kAdult, Exploitation::kLabour,
      AllNoExcept(Population::kAdult, Concat({kDeception, {"ex_excessive_hours"}, kCoercion})));
  EXPECT_EQ(r.dimensions[3].positive, Tri::kNo);
  EXPECT_EQ(r.presumption, Presumption::kNotPresumed);
  // Three medium indicators (clause c) instead: presumed again.
  const ScreeningResult c = Evaluate(
      Bundled(), Population::kAdult, Exploitation::kLabour,
      AllNoExcept(
          Population::kAdult,
          Concat(
              {kDeception, {"ex_low_salary", "ex_hazardous", "ex_living_conditions"}, kCoercion})));
  EXPECT_EQ(c.dimensions[3].clause, 'c');
  EXPECT_EQ(c.presumption, Presumption::kPresumedVictim);
  // Two medium and one weak (clause d) on abuse of vulnerability at destination.
  const ScreeningResult d =
      Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour,
               AllNoExcept(Population::kAdult,
                           Concat({kDeception,
                                   kExploitation,
                                   {"vd_dependency", "vd_economic", "vd_past_difficulties"}})));
  EXPECT_EQ(d.dimensions[5].clause, 'd');
  EXPECT_EQ(d.presumption, Presumption::kPresumedVictim);
}

// For each of the 64 combinations of positive dimensions (others answered "no"), the adult
// and the child rule give the presumption the publication's combination says.
TEST(ScreenEvaluate, EveryCombinationOfDimensionsAdultAndChild) {
  const std::map<int, std::vector<std::string>> positive_answers = {
      {0, kDeception},
      {1, {"cr_violence", "cr_documents"}},
      {2, {"rv_economic", "rv_illegal_status", "rv_family_situation"}},
      {3, kExploitation},
      {4, kCoercion},
      {5, {"vd_dependency", "vd_economic", "vd_family_situation"}},
  };
  for (Population p : {Population::kAdult, Population::kChild}) {
    for (int mask = 0; mask < 64; ++mask) {
      std::vector<std::string> yes;
      for (int dim_idx = 0; dim_idx < 6; ++dim_idx)
        if (mask & (1 << dim_idx))
          yes.insert(yes.end(), positive_answers.at(dim_idx).begin(),
                     positive_answers.at(dim_idx).end());
      const ScreeningResult r = Evaluate(Bundled(), p, Exploitation::kLabour, AllNoExcept(p, yes));
      const bool recruitment = mask & 0b000111, exploitation = mask & 0b001000,
                 destination = mask & 0b110000;
      // The act item is answered "no" here, so for a child the act comes from recruitment.
      const bool expected = p == Population::kAdult ? recruitment && exploitation && destination
                                                    : recruitment && exploitation;
      for (int dim_idx = 0; dim_idx < 6; ++dim_idx)
        EXPECT_EQ(r.dimensions[dim_idx].positive, (mask & (1 << dim_idx)) ? Tri::kYes : Tri::kNo)
            << "mask " << mask << " dim " << dim_idx;
      EXPECT_EQ(r.presumption, expected ? Presumption::kPresumedVictim : Presumption::kNotPresumed)
          << PopulationCode(p) << " mask " << mask;
    }
  }
}

TEST(ScreenEvaluate, ChildNeedsNoMeansButAnAdultDoes) {
  const auto child_answers =
      AllNoExcept(Population::kChild, Concat({{"act_recruited_moved"}, kExploitation}));
  const ScreeningResult child =
      Evaluate(Bundled(), Population::kChild, Exploitation::kLabour, child_answers);
  EXPECT_EQ(child.presumption, Presumption::kPresumedVictim);
  EXPECT_EQ(child.act, Tri::kYes);
  EXPECT_THAT(Reasons(child, Lang::kEn),
              HasSubstr("art. 3(c): the means are not required): act (recruitment or "
                        "movement) established, exploitative conditions of work positive"));
  EXPECT_THAT(Reasons(child, Lang::kFr), HasSubstr("acte (recrutement ou déplacement) établi"));

  const auto adult_answers =
      AllNoExcept(Population::kAdult, Concat({{"act_recruited_moved"}, kExploitation}));
  const ScreeningResult adult =
      Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour, adult_answers);
  EXPECT_EQ(adult.presumption, Presumption::kNotPresumed);
}

TEST(ScreenEvaluate, ChildWithoutTheActIsNotPresumedAndWithUnknownActIsInsufficient) {
  const ScreeningResult no_act = Evaluate(Bundled(), Population::kChild, Exploitation::kLabour,
                                          AllNoExcept(Population::kChild, kExploitation));
  EXPECT_EQ(no_act.presumption, Presumption::kNotPresumed);
  const ScreeningResult unknown_act =
      Evaluate(Bundled(), Population::kChild, Exploitation::kLabour,
               AllNoExcept(Population::kChild, kExploitation, {"act_recruited_moved"}));
  EXPECT_EQ(unknown_act.presumption, Presumption::kInsufficientInformation);
  EXPECT_THAT(Reasons(unknown_act, Lang::kEn),
              HasSubstr("depends on unknown answers in: Act (recruitment or movement)"));
}

TEST(ScreenEvaluate, TheSameAnswersWeighDifferentlyForAChild) {
  // "Deceived about access to education" is strong for children and weak for adults.
  const std::vector<std::string> yes = {"dr_education", "dr_conditions_work"};
  const ScreeningResult child = Evaluate(Bundled(), Population::kChild, Exploitation::kLabour,
                                         AllNoExcept(Population::kChild, yes));
  const ScreeningResult adult = Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour,
                                         AllNoExcept(Population::kAdult, yes));
  EXPECT_EQ(child.dimensions[0].positive, Tri::kYes);
  EXPECT_EQ(adult.dimensions[0].positive, Tri::kNo);
}

TEST(ScreenEvaluate, UnknownAnswersThatCouldChangeTheResultGiveInsufficientInformation) {
  // Destination means unknown (unanswered): recruitment and exploitation are positive.
  std::vector<AnswerRecord> answers;
  for (const auto& c : Concat({kDeception, kExploitation})) answers.push_back({c, Answer::kYes});
  const ScreeningResult r = Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour, answers);
  EXPECT_EQ(r.presumption, Presumption::kInsufficientInformation);
  EXPECT_EQ(r.dimensions[4].positive, Tri::kUndetermined);
  EXPECT_THAT(Reasons(r, Lang::kEn),
              AllOf(HasSubstr("Coercion at destination: undetermined"),
                    HasSubstr("Confiscation of documents (strong)"),
                    HasSubstr("depends on unknown answers in: Coercive recruitment")));
  // Nothing answered at all: insufficient, never "not presumed".
  EXPECT_EQ(Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour, {}).presumption,
            Presumption::kInsufficientInformation);
}

TEST(ScreenEvaluate, UnknownsThatCannotChangeTheResultDoNotHoldItUp) {
  // Every exploitation indicator is "no": whatever the other answers, not presumed.
  std::vector<AnswerRecord> answers;
  for (const Indicator* i : Bundled().Set(Population::kAdult, Exploitation::kLabour))
    if (i->dimension == Dimension::kExploitativeConditions)
      answers.push_back({i->code, Answer::kNo});
  const ScreeningResult r = Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour, answers);
  EXPECT_EQ(r.presumption, Presumption::kNotPresumed);
  EXPECT_THAT(Reasons(r, Lang::kEn), Not(HasSubstr("depends on unknown answers")));
}

TEST(ScreenEvaluate, TheLastAnswerToAnIndicatorCounts) {
  auto answers = AllNoExcept(Population::kAdult, Concat({kDeception, kExploitation, kCoercion}));
  answers.push_back({"cd_documents", Answer::kNo});  // corrected later
  const ScreeningResult r = Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour, answers);
  EXPECT_EQ(r.dimensions[4].clause, 0);
  EXPECT_EQ(r.presumption, Presumption::kNotPresumed);
}

TEST(ScreenEvaluate, SexualExploitationSetFromACountryList) {
  // The bundled list has no sexual-exploitation sets; a country's list can add them.
  const std::string csv =
      "population,exploitation,dimension,strength,code,label_en,label_fr\n"
      "adult,sexual,deceptive_recruitment,strong,s1,D1,D1\n"
      "adult,sexual,deceptive_recruitment,medium,s2,D2,D2\n"
      "adult,sexual,exploitative_conditions_of_work,strong,s3,E1,E1\n"
      "adult,sexual,exploitative_conditions_of_work,strong,s4,E2,E2\n"
      "adult,sexual,coercion_at_destination,strong,s5,C1,C1\n"
      "adult,sexual,coercion_at_destination,weak,s6,C2,C2\n";
  Result<IndicatorList> list = IndicatorList::FromCsv("country", "1", csv);
  ASSERT_TRUE(list.ok()) << list.status();
  std::vector<AnswerRecord> yes;
  for (const char* c : {"s1", "s2", "s3", "s4", "s5", "s6"}) yes.push_back({c, Answer::kYes});
  const ScreeningResult r = Evaluate(*list, Population::kAdult, Exploitation::kSexual, yes);
  EXPECT_EQ(r.presumption, Presumption::kPresumedVictim);
  EXPECT_EQ(PresumptionLabel(r.presumption, r.exploitation, Lang::kEn),
            "Presumed victim of trafficking for sexual exploitation");
}

// A sexual-exploitation set is evaluated by the same rule. The ILO/EC sexual lists are not
// bundled (their text could not be found), so these worked examples use a synthetic set with two
// strong indicators per dimension: x<d>a and x<d>b; both "yes" make dimension d positive by
// clause (a), one alone leaves it negative.
const IndicatorList& SyntheticSexualList() {
  static const IndicatorList list = [] {
    std::string csv = "population,exploitation,dimension,strength,code,label_en,label_fr\n";
    for (const char* p : {"adult", "child"}) {
      csv += std::string(p) + ",sexual,act,-,act,Act,Acte\n";
      for (int d = 0; d < kGradedDimensions; ++d)
        for (const char* suffix : {"a", "b"})
          csv += std::string(p) + ",sexual," +
                 std::string(DimensionCode(static_cast<Dimension>(d))) + ",strong,x" +
                 std::to_string(d) + suffix + ",L,L\n";
    }
    Result<IndicatorList> l = IndicatorList::FromCsv("synthetic", "1", csv);
    if (!l.ok()) {
      ADD_FAILURE() << l.status();
      std::abort();
    }
    return std::move(l).value();
  }();
  return list;
}

// Answers every indicator of the synthetic set: dimensions in `mask` fully "yes", and for the
// others only the first indicator "yes" when `half` (one strong alone is not enough).
std::vector<AnswerRecord> SyntheticAnswers(int mask, bool act, bool half) {
  std::vector<AnswerRecord> out = {{"act", act ? Answer::kYes : Answer::kNo}};
  for (int d = 0; d < kGradedDimensions; ++d) {
    const bool on = mask & (1 << d);
    out.push_back({"x" + std::to_string(d) + "a", on || half ? Answer::kYes : Answer::kNo});
    out.push_back({"x" + std::to_string(d) + "b", on ? Answer::kYes : Answer::kNo});
  }
  return out;
}

TEST(ScreenEvaluate, EveryCombinationOfDimensionsForSexualExploitationAdultAndChild) {
  const IndicatorList& list = SyntheticSexualList();
  for (Population p : {Population::kAdult, Population::kChild}) {
    for (bool act : {false, true}) {
      for (bool half : {false, true}) {
        for (int mask = 0; mask < 64; ++mask) {
          const ScreeningResult r =
              Evaluate(list, p, Exploitation::kSexual, SyntheticAnswers(mask, act, half));
          const bool recruitment = mask & 0b000111, exploitation = mask & 0b001000,
                     destination = mask & 0b110000;
          // Adult: a recruitment means AND exploitation AND a destination means. Child: the act
          // (answered, or implied by a positive recruitment dimension) AND exploitation.
          const bool expected = p == Population::kAdult ? recruitment && exploitation && destination
                                                        : (act || recruitment) && exploitation;
          EXPECT_EQ(r.presumption,
                    expected ? Presumption::kPresumedVictim : Presumption::kNotPresumed)
              << PopulationCode(p) << " act " << act << " half " << half << " mask " << mask;
        }
      }
    }
  }
}

TEST(ScreenEvaluate, SexualExploitationFlipsOnOneIndicatorAndSaysSexualInBothLanguages) {
  const IndicatorList& list = SyntheticSexualList();
  // Adult: recruitment (0), exploitation (3), coercion at destination (4).
  const ScreeningResult adult = Evaluate(list, Population::kAdult, Exploitation::kSexual,
                                         SyntheticAnswers(0b011001, /*act=*/false, /*half=*/false));
  EXPECT_EQ(adult.presumption, Presumption::kPresumedVictim);
  EXPECT_EQ(PresumptionLabel(adult.presumption, adult.exploitation, Lang::kEn),
            "Presumed victim of trafficking for sexual exploitation");
  EXPECT_EQ(PresumptionLabel(adult.presumption, adult.exploitation, Lang::kFr),
            "Victime présumée de la traite à des fins d’exploitation sexuelle");
  // The second exploitation indicator withdrawn: the dimension and the result flip.
  std::vector<AnswerRecord> answers = SyntheticAnswers(0b011001, false, false);
  answers.push_back({"x3b", Answer::kNo});
  const ScreeningResult flipped =
      Evaluate(list, Population::kAdult, Exploitation::kSexual, answers);
  EXPECT_EQ(flipped.dimensions[3].positive, Tri::kNo);
  EXPECT_EQ(flipped.presumption, Presumption::kNotPresumed);
  EXPECT_THAT(Reasons(flipped, Lang::kEn), HasSubstr("exploitation negative"));
  // Unknown instead of "no": insufficient information, never a guess.
  answers.back() = {"x3b", Answer::kUnknown};
  EXPECT_EQ(Evaluate(list, Population::kAdult, Exploitation::kSexual, answers).presumption,
            Presumption::kInsufficientInformation);
  // Child: the act and exploitation suffice; the adult with the same answers is not presumed.
  const std::vector<AnswerRecord> child_answers = SyntheticAnswers(0b001000, true, false);
  EXPECT_EQ(Evaluate(list, Population::kChild, Exploitation::kSexual, child_answers).presumption,
            Presumption::kPresumedVictim);
  EXPECT_EQ(Evaluate(list, Population::kAdult, Exploitation::kSexual, child_answers).presumption,
            Presumption::kNotPresumed);
}

TEST(ScreenPopulationForAge, UnderEighteenIsAChildUnknownIsUndecided) {
  EXPECT_EQ(PopulationForAge(17), Population::kChild);
  EXPECT_EQ(PopulationForAge(18), Population::kAdult);
  EXPECT_EQ(PopulationForAge(std::nullopt), std::nullopt);
}

TEST(ScreenDescribeResult, SaysItIsNotADecisionInBothLanguages) {
  const ScreeningResult r = Evaluate(Bundled(), Population::kAdult, Exploitation::kLabour, {});
  EXPECT_THAT(DescribeResult(r, Bundled(), Lang::kEn),
              HasSubstr("not a decision: a person decides"));
  EXPECT_THAT(DescribeResult(r, Bundled(), Lang::kFr),
              AllOf(HasSubstr("Recrutement trompeur : indéterminé"),
                    HasSubstr("Informations insuffisantes")));
}

}  // namespace
}  // namespace palermo::screen
