// SPDX-License-Identifier: AGPL-3.0-or-later
// Name pools of the realistic generator (internal): one Culture per nationality, by region file.
//
// A pool is written as text, one entry per ';' or line, most frequent first:
//   native [| feminine] [{patronymic_m,patronymic_f}] [^particle] [= latin/latin/...]
//          [~ nickname/nickname] [* weight]
// (a ':' inside a Latin form stands for '/', as in the Eritrean abbreviation G:Medhin = G/Medhin).
// `native` is the name as its bearer writes it (own script, or Latin with its diacritics).
// Latin spellings: for Latin-script cultures the ASCII fold of `native` comes first, then the
// listed variants; for Cyrillic, Georgian and Greek the automatic romanisations (script.h) are
// added, the passport system first; for Arabic, Thai, Han, Ethiopic and Bengali the listed
// spellings are the only ones, the first being the usual passport spelling. Frequencies are
// Zipf-like by rank (p ∝ (rank + 1.5)^-zipf) unless weights are given (entries without a weight
// then take 0.9 times the previous one). All pools are common given and family names, combined
// at random; they describe no real person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "realistic/script.h"

namespace palermo::realistic {

enum class Script {
  kLatin,
  kCyrillic,
  kArabic,
  kThai,
  kHan,
  kEthiopic,
  kGeorgian,
  kGreek,
  kBengali
};

// How a culture builds a full name, which decides what agencies can get wrong about it.
enum class NameStyle {
  kWestern,      // given [given2] family [family2]
  kHungarian,    // family-first when written in full
  kSlavic,       // given patronymic family; gendered family names
  kGreek,        // given family (gendered); father's given name recorded apart
  kVietnamese,   // family middle given (Nguyễn Thị Hương)
  kChinese,      // family given (王秀英)
  kThai,         // given family, and a nickname (chue len) used day to day
  kArabic,       // given, father, grandfather [family with article]: Ahmed bin Ali al-Hassan
  kEritrean,     // given, father, grandfather: no family name
  kFilipino,     // given(s), middle (mother's family name), family
  kBrazilian,    // given(s), mother's and father's family names with particles
  kBangladeshi,  // [Md./Mst.] given [given2] family
  kNigerian,     // given, middle (often a native name), family
};

struct NameEntry {
  std::string native;
  std::vector<std::string> latin;  // latin[0]: the document (passport) spelling
  std::string native_f;            // feminine form of a gendered family name, else empty
  std::vector<std::string> latin_f;
  std::string patronymic_m, patronymic_f;  // East Slavic, derived from a male given name
  std::vector<std::string> patronymic_m_latin, patronymic_f_latin;
  std::vector<std::string> nick;  // short forms and nicknames (Latin)
  std::string particle;           // "da"/"dos"/"de" (Brazilian), "al"/"el" (Arabic article)
};

class NameList {
 public:
  NameList() = default;
  NameList(std::vector<NameEntry> entries, std::vector<double> weights);
  // The entry at quantile `u` in [0, 1) of the frequency distribution.
  size_t Draw(double u) const;
  const NameEntry& operator[](size_t idx) const { return entries_[idx]; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<NameEntry> entries_;
  std::vector<double> cumulative_;  // normalised, last = 1
};

struct ParseRules {
  Script script = Script::kLatin;
  std::vector<Romanisation> systems;  // automatic romanisations, passport system first
  bool explicit_is_passport = false;  // listed spellings come before automatic ones (Moldova)
  bool slavic_feminine = false;  // derive feminine family names (Иванов -> Иванова)
  bool ukrainian_patronymics = false;  // derive patronymics from male given names
  bool russian_patronymics = false;
  bool han_syllables = false;  // "Xiu-ying" is Xiuying, also written Xiu Ying / Xiu-Ying
  double zipf = 1.0;
};

// Parses a pool written as above. Aborts on a malformed entry (the pools are compiled in).
NameList ParseNames(std::string_view spec, const ParseRules& rules);

struct Culture {
  std::string alpha3;  // nationality, ISO 3166-1 alpha-3
  Script script = Script::kLatin;
  NameStyle style = NameStyle::kWestern;
  bool family_first = false;  // customary written order: Vietnamese, Chinese, Hungarian
  NameList female, male, family;
  NameList family_female;  // female-only family names (Bangladeshi Akter, Begum), if any
  NameList middle_female, middle_male;  // Vietnamese middle names
  NameList nicknames;                   // Thai chue len (not tied to the given name)
  double second_given = 0;              // share with a second given name
  double second_family = 0;             // share with a second family name (hyphenated or compound)
  double birthday_unknown = 0;  // share whose papers say 1 January because the day is unknown
};

// The culture of a nationality. Aborts if none was registered (a programming error).
const Culture& CultureFor(std::string_view alpha3);

// Registration by region (names_*.cc).
void AddLatinCultures(std::vector<Culture>& out);          // FRA GBR ROU ALB HUN BRA
void AddEastCultures(std::vector<Culture>& out);           // UKR MDA RUS GEO GRC
void AddAfricaMideastCultures(std::vector<Culture>& out);  // NGA ERI SYR EGY MAR
void AddAsiaCultures(std::vector<Culture>& out);           // VNM CHN THA PHL BGD

}  // namespace palermo::realistic
