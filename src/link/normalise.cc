// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/normalise.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>
#include <memory>

namespace palermo::link {
namespace {

constexpr int kMinLooseYear = 1000;
constexpr int kMaxLooseYear = 2200;

icu::Transliterator& NameTransliterator(bool transliterate) {
  auto make = [](const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    PALERMO_DCHECK(U_SUCCESS(status) && t, "ICU name transliterator");
    return t;
  };
  thread_local std::unique_ptr<icu::Transliterator> full = make("Any-Latin; Latin-ASCII; Lower");
  thread_local std::unique_ptr<icu::Transliterator> lower = make("Lower");
  return transliterate ? *full : *lower;
}

// Cyrillic names are romanised as people write them in Latin letters (BGN/PCGN: "kh", "zh",
// "shch", "ya"), not as ISO 9 does ("h", "z", "sc", "a"): "Михайло Ковальчук" gives
// "mykhaylo koval'chuk", which meets "Mykhailo Kovalchuk" in a passport. Ukrainian text (with
// і, ї, є or ґ) takes the Ukrainian table, other Cyrillic the Russian one.
icu::Transliterator& CyrillicTransliterator(bool ukrainian) {
  auto make = [](const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    PALERMO_DCHECK(U_SUCCESS(status) && t, "ICU Cyrillic transliterator");
    return t;
  };
  thread_local std::unique_ptr<icu::Transliterator> uk =
      make("Ukrainian-Latin/BGN; Any-Latin; Latin-ASCII; Lower");
  thread_local std::unique_ptr<icu::Transliterator> ru =
      make("Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower");
  return ukrainian ? *uk : *ru;
}

// 0 no Cyrillic, 1 Cyrillic, 2 Ukrainian Cyrillic (UTF-8 lead bytes 0xD0-0xD3).
int CyrillicKind(std::string_view text) {
  int kind = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0xD0 || lead > 0xD3) continue;
    kind = std::max(kind, 1);
    const auto next = static_cast<unsigned char>(text[i + 1]);
    // і ї є (D1 96, D1 97, D1 94), І Ї Є (D0 86, D0 87, D0 84), ґ Ґ (D2 91, D2 90).
    if ((lead == 0xD1 && (next == 0x96 || next == 0x97 || next == 0x94)) ||
        (lead == 0xD0 && (next == 0x86 || next == 0x87 || next == 0x84)) ||
        (lead == 0xD2 && (next == 0x91 || next == 0x90)))
      return 2;
  }
  return kind;
}

bool IsAscii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

// Keeps letters (any script when not transliterating), turns every other character into a
// token break, drops apostrophes inside words.
std::string TokeniseFolded(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (size_t i = 0; i < folded.size(); ++i) {
    const unsigned char c = folded[i];
    const bool is_letter = (c >= 'a' && c <= 'z') || c >= 0x80;
    if (is_letter) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\'') {
      // O'Brien, Ol'ga: the apostrophe joins the word.
    } else {
      pending_space = true;
    }
  }
  return out;
}

}  // namespace

Result<VariantTable> VariantTable::LoadDefault() {
  PALERMO_ASSIGN_OR_RETURN(std::filesystem::path path, DataFile("link/name_variants.csv"));
  PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return FromCsv(text, "link/name_variants.csv");
}

Result<VariantTable> VariantTable::FromCsv(std::string_view text, std::string_view name) {
  PALERMO_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(text, ',', name));
  const std::optional<size_t> canonical_col = table.FindColumn("canonical");
  const std::optional<size_t> variant_col = table.FindColumn("variant");
  if (!canonical_col || !variant_col)
    return Status::InvalidArgument(std::string(name) + ": needs columns canonical,variant");
  VariantTable result;
  for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
    const auto& row = table.rows[row_idx];
    const std::string canonical = FoldName(row[*canonical_col], true);
    const std::string variant = FoldName(row[*variant_col], true);
    if (canonical.empty() || variant.empty() || variant.find(' ') != std::string::npos)
      return Status::InvalidArgument(std::string(name) + ": line " + std::to_string(row_idx + 2) +
                                     ": a variant must be one word");
    auto [it, inserted] = result.canonical_.emplace(variant, canonical);
    if (!inserted && it->second != canonical)
      return Status::InvalidArgument(std::string(name) + ": line " + std::to_string(row_idx + 2) +
                                     ": variant belongs to two families");
  }
  return result;
}

std::string_view VariantTable::Canonical(std::string_view token) const {
  auto it = canonical_.find(std::string(token));
  return it == canonical_.end() ? token : std::string_view(it->second);
}

std::string FoldName(std::string_view text, bool transliterate) {
  if (IsAscii(text)) return TokeniseFolded(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  const int cyrillic = transliterate ? CyrillicKind(text) : 0;
  if (cyrillic > 0)
    CyrillicTransliterator(cyrillic == 2).transliterate(u);
  else
    NameTransliterator(transliterate).transliterate(u);
  std::string folded;
  u.toUTF8String(folded);
  return TokeniseFolded(folded);
}

std::string ConsonantSkeleton(std::string_view token) {
  // Spellings of one sound across romanisations: kh/h (Khaled, Haled; Mykhailo, Mihail),
  // ph/f, x/ks (Olexandr, Oleksandr), q/k, ck/k, dj/j (Djamila, Jamila).
  std::string spelled;
  spelled.reserve(token.size() + 4);
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    const char next = i + 1 < token.size() ? token[i + 1] : '\0';
    if (c == 'k' && next == 'h') continue;
    if (c == 'p' && next == 'h') {
      spelled += 'f';
      ++i;
    } else if (c == 'x') {
      spelled += "ks";
    } else if (c == 'q') {
      spelled += 'k';
    } else if (c == 'c' && next == 'k') {
      continue;
    } else if (c == 'd' && next == 'j') {
      continue;
    } else {
      spelled += c;
    }
  }
  std::string out;
  char previous = 0;
  for (char c : spelled) {
    if (c == previous) continue;
    previous = c;
    const bool is_weak = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
                         c == 'w' || c == 'h';
    if (out.empty() || !is_weak) out += c;
  }
  return out;
}

namespace {

// The numbers of a date-like text and their widths in digits.
struct Numbers {
  std::vector<int> values;
  std::vector<size_t> widths;
};

Numbers SplitNumbers(std::string_view text) {
  Numbers n;
  for (size_t i = 0; i < text.size();) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    int value = 0;
    size_t width = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && width < 9) {
      value = value * 10 + (text[i] - '0');
      ++i;
      ++width;
    }
    n.values.push_back(value);
    n.widths.push_back(width);
  }
  return n;
}

// Day-month-year with the year last (four or two digits) and day and month of one or two.
bool IsShortFirstDate(const Numbers& n) {
  return n.values.size() == 3 && n.widths[0] <= 2 && n.widths[1] <= 2 &&
         (n.widths[2] == 4 || n.widths[2] == 2);
}

}  // namespace

void AddDateOrderEvidence(std::string_view text, DateOrderEvidence& evidence) {
  const Numbers n = SplitNumbers(text);
  if (!IsShortFirstDate(n)) return;
  const int first = n.values[0];
  const int second = n.values[1];
  if (first > 12 && second <= 12) ++evidence.day_first;
  else if (second > 12 && first <= 12) ++evidence.month_first;
  else if (first <= 12 && second <= 12 && first != second) ++evidence.ambiguous;
}

std::optional<LooseDate> ParseLooseDate(std::string_view text, DateOrder order,
                                        int two_digit_pivot) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  const Numbers numbers = SplitNumbers(text);
  auto make = [](int y, int m, int d) -> std::optional<LooseDate> {
    // Wider than PartialDate's range: historical registers and typed years (1862, 2091).
    if (y < kMinLooseYear || y > kMaxLooseYear) return std::nullopt;
    if (m < 0 || m > 99 || d < 0 || d > 99) return std::nullopt;
    return LooseDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
  };
  if (IsShortFirstDate(numbers)) {
    int year = numbers.values[2];
    if (numbers.widths[2] == 2) year += year > two_digit_pivot ? 1900 : 2000;
    const int first = numbers.values[0];
    const int second = numbers.values[1];
    // The column's order, unless this value cannot be read in it.
    const bool month_first = order == DateOrder::kMonthFirst ? !(first > 12 && second <= 12)
                                                             : (second > 12 && first <= 12);
    return month_first ? make(year, first, second) : make(year, second, first);
  }
  if (Result<PartialDate> d = PartialDate::Parse(text); d.ok())
    return LooseDate{static_cast<int16_t>(d->year()), static_cast<int8_t>(d->month()),
                     static_cast<int8_t>(d->day())};
  const auto& values = numbers.values;
  const auto& widths = numbers.widths;
  if (values.size() == 1 && widths[0] == 8) {
    const int v = values[0];
    return make(v / 10000, (v / 100) % 100, v % 100);
  }
  if (values.size() == 3 && widths[0] == 4) return make(values[0], values[1], values[2]);
  if (values.size() == 1 && widths[0] == 4) return make(values[0], 0, 0);
  return std::nullopt;
}

std::optional<AgeRange> ParseAgeRange(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() > 40) return std::nullopt;
  const Numbers n = SplitNumbers(text);
  if (n.values.empty() || n.values.size() > 2) return std::nullopt;
  for (size_t w : n.widths)
    if (w > 3) return std::nullopt;
  const bool below = text.find('<') != std::string_view::npos ||
                     text.find("under") != std::string_view::npos ||
                     text.find("moins") != std::string_view::npos;
  const bool above = text.find('+') != std::string_view::npos ||
                     text.find('>') != std::string_view::npos ||
                     text.find("over") != std::string_view::npos ||
                     text.find("plus") != std::string_view::npos;
  AgeRange r;
  if (n.values.size() == 2) {
    r.low = std::min(n.values[0], n.values[1]);
    r.high = std::max(n.values[0], n.values[1]);
  } else if (below) {
    r.low = 0;
    r.high = std::max(0, n.values[0] - 1);
  } else if (above) {
    r.low = n.values[0];
    r.high = n.values[0] + 30;
  } else {
    r.low = r.high = n.values[0];
  }
  if (r.high > 120) return std::nullopt;
  return r;
}

std::string NormalisePhone(std::string_view text, std::string_view region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9') digits += c;
  if (digits.size() < 6) return "";
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const std::string region_code = region.empty() ? std::string("ZZ") : std::string(region);
  if (util.Parse(std::string(text), region_code, &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
      util.IsPossibleNumber(number)) {
    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    return e164;
  }
  return digits;
}

std::string NormaliseDocument(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

char NormaliseSex(std::string_view text) {
  // ISO/IEC 5218 codes (also the first digit of the French NIR): 1 male, 2 female; 0 and 9
  // (not known, not applicable) stay unknown.
  const std::string_view code = Trim(text);
  if (code == "1") return 'm';
  if (code == "2") return 'f';
  const std::string folded = FoldName(text, true);
  if (folded.empty()) return 0;
  if (folded == "f" || folded == "female" || folded == "femme" || folded == "feminin" ||
      folded == "woman" || folded == "girl" || folded == "fille" || folded == "w" ||
      folded == "femenino" || folded == "mujer")
    return 'f';
  if (folded == "m" || folded == "male" || folded == "homme" || folded == "masculin" ||
      folded == "man" || folded == "boy" || folded == "garcon" || folded == "h" ||
      folded == "masculino" || folded == "hombre")
    return 'm';
  return 0;
}

std::string NormaliseEmail(std::string_view text) {
  text = Trim(text);
  if (text.find('@') == std::string_view::npos) return "";
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace palermo::link
