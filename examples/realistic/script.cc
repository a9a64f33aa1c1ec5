// SPDX-License-Identifier: AGPL-3.0-or-later
// Text helpers of the realistic generator: UTF-8, case, accents, Latin-1, romanisation tables.
#include "realistic/script.h"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <vector>

namespace palermo::realistic {

std::u32string Decode(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    char32_t cp = b;
    int extra = 0;
    if (b >= 0xF0) {
      cp = b & 0x07u;
      extra = 3;
    } else if (b >= 0xE0) {
      cp = b & 0x0Fu;
      extra = 2;
    } else if (b >= 0xC0) {
      cp = b & 0x1Fu;
      extra = 1;
    }
    ++i;
    for (int k = 0; k < extra && i < utf8.size(); ++k, ++i)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3Fu);
    out.push_back(cp);
  }
  return out;
}

std::string Encode(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

namespace {

// Base letters of U+00C0..U+00FF and U+0100..U+017F, one per code point; multi-letter folds
// (Æ, ß, Œ, Ĳ, Þ) are patched in FoldChar.
constexpr std::string_view kLatin1Base =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
constexpr std::string_view kExtABase =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSs"
    "SsSs"
    "TtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatin1Base.size() == 64 && kExtABase.size() == 128);

// ASCII for one code point, or empty if the code point is not a foldable Latin letter.
std::string FoldChar(char32_t cp) {
  switch (cp) {
    case 0xC6:
      return "AE";
    case 0xE6:
      return "ae";
    case 0xDF:
      return "ss";
    case 0xDE:
      return "Th";
    case 0xFE:
      return "th";
    case 0x152:
      return "OE";
    case 0x153:
      return "oe";
    case 0x132:
      return "IJ";
    case 0x133:
      return "ij";
    case 0xBA:
      return "o";
    case 0xAA:
      return "a";
    case 0x1A0:
      return "O";
    case 0x1A1:
      return "o";
    case 0x1AF:
      return "U";
    case 0x1B0:
      return "u";
    case 0x218:
      return "S";
    case 0x219:
      return "s";
    case 0x21A:
      return "T";
    case 0x21B:
      return "t";
    case 0x2018:
    case 0x2019:
    case 0x2BC:
      return "'";
    default:
      break;
  }
  if (cp >= 0xC0 && cp <= 0xFF) return std::string(1, kLatin1Base[cp - 0xC0]);
  if (cp >= 0x100 && cp <= 0x17F) return std::string(1, kExtABase[cp - 0x100]);
  if (cp >= 0x1CD && cp <= 0x1DC) {  // pinyin tone letters Ǎ ǎ Ǐ ǐ Ǒ ǒ Ǔ ǔ Ǖ ǖ ...
    static constexpr std::string_view kPinyin = "AaIiOoUuUuUuUuUu";
    return std::string(1, kPinyin[cp - 0x1CD]);
  }
  if (cp >= 0x1EA0 && cp <= 0x1EF9) {  // Vietnamese: pairs upper/lower per base letter
    const bool upper = (cp % 2) == 0;
    char base = 'a';
    if (cp <= 0x1EB7)
      base = 'a';
    else if (cp <= 0x1EC7)
      base = 'e';
    else if (cp <= 0x1ECB)
      base = 'i';
    else if (cp <= 0x1EE3)
      base = 'o';
    else if (cp <= 0x1EF1)
      base = 'u';
    else
      base = 'y';
    return std::string(1, upper ? static_cast<char>(base - 'a' + 'A') : base);
  }
  return "";
}

bool IsCombining(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

char32_t UpperChar(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 32;
  if (cp < 0x80) return cp;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if (cp == 0x131) return 'I';
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
    return (cp % 2 == 1) ? cp - 1 : cp;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
    return (cp % 2 == 0) ? cp - 1 : cp;
  if (cp == 0x1A1 || cp == 0x1B0 || cp == 0x219 || cp == 0x21B) return cp - 1;
  if (cp >= 0x1CD && cp <= 0x1DC) return (cp % 2 == 0) ? cp - 1 : cp;
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return (cp % 2 == 1) ? cp - 1 : cp;
  // Greek: capitals are written without accents.
  switch (cp) {
    case 0x3AC:
    case 0x386:
      return 0x391;
    case 0x3AD:
    case 0x388:
      return 0x395;
    case 0x3AE:
    case 0x389:
      return 0x397;
    case 0x3AF:
    case 0x38A:
      return 0x399;
    case 0x3CC:
    case 0x38C:
      return 0x39F;
    case 0x3CD:
    case 0x38E:
      return 0x3A5;
    case 0x3CE:
    case 0x38F:
      return 0x3A9;
    case 0x3CA:
    case 0x390:
      return 0x3AA;
    case 0x3CB:
    case 0x3B0:
      return 0x3AB;
    case 0x3C2:
      return 0x3A3;
    default:
      break;
  }
  if (cp >= 0x3B1 && cp <= 0x3C9) return cp - 0x20;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  if (cp == 0x491) return 0x490;
  return cp;
}

char32_t LowerChar(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0x80) return cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x178) return 0xFF;
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
    return (cp % 2 == 0) ? cp + 1 : cp;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
    return (cp % 2 == 1) ? cp + 1 : cp;
  if (cp == 0x1A0 || cp == 0x1AF || cp == 0x218 || cp == 0x21A) return cp + 1;
  if (cp >= 0x1CD && cp <= 0x1DC) return (cp % 2 == 1) ? cp + 1 : cp;
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return (cp % 2 == 0) ? cp + 1 : cp;
  switch (cp) {  // Greek capitals with tonos
    case 0x386:
      return 0x3AC;
    case 0x388:
      return 0x3AD;
    case 0x389:
      return 0x3AE;
    case 0x38A:
      return 0x3AF;
    case 0x38C:
      return 0x3CC;
    case 0x38E:
      return 0x3CD;
    case 0x38F:
      return 0x3CE;
    default:
      break;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp == 0x3AA) return 0x3CA;
  if (cp == 0x3AB) return 0x3CB;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  if (cp == 0x490) return 0x491;
  return cp;
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x206F);
}

bool IsWordBreak(char32_t cp) { return cp == ' ' || cp == '-' || cp == '\'' || cp == '/'; }

// Lower case, Greek accents removed (ϊ/ϋ keep their diaeresis: it blocks a digraph).
std::u32string Prepare(std::string_view native) {
  std::u32string s = Decode(native);
  for (char32_t& c : s) {
    c = LowerChar(c);
    switch (c) {
      case 0x3AC:
        c = 0x3B1;
        break;
      case 0x3AD:
        c = 0x3B5;
        break;
      case 0x3AE:
        c = 0x3B7;
        break;
      case 0x3AF:
        c = 0x3B9;
        break;
      case 0x3CC:
        c = 0x3BF;
        break;
      case 0x3CD:
        c = 0x3C5;
        break;
      case 0x3CE:
        c = 0x3C9;
        break;
      case 0x390:
        c = 0x3CA;
        break;
      case 0x3B0:
        c = 0x3CB;
        break;
      default:
        break;
    }
  }
  return s;
}

bool IsCyrVowel(char32_t c) {
  static const std::u32string v = U"аеёиоуыэюяіїє";
  return v.find(c) != std::u32string::npos;
}

struct Table {
  std::map<char32_t, std::string> one;
};

Table MakeTable(std::u32string_view letters, std::initializer_list<const char*> latin) {
  if (latin.size() != letters.size()) std::abort();  // a romanisation table lost a column
  Table t;
  size_t idx = 0;
  for (const char* l : latin) {
    if (idx < letters.size()) t.one[letters[idx]] = l;
    ++idx;
  }
  return t;
}

// Cyrillic: а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я і ї є ґ '
constexpr std::u32string_view kCyr = U"абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ'";

const Table& CyrTable(Romanisation system) {
  static const std::map<Romanisation, Table> tables = {
      {Romanisation::kRussianIcao,
       MakeTable(kCyr, {"a",    "b",  "v", "g", "d", "e",  "e",  "zh", "z", "i",  "i",  "k",  "l",
                        "m",    "n",  "o", "p", "r", "s",  "t",  "u",  "f", "kh", "ts", "ch", "sh",
                        "shch", "ie", "y", "",  "e", "iu", "ia", "i",  "i", "ie", "g",  ""})},
      {Romanisation::kRussianBgn,
       MakeTable(kCyr, {"a",    "b", "v", "g", "d", "e",  "e",  "zh", "z",  "i",  "y",  "k",  "l",
                        "m",    "n", "o", "p", "r", "s",  "t",  "u",  "f",  "kh", "ts", "ch", "sh",
                        "shch", "",  "y", "",  "e", "yu", "ya", "i",  "yi", "ye", "g",  ""})},
      {Romanisation::kRussianPopular,
       MakeTable(kCyr, {"a",    "b", "v", "g", "d", "e",  "yo", "zh", "z",  "i",  "y",  "k",  "l",
                        "m",    "n", "o", "p", "r", "s",  "t",  "u",  "f",  "kh", "ts", "ch", "sh",
                        "shch", "",  "y", "",  "e", "yu", "ya", "i",  "yi", "ye", "g",  ""})},
      {Romanisation::kRussianFrench,
       MakeTable(kCyr,
                 {"a",     "b", "v", "g", "d", "e",   "io", "j",  "z", "i",  "i",  "k",   "l",
                  "m",     "n", "o", "p", "r", "s",   "t",  "ou", "f", "kh", "ts", "tch", "ch",
                  "chtch", "",  "y", "",  "e", "iou", "ia", "i",  "i", "ie", "g",  ""})},
      {Romanisation::kRussianRomanian,
       MakeTable(kCyr, {"a",  "b", "v", "g", "d", "e",  "io", "j", "z", "i",  "i", "c",  "l",
                        "m",  "n", "o", "p", "r", "s",  "t",  "u", "f", "h",  "ț", "ci", "ș",
                        "șc", "",  "î", "",  "ă", "iu", "ia", "i", "i", "ie", "g", ""})},
      {Romanisation::kUkrainianNational,
       MakeTable(kCyr, {"a",    "b", "v", "h", "d", "e",  "e",  "zh", "z", "y",  "i",  "k",  "l",
                        "m",    "n", "o", "p", "r", "s",  "t",  "u",  "f", "kh", "ts", "ch", "sh",
                        "shch", "",  "y", "",  "e", "iu", "ia", "i",  "i", "ie", "g",  ""})},
      {Romanisation::kUkrainianPopular,
       MakeTable(kCyr, {"a",    "b", "v", "h", "d", "e",  "e",  "zh", "z",  "y",  "y",  "k",  "l",
                        "m",    "n", "o", "p", "r", "s",  "t",  "u",  "f",  "kh", "ts", "ch", "sh",
                        "shch", "",  "y", "",  "e", "yu", "ya", "i",  "yi", "ye", "g",  ""})},
      {Romanisation::kUkrainianRussian,
       MakeTable(kCyr, {"a",    "b", "v", "g", "d", "e",  "e",  "zh", "z", "i",  "y",  "k",  "l",
                        "m",    "n", "o", "p", "r", "s",  "t",  "u",  "f", "kh", "ts", "ch", "sh",
                        "shch", "",  "y", "",  "e", "yu", "ya", "i",  "i", "e",  "g",  ""})},
      {Romanisation::kUkrainianFrench,
       MakeTable(kCyr,
                 {"a",     "b", "v", "h", "d", "e",   "e",  "j",  "z", "y",  "i",  "k",   "l",
                  "m",     "n", "o", "p", "r", "s",   "t",  "ou", "f", "kh", "ts", "tch", "ch",
                  "chtch", "",  "y", "",  "e", "iou", "ia", "i",  "i", "ie", "g",  ""})},
  };
  return tables.at(system);
}

// Georgian Mkhedruli ა..ჰ in alphabet order, 33 letters.
constexpr std::u32string_view kGeo = U"აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ";

const Table& GeoTable(Romanisation system) {
  static const std::map<Romanisation, Table> tables = {
      {Romanisation::kGeorgianNational,
       MakeTable(kGeo, {"a",  "b", "g",  "d",  "e",  "v",  "z",  "t",  "i",  "k", "l",
                        "m",  "n", "o",  "p",  "zh", "r",  "s",  "t",  "u",  "p", "k",
                        "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"})},
      {Romanisation::kGeorgianRussian,
       MakeTable(kGeo, {"a", "b", "g",  "d",  "e",  "v",  "z",  "t",  "i",  "k",   "l",
                        "m", "n", "o",  "p",  "zh", "r",  "s",  "t",  "u",  "p",   "k",
                        "g", "k", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "dzh", "g"})},
      {Romanisation::kGeorgianFrench,
       MakeTable(kGeo, {"a",  "b", "g",  "d",   "e",  "v",  "z",  "t",   "i",  "k",  "l",
                        "m",  "n", "o",  "p",   "j",  "r",  "s",  "t",   "ou", "p",  "k",
                        "gh", "q", "ch", "tch", "ts", "dz", "ts", "tch", "kh", "dj", "h"})},
  };
  return tables.at(system);
}

bool IsGreekVowel(char32_t c) {
  static const std::u32string v = U"αεηιουωϊϋ";
  return v.find(c) != std::u32string::npos;
}

// Greek lower case without accents (Prepare) to Latin.
std::string GreekToLatin(const std::u32string& s, bool elot) {
  static const std::map<char32_t, const char*> one = {
      {U'α', "a"},  {U'β', "v"},  {U'γ', "g"},  {U'δ', "d"}, {U'ε', "e"}, {U'ζ', "z"}, {U'η', "i"},
      {U'θ', "th"}, {U'ι', "i"},  {U'κ', "k"},  {U'λ', "l"}, {U'μ', "m"}, {U'ν', "n"}, {U'ξ', "x"},
      {U'ο', "o"},  {U'π', "p"},  {U'ρ', "r"},  {U'σ', "s"}, {U'ς', "s"}, {U'τ', "t"}, {U'υ', "y"},
      {U'φ', "f"},  {U'χ', "ch"}, {U'ψ', "ps"}, {U'ω', "o"}, {U'ϊ', "i"}, {U'ϋ', "y"}};
  static const std::u32string voiceless = U"θκξπστφχψ";
  std::string out;
  bool word_start = true;
  for (size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    const char32_t n = i + 1 < s.size() ? s[i + 1] : 0;
    const char32_t n2 = i + 2 < s.size() ? s[i + 2] : 0;
    const bool at_start = word_start;
    word_start = !IsLetter(c);
    if (!IsLetter(c)) {
      out += Encode(std::u32string(1, c));
      continue;
    }
    if ((c == U'α' || c == U'ε' || c == U'η') && n == U'υ') {
      const bool f = n2 == 0 || voiceless.find(n2) != std::u32string::npos || !IsLetter(n2);
      out += (c == U'α' ? "a" : c == U'ε' ? "e" : "i");
      out += f ? "f" : "v";
      ++i;
      continue;
    }
    if (c == U'ο' && n == U'υ') {
      out += "ou";
      ++i;
      continue;
    }
    if (!elot && n == U'ι' && (c == U'ε' || c == U'ο')) {
      out += "i";
      ++i;
      continue;
    }
    if (!elot && c == U'α' && n == U'ι') {
      out += "e";
      ++i;
      continue;
    }
    if (c == U'γ' && (n == U'γ' || n == U'ξ' || n == U'χ')) {
      out += "n";
      continue;
    }
    if (c == U'γ' && n == U'κ') {
      out += at_start ? "g" : (elot ? "gk" : "ng");
      ++i;
      continue;
    }
    if (c == U'μ' && n == U'π') {
      out += at_start ? "b" : (elot ? "mp" : "mb");
      ++i;
      continue;
    }
    if (c == U'ν' && n == U'τ') {
      out += at_start ? (elot ? "nt" : "d") : (elot ? "nt" : "nd");
      ++i;
      continue;
    }
    if (!elot) {
      if (c == U'γ' && (n == U'ι' || n == U'ε' || n == U'η' || n == U'υ')) {
        out += "y";
        if (n == U'ι' && IsGreekVowel(n2)) ++i;  // Γιώργος -> Yorgos
        continue;
      }
      if (c == U'υ') {
        out += "i";
        continue;
      }
      if (c == U'χ') {
        out += "h";
        continue;
      }
    }
    const auto it = one.find(c);
    out += it != one.end() ? it->second : Encode(std::u32string(1, c));
  }
  return out;
}

std::string CyrillicToLatin(const std::u32string& s, Romanisation system) {
  const Table& t = CyrTable(system);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    const char32_t p = i > 0 ? s[i - 1] : 0;
    const char32_t n = i + 1 < s.size() ? s[i + 1] : 0;
    const bool start = i == 0 || p == ' ' || p == '-';
    const bool end = n == 0 || !IsLetter(n);
    const bool after_vowel = !start && (IsCyrVowel(p) || p == U'ь' || p == U'ъ');
    switch (system) {
      case Romanisation::kUkrainianNational:  // initial є ї й ю я
        if (start && (c == U'є' || c == U'ї' || c == U'й' || c == U'ю' || c == U'я')) {
          out += c == U'є' ? "ye" : c == U'ї' ? "yi" : c == U'й' ? "y" : c == U'ю' ? "yu" : "ya";
          continue;
        }
        if (c == U'г' && p == U'з') {
          out += "gh";
          continue;
        }
        break;
      case Romanisation::kRussianBgn:
        if (c == U'е' && (start || after_vowel)) {
          out += "ye";
          continue;
        }
        if (c == U'ё') {
          out += (start || after_vowel) ? "yo" : "e";
          continue;
        }
        if ((c == U'и' || c == U'ы') && n == U'й' && i + 2 >= s.size()) {
          out += c == U'и' ? "iy" : "yy";
          ++i;
          continue;
        }
        break;
      case Romanisation::kRussianPopular:
        if (c == U'е' && start) {
          out += "ye";
          continue;
        }
        if (c == U'и' && n == U'й' && (i + 2 >= s.size() || !IsLetter(s[i + 2]))) {
          out += "y";
          ++i;
          continue;
        }
        break;
      case Romanisation::kRussianFrench:
        if (c == U'г' && (n == U'е' || n == U'и' || n == U'ы' || n == U'я')) {
          out += "gu";
          continue;
        }
        if (c == U'с' && !start && IsCyrVowel(p) && IsCyrVowel(n)) {
          out += "ss";
          continue;
        }
        if (c == U'и' && n == U'й' && end) continue;
        if (c == U'е' && after_vowel) {
          out += "ie";
          continue;
        }
        break;
      case Romanisation::kRussianRomanian:
        if (c == U'к' && n == U'с') {  // Alexandru, not Alecsandru
          out += "x";
          ++i;
          continue;
        }
        if ((c == U'г' || c == U'к') && (n == U'е' || n == U'и')) {
          out += c == U'г' ? "gh" : "ch";
          continue;
        }
        if (c == U'ч') {
          out += (n == U'е' || n == U'и') ? "c" : n == U'а' ? "ce" : "ci";
          continue;
        }
        if (c == U'я') {
          out += (start || after_vowel) ? "ia" : "ea";
          continue;
        }
        if (c == U'и' && n == U'й' && end) {
          out += "ie";
          ++i;
          continue;
        }
        break;
      case Romanisation::kUkrainianFrench:
        if (c == U'і' && n == U'я' && i + 2 >= s.size()) {
          out += "ia";
          ++i;
          continue;
        }
        if (c == U'с' && !start && IsCyrVowel(p) && IsCyrVowel(n)) {
          out += "ss";
          continue;
        }
        break;
      default:
        break;
    }
    const auto it = t.one.find(c);
    out += it != t.one.end() ? it->second : Encode(std::u32string(1, c));
  }
  return out;
}

std::string GeorgianToLatin(const std::u32string& s, Romanisation system) {
  const Table& t = GeoTable(system);
  std::string out;
  for (char32_t c : s) {
    const auto it = t.one.find(c);
    out += it != t.one.end() ? it->second : Encode(std::u32string(1, c));
  }
  return out;
}

}  // namespace

std::string FoldAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : Decode(text)) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
      continue;
    }
    if (IsCombining(cp)) continue;
    const std::string f = FoldChar(cp);
    out += f.empty() ? Encode(std::u32string(1, cp)) : f;
  }
  return out;
}

std::string Upper(std::string_view text) {
  std::u32string s = Decode(text);
  for (char32_t& c : s) c = UpperChar(c);
  return Encode(s);
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string Capitalise(std::string_view text) {
  std::u32string s = Decode(text);
  bool start = true;
  int letters = 0;  // letters since the last break: O'Brien and D'Angelo restart after one
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t& c = s[i];
    if (c == '\'') {
      start = letters == 1;
      continue;
    }
    if (IsWordBreak(c) || !IsLetter(c)) {
      start = true;
      letters = 0;
      continue;
    }
    c = start ? UpperChar(c) : LowerChar(c);
    if (c == 0x3C3 && (i + 1 == s.size() || !IsLetter(s[i + 1]))) c = 0x3C2;  // final sigma
    start = false;
    ++letters;
  }
  return Encode(s);
}

std::string ToLatin1(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : Decode(utf8)) {
    if (cp < 0x100) {
      out += static_cast<char>(static_cast<unsigned char>(cp));
      continue;
    }
    switch (cp) {
      case 0x150:
        out += static_cast<char>(0xD6);
        continue;  // Ő -> Ö
      case 0x151:
        out += static_cast<char>(0xF6);
        continue;  // ő -> ö
      case 0x170:
        out += static_cast<char>(0xDC);
        continue;  // Ű -> Ü
      case 0x171:
        out += static_cast<char>(0xFC);
        continue;  // ű -> ü
      default:
        break;
    }
    if (IsCombining(cp)) continue;
    const std::string f = FoldChar(cp);
    out += f.empty() ? "?" : f;
  }
  return out;
}

bool IsAscii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool HasNonLatinLetters(std::string_view text) {
  for (char32_t cp : Decode(text))
    if (cp >= 0x370 && !(cp >= 0x1E00 && cp <= 0x1EFF) && !(cp >= 0x2000 && cp <= 0x206F))
      return true;
  return false;
}

std::string Romanise(std::string_view native, Romanisation system) {
  const std::u32string s = Prepare(native);
  std::string latin;
  switch (system) {
    case Romanisation::kGreekElot:
      latin = GreekToLatin(s, true);
      break;
    case Romanisation::kGreekPhonetic:
      latin = GreekToLatin(s, false);
      break;
    case Romanisation::kGeorgianNational:
    case Romanisation::kGeorgianRussian:
    case Romanisation::kGeorgianFrench:
      latin = GeorgianToLatin(s, system);
      break;
    default:
      latin = CyrillicToLatin(s, system);
      break;
  }
  return Capitalise(latin);
}

std::string GreekFromLatin(std::string_view latin) {
  static const std::vector<std::pair<std::string_view, std::string_view>> rules = {
      {"tch", "ΤΣ"}, {"sch", "Σ"}, {"sh", "Σ"},   {"ch", "ΤΣ"}, {"th", "Θ"},   {"ph", "Φ"},
      {"kh", "Χ"},   {"gh", "Γ"},  {"ts", "ΤΣ"},  {"tz", "ΤΖ"}, {"dz", "ΝΤΖ"}, {"dj", "ΤΖ"},
      {"zh", "Ζ"},   {"ou", "ΟΥ"}, {"oo", "ΟΥ"},  {"ee", "Ι"},  {"ai", "ΑΪ"},  {"ay", "ΑΪ"},
      {"ei", "ΕΪ"},  {"ey", "ΕΪ"}, {"oi", "ΟΪ"},  {"oy", "ΟΪ"}, {"ng", "ΝΓΚ"}, {"mb", "ΜΠ"},
      {"nd", "ΝΤ"},  {"nt", "ΝΤ"}, {"qu", "ΚΟΥ"}, {"ck", "Κ"},  {"ll", "Λ"},   {"ss", "Σ"},
      {"mm", "Μ"},   {"nn", "Ν"},  {"tt", "Τ"},   {"pp", "Π"},  {"rr", "Ρ"},   {"ff", "Φ"},
      {"a", "Α"},    {"b", "ΜΠ"},  {"c", "Κ"},    {"d", "ΝΤ"},  {"e", "Ε"},    {"f", "Φ"},
      {"g", "Γ"},    {"h", "Χ"},   {"i", "Ι"},    {"j", "ΤΖ"},  {"k", "Κ"},    {"l", "Λ"},
      {"m", "Μ"},    {"n", "Ν"},   {"o", "Ο"},    {"p", "Π"},   {"q", "Κ"},    {"r", "Ρ"},
      {"s", "Σ"},    {"t", "Τ"},   {"u", "ΟΥ"},   {"v", "Β"},   {"w", "ΟΥ"},   {"x", "Ξ"},
      {"y", "Ι"},    {"z", "Ζ"}};
  const std::string s = LowerAscii(FoldAscii(latin));
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [from, to] : rules) {
      if (s.compare(i, from.size(), from) == 0) {
        // h is silent inside a word after a vowel ("Ahmed" keeps it, "Sarah" does not).
        if (from == "h" && i > 0 && i + 1 == s.size()) {
          i += 1;
          done = true;
          break;
        }
        out += to;
        i += from.size();
        done = true;
        break;
      }
    }
    if (!done) {
      out += s[i] == '\'' ? "" : std::string(1, s[i]);
      ++i;
    }
  }
  return out;
}

}  // namespace palermo::realistic
