// SPDX-License-Identifier: AGPL-3.0-or-later
// The case form (partial dates, multi-valued forms of exploitation) and the case view.
#include "server/page_forms.h"

#include <algorithm>
#include <charconv>

namespace palermo::server {
namespace {

std::string ET(Lang lang, const Msg& msg) { return Esc(msg.Get(lang)); }

// The errors of the form being rendered on this thread (RenderCaseForm sets them), so each
// input shows its own error without every helper taking the list.
thread_local const std::vector<FieldError>* t_errors = nullptr;
thread_local Lang t_lang = Lang::kEn;

// The validator's field (core/validate.h) of a form input.
std::string_view FieldOfInput(std::string_view name) {
  if (name == "ident") return "identification_date";
  if (name == "birth") return "birth_date";
  if (name == "document_number") return "document_numbers";
  if (name == "phone") return "phones";
  return name;
}

// "<p class=error-text>Label: message</p>" for every error of the input `name`; "" without.
std::string ErrorsOf(std::string_view name) {
  if (t_errors == nullptr) return "";
  const std::string_view field = FieldOfInput(name);
  std::string out;
  for (const FieldError& e : *t_errors) {
    if (e.field != field && !(field == "birth_date" && e.field == "birth_year")) continue;
    out += "<p class=\"field-error error-text\" id=\"" + Esc(std::string(name)) +
           "-error\" data-field=\"" + Esc(e.field) + "\" role=\"alert\">" +
           Esc(CaseFieldLabel(e.field, t_lang)) + " : " +
           Esc(e.message(t_lang)) + "</p>";
  }
  return out;
}

std::string Param(const httplib::Request& req, const char* name) {
  if (req.has_param(name)) return req.get_param_value(name);
  if (req.has_file(name)) return req.get_file_value(name).content;
  return {};
}

void TextInput(std::string& out, Lang lang, const char* name, const Msg& label,
               const std::string& value, const char* extra = "") {
  out += "<label for=\"";
  out += name;
  out += "\">" + ET(lang, label) + "</label><input type=\"text\" id=\"";
  out += name;
  out += "\" name=\"";
  out += name;
  out += "\" value=\"" + Esc(value) + "\" ";
  out += extra;
  out += ">";
  out += ErrorsOf(name);
}

void DateInputs(std::string& out, Lang lang, const char* prefix, const Msg& legend,
                const std::string& y, const std::string& m, const std::string& d) {
  const std::string p = prefix;
  out += "<fieldset class=\"date-parts\"><legend>" + ET(lang, legend) + "</legend>" + ErrorsOf(p) +
         "<p class=\"hint\">" +
         ET(lang, {"Give what is known: the year alone, or the year and month, or the full date.",
                   "Indiquez ce qui est connu : l'année seule, ou l'année et le mois, ou la date "
                   "complète."}) +
         "</p>";
  const struct {
    const char* suffix;
    Msg label;
    const std::string& value;
    const char* size;
  } parts[] = {{"_year", {"Year", "Année"}, y, "4"},
               {"_month", {"Month", "Mois"}, m, "2"},
               {"_day", {"Day", "Jour"}, d, "2"}};
  for (const auto& part : parts) {
    const std::string id = p + part.suffix;
    out += "<label for=\"" + id + "\">" + ET(lang, part.label) +
           "</label><input type=\"text\" inputmode=\"numeric\" id=\"" + id + "\" name=\"" + id +
           "\" maxlength=\"" + part.size + "\" value=\"" + Esc(part.value) + "\">";
  }
  out += "</fieldset>";
}

void CountrySelect(std::string& out, Lang lang, const char* name, const Msg& label,
                   const std::string& value) {
  out += "<label for=\"";
  out += name;
  out += "\">" + ET(lang, label) + "</label><select id=\"";
  out += name;
  out += "\" name=\"";
  out += name;
  out += "\"><option value=\"\">" + ET(lang, {"Unknown", "Inconnu"}) + "</option>";
  std::vector<const Country*> countries;
  for (const Country& c : CodeLists::Default().countries()) countries.push_back(&c);
  std::sort(countries.begin(), countries.end(), [lang](const Country* a, const Country* b) {
    return FoldForLookup(a->Name(lang)) < FoldForLookup(b->Name(lang));
  });
  for (const Country* c : countries) {
    out += "<option value=\"" + Esc(c->alpha3) + "\"";
    if (c->alpha3 == value) out += " selected";
    out += ">" + Esc(c->Name(lang)) + "</option>";
  }
  out += "</select>";
  out += ErrorsOf(name);
}

const Msg* VictimStatusMsg(std::string_view code) {
  static const Msg kUnknown{"Unknown", "Inconnu"};
  static const Msg kPresumed{"Presumed victim", "Victime présumée"};
  static const Msg kIdentified{"Identified victim", "Victime identifiée"};
  static const Msg kNot{"Not a victim", "Pas une victime"};
  if (code == "presumed") return &kPresumed;
  if (code == "identified") return &kIdentified;
  if (code == "not_a_victim") return &kNot;
  return &kUnknown;
}

const Msg* SexMsg(std::string_view code) {
  static const Msg kUnknown{"Unknown", "Inconnu"};
  static const Msg kFemale{"Female", "Féminin"};
  static const Msg kMale{"Male", "Masculin"};
  static const Msg kOther{"Other", "Autre"};
  if (code == "female") return &kFemale;
  if (code == "male") return &kMale;
  if (code == "other") return &kOther;
  return &kUnknown;
}

void Field(std::string& out, Lang lang, const Msg& label, const std::string& value) {
  out += "<dt>" + ET(lang, label) + "</dt><dd>" +
         (value.empty() ? "<span class=\"hint\">—</span>" : Esc(value)) + "</dd>";
}

struct KindRow {
  std::string_view code;
  store::IdentifierKind kind;
  Msg label;
};
const KindRow kKinds[] = {
    {"family_name", store::IdentifierKind::kFamilyName, {"Family name", "Nom de famille"}},
    {"given_name", store::IdentifierKind::kGivenName, {"Given name", "Prénom"}},
    {"full_name", store::IdentifierKind::kFullName, {"Full name", "Nom complet"}},
    {"birth_date", store::IdentifierKind::kBirthDate, {"Birth date (YYYY-MM-DD)", "Date de naissance (AAAA-MM-JJ)"}},
    {"document", store::IdentifierKind::kDocument, {"Document number", "Numéro de document"}},
    {"phone", store::IdentifierKind::kPhone, {"Phone number", "Numéro de téléphone"}},
};

}  // namespace

std::string VictimStatusLabel(std::string_view code, Lang lang) { return VictimStatusMsg(code)->Get(lang); }

Result<store::IdentifierKind> ParseIdentifierKind(std::string_view code) {
  for (const KindRow& k : kKinds) {
    if (k.code == code) return k.kind;
  }
  return Status::InvalidArgument(
      "kind: one of family_name, given_name, full_name, birth_date, document, phone");
}

std::string RenderIdentifierKindSelect(Lang lang) {
  std::string out = "<select id=\"kind\" name=\"kind\">";
  for (const KindRow& k : kKinds) {
    out += "<option value=\"" + std::string(k.code) + "\">" + ET(lang, k.label) + "</option>";
  }
  return out + "</select>";
}

CaseFormValues CaseFormValues::FromRequest(const httplib::Request& req) {
  CaseFormValues v;
  v.local_id = Param(req, "local_id");
  v.sex = Param(req, "sex");
  v.gender_detail = Param(req, "gender_detail");
  v.citizenship = Param(req, "citizenship");
  v.victim_status = Param(req, "victim_status");
  v.given_name = Param(req, "given_name");
  v.family_name = Param(req, "family_name");
  v.full_name = Param(req, "full_name");
  v.document_number = Param(req, "document_number");
  v.phone = Param(req, "phone");
  v.address = Param(req, "address");
  v.birth_year = Param(req, "birth_year");
  v.birth_month = Param(req, "birth_month");
  v.birth_day = Param(req, "birth_day");
  v.ident_year = Param(req, "ident_year");
  v.ident_month = Param(req, "ident_month");
  v.ident_day = Param(req, "ident_day");
  v.age_at_identification = Param(req, "age_at_identification");
  v.country_of_exploitation = Param(req, "country_of_exploitation");
  v.notes = Param(req, "notes");
  v.reason = Param(req, "reason");
  v.decision = Param(req, "decision");
  const size_t n = req.get_param_value_count("forms");
  for (size_t i = 0; i < n; ++i) v.forms.push_back(req.get_param_value("forms", i));
  return v;
}

CaseFormValues CaseFormValues::FromRecord(const CaseRecord& r) {
  CaseFormValues v;
  v.local_id = r.local_id;
  v.sex = std::string(SexCode(r.person.sex));
  v.gender_detail = r.person.gender_detail;
  v.citizenship = r.person.citizenship;
  v.victim_status = std::string(VictimStatusCode(r.victim_status));
  if (r.identification_date) {
    const PartialDate& d = *r.identification_date;
    v.ident_year = std::to_string(d.year());
    if (d.month()) v.ident_month = std::to_string(d.month());
    if (d.day()) v.ident_day = std::to_string(d.day());
  }
  if (r.age_at_identification) v.age_at_identification = std::to_string(*r.age_at_identification);
  v.country_of_exploitation = r.country_of_exploitation;
  v.forms = r.forms;
  return v;
}

namespace {

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" from the three inputs of a partial date; "" when all are
// empty. An impossible combination is an error on `field`.
std::string DateText(std::string_view field, std::string_view y, std::string_view m,
                     std::string_view d, std::vector<FieldError>& errors) {
  y = Trim(y);
  m = Trim(m);
  d = Trim(d);
  if (y.empty() && m.empty() && d.empty()) return "";
  if (y.empty()) {
    errors.push_back({std::string(field), "the year is missing", "l'année manque"});
    return "";
  }
  if (!d.empty() && m.empty()) {
    errors.push_back({std::string(field), "the month is missing", "le mois manque"});
    return "";
  }
  const auto two = [](std::string_view part) {
    return part.size() == 1 ? "0" + std::string(part) : std::string(part);
  };
  std::string text(y);
  if (!m.empty()) text += "-" + two(m);
  if (!d.empty()) text += "-" + two(d);
  return text;
}

}  // namespace

casework::CasePatch CaseFormValues::ToPatch(std::vector<FieldError>& errors,
                                            const CaseFormValues* before) const {
  casework::CasePatch patch;
  const auto set = [&](std::string_view field, const std::string& value,
                       const std::string* old_value, bool identifier) {
    if (before != nullptr) {
      if (identifier && Trim(value).empty()) return;          // empty: keep
      if (!identifier && old_value != nullptr && *old_value == value) return;  // unchanged
    }
    casework::SetPatchField(patch, field, value, errors);
  };
  const CaseFormValues* b = before;
  set("sex", sex.empty() ? "unknown" : sex, b ? &b->sex : nullptr, false);
  set("victim_status", victim_status.empty() ? "unknown" : victim_status,
      b ? &b->victim_status : nullptr, false);
  set("gender_detail", gender_detail, b ? &b->gender_detail : nullptr, false);
  set("citizenship", citizenship, b ? &b->citizenship : nullptr, false);
  set("country_of_exploitation", country_of_exploitation,
      b ? &b->country_of_exploitation : nullptr, false);
  std::string joined;
  for (const std::string& f : forms) joined += (joined.empty() ? "" : "|") + f;
  std::string joined_before;
  if (b) {
    for (const std::string& f : b->forms) joined_before += (joined_before.empty() ? "" : "|") + f;
  }
  set("forms", joined, b ? &joined_before : nullptr, false);
  const std::string ident = DateText("identification_date", ident_year, ident_month, ident_day, errors);
  std::string ident_before;
  if (b) {
    std::vector<FieldError> ignored;
    ident_before = DateText("identification_date", b->ident_year, b->ident_month, b->ident_day, ignored);
  }
  set("identification_date", ident, b ? &ident_before : nullptr, false);
  set("age_at_identification", age_at_identification, b ? &b->age_at_identification : nullptr,
      false);
  set("given_name", given_name, nullptr, true);
  set("family_name", family_name, nullptr, true);
  set("full_name", full_name, nullptr, true);
  set("birth_date", DateText("birth_date", birth_year, birth_month, birth_day, errors), nullptr,
      true);
  set("document_numbers", document_number, nullptr, true);
  set("phones", phone, nullptr, true);
  set("address", address, nullptr, true);
  set("notes", notes, nullptr, true);
  return patch;
}

std::string RenderCaseForm(Lang lang, std::string_view csrf, const CaseFormValues& v,
                           const CaseFormOptions& options) {
  // Each input shows its own errors (ErrorsOf) while this form renders.
  struct ErrorScope {
    ErrorScope(const std::vector<FieldError>* errors, Lang lang) {
      t_errors = errors;
      t_lang = lang;
    }
    ~ErrorScope() { t_errors = nullptr; }
  } scope(&options.errors, lang);
  const bool edit = options.edit != 0;
  std::string out;
  if (edit) {
    out += "<h1>" + Esc(Format({"Correct case {id}", "Corriger le dossier {id}"}, lang,
                               {{"id", options.edit}})) +
           "</h1>" + CaseFlowNav(options.edit, lang, "/cases/" + std::to_string(options.edit) + "/edit");
  } else {
    out += "<h1>" + ET(lang, {"New case", "Nouveau dossier"}) + "</h1>";
  }
  if (!options.errors.empty()) {
    // Every error at once, each with the field's label; the same text stands by each field.
    out += "<div class=\"flash error\" role=\"alert\"><p>" +
           Esc(Format({"{n, plural, one {# field to correct} other {# fields to correct}}:",
                       "{n, plural, one {# champ à corriger} other {# champs à corriger}} :"},
                      lang, {{"n", static_cast<int64_t>(options.errors.size())}})) +
           "</p><ul>";
    for (const FieldError& e : options.errors) {
      out += "<li>" + Esc(CaseFieldLabel(e.field, lang)) + " : " + Esc(e.message(lang)) + "</li>";
    }
    out += "</ul></div>";
  }
  const std::string action = edit ? "/cases/" + std::to_string(options.edit) + "/edit" : "/cases";
  out += "<form method=\"post\" action=\"" + action + "\" data-guard novalidate>";
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(csrf) + "\">";
  out += "<fieldset><legend>" + ET(lang, {"Case", "Dossier"}) + "</legend>";
  TextInput(out, lang, "local_id", {"Your record number (required)", "Votre numéro de dossier (obligatoire)"},
            v.local_id, edit ? "readonly maxlength=\"200\"" : "required maxlength=\"200\"");
  out += "<label for=\"victim_status\">" + ET(lang, {"Status", "Statut"}) +
         "</label><select id=\"victim_status\" name=\"victim_status\">";
  for (const char* code : {"presumed", "identified", "not_a_victim", "unknown"}) {
    out += "<option value=\"" + std::string(code) + "\"";
    if (v.victim_status == code) out += " selected";
    out += ">" + Esc(VictimStatusMsg(code)->Get(lang)) + "</option>";
  }
  out += "</select>";
  out += ErrorsOf("victim_status");
  DateInputs(out, lang, "ident", {"Date of identification", "Date d'identification"}, v.ident_year,
             v.ident_month, v.ident_day);
  out += "<fieldset class=\"inline\"><legend>" +
         ET(lang, {"Forms of exploitation (all that apply)",
                   "Formes d'exploitation (toutes celles qui s'appliquent)"}) +
         "</legend>";
  for (const FormOfExploitation& f : CodeLists::Default().forms()) {
    const std::string id = "form_" + f.code;
    const bool checked = std::find(v.forms.begin(), v.forms.end(), f.code) != v.forms.end();
    out += "<label for=\"" + Esc(id) + "\"><input type=\"checkbox\" id=\"" + Esc(id) +
           "\" name=\"forms\" value=\"" + Esc(f.code) + "\"" + (checked ? " checked" : "") + "> " +
           Esc(lang == Lang::kFr ? f.label_fr : f.label_en) + "</label>";
  }
  out += "</fieldset>";
  out += ErrorsOf("forms");
  CountrySelect(out, lang, "country_of_exploitation",
                {"Country of exploitation", "Pays d'exploitation"}, v.country_of_exploitation);
  out += "</fieldset>";

  out += "<fieldset><legend>" + ET(lang, {"Person", "Personne"}) + "</legend>";
  out += "<label for=\"sex\">" + ET(lang, {"Sex", "Sexe"}) + "</label><select id=\"sex\" name=\"sex\">";
  for (const char* code : {"unknown", "female", "male", "other"}) {
    out += "<option value=\"" + std::string(code) + "\"";
    if (v.sex == code) out += " selected";
    out += ">" + Esc(SexMsg(code)->Get(lang)) + "</option>";
  }
  out += "</select>";
  out += ErrorsOf("sex");
  CountrySelect(out, lang, "citizenship", {"Citizenship", "Nationalité"}, v.citizenship);
  TextInput(out, lang, "age_at_identification",
            {"Age at identification (when no birth date is known)",
             "Âge à l'identification (si la date de naissance est inconnue)"},
            v.age_at_identification, "inputmode=\"numeric\" maxlength=\"3\"");
  out += "</fieldset>";

  out += "<fieldset class=\"sensitive\"><legend>" +
         ET(lang, {"Identifiers (encrypted; shown only to authorised roles)",
                   "Identifiants (chiffrés ; visibles des seuls rôles autorisés)"}) +
         "</legend>";
  if (edit) {
    out += "<p class=\"hint\">" +
           ET(lang, {"Leave a field empty to keep it; what you type replaces it. The previous "
                     "values stay, sealed, in the case's history.",
                     "Laissez un champ vide pour le garder ; ce que vous saisissez le remplace. "
                     "Les valeurs précédentes restent, scellées, dans l'historique du dossier."}) +
           "</p>";
  }
  TextInput(out, lang, "given_name", {"Given name", "Prénom"}, v.given_name, "autocomplete=\"off\"");
  TextInput(out, lang, "family_name", {"Family name", "Nom de famille"}, v.family_name,
            "autocomplete=\"off\"");
  TextInput(out, lang, "full_name", {"Full name as written (if not split)", "Nom complet tel qu'écrit (s'il n'est pas séparé)"},
            v.full_name, "autocomplete=\"off\"");
  DateInputs(out, lang, "birth", {"Birth date", "Date de naissance"}, v.birth_year, v.birth_month,
             v.birth_day);
  TextInput(out, lang, "document_number", {"Identity document number", "Numéro de pièce d'identité"},
            v.document_number, "autocomplete=\"off\"");
  TextInput(out, lang, "phone", {"Phone number", "Numéro de téléphone"}, v.phone, "autocomplete=\"off\"");
  TextInput(out, lang, "address", {"Address", "Adresse"}, v.address, "autocomplete=\"off\"");
  out += "<label for=\"notes\">" + ET(lang, {"Notes", "Notes"}) +
         "</label><textarea id=\"notes\" name=\"notes\" rows=\"4\" maxlength=\"4000\">" +
         Esc(v.notes) + "</textarea>" + ErrorsOf("notes");
  out += "</fieldset>";
  if (edit) {
    out += "<fieldset><legend>" + ET(lang, {"Why", "Pourquoi"}) + "</legend>";
    TextInput(out, lang, "reason",
              {"Reason for the change (required for status, dates, sex, citizenship)",
               "Motif de la modification (obligatoire pour statut, dates, sexe, nationalité)"},
              v.reason, "maxlength=\"1000\"");
    TextInput(out, lang, "decision",
              {"Decision that justifies a new status (e.g. conclusive grounds)",
               "Décision qui justifie un nouveau statut (par ex. décision définitive)"},
              v.decision, "maxlength=\"1000\"");
    out += "</fieldset>";
  }
  out += "<div class=\"actions\"><button type=\"submit\">" +
         (edit ? ET(lang, {"Save the correction", "Enregistrer la correction"})
               : ET(lang, {"Save the case", "Enregistrer le dossier"})) +
         "</button></div></form>";
  return out;
}

std::string RenderCaseView(Lang lang, std::string_view csrf, const Principal& who,
                           const CaseRecord& r, bool with_identifiers) {
  std::string out = "<h1>" +
                    Esc(Format({"Case #{id}", "Dossier n° {id}"}, lang, {{"id", r.id}})) + "</h1>";
  out += CaseFlowNav(r.id, lang, "/cases/" + std::to_string(r.id));
  out += "<dl class=\"fields\">";
  Field(out, lang, {"Agency", "Organisme"}, r.agency);
  Field(out, lang, {"Local number", "Numéro local"}, r.local_id);
  Field(out, lang, {"Status", "Statut"}, VictimStatusLabel(VictimStatusCode(r.victim_status), lang));
  Field(out, lang, {"Date of identification", "Date d'identification"},
        r.identification_date ? r.identification_date->ToString() : "");
  std::string forms;
  for (const std::string& code : r.forms) {
    const FormOfExploitation* f = CodeLists::Default().FindForm(code);
    if (!forms.empty()) forms += ", ";
    forms += f ? (lang == Lang::kFr ? f->label_fr : f->label_en) : code;
  }
  Field(out, lang, {"Forms of exploitation", "Formes d'exploitation"}, forms);
  const auto country = [lang](const std::string& code) -> std::string {
    const Country* c = code.empty() ? nullptr : CodeLists::Default().FindCountry(code);
    return c ? c->Name(lang) : code;
  };
  Field(out, lang, {"Country of exploitation", "Pays d'exploitation"}, country(r.country_of_exploitation));
  Field(out, lang, {"Sex", "Sexe"}, SexMsg(SexCode(r.person.sex))->Get(lang));
  Field(out, lang, {"Citizenship", "Nationalité"}, country(r.person.citizenship));
  const std::optional<int> age = AgeAtIdentification(r);
  Field(out, lang, {"Age at identification", "Âge à l'identification"}, age ? std::to_string(*age) : "");
  out += "</dl>";
  if (with_identifiers) {
    const DirectIdentifiers& ids = r.person.identifiers;
    out += "<section class=\"sensitive\" data-hide-after=\"300\" aria-labelledby=\"ids\"><h2 id=\"ids\">" +
           ET(lang, {"Identifiers", "Identifiants"}) + "</h2><dl class=\"fields\">";
    Field(out, lang, {"Given name", "Prénom"}, ids.given_name);
    Field(out, lang, {"Family name", "Nom de famille"}, ids.family_name);
    Field(out, lang, {"Full name", "Nom complet"}, ids.full_name);
    Field(out, lang, {"Birth date", "Date de naissance"}, ids.birth_date ? ids.birth_date->ToString() : "");
    std::string docs, phones;
    for (const std::string& d : ids.document_numbers) docs += (docs.empty() ? "" : ", ") + d;
    for (const std::string& p : ids.phones) phones += (phones.empty() ? "" : ", ") + p;
    Field(out, lang, {"Identity documents", "Pièces d'identité"}, docs);
    Field(out, lang, {"Phone numbers", "Numéros de téléphone"}, phones);
    Field(out, lang, {"Address", "Adresse"}, ids.address);
    Field(out, lang, {"Notes", "Notes"}, r.notes);
    out += "</dl><p class=\"hint\">" +
           ET(lang, {"This reading was recorded in the audit trail with your purpose.",
                     "Cette consultation a été enregistrée dans le journal d'audit avec votre motif."}) +
           "</p></section>";
  } else if (RoleMay(who.role, Action::kReadIdentifiers)) {
    out += "<form method=\"post\" action=\"/cases/" + std::to_string(r.id) +
           "/identifiers\" class=\"sensitive\"><input type=\"hidden\" name=\"csrf\" value=\"" +
           Esc(csrf) + "\"><label for=\"purpose\">" +
           ET(lang, {"Why do you need to see this person's identifiers?",
                     "Pourquoi devez-vous voir les identifiants de cette personne ?"}) +
           "</label><p class=\"hint\" id=\"purpose-hint\">" +
           ET(lang, {"Required. Recorded in the audit trail.",
                     "Obligatoire. Enregistré dans le journal d'audit."}) +
           "</p><input type=\"text\" id=\"purpose\" name=\"purpose\" required maxlength=\"200\" "
           "aria-describedby=\"purpose-hint\"><div class=\"actions\"><button type=\"submit\">" +
           ET(lang, {"Show identifiers", "Afficher les identifiants"}) + "</button></div></form>";
  } else {
    out += "<p class=\"hint\">" +
           ET(lang, {"Your role sees pseudonymised data only.",
                     "Votre rôle ne voit que des données pseudonymisées."}) +
           "</p>";
  }
  out += "<p><a href=\"/cases\">" + ET(lang, {"Back to the cases", "Retour aux dossiers"}) + "</a></p>";
  return out;
}

}  // namespace palermo::server
