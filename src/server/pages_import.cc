// SPDX-License-Identifier: AGPL-3.0-or-later
// The import page: a case worker uploads an agency list of their own organisation with a
// mapping (uploaded, or the last one the organisation used), the ingest library imports it
// (src/ingest: validation, quarantine, idempotent re-imports), and the page shows the summary
// and the quarantined rows (line, field, reason). Raw quarantined rows hold personal data: they
// are shown only on the quarantine page, to roles allowed identifiers, with a purpose, audited.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/messages.h"
#include "server/app.h"
#include "server/flow.h"
#include "server/sql_util.h"

namespace palermo::server {
namespace {

using httplib::Request;
using httplib::Response;
using flow::ET;
using flow::T;

constexpr size_t kMaxQuarantineShown = 500;

bool Visible(const Principal& who, const store::QuarantineEntry& q) {
  return !RoleIsOrganisationScoped(who.role) || q.agency == who.organisation;
}

// A file name safe to write and to show: letters, digits, '.', '-', '_' from the last path
// component, at most 100 bytes; "upload.csv" when nothing is left.
std::string SafeFileName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') out += c;
    if (out.size() == 100) break;
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out.empty() ? "upload.csv" : out;
}

// A private temporary directory removed when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    path_ = std::filesystem::temp_directory_path(ec) / ("palermo-import-" + RandomToken());
    ok_ = !ec && std::filesystem::create_directory(path_, ec) && !ec;
    if (ok_) {
      std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::replace, ec);
    }
  }
  ~ScratchDir() {
    std::error_code ec;
    if (ok_) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return ok_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool ok_ = false;
};

Result<std::optional<ingest::Mapping>> SavedMapping(store::Store& store, const Principal& who) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(who.actor()));
  // The table the ingest library keeps the last mapping of each agency in.
  PALERMO_ASSIGN_OR_RETURN(const std::vector<store::SqlRow> rows,
                           tx->Query("SELECT mapping FROM ingest_mapping WHERE agency = $1",
                                     {who.organisation}));
  if (rows.empty()) return std::optional<ingest::Mapping>();
  PALERMO_ASSIGN_OR_RETURN(ingest::Mapping m, ingest::ParseMapping(SqlText(rows[0][0]), "saved mapping"));
  return std::optional<ingest::Mapping>(std::move(m));
}

Status RequireAction(App& app, const Principal& who, Action action) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, app.store().Begin(who.actor()));
  return app.gate().Require(*tx, who, action, "import", "");
}

std::string ImportForm(const RequestCtx& ctx, bool has_saved) {
  std::string body = "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\">" +
                     flow::CsrfInput(ctx);
  body += "<label for=\"list\">" + ET(ctx, {"Case list (CSV or HTCDS JSON)", "Liste de dossiers (CSV ou JSON HTCDS)"}) +
          "</label><input type=\"file\" id=\"list\" name=\"list\" required "
          "accept=\".csv,.json,.txt,text/csv,application/json\">";
  body += "<label for=\"mapping\">" + ET(ctx, {"Mapping (JSON)", "Correspondance (JSON)"}) +
          "</label><p class=\"hint\" id=\"mapping-hint\">" +
          (has_saved ? ET(ctx, {"Leave empty to use the mapping your organisation used last time.",
                                "Laissez vide pour reprendre la correspondance utilisée la dernière "
                                "fois par votre organisation."})
                     : ET(ctx, {"Which column holds what, and how your agency codes its values "
                                "(see docs/ingest.md). The agency must be your organisation.",
                                "Quelle colonne contient quoi, et comment votre organisme code ses "
                                "valeurs (voir docs/ingest.md). L'organisme doit être le vôtre."})) +
          "</p><input type=\"file\" id=\"mapping\" name=\"mapping\" accept=\".json,application/json\" "
          "aria-describedby=\"mapping-hint\"" +
          (has_saved ? "" : " required") + ">";
  body += "<div class=\"actions\"><button type=\"submit\">" + ET(ctx, {"Import", "Importer"}) +
          "</button></div></form>";
  return body;
}

void ImportPage(App& app, RequestCtx& ctx, Response& res, int status = 200, std::string flash = "",
                std::string extra = "") {
  Result<std::optional<ingest::Mapping>> saved = SavedMapping(app.store(), ctx.who());
  std::string body = "<h1>" + ET(ctx, {"Import a case list", "Importer une liste de dossiers"}) + "</h1>";
  body += extra;
  body += ImportForm(ctx, saved.ok() && saved->has_value());
  body += "<p><a href=\"/import/quarantine\">" +
          ET(ctx, {"Quarantined rows", "Lignes en quarantaine"}) + "</a></p>";
  app.SendPage(ctx, res, T(ctx, {"Import a case list", "Importer une liste de dossiers"}), body,
               status, std::move(flash), status >= 400);
}

std::string ReportHtml(const RequestCtx& ctx, const ingest::FileReport& report,
                       const std::vector<store::QuarantineEntry>& rows) {
  std::string out = "<section aria-labelledby=\"report-title\"><h2 id=\"report-title\">" +
                    Esc(Format({"Import of {file}", "Import de {file}"}, ctx.lang,
                               {{"file", report.file}})) +
                    "</h2><dl class=\"summary\">";
  for (const auto& [label, n] :
       {std::pair<Msg, int64_t>{{"Rows read", "Lignes lues"}, report.rows_read},
        std::pair<Msg, int64_t>{{"Imported", "Importées"}, report.imported},
        std::pair<Msg, int64_t>{{"Already present", "Déjà présentes"}, report.already_present},
        std::pair<Msg, int64_t>{{"Quarantined", "En quarantaine"}, report.quarantined}}) {
    out += "<dt>" + ET(ctx, label) + "</dt><dd>" + std::to_string(n) + "</dd>";
  }
  out += "</dl>";
  if (!rows.empty()) {
    out += "<table><caption>" +
           ET(ctx, {"Rows in quarantine (their content is kept encrypted)",
                    "Lignes en quarantaine (leur contenu reste chiffré)"}) +
           "</caption><thead><tr><th scope=\"col\">" + ET(ctx, {"Line", "Ligne"}) +
           "</th><th scope=\"col\">" + ET(ctx, {"Field", "Champ"}) + "</th><th scope=\"col\">" +
           ET(ctx, {"Reason", "Motif"}) + "</th></tr></thead><tbody>";
    for (const store::QuarantineEntry& q : rows) {
      out += "<tr><td>" + std::to_string(q.line) + "</td><td>" + Esc(q.field) + "</td><td>" +
             Esc(ingest::LocalizeLimitMessage(q.reason, ctx.lang)) + "</td></tr>";
    }
    out += "</tbody></table>";
  }
  out += "</section>";
  return out;
}

void ImportSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const Principal& who = ctx.who();
  const Status allowed = RequireAction(app, who, Action::kImportCases);
  if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  const auto form_error = [&](const Status& s) {
    ImportPage(app, ctx, res, App::HttpStatusFor(s), StatusText(s, ctx.lang));
  };
  if (!req.has_file("list") || req.get_file_value("list").content.empty()) {
    return form_error(Status::InvalidArgument("list: choose a file"));
  }
  std::optional<ingest::Mapping> mapping;
  const std::string mapping_text = req.has_file("mapping") ? req.get_file_value("mapping").content : "";
  if (!mapping_text.empty()) {
    Result<ingest::Mapping> parsed = ingest::ParseMapping(mapping_text, "mapping");
    if (!parsed.ok()) return form_error(parsed.status());
    mapping = std::move(*parsed);
  } else {
    Result<std::optional<ingest::Mapping>> saved = SavedMapping(app.store(), who);
    if (!saved.ok()) return app.SendPageError(ctx, res, saved.status());
    if (!saved->has_value()) return form_error(Status::InvalidArgument("mapping: choose a mapping file"));
    mapping = std::move(**saved);
  }
  if (mapping->agency != who.organisation) {
    // Importing for another organisation: refused and audited, as the gate does.
    auto tx = app.store().Begin(who.actor());
    if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
    const Status audited = (*tx)->Audit("denied", "import", "", "",
                                        "attempted import_cases for another organisation as " +
                                            std::string(RoleCode(who.role)));
    if (audited.ok()) (*tx)->Commit().IgnoreError();
    return app.SendPageError(ctx, res, Status::PermissionDenied("not your organisation"));
  }
  ScratchDir scratch;
  if (!scratch.ok()) return app.SendPageError(ctx, res, Status::Internal("no temporary directory"));
  const httplib::MultipartFormData list = req.get_file_value("list");
  const std::filesystem::path file = scratch.path() / SafeFileName(list.filename);
  {
    std::ofstream out(file, std::ios::binary);
    out.write(list.content.data(), static_cast<std::streamsize>(list.content.size()));
    if (!out) return app.SendPageError(ctx, res, Status::Internal("cannot write the upload"));
  }
  ingest::ImportOptions options;
  options.actor = who.actor();
  Result<ingest::FileReport> report = ingest::ImportFile(app.store(), *mapping, file, options);
  if (!report.ok()) {
    if (report.status().code() == StatusCode::kInvalidArgument ||
        report.status().code() == StatusCode::kNotFound) {
      return form_error(Status::InvalidArgument(report.status().message()));
    }
    return app.SendPageError(ctx, res, report.status());
  }
  std::vector<store::QuarantineEntry> rows;
  {
    auto tx = app.store().Begin(who.actor());
    if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
    Result<std::vector<store::QuarantineEntry>> all = (*tx)->ListQuarantine(false, /*with_raw=*/false);
    if (!all.ok()) return app.SendPageError(ctx, res, all.status());
    for (store::QuarantineEntry& q : *all) {
      if (q.agency == who.organisation && q.source_file == report->file &&
          rows.size() < kMaxQuarantineShown) {
        rows.push_back(std::move(q));
      }
    }
  }
  ImportPage(app, ctx, res, 200,
             T(ctx, {"The list was imported.", "La liste a été importée."}),
             ReportHtml(ctx, *report, rows));
}

void QuarantinePage(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const Principal& who = ctx.who();
  auto tx = app.store().Begin(who.actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  const Status allowed = app.gate().Require(**tx, who, Action::kReadQuarantine, "quarantine", "");
  if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
  const std::string purpose(Trim(req.get_param_value("purpose")));
  const bool with_raw = req.method == "POST";
  int status = 200;
  std::string flash;
  if (with_raw && (purpose.empty() || purpose.size() > 200 || !IsValidUtf8(purpose))) {
    status = 400;
    flash = StatusText(Status::InvalidArgument("purpose: required to see raw rows (at most 200 bytes)"),
                       ctx.lang);
  }
  const bool show_raw = with_raw && status == 200;
  Result<std::vector<store::QuarantineEntry>> all = (*tx)->ListQuarantine(false, show_raw);
  if (!all.ok()) return app.SendPageError(ctx, res, all.status());
  std::vector<const store::QuarantineEntry*> shown;
  for (const store::QuarantineEntry& q : *all) {
    if (Visible(who, q) && shown.size() < kMaxQuarantineShown) shown.push_back(&q);
  }
  if (show_raw) {
    const Status audited = (*tx)->Audit("read_quarantine_raw", "quarantine", "", purpose,
                                        "rows shown: " + std::to_string(shown.size()));
    if (!audited.ok()) return app.SendPageError(ctx, res, audited);
  }
  const Status committed = (*tx)->Commit();
  if (!committed.ok()) return app.SendPageError(ctx, res, committed);
  std::string body = "<h1>" + ET(ctx, {"Quarantined rows", "Lignes en quarantaine"}) + "</h1>";
  body += "<p class=\"hint\">" +
          ET(ctx, {"Rows an import could not take, with the reason. Correct the mapping or the "
                   "source and import again; nothing is dropped.",
                   "Lignes qu'un import n'a pas pu prendre, avec le motif. Corrigez la "
                   "correspondance ou la source et importez à nouveau ; rien n'est perdu."}) +
          "</p>";
  if (!show_raw) {
    body += "<form method=\"post\" action=\"/import/quarantine\">" + flow::CsrfInput(ctx) +
            "<label for=\"purpose\">" +
            ET(ctx, {"Purpose (to see the rows' content)", "Motif (pour voir le contenu des lignes)"}) +
            "</label><input type=\"text\" id=\"purpose\" name=\"purpose\" required maxlength=\"200\">"
            "<div class=\"actions\"><button type=\"submit\">" +
            ET(ctx, {"Show the content", "Afficher le contenu"}) + "</button></div></form>";
  }
  body += "<table><thead><tr>";
  std::vector<Msg> heads = {{"File", "Fichier"}, {"Agency", "Organisme"}, {"Line", "Ligne"},
                            {"Field", "Champ"}, {"Reason", "Motif"}};
  if (show_raw) heads.push_back({"Content", "Contenu"});
  for (const Msg& m : heads) body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
  body += "</tr></thead><tbody>";
  for (const store::QuarantineEntry* q : shown) {
    body += "<tr><td>" + Esc(q->source_file) + "</td><td>" + Esc(q->agency) + "</td><td>" +
            std::to_string(q->line) + "</td><td>" + Esc(q->field) + "</td><td>" + Esc(q->reason) +
            "</td>";
    if (show_raw) body += "<td><code>" + Esc(q->raw) + "</code></td>";
    body += "</tr>";
  }
  body += "</tbody></table>";
  app.SendPage(ctx, res, T(ctx, {"Quarantined rows", "Lignes en quarantaine"}), body, status, flash,
               status >= 400);
}

}  // namespace

void RegisterImportRoutes(App& app) {
  app.Route("GET", "/import", "/import", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request&, Response& res) {
              const Status allowed = RequireAction(app, ctx.who(), Action::kImportCases);
              if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
              ImportPage(app, ctx, res);
            });
  app.Route("POST", "/import", "/import", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              ImportSubmit(app, ctx, req, res);
            });
  app.Route("GET", "/import/quarantine", "/import/quarantine", Surface::kPage, Guard::kSession,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              QuarantinePage(app, ctx, req, res);
            });
  app.Route("POST", "/import/quarantine", "/import/quarantine", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              QuarantinePage(app, ctx, req, res);
            });
}

}  // namespace palermo::server
