// SPDX-License-Identifier: AGPL-3.0-or-later
// Name pools, Latin script: French, British, Romanian, Albanian, Hungarian, Brazilian.
//
// Frequent given and family names, roughly in the order of published frequency lists; variants
// are the spellings clerks write (Ștefan/Stefan/Stephan, Arben/Arbeni, Luiz/Luís, Szűcs/Szucs)
// and ~ marks short forms people give themselves.
#include "realistic/names.h"

namespace palermo::realistic {
namespace {

constexpr const char* kFraFemale = R"(
Marie; Julie; Camille; Laura; Sarah=Sara; Manon; Léa; Emma; Pauline; Marine; Céline; Élodie;
Aurélie; Mélanie; Sandrine; Nathalie; Stéphanie~Steph; Émilie=Emily; Audrey; Amandine; Jessica;
Chloé; Anaïs; Océane; Clara; Inès; Justine; Morgane; Charlotte; Lucie; Mathilde; Alexandra~Alex;
Caroline; Virginie; Karine=Carine; Valérie; Sophie; Isabelle~Isa; Christelle; Laetitia=Lætitia/Letitia;
Marion; Jennifer; Sabrina; Élise; Margaux=Margot; Coralie; Cindy; Vanessa; Marie-Claire;
Anne-Sophie; Fatima; Yasmina; Aïcha=Aisha; Nadia; Samia; Kenza; Mariama; Aminata; Fatoumata)";

constexpr const char* kFraMale = R"(
Thomas~Tom; Nicolas~Nico; Julien; Maxime~Max; Alexandre~Alex; Kévin; Romain; Anthony=Antony;
Jérémy=Jérémie; Florian; Sébastien~Seb; Guillaume; Quentin; Mathieu=Matthieu; Benjamin~Ben;
Adrien; Jonathan; Christophe; Pierre; David; Damien; Vincent; Jean; Jean-Pierre; Jean-Baptiste;
Jean-Marc; Laurent; Frédéric~Fred; Stéphane; Cédric; Olivier; Mickaël=Michael; Loïc; Yannick;
Dylan; Hugo; Lucas; Théo; Antoine; Clément; Baptiste; Rémi=Rémy; Mohamed=Mohammed; Karim;
Mehdi; Yacine=Yassine; Bilal; Moussa; Mamadou; Ibrahima)";

constexpr const char* kFraFamily = R"(
Martin; Bernard; Thomas; Petit; Robert; Richard; Durand; Dubois; Moreau; Laurent; Simon; Michel;
Lefebvre=Lefèbvre; Leroy; Roux; David; Bertrand; Morel; Fournier; Girard; Bonnet; Dupont;
Lambert; Fontaine; Rousseau; Vincent; Muller=Müller; Lefèvre; Faure; André; Mercier; Blanc;
Guérin; Boyer; Garnier; Chevalier; François; Legrand; Gauthier=Gautier; Garcia; Perrin; Robin;
Clément; Morin; Nicolas; Henry=Henri; Roussel; Mathieu; Masson; Marchand; Duval; Denis; Dumont;
Lemaire; Noël; Meyer=Meier; Dufour; Meunier; Brun; Blanchard; Giraud; Joly; Rivière; Lucas;
Brunet; Gaillard; Barbier; Arnaud; Martinez; Gérard; Roche; Renard; Schmitt=Schmidt; Roy; Leroux;
Colin; Vidal; Caron; Picard; Roger; Fabre; Aubert; Lemoine; Renaud; Dumas; Lacroix; Olivier;
Philippe; Bourgeois; Benoît; Rey; Leclerc=Leclercq; Payet; Rolland=Roland; Lecomte; Lopez;
Dupuy; Guillot; Hubert; Berger; Carpentier; Sanchez; Dupuis; Moulin; Deschamps; Huet; Vasseur;
Le Gall=Legall; Le Goff=Legoff; Traoré; Diallo; Camara; Keita; Benali; Belkacem)";

constexpr const char* kGbrFemale = R"(
Sarah; Emma; Laura; Rebecca~Becky; Jessica~Jess; Amy; Hannah; Charlotte~Charlie; Lauren; Sophie;
Emily; Rachel; Gemma; Katie; Lucy; Samantha~Sam; Nicola=Nichola~Nicky; Amanda; Claire=Clare;
Stacey=Stacy; Kirsty=Kirstie; Danielle; Jade; Chloe; Natalie=Nathalie; Victoria~Vicky/Tori;
Elizabeth~Liz/Beth/Lizzie; Katherine=Catherine/Kathryn~Kate/Kath; Jennifer~Jenny/Jen; Zoe=Zoë;
Leanne=Lianne; Kelly; Louise; Michelle; Joanne~Jo; Lisa; Helen; Karen; Hayley=Haley; Megan;
Jasmine; Shannon; Bethany; Aisha; Amber; Georgia; Ellie; Holly; Abigail~Abbie/Abi; Jodie=Jodi;
Kayleigh=Kayley/Kaylee; Chantelle=Chantel; Shauna; Demi)";

constexpr const char* kGbrMale = R"(
Daniel~Dan/Danny; James~Jamie/Jim; Thomas~Tom; Matthew~Matt; Christopher~Chris; Michael~Mike;
David~Dave; Andrew~Andy; Luke; Adam; Ryan; Jack; Joshua~Josh; Benjamin~Ben; Samuel~Sam;
Robert~Rob/Bob; Jonathan=Jonathon~Jon; Mark; Paul; Richard~Rich/Rick; Lee; Liam; Jordan; Callum;
Jamie; Craig; Scott; Stephen=Steven~Steve; Anthony=Antony~Tony; Nathan; Kieran=Kieron; Dean;
Connor=Conor; Alexander~Alex; William~Will/Bill; Joseph~Joe; George; Harry; Charlie; Aaron;
Shaun=Sean/Shawn; Carl=Karl; Wayne; Jason; Gareth; Mohammed=Mohammad/Muhammad; Ashley; Darren;
Kyle; Ricky; Jake; Reece=Rhys)";

constexpr const char* kGbrFamily = R"(
Smith; Jones; Williams; Taylor; Brown; Davies=Davis; Evans; Wilson; Thomas; Johnson; Roberts;
Robinson; Thompson=Thomson; Wright; Walker; White; Edwards; Hughes; Green=Greene; Hall; Lewis;
Harris; Clarke=Clark; Patel; Jackson; Wood; Turner; Martin; Cooper; Hill; Ward; Morris; Moore;
Lee; King; Baker; Harrison; Morgan; Allen; James; Scott; Phillips=Philips; Watson; Parker; Price;
Bennett=Bennet; Young; Griffiths; Mitchell; Kelly; Cook=Cooke; Carter; Richardson; Bailey;
Collins; Bell; Shaw; Murphy; Miller; Cox; Richards; Khan; Marshall; Anderson; Simpson; Ellis;
Adams; Singh; Begum; Wilkinson; Foster; Chapman; Powell; Webb; Rogers; Gray=Grey; Mason; Ali;
Hunt; Hussain; Campbell; Matthews; Owen; Palmer; Holmes; Mills; Barnes; Knight; Lloyd; Butler;
Russell; Barker; Fisher; Stevens; Jenkins; Murray; Dixon; Harvey; O'Brien=OBrien/O Brien;
O'Neill=ONeill/O'Neil; McDonald=MacDonald/Mcdonald; McLaughlin=Mclaughlin)";

constexpr const char* kRouFemale = R"(
Maria; Elena; Ioana; Andreea=Andrea; Ana; Mihaela; Alexandra~Alexa; Cristina; Daniela; Gabriela;
Ionela; Florentina~Flori; Mariana; Nicoleta=Nicolette; Alina; Georgiana; Roxana; Simona; Raluca;
Ramona; Claudia; Denisa; Bianca; Adriana; Larisa; Loredana; Oana; Diana; Camelia; Lavinia;
Iuliana=Juliana; Florina; Carmen; Valentina; Monica; Petronela; Luminița; Violeta;
Ștefania=Stephania; Anca; Corina; Irina; Paula; Cosmina; Teodora; Ana-Maria; Maria-Magdalena;
Aurelia; Rodica; Viorica; Marinela; Elisabeta=Elisabeth; Mădălina~Mada; Georgeta; Marioara)";

constexpr const char* kRouMale = R"(
Ion=Ioan; Gheorghe=George~Gică; Constantin~Costel/Costi; Alexandru=Alexander~Alex; Andrei=Andrey;
Mihai=Mihail/Michael; Ionuț; Florin; Adrian; Daniel; Marius; Cristian~Cristi; Nicolae=Nicolai~Nicu;
Vasile; Ștefan=Stephan; Gabriel; Dumitru=Dimitrie~Mitică; Bogdan; Alin; Cătălin; Costel; Marian;
Răzvan; Sorin; Florian; Cosmin; Sebastian; Iulian=Julian; Claudiu; Ciprian; Viorel; Valentin;
Lucian; Robert; Eduard=Edward; Nelu; Fănel; Dorin; Petrică; Liviu; Darius; Denis; Ovidiu;
Emanuel; Laurențiu; Mircea; Cornel; Remus; Silviu; Traian; Aurel; Marcel)";

constexpr const char* kRouFamily = R"(
Popa; Popescu; Pop; Radu; Dumitru; Stan; Stoica; Gheorghe; Matei; Ciobanu; Ionescu; Rusu; Mihai;
Constantin; Munteanu; Marin; Lungu; Dinu; Tudor; Ștefan; Florea; Ene; Moldovan; Ion; Barbu;
Dobre; Nistor; Sârbu=Sîrbu; Toma; Lazăr; Zamfir; Oprea; Neagu; Dragomir; Mocanu; Badea; Cristea;
Ilie; Vasile; Iordache; Manea; Marinescu; Preda; Anghel; Roman; Diaconu; Voicu; Avram; Grigore;
Niculae; Pavel; Bălan; Constantinescu; Sandu; Nedelcu; Georgescu; Neacșu; Stănescu; Lupu;
Mihăilă; Coman; Enache; Vlad; Filip; Olteanu; Drăgan; Ungureanu; Moraru; Rădulescu; Paraschiv;
Ursu; Căldăraru; Lăcătuș; Gavrilă; Cojocaru; Țurcanu; Bucur; Sima; Șerban; Stoian; Rotaru;
Câmpeanu; Dobrescu; Mitrea; Tănase; Ispas; Chiriac; Boboc; Pîrvu=Pârvu)";

constexpr const char* kAlbFemale = R"(
Anisa; Ardita; Arjola; Blerina; Dorina; Elona; Enkeleda=Enkelejda; Ermira; Esmeralda; Etleva;
Fatjona; Flutura; Gentiana; Ilirjana; Klodiana; Lindita; Manjola; Marjeta; Mimoza; Oriana; Rudina;
Sonila; Teuta; Valbona; Xhensila=Jensila; Jonida; Elisa; Sara; Amarda; Kejsi; Erisa; Ervisa; Megi;
Xhesika=Jessika/Jessica; Alketa; Brunilda; Eriola; Fjorela; Denisa; Klea; Anjeza; Albana; Besjana;
Migena; Suela; Olta; Rovena; Entela; Elda)";

constexpr const char* kAlbMale = R"(
Artan; Arben=Arbeni; Besnik=Besniku; Bledar~Bledi; Dritan=Driton; Ermal=Ermali; Erion; Fatmir;
Gentian~Genti; Ilir=Iliri; Klodian; Kujtim; Luan; Mirel; Olsi; Petrit; Redon; Sokol; Shkëlqim;
Valon; Ylli; Agron; Ardit=Arditi; Elton; Endri; Eri; Kristi; Mario; Renato; Aldo; Klajdi; Albi;
Jurgen; Ergys; Fabjan=Fabian; Alban; Gazmend; Florian; Edmond; Altin; Saimir=Sajmir; Genc; Erald;
Dorian; Astrit; Blerim; Fatos; Gëzim; Ndriçim; Ervin; Arjan)";

constexpr const char* kAlbFamily = R"(
Hoxha=Hoxhaj/Hodja; Shehu=Shehi; Leka=Lekaj; Kola=Kolaj; Marku=Markaj; Gjoka=Gjokaj; Prifti;
Çela=Chela; Dervishi; Hysa=Hysaj; Basha; Duka; Bajrami; Lleshi; Gjoni; Hasani; Tafa; Hyseni;
Krasniqi=Krasnici; Berisha; Kelmendi; Gashi; Shala; Bytyqi=Bytyci; Morina; Mema; Doda; Zeneli;
Xhafa=Jafa; Cani; Muça; Koçi; Bici; Lika; Sula; Kuka; Malaj; Pjetri; Nika; Pepa; Tahiri; Brahimi;
Halili; Ismaili; Osmani; Ymeri; Alia; Deda; Koka; Gjini; Rexha; Beqiri; Zyberi; Dushku; Ndreu;
Prenga; Vata; Rama=Ramaj; Hoti; Gjeka)";

constexpr const char* kHunFemale = R"(
Mária=Maria; Erzsébet=Elisabeth~Erzsi/Zsóka; Katalin~Kati/Kata; Ilona~Ica; Éva~Évi; Anna~Panni;
Zsuzsanna=Zsuzsana/Susanna~Zsuzsa/Zsuzsi; Margit~Manci; Judit=Judith~Jutka; Ágnes~Ági; Andrea;
Erika; Krisztina=Kristina~Kriszti; Mónika; Edit=Edith; Gabriella=Gabriela~Gabi; Szilvia=Silvia;
Anita; Rita; Tímea~Timi; Eszter=Esther; Viktória=Victoria~Viki; Nikolett=Nikoletta~Niki;
Adrienn=Adrienne; Dóra~Dóri; Renáta; Barbara~Bori; Zsófia=Sofia~Zsófi; Bernadett~Detti; Melinda;
Beáta~Bea; Brigitta=Brigitte; Klára; Piroska; Rozália~Rózsi; Julianna=Juliana~Juli;
Magdolna=Magdalena~Magdi; Hajnalka~Hajni; Irén; Veronika; Petra; Réka; Fanni=Fanny; Boglárka~Bogi;
Alexandra~Szandra; Evelin=Evelyn; Vivien; Kitti; Dorina; Szabina=Sabina; Tünde; Henrietta~Heni;
Csilla; Orsolya~Orsi)";

constexpr const char* kHunMale = R"(
László~Laci; István=Stefan~Pisti; József=Josef~Józsi; János~Jani; Zoltán~Zoli; Sándor~Sanyi;
Gábor; Ferenc~Feri; Attila; Péter~Peti; Tamás~Tomi; Zsolt; Tibor~Tibi; András~Andris; Csaba;
Imre; Lajos; György~Gyuri; Balázs; Róbert~Robi; Gyula; Károly~Karcsi; Norbert~Norbi;
Mihály~Misi; Dávid; Krisztián=Christian; Dániel~Dani; Ádám; Miklós~Miki; Béla; Richárd~Ricsi;
Viktor; Roland; Gergely~Gergő; Antal~Tóni; Bence; Márk; Levente; Szabolcs; Máté; Pál~Pali; Ákos;
Kristóf; Dezső; Ottó; Géza; Árpád; Ernő; Jenő; Gusztáv~Guszti)";

constexpr const char* kHunFamily = R"(
Nagy; Kovács=Kovach; Tóth; Szabó; Horváth; Varga; Kiss; Molnár; Németh; Farkas; Balogh; Papp=Pap;
Takács; Juhász; Lakatos; Mészáros; Oláh; Simon; Rácz; Fekete; Szilágyi; Török; Fehér; Balázs;
Gál; Kis; Szűcs; Kocsis; Orsós; Pintér; Fodor; Szalai; Sipos; Magyar; Lukács; Gulyás; Bíró;
Király; Balog; László; Katona; Jakab; Bogdán; Sándor; Boros; Fazekas; Kelemen; Antal; Somogyi;
Orosz; Fülöp; Veres=Veress; Vincze=Vince; Hegedűs; Budai; Deák; Bálint; Pál; Illés; Vörös;
Vass=Vas; Szőke; Fábián; Vida; Borbély; Szekeres; Csonka; Bognár; Lengyel; Major; Hajdu=Hajdú;
Rostás; Kolompár; Sárközi; Bangó; Csóka)";

constexpr const char* kBraFemale = R"(
Maria; Ana; Francisca~Chica; Antônia=Antonia; Adriana; Juliana; Márcia; Fernanda~Nanda; Patrícia;
Aline; Sandra; Camila=Camilla; Amanda; Bruna; Jéssica; Letícia; Júlia; Luciana; Vanessa; Mariana;
Gabriela~Gabi; Vera; Vitória=Victoria; Larissa; Cláudia; Beatriz~Bia; Luana; Rita; Sônia; Renata;
Eliane; Josefa; Simone; Natália~Nati; Raimunda; Thaís=Tais; Carla; Tatiane=Tatiana; Débora=Deborah;
Rosângela; Priscila=Priscilla; Daniela~Dani; Kelly=Keli; Cristiane; Rafaela; Jaqueline=Jacqueline;
Maria Aparecida~Cida; Maria José~Zezé; Maria de Fátima; Ana Paula; Ana Carolina~Carol;
Maria Eduarda~Duda; Ana Beatriz; Maria das Graças)";

constexpr const char* kBraMale = R"(
José~Zé; João; Antônio=António~Toninho; Francisco~Chico; Carlos; Paulo; Pedro; Lucas;
Luiz=Luis/Luís; Marcos=Marcus; Gabriel; Rafael=Raphael; Daniel; Marcelo; Bruno;
Eduardo~Edu/Dudu; Felipe=Filipe/Phelipe; Raimundo; Rodrigo; Manoel=Manuel; Mateus=Matheus;
André; Fernando~Nando; Fábio; Leonardo~Léo; Gustavo; Guilherme~Gui; Leandro; Tiago=Thiago;
Anderson; Ricardo; Márcio; Jorge; Sebastião; Alexandre; Roberto~Beto; Edson=Edison; Diego=Diogo;
Vitor=Victor; Sérgio; Cláudio; Wellington=Welington; Jefferson=Jeferson; Washington; João Pedro;
José Carlos; Luiz Carlos=Luis Carlos; Carlos Eduardo; João Vitor=João Victor; Antônio Carlos;
Paulo Henrique; Pedro Henrique)";

// Particles (^) are used by about two people in three who bear the name.
constexpr const char* kBraFamily = R"(
Silva^da*20; Santos^dos*12; Oliveira^de*9; Souza^de=Sousa*8; Rodrigues*5; Ferreira*5; Alves*4.5;
Pereira*4.5; Lima*4; Gomes*3.6; Costa^da*3.5; Ribeiro*3; Martins*3; Carvalho^de*2.8;
Almeida^de*2.5; Lopes*2.4; Soares*2.3; Fernandes*2.2; Vieira*2.1; Barbosa*2; Rocha*1.9; Dias*1.8;
Nascimento^do*1.8; Andrade^de*1.7; Moreira*1.6; Nunes*1.5; Marques*1.4; Machado*1.3; Mendes*1.3;
Freitas^de*1.2; Cardoso*1.2; Ramos*1.1; Gonçalves*1.1; Santana*1; Teixeira*1; Araújo*1; Pinto;
Correia=Correa; Cavalcanti=Cavalcante; Monteiro; Moura; Campos; Batista=Baptista; Reis^dos;
Conceição^da; Melo^de=Mello; Castro; Jesus^de; Miranda; Farias; Borges; Cunha^da; Pires;
Nogueira; Brito; Medeiros; Azevedo; Macedo; Cruz^da)";

Culture Make(const char* alpha3, NameStyle style, const char* female, const char* male,
             const char* family, double zipf_given, double zipf_family) {
  Culture c;
  c.alpha3 = alpha3;
  c.script = Script::kLatin;
  c.style = style;
  ParseRules given;
  given.zipf = zipf_given;
  ParseRules fam;
  fam.zipf = zipf_family;
  c.female = ParseNames(female, given);
  c.male = ParseNames(male, given);
  c.family = ParseNames(family, fam);
  return c;
}

}  // namespace

void AddLatinCultures(std::vector<Culture>& out) {
  Culture fra = Make("FRA", NameStyle::kWestern, kFraFemale, kFraMale, kFraFamily, 0.9, 0.8);
  fra.second_given = 0.35;
  out.push_back(std::move(fra));
  Culture gbr = Make("GBR", NameStyle::kWestern, kGbrFemale, kGbrMale, kGbrFamily, 0.9, 0.8);
  gbr.second_given = 0.5;
  out.push_back(std::move(gbr));
  Culture rou = Make("ROU", NameStyle::kWestern, kRouFemale, kRouMale, kRouFamily, 1.0, 0.9);
  rou.second_given = 0.2;
  rou.second_family = 0.05;
  out.push_back(std::move(rou));
  Culture alb = Make("ALB", NameStyle::kWestern, kAlbFemale, kAlbMale, kAlbFamily, 0.9, 0.9);
  alb.birthday_unknown = 0.02;
  out.push_back(std::move(alb));
  Culture hun = Make("HUN", NameStyle::kHungarian, kHunFemale, kHunMale, kHunFamily, 1.0, 1.0);
  hun.family_first = true;
  hun.second_given = 0.25;
  out.push_back(std::move(hun));
  Culture bra = Make("BRA", NameStyle::kBrazilian, kBraFemale, kBraMale, kBraFamily, 0.9, 1.0);
  bra.second_family = 0.75;
  out.push_back(std::move(bra));
}

}  // namespace palermo::realistic
