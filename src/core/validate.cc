// SPDX-License-Identifier: AGPL-3.0-or-later
// The one validator of a case (validate.h).
#include "core/validate.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <chrono>

#include "core/codes.h"
#include "core/text.h"

namespace palermo {
namespace {

constexpr size_t kMaxShort = 200;
constexpr size_t kMaxText = 4000;

struct Label {
  std::string_view field;
  Msg label;
};
constexpr Label kLabels[] = {
    {"local_id", {"Case number", "Numéro de dossier"}},
    {"sex", {"Sex", "Sexe"}},
    {"gender_detail", {"Gender (as stated)", "Genre (tel que déclaré)"}},
    {"victim_status", {"Victim status", "Statut de victime"}},
    {"citizenship", {"Citizenship", "Nationalité"}},
    {"country_of_exploitation", {"Country of exploitation", "Pays d’exploitation"}},
    {"forms", {"Forms of exploitation", "Formes d’exploitation"}},
    {"identification_date", {"Date of identification", "Date d’identification"}},
    {"age_at_identification", {"Age at identification", "Âge à l’identification"}},
    {"given_name", {"Given name", "Prénom"}},
    {"family_name", {"Family name", "Nom de famille"}},
    {"full_name", {"Full name", "Nom complet"}},
    {"birth_date", {"Date of birth", "Date de naissance"}},
    {"birth_year", {"Year of birth", "Année de naissance"}},
    {"document_numbers", {"Document numbers", "Numéros de document"}},
    {"phones", {"Phone numbers", "Numéros de téléphone"}},
    {"address", {"Address", "Adresse"}},
    {"notes", {"Notes", "Notes"}},
    {"reason", {"Reason for the change", "Motif de la modification"}},
    {"decision", {"Decision", "Décision"}},
    {"date", {"Date", "Date"}},
};

class Errors {
 public:
  void Add(std::string_view field, std::string en, std::string fr) {
    out_.push_back({std::string(field), std::move(en), std::move(fr)});
  }
  void Add(FieldError e) { out_.push_back(std::move(e)); }
  bool Has(std::string_view field) const {
    return std::any_of(out_.begin(), out_.end(),
                       [&](const FieldError& e) { return e.field == field; });
  }
  std::vector<FieldError> Take() { return std::move(out_); }

 private:
  std::vector<FieldError> out_;
};

// Length, UTF-8 and no control character (`multi_line` allows tabs and line breaks).
void CheckText(Errors& errors, std::string_view field, std::string_view value, size_t max,
               bool multi_line = false) {
  if (errors.Has(field)) return;
  if (value.size() > max) {
    errors.Add(field, "too long (at most " + std::to_string(max) + " bytes)",
               "trop long (au plus " + std::to_string(max) + " octets)");
    return;
  }
  if (!IsValidUtf8(value)) {
    errors.Add(field, "not UTF-8", "n’est pas en UTF-8");
    return;
  }
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (multi_line && (c == '\t' || c == '\n' || c == '\r')) continue;
    if (byte < 0x20 || byte == 0x7F) {
      errors.Add(field, "contains a control character", "contient un caractère de contrôle");
      return;
    }
  }
}

bool CheckDocument(std::string_view doc) {
  if (Trim(doc).empty()) return false;
  return std::all_of(doc.begin(), doc.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == ' ' || c == '-' || c == '/' || c == '.' || b >= 0x80;  // letters of any script
  });
}

}  // namespace

PartialDate TodayUtcDate() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{today};
  return *PartialDate::FromParts(static_cast<int>(ymd.year()),
                                 static_cast<int>(static_cast<unsigned>(ymd.month())),
                                 static_cast<int>(static_cast<unsigned>(ymd.day())));
}

bool CheckPhone(std::string_view phone, FieldError* what) {
  const auto fail = [&](std::string en, std::string fr) {
    if (what != nullptr) *what = FieldError{"phones", std::move(en), std::move(fr)};
    return false;
  };
  const std::string_view text = Trim(phone);
  const bool chars_ok = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' ||
           c == '.' || c == '/';
  });
  if (!chars_ok) {
    return fail("not a phone number (digits, spaces and + - ( ) . / only)",
                "n’est pas un numéro de téléphone (chiffres, espaces et + - ( ) . / seulement)");
  }
  const auto digits = std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits < 6 || digits > 15) {
    return fail("not a phone number (6 to 15 digits)",
                "n’est pas un numéro de téléphone (6 à 15 chiffres)");
  }
  if (text.front() == '+') {
    using i18n::phonenumbers::PhoneNumber;
    using i18n::phonenumbers::PhoneNumberUtil;
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    // The country calling code must exist. The number's length for that country is not
    // checked: agency lists hold numbers libphonenumber's length tables reject (old numbering
    // plans, one digit mistyped), and a case is not refused, nor left out of the statistics,
    // for its phone's length.
    if (util.Parse(std::string(text), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
      return fail("not an international number (E.164: + and a country code)",
                  "n’est pas un numéro international (E.164 : + et un indicatif de pays)");
    }
  }
  return true;
}

std::vector<FieldError> ValidateCase(const CaseRecord& r, const PartialDate& today) {
  Errors errors;
  const DirectIdentifiers& ids = r.person.identifiers;
  if (Trim(r.local_id).empty()) errors.Add("local_id", "required", "obligatoire");
  CheckText(errors, "local_id", r.local_id, kMaxShort);
  CheckText(errors, "gender_detail", r.person.gender_detail, kMaxShort);
  const CodeLists& codes = CodeLists::Default();
  if (!r.person.citizenship.empty() && codes.FindCountry(r.person.citizenship) == nullptr) {
    errors.Add("citizenship", "unknown country (expected an ISO 3166 code)",
               "pays inconnu (code ISO 3166 attendu)");
  }
  if (!r.country_of_exploitation.empty() &&
      codes.FindCountry(r.country_of_exploitation) == nullptr) {
    errors.Add("country_of_exploitation", "unknown country (expected an ISO 3166 code)",
               "pays inconnu (code ISO 3166 attendu)");
  }
  for (const std::string& form : r.forms) {
    if (codes.FindForm(form) == nullptr) {
      errors.Add("forms", "unknown form of exploitation (not in the code list)",
                 "forme d’exploitation inconnue (absente de la liste des codes)");
      break;
    }
  }
  if (r.identification_date && r.identification_date->EarliestDay() > today.LatestDay()) {
    errors.Add("identification_date", "in the future", "dans le futur");
  }
  if (r.age_at_identification && (*r.age_at_identification < 0 || *r.age_at_identification > 120)) {
    errors.Add("age_at_identification", "outside 0-120 years", "hors de 0 à 120 ans");
  }
  CheckText(errors, "given_name", ids.given_name, kMaxShort);
  CheckText(errors, "family_name", ids.family_name, kMaxShort);
  CheckText(errors, "full_name", ids.full_name, kMaxShort);
  CheckText(errors, "address", ids.address, kMaxShort);
  if (ids.birth_date && ids.birth_date->EarliestDay() > today.LatestDay()) {
    errors.Add("birth_date", "in the future", "dans le futur");
  }
  // A birth year that is the birth date's own (derived from it) is the birth date's problem.
  const bool year_of_birth_date =
      ids.birth_date && r.person.birth_year && *r.person.birth_year == ids.birth_date->year();
  if (r.person.birth_year && !year_of_birth_date &&
      (*r.person.birth_year < PartialDate::kMinYear || *r.person.birth_year > today.year())) {
    errors.Add("birth_year", "not a plausible year (before 1900 or in the future)",
               "année invraisemblable (avant 1900 ou dans le futur)");
  }
  for (const std::string& d : ids.document_numbers) {
    CheckText(errors, "document_numbers", d, kMaxShort);
    if (!errors.Has("document_numbers") && !CheckDocument(d)) {
      errors.Add("document_numbers", "not a document number (letters, digits, spaces and - / .)",
                 "n’est pas un numéro de document (lettres, chiffres, espaces et - / .)");
    }
  }
  for (const std::string& p : ids.phones) {
    FieldError why;
    if (errors.Has("phones")) break;
    if (!CheckPhone(p, &why)) errors.Add(std::move(why));
  }
  CheckText(errors, "notes", r.notes, kMaxText, /*multi_line=*/true);

  // Cross-field plausibility.
  const std::optional<PartialDate>& birth = ids.birth_date;
  if (birth && !errors.Has("birth_date")) {
    if (r.person.birth_year && *r.person.birth_year != birth->year() && !errors.Has("birth_year")) {
      errors.Add("birth_year", "does not match birth_date",
                 "ne correspond pas à la date de naissance");
    }
    if (r.identification_date && !errors.Has("identification_date")) {
      const std::optional<AgeRange> range = PossibleAge(*birth, *r.identification_date);
      if (birth->EarliestDay() > r.identification_date->LatestDay()) {
        errors.Add("birth_date", "after identification_date",
                   "postérieure à la date d’identification");
      } else if (range && range->min_years > 120) {
        errors.Add("birth_date", "implies an age over 120 at identification",
                   "implique un âge de plus de 120 ans à l’identification");
      } else if (range && r.age_at_identification && !errors.Has("age_at_identification") &&
                 (*r.age_at_identification < range->min_years ||
                  *r.age_at_identification > range->max_years)) {
        errors.Add("age_at_identification", "does not match the birth date",
                   "ne correspond pas à la date de naissance");
      }
    } else if (const std::optional<AgeRange> range = PossibleAge(*birth, today);
               range && range->min_years > 120) {
      errors.Add("birth_date", "implies an age over 120", "implique un âge de plus de 120 ans");
    }
  } else if (!birth && r.person.birth_year && r.identification_date &&
             !errors.Has("birth_year") && !errors.Has("identification_date")) {
    const int year = *r.person.birth_year;
    if (year > r.identification_date->year()) {
      errors.Add("birth_year", "after identification_date",
                 "postérieure à la date d’identification");
    } else if (r.age_at_identification && !errors.Has("age_at_identification")) {
      const int span = r.identification_date->year() - year;
      if (*r.age_at_identification < span - 1 || *r.age_at_identification > span) {
        errors.Add("age_at_identification", "does not match the year of birth",
                   "ne correspond pas à l’année de naissance");
      }
    }
  }
  return errors.Take();
}

std::string CaseFieldLabel(std::string_view field, Lang lang) {
  for (const Label& l : kLabels) {
    if (l.field == field) return l.label.Get(lang);
  }
  return std::string(field);
}

std::string JoinFieldErrors(const std::vector<FieldError>& errors, Lang lang) {
  std::string out;
  for (const FieldError& e : errors) {
    if (!out.empty()) out += "; ";
    out += e.field + ": " + e.message(lang);
  }
  return out;
}

}  // namespace palermo
