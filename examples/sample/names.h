// SPDX-License-Identifier: AGPL-3.0-or-later
// examples/sample/names.h: name pools of the sample generator (internal to examples/).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace palermo::sample {

// One name as its bearer writes it (`native`, any script) and as agencies transliterate it:
// latin[0] is plain ASCII (passport/MRZ style), the others are other spellings in use.
struct NameForms {
  std::string native;
  std::vector<std::string> latin;
};

// Names of one kind, most frequent first, drawn with Zipf–Mandelbrot frequencies
// p(rank k) ∝ 1 / (k + 2)^exponent (k = 0, 1, ...): a few very common names and a long tail,
// as in civil registers (exponent about 1 for family names where a handful dominate, as
// Nguyễn or Wang; lower where names are diverse, as Thai family names).
class NameList {
 public:
  NameList() = default;
  NameList(std::vector<NameForms> names, double exponent);
  // The name at quantile `u` in [0, 1) of the frequency distribution.
  size_t Draw(double u) const;
  const NameForms& operator[](size_t idx) const { return names_[idx]; }
  size_t size() const { return names_.size(); }
  bool empty() const { return names_.empty(); }

 private:
  std::vector<NameForms> names_;
  std::vector<double> cumulative_;  // normalised, last = 1
};

// Names of one language area. Script of `native`: "Latin", "Cyrillic", "Arabic", "Thai",
// "Han".
struct NamePool {
  const char* group;
  const char* script;
  bool family_first;  // customary order when written as one string (Chinese, Vietnamese)
  NameList female_given;
  NameList male_given;
  NameList family;       // female forms where family names are gendered
  NameList male_family;  // same order as `family`; empty when not gendered
};

// Pool for a citizenship (alpha-3); a Latin-script default for others.
const NamePool& PoolForCountry(const std::string& alpha3);

// Full names ("given family", ASCII, lower case) of well-known people that the generator
// must never produce.
const std::vector<std::string>& ForbiddenFullNames();

}  // namespace palermo::sample
