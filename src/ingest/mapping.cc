// SPDX-License-Identifier: AGPL-3.0-or-later
// Mapping files: JSON read with nlohmann_json; its exceptions stop here.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "ingest/ingest.h"

namespace palermo::ingest {
namespace {

using Json = nlohmann::ordered_json;

// Default columns of the HTCDS JSON layout: HTCDS v2 field names, Palermo's plm_ extensions as
// `palermo export` writes them (docs/ingest.md), the trafficking events' fields as the reader
// flattens them ("hte_Country:Exploitation"), and the names exports used before the plm_
// prefix, so older files still import.
const std::vector<std::pair<std::string, std::string>>& HtcdsColumns() {
  static const std::vector<std::pair<std::string, std::string>> columns = {
      {"plm_CaseNumber", "local_id"},
      {"prs_FirstName", "given_name"},
      {"prs_SecondName", "family_name"},
      {"plm_FullName", "full_name"},
      {"prs_Gender", "sex"},
      {"prs_Birthdate", "birth_date"},
      {"plm_BirthYear", "birth_year"},
      {"plm_AgeAtIdentification", "age"},
      {"prs_Citizenship", "citizenship"},
      {"prs_MobilePhone", "phone"},
      {"prs_IdentityNumber", "document_number"},
      {"prs_MailingStreet", "address"},
      {"hte_City:Exploitation", "city"},
      {"plm_IdentificationDate", "identification_date"},
      {"vic_TypeOfExploitation", "forms"},
      {"plm_FormsOfExploitation", "forms"},
      {"hte_Country:Exploitation", "country_of_exploitation"},
      {"hte_Country:Recruitment", "recruitment_country"},
      {"vic_TraffickingStatus", "victim_status"},
      {"plm_Notes", "notes"},
      // Before the plm_ prefix (exports until December 2026).
      {"cas_CaseNumber", "local_id"},
      {"prs_FullName", "full_name"},
      {"prs_BirthYear", "birth_year"},
      {"cas_AgeAtIdentification", "age"},
      {"hte_ExploitationCity", "city"},
      {"cas_OpenDate", "identification_date"},
      {"hte_CountryOfExploitation", "country_of_exploitation"},
      {"hte_CountryOfRecruitment", "recruitment_country"},
      {"cas_Notes", "notes"}};
  return columns;
}

const std::map<std::string, std::map<std::string, std::string>>& HtcdsValues() {
  static const std::map<std::string, std::map<std::string, std::string>> values = {
      {"sex",
       {{"Feminine", "female"},
        {"Masculine", "male"},
        {"TransgenderFeminine", "other"},
        {"TransgenderMasculine", "other"},
        {"NonConforming", "other"},
        {"NonSpecifiedUnknown", "unknown"}}},
      {"victim_status",
       {{"PossibleVictimOfTrafficking", "presumed"},
        {"ActualVictimOfTrafficking", "identified"},
        {"NotAVictimOfTrafficking", "not_a_victim"}}}};
  return values;
}

Result<std::string> GetString(const Json& j, const char* key, std::string_view name) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string())
    return Status::InvalidArgument(std::string(name) + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

bool IsModelField(const std::string& field) {
  const auto& fields = ModelFields();
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

// The keys a mapping may have; keys starting with "_" are comments and ignored.
const std::vector<std::string>& MappingKeys() {
  static const std::vector<std::string> keys = {
      "agency",    "agency_name",     "agency_type", "country",  "format",
      "encoding",  "separator",       "date_order",  "columns",  "values",
      "defaults",  "list_separators", "required"};
  return keys;
}

// Levenshtein distance, for "did you mean" only (a dozen short words: a library is not worth
// its dependency here).
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// ` (did you mean "X"?)` with the nearest of `candidates` when it is a plausible typo of
// `word` (at most a third of its letters wrong), else "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(word, c);
    if (!best || d < best_distance) best = &c, best_distance = d;
  }
  if (!best || best_distance > std::max<size_t>(2, word.size() / 3)) return "";
  return " (did you mean \"" + *best + "\"?)";
}

// The message for a name that is not a model field, with the nearest one.
std::string UnknownField(const std::string& field) {
  return "unknown model field \"" + field + "\"" + DidYouMean(field, ModelFields());
}

}  // namespace

const std::vector<std::string>& ModelFields() {
  static const std::vector<std::string> fields = {"local_id",
                                                  "given_name",
                                                  "family_name",
                                                  "full_name",
                                                  "sex",
                                                  "birth_date",
                                                  "birth_year",
                                                  "age",
                                                  "citizenship",
                                                  "phone",
                                                  "document_number",
                                                  "address",
                                                  "city",
                                                  "identification_date",
                                                  "forms",
                                                  "country_of_exploitation",
                                                  "recruitment_country",
                                                  "victim_status",
                                                  "notes"};
  return fields;
}

Result<Mapping> ParseMapping(std::string_view json_text, std::string_view name) {
  const std::string where(name);
  Json j;
  if (std::optional<size_t> deep = JsonNestingBeyond(json_text))
    return Status::InvalidArgument(where + ": JSON nested deeper than " +
                                   std::to_string(kMaxJsonDepth) + " levels (byte " +
                                   std::to_string(*deep) + ")");
  try {
    j = Json::parse(json_text);
  } catch (const Json::parse_error& e) {
    return Status::InvalidArgument(where + ": not valid JSON (byte " + std::to_string(e.byte) +
                                   ")");
  } catch (const Json::exception&) {
    // out_of_range, not parse_error, for a number beyond a double ("1e999").
    return Status::InvalidArgument(where + ": " + std::string(kJsonNumberTooLarge));
  }
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be a JSON object");
  // A misspelt key ("requried") would otherwise be ignored and the import run without it.
  for (const auto& [key, value] : j.items()) {
    const auto& keys = MappingKeys();
    if (key.starts_with("_") || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    return Status::InvalidArgument(where + ": unknown key \"" + key + "\"" +
                                   DidYouMean(key, keys));
  }
  Mapping m;
  m.text = std::string(json_text);
  PALERMO_ASSIGN_OR_RETURN(m.agency, GetString(j, "agency", name));
  if (m.agency.empty()) return Status::InvalidArgument(where + ": \"agency\" is required");
  PALERMO_ASSIGN_OR_RETURN(m.agency_name, GetString(j, "agency_name", name));
  if (m.agency_name.empty()) m.agency_name = m.agency;
  PALERMO_ASSIGN_OR_RETURN(m.agency_type, GetString(j, "agency_type", name));
  PALERMO_ASSIGN_OR_RETURN(std::string country, GetString(j, "country", name));
  if (!country.empty()) {
    const Country* c = CodeLists::Default().FindCountry(country);
    if (!c) return Status::InvalidArgument(where + ": \"country\" is not an ISO 3166 country");
    m.country = c->alpha3;
  }
  PALERMO_ASSIGN_OR_RETURN(std::string format, GetString(j, "format", name));
  if (format.empty() || format == "csv")
    m.format = Format::kCsv;
  else if (format == "htcds-json" || format == "json")
    m.format = Format::kHtcdsJson;
  else
    return Status::InvalidArgument(where + ": \"format\" must be \"csv\" or \"htcds-json\"");
  PALERMO_ASSIGN_OR_RETURN(std::string encoding, GetString(j, "encoding", name));
  if (!encoding.empty()) m.encoding = encoding;
  PALERMO_ASSIGN_OR_RETURN(std::string separator, GetString(j, "separator", name));
  if (!separator.empty()) m.separator = separator;
  if (m.separator != "," && m.separator != ";" && m.separator != ", " && m.separator != "\t" &&
      m.separator != "|" && m.separator != "; ")
    return Status::InvalidArgument(
        where + ": \"separator\" must be one of \",\" \";\" \", \" \"; \" \"|\" or a tab");
  PALERMO_ASSIGN_OR_RETURN(std::string order, GetString(j, "date_order", name));
  if (order.empty())
    m.date_order = m.format == Format::kHtcdsJson ? DateOrder::kYmd : DateOrder::kDmy;
  else if (order == "dmy")
    m.date_order = DateOrder::kDmy;
  else if (order == "mdy")
    m.date_order = DateOrder::kMdy;
  else if (order == "ymd")
    m.date_order = DateOrder::kYmd;
  else
    return Status::InvalidArgument(where + ": \"date_order\" must be \"dmy\", \"mdy\" or \"ymd\"");

  try {
    if (auto it = j.find("columns"); it != j.end()) {
      if (!it->is_object())
        return Status::InvalidArgument(where + ": \"columns\" must be an object");
      for (const auto& [column, field] : it->items()) {
        if (!field.is_string())
          return Status::InvalidArgument(where + ": column \"" + column +
                                         "\" must map to a model field name");
        if (!IsModelField(field.get<std::string>()))
          return Status::InvalidArgument(where + ": column \"" + column + "\" maps to an " +
                                         UnknownField(field.get<std::string>()));
        m.columns.emplace_back(column, field.get<std::string>());
      }
    }
    if (m.columns.empty() && m.format == Format::kHtcdsJson) m.columns = HtcdsColumns();
    if (m.columns.empty())
      return Status::InvalidArgument(where + ": \"columns\" is required for CSV");
    if (m.format == Format::kHtcdsJson) m.values = HtcdsValues();
    if (auto it = j.find("values"); it != j.end()) {
      if (!it->is_object())
        return Status::InvalidArgument(where + ": \"values\" must be an object");
      for (const auto& [field, codes] : it->items()) {
        if (!IsModelField(field))
          return Status::InvalidArgument(where + ": \"values\" names an " + UnknownField(field));
        if (!codes.is_object())
          return Status::InvalidArgument(where + ": \"values\" entry \"" + field +
                                         "\" must be a model field with an object of codes");
        for (const auto& [code, value] : codes.items()) {
          if (!value.is_string())
            return Status::InvalidArgument(where + ": \"values\"." + field +
                                           " codes must map to strings");
          m.values[field][code] = value.get<std::string>();
        }
      }
    }
    for (const char* key : {"list_separators", "defaults"}) {
      auto it = j.find(key);
      if (it == j.end()) continue;
      if (!it->is_object())
        return Status::InvalidArgument(where + ": \"" + key + "\" must be an object");
      for (const auto& [field, value] : it->items()) {
        if (!IsModelField(field))
          return Status::InvalidArgument(where + ": \"" + key + "\" names an " +
                                         UnknownField(field));
        if (!value.is_string() || value.get<std::string>().empty())
          return Status::InvalidArgument(where + ": \"" + key + "\" entry \"" + field +
                                         "\" must be a model field with a non-empty string");
        (std::string_view(key) == "defaults" ? m.defaults : m.list_separators)[field] =
            value.get<std::string>();
      }
    }
    if (auto it = j.find("required"); it != j.end()) {
      if (!it->is_array())
        return Status::InvalidArgument(where + ": \"required\" must be an array");
      for (const auto& field : *it) {
        if (!field.is_string())
          return Status::InvalidArgument(where + ": \"required\" must list model field names");
        if (!IsModelField(field.get<std::string>()))
          return Status::InvalidArgument(where + ": \"required\" names an " +
                                         UnknownField(field.get<std::string>()));
        m.required.push_back(field.get<std::string>());
      }
    }
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(where + ": malformed mapping (" + std::string(e.what()) + ")");
  }
  return m;
}

Result<Mapping> LoadMapping(const std::filesystem::path& path) {
  Result<std::string> text = ReadFileToString(path);
  if (!text.ok()) return Status::NotFound("cannot read mapping " + path.string());
  return ParseMapping(*text, path.filename().string());
}

}  // namespace palermo::ingest
