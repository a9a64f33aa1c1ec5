// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sample/sample.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "sample/names.h"

namespace palermo::sample {
namespace {

namespace fs = std::filesystem;

// SplitMix64 (Steele, Lea, Flood 2014): small, fast and identical on every platform, unlike
// std:: distributions whose algorithms are left to the library.
// The seed goes through the output mix first: a state of seed·γ would make seed s + 1 the
// stream of seed s shifted by one draw (near-identical samples for neighbouring seeds).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(Mix(seed + 0x632BE59BD9B4E019ULL)) {}
  uint64_t Next() { return Mix(state_ += 0x9E3779B97F4A7C15ULL); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  int Int(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Next() % v.size()];
  }
  size_t Weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Uniform() * total;
    for (size_t idx = 0; idx < weights.size(); ++idx) {
      if (x < weights[idx]) return idx;
      x -= weights[idx];
    }
    return weights.size() - 1;
  }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t state_;
};

struct Date {
  int year = 0, month = 0, day = 0;
};

Date CivilFromDays(long z) {  // inverse of DaysFromCivil (H. Hinnant's algorithm)
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

struct TruePerson {
  int id = 0;
  Sex sex = Sex::kFemale;
  std::string citizenship;  // alpha-3
  const NamePool* pool = nullptr;
  const NameForms* given = nullptr;
  const NameForms* family = nullptr;
  Date birth;
  Date identified;  // base identification date
  int age = 0;      // at `identified`
  std::vector<std::string> forms;
  std::string destination;
  std::string city;
  std::string phone;
  std::string document;
  unsigned lists = 0;  // capture pattern: bit k set if agency k (file order) records the person
};

struct CountryWeight {
  const char* alpha3;
  const char* alpha2;
  const char* numeric;
  const char* name_en;
  const char* name_fr;
  const char* phone_prefix;
  double weight;
};

const std::vector<CountryWeight>& Origins() {
  // A plausible origin mix for victims identified in Western Europe (cf. UNODC GLOTIP 2022,
  // Western and Southern Europe: domestic, Balkan/Eastern European, West African, East Asian).
  static const std::vector<CountryWeight> origins = {
      {"NGA", "NG", "566", "Nigeria", "Nigéria", "+234", 14},
      {"ROU", "RO", "642", "Romania", "Roumanie", "+40", 10},
      {"UKR", "UA", "804", "Ukraine", "Ukraine", "+380", 10},
      {"FRA", "FR", "250", "France", "France", "+33", 10},
      {"VNM", "VN", "704", "Viet Nam", "Viêt Nam", "+84", 8},
      {"CHN", "CN", "156", "China", "Chine", "+86", 7},
      {"THA", "TH", "764", "Thailand", "Thaïlande", "+66", 5},
      {"SYR", "SY", "760", "Syria", "Syrie", "+963", 5},
      {"MAR", "MA", "504", "Morocco", "Maroc", "+212", 6},
      {"EGY", "EG", "818", "Egypt", "Égypte", "+20", 3},
      {"RUS", "RU", "643", "Russia", "Russie", "+7", 4},
      {"BGR", "BG", "100", "Bulgaria", "Bulgarie", "+359", 4},
      {"ALB", "AL", "008", "Albania", "Albanie", "+355", 4},
      {"ERI", "ER", "232", "Eritrea", "Érythrée", "+291", 3},
      {"BRA", "BR", "076", "Brazil", "Brésil", "+55", 3},
      {"IRQ", "IQ", "368", "Iraq", "Irak", "+964", 2}};
  return origins;
}

const CountryWeight& Origin(const std::string& alpha3) {
  for (const CountryWeight& c : Origins())
    if (alpha3 == c.alpha3) return c;
  return Origins()[3];
}

const std::vector<std::string>& Cities() {
  static const std::vector<std::string> cities = {"Paris",    "Marseille", "Lyon",   "Lille",
                                                  "Toulouse", "Nice",      "Calais", "Bordeaux",
                                                  "Rennes",   "Strasbourg"};
  return cities;
}

bool IsForbidden(const TruePerson& p) {
  std::string full = std::string(p.given->latin[0]) + " " + p.family->latin[0];
  std::transform(full.begin(), full.end(), full.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string& f : ForbiddenFullNames())
    if (full == f) return true;
  return false;
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Int(0, 9));
  return s;
}

// Capture pattern bits, in file order.
constexpr unsigned kPolice = 1u << 0, kLabour = 1u << 1, kNgo = 1u << 2, kHealth = 1u << 3,
                   kImmigration = 1u << 4;
constexpr int kAgencyCount = 5;

// The capture model: a person's capture pattern z (bit k = agency k records the person) follows
// the log-linear model with pairwise interactions
//   P(z) ∝ exp(Σ_k a_k z_k + Σ_{k<l} b_kl z_k z_l),
// the family that Multiple Systems Estimation fits (Bishop, Fienberg & Holland 1975, ch. 6), so
// MSE on perfectly linked lists estimates the population without bias once the stepwise
// selection finds the interactions. a_k set the size of each list; b_kl > 0 make lists overlap
// more than chance: police and immigration (joint operations, b = 1.1), NGO shelter and health
// (shelters take residents to hospital, 1.0), police and NGO (police refer victims to shelters,
// 0.9), police and labour inspection (joint inspections, 0.9). Every other pair is independent
// given these terms. Each b is large enough for the stepwise rule to find it at 3,000 persons
// (with b = 0.5 it missed police–labour on a quarter of seeds and MSE underestimated).
// About 45 % of persons fall in no list (z = 0): the hidden figure.
unsigned DrawCapturePattern(Rng& rng) {
  static const std::vector<double> weights = [] {
    const double main_effect[kAgencyCount] = {-1.55, -2.15, -1.75, -2.3, -2.25};
    struct Pair {
      int a, b;
      double effect;
    };
    const Pair pairs[] = {{0, 4, 1.1}, {2, 3, 1.0}, {0, 2, 0.9}, {0, 1, 0.9}};
    std::vector<double> w;
    for (unsigned z = 0; z < (1u << kAgencyCount); ++z) {
      double log_w = 0;
      for (int k = 0; k < kAgencyCount; ++k) log_w += (z >> k & 1u) ? main_effect[k] : 0;
      for (const Pair& pair : pairs)
        log_w += ((z >> pair.a) & (z >> pair.b) & 1u) ? pair.effect : 0;
      w.push_back(std::exp(log_w));
    }
    return w;
  }();
  return static_cast<unsigned>(rng.Weighted(weights));
}

std::vector<std::string> DrawForms(Rng& rng, const TruePerson& p) {
  std::vector<std::string> codes;
  std::vector<double> w;
  if (p.age < 18) {
    codes = {"sexual", "begging", "forced_criminality", "forced_labour", "child_labour"};
    w = {30, 20, 25, 10, 15};
  } else if (p.sex == Sex::kMale) {
    codes = {"forced_labour", "forced_criminality", "sexual", "begging", "servitude"};
    w = {72, 12, 6, 5, 5};
  } else {
    codes = {"sexual", "forced_labour", "servitude", "forced_marriage"};
    w = {63, 22, 10, 5};
  }
  // What each agency sees shapes the forms of the persons it records (capture pattern first,
  // covariates given the pattern; docs/sample_data.md).
  for (size_t idx = 0; idx < codes.size(); ++idx) {
    const std::string& code = codes[idx];
    const bool labour = code == "forced_labour" || code == "servitude" || code == "child_labour";
    if (p.lists & kPolice) w[idx] *= code == "sexual" ? 1.8 : code == "forced_criminality" ? 1.5 : 1;
    if (p.lists & kLabour) w[idx] *= labour ? 6.0 : 1;
    if (p.lists & kNgo) w[idx] *= code == "sexual" || code == "servitude" ? 1.3 : 1;
    if (p.lists & kHealth) w[idx] *= code == "sexual" ? 1.4 : 1;
  }
  std::vector<std::string> forms = {codes[rng.Weighted(w)]};
  if (rng.Chance(0.15)) {
    const std::string& second = codes[rng.Weighted(w)];
    if (second != forms[0]) forms.push_back(second);
  }
  return forms;
}

double Logistic(double x) { return 1 / (1 + std::exp(-x)); }

// A person captured by the agencies of `lists` (a capture pattern, CapturePattern()). The
// person's covariates are drawn given the pattern, so each agency's caseload has its own
// profile (the NGO shelter mostly women, labour inspection workplaces and few children, health
// more children, immigration only foreign nationals) while the table of capture patterns stays
// exactly the log-linear model of CapturePattern().
TruePerson DrawPerson(Rng& rng, int id, unsigned lists) {
  TruePerson p;
  p.id = id;
  p.lists = lists;
  const auto in = [&](unsigned list) { return (lists & list) ? 1.0 : 0.0; };
  const double s = rng.Uniform();
  const double p_female = 0.99 * Logistic(0.2 + 1.2 * in(kNgo) - 0.9 * in(kLabour) + 0.3 * in(kPolice));
  p.sex = s < p_female ? Sex::kFemale : s < 0.99 ? Sex::kMale : Sex::kOther;
  std::vector<double> weights;
  for (const CountryWeight& c : Origins())
    weights.push_back((lists & kImmigration) && std::string_view(c.alpha3) == "FRA" ? 0 : c.weight);
  const CountryWeight& origin = Origins()[rng.Weighted(weights)];
  p.citizenship = origin.alpha3;
  p.pool = &PoolForCountry(p.citizenship);
  do {
    const bool female = p.sex == Sex::kFemale || (p.sex == Sex::kOther && rng.Chance(0.5));
    const NameList& given = female ? p.pool->female_given : p.pool->male_given;
    p.given = &given[given.Draw(rng.Uniform())];
    const size_t family_idx = p.pool->family.Draw(rng.Uniform());
    p.family = !female && !p.pool->male_family.empty() ? &p.pool->male_family[family_idx]
                                                       : &p.pool->family[family_idx];
  } while (IsForbidden(p));
  // Age at identification: about a fifth are children (GLOTIP 2022: 35 % of detected victims
  // are children worldwide, fewer in Western Europe); adults skewed young.
  const double a = rng.Uniform();
  const double p_child =
      Logistic(-1.7 + 0.9 * in(kHealth) - 1.5 * in(kLabour) - 0.5 * in(kNgo));
  if (a < p_child / 6)
    p.age = rng.Int(5, 8);
  else if (a < p_child)
    p.age = rng.Int(9, 17);
  else
    p.age = 18 + static_cast<int>(std::pow(rng.Uniform(), 1.8) * 45);
  const long identified_day =
      DaysFromCivil(2019, 1, 1) +
      rng.Int(0, static_cast<int>(DaysFromCivil(2024, 12, 31) - DaysFromCivil(2019, 1, 1)));
  p.identified = CivilFromDays(identified_day);
  // Born between `age` and `age + 1` years before identification.
  p.birth = CivilFromDays(identified_day - p.age * 365L - (p.age / 4) - rng.Int(1, 364));
  if (p.birth.year < 1900) p.birth.year = 1900;
  p.forms = DrawForms(rng, p);
  const double d = rng.Uniform();
  p.destination = p.citizenship == "FRA" || d < 0.85 ? "FRA"
                  : d < 0.90                         ? "BEL"
                  : d < 0.95                         ? "ITA"
                                                     : "ESP";
  p.city = rng.Pick(Cities());
  p.phone = rng.Chance(0.6) ? "+33 6 " + Digits(rng, 2) + " " + Digits(rng, 2) + " " +
                                  Digits(rng, 2) + " " + Digits(rng, 2)
                            : std::string(origin.phone_prefix) + " " + Digits(rng, 3) + " " +
                                  Digits(rng, 3) + " " + Digits(rng, 3);
  p.document = std::string(origin.alpha2) + Digits(rng, 7);
  return p;
}

// ---- Rendering: how each agency writes a person ----

std::string Typo(Rng& rng, std::string s) {
  // ASCII-only edits so multi-byte characters are never cut.
  std::vector<size_t> ascii;
  for (size_t i = 0; i < s.size(); ++i)
    if (std::isalpha(static_cast<unsigned char>(s[i])) && static_cast<unsigned char>(s[i]) < 0x80)
      ascii.push_back(i);
  if (ascii.size() < 3) return s;
  const size_t i = ascii[1 + rng.Next() % (ascii.size() - 2)];
  switch (rng.Int(0, 2)) {
    case 0:
      s.erase(i, 1);
      break;  // deletion
    case 1:
      if (i + 1 < s.size() && s[i + 1] < 0x7f && s[i + 1] > 0x40) std::swap(s[i], s[i + 1]);
      break;
    default:
      s.insert(i, 1, s[i]);
      break;  // doubling
  }
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// A Latin spelling: the ASCII one usually, another in use sometimes.
std::string Spelling(Rng& rng, const NameForms& name, bool ascii_only) {
  if (ascii_only || name.latin.size() == 1 || rng.Chance(0.75)) return name.latin[0];
  return name.latin[1 + rng.Next() % (name.latin.size() - 1)];
}

std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

enum class DateStyle { kDmySlash, kDmyDot, kYmdDash, kMdySlash, kYmdCompact };

std::string RenderDate(const Date& d, DateStyle style) {
  switch (style) {
    case DateStyle::kDmySlash:
      return Two(d.day) + "/" + Two(d.month) + "/" + std::to_string(d.year);
    case DateStyle::kDmyDot:
      return Two(d.day) + "." + Two(d.month) + "." + std::to_string(d.year);
    case DateStyle::kYmdDash:
      return std::to_string(d.year) + "-" + Two(d.month) + "-" + Two(d.day);
    case DateStyle::kMdySlash:
      return Two(d.month) + "/" + Two(d.day) + "/" + std::to_string(d.year);
    case DateStyle::kYmdCompact:
      return std::to_string(d.year) + Two(d.month) + Two(d.day);
  }
  return "";
}

// Birth date as an agency records it: sometimes only the year, sometimes day and month
// swapped (which can make an impossible date, quarantined at import).
std::string RenderBirth(Rng& rng, const TruePerson& p, DateStyle style) {
  if (rng.Chance(0.05)) return std::to_string(p.birth.year);
  Date d = p.birth;
  if (rng.Chance(0.03) && d.day != d.month) std::swap(d.day, d.month);
  return RenderDate(d, style);
}

Date Jitter(Rng& rng, const Date& base) {
  long day = DaysFromCivil(base.year, base.month, base.day) + rng.Int(-120, 120);
  day = std::min(day, DaysFromCivil(2024, 12, 31));
  return CivilFromDays(day);
}

std::string Joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t idx = 0; idx < items.size(); ++idx) {
    if (idx) out += sep;
    out += items[idx];
  }
  return out;
}

std::string FormCode(size_t agency_idx, const std::string& form) {
  static const std::map<std::string, std::array<const char*, 5>> codes = {
      // police, labour_inspection, ngo_shelter, health, immigration
      {"sexual",
       {"PROX", "sexual exploitation", "Exploitation sexuelle", "SEX", "SexualExploitation"}},
      {"forced_labour", {"TF", "forced labour", "Travail forcé", "LAB", "ForcedLabour"}},
      {"child_labour", {"TF", "child labour", "Travail des enfants", "LAB", "ChildLabour"}},
      {"servitude", {"SERV", "domestic servitude", "Servitude", "LAB", "Servitude"}},
      {"forced_criminality", {"DELIT", "forced criminality", "Criminalité forcée", "OTH", "Other"}},
      {"begging", {"MEND", "forced begging", "Mendicité forcée", "OTH", "ForcedBegging"}},
      {"forced_marriage", {"MAR", "forced marriage", "Mariage forcé", "OTH", "ForcedMarriage"}}};
  return codes.at(form)[agency_idx];
}

struct AgencyFile {
  const char* code;
  std::vector<const char*> header;
  const char* link_roles;  // JSON object text: {column: role}
};

const std::vector<AgencyFile>& Files() {
  static const std::vector<AgencyFile> files = {
      {"police",
       {"no_pv", "nom", "prenom", "sexe", "date_naissance", "nationalite", "telephone",
        "piece_identite", "date_constat", "infractions", "statut", "ville", "pays_exploitation"},
       R"({"no_pv": "record_id", "nom": "family_name", "prenom": "given_name", "sexe": "sex", "date_naissance": "birth_date", "nationalite": "nationality", "telephone": "phone", "piece_identite": "document_number", "date_constat": "record_date", "ville": "city"})"},
      {"labour_inspection",
       {"case_ref", "surname", "first_name", "gender", "dob", "citizenship", "passport_no",
        "inspection_date", "sector", "city"},
       R"({"case_ref": "record_id", "surname": "family_name", "first_name": "given_name", "gender": "sex", "dob": "birth_date", "citizenship": "nationality", "passport_no": "document_number", "inspection_date": "record_date", "city": "city"})"},
      {"ngo_shelter",
       {"id", "full_name", "sex", "age", "nationalite", "telephone", "date_accueil", "exploitation",
        "notes"},
       R"({"id": "record_id", "full_name": "full_name", "sex": "sex", "age": "age", "nationalite": "nationality", "telephone": "phone", "date_accueil": "record_date"})"},
      {"health",
       {"patient_id", "given", "family", "sex_code", "birth_year", "country_code", "phone",
        "visit_date", "indicator"},
       R"({"patient_id": "record_id", "given": "given_name", "family": "family_name", "sex_code": "sex", "birth_year": "birth_year", "country_code": "nationality", "phone": "phone", "visit_date": "record_date"})"},
      {"immigration",
       {"file_no", "family_name", "given_names", "sex", "date_of_birth", "nationality",
        "document_number", "encounter_date", "origin", "destination", "exploitation_type"},
       R"({"file_no": "record_id", "family_name": "family_name", "given_names": "given_name", "sex": "sex", "date_of_birth": "birth_date", "nationality": "nationality", "document_number": "document_number", "encounter_date": "record_date"})"}};
  return files;
}

struct Record {
  int person_id;
  long sort_day;
  std::vector<std::string> fields;  // without the record id (column 0)
};

std::string Maybe(Rng& rng, double missing, std::string value) {
  return rng.Chance(missing) ? std::string() : std::move(value);
}

// One record of `p` in agency `agency_idx`'s layout (fields after the record id).
Record Render(Rng& rng, const TruePerson& p, size_t agency_idx) {
  const CountryWeight& c = Origin(p.citizenship);
  const Date seen = Jitter(rng, p.identified);
  Record r{p.id, DaysFromCivil(seen.year, seen.month, seen.day), {}};
  auto typo = [&](std::string s) { return rng.Chance(0.04) ? Typo(rng, std::move(s)) : s; };
  auto forms = [&](std::string_view sep) {
    std::vector<std::string> out;
    for (const std::string& f : p.forms) {
      std::string code = FormCode(agency_idx, f);
      if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
    }
    return Joined(out, sep);
  };
  switch (agency_idx) {
    case 0: {  // police: NOM in capitals, alpha-2 nationality, dd/mm/yyyy
      std::string family = typo(Spelling(rng, *p.family, false));
      if (rng.Chance(0.6)) family = Upper(family);
      r.fields = {family,
                  typo(Spelling(rng, *p.given, false)),
                  p.sex == Sex::kFemale ? "F"
                  : p.sex == Sex::kMale ? "M"
                                        : "",
                  Maybe(rng, 0.08, RenderBirth(rng, p, DateStyle::kDmySlash)),
                  Maybe(rng, 0.05, c.alpha2),
                  Maybe(rng, 0.45, p.phone),
                  Maybe(rng, 0.5, p.document),
                  RenderDate(seen, DateStyle::kDmySlash),
                  forms("|"),
                  rng.Chance(0.7) ? "V" : "VP",
                  p.city,
                  Maybe(rng, 0.1, p.destination == "FRA" ? "FR" : p.destination.substr(0, 2))};
      break;
    }
    case 1: {  // labour inspection: English country names, ISO dates
      r.fields = {typo(Spelling(rng, *p.family, false)),
                  typo(Spelling(rng, *p.given, false)),
                  Maybe(rng, 0.1,
                        p.sex == Sex::kFemale ? "female"
                        : p.sex == Sex::kMale ? "male"
                                              : "other"),
                  Maybe(rng, 0.15, RenderBirth(rng, p, DateStyle::kYmdDash)),
                  Maybe(rng, 0.05, c.name_en),
                  Maybe(rng, 0.3, p.document),
                  RenderDate(seen, DateStyle::kYmdDash),
                  forms("|"),
                  p.city};
      break;
    }
    case 2: {  // NGO shelter: the name as the person writes it, age instead of birth date
      // Latin-script names keep their diacritics when the person writes them; other scripts
      // are written natively on a quarter of intake forms, else in the Latin spelling the
      // person or the worker chooses.
      const bool latin_script = std::string_view(p.pool->script) == "Latin";
      const bool native = rng.Chance(latin_script ? 0.6 : 0.25);
      std::string given = native ? p.given->native : Spelling(rng, *p.given, false);
      std::string family = native ? p.family->native : Spelling(rng, *p.family, false);
      const bool family_first = p.pool->family_first && (native || rng.Chance(0.5));
      const bool join_tight = native && std::string_view(p.pool->script) == "Han";
      std::string full =
          family_first ? family + (join_tight ? "" : " ") + given : given + " " + family;
      // Age in completed years on the day of the record (the person's own statement: one
      // in ten is a year off).
      const int exact_age =
          seen.year - p.birth.year -
          (seen.month < p.birth.month || (seen.month == p.birth.month && seen.day < p.birth.day)
               ? 1
               : 0);
      const int age = std::max(0, exact_age + (rng.Chance(0.1) ? rng.Int(-1, 1) : 0));
      r.fields = {native ? full : typo(full),
                  p.sex == Sex::kFemale ? "Femme"
                  : p.sex == Sex::kMale ? "Homme"
                                        : "Autre",
                  Maybe(rng, 0.1, std::to_string(age)),
                  Maybe(rng, 0.08, c.name_fr),
                  Maybe(rng, 0.3, p.phone),
                  RenderDate(seen, DateStyle::kDmyDot),
                  forms(" + "),
                  rng.Chance(0.2) ? "orientation par le 115" : ""};
      break;
    }
    case 3: {  // health: ISO 5218 sex codes, numeric country codes, US-style dates
      r.fields = {
          typo(Spelling(rng, *p.given, false)),
          typo(Spelling(rng, *p.family, false)),
          p.sex == Sex::kFemale ? "2"
          : p.sex == Sex::kMale ? "1"
                                : "9",
          Maybe(rng, 0.05, std::to_string(p.birth.year + (rng.Chance(0.05) ? rng.Int(-1, 1) : 0))),
          Maybe(rng, 0.1, c.numeric),
          Maybe(rng, 0.6, p.phone),
          RenderDate(seen, DateStyle::kMdySlash),
          forms("|")};
      break;
    }
    case 4: {  // immigration: passport (MRZ) spellings in capitals, compact dates
      r.fields = {Upper(p.family->latin[0]),
                  Upper(p.given->latin[0]),
                  p.sex == Sex::kFemale ? "F"
                  : p.sex == Sex::kMale ? "M"
                                        : "X",
                  RenderDate(p.birth, DateStyle::kYmdCompact),
                  p.citizenship,
                  Maybe(rng, 0.1, p.document),
                  RenderDate(seen, DateStyle::kYmdCompact),
                  p.citizenship,
                  p.destination,
                  Maybe(rng, 0.2, forms(";"))};
      break;
    }
  }
  return r;
}

const char* kIdPrefix[] = {"PV-", "LI-", "NGO-", "H", "IMM-"};

std::string RecordId(size_t agency_idx, size_t idx) {
  std::string n = std::to_string(idx + 1);
  return std::string(kIdPrefix[agency_idx]) + std::string(n.size() < 6 ? 6 - n.size() : 0, '0') + n;
}

void WriteRow(std::ostream& out, const std::string& id, const std::vector<std::string>& fields) {
  out << CsvEscape(id);
  for (const std::string& f : fields) out << ',' << CsvEscape(f);
  out << '\n';
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::NotFound("cannot write " + path.string());
  out << text;
  out.close();
  if (!out) return Status::Unavailable("write failed: " + path.string());
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& SampleAgencies() {
  static const std::vector<std::string> agencies = {"police", "labour_inspection", "ngo_shelter",
                                                    "health", "immigration"};
  return agencies;
}

std::string SampleMappingJson(const std::string& agency) {
  if (agency == "police")
    return R"json({
  "agency": "police",
  "agency_name": "Police nationale (sample)",
  "agency_type": "police",
  "country": "FRA",
  "format": "csv",
  "encoding": "UTF-8",
  "separator": ",",
  "date_order": "dmy",
  "columns": {
    "no_pv": "local_id",
    "nom": "family_name",
    "prenom": "given_name",
    "sexe": "sex",
    "date_naissance": "birth_date",
    "nationalite": "citizenship",
    "telephone": "phone",
    "piece_identite": "document_number",
    "date_constat": "identification_date",
    "infractions": "forms",
    "statut": "victim_status",
    "ville": "city",
    "pays_exploitation": "country_of_exploitation"
  },
  "values": {
    "sex": {"F": "female", "M": "male"},
    "victim_status": {"V": "identified", "VP": "presumed"},
    "forms": {"PROX": "sexual", "TF": "forced_labour", "SERV": "servitude", "DELIT": "forced_criminality",
              "MEND": "begging", "MAR": "forced_marriage"}
  },
  "list_separators": {"forms": "|"},
  "required": ["local_id", "identification_date"]
}
)json";
  if (agency == "labour_inspection")
    return R"json({
  "agency": "labour_inspection",
  "agency_name": "Labour inspectorate (sample)",
  "agency_type": "labour_inspection",
  "country": "FRA",
  "format": "csv",
  "encoding": "UTF-8",
  "separator": ",",
  "date_order": "ymd",
  "columns": {
    "case_ref": "local_id",
    "surname": "family_name",
    "first_name": "given_name",
    "gender": "sex",
    "dob": "birth_date",
    "citizenship": "citizenship",
    "passport_no": "document_number",
    "inspection_date": "identification_date",
    "sector": "forms",
    "city": "city"
  },
  "values": {
    "forms": {"sexual exploitation": "sexual", "domestic servitude": "servitude",
              "forced criminality": "forced_criminality"},
    "citizenship": {"Russia": "RUS"}
  },
  "list_separators": {"forms": "|"},
  "defaults": {"country_of_exploitation": "FRA", "victim_status": "presumed"},
  "required": ["local_id", "identification_date"]
}
)json";
  if (agency == "ngo_shelter")
    return R"json({
  "agency": "ngo_shelter",
  "agency_name": "NGO shelter (sample)",
  "agency_type": "ngo",
  "country": "FRA",
  "format": "csv",
  "encoding": "UTF-8",
  "separator": ",",
  "date_order": "dmy",
  "columns": {
    "id": "local_id",
    "full_name": "full_name",
    "sex": "sex",
    "age": "age",
    "nationalite": "citizenship",
    "telephone": "phone",
    "date_accueil": "identification_date",
    "exploitation": "forms",
    "notes": "notes"
  },
  "values": {
    "sex": {"Femme": "female", "Homme": "male", "Autre": "other"},
    "citizenship": {"Russie": "RUS", "Syrie": "SYR"}
  },
  "list_separators": {"forms": "+"},
  "defaults": {"country_of_exploitation": "FRA", "victim_status": "presumed"},
  "required": ["local_id", "identification_date"]
}
)json";
  if (agency == "health")
    return R"json({
  "agency": "health",
  "agency_name": "Hospital social service (sample)",
  "agency_type": "health",
  "country": "FRA",
  "format": "csv",
  "encoding": "UTF-8",
  "separator": ",",
  "date_order": "mdy",
  "columns": {
    "patient_id": "local_id",
    "given": "given_name",
    "family": "family_name",
    "sex_code": "sex",
    "birth_year": "birth_year",
    "country_code": "citizenship",
    "phone": "phone",
    "visit_date": "identification_date",
    "indicator": "forms"
  },
  "values": {
    "sex": {"1": "male", "2": "female", "9": "unknown", "0": "unknown"},
    "forms": {"SEX": "sexual", "LAB": "forced_labour", "OTH": "other"}
  },
  "list_separators": {"forms": "|"},
  "defaults": {"country_of_exploitation": "FRA", "victim_status": "presumed"},
  "required": ["local_id", "identification_date"]
}
)json";
  if (agency == "immigration")
    return R"json({
  "agency": "immigration",
  "agency_name": "Border and immigration service (sample)",
  "agency_type": "immigration",
  "country": "FRA",
  "format": "csv",
  "encoding": "UTF-8",
  "separator": ",",
  "date_order": "ymd",
  "columns": {
    "file_no": "local_id",
    "family_name": "family_name",
    "given_names": "given_name",
    "sex": "sex",
    "date_of_birth": "birth_date",
    "nationality": "citizenship",
    "document_number": "document_number",
    "encounter_date": "identification_date",
    "origin": "recruitment_country",
    "destination": "country_of_exploitation",
    "exploitation_type": "forms"
  },
  "values": {
    "sex": {"F": "female", "M": "male", "X": "other"}
  },
  "list_separators": {"forms": ";"},
  "defaults": {"victim_status": "presumed"},
  "required": ["local_id", "identification_date"]
}
)json";
  return "";
}

Result<SampleSummary> GenerateSample(const fs::path& out_dir, const SampleOptions& options) {
  if (options.people < 1) return Status::InvalidArgument("--people must be at least 1");
  std::error_code ec;
  fs::create_directories(out_dir / "mappings", ec);
  if (ec) return Status::NotFound("cannot create " + (out_dir / "mappings").string());

  Rng rng(options.seed);
  std::vector<TruePerson> people;
  people.reserve(static_cast<size_t>(options.people));
  for (int person_idx = 0; person_idx < options.people; ++person_idx) {
    const unsigned lists = DrawCapturePattern(rng);
    people.push_back(DrawPerson(rng, person_idx + 1, lists));
  }

  SampleSummary summary;
  summary.people = options.people;
  std::vector<std::set<int>> seen(Files().size());
  std::ostringstream truth;
  truth << "file,record_id,person_id\n";
  for (size_t agency_idx = 0; agency_idx < Files().size(); ++agency_idx) {
    const AgencyFile& file = Files()[agency_idx];
    // One stream per agency, so adding an agency does not change the others' bytes.
    Rng agency_rng(options.seed * 131 + agency_idx + 1);
    std::vector<Record> records;
    for (const TruePerson& p : people) {
      if (!(p.lists >> agency_idx & 1u)) continue;
      records.push_back(Render(agency_rng, p, agency_idx));
      seen[agency_idx].insert(p.id);
      if (agency_rng.Chance(0.04)) {  // a second record of the same person in this list
        records.push_back(Render(agency_rng, p, agency_idx));
        ++summary.duplicate_rows;
      }
    }
    std::stable_sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
      return a.sort_day != b.sort_day ? a.sort_day < b.sort_day : a.person_id < b.person_id;
    });
    std::ostringstream csv;
    for (size_t col = 0; col < file.header.size(); ++col)
      csv << (col ? "," : "") << file.header[col];
    csv << '\n';
    for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
      const std::string id = RecordId(agency_idx, record_idx);
      WriteRow(csv, id, records[record_idx].fields);
      truth << file.code << ',' << id << ",P" << records[record_idx].person_id << '\n';
    }
    PALERMO_RETURN_IF_ERROR(WriteText(out_dir / (std::string(file.code) + ".csv"), csv.str()));
    PALERMO_RETURN_IF_ERROR(WriteText(out_dir / "mappings" / (std::string(file.code) + ".json"),
                                      SampleMappingJson(file.code)));
    summary.rows_per_agency[file.code] = static_cast<int>(records.size());
    summary.total_rows += static_cast<int64_t>(records.size());
  }
  PALERMO_RETURN_IF_ERROR(WriteText(out_dir / "truth.csv", truth.str()));

  std::string link = "{\n";
  for (size_t agency_idx = 0; agency_idx < Files().size(); ++agency_idx)
    link += std::string("  \"") + Files()[agency_idx].code +
            "\": " + Files()[agency_idx].link_roles +
            (agency_idx + 1 < Files().size() ? ",\n" : "\n");
  link += "}\n";
  PALERMO_RETURN_IF_ERROR(WriteText(out_dir / "link_mapping.json", link));

  std::set<int> observed;
  for (const auto& s : seen) observed.insert(s.begin(), s.end());
  summary.observed_people = static_cast<int>(observed.size());
  std::ostringstream text;
  text << "Palermo synthetic sample (examples/sample; no real person's data)\n"
       << "seed " << options.seed << "\n"
       << "true population " << summary.people << "\n"
       << "persons in at least one list " << summary.observed_people << "\n"
       << "duplicate records within lists " << summary.duplicate_rows << "\n\n"
       << "rows per list\n";
  for (const auto& [agency, rows] : summary.rows_per_agency)
    text << "  " << agency << " " << rows << "\n";
  text << "\npersons in both lists\n";
  for (size_t a = 0; a < Files().size(); ++a)
    for (size_t b = a + 1; b < Files().size(); ++b) {
      int both = 0;
      for (int id : seen[a]) both += seen[b].count(id) ? 1 : 0;
      text << "  " << Files()[a].code << " & " << Files()[b].code << " " << both << "\n";
    }
  PALERMO_RETURN_IF_ERROR(WriteText(out_dir / "summary.txt", text.str()));
  return summary;
}

Status WriteBenchmarkCsv(const fs::path& file, int64_t rows, uint64_t seed) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return Status::NotFound("cannot write " + file.string());
  const AgencyFile& police = Files()[0];
  for (size_t col = 0; col < police.header.size(); ++col)
    out << (col ? "," : "") << police.header[col];
  out << '\n';
  Rng rng(seed);
  for (int64_t row_idx = 0; row_idx < rows; ++row_idx) {
    const TruePerson p = DrawPerson(rng, static_cast<int>(row_idx + 1), kPolice);
    const Record r = Render(rng, p, 0);
    std::string id = "PV-" + std::to_string(row_idx + 1);
    WriteRow(out, id, r.fields);
  }
  out.close();
  if (!out) return Status::Unavailable("write failed: " + file.string());
  return Status::Ok();
}

}  // namespace palermo::sample
