// SPDX-License-Identifier: AGPL-3.0-or-later
// The five agency layouts of the "dev" profile (France, Italy, Spain, a UK hotline, UK border).
#include "realistic/writing.h"

namespace palermo::realistic {

using namespace writing;


// French judicial police: ';' separated, Windows Latin-1, CRLF. NOM in capitals, French
// country names, DD/MM/YYYY; documents copied when seen; NGO hotline number and association
// postal address (domiciliation) given for people without their own.
Agency PoliceFr(uint64_t seed) {
  Agency a;
  a.file = "police_fr";
  a.country = "FRA";
  a.separator = ';';
  a.encoding = Encoding::kLatin1;
  a.crlf = true;
  a.columns = {{"num_pv", "record_id"},
               {"nom", "family_name"},
               {"prénom", "given_name"},
               {"sexe", "sex"},
               {"date_naissance", "birth_date"},
               {"lieu_naissance", ""},
               {"nationalité", "nationality"},
               {"téléphone", "phone"},
               {"adresse", "address"},
               {"code_postal", "postcode"},
               {"ville", "city"},
               {"pièce_identité", "document_number"},
               {"date_audition", "record_date"},
               {"qualification", ""},
               {"suite_donnée", ""}};
  a.size = 3.2;
  a.nationality = {{"NGA", 3},   {"ROU", 2},   {"CHN", 1.5}, {"VNM", 1.2},
                   {"ALB", 1},   {"FRA", 2.5}, {"UKR", 0.8}, {"SYR", 0.6},
                   {"EGY", 0.6}, {"THA", 0.8}, {"PHL", 0.3}, {"GBR", 0.15}};
  a.female = 1.3;
  Rng site_rng(seed, 101);
  const std::vector<SharedSite> raids = MakeSites(site_rng, "FRA", 140, -1);
  const Address association = NewAddress(site_rng, "FRA", 0);
  const Phone ngo_line{"FRA", "1" + FromPattern(site_rng, "99999999")};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.5, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0.6;
    nh.nickname = 0.02;
    nh.given_only = 0.01;
    nh.typo = 0.07;
    nh.second_given = 0.6;
    nh.patronymic = 0.05;
    WrittenName w = RenderName(rng, p, src, nh);
    std::string nom = w.family;
    if (rng.Chance(0.85)) nom = Upper(rng.Chance(0.7) ? FoldAscii(nom) : nom);
    Date b;
    DateHabits dh;
    dh.missing = 0.06;
    dh.swap = 0.03;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kDmySlash) : "";
    std::string lieu;
    if (rng.Chance(0.45)) lieu = Upper(FoldAscii(Country(p.nationality).fr[0]));
    std::string nat =
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.04), NatStyle::kFrench);
    if (rng.Chance(0.3)) nat = Upper(nat);
    PhoneHabits ph;
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.07)
      tel = FormatPhone(ngo_line, PhoneStyle::kNational);
    else if (t < 0.7)
      tel = WritePhone(rng, PersonPhone(rng, p, "FRA", v.day), "FRA", ph);
    if (!tel.empty() && tel.rfind("0", 0) == 0 && rng.Chance(0.15))
      std::replace(tel.begin(), tel.end(), ' ', '.');
    Address addr;
    bool domiciliation = false;
    const double u = rng.Uniform();
    if (u < 0.45 && p.residence.count("FRA")) {
      addr = p.residence.at("FRA");
    } else if (u < 0.6) {
      addr = raids[StableChoice(p, 0x7A1D, raids.size())].address;
    } else if (u < 0.67) {
      addr = association;
      domiciliation = true;
    }
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    if (domiciliation && rng.Chance(0.5)) at.street_line = "chez association, " + at.street_line;
    std::string ville = at.city.empty() ? (rng.Chance(0.4) ? "" : "PARIS")
                                        : (rng.Chance(0.5) ? Upper(FoldAscii(at.city)) : at.city);
    static const std::vector<std::string> kQualif = {
        "Traite des êtres humains", "Proxénétisme aggravé", "Travail dissimulé",
        "Exploitation de la mendicité", "Conditions de travail indignes"};
    static const std::vector<std::string> kSuite = {
        "Victime", "Victime", "Victime - orientée association", "Victime - hébergée",
        "Victime - retour volontaire"};
    return std::vector<std::string>{
        nom,
        w.given,
        WriteSex(rng, p.female, "F", "M", 0.01),
        birth,
        lieu,
        nat,
        tel,
        at.street_line,
        rng.Chance(0.85) ? at.postcode : "",
        ville,
        src == Source::kDocument && rng.Chance(0.85) ? WriteDocument(rng, p, 0.05, 0.05) : "",
        FormatDate(DateFromDays(v.day), DateFormat::kDmySlash),
        rng.Pick(kQualif),
        rng.Pick(kSuite)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "PV" + std::to_string(d.year) + "-" + Pad(idx + 1, 5);
  };
  return a;
}

// Italian labour inspectorate: comma, UTF-8. Names and dates from documents; ISO alpha-3;
// workers housed by the employer share its address; residence permits as documents.
Agency IspettoratoLavoro(uint64_t seed) {
  Agency a;
  a.file = "ispettorato_lavoro";
  a.country = "ITA";
  a.columns = {{"pratica", "record_id"},
               {"cognome", "family_name"},
               {"nome", "given_name"},
               {"sesso", "sex"},
               {"data_nascita", "birth_date"},
               {"cittadinanza", "nationality"},
               {"tipo_documento", ""},
               {"numero_documento", "document_number"},
               {"telefono", "phone"},
               {"domicilio", "address"},
               {"cap", "postcode"},
               {"comune", "city"},
               {"data_accesso", "record_date"},
               {"settore", ""},
               {"datore_di_lavoro", ""}};
  a.size = 2.2;
  a.nationality = {{"ROU", 2.5}, {"ALB", 1.5}, {"NGA", 1.2},  {"UKR", 1.5},
                   {"CHN", 1.8}, {"EGY", 1.4}, {"SYR", 0.8},  {"PHL", 0.6},
                   {"VNM", 0.4}, {"THA", 0.2}, {"FRA", 0.05}, {"GBR", 0.03}};
  a.male = 2.6;
  a.minor = 0.2;
  Rng site_rng(seed, 102);
  const std::vector<SharedSite> sites = MakeSites(site_rng, "ITA", 220, -1);
  static const std::vector<std::string> kEmployers = {
      "Russo",    "Ferrari", "Esposito", "Bianchi", "Romano",  "Colombo", "Ricci",
      "Marino",   "Greco",   "Bruno",    "Gallo",   "Conti",   "De Luca", "Mancini",
      "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani"};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.7, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0.8;
    nh.typo = 0.05;
    nh.second_given = 0.5;
    nh.swap = p.nationality == "CHN" ? 0.05 : 0.02;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.04;
    dh.swap = src == Source::kDocument ? 0.005 : 0.03;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdDash) : "";
    std::string tipo, numero;
    if (src == Source::kDocument && rng.Chance(0.85)) {
      if (rng.Chance(0.25)) {  // an Italian residence permit: a number no other list has
        Rng permit(Mix64(static_cast<uint64_t>(p.id) ^ 0x5E11ULL));
        tipo = "permesso di soggiorno";
        numero = FromPattern(permit, "I99999999");
      } else {
        size_t which = 0;
        numero = WriteDocument(rng, p, 0.04, 0.02, &which);
        tipo = which == 0 && p.first_is_passport ? "passaporto" : "carta d'identità";
      }
    }
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.5},
              {PhoneStyle::kNationalCompact, 0.3},
              {PhoneStyle::kIntlSpaced, 0.2}};
    const std::string tel =
        rng.Chance(0.6) ? WritePhone(rng, PersonPhone(rng, p, "ITA", v.day), "ITA", ph) : "";
    const size_t site = StableChoice(p, 0x17A1, sites.size());
    Address addr;
    const double u = rng.Uniform();
    if (u < 0.5)
      addr = sites[site].address;
    else if (u < 0.8 && p.residence.count("ITA"))
      addr = p.residence.at("ITA");
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    static const std::vector<std::string> kSettore = {
        "agricoltura", "agricoltura",  "edilizia",         "manifattura tessile",
        "logistica",   "ristorazione", "lavoro domestico", "cura della persona"};
    const std::string& boss = kEmployers[site % kEmployers.size()];
    const std::string employer =
        site % 3 == 0
            ? "Az. Agr. " + boss + " " + std::string(1, static_cast<char>('A' + site % 26)) + "."
            : boss + (site % 3 == 1 ? " s.r.l." : " & C. s.n.c.");
    return std::vector<std::string>{w.family,
                                    w.given,
                                    WriteSex(rng, p.female, "F", "M", 0.01),
                                    birth,
                                    RecordedNationality(rng, p, src, 0.03),
                                    tipo,
                                    numero,
                                    tel,
                                    at.street_line,
                                    at.postcode,
                                    at.city,
                                    FormatDate(DateFromDays(v.day), DateFormat::kYmdDash),
                                    kSettore[site % kSettore.size()],
                                    employer};
  };
  a.record_id = [](int idx, const Date& d) {
    return "ITL/" + std::to_string(d.year) + "/" + Pad(idx + 1, 5);
  };
  return a;
}

// Spanish NGO shelter for women: TAB separated, UTF-8. Name as the woman writes it (own script
// for some), age stated at intake, a passport number for some, the shelter's address and phone
// for most residents.
Agency CasaAcogida(uint64_t seed) {
  Agency a;
  a.file = "casa_acogida";
  a.country = "ESP";
  a.separator = '\t';
  a.columns = {{"expediente", "record_id"},
               {"nombre", "full_name"},
               {"edad", "age"},
               {"fecha_ingreso", "record_date"},
               {"nacionalidad", "nationality"},
               {"documento", "document_number"},
               {"teléfono", "phone"},
               {"dirección", "address"},
               {"correo", "email"},
               {"situación", ""},
               {"observaciones", ""}};
  a.size = 1.8;
  a.nationality = {{"NGA", 3},   {"ROU", 2},   {"UKR", 1.5},  {"SYR", 1},
                   {"PHL", 0.8}, {"VNM", 0.6}, {"THA", 0.9},  {"ALB", 0.6},
                   {"CHN", 0.8}, {"EGY", 0.4}, {"FRA", 0.15}, {"GBR", 0.1}};
  a.male = 0;
  a.minor = 0.5;
  Rng site_rng(seed, 103);
  Address shelter = NewAddress(site_rng, "ESP", 0);
  shelter.floor = -1;
  const Phone shelter_phone{"ESP", "91" + FromPattern(site_rng, "9999999")};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.1, Source::kSelf);
    NameHabits nh;
    nh.native_script = 0.3;
    nh.keep_diacritics = 0.9;
    nh.nickname = 0.18;
    nh.given_only = 0.12;
    nh.typo = 0.08;
    nh.second_given = 0.3;
    nh.patronymic = 0.1;
    const WrittenName w = RenderName(rng, p, src, nh);
    const int age = StatedAge(rng, p, src, v.day, 0.05);
    PhoneHabits ph;
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.25)
      tel = FormatPhone(shelter_phone,
                        rng.Chance(0.7) ? PhoneStyle::kNational : PhoneStyle::kIntlSpaced);
    else if (t < 0.85)
      tel = WritePhone(rng, PersonPhone(rng, p, "ESP", v.day), "ESP", ph);
    if (!tel.empty() && rng.Chance(0.02)) tel += " (hermana)";
    std::string dir;
    const double u = rng.Uniform();
    if (u < 0.75)
      dir = WriteAddressLine(rng, shelter, AddressHand::kLocal, rng.Chance(0.5));
    else if (u < 0.85 && p.residence.count("ESP"))
      dir = WriteAddressLine(rng, p.residence.at("ESP"), AddressHand::kLocal, true);
    static const std::vector<std::string> kSituacion = {
        "Acogida", "Acogida", "Baja voluntaria", "Derivada a otro recurso", "Retorno voluntario"};
    static const std::vector<std::string> kNotas = {"",
                                                    "",
                                                    "",
                                                    "Derivada por la Policía Nacional",
                                                    "Llegó con su hija, 3 años",
                                                    "Habla poco español.\nNecesita intérprete",
                                                    "Pendiente de cita \"urgente\" con abogada",
                                                    "Sin documentación",
                                                    "Derivada por ONG; acompañada por educadora"};
    // The passport or NIE the resident shows for her residence procedure, when she has one.
    const std::string documento =
        rng.Chance(src == Source::kDocument ? 0.9 : 0.4) ? WriteDocument(rng, p, 0.03, 0.1) : "";
    return std::vector<std::string>{
        WriteFull(rng, w, FullLayout::kGivenFamily, 0.7),
        age < 0 ? "" : std::to_string(age),
        FormatDate(DateFromDays(v.day), DateFormat::kDmySlash),
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.06), NatStyle::kAlpha2),
        documento,
        tel,
        dir,
        WriteEmail(rng, p, 0.5),
        rng.Pick(kSituacion),
        rng.Pick(kNotas)};
  };
  a.record_id = [](int idx, const Date&) { return "EXP-" + Pad(idx + 1, 5); };
  return a;
}

// UK anti-slavery helpline case management export: comma, UTF-8 with BOM, CRLF, US date
// format; "Family, Given" names as heard on the phone; a date of birth for about two callers in
// three, an age range for most.
Agency HotlineCases(uint64_t) {
  Agency a;
  a.file = "hotline_cases";
  a.country = "GBR";
  a.encoding = Encoding::kUtf8Bom;
  a.crlf = true;
  a.columns = {{"Case ID", "record_id"},
               {"Contact Date", "record_date"},
               {"Name", "full_name"},
               {"Gender", "sex"},
               {"DOB", "birth_date"},
               {"Age Range", "age"},
               {"Nationality", "nationality"},
               {"Phone", "phone"},
               {"Email", "email"},
               {"City", "city"},
               {"Exploitation Type", ""},
               {"Referral Source", ""}};
  a.size = 2.3;
  a.nationality = {{"VNM", 2.5}, {"ALB", 2.5}, {"ROU", 1.5}, {"GBR", 3},
                   {"PHL", 1.5}, {"NGA", 1},   {"CHN", 1},   {"THA", 0.8},
                   {"UKR", 0.8}, {"SYR", 0.5}, {"EGY", 0.4}, {"FRA", 0.3}};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = rng.Chance(0.12) ? Source::kSelf : Source::kOral;
    NameHabits nh;
    nh.native_script = 0.5;
    nh.keep_diacritics = 0.3;
    nh.nickname = 0.12;
    nh.given_only = 0.15;
    nh.typo = 0.10;
    nh.second_given = 0.2;
    nh.swap = 0.03;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.3;
    dh.swap = 0.05;
    dh.digit = 0.02;
    const std::string dob =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kMdySlash) : "";
    const std::string band =
        AgeBand(StatedAge(rng, p, src, v.day, dob.empty() ? 0.08 : 0.3), false);
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.55},
              {PhoneStyle::kNationalCompact, 0.25},
              {PhoneStyle::kIntlSpaced, 0.1},
              {PhoneStyle::kE164, 0.1}};
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.75)
      tel = WritePhone(rng, PersonPhone(rng, p, "GBR", v.day), "GBR", ph);
    else if (t < 0.83)
      tel = FormatPhone(NewMobile(rng, "GBR"), PhoneStyle::kNational);  // a friend's phone
    std::string city;
    if (p.residence.count("GBR") && rng.Chance(0.7))
      city = CityName(rng, p.residence.at("GBR"), AddressHand::kEnglish);
    else if (rng.Chance(0.3))
      city = CityName(rng, NewAddress(rng, "GBR"), AddressHand::kEnglish);
    static const std::vector<std::string> kType = {"Sexual exploitation",
                                                   "Labour exploitation",
                                                   "Criminal exploitation",
                                                   "Domestic servitude",
                                                   "Labour exploitation - car wash",
                                                   "Cannabis cultivation"};
    static const std::vector<std::string> kSource = {"Potential victim", "Member of the public",
                                                     "Police",           "NGO",
                                                     "Local authority",  "Health professional"};
    return std::vector<std::string>{
        FormatDate(DateFromDays(v.day), DateFormat::kMdySlash),
        WriteFull(rng, w, FullLayout::kFamilyCommaGiven, 0),
        WriteSex(rng, p.female, "female", "male", 0.12),
        dob,
        band,
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.1), NatStyle::kEnglish),
        tel,
        WriteEmail(rng, p, 0.4),
        city,
        rng.Pick(kType),
        rng.Pick(kSource)};
  };
  a.record_id = [](int idx, const Date&) { return "HL-" + Pad(idx + 1, 6); };
  return a;
}

// UK Border Force encounters: comma, UTF-8. Passport (MRZ) spellings in capitals, compact dates
// from the document; clandestine entrants without papers give names and ages orally.
Agency BorderForceUk(uint64_t seed) {
  Agency a;
  a.file = "border_force_uk";
  a.country = "GBR";
  a.columns = {
      {"ref", "record_id"},   {"surname", "family_name"},         {"forenames", "given_name"},
      {"sex", "sex"},         {"date_of_birth", "birth_date"},    {"nationality", "nationality"},
      {"document_type", ""},  {"document_no", "document_number"}, {"place_of_encounter", ""},
      {"address", "address"}, {"encounter_date", "record_date"},  {"outcome", ""}};
  a.size = 2.0;
  a.nationality = {{"VNM", 2.5}, {"ALB", 2},   {"SYR", 2},   {"EGY", 1.2}, {"CHN", 1},
                   {"THA", 0.8}, {"PHL", 0.8}, {"NGA", 0.8}, {"UKR", 0.6}, {"ROU", 0.4}};
  a.male = 1.4;
  Rng site_rng(seed, 105);
  const std::vector<SharedSite> centres = MakeSites(site_rng, "GBR", 6, -1);
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.75, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0;
    nh.typo = src == Source::kDocument ? 0.02 : 0.08;
    nh.second_given = 0.8;
    nh.swap = 0.01;
    const WrittenName w = RenderName(rng, p, src, nh);
    const bool caps = src == Source::kDocument || rng.Chance(0.6);
    Date b;
    DateHabits dh;
    dh.missing = 0.02;
    dh.swap = src == Source::kDocument ? 0 : 0.02;
    dh.digit = 0.01;
    dh.year_off = src == Source::kDocument ? 0 : 0.02;
    const std::string dob =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdCompact) : "";
    size_t which = 0;
    const std::string doc =
        src == Source::kDocument && rng.Chance(0.95) ? WriteDocument(rng, p, 0.03, 0, &which) : "";
    std::string address;
    const double u = rng.Uniform();
    if (u < 0.35)
      address = WriteAddressLine(rng, centres[StableChoice(p, 0xB0, centres.size())].address,
                                 AddressHand::kLocal, true);
    else if (u < 0.5 && p.residence.count("GBR"))
      address = WriteAddressLine(rng, p.residence.at("GBR"), AddressHand::kLocal, true);
    static const std::vector<std::string> kPlace = {"Dover Eastern Docks",
                                                    "Heathrow T4",
                                                    "Coquelles",
                                                    "Folkestone",
                                                    "Stansted",
                                                    "Gatwick N",
                                                    "Harwich",
                                                    "Inland - enforcement visit"};
    static const std::vector<std::string> kOutcome = {
        "Referred to NRM", "Detained", "Released on immigration bail", "Asylum claim lodged"};
    return std::vector<std::string>{
        caps ? Upper(FoldAscii(w.family)) : w.family,
        caps ? Upper(FoldAscii(w.given)) : w.given,
        WriteSex(rng, p.female, "F", "M", 0.01),
        dob,
        RecordedNationality(rng, p, src, 0.01),
        doc.empty() ? "" : (which == 0 && p.first_is_passport ? "P" : "ID"),
        doc,
        rng.Pick(kPlace),
        address,
        FormatDate(DateFromDays(v.day), DateFormat::kYmdCompact),
        rng.Pick(kOutcome)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "BF/" + std::to_string(d.year % 100) + "/" + Pad(idx + 1, 6);
  };
  return a;
}

}  // namespace palermo::realistic
