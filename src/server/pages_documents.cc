// SPDX-License-Identifier: AGPL-3.0-or-later
// Documents attached to a case: upload (multipart form, or JSON with base64 for the API),
// download with a purpose, list. Contents and file names are sealed with the store key
// (Transaction::Seal, context "server_documents.<column>:<id>", declared for key rotation in
// duplicates.cc); the type comes from the first bytes, never from what the client says.
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/app.h"
#include "server/flow.h"
#include "server/sql_util.h"

namespace palermo::server {
namespace {

using httplib::Request;
using httplib::Response;
using flow::ET;
using flow::T;
using nlohmann::json;

constexpr size_t kMaxNameBytes = 255;
constexpr size_t kMaxPurposeBytes = 200;

struct DocumentInfo {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string media_type;
  int64_t size_bytes = 0;
  std::string uploaded_by;
  std::string created_at;
};

struct DocumentContent {
  DocumentInfo info;
  std::string name;
  std::string bytes;
};

std::string NameContext(int64_t id) { return "server_documents.name:" + std::to_string(id); }
std::string ContentContext(int64_t id) { return "server_documents.content:" + std::to_string(id); }

// The allow-list, by magic bytes: PDF ("%PDF-", ISO 32000-1 §7.5.2), PNG (the 8-byte signature,
// RFC 2083 §3.1), JPEG (SOI marker FF D8 followed by a marker FF), or plain text (valid UTF-8
// without control characters other than tab, line feed, form feed and carriage return).
// kInvalidArgument otherwise.
Result<std::string> SniffMediaType(std::string_view bytes) {
  if (bytes.empty()) return Status::InvalidArgument("file: empty");
  if (bytes.starts_with("%PDF-")) return std::string("application/pdf");
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return std::string("image/png");
  if (bytes.starts_with("\xFF\xD8\xFF")) return std::string("image/jpeg");
  const bool controls = std::any_of(bytes.begin(), bytes.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f;
  });
  if (!controls && IsValidUtf8(bytes)) return std::string("text/plain; charset=utf-8");
  return Status::InvalidArgument("file: type not allowed (PDF, PNG, JPEG or plain text only)");
}

std::string_view Extension(std::string_view media_type) {
  if (media_type == "application/pdf") return "pdf";
  if (media_type == "image/png") return "png";
  if (media_type == "image/jpeg") return "jpg";
  return "txt";
}

std::string TypeLabel(std::string_view media_type) {
  if (media_type == "application/pdf") return "PDF";
  if (media_type == "image/png") return "PNG";
  if (media_type == "image/jpeg") return "JPEG";
  return "TXT";
}

// The last path component of what the browser sent, without control characters.
Result<std::string> CleanName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (const char ch : name) {
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) out += ch;
  }
  out = std::string(Trim(out));
  if (out.empty()) out = "document";
  if (out.size() > kMaxNameBytes) return Status::InvalidArgument("file name: at most 255 bytes");
  if (!IsValidUtf8(out)) return Status::InvalidArgument("file name: not UTF-8");
  return out;
}

// The role may take `action`, and the case is in the principal's scope (CaseGate::Read audits
// a refusal). Returns the pseudonymised case.
Result<CaseRecord> CaseFor(App& app, store::Transaction& tx, const Principal& who, CaseId id,
                           Action action) {
  return app.gate().Read(tx, who, id, action);
}

Result<std::vector<DocumentInfo>> ListDocuments(store::Transaction& tx, CaseId case_id) {
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT id, case_id, media_type, size_bytes, uploaded_by, created_at "
               "FROM server_documents WHERE case_id = $1 ORDER BY id",
               {case_id}));
  std::vector<DocumentInfo> out;
  for (const store::SqlRow& row : rows) {
    out.push_back({SqlInt(row[0]), SqlInt(row[1]), SqlText(row[2]), SqlInt(row[3]),
                   SqlText(row[4]), SqlText(row[5])});
  }
  return out;
}

// Stores a document of a case the caller may write to. kOutOfRange when it is larger than
// `max_bytes`, kInvalidArgument for a type outside the allow-list or a bad name. Audited
// without the name.
Result<int64_t> AddDocument(App& app, store::Transaction& tx, const Principal& who, CaseId case_id,
                            std::string_view name, std::string_view bytes) {
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord record,
                           CaseFor(app, tx, who, case_id, Action::kUploadDocument));
  (void)record;
  const size_t max_bytes = app.options().max_document_bytes;
  if (bytes.size() > max_bytes) {
    return Status::OutOfRange("file: larger than " + std::to_string(max_bytes >> 10) + " KiB");
  }
  PALERMO_ASSIGN_OR_RETURN(const std::string media_type, SniffMediaType(bytes));
  PALERMO_ASSIGN_OR_RETURN(const std::string clean_name, CleanName(name));
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO server_documents (case_id, media_type, size_bytes, uploaded_by, "
                 "created_at) VALUES ($1, $2, $3, $4, $5)",
                 {case_id, media_type, static_cast<int64_t>(bytes.size()), who.username,
                  IsoTimeUtc(app.Now())})
          .status());
  PALERMO_ASSIGN_OR_RETURN(const int64_t id, tx.LastInsertId());
  PALERMO_ASSIGN_OR_RETURN(const std::string name_sealed, tx.Seal(clean_name, NameContext(id)));
  PALERMO_ASSIGN_OR_RETURN(const std::string content_sealed, tx.Seal(bytes, ContentContext(id)));
  PALERMO_RETURN_IF_ERROR(
      tx.Execute("UPDATE server_documents SET name_sealed = $1, content_sealed = $2 WHERE id = $3",
                 {name_sealed, content_sealed, id})
          .status());
  PALERMO_RETURN_IF_ERROR(tx.Audit("upload_document", "document", std::to_string(id), "",
                                   "case " + std::to_string(case_id) + ", " + TypeLabel(media_type) +
                                       ", " + std::to_string(bytes.size()) + " bytes"));
  return id;
}

// Opens a document for a caller allowed to read it, with a purpose (kInvalidArgument if empty),
// audited. kNotFound if the case has no such document.
Result<DocumentContent> ReadDocument(App& app, store::Transaction& tx, const Principal& who,
                                     CaseId case_id, int64_t doc_id, std::string_view purpose) {
  PALERMO_ASSIGN_OR_RETURN(const CaseRecord record,
                           CaseFor(app, tx, who, case_id, Action::kReadDocument));
  (void)record;
  purpose = Trim(purpose);
  if (purpose.empty()) return Status::InvalidArgument("purpose: required to open a document");
  if (purpose.size() > kMaxPurposeBytes || !IsValidUtf8(purpose)) {
    return Status::InvalidArgument("purpose: at most 200 bytes of UTF-8");
  }
  PALERMO_ASSIGN_OR_RETURN(
      std::vector<store::SqlRow> rows,
      tx.Query("SELECT id, case_id, media_type, size_bytes, uploaded_by, created_at, name_sealed, "
               "content_sealed FROM server_documents WHERE id = $1 AND case_id = $2",
               {doc_id, case_id}));
  if (rows.empty()) return Status::NotFound("document");
  const store::SqlRow& row = rows[0];
  DocumentContent doc;
  doc.info = {SqlInt(row[0]), SqlInt(row[1]), SqlText(row[2]), SqlInt(row[3]), SqlText(row[4]),
              SqlText(row[5])};
  PALERMO_ASSIGN_OR_RETURN(doc.name, tx.Open(SqlText(row[6]), NameContext(doc_id)));
  PALERMO_ASSIGN_OR_RETURN(doc.bytes, tx.Open(SqlText(row[7]), ContentContext(doc_id)));
  PALERMO_RETURN_IF_ERROR(tx.Audit("read_document", "document", std::to_string(doc_id), purpose,
                                   "case " + std::to_string(case_id)));
  return doc;
}

// RFC 6266 attachment with the RFC 5987 UTF-8 name and a plain ASCII fallback.
std::string ContentDisposition(const DocumentContent& doc) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char ch : doc.name) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"document-" + std::to_string(doc.info.id) + "." +
         std::string(Extension(doc.info.media_type)) + "\"; filename*=UTF-8''" + encoded;
}

void SendDocument(Response& res, const DocumentContent& doc) {
  res.status = 200;
  res.set_header("Content-Disposition", ContentDisposition(doc));
  res.headers.erase("Cache-Control");  // the default headers already hold it
  res.set_header("Cache-Control", "no-store");
  res.set_content(doc.bytes, doc.info.media_type.c_str());
}

std::string SizeText(int64_t bytes, Lang lang) {
  if (bytes < 1024) return Format({"{n} bytes", "{n} octets"}, lang, {{"n", bytes}});
  return Format({"{n} KiB", "{n} Kio"}, lang, {{"n", (bytes + 1023) / 1024}});
}

int DocumentHttpStatus(const Status& status) {
  if (status.code() == StatusCode::kOutOfRange) return 413;
  if (status.code() == StatusCode::kInvalidArgument && status.message().starts_with("file:")) {
    return 415;
  }
  return App::HttpStatusFor(status);
}

std::string LimitText(const App& app, Lang lang) {
  return Format({"PDF, PNG, JPEG or plain text, at most {kib} KiB. The type is checked from the "
                 "file's content.",
                 "PDF, PNG, JPEG ou texte brut, {kib} Kio au plus. Le type est vérifié d'après le "
                 "contenu du fichier."},
                lang, {{"kib", static_cast<int64_t>(app.options().max_document_bytes >> 10)}});
}

void DocumentsPage(App& app, RequestCtx& ctx, const Request& req, Response& res, int status = 200,
                   std::string flash = "") {
  const std::optional<int64_t> id = flow::PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  auto tx = app.store().Begin(ctx.who().actor());
  if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
  Result<CaseRecord> record = CaseFor(app, **tx, ctx.who(), *id, Action::kReadDocument);
  if (!record.ok()) return app.SendPageError(ctx, res, record.status());
  Result<std::vector<DocumentInfo>> docs = ListDocuments(**tx, *id);
  if (!docs.ok()) return app.SendPageError(ctx, res, docs.status());
  const std::string base = "/cases/" + std::to_string(*id) + "/documents";
  std::string body = flow::CaseHeading(ctx, {"Documents of case #{id}", "Documents du dossier n° {id}"},
                                       *id, ctx.path);
  body += "<p class=\"hint\">" +
          ET(ctx, {"Documents and their names are encrypted. Names are shown only in the "
                   "downloaded file; opening a document asks why, and is recorded.",
                   "Les documents et leurs noms sont chiffrés. Les noms n'apparaissent que dans le "
                   "fichier téléchargé ; ouvrir un document demande un motif, qui est "
                   "enregistré."}) +
          "</p>";
  if (docs->empty()) {
    body += "<p>" + ET(ctx, {"No document yet.", "Aucun document pour l'instant."}) + "</p>";
  } else {
    body += "<table><thead><tr>";
    for (const Msg& m : {Msg{"Document", "Document"}, Msg{"Type", "Type"}, Msg{"Size", "Taille"},
                         Msg{"Added by", "Ajouté par"}, Msg{"When (UTC)", "Quand (UTC)"},
                         Msg{"Open", "Ouvrir"}}) {
      body += "<th scope=\"col\">" + ET(ctx, m) + "</th>";
    }
    body += "</tr></thead><tbody>";
    for (const DocumentInfo& d : *docs) {
      const std::string doc_id = std::to_string(d.id);
      body += "<tr><td>#" + doc_id + "</td><td>" + Esc(TypeLabel(d.media_type)) + "</td><td>" +
              Esc(SizeText(d.size_bytes, ctx.lang)) + "</td><td>" + Esc(d.uploaded_by) +
              "</td><td>" + Esc(d.created_at) + "</td><td><form method=\"post\" action=\"" + base +
              "/" + doc_id + "/download\">" + flow::CsrfInput(ctx) + "<label for=\"purpose-" +
              doc_id + "\">" + ET(ctx, {"Purpose", "Motif"}) + "</label><input type=\"text\" id=\"purpose-" +
              doc_id + "\" name=\"purpose\" required maxlength=\"200\"><button type=\"submit\">" +
              ET(ctx, {"Download", "Télécharger"}) + "</button></form></td></tr>";
    }
    body += "</tbody></table>";
  }
  if (RoleMay(ctx.who().role, Action::kUploadDocument)) {
    body += "<h2>" + ET(ctx, {"Add a document", "Ajouter un document"}) + "</h2>";
    body += "<form method=\"post\" action=\"" + base + "\" enctype=\"multipart/form-data\">" +
            flow::CsrfInput(ctx) + "<label for=\"document\">" + ET(ctx, {"File", "Fichier"}) +
            "</label><p class=\"hint\" id=\"document-hint\">" + Esc(LimitText(app, ctx.lang)) +
            "</p><input type=\"file\" id=\"document\" name=\"document\" required "
            "accept=\".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain\" "
            "aria-describedby=\"document-hint\"><div class=\"actions\"><button type=\"submit\">" +
            ET(ctx, {"Upload", "Envoyer"}) + "</button></div></form>";
  }
  app.SendPage(ctx, res, Format({"Documents of case #{id}", "Documents du dossier n° {id}"}, ctx.lang,
                                {{"id", *id}}),
               body, status, flash.empty() ? flow::DoneNotice(ctx, req) : flash, status >= 400);
}

void UploadSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res) {
  const std::optional<int64_t> id = flow::PathId(req);
  if (!id) return app.SendPageError(ctx, res, Status::NotFound("case"));
  Status done;
  {
    auto tx = app.store().Begin(ctx.who().actor());
    if (!tx.ok()) return app.SendPageError(ctx, res, tx.status());
    if (!req.has_file("document")) {
      done = Status::InvalidArgument("document: choose a file");
      // A refused role learns nothing from form validation.
      const Status allowed = CaseFor(app, **tx, ctx.who(), *id, Action::kUploadDocument).status();
      if (!allowed.ok()) return app.SendPageError(ctx, res, allowed);
    } else {
      const httplib::MultipartFormData file = req.get_file_value("document");
      Result<int64_t> added = AddDocument(app, **tx, ctx.who(), *id, file.filename, file.content);
      done = added.ok() ? (*tx)->Commit() : added.status();
    }
  }
  if (done.ok()) {
    return res.set_redirect("/cases/" + std::to_string(*id) + "/documents?done=uploaded", 303);
  }
  switch (done.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return DocumentsPage(app, ctx, req, res, DocumentHttpStatus(done),
                           done.code() == StatusCode::kOutOfRange
                               ? LimitText(app, ctx.lang)
                               : StatusText(done, ctx.lang));
    default: return app.SendPageError(ctx, res, done);
  }
}

void DownloadSubmit(App& app, RequestCtx& ctx, const Request& req, Response& res, bool api) {
  const std::optional<int64_t> id = flow::PathId(req, 1);
  const std::optional<int64_t> doc_id = flow::PathId(req, 2);
  const auto fail = [&](const Status& s) {
    if (api) return App::SendJsonError(res, s);
    if (s.code() == StatusCode::kInvalidArgument) {
      return DocumentsPage(app, ctx, req, res, 400, StatusText(s, ctx.lang));
    }
    app.SendPageError(ctx, res, s);
  };
  if (!id || !doc_id) return fail(Status::NotFound("document"));
  std::string purpose = req.get_param_value("purpose");
  if (api) {
    const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) return fail(Status::InvalidArgument("body: a JSON object"));
    purpose = body.contains("purpose") && body["purpose"].is_string()
                  ? body["purpose"].get<std::string>()
                  : std::string();
  }
  // The transaction ends before a failure page is drawn (that page opens its own).
  Status done;
  std::optional<DocumentContent> doc;
  {
    auto tx = app.store().Begin(ctx.who().actor());
    if (!tx.ok()) {
      done = tx.status();
    } else {
      Result<DocumentContent> read = ReadDocument(app, **tx, ctx.who(), *id, *doc_id, purpose);
      done = read.ok() ? (*tx)->Commit() : read.status();  // the commit keeps the audit entry
      if (done.ok()) doc = std::move(*read);
    }
  }
  if (!done.ok()) return fail(done);
  SendDocument(res, *doc);
}

json DocumentJson(const DocumentInfo& d) {
  return json{{"id", d.id},           {"case_id", d.case_id},         {"media_type", d.media_type},
              {"size_bytes", d.size_bytes}, {"uploaded_by", d.uploaded_by}, {"created_at", d.created_at}};
}

}  // namespace

void RegisterDocumentRoutes(App& app) {
  app.Route("GET", R"(/cases/(\d+)/documents)", "/cases/{id}/documents", Surface::kPage,
            Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              DocumentsPage(app, ctx, req, res);
            });
  app.Route("POST", R"(/cases/(\d+)/documents)", "/cases/{id}/documents", Surface::kPage,
            Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              UploadSubmit(app, ctx, req, res);
            });
  app.Route("POST", R"(/cases/(\d+)/documents/(\d+)/download)",
            "/cases/{id}/documents/{doc}/download", Surface::kPage, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              DownloadSubmit(app, ctx, req, res, /*api=*/false);
            });
  app.Route("GET", R"(/api/v1/cases/(\d+)/documents)", "/api/v1/cases/{id}/documents",
            Surface::kApi, Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("case"));
              auto tx = app.store().Begin(ctx.who().actor());
              if (!tx.ok()) return App::SendJsonError(res, tx.status());
              Result<CaseRecord> record = CaseFor(app, **tx, ctx.who(), *id, Action::kReadDocument);
              if (!record.ok()) return App::SendJsonError(res, record.status());
              Result<std::vector<DocumentInfo>> docs = ListDocuments(**tx, *id);
              if (!docs.ok()) return App::SendJsonError(res, docs.status());
              json j{{"documents", json::array()}};
              for (const DocumentInfo& d : *docs) j["documents"].push_back(DocumentJson(d));
              App::SendJson(res, 200, j.dump());
            });
  // The API takes the file as base64 in JSON ({"name", "content_base64"}), since every API body
  // is JSON; the decoded size is held to the same limit as the form's.
  app.Route("POST", R"(/api/v1/cases/(\d+)/documents)", "/api/v1/cases/{id}/documents",
            Surface::kApi, Guard::kCsrf, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("case"));
              const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
              auto tx = app.store().Begin(ctx.who().actor());
              if (!tx.ok()) return App::SendJsonError(res, tx.status());
              const auto refuse = [&](const Status& s) {
                App::SendJsonError(res, s);
                res.status = DocumentHttpStatus(s);
              };
              // The role and scope first, so a refused caller learns nothing from validation.
              const Status allowed = CaseFor(app, **tx, ctx.who(), *id, Action::kUploadDocument).status();
              if (!allowed.ok()) return App::SendJsonError(res, allowed);
              if (!body.is_object() || !body.contains("content_base64") ||
                  !body["content_base64"].is_string()) {
                return refuse(Status::InvalidArgument("content_base64: required (a string)"));
              }
              const std::string name =
                  body.contains("name") && body["name"].is_string() ? body["name"].get<std::string>() : "";
              const std::string& b64 = body["content_base64"].get_ref<const std::string&>();
              std::string bytes(b64.size() / 4 * 3 + 3, '\0');
              size_t decoded = 0;
              if (sodium_init() < 0 ||
                  sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(),
                                    b64.data(), b64.size(), "\n\r ", &decoded, nullptr,
                                    sodium_base64_VARIANT_ORIGINAL) != 0) {
                return refuse(Status::InvalidArgument("content_base64: not base64"));
              }
              bytes.resize(decoded);
              Result<int64_t> added = AddDocument(app, **tx, ctx.who(), *id, name, bytes);
              if (!added.ok()) return refuse(added.status());
              const Status committed = (*tx)->Commit();
              if (!committed.ok()) return App::SendJsonError(res, committed);
              App::SendJson(res, 201, json{{"id", *added}}.dump());
            });
  app.Route("POST", R"(/api/v1/cases/(\d+)/documents/(\d+)/content)",
            "/api/v1/cases/{id}/documents/{doc}/content", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              DownloadSubmit(app, ctx, req, res, /*api=*/true);
            });
}

}  // namespace palermo::server
