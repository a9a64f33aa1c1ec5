// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/codes.h: the code lists every module shares, loaded from data/codes/.
//
// Countries follow ISO 3166-1 (plus XK/XKX for Kosovo) with English and French names and
// their UN M49 region; forms of exploitation follow HTCDS v2 vic_TypeOfExploitation with the
// UNODC GLOTIP category; age bands follow CTDC, with the child/adult boundary at 18.
//
//   const CodeLists& codes = CodeLists::Default();       // loads once, aborts if data is missing
//   const Country* c = codes.FindCountry("Nigéria");     // "NGA", "NG", "566", "nigeria" too
//   c->alpha3 == "NGA";  codes.RegionName(c->region_m49, Lang::kFr) == "Afrique"
//   AgeBandFor(17) -> "9-17"
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/i18n.h"
#include "core/result.h"

namespace palermo {

struct Country {
  std::string alpha2;
  std::string alpha3;
  std::string numeric;  // three digits, empty for XKX
  std::string name_en;
  std::string name_fr;
  std::string region_m49;     // "002" Africa ... empty for Antarctica and a few territories
  std::string subregion_m49;  // most detailed M49 area, e.g. "011" Western Africa
  const std::string& Name(Lang lang) const { return lang == Lang::kFr ? name_fr : name_en; }
};

struct FormOfExploitation {
  std::string code;  // Palermo's code: "sexual", "forced_labour", ...
  std::string htcds_value;
  std::string glotip_category;
  std::string label_en;
  std::string label_fr;
};

struct AgeBand {
  std::string label;  // "0-8", ..., "48+"
  int min_years;
  std::optional<int> max_years;
  bool is_minor;
};

// Child/adult boundary (UN CRC, Palermo Protocol art. 3(d)).
inline constexpr int kAgeOfMajority = 18;

class CodeLists {
 public:
  // Loads data/codes/*.csv. InvalidArgument/NotFound names the file and line.
  static Result<std::unique_ptr<CodeLists>> Load();
  // The process-wide instance; aborts with the load error if the data files are missing,
  // since nothing in Palermo can work without them.
  static const CodeLists& Default();

  // By alpha-2, alpha-3, numeric, or English/French/official name (case, accents and script
  // insensitive). nullptr when unknown.
  const Country* FindCountry(std::string_view code_or_name) const;
  const std::vector<Country>& countries() const { return countries_; }
  // M49 region or subregion name; the code itself when unknown.
  std::string RegionName(std::string_view m49_code, Lang lang) const;

  // By Palermo code or HTCDS value or English/French label. nullptr when unknown.
  const FormOfExploitation* FindForm(std::string_view code_or_label) const;
  const std::vector<FormOfExploitation>& forms() const { return forms_; }

  const std::vector<AgeBand>& age_bands() const { return age_bands_; }
  // The CTDC band holding `age_years`. REQUIRES: age_years >= 0.
  const AgeBand& AgeBandFor(int age_years) const;

 private:
  CodeLists() = default;
  std::vector<Country> countries_;
  std::unordered_map<std::string, size_t> country_index_;  // folded key -> countries_ index
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> region_names_;
  std::vector<FormOfExploitation> forms_;
  std::unordered_map<std::string, size_t> form_index_;
  std::vector<AgeBand> age_bands_;
};

}  // namespace palermo
