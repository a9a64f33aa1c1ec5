// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/dataset.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <unordered_map>

namespace palermo::link {
namespace {

// Normalised text of one record before interning.
struct Staged {
  std::string given, given_rest, family, phone, document, city, address, email;
  LooseDate birth;
  bool birth_approx = false;
  int16_t birth_span = 0;
  char sex = 0;
  int16_t nationality = -1;
};

// Honorifics and ranks that agencies and registers put before names (English, French,
// Spanish, Portuguese, German, Russian romanised); they are not part of the name.
bool IsTitle(std::string_view token) {
  static constexpr std::string_view kTitles[] = {
      "mr",      "mrs",    "ms",      "miss",  "mme",      "mlle",    "m",
      "dr",      "sir",    "lady",    "lord",  "dame",     "general", "gen",    "captain",
      "capt",    "colonel", "col",    "major", "rev",      "reverend", "father", "sister",
      "brother", "prof",   "professor", "baron", "count",  "sr",      "sra",    "srta",
      "don",     "dona",   "herr",    "frau",  "gospodin", "gospozha", "sheikh",
      "hajji",   "haji",    "madame", "monsieur", "mademoiselle"};
  for (std::string_view title : kTitles)
    if (token == title) return true;
  return false;
}

// Drops leading title tokens ("general sir richard" -> "richard").
std::string StripTitles(const std::string& folded) {
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (!IsTitle(std::string_view(folded).substr(start, end - start))) break;
    start = end + 1;
  }
  return start >= folded.size() ? std::string() : folded.substr(start);
}

std::string CanonicalTokens(const std::string& folded, const VariantTable* variants) {
  if (!variants) return folded;
  std::string out;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (!out.empty()) out += ' ';
    out += variants->Canonical(std::string_view(folded).substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> SplitTokens(const std::string& folded) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) tokens.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

std::string JoinTokens(const std::vector<std::string>& tokens, const char* separator = " ") {
  std::string out;
  for (const std::string& t : tokens) {
    if (t.empty()) continue;
    if (!out.empty()) out += separator;
    out += t;
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// East Slavic patronymics (Тарасівна, Ivanovich): a middle name one list writes and another
// leaves out. South Slavic family names in -ović are not patronymics and are kept.
bool IsPatronymic(std::string_view token) {
  for (std::string_view suffix : {"ovich", "evich", "ovych", "evych", "ivych", "yovych", "ovna",
                                  "evna", "ivna", "yivna", "ichna", "ovitch"})
    if (EndsWith(token, suffix) && token.size() >= suffix.size() + 3) return true;
  return false;
}

// Particles of family names that lists keep or drop ("bin Ali", "da Silva", "van der Berg").
// "al"/"el" are handled with Arabic names; "le"/"la" are Vietnamese family names and stay.
bool IsFamilyParticle(std::string_view token) {
  for (std::string_view p : {"bin", "ibn", "bint", "binti", "bte", "da", "de", "do", "dos", "das",
                             "del", "della", "di", "du", "van", "von", "der", "den", "ter", "ten",
                             "y", "e"})
    if (token == p) return true;
  return false;
}

// Cultures that write the family name first (Vietnam, China, Korea, Japan, Hungary,
// Cambodia) and cultures with Arabic name chains, by ISO alpha-2.
bool IsFamilyFirstCountry(std::string_view alpha2) {
  for (std::string_view c : {"VN", "CN", "TW", "HK", "MO", "KR", "KP", "JP", "HU", "KH"})
    if (alpha2 == c) return true;
  return false;
}
bool IsArabicNameCountry(std::string_view alpha2) {
  for (std::string_view c : {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR",
                             "MA", "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"})
    if (alpha2 == c) return true;
  return false;
}

// Naming conventions that change which token is the family or the given name.
enum class NameCulture : uint8_t { kOther, kVietnamese, kEastAsian, kHungarian, kArabic };

// The most common Vietnamese family names (about 90 % of the population), to recognise a
// Vietnamese name on a record without a nationality.
bool IsVietnameseFamilyName(std::string_view token) {
  for (std::string_view name : {"nguyen", "tran", "pham", "hoang", "huynh", "phan", "vu", "vo",
                                "dang", "bui", "duong", "ngo"})
    if (token == name) return true;
  return false;
}

// Within a name already known to be Vietnamese, the short family names too that are words or
// given names elsewhere (Le, Do, Ho: about 11 % of the population).
bool IsFamilyNameOfVietnamese(std::string_view token) {
  return IsVietnameseFamilyName(token) || token == "le" || token == "do" || token == "ho";
}

// A Vietnamese name whose family name one list put in the given-name column ("Thi Huong" /
// "Le") or wrote last, in Western order ("Ngoc Hong Nguyen" split as family "ngoc"): the
// family name is moved back to the family field and the other tokens to the given name, so
// that blocking and comparison see the same fields as in the other lists.
void ReorderVietnameseName(std::vector<std::string>& given, std::vector<std::string>& family) {
  // "Thi Huong" alone (an NGO's intake by first name) split family-first: "Thi" and "Van" mark
  // the sex in a given name and are never family names, so the name has no family name.
  if (family.size() == 1 && (family[0] == "thi" || family[0] == "van") && !given.empty() &&
      !IsFamilyNameOfVietnamese(given.front()) && !IsFamilyNameOfVietnamese(given.back())) {
    given.insert(given.begin(), family[0]);
    family.clear();
    return;
  }
  if (given.empty() || family.empty() || IsFamilyNameOfVietnamese(family.front())) return;
  std::vector<std::string> new_given;
  std::string new_family;
  if (IsFamilyNameOfVietnamese(given.front())) {
    new_family = given.front();
    new_given.assign(given.begin() + 1, given.end());
    new_given.insert(new_given.end(), family.begin(), family.end());
  } else if (IsFamilyNameOfVietnamese(given.back())) {
    new_family = given.back();
    new_given = family;
    new_given.insert(new_given.end(), given.begin(), given.end() - 1);
  } else {
    return;
  }
  given = std::move(new_given);
  family = {std::move(new_family)};
}

// Script of a raw name, as far as name order and chains are concerned.
struct ScriptHints {
  bool han = false;     // Chinese characters, Hangul, kana: family name first
  bool arabic = false;  // Arabic script
};
ScriptHints HintsOf(std::string_view raw) {
  ScriptHints h;
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0xD8 && c <= 0xDB) h.arabic = true;  // U+0600-U+06FF
    // U+3040-U+30FF kana, U+4E00-U+9FFF CJK, U+AC00-U+D7AF Hangul: lead bytes E3-E9, EA-ED.
    if (c >= 0xE3 && c <= 0xED) h.han = true;
  }
  return h;
}

NameCulture CultureOf(std::string_view alpha2, const ScriptHints& hints) {
  if (alpha2 == "VN") return NameCulture::kVietnamese;
  if (alpha2 == "HU") return NameCulture::kHungarian;
  if (hints.han || IsFamilyFirstCountry(alpha2)) return NameCulture::kEastAsian;
  if (hints.arabic || IsArabicNameCountry(alpha2)) return NameCulture::kArabic;
  return NameCulture::kOther;
}

// Tokens of `raw` written wholly in capitals while others are not: "KOVALENKO Oksana",
// "Oksana KOVALENKO". Returns the indices of the capitalised tokens, empty when there is no
// such contrast. Only ASCII and Latin-1/Cyrillic letters are judged (others have no case).
std::vector<size_t> CapitalisedTokens(std::string_view raw) {
  std::vector<size_t> caps;
  size_t index = 0;
  size_t tokens = 0;
  for (size_t i = 0; i < raw.size();) {
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
    if (i >= raw.size()) break;
    size_t j = i;
    while (j < raw.size() && raw[j] != ' ' && raw[j] != '\t') ++j;
    const icu::UnicodeString token =
        icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data() + i, static_cast<int32_t>(j - i)));
    int upper = 0;
    int lower = 0;
    for (int32_t k = 0; k < token.length();) {
      const UChar32 ch = token.char32At(k);
      if (u_isUUppercase(ch)) ++upper;
      if (u_isULowercase(ch)) ++lower;
      k += U16_LENGTH(ch);
    }
    if (upper >= 2 && lower == 0) caps.push_back(index);
    ++index;
    ++tokens;
    i = j;
  }
  if (caps.size() == tokens) caps.clear();
  return caps;
}

struct TableDateOrders {
  DateOrder birth = DateOrder::kDayFirst;
  DateOrder record = DateOrder::kDayFirst;
};

class RowNormaliser {
 public:
  RowNormaliser(const NormaliseOptions& options, const VariantTable* variants)
      : options_(options), variants_(variants) {}

  Staged Normalise(const SourceTable& table, const std::vector<std::string>& row,
                   const TableDateOrders& orders) {
    std::string given_raw, family_raw, full_raw, phone_raw, city_raw, address_raw;
    std::string sex_raw, birth_raw, birth_year_raw, age_raw, nationality_raw, document_raw,
        email_raw, record_date_raw;
    auto append = [](std::string& to, const std::string& value) {
      const std::string_view v = Trim(value);
      if (v.empty()) return;
      if (!to.empty()) to += ' ';
      to += v;
    };
    for (const auto& [col, role] : table.columns) {
      if (col >= row.size()) continue;
      const std::string& value = row[col];
      switch (role) {
        case Role::kRecordId: break;
        case Role::kGivenName: append(given_raw, value); break;
        case Role::kFamilyName: append(family_raw, value); break;
        case Role::kFullName: append(full_raw, value); break;
        case Role::kSex: append(sex_raw, value); break;
        case Role::kBirthDate: append(birth_raw, value); break;
        case Role::kBirthYear: append(birth_year_raw, value); break;
        case Role::kAge: append(age_raw, value); break;
        case Role::kNationality: append(nationality_raw, value); break;
        case Role::kPhone: append(phone_raw, value); break;
        case Role::kDocumentNumber: append(document_raw, value); break;
        case Role::kCity: append(city_raw, value); break;
        case Role::kAddress: append(address_raw, value); break;
        case Role::kEmail: append(email_raw, value); break;
        case Role::kRecordDate: append(record_date_raw, value); break;
      }
    }
    Staged s;
    // Nationality first: it tells the name order and whether Arabic name chains apply.
    std::string region = options_.default_region;
    std::string_view alpha2;
    if (!nationality_raw.empty()) {
      auto it = nationality_cache_.find(nationality_raw);
      if (it == nationality_cache_.end()) {
        const Country* c = CodeLists::Default().FindCountry(nationality_raw);
        const int16_t idx =
            c ? static_cast<int16_t>(c - CodeLists::Default().countries().data()) : int16_t{-1};
        it = nationality_cache_.emplace(nationality_raw, idx).first;
      }
      s.nationality = it->second;
      if (s.nationality >= 0) {
        alpha2 = CodeLists::Default().countries()[static_cast<size_t>(s.nationality)].alpha2;
        region = std::string(alpha2);
      }
    }
    const ScriptHints hints = HintsOf(given_raw + full_raw + family_raw);
    std::vector<std::string> given_tokens =
        SplitTokens(StripTitles(FoldName(given_raw, options_.transliterate)));
    std::vector<std::string> family_tokens =
        SplitTokens(FoldName(family_raw, options_.transliterate));
    NameCulture culture = CultureOf(alpha2, hints);
    if (culture == NameCulture::kOther && s.nationality < 0 && !family_tokens.empty() &&
        IsVietnameseFamilyName(family_tokens[0]))
      culture = NameCulture::kVietnamese;
    if (given_tokens.empty() && family_tokens.empty() && !full_raw.empty())
      SplitFullName(full_raw, culture != NameCulture::kOther && culture != NameCulture::kArabic,
                    given_tokens, family_tokens);
    if (culture == NameCulture::kVietnamese) ReorderVietnameseName(given_tokens, family_tokens);
    s.given = CanonicalTokens(GivenName(given_tokens, culture),
                              options_.use_variants ? variants_ : nullptr);
    s.given_rest = CanonicalTokens(GivenRest(given_tokens, family_tokens, culture),
                                   options_.use_variants ? variants_ : nullptr);
    s.family = CanonicalTokens(FamilyName(family_tokens, culture),
                               options_.use_variants ? variants_ : nullptr);
    if (auto d = ParseLooseDate(birth_raw, orders.birth)) {
      s.birth = *d;
    } else if (auto y = ParseLooseDate(birth_year_raw); y && y->month == 0) {
      s.birth = *y;
    } else if (auto age = ParseAgeRange(age_raw)) {
      // An age (or an age band) at a known record date: born between that year minus the
      // band's upper age, minus one, and that year minus its lower age. Without a record
      // date, the record may be up to age_span_years old.
      const auto record_date = ParseLooseDate(record_date_raw, orders.record);
      const int from_year = record_date ? record_date->year : options_.reference_year;
      s.birth.year = static_cast<int16_t>(from_year - age->low);
      s.birth_approx = true;
      s.birth_span = static_cast<int16_t>(
          (age->high - age->low) + (record_date ? 0 : std::max(0, options_.age_span_years)));
    }
    s.sex = NormaliseSex(sex_raw);
    if (!phone_raw.empty()) s.phone = NormalisePhone(phone_raw, region);
    s.document = NormaliseDocument(document_raw);
    s.city = FoldName(city_raw, true);
    s.address = FoldName(address_raw, true);
    // Keep digits in addresses (house numbers, postcodes): FoldName drops them, so append.
    std::string digits;
    for (char c : address_raw)
      if (c >= '0' && c <= '9') digits += c;
    if (!digits.empty()) s.address = digits + " " + s.address;
    s.email = NormaliseEmail(email_raw);
    return s;
  }

 private:
  // A full name in one column: "Family, Given"; capitalised tokens as the family name
  // ("KOVALENKO Oksana"); family first for family-first cultures and Han script ("Nguyen
  // Van An", "王芳"); "Family Given Patronymic" (Russian official order); otherwise the first
  // token is the given name and the rest the family name.
  void SplitFullName(const std::string& full_raw, bool family_first,
                     std::vector<std::string>& given, std::vector<std::string>& family) const {
    if (const size_t comma = full_raw.find(','); comma != std::string::npos) {
      family = SplitTokens(FoldName(full_raw.substr(0, comma), options_.transliterate));
      given = SplitTokens(StripTitles(FoldName(full_raw.substr(comma + 1), options_.transliterate)));
      return;
    }
    const std::vector<size_t> caps = CapitalisedTokens(full_raw);
    if (!caps.empty()) {
      // Fold token by token so that indices stay aligned with the raw tokens.
      std::vector<std::string> raw_tokens;
      for (size_t i = 0; i < full_raw.size();) {
        while (i < full_raw.size() && (full_raw[i] == ' ' || full_raw[i] == '\t')) ++i;
        size_t j = i;
        while (j < full_raw.size() && full_raw[j] != ' ' && full_raw[j] != '\t') ++j;
        if (j > i) raw_tokens.push_back(full_raw.substr(i, j - i));
        i = j;
      }
      for (size_t k = 0; k < raw_tokens.size(); ++k) {
        const bool is_family = std::find(caps.begin(), caps.end(), k) != caps.end();
        for (std::string& t : SplitTokens(FoldName(raw_tokens[k], options_.transliterate)))
          (is_family ? family : given).push_back(std::move(t));
      }
      given = SplitTokens(StripTitles(JoinTokens(given)));
      return;
    }
    std::vector<std::string> tokens =
        SplitTokens(StripTitles(FoldName(full_raw, options_.transliterate)));
    if (tokens.empty()) return;
    const bool russian_order = tokens.size() == 3 && IsPatronymic(tokens[2]);
    if ((family_first || russian_order) && tokens.size() >= 2) {
      family.push_back(tokens[0]);
      given.assign(tokens.begin() + 1, tokens.end());
    } else {
      given.push_back(tokens[0]);
      family.assign(tokens.begin() + 1, tokens.end());
    }
  }

  // The given name compared: the first token (middle names and patronymics vary between
  // lists); for Vietnamese names the last (the name a person is called by: "Van An", "Thi
  // Hong", "Cong Kien"); for Chinese, Korean and Japanese names the syllables joined ("xiao
  // ming" = "xiaoming", "min-jun" = "minjun").
  static std::string GivenName(std::vector<std::string> tokens, NameCulture culture) {
    std::erase_if(tokens, [](const std::string& t) { return IsPatronymic(t); });
    if (tokens.empty()) return "";
    if (culture == NameCulture::kVietnamese) return tokens.back();
    if (culture == NameCulture::kEastAsian) return JoinTokens(tokens, "");
    return tokens[0];
  }

  // The second given name where the first is compared ("Grace" in "Mary Grace"), for
  // cultures whose first token is the given name; empty otherwise.
  // For Vietnamese names, the middle name ("Huu" in "Nguyen Huu Dung", also when a list put it
  // in the family column: "NGUYEN CONG"), unless it is only the sex marker "Thi" or "Van" that
  // half the people carry: "Minh Dung" and "Huu Dung" are two persons called Dung.
  static std::string GivenRest(std::vector<std::string> tokens,
                               const std::vector<std::string>& family_tokens,
                               NameCulture culture) {
    std::erase_if(tokens, [](const std::string& t) { return IsPatronymic(t) || t.size() < 2; });
    if (culture == NameCulture::kVietnamese) {
      std::vector<std::string> middle;
      if (!tokens.empty()) middle.assign(tokens.begin(), tokens.end() - 1);
      if (family_tokens.size() >= 2)
        middle.insert(middle.begin(), family_tokens.begin() + 1, family_tokens.end());
      for (const std::string& t : middle)
        if (t != "thi" && t != "van") return t;
      return "";
    }
    if (tokens.size() < 2 || culture == NameCulture::kEastAsian) return "";
    return tokens[1];
  }

  // The family name compared: particles and patronymics dropped when a name remains. In
  // Arabic names the article ("al-Hassan", "Alhassan", "الحسن") is dropped too and the last
  // name of the chain is the family name ("Maher Mohamed" -> "mohamed": Maher is the
  // father's name); in Vietnamese and East Asian names the first token is the family name and
  // the rest are middle names a list put in the wrong column ("NGUYEN CONG").
  static std::string FamilyName(std::vector<std::string> tokens, NameCulture culture) {
    const bool arabic = culture == NameCulture::kArabic;
    std::vector<std::string> kept;
    for (std::string& t : tokens) {
      if (IsFamilyParticle(t) || IsPatronymic(t)) continue;
      if (arabic && (t == "al" || t == "el")) continue;
      if (arabic && t.size() >= 5 && (t.rfind("al", 0) == 0 || t.rfind("el", 0) == 0))
        t = t.substr(2);
      kept.push_back(std::move(t));
    }
    if (kept.empty()) return JoinTokens(tokens);
    if (arabic) return kept.back();
    if (culture == NameCulture::kVietnamese || culture == NameCulture::kEastAsian)
      return kept.front();
    return JoinTokens(kept);
  }

  const NormaliseOptions& options_;
  const VariantTable* variants_;
  std::unordered_map<std::string, int16_t> nationality_cache_;
};

}  // namespace

Dataset BuildDataset(const std::vector<SourceTable>& tables, const NormaliseOptions& options,
                     const VariantTable* variants, int threads) {
  Dataset data;
  data.source_count = tables.size();
  std::vector<std::pair<uint32_t, uint32_t>> refs;
  for (size_t t = 0; t < tables.size(); ++t)
    for (size_t r = 0; r < tables[t].rows.size(); ++r)
      refs.emplace_back(static_cast<uint32_t>(t), static_cast<uint32_t>(r));
  // Date order per table and date role, from what each column's values allow.
  std::vector<TableDateOrders> orders(tables.size());
  for (size_t t = 0; t < tables.size(); ++t) {
    const SourceTable& table = tables[t];
    for (const auto& [col, role] : table.columns) {
      if (role != Role::kBirthDate && role != Role::kRecordDate) continue;
      DateOrderEvidence evidence;
      for (const auto& row : table.rows)
        if (col < row.size()) AddDateOrderEvidence(row[col], evidence);
      (role == Role::kBirthDate ? orders[t].birth : orders[t].record) =
          table.date_order.value_or(evidence.order());
      if (table.date_order || evidence.day_first + evidence.month_first + evidence.ambiguous == 0)
        continue;
      DateColumnNote note;
      note.table = table.name;
      note.column = col < table.header.size() ? table.header[col] : std::to_string(col + 1);
      note.evidence = evidence;
      data.date_columns.push_back(std::move(note));
    }
  }
  std::vector<Staged> staged(refs.size());
  const size_t n_threads = static_cast<size_t>(std::max(1, threads));
  {
    std::vector<std::thread> workers;
    for (size_t w = 0; w < n_threads; ++w) {
      workers.emplace_back([&, w] {
        RowNormaliser normaliser(options, variants);
        for (size_t i = w; i < refs.size(); i += n_threads)
          staged[i] = normaliser.Normalise(tables[refs[i].first], tables[refs[i].first].rows[refs[i].second],
                                             orders[refs[i].first]);
      });
    }
    for (auto& worker : workers) worker.join();
  }
  data.records.resize(refs.size());
  auto intern = [&](const std::string& s) { return s.empty() ? -1 : data.pool.Intern(s); };
  for (size_t i = 0; i < refs.size(); ++i) {
    Record& rec = data.records[i];
    const Staged& s = staged[i];
    rec.source = refs[i].first;
    rec.row = refs[i].second;
    rec.given = intern(s.given);
    rec.given_rest = intern(s.given_rest);
    rec.family = intern(s.family);
    if (rec.given >= 0) rec.given_skeleton = intern(ConsonantSkeleton(s.given));
    // The family name's first token (particles already dropped) gives its skeleton, so that
    // "Abosede Blessing" and "Abosede", "Popescu Ionescu" and "Popescu" share one.
    if (rec.family >= 0) rec.family_skeleton = intern(ConsonantSkeleton(SplitTokens(s.family)[0]));
    rec.birth = s.birth;
    rec.birth_year_only_approx = s.birth_approx;
    rec.birth_year_span = s.birth_span;
    rec.sex = s.sex;
    rec.nationality = s.nationality;
    rec.phone = intern(s.phone);
    rec.document = intern(s.document);
    rec.city = intern(s.city);
    rec.address = intern(s.address);
    rec.email = intern(s.email);
  }
  // Distinct persons (approximated by given-name skeletons) per shared identifier value.
  {
    std::unordered_map<uint64_t, std::vector<int32_t>> skeletons;
    for (const Record& rec : data.records) {
      for (const auto& [field, value] : {std::pair{Field::kPhone, rec.phone},
                                         std::pair{Field::kDocument, rec.document},
                                         std::pair{Field::kAddress, rec.address},
                                         std::pair{Field::kEmail, rec.email}}) {
        if (value < 0) continue;
        ++data.identifier_records[static_cast<size_t>(field)];
        skeletons[IdentifierKey(field, value)].push_back(rec.given_skeleton);
      }
    }
    for (auto& [key, list] : skeletons) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      std::erase(list, -1);
      data.identifier_holders[key] = static_cast<uint32_t>(std::max<size_t>(1, list.size()));
    }
  }
  data.given_count.assign(data.pool.size(), 0);
  data.given_sex_count.assign(data.pool.size(), {0, 0});
  data.birth_years_before.assign(250, 0);
  data.family_count.assign(data.pool.size(), 0);
  for (const Record& rec : data.records) {
    if (rec.family < 0) continue;
    ++data.family_token_records;
    for (const std::string& token : SplitTokens(data.pool.Get(rec.family)))
      ++data.family_token_count[token];
  }
  data.given_skeleton_count.assign(data.pool.size(), 0);
  data.family_skeleton_count.assign(data.pool.size(), 0);
  for (const Record& rec : data.records) {
    if (rec.given_skeleton >= 0) ++data.given_skeleton_count[static_cast<size_t>(rec.given_skeleton)];
    if (rec.family_skeleton >= 0)
      ++data.family_skeleton_count[static_cast<size_t>(rec.family_skeleton)];
  }
  for (const Record& rec : data.records) {
    if (rec.given >= 0 && rec.nationality >= 0) {
      ++data.given_count_by_nationality[NationalityKey(rec.nationality, rec.given)];
      ++data.given_total_by_nationality[rec.nationality];
    }
    if (rec.family >= 0 && rec.nationality >= 0) {
      ++data.family_count_by_nationality[NationalityKey(rec.nationality, rec.family)];
      ++data.family_total_by_nationality[rec.nationality];
    }
    if (rec.given >= 0) ++data.given_count[static_cast<size_t>(rec.given)], ++data.given_total;
    if (!rec.birth.empty() && !rec.birth_year_only_approx) {
      const int index = rec.birth.year - Dataset::kFirstBirthYear + 1;
      if (index >= 1 && index < static_cast<int>(data.birth_years_before.size()))
        ++data.birth_years_before[static_cast<size_t>(index)], ++data.birth_year_total;
    }
    if (rec.given >= 0 && (rec.sex == 'f' || rec.sex == 'm'))
      ++data.given_sex_count[static_cast<size_t>(rec.given)][rec.sex == 'f' ? 0 : 1];
    if (rec.family >= 0)
      ++data.family_count[static_cast<size_t>(rec.family)], ++data.family_total;
    auto& has = data.has_field;
    has[0] = has[0] || rec.given >= 0;
    has[1] = has[1] || rec.family >= 0;
    has[2] = has[2] || !rec.birth.empty();
    has[3] = has[3] || rec.sex != 0;
    has[4] = has[4] || rec.nationality >= 0;
    has[5] = has[5] || rec.phone >= 0;
    has[6] = has[6] || rec.document >= 0;
    has[7] = has[7] || rec.city >= 0;
    has[8] = has[8] || rec.address >= 0;
    has[9] = has[9] || rec.email >= 0;
  }
  for (size_t y = 1; y < data.birth_years_before.size(); ++y)
    data.birth_years_before[y] += data.birth_years_before[y - 1];
  return data;
}

}  // namespace palermo::link
