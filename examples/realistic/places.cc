// SPDX-License-Identifier: AGPL-3.0-or-later
// Countries (phone numbering, document formats, names), streets and cities of the generator.
//
// Mobile prefixes, number lengths and grouping follow each country's numbering plan (ITU-T
// E.164 national plans); document patterns follow the look of real passport and identity card
// numbers (letters and digits), not any real number. Streets and cities are ordinary public
// place names in districts where victims are often identified; numbers and flats are random.
#include <algorithm>
#include <cstdlib>

#include "realistic/internal.h"
#include "realistic/script.h"

namespace palermo::realistic {
namespace {

// One country per entry reads better than one field per line.
// clang-format off
const std::vector<CountryInfo>& Countries() {
  static const std::vector<CountryInfo> all = {
      {"NGA", "NG", {"Nigeria"}, {"Nigeria", "Nigéria"}, "234", "0",
       {"803", "806", "813", "816", "703", "706", "810", "814", "903", "805", "807", "815", "811",
        "905", "802", "808", "812", "701", "902", "809", "817", "818", "909", "908"},
       10, {3, 3, 4}, "A99999999", "99999999999"},
      {"VNM", "VN", {"Vietnam", "Viet Nam"}, {"Viêt Nam", "Vietnam", "Viet Nam"}, "84", "0",
       {"90", "91", "93", "94", "96", "97", "98", "32", "33", "34", "35", "36", "37", "38", "39",
        "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "86", "88", "89"},
       9, {3, 3, 3}, "A9999999", "999999999999"},
      {"ROU", "RO", {"Romania"}, {"Roumanie"}, "40", "0", {"72", "73", "74", "75", "76", "77", "78"},
       9, {3, 3, 3}, "999999999", "AA999999"},
      {"UKR", "UA", {"Ukraine"}, {"Ukraine"}, "380", "0",
       {"50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"}, 9, {2, 3, 2, 2},
       "AA999999", "999999999"},
      {"SYR", "SY", {"Syria", "Syrian Arab Republic"}, {"Syrie"}, "963", "0",
       {"93", "94", "95", "96", "98", "99"}, 9, {3, 3, 3}, "N99999999", "99999999999"},
      {"EGY", "EG", {"Egypt"}, {"Égypte", "Egypte"}, "20", "0", {"10", "11", "12", "15"}, 10,
       {2, 4, 4}, "A99999999", "99999999999999"},
      {"THA", "TH", {"Thailand"}, {"Thaïlande"}, "66", "0", {"8", "9", "6"}, 9, {2, 3, 4},
       "AA9999999", "9999999999999"},
      {"ALB", "AL", {"Albania"}, {"Albanie"}, "355", "0", {"67", "68", "69"}, 9, {2, 3, 4},
       "AA9999999", "A99999999A"},
      {"PHL", "PH", {"Philippines", "The Philippines"}, {"Philippines"}, "63", "0",
       {"917", "918", "919", "920", "921", "927", "928", "929", "935", "936", "939", "945", "955",
        "956", "966", "977", "995", "997", "998"},
       10, {3, 3, 4}, "A9999999A", "9999999999999999"},
      {"CHN", "CN", {"China", "People's Republic of China"}, {"Chine"}, "86", "",
       {"13", "15", "18", "17", "19"}, 11, {3, 4, 4}, "E99999999", "999999999999999999"},
      {"FRA", "FR", {"France"}, {"France"}, "33", "0", {"6", "7"}, 9, {1, 2, 2, 2, 2}, "99AA99999",
       "999999999999"},
      {"GBR", "GB", {"United Kingdom", "UK", "Great Britain"}, {"Royaume-Uni", "Grande-Bretagne"},
       "44", "0", {"7"}, 10, {4, 6}, "999999999", ""},
      {"ERI", "ER", {"Eritrea"}, {"Érythrée", "Erythrée"}, "291", "0", {"7"}, 7, {1, 3, 3},
       "A999999", ""},
      {"GEO", "GE", {"Georgia"}, {"Géorgie"}, "995", "",
       {"551", "555", "557", "558", "568", "571", "574", "577", "579", "591", "592", "593", "595",
        "596", "597", "598", "599"},
       9, {3, 2, 2, 2}, "99AA99999", "99999999999"},
      {"GRC", "GR", {"Greece"}, {"Grèce"}, "30", "", {"690", "693", "694", "695", "697", "698", "699"},
       10, {3, 3, 4}, "AA9999999", "GG999999"},
      {"HUN", "HU", {"Hungary"}, {"Hongrie"}, "36", "06", {"20", "30", "31", "50", "70"}, 9,
       {2, 3, 4}, "AA9999999", "999999AA"},
      {"BGD", "BD", {"Bangladesh"}, {"Bangladesh"}, "880", "0",
       {"13", "14", "15", "16", "17", "18", "19"}, 10, {4, 6}, "AA9999999", "9999999999"},
      {"MDA", "MD", {"Moldova", "Republic of Moldova"}, {"Moldavie", "Moldova"}, "373", "0",
       {"60", "67", "68", "69", "78", "79"}, 8, {2, 3, 3}, "A99999999", "9999999999999"},
      {"RUS", "RU", {"Russia", "Russian Federation"}, {"Russie"}, "7", "8",
       {"90", "91", "92", "93", "95", "96", "98", "99"}, 10, {3, 3, 2, 2}, "999999999",
       "9999 999999"},
      {"MAR", "MA", {"Morocco"}, {"Maroc"}, "212", "0", {"6", "7"}, 9, {1, 2, 2, 2, 2}, "AA9999999",
       "AA999999"},
      {"BRA", "BR", {"Brazil"}, {"Brésil", "Bresil"}, "55", "",
       {"119", "219", "319", "419", "519", "619", "719", "819", "859", "919", "279", "479"}, 11,
       {2, 5, 4}, "AA999999", "99999999999"},
      {"ITA", "IT", {"Italy"}, {"Italie"}, "39", "",
       {"320", "327", "328", "329", "331", "333", "334", "335", "338", "339", "340", "347", "348",
        "349", "350", "351", "366", "388", "389", "392", "393"},
       10, {3, 3, 4}, "AA9999999", "CA99999AA"},
      {"ESP", "ES", {"Spain"}, {"Espagne"}, "34", "", {"6", "7"}, 9, {3, 3, 3}, "AAA999999",
       "99999999A"},
      {"PRT", "PT", {"Portugal"}, {"Portugal"}, "351", "", {"91", "92", "93", "96"}, 9, {3, 3, 3},
       "A999999", "99999999"},
      {"BEL", "BE", {"Belgium"}, {"Belgique"}, "32", "0", {"47", "48", "49"}, 9, {3, 2, 2, 2},
       "AA999999", "999-9999999-99"},
      {"ETH", "ET", {"Ethiopia"}, {"Éthiopie", "Ethiopie"}, "251", "0", {"91", "92", "93", "94"},
       9, {2, 3, 4}, "EP9999999", ""},
      {"SDN", "SD", {"Sudan"}, {"Soudan"}, "249", "0", {"91", "92", "90", "99"}, 9, {2, 3, 4},
       "P99999999", ""},
      {"LBN", "LB", {"Lebanon"}, {"Liban"}, "961", "0", {"3", "70", "71", "76", "78", "79", "81"},
       8, {2, 3, 3}, "RL9999999", ""},
  };
  return all;
}
// clang-format on

// ---- Streets and cities ----

struct StreetType {
  std::string full;
  std::vector<std::string> abbr;
};
struct Street {
  int type;
  std::string name;
  std::string other;  // Belgian Dutch name; empty elsewhere
};
struct City {
  std::vector<std::string> names;      // local, then Latin or English, then other language
  std::vector<std::string> postcodes;  // patterns: # digit, @ letter
  double weight;
};
struct Places {
  std::vector<StreetType> types;
  std::vector<Street> streets;
  std::vector<City> cities;
};

std::vector<Street> Streets(std::initializer_list<const char*> specs) {
  std::vector<Street> out;
  for (const char* spec : specs) {
    std::string s(spec);
    const size_t colon = s.find(':');
    Street st{std::atoi(s.substr(0, colon).c_str()), s.substr(colon + 1), ""};
    if (const size_t bar = st.name.find('|'); bar != std::string::npos) {
      st.other = st.name.substr(bar + 1);
      st.name = st.name.substr(0, bar);
    }
    out.push_back(st);
  }
  return out;
}

const Places& PlacesOf(std::string_view country) {
  static const std::map<std::string, Places, std::less<>> all = {
      {"FRA",
       {{{"rue", {"r.", "R."}},
         {"avenue", {"av.", "Av.", "ave"}},
         {"boulevard", {"bd", "Bd", "boul."}},
         {"place", {"pl."}},
         {"impasse", {"imp."}},
         {"allée", {"all."}},
         {"cours", {"crs"}},
         {"quai", {"q."}},
         {"chemin", {"ch.", "chem."}}},
        Streets({"0:de la République",
                 "0:Victor Hugo",
                 "1:Jean Jaurès",
                 "2:de la Villette",
                 "0:du Faubourg Saint-Denis",
                 "0:de Belleville",
                 "1:de Flandre",
                 "0:Myrha",
                 "2:Barbès",
                 "0:des Poissonniers",
                 "0:Pajol",
                 "0:de Tanger",
                 "0:de Crimée",
                 "0:d'Aubervilliers",
                 "1:de Saint-Ouen",
                 "0:Marx Dormoy",
                 "2:National",
                 "0:Paradis",
                 "0:de Rome",
                 "0:d'Aubagne",
                 "2:de Paris",
                 "6:Belsunce",
                 "0:Pasteur",
                 "0:Gambetta",
                 "0:Nationale",
                 "0:des Postes",
                 "1:du Général Leclerc",
                 "0:Jules Ferry",
                 "4:des Lilas",
                 "5:des Tilleuls",
                 "8:de la Madrague",
                 "3:de la Gare",
                 "0:Jean Moulin",
                 "1:de la Libération",
                 "0:Émile Zola",
                 "0:Voltaire",
                 "2:Gallieni",
                 "0:Anatole France",
                 "0:du Moulin",
                 "7:de Jemmapes"}),
        {{{"Paris"}, {"75010", "75011", "75018", "75019", "75020", "75013"}, 5},
         {{"Saint-Denis"}, {"93200"}, 1.5},
         {{"Aubervilliers"}, {"93300"}, 1},
         {{"Marseille", "Marseilles"}, {"13001", "13002", "13003", "13014", "13015"}, 2},
         {{"Lyon", "Lyons"}, {"69003", "69007", "69008"}, 1.5},
         {{"Lille"}, {"59000", "59800"}, 1},
         {{"Roubaix"}, {"59100"}, 0.5},
         {{"Calais"}, {"62100"}, 0.7},
         {{"Nice"}, {"06000", "06300"}, 0.8},
         {{"Toulouse"}, {"31000", "31200", "31500"}, 1},
         {{"Bordeaux"}, {"33000", "33300", "33800"}, 0.8},
         {{"Strasbourg"}, {"67000", "67100", "67200"}, 0.7},
         {{"Montpellier"}, {"34000", "34070"}, 0.6}}}},
      {"ITA",
       {{{"Via", {"V."}},
         {"Viale", {"V.le"}},
         {"Piazza", {"P.zza", "P.za"}},
         {"Corso", {"C.so"}},
         {"Località", {"Loc."}},
         {"Contrada", {"C.da"}},
         {"Vicolo", {"Vic."}},
         {"Strada Provinciale", {"SP", "S.P."}}},
        Streets({"0:Roma",
                 "0:Garibaldi",
                 "3:Vittorio Emanuele II",
                 "0:Giuseppe Mazzini",
                 "2:Garibaldi",
                 "1:della Repubblica",
                 "0:San Severo",
                 "0:Napoli",
                 "0:Dante Alighieri",
                 "0:Cavour",
                 "0:XX Settembre",
                 "0:Matteotti",
                 "1:Europa",
                 "0:Pistoiese",
                 "0:Fabio Filzi",
                 "0:Padova",
                 "0:Bari",
                 "0:Foggia",
                 "3:Garibaldi",
                 "6:del Pozzo",
                 "4:Borgo San Marco",
                 "4:Case Sparse",
                 "5:Santa Cecilia",
                 "5:Pozzo Terraneo",
                 "7:143",
                 "7:13",
                 "0:dei Mille",
                 "0:Montegrappa"}),
        {{{"Foggia"}, {"71121", "71122"}, 2},
         {{"San Severo"}, {"71016"}, 1},
         {{"Latina"}, {"04100"}, 1.2},
         {{"Sabaudia"}, {"04016"}, 0.6},
         {{"Prato"}, {"59100"}, 1.5},
         {{"Milano", "Milan"}, {"20125", "20127", "20135"}, 1.5},
         {{"Roma", "Rome"}, {"00185", "00171", "00176"}, 1.5},
         {{"Napoli", "Naples"}, {"80142", "80143"}, 1},
         {{"Castel Volturno"}, {"81030"}, 0.8},
         {{"Ragusa"}, {"97100"}, 0.7},
         {{"Vittoria"}, {"97019"}, 0.7},
         {{"Saluzzo"}, {"12037"}, 0.5},
         {{"Rosarno"}, {"89025"}, 0.6},
         {{"Torino", "Turin"}, {"10152", "10154"}, 0.8},
         {{"Brescia"}, {"25126"}, 0.6}}}},
      {"ESP",
       {{{"Calle", {"C/", "c/", "Cl."}},
         {"Avenida", {"Avda.", "Av."}},
         {"Plaza", {"Pl.", "Pza."}},
         {"Paseo", {"Pº", "P.º"}},
         {"Carretera", {"Ctra."}},
         {"Ronda", {"Rda."}},
         {"Camino", {"Cno."}}},
        Streets({"0:Mayor",
                 "0:de Alcalá",
                 "1:de la Constitución",
                 "0:San Vicente",
                 "2:de España",
                 "0:Real",
                 "3:de la Castellana",
                 "0:del Carmen",
                 "0:de Lavapiés",
                 "0:de Embajadores",
                 "5:de Valencia",
                 "0:de la Paz",
                 "1:de Andalucía",
                 "4:de Níjar",
                 "0:Nueva",
                 "0:del Sol",
                 "0:San Antonio",
                 "0:de Atocha",
                 "1:del Mediterráneo",
                 "0:de Toledo",
                 "0:Princesa",
                 "0:Doctor Fleming",
                 "3:Marítimo",
                 "6:Viejo",
                 "0:de la Iglesia",
                 "0:Cervantes"}),
        {{{"Madrid"}, {"28012", "28045", "28026", "28038"}, 3},
         {{"Barcelona"}, {"08001", "08004", "08020"}, 2},
         {{"Valencia"}, {"46001", "46023"}, 1},
         {{"Sevilla", "Seville"}, {"41003", "41009"}, 1},
         {{"Almería", "Almeria"}, {"04001", "04008"}, 1},
         {{"El Ejido"}, {"04700"}, 0.8},
         {{"Murcia"}, {"30001", "30009"}, 0.8},
         {{"Málaga", "Malaga"}, {"29001", "29006"}, 0.8},
         {{"Bilbao"}, {"48003"}, 0.5},
         {{"Huelva"}, {"21001"}, 0.5},
         {{"Lepe"}, {"21440"}, 0.4}}}},
      {"GBR",
       {{{"Street", {"St", "St."}},
         {"Road", {"Rd", "Rd."}},
         {"Avenue", {"Ave", "Av."}},
         {"Lane", {"Ln"}},
         {"Close", {"Cl"}},
         {"Crescent", {"Cres"}},
         {"Drive", {"Dr"}},
         {"Grove", {"Gr"}},
         {"Terrace", {"Terr"}}},
        Streets({"0:High",       "1:Station",   "0:Main",          "1:Park",
                 "1:Church",     "1:London",    "1:Victoria",      "3:Green",
                 "1:Manor",      "0:Church",    "2:Park",          "1:Queen's",
                 "3:Mill",       "1:Stratford", "0:Green",         "1:Whitechapel",
                 "1:Commercial", "1:Mile End",  "1:Seven Sisters", "1:Holloway",
                 "1:Soho",       "1:Oldham",    "1:Cheetham Hill", "1:Albert",
                 "0:King",       "1:Alexandra", "1:York",          "1:Springfield",
                 "1:Windsor",    "1:St John's", "2:Beech",         "4:Oak",
                 "7:Elm",        "5:Orchard",   "6:Meadow",        "1:Belgrave"}),
        {{{"London"},
          {"E1 #@@", "E2 #@@", "E7 #@@", "E13 #@@", "E15 #@@", "N15 #@@", "N17 #@@", "N22 #@@",
           "NW10 #@@", "SE15 #@@", "SW9 #@@", "W12 #@@", "IG1 #@@", "HA0 #@@"},
          5},
         {{"Birmingham"}, {"B6 #@@", "B10 #@@", "B11 #@@", "B19 #@@", "B21 #@@"}, 1.5},
         {{"Manchester"}, {"M8 #@@", "M13 #@@", "M14 #@@", "M16 #@@"}, 1.2},
         {{"Leeds"}, {"LS8 #@@", "LS9 #@@"}, 0.7},
         {{"Bradford"}, {"BD3 #@@", "BD8 #@@"}, 0.6},
         {{"Glasgow"}, {"G42 #@@", "G51 #@@"}, 0.7},
         {{"Dover"}, {"CT16 #@@", "CT17 #@@"}, 0.4},
         {{"Newcastle upon Tyne", "Newcastle"}, {"NE4 #@@", "NE6 #@@"}, 0.5},
         {{"Leicester"}, {"LE2 #@@", "LE5 #@@"}, 0.6},
         {{"Peterborough"}, {"PE1 #@@"}, 0.4},
         {{"Southampton"}, {"SO14 #@@", "SO15 #@@"}, 0.4}}}},
      {"GRC",
       {{{"Οδός", {"Οδ."}}, {"Λεωφόρος", {"Λεωφ."}}, {"Πλατεία", {"Πλ."}}},
        Streets({"0:Πατησίων",    "0:Αχαρνών",        "0:Λιοσίων",        "0:Σοφοκλέους",
                 "0:Αθηνάς",      "0:Πειραιώς",       "0:Μενάνδρου",      "0:Σωκράτους",
                 "0:Ευριπίδου",   "0:Φυλής",          "0:Αγίου Μελετίου", "0:Αριστοτέλους",
                 "0:Κολοκυνθούς", "0:Ιουλιανού",      "0:Δεληγιάννη",     "0:Εγνατίας",
                 "0:Τσιμισκή",    "0:Βενιζέλου",      "0:Ερμού",          "0:Κορίνθου",
                 "0:Μαιζώνος",    "0:Αγίου Νικολάου", "1:Αλεξάνδρας",     "1:Συγγρού",
                 "1:Κηφισού",     "2:Βάθη",           "2:Ομονοίας",       "0:Καποδιστρίου",
                 "0:Θηβών",       "0:Μάρνη",          "0:Χαλκοκονδύλη"}),
        {{{"Αθήνα", "Athina", "Athens"}, {"104##", "112##", "113##"}, 5},
         {{"Πειραιάς", "Peiraias", "Piraeus"}, {"185##"}, 1.5},
         {{"Θεσσαλονίκη", "Thessaloniki", "Salonica"}, {"546##"}, 2},
         {{"Πάτρα", "Patra", "Patras"}, {"262##"}, 0.8},
         {{"Μανωλάδα", "Manolada", "Manolada"}, {"27052"}, 0.8},
         {{"Ηράκλειο", "Irakleio", "Heraklion"}, {"712##"}, 0.6},
         {{"Λάρισα", "Larisa", "Larissa"}, {"412##"}, 0.5},
         {{"Κόρινθος", "Korinthos", "Corinth"}, {"20100"}, 0.4},
         {{"Θήβα", "Thiva", "Thebes"}, {"32200"}, 0.4}}}},
      {"PRT",
       {{{"Rua", {"R."}},
         {"Avenida", {"Av.", "Avª"}},
         {"Travessa", {"Tv.", "Trav."}},
         {"Largo", {"Lg.", "Lgo"}},
         {"Estrada", {"Estr."}},
         {"Praceta", {"Pct."}},
         {"Beco", {"Bc."}},
         {"Praça", {"Pç.", "Pr."}}},
        Streets(
            {"0:Augusta",           "0:da Prata",      "1:Almirante Reis", "0:do Benformoso",
             "0:dos Anjos",         "3:do Intendente", "0:de Arroios",     "1:da República",
             "0:de Santa Catarina", "0:Direita",       "2:do Forno",       "4:Nacional 125",
             "0:25 de Abril",       "5:das Flores",    "6:do Carrasco",    "0:da Palma",
             "0:do Bonjardim",      "1:dos Aliados",   "0:de Cedofeita",   "7:do Comércio",
             "0:Cândido dos Reis",  "0:da Liberdade",  "1:de Roma",        "0:do Poço dos Negros",
             "0:Marquês de Pombal"}),
        {{{"Lisboa", "Lisbon"}, {"1100-###", "1150-###", "1170-###"}, 4},
         {{"Porto", "Oporto"}, {"4000-###", "4050-###"}, 1.5},
         {{"Amadora"}, {"2700-###"}, 1},
         {{"Odemira"}, {"7630-###"}, 1.2},
         {{"São Teotónio", "Sao Teotonio"}, {"7630-###"}, 0.8},
         {{"Beja"}, {"7800-###"}, 0.6},
         {{"Setúbal", "Setubal"}, {"2900-###"}, 0.6},
         {{"Faro"}, {"8000-###"}, 0.5},
         {{"Braga"}, {"4700-###"}, 0.5},
         {{"Almada"}, {"2800-###"}, 0.6}}}},
      {"HUN",
       {{{"utca", {"u.", "u"}},
         {"út", {"út"}},
         {"tér", {"tér", "t."}},
         {"körút", {"krt.", "krt"}},
         {"sor", {"sor"}},
         {"köz", {"köz"}}},
        Streets({"0:Baross",          "1:Rákóczi",      "1:Váci",          "0:Kossuth Lajos",
                 "0:Petőfi Sándor",   "1:Dózsa György", "2:Szabadság",     "0:Fő",
                 "0:Ady Endre",       "0:Arany János",  "0:József Attila", "1:Bajcsy-Zsilinszky",
                 "3:József",          "0:Népszínház",   "0:Dankó",         "0:Hős",
                 "0:Táncsics Mihály", "0:Széchenyi",    "0:Bem József",    "0:Damjanich",
                 "0:Dobó István",     "0:Rózsa",        "0:Vasvári Pál",   "4:Alsó",
                 "0:Kazinczy",        "0:Hunyadi"}),
        {{{"Budapest"}, {"108#", "107#", "109#"}, 4},
         {{"Miskolc"}, {"352#", "353#"}, 1.5},
         {{"Debrecen"}, {"402#", "403#"}, 1},
         {{"Nyíregyháza", "Nyiregyhaza"}, {"440#"}, 1},
         {{"Ózd", "Ozd"}, {"3600"}, 0.8},
         {{"Szeged"}, {"672#"}, 0.7},
         {{"Pécs", "Pecs"}, {"762#", "763#"}, 0.7},
         {{"Salgótarján", "Salgotarjan"}, {"3100"}, 0.6},
         {{"Kazincbarcika"}, {"3700"}, 0.5},
         {{"Edelény", "Edeleny"}, {"3780"}, 0.4},
         {{"Sátoraljaújhely", "Satoraljaujhely"}, {"3980"}, 0.4}}}},
      {"BEL",
       {{{"rue", {"r."}},
         {"avenue", {"av."}},
         {"boulevard", {"bd"}},
         {"chaussée", {"chée", "chaus."}},
         {"place", {"pl."}}},
        Streets({"0:de Brabant|Brabantstraat", "3:de Haecht|Haachtsesteenweg",
                 "0:Neuve|Nieuwstraat", "2:Anspach|Anspachlaan", "0:du Progrès|Vooruitgangstraat",
                 "1:de la Reine|Koninginnelaan", "0:de Mérode|Merodestraat",
                 "3:de Gand|Gentsesteenweg", "0:Ropsy-Chaudron|Ropsy-Chaudronstraat",
                 "0:des Palais|Paleizenstraat", "0:de Ribaucourt|Ribaucourtstraat",
                 "3:de Mons|Bergensesteenweg", "0:de la Loi|Wetstraat", "4:Liedts|Liedtsplein",
                 "0:Gallait|Gallaitstraat", "0:de Malines|Mechelsestraat"}),
        {{{"Bruxelles", "Brussels", "Brussel"}, {"1000"}, 3},
         {{"Schaerbeek", "Schaerbeek", "Schaarbeek"}, {"1030"}, 2},
         {{"Saint-Josse-ten-Noode", "Saint-Josse", "Sint-Joost-ten-Node"}, {"1210"}, 1},
         {{"Anderlecht"}, {"1070"}, 1},
         {{"Molenbeek-Saint-Jean", "Molenbeek", "Sint-Jans-Molenbeek"}, {"1080"}, 1},
         {{"Ixelles", "Ixelles", "Elsene"}, {"1050"}, 0.7},
         {{"Liège", "Liege", "Luik"}, {"4000", "4020"}, 1},
         {{"Anvers", "Antwerp", "Antwerpen"}, {"2000", "2060"}, 1.5},
         {{"Gand", "Ghent", "Gent"}, {"9000"}, 0.8},
         {{"Charleroi"}, {"6000"}, 0.7}}}},
  };
  const auto it = all.find(country);
  if (it == all.end()) return all.at("FRA");
  return it->second;
}

std::string Postcode(Rng& rng, const std::string& pattern) {
  static constexpr std::string_view kLetters = "ABDEFGHJLNPQRSTUWXYZ";
  std::string out;
  for (char c : pattern) {
    if (c == '#')
      out += static_cast<char>('0' + rng.Int(0, 9));
    else if (c == '@')
      out += kLetters[rng.Index(kLetters.size())];
    else
      out += c;
  }
  return out;
}

std::string Abbrev(Rng& rng, const StreetType& t, double p) {
  if (t.abbr.empty() || !rng.Chance(p)) return t.full;
  return rng.Pick(t.abbr);
}

std::string Roman(int n) {
  static const char* kRoman[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
  return n >= 0 && n <= 10 ? kRoman[n] : std::to_string(n);
}

// Drops a leading Spanish or Italian particle ("de Alcalá" -> "Alcalá"), as short forms do.
std::string DropParticle(const std::string& name) {
  for (std::string_view p : {"de la ", "del ", "de ", "della ", "dei "})
    if (name.compare(0, p.size(), p) == 0) return name.substr(p.size());
  return name;
}

}  // namespace

const CountryInfo& Country(std::string_view alpha3) {
  for (const CountryInfo& c : Countries())
    if (c.alpha3 == alpha3) return c;
  std::abort();  // every nationality and agency country is in the table
}

Phone NewMobile(Rng& rng, std::string_view country) {
  const CountryInfo& c = Country(country);
  Phone p{c.alpha3, rng.Pick(c.mobile_prefixes)};
  while (static_cast<int>(p.nsn.size()) < c.mobile_digits)
    p.nsn += static_cast<char>('0' + rng.Int(0, 9));
  return p;
}

std::string FormatPhone(const Phone& phone, PhoneStyle style) {
  if (phone.empty()) return "";
  const CountryInfo& c = Country(phone.country);
  std::string grouped;
  size_t pos = 0;
  for (size_t g = 0; g < c.groups.size() && pos < phone.nsn.size(); ++g) {
    if (g) grouped += ' ';
    const size_t len =
        g + 1 == c.groups.size() ? phone.nsn.size() - pos : static_cast<size_t>(c.groups[g]);
    grouped += phone.nsn.substr(pos, len);
    pos += len;
  }
  switch (style) {
    case PhoneStyle::kE164:
      return "+" + c.calling + phone.nsn;
    case PhoneStyle::kIntlSpaced:
      return "+" + c.calling + " " + grouped;
    case PhoneStyle::kIntl00:
      return "00" + c.calling + " " + grouped;
    case PhoneStyle::kIntl00Compact:
      return "00" + c.calling + phone.nsn;
    case PhoneStyle::kNationalCompact:
      return c.trunk + phone.nsn;
    case PhoneStyle::kNationalDashed: {
      std::string dashed = grouped;
      std::replace(dashed.begin(), dashed.end(), ' ', '-');
      return c.trunk.size() > 1 ? c.trunk + "-" + dashed : c.trunk + dashed;
    }
    case PhoneStyle::kNational:
      if (c.alpha3 == "BRA")  // (11) 98765-4321
        return "(" + phone.nsn.substr(0, 2) + ") " + phone.nsn.substr(2, 5) + "-" +
               phone.nsn.substr(7);
      if (c.trunk.size() > 1 || c.alpha3 == "RUS") return c.trunk + " " + grouped;
      return c.trunk + grouped;
  }
  return grouped;
}

std::string FromPattern(Rng& rng, std::string_view pattern) {
  static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  static constexpr std::string_view kGreekLatin = "ABEHIKMNOPTXYZ";  // letters both alphabets have
  std::string out;
  for (char ch : pattern) {
    if (ch == '9')
      out += static_cast<char>('0' + rng.Int(0, 9));
    else if (ch == 'G')
      out += kGreekLatin[rng.Index(kGreekLatin.size())];
    else if (ch == 'A')
      out += kLetters[rng.Index(kLetters.size())];
    else
      out += ch;
  }
  return out;
}

int CityCount(std::string_view country) {
  return static_cast<int>(PlacesOf(country).cities.size());
}

Address NewAddress(Rng& rng, std::string_view country, int city) {
  const Places& pl = PlacesOf(country);
  Address a;
  a.country = std::string(country);
  if (city < 0) {
    std::vector<double> w;
    for (const City& c : pl.cities) w.push_back(c.weight);
    city = static_cast<int>(rng.Weighted(w));
  }
  a.city = city;
  a.street = static_cast<int>(rng.Index(pl.streets.size()));
  a.number = rng.Chance(0.6) ? rng.Int(1, 40) : rng.Int(1, 180);
  if (country == "FRA" && rng.Chance(0.06)) a.number_suffix = "bis";
  if ((country == "GBR" || country == "ITA" || country == "HUN") && rng.Chance(0.04))
    a.number_suffix = rng.Chance(0.5) ? "A" : "B";
  a.postcode = Postcode(rng, rng.Pick(pl.cities[static_cast<size_t>(city)].postcodes));
  if (rng.Chance(country == "GBR" ? 0.45 : 0.7)) {
    a.floor = rng.Int(0, 7);
    if (country == "ESP")
      a.door = std::string(1, static_cast<char>('A' + rng.Int(0, 3)));
    else if (country == "PRT")
      a.door = rng.Pick(std::vector<std::string>{"Esq.", "Dto.", "Frt."});
    else
      a.door = std::to_string(rng.Int(1, 40));
  }
  return a;
}

std::string CityName(Rng& rng, const Address& a, AddressHand hand) {
  // names[0] local form, names[1] Latin or English form, names[2] another language.
  const City& c = PlacesOf(a.country).cities[static_cast<size_t>(a.city)];
  switch (hand) {
    case AddressHand::kLocal:
      if (a.country == "BEL" && c.names.size() > 2 && rng.Chance(0.2)) return c.names[2];
      return c.names[0];
    case AddressHand::kLatin:
      return a.country == "GRC" ? c.names[1] : c.names[0];
    case AddressHand::kEnglish:
      if (a.country == "GRC")
        return c.names.size() > 2 && rng.Chance(0.7) ? c.names[2] : c.names[1];
      return c.names.size() > 1 && rng.Chance(0.5) ? c.names[1] : c.names[0];
  }
  return c.names[0];
}

AddressText WriteAddress(Rng& rng, const Address& a, AddressHand hand) {
  AddressText out;
  if (a.empty()) return out;
  const Places& pl = PlacesOf(a.country);
  const Street& st = pl.streets[static_cast<size_t>(a.street)];
  const StreetType& type = pl.types[static_cast<size_t>(st.type)];
  const std::string num =
      std::to_string(a.number) +
      (a.number_suffix.empty() ? "" : (a.country == "FRA" ? " " : "") + a.number_suffix);
  const bool flat = a.floor >= 0 && rng.Chance(0.6);
  std::string line;
  if (a.country == "FRA") {
    std::string name = st.name;
    if (rng.Chance(0.3)) {
      const size_t p = name.find("Saint-");
      if (p != std::string::npos) name.replace(p, 6, "St-");
      const size_t g = name.find("Général");
      if (g != std::string::npos) name.replace(g, 8, "Gal");
    }
    line = num + " " + Abbrev(rng, type, 0.4) + " " + name;
    if (flat)
      line += rng.Pick(std::vector<std::string>{", appt ", " apt ", ", app. ", " - bât. B appt "}) +
              a.door;
    else if (a.floor > 0 && rng.Chance(0.3))
      line += ", " + std::to_string(a.floor) + "e étage";
    if (rng.Chance(0.15)) line = Upper(FoldAscii(line));
  } else if (a.country == "ITA") {
    const std::string t = Abbrev(rng, type, 0.35);
    const std::string nm = (t != type.full && rng.Chance(0.3)) ? DropParticle(st.name) : st.name;
    const int form = rng.Int(0, 3);
    line = t + " " + nm + (form == 0 ? " " : form == 1 ? ", " : form == 2 ? " n. " : " n.") + num;
    if (flat)
      line += rng.Chance(0.5) ? ", int. " + a.door
                              : " scala " + std::string(1, static_cast<char>('A' + a.floor % 3));
  } else if (a.country == "ESP") {
    const std::string t = Abbrev(rng, type, 0.5);
    const std::string nm = (t != type.full && rng.Chance(0.5)) ? DropParticle(st.name) : st.name;
    const std::string n = rng.Chance(0.03) ? "s/n" : num;
    line = t + " " + nm + (rng.Chance(0.6) ? ", " : " ") + (rng.Chance(0.2) ? "nº " : "") + n;
    if (a.floor >= 0 && rng.Chance(0.7)) {
      const std::string fl = a.floor == 0 ? "bajo" : std::to_string(a.floor);
      line += rng.Chance(0.5) ? ", " + fl + (a.floor ? "º " : " ") + a.door : " " + fl + a.door;
    }
  } else if (a.country == "GBR") {
    const std::string street = num + " " + st.name + " " + Abbrev(rng, type, 0.45);
    if (flat) {
      const int form = rng.Int(0, 2);
      line = form == 0   ? "Flat " + a.door + ", " + street
             : form == 1 ? a.door + "/" + street
                         : street + ", Flat " + a.door;
    } else {
      line = street;
    }
  } else if (a.country == "GRC") {
    if (hand == AddressHand::kLocal) {
      const std::string t =
          st.type == 0 ? (rng.Chance(0.15) ? "Οδός " : "") : Abbrev(rng, type, 0.5) + " ";
      line = t + st.name + " " + num;
      if (flat && rng.Chance(0.4)) line += ", " + std::to_string(a.floor) + "ος όροφος";
      if (rng.Chance(0.4)) line = Upper(line);
    } else {
      const std::string latin = Romanise(
          st.name, rng.Chance(0.7) ? Romanisation::kGreekElot : Romanisation::kGreekPhonetic);
      static const std::vector<std::string> kLatinTypes[] = {{"", "Odos ", "Str. "},
                                                             {"Leof. ", "Leoforos ", "Avenue "},
                                                             {"Pl. ", "Plateia ", "Square "}};
      if (hand == AddressHand::kEnglish && rng.Chance(0.5)) {
        line = num + " " + latin +
               (st.type == 1   ? " Avenue"
                : st.type == 2 ? " Square"
                               : " Street");
      } else {
        line = rng.Pick(kLatinTypes[st.type]) + latin + " " + num;
      }
    }
  } else if (a.country == "PRT") {
    const std::string t = Abbrev(rng, type, 0.45);
    line =
        t + " " + st.name + (rng.Chance(0.6) ? ", " : " ") + (rng.Chance(0.25) ? "nº " : "") + num;
    if (a.floor >= 0 && rng.Chance(0.7)) {
      const std::string fl = a.floor == 0 ? (rng.Chance(0.5) ? "r/c" : "R/C")
                                          : std::to_string(a.floor) + (rng.Chance(0.6) ? "º" : "");
      line += (rng.Chance(0.6) ? ", " : " ") + fl + " " + a.door;
    }
  } else if (a.country == "HUN") {
    line = st.name + " " + Abbrev(rng, type, 0.55) + " " + num + ".";
    if (flat) {
      const int form = rng.Int(0, 2);
      line += form == 0   ? " " + std::to_string(a.floor) + ". em. " + a.door + "."
              : form == 1 ? " " + Roman(a.floor) + "/" + a.door
                          : " " + std::to_string(a.floor) + "/" + a.door;
    }
  } else if (a.country == "BEL") {
    if (!st.other.empty() && rng.Chance(0.25)) {
      line = st.other + " " + num;
    } else {
      const std::string t = Abbrev(rng, type, 0.35);
      line = rng.Chance(0.7) ? Capitalise(t) + " " + st.name + " " + num
                             : num + " " + t + " " + st.name;
    }
    if (flat) line += (rng.Chance(0.7) ? " bte " : " bus ") + a.door;
  }
  out.street_line = line;
  out.postcode = a.postcode;
  if (a.country == "GRC" && a.postcode.size() == 5 && rng.Chance(0.5))
    out.postcode = a.postcode.substr(0, 3) + " " + a.postcode.substr(3);
  out.city = CityName(rng, a, hand);
  return out;
}

std::string WriteAddressLine(Rng& rng, const Address& a, AddressHand hand, bool with_city) {
  if (a.empty()) return "";
  const AddressText t = WriteAddress(rng, a, hand);
  if (!with_city) return t.street_line;
  const bool pc = rng.Chance(0.7);
  if (a.country == "GBR") return t.street_line + ", " + t.city + (pc ? " " + t.postcode : "");
  if (a.country == "HUN") return (pc ? t.postcode + " " : "") + t.city + ", " + t.street_line;
  return t.street_line + ", " + (pc ? t.postcode + " " : "") + t.city;
}

}  // namespace palermo::realistic
