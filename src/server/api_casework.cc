// SPDX-License-Identifier: AGPL-3.0-or-later
// The JSON API of case correction, history, closing and reopening (docs/api.md), over
// src/casework: PATCH /api/v1/cases/{id}, GET /api/v1/cases/{id}/history,
// POST /api/v1/cases/{id}/close and /reopen. Invalid input answers 400 with every field's error.
#include <algorithm>
#include <chrono>

#include "server/app.h"
#include "server/case_json.h"
#include "server/flow.h"

namespace palermo::server {

using nlohmann::json;

PartialDate DayOfEpoch(int64_t epoch_seconds) {
  const std::chrono::sys_days day =
      std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(epoch_seconds)));
  const std::chrono::year_month_day ymd{day};
  return *PartialDate::FromParts(static_cast<int>(ymd.year()),
                                 static_cast<int>(static_cast<unsigned>(ymd.month())),
                                 static_cast<int>(static_cast<unsigned>(ymd.day())));
}

Result<casework::CaseFilter> ListFilter(const httplib::Request& req, int64_t now) {
  casework::CaseFilter filter;
  filter.today = DayOfEpoch(now).ToString();
  if (const std::string status = req.get_param_value("status"); !status.empty()) {
    Result<VictimStatus> s = ParseVictimStatusCode(status);
    if (!s.ok()) {
      return Status::InvalidArgument(
          "status: one of presumed, identified, not_a_victim, unknown");
    }
    filter.status = *s;
  }
  if (const std::string who = req.get_param_value("assignee"); !who.empty()) {
    if (who != "me") return Status::InvalidArgument("assignee: only \"me\" is supported");
    filter.mine = true;
  }
  filter.overdue = req.get_param_value("overdue") == "1";
  return filter;
}

void SendFieldErrors(httplib::Response& res, const std::vector<FieldError>& errors, Lang lang) {
  json fields = json::array();
  for (const FieldError& e : errors) fields.push_back(json{{"field", e.field}, {"message", e.message(lang)}});
  json j;
  j["error"]["code"] = "INVALID_ARGUMENT";
  j["error"]["message"] =
      Format({"{n, plural, one {# field is invalid} other {# fields are invalid}}: ",
              "{n, plural, one {# champ est invalide} other {# champs sont invalides}} : "},
             lang, {{"n", static_cast<int64_t>(errors.size())}}) +
      JoinFieldErrors(errors, lang);
  j["error"]["fields"] = fields;
  App::SendJson(res, 400, j.dump());
}

namespace {

// The text SetPatchField reads for one JSON value; false when the value has the wrong type.
bool ValueText(const json& v, std::string& out) {
  if (v.is_null()) {
    out.clear();
  } else if (v.is_string()) {
    out = v.get<std::string>();
  } else if (v.is_number_integer()) {
    out = std::to_string(v.get<int64_t>());
  } else if (v.is_array()) {
    out.clear();
    for (const json& item : v) {
      if (!item.is_string()) return false;
      const std::string text = item.get<std::string>();
      if (text.find('|') != std::string::npos) return false;
      out += (out.empty() ? "" : "|") + text;
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace

void PatchFromJson(const json& body, casework::CasePatch& patch, std::vector<FieldError>& errors,
                   std::initializer_list<std::string_view> skip, bool strict) {
  const auto read = [&](const std::string& key, const json& value) {
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) return;
    if (!casework::IsPatchField(key)) {
      if (strict) {
        errors.push_back({key, "not a field of a case that can be changed",
                          "n’est pas un champ modifiable du dossier"});
      }
      return;
    }
    std::string text;
    if (!ValueText(value, text)) {
      errors.push_back({key, "wrong type (a string, a number or a list of strings)",
                        "type incorrect (texte, nombre ou liste de textes)"});
      return;
    }
    casework::SetPatchField(patch, key, text, errors);
  };
  for (const auto& [key, value] : body.items()) {
    if (key == "identifiers" && value.is_object()) {
      for (const auto& [k, v] : value.items()) read(k, v);
      continue;
    }
    read(key, value);
  }
}

namespace {

using httplib::Request;
using httplib::Response;

// The case as GET /api/v1/cases/{id} shows it, with its closure.
void SendCase(App& app, RequestCtx& ctx, Response& res, CaseId id) {
  auto tx = app.store().BeginRead(ctx.who().actor());
  if (!tx.ok()) return App::SendJsonError(res, tx.status());
  Result<CaseRecord> record = app.gate().Read(**tx, ctx.who(), id);
  if (!record.ok()) return App::SendJsonError(res, record.status());
  Result<casework::Closure> closure = casework::ClosureOf(**tx, id);
  if (!closure.ok()) return App::SendJsonError(res, closure.status());
  json j = CaseJson(*record, false);
  j["closed"] = closure->closed;
  if (closure->closed) {
    j["close_reason"] = closure->reason;
    j["closed_on"] = closure->date;
  }
  App::SendJson(res, 200, j.dump());
}

void SendOutcome(App& app, RequestCtx& ctx, Response& res, CaseId id,
                 const Result<casework::EditOutcome>& outcome) {
  if (!outcome.ok()) return App::SendJsonError(res, outcome.status());
  if (!outcome->errors.empty()) return SendFieldErrors(res, outcome->errors, ctx.lang);
  SendCase(app, ctx, res, id);
}

json VersionJson(const casework::CaseVersion& v) {
  json changes = json::object();
  for (const casework::FieldChange& c : v.changes) {
    changes[c.field] = json::array({c.before ? json(*c.before) : json(nullptr),
                                    c.after ? json(*c.after) : json(nullptr)});
  }
  json j{{"version", v.version}, {"kind", v.kind},     {"at", v.at},
         {"user", v.user},       {"organisation", v.organisation}, {"reason", v.reason},
         {"changes", changes}};
  if (!v.decision.empty()) j["decision"] = v.decision;
  return j;
}

}  // namespace

void RegisterCaseworkApi(App& app) {
  const std::string base = R"(/api/v1/cases/(\d+))";
  app.Route("PATCH", base, "/api/v1/cases/{id}", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              casework::CasePatch patch;
              std::vector<FieldError> errors;
              for (const char* fixed : {"agency", "local_id"}) {
                if (body->contains(fixed)) {
                  errors.push_back({fixed, "cannot be changed", "ne peut pas être modifié"});
                }
              }
              PatchFromJson(*body, patch, errors, {"reason", "decision", "agency", "local_id"},
                            /*strict=*/true);
              if (!errors.empty()) return SendFieldErrors(res, errors, ctx.lang);
              SendOutcome(app, ctx, res, *id,
                          casework::EditCase(app.desk(), ctx.who(), *id, patch,
                                             Str(*body, "reason"), Str(*body, "decision")));
            });
  app.Route("GET", base + "/history", "/api/v1/cases/{id}/history", Surface::kApi,
            Guard::kSession, [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<std::vector<casework::CaseVersion>> versions = casework::CaseHistory(
                  app.desk(), ctx.who(), *id, req.get_param_value("purpose"));
              if (!versions.ok()) return App::SendJsonError(res, versions.status());
              json list = json::array();
              for (const casework::CaseVersion& v : *versions) list.push_back(VersionJson(v));
              App::SendJson(res, 200, json{{"case_id", *id}, {"versions", list}}.dump());
            });
  app.Route("POST", base + "/close", "/api/v1/cases/{id}/close", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              SendOutcome(app, ctx, res, *id,
                          casework::CloseCase(app.desk(), ctx.who(), *id, Str(*body, "reason"),
                                              Str(*body, "date")));
            });
  app.Route("POST", base + "/reopen", "/api/v1/cases/{id}/reopen", Surface::kApi, Guard::kCsrf,
            [&app](RequestCtx& ctx, const Request& req, Response& res) {
              const std::optional<int64_t> id = flow::PathId(req);
              if (!id) return App::SendJsonError(res, Status::NotFound("no such case"));
              Result<json> body = Body(req);
              if (!body.ok()) return App::SendJsonError(res, body.status());
              SendOutcome(app, ctx, res, *id,
                          casework::ReopenCase(app.desk(), ctx.who(), *id, Str(*body, "reason")));
            });
}

}  // namespace palermo::server
