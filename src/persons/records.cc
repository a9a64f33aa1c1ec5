// SPDX-License-Identifier: AGPL-3.0-or-later
// Cases from the store as the link engine's input tables: one table per agency, one column
// per field the engine compares. Values are the store's (dates ISO 8601, sex and citizenship
// as codes), so every agency's cases read alike whatever their source file looked like.
#include <xxhash.h>

#include <map>

#include "persons/internal.h"

namespace palermo::persons::internal {
namespace {

// Columns of every table built here, with their link roles.
constexpr std::array<std::pair<const char*, link::Role>, 13> kColumns = {{
    {"case_id", link::Role::kRecordId},
    {"given_name", link::Role::kGivenName},
    {"family_name", link::Role::kFamilyName},
    {"full_name", link::Role::kFullName},
    {"sex", link::Role::kSex},
    {"birth_date", link::Role::kBirthDate},
    {"birth_year", link::Role::kBirthYear},
    {"age", link::Role::kAge},
    {"nationality", link::Role::kNationality},
    {"phone", link::Role::kPhone},
    {"document_number", link::Role::kDocumentNumber},
    {"address", link::Role::kAddress},
    // The place of exploitation (HTCDS hte_ExploitationCity, where `city` of an import
    // mapping goes): weak evidence, compared as the link module's city.
    {"city", link::Role::kCity},
}};
// The identification date, for an age on the same case.
constexpr const char* kRecordDate = "identification_date";

std::vector<std::string> RowOf(const CaseRecord& c) {
  const DirectIdentifiers& id = c.person.identifiers;
  std::vector<std::string> row;
  row.reserve(kColumns.size() + 1);
  row.push_back(std::to_string(c.id));
  row.push_back(id.given_name);
  row.push_back(id.family_name);
  row.push_back(id.full_name);
  row.push_back(c.person.sex == Sex::kUnknown ? "" : std::string(SexCode(c.person.sex)));
  row.push_back(id.birth_date ? id.birth_date->ToString() : "");
  row.push_back(!id.birth_date && c.person.birth_year ? std::to_string(*c.person.birth_year) : "");
  row.push_back(c.age_at_identification ? std::to_string(*c.age_at_identification) : "");
  row.push_back(c.person.citizenship);
  // The engine compares one phone and one document per record: the first recorded.
  row.push_back(id.phones.empty() ? "" : id.phones.front());
  row.push_back(id.document_numbers.empty() ? "" : id.document_numbers.front());
  row.push_back(id.address);
  std::string city;
  for (const TraffickingEvent& e : c.events)
    if (e.type == EventType::kExploitation && !e.place.empty()) {
      city = e.place;
      break;
    }
  row.push_back(city);
  row.push_back(c.identification_date ? c.identification_date->ToString() : "");
  return row;
}

std::string Digest(const std::vector<std::string>& row) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  for (size_t i = 1; i < row.size(); ++i) {  // not the case id
    XXH3_128bits_update(state, row[i].data(), row[i].size());
    XXH3_128bits_update(state, "\x1f", 1);
  }
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  std::string out(16, '\0');
  for (int i = 0; i < 8; ++i) {
    out[static_cast<size_t>(i)] = static_cast<char>(h.high64 >> (8 * i));
    out[static_cast<size_t>(8 + i)] = static_cast<char>(h.low64 >> (8 * i));
  }
  return out;
}

}  // namespace

LinkInput MakeLinkInput(const std::vector<CaseRecord>& cases) {
  LinkInput input;
  std::map<std::string, size_t> table_of;
  std::vector<std::string> header;
  for (const auto& [name, role] : kColumns) header.emplace_back(name);
  header.emplace_back(kRecordDate);
  std::vector<std::pair<size_t, link::Role>> roles;
  for (size_t c = 0; c < kColumns.size(); ++c) roles.emplace_back(c, kColumns[c].second);
  roles.emplace_back(kColumns.size(), link::Role::kRecordDate);
  // Tables in agency-code order, rows in case order: the same cases give the same run
  // whatever order the agencies' lists were imported in.
  std::map<std::string, std::vector<const CaseRecord*>> by_agency;
  for (const CaseRecord& c : cases) by_agency[c.agency].push_back(&c);
  for (const auto& [agency, members] : by_agency)
    for (const CaseRecord* member : members) {
      const CaseRecord& c = *member;
      auto [it, fresh] = table_of.try_emplace(c.agency, input.tables.size());
      if (fresh) {
        link::SourceTable table;
        table.name = c.agency;
        table.header = header;
        table.columns = roles;
        // The store keeps dates as ISO 8601 (year first): no day/month ambiguity.
        table.date_order = link::DateOrder::kDayFirst;
        input.tables.push_back(std::move(table));
        input.case_ids.emplace_back();
      }
      input.tables[it->second].rows.push_back(RowOf(c));
      input.case_ids[it->second].push_back(c.id);
    }
  for (const link::SourceTable& t : input.tables)
    for (const auto& row : t.rows) input.fingerprints.push_back(Digest(row));
  return input;
}

bool MayLink(std::string_view role) {
  return role == "system" || role == "admin" || role == "analyst";
}

}  // namespace palermo::persons::internal
