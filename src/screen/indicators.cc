// SPDX-License-Identifier: AGPL-3.0-or-later
// Indicator lists: codes, labels and the CSV/JSON loaders.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "screen/screen.h"

namespace palermo::screen {
namespace {

constexpr std::pair<Dimension, const char*> kDimensionCodes[] = {
    {Dimension::kDeceptiveRecruitment, "deceptive_recruitment"},
    {Dimension::kCoerciveRecruitment, "coercive_recruitment"},
    {Dimension::kRecruitmentAbuseOfVulnerability, "recruitment_abuse_of_vulnerability"},
    {Dimension::kExploitativeConditions, "exploitative_conditions_of_work"},
    {Dimension::kCoercionAtDestination, "coercion_at_destination"},
    {Dimension::kAbuseOfVulnerabilityAtDestination, "abuse_of_vulnerability_at_destination"},
    {Dimension::kAct, "act"},
};

std::string Lower(std::string_view s) {
  std::string out(Trim(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string_view PopulationCode(Population p) {
  return p == Population::kChild ? "child" : "adult";
}
Result<Population> ParsePopulation(std::string_view code) {
  const std::string c = Lower(code);
  if (c == "adult" || c == "adulte") return Population::kAdult;
  if (c == "child" || c == "enfant") return Population::kChild;
  return Status::InvalidArgument("population must be adult or child");
}

std::string_view ExploitationCode(Exploitation e) {
  return e == Exploitation::kSexual ? "sexual" : "labour";
}
Result<Exploitation> ParseExploitation(std::string_view code) {
  const std::string c = Lower(code);
  if (c == "labour" || c == "labor" || c == "travail") return Exploitation::kLabour;
  if (c == "sexual" || c == "sexuelle") return Exploitation::kSexual;
  return Status::InvalidArgument("exploitation must be labour or sexual");
}

std::string_view DimensionCode(Dimension d) {
  for (const auto& [dim, code] : kDimensionCodes)
    if (dim == d) return code;
  return "act";
}
Result<Dimension> ParseDimension(std::string_view code) {
  const std::string c = Lower(code);
  for (const auto& [dim, name] : kDimensionCodes)
    if (c == name) return dim;
  return Status::InvalidArgument("unknown dimension '" + c + "'");
}

std::string DimensionLabel(Dimension d, Lang lang) {
  static constexpr Msg kLabels[] = {
      {"Deceptive recruitment", "Recrutement trompeur"},
      {"Coercive recruitment", "Recrutement sous la contrainte"},
      {"Recruitment by abuse of vulnerability", "Recrutement par abus de vulnérabilité"},
      {"Exploitative conditions of work", "Conditions de travail abusives (exploitation)"},
      {"Coercion at destination", "Contrainte à destination"},
      {"Abuse of vulnerability at destination", "Abus de vulnérabilité à destination"},
      {"Act (recruitment or movement)", "Acte (recrutement ou déplacement)"},
  };
  return kLabels[static_cast<int>(d)].Get(lang);
}

std::string_view StrengthCode(Strength s) {
  switch (s) {
    case Strength::kStrong:
      return "strong";
    case Strength::kMedium:
      return "medium";
    case Strength::kWeak:
      return "weak";
    case Strength::kNone:
      break;
  }
  return "-";
}
Result<Strength> ParseStrength(std::string_view code) {
  const std::string c = Lower(code);
  if (c == "strong") return Strength::kStrong;
  if (c == "medium") return Strength::kMedium;
  if (c == "weak") return Strength::kWeak;
  if (c == "-" || c.empty()) return Strength::kNone;
  return Status::InvalidArgument("strength must be strong, medium, weak or -");
}

std::string_view AnswerCode(Answer a) {
  switch (a) {
    case Answer::kYes:
      return "yes";
    case Answer::kNo:
      return "no";
    case Answer::kUnknown:
      break;
  }
  return "unknown";
}
Result<Answer> ParseAnswer(std::string_view code) {
  const std::string c = Lower(code);
  if (c == "yes" || c == "y" || c == "oui" || c == "o" || c == "1") return Answer::kYes;
  if (c == "no" || c == "n" || c == "non" || c == "0") return Answer::kNo;
  if (c == "unknown" || c == "?" || c == "inconnu" || c == "u") return Answer::kUnknown;
  return Status::InvalidArgument("answer must be yes, no or unknown (oui, non, inconnu)");
}

Result<IndicatorList> IndicatorList::FromCsv(std::string name, std::string version,
                                             std::string_view csv,
                                             std::string_view forced_labour_csv) {
  IndicatorList list;
  list.name_ = std::move(name);
  list.version_ = std::move(version);
  PALERMO_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv, ',', list.name_));
  const char* kColumns[] = {"population", "exploitation", "dimension", "strength",
                            "code",       "label_en",     "label_fr"};
  size_t col[7];
  for (int i = 0; i < 7; ++i) {
    std::optional<size_t> c = table.FindColumn(kColumns[i]);
    if (!c) return Status::InvalidArgument(list.name_ + ": missing column " + kColumns[i]);
    col[i] = *c;
  }
  const std::optional<size_t> verification_col = table.FindColumn("verification");
  std::set<std::string> seen;
  for (size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
    const auto& row = table.rows[row_idx];
    // Line numbers: header is line 1; records never span lines in these files.
    const std::string where = list.name_ + ": line " + std::to_string(row_idx + 2);
    Indicator ind;
    Result<Population> p = ParsePopulation(row[col[0]]);
    if (!p.ok()) return p.status().WithContext(where);
    Result<Exploitation> e = ParseExploitation(row[col[1]]);
    if (!e.ok()) return e.status().WithContext(where);
    Result<Dimension> d = ParseDimension(row[col[2]]);
    if (!d.ok()) return d.status().WithContext(where);
    Result<Strength> s = ParseStrength(row[col[3]]);
    if (!s.ok()) return s.status().WithContext(where);
    ind.population = *p;
    ind.exploitation = *e;
    ind.dimension = *d;
    ind.strength = *s;
    if ((ind.dimension == Dimension::kAct) != (ind.strength == Strength::kNone))
      return Status::InvalidArgument(where + ": only the act item has no strength (-)");
    ind.code = std::string(Trim(row[col[4]]));
    ind.label_en = std::string(Trim(row[col[5]]));
    ind.label_fr = std::string(Trim(row[col[6]]));
    if (ind.code.empty() || ind.label_en.empty() || ind.label_fr.empty())
      return Status::InvalidArgument(where + ": code, label_en and label_fr are required");
    if (verification_col) ind.verification = row[*verification_col];
    const std::string key = std::string(PopulationCode(ind.population)) + "/" +
                            std::string(ExploitationCode(ind.exploitation)) + "/" + ind.code;
    if (!seen.insert(key).second)
      return Status::InvalidArgument(where + ": duplicate code '" + ind.code + "' in its set");
    list.indicators_.push_back(std::move(ind));
  }
  if (!forced_labour_csv.empty()) {
    PALERMO_ASSIGN_OR_RETURN(CsvTable fl, ParseCsv(forced_labour_csv, ',', "forced labour list"));
    const auto number = fl.FindColumn("number"), code = fl.FindColumn("code"),
               en = fl.FindColumn("label_en"), fr = fl.FindColumn("label_fr");
    if (!number || !code || !en || !fr)
      return Status::InvalidArgument(
          "forced labour list: columns number, code, label_en, label_fr required");
    for (const auto& row : fl.rows) {
      ForcedLabourIndicator f;
      f.number = std::atoi(row[*number].c_str());
      f.code = std::string(Trim(row[*code]));
      f.label_en = row[*en];
      f.label_fr = row[*fr];
      if (f.code.empty() || f.number <= 0)
        return Status::InvalidArgument("forced labour list: every row needs a number and a code");
      list.forced_labour_.push_back(std::move(f));
    }
  }
  return list;
}

Result<IndicatorList> IndicatorList::LoadManifest(const std::filesystem::path& manifest) {
  PALERMO_ASSIGN_OR_RETURN(std::string text, ReadFileToString(manifest));
  const std::string where = manifest.filename().string();
  std::string name, version, file, fl_file;
  struct Declared {
    std::string population, exploitation, en, fr;
  };
  std::vector<Declared> declared;
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    const auto& t = j.at("trafficking");
    name = t.at("name").get<std::string>();
    version = t.at("version").get<std::string>();
    file = t.at("file").get<std::string>();
    if (j.contains("forced_labour")) fl_file = j.at("forced_labour").at("file").get<std::string>();
    if (j.contains("missing")) {
      for (const auto& m : j.at("missing")) {
        declared.push_back({m.at("population").get<std::string>(),
                            m.at("exploitation").get<std::string>(), m.at("en").get<std::string>(),
                            m.at("fr").get<std::string>()});
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(where + ": " + e.what());
  }
  const std::filesystem::path dir = manifest.parent_path();
  PALERMO_ASSIGN_OR_RETURN(std::string csv, ReadFileToString(dir / file));
  std::string fl_csv;
  if (!fl_file.empty()) {
    PALERMO_ASSIGN_OR_RETURN(fl_csv, ReadFileToString(dir / fl_file));
  }
  PALERMO_ASSIGN_OR_RETURN(IndicatorList list, FromCsv(name, version, csv, fl_csv));
  for (Declared& d : declared) {
    Result<Population> p = ParsePopulation(d.population);
    if (!p.ok()) return p.status().WithContext(where + ": missing");
    Result<Exploitation> e = ParseExploitation(d.exploitation);
    if (!e.ok()) return e.status().WithContext(where + ": missing");
    const std::string set =
        std::string(PopulationCode(*p)) + " × " + std::string(ExploitationCode(*e));
    if (Trim(d.en).empty() || Trim(d.fr).empty())
      return Status::InvalidArgument(where + ": missing " + set + ": en and fr notes are required");
    if (list.Has(*p, *e))
      return Status::InvalidArgument(where + ": the " + set +
                                     " set is declared missing but the list has it; remove the "
                                     "declaration");
    list.missing_.push_back({*p, *e, std::move(d.en), std::move(d.fr)});
  }
  return list;
}

Result<IndicatorList> IndicatorList::LoadDefault() {
  PALERMO_ASSIGN_OR_RETURN(std::filesystem::path manifest, DataFile("screen/lists.json"));
  return LoadManifest(manifest);
}

bool IndicatorList::Has(Population p, Exploitation e) const {
  return std::any_of(indicators_.begin(), indicators_.end(), [&](const Indicator& i) {
    return i.population == p && i.exploitation == e && i.dimension != Dimension::kAct;
  });
}

std::string IndicatorList::MissingSetNote(Population p, Exploitation e, Lang lang) const {
  for (const MissingSet& m : missing_)
    if (m.population == p && m.exploitation == e) return lang == Lang::kFr ? m.fr : m.en;
  return "";
}

std::vector<const Indicator*> IndicatorList::Set(Population p, Exploitation e) const {
  std::vector<const Indicator*> out;
  for (const Indicator& i : indicators_)
    if (i.population == p && i.exploitation == e) out.push_back(&i);
  return out;
}

const Indicator* IndicatorList::Find(Population p, Exploitation e, std::string_view code) const {
  for (const Indicator& i : indicators_)
    if (i.population == p && i.exploitation == e && i.code == code) return &i;
  return nullptr;
}

const ForcedLabourIndicator* IndicatorList::FindForcedLabour(std::string_view code) const {
  for (const ForcedLabourIndicator& f : forced_labour_)
    if (f.code == code) return &f;
  return nullptr;
}

std::optional<Population> PopulationForAge(std::optional<int> age_years) {
  if (!age_years) return std::nullopt;
  return *age_years < kAgeOfMajority ? Population::kChild : Population::kAdult;
}

}  // namespace palermo::screen
