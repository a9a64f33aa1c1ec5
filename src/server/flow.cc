// SPDX-License-Identifier: AGPL-3.0-or-later
// The flow pages' shared pieces (see flow.h); the flows themselves are in src/casework.
#include "server/flow.h"

#include <charconv>

// ---- Pieces the flow pages share ------------------------------------------------------------

namespace palermo::server {

// Declared in internal.h; called by RegisterMigrations (accounts.cc).
void RegisterFlowMigrations() { casework::RegisterMigrations(); }

void RegisterFlowRoutes(App& app) {
  flow::RegisterFlowApi(app);
  RegisterCaseworkApi(app);
  RegisterCaseworkPages(app);
  RegisterCaseloadRoutes(app);
  flow::RegisterScreeningPages(app);
  flow::RegisterReferralPages(app);
  flow::RegisterServicesPages(app);
  flow::RegisterConsentPages(app);
}

std::string CaseFlowNav(CaseId id, Lang lang, std::string_view current) {
  const std::string base = "/cases/" + std::to_string(id);
  const struct {
    std::string href;
    Msg label;
  } links[] = {{base, {"Case", "Dossier"}},
               {base + "/screening", {"Screening", "Repérage"}},
               {base + "/referral", {"NRM referral", "Orientation MNO"}},
               {base + "/services", {"Services", "Services"}},
               {base + "/consent", {"Consent", "Consentement"}},
               {base + "/history", {"History", "Historique"}}};
  std::string out = "<nav class=\"case-nav\" aria-label=\"";
  out += Esc(Msg{"This case", "Ce dossier"}.Get(lang));
  out += "\"><ul>";
  for (const auto& link : links) {
    out += "<li><a href=\"" + link.href + "\"";
    if (link.href == current) out += " aria-current=\"page\"";
    out += ">" + Esc(link.label.Get(lang)) + "</a></li>";
  }
  out += "</ul></nav>";
  return out;
}

namespace flow {

std::string CsrfInput(const RequestCtx& ctx) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(ctx.csrf()) + "\">";
}

std::optional<int64_t> PathId(const httplib::Request& req, int group) {
  if (static_cast<int>(req.matches.size()) <= group) return std::nullopt;
  const std::string text = req.matches[group].str();
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

Result<std::optional<referral::Instant>> FormDate(std::string_view text, referral::Instant now) {
  text = Trim(text);
  if (text.empty()) return std::optional<referral::Instant>();
  Result<referral::Day> day = referral::ParseDay(text);
  if (!day.ok()) return Status::InvalidArgument("date: expected YYYY-MM-DD");
  if (*day == std::chrono::floor<std::chrono::days>(now)) return std::optional(now);
  return std::optional(referral::Instant(std::chrono::sys_days(*day)) + std::chrono::hours(12));
}

std::string CaseHeading(const RequestCtx& ctx, const Msg& title, CaseId id, std::string_view path) {
  return "<h1>" + Esc(Format(title, ctx.lang, {{"id", id}})) + "</h1>" +
         CaseFlowNav(id, ctx.lang, path);
}

void SendOutcome(App& app, const RequestCtx& ctx, httplib::Response& res, const Status& status,
                 const std::string& done_url, const std::function<void(int, std::string)>& render) {
  if (status.ok()) return res.set_redirect(done_url, 303);
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists:
      return render(App::HttpStatusFor(status), StatusText(status, ctx.lang));
    default:
      return app.SendPageError(ctx, res, status);
  }
}

std::string DoneNotice(const RequestCtx& ctx, const httplib::Request& req) {
  return req.has_param("done") ? T(ctx, {"Saved.", "Enregistré."}) : std::string();
}

}  // namespace flow
}  // namespace palermo::server
