// SPDX-License-Identifier: AGPL-3.0-or-later
// Row validation and conversion to the case model. Reasons are fixed English phrases: a
// reason never contains the cell's text, since any cell may hold personal data.
#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "core/validate.h"
#include "ingest/ingest.h"

namespace palermo::ingest {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(Trim(s));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Value map of `field`: exact code first, then case-insensitive.
std::string MapValue(const Mapping& mapping, const std::string& field, std::string_view value) {
  auto codes = mapping.values.find(field);
  if (codes == mapping.values.end()) return std::string(value);
  if (auto it = codes->second.find(std::string(value)); it != codes->second.end())
    return it->second;
  const std::string lowered = LowerAscii(value);
  for (const auto& [code, mapped] : codes->second)
    if (LowerAscii(code) == lowered) return mapped;
  return std::string(value);
}

// Code-list lookups fold text through ICU; agency files repeat a few values many times, so
// results are cached per thread.
const Country* CachedCountry(std::string_view text) {
  thread_local std::unordered_map<std::string, const Country*> cache;
  auto [it, inserted] = cache.try_emplace(std::string(text), nullptr);
  if (inserted) it->second = CodeLists::Default().FindCountry(text);
  return it->second;
}

const FormOfExploitation* CachedForm(std::string_view text) {
  thread_local std::unordered_map<std::string, const FormOfExploitation*> cache;
  auto [it, inserted] = cache.try_emplace(std::string(text), nullptr);
  if (inserted) it->second = CodeLists::Default().FindForm(text);
  return it->second;
}

std::optional<Sex> SexFromText(std::string_view text) {
  static const std::unordered_map<std::string, Sex> aliases = {
      {"female", Sex::kFemale},   {"f", Sex::kFemale},     {"woman", Sex::kFemale},
      {"w", Sex::kFemale},        {"femme", Sex::kFemale}, {"male", Sex::kMale},
      {"m", Sex::kMale},          {"man", Sex::kMale},     {"homme", Sex::kMale},
      {"h", Sex::kMale},          {"other", Sex::kOther},  {"x", Sex::kOther},
      {"unknown", Sex::kUnknown}, {"u", Sex::kUnknown}};
  auto it = aliases.find(LowerAscii(text));
  if (it == aliases.end()) return std::nullopt;
  return it->second;
}

std::optional<VictimStatus> VictimStatusFromText(std::string_view text) {
  static const std::unordered_map<std::string, VictimStatus> aliases = {
      {"presumed", VictimStatus::kPossibleVictim},
      {"possiblevictimoftrafficking", VictimStatus::kPossibleVictim},
      {"identified", VictimStatus::kActualVictim},
      {"actualvictimoftrafficking", VictimStatus::kActualVictim},
      {"not_a_victim", VictimStatus::kNotAVictim},
      {"notavictimoftrafficking", VictimStatus::kNotAVictim},
      {"unknown", VictimStatus::kUnknown}};
  auto it = aliases.find(LowerAscii(text));
  if (it == aliases.end()) return std::nullopt;
  return it->second;
}

std::optional<int> ParseInt(std::string_view text) {
  text = Trim(text);
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> SplitList(std::string_view text, std::string_view separator) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    std::string_view item =
        Trim(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (!item.empty()) items.emplace_back(item);
    if (end == std::string_view::npos) break;
    start = end + separator.size();
  }
  return items;
}

const char* ExpectedDate(DateOrder order) {
  switch (order) {
    case DateOrder::kDmy:
      return "DD/MM/YYYY";
    case DateOrder::kMdy:
      return "MM/DD/YYYY";
    case DateOrder::kYmd:
      return "YYYY-MM-DD";
  }
  return "";
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Collects the problems of one row; the first one is reported.
class Problems {
 public:
  void Add(std::string field, std::string reason) {
    for (const RowProblem& p : all_) {
      if (p.field == field) return;  // one problem per field, as the API reports them
    }
    all_.push_back({std::move(field), std::move(reason)});
  }
  bool any() const { return !all_.empty(); }
  // The first problem, the others named after it: "(and 1 more problem: phone: …)".
  RowProblem Take() const {
    RowProblem p = all_.front();
    if (all_.size() > 1) {
      p.reason += " (and " + std::to_string(all_.size() - 1) + " more problem" +
                  (all_.size() > 2 ? "s" : "") + ":";
      for (size_t i = 1; i < all_.size(); ++i) {
        p.reason += (i > 1 ? "; " : " ") + all_[i].field + ": " + all_[i].reason;
      }
      p.reason += ")";
    }
    return p;
  }

 private:
  std::vector<RowProblem> all_;
};

// The import's name of a validator field (core/validate.h): the mapping's model fields.
std::string ImportField(const std::string& field) {
  if (field == "phones") return "phone";
  if (field == "document_numbers") return "document_number";
  if (field == "age_at_identification") return "age";
  return field;
}

}  // namespace

Result<PartialDate> ParseDate(std::string_view text, DateOrder order) {
  const std::string expected = std::string("not a date (expected ") + ExpectedDate(order) + ")";
  text = Trim(text);
  std::vector<std::string_view> parts;
  if (AllDigits(text)) {
    if (text.size() == 4)
      parts = {text};
    else if (text.size() == 8)
      parts = {text.substr(0, 4), text.substr(4, 2), text.substr(6, 2)};
    else
      return Status::InvalidArgument(expected);
  } else {
    size_t start = 0;
    for (size_t pos = 0; pos <= text.size(); ++pos) {
      if (pos == text.size() || text[pos] == '/' || text[pos] == '-' || text[pos] == '.' ||
          text[pos] == ' ') {
        parts.push_back(text.substr(start, pos - start));
        start = pos + 1;
      }
    }
  }
  for (std::string_view p : parts)
    if (!AllDigits(p) || p.size() > 4) return Status::InvalidArgument(expected);
  int y = 0, m = 0, d = 0;
  auto num = [](std::string_view s) { return *ParseInt(s); };
  if (parts.size() == 1 && parts[0].size() == 4) {
    y = num(parts[0]);
  } else if (parts.size() == 2 && parts[0].size() == 4 && parts[1].size() <= 2) {
    y = num(parts[0]);
    m = num(parts[1]);
  } else if (parts.size() == 2 && parts[1].size() == 4 && parts[0].size() <= 2) {
    y = num(parts[1]);
    m = num(parts[0]);
  } else if (parts.size() == 3 && parts[0].size() == 4 && parts[1].size() <= 2 &&
             parts[2].size() <= 2) {
    y = num(parts[0]);
    m = num(parts[1]);
    d = num(parts[2]);
  } else if (parts.size() == 3 && parts[2].size() == 4 && parts[0].size() <= 2 &&
             parts[1].size() <= 2 && order != DateOrder::kYmd) {
    y = num(parts[2]);
    m = num(order == DateOrder::kMdy ? parts[0] : parts[1]);
    d = num(order == DateOrder::kMdy ? parts[1] : parts[0]);
  } else {
    return Status::InvalidArgument(expected);
  }
  if (y < PartialDate::kMinYear || y > PartialDate::kMaxYear)
    return Status::InvalidArgument("year before 1900 or after 2100");
  if (m == 0 && d != 0) return Status::InvalidArgument(expected);
  Result<PartialDate> date = PartialDate::FromParts(y, m, d);
  if (!date.ok())
    return Status::InvalidArgument(std::string("no such day in the calendar (expected ") +
                                   ExpectedDate(order) + ")");
  return date;
}

std::string ContentHash(std::string_view agency, const RawRow& row) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  auto feed = [&](std::string_view s, char terminator) {
    XXH3_128bits_update(state, s.data(), s.size());
    XXH3_128bits_update(state, &terminator, 1);
  };
  feed(agency, '\x1d');
  std::vector<std::pair<std::string_view, std::string_view>> cells;
  cells.reserve(row.cells.size());
  for (const auto& [column, value] : row.cells) cells.emplace_back(Trim(column), Trim(value));
  std::sort(cells.begin(), cells.end());
  for (const auto& [column, value] : cells) {
    feed(column, '\x1e');
    feed(value, '\x1f');
  }
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, h);
  static const char kHex[] = "0123456789abcdef";
  std::string out = "xxh128:";
  for (unsigned char byte : canonical.digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

Conversion ConvertRow(const Mapping& mapping, const RawRow& row, const PartialDate& today) {
  Conversion result;
  // The limits come first: a row of 160,000 cells also has the wrong number of fields, but
  // the limit is the reason worth reading.
  if (row.cells.size() > kMaxFieldsPerRow) {
    result.problem = {"", "the row has " + std::to_string(row.cells.size()) +
                              " fields; at most " + std::to_string(kMaxFieldsPerRow) +
                              " are read"};
    return result;
  }
  for (const auto& [column, cell] : row.cells) {
    if (cell.size() > kMaxCellBytes) {
      result.problem = {column, "longer than " + std::to_string(kMaxCellBytes) +
                                    " bytes, the limit for one cell"};
      return result;
    }
  }
  if (row.structure_problem) {
    result.problem = {"", *row.structure_problem};
    return result;
  }
  // Gather the mapped values by model field (several columns may feed a list field).
  std::map<std::string, std::string> value_of;
  for (const auto& [column, field] : mapping.columns) {
    for (const auto& [cell_column, cell] : row.cells) {
      if (cell_column != column) continue;
      std::string_view v = Trim(cell);
      if (v.empty()) continue;
      std::string& slot = value_of[field];
      if (!slot.empty())
        slot += mapping.list_separators.count(field) ? mapping.list_separators.at(field) : "|";
      slot += v;
    }
  }
  for (const auto& [field, value] : mapping.defaults)
    if (!value_of.count(field)) value_of[field] = value;

  Problems problems;
  CaseRecord record;
  record.agency = mapping.agency;
  auto get = [&](const std::string& field) -> std::string_view {
    auto it = value_of.find(field);
    return it == value_of.end() ? std::string_view() : std::string_view(it->second);
  };
  auto list_separator = [&](const std::string& field) -> std::string {
    auto it = mapping.list_separators.find(field);
    return it == mapping.list_separators.end() ? "|" : it->second;
  };
  auto country = [&](const std::string& field) -> std::string {
    std::string_view v = get(field);
    if (v.empty()) return "";
    const Country* c = CachedCountry(MapValue(mapping, field, v));
    if (!c) {
      problems.Add(field,
                   "unknown country (expected an ISO 3166 code or an English or French name)");
      return "";
    }
    return c->alpha3;
  };
  std::optional<PartialDate> birth_date;
  std::optional<int> explicit_birth_year;
  for (const std::string& field : ModelFields()) {
    std::string_view v = get(field);
    if (v.empty()) continue;
    // A NUL or an escape sequence in an identifier would be stored, blind-indexed and echoed
    // to screens and exports; the server refuses them the same way (CheckText, gate.cc).
    if ((field == "local_id" || field == "given_name" || field == "family_name" ||
         field == "full_name" || field == "address" || field == "phone" ||
         field == "document_number") &&
        std::any_of(v.begin(), v.end(), [](char c) {
          return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7F;
        })) {
      problems.Add(field, "contains a control character");
      continue;
    }
    if (field == "local_id") {
      record.local_id = std::string(v);
    } else if (field == "given_name") {
      record.person.identifiers.given_name = std::string(v);
    } else if (field == "family_name") {
      record.person.identifiers.family_name = std::string(v);
    } else if (field == "full_name") {
      record.person.identifiers.full_name = std::string(v);
    } else if (field == "address") {
      record.person.identifiers.address = std::string(v);
    } else if (field == "notes") {
      record.notes = std::string(v);
    } else if (field == "sex") {
      const std::string mapped = MapValue(mapping, field, v);
      std::optional<Sex> sex = SexFromText(mapped);
      if (!sex)
        problems.Add(field,
                     "unknown code (not female, male, other, unknown, nor a code in the mapping's "
                     "values for sex)");
      else
        record.person.sex = *sex;
    } else if (field == "birth_date" || field == "identification_date") {
      Result<PartialDate> d = ParseDate(MapValue(mapping, field, v), mapping.date_order);
      if (!d.ok()) {
        problems.Add(field, d.status().message());
        continue;
      }
      if (field == "birth_date") {
        birth_date = *d;
        record.person.identifiers.birth_date = *d;
      } else {
        record.identification_date = *d;
      }
    } else if (field == "birth_year") {
      std::optional<int> y = ParseInt(MapValue(mapping, field, v));
      if (!y || v.size() != 4)
        problems.Add(field, "not a year (expected YYYY)");
      else if (*y < PartialDate::kMinYear || *y > today.year())
        problems.Add(field, "not a plausible year (before 1900 or in the future)");
      else
        record.person.birth_year = explicit_birth_year = *y;
    } else if (field == "age") {
      std::optional<int> age = ParseInt(MapValue(mapping, field, v));
      if (!age)
        problems.Add(field, "not a whole number of years");
      else if (*age < 0 || *age > 120)
        problems.Add(field, "outside 0-120 years");
      else
        record.age_at_identification = *age;
    } else if (field == "citizenship") {
      record.person.citizenship = country(field);
    } else if (field == "country_of_exploitation") {
      record.country_of_exploitation = country(field);
    } else if (field == "recruitment_country") {
      const std::string c = country(field);
      if (!c.empty()) {
        TraffickingEvent event;
        event.type = EventType::kRecruitment;
        event.country = c;
        record.events.push_back(std::move(event));
      }
    } else if (field == "phone") {
      // Checked with the other fields by the one validator (core/validate.h) below.
      for (const std::string& phone : SplitList(v, list_separator(field)))
        record.person.identifiers.phones.push_back(phone);
    } else if (field == "document_number") {
      for (const std::string& doc : SplitList(v, list_separator(field)))
        record.person.identifiers.document_numbers.push_back(doc);
    } else if (field == "forms") {
      for (const std::string& item : SplitList(v, list_separator(field))) {
        const FormOfExploitation* form = CachedForm(MapValue(mapping, field, item));
        if (!form) {
          problems.Add(field,
                       "unknown form of exploitation (not in the code list nor in the mapping's "
                       "values for forms)");
          break;
        }
        if (std::find(record.forms.begin(), record.forms.end(), form->code) == record.forms.end())
          record.forms.push_back(form->code);
      }
    } else if (field == "victim_status") {
      std::optional<VictimStatus> s = VictimStatusFromText(MapValue(mapping, field, v));
      if (!s)
        problems.Add(field,
                     "unknown code (not presumed, identified, not_a_victim, unknown, nor a code in "
                     "the mapping's values)");
      else
        record.victim_status = *s;
    }
  }
  // City and country of exploitation make the exploitation event.
  if (!record.country_of_exploitation.empty() || !get("city").empty()) {
    TraffickingEvent event;
    event.type = EventType::kExploitation;
    event.country = record.country_of_exploitation;
    event.place = std::string(get("city"));
    record.events.push_back(std::move(event));
  }
  if (birth_date) {
    if (explicit_birth_year && *explicit_birth_year != birth_date->year())
      problems.Add("birth_year", "does not match birth_date");
    record.person.birth_year = birth_date->year();
  }
  // Dates in the future, birth before identification, plausible ages, known codes, phones: the
  // one validator every way in uses (web form, API, CLI), so a row is refused for the same
  // reasons as the same case typed in. Its local id is the mapping's business (required).
  for (const FieldError& e : ValidateCase(record, today)) {
    if (e.field == "local_id" && record.local_id.empty()) continue;
    problems.Add(ImportField(e.field), e.en);
  }
  // Age at identification is kept outside the identifiers, for statistics: derive it from
  // the birth date while the birth date (an identifier, encrypted at rest) is at hand.
  if (!record.age_at_identification && birth_date && record.identification_date)
    record.age_at_identification = AgeInYears(*birth_date, *record.identification_date);
  for (const std::string& field : mapping.required)
    if (get(field).empty()) problems.Add(field, "required but empty");

  if (problems.any()) {
    result.problem = problems.Take();
    return result;
  }
  result.record = std::move(record);
  return result;
}

}  // namespace palermo::ingest
