// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sql_rows.h"

#include <filesystem>

#include "store/sql_store.h"

namespace palermo::store::internal {

// The unit separator cannot occur in an agency code, so (agency, local_id) maps to one context.
std::string NotesContext(std::string_view agency, std::string_view local_id) {
  std::string context = "case_notes:";
  context.append(agency);
  context.push_back('\x1f');
  context.append(local_id);
  return context;
}

Result<std::optional<PartialDate>> ParseDateColumn(const SqlValue& v, std::string_view column) {
  if (IsNull(v)) return std::optional<PartialDate>();
  Result<PartialDate> date = PartialDate::Parse(AsText(v));
  if (!date.ok()) return Status::DataLoss("stored " + std::string(column) + " is not a date");
  return std::optional<PartialDate>(*date);
}

int64_t IdentifierKindCode(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kFamilyName:
      return 1;
    case IdentifierKind::kGivenName:
      return 2;
    case IdentifierKind::kFullName:
      return 3;
    case IdentifierKind::kBirthDate:
      return 4;
    case IdentifierKind::kDocument:
      return 5;
    case IdentifierKind::kPhone:
      return 6;
  }
  return 0;
}

std::string PersonContext(int64_t person_id) { return "person:" + std::to_string(person_id); }
std::string QuarantineContext(int64_t id) { return "quarantine:" + std::to_string(id); }

std::string JoinCodes(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out.push_back('|');
    out += v;
  }
  return out;
}
std::vector<std::string> SplitCodes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t bar = text.find('|');
    out.emplace_back(text.substr(0, bar));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return out;
}

Status CheckText(std::string_view value, std::string_view field) {
  if (!IsValidUtf8(value) || value.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) + " is not valid UTF-8 text");
  }
  return Status::Ok();
}

Status CheckCaseText(const CaseRecord& r, std::string_view content_hash) {
  if (r.agency.empty()) return Status::InvalidArgument("case has no agency");
  if (r.local_id.empty()) return Status::InvalidArgument("case has no local id");
  if (content_hash.empty()) return Status::InvalidArgument("case has no content hash");
  PALERMO_RETURN_IF_ERROR(CheckText(r.agency, "agency"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.local_id, "local_id"));
  PALERMO_RETURN_IF_ERROR(CheckText(content_hash, "content_hash"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.country_of_exploitation, "country_of_exploitation"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.person.gender_detail, "gender_detail"));
  PALERMO_RETURN_IF_ERROR(CheckText(r.person.citizenship, "citizenship"));
  for (const std::string& form : r.forms) PALERMO_RETURN_IF_ERROR(CheckText(form, "forms"));
  for (const TraffickingEvent& e : r.events) {
    PALERMO_RETURN_IF_ERROR(CheckText(e.country, "event country"));
    PALERMO_RETURN_IF_ERROR(CheckText(e.place, "event place"));
    for (const std::string& m : e.means_of_control) {
      PALERMO_RETURN_IF_ERROR(CheckText(m, "means_of_control"));
    }
  }
  return Status::Ok();
}

void RemoveFile(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

bool FileExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

}  // namespace palermo::store::internal
