// SPDX-License-Identifier: AGPL-3.0-or-later
// The realistic generator's two profiles: which agencies, how often they share people, and
// which nationalities (the agency layouts are in agencies_dev.cc and agencies_heldout.cc).
#include "realistic/internal.h"

namespace palermo::realistic {

// Agency layouts (agencies_dev.cc, agencies_heldout.cc).
Agency PoliceFr(uint64_t seed);
Agency IspettoratoLavoro(uint64_t seed);
Agency CasaAcogida(uint64_t seed);
Agency HotlineCases(uint64_t seed);
Agency BorderForceUk(uint64_t seed);
Agency Astynomia(uint64_t seed);
Agency SefPortugal(uint64_t seed);
Agency OkitHu(uint64_t seed);
Agency HelplineGr(uint64_t seed);
Agency FoyerAccueil(uint64_t seed);

namespace {


// Joint operations and referrals make some lists share people more than chance would.
void Link(std::vector<Agency>& agencies, std::string_view a, std::string_view b, double factor) {
  for (Agency& x : agencies)
    for (Agency& y : agencies) {
      if (x.file == a && y.file == b) x.affinity[y.file] = factor;
      if (x.file == b && y.file == a) x.affinity[y.file] = factor;
    }
}

}  // namespace

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
