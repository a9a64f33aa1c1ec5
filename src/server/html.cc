// SPDX-License-Identifier: AGPL-3.0-or-later
// HTML escaping and the page frame shared by every page.
#include <string>

#include "server/internal.h"

namespace palermo::server {

std::string Esc(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
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

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string_view LangDir(Lang) { return "ltr"; }

namespace {

void NavLink(std::string& out, std::string_view href, const Msg& label, Lang lang,
             std::string_view current) {
  const bool here = current == href;
  out += "<li><a href=\"";
  out += href;
  out += "\"";
  if (here) out += " aria-current=\"page\"";
  out += ">";
  out += Esc(label.Get(lang));
  out += "</a></li>";
}

}  // namespace

std::string RenderPage(const PageFrame& frame, std::string_view body_html) {
  const Lang lang = frame.lang;
  std::string out;
  out.reserve(body_html.size() + 2048);
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += LangCode(lang);
  out += "\" dir=\"";
  out += LangDir(lang);
  out += "\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>";
  out += Esc(frame.title);
  out += " — Palermo</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
         "<script src=\"/assets/app.js\" defer></script></head><body>";
  out += "<a class=\"skip\" href=\"#main\">";
  out += Esc(Msg{"Skip to content", "Aller au contenu"}.Get(lang));
  out += "</a><header class=\"top\"><span class=\"brand\">Palermo</span>";
  if (frame.who != nullptr) {
    const Principal& who = *frame.who;
    out += "<nav aria-label=\"";
    out += Esc(Msg{"Main", "Principal"}.Get(lang));
    out += "\"><ul>";
    if (RoleMay(who.role, Action::kManageCaseload)) {
      NavLink(out, "/my", {"My cases", "Mes dossiers"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kListCases)) {
      NavLink(out, "/cases", {"Cases", "Dossiers"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kCreateCase)) {
      NavLink(out, "/cases/new", {"New case", "Nouveau dossier"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kListCases)) {
      NavLink(out, "/services", {"Services", "Services"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kImportCases)) {
      NavLink(out, "/import", {"Import a list", "Importer une liste"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kSearchIdentifier)) {
      NavLink(out, "/search", {"Find a person", "Rechercher une personne"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kReadAudit)) {
      NavLink(out, "/audit", {"Audit trail", "Journal d'audit"}, lang, frame.path);
    }
    if (RoleMay(who.role, Action::kManageUsers)) {
      NavLink(out, "/admin/users", {"Accounts", "Comptes"}, lang, frame.path);
    }
    out += "</ul></nav><div class=\"who\"><span>";
    out += Esc(who.username);
    out += " · ";
    out += Esc(RoleName(who.role, lang));
    if (!who.organisation.empty()) {
      out += " · ";
      out += Esc(who.organisation);
    }
    out += "</span><form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" "
           "value=\"";
    out += Esc(frame.csrf);
    out += "\"><button type=\"submit\">";
    out += Esc(Msg{"Log out", "Se déconnecter"}.Get(lang));
    out += "</button></form><form method=\"post\" action=\"/logout-everywhere\">"
           "<input type=\"hidden\" name=\"csrf\" value=\"";
    out += Esc(frame.csrf);
    out += "\"><button type=\"submit\" class=\"link\">";
    out += Esc(Msg{"Log out everywhere", "Se déconnecter partout"}.Get(lang));
    out += "</button></form></div>";
  }
  // Language switch: plain links, so it works without JavaScript.
  const std::string next = UrlEncode(frame.path.empty() ? "/" : frame.path);
  out += "<p class=\"langs\">";
  if (lang == Lang::kFr) {
    out += "<a href=\"/lang?to=en&amp;next=" + next + "\" lang=\"en\" hreflang=\"en\">English</a>";
  } else {
    out += "<a href=\"/lang?to=fr&amp;next=" + next +
           "\" lang=\"fr\" hreflang=\"fr\">Français</a>";
  }
  out += "</p></header><main id=\"main\" tabindex=\"-1\">";
  if (!frame.flash.empty()) {
    out += frame.flash_is_error ? "<p class=\"flash error\" role=\"alert\">"
                                : "<p class=\"flash\" role=\"status\">";
    out += Esc(frame.flash);
    out += "</p>";
  }
  out += body_html;
  out += "</main><footer><p>";
  out += Esc(Msg{"Palermo — case data stays encrypted; every access is audited.",
                 "Palermo — les données des dossiers restent chiffrées ; chaque accès est "
                 "journalisé."}
                 .Get(lang));
  out += "</p></footer></body></html>\n";
  return out;
}

}  // namespace palermo::server
