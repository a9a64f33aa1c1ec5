// SPDX-License-Identifier: AGPL-3.0-or-later
// The report's tables for humanitarian partners as one HXL-tagged CSV (HXL 1.1,
// https://hxlstandard.org): a header row in the reader's language, then the hashtag row, then
// one row per row of the tables by sex and age, form of exploitation and citizenship. The
// cells are the report's own cells after disclosure control: a suppressed cell is written "x"
// as tables/*.csv writes it, never its value. Nothing here counts or protects: it renders.
#include <array>
#include <string>

#include "publish/publish.h"

namespace palermo::publish {
namespace {

// The columns of the file: header in both languages, hashtag, and for a count column the
// report's column codes it holds (sex columns of sex_age/citizenship, GLOTIP columns of form).
struct HxlColumn {
  Text header;
  std::string_view hashtag;
  std::array<std::string_view, 2> codes;  // report column codes; empty for a descriptive column
};

// The order here is the file's column order; HxlHashtags() and the test read it.
const std::array<HxlColumn, 13>& Columns() {
  static const std::array<HxlColumn, 13> columns = {{
      {{"Country", "Pays"}, "#country+code", {}},
      {{"Year", "Année"}, "#date+year", {}},
      {{"Table", "Tableau"}, "#indicator+code", {}},
      {{"Category code", "Code de la catégorie"}, "#group+code", {}},
      {{"Category", "Catégorie"}, "#group+name", {}},
      {{"Female", "Féminin"}, "#affected+f", {"female", ""}},
      {{"Male", "Masculin"}, "#affected+m", {"male", ""}},
      {{"Women", "Femmes"}, "#affected+f+adults", {"women", ""}},
      {{"Men", "Hommes"}, "#affected+m+adults", {"men", ""}},
      {{"Girls", "Filles"}, "#affected+f+children", {"girls", ""}},
      {{"Boys", "Garçons"}, "#affected+m+children", {"boys", ""}},
      // HXL has no attribute for "sex or age not recorded": the column is left untagged (HXL
      // tools ignore it), so that no tool adds it to a sex or age group.
      {{"Other or not recorded", "Autre ou non renseigné"}, "", {"other_or_unknown", "unknown"}},
      {{"Total", "Total"}, "#affected", {"total", ""}},
  }};
  return columns;
}

// The tables an HXL export carries, in this order.
constexpr std::array<std::string_view, 3> kHxlTables = {"sex_age", "form", "citizenship"};

std::string Escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<std::string> HxlHashtags() {
  std::vector<std::string> tags;
  for (const HxlColumn& c : Columns()) tags.emplace_back(c.hashtag);
  return tags;
}

std::string RenderHxlCsv(const Report& report, Lang lang) {
  std::string out;
  auto line = [&out](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + Escape(fields[i]);
    out += "\n";
  };
  std::vector<std::string> header;
  for (const HxlColumn& c : Columns()) header.push_back(c.header.Get(lang));
  line(header);
  line(HxlHashtags());
  const std::string year = std::to_string(report.input.year);
  for (std::string_view id : kHxlTables) {
    for (const Table& t : report.tables) {
      if (t.id != id) continue;
      for (size_t r = 0; r < t.rows.size(); ++r) {
        std::vector<std::string> fields = {report.input.reporting_country, year, t.id, t.rows[r].code,
                                           t.rows[r].text.Get(lang)};
        for (size_t k = 5; k < Columns().size(); ++k) {
          std::string cell;  // empty: this table has no such column
          for (size_t c = 0; c < t.cols.size(); ++c) {
            const auto& codes = Columns()[k].codes;
            if (t.cols[c].code != codes[0] && (codes[1].empty() || t.cols[c].code != codes[1])) continue;
            // The report's rendering of the cell ("x" when suppressed), as tables/*.csv.
            const int cell_idx = t.Cell(static_cast<int>(r), static_cast<int>(c));
            cell = t.IsSuppressed(cell_idx) ? std::string("x") : std::to_string(t.values[cell_idx]);
          }
          fields.push_back(std::move(cell));
        }
        line(fields);
      }
    }
  }
  return out;
}

}  // namespace palermo::publish
