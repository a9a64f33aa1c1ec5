// SPDX-License-Identifier: AGPL-3.0-or-later
// Export to the HTCDS JSON layout (the same field names the importer's htcds-json format
// reads, so an export imports back unchanged) and to the CTDC v2024 CSV layout.
#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/private_file.h"
#include "ingest/ingest.h"

namespace palermo::ingest {
namespace {

using Json = nlohmann::ordered_json;

const char* HtcdsGender(Sex sex) {
  switch (sex) {
    case Sex::kFemale:
      return "Feminine";
    case Sex::kMale:
      return "Masculine";
    case Sex::kOther:
      return "NonConforming";
    case Sex::kUnknown:
      break;
  }
  return "NonSpecifiedUnknown";
}

const char* HtcdsStatus(VictimStatus status) {
  switch (status) {
    case VictimStatus::kPossibleVictim:
      return "PossibleVictimOfTrafficking";
    case VictimStatus::kActualVictim:
      return "ActualVictimOfTrafficking";
    case VictimStatus::kNotAVictim:
      return "NotAVictimOfTrafficking";
    case VictimStatus::kUnknown:
      break;
  }
  return "";
}

// Exports may hold every case's identifiers: written 0600, atomically.
Status WriteAtomically(const std::filesystem::path& out, const std::string& text) {
  return WritePrivateFile(out, text);
}

Result<std::vector<CaseRecord>> AllCases(store::Store& store, bool with_identifiers,
                                         std::string_view purpose) {
  PALERMO_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx,
                           store.Begin(store::Actor{"export", "", "system"}));
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases,
                           tx->ListCases("", with_identifiers, purpose));
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return cases;
}

std::string Joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

}  // namespace

Result<int64_t> ExportHtcdsJson(store::Store& store, const std::filesystem::path& out,
                                bool with_identifiers, std::string_view purpose,
                                const std::set<CaseId>& leave_out) {
  if (with_identifiers && purpose.empty())
    return Status::InvalidArgument("an export with identifiers needs a purpose (--purpose)");
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases,
                           AllCases(store, with_identifiers, purpose));
  std::erase_if(cases, [&](const CaseRecord& c) { return leave_out.count(c.id) > 0; });
  const CodeLists& codes = CodeLists::Default();
  Json array = Json::array();
  for (const CaseRecord& c : cases) {
    // HTCDS v2 fields (../shared/data/reference/htcds/fields.csv) with values from its code
    // lists; what HTCDS has no field for goes under the plm_ prefix (docs/ingest.md).
    Json o = Json::object();
    o["plm_OrganisationCode"] = c.agency;
    o["plm_CaseNumber"] = c.local_id;
    o["prs_Gender"] = HtcdsGender(c.person.sex);
    if (!c.person.citizenship.empty()) o["prs_Citizenship"] = c.person.citizenship;
    if (c.person.birth_year && !(with_identifiers && c.person.identifiers.birth_date))
      o["plm_BirthYear"] = std::to_string(*c.person.birth_year);
    if (c.age_at_identification)
      o["plm_AgeAtIdentification"] = std::to_string(*c.age_at_identification);
    if (c.identification_date) o["plm_IdentificationDate"] = c.identification_date->ToString();
    if (!c.forms.empty()) {
      // HTCDS values (a form HTCDS lacks is "Other"), and Palermo's exact codes beside them.
      Json forms = Json::array(), codes_json = Json::array();
      for (const std::string& code : c.forms) {
        const FormOfExploitation* f = codes.FindForm(code);
        const std::string value = f ? f->htcds_value : "Other";
        if (std::find(forms.begin(), forms.end(), value) == forms.end()) forms.push_back(value);
        codes_json.push_back(code);
      }
      o["vic_TypeOfExploitation"] = forms;
      o["plm_FormsOfExploitation"] = codes_json;
    }
    if (const char* status = HtcdsStatus(c.victim_status); *status)
      o["vic_TraffickingStatus"] = status;
    // Trafficking events as HTCDS event records (hte_Type, hte_Country, hte_City).
    Json events = Json::array();
    Json exploitation{{"hte_Type", "Exploitation"}};
    if (!c.country_of_exploitation.empty()) exploitation["hte_Country"] = c.country_of_exploitation;
    for (const TraffickingEvent& e : c.events) {
      if (e.type == EventType::kRecruitment && !e.country.empty())
        events.push_back(Json{{"hte_Type", "Recruitment"}, {"hte_Country", e.country}});
      if (e.type == EventType::kExploitation && !e.place.empty() && !exploitation.contains("hte_City"))
        exploitation["hte_City"] = e.place;
    }
    if (exploitation.size() > 1) events.push_back(exploitation);
    if (!events.empty()) o["plm_TraffickingEvents"] = events;
    if (with_identifiers) {
      const DirectIdentifiers& id = c.person.identifiers;
      if (!id.given_name.empty()) o["prs_FirstName"] = id.given_name;
      if (!id.family_name.empty()) o["prs_SecondName"] = id.family_name;
      if (!id.full_name.empty()) o["plm_FullName"] = id.full_name;
      if (id.birth_date) o["prs_Birthdate"] = id.birth_date->ToString();
      if (!id.document_numbers.empty()) o["prs_IdentityNumber"] = Joined(id.document_numbers, "|");
      if (!id.phones.empty()) o["prs_MobilePhone"] = Joined(id.phones, "|");
      if (!id.address.empty()) o["prs_MailingStreet"] = id.address;
      if (!c.notes.empty()) o["plm_Notes"] = c.notes;
    }
    array.push_back(std::move(o));
  }
  PALERMO_RETURN_IF_ERROR(
      WriteAtomically(out, array.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"));
  return static_cast<int64_t>(cases.size());
}

Result<int64_t> ExportCtdcCsv(store::Store& store, const std::filesystem::path& out) {
  PALERMO_ASSIGN_OR_RETURN(std::vector<CaseRecord> cases, AllCases(store, false, ""));
  const CodeLists& codes = CodeLists::Default();
  // Column order of the CTDC Global Synthetic Dataset codebook v2 (2024), variables 1–27.
  static const char* kColumns[] = {"yearOfRegistration",
                                   "gender",
                                   "ageBroad",
                                   "citizenship",
                                   "CountryOfExploitation",
                                   "traffickMonths",
                                   "meansDebtBondageEarnings",
                                   "meansThreats",
                                   "meansAbusePsyPhySex",
                                   "meansFalsePromises",
                                   "meansDrugsAlcohol",
                                   "meansDenyBasicNeeds",
                                   "meansExcessiveWorkHours",
                                   "meansWithholdDocuments",
                                   "isForcedLabour",
                                   "isSexualExploit",
                                   "isOtherExploit",
                                   "typeOfLabourAgriculture",
                                   "typeOfLabourConstruction",
                                   "typeOfLabourDomesticWork",
                                   "typeOfLabourHospitality",
                                   "typeOfSexProstitution",
                                   "typeOfSexPornography",
                                   "recruiterRelationIntimatePartner",
                                   "recruiterRelationFriend",
                                   "recruiterRelationFamily",
                                   "recruiterRelationOther"};
  std::string text;
  for (size_t col = 0; col < std::size(kColumns); ++col) {
    if (col) text += ',';
    text += kColumns[col];
  }
  text += "\n";
  for (const CaseRecord& c : cases) {
    std::vector<std::string> row(std::size(kColumns));
    if (c.identification_date) row[0] = std::to_string(c.identification_date->year());
    row[1] = c.person.sex == Sex::kFemale  ? "Woman"
             : c.person.sex == Sex::kMale  ? "Man"
             : c.person.sex == Sex::kOther ? "Trans/Transgender/NonConforming"
                                           : "";
    std::optional<std::string> band_label;
    if (std::optional<int> age = AgeAtIdentification(c); age && *age >= 0) {
      band_label = codes.AgeBandFor(*age).label;
    } else if (c.person.birth_year && c.identification_date) {
      // Only the birth year is known: the age is one of two values; keep the band when both
      // fall in it, else leave the age unknown rather than guess.
      const int oldest = c.identification_date->year() - *c.person.birth_year;
      if (oldest >= 1 && codes.AgeBandFor(oldest).label == codes.AgeBandFor(oldest - 1).label)
        band_label = codes.AgeBandFor(oldest).label;
    }
    if (band_label) {
      // CTDC data files write the bands with a double hyphen ("0--8"); see the CTDC README.
      std::string band = *band_label;
      if (size_t dash = band.find('-'); dash != std::string::npos) band.replace(dash, 1, "--");
      row[2] = band;
    }
    row[3] = c.person.citizenship;
    row[4] = c.country_of_exploitation;
    // Binary flags are 1 or empty (NULL), never 0, as in the CTDC release.
    std::array<bool, std::size(kColumns)> flag{};
    for (const std::string& code : c.forms) {
      const FormOfExploitation* f = codes.FindForm(code);
      if (!f) continue;
      if (f->glotip_category == "forced_labour")
        flag[14] = true;
      else if (f->glotip_category == "sexual_exploitation")
        flag[15] = true;
      else
        flag[16] = true;
      if (code == "servitude") flag[19] = true;
    }
    for (size_t col = 0; col < row.size(); ++col) {
      if (col) text += ',';
      if (flag[col])
        text += '1';
      else
        text += CsvEscape(row[col]);
    }
    text += '\n';
  }
  PALERMO_RETURN_IF_ERROR(WriteAtomically(out, text));
  return static_cast<int64_t>(cases.size());
}

}  // namespace palermo::ingest
