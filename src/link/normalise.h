// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/normalise.h: turns the raw text of one identifier into the comparable form the
// linkage engine scores. Internal to the link module; other modules include link/link.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/core.h"

namespace palermo::link {

struct NormaliseOptions {
  // ICU "Any-Latin; Latin-ASCII": other scripts to Latin and diacritics folded. When false,
  // names are only lower-cased and stripped of punctuation (the baseline of tools without
  // transliteration).
  bool transliterate = true;
  // Map name tokens to their family in data/link/name_variants.csv.
  bool use_variants = true;
  // ISO 3166 alpha-2 region for phone numbers without an international prefix when the
  // record's nationality gives none. Empty: such numbers are kept as national digits.
  std::string default_region;
  // Year ages are counted from when the record has no `record_date` (role `age` becomes
  // birth year reference_year - age, or up to `age_span_years` earlier).
  int reference_year = 2026;
  // An age without a record date was written at some unknown time up to this many years
  // before reference_year, so the birth year it implies is only known to lie in
  // [reference_year - age - age_span_years - 1, reference_year - age]. Ages from lists kept
  // over several years would otherwise be compared as if all written this year, and true
  // matches would disagree by the list's age (the over-merging fixed in issue "link over-merges
  // the sample"; see docs/link.md).
  int age_span_years = 8;
};

// Name token families, loaded from a `canonical,variant` CSV. Immutable after loading;
// safe to share between threads.
class VariantTable {
 public:
  // Loads data/link/name_variants.csv. NotFound / InvalidArgument name the file and line.
  static Result<VariantTable> LoadDefault();
  static Result<VariantTable> FromCsv(std::string_view text, std::string_view name);
  // Canonical form of `token` (already folded to lower-case ASCII), or `token` itself.
  std::string_view Canonical(std::string_view token) const;
  size_t size() const { return canonical_.size(); }

 private:
  std::unordered_map<std::string, std::string> canonical_;
};

// Folds a name to lower-case tokens separated by single spaces: transliterated to Latin and
// ASCII when `transliterate`, punctuation and digits removed, apostrophes dropped
// ("O'Brien" -> "obrien"). "Олена" -> "olena", "محمد" -> "mhmd", "Nguyễn  Văn" -> "nguyen van".
// Thread-safe (one ICU transliterator per thread); ASCII input never reaches ICU.
std::string FoldName(std::string_view text, bool transliterate);

// Consonant skeleton of a folded token: doubled letters collapsed, then the first letter kept
// and later vowels and semivowels (a e i o u y w) and 'h' dropped. "muhammad", "mohamed" and
// "mhmd" all give "mmd", which catches the vowel-less romanisations of abjad scripts.
std::string ConsonantSkeleton(std::string_view token);

// A birth date as far as it is known: year, month, day (0 = unknown). Unlike PartialDate it
// keeps impossible dates typed by people (31/02) so that digit errors can still be scored.
struct LooseDate {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;
  bool empty() const { return year == 0; }
  friend bool operator==(const LooseDate&, const LooseDate&) = default;
};

// How a column writes dates whose first two numbers could both be a day or a month
// (03/04/2019).
enum class DateOrder : uint8_t { kDayFirst, kMonthFirst };

// Parses what PartialDate::Parse accepts, plus eight-digit YYYYMMDD with an impossible day
// or month, "D/M/YYYY" with any separator read in `order` (the other order when the value
// cannot be read in it: 25/12/1990 in a month-first column), two-digit years (19YY when
// above `two_digit_pivot`, else 20YY), and years from 1000 to 2200 (historical registers,
// typing errors). nullopt if no year.
std::optional<LooseDate> ParseLooseDate(std::string_view text,
                                        DateOrder order = DateOrder::kDayFirst,
                                        int two_digit_pivot = 26);

// What a column's values say about its date order: values only day-first can read (first
// number above 12), only month-first can read, and values either order reads.
struct DateOrderEvidence {
  size_t day_first = 0;
  size_t month_first = 0;
  size_t ambiguous = 0;
  // Month-first only when some value needs it and none contradicts it.
  DateOrder order() const {
    return month_first > 0 && day_first == 0 ? DateOrder::kMonthFirst : DateOrder::kDayFirst;
  }
  // Every value with two small numbers could be read either way and nothing decided it, or
  // values contradict each other.
  bool undecided() const { return (ambiguous > 0 && day_first == 0 && month_first == 0) ||
                                  (day_first > 0 && month_first > 0); }
};
void AddDateOrderEvidence(std::string_view text, DateOrderEvidence& evidence);

// An age as agencies write it: "17", "15-19", "15 à 19", "<18", "under 18", "60+", ">60".
// Returns the interval of ages in whole years, nullopt when it is not an age.
struct AgeRange {
  int low = 0;
  int high = 0;
};
std::optional<AgeRange> ParseAgeRange(std::string_view text);

// Phone number to E.164 ("+33612345678") with libphonenumber, using `region` (ISO alpha-2)
// for numbers without an international prefix. When it cannot be parsed or is not a possible
// number, the digits alone (at least 6) are returned; empty when fewer.
std::string NormalisePhone(std::string_view text, std::string_view region);

// Document number: upper-case ASCII letters and digits only, with the letters O -> 0 and
// I, L -> 1 (the usual misreadings). "ab-12 O34 l" -> "AB120341".
std::string NormaliseDocument(std::string_view text);

// Sex: 'f', 'm' or 0 (unknown) from "F", "female", "femme", "M", "male", "homme", "w", ..., and
// the ISO/IEC 5218 codes "2" (female) and "1" (male).
char NormaliseSex(std::string_view text);

// E-mail: lower-case, trimmed. Empty if there is no '@'.
std::string NormaliseEmail(std::string_view text);

}  // namespace palermo::link
