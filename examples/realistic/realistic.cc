// SPDX-License-Identifier: AGPL-3.0-or-later
// Realistic multi-agency evaluation data for record linkage: population, lists, files.
//
// DESIGN NOTES (what is generated and why; README.md has the short version)
//
// Population. `people` persons, each on at least one of the profile's five lists. Nationality
// mix (ProfileNationalities): dev = Nigerian, Vietnamese, Romanian, Ukrainian, Syrian, Egyptian,
// Thai, Albanian, Filipino, Chinese, French, British; heldout = Eritrean, Georgian, Greek,
// Hungarian, Bangladeshi, Moldovan, Russian, Moroccan, Chinese, Vietnamese, Brazilian,
// Nigerian. Sex ratio by nationality (FemaleShare); 16 % minors (13-17) at first contact, adults
// skewed young (18 + 44 u^1.6). Names by culture (names_*.cc): Zipf-like frequencies or survey
// weights (Nguyễn about a third of Vietnamese), so different people share names, sex and birth
// years. Documents by nationality (DocumentShares: passport, identity card; Eritreans rarely
// have any; 30 % of Moldovans hold a Romanian passport). Some birthdays are unknown (papers say
// 1 January; 35 % of Eritreans, 12-15 % of Nigerians and Bangladeshis); 4 % of people lie about
// their age by 2-3 years to agencies that do not see their papers (minors older, young adults
// younger). Phones: a number from home for most, a local SIM in some countries, a new number
// for 15 % after some date; e-mail for a quarter (half of local nationals).
// Households: 10 % of people are the spouse or sibling of someone met earlier; they share the
// dwelling and often the phone, siblings the family name (and father's names in Arabic,
// Eritrean and Slavic cultures), spouses where wives take the husband's name; 4 % of siblings
// are twins (same birth date). They are different people and must not be linked.
//
// Capture. Number of distinct lists: 1 to 5 with weights 76/17/5/1.5/0.5 %, then each list
// entry is recorded a second time (re-registration) with probability 3.5 %. Lists are drawn by
// size x nationality x sex x minor factors per agency (agencies_dev.cc, agencies_heldout.cc), with affinities between
// lists that share people (joint operations, referrals, same country); a relative is met on
// one of the first member's lists 60 % of the time. The first record is at a day between
// 2019-01-01 and 2024-06-30, later ones up to 18 months after.
//
// Agencies (agencies_dev.cc and agencies_heldout.cc have one paragraph each). A record comes from a document the agency
// copies, from what the person says, or from what the person writes, with per-agency shares.
//   dev:     police_fr (France; ';' Latin-1 CRLF; NOM in capitals; DD/MM/YYYY; French country
//            names; documents when seen; an NGO hotline number and an association's address for
//            some), ispettorato_lavoro (Italy; YYYY-MM-DD; alpha-3; employer housing shared by
//            co-workers; residence permit numbers), casa_acogida (Spain, women only; TAB; one
//            name column as written, own script for some; age; alpha-2; shelter address and
//            phone), hotline_cases (UK; UTF-8 BOM, CRLF; "Family, Given"; MM/DD/YYYY for some,
//            age ranges; English country names), border_force_uk (UK; passport spellings in
//            capitals; YYYYMMDD; documents; detention centre addresses).
//   heldout: astynomia (Greece; Greek column names; Greeks in Greek script, foreigners in Latin
//            capitals or written by sound in Greek letters; father's name; DD.MM.YYYY),
//            sef_portugal (Portugal; ';' Latin-1 CRLF; YYYYMMDD; alpha-3), okit_hu (Hungary; TAB;
//            one name column family first for Hungarians, Chinese, Vietnamese; sex 1/2;
//            YYYY-MM-DD; Hungarian address order), helpline_gr (Greece; UTF-8 BOM, CRLF; MM/DD/YYYY
//            or a year, five-year age groups; English names of places), foyer_accueil (Belgium;
//            "FAMILY Given"; age; French country names; shelter address and phone).
// Errors and variation: 1-2 character typos in 2-10 % of name parts (by agency), romanisation
// variants and nicknames, diacritics kept or dropped per record, second given names and
// patronymics written or not, given and family name exchanged (2 %, three times more where
// the order is ambiguous), family name missing in 10-15 % of shelter and helpline records,
// Arabic chains and Eritrean father's names in varying positions; birth dates with day/month
// swaps (only when both are <= 12), digit typos, year off by one, missing; 0.4 % wrong sex;
// document numbers with OCR confusions and spaces; phone digit typos; nationality recorded from
// the papers (Romanian for Moldovans) or mistaken (Eritreans taken for Ethiopians).
//
// Measured (dev 8000/1, heldout 8000/2): about 11,000 records and 4,200 true pairs; 30-35 % of
// true pairs agree on no phone, document, e-mail or full birth date (they have names, sex, an
// approximate age and nationality); exact name (lower case, accents removed) and birth date
// agree on 13-18 % of true pairs, 18-27 % if name words may be reordered. Generating 8,000
// people takes about 0.1 s.
#include "realistic/realistic.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "realistic/internal.h"
#include "realistic/script.h"

namespace palermo::realistic {

// ---- Random stream and dates ----

uint64_t Mix64(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) : Rng(seed, 0) {}

Rng::Rng(uint64_t seed, uint64_t stream) {
  uint64_t x = Mix64(seed ^ 0x5EED5EED5EED5EEDULL) ^ Mix64(stream * 0xD1B54A32D192ED03ULL + 1);
  for (uint64_t& s : s_) {
    x = Mix64(x);
    s = x;
  }
}

uint64_t Rng::Next() {
  const auto rotl = [](uint64_t v, int k) { return (v << k) | (v >> (64 - k)); };
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

int Rng::Int(int lo, int hi) {
  return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
}

size_t Rng::Weighted(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  double x = Uniform() * total;
  for (size_t idx = 0; idx < weights.size(); ++idx) {
    if (x < weights[idx]) return idx;
    x -= weights[idx];
  }
  for (size_t idx = weights.size(); idx-- > 0;)
    if (weights[idx] > 0) return idx;
  return 0;
}

long DaysFromDate(const Date& d) {  // H. Hinnant's days_from_civil
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date DateFromDays(long z) {  // civil_from_days
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = yoe + era * 400;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(m <= 2 ? y + 1 : y), static_cast<int>(m), static_cast<int>(d)};
}

bool IsValidDate(int year, int month, int day) {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

int AgeOn(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

std::string FormatDate(const Date& d, DateFormat format) {
  const auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  const std::string y = std::to_string(d.year);
  switch (format) {
    case DateFormat::kDmySlash:
      return two(d.day) + "/" + two(d.month) + "/" + y;
    case DateFormat::kMdySlash:
      return two(d.month) + "/" + two(d.day) + "/" + y;
    case DateFormat::kDmyDot:
      return two(d.day) + "." + two(d.month) + "." + y;
    case DateFormat::kYmdDash:
      return y + "-" + two(d.month) + "-" + two(d.day);
    case DateFormat::kYmdCompact:
      return y + two(d.month) + two(d.day);
  }
  return "";
}

namespace {

namespace fs = std::filesystem;

// ---- Population ----

double FemaleShare(std::string_view alpha3) {
  static const std::map<std::string, double, std::less<>> share = {
      {"NGA", 0.8},  {"VNM", 0.45}, {"ROU", 0.6},  {"UKR", 0.7}, {"SYR", 0.35}, {"EGY", 0.12},
      {"THA", 0.85}, {"ALB", 0.45}, {"PHL", 0.75}, {"CHN", 0.6}, {"FRA", 0.75}, {"GBR", 0.6},
      {"ERI", 0.4},  {"GEO", 0.5},  {"GRC", 0.7},  {"HUN", 0.7}, {"BGD", 0.1},  {"MDA", 0.7},
      {"RUS", 0.75}, {"MAR", 0.5},  {"BRA", 0.65}};
  const auto it = share.find(alpha3);
  return it == share.end() ? 0.6 : it->second;
}

// Share with a passport, share with an identity card.
std::pair<double, double> DocumentShares(std::string_view alpha3) {
  static const std::map<std::string, std::pair<double, double>, std::less<>> shares = {
      {"NGA", {0.55, 0.3}},  {"VNM", {0.5, 0.3}},  {"ROU", {0.35, 0.9}}, {"UKR", {0.85, 0.4}},
      {"SYR", {0.45, 0.3}},  {"EGY", {0.6, 0.4}},  {"THA", {0.8, 0.5}},  {"ALB", {0.8, 0.5}},
      {"PHL", {0.85, 0.2}},  {"CHN", {0.65, 0.4}}, {"FRA", {0.5, 0.9}},  {"GBR", {0.75, 0.0}},
      {"ERI", {0.12, 0.05}}, {"GEO", {0.75, 0.6}}, {"GRC", {0.5, 0.95}}, {"HUN", {0.5, 0.9}},
      {"BGD", {0.65, 0.3}},  {"MDA", {0.7, 0.5}},  {"RUS", {0.8, 0.3}},  {"MAR", {0.7, 0.6}},
      {"BRA", {0.7, 0.5}}};
  const auto it = shares.find(alpha3);
  return it == shares.end() ? std::pair<double, double>{0.6, 0.4} : it->second;
}

std::string EmailDomain(Rng& rng, std::string_view alpha3) {
  if (alpha3 == "RUS" || alpha3 == "UKR" || alpha3 == "MDA")
    return rng.Pick(std::vector<std::string>{"mail.ru", "gmail.com", "yandex.ru", "ukr.net"});
  if (alpha3 == "CHN") return rng.Pick(std::vector<std::string>{"qq.com", "163.com", "126.com"});
  if (alpha3 == "FRA")
    return rng.Pick(std::vector<std::string>{"gmail.com", "orange.fr", "hotmail.fr", "free.fr"});
  if (alpha3 == "BRA")
    return rng.Pick(
        std::vector<std::string>{"gmail.com", "hotmail.com", "yahoo.com.br", "outlook.com"});
  if (alpha3 == "HUN")
    return rng.Pick(std::vector<std::string>{"gmail.com", "freemail.hu", "citromail.hu"});
  return rng.Pick(std::vector<std::string>{"gmail.com", "gmail.com", "yahoo.com", "hotmail.com",
                                           "outlook.com"});
}

std::string EmailPart(const NameEntry& e, bool fem) {
  const std::string& s = fem && !e.latin_f.empty() ? e.latin_f[0] : e.latin[0];
  std::string out;
  for (char c : LowerAscii(FoldAscii(s)))
    if (c >= 'a' && c <= 'z') out += c;
  return out;
}

void MakeEmail(Rng& rng, Person& p) {
  const Culture& c = *p.culture;
  const NameEntry& g = (p.female ? c.female : c.male)[static_cast<size_t>(p.given)];
  std::string family;
  if (p.family >= 0) {
    const NameList& fl = p.female && !c.family_female.empty() ? c.family_female : c.family;
    family = EmailPart(fl[static_cast<size_t>(p.family)], p.female);
  } else if (p.father >= 0) {
    family = EmailPart(c.male[static_cast<size_t>(p.father)], false);
  }
  const std::string given = EmailPart(g, false);
  const std::string yy = std::to_string(p.birth.year % 100 + 100).substr(1);
  std::string local;
  switch (rng.Int(0, 4)) {
    case 0:
      local = given + "." + family;
      break;
    case 1:
      local = given + family + yy;
      break;
    case 2:
      local = given + "_" + family;
      break;
    case 3:
      local = family + "." + given + std::to_string(rng.Int(1, 99));
      break;
    default:
      local = given + std::to_string(rng.Int(100, 9999));
      break;
  }
  p.email = local + "@" + EmailDomain(rng, p.nationality);
}

int DrawOther(Rng& rng, const NameList& list, int avoid) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int idx = static_cast<int>(list.Draw(rng.Uniform()));
    if (idx != avoid) return idx;
  }
  return static_cast<int>((static_cast<size_t>(avoid) + 1) % list.size());
}

const NameList& FamilyList(const Culture& c, bool female) {
  return female && !c.family_female.empty() ? c.family_female : c.family;
}

void DrawNames(Rng& rng, Person& p) {
  const Culture& c = *p.culture;
  const NameList& gl = p.female ? c.female : c.male;
  p.given = static_cast<int>(gl.Draw(rng.Uniform()));
  if (rng.Chance(c.second_given)) p.given2 = DrawOther(rng, gl, p.given);
  switch (c.style) {
    case NameStyle::kEritrean:
      p.father = static_cast<int>(c.male.Draw(rng.Uniform()));
      p.grandfather = DrawOther(rng, c.male, p.father);
      return;
    case NameStyle::kArabic:
      p.father = static_cast<int>(c.male.Draw(rng.Uniform()));
      if (rng.Chance(0.8)) p.grandfather = static_cast<int>(c.male.Draw(rng.Uniform()));
      if (rng.Chance(c.alpha3 == "EGY" ? 0.5 : c.alpha3 == "SYR" ? 0.9 : 1.0))
        p.family = static_cast<int>(c.family.Draw(rng.Uniform()));
      return;
    default:
      break;
  }
  p.family = static_cast<int>(FamilyList(c, p.female).Draw(rng.Uniform()));
  if (rng.Chance(c.second_family)) p.family2 = DrawOther(rng, c.family, p.family);
  switch (c.style) {
    case NameStyle::kSlavic:
    case NameStyle::kGreek:
      p.father = static_cast<int>(c.male.Draw(rng.Uniform()));
      break;
    case NameStyle::kVietnamese:
      p.middle = static_cast<int>((p.female ? c.middle_female : c.middle_male).Draw(rng.Uniform()));
      break;
    case NameStyle::kFilipino:
      p.middle = DrawOther(rng, c.family, p.family);
      break;
    case NameStyle::kBrazilian:
      p.particle1 = !c.family[static_cast<size_t>(p.family)].particle.empty() && rng.Chance(0.65);
      p.particle2 = p.family2 >= 0 && !c.family[static_cast<size_t>(p.family2)].particle.empty() &&
                    rng.Chance(0.65);
      break;
    case NameStyle::kBangladeshi:
      p.prefix = rng.Chance(p.female ? 0.3 : 0.45);
      break;
    case NameStyle::kThai:
      p.nickname = static_cast<int>(c.nicknames.Draw(rng.Uniform()));
      break;
    default:
      break;
  }
}

constexpr long kFirstDay = 17897;      // 2019-01-01
constexpr long kLastFirstDay = 19904;  // 2024-06-30
constexpr long kLastDay = 20269;       // 2025-06-30

void DrawBirth(Rng& rng, Person& p, int age) {
  const long lo = p.first_day - static_cast<long>((age + 1) * 365.2425) + 1;
  const long hi = p.first_day - static_cast<long>(age * 365.2425);
  p.birth = DateFromDays(lo + rng.Int(0, static_cast<int>(hi - lo)));
}

void DrawPapers(Rng& rng, Person& p) {
  const Culture& c = *p.culture;
  p.birthday_unknown = rng.Chance(c.birthday_unknown);
  p.papers_birth = p.birth;
  if (p.birthday_unknown)
    p.papers_birth = {p.birth.year + (rng.Chance(0.4) ? rng.Int(-1, 1) : 0), 1, 1};
  const int age = AgeOn(p.birth, DateFromDays(p.first_day));
  if (rng.Chance(0.04)) {
    const int years = rng.Int(2, 3);
    if (age < 18)
      p.claimed_shift = rng.Chance(0.7) ? years : -years;  // minors claim to be adults
    else if (age <= 21)
      p.claimed_shift = rng.Chance(0.6) ? -years : years;  // young adults claim to be minors
    else
      p.claimed_shift = rng.Chance(0.5) ? years : -years;
  }
  const auto [passport, id_card] = DocumentShares(p.nationality);
  p.romanian_passport = p.nationality == "MDA" && rng.Chance(0.3);
  if (p.romanian_passport || rng.Chance(passport))
    p.documents.push_back(
        FromPattern(rng, Country(p.romanian_passport ? "ROU" : p.nationality).passport));
  p.first_is_passport = !p.documents.empty();
  const CountryInfo& home = Country(p.nationality);
  if (!home.id_card.empty() && rng.Chance(id_card))
    p.documents.push_back(FromPattern(rng, home.id_card));
}

void MakePerson(Rng& rng, const std::string& nationality, Person& p) {
  p.nationality = nationality;
  p.culture = &CultureFor(nationality);
  p.female = rng.Chance(FemaleShare(nationality));
  DrawNames(rng, p);
  p.goes_by_short_name = rng.Chance(0.15);
  p.first_day = kFirstDay + rng.Int(0, static_cast<int>(kLastFirstDay - kFirstDay));
  const int age =
      rng.Chance(0.16) ? rng.Int(13, 17) : 18 + static_cast<int>(std::pow(rng.Uniform(), 1.6) * 44);
  DrawBirth(rng, p, age);
  DrawPapers(rng, p);
}

bool WifeTakesFamilyName(std::string_view alpha3) {
  for (std::string_view c :
       {"FRA", "GBR", "ROU", "UKR", "MDA", "RUS", "GRC", "HUN", "ALB", "PHL", "NGA", "BRA", "GEO"})
    if (c == alpha3) return true;
  return false;
}

// A spouse or sibling of `head`: same household (address, often phone), related names, a
// different given name and birth date (twins share it). They must not be linked to `head`.
void MakeRelative(Rng& rng, const Person& head, Person& p) {
  p.nationality = head.nationality;
  p.culture = head.culture;
  const Culture& c = *p.culture;
  const bool spouse = rng.Chance(0.35);
  p.female = spouse ? !head.female : rng.Chance(FemaleShare(p.nationality));
  DrawNames(rng, p);
  const NameList& gl = p.female ? c.female : c.male;
  if (p.female == head.female) p.given = DrawOther(rng, gl, head.given);
  if (spouse) {
    // Where wives take the husband's family name, the couple shares it whoever is `head`.
    if (WifeTakesFamilyName(p.nationality) && head.family >= 0) {
      p.family = head.family;
      p.family2 = c.style == NameStyle::kBrazilian && rng.Chance(0.5) ? head.family2 : -1;
      p.particle1 = head.particle1;
      p.particle2 = head.particle2;
    }
  } else {  // sibling: same family line
    const bool same_list = &FamilyList(c, p.female) == &FamilyList(c, head.female);
    if (head.family >= 0 && same_list) p.family = head.family;
    p.family2 = head.family2;
    p.particle1 = head.particle1;
    p.particle2 = head.particle2;
    if (head.father >= 0) p.father = head.father;
    if (head.grandfather >= 0) p.grandfather = head.grandfather;
    if (c.style == NameStyle::kFilipino) p.middle = head.middle;
    if (c.style == NameStyle::kVietnamese && rng.Chance(0.5) && p.female == head.female)
      p.middle = head.middle;
  }
  p.goes_by_short_name = rng.Chance(0.15);
  p.first_day = std::clamp(head.first_day + rng.Int(-30, 120), kFirstDay, kLastFirstDay);
  const long head_birth = DaysFromDate(head.birth);
  if (!spouse && rng.Chance(0.04)) {
    p.birth = head.birth;  // twins
  } else {
    const int years = spouse ? rng.Int(-8, 8) : (rng.Chance(0.5) ? 1 : -1) * rng.Int(1, 10);
    p.birth = DateFromDays(head_birth + static_cast<long>(years * 365.2425) + rng.Int(-150, 150));
    if (DaysFromDate(p.birth) > p.first_day - 12L * 365)
      p.birth = DateFromDays(p.first_day - 12L * 365 - rng.Int(0, 300));
  }
  DrawPapers(rng, p);
}

// ---- Capture: who is on which list ----

// Number of distinct lists a person is on: most on one, a few on all five.
constexpr double kListsWeights[] = {0.76, 0.17, 0.05, 0.015, 0.005};
constexpr double kRepeatRate = 0.035;  // a second record in the same list (re-registration)

double AgencyWeight(const Agency& a, const Person& p) {
  const auto it = a.nationality.find(p.nationality);
  if (it == a.nationality.end()) return 0;
  const bool minor = AgeOn(p.birth, DateFromDays(p.first_day)) < 18;
  return a.size * it->second * (p.female ? a.female : a.male) * (minor ? a.minor : 1.0);
}

void Capture(Rng& rng, const std::vector<Agency>& agencies, const Person* head, Person& p) {
  const std::vector<double> count_weights(std::begin(kListsWeights), std::end(kListsWeights));
  const int lists = static_cast<int>(rng.Weighted(count_weights)) + 1;
  std::vector<int> chosen;
  for (int j = 0; j < lists; ++j) {
    std::vector<double> w(agencies.size(), 0);
    double total = 0;
    for (size_t a = 0; a < agencies.size(); ++a) {
      if (std::find(chosen.begin(), chosen.end(), static_cast<int>(a)) != chosen.end()) continue;
      w[a] = AgencyWeight(agencies[a], p);
      for (int c : chosen) {
        const auto it = agencies[static_cast<size_t>(c)].affinity.find(agencies[a].file);
        if (it != agencies[static_cast<size_t>(c)].affinity.end()) w[a] *= it->second;
      }
      total += w[a];
    }
    if (total <= 0) break;
    if (j == 0 && head && rng.Chance(0.6)) {  // relatives are met together
      std::vector<double> with_head(agencies.size(), 0);
      double sum = 0;
      for (const Visit& v : head->visits) {
        with_head[static_cast<size_t>(v.agency)] = w[static_cast<size_t>(v.agency)];
        sum += with_head[static_cast<size_t>(v.agency)];
      }
      if (sum > 0) w = with_head;
    }
    chosen.push_back(static_cast<int>(rng.Weighted(w)));
  }
  for (size_t j = 0; j < chosen.size(); ++j) {
    Visit v;
    v.agency = chosen[j];
    v.day = std::min(kLastDay, p.first_day + (j == 0 ? 0 : rng.Int(0, 540)));
    p.visits.push_back(v);
    if (rng.Chance(kRepeatRate)) {
      Visit again = v;
      again.day = std::min(kLastDay, v.day + rng.Int(20, 420));
      again.repeat = true;
      p.visits.push_back(again);
    }
  }
}

// Phones, addresses and e-mail, once lists (and so countries) are known.
void Settle(Rng& rng, const std::vector<Agency>& agencies, const std::vector<Person>& people,
            Person& p) {
  const bool local_national = [&] {
    for (const Visit& v : p.visits)
      if (agencies[static_cast<size_t>(v.agency)].country == p.nationality) return true;
    return false;
  }();
  const Person* head = p.household >= 0 && p.household != p.id
                           ? &people[static_cast<size_t>(p.household - 1)]
                           : nullptr;
  if (head && rng.Chance(0.5))
    p.home_phone = head->home_phone;
  else if (rng.Chance(local_national ? 0.92 : 0.75))
    p.home_phone = NewMobile(rng, p.nationality);
  std::set<std::string> countries;
  for (const Visit& v : p.visits) countries.insert(agencies[static_cast<size_t>(v.agency)].country);
  for (const std::string& country : countries) {
    if (head && head->residence.count(country) && rng.Chance(0.85)) {
      p.residence[country] = head->residence.at(country);
    } else if (rng.Chance(country == p.nationality ? 0.85 : 0.7)) {
      p.residence[country] = NewAddress(rng, country);
    }
    if (country == p.nationality) continue;
    if (head && head->local_phone.count(country) && rng.Chance(0.6))
      p.local_phone[country] = head->local_phone.at(country);
    else if (rng.Chance(p.home_phone.empty() ? 0.6 : 0.3))
      p.local_phone[country] = NewMobile(rng, country);
  }
  if (rng.Chance(0.15)) {
    const std::string where =
        countries.empty()
            ? p.nationality
            : *std::next(countries.begin(), static_cast<long>(rng.Index(countries.size())));
    p.later_phone = NewMobile(rng, where);
    p.phone_change_day = p.first_day + rng.Int(30, 500);
  }
  if (rng.Chance(local_national ? 0.5 : 0.25)) MakeEmail(rng, p);
}

std::vector<Person> BuildPopulation(const RealisticOptions& options,
                                    const std::vector<Agency>& agencies) {
  Rng rng(options.seed, 1);
  const auto mix = ProfileNationalities(options.profile);
  std::vector<double> weights;
  for (const auto& [code, w] : mix) weights.push_back(w);
  std::vector<Person> people;
  people.reserve(static_cast<size_t>(options.people));
  for (int i = 0; i < options.people; ++i) {
    Person p;
    p.id = i + 1;
    int head_idx = -1;
    if (i > 0 && rng.Chance(0.1)) {
      // A relative of someone met recently; households are led by their first member.
      head_idx = rng.Int(std::max(0, i - 300), i - 1);
      if (people[static_cast<size_t>(head_idx)].household >= 0)
        head_idx = people[static_cast<size_t>(head_idx)].household - 1;
      MakeRelative(rng, people[static_cast<size_t>(head_idx)], p);
      p.household = head_idx + 1;
    } else {
      MakePerson(rng, mix[rng.Weighted(weights)].first, p);
    }
    Capture(rng, agencies, head_idx >= 0 ? &people[static_cast<size_t>(head_idx)] : nullptr, p);
    if (p.visits
            .empty()) {  // no list takes this person (a man where only shelters for women are left)
      --i;
      continue;
    }
    if (head_idx >= 0) people[static_cast<size_t>(head_idx)].household = head_idx + 1;
    people.push_back(std::move(p));
  }
  Rng settle(options.seed, 2);
  for (Person& p : people) Settle(settle, agencies, people, p);
  return people;
}

// ---- Output ----

std::string CsvField(const std::string& s, char sep) {
  if (s.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::NotFound("cannot create " + path.string());
  out << bytes;
  out.close();
  if (!out) return Status::Unavailable("write failed: " + path.string());
  return Status::Ok();
}

struct Record {
  long day;
  int person;
  std::vector<std::string> fields;
};

}  // namespace

Result<RealisticSummary> GenerateRealistic(const fs::path& out_dir,
                                           const RealisticOptions& options) {
  if (options.people < 1) return Status::InvalidArgument("--people must be at least 1");
  const std::vector<Agency> agencies = ProfileAgencies(options.profile, options.seed);
  if (agencies.empty()) return Status::InvalidArgument("--profile must be dev or heldout");
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Status::NotFound("cannot create " + out_dir.string());

  const std::vector<Person> people = BuildPopulation(options, agencies);
  RealisticSummary summary;
  summary.people = static_cast<int>(people.size());
  std::string truth = "file,record_id,person_id\n";
  std::map<int, int> records_of_person;
  std::vector<int> distinct_lists(6, 0);
  int within_pairs = 0;
  for (size_t agency_idx = 0; agency_idx < agencies.size(); ++agency_idx) {
    const Agency& agency = agencies[agency_idx];
    Rng rng(options.seed, 1000 + agency_idx);
    std::vector<Record> records;
    for (const Person& p : people)
      for (const Visit& v : p.visits)
        if (v.agency == static_cast<int>(agency_idx))
          records.push_back({v.day, p.id, agency.render(rng, p, v)});
    std::stable_sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
      return a.day != b.day ? a.day < b.day : a.person < b.person;
    });
    const std::string eol = agency.crlf ? "\r\n" : "\n";
    std::string text = agency.encoding == Encoding::kUtf8Bom ? "\xEF\xBB\xBF" : "";
    for (size_t col = 0; col < agency.columns.size(); ++col)
      text += (col ? std::string(1, agency.separator) : "") +
              CsvField(agency.columns[col].name, agency.separator);
    text += eol;
    std::map<int, int> in_list;
    for (size_t idx = 0; idx < records.size(); ++idx) {
      const Record& r = records[idx];
      const std::string id = agency.record_id(static_cast<int>(idx), DateFromDays(r.day));
      text += CsvField(id, agency.separator);
      for (const std::string& f : r.fields)
        text += std::string(1, agency.separator) + CsvField(f, agency.separator);
      text += eol;
      const std::string digits = std::to_string(r.person);
      truth += CsvField(agency.file, ',') + "," + CsvField(id, ',') + ",P" +
               std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits + "\n";
      ++records_of_person[r.person];
      within_pairs += in_list[r.person]++;
    }
    if (agency.encoding == Encoding::kLatin1) text = ToLatin1(text);
    PALERMO_RETURN_IF_ERROR(WriteFile(out_dir / (agency.file + ".csv"), text));
    summary.records_per_file[agency.file + ".csv"] = static_cast<int>(records.size());
    summary.records += static_cast<int>(records.size());
  }
  PALERMO_RETURN_IF_ERROR(WriteFile(out_dir / "truth.csv", truth));

  std::string mapping = "{\n";
  for (size_t agency_idx = 0; agency_idx < agencies.size(); ++agency_idx) {
    const Agency& agency = agencies[agency_idx];
    mapping += "  " + JsonString(agency.file + ".csv") + ": {";
    bool first = true;
    for (const Column& c : agency.columns) {
      if (c.role.empty()) continue;
      mapping += (first ? "" : ", ") + JsonString(c.name) + ": " + JsonString(c.role);
      first = false;
    }
    mapping += agency_idx + 1 < agencies.size() ? "},\n" : "}\n";
  }
  mapping += "}\n";
  PALERMO_RETURN_IF_ERROR(WriteFile(out_dir / "link_mapping.json", mapping));

  int households = 0, relatives = 0;
  for (const Person& p : people) {
    std::set<int> lists;
    for (const Visit& v : p.visits) lists.insert(v.agency);
    ++distinct_lists[std::min<size_t>(lists.size(), 5)];
    if (p.household == p.id) ++households;
    if (p.household >= 0 && p.household != p.id) ++relatives;
  }
  for (const auto& [person, n] : records_of_person) summary.true_pairs += n * (n - 1) / 2;
  std::ostringstream s;
  s << "Palermo realistic evaluation data (examples/realistic; synthetic, no real person's data)\n"
    << "profile " << options.profile << "\nseed " << options.seed << "\npeople " << summary.people
    << "\nrecords " << summary.records << "\ntrue pairs " << summary.true_pairs
    << " (within a file " << within_pairs << ", across files " << summary.true_pairs - within_pairs
    << ")\n\nrecords per file\n";
  for (const auto& [file, n] : summary.records_per_file) s << "  " << file << " " << n << "\n";
  s << "\npeople by number of lists\n";
  for (int k = 1; k <= 5; ++k)
    s << "  " << k << " " << distinct_lists[static_cast<size_t>(k)] << "\n";
  s << "\nhouseholds with relatives " << households << ", relatives " << relatives << "\n";
  PALERMO_RETURN_IF_ERROR(WriteFile(out_dir / "summary.txt", s.str()));
  return summary;
}

}  // namespace palermo::realistic
