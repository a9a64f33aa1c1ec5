// SPDX-License-Identifier: AGPL-3.0-or-later
// How an agency writes a person (realistic generator, internal): the source of a record
// (a document it copies, what the person says, what the person writes), names in each
// culture's orders and scripts, dates, ages and age bands, sex, nationality, phones,
// documents, e-mails and shared sites, with the typing errors clerks make. Used by the
// agency layouts of agencies_dev.cc and agencies_heldout.cc.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>

#include "realistic/internal.h"
#include "realistic/script.h"

namespace palermo::realistic::writing {


enum class Source { kDocument, kOral, kSelf };

inline std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

inline std::string Pad(int n, int width) {
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
inline char Confusable(Rng& rng, char c) {
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
inline std::string Typo(Rng& rng, std::string_view s) {
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

inline const NameList& GivenList(const Culture& c, bool female) { return female ? c.female : c.male; }

// One spelling of a name. Documents give the passport spelling; clerks and the person use the
// others too. Latin-script names keep their diacritics if `diacritics` (decided per record).
inline std::string Spell(Rng& rng, const NameEntry& e, bool feminine, Source src, bool native,
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

inline std::string SpellPatronymic(Rng& rng, const NameEntry& father, bool female, Source src, bool native,
                            bool diacritics) {
  const std::string& nat = female ? father.patronymic_f : father.patronymic_m;
  const std::vector<std::string>& lat =
      female ? father.patronymic_f_latin : father.patronymic_m_latin;
  if (nat.empty()) return "";
  if (native) return nat;
  std::string s = (src == Source::kDocument || lat.size() == 1) ? lat[0] : rng.Pick(lat);
  return diacritics ? s : FoldAscii(s);
}

inline bool StartsWithArticle(std::string_view s) {
  const std::string l = LowerAscii(s.substr(0, std::min<size_t>(3, s.size())));
  for (std::string_view a : {"al", "el", "en", "es", "ed", "et", "ez", "la", "ait", "ben", "bel"})
    if (l.compare(0, a.size(), a) == 0) return true;
  return false;
}

// An Arabic family name with its article written one of the usual ways, or dropped.
inline std::string WithArticle(Rng& rng, const std::string& bare, const std::string& article, Source src,
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

inline bool AmbiguousOrder(const Culture& c) {
  return c.alpha3 == "NGA" || c.alpha3 == "ERI" || c.alpha3 == "CHN" || c.alpha3 == "VNM" ||
         c.alpha3 == "HUN" || c.alpha3 == "THA";
}

inline WrittenName RenderName(Rng& rng, const Person& p, Source src, const NameHabits& h) {
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
inline std::string WriteFull(Rng& rng, const WrittenName& w, FullLayout layout, double native_order) {
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
inline bool StatedBirth(Rng& rng, const Person& p, Source src, const DateHabits& h, Date* out) {
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
inline int StatedAge(Rng& rng, const Person& p, Source src, long day, double missing) {
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

inline std::string AgeBand(int age, bool five_year) {
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

inline std::string WriteSex(Rng& rng, bool female, const std::string& f, const std::string& m,
                     double missing) {
  if (rng.Chance(missing)) return "";
  const bool as_female = rng.Chance(0.004) ? !female : female;
  return as_female ? f : m;
}

// The nationality an agency records: Moldovans with a Romanian passport are Romanian on
// paper; Eritreans are sometimes taken for Ethiopians or Sudanese; a few are missing.
inline std::string RecordedNationality(Rng& rng, const Person& p, Source src, double missing) {
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

inline std::string WriteNationality(Rng& rng, const std::string& alpha3, NatStyle style) {
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
inline Phone PersonPhone(Rng& rng, const Person& p, const std::string& country, long day) {
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

inline std::string WritePhone(Rng& rng, const Phone& ph, const std::string& agency_country,
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
inline std::string WriteDocument(Rng& rng, const Person& p, double ocr, double spaced,
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

inline std::string WriteEmail(Rng& rng, const Person& p, double present) {
  if (p.email.empty() || !rng.Chance(present)) return "";
  std::string e = p.email;
  if (rng.Chance(0.03)) {  // a letter dropped before the @
    const size_t at = e.find('@');
    if (at > 3) e.erase(1 + rng.Index(at - 2), 1);
  }
  return rng.Chance(0.05) ? Capitalise(e.substr(0, 1)) + e.substr(1) : e;
}

// A stable per-person choice among `n` (the same for every record of the person in a list).
inline size_t StableChoice(const Person& p, uint64_t salt, size_t n) {
  return static_cast<size_t>(Mix64(static_cast<uint64_t>(p.id) * 0x9E3779B97F4A7C15ULL ^ salt) % n);
}

inline bool HasDocuments(const Person& p) { return !p.documents.empty(); }

inline Source DocumentOr(Rng& rng, const Person& p, double share, Source otherwise) {
  return HasDocuments(p) && rng.Chance(share) ? Source::kDocument : otherwise;
}

// Shared places: an institution's address written the way its staff write it.
struct SharedSite {
  Address address;
};

inline std::vector<SharedSite> MakeSites(Rng& rng, std::string_view country, int n, int city) {
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

}  // namespace palermo::realistic::writing
