// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading capture tables and `palermo link` clusters into Overlaps, with precise errors.
// Messages name file, line and column but never echo a cell's content: a wrong file given
// by mistake could hold names.
#include <map>
#include <string>
#include <unordered_map>

#include "estimate/internal.h"

namespace palermo::estimate {
namespace {

constexpr Msg kNoCount{"{file}, line 1: no \"count\" column",
                       "{file}, ligne 1 : pas de colonne « count »"};
constexpr Msg kNoStrata{"{file}, line 1: no \"{column}\" column for the strata",
                        "{file}, ligne 1 : pas de colonne « {column} » pour les strates"};
constexpr Msg kFewLists{
    "{file}: needs at least 2 list columns besides \"count\", found {n}",
    "{file} : il faut au moins 2 colonnes de listes en plus de « count », trouvé {n}"};
constexpr Msg kManyLists{"{file}: at most {max} lists, found {n}",
                         "{file} : au plus {max} listes, trouvé {n}"};
constexpr Msg kFieldCount{"{file}, line {line}: {found} fields, the header has {expected}",
                          "{file}, ligne {line} : {found} champs, l’en-tête en a {expected}"};
constexpr Msg kNotBinary{"{file}, line {line}, column {column}: capture value must be 0 or 1",
                         "{file}, ligne {line}, colonne {column} : la valeur de capture doit "
                         "être 0 ou 1"};
constexpr Msg kNegative{"{file}, line {line}, column count: negative count",
                        "{file}, ligne {line}, colonne count : effectif négatif"};
constexpr Msg kNotInteger{"{file}, line {line}, column count: count is not a whole number",
                          "{file}, ligne {line}, colonne count : l’effectif n’est pas un entier"};
constexpr Msg kDuplicate{"{file}, line {line}: capture pattern repeats line {first}",
                         "{file}, ligne {line} : motif de capture déjà donné ligne {first}"};
constexpr Msg kAllZero{
    "{file}, line {line}: the all-zero pattern (on no list) cannot be observed; remove it",
    "{file}, ligne {line} : le motif tout à zéro (sur aucune liste) ne peut pas être observé ; "
    "retirez-le"};
constexpr Msg kNoClusterColumn{
    "{file}, line 1: no \"{column}\" column (expected "
    "file,record_id,cluster_id)",
    "{file}, ligne 1 : pas de colonne « {column} » (attendu "
    "file,record_id,cluster_id)"};
constexpr Msg kEmptyField{"{file}, line {line}, column {column}: empty value",
                          "{file}, ligne {line}, colonne {column} : valeur vide"};
constexpr Msg kStratumChanges{
    "{file}, line {line}, column {column}: the stratum differs from an earlier record of the "
    "same cluster",
    "{file}, ligne {line}, colonne {column} : la strate diffère d’un enregistrement précédent "
    "du même groupe"};
constexpr Msg kNoRows{"{file}: no data rows", "{file} : aucune ligne de données"};

std::string S(size_t v) { return std::to_string(v); }

bool IsBlank(const CsvRecord& r) {
  for (const std::string& f : r.fields)
    if (!Trim(f).empty()) return false;
  return true;
}

// Reads the header and all records. InvalidArgument on a syntax error or a wrong field count.
Result<std::vector<CsvRecord>> ReadRecords(std::string_view text, std::string_view file,
                                           Lang lang) {
  CsvParser parser(text);
  std::vector<CsvRecord> records;
  while (true) {
    Result<std::optional<CsvRecord>> next = parser.Next();
    if (!next.ok()) return next.status().WithContext(file);
    if (!next->has_value()) break;
    CsvRecord record = std::move(**next);
    if (!records.empty() && IsBlank(record)) continue;
    if (!records.empty() && record.fields.size() != records.front().fields.size())
      return Status::InvalidArgument(Format(kFieldCount, lang,
                                            {{"file", std::string(file)},
                                             {"line", S(record.line)},
                                             {"found", S(record.fields.size())},
                                             {"expected", S(records.front().fields.size())}}));
    records.push_back(std::move(record));
  }
  if (records.size() < 2)
    return Status::InvalidArgument(Format(kNoRows, lang, {{"file", std::string(file)}}));
  for (std::string& h : records.front().fields) h = std::string(Trim(h));
  return records;
}

std::optional<size_t> FindColumn(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

}  // namespace

Result<CaptureTable> ParseCaptures(std::string_view text, std::string_view file_name,
                                   const std::string& strata_column, Lang lang) {
  const std::string file(file_name);
  PALERMO_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, ReadRecords(text, file_name, lang));
  const std::vector<std::string>& header = records.front().fields;
  std::optional<size_t> count_col = FindColumn(header, "count");
  if (!count_col) {
    for (size_t i = 0; i < header.size(); ++i)
      if (FoldForLookup(header[i]) == "count") count_col = i;
  }
  if (!count_col) return Status::InvalidArgument(Format(kNoCount, lang, {{"file", file}}));
  std::optional<size_t> strata_col;
  if (!strata_column.empty()) {
    strata_col = FindColumn(header, strata_column);
    if (!strata_col)
      return Status::InvalidArgument(
          Format(kNoStrata, lang, {{"file", file}, {"column", strata_column}}));
  }
  std::vector<size_t> list_cols;
  CaptureTable table;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i == *count_col || (strata_col && i == *strata_col)) continue;
    list_cols.push_back(i);
    table.list_names.push_back(header[i]);
  }
  if (list_cols.size() < 2)
    return Status::InvalidArgument(
        Format(kFewLists, lang, {{"file", file}, {"n", static_cast<int64_t>(list_cols.size())}}));
  if (list_cols.size() > static_cast<size_t>(kMaxLists))
    return Status::InvalidArgument(Format(kManyLists, lang,
                                          {{"file", file},
                                           {"max", static_cast<int64_t>(kMaxLists)},
                                           {"n", static_cast<int64_t>(list_cols.size())}}));
  const size_t num_cells = size_t{1} << list_cols.size();
  std::map<std::string, size_t> stratum_index;
  std::vector<std::vector<double>> cells;
  std::vector<std::unordered_map<Term, size_t>> first_line;
  std::vector<std::string> stratum_names;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    const std::string line = S(rec.line);
    Term mask = 0;
    for (size_t l = 0; l < list_cols.size(); ++l) {
      const std::string_view v = Trim(rec.fields[list_cols[l]]);
      if (v == "1") {
        mask |= Term{1} << l;
      } else if (v != "0") {
        return Status::InvalidArgument(Format(
            kNotBinary, lang, {{"file", file}, {"line", line}, {"column", table.list_names[l]}}));
      }
    }
    const std::string_view count_text = Trim(rec.fields[*count_col]);
    bool negative = !count_text.empty() && count_text.front() == '-';
    const std::string_view digits = negative ? count_text.substr(1) : count_text;
    bool is_integer = !digits.empty() && digits.size() <= 15;
    for (char ch : digits) is_integer = is_integer && ch >= '0' && ch <= '9';
    if (!is_integer)
      return Status::InvalidArgument(Format(kNotInteger, lang, {{"file", file}, {"line", line}}));
    const double count = std::stod(std::string(digits));
    if (negative && count != 0)
      return Status::InvalidArgument(Format(kNegative, lang, {{"file", file}, {"line", line}}));
    if (mask == 0)
      return Status::InvalidArgument(Format(kAllZero, lang, {{"file", file}, {"line", line}}));
    const std::string stratum = strata_col ? std::string(Trim(rec.fields[*strata_col])) : "";
    auto [it, inserted] = stratum_index.try_emplace(stratum, cells.size());
    if (inserted) {
      cells.emplace_back(num_cells, 0.0);
      first_line.emplace_back();
      stratum_names.push_back(stratum);
    }
    auto [seen, fresh] = first_line[it->second].try_emplace(mask, rec.line);
    if (!fresh)
      return Status::InvalidArgument(
          Format(kDuplicate, lang, {{"file", file}, {"line", line}, {"first", S(seen->second)}}));
    cells[it->second][mask] = count;
  }
  for (size_t s = 0; s < cells.size(); ++s) {
    PALERMO_ASSIGN_OR_RETURN(Overlap o, Overlap::FromCells(table.list_names, std::move(cells[s])));
    table.strata.emplace_back(stratum_names[s], std::move(o));
  }
  return table;
}

Result<CaptureTable> ReadCaptures(const std::filesystem::path& path,
                                  const std::string& strata_column, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseCaptures(text, path.filename().string(), strata_column, lang);
}

Result<CaptureTable> ParseClusters(std::string_view text, std::string_view file_name,
                                   const std::string& strata_column, Lang lang) {
  const std::string file(file_name);
  PALERMO_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, ReadRecords(text, file_name, lang));
  const std::vector<std::string>& header = records.front().fields;
  size_t cols[2];
  const char* names[2] = {"file", "cluster_id"};
  for (int i = 0; i < 2; ++i) {
    std::optional<size_t> c = FindColumn(header, names[i]);
    if (!c)
      return Status::InvalidArgument(
          Format(kNoClusterColumn, lang, {{"file", file}, {"column", std::string(names[i])}}));
    cols[i] = *c;
  }
  std::optional<size_t> strata_col;
  if (!strata_column.empty()) {
    strata_col = FindColumn(header, strata_column);
    if (!strata_col)
      return Status::InvalidArgument(
          Format(kNoStrata, lang, {{"file", file}, {"column", strata_column}}));
  }
  std::vector<std::string> lists;
  std::unordered_map<std::string, size_t> list_index;
  struct Cluster {
    Term mask = 0;
    std::string stratum;
  };
  std::unordered_map<std::string, Cluster> clusters;
  std::vector<std::string> cluster_order;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    const std::string list(Trim(rec.fields[cols[0]]));
    const std::string cluster_id(Trim(rec.fields[cols[1]]));
    for (int i = 0; i < 2; ++i)
      if ((i == 0 ? list : cluster_id).empty())
        return Status::InvalidArgument(
            Format(kEmptyField, lang,
                   {{"file", file}, {"line", S(rec.line)}, {"column", std::string(names[i])}}));
    auto [li, new_list] = list_index.try_emplace(list, lists.size());
    if (new_list) lists.push_back(list);
    if (lists.size() > static_cast<size_t>(kMaxLists))
      return Status::InvalidArgument(Format(kManyLists, lang,
                                            {{"file", file},
                                             {"max", static_cast<int64_t>(kMaxLists)},
                                             {"n", static_cast<int64_t>(lists.size())}}));
    const std::string stratum = strata_col ? std::string(Trim(rec.fields[*strata_col])) : "";
    auto [ci, new_cluster] = clusters.try_emplace(cluster_id, Cluster{0, stratum});
    if (new_cluster) cluster_order.push_back(cluster_id);
    if (ci->second.stratum != stratum)
      return Status::InvalidArgument(
          Format(kStratumChanges, lang,
                 {{"file", file}, {"line", S(rec.line)}, {"column", strata_column}}));
    ci->second.mask |= Term{1} << li->second;
  }
  if (lists.size() < 2)
    return Status::InvalidArgument(
        Format(kFewLists, lang, {{"file", file}, {"n", static_cast<int64_t>(lists.size())}}));
  CaptureTable table;
  table.list_names = lists;
  std::map<std::string, std::vector<double>> by_stratum;
  std::vector<std::string> stratum_order;
  for (const std::string& id : cluster_order) {
    const Cluster& c = clusters[id];
    auto [it, fresh] = by_stratum.try_emplace(c.stratum, size_t{1} << lists.size(), 0.0);
    if (fresh) stratum_order.push_back(c.stratum);
    it->second[c.mask] += 1;
  }
  for (const std::string& s : stratum_order) {
    PALERMO_ASSIGN_OR_RETURN(Overlap o, Overlap::FromCells(lists, std::move(by_stratum[s])));
    table.strata.emplace_back(s, std::move(o));
  }
  return table;
}

Result<CaptureTable> ReadClusters(const std::filesystem::path& path,
                                  const std::string& strata_column, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseClusters(text, path.filename().string(), strata_column, lang);
}

}  // namespace palermo::estimate
