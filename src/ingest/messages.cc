// SPDX-License-Identifier: AGPL-3.0-or-later
// The limit messages as Msg pairs, and the English patterns that find them in a text.
#include "ingest/messages.h"

#include <algorithm>
#include <regex>
#include <variant>
#include <vector>

namespace palermo::ingest {
namespace {

struct LimitMessage {
  const char* english_regex;       // matches the English text the importer writes
  std::vector<const char*> names;  // the argument each capture group fills, in order
  Msg msg;
};

// The English side of each Msg is the text convert.cc, reader.cc, mapping.cc and the server
// write (with the numbers and names in place), so a test can compare them.
const std::vector<LimitMessage>& Messages() {
  static const std::vector<LimitMessage> messages = {
      {R"(the row has (\d+) fields; at most (\d+) are read)",
       {"fields", "max"},
       {"the row has {fields, number} fields; at most {max, number} are read",
        "la ligne a {fields, number} champs ; au plus {max, number} sont lus"}},
      {R"(longer than (\d+) bytes, the limit for one cell)",
       {"max"},
       {"longer than {max, number} bytes, the limit for one cell",
        "plus de {max, number} octets, la limite pour une cellule"}},
      {R"(the header has (\d+) columns; at most (\d+) are read)",
       {"columns", "max"},
       {"the header has {columns, number} columns; at most {max, number} are read",
        "l'en-tête a {columns, number} colonnes ; au plus {max, number} sont lues"}},
      {R"(JSON nested deeper than (\d+) levels at byte (\d+) \(line (\d+)\))",
       {"max", "byte", "line"},
       {"JSON nested deeper than {max, number} levels at byte {byte, number} (line {line, number})",
        "JSON imbriqué sur plus de {max, number} niveaux à l'octet {byte, number} (ligne "
        "{line, number})"}},
      {R"(JSON nested deeper than (\d+) levels \(byte (\d+)\))",
       {"max", "byte"},
       {"JSON nested deeper than {max, number} levels (byte {byte, number})",
        "JSON imbriqué sur plus de {max, number} niveaux (octet {byte, number})"}},
      {R"(a quarantined record is nested deeper than (\d+) levels)",
       {"max"},
       {"a quarantined record is nested deeper than {max, number} levels",
        "un enregistrement en quarantaine est imbriqué sur plus de {max, number} niveaux"}},
      // Mapping files (mapping.cc).
      {R"re(unknown key "([^"]+)")re",
       {"key"},
       {"unknown key \"{key}\"", "clé inconnue « {key} »"}},
      {R"re(column "([^"]+)" maps to an unknown model field "([^"]+)")re",
       {"column", "field"},
       {"column \"{column}\" maps to an unknown model field \"{field}\"",
        "la colonne « {column} » désigne un champ inconnu du modèle « {field} »"}},
      {R"re("([a-z_]+)" names an unknown model field "([^"]+)")re",
       {"key", "field"},
       {"\"{key}\" names an unknown model field \"{field}\"",
        "« {key} » désigne un champ inconnu du modèle « {field} »"}},
      {R"re( \(did you mean "([^"]+)"\?\))re",
       {"name"},
       {" (did you mean \"{name}\"?)", " (vouliez-vous dire « {name} » ?)"}},
      {R"(a number in the JSON is too large to read)",
       {},
       {"a number in the JSON is too large to read",
        "un nombre du JSON est trop grand pour être lu"}},
      {R"(JSON nested deeper than (\d+) levels)",
       {"max"},
       {"JSON nested deeper than {max, number} levels",
        "JSON imbriqué sur plus de {max, number} niveaux"}},
  };
  return messages;
}

std::string FormatCaptures(const LimitMessage& m, const std::smatch& match, Lang lang) {
  // At most three arguments per message: numbers, or names (a mapping's key or field).
  std::variant<int64_t, double, std::string> v[3] = {int64_t{0}, int64_t{0}, int64_t{0}};
  for (size_t i = 0; i < m.names.size() && i < 3; ++i) {
    const std::string text = match[i + 1].str();
    const bool number = !text.empty() && text.size() < 19 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (number)
      v[i] = static_cast<int64_t>(std::stoll(text));
    else
      v[i] = text;
  }
  switch (m.names.size()) {
    case 0: return Format(m.msg, lang, {});
    case 1: return Format(m.msg, lang, {{m.names[0], v[0]}});
    case 2: return Format(m.msg, lang, {{m.names[0], v[0]}, {m.names[1], v[1]}});
    default: return Format(m.msg, lang, {{m.names[0], v[0]}, {m.names[1], v[1]}, {m.names[2], v[2]}});
  }
}

}  // namespace

std::string LocalizeLimitMessage(std::string_view text, Lang lang) {
  std::string out(text);
  if (lang == Lang::kEn) return out;
  for (const LimitMessage& m : Messages()) {
    const std::regex pattern(m.english_regex);
    std::smatch match;
    std::string rest = out;
    std::string result;
    while (std::regex_search(rest, match, pattern)) {
      result += match.prefix().str() + FormatCaptures(m, match, lang);
      rest = match.suffix().str();
    }
    out = result + rest;
  }
  return out;
}

}  // namespace palermo::ingest
