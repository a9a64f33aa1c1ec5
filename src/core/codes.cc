// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/codes.h"

#include <cstdio>
#include <cstdlib>

#include "core/csv_reader.h"
#include "core/data_dir.h"
#include "core/macros.h"
#include "core/text.h"

namespace palermo {
namespace {

Result<CsvTable> LoadTable(std::string_view relative, const std::vector<std::string>& columns) {
  PALERMO_ASSIGN_OR_RETURN(std::filesystem::path path, DataFile(relative));
  PALERMO_ASSIGN_OR_RETURN(CsvTable table, ReadCsvFile(path));
  for (const std::string& column : columns)
    if (!table.FindColumn(column))
      return Status::InvalidArgument(std::string(relative) + ": missing column " + column);
  return table;
}

}  // namespace

Result<std::unique_ptr<CodeLists>> CodeLists::Load() {
  std::unique_ptr<CodeLists> lists(new CodeLists());  // private constructor
  {
    PALERMO_ASSIGN_OR_RETURN(
        CsvTable t, LoadTable("codes/countries.csv",
                              {"alpha2", "alpha3", "numeric", "name_en", "name_fr",
                               "official_name_en", "common_name_en", "region_m49", "subregion_m49"}));
    auto col = [&](const char* name) { return *t.FindColumn(name); };
    for (const auto& row : t.rows) {
      Country c{row[col("alpha2")],  row[col("alpha3")],     row[col("numeric")],
                row[col("name_en")], row[col("name_fr")],    row[col("region_m49")],
                row[col("subregion_m49")]};
      const size_t idx = lists->countries_.size();
      for (const std::string& key :
           {c.alpha2, c.alpha3, c.numeric, c.name_en, c.name_fr, row[col("official_name_en")],
            row[col("common_name_en")]}) {
        if (!key.empty()) lists->country_index_.emplace(FoldForLookup(key), idx);
      }
      lists->countries_.push_back(std::move(c));
    }
  }
  {
    // Common short names ("Russia", "Syrie") that ISO 3166 and its French catalogue omit.
    PALERMO_ASSIGN_OR_RETURN(CsvTable t, LoadTable("codes/country_aliases.csv", {"alias", "alpha3"}));
    for (const auto& row : t.rows) {
      auto target = lists->country_index_.find(FoldForLookup(row[*t.FindColumn("alpha3")]));
      if (target == lists->country_index_.end())
        return Status::InvalidArgument("codes/country_aliases.csv: unknown alpha3 " +
                                       row[*t.FindColumn("alpha3")]);
      lists->country_index_.emplace(FoldForLookup(row[*t.FindColumn("alias")]), target->second);
    }
  }
  {
    PALERMO_ASSIGN_OR_RETURN(CsvTable t, LoadTable("codes/m49_regions.csv",
                                                   {"code", "name_en", "name_fr"}));
    for (const auto& row : t.rows)
      lists->region_names_[row[*t.FindColumn("code")]] = {row[*t.FindColumn("name_en")],
                                                          row[*t.FindColumn("name_fr")]};
  }
  {
    PALERMO_ASSIGN_OR_RETURN(
        CsvTable t, LoadTable("codes/forms.csv",
                              {"code", "htcds_value", "glotip_category", "label_en", "label_fr"}));
    for (const auto& row : t.rows) {
      FormOfExploitation f{row[*t.FindColumn("code")], row[*t.FindColumn("htcds_value")],
                           row[*t.FindColumn("glotip_category")], row[*t.FindColumn("label_en")],
                           row[*t.FindColumn("label_fr")]};
      const size_t idx = lists->forms_.size();
      // HTCDS "Other" is shared by several Palermo codes; the Palermo code wins.
      lists->form_index_.emplace(FoldForLookup(f.code), idx);
      lists->form_index_.emplace(FoldForLookup(f.label_en), idx);
      lists->form_index_.emplace(FoldForLookup(f.label_fr), idx);
      lists->form_index_.emplace(FoldForLookup(f.htcds_value), idx);
      lists->forms_.push_back(std::move(f));
    }
  }
  {
    PALERMO_ASSIGN_OR_RETURN(CsvTable t, LoadTable("codes/age_bands.csv",
                                                   {"band", "min_years", "max_years", "is_minor"}));
    for (const auto& row : t.rows) {
      AgeBand b{row[*t.FindColumn("band")], std::atoi(row[*t.FindColumn("min_years")].c_str()),
                std::nullopt, row[*t.FindColumn("is_minor")] == "1"};
      const std::string& max = row[*t.FindColumn("max_years")];
      if (!max.empty()) b.max_years = std::atoi(max.c_str());
      lists->age_bands_.push_back(std::move(b));
    }
    if (lists->age_bands_.empty() || lists->age_bands_.front().min_years != 0 ||
        lists->age_bands_.back().max_years)
      return Status::InvalidArgument("codes/age_bands.csv: bands must start at 0 and end open");
  }
  return lists;
}

const CodeLists& CodeLists::Default() {
  static const CodeLists* const instance = [] {
    Result<std::unique_ptr<CodeLists>> loaded = Load();
    if (!loaded.ok()) {
      std::fprintf(stderr, "palermo: cannot load code lists: %s\n",
                   loaded.status().ToString().c_str());
      std::abort();
    }
    return std::move(loaded).value().release();  // lives for the whole process
  }();
  return *instance;
}

const Country* CodeLists::FindCountry(std::string_view code_or_name) const {
  auto it = country_index_.find(FoldForLookup(code_or_name));
  return it == country_index_.end() ? nullptr : &countries_[it->second];
}

std::string CodeLists::RegionName(std::string_view m49_code, Lang lang) const {
  auto it = region_names_.find(m49_code);
  if (it == region_names_.end()) return std::string(m49_code);
  return lang == Lang::kFr ? it->second.second : it->second.first;
}

const FormOfExploitation* CodeLists::FindForm(std::string_view code_or_label) const {
  auto it = form_index_.find(FoldForLookup(code_or_label));
  return it == form_index_.end() ? nullptr : &forms_[it->second];
}

const AgeBand& CodeLists::AgeBandFor(int age_years) const {
  PALERMO_DCHECK(age_years >= 0, "age is never negative");
  for (const AgeBand& band : age_bands_)
    if (age_years >= band.min_years && (!band.max_years || age_years <= *band.max_years))
      return band;
  return age_bands_.back();
}

}  // namespace palermo
