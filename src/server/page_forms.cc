// The case form (partial dates, multi-valued forms of exploitation) and the case view.
#include "server/page_forms.h"

#include <algorithm>
#include <charconv>

namespace palermo::server {
namespace {

std::string ET(Lang lang, const Msg& msg) { return Esc(msg.Get(lang)); }

std::string Param(const httplib::Request& req, const char* name) {
  if (req.has_param(name)) return req.get_param_value(name);
  if (req.has_file(name)) return req.get_file_value(name).content;
  return {};
}

Result<std::optional<int>> ParseSmallInt(std::string_view field, std::string_view text, int min,
                                         int max) {
  text = Trim(text);
  if (text.empty()) return std::optional<int>();
  int v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max) {
    return Status::InvalidArgument(std::string(field) + ": a number from " + std::to_string(min) +
                                   " to " + std::to_string(max));
  }
  return std::optional<int>(v);
}

Result<std::optional<PartialDate>> DateFromParts(std::string_view field, std::string_view y,
                                                 std::string_view m, std::string_view d) {
  PALERMO_ASSIGN_OR_RETURN(std::optional<int> year,
                           ParseSmallInt(field, y, PartialDate::kMinYear, PartialDate::kMaxYear));
  PALERMO_ASSIGN_OR_RETURN(std::optional<int> month, ParseSmallInt(field, m, 1, 12));
  PALERMO_ASSIGN_OR_RETURN(std::optional<int> day, ParseSmallInt(field, d, 1, 31));
  if (!year) {
    if (month || day) return Status::InvalidArgument(std::string(field) + ": the year is missing");
    return std::optional<PartialDate>();
  }
  if (day && !month) return Status::InvalidArgument(std::string(field) + ": the month is missing");
  Result<PartialDate> date = PartialDate::FromParts(*year, month.value_or(0), day.value_or(0));
  if (!date.ok()) return Status::InvalidArgument(std::string(field) + ": no such date");
  return std::optional<PartialDate>(*date);
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
}

void DateInputs(std::string& out, Lang lang, const char* prefix, const Msg& legend,
                const std::string& y, const std::string& m, const std::string& d) {
  const std::string p = prefix;
  out += "<fieldset class=\"date-parts\"><legend>" + ET(lang, legend) + "</legend><p class=\"hint\">" +
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
  const size_t n = req.get_param_value_count("forms");
  for (size_t i = 0; i < n; ++i) v.forms.push_back(req.get_param_value("forms", i));
  return v;
}

Result<CaseRecord> CaseFormValues::ToRecord() const {
  CaseRecord r;
  r.local_id = std::string(Trim(local_id));
  if (r.local_id.empty()) return Status::InvalidArgument("local_id: required");
  if (!sex.empty()) {
    Result<Sex> s = ParseSexCode(sex);
    if (!s.ok()) return Status::InvalidArgument("sex: female, male, other or unknown");
    r.person.sex = *s;
  }
  if (!victim_status.empty()) {
    Result<VictimStatus> s = ParseVictimStatusCode(victim_status);
    if (!s.ok()) return Status::InvalidArgument("victim_status: unknown value");
    r.victim_status = *s;
  }
  r.person.gender_detail = gender_detail;
  r.person.citizenship = citizenship;
  DirectIdentifiers& ids = r.person.identifiers;
  ids.given_name = std::string(Trim(given_name));
  ids.family_name = std::string(Trim(family_name));
  ids.full_name = std::string(Trim(full_name));
  if (!Trim(document_number).empty()) ids.document_numbers.push_back(std::string(Trim(document_number)));
  if (!Trim(phone).empty()) ids.phones.push_back(std::string(Trim(phone)));
  ids.address = std::string(Trim(address));
  PALERMO_ASSIGN_OR_RETURN(ids.birth_date,
                           DateFromParts("birth_date", birth_year, birth_month, birth_day));
  if (ids.birth_date) r.person.birth_year = ids.birth_date->year();
  PALERMO_ASSIGN_OR_RETURN(r.identification_date,
                           DateFromParts("identification_date", ident_year, ident_month, ident_day));
  PALERMO_ASSIGN_OR_RETURN(r.age_at_identification,
                           ParseSmallInt("age_at_identification", age_at_identification, 0, 120));
  r.country_of_exploitation = country_of_exploitation;
  r.notes = notes;
  for (const std::string& f : forms) {
    if (std::find(r.forms.begin(), r.forms.end(), f) == r.forms.end()) r.forms.push_back(f);
  }
  return r;
}

std::string RenderCaseForm(Lang lang, std::string_view csrf, const CaseFormValues& v) {
  std::string out = "<h1>" + ET(lang, {"New case", "Nouveau dossier"}) + "</h1>";
  out += "<form method=\"post\" action=\"/cases\" data-guard novalidate>";
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(csrf) + "\">";
  out += "<fieldset><legend>" + ET(lang, {"Case", "Dossier"}) + "</legend>";
  TextInput(out, lang, "local_id", {"Your record number (required)", "Votre numéro de dossier (obligatoire)"},
            v.local_id, "required maxlength=\"200\"");
  out += "<label for=\"victim_status\">" + ET(lang, {"Status", "Statut"}) +
         "</label><select id=\"victim_status\" name=\"victim_status\">";
  for (const char* code : {"presumed", "identified", "not_a_victim", "unknown"}) {
    out += "<option value=\"" + std::string(code) + "\"";
    if (v.victim_status == code) out += " selected";
    out += ">" + Esc(VictimStatusMsg(code)->Get(lang)) + "</option>";
  }
  out += "</select>";
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
         Esc(v.notes) + "</textarea>";
  out += "</fieldset><div class=\"actions\"><button type=\"submit\">" +
         ET(lang, {"Save the case", "Enregistrer le dossier"}) + "</button></div></form>";
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
