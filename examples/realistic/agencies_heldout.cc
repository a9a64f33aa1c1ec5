// SPDX-License-Identifier: AGPL-3.0-or-later
// The five agency layouts of the "heldout" profile (Greece, Portugal, Hungary, a Greek helpline, a French shelter).
#include "realistic/writing.h"

namespace palermo::realistic {

using namespace writing;

namespace {

// Greek letters that look like Latin capitals, as a Greek clerk types an identity card number.
std::string GreekLookalikes(const std::string& s) {
  static const std::map<char, const char*> kMap = {
      {'A', "Α"}, {'B', "Β"}, {'E', "Ε"}, {'Z', "Ζ"}, {'H', "Η"}, {'I', "Ι"}, {'K', "Κ"},
      {'M', "Μ"}, {'N', "Ν"}, {'O', "Ο"}, {'P', "Ρ"}, {'T', "Τ"}, {'X', "Χ"}, {'Y', "Υ"}};
  std::string out;
  for (char c : s) {
    const auto it = kMap.find(c);
    out += it != kMap.end() ? std::string(it->second) : std::string(1, c);
  }
  return out;
}

}  // namespace

// Hellenic Police anti-trafficking unit: comma, UTF-8, Greek column names. Greek nationals in
// Greek capitals; foreigners from passports in Latin capitals or by sound in Greek letters;
// father's name recorded; DD.MM.YYYY.
Agency Astynomia(uint64_t seed) {
  Agency a;
  a.file = "astynomia";
  a.country = "GRC";
  a.columns = {{"αρ_δικογραφίας", "record_id"},
               {"επώνυμο", "family_name"},
               {"όνομα", "given_name"},
               {"πατρώνυμο", ""},
               {"φύλο", "sex"},
               {"ημερομηνία_γέννησης", "birth_date"},
               {"υπηκοότητα", "nationality"},
               {"τηλέφωνο", "phone"},
               {"διεύθυνση", "address"},
               {"τ.κ.", "postcode"},
               {"πόλη", "city"},
               {"αρ_εγγράφου", "document_number"},
               {"ημερομηνία_καταγραφής", "record_date"},
               {"αδίκημα", ""}};
  a.size = 3.3;
  a.nationality = {{"GEO", 2.5}, {"GRC", 3},   {"BGD", 2},   {"MDA", 2},
                   {"RUS", 1.5}, {"NGA", 2},   {"ERI", 1},   {"MAR", 0.8},
                   {"CHN", 1},   {"VNM", 0.5}, {"BRA", 0.3}, {"HUN", 0.5}};
  Rng site_rng(seed, 201);
  const std::vector<SharedSite> camps = MakeSites(site_rng, "GRC", 4, -1);
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const bool greek = p.nationality == "GRC";
    Source src = DocumentOr(rng, p, 0.55, greek ? Source::kSelf : Source::kOral);
    NameHabits nh;
    nh.native_script = greek ? 0.95 : 0;
    nh.keep_diacritics = 0.5;
    nh.typo = 0.05;
    nh.second_given = 0.3;
    nh.greek_clerk = greek ? 0 : (src == Source::kDocument ? 0.04 : 0.15);
    if (greek && src == Source::kDocument && rng.Chance(0.9))
      src = Source::kSelf;  // Greek ID cards are in Greek
    WrittenName w = RenderName(rng, p, src, nh);
    if (rng.Chance(0.7)) {
      w.family = Upper(w.family);
      w.given = Upper(w.given);
    }
    std::string father;
    if (p.father >= 0 && rng.Chance(greek ? 0.9 : 0.4)) {
      const NameEntry& f = p.culture->male[static_cast<size_t>(p.father)];
      father = greek ? Upper(f.native) : Upper(FoldAscii(f.latin[0]));
    }
    Date b;
    DateHabits dh;
    dh.missing = 0.05;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kDmyDot) : "";
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.5},
              {PhoneStyle::kNationalCompact, 0.35},
              {PhoneStyle::kIntlSpaced, 0.15}};
    const std::string tel =
        rng.Chance(0.6) ? WritePhone(rng, PersonPhone(rng, p, "GRC", v.day), "GRC", ph) : "";
    Address addr;
    const double u = rng.Uniform();
    if (u < 0.45 && p.residence.count("GRC"))
      addr = p.residence.at("GRC");
    else if (u < 0.55)
      addr = camps[StableChoice(p, 0xCA, camps.size())].address;
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    size_t which = 0;
    std::string doc = src == Source::kDocument || (greek && rng.Chance(0.6))
                          ? WriteDocument(rng, p, 0.04, 0.3, &which)
                          : "";
    // Greek identity card numbers typed with the Greek letters that look like Latin ones.
    if (greek && !(which == 0 && p.first_is_passport)) doc = GreekLookalikes(doc);
    static const std::vector<std::string> kOffence = {"εμπορία ανθρώπων", "σεξουαλική εκμετάλλευση",
                                                      "εργασιακή εκμετάλλευση",
                                                      "εμπορία ανθρώπων - ανήλικος"};
    return std::vector<std::string>{
        w.family,
        w.given,
        father,
        WriteSex(rng, p.female, "F", "M", 0.01),
        birth,
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.03), NatStyle::kAlpha2),
        tel,
        at.street_line,
        at.postcode,
        at.city.empty() ? "" : Upper(at.city),
        doc,
        FormatDate(DateFromDays(v.day), DateFormat::kDmyDot),
        rng.Pick(kOffence)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "ΔΑ/" + std::to_string(d.year) + "/" + Pad(idx + 1, 5);
  };
  return a;
}

// Portuguese immigration and borders service: ';' separated, ISO-8859-1, CRLF. Passport
// spellings; all Brazilian surnames in apelidos; YYYYMMDD; EU citizens are not its business.
Agency SefPortugal(uint64_t seed) {
  Agency a;
  a.file = "sef_portugal";
  a.country = "PRT";
  a.separator = ';';
  a.encoding = Encoding::kLatin1;
  a.crlf = true;
  a.columns = {{"processo", "record_id"},
               {"apelidos", "family_name"},
               {"nomes_próprios", "given_name"},
               {"sexo", "sex"},
               {"data_nascimento", "birth_date"},
               {"nacionalidade", "nationality"},
               {"tipo_documento", ""},
               {"n_documento", "document_number"},
               {"morada", "address"},
               {"código_postal", "postcode"},
               {"localidade", "city"},
               {"telefone", "phone"},
               {"data_registo", "record_date"},
               {"situação", ""}};
  a.size = 2.8;
  a.nationality = {{"BRA", 4},   {"BGD", 2}, {"MAR", 1.5}, {"NGA", 1.5}, {"CHN", 1.2},
                   {"VNM", 0.6}, {"MDA", 1}, {"GEO", 0.5}, {"ERI", 0.3}, {"RUS", 0.3}};
  a.male = 1.2;
  Rng site_rng(seed, 202);
  const std::vector<SharedSite> centre = MakeSites(site_rng, "PRT", 2, 0);
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.75, Source::kOral);
    NameHabits nh;
    nh.keep_diacritics = 0.8;
    nh.typo = 0.05;
    nh.second_given = 0.7;
    nh.swap = 0.02;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.03;
    dh.swap = src == Source::kDocument ? 0.005 : 0.03;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdCompact) : "";
    const std::string doc =
        src == Source::kDocument && rng.Chance(0.9) ? WriteDocument(rng, p, 0.04, 0.05) : "";
    Address addr;
    const double u = rng.Uniform();
    if (u < 0.5 && p.residence.count("PRT"))
      addr = p.residence.at("PRT");
    else if (u < 0.6)
      addr = centre[StableChoice(p, 0x5EF, centre.size())].address;
    AddressText at;
    if (!addr.empty()) at = WriteAddress(rng, addr, AddressHand::kLocal);
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.5},
              {PhoneStyle::kNationalCompact, 0.3},
              {PhoneStyle::kIntlSpaced, 0.2}};
    const std::string tel =
        rng.Chance(0.6) ? WritePhone(rng, PersonPhone(rng, p, "PRT", v.day), "PRT", ph) : "";
    static const std::vector<std::string> kSituacao = {"Vítima sinalizada", "Vítima identificada",
                                                       "Autorização de residência (art. 109.º)",
                                                       "Retorno voluntário"};
    return std::vector<std::string>{
        w.family,
        w.given,
        WriteSex(rng, p.female, "F", "M", 0.01),
        birth,
        RecordedNationality(rng, p, src, 0.02),
        doc.empty() ? "" : (rng.Chance(0.8) ? "Passaporte" : "Título de viagem"),
        doc,
        at.street_line,
        at.postcode,
        at.city,
        tel,
        FormatDate(DateFromDays(v.day), DateFormat::kYmdCompact),
        rng.Pick(kSituacao)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "SEF-" + std::to_string(d.year) + "-" + Pad(idx + 1, 6);
  };
  return a;
}

// Hungarian victim support service: TAB separated, UTF-8, Hungarian column names. One name
// column, family first for Hungarians (and Chinese, Vietnamese); sex as ISO 5218 (1 male,
// 2 female); YYYY-MM-DD; address in Hungarian order with postcode and city first.
Agency OkitHu(uint64_t) {
  Agency a;
  a.file = "okit_hu";
  a.country = "HUN";
  a.separator = '\t';
  a.columns = {{"ügyszám", "record_id"},
               {"név", "full_name"},
               {"nem", "sex"},
               {"születési_dátum", "birth_date"},
               {"állampolgárság", "nationality"},
               {"telefon", "phone"},
               {"lakcím", "address"},
               {"irányítószám", "postcode"},
               {"település", "city"},
               {"email", "email"},
               {"felvétel_dátuma", "record_date"},
               {"kizsákmányolás_típusa", ""}};
  a.size = 3.0;
  a.nationality = {{"HUN", 6},   {"MDA", 1},   {"VNM", 1},   {"CHN", 0.8},
                   {"GEO", 0.6}, {"RUS", 0.6}, {"NGA", 0.5}, {"BRA", 0.3},
                   {"BGD", 0.3}, {"ERI", 0.2}, {"MAR", 0.2}, {"GRC", 0.2}};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.5, Source::kSelf);
    NameHabits nh;
    nh.keep_diacritics = 0.95;
    nh.nickname = 0.08;
    nh.typo = 0.05;
    nh.second_given = 0.6;
    nh.given_only = 0.02;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.04;
    const std::string birth =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kYmdDash) : "";
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.4},
              {PhoneStyle::kNationalDashed, 0.2},
              {PhoneStyle::kIntlSpaced, 0.3},
              {PhoneStyle::kNationalCompact, 0.1}};
    std::string tel =
        rng.Chance(0.7) ? WritePhone(rng, PersonPhone(rng, p, "HUN", v.day), "HUN", ph) : "";
    if (tel.rfind("06-", 0) == 0 && tel.size() > 6) tel[5] = '/';  // 06-30/123-4567
    std::string lakcim, irsz, telepules;
    if (p.residence.count("HUN") && rng.Chance(0.75)) {
      const Address& r = p.residence.at("HUN");
      lakcim = WriteAddressLine(rng, r, AddressHand::kLocal, rng.Chance(0.7));
      if (rng.Chance(0.6)) irsz = r.postcode;
      if (rng.Chance(0.8)) telepules = CityName(rng, r, AddressHand::kLocal);
    }
    static const std::vector<std::string> kType = {
        "szexuális kizsákmányolás", "munkaerő-kizsákmányolás", "kényszerházasság", "koldultatás",
        "bűncselekmény elkövetésére kényszerítés"};
    return std::vector<std::string>{
        WriteFull(rng, w, FullLayout::kFamilyFirst, 0.9),
        WriteSex(rng, p.female, "2", "1", 0.03),
        birth,
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.02), NatStyle::kAlpha2),
        tel,
        lakcim,
        irsz,
        telepules,
        WriteEmail(rng, p, 0.6),
        FormatDate(DateFromDays(v.day), DateFormat::kYmdDash),
        rng.Pick(kType)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "OK-" + std::to_string(d.year) + "/" + Pad(idx + 1, 4);
  };
  return a;
}

// International NGO helpline in Greece: comma, UTF-8 with BOM, CRLF, US dates. Names as
// heard or typed in chat (own script for some), a date of birth for some and a year for others,
// five-year age groups, English place names.
Agency HelplineGr(uint64_t) {
  Agency a;
  a.file = "helpline_gr";
  a.country = "GRC";
  a.encoding = Encoding::kUtf8Bom;
  a.crlf = true;
  a.columns = {{"ticket", "record_id"},
               {"created", "record_date"},
               {"caller_name", "full_name"},
               {"gender", "sex"},
               {"date_of_birth", "birth_date"},
               {"year_of_birth", "birth_year"},
               {"age_group", "age"},
               {"country_of_origin", "nationality"},
               {"mobile", "phone"},
               {"email", "email"},
               {"location", "city"},
               {"issue", ""},
               {"referred_to", ""}};
  a.size = 1.9;
  a.nationality = {{"GEO", 1.5}, {"BGD", 1.5}, {"ERI", 1.5}, {"NGA", 1.5},
                   {"MAR", 1},   {"MDA", 1},   {"GRC", 1},   {"BRA", 0.5},
                   {"CHN", 0.8}, {"VNM", 0.8}, {"HUN", 0.6}, {"RUS", 0.8}};
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = rng.Chance(0.3) ? Source::kSelf : Source::kOral;
    NameHabits nh;
    nh.native_script = 0.45;
    nh.keep_diacritics = 0.4;
    nh.nickname = 0.12;
    nh.given_only = 0.15;
    nh.typo = 0.10;
    nh.second_given = 0.25;
    nh.patronymic = 0.1;
    const WrittenName w = RenderName(rng, p, src, nh);
    Date b;
    DateHabits dh;
    dh.missing = 0.35;
    dh.swap = 0.05;
    dh.digit = 0.02;
    const std::string dob =
        StatedBirth(rng, p, src, dh, &b) ? FormatDate(b, DateFormat::kMdySlash) : "";
    // Without a date, the caller is asked at least for a year.
    const std::string year =
        dob.empty()
            ? (StatedBirth(rng, p, src, DateHabits{0.35, 0, 0, 0.03}, &b) ? std::to_string(b.year)
                                                                          : "")
            : (rng.Chance(0.3) ? std::to_string(b.year) : "");
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNationalCompact, 0.4},
              {PhoneStyle::kNational, 0.3},
              {PhoneStyle::kE164, 0.3}};
    const std::string tel =
        rng.Chance(0.8) ? WritePhone(rng, PersonPhone(rng, p, "GRC", v.day), "GRC", ph) : "";
    std::string location;
    if (p.residence.count("GRC") && rng.Chance(0.7))
      location = CityName(rng, p.residence.at("GRC"), AddressHand::kEnglish);
    else if (rng.Chance(0.4))
      location = CityName(rng, NewAddress(rng, "GRC"), AddressHand::kEnglish);
    static const std::vector<std::string> kIssue = {"Sexual exploitation", "Labour exploitation",
                                                    "Forced begging", "Debt bondage",
                                                    "Domestic work"};
    static const std::vector<std::string> kReferred = {"Police", "Shelter", "Legal aid", "None",
                                                       "Labour inspectorate"};
    return std::vector<std::string>{
        FormatDate(DateFromDays(v.day), DateFormat::kMdySlash),
        WriteFull(rng, w, FullLayout::kGivenFamily, 0.5),
        WriteSex(rng, p.female, "female", "male", 0.1),
        dob,
        year,
        AgeBand(StatedAge(rng, p, src, v.day, year.empty() && dob.empty() ? 0.05 : 0.3), true),
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.08), NatStyle::kEnglish),
        tel,
        WriteEmail(rng, p, 0.45),
        location,
        rng.Pick(kIssue),
        rng.Pick(kReferred)};
  };
  a.record_id = [](int idx, const Date&) { return "T-" + Pad(idx + 1, 6); };
  return a;
}

// Belgian NGO shelter (Brussels): comma, UTF-8. "FAMILY Given" names as the resident writes
// them (own script for some), age, French country names, an identity document for some; the
// shelter's address and phone.
Agency FoyerAccueil(uint64_t seed) {
  Agency a;
  a.file = "foyer_accueil";
  a.country = "BEL";
  a.columns = {{"dossier", "record_id"},
               {"nom_prénom", "full_name"},
               {"sexe", "sex"},
               {"âge", "age"},
               {"date_arrivée", "record_date"},
               {"pays", "nationality"},
               {"document", "document_number"},
               {"téléphone", "phone"},
               {"adresse", "address"},
               {"courriel", "email"},
               {"statut", ""},
               {"remarques", ""}};
  a.size = 0.8;
  a.nationality = {{"MAR", 2},   {"NGA", 2},   {"ERI", 2},   {"HUN", 1.5},
                   {"VNM", 1.2}, {"CHN", 1},   {"BRA", 1},   {"BGD", 0.6},
                   {"GEO", 0.8}, {"MDA", 0.8}, {"RUS", 0.5}, {"GRC", 0.2}};
  a.female = 1.4;
  Rng site_rng(seed, 205);
  Address foyer = NewAddress(site_rng, "BEL", 1);
  foyer.floor = -1;
  const Phone foyer_phone = NewMobile(site_rng, "BEL");
  a.render = [=](Rng& rng, const Person& p, const Visit& v) {
    const Source src = DocumentOr(rng, p, 0.2, Source::kSelf);
    NameHabits nh;
    nh.native_script = 0.3;
    nh.keep_diacritics = 0.85;
    nh.nickname = 0.15;
    nh.given_only = 0.10;
    nh.typo = 0.08;
    nh.second_given = 0.3;
    nh.patronymic = 0.1;
    const WrittenName w = RenderName(rng, p, src, nh);
    PhoneHabits ph;
    ph.own = {{PhoneStyle::kNational, 0.6},
              {PhoneStyle::kIntlSpaced, 0.3},
              {PhoneStyle::kNationalCompact, 0.1}};
    std::string tel;
    const double t = rng.Uniform();
    if (t < 0.25)
      tel = FormatPhone(foyer_phone,
                        rng.Chance(0.6) ? PhoneStyle::kNational : PhoneStyle::kIntlSpaced);
    else if (t < 0.85)
      tel = WritePhone(rng, PersonPhone(rng, p, "BEL", v.day), "BEL", ph);
    std::string adresse;
    const double u = rng.Uniform();
    if (u < 0.7)
      adresse = WriteAddressLine(rng, foyer, AddressHand::kLocal, rng.Chance(0.6));
    else if (u < 0.8 && p.residence.count("BEL"))
      adresse = WriteAddressLine(rng, p.residence.at("BEL"), AddressHand::kLocal, true);
    static const std::vector<std::string> kStatut = {"hébergé(e)", "hébergé(e)", "sorti(e)",
                                                     "réorienté(e)", "procédure TEH en cours"};
    static const std::vector<std::string> kRemarques = {
        "",
        "",
        "",
        "Orienté(e) par la police",
        "Parle peu le français, \"anglais OK\"",
        "Suivi psychologique",
        "Arrivé(e) avec un enfant;\nbesoin d'une place mère-enfant",
        "Sans papiers"};
    const int age = StatedAge(rng, p, src, v.day, 0.06);
    const std::string document =
        rng.Chance(src == Source::kDocument ? 0.9 : 0.4) ? WriteDocument(rng, p, 0.03, 0.15) : "";
    return std::vector<std::string>{
        WriteFull(rng, w, FullLayout::kFamilyCapsGiven, 0.8),
        WriteSex(rng, p.female, "femme", "homme", 0.03),
        age < 0 ? "" : std::to_string(age),
        FormatDate(DateFromDays(v.day), DateFormat::kDmySlash),
        WriteNationality(rng, RecordedNationality(rng, p, src, 0.05), NatStyle::kFrench),
        document,
        tel,
        adresse,
        WriteEmail(rng, p, 0.4),
        rng.Pick(kStatut),
        rng.Pick(kRemarques)};
  };
  a.record_id = [](int idx, const Date& d) {
    return "D" + std::to_string(d.year) + "-" + Pad(idx + 1, 4);
  };
  return a;
}

}  // namespace palermo::realistic
