// SPDX-License-Identifier: AGPL-3.0-or-later
// A case as a packet's payload and back (payload.h); which fields each purpose carries
// (exchange.h PurposeFields).
#include "exchange/payload.h"

#include <algorithm>

namespace palermo::exchange {
namespace {

using json = nlohmann::json;

// Fields every case packet carries (no direct identifier among them).
const std::vector<std::string_view> kContext = {
    "prs_Gender",          "prs_Citizenship",         "plm_BirthYear",
    "vic_TraffickingStatus", "vic_TypeOfExploitation", "plm_FormsOfExploitation",
    "plm_IdentificationDate", "plm_AgeAtIdentification", "plm_TraffickingEvents"};
// Identifiers by purpose, on top of kContext. Notes never travel.
const std::vector<std::string_view> kNames = {"prs_FirstName", "prs_SecondName", "plm_FullName",
                                              "prs_Birthdate"};

std::vector<std::string_view> Join(std::initializer_list<const std::vector<std::string_view>*> parts,
                                   std::initializer_list<std::string_view> more) {
  std::vector<std::string_view> out;
  for (const auto* p : parts) out.insert(out.end(), p->begin(), p->end());
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

const char* HtcdsGender(Sex sex) {
  switch (sex) {
    case Sex::kFemale: return "Feminine";
    case Sex::kMale: return "Masculine";
    case Sex::kOther: return "NonConforming";
    case Sex::kUnknown: break;
  }
  return "NonSpecifiedUnknown";
}
Sex SexFromHtcds(std::string_view v) {
  if (v == "Feminine" || v == "TransgenderFeminine") return Sex::kFemale;
  if (v == "Masculine" || v == "TransgenderMasculine") return Sex::kMale;
  if (v == "NonConforming") return Sex::kOther;
  return Sex::kUnknown;
}
const char* HtcdsStatus(VictimStatus s) {
  switch (s) {
    case VictimStatus::kPossibleVictim: return "PossibleVictimOfTrafficking";
    case VictimStatus::kActualVictim: return "ActualVictimOfTrafficking";
    case VictimStatus::kNotAVictim: return "NotAVictimOfTrafficking";
    case VictimStatus::kUnknown: break;
  }
  return "";
}
VictimStatus StatusFromHtcds(std::string_view v) {
  if (v == "PossibleVictimOfTrafficking") return VictimStatus::kPossibleVictim;
  if (v == "ActualVictimOfTrafficking") return VictimStatus::kActualVictim;
  if (v == "NotAVictimOfTrafficking") return VictimStatus::kNotAVictim;
  return VictimStatus::kUnknown;
}
const char* HtcdsEventType(EventType t) {
  switch (t) {
    case EventType::kRecruitment: return "Recruitment";
    case EventType::kTransit: return "Transit";
    case EventType::kExploitation: break;
  }
  return "Exploitation";
}

json StringArray(const std::vector<std::string>& v) {
  json a = json::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}

}  // namespace

const std::vector<std::string_view>& PurposeFields(Purpose p) {
  static const std::vector<std::string_view> referral =
      Join({&kContext, &kNames}, {"prs_MobilePhone"});
  static const std::vector<std::string_view> information =
      Join({&kContext, &kNames}, {"prs_IdentityNumber"});
  static const std::vector<std::string_view> notification = Join({&kContext, &kNames}, {});
  static const std::vector<std::string_view> ret =
      Join({&kContext, &kNames}, {"prs_IdentityNumber", "prs_MobilePhone", "prs_MailingStreet"});
  switch (p) {
    case Purpose::kReferral: return referral;
    case Purpose::kInformationRequest: return information;
    case Purpose::kCaseNotification: return notification;
    case Purpose::kReturn: return ret;
  }
  return notification;
}


namespace internal {

// The payload of a case packet for `purpose`: only the fields PurposeFields allows.
json Project(const CaseRecord& c, Purpose purpose) {
  const std::vector<std::string_view>& allowed = PurposeFields(purpose);
  auto may = [&](std::string_view f) {
    return std::find(allowed.begin(), allowed.end(), f) != allowed.end();
  };
  json o = json::object();
  const CodeLists& codes = CodeLists::Default();
  const DirectIdentifiers& id = c.person.identifiers;
  auto put = [&](std::string_view field, json value) {
    if (may(field)) o[std::string(field)] = std::move(value);
  };
  put("prs_Gender", HtcdsGender(c.person.sex));
  if (!c.person.citizenship.empty()) put("prs_Citizenship", c.person.citizenship);
  if (c.person.birth_year) put("plm_BirthYear", *c.person.birth_year);
  if (const char* s = HtcdsStatus(c.victim_status); *s) put("vic_TraffickingStatus", s);
  if (!c.forms.empty()) {
    // HTCDS values (a form HTCDS lacks is "Other"), and Palermo's exact codes beside them.
    json forms = json::array();
    for (const std::string& code : c.forms) {
      const FormOfExploitation* f = codes.FindForm(code);
      const std::string value = f ? f->htcds_value : "Other";
      if (std::find(forms.begin(), forms.end(), value) == forms.end()) forms.push_back(value);
    }
    put("vic_TypeOfExploitation", forms);
    put("plm_FormsOfExploitation", StringArray(c.forms));
  }
  if (c.identification_date) put("plm_IdentificationDate", c.identification_date->ToString());
  if (c.age_at_identification) put("plm_AgeAtIdentification", *c.age_at_identification);
  json events = json::array();
  for (const TraffickingEvent& e : c.events) {
    json ev{{"hte_Type", HtcdsEventType(e.type)}};
    if (!e.country.empty()) ev["hte_Country"] = e.country;
    if (!e.place.empty()) ev["hte_City"] = e.place;
    if (e.start) ev["hte_Date"] = e.start->ToString();
    events.push_back(ev);
  }
  if (!c.country_of_exploitation.empty() &&
      std::none_of(c.events.begin(), c.events.end(), [](const TraffickingEvent& e) {
        return e.type == EventType::kExploitation && !e.country.empty();
      }))
    events.push_back({{"hte_Type", "Exploitation"}, {"hte_Country", c.country_of_exploitation}});
  if (!events.empty()) put("plm_TraffickingEvents", events);
  if (!id.given_name.empty()) put("prs_FirstName", id.given_name);
  if (!id.family_name.empty()) put("prs_SecondName", id.family_name);
  if (!id.full_name.empty()) put("plm_FullName", id.full_name);
  if (id.birth_date) put("prs_Birthdate", id.birth_date->ToString());
  if (!id.document_numbers.empty()) put("prs_IdentityNumber", StringArray(id.document_numbers));
  if (!id.phones.empty()) put("prs_MobilePhone", StringArray(id.phones));
  if (!id.address.empty()) put("prs_MailingStreet", id.address);
  return o;
}

Status BadPayload(Lang lang, std::string_view field) {
  return Status::InvalidArgument(
      Format({"the packet's content is not a valid case (field {field})",
              "le contenu du paquet n'est pas un dossier valide (champ {field})"},
             lang, {{"field", std::string(field.substr(0, 40))}}));
}

// The inverse of Project, with every field type checked. Unknown fields are refused: a packet
// carries nothing its purpose does not allow.
Result<CaseRecord> Unproject(const json& o, Purpose purpose, Lang lang) {
  const std::vector<std::string_view>& allowed = PurposeFields(purpose);
  CaseRecord c;
  const CodeLists& codes = CodeLists::Default();
  auto text = [&](const json& v, std::string_view f) -> Result<std::string> {
    if (!v.is_string() || v.get_ref<const std::string&>().size() > 1000) return BadPayload(lang, f);
    return v.get<std::string>();
  };
  auto date = [&](const json& v, std::string_view f) -> Result<PartialDate> {
    PALERMO_ASSIGN_OR_RETURN(const std::string s, text(v, f));
    Result<PartialDate> d = PartialDate::Parse(s);
    if (!d.ok()) return BadPayload(lang, f);
    return *d;
  };
  auto strings = [&](const json& v, std::string_view f) -> Result<std::vector<std::string>> {
    if (!v.is_array() || v.size() > 20) return BadPayload(lang, f);
    std::vector<std::string> out;
    for (const json& s : v) {
      PALERMO_ASSIGN_OR_RETURN(std::string t, text(s, f));
      out.push_back(std::move(t));
    }
    return out;
  };
  for (const auto& [key, v] : o.items()) {
    if (key.rfind("plm_", 0) == 0 &&
        (key == "plm_PayloadVersion" || key == "plm_Purpose" || key == "plm_SenderReference" ||
         key == "plm_Handling" || key == "plm_Restrictions" || key == "plm_SourceReliability" ||
         key == "plm_InformationAccuracy" || key == "plm_Consent" || key == "plm_InReplyTo"))
      continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return BadPayload(lang, key);
    if (key == "prs_Gender") {
      PALERMO_ASSIGN_OR_RETURN(const std::string s, text(v, key));
      c.person.sex = SexFromHtcds(s);
    } else if (key == "prs_Citizenship") {
      PALERMO_ASSIGN_OR_RETURN(c.person.citizenship, text(v, key));
    } else if (key == "plm_BirthYear") {
      if (!v.is_number_integer()) return BadPayload(lang, key);
      c.person.birth_year = v.get<int>();
    } else if (key == "vic_TraffickingStatus") {
      PALERMO_ASSIGN_OR_RETURN(const std::string s, text(v, key));
      c.victim_status = StatusFromHtcds(s);
    } else if (key == "vic_TypeOfExploitation") {
      // Checked against HTCDS's list; the exact codes (plm_FormsOfExploitation) give the forms.
      PALERMO_ASSIGN_OR_RETURN(const std::vector<std::string> values, strings(v, key));
      for (const std::string& value : values)
        if (std::none_of(codes.forms().begin(), codes.forms().end(),
                         [&](const FormOfExploitation& f) { return f.htcds_value == value; }) &&
            value != "Other")
          return BadPayload(lang, key);
    } else if (key == "plm_FormsOfExploitation") {
      PALERMO_ASSIGN_OR_RETURN(const std::vector<std::string> forms, strings(v, key));
      for (const std::string& code : forms) {
        if (std::none_of(codes.forms().begin(), codes.forms().end(),
                         [&](const FormOfExploitation& f) { return f.code == code; }))
          return BadPayload(lang, key);
        c.forms.push_back(code);
      }
    } else if (key == "plm_IdentificationDate") {
      PALERMO_ASSIGN_OR_RETURN(const PartialDate d, date(v, key));
      c.identification_date = d;
    } else if (key == "plm_AgeAtIdentification") {
      if (!v.is_number_integer()) return BadPayload(lang, key);
      c.age_at_identification = v.get<int>();
    } else if (key == "plm_TraffickingEvents") {
      if (!v.is_array() || v.size() > 20) return BadPayload(lang, key);
      for (const json& e : v) {
        if (!e.is_object()) return BadPayload(lang, key);
        TraffickingEvent ev;
        for (const auto& [k, x] : e.items()) {
          PALERMO_ASSIGN_OR_RETURN(const std::string s, text(x, key));
          if (k == "hte_Type") {
            if (s == "Recruitment") ev.type = EventType::kRecruitment;
            else if (s == "Transit") ev.type = EventType::kTransit;
            else if (s == "Exploitation") ev.type = EventType::kExploitation;
            else return BadPayload(lang, k);
          } else if (k == "hte_Country") {
            ev.country = s;
          } else if (k == "hte_City") {
            ev.place = s;
          } else if (k == "hte_Date") {
            Result<PartialDate> d = PartialDate::Parse(s);
            if (!d.ok()) return BadPayload(lang, k);
            ev.start = *d;
          } else {
            return BadPayload(lang, k);
          }
        }
        if (ev.type == EventType::kExploitation && c.country_of_exploitation.empty())
          c.country_of_exploitation = ev.country;
        c.events.push_back(std::move(ev));
      }
    } else if (key == "prs_FirstName") {
      PALERMO_ASSIGN_OR_RETURN(c.person.identifiers.given_name, text(v, key));
    } else if (key == "prs_SecondName") {
      PALERMO_ASSIGN_OR_RETURN(c.person.identifiers.family_name, text(v, key));
    } else if (key == "plm_FullName") {
      PALERMO_ASSIGN_OR_RETURN(c.person.identifiers.full_name, text(v, key));
    } else if (key == "prs_Birthdate") {
      PALERMO_ASSIGN_OR_RETURN(const PartialDate d, date(v, key));
      c.person.identifiers.birth_date = d;
    } else if (key == "prs_IdentityNumber") {
      PALERMO_ASSIGN_OR_RETURN(c.person.identifiers.document_numbers, strings(v, key));
    } else if (key == "prs_MobilePhone") {
      PALERMO_ASSIGN_OR_RETURN(c.person.identifiers.phones, strings(v, key));
    } else if (key == "prs_MailingStreet") {
      PALERMO_ASSIGN_OR_RETURN(c.person.identifiers.address, text(v, key));
    }
  }
  return c;
}


}  // namespace internal
}  // namespace palermo::exchange
