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
  NameTransliterator(transliterate).transliterate(u);
  std::string folded;
  u.toUTF8String(folded);
  return TokeniseFolded(folded);
}

std::string ConsonantSkeleton(std::string_view token) {
  std::string out;
  char previous = 0;
  for (char c : token) {
    if (c == previous) continue;
    previous = c;
    const bool is_weak = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
                         c == 'w' || c == 'h';
    if (out.empty() || !is_weak) out += c;
  }
  return out;
}

std::optional<LooseDate> ParseLooseDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  if (Result<PartialDate> d = PartialDate::Parse(text); d.ok())
    return LooseDate{static_cast<int16_t>(d->year()), static_cast<int8_t>(d->month()),
                     static_cast<int8_t>(d->day())};
  // Split into numbers.
  std::vector<int> numbers;
  std::vector<size_t> widths;
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
    numbers.push_back(value);
    widths.push_back(width);
  }
  auto make = [](int y, int m, int d) -> std::optional<LooseDate> {
    // Wider than PartialDate's range: historical registers and typed years (1862, 2091).
    if (y < kMinLooseYear || y > kMaxLooseYear) return std::nullopt;
    if (m < 0 || m > 99 || d < 0 || d > 99) return std::nullopt;
    return LooseDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
  };
  if (numbers.size() == 1 && widths[0] == 8) {
    const int v = numbers[0];
    return make(v / 10000, (v / 100) % 100, v % 100);
  }
  if (numbers.size() == 3) {
    if (widths[0] == 4) return make(numbers[0], numbers[1], numbers[2]);
    if (widths[2] == 4) {
      // DD/MM/YYYY is the default reading; MM/DD/YYYY when the middle cannot be a month.
      if (numbers[1] > 12 && numbers[0] <= 12) return make(numbers[2], numbers[0], numbers[1]);
      return make(numbers[2], numbers[1], numbers[0]);
    }
  }
  if (numbers.size() == 1 && widths[0] == 4) return make(numbers[0], 0, 0);
  return std::nullopt;
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
