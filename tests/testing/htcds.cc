// SPDX-License-Identifier: AGPL-3.0-or-later
#include "testing/htcds.h"

#include <map>
#include <set>

#include "core/core.h"
#include "testing/testing.h"

namespace palermo::testing {
namespace {

struct Standard {
  std::set<std::string> fields;
  std::map<std::string, std::set<std::string>> codes;  // field -> value names
};

const Standard& Load() {
  static const Standard standard = [] {
    Standard s;
    Result<CsvTable> fields = ReadCsvFile(SharedData("reference/htcds/fields.csv"));
    Result<CsvTable> lists = ReadCsvFile(SharedData("reference/htcds/codelists.csv"));
    if (!fields.ok() || !lists.ok()) return s;
    for (const auto& row : fields->rows) s.fields.insert(row[*fields->FindColumn("field")]);
    for (const auto& row : lists->rows)
      s.codes[row[*lists->FindColumn("field")]].insert(row[*lists->FindColumn("value_name")]);
    return s;
  }();
  return standard;
}

void Check(const nlohmann::json& object, const std::string& where, std::vector<std::string>& out) {
  const Standard& s = Load();
  if (s.fields.empty()) {
    out.push_back("HTCDS field list not found under ../shared/data/reference/htcds");
    return;
  }
  for (const auto& [key, value] : object.items()) {
    if (key.rfind("plm_", 0) != 0 && !s.fields.count(key))
      out.push_back(where + key + ": not an HTCDS v2 field");
    auto list = s.codes.find(key);
    auto check_value = [&](const nlohmann::json& v) {
      if (list != s.codes.end() && (!v.is_string() || !list->second.count(v.get<std::string>())))
        out.push_back(where + key + ": value " + v.dump() + " not in its HTCDS code list");
    };
    if (value.is_array()) {
      for (const nlohmann::json& item : value) {
        if (item.is_object()) Check(item, where + key + "[]/", out);
        else check_value(item);
      }
    } else if (value.is_object()) {
      // A plm_ object is Palermo's own structure (plm_Consent); anything else must conform.
      if (key.rfind("plm_", 0) != 0) Check(value, where + key + "/", out);
    } else {
      check_value(value);
    }
  }
}

}  // namespace

std::vector<std::string> HtcdsViolations(const nlohmann::json& record) {
  std::vector<std::string> out;
  Check(record, "", out);
  return out;
}

}  // namespace palermo::testing
