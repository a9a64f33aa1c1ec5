// SPDX-License-Identifier: AGPL-3.0-or-later
// The ten agency layouts of the realistic generator and how each one writes a person.
//
// Every agency gets a record from one of three sources: a document it copies (passport or
// identity card: the passport spelling, the date in the papers), what the person says (oral:
// the clerk's spelling, the age the person claims), or what the person writes (self: own
// script, nicknames). Each agency then applies its own habits, listed with its definition.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "realistic/internal.h"
#include "realistic/script.h"

namespace palermo::realistic {
namespace {

enum class Source { kDocument, kOral, kSelf };

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string Pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, '0') + s;
}

template <typename T>
T PickWeighted(Rng& rng, const std::vector<std::pair<T, double>>& options) {
  std::vector<double> w;
  for (const auto& o : options) w.push_back(o.second);
  return options[rng.Weighted(w)].first;
}

// ---- Typing errors ----

// Letters that are misheard or mistyped for each other.
char Confusable(Rng& rng, char c) {
  static const std::map<char, std::string> kNear = {
      {'a', "eo"}, {'e', "ai"}, {'i', "ey"}, {'o', "ua"}, {'u', "oi"}, {'y', "ie"}, {'c', "kks"},
      {'k', "cq"}, {'q', "k"},  {'s', "zc"}, {'z', "s"},  {'v', "wb"}, {'w', "v"},  {'b', "pv"},
      {'p', "b"},  {'d', "t"},  {'t', "d"},  {'g', "jk"}, {'j', "gy"}, {'m', "n"},  {'n', "m"},
      {'l', "r"},  {'r', "l"},  {'h', "k"},  {'f', "v"},  {'x', "ks"}};
  const bool upper = c >= 'A' && c <= 'Z';
  const char lower = upper ? static_cast<char>(c - 'A' + 'a') : c;
  const auto it = kNear.find(lower);
  if (it == kNear.end()) return c;
  const char r = it->second[rng.Index(it->second.size())];
  return upper ? static_cast<char>(r - 'a' + 'A') : r;
}

// One or two edits (substitution by a near letter, deletion, doubling, transposition) on the
// code points of `s`, rarely on the first letter.
std::string Typo(Rng& rng, std::string_view s) {
  std::u32string t = Decode(s);
  const int edits = rng.Chance(0.2) ? 2 : 1;
  for (int e = 0; e < edits; ++e) {
    std::vector<size_t> letters;
    for (size_t i = 0; i < t.size(); ++i)
      if (t[i] != ' ' && t[i] != '-' && t[i] != ',' && t[i] != '.') letters.push_back(i);
    if (letters.size() < 3) return Encode(t);
    const size_t k = rng.Chance(0.04) ? 0 : 1 + rng.Index(letters.size() - 1);
    const size_t i = letters[k];
    switch (rng.Int(0, 3)) {
      case 0:
        if (t[i] < 0x80)
          t[i] = static_cast<char32_t>(Confusable(rng, static_cast<char>(t[i])));
        else
          t.erase(i, 1);
        break;
      case 1:
        t.erase(i, 1);
        break;
      case 2:
        t.insert(i, 1, t[i]);
        break;
      default:
        if (i + 1 < t.size() && t[i + 1] != ' ') std::swap(t[i], t[i + 1]);
        break;
    }
  }
  return Encode(t);
}

// ---- Names ----

struct NameHabits {
  double native_script = 0;    // own script when the person writes (non-Latin cultures)
  double keep_diacritics = 1;  // Latin diacritics kept (Latin-1 files lose the rest anyway)
  double nickname = 0;         // a short form or nickname instead of the given name
  double given_only = 0;       // no family name
  double typo = 0.06;          // per name part
  double second_given = 0.5;   // second given or middle name written when there is one
  double patronymic = 0;       // East Slavic patronymic written after the given name
  double swap = 0.02;          // given and family exchanged (x3 where the order is ambiguous)
  double greek_clerk = 0;      // foreign names written by sound in Greek capitals
};

struct WrittenName {
  std::string given, family;
  bool family_first = false;  // customary order of the culture is family first
  bool native = false;        // written in the person's own (non-Latin) script
  Script script = Script::kLatin;
};

const NameList& GivenList(const Culture& c, bool female) { return female ? c.female : c.male; }

// One spelling of a name. Documents give the passport spelling; clerks and the person use the
// others too. Latin-script names keep their diacritics if `diacritics` (decided per record).
std::string Spell(Rng& rng, const NameEntry& e, bool feminine, Source src, bool native,
                  bool diacritics, Script script) {
  const bool fem = feminine && !e.native_f.empty();
  const std::string& nat = fem ? e.native_f : e.native;
  const std::vector<std::string>& lat = fem ? e.latin_f : e.latin;
  if (native) return nat;
  std::string s;
  if (src == Source::kDocument || lat.size() == 1) {
    s = lat[0];
  } else {
    const double other = script == Script::kLatin ? 0.15 : (src == Source::kSelf ? 0.35 : 0.5);
    s = rng.Chance(other) ? lat[1 + rng.Index(lat.size() - 1)] : lat[0];
  }
  if (script == Script::kLatin && s == lat[0]) s = nat;  // the form with its diacritics
  return diacritics ? s : FoldAscii(s);
}

std::string SpellPatronymic(Rng& rng, const NameEntry& father, bool female, Source src, bool native,
                            bool diacritics) {
  const std::string& nat = female ? father.patronymic_f : father.patronymic_m;
  const std::vector<std::string>& lat =
      female ? father.patronymic_f_latin : father.patronymic_m_latin;
  if (nat.empty()) return "";
  if (native) return nat;
  std::string s = (src == Source::kDocument || lat.size() == 1) ? lat[0] : rng.Pick(lat);
  return diacritics ? s : FoldAscii(s);
}

bool StartsWithArticle(std::string_view s) {
  const std::string l = LowerAscii(s.substr(0, std::min<size_t>(3, s.size())));
  for (std::string_view a : {"al", "el", "en", "es", "ed", "et", "ez", "la", "ait", "ben", "bel"})
    if (l.compare(0, a.size(), a) == 0) return true;
  return false;
}

// An Arabic family name with its article written one of the usual ways, or dropped.
std::string WithArticle(Rng& rng, const std::string& bare, const std::string& article, Source src,
                        bool native) {
  if (article.empty() || native || bare.empty() || StartsWithArticle(bare)) return bare;
  const bool el = article == "el";
  const std::string A = el ? "El" : "Al";
  const std::string lower = LowerAscii(bare.substr(0, 1)) + bare.substr(1);
  const double r = rng.Uniform();
  if (src == Source::kDocument) return r < 0.55 ? A + " " + bare : r < 0.85 ? A + lower : bare;
  if (r < 0.25) return A + "-" + bare;
  if (r < 0.45) return A + " " + bare;
  if (r < 0.55) return A + lower;
  if (r < 0.62) return (el ? "al-" : "el-") + bare;
  if (r < 0.70) return LowerAscii(A) + "-" + bare;
  return bare;
}

bool AmbiguousOrder(const Culture& c) {
  return c.alpha3 == "NGA" || c.alpha3 == "ERI" || c.alpha3 == "CHN" || c.alpha3 == "VNM" ||
         c.alpha3 == "HUN" || c.alpha3 == "THA";
}

WrittenName RenderName(Rng& rng, const Person& p, Source src, const NameHabits& h) {
  const Culture& c = *p.culture;
  WrittenName w;
  w.script = c.script;
  w.family_first = c.family_first;
  w.native = src == Source::kSelf && c.script != Script::kLatin && rng.Chance(h.native_script);
  // Diacritics are kept or dropped for the whole record (a keyboard, a system, a habit).
  const bool diacritics =
      rng.Chance(src == Source::kSelf ? std::max(h.keep_diacritics, 0.85) : h.keep_diacritics);
  auto spell = [&](const NameEntry& e, bool fem) {
    return Spell(rng, e, fem, src, w.native, diacritics, c.script);
  };
  const NameList& gl = GivenList(c, p.female);
  const NameEntry& g = gl[static_cast<size_t>(p.given)];
  std::vector<std::string> given = {spell(g, false)};
  std::vector<std::string> family;
  bool nick = false;
  if (src != Source::kDocument) {
    const double pn = std::min(0.9, h.nickname * (p.goes_by_short_name ? 3.0 : 1.0));
    if (c.style == NameStyle::kThai && p.nickname >= 0 && rng.Chance(std::min(0.9, pn * 1.5))) {
      given[0] = spell(c.nicknames[static_cast<size_t>(p.nickname)], false);
      nick = true;
    } else if (!g.nick.empty() && !w.native && rng.Chance(pn)) {
      given[0] = rng.Pick(g.nick);
      nick = true;
    }
  }
  const auto fam = [&](int idx) { return spell(c.family[static_cast<size_t>(idx)], p.female); };
  const auto male_name = [&](int idx) {
    return idx < 0 ? std::string() : spell(c.male[static_cast<size_t>(idx)], false);
  };
  const double r = rng.Uniform();
  switch (c.style) {
    case NameStyle::kWestern:
    case NameStyle::kNigerian:
    case NameStyle::kGreek:
    case NameStyle::kHungarian: {
      if (p.given2 >= 0 && !nick && rng.Chance(h.second_given))
        given.push_back(spell(gl[static_cast<size_t>(p.given2)], false));
      std::string f = fam(p.family);
      if (p.family2 >= 0) {
        const std::string f2 = fam(p.family2);
        if (src == Source::kDocument || r < 0.55)
          f += "-" + f2;
        else if (r > 0.9)
          f = f2;
      }
      family = {f};
      break;
    }
    case NameStyle::kSlavic:
      if (p.father >= 0 && !nick && rng.Chance(h.patronymic))
        given.push_back(SpellPatronymic(rng, c.male[static_cast<size_t>(p.father)], p.female, src,
                                        w.native, diacritics));
      family = {fam(p.family)};
      break;
    case NameStyle::kVietnamese: {
      const NameList& ml = p.female ? c.middle_female : c.middle_male;
      const std::string mid = p.middle >= 0 ? spell(ml[static_cast<size_t>(p.middle)], false) : "";
      const std::string f = fam(p.family);
      const double keep_mid = src == Source::kDocument ? 0.92 : 0.55;
      if (nick) {
        family = {f};
      } else if (r < keep_mid) {
        given.insert(given.begin(), mid);
        family = {f};
      } else if (r < keep_mid + (1 - keep_mid) * 0.6) {
        family = {f};
      } else {
        family = {f, mid};  // middle name read as part of the family name
      }
      break;
    }
    case NameStyle::kChinese:
    case NameStyle::kThai:
      family = {fam(p.family)};
      break;
    case NameStyle::kArabic: {
      const NameEntry* fe = p.family >= 0 ? &c.family[static_cast<size_t>(p.family)] : nullptr;
      const std::string f =
          fe ? WithArticle(rng, spell(*fe, false), fe->particle, src, w.native) : "";
      const std::string father = male_name(p.father);
      const std::string grand = male_name(p.grandfather);
      const std::string last = !f.empty() ? f : grand.empty() ? father : grand;
      const double x = src == Source::kDocument ? r * 0.7 : r;
      if (x < 0.45 || father.empty()) {
        family = {last};
      } else if (x < 0.65) {
        family = {father, last == father ? "" : last};
      } else if (x < 0.77) {
        given.push_back(father);
        family = {last == father ? grand : last};
      } else if (x < 0.87) {
        family = {father};
      } else if (x < 0.95) {
        family = {father, grand, f};
      } else {
        given.push_back(father);
        given.push_back(grand);
        family = {f.empty() ? last : f};
      }
      if (nick) given.resize(1);
      // Chains written with the filiation word: Ahmed bin Ali al-Hassan, Youssef ben Mohamed.
      if (!father.empty() && !w.native && rng.Chance(src == Source::kDocument ? 0.05 : 0.2)) {
        const std::string word = p.female ? (c.alpha3 == "MAR" ? "bent" : "bint")
                                          : (c.alpha3 == "MAR" ? "ben"
                                             : rng.Chance(0.8) ? "bin"
                                                               : "ibn");
        if (given.size() > 1 && given[1] == father)
          given.insert(given.begin() + 1, word);
        else if (!family.empty() && family[0] == father)
          family.insert(family.begin(), word);
      }
      break;
    }
    case NameStyle::kEritrean: {
      const std::string father = male_name(p.father);
      const std::string grand = male_name(p.grandfather);
      if (r < 0.6)
        family = {father};
      else if (r < 0.75)
        family = {grand};
      else if (r < 0.95)
        family = {father, grand};
      else {
        given.push_back(father);
        family = {grand};
      }
      break;
    }
    case NameStyle::kFilipino: {
      const std::string mid = p.middle >= 0 ? fam(p.middle) : "";
      if (!mid.empty() && !nick) {
        const double m = rng.Uniform();
        if (m < (src == Source::kDocument ? 0.45 : 0.2))
          given.push_back(mid);
        else if (m < 0.4 && !w.native)
          given.push_back(FoldAscii(mid).substr(0, 1) + ".");
      }
      family = {fam(p.family)};
      break;
    }
    case NameStyle::kBrazilian: {
      const auto with_particle = [&](int idx, bool use) {
        const NameEntry& e = c.family[static_cast<size_t>(idx)];
        std::string s = spell(e, false);
        if (use && !e.particle.empty() && rng.Chance(src == Source::kDocument ? 0.95 : 0.75))
          s = (rng.Chance(0.15) ? Capitalise(e.particle) : e.particle) + " " + s;
        return s;
      };
      const std::string f1 = with_particle(p.family, p.particle1);
      if (p.family2 < 0) {
        family = {f1};
      } else {
        const std::string f2 = with_particle(p.family2, p.particle2);
        const double x = src == Source::kDocument ? r * 0.5 : r;
        if (x < 0.5)
          family = {f1, f2};
        else if (x < 0.8)
          family = {f2};  // the last surname, as Brazilians are called
        else if (x < 0.92)
          family = {f1};  // the first surname, as a Spanish-speaking clerk takes
        else
          family = {FoldAscii(f1), FoldAscii(f2)};
      }
      break;
    }
    case NameStyle::kBangladeshi: {
      if (p.given2 >= 0 && !nick && rng.Chance(h.second_given))
        given.push_back(spell(gl[static_cast<size_t>(p.given2)], false));
      const NameList& fl = p.female && !c.family_female.empty() ? c.family_female : c.family;
      const std::string f = spell(fl[static_cast<size_t>(p.family)], false);
      if (p.prefix && !nick) {
        static const std::vector<std::string> kMale = {"Md.",      "Md",       "MD",   "Mohammad",
                                                       "Mohammed", "Muhammad", "Mohd."};
        static const std::vector<std::string> kFemale = {"Mst.", "Most.", "Mosammat", "MST", "Mst"};
        const std::string pre =
            w.native ? (p.female ? "মোছাঃ" : "মোঃ") : rng.Pick(p.female ? kFemale : kMale);
        if (rng.Chance(src == Source::kDocument ? 0.8 : 0.55)) {
          if (!w.native && rng.Chance(0.06)) {  // the prefix filed as the family name
            family = {pre};
            given.push_back(f);
            break;
          }
          given.insert(given.begin(), pre);
        }
      }
      family = {f};
      break;
    }
  }
  w.given = Join(given, " ");
  w.family = Join(family, " ");
  if (!w.family.empty() && rng.Chance(h.swap * (AmbiguousOrder(c) ? 3 : 1)))
    std::swap(w.given, w.family);
  if (src != Source::kDocument && rng.Chance(h.given_only)) w.family.clear();
  const double typo = w.native ? h.typo / 3 : h.typo;
  if (rng.Chance(typo)) w.given = Typo(rng, w.given);
  if (!w.family.empty() && rng.Chance(typo)) w.family = Typo(rng, w.family);
  if (!w.native && rng.Chance(h.greek_clerk)) {
    w.given = GreekFromLatin(w.given);
    w.family = GreekFromLatin(w.family);
  }
  return w;
}

enum class FullLayout { kGivenFamily, kFamilyCapsGiven, kFamilyCommaGiven, kFamilyFirst };

// The name as one string. `native_order` is the chance that a family-first culture is written
// family first when the layout does not fix the order.
std::string WriteFull(Rng& rng, const WrittenName& w, FullLayout layout, double native_order) {
  if (w.family.empty()) return w.given;
  if (w.given.empty()) return w.family;
  const bool han = w.native && w.script == Script::kHan;
  const std::string sep = han ? "" : " ";
  bool family_first = w.family_first && rng.Chance(native_order);
  if (w.native && (w.script == Script::kHan || w.family_first)) family_first = true;
  if (w.native && w.script == Script::kCyrillic) family_first = rng.Chance(0.6);
  switch (layout) {
    case FullLayout::kGivenFamily:
      return family_first ? w.family + sep + w.given : w.given + " " + w.family;
    case FullLayout::kFamilyCapsGiven:
      return Upper(w.family) + sep + w.given;
    case FullLayout::kFamilyCommaGiven:
      return han ? w.family + w.given : w.family + ", " + w.given;
    case FullLayout::kFamilyFirst:
      if (w.family_first || w.native) return w.family + sep + w.given;
      return rng.Chance(0.7) ? w.given + " " + w.family : w.family + " " + w.given;
  }
  return w.given + " " + w.family;
}

// ---- Dates and ages ----

struct DateHabits {
  double missing = 0.05;
  double swap = 0.02;       // day and month exchanged (only where both are 12 or less)
  double digit = 0.015;     // one digit mistyped
  double year_off = 0.015;  // year off by one
};

// The birth date the agency records, or false if it records none.
bool StatedBirth(Rng& rng, const Person& p, Source src, const DateHabits& h, Date* out) {
  if (rng.Chance(h.missing)) return false;
  Date d = p.birth;
  if (src == Source::kDocument) {
    d = p.papers_birth;
  } else if (p.birthday_unknown) {
    d = rng.Chance(0.6) ? p.papers_birth : Date{p.birth.year + rng.Int(-1, 1), 1, 1};
  }
  if (p.claimed_shift != 0 && src != Source::kDocument && rng.Chance(0.8))
    d.year -= p.claimed_shift;
  if (rng.Chance(h.year_off)) d.year += rng.Chance(0.5) ? 1 : -1;
  if (rng.Chance(h.swap) && d.day <= 12 && d.day != d.month) std::swap(d.day, d.month);
  if (rng.Chance(h.digit)) {
    Date t = d;
    switch (rng.Int(0, 2)) {
      case 0:
        t.day = (t.day / 10) * 10 + rng.Int(0, 9);
        break;
      case 1:
        t.month = t.month >= 10 ? 10 + rng.Int(0, 2) : rng.Int(1, 9);
        break;
      default:
        t.year = (t.year / 10) * 10 + rng.Int(0, 9);
        break;
    }
    if (IsValidDate(t.year, t.month, t.day)) d = t;
  }
  if (!IsValidDate(d.year, d.month, d.day)) d.day = 28;
  *out = d;
  return true;
}

// The age the person states on `day` (from the birth date they give), or -1 if not recorded.
int StatedAge(Rng& rng, const Person& p, Source src, long day, double missing) {
  if (rng.Chance(missing)) return -1;
  Date b;
  DateHabits h;
  h.missing = 0;
  h.swap = 0;
  h.digit = 0;
  h.year_off = 0;
  StatedBirth(rng, p, src, h, &b);
  int age = AgeOn(b, DateFromDays(day));
  if (rng.Chance(0.08)) age += rng.Chance(0.5) ? 1 : -1;
  return std::max(age, 0);
}

std::string AgeBand(int age, bool five_year) {
  if (age < 0) return "";
  if (five_year) {
    if (age < 15) return "<15";
    if (age >= 60) return "60+";
    const int lo = age / 5 * 5;
    return std::to_string(lo) + "-" + std::to_string(lo + 4);
  }
  if (age < 18) return "<18";
  if (age <= 24) return "18-24";
  if (age <= 34) return "25-34";
  if (age <= 44) return "35-44";
  if (age <= 59) return "45-59";
  return "60+";
}

// ---- Sex, nationality, phone, documents, email ----

std::string WriteSex(Rng& rng, bool female, const std::string& f, const std::string& m,
                     double missing) {
  if (rng.Chance(missing)) return "";
  const bool as_female = rng.Chance(0.004) ? !female : female;
  return as_female ? f : m;
}

// The nationality an agency records: Moldovans with a Romanian passport are Romanian on
// paper; Eritreans are sometimes taken for Ethiopians or Sudanese; a few are missing.
std::string RecordedNationality(Rng& rng, const Person& p, Source src, double missing) {
  if (rng.Chance(missing)) return "";
  if (p.nationality == "MDA" && p.romanian_passport && src == Source::kDocument && rng.Chance(0.85))
    return "ROU";
  if (p.nationality == "ERI" && src != Source::kDocument && rng.Chance(0.07))
    return rng.Chance(0.6) ? "ETH" : "SDN";
  if (p.nationality == "SYR" && rng.Chance(0.02)) return "LBN";
  if (p.nationality == "UKR" && src != Source::kDocument && rng.Chance(0.02)) return "RUS";
  return p.nationality;
}

enum class NatStyle { kAlpha2, kAlpha3, kEnglish, kFrench };

std::string WriteNationality(Rng& rng, const std::string& alpha3, NatStyle style) {
  if (alpha3.empty()) return "";
  const CountryInfo& c = Country(alpha3);
  switch (style) {
    case NatStyle::kAlpha2:
      return c.alpha2;
    case NatStyle::kAlpha3:
      return c.alpha3;
    case NatStyle::kEnglish:
      return c.en.size() > 1 && rng.Chance(0.3) ? c.en[1 + rng.Index(c.en.size() - 1)] : c.en[0];
    case NatStyle::kFrench:
      return c.fr.size() > 1 && rng.Chance(0.3) ? c.fr[1 + rng.Index(c.fr.size() - 1)] : c.fr[0];
  }
  return alpha3;
}

// The phone a person gives an agency in `country` on `day`.
Phone PersonPhone(Rng& rng, const Person& p, const std::string& country, long day) {
  if (!p.later_phone.empty() && day >= p.phone_change_day) return p.later_phone;
  const auto it = p.local_phone.find(country);
  if (it != p.local_phone.end() && (p.home_phone.empty() || rng.Chance(0.5))) return it->second;
  return p.home_phone;
}

struct PhoneHabits {
  std::vector<std::pair<PhoneStyle, double>> own = {{PhoneStyle::kNational, 0.6},
                                                    {PhoneStyle::kNationalCompact, 0.3},
                                                    {PhoneStyle::kIntlSpaced, 0.1}};
  std::vector<std::pair<PhoneStyle, double>> foreign = {
      {PhoneStyle::kIntlSpaced, 0.35}, {PhoneStyle::kIntl00, 0.2},
      {PhoneStyle::kE164, 0.15},       {PhoneStyle::kIntl00Compact, 0.1},
      {PhoneStyle::kNational, 0.15},   {PhoneStyle::kNationalDashed, 0.05}};
  double typo = 0.02;
};

std::string WritePhone(Rng& rng, const Phone& ph, const std::string& agency_country,
                       const PhoneHabits& h) {
  if (ph.empty()) return "";
  Phone written = ph;
  if (rng.Chance(h.typo)) {
    const size_t i = 2 + rng.Index(written.nsn.size() - 2);
    written.nsn[i] = static_cast<char>('0' + rng.Int(0, 9));
  }
  return FormatPhone(written, PickWeighted(rng, ph.country == agency_country ? h.own : h.foreign));
}

// A document number as written: passport usually, identity card otherwise; OCR-like
// confusions (O/0, I/1, S/5, B/8, Z/2, G/6) and spacing.
std::string WriteDocument(Rng& rng, const Person& p, double ocr, double spaced,
                          size_t* which = nullptr) {
  if (p.documents.empty()) return "";
  const size_t idx = p.documents.size() > 1 && rng.Chance(0.3) ? 1 : 0;
  if (which) *which = idx;
  std::string d = p.documents[idx];
  if (rng.Chance(ocr)) {
    static const std::map<char, char> kOcr = {
        {'0', 'O'}, {'O', '0'}, {'1', 'I'}, {'I', '1'}, {'5', 'S'}, {'S', '5'}, {'8', 'B'},
        {'B', '8'}, {'2', 'Z'}, {'Z', '2'}, {'6', 'G'}, {'G', '6'}, {'D', '0'}};
    std::vector<size_t> candidates;
    for (size_t i = 0; i < d.size(); ++i)
      if (kOcr.count(d[i])) candidates.push_back(i);
    if (!candidates.empty() && rng.Chance(0.75)) {
      const size_t i = rng.Pick(candidates);
      d[i] = kOcr.at(d[i]);
    } else if (d.size() > 4) {
      const size_t i = rng.Index(d.size() - 1);
      if (rng.Chance(0.5))
        d.erase(i, 1);
      else
        std::swap(d[i], d[i + 1]);
    }
  }
  if (rng.Chance(spaced) && d.size() > 6) {
    size_t letters = 0;
    while (letters < d.size() && std::isalpha(static_cast<unsigned char>(d[letters]))) ++letters;
    d.insert(letters > 0 && letters < d.size() ? letters : d.size() / 2, " ");
  }
  return d;
}

std::string WriteEmail(Rng& rng, const Person& p, double present) {
  if (p.email.empty() || !rng.Chance(present)) return "";
  std::string e = p.email;
  if (rng.Chance(0.03)) {  // a letter dropped before the @
    const size_t at = e.find('@');
    if (at > 3) e.erase(1 + rng.Index(at - 2), 1);
  }
  return rng.Chance(0.05) ? Capitalise(e.substr(0, 1)) + e.substr(1) : e;
}

// A stable per-person choice among `n` (the same for every record of the person in a list).
size_t StableChoice(const Person& p, uint64_t salt, size_t n) {
  return static_cast<size_t>(Mix64(static_cast<uint64_t>(p.id) * 0x9E3779B97F4A7C15ULL ^ salt) % n);
}

bool HasDocuments(const Person& p) { return !p.documents.empty(); }

Source DocumentOr(Rng& rng, const Person& p, double share, Source otherwise) {
  return HasDocuments(p) && rng.Chance(share) ? Source::kDocument : otherwise;
}

// Shared places: an institution's address written the way its staff write it.
struct SharedSite {
  Address address;
};

std::vector<SharedSite> MakeSites(Rng& rng, std::string_view country, int n, int city) {
  std::vector<SharedSite> sites;
  for (int i = 0; i < n; ++i) {
    SharedSite s;
    s.address = NewAddress(rng, country, city);
    s.address.floor = -1;
    s.address.door.clear();
    sites.push_back(s);
  }
  return sites;
}

// ======================= dev profile =======================

// French judicial police: ';' separated, Windows Latin-1, CRLF. NOM in capitals, French
// country names, DD/MM/YYYY; documents copied when seen; NGO hotline number and association
// postal address (domiciliation) given for people without their own.
Agency PoliceFr(uint64_t seed) {
  Agency a;
  a.file = "police_fr";
  a.country = "FRA";
  a.separator = ';';
  a.encoding = Encoding::kLatin1;
  a.crlf = true;
  a.columns = {{"num_pv", "record_id"},
               {"nom", "family_name"},
               {"prénom", "given_name"},
               {"sexe", "sex"},
               {"date_naissance", "birth_date"},
               {"lieu_naissance", ""},
               {"nationalité", "nationality"},
               {"téléphone", "phone"},
               {"adresse", "address"},
               {"code_postal", "postcode"},
               {"ville", "city"},
               {"pièce_identité", "document_number"},
               {"date_audition", "record_date"},
               {"qualification", ""},
               {"suite_donnée", ""}};
  a.size = 3.2;
  a.nationality = {{"NGA", 3},   {"ROU", 2},   {"CHN", 1.5}, {"VNM", 1.2},
                   {"ALB", 1},   {"FRA", 2.5}, {"UKR", 0.8}, {"SYR", 0.6},
                   {"EGY", 0.6}, {"THA", 0.8}, {"PHL", 0.3}, {"GBR", 0.15}};
  a.female = 1.3;
  Rng site_rng(seed, 101);
  const std::vector<SharedSite> raids = MakeSites(site_rng, "FRA", 140, -1);
  const Address association = NewAddress(site_rng, "FRA", 0);
  const Phone ngo_line{"FRA", "1" + FromPattern(site_rng, "99999999")};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.5, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0.6;
    nh.nickname = 0.02;
    nh.given_only = 0.01;
    nh.typo = 0.07;
    nh.second_given = 0.6;
    nh.patronymic = 0.05;
    WrittenName w = RenderName(rng, p, src, nh);
    std::string nom = w.family;
    if (rng.Chance(0.85)) nom = Upper(rng.Chance(0.7) ? FoldAscii(nom) : nom);
    Date b;
    DateHabits dh;
    dh.missing = 0.06;
    dh.swap = 0.03;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kDmySlash) : "";
    std::string lieu;
    if (rng.Chance(0.45)) lieu = Upper(FoldAscii(Country(p.nationality).fr[0]));
    std::string nat =
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.04), NatStyle::kFrench);
    if (rng.Chance(0.3)) nat = Upper(nat);
    PhoneHabits ph;
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.07)
      tel = FormatPhone(ngo_line, PhoneStyle::kNational);
    else if (t < 0.7)
      tel = WritePhone(rng, PersonPhone(rng, p, "FRA", v.day), "FRA", ph);
    if (!tel.empty() && tel.rfind("0", 0) == 0 && rng.Chance(0.15))
      std::replace(tel.begin(), tel.end(), ' ', '.');
    Address addr;
    bool domiciliation = false;
    const double u = rng.Uniform();
    if (u < 0.45 && p.residence.count("FRA")) {
      addr = p.residence.at("FRA");
    } else if (u < 0.6) {
      addr = raids[StableChoice(p, 0x7A1D, raids.size())].address;
    } else if (u < 0.67) {
      addr = association;
      domiciliation = true;
    }
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    if (domiciliation && rng.Chance(0.5)) at.street_line = "chez association, " + at.street_line;
    std::string ville = at.city.empty() ? (rng.Chance(0.4) ? "" : "PARIS")
                                        : (rng.Chance(0.5) ? Upper(FoldAscii(at.city)) : at.city);
    static const std::vector<std::string> kQualif = {
        "Traite des êtres humains", "Proxénétisme aggravé", "Travail dissimulé",
        "Exploitation de la mendicité", "Conditions de travail indignes"};
    static const std::vector<std::string> kSuite = {
        "Victime", "Victime", "Victime - orientée association", "Victime - hébergée",
        "Victime - retour volontaire"};
    return std::vector<std::string>{
        nom,
        w.given,
        WriteSex(rng, p.female, "F", "M", 0.01),
        birth,
        lieu,
        nat,
        tel,
        at.street_line,
        rng.Chance(0.85) ? at.postcode : "",
        ville,
        src == Source::kDocument && rng.Chance(0.85) ? WriteDocument(rng, p, 0.05, 0.05) : "",
        FormatDate(DateFromDays(v.day), DateFormat::kDmySlash),
        rng.Pick(kQualif),
        rng.Pick(kSuite)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "PV" + std::to_string(d.year) + "-" + Pad(idx + 1, 5);
  };
  return a;
}

// Italian labour inspectorate: comma, UTF-8. Names and dates from documents; ISO alpha-3;
// workers housed by the employer share its address; residence permits as documents.
Agency IspettoratoLavoro(uint64_t seed) {
  Agency a;
  a.file = "ispettorato_lavoro";
  a.country = "ITA";
  a.columns = {{"pratica", "record_id"},
               {"cognome", "family_name"},
               {"nome", "given_name"},
               {"sesso", "sex"},
               {"data_nascita", "birth_date"},
               {"cittadinanza", "nationality"},
               {"tipo_documento", ""},
               {"numero_documento", "document_number"},
               {"telefono", "phone"},
               {"domicilio", "address"},
               {"cap", "postcode"},
               {"comune", "city"},
               {"data_accesso", "record_date"},
               {"settore", ""},
               {"datore_di_lavoro", ""}};
  a.size = 2.2;
  a.nationality = {{"ROU", 2.5}, {"ALB", 1.5}, {"NGA", 1.2},  {"UKR", 1.5},
                   {"CHN", 1.8}, {"EGY", 1.4}, {"SYR", 0.8},  {"PHL", 0.6},
                   {"VNM", 0.4}, {"THA", 0.2}, {"FRA", 0.05}, {"GBR", 0.03}};
  a.male = 2.6;
  a.minor = 0.2;
  Rng site_rng(seed, 102);
  const std::vector<SharedSite> sites = MakeSites(site_rng, "ITA", 220, -1);
  static const std::vector<std::string> kEmployers = {
      "Russo",    "Ferrari", "Esposito", "Bianchi", "Romano",  "Colombo", "Ricci",
      "Marino",   "Greco",   "Bruno",    "Gallo",   "Conti",   "De Luca", "Mancini",
      "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani"};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.7, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0.8;
    nh.typo = 0.05;
    nh.second_given = 0.5;
    nh.swap = p.nationality == "CHN" ? 0.05 : 0.02;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.04;
    dh.swap = src == Source::kDocument ? 0.005 : 0.03;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdDash) : "";
    std::string tipo, numero;
    if (src == Source::kDocument && rng.Chance(0.85)) {
      if (rng.Chance(0.25)) {  // an Italian residence permit: a number no other list has
        Rng permit(Mix64(static_cast<uint64_t>(p.id) ^ 0x5E11ULL));
        tipo = "permesso di soggiorno";
        numero = FromPattern(permit, "I99999999");
      } else {
        size_t which = 0;
        numero = WriteDocument(rng, p, 0.04, 0.02, &which);
        tipo = which == 0 && p.first_is_passport ? "passaporto" : "carta d'identità";
      }
    }
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.5},
              {PhoneStyle::kNationalCompact, 0.3},
              {PhoneStyle::kIntlSpaced, 0.2}};
    const std::string tel =
        rng.Chance(0.6) ? WritePhone(rng, PersonPhone(rng, p, "ITA", v.day), "ITA", ph) : "";
    const size_t site = StableChoice(p, 0x17A1, sites.size());
    Address addr;
    const double u = rng.Uniform();
    if (u < 0.5)
      addr = sites[site].address;
    else if (u < 0.8 && p.residence.count("ITA"))
      addr = p.residence.at("ITA");
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    static const std::vector<std::string> kSettore = {
        "agricoltura", "agricoltura",  "edilizia",         "manifattura tessile",
        "logistica",   "ristorazione", "lavoro domestico", "cura della persona"};
    const std::string& boss = kEmployers[site % kEmployers.size()];
    const std::string employer =
        site % 3 == 0
            ? "Az. Agr. " + boss + " " + std::string(1, static_cast<char>('A' + site % 26)) + "."
            : boss + (site % 3 == 1 ? " s.r.l." : " & C. s.n.c.");
    return std::vector<std::string>{w.family,
                                    w.given,
                                    WriteSex(rng, p.female, "F", "M", 0.01),
                                    birth,
                                    RecordedNationality(rng, p, src, 0.03),
                                    tipo,
                                    numero,
                                    tel,
                                    at.street_line,
                                    at.postcode,
                                    at.city,
                                    FormatDate(DateFromDays(v.day), DateFormat::kYmdDash),
                                    kSettore[site % kSettore.size()],
                                    employer};
  };
  a.record_id = [](int idx, const Date& d) {
    return "ITL/" + std::to_string(d.year) + "/" + Pad(idx + 1, 5);
  };
  return a;
}

// Spanish NGO shelter for women: TAB separated, UTF-8. Name as the woman writes it (own script
// for some), age stated at intake, a passport number for some, the shelter's address and phone
// for most residents.
Agency CasaAcogida(uint64_t seed) {
  Agency a;
  a.file = "casa_acogida";
  a.country = "ESP";
  a.separator = '\t';
  a.columns = {{"expediente", "record_id"},
               {"nombre", "full_name"},
               {"edad", "age"},
               {"fecha_ingreso", "record_date"},
               {"nacionalidad", "nationality"},
               {"documento", "document_number"},
               {"teléfono", "phone"},
               {"dirección", "address"},
               {"correo", "email"},
               {"situación", ""},
               {"observaciones", ""}};
  a.size = 1.8;
  a.nationality = {{"NGA", 3},   {"ROU", 2},   {"UKR", 1.5},  {"SYR", 1},
                   {"PHL", 0.8}, {"VNM", 0.6}, {"THA", 0.9},  {"ALB", 0.6},
                   {"CHN", 0.8}, {"EGY", 0.4}, {"FRA", 0.15}, {"GBR", 0.1}};
  a.male = 0;
  a.minor = 0.5;
  Rng site_rng(seed, 103);
  Address shelter = NewAddress(site_rng, "ESP", 0);
  shelter.floor = -1;
  const Phone shelter_phone{"ESP", "91" + FromPattern(site_rng, "9999999")};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.1, Source::kSelf);
    NameHabits nh;
    nh.native_script = 0.3;
    nh.keep_diacritics = 0.9;
    nh.nickname = 0.18;
    nh.given_only = 0.12;
    nh.typo = 0.08;
    nh.second_given = 0.3;
    nh.patronymic = 0.1;
    const WrittenName w = RenderName(rng, p, src, nh);
    const int age = StatedAge(rng, p, src, v.day, 0.05);
    PhoneHabits ph;
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.25)
      tel = FormatPhone(shelter_phone,
                        rng.Chance(0.7) ? PhoneStyle::kNational : PhoneStyle::kIntlSpaced);
    else if (t < 0.85)
      tel = WritePhone(rng, PersonPhone(rng, p, "ESP", v.day), "ESP", ph);
    if (!tel.empty() && rng.Chance(0.02)) tel += " (hermana)";
    std::string dir;
    const double u = rng.Uniform();
    if (u < 0.75)
      dir = WriteAddressLine(rng, shelter, AddressHand::kLocal, rng.Chance(0.5));
    else if (u < 0.85 && p.residence.count("ESP"))
      dir = WriteAddressLine(rng, p.residence.at("ESP"), AddressHand::kLocal, true);
    static const std::vector<std::string> kSituacion = {
        "Acogida", "Acogida", "Baja voluntaria", "Derivada a otro recurso", "Retorno voluntario"};
    static const std::vector<std::string> kNotas = {"",
                                                    "",
                                                    "",
                                                    "Derivada por la Policía Nacional",
                                                    "Llegó con su hija, 3 años",
                                                    "Habla poco español.\nNecesita intérprete",
                                                    "Pendiente de cita \"urgente\" con abogada",
                                                    "Sin documentación",
                                                    "Derivada por ONG; acompañada por educadora"};
    // The passport or NIE the resident shows for her residence procedure, when she has one.
    const std::string documento =
        rng.Chance(src == Source::kDocument ? 0.9 : 0.4) ? WriteDocument(rng, p, 0.03, 0.1) : "";
    return std::vector<std::string>{
        WriteFull(rng, w, FullLayout::kGivenFamily, 0.7),
        age < 0 ? "" : std::to_string(age),
        FormatDate(DateFromDays(v.day), DateFormat::kDmySlash),
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.06), NatStyle::kAlpha2),
        documento,
        tel,
        dir,
        WriteEmail(rng, p, 0.5),
        rng.Pick(kSituacion),
        rng.Pick(kNotas)};
  };
  a.record_id = [](int idx, const Date&) { return "EXP-" + Pad(idx + 1, 5); };
  return a;
}

// UK anti-slavery helpline case management export: comma, UTF-8 with BOM, CRLF, US date
// format; "Family, Given" names as heard on the phone; a date of birth for about two callers in
// three, an age range for most.
Agency HotlineCases(uint64_t) {
  Agency a;
  a.file = "hotline_cases";
  a.country = "GBR";
  a.encoding = Encoding::kUtf8Bom;
  a.crlf = true;
  a.columns = {{"Case ID", "record_id"},
               {"Contact Date", "record_date"},
               {"Name", "full_name"},
               {"Gender", "sex"},
               {"DOB", "birth_date"},
               {"Age Range", "age"},
               {"Nationality", "nationality"},
               {"Phone", "phone"},
               {"Email", "email"},
               {"City", "city"},
               {"Exploitation Type", ""},
               {"Referral Source", ""}};
  a.size = 2.3;
  a.nationality = {{"VNM", 2.5}, {"ALB", 2.5}, {"ROU", 1.5}, {"GBR", 3},
                   {"PHL", 1.5}, {"NGA", 1},   {"CHN", 1},   {"THA", 0.8},
                   {"UKR", 0.8}, {"SYR", 0.5}, {"EGY", 0.4}, {"FRA", 0.3}};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = rng.Chance(0.12) ? Source::kSelf : Source::kOral;
    NameHabits nh;
    nh.native_script = 0.5;
    nh.keep_diacritics = 0.3;
    nh.nickname = 0.12;
    nh.given_only = 0.15;
    nh.typo = 0.10;
    nh.second_given = 0.2;
    nh.swap = 0.03;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.3;
    dh.swap = 0.05;
    dh.digit = 0.02;
    const std::string dob =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kMdySlash) : "";
    const std::string band =
        AgeBand(StatedAge(rng, p, src, v.day, dob.empty() ? 0.08 : 0.3), false);
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.55},
              {PhoneStyle::kNationalCompact, 0.25},
              {PhoneStyle::kIntlSpaced, 0.1},
              {PhoneStyle::kE164, 0.1}};
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.75)
      tel = WritePhone(rng, PersonPhone(rng, p, "GBR", v.day), "GBR", ph);
    else if (t < 0.83)
      tel = FormatPhone(NewMobile(rng, "GBR"), PhoneStyle::kNational);  // a friend's phone
    std::string city;
    if (p.residence.count("GBR") && rng.Chance(0.7))
      city = CityName(rng, p.residence.at("GBR"), AddressHand::kEnglish);
    else if (rng.Chance(0.3))
      city = CityName(rng, NewAddress(rng, "GBR"), AddressHand::kEnglish);
    static const std::vector<std::string> kType = {"Sexual exploitation",
                                                   "Labour exploitation",
                                                   "Criminal exploitation",
                                                   "Domestic servitude",
                                                   "Labour exploitation - car wash",
                                                   "Cannabis cultivation"};
    static const std::vector<std::string> kSource = {"Potential victim", "Member of the public",
                                                     "Police",           "NGO",
                                                     "Local authority",  "Health professional"};
    return std::vector<std::string>{
        FormatDate(DateFromDays(v.day), DateFormat::kMdySlash),
        WriteFull(rng, w, FullLayout::kFamilyCommaGiven, 0),
        WriteSex(rng, p.female, "female", "male", 0.12),
        dob,
        band,
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.1), NatStyle::kEnglish),
        tel,
        WriteEmail(rng, p, 0.4),
        city,
        rng.Pick(kType),
        rng.Pick(kSource)};
  };
  a.record_id = [](int idx, const Date&) { return "HL-" + Pad(idx + 1, 6); };
  return a;
}

// UK Border Force encounters: comma, UTF-8. Passport (MRZ) spellings in capitals, compact dates
// from the document; clandestine entrants without papers give names and ages orally.
Agency BorderForceUk(uint64_t seed) {
  Agency a;
  a.file = "border_force_uk";
  a.country = "GBR";
  a.columns = {
      {"ref", "record_id"},   {"surname", "family_name"},         {"forenames", "given_name"},
      {"sex", "sex"},         {"date_of_birth", "birth_date"},    {"nationality", "nationality"},
      {"document_type", ""},  {"document_no", "document_number"}, {"place_of_encounter", ""},
      {"address", "address"}, {"encounter_date", "record_date"},  {"outcome", ""}};
  a.size = 2.0;
  a.nationality = {{"VNM", 2.5}, {"ALB", 2},   {"SYR", 2},   {"EGY", 1.2}, {"CHN", 1},
                   {"THA", 0.8}, {"PHL", 0.8}, {"NGA", 0.8}, {"UKR", 0.6}, {"ROU", 0.4}};
  a.male = 1.4;
  Rng site_rng(seed, 105);
  const std::vector<SharedSite> centres = MakeSites(site_rng, "GBR", 6, -1);
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.75, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0;
    nh.typo = src == Source::kDocument ? 0.02 : 0.08;
    nh.second_given = 0.8;
    nh.swap = 0.01;
    const WrittenName w = RenderName(rng, p, src, nh);
    const bool caps = src == Source::kDocument || rng.Chance(0.6);
    Date b;
    DateHabits dh;
    dh.missing = 0.02;
    dh.swap = src == Source::kDocument ? 0 : 0.02;
    dh.digit = 0.01;
    dh.year_off = src == Source::kDocument ? 0 : 0.02;
    const std::string dob =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdCompact) : "";
    size_t which = 0;
    const std::string doc =
        src == Source::kDocument && rng.Chance(0.95) ? WriteDocument(rng, p, 0.03, 0, &which) : "";
    std::string address;
    const double u = rng.Uniform();
    if (u < 0.35)
      address = WriteAddressLine(rng, centres[StableChoice(p, 0xB0, centres.size())].address,
                                 AddressHand::kLocal, true);
    else if (u < 0.5 && p.residence.count("GBR"))
      address = WriteAddressLine(rng, p.residence.at("GBR"), AddressHand::kLocal, true);
    static const std::vector<std::string> kPlace = {"Dover Eastern Docks",
                                                    "Heathrow T4",
                                                    "Coquelles",
                                                    "Folkestone",
                                                    "Stansted",
                                                    "Gatwick N",
                                                    "Harwich",
                                                    "Inland - enforcement visit"};
    static const std::vector<std::string> kOutcome = {
        "Referred to NRM", "Detained", "Released on immigration bail", "Asylum claim lodged"};
    return std::vector<std::string>{
        caps ? Upper(FoldAscii(w.family)) : w.family,
        caps ? Upper(FoldAscii(w.given)) : w.given,
        WriteSex(rng, p.female, "F", "M", 0.01),
        dob,
        RecordedNationality(rng, p, src, 0.01),
        doc.empty() ? "" : (which == 0 && p.first_is_passport ? "P" : "ID"),
        doc,
        rng.Pick(kPlace),
        address,
        FormatDate(DateFromDays(v.day), DateFormat::kYmdCompact),
        rng.Pick(kOutcome)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "BF/" + std::to_string(d.year % 100) + "/" + Pad(idx + 1, 6);
  };
  return a;
}

// ======================= heldout profile =======================

// Greek letters that look like Latin capitals, as a Greek clerk types an identity card number.
std::string GreekLookalikes(const std::string& s) {
  static const std::map<char, const char*> kMap = {
      {'A', "Α"}, {'B', "Β"}, {'E', "Ε"}, {'Z', "Ζ"}, {'H', "Η"}, {'I', "Ι"}, {'K', "Κ"},
      {'M', "Μ"}, {'N', "Ν"}, {'O', "Ο"}, {'P', "Ρ"}, {'T', "Τ"}, {'X', "Χ"}, {'Y', "Υ"}};
  std::string out;
  for (char c : s) {
    const auto it = kMap.find(c);
    out += it != kMap.end() ? std::string(it->second) : std::string(1, c);
  }
  return out;
}

// Hellenic Police anti-trafficking unit: comma, UTF-8, Greek column names. Greek nationals in
// Greek capitals; foreigners from passports in Latin capitals or by sound in Greek letters;
// father's name recorded; DD.MM.YYYY.
Agency Astynomia(uint64_t seed) {
  Agency a;
  a.file = "astynomia";
  a.country = "GRC";
  a.columns = {{"αρ_δικογραφίας", "record_id"},
               {"επώνυμο", "family_name"},
               {"όνομα", "given_name"},
               {"πατρώνυμο", ""},
               {"φύλο", "sex"},
               {"ημερομηνία_γέννησης", "birth_date"},
               {"υπηκοότητα", "nationality"},
               {"τηλέφωνο", "phone"},
               {"διεύθυνση", "address"},
               {"τ.κ.", "postcode"},
               {"πόλη", "city"},
               {"αρ_εγγράφου", "document_number"},
               {"ημερομηνία_καταγραφής", "record_date"},
               {"αδίκημα", ""}};
  a.size = 3.3;
  a.nationality = {{"GEO", 2.5}, {"GRC", 3},   {"BGD", 2},   {"MDA", 2},
                   {"RUS", 1.5}, {"NGA", 2},   {"ERI", 1},   {"MAR", 0.8},
                   {"CHN", 1},   {"VNM", 0.5}, {"BRA", 0.3}, {"HUN", 0.5}};
  Rng site_rng(seed, 201);
  const std::vector<SharedSite> camps = MakeSites(site_rng, "GRC", 4, -1);
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const bool greek = p.nationality == "GRC";
    Source src = DocumentOr(rng, p, 0.55, greek ? Source::kSelf : Source::kOral);
    NameHabits nh;
    nh.native_script = greek ? 0.95 : 0;
    nh.keep_diacritics = 0.5;
    nh.typo = 0.05;
    nh.second_given = 0.3;
    nh.greek_clerk = greek ? 0 : (src == Source::kDocument ? 0.04 : 0.15);
    if (greek && src == Source::kDocument && rng.Chance(0.9))
      src = Source::kSelf;  // Greek ID cards are in Greek
    WrittenName w = RenderName(rng, p, src, nh);
    if (rng.Chance(0.7)) {
      w.family = Upper(w.family);
      w.given = Upper(w.given);
    }
    std::string father;
    if (p.father >= 0 && rng.Chance(greek ? 0.9 : 0.4)) {
      const NameEntry& f = p.culture->male[static_cast<size_t>(p.father)];
      father = greek ? Upper(f.native) : Upper(FoldAscii(f.latin[0]));
    }
    Date b;
    DateHabits dh;
    dh.missing = 0.05;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kDmyDot) : "";
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.5},
              {PhoneStyle::kNationalCompact, 0.35},
              {PhoneStyle::kIntlSpaced, 0.15}};
    const std::string tel =
        rng.Chance(0.6) ? WritePhone(rng, PersonPhone(rng, p, "GRC", v.day), "GRC", ph) : "";
    Address addr;
    const double u = rng.Uniform();
    if (u < 0.45 && p.residence.count("GRC"))
      addr = p.residence.at("GRC");
    else if (u < 0.55)
      addr = camps[StableChoice(p, 0xCA, camps.size())].address;
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    size_t which = 0;
    std::string doc = src == Source::kDocument || (greek && rng.Chance(0.6))
                          ? WriteDocument(rng, p, 0.04, 0.3, &which)
                          : "";
    // Greek identity card numbers typed with the Greek letters that look like Latin ones.
    if (greek && !(which == 0 && p.first_is_passport)) doc = GreekLookalikes(doc);
    static const std::vector<std::string> kOffence = {"εμπορία ανθρώπων", "σεξουαλική εκμετάλλευση",
                                                      "εργασιακή εκμετάλλευση",
                                                      "εμπορία ανθρώπων - ανήλικος"};
    return std::vector<std::string>{
        w.family,
        w.given,
        father,
        WriteSex(rng, p.female, "F", "M", 0.01),
        birth,
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.03), NatStyle::kAlpha2),
        tel,
        at.street_line,
        at.postcode,
        at.city.empty() ? "" : Upper(at.city),
        doc,
        FormatDate(DateFromDays(v.day), DateFormat::kDmyDot),
        rng.Pick(kOffence)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "ΔΑ/" + std::to_string(d.year) + "/" + Pad(idx + 1, 5);
  };
  return a;
}

// Portuguese immigration and borders service: ';' separated, ISO-8859-1, CRLF. Passport
// spellings; all Brazilian surnames in apelidos; YYYYMMDD; EU citizens are not its business.
Agency SefPortugal(uint64_t seed) {
  Agency a;
  a.file = "sef_portugal";
  a.country = "PRT";
  a.separator = ';';
  a.encoding = Encoding::kLatin1;
  a.crlf = true;
  a.columns = {{"processo", "record_id"},
               {"apelidos", "family_name"},
               {"nomes_próprios", "given_name"},
               {"sexo", "sex"},
               {"data_nascimento", "birth_date"},
               {"nacionalidade", "nationality"},
               {"tipo_documento", ""},
               {"n_documento", "document_number"},
               {"morada", "address"},
               {"código_postal", "postcode"},
               {"localidade", "city"},
               {"telefone", "phone"},
               {"data_registo", "record_date"},
               {"situação", ""}};
  a.size = 2.8;
  a.nationality = {{"BRA", 4},   {"BGD", 2}, {"MAR", 1.5}, {"NGA", 1.5}, {"CHN", 1.2},
                   {"VNM", 0.6}, {"MDA", 1}, {"GEO", 0.5}, {"ERI", 0.3}, {"RUS", 0.3}};
  a.male = 1.2;
  Rng site_rng(seed, 202);
  const std::vector<SharedSite> centre = MakeSites(site_rng, "PRT", 2, 0);
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.75, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0.8;
    nh.typo = 0.05;
    nh.second_given = 0.7;
    nh.swap = 0.02;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.03;
    dh.swap = src == Source::kDocument ? 0.005 : 0.03;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdCompact) : "";
    const std::string doc =
        src == Source::kDocument && rng.Chance(0.9) ? WriteDocument(rng, p, 0.04, 0.05) : "";
    Address addr;
    const double u = rng.Uniform();
    if (u < 0.5 && p.residence.count("PRT"))
      addr = p.residence.at("PRT");
    else if (u < 0.6)
      addr = centre[StableChoice(p, 0x5EF, centre.size())].address;
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.5},
              {PhoneStyle::kNationalCompact, 0.3},
              {PhoneStyle::kIntlSpaced, 0.2}};
    const std::string tel =
        rng.Chance(0.6) ? WritePhone(rng, PersonPhone(rng, p, "PRT", v.day), "PRT", ph) : "";
    static const std::vector<std::string> kSituacao = {"Vítima sinalizada", "Vítima identificada",
                                                       "Autorização de residência (art. 109.º)",
                                                       "Retorno voluntário"};
    return std::vector<std::string>{
        w.family,
        w.given,
        WriteSex(rng, p.female, "F", "M", 0.01),
        birth,
        RecordedNationality(rng, p, src, 0.02),
        doc.empty() ? "" : (rng.Chance(0.8) ? "Passaporte" : "Título de viagem"),
        doc,
        at.street_line,
        at.postcode,
        at.city,
        tel,
        FormatDate(DateFromDays(v.day), DateFormat::kYmdCompact),
        rng.Pick(kSituacao)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "SEF-" + std::to_string(d.year) + "-" + Pad(idx + 1, 6);
  };
  return a;
}

// Hungarian victim support service: TAB separated, UTF-8, Hungarian column names. One name
// column, family first for Hungarians (and Chinese, Vietnamese); sex as ISO 5218 (1 male,
// 2 female); YYYY-MM-DD; address in Hungarian order with postcode and city first.
Agency OkitHu(uint64_t) {
  Agency a;
  a.file = "okit_hu";
  a.country = "HUN";
  a.separator = '\t';
  a.columns = {{"ügyszám", "record_id"},
               {"név", "full_name"},
               {"nem", "sex"},
               {"születési_dátum", "birth_date"},
               {"állampolgárság", "nationality"},
               {"telefon", "phone"},
               {"lakcím", "address"},
               {"irányítószám", "postcode"},
               {"település", "city"},
               {"email", "email"},
               {"felvétel_dátuma", "record_date"},
               {"kizsákmányolás_típusa", ""}};
  a.size = 3.0;
  a.nationality = {{"HUN", 6},   {"MDA", 1},   {"VNM", 1},   {"CHN", 0.8},
                   {"GEO", 0.6}, {"RUS", 0.6}, {"NGA", 0.5}, {"BRA", 0.3},
                   {"BGD", 0.3}, {"ERI", 0.2}, {"MAR", 0.2}, {"GRC", 0.2}};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.5, Source::kSelf);
    NameHabits nh;
    nh.keep_diacritics = 0.95;
    nh.nickname = 0.08;
    nh.typo = 0.05;
    nh.second_given = 0.6;
    nh.given_only = 0.02;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.04;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdDash) : "";
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.4},
              {PhoneStyle::kNationalDashed, 0.2},
              {PhoneStyle::kIntlSpaced, 0.3},
              {PhoneStyle::kNationalCompact, 0.1}};
    std::string tel =
        rng.Chance(0.7) ? WritePhone(rng, PersonPhone(rng, p, "HUN", v.day), "HUN", ph) : "";
    if (tel.rfind("06-", 0) == 0 && tel.size() > 6) tel[5] = '/';  // 06-30/123-4567
    std::string lakcim, irsz, telepules;
    if (p.residence.count("HUN") && rng.Chance(0.75)) {
      const Address& r = p.residence.at("HUN");
      lakcim = WriteAddressLine(rng, r, AddressHand::kLocal, rng.Chance(0.7));
      if (rng.Chance(0.6)) irsz = r.postcode;
      if (rng.Chance(0.8)) telepules = CityName(rng, r, AddressHand::kLocal);
    }
    static const std::vector<std::string> kType = {
        "szexuális kizsákmányolás", "munkaerő-kizsákmányolás", "kényszerházasság", "koldultatás",
        "bűncselekmény elkövetésére kényszerítés"};
    return std::vector<std::string>{
        WriteFull(rng, w, FullLayout::kFamilyFirst, 0.9),
        WriteSex(rng, p.female, "2", "1", 0.03),
        birth,
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.02), NatStyle::kAlpha2),
        tel,
        lakcim,
        irsz,
        telepules,
        WriteEmail(rng, p, 0.6),
        FormatDate(DateFromDays(v.day), DateFormat::kYmdDash),
        rng.Pick(kType)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "OK-" + std::to_string(d.year) + "/" + Pad(idx + 1, 4);
  };
  return a;
}

// International NGO helpline in Greece: comma, UTF-8 with BOM, CRLF, US dates. Names as
// heard or typed in chat (own script for some), a date of birth for some and a year for others,
// five-year age groups, English place names.
Agency HelplineGr(uint64_t) {
  Agency a;
  a.file = "helpline_gr";
  a.country = "GRC";
  a.encoding = Encoding::kUtf8Bom;
  a.crlf = true;
  a.columns = {{"ticket", "record_id"},
               {"created", "record_date"},
               {"caller_name", "full_name"},
               {"gender", "sex"},
               {"date_of_birth", "birth_date"},
               {"year_of_birth", "birth_year"},
               {"age_group", "age"},
               {"country_of_origin", "nationality"},
               {"mobile", "phone"},
               {"email", "email"},
               {"location", "city"},
               {"issue", ""},
               {"referred_to", ""}};
  a.size = 1.9;
  a.nationality = {{"GEO", 1.5}, {"BGD", 1.5}, {"ERI", 1.5}, {"NGA", 1.5},
                   {"MAR", 1},   {"MDA", 1},   {"GRC", 1},   {"BRA", 0.5},
                   {"CHN", 0.8}, {"VNM", 0.8}, {"HUN", 0.6}, {"RUS", 0.8}};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = rng.Chance(0.3) ? Source::kSelf : Source::kOral;
    NameHabits nh;
    nh.native_script = 0.45;
    nh.keep_diacritics = 0.4;
    nh.nickname = 0.12;
    nh.given_only = 0.15;
    nh.typo = 0.10;
    nh.second_given = 0.25;
    nh.patronymic = 0.1;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.35;
    dh.swap = 0.05;
    dh.digit = 0.02;
    const std::string dob =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kMdySlash) : "";
    // Without a date, the caller is asked at least for a year.
    const std::string year =
        dob.empty()
            ? (StatedBirth(rng, p, src, DateHabits{0.35, 0, 0, 0.03}, &b) ? std::to_string(b.year)
                                                                          : "")
            : (rng.Chance(0.3) ? std::to_string(b.year) : "");
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNationalCompact, 0.4},
              {PhoneStyle::kNational, 0.3},
              {PhoneStyle::kE164, 0.3}};
    const std::string tel =
        rng.Chance(0.8) ? WritePhone(rng, PersonPhone(rng, p, "GRC", v.day), "GRC", ph) : "";
    std::string location;
    if (p.residence.count("GRC") && rng.Chance(0.7))
      location = CityName(rng, p.residence.at("GRC"), AddressHand::kEnglish);
    else if (rng.Chance(0.4))
      location = CityName(rng, NewAddress(rng, "GRC"), AddressHand::kEnglish);
    static const std::vector<std::string> kIssue = {"Sexual exploitation", "Labour exploitation",
                                                    "Forced begging", "Debt bondage",
                                                    "Domestic work"};
    static const std::vector<std::string> kReferred = {"Police", "Shelter", "Legal aid", "None",
                                                       "Labour inspectorate"};
    return std::vector<std::string>{
        FormatDate(DateFromDays(v.day), DateFormat::kMdySlash),
        WriteFull(rng, w, FullLayout::kGivenFamily, 0.5),
        WriteSex(rng, p.female, "female", "male", 0.1),
        dob,
        year,
        AgeBand(StatedAge(rng, p, src, v.day, year.empty() && dob.empty() ? 0.05 : 0.3), true),
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.08), NatStyle::kEnglish),
        tel,
        WriteEmail(rng, p, 0.45),
        location,
        rng.Pick(kIssue),
        rng.Pick(kReferred)};
  };
  a.record_id = [](int idx, const Date&) { return "T-" + Pad(idx + 1, 6); };
  return a;
}

// Belgian NGO shelter (Brussels): comma, UTF-8. "FAMILY Given" names as the resident writes
// them (own script for some), age, French country names, an identity document for some; the
// shelter's address and phone.
Agency FoyerAccueil(uint64_t seed) {
  Agency a;
  a.file = "foyer_accueil";
  a.country = "BEL";
  a.columns = {{"dossier", "record_id"},
               {"nom_prénom", "full_name"},
               {"sexe", "sex"},
               {"âge", "age"},
               {"date_arrivée", "record_date"},
               {"pays", "nationality"},
               {"document", "document_number"},
               {"téléphone", "phone"},
               {"adresse", "address"},
               {"courriel", "email"},
               {"statut", ""},
               {"remarques", ""}};
  a.size = 0.8;
  a.nationality = {{"MAR", 2},   {"NGA", 2},   {"ERI", 2},   {"HUN", 1.5},
                   {"VNM", 1.2}, {"CHN", 1},   {"BRA", 1},   {"BGD", 0.6},
                   {"GEO", 0.8}, {"MDA", 0.8}, {"RUS", 0.5}, {"GRC", 0.2}};
  a.female = 1.4;
  Rng site_rng(seed, 205);
  Address foyer = NewAddress(site_rng, "BEL", 1);
  foyer.floor = -1;
  const Phone foyer_phone = NewMobile(site_rng, "BEL");
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.2, Source::kSelf);
    NameHabits nh;
    nh.native_script = 0.3;
    nh.keep_diacritics = 0.85;
    nh.nickname = 0.15;
    nh.given_only = 0.10;
    nh.typo = 0.08;
    nh.second_given = 0.3;
    nh.patronymic = 0.1;
    const WrittenName w = RenderName(rng, p, src, nh);
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.6},
              {PhoneStyle::kIntlSpaced, 0.3},
              {PhoneStyle::kNationalCompact, 0.1}};
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.25)
      tel = FormatPhone(foyer_phone,
                        rng.Chance(0.6) ? PhoneStyle::kNational : PhoneStyle::kIntlSpaced);
    else if (t < 0.85)
      tel = WritePhone(rng, PersonPhone(rng, p, "BEL", v.day), "BEL", ph);
    std::string adresse;
    const double u = rng.Uniform();
    if (u < 0.7)
      adresse = WriteAddressLine(rng, foyer, AddressHand::kLocal, rng.Chance(0.6));
    else if (u < 0.8 && p.residence.count("BEL"))
      adresse = WriteAddressLine(rng, p.residence.at("BEL"), AddressHand::kLocal, true);
    static const std::vector<std::string> kStatut = {"hébergé(e)", "hébergé(e)", "sorti(e)",
                                                     "réorienté(e)", "procédure TEH en cours"};
    static const std::vector<std::string> kRemarques = {
        "",
        "",
        "",
        "Orienté(e) par la police",
        "Parle peu le français, \"anglais OK\"",
        "Suivi psychologique",
        "Arrivé(e) avec un enfant;\nbesoin d'une place mère-enfant",
        "Sans papiers"};
    const int age = StatedAge(rng, p, src, v.day, 0.06);
    const std::string document =
        rng.Chance(src == Source::kDocument ? 0.9 : 0.4) ? WriteDocument(rng, p, 0.03, 0.15) : "";
    return std::vector<std::string>{
        WriteFull(rng, w, FullLayout::kFamilyCapsGiven, 0.8),
        WriteSex(rng, p.female, "femme", "homme", 0.03),
        age < 0 ? "" : std::to_string(age),
        FormatDate(DateFromDays(v.day), DateFormat::kDmySlash),
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.05), NatStyle::kFrench),
        document,
        tel,
        adresse,
        WriteEmail(rng, p, 0.4),
        rng.Pick(kStatut),
        rng.Pick(kRemarques)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "D" + std::to_string(d.year) + "-" + Pad(idx + 1, 4);
  };
  return a;
}

}  // namespace

// Joint operations and referrals make some lists share people more than chance would.
void Link(std::vector<Agency>& agencies, std::string_view a, std::string_view b, double factor) {
  for (Agency& x : agencies)
    for (Agency& y : agencies) {
      if (x.file == a && y.file == b) x.affinity[y.file] = factor;
      if (x.file == b && y.file == a) x.affinity[y.file] = factor;
    }
}

std::vector<Agency> ProfileAgencies(std::string_view profile, uint64_t seed) {
  std::vector<Agency> out;
  if (profile == "dev") {
    out = {PoliceFr(seed), IspettoratoLavoro(seed), CasaAcogida(seed), HotlineCases(seed),
           BorderForceUk(seed)};
    Link(out, "police_fr", "ispettorato_lavoro", 1.8);
    Link(out, "police_fr", "casa_acogida", 1.6);
    Link(out, "police_fr", "border_force_uk", 2.0);
    Link(out, "casa_acogida", "hotline_cases", 1.8);
    Link(out, "hotline_cases", "border_force_uk", 1.4);
  } else if (profile == "heldout") {
    out = {Astynomia(seed), SefPortugal(seed), OkitHu(seed), HelplineGr(seed), FoyerAccueil(seed)};
    Link(out, "astynomia", "helpline_gr", 1.8);
    Link(out, "astynomia", "sef_portugal", 1.8);
    Link(out, "okit_hu", "foyer_accueil", 2.0);
    Link(out, "helpline_gr", "foyer_accueil", 1.2);
    Link(out, "sef_portugal", "foyer_accueil", 1.2);
  }
  return out;
}

std::vector<std::pair<std::string, double>> ProfileNationalities(std::string_view profile) {
  if (profile == "dev")
    return {{"NGA", 15}, {"VNM", 13}, {"ROU", 14}, {"UKR", 8}, {"SYR", 6}, {"EGY", 5},
            {"THA", 5},  {"ALB", 10}, {"PHL", 5},  {"CHN", 8}, {"FRA", 7}, {"GBR", 4}};
  if (profile == "heldout")
    return {{"ERI", 10}, {"GEO", 8},  {"GRC", 6}, {"HUN", 10}, {"BGD", 10}, {"MDA", 9},
            {"RUS", 3},  {"MAR", 10}, {"CHN", 7}, {"VNM", 7},  {"BRA", 10}, {"NGA", 10}};
  return {};
}

}  // namespace palermo::realistic
