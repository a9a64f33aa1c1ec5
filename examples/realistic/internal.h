// SPDX-License-Identifier: AGPL-3.0-or-later
// Internals of the realistic generator: random stream, dates, people, places and agencies.
//
// realistic.cc builds the population and decides who is on which list; places.cc knows
// countries (phone numbering, documents, streets, cities); agencies_dev.cc and agencies_heldout.cc hold
// the ten agency layouts, writing.h how an agency writes a person, agencies.cc the profiles. Nothing here is part of the public contract.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "realistic/names.h"

namespace palermo::realistic {

// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64: the same stream on every
// platform, unlike std:: distributions whose algorithms are left to the library.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  Rng(uint64_t seed, uint64_t stream);  // an independent stream per (seed, stream)
  uint64_t Next();
  double Uniform();  // [0, 1)
  bool Chance(double p) { return Uniform() < p; }
  int Int(int lo, int hi);  // inclusive
  size_t Index(size_t n) { return static_cast<size_t>(Next() % n); }
  size_t Weighted(const std::vector<double>& weights);
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Index(v.size())];
  }

 private:
  uint64_t s_[4];
};

uint64_t Mix64(uint64_t x);  // SplitMix64 finaliser, for hashing ids into choices

struct Date {
  int year = 0, month = 0, day = 0;
};
long DaysFromDate(const Date& d);  // days since 1970-01-01 (proleptic Gregorian)
Date DateFromDays(long days);
bool IsValidDate(int year, int month, int day);
int AgeOn(const Date& birth, const Date& on);  // completed years

enum class DateFormat { kDmySlash, kMdySlash, kDmyDot, kYmdDash, kYmdCompact };
std::string FormatDate(const Date& d, DateFormat format);

// ---- Places (places.cc) ----

struct CountryInfo {
  std::string alpha3, alpha2;
  std::vector<std::string> en;  // English names, usual first
  std::vector<std::string> fr;  // French names, usual first
  std::string calling;          // country calling code without '+'
  std::string trunk;            // national trunk prefix ("0", "8", "06") or empty
  std::vector<std::string> mobile_prefixes;
  int mobile_digits = 9;    // national significant number length
  std::vector<int> groups;  // digit grouping when written nationally
  std::string passport;  // pattern: A letter, G letter Greek and Latin share, 9 digit, else literal
  std::string id_card;
};
const CountryInfo& Country(std::string_view alpha3);

struct Phone {
  std::string country;  // alpha-3 of the numbering plan; empty = no phone
  std::string nsn;      // national significant number (digits)
  bool empty() const { return nsn.empty(); }
};
Phone NewMobile(Rng& rng, std::string_view country);

enum class PhoneStyle {
  kE164,             // +2348031234567
  kIntlSpaced,       // +234 803 123 4567
  kIntl00,           // 00234 803 123 4567
  kIntl00Compact,    // 002348031234567
  kNational,         // 0803 123 4567 (the number's own national habit)
  kNationalCompact,  // 08031234567
  kNationalDashed,   // 0803-123-4567
};
std::string FormatPhone(const Phone& phone, PhoneStyle style);

// Fills a document number pattern ("AA9999999").
std::string FromPattern(Rng& rng, std::string_view pattern);

struct Address {
  std::string country;  // alpha-3; empty = none
  int street = -1;      // index in the country's street list
  int number = 1;
  std::string number_suffix;  // "bis", "A"
  int floor = -1;             // -1 = house, no flat
  std::string door;           // flat, door or side
  int city = 0;
  std::string postcode;
  bool empty() const { return country.empty(); }
};
// A dwelling in `country`, in city `city` if >= 0 (else a likely one).
Address NewAddress(Rng& rng, std::string_view country, int city = -1);
int CityCount(std::string_view country);

// How an address is written: the country's own habits, in Latin letters for a foreign clerk
// (Greek streets romanised), or as an English-speaking NGO writes any address.
enum class AddressHand { kLocal, kLatin, kEnglish };
struct AddressText {
  std::string street_line;  // street, number, flat
  std::string postcode;
  std::string city;
};
AddressText WriteAddress(Rng& rng, const Address& a, AddressHand hand);
// The whole address on one line, as free text ("12 r. de Tanger, 75019 Paris").
std::string WriteAddressLine(Rng& rng, const Address& a, AddressHand hand, bool with_city);
std::string CityName(Rng& rng, const Address& a, AddressHand hand);

// ---- People (realistic.cc) ----

struct Visit {
  int agency = 0;       // index in the profile's agency list
  long day = 0;         // the day the record was made
  bool repeat = false;  // a second record of the person in the same list
};

struct Person {
  int id = 0;
  const Culture* culture = nullptr;
  std::string nationality;  // alpha-3
  bool female = true;
  // Indices into the culture's lists (-1 = none).
  int given = -1, given2 = -1, middle = -1, father = -1, grandfather = -1, family = -1,
      family2 = -1, nickname = -1;
  bool particle1 = false, particle2 = false;  // Brazilian particles (da, dos) in use
  bool prefix = false;                        // Bangladeshi Md./Mst.
  bool goes_by_short_name = false;            // introduces themself with a short form
  Date birth;                                 // true date of birth
  Date papers_birth;  // date in their documents (1 January when the day is unknown)
  bool birthday_unknown = false;
  int claimed_shift = 0;  // years added to their age when they lie about it (0 = never)
  long first_day = 0;
  int household = -1;                        // people of one household share address and phone
  std::vector<std::string> documents;        // passport, then identity card (may be empty)
  bool first_is_passport = true;             // false if documents[0] is an identity card
  bool romanian_passport = false;            // Moldovans with a Romanian passport
  Phone home_phone;                          // phone from home (may be empty)
  std::map<std::string, Phone> local_phone;  // by country of residence
  std::map<std::string, Address> residence;  // by country
  Phone later_phone;                         // a new number after `phone_change_day` (may be empty)
  long phone_change_day = 0;
  std::string email;
  std::vector<Visit> visits;
};

// ---- Agencies (agencies.cc, agencies_dev.cc, agencies_heldout.cc) ----

enum class Encoding { kUtf8, kUtf8Bom, kLatin1 };

struct Column {
  std::string name;
  std::string role;  // link_mapping role, or empty if not mapped
};

struct Agency {
  std::string file;     // file name without .csv
  std::string country;  // alpha-3 of where it works
  char separator = ',';
  Encoding encoding = Encoding::kUtf8;
  bool crlf = false;
  std::vector<Column> columns;  // first column is the record id
  // Capture: relative size and the profile of people it meets.
  double size = 1;
  std::map<std::string, double> nationality;  // multiplier by alpha-3 (absent = 0)
  double male = 1, female = 1, minor = 1;
  // Lists that share people more than chance (joint operations, referrals): file -> factor.
  std::map<std::string, double> affinity;
  // Writes the record of one visit: all columns but the id, in column order.
  std::function<std::vector<std::string>(Rng&, const Person&, const Visit&)> render;
  std::function<std::string(int index, const Date& day)> record_id;
};

// The five agencies of a profile ("dev" or "heldout"), empty for another name. `seed` places
// the shared sites (employer housing, shelters, detention centres).
std::vector<Agency> ProfileAgencies(std::string_view profile, uint64_t seed);
// Nationality mix of a profile: alpha-3 and weight.
std::vector<std::pair<std::string, double>> ProfileNationalities(std::string_view profile);

}  // namespace palermo::realistic
