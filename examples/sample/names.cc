// Common given and family names by language area, with the spellings that agencies actually
// use for them (transliteration conventions: Ukrainian national system 2010 and the older
// Russian-style spelling; Arabic popular spellings; Royal Thai General System; Hanyu Pinyin
// and Wade–Giles). Only frequent names are listed so that no combination points at a person.
#include "sample/names.h"

#include <map>

namespace palermo::sample {
namespace {

const NamePool& Ukrainian() {
  static const NamePool pool{"uk",
                             "Cyrillic",
                             false,
                             {{"Олена", {"Olena", "Elena", "Olena"}},
                              {"Ірина", {"Iryna", "Irina"}},
                              {"Наталія", {"Nataliia", "Natalia", "Natalya"}},
                              {"Оксана", {"Oksana"}},
                              {"Юлія", {"Yuliia", "Yulia", "Julia"}},
                              {"Тетяна", {"Tetiana", "Tatiana", "Tetyana"}},
                              {"Марія", {"Mariia", "Maria"}}},
                             {{"Андрій", {"Andrii", "Andrey", "Andriy"}},
                              {"Олександр", {"Oleksandr", "Aleksandr", "Alexander"}},
                              {"Сергій", {"Serhii", "Sergey", "Serhiy"}},
                              {"Дмитро", {"Dmytro", "Dmitry"}},
                              {"Віктор", {"Viktor", "Victor"}}},
                             {{"Коваленко", {"Kovalenko"}},
                              {"Шевчук", {"Shevchuk", "Shevtchouk"}},
                              {"Бондаренко", {"Bondarenko"}},
                              {"Ткаченко", {"Tkachenko", "Tkatchenko"}},
                              {"Мельник", {"Melnyk", "Melnik"}},
                              {"Кравченко", {"Kravchenko"}},
                              {"Олійник", {"Oliinyk", "Oleynik"}},
                              {"Поліщук", {"Polishchuk", "Polischuk"}}},
                             {}};
  return pool;
}

const NamePool& Russian() {
  static const NamePool pool{"ru",
                             "Cyrillic",
                             false,
                             {{"Анна", {"Anna"}},
                              {"Екатерина", {"Ekaterina", "Yekaterina"}},
                              {"Светлана", {"Svetlana"}},
                              {"Ольга", {"Olga", "Ol'ga"}},
                              {"Татьяна", {"Tatiana", "Tatyana"}}},
                             {{"Алексей", {"Aleksei", "Alexey", "Aleksey"}},
                              {"Иван", {"Ivan"}},
                              {"Николай", {"Nikolai", "Nikolay"}},
                              {"Павел", {"Pavel"}}},
                             {{"Смирнова", {"Smirnova"}},
                              {"Кузнецова", {"Kuznetsova", "Kouznetsova"}},
                              {"Попова", {"Popova"}},
                              {"Соколова", {"Sokolova"}},
                              {"Морозова", {"Morozova"}},
                              {"Волкова", {"Volkova"}}},
                             {{"Смирнов", {"Smirnov"}},
                              {"Кузнецов", {"Kuznetsov", "Kouznetsov"}},
                              {"Попов", {"Popov"}},
                              {"Соколов", {"Sokolov"}},
                              {"Морозов", {"Morozov"}},
                              {"Волков", {"Volkov"}}}};
  return pool;
}

const NamePool& Arabic() {
  static const NamePool pool{"ar",
                             "Arabic",
                             false,
                             {{"فاطمة", {"Fatima", "Fatma", "Fatimah"}},
                              {"مريم", {"Maryam", "Mariam", "Meriem"}},
                              {"خديجة", {"Khadija", "Khadidja", "Khadijah"}},
                              {"نور", {"Nour", "Noor", "Nur"}},
                              {"عائشة", {"Aisha", "Aicha", "Aysha"}},
                              {"سلمى", {"Salma", "Selma"}}},
                             {{"محمد", {"Mohammed", "Muhammad", "Mohamed", "Mohamad"}},
                              {"أحمد", {"Ahmed", "Ahmad"}},
                              {"يوسف", {"Youssef", "Yusuf", "Youcef"}},
                              {"عمر", {"Omar", "Umar"}},
                              {"خالد", {"Khaled", "Khalid"}}},
                             {{"حسن", {"Hassan", "Hasan"}},
                              {"إبراهيم", {"Ibrahim", "Ebrahim", "Brahim"}},
                              {"الخطيب", {"Al-Khatib", "Alkhatib", "El Khatib"}},
                              {"المصري", {"Al-Masri", "El Masri", "Almasri"}},
                              {"بن علي", {"Ben Ali", "Benali"}},
                              {"حداد", {"Haddad", "Hadad"}},
                              {"منصور", {"Mansour", "Mansur"}},
                              {"السيد", {"El Sayed", "Al-Sayed", "Elsayed"}}},
                             {}};
  return pool;
}

const NamePool& Thai() {
  static const NamePool pool{"th",
                             "Thai",
                             false,
                             {{"มาลี", {"Malee", "Mali"}},
                              {"สมศรี", {"Somsri", "Som Sri"}},
                              {"นภา", {"Napha", "Napa"}},
                              {"วันเพ็ญ", {"Wanphen", "Wanpen"}}},
                             {{"สมชาย", {"Somchai", "Somchay"}},
                              {"ประเสริฐ", {"Prasoet", "Prasert"}},
                              {"วิชัย", {"Wichai", "Vichai"}}},
                             {{"ศรีสุข", {"Sisuk", "Srisuk"}},
                              {"วงศ์ใหญ่", {"Wongyai", "Vongyai"}},
                              {"แก้วมณี", {"Kaewmani", "Kaewmanee"}},
                              {"บุญมา", {"Bunma", "Boonma"}},
                              {"สุขสวัสดิ์", {"Suksawat", "Suksawad"}}},
                             {}};
  return pool;
}

const NamePool& Chinese() {
  static const NamePool pool{"zh",
                             "Han",
                             true,
                             {{"秀英", {"Xiuying", "Hsiu-ying", "Xiu Ying"}},
                              {"芳", {"Fang"}},
                              {"静", {"Jing", "Ching"}},
                              {"丽娟", {"Lijuan", "Li-chuan"}},
                              {"桂英", {"Guiying", "Kuei-ying"}}},
                             {{"伟", {"Wei"}},
                              {"强", {"Qiang", "Chiang"}},
                              {"军", {"Jun", "Chun"}},
                              {"建华", {"Jianhua", "Chien-hua"}}},
                             {{"王", {"Wang"}},
                              {"李", {"Li", "Lee"}},
                              {"张", {"Zhang", "Chang"}},
                              {"刘", {"Liu"}},
                              {"陈", {"Chen", "Chan"}},
                              {"杨", {"Yang"}},
                              {"黄", {"Huang", "Hwang"}}},
                             {}};
  return pool;
}

const NamePool& Vietnamese() {
  static const NamePool pool{
      "vi",
      "Latin",
      true,
      {{"Lan", {"Lan"}},
       {"Hương", {"Huong"}},
       {"Thảo", {"Thao"}},
       {"Ngọc Anh", {"Ngoc Anh", "Ngocanh"}},
       {"Mai", {"Mai"}}},
      {{"Minh", {"Minh"}}, {"Tuấn", {"Tuan"}}, {"Hùng", {"Hung"}}, {"Đức", {"Duc"}}},
      {{"Nguyễn", {"Nguyen", "Nguyen"}},
       {"Trần", {"Tran"}},
       {"Lê", {"Le"}},
       {"Phạm", {"Pham"}},
       {"Hoàng", {"Hoang"}},
       {"Vũ", {"Vu"}}},
      {}};
  return pool;
}

const NamePool& Nigerian() {
  static const NamePool pool{"ng",
                             "Latin",
                             false,
                             {{"Blessing", {"Blessing"}},
                              {"Joy", {"Joy"}},
                              {"Precious", {"Precious"}},
                              {"Chiamaka", {"Chiamaka", "Chiamaka"}},
                              {"Oluwaseun", {"Oluwaseun", "Seun"}},
                              {"Esther", {"Esther"}},
                              {"Faith", {"Faith"}}},
                             {{"Chinedu", {"Chinedu"}},
                              {"Emeka", {"Emeka", "Chukwuemeka"}},
                              {"Tunde", {"Tunde", "Babatunde"}},
                              {"Ibrahim", {"Ibrahim"}}},
                             {{"Okafor", {"Okafor"}},
                              {"Eze", {"Eze"}},
                              {"Adeyemi", {"Adeyemi"}},
                              {"Okonkwo", {"Okonkwo"}},
                              {"Osagie", {"Osagie"}},
                              {"Igbinedion", {"Igbinedion"}},
                              {"Obi", {"Obi"}},
                              {"Edo", {"Edo"}}},
                             {}};
  return pool;
}

const NamePool& Romanian() {
  static const NamePool pool{"ro",
                             "Latin",
                             false,
                             {{"Ioana", {"Ioana"}},
                              {"Maria", {"Maria"}},
                              {"Elena", {"Elena"}},
                              {"Andreea", {"Andreea", "Andreia"}},
                              {"Mihaela", {"Mihaela"}}},
                             {{"Andrei", {"Andrei"}},
                              {"Ștefan", {"Stefan"}},
                              {"Mihai", {"Mihai"}},
                              {"Florin", {"Florin"}}},
                             {{"Popescu", {"Popescu"}},
                              {"Ionescu", {"Ionescu"}},
                              {"Rădulescu", {"Radulescu"}},
                              {"Dumitrescu", {"Dumitrescu"}},
                              {"Stănescu", {"Stanescu"}},
                              {"Constantin", {"Constantin"}}},
                             {}};
  return pool;
}

const NamePool& Bulgarian() {
  static const NamePool pool{
      "bg",
      "Cyrillic",
      false,
      {{"Мария", {"Mariya", "Maria"}}, {"Десислава", {"Desislava"}}, {"Галина", {"Galina"}}},
      {{"Георги", {"Georgi"}}, {"Димитър", {"Dimitar", "Dimitur"}}},
      {{"Петрова", {"Petrova"}},
       {"Георгиева", {"Georgieva"}},
       {"Димитрова", {"Dimitrova"}},
       {"Николова", {"Nikolova"}}},
      {{"Петров", {"Petrov"}},
       {"Георгиев", {"Georgiev"}},
       {"Димитров", {"Dimitrov"}},
       {"Николов", {"Nikolov"}}}};
  return pool;
}

const NamePool& Albanian() {
  static const NamePool pool{
      "sq",
      "Latin",
      false,
      {{"Elira", {"Elira"}}, {"Arta", {"Arta"}}, {"Blerta", {"Blerta"}}, {"Mirela", {"Mirela"}}},
      {{"Besnik", {"Besnik"}}, {"Dritan", {"Dritan"}}, {"Arben", {"Arben"}}},
      {{"Krasniqi", {"Krasniqi"}},
       {"Gashi", {"Gashi"}},
       {"Shehu", {"Shehu"}},
       {"Kola", {"Kola"}},
       {"Leka", {"Leka"}}},
      {}};
  return pool;
}

const NamePool& Eritrean() {
  static const NamePool pool{"ti",
                             "Latin",
                             false,
                             {{"Semhar", {"Semhar"}},
                              {"Helen", {"Helen"}},
                              {"Senait", {"Senait", "Senayt"}},
                              {"Yordanos", {"Yordanos"}}},
                             {{"Yonas", {"Yonas", "Yohannes"}},
                              {"Tesfay", {"Tesfay", "Tesfaye"}},
                              {"Dawit", {"Dawit", "Daniel"}}},
                             {{"Gebremariam", {"Gebremariam", "Ghebremariam"}},
                              {"Tesfamariam", {"Tesfamariam"}},
                              {"Haile", {"Haile"}},
                              {"Kidane", {"Kidane"}},
                              {"Berhane", {"Berhane", "Berhe"}}},
                             {}};
  return pool;
}

const NamePool& Portuguese() {
  static const NamePool pool{"pt",
                             "Latin",
                             false,
                             {{"Ana", {"Ana"}},
                              {"Juliana", {"Juliana"}},
                              {"Camila", {"Camila"}},
                              {"Letícia", {"Leticia"}}},
                             {{"João", {"Joao"}}, {"Lucas", {"Lucas"}}, {"Gabriel", {"Gabriel"}}},
                             {{"Silva", {"Silva", "da Silva"}},
                              {"Santos", {"Santos", "dos Santos"}},
                              {"Oliveira", {"Oliveira"}},
                              {"Souza", {"Souza", "Sousa"}},
                              {"Pereira", {"Pereira"}}},
                             {}};
  return pool;
}

const NamePool& French() {
  static const NamePool pool{
      "fr",
      "Latin",
      false,
      {{"Léa", {"Lea"}},
       {"Chloé", {"Chloe"}},
       {"Camille", {"Camille"}},
       {"Manon", {"Manon"}},
       {"Inès", {"Ines"}},
       {"Sarah", {"Sarah", "Sara"}}},
      {{"Lucas", {"Lucas"}}, {"Théo", {"Theo"}}, {"Hugo", {"Hugo"}}, {"Nathan", {"Nathan"}}},
      {{"Martin", {"Martin"}},
       {"Bernard", {"Bernard"}},
       {"Petit", {"Petit"}},
       {"Lefèvre", {"Lefevre", "Lefebvre"}},
       {"Girard", {"Girard"}},
       {"Moreau", {"Moreau"}},
       {"Durand", {"Durand"}}},
      {}};
  return pool;
}

}  // namespace

const NamePool& PoolForCountry(const std::string& alpha3) {
  static const std::map<std::string, const NamePool*> by_country = {
      {"UKR", &Ukrainian()},  {"RUS", &Russian()},  {"SYR", &Arabic()},     {"EGY", &Arabic()},
      {"MAR", &Arabic()},     {"IRQ", &Arabic()},   {"THA", &Thai()},       {"CHN", &Chinese()},
      {"VNM", &Vietnamese()}, {"NGA", &Nigerian()}, {"ROU", &Romanian()},   {"BGR", &Bulgarian()},
      {"ALB", &Albanian()},   {"ERI", &Eritrean()}, {"BRA", &Portuguese()}, {"FRA", &French()}};
  auto it = by_country.find(alpha3);
  return it == by_country.end() ? French() : *it->second;
}

const std::vector<std::string>& ForbiddenFullNames() {
  // Well-known people whose names could be formed from the pools above.
  static const std::vector<std::string> names = {
      "mohammed ali", "muhammad ali",  "mohamed ali",    "omar khaled",  "ivan petrov",
      "li wei",       "wang fang",     "camille martin", "hugo martin",  "lucas silva",
      "joao silva",   "elena popescu", "anna smirnova",  "ahmed hassan", "mohamed salah"};
  return names;
}

}  // namespace palermo::sample
