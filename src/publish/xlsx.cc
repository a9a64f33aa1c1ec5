// SPDX-License-Identifier: AGPL-3.0-or-later
// report.xlsx: one sheet per table, laid out like the UNODC GLOTIP questionnaire tables
// (title, country and year block, header row of categories, one row per category, totals in
// bold, notes under the table), plus a first sheet with the protections applied, the estimate
// (whole numbers) and a metadata sheet (period, production date, Palermo version).
#include <xlsxwriter.h>

#include <cmath>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {
std::string L(Lang lang, const char* en, const char* fr) { return lang == Lang::kFr ? fr : en; }
}  // namespace

Status RenderXlsx(const Report& r, const std::filesystem::path& path, Lang lang) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::Unavailable("cannot create " + path.filename().string());
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_bg_color(head, 0xDDE6F0);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_CENTER);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  lxw_format* total = workbook_add_format(wb);
  format_set_border(total, LXW_BORDER_THIN);
  format_set_bold(total);
  format_set_bg_color(total, 0xF2F2F2);
  lxw_format* suppressed = workbook_add_format(wb);
  format_set_border(suppressed, LXW_BORDER_THIN);
  format_set_italic(suppressed);
  format_set_align(suppressed, LXW_ALIGN_RIGHT);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  lxw_format* whole = workbook_add_format(wb);
  format_set_border(whole, LXW_BORDER_THIN);
  format_set_num_format(whole, "#,##0");

  std::string country;
  if (const Country* c = r.input.reporting_country.empty() ? nullptr : CodeLists::Default().FindCountry(r.input.reporting_country))
    country = c->Name(lang);

  auto header_block = [&](lxw_worksheet* ws, const std::string& heading) {
    worksheet_write_string(ws, 0, 0, heading.c_str(), title);
    worksheet_write_string(ws, 1, 0, (L(lang, "Country: ", "Pays : ") + country).c_str(), nullptr);
    worksheet_write_string(ws, 2, 0, (L(lang, "Year: ", "Année : ") + std::to_string(r.input.year)).c_str(), nullptr);
    worksheet_write_string(ws, 3, 0, internal::UnitText(r.input.unit, lang).c_str(), nullptr);
  };

  lxw_worksheet* cover = workbook_add_worksheet(wb, lang == Lang::kFr ? "Protections" : "Protections");
  header_block(cover, L(lang, "Trafficking in persons: detected victims", "Traite des personnes : victimes détectées"));
  worksheet_set_column(cover, 0, 0, 120, wrap);
  worksheet_write_string(cover, 5, 0, L(lang, "Protections applied", "Protections appliquées").c_str(), title);
  lxw_row_t row = 6;
  for (const Text& line : r.protections.lines) worksheet_write_string(cover, row++, 0, line.Get(lang).c_str(), wrap);
  worksheet_write_string(cover, row + 1, 0, L(lang, "x: suppressed to protect the victims.", "x : masqué pour protéger les victimes.").c_str(), nullptr);

  for (const Table& t : r.tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.id.substr(0, 31).c_str());
    header_block(ws, t.title.Get(lang));
    worksheet_set_column(ws, 0, 0, 42, nullptr);
    worksheet_set_column(ws, 1, static_cast<lxw_col_t>(t.cols.size()), 14, nullptr);
    const lxw_row_t top = 5;
    worksheet_write_string(ws, top, 0, "", head);
    for (size_t c = 0; c < t.cols.size(); ++c)
      worksheet_write_string(ws, top, static_cast<lxw_col_t>(c + 1), t.cols[c].text.Get(lang).c_str(), head);
    for (size_t ri = 0; ri < t.rows.size(); ++ri) {
      const bool is_sum = !t.rows[ri].children.empty() || t.rows[ri].is_total;
      const lxw_row_t xr = top + 1 + static_cast<lxw_row_t>(ri);
      worksheet_write_string(ws, xr, 0, t.rows[ri].text.Get(lang).c_str(), is_sum ? total : cell);
      for (size_t c = 0; c < t.cols.size(); ++c) {
        const int idx = t.Cell(static_cast<int>(ri), static_cast<int>(c));
        if (t.IsSuppressed(idx)) worksheet_write_string(ws, xr, static_cast<lxw_col_t>(c + 1), "x", suppressed);
        else worksheet_write_number(ws, xr, static_cast<lxw_col_t>(c + 1), static_cast<double>(t.values[idx]), is_sum ? total : cell);
      }
    }
    const lxw_row_t notes = top + 2 + static_cast<lxw_row_t>(t.rows.size());
    worksheet_write_string(ws, notes, 0, t.note.Get(lang).c_str(), nullptr);
    worksheet_write_string(ws, notes + 1, 0, L(lang, "x: suppressed to protect the victims.", "x : masqué pour protéger les victimes.").c_str(), nullptr);
  }

  if (r.population && !r.sdg_rates.empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "sdg_16_2_2");
    header_block(ws, L(lang, "SDG 16.2.2: detected victims per 100 000 population", "ODD 16.2.2 : victimes détectées pour 100 000 habitants"));
    worksheet_set_column(ws, 0, 0, 42, nullptr);
    worksheet_set_column(ws, 1, 2, 16, nullptr);
    worksheet_write_string(ws, 5, 0, "", head);
    worksheet_write_string(ws, 5, 1, L(lang, "Victims", "Victimes").c_str(), head);
    worksheet_write_string(ws, 5, 2, L(lang, "Rate per 100 000", "Taux pour 100 000").c_str(), head);
    lxw_row_t xr = 6;
    for (const Report::Rate& rate : r.sdg_rates) {
      worksheet_write_string(ws, xr, 0, rate.label.Get(lang).c_str(), cell);
      if (rate.count) worksheet_write_number(ws, xr, 1, static_cast<double>(*rate.count), cell);
      else worksheet_write_string(ws, xr, 1, "x", suppressed);
      if (rate.rate_per_100k) worksheet_write_number(ws, xr, 2, *rate.rate_per_100k, cell);
      else worksheet_write_string(ws, xr, 2, "x", suppressed);
      ++xr;
    }
    worksheet_write_string(ws, xr + 1, 0,
                           (L(lang, "Population: ", "Population : ") + std::to_string(*r.population) +
                            " (World Bank, WDI, SP.POP.TOTL)").c_str(), nullptr);
  }

  if (r.input.estimate) {
    const EstimateSummary& e = *r.input.estimate;
    lxw_worksheet* ws = workbook_add_worksheet(wb, "estimate");
    header_block(ws, L(lang, "Multiple systems estimate of the total number of victims",
                       "Estimation par systèmes multiples du nombre total de victimes"));
    worksheet_set_column(ws, 0, 0, 42, nullptr);
    worksheet_set_column(ws, 1, 1, 30, nullptr);
    const std::pair<std::string, double> values[] = {
        {L(lang, "Detected victims (on at least one list)", "Victimes détectées (sur au moins une liste)"),
         static_cast<double>(e.observed)},
        {L(lang, "Estimated total", "Total estimé"), e.estimate},
        {L(lang, "Not detected (estimate)", "Non détectées (estimation)"), e.unobserved},
        {L(lang, "Interval, low", "Intervalle, borne basse"), e.ci_low},
        {L(lang, "Interval, high", "Intervalle, borne haute"), e.ci_high}};
    lxw_row_t xr = 5;
    for (const auto& [label, value] : values) {
      worksheet_write_string(ws, xr, 0, label.c_str(), cell);
      // Whole numbers, stored as such (not only displayed so).
      if (std::isfinite(value)) worksheet_write_number(ws, xr++, 1, std::round(value), whole);
      else worksheet_write_string(ws, xr++, 1, L(lang, "unbounded", "non borné").c_str(), cell);
    }
    const std::pair<std::string, std::string> texts[] = {
        {L(lang, "Reference period", "Période de référence"), std::to_string(r.input.year)},
        {L(lang, "Interval", "Intervalle"),
         FormatNumber(e.ci_level * 100, lang, 1) + " %, " + internal::IntervalMethodText(e.ci_method, lang)},
        {L(lang, "Method and model", "Méthode et modèle"), internal::EstimateMethodText(e, lang)},
        {L(lang, "What the interval means", "Ce que signifie l'intervalle"), internal::IntervalMeaningText(e, lang)}};
    for (const auto& [label, text] : texts) {
      worksheet_write_string(ws, xr, 0, label.c_str(), cell);
      worksheet_write_string(ws, xr++, 1, text.c_str(), wrap);
    }
    worksheet_write_string(ws, ++xr, 0, L(lang, "Caveats", "Précautions").c_str(), title);
    for (const Text& caveat : EstimateCaveats()) worksheet_write_string(ws, ++xr, 0, caveat.Get(lang).c_str(), nullptr);
  }

  // Annex: data quality (numbers stored as numbers, absent parts "not available").
  {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "data_quality");
    header_block(ws, L(lang, "Annex: data quality", "Annexe : qualité des données"));
    worksheet_set_column(ws, 0, 0, 40, wrap);
    worksheet_set_column(ws, 1, 1, 48, wrap);
    worksheet_set_column(ws, 2, 2, 40, wrap);
    worksheet_set_column(ws, 3, 3, 40, wrap);
    const std::string labels[] = {L(lang, "Section", "Section"), L(lang, "Item", "Élément"),
                                  L(lang, "Value", "Valeur"), L(lang, "Source", "Source")};
    for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(ws, 5, c, labels[c].c_str(), head);
    lxw_row_t xr = 6;
    for (const QualityRow& q : DataQualityRows(r.input.data_quality, lang, internal::PublishedThreshold(r))) {
      worksheet_write_string(ws, xr, 0, q.section.c_str(), cell);
      worksheet_write_string(ws, xr, 1, q.item.c_str(), cell);
      if (q.number) worksheet_write_number(ws, xr, 2, *q.number, cell);
      else worksheet_write_string(ws, xr, 2, q.value.c_str(), cell);
      worksheet_write_string(ws, xr, 3, q.source.c_str(), cell);
      ++xr;
    }
  }

  // Metadata: what the workbook is, when and by what it was produced.
  {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "metadata");
    worksheet_set_column(ws, 0, 0, 30, nullptr);
    worksheet_set_column(ws, 1, 1, 90, wrap);
    worksheet_write_string(ws, 0, 0, L(lang, "Metadata", "Métadonnées").c_str(), title);
    const std::pair<std::string, std::string> meta[] = {
        {L(lang, "Title", "Titre"), L(lang, "Trafficking in persons: detected victims", "Traite des personnes : victimes détectées")},
        {L(lang, "Country", "Pays"), country},
        {L(lang, "Reference period", "Période de référence"), std::to_string(r.input.year)},
        {L(lang, "Unit", "Unité"), internal::UnitText(r.input.unit, lang)},
        {L(lang, "Produced on", "Produit le"), r.produced_on},
        {L(lang, "Produced with", "Produit avec"), "Palermo " + r.palermo_version},
        {L(lang, "Language", "Langue"), L(lang, "English", "français")},
        {L(lang, "Suppressed cells", "Cases masquées"), L(lang, "x", "x")},
        {L(lang, "Files", "Fichiers"), "index.html, tables/*.csv, tables.json, report.xlsx" +
                                           std::string(r.microdata ? ", microdata.csv" : "")}};
    lxw_row_t xr = 2;
    for (const auto& [label, text] : meta) {
      worksheet_write_string(ws, xr, 0, label.c_str(), head);
      worksheet_write_string(ws, xr++, 1, text.c_str(), wrap);
    }
  }

  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    return Status::Unavailable("cannot write " + path.filename().string() + ": " + lxw_strerror(err));
  return Status::Ok();
}

}  // namespace palermo::publish
