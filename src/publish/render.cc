// SPDX-License-Identifier: AGPL-3.0-or-later
// Renderers: self-contained HTML (inline CSS and SVG), CSV, JSON; WriteReport.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

std::string Esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string L(Lang lang, const char* en, const char* fr) { return lang == Lang::kFr ? fr : en; }

std::string CountryName(std::string_view alpha3, Lang lang) {
  const Country* c = alpha3.empty() ? nullptr : CodeLists::Default().FindCountry(alpha3);
  return c ? c->Name(lang) : std::string(alpha3);
}

std::string Title(const Report& r, Lang lang) {
  std::string title = L(lang, "Trafficking in persons: detected victims", "Traite des personnes : victimes détectées");
  if (!r.input.reporting_country.empty()) title += " — " + CountryName(r.input.reporting_country, lang);
  if (r.input.year) title += ", " + std::to_string(r.input.year);
  return title;
}

const Table* Find(const Report& r, std::string_view id) {
  for (const Table& t : r.tables)
    if (t.id == id) return &t;
  return nullptr;
}

struct Bar {
  std::string label;
  std::optional<int64_t> value;  // nullopt when suppressed
};

// A horizontal bar chart. Suppressed bars are drawn as an outlined box marked "x".
std::string BarChart(const std::string& title, const std::vector<Bar>& bars, Lang lang) {
  const int label_w = 230, bar_w = 360, row_h = 22, top = 8;
  int64_t max_value = 1;
  for (const Bar& b : bars)
    if (b.value) max_value = std::max(max_value, *b.value);
  const int height = top + row_h * static_cast<int>(bars.size()) + 8;
  std::ostringstream s;
  s << "<figure><svg role=\"img\" aria-labelledby=\"" << "c" << internal::Fnv1a(title) % 100000
    << "\" viewBox=\"0 0 " << label_w + bar_w + 80 << " " << height << "\" width=\"100%\" "
    << "style=\"max-width:" << label_w + bar_w + 80 << "px\">"
    << "<title id=\"c" << internal::Fnv1a(title) % 100000 << "\">" << Esc(title) << "</title>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = top + static_cast<int>(i) * row_h;
    s << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 15 << "\" text-anchor=\"end\" class=\"lbl\">"
      << Esc(bars[i].label) << "</text>";
    if (bars[i].value) {
      const int w = static_cast<int>(std::lround(static_cast<double>(*bars[i].value) / max_value * bar_w));
      s << "<rect x=\"" << label_w << "\" y=\"" << y + 3 << "\" width=\"" << std::max(w, 1)
        << "\" height=\"" << row_h - 6 << "\" class=\"bar\"/>"
        << "<text x=\"" << label_w + std::max(w, 1) + 4 << "\" y=\"" << y + 15 << "\" class=\"val\">"
        << Esc(FormatNumber(static_cast<double>(*bars[i].value), lang)) << "</text>";
    } else {
      s << "<rect x=\"" << label_w << "\" y=\"" << y + 3 << "\" width=\"16\" height=\"" << row_h - 6
        << "\" class=\"sup\"/><text x=\"" << label_w + 20 << "\" y=\"" << y + 15
        << "\" class=\"val\">x</text>";
    }
  }
  s << "</svg><figcaption>" << Esc(title) << "</figcaption></figure>\n";
  return s.str();
}

// Bars from one column of a table, over the rows picked by `keep`.
std::vector<Bar> BarsFrom(const Table& t, const std::string& col_code, Lang lang,
                          const std::function<bool(const Label&)>& keep) {
  std::vector<Bar> bars;
  int col = -1;
  for (size_t c = 0; c < t.cols.size(); ++c)
    if (t.cols[c].code == col_code) col = static_cast<int>(c);
  if (col < 0) return bars;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (!keep(t.rows[r])) continue;
    const int cell = t.Cell(static_cast<int>(r), col);
    bars.push_back({t.rows[r].text.Get(lang), t.IsSuppressed(cell) ? std::nullopt : std::optional<int64_t>(t.values[cell])});
  }
  return bars;
}

// The estimate with its interval beside the observed count, on a labelled axis of numbers of
// victims with whole-number ticks.
std::string EstimateChart(const EstimateSummary& e, Lang lang) {
  using internal::WholeNumber;
  const double shown_high = std::isfinite(e.ci_high) ? e.ci_high : e.estimate * 2;
  const double top = std::max({shown_high, e.estimate, static_cast<double>(e.observed)}) * 1.05 + 1;
  // Ticks at a round step (1, 2 or 5 times a power of ten), four to ten of them.
  double step = std::pow(10.0, std::floor(std::log10(top / 5)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (top / (step * m) <= 8) { step *= m; break; }
  const double hi = std::ceil(top / step) * step;
  const int w = 640, left = 170, right = 30;
  auto x = [&](double v) { return left + static_cast<int>(std::lround(v / hi * (w - left - right))); };
  std::ostringstream s;
  const std::string title = L(lang, "Estimated total with its interval, beside the detected victims",
                              "Total estimé et son intervalle, à côté des victimes détectées");
  s << "<figure><svg role=\"img\" aria-labelledby=\"est\" viewBox=\"0 0 " << w << " 130\" width=\"100%\" "
    << "style=\"max-width:" << w << "px\"><title id=\"est\">" << Esc(title) << "</title>"
    // Category axis: one row for the detected victims, one for the estimate.
    << "<text x=\"" << left - 8 << "\" y=\"30\" text-anchor=\"end\" class=\"lbl\">"
    << Esc(L(lang, "Detected victims", "Victimes détectées")) << "</text>"
    << "<rect x=\"" << x(0) << "\" y=\"18\" width=\"" << x(static_cast<double>(e.observed)) - x(0)
    << "\" height=\"16\" class=\"bar\"/>"
    << "<text x=\"" << x(static_cast<double>(e.observed)) + 4 << "\" y=\"30\" class=\"val\">"
    << Esc(WholeNumber(static_cast<double>(e.observed), lang)) << "</text>"
    << "<text x=\"" << left - 8 << "\" y=\"64\" text-anchor=\"end\" class=\"lbl\">"
    << Esc(L(lang, "Estimated total", "Total estimé")) << "</text>"
    << "<line x1=\"" << x(e.ci_low) << "\" y1=\"60\" x2=\"" << x(shown_high) << "\" y2=\"60\" class=\"ci\"/>"
    << "<line x1=\"" << x(e.ci_low) << "\" y1=\"53\" x2=\"" << x(e.ci_low) << "\" y2=\"67\" class=\"ci\"/>"
    << "<line x1=\"" << x(shown_high) << "\" y1=\"53\" x2=\"" << x(shown_high) << "\" y2=\"67\" class=\"ci\"/>"
    << "<circle cx=\"" << x(e.estimate) << "\" cy=\"60\" r=\"5\" class=\"pt\"/>"
    << "<text x=\"" << x(e.estimate) << "\" y=\"50\" text-anchor=\"middle\" class=\"val\">"
    << Esc(WholeNumber(e.estimate, lang)) << " [" << Esc(WholeNumber(e.ci_low, lang)) << " – "
    << Esc(WholeNumber(e.ci_high, lang)) << "]</text>"
    // Value axis.
    << "<line x1=\"" << x(0) << "\" y1=\"84\" x2=\"" << x(hi) << "\" y2=\"84\" class=\"axis\"/>";
  for (double v = 0; v <= hi + step / 2; v += step)
    s << "<line x1=\"" << x(v) << "\" y1=\"84\" x2=\"" << x(v) << "\" y2=\"89\" class=\"axis\"/>"
      << "<text x=\"" << x(v) << "\" y=\"102\" text-anchor=\"middle\" class=\"lbl\">" << Esc(WholeNumber(v, lang))
      << "</text>";
  s << "<text x=\"" << (x(0) + x(hi)) / 2 << "\" y=\"122\" text-anchor=\"middle\" class=\"lbl axis-title\">"
    << Esc(L(lang, "Number of victims", "Nombre de victimes")) << "</text>"
    << "</svg><figcaption>" << Esc(title) << ". "
    << Esc(L(lang, "The dot is the estimate, the line its interval.", "Le point est l'estimation, le trait son intervalle."))
    << "</figcaption></figure>\n";
  return s.str();
}

std::string HtmlTable(const Table& t, Lang lang) {
  std::ostringstream s;
  s << "<section class=\"tbl\" id=\"t-" << Esc(t.id) << "\"><table><caption>" << Esc(t.title.Get(lang))
    << "</caption><thead><tr><th scope=\"col\"></th>";
  for (const Label& c : t.cols) s << "<th scope=\"col\">" << Esc(c.text.Get(lang)) << "</th>";
  s << "</tr></thead><tbody>";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const Label& row = t.rows[r];
    const bool sub = !row.children.empty() || row.is_total;
    s << "<tr" << (sub ? " class=\"sub\"" : "") << "><th scope=\"row\">" << Esc(row.text.Get(lang)) << "</th>";
    for (size_t c = 0; c < t.cols.size(); ++c) {
      const int cell = t.Cell(static_cast<int>(r), static_cast<int>(c));
      s << "<td" << (t.IsSuppressed(cell) ? " class=\"x\"" : "") << ">" << Esc(CellText(t, cell, lang)) << "</td>";
    }
    s << "</tr>";
  }
  s << "</tbody></table><p class=\"note\">" << Esc(t.note.Get(lang)) << "</p></section>\n";
  return s.str();
}

constexpr const char* kCss = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:60em;color:#111;line-height:1.4;padding:0 1em}
h1{font-size:1.6em;border-bottom:3px solid #1f4e79;padding-bottom:.3em}
h2{font-size:1.25em;color:#1f4e79;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #999;padding:.2em .5em}
thead th{background:#dde6f0}
td{text-align:right;font-variant-numeric:tabular-nums}
tbody th{text-align:left;font-weight:normal}
tr.sub th,tr.sub td{font-weight:bold;background:#f2f2f2}
td.x{color:#555;font-style:italic}
.note{font-size:.85em;color:#333;margin-top:.2em}
figure{margin:1em 0}
figcaption{font-size:.85em;color:#333}
svg .lbl,svg .val{font-size:12px;fill:#111}
svg .bar{fill:#1f4e79}
svg .sup{fill:none;stroke:#555;stroke-dasharray:3 2}
svg .ci,svg .axis{stroke:#111;stroke-width:2}
svg .pt{fill:#c00000}
.prot{border:2px solid #1f4e79;padding:.5em 1em;background:#f5f8fb}
@media print{body{margin:0;max-width:none}section,figure,table{page-break-inside:avoid}h2{page-break-after:avoid}}
)";

}  // namespace

std::string RenderHtml(const Report& r, Lang lang) {
  std::ostringstream s;
  const std::string title = Title(r, lang);
  s << "<!DOCTYPE html>\n<html lang=\"" << LangCode(lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" << Esc(title)
    << "</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n<header><h1>" << Esc(title) << "</h1>\n<p>"
    << Esc(internal::UnitText(r.input.unit, lang)) << "</p>";
  if (r.excluded_not_victims > 0)
    s << "<p>" << Esc(L(lang, "Records concluded not to be victims are left out.",
                        "Les enregistrements conclus comme n'étant pas des victimes sont exclus."))
      << "</p>";
  s << "</header>\n<main>\n<section class=\"prot\" id=\"protections\"><h2>"
    << Esc(L(lang, "Protections applied", "Protections appliquées")) << "</h2><ul>";
  for (const Text& line : r.protections.lines) s << "<li>" << Esc(line.Get(lang)) << "</li>";
  s << "</ul><p>" << Esc(L(lang, "x: suppressed to protect the victims.", "x : masqué pour protéger les victimes."))
    << "</p></section>\n";

  s << "<section id=\"charts\"><h2>" << Esc(L(lang, "Overview", "Vue d'ensemble")) << "</h2>\n";
  if (const Table* sa = Find(r, "sex_age")) {
    s << BarChart(L(lang, "Detected victims by sex", "Victimes détectées par sexe"),
                  [&] {
                    std::vector<Bar> bars;
                    for (size_t c = 0; c < sa->cols.size(); ++c) {
                      if (sa->cols[c].is_total) continue;
                      const int cell = sa->Cell(static_cast<int>(sa->rows.size()) - 1, static_cast<int>(c));
                      bars.push_back({sa->cols[c].text.Get(lang),
                                      sa->IsSuppressed(cell) ? std::nullopt : std::optional<int64_t>(sa->values[cell])});
                    }
                    return bars;
                  }(),
                  lang);
    s << BarChart(L(lang, "Detected victims by age group", "Victimes détectées par groupe d'âge"),
                  BarsFrom(*sa, "total", lang, [](const Label& l) { return l.children.empty(); }), lang);
  }
  if (const Table* fm = Find(r, "form"))
    s << BarChart(L(lang, "Detected victims by form of exploitation", "Victimes détectées par forme d'exploitation"),
                  BarsFrom(*fm, "total", lang, [](const Label& l) { return !l.is_total; }), lang);
  s << "</section>\n";

  if (r.input.estimate) {
    using internal::WholeNumber;
    const EstimateSummary& e = *r.input.estimate;
    auto row = [&](const std::string& head, const std::string& value) {
      s << "<tr><th scope=\"row\">" << Esc(head) << "</th><td>" << Esc(value) << "</td></tr>";
    };
    s << "<section id=\"estimate\"><h2>" << Esc(L(lang, "Estimated total number of victims", "Nombre total estimé de victimes"))
      << "</h2>\n" << EstimateChart(e, lang) << "<table><caption>"
      << Esc(L(lang, "Multiple systems estimate", "Estimation par systèmes multiples")) << "</caption><tbody>";
    row(L(lang, "Reference period", "Période de référence"),
        e.year ? (lang == Lang::kFr ? "personnes identifiées pour la première fois en " + std::to_string(*e.year)
                                    : "persons first identified in " + std::to_string(*e.year))
               : L(lang, "not stated by the estimate (it may cover other years than the report)",
                   "non précisée par l'estimation (elle peut couvrir d'autres années que le rapport)"));
    if (!e.lists.empty()) {
      std::string lists;
      for (const std::string& l : e.lists) lists += (lists.empty() ? "" : ", ") + l;
      row(L(lang, "Lists used", "Listes utilisées"), lists);
    }
    row(L(lang, "Detected victims (on at least one list)", "Victimes détectées (sur au moins une liste)"),
        WholeNumber(static_cast<double>(e.observed), lang));
    row(L(lang, "Estimated total", "Total estimé"), WholeNumber(e.estimate, lang));
    row(L(lang, "Not detected (estimate)", "Non détectées (estimation)"), WholeNumber(e.unobserved, lang));
    row(lang == Lang::kFr ? "Intervalle à " + FormatNumber(e.ci_level * 100, lang, 1) + " %"
                          : FormatNumber(e.ci_level * 100, lang, 1) + "% interval",
        WholeNumber(e.ci_low, lang) + " – " + WholeNumber(e.ci_high, lang) + " (" +
            internal::IntervalMethodText(e.ci_method, lang) + ")");
    row(L(lang, "Method and model", "Méthode et modèle"), internal::EstimateMethodText(e, lang));
    s << "</tbody></table><p class=\"note\">" << Esc(internal::IntervalMeaningText(e, lang)) << " "
      << Esc(L(lang, "Figures are rounded to whole numbers. The estimate is computed on unsuppressed list overlaps; "
                     "it does not reveal any cell.",
               "Les chiffres sont arrondis à l'unité. L'estimation est calculée sur les recoupements non masqués ; "
               "elle ne révèle aucune case."))
      << "</p><h3>" << Esc(L(lang, "Caveats", "Précautions")) << "</h3><ul>";
    for (const Text& caveat : EstimateCaveats()) s << "<li>" << Esc(caveat.Get(lang)) << "</li>";
    s << "</ul></section>\n";
  }

  if (!r.sdg_rates.empty() && r.population) {
    s << "<section id=\"sdg\"><h2>" << Esc(L(lang, "SDG indicator 16.2.2", "Indicateur ODD 16.2.2")) << "</h2><table><caption>"
      << Esc(L(lang, "Detected victims per 100 000 population", "Victimes détectées pour 100 000 habitants"))
      << "</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">" << Esc(L(lang, "Victims", "Victimes"))
      << "</th><th scope=\"col\">" << Esc(L(lang, "Rate per 100 000", "Taux pour 100 000")) << "</th></tr></thead><tbody>";
    for (const Report::Rate& rate : r.sdg_rates) {
      s << "<tr><th scope=\"row\">" << Esc(rate.label.Get(lang)) << "</th><td>"
        << (rate.count ? Esc(FormatNumber(static_cast<double>(*rate.count), lang)) : "x") << "</td><td>"
        << (rate.rate_per_100k ? Esc(FormatNumber(*rate.rate_per_100k, lang, 3)) : "x") << "</td></tr>";
    }
    s << "</tbody></table><p class=\"note\">"
      << Esc(L(lang, "Denominator: total population ", "Dénominateur : population totale ")) 
      << Esc(FormatNumber(static_cast<double>(*r.population), lang))
      << Esc(L(lang, " (World Bank, World Development Indicators, SP.POP.TOTL). Rates by sex, age and form use the "
                     "total population, as in the UNODC metadata for indicator 16.2.2.",
               " (Banque mondiale, Indicateurs du développement dans le monde, SP.POP.TOTL). Les taux par sexe, âge et "
               "forme utilisent la population totale, comme dans les métadonnées de l'ONUDC pour l'indicateur 16.2.2."))
      << "</p></section>\n";
  }

  s << "<section id=\"tables\"><h2>" << Esc(L(lang, "Tables", "Tableaux")) << "</h2>\n";
  for (const Table& t : r.tables) s << HtmlTable(t, lang);
  s << "</section>\n";

  // Annex: data quality. Every part is shown; an absent one says "not available".
  s << "<section id=\"data-quality\"><h2>" << Esc(L(lang, "Annex: data quality", "Annexe : qualité des données"))
    << "</h2><table><caption>"
    << Esc(L(lang, "Linkage quality, pairs left to review, quarantined rows, linkage run",
             "Qualité du couplage, paires à examiner, lignes en quarantaine, exécution du couplage"))
    << "</caption><thead><tr><th scope=\"col\">" << Esc(L(lang, "Item", "Élément")) << "</th><th scope=\"col\">"
    << Esc(L(lang, "Value", "Valeur")) << "</th><th scope=\"col\">" << Esc(L(lang, "Source", "Source"))
    << "</th></tr></thead>";
  std::string section;
  for (const QualityRow& q : DataQualityRows(r.input.data_quality, lang, internal::PublishedThreshold(r))) {
    if (q.section != section) {
      section = q.section;
      s << "<tbody><tr><th scope=\"rowgroup\" colspan=\"3\">" << Esc(section) << "</th></tr>";
    }
    s << "<tr><th scope=\"row\">" << Esc(q.item) << "</th><td>" << Esc(q.value) << "</td><td>" << Esc(q.source)
      << "</td></tr>";
  }
  s << "</tbody></table></section>\n</main>\n<footer><p>"
    << Esc(L(lang, "Produced by Palermo. Tables are also in tables/*.csv, tables.json and report.xlsx.",
             "Produit par Palermo. Les tableaux figurent aussi dans tables/*.csv, tables.json et report.xlsx."))
    << "</p><p>" << Esc(L(lang, "Reference period: ", "Période de référence : ")) << r.input.year << ". "
    << Esc(L(lang, "Produced on ", "Produit le ")) << Esc(r.produced_on) << " "
    << Esc(L(lang, "with Palermo ", "avec Palermo ")) << Esc(r.palermo_version) << ".</p></footer>\n</body>\n</html>\n";
  return s.str();
}

std::string RenderTableCsv(const Table& t, Lang lang) {
  std::string out = "code,";
  out += CsvEscape(L(lang, "label", "libellé"));
  for (const Label& c : t.cols) {
    out += ',';
    out += CsvEscape(c.text.Get(lang));
  }
  out += "\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    out += CsvEscape(t.rows[r].code) + "," + CsvEscape(t.rows[r].text.Get(lang));
    for (size_t c = 0; c < t.cols.size(); ++c) {
      const int cell = t.Cell(static_cast<int>(r), static_cast<int>(c));
      out += ',';
      out += t.IsSuppressed(cell) ? std::string("x") : std::to_string(t.values[cell]);
    }
    out += "\n";
  }
  // Notes as rows of the same width, so the file stays a rectangular CSV.
  const std::string empty(t.cols.size(), ',');
  out += "note," + CsvEscape(t.note.Get(lang)) + empty + "\n";
  out += "note," + CsvEscape(L(lang, "x: suppressed to protect the victims", "x : masqué pour protéger les victimes")) +
         empty + "\n";
  return out;
}

namespace {
nlohmann::json TableJson(const Table& t, Lang lang) {
  nlohmann::json j;
  j["id"] = t.id;
  j["title"] = t.title.Get(lang);
  j["note"] = t.note.Get(lang);
  j["columns"] = nlohmann::json::array();
  for (const Label& c : t.cols) j["columns"].push_back({{"code", c.code}, {"label", c.text.Get(lang)}});
  j["rows"] = nlohmann::json::array();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    nlohmann::json cells = nlohmann::json::array();
    for (size_t c = 0; c < t.cols.size(); ++c) {
      const int cell = t.Cell(static_cast<int>(r), static_cast<int>(c));
      if (t.IsSuppressed(cell)) cells.push_back(nullptr);
      else cells.push_back(t.values[cell]);
    }
    j["rows"].push_back({{"code", t.rows[r].code}, {"label", t.rows[r].text.Get(lang)}, {"cells", cells}});
  }
  j["suppressed_mark"] = nullptr;
  return j;
}
}  // namespace

std::string RenderJson(const Report& r, Lang lang) {
  nlohmann::json j;
  j["title"] = Title(r, lang);
  j["lang"] = std::string(LangCode(lang));
  j["reporting_country"] = r.input.reporting_country;
  j["year"] = r.input.year;
  j["reference_period"] = std::to_string(r.input.year);
  j["produced_on"] = r.produced_on;
  j["palermo_version"] = r.palermo_version;
  j["unit"] = r.input.unit == Unit::kUniquePersons ? "unique_persons" : "records";
  j["unit_text"] = internal::UnitText(r.input.unit, lang);
  j["protections"] = nlohmann::json::array();
  for (const Text& line : r.protections.lines) j["protections"].push_back(line.Get(lang));
  j["suppressed_cells_are"] = "null";
  j["tables"] = nlohmann::json::array();
  for (const Table& t : r.tables) j["tables"].push_back(TableJson(t, lang));
  if (r.population) {
    nlohmann::json rates = nlohmann::json::array();
    for (const Report::Rate& rate : r.sdg_rates)
      rates.push_back({{"code", rate.code},
                       {"label", rate.label.Get(lang)},
                       {"count", rate.count ? nlohmann::json(*rate.count) : nlohmann::json(nullptr)},
                       {"rate_per_100k", rate.rate_per_100k ? nlohmann::json(std::round(*rate.rate_per_100k * 1000) / 1000)
                                                            : nlohmann::json(nullptr)}});
    j["sdg_16_2_2"] = {{"population", *r.population},
                       {"population_source", "World Bank, World Development Indicators, SP.POP.TOTL"},
                       {"rates", rates}};
  }
  if (r.input.estimate) {
    const EstimateSummary& e = *r.input.estimate;
    // Full precision here (for reuse); every other output shows whole numbers.
    j["estimate"] = {{"observed", e.observed},
                     {"estimate", e.estimate},
                     {"unobserved", e.unobserved},
                     {"ci_low", e.ci_low},
                     {"ci_high", std::isfinite(e.ci_high) ? nlohmann::json(e.ci_high) : nlohmann::json(nullptr)},
                     {"ci_level", e.ci_level},
                     {"ci_method", e.ci_method},
                     {"method", e.method},
                     {"model_terms", e.model_terms},
                     {"method_text", internal::EstimateMethodText(e, lang)},
                     {"interval_text", internal::IntervalMeaningText(e, lang)}};
  }
  j["data_quality"] = nlohmann::json::array();
  for (const QualityRow& q : DataQualityRows(r.input.data_quality, lang, internal::PublishedThreshold(r)))
    j["data_quality"].push_back({{"section", q.section},
                                 {"item", q.item},
                                 {"value", q.value},
                                 {"number", q.number ? nlohmann::json(*q.number) : nlohmann::json(nullptr)},
                                 {"source", q.source}});
  if (r.microdata) {
    j["microdata"] = {{"file", "microdata.csv"},
                      {"rows", r.microdata->rows.size()},
                      {"removed_rows", r.microdata->result.suppressed_rows},
                      {"levels", r.microdata->result.levels},
                      {"information_loss_lm", std::round(r.microdata->result.information_loss * 1e6) / 1e6}};
  }
  return j.dump(2) + "\n";
}

namespace {
Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) return Status::Unavailable("cannot write " + path.filename().string());
  return Status::Ok();
}
}  // namespace

Status WriteReport(const Report& r, const std::filesystem::path& dir, Lang lang) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "tables", ec);
  if (ec) return Status::Unavailable("cannot create the output folder: " + ec.message());
  PALERMO_RETURN_IF_ERROR(WriteText(dir / "index.html", RenderHtml(r, lang)));
  for (const Table& t : r.tables)
    PALERMO_RETURN_IF_ERROR(WriteText(dir / "tables" / (t.id + ".csv"), RenderTableCsv(t, lang)));
  std::string protections = "protection\n";
  for (const Text& line : r.protections.lines) protections += CsvEscape(line.Get(lang)) + "\n";
  PALERMO_RETURN_IF_ERROR(WriteText(dir / "tables" / "protections.csv", protections));
  PALERMO_RETURN_IF_ERROR(
      WriteText(dir / "tables" / "data_quality.csv", RenderDataQualityCsv(r.input.data_quality, lang, internal::PublishedThreshold(r))));
  PALERMO_RETURN_IF_ERROR(WriteText(dir / "tables.json", RenderJson(r, lang)));
  if (r.microdata) {
    std::string csv;
    for (size_t i = 0; i < r.microdata->header.size(); ++i) { csv += i ? "," : ""; csv += r.microdata->header[i]; }
    csv += "\n";
    for (const auto& row : r.microdata->rows) {
      for (size_t i = 0; i < row.size(); ++i) { csv += i ? "," : ""; csv += CsvEscape(row[i]); }
      csv += "\n";
    }
    PALERMO_RETURN_IF_ERROR(WriteText(dir / "microdata.csv", csv));
  }
  return RenderXlsx(r, dir / "report.xlsx", lang);
}

}  // namespace palermo::publish
