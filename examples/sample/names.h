// examples/sample/names.h: name pools of the sample generator (internal to examples/).
#pragma once

#include <string>
#include <vector>

namespace palermo::sample {

// One name as its bearer writes it (`native`, any script) and as agencies transliterate it:
// latin[0] is plain ASCII (passport/MRZ style), the others are other spellings in use.
struct NameForms {
  const char* native;
  std::vector<const char*> latin;
};

// Common names of one language area. Script of `native`: "Latin", "Cyrillic", "Arabic",
// "Thai", "Han".
struct NamePool {
  const char* group;
  const char* script;
  bool family_first;  // customary order when written as one string (Chinese, Vietnamese)
  std::vector<NameForms> female_given;
  std::vector<NameForms> male_given;
  std::vector<NameForms> family;       // female forms where family names are gendered
  std::vector<NameForms> male_family;  // same order as `family`; empty when not gendered
};

// Pool for a citizenship (alpha-3); a Latin-script default for others.
const NamePool& PoolForCountry(const std::string& alpha3);

// Full names ("given family", ASCII, lower case) of well-known people that the generator
// must never produce.
const std::vector<std::string>& ForbiddenFullNames();

}  // namespace palermo::sample
