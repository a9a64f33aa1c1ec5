// SPDX-License-Identifier: AGPL-3.0-or-later
// Name pools, Cyrillic, Georgian and Greek script: Ukrainian, Moldovan, Russian, Georgian, Greek.
//
// Names are stored in their own script; Latin spellings come from the romanisation systems of
// script.h (passport system first) plus the listed forms that no system produces: the Russian
// form of a Ukrainian name (Олександр: Aleksandr), the Romanian spelling of a Moldovan passport
// (Вячеслав: Veaceslav), the Georgian nominative in -i (Levani), the colloquial Greek name
// (Γεώργιος ~ Giorgos). Patronymics are derived by the usual rules (names.cc).
#include "realistic/names.h"

namespace palermo::realistic {
namespace {

constexpr const char* kUkrFemale = R"(
Олена=Elena/Helena~Lena; Оксана=Oxana; Наталія=Natalia/Natalya~Natasha; Тетяна=Tatiana/Tatyana~Tanya;
Ірина=Irina~Ira; Світлана=Svetlana~Sveta; Юлія=Julia/Yulia~Yulya; Марія=Maria~Masha;
Ольга=Olga; Анна=Anna~Anya; Катерина=Ekaterina/Katerina~Katya; Вікторія=Viktoria/Victoria~Vika;
Людмила=Ludmila/Lyudmila~Luda; Галина=Galina~Galya; Ганна=Anna/Ganna; Валентина=Valentina~Valya;
Надія=Nadia/Nadezhda~Nadya; Лариса=Larisa; Алла; Інна; Анастасія=Anastasia~Nastya; Дарина=Daria~Dasha;
Софія=Sofia/Sophia~Sonya; Аліна; Яна; Христина=Kristina/Christina; Олександра=Aleksandra/Alexandra~Sasha;
Віра=Vera; Любов=Lubov~Lyuba; Зоряна; Мар'яна=Marianna; Богдана=Bogdana; Ніна; Лілія=Lilia;
Тамара; Вероніка; Діана; Євгенія=Evgenia/Eugenia~Zhenya; Леся=Lesia; Уляна=Uliana/Ulyana;
Роксолана~Roksana; Мирослава~Mira; Ярослава; Орися=Orysia/Orisia; Соломія=Solomia)";

constexpr const char* kUkrMale = R"(
Олександр=Aleksandr/Alexander/Olexandr/Oleksander~Sasha; Сергій=Sergey/Sergei/Serhij;
Андрій=Andrey/Andrei; Володимир=Vladimir/Wolodymyr~Volodya; Микола=Nikolai/Nikolay/Mikola~Kolya;
Іван=Ivan; Віталій=Vitaly/Vitali; Дмитро=Dmitry/Dmitriy~Dima; Олег=Oleg; Юрій=Yuri/Iurii;
Василь=Vasily/Wasyl; Михайло=Mikhail/Michael~Misha; Петро=Petr/Peter; Віктор=Victor;
Ігор=Igor; Богдан=Bogdan; Тарас; Роман; Максим=Maxim/Maksim~Max; Євген=Evgeniy/Eugene~Zhenya;
Павло=Pavel/Paul; Артем=Artyom; Денис=Denis; Анатолій=Anatoly; Степан; Ярослав~Slavik;
Назар; Руслан; Владислав=Vladislav~Vlad; Костянтин=Konstantin~Kostya; Григорій=Grigoriy;
Валерій=Valery; Олексій=Aleksey/Alexey~Lyosha; Антон; Вадим=Vadim; Станіслав~Stas;
Федір=Fedor/Fyodor; Остап; Микита=Nikita; Ілля=Ilya; Любомир=Lubomyr; Орест)";

constexpr const char* kUkrFamily = R"(
Мельник=Melnik; Шевченко; Коваленко; Бондаренко; Бойко; Ткаченко; Кравченко; Коваль;
Олійник=Oleynik; Шевчук; Поліщук; Ковальчук; Бондар; Ткачук; Марченко; Лисенко=Lisenko; Руденко;
Савченко; Петренко; Мороз; Клименко; Павленко; Кравчук; Кузьменко; Пономаренко; Савчук;
Василенко; Левченко; Харченко; Карпенко; Гаврилюк; Мельничук; Литвиненко; Романенко;
Гончаренко; Панченко; Лук'яненко; Федоренко; Ярошенко; Захарченко; Онищенко; Приходько;
Дяченко; Волошин; Сидоренко; Антонюк; Костенко; Ковтун; Гуменюк; Білик; Головко; Кириленко;
Мазур; Кушнір; Лозинський; Іваненко; Швець; Стасюк; Остапенко; Яковенко; Білоус; Середа;
Гордієнко; Тарасенко; Мартинюк; Коломієць; Юрченко; Демченко; Нестеренко; Семенюк; Вовк; Зінченко)";

constexpr const char* kMdaFemale = R"(
Мария=Maria; Елена=Elena; Ирина=Irina; Наталья=Natalia~Natașa; Татьяна=Tatiana; Светлана=Svetlana;
Людмила=Ludmila; Виорика=Viorica; Валентина=Valentina; Кристина=Cristina; Олеся=Olesea/Olesia;
Ольга=Olga; Анна=Ana/Anna; Галина=Galina; Нина=Nina; Дойна=Doina; Родика=Rodica; Стела=Stela;
Михаела=Mihaela; Аурелия=Aurelia; Лилия=Lilia; Алёна=Aliona/Alena; Екатерина=Ecaterina;
Анастасия=Anastasia; Юлия=Iulia; Оксана=Oxana; Виктория=Victoria; Диана=Diana; Марина=Marina;
Корина=Corina; Ангела=Angela; Вера=Vera; Надежда=Nadejda; Зинаида=Zinaida; Антонина=Antonina;
Домника=Domnica; Вероника=Veronica; Евгения=Evghenia/Eugenia; Даниела=Daniela; Мариана=Mariana)";

constexpr const char* kMdaMale = R"(
Ион=Ion; Сергей=Serghei/Sergiu; Василий=Vasile; Николай=Nicolae/Nicolai; Андрей=Andrei;
Владимир=Vladimir; Александр=Alexandru/Alexandr; Георгий=Gheorghe/Gheorghii; Дмитрий=Dumitru/Dmitri;
Виктор=Victor; Игорь=Igor; Виталий=Vitalie/Vitalii; Валерий=Valeriu/Valerii; Юрий=Iurie/Iurii;
Вячеслав=Veaceslav; Евгений=Eugeniu/Evghenii; Анатолий=Anatolie; Михаил=Mihail/Mihai; Пётр=Petru;
Павел=Pavel; Олег=Oleg; Роман=Roman; Денис=Denis; Максим=Maxim; Иван=Ivan; Григорий=Grigore;
Константин=Constantin; Вадим=Vadim; Руслан=Ruslan; Артём=Artiom; Тудор=Tudor; Штефан=Ștefan/Stefan;
Аурел=Aurel; Илья=Ilie/Ilia; Фёдор=Fiodor/Feodor; Станислав=Stanislav; Эдуард=Eduard;
Леонид=Leonid; Геннадий=Ghenadie/Gennadii)";

// Moldovan passports spell family names in Romanian (the listed forms come first).
constexpr const char* kMdaFamily = R"(
Русу=Rusu; Чебан=Ceban; Попа=Popa; Мунтяну=Munteanu; Лунгу=Lungu; Кожокару=Cojocaru;
Чобану=Ciobanu; Цуркан=Țurcan/Turcan; Ротарь=Rotari/Rotar; Сырбу=Sîrbu/Sirbu; Морару=Moraru;
Бивол=Bivol; Урсу=Ursu; Гуцу=Guțu/Gutu; Руснак=Rusnac; Балан=Balan; Бурлаку=Burlacu;
Ботнарь=Botnari; Крецу=Crețu/Cretu; Мельник=Melnic; Ткаченко=Tcacenco/Tkacenko; Иванов=Ivanov;
Попов=Popov; Морозан=Morozan; Лупу=Lupu; Гаврилицэ=Gavriliță/Gavrilita; Чорней=Ciornei;
Райлян=Railean; Рацэ=Rață/Rata; Бужор=Bujor; Кушнир=Cușnir/Cusnir; Доня=Donea; Кирияк=Chiriac;
Ковалчук=Covalciuc; Гуцан=Guțan; Ангел=Anghel; Грозу=Grozu; Олару=Olaru; Кожухарь=Cojuhari;
Савка=Savca; Стратан=Stratan; Тодорашко=Todorașco/Todorasco; Бодю=Bodiu; Кодряну=Codreanu;
Негру=Negru; Гросу=Grosu; Ончу=Onciu; Пырлог=Pîrlog/Pirlog; Жосан=Josan; Сандуляк=Sanduleac;
Ермурачи=Ermurachi; Постолаки=Postolachi; Бабин=Babin; Кузнецов=Cuznețov/Kuznetsov; Петров=Petrov)";

constexpr const char* kRusFemale = R"(
Ольга~Olya; Елена=Yelena/Helena~Lena; Наталья=Natalie~Natasha; Татьяна~Tanya; Ирина~Ira;
Светлана~Sveta; Анна~Anya; Мария~Masha; Екатерина=Katerina~Katya; Юлия=Julia; Анастасия~Nastya;
Людмила~Luda; Галина~Galya; Валентина~Valya; Надежда=Nadejda~Nadya; Марина; Оксана=Oxana;
Виктория=Victoria~Vika; Дарья~Dasha; Ксения=Xenia~Ksyusha; Алина; Евгения=Eugenia~Zhenya;
Полина~Polya; Вера; Любовь~Lyuba; Алёна; Кристина=Christina; Александра~Sasha; Лариса=Larissa;
Нина; Лидия=Lydia; Тамара; Яна; Валерия~Lera; Олеся; Елизавета~Liza; Маргарита~Rita;
Софья=Sophia; Ангелина; Диана)";

constexpr const char* kRusMale = R"(
Александр=Alexander~Sasha; Сергей=Serge~Seryozha; Дмитрий~Dima; Андрей; Алексей=Alexey~Lyosha;
Максим=Maxim; Евгений~Zhenya; Иван; Михаил=Michael~Misha; Артём; Николай~Kolya; Владимир~Volodya;
Денис; Павел=Paul; Роман; Игорь; Олег; Виктор=Victor; Юрий; Вадим; Антон; Илья; Кирилл=Cyril;
Никита; Константин=Constantin~Kostya; Василий; Станислав~Stas; Виталий; Вячеслав~Slava;
Анатолий; Геннадий~Gena; Валерий; Григорий~Grisha; Руслан; Тимур; Егор; Фёдор; Пётр=Peter; Борис;
Леонид; Георгий~Zhora; Эдуард=Edward; Ярослав)";

constexpr const char* kRusFamily = R"(
Иванов; Смирнов; Кузнецов; Попов; Васильев; Петров; Соколов; Михайлов; Новиков; Фёдоров;
Морозов; Волков; Алексеев; Лебедев; Семёнов; Егоров; Павлов; Козлов; Степанов; Николаев; Орлов;
Андреев; Макаров; Никитин; Захаров; Зайцев; Соловьёв; Борисов; Яковлев; Григорьев; Романов;
Воробьёв; Сергеев; Кузьмин; Фролов; Александров; Дмитриев; Королёв; Гусев; Киселёв; Ильин;
Максимов; Поляков; Сорокин; Виноградов; Ковалёв; Белов; Антонов; Тарасов; Жуков; Баранов;
Филиппов; Комаров; Давыдов; Беляев; Герасимов; Богданов; Осипов; Сидоров; Матвеев; Титов;
Марков; Миронов; Крылов; Куликов; Карпов; Власов; Мельников; Денисов; Гаврилов; Тихонов;
Казаков; Афанасьев; Данилов; Савельев; Тимофеев; Фомин; Чернов; Абрамов; Мартынов; Ефимов;
Щербаков; Назаров; Калинин; Исаев; Быков; Маслов; Родионов; Коновалов; Лазарев; Воронин; Климов;
Филатов; Пономарёв; Голубев; Кудрявцев; Прохоров; Наумов; Потапов; Журавлёв; Овчинников;
Трофимов; Леонов; Соболев; Ермаков; Колесников; Гончаров; Емельянов; Никифоров; Котов)";

constexpr const char* kGeoFemale = R"(
ნინო=Nina; მარიამ=Mariami/Maria~Mari; თამარ=Tamari/Tamara~Tamuna/Tako; ანა=Anna~Anuka; ელენე=Elena;
ნანა; ქეთევან=Ketevani~Keti/Ketino; ნათია; სალომე=Salomea; მაია=Maya; ეკატერინე=Ekaterina~Eka;
მანანა; ლალი; ხათუნა; სოფიო=Sophio/Sofia~Sopo; ლიკა; თეონა~Teo; ირმა; ლელა=Leila; მარინა; ინგა;
მაკა; ლია; დალი; ეთერი; თინათინ=Tinatini~Tiko; გვანცა; ნესტან=Nestani; თეა=Thea; ნატო; ნინი;
ლამარა; შორენა; ციცინო~Tsitsi; მზია; ია; ნონა; ეკა; თამთა; ანი; ბარბარე=Barbara; ელისო; ლილი;
ნუცა; მედეა; ქრისტინე=Kristina~Kristi)";

constexpr const char* kGeoMale = R"(
გიორგი=George/Georgi~Gio/Gogi/Gia; დავით=David~Dato; ალექსანდრე=Aleksandr/Alexander~Sandro;
ნიკოლოზ=Nikolozi/Nikolai~Nika/Niko; ლევან=Levani~Leko; ირაკლი; ზურაბ=Zurabi~Zura; თორნიკე~Toko;
ლუკა=Luca; ლაშა; გელა; მამუკა; ვახტანგ=Vakhtangi~Vakho; თამაზ=Tamazi; ზაზა;
მიხეილ=Mikhail/Michael~Misha/Mishiko; ბესიკ=Besiki; ოთარ=Otari; რევაზ=Revazi~Rezo; შოთა;
ნოდარ=Nodari; რამაზ=Ramazi; თემურ=Temuri/Timur~Temo; ბექა; საბა; პაატა; არჩილ=Archili; გოჩა;
ბადრი; გურამ=Gurami; კახაბერ=Kakhaberi~Kakha; დიმიტრი=Dmitri~Dima; ილია=Ilya; მერაბ=Merabi;
ავთანდილ=Avtandili~Avto; ჯემალ=Jemali; გიგა; ნიკა; ვლადიმერ=Vladimir~Lado; ლადო; გოგა; სანდრო;
ტატო; ბაჩო; კონსტანტინე=Konstantin~Kote; ზვიად=Zviadi)";

constexpr const char* kGeoFamily = R"(
ბერიძე; კაპანაძე; გელაშვილი; მაისურაძე; გიორგაძე; ლომიძე; წიკლაური; ბოლქვაძე; ნოზაძე;
ხუციშვილი; აბულაძე; ტაბატაძე; გოგოლაძე; შენგელია; ჩხეიძე; დოლიძე; კიკნაძე; მელაძე;
ჯავახიშვილი; სიჭინავა; გოგია; ასათიანი; ცერცვაძე; ჩიქოვანი; პაპავა; გაბუნია; ქავთარაძე;
ბაქრაძე; მჭედლიშვილი; კვარაცხელია; ნაკაშიძე; ლორთქიფანიძე; ჯაფარიძე; ღლონტი; ყიფიანი=Kipiani;
ყაუხჩიშვილი=Kaukhchishvili; მამულაშვილი; ხარაიშვილი; ბერიაშვილი; ნადირაძე; კაკაბაძე; ჩაჩუა;
ღვინიაშვილი=Gviniashvili; ბურდული; ხელაძე; ღუდუშაური=Gudushauri; ნიჟარაძე; ფირცხალავა;
ხოშტარია; ჯანელიძე; გოგიჩაიშვილი; ცინცაძე; ცქიტიშვილი; ძნელაძე; ქარჩავა; ჭანტურია)";

constexpr const char* kGrcFemale = R"(
Μαρία; Ελένη=Helen~Lena; Αικατερίνη=Ekaterini~Katerina/Kaiti; Βασιλική=Vassiliki~Vicky/Vaso;
Σοφία=Sophia; Αγγελική~Angela/Koula; Γεωργία~Gogo; Δήμητρα=Demetra~Mitsa; Κωνσταντίνα~Dina/Ntina;
Παρασκευή~Evi/Voula; Ευαγγελία~Litsa/Valia; Ιωάννα=Joanna~Gianna; Χριστίνα; Αναστασία~Natasa/Tasoula;
Ευτυχία~Effie; Ειρήνη=Irene~Rena; Παναγιώτα~Giota/Yiota; Αθανασία~Soula/Nasia; Σταυρούλα~Voula;
Θεοδώρα~Dora; Χαρίκλεια~Chara; Φωτεινή~Fay; Ευγενία=Eugenia~Jenny; Αλεξάνδρα~Alex; Βαρβάρα=Barbara;
Ζωή=Zoe; Χρυσούλα; Κυριακή~Koula; Σπυριδούλα~Roula; Μαρίνα; Δέσποινα=Despina; Ελευθερία~Ria;
Άννα; Όλγα; Μαργαρίτα; Στέλλα; Νικολέτα=Nicoletta; Αφροδίτη=Aphrodite; Πηνελόπη=Penelope~Popi)";

constexpr const char* kGrcMale = R"(
Γεώργιος=George~Giorgos/Yiorgos; Ιωάννης=John~Giannis/Yannis; Κωνσταντίνος=Constantinos~Kostas/Costas;
Δημήτριος=Demetrios~Dimitris/Jim; Νικόλαος=Nicholas~Nikos/Nick; Παναγιώτης=Panayiotis~Panos/Takis;
Βασίλειος=Vasilios/Vassilis~Vasilis/Bill; Χρήστος~Chris; Αθανάσιος~Thanasis/Sakis;
Μιχαήλ=Michael~Michalis/Mike; Ευάγγελος~Vangelis; Σπυρίδων~Spyros/Spiros; Αντώνιος~Antonis/Tony;
Αναστάσιος~Tasos; Θεόδωρος~Thodoris/Theo; Ανδρέας; Χαράλαμπος=Haralambos~Babis/Charis;
Παύλος=Paul; Εμμανουήλ=Emmanuel~Manolis/Manos; Στέφανος=Stephanos; Ηλίας=Elias; Σωτήριος~Sotiris;
Πέτρος=Peter; Αλέξανδρος~Alexis/Alekos; Στυλιανός~Stelios; Ευστάθιος~Stathis; Απόστολος~Tolis;
Κυριάκος; Λεωνίδας; Παντελής; Θωμάς=Thomas; Άγγελος; Φώτιος~Fotis; Μάριος; Σταύρος;
Γρηγόριος=Gregory~Grigoris; Ζαχαρίας)";

constexpr const char* kGrcFamily = R"(
Παπαδόπουλος|Παπαδοπούλου; Παπαδάκης|Παπαδάκη; Παπαδημητρίου; Γεωργίου; Οικονόμου=Economou;
Παπανικολάου; Βασιλείου; Νικολάου; Ιωάννου; Καραγιάννης|Καραγιάννη; Δημητρίου; Αθανασίου;
Μακρής|Μακρή; Κωνσταντινίδης|Κωνσταντινίδου; Αντωνίου; Παπαγεωργίου; Χριστοδούλου;
Γεωργιάδης|Γεωργιάδου; Παππάς|Παππά=Pappas; Αλεξίου; Μαυρίδης|Μαυρίδου; Πετρόπουλος|Πετροπούλου;
Σταματόπουλος|Σταματοπούλου; Ζαχαρίου; Κυριακίδης|Κυριακίδου; Λαμπρόπουλος|Λαμπροπούλου;
Παναγιωτόπουλος|Παναγιωτοπούλου; Μιχαηλίδης|Μιχαηλίδου; Αναστασίου; Θεοδωρίδης|Θεοδωρίδου;
Ευαγγέλου; Σπυρόπουλος|Σπυροπούλου; Κωστόπουλος|Κωστοπούλου; Βλάχος|Βλάχου;
Αγγελόπουλος|Αγγελοπούλου; Νικολαΐδης|Νικολαΐδου; Δημόπουλος|Δημοπούλου; Παπαϊωάννου;
Καραμάνος|Καραμάνου; Τσακίρης|Τσακίρη; Γιαννόπουλος|Γιαννοπούλου; Μαρκόπουλος|Μαρκοπούλου;
Αποστολόπουλος|Αποστολοπούλου; Χατζηγεωργίου; Σαββίδης|Σαββίδου; Πολυχρόνης|Πολυχρόνη;
Κατσαρός|Κατσαρού; Φραγκιαδάκης|Φραγκιαδάκη; Μπακάλης|Μπακάλη; Ντόκας|Ντόκα;
Τζαννετάκης|Τζαννετάκη; Κουτσούκος|Κουτσούκου; Ρήγας|Ρήγα; Σιδηρόπουλος|Σιδηροπούλου;
Χριστόπουλος|Χριστοπούλου; Λιάπης|Λιάπη; Αλεξόπουλος|Αλεξοπούλου)";

}  // namespace

void AddEastCultures(std::vector<Culture>& out) {
  using R = Romanisation;
  {
    Culture c;
    c.alpha3 = "UKR";
    c.script = Script::kCyrillic;
    c.style = NameStyle::kSlavic;
    ParseRules r;
    r.script = Script::kCyrillic;
    r.systems = {R::kUkrainianNational, R::kUkrainianPopular, R::kUkrainianRussian,
                 R::kUkrainianFrench};
    r.zipf = 1.0;
    c.female = ParseNames(kUkrFemale, r);
    c.family = ParseNames(kUkrFamily, [&] {
      ParseRules f = r;
      f.slavic_feminine = true;
      f.zipf = 0.8;
      return f;
    }());
    r.ukrainian_patronymics = true;
    c.male = ParseNames(kUkrMale, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "MDA";
    c.script = Script::kCyrillic;
    c.style = NameStyle::kSlavic;
    ParseRules r;
    r.script = Script::kCyrillic;
    r.systems = {R::kRussianRomanian, R::kRussianIcao, R::kRussianPopular, R::kRussianBgn};
    r.explicit_is_passport = true;
    c.female = ParseNames(kMdaFemale, r);
    c.family = ParseNames(kMdaFamily, [&] {
      ParseRules f = r;
      f.slavic_feminine = true;
      f.zipf = 0.8;
      return f;
    }());
    r.russian_patronymics = true;
    c.male = ParseNames(kMdaMale, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "RUS";
    c.script = Script::kCyrillic;
    c.style = NameStyle::kSlavic;
    ParseRules r;
    r.script = Script::kCyrillic;
    r.systems = {R::kRussianIcao, R::kRussianBgn, R::kRussianPopular, R::kRussianFrench};
    c.female = ParseNames(kRusFemale, r);
    c.family = ParseNames(kRusFamily, [&] {
      ParseRules f = r;
      f.slavic_feminine = true;
      f.zipf = 0.7;
      return f;
    }());
    r.russian_patronymics = true;
    c.male = ParseNames(kRusMale, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "GEO";
    c.script = Script::kGeorgian;
    c.style = NameStyle::kWestern;
    ParseRules r;
    r.script = Script::kGeorgian;
    r.systems = {R::kGeorgianNational, R::kGeorgianRussian, R::kGeorgianFrench};
    c.female = ParseNames(kGeoFemale, r);
    c.male = ParseNames(kGeoMale, r);
    r.zipf = 0.7;
    c.family = ParseNames(kGeoFamily, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "GRC";
    c.script = Script::kGreek;
    c.style = NameStyle::kGreek;
    ParseRules r;
    r.script = Script::kGreek;
    r.systems = {R::kGreekElot, R::kGreekPhonetic};
    c.female = ParseNames(kGrcFemale, r);
    c.male = ParseNames(kGrcMale, r);
    r.zipf = 0.8;
    c.family = ParseNames(kGrcFamily, r);
    c.second_given = 0.05;
    out.push_back(std::move(c));
  }
}

}  // namespace palermo::realistic
