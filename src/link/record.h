// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/record.h: normalised records and their field-by-field comparison levels.
// Internal to the link module; other modules include link/link.h.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/core.h"
#include "link/normalise.h"

namespace palermo::link {

// Roles a mapping file gives to input columns (the `palermo link` contract), plus `email`
// and `postcode` (folded into address) as extensions.
enum class Role : uint8_t {
  kRecordId,
  kGivenName,
  kFamilyName,
  kFullName,
  kSex,
  kBirthDate,
  kBirthYear,
  kAge,
  kNationality,
  kPhone,
  kDocumentNumber,
  kCity,
  kAddress,
  kEmail,
  // Date the record was made (event, identification or interview date): an `age` on the
  // same row is counted from its year.
  kRecordDate,
};
// "given_name" -> kGivenName ... (also the import mapping's names: "local_id", "citizenship",
// "identification_date"). InvalidArgument (naming the text, which is a role name, not
// personal data) when unknown.
Result<Role> ParseRole(std::string_view name);
std::string_view RoleName(Role role);

// Compared fields. Each has a fixed list of comparison levels, 0 = disagreement, higher =
// closer agreement; kMissing when either side lacks the value (no evidence either way).
enum class Field : uint8_t {
  kGivenName,
  kFamilyName,
  kBirthDate,
  kSex,
  kNationality,
  kPhone,
  kDocument,
  kCity,
  kAddress,
  kEmail,
};
inline constexpr int kFieldCount = 10;
inline constexpr int kMaxLevels = 6;
inline constexpr int8_t kMissing = -1;

std::string_view FieldName(Field field);
int LevelCount(Field field);
// "exact", "jaro_winkler>=0.92", "day_month_swapped", ...
std::string_view LevelName(Field field, int level);

// Name levels: 0 disagree, 1 Jaro–Winkler >= 0.80, 2 JW >= 0.92, 3 same consonant skeleton,
// 4 exact (after variant mapping).
// Birth date levels: 0 disagree, 1 years within 2, 2 one of year/month/day differs,
// 3 day and month swapped, 4 partial dates compatible (known parts agree; an age stated at a
// known date compatible with the other side's year), 5 exact full date. An age band or an age
// without a record date that is compatible is kMissing: so wide an interval is no evidence.
// Phone: 0, 1 same last 7 digits, 2 exact E.164. Document: 0, 1 one edit apart, 2 exact.
// Sex, nationality: 0, 1. City, address, email: 0, 1 JW >= 0.88, 2 exact.

// One input record, normalised. String values are ids into the dataset's StringPool
// (-1 = missing); equal ids mean equal strings.
struct Record {
  uint32_t source = 0;  // input table index
  uint32_t row = 0;     // row index within the table
  int32_t given = -1;   // first given-name token, variant-mapped
  int32_t given_rest = -1;  // second given name ("grace" in "mary grace"), -1 when none
  int32_t family = -1;  // family-name tokens, variant-mapped, space-separated
  int32_t given_skeleton = -1;
  int32_t family_skeleton = -1;  // of the family name's first token
  LooseDate birth;
  // From age: the birth year lies in [birth.year - birth_year_span - 1, birth.year].
  bool birth_year_only_approx = false;
  int16_t birth_year_span = 0;
  char sex = 0;
  int16_t nationality = -1;  // index into CodeLists::Default().countries()
  int32_t phone = -1;
  int32_t document = -1;
  int32_t city = -1;
  int32_t address = -1;
  int32_t email = -1;
};

inline uint64_t NationalityKey(int16_t nationality, int32_t id) {
  return static_cast<uint64_t>(static_cast<uint16_t>(nationality)) << 32 |
         static_cast<uint32_t>(id);
}

// Hash for maps keyed by std::string that are looked up by std::string_view.
struct TokenHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

inline uint64_t IdentifierKey(Field field, int32_t id) {
  return static_cast<uint64_t>(field) << 32 | static_cast<uint32_t>(id);
}

class StringPool {
 public:
  int32_t Intern(std::string_view s);
  const std::string& Get(int32_t id) const { return strings_[static_cast<size_t>(id)]; }
  size_t size() const { return strings_.size(); }

 private:
  std::vector<std::string> strings_;
  std::unordered_map<std::string, int32_t> index_;
};

// How one input column's dates were read (DateOrderEvidence): the order chosen, and whether
// the values left it undecided (every value readable both ways) or contradicted it.
struct DateColumnNote {
  std::string table;   // SourceTable::name
  std::string column;  // header name
  DateOrderEvidence evidence;
};

// Records of all input tables with what scoring needs: the pool, term frequencies of
// given and family names, and which fields any record has.
struct Dataset {
  StringPool pool;
  std::vector<Record> records;
  std::vector<uint32_t> given_count;   // by pool id: records with this given name
  std::vector<uint32_t> family_count;  // by pool id
  std::vector<uint32_t> given_skeleton_count;   // by pool id of a given-name skeleton
  std::vector<uint32_t> family_skeleton_count;  // by pool id of a family-name skeleton
  // By pool id of a given name: records with that name whose sex is female / male. A given
  // name mostly tells the sex, so two records agreeing on it agree on sex anyway.
  std::vector<std::array<uint32_t, 2>> given_sex_count;
  // Records with a birth date or year (not an age) born before each year from
  // kFirstBirthYear (cumulative: element y counts years < kFirstBirthYear + y), and their
  // total: the share of people born in a span, for weighing an age band's agreement.
  static constexpr int kFirstBirthYear = 1880;
  std::vector<uint32_t> birth_years_before;
  uint32_t birth_year_total = 0;
  uint32_t given_total = 0;            // records with a given name
  uint32_t family_total = 0;
  // The same counts within one nationality, keyed by NationalityKey(nationality, pool id),
  // and per nationality the records with a given / family name. Names and nationality are
  // not independent (a Vietnamese "Nguyen" is common, a French one rare), so when two
  // records agree on nationality the name's frequency is taken within that nationality.
  std::unordered_map<uint64_t, uint32_t> given_count_by_nationality;
  std::unordered_map<uint64_t, uint32_t> family_count_by_nationality;
  std::unordered_map<int16_t, uint32_t> given_total_by_nationality;
  std::unordered_map<int16_t, uint32_t> family_total_by_nationality;
  std::array<bool, kFieldCount> has_field{};  // some record has the field
  size_t source_count = 0;
  // Identifiers several persons share (a shelter's phone or address, a hotline, an agency's
  // e-mail): for each (field, pool id) of a phone, document, address or e-mail value, the
  // number of distinct given-name skeletons among the records holding it (at least 1), and
  // per field the records holding a value. An exact agreement on a value held by many
  // persons weighs as little as its share (ScoreLog2).
  std::unordered_map<uint64_t, uint32_t> identifier_holders;
  std::array<uint32_t, kFieldCount> identifier_records{};
  // Records whose family name holds each token ("popescu" in "popescu ionescu"): a shared
  // token makes two compound names agree only when it is rare (Compare).
  std::unordered_map<std::string, uint32_t, TokenHash, std::equal_to<>> family_token_count;
  uint32_t family_token_records = 0;
  // Date columns whose order had to be decided, with the evidence.
  std::vector<DateColumnNote> date_columns;
};

// Levels of every field for records a and b. Symmetric. `swapped_names` is set when given
// and family names agreed better crosswise (the order-insensitive name comparison), and
// when a record known by a single name agreed better with the other record's other name
// field (its level is then in that field, and its own field is kMissing).
// Cost: no allocation; Jaro–Winkler only when ids differ.
struct Comparison {
  std::array<int8_t, kFieldCount> level;
  bool swapped_names = false;
  // Birth level is missing because the two birth-year intervals are compatible but too wide
  // to be a level (an age band "25-34" against a date, an age without a record date): such an
  // agreement is weighed by how few people the band admits (ScoreLog2), outside EM.
  bool birth_band_compatible = false;
};
void Compare(const Dataset& data, const Record& a, const Record& b, Comparison& out);

// Sum of the widths, in years, of the two records' birth-year intervals: 1 for a known year,
// span + 2 for an age or an age band. Two compatible intervals say the less the wider they
// are (an age band "35-44" against a birth year; ScoreLog2 weighs it down).
int BirthYearWidth(const Record& a, const Record& b);

// Birth years [low, high] a record admits: its year for a date or a year, the interval of an
// age or an age band. Empty (low > high) without a birth date.
std::pair<int, int> BirthYears(const Record& r);

// Jaro–Winkler similarity in [0, 1] (Winkler 1990, prefix scale 0.1, prefix up to 4) on
// bytes; strings are cut at 64 bytes. JaroWinkler("martha", "marhta") ~ 0.961.
double JaroWinkler(std::string_view a, std::string_view b);

// True when a and b are at most one substitution, insertion, deletion or adjacent
// transposition apart.
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace palermo::link
