// SPDX-License-Identifier: AGPL-3.0-or-later
// The report's data-quality annex (issue 16, item 5): linkage quality, pairs left in review,
// quarantined rows per agency and the linkage run, as rows shared by every renderer.
#include <cstdio>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

std::string L(Lang lang, const char* en, const char* fr) { return lang == Lang::kFr ? fr : en; }

std::string NotAvailable(Lang lang) { return L(lang, "not available", "non disponible"); }

std::string SetName(const std::string& set, Lang lang) {
  if (set == "development") return L(lang, "development pairs", "paires de développement");
  if (set == "held-out" || set == "heldout")
    return L(lang, "held-out pairs (not used to tune)", "paires réservées (non utilisées pour régler)");
  return set;
}

std::string Ratio(double v, Lang lang) { return FormatNumber(v, lang, 3); }

// A count as published: below the report's threshold it is "fewer than N", without a number.
void SetCount(QualityRow& row, int64_t count, int64_t threshold, Lang lang) {
  if (count > 0 && count < threshold) {
    row.value = Format({"fewer than {n}", "moins de {n}"}, lang, {{"n", threshold}});
    row.number.reset();
    return;
  }
  row.value = internal::WholeNumber(static_cast<double>(count), lang);
  row.number = static_cast<double>(count);
}

}  // namespace

std::vector<QualityRow> DataQualityRows(const DataQuality& q, Lang lang, int64_t threshold) {
  std::vector<QualityRow> rows;
  const std::string linkage = L(lang, "Linkage quality", "Qualité du couplage");
  if (q.linkage.empty()) {
    rows.push_back({linkage, L(lang, "Precision, recall, F1", "Précision, rappel, F1"), NotAvailable(lang),
                    std::nullopt, ""});
  }
  for (const LinkageQuality& l : q.linkage) {
    const std::string set = SetName(l.set, lang);
    const std::string words =
        l.text.empty() ? Format({"precision {p}, recall {r}, F1 {f}", "précision {p}, rappel {r}, F1 {f}"}, lang,
                                {{"p", Ratio(l.precision, lang)}, {"r", Ratio(l.recall, lang)}, {"f", Ratio(l.f1, lang)}})
                       : l.text;
    rows.push_back({linkage, set, words, std::nullopt, l.source});
    rows.push_back({linkage, set + " — " + L(lang, "precision", "précision"), Ratio(l.precision, lang), l.precision,
                    l.source});
    rows.push_back({linkage, set + " — " + L(lang, "recall", "rappel"), Ratio(l.recall, lang), l.recall, l.source});
    rows.push_back({linkage, set + " — F1", Ratio(l.f1, lang), l.f1, l.source});
  }
  const std::string review = L(lang, "Pairs left to review", "Paires restant à examiner");
  if (q.pairs_in_review) {
    rows.push_back({review, L(lang, "Candidate pairs not yet decided by a person", "Paires candidates pas encore tranchées par une personne"),
                    "", std::nullopt, ""});
    SetCount(rows.back(), *q.pairs_in_review, threshold, lang);
  } else {
    rows.push_back({review, L(lang, "Candidate pairs not yet decided by a person", "Paires candidates pas encore tranchées par une personne"),
                    NotAvailable(lang), std::nullopt, ""});
  }
  const std::string quarantine = L(lang, "Quarantined rows (not imported, unresolved)", "Lignes en quarantaine (non importées, non résolues)");
  if (!q.quarantined) {
    rows.push_back({quarantine, L(lang, "All agencies", "Toutes les agences"), NotAvailable(lang), std::nullopt, ""});
  } else if (q.quarantined->empty()) {
    rows.push_back({quarantine, L(lang, "All agencies", "Toutes les agences"), "0", 0.0, L(lang, "case database", "base de cas")});
  } else {
    for (const QuarantinedRows& a : *q.quarantined) {
      rows.push_back({quarantine, a.agency_name.empty() ? a.agency_code : a.agency_name, "", std::nullopt,
                      L(lang, "case database", "base de cas")});
      SetCount(rows.back(), a.rows, threshold, lang);
    }
  }
  const std::string run = L(lang, "Linkage run", "Exécution du couplage");
  if (q.linkage_run) {
    rows.push_back({run, L(lang, "When", "Date"), q.linkage_run->when, std::nullopt, ""});
    rows.push_back({run, L(lang, "Parameters", "Paramètres"), q.linkage_run->parameters, std::nullopt, ""});
  } else {
    rows.push_back({run, L(lang, "When and with which parameters", "Date et paramètres"), NotAvailable(lang),
                    std::nullopt, ""});
  }
  return rows;
}

std::string RenderDataQualityCsv(const DataQuality& q, Lang lang, int64_t threshold) {
  std::string out = CsvEscape(L(lang, "section", "section")) + "," + CsvEscape(L(lang, "item", "élément")) + "," +
                    CsvEscape(L(lang, "value", "valeur")) + "," + CsvEscape(L(lang, "number", "nombre")) + "," +
                    CsvEscape(L(lang, "source", "source")) + "\n";
  for (const QualityRow& r : DataQualityRows(q, lang, threshold)) {
    std::string number;
    if (r.number) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.6g", *r.number);  // plain, locale-free: for machines
      number = buf;
    }
    out += CsvEscape(r.section) + "," + CsvEscape(r.item) + "," + CsvEscape(r.value) + "," + number + "," +
           CsvEscape(r.source) + "\n";
  }
  return out;
}

}  // namespace palermo::publish
