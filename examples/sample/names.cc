// SPDX-License-Identifier: AGPL-3.0-or-later
// Given and family names by language area, most frequent first, with the spellings agencies
// actually use for them. Cyrillic names are written natively and transliterated here by the
// systems in use: Ukrainian national system (Cabinet of Ministers resolution 55, 2010) and the
// older French-style spelling of French consulates and police; Russian ICAO Doc 9303 (passports
// since 2013), BGN/PCGN and French style; Bulgarian Streamlined System (2009) and French style.
// Arabic: popular English- and French-influenced spellings. Thai: Royal Thai General System
// and common informal spellings. Chinese: Hanyu Pinyin (the spelling of PRC passports), given
// names formed from one or two characters as they are in practice. Frequencies are Zipf–Mandelbrot
// by rank (see NameList), ordered roughly as in published frequency lists (national statistics
// offices, Forebears); only frequent names are listed, so that no combination points at a person.
#include "sample/names.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

namespace palermo::sample {

NameList::NameList(std::vector<NameForms> names, double exponent) : names_(std::move(names)) {
  double total = 0;
  cumulative_.reserve(names_.size());
  for (size_t rank = 0; rank < names_.size(); ++rank) {
    total += 1.0 / std::pow(static_cast<double>(rank) + 2.0, exponent);
    cumulative_.push_back(total);
  }
  for (double& c : cumulative_) c /= total;
}

size_t NameList::Draw(double u) const {
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<size_t>(it - cumulative_.begin()), names_.size() - 1);
}

namespace {

// ---- Cyrillic transliteration ----

struct Translit {
  std::map<char32_t, const char*> letters;  // lower-case letter -> Latin
  std::map<char32_t, const char*> initial;  // overrides at the start of a word
};

char32_t Lower(char32_t c, bool* upper) {
  *upper = true;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c == 0x490) return 0x491;
  *upper = false;
  return c;
}

std::string Transliterate(std::string_view native, const Translit& t) {
  std::string out;
  bool word_start = true;
  for (size_t i = 0; i < native.size();) {
    const unsigned char b = static_cast<unsigned char>(native[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      word_start = b == ' ' || b == '-';
      ++i;
      continue;
    }
    char32_t c = 0;
    size_t len = 1;
    if ((b & 0xE0) == 0xC0 && i + 1 < native.size()) {
      c = ((b & 0x1F) << 6) | (static_cast<unsigned char>(native[i + 1]) & 0x3F);
      len = 2;
    } else if ((b & 0xF0) == 0xE0 && i + 2 < native.size()) {
      c = ((b & 0x0F) << 12) | ((static_cast<unsigned char>(native[i + 1]) & 0x3F) << 6) |
          (static_cast<unsigned char>(native[i + 2]) & 0x3F);
      len = 3;
    }
    i += len;
    bool upper = false;
    const char32_t lower = Lower(c, &upper);
    const char* latin = "";
    if (auto it = t.initial.find(lower); word_start && it != t.initial.end())
      latin = it->second;
    else if (auto jt = t.letters.find(lower); jt != t.letters.end())
      latin = jt->second;
    std::string piece = latin;
    if (upper && !piece.empty() && piece[0] >= 'a' && piece[0] <= 'z')
      piece[0] = static_cast<char>(piece[0] - 'a' + 'A');
    out += piece;
    word_start = false;
  }
  return out;
}

// Letters common to the Cyrillic systems below (Russian/Ukrainian/Bulgarian base values).
std::map<char32_t, const char*> BaseLetters() {
  return {{U'а', "a"},  {U'б', "b"},    {U'в', "v"},  {U'г', "g"},  {U'д', "d"},  {U'е', "e"},
          {U'ж', "zh"}, {U'з', "z"},    {U'и', "i"},  {U'й', "i"},  {U'к', "k"},  {U'л', "l"},
          {U'м', "m"},  {U'н', "n"},    {U'о', "o"},  {U'п', "p"},  {U'р', "r"},  {U'с', "s"},
          {U'т', "t"},  {U'у', "u"},    {U'ф', "f"},  {U'х', "kh"}, {U'ц', "ts"}, {U'ч', "ch"},
          {U'ш', "sh"}, {U'щ', "shch"}, {U'ъ', "ie"}, {U'ы', "y"},  {U'ь', ""},   {U'э', "e"},
          {U'ю', "iu"}, {U'я', "ia"},   {U'ё', "e"}};
}

Translit With(std::map<char32_t, const char*> changes,
              std::map<char32_t, const char*> initial = {}) {
  Translit t{BaseLetters(), std::move(initial)};
  for (const auto& [c, latin] : changes) t.letters[c] = latin;
  return t;
}

const std::vector<Translit>& UkrainianSystems() {
  static const std::vector<Translit> systems = {
      With({{U'г', "h"}, {U'ґ', "g"}, {U'и', "y"}, {U'і', "i"}, {U'ї', "i"}, {U'є', "ie"}},
           {{U'є', "ye"}, {U'ї', "yi"}, {U'й', "y"}, {U'ю', "yu"}, {U'я', "ya"}}),
      With({{U'г', "h"},
            {U'ґ', "g"},
            {U'и', "y"},
            {U'і', "i"},
            {U'ї', "i"},
            {U'є', "ie"},
            {U'у', "ou"},
            {U'ж', "j"},
            {U'ч', "tch"},
            {U'ш', "ch"},
            {U'щ', "chtch"},
            {U'ю', "iou"}})};
  return systems;
}

const std::vector<Translit>& RussianSystems() {
  static const std::vector<Translit> systems = {
      With({}),
      With({{U'й', "y"}, {U'ю', "yu"}, {U'я', "ya"}, {U'ъ', ""}, {U'ё', "yo"}}, {{U'е', "ye"}}),
      With({{U'у', "ou"},
            {U'ж', "j"},
            {U'ч', "tch"},
            {U'ш', "ch"},
            {U'щ', "chtch"},
            {U'ю', "iou"},
            {U'ъ', ""}})};
  return systems;
}

const std::vector<Translit>& BulgarianSystems() {
  static const std::vector<Translit> systems = {With({{U'х', "h"},
                                                      {U'щ', "sht"},
                                                      {U'ъ', "a"},
                                                      {U'ь', "y"},
                                                      {U'й', "y"},
                                                      {U'ю', "yu"},
                                                      {U'я', "ya"}}),
                                                With({{U'ж', "j"},
                                                      {U'ч', "tch"},
                                                      {U'ш', "ch"},
                                                      {U'щ', "cht"},
                                                      {U'у', "ou"},
                                                      {U'ъ', "a"},
                                                      {U'ю', "iou"}})};
  return systems;
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Entries are "native|spelling|spelling...". With transliteration systems, the spellings are
// those systems' output followed by the listed ones (other names in use, as Elena for Olena);
// without, the listed spellings (the first ASCII), or the native form alone when it is ASCII.
std::vector<NameForms> Parse(const std::vector<const char*>& entries,
                             const std::vector<Translit>* systems = nullptr) {
  std::vector<NameForms> out;
  out.reserve(entries.size());
  for (const char* entry : entries) {
    std::vector<std::string> parts;
    std::string_view rest(entry);
    while (true) {
      const size_t bar = rest.find('|');
      parts.emplace_back(rest.substr(0, bar));
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    NameForms forms{parts[0], {}};
    if (systems)
      for (const Translit& t : *systems) AddUnique(forms.latin, Transliterate(parts[0], t));
    for (size_t idx = 1; idx < parts.size(); ++idx) AddUnique(forms.latin, parts[idx]);
    if (forms.latin.empty()) forms.latin.push_back(parts[0]);
    out.push_back(std::move(forms));
  }
  return out;
}

// Female forms of Russian/Bulgarian family names: -ов/-ев/-ин + а, -ский -> -ская.
std::vector<const char*> FeminineSurnames(const std::vector<const char*>& male) {
  static std::vector<std::string> storage;  // owned for the life of the program
  std::vector<const char*> out;
  storage.reserve(storage.size() + male.size());
  std::vector<std::string> made;
  for (const char* m : male) {
    std::string s(m);
    const std::string sky = "ский";
    if (s.size() > sky.size() && s.compare(s.size() - sky.size(), sky.size(), sky) == 0)
      s = s.substr(0, s.size() - sky.size()) + "ская";
    else
      s += "а";
    made.push_back(std::move(s));
  }
  for (std::string& s : made) storage.push_back(std::move(s));
  for (size_t idx = storage.size() - made.size(); idx < storage.size(); ++idx)
    out.push_back(storage[idx].c_str());
  return out;
}

const NamePool& Ukrainian() {
  static const NamePool pool{
      "uk",
      "Cyrillic",
      false,
      NameList(Parse({"Олена|Elena",
                      "Тетяна|Tatiana",
                      "Наталія|Natalia|Natalya",
                      "Ірина|Irina",
                      "Оксана",
                      "Юлія|Yulia|Julia",
                      "Марія|Maria",
                      "Світлана|Svetlana",
                      "Анна|Anna",
                      "Людмила|Lyudmila",
                      "Катерина|Ekaterina",
                      "Вікторія|Viktoria",
                      "Галина|Galina",
                      "Ольга|Olga",
                      "Анастасія|Anastasia",
                      "Валентина",
                      "Надія|Nadia",
                      "Інна|Inna",
                      "Лариса",
                      "Алла",
                      "Дарина|Darina",
                      "Софія|Sofia",
                      "Христина|Khrystyna",
                      "Яна",
                      "Вероніка",
                      "Діана|Diana",
                      "Любов",
                      "Віра|Vera",
                      "Зоряна",
                      "Мирослава",
                      "Богдана",
                      "Лілія|Liliia",
                      "Уляна",
                      "Соломія",
                      "Аліна|Alina"},
                     &UkrainianSystems()),
               0.9),
      NameList(Parse({"Олександр|Alexander|Aleksandr",
                      "Сергій|Sergey",
                      "Андрій|Andrey",
                      "Володимир|Vladimir",
                      "Віктор|Victor",
                      "Микола|Nikolai",
                      "Іван|Ivan",
                      "Дмитро|Dmitry",
                      "Юрій|Yuri",
                      "Василь|Vasily",
                      "Олег|Oleg",
                      "Михайло|Mikhail",
                      "Петро|Petr",
                      "Богдан",
                      "Тарас",
                      "Роман",
                      "Ігор|Igor",
                      "Максим|Maksim",
                      "Артем|Artem",
                      "Євген|Evgeny",
                      "Анатолій",
                      "Віталій|Vitaly",
                      "Ярослав",
                      "Степан",
                      "Назар",
                      "Остап",
                      "Денис",
                      "Валерій",
                      "Руслан",
                      "Григорій"},
                     &UkrainianSystems()),
               0.9),
      NameList(
          Parse({"Коваленко", "Мельник",   "Шевченко",    "Бондаренко", "Бойко",     "Ткаченко",
                 "Кравченко", "Ковальчук", "Коваль",      "Олійник",    "Шевчук",    "Поліщук",
                 "Бондар",    "Ткачук",    "Марченко",    "Лисенко",    "Руденко",   "Савченко",
                 "Петренко",  "Мороз",     "Кравчук",     "Клименко",   "Павленко",  "Кузьменко",
                 "Левченко",  "Харченко",  "Гончаренко",  "Карпенко",   "Дмитренко", "Швець",
                 "Семенко",   "Мазур",     "Пономаренко", "Литвиненко", "Романенко", "Сидоренко",
                 "Ярошенко",  "Гаврилюк",  "Костенко",    "Назаренко",  "Кушнір",    "Остапенко",
                 "Тимошенко", "Приходько", "Панченко",    "Демченко",   "Юрченко",   "Ігнатенко",
                 "Кириленко", "Вакуленко", "Гуменюк",     "Дорошенко",  "Стасюк",    "Грищенко",
                 "Білик",     "Зінченко",  "Нестеренко",  "Яковенко",   "Тарасенко", "Козак"},
                &UkrainianSystems()),
          0.8),
      {}};
  return pool;
}

const std::vector<const char*>& RussianMaleSurnames() {
  static const std::vector<const char*> names = {
      "Смирнов",    "Иванов",    "Кузнецов", "Соколов",    "Попов",    "Лебедев",   "Козлов",
      "Новиков",    "Морозов",   "Петров",   "Волков",     "Соловьёв", "Васильев",  "Зайцев",
      "Павлов",     "Семёнов",   "Голубев",  "Виноградов", "Богданов", "Воробьёв",  "Фёдоров",
      "Михайлов",   "Беляев",    "Тарасов",  "Белов",      "Комаров",  "Орлов",     "Киселёв",
      "Макаров",    "Андреев",   "Ковалёв",  "Ильин",      "Гусев",    "Титов",     "Кузьмин",
      "Кудрявцев",  "Баранов",   "Куликов",  "Алексеев",   "Степанов", "Яковлев",   "Сорокин",
      "Сергеев",    "Романов",   "Захаров",  "Борисов",    "Королёв",  "Герасимов", "Пономарёв",
      "Григорьев",  "Лазарев",   "Медведев", "Ершов",      "Никитин",  "Соболев",   "Рябов",
      "Поляков",    "Цветков",   "Данилов",  "Жуков",      "Фролов",   "Журавлёв",  "Николаев",
      "Крылов",     "Максимов",  "Сидоров",  "Осипов",     "Белоусов", "Федотов",   "Дорофеев",
      "Покровский", "Ковальский"};
  return names;
}

const NamePool& Russian() {
  static const NamePool pool{
      "ru",
      "Cyrillic",
      false,
      NameList(Parse({"Елена",   "Татьяна",   "Наталья",  "Ольга",   "Ирина",  "Светлана",
                      "Анна",    "Екатерина", "Мария",    "Юлия",    "Марина", "Анастасия",
                      "Людмила", "Галина",    "Надежда",  "Евгения", "Дарья",  "Валентина",
                      "Оксана",  "Ксения",    "Виктория", "Алина",   "Полина", "Вера",
                      "Любовь",  "Кристина",  "Олеся",    "Софья",   "Алёна",  "Жанна"},
                     &RussianSystems()),
               0.9),
      NameList(Parse({"Александр|Alexander",
                      "Сергей|Sergey",
                      "Дмитрий|Dmitry",
                      "Андрей",
                      "Алексей|Alexey",
                      "Максим",
                      "Евгений",
                      "Иван",
                      "Михаил",
                      "Артём",
                      "Николай",
                      "Владимир",
                      "Павел",
                      "Роман",
                      "Денис",
                      "Виктор",
                      "Игорь",
                      "Олег",
                      "Антон",
                      "Никита",
                      "Юрий",
                      "Кирилл",
                      "Илья",
                      "Вадим",
                      "Константин",
                      "Руслан",
                      "Тимур",
                      "Григорий",
                      "Станислав",
                      "Егор"},
                     &RussianSystems()),
               0.9),
      NameList(Parse(FeminineSurnames(RussianMaleSurnames()), &RussianSystems()), 0.7),
      NameList(Parse(RussianMaleSurnames(), &RussianSystems()), 0.7)};
  return pool;
}

const std::vector<const char*>& BulgarianMaleSurnames() {
  static const std::vector<const char*> names = {
      "Иванов",   "Георгиев", "Димитров", "Петров",      "Николов",  "Христов",  "Стоянов",
      "Тодоров",  "Илиев",    "Василев",  "Атанасов",    "Петков",   "Ангелов",  "Йорданов",
      "Колев",    "Маринов",  "Попов",    "Стефанов",    "Михайлов", "Кръстев",  "Костов",
      "Димов",    "Павлов",   "Симеонов", "Александров", "Янков",    "Недялков", "Цветков",
      "Райчев",   "Марков",   "Станев",   "Енчев",       "Пеев",     "Донев",    "Благоев",
      "Найденов", "Славов",   "Радев",    "Желязков",    "Асенов"};
  return names;
}

const NamePool& Bulgarian() {
  static const NamePool pool{
      "bg",
      "Cyrillic",
      false,
      NameList(Parse({"Мария|Maria", "Иванка",   "Елена",    "Йорданка", "Пенка",
                      "Десислава",   "Галина",   "Цветанка", "Радка",    "Петя",
                      "Гергана",     "Николина", "Виктория", "Силвия",   "Валентина",
                      "Антоанета",   "Теодора",  "Даниела",  "Светла",   "Снежана",
                      "Румяна",      "Милена",   "Здравка",  "Веселина", "Ралица"},
                     &BulgarianSystems()),
               0.9),
      NameList(Parse({"Георги", "Иван",   "Димитър", "Николай", "Петър",   "Христо", "Стоян",
                      "Тодор",  "Васил",  "Атанас",  "Стефан",  "Йордан",  "Пламен", "Красимир",
                      "Ивайло", "Мартин", "Борис",   "Калоян",  "Любомир", "Цветан"},
                     &BulgarianSystems()),
               0.9),
      NameList(Parse(FeminineSurnames(BulgarianMaleSurnames()), &BulgarianSystems()), 0.8),
      NameList(Parse(BulgarianMaleSurnames(), &BulgarianSystems()), 0.8)};
  return pool;
}

const NamePool& Arabic() {
  static const NamePool pool{"ar",
                             "Arabic",
                             false,
                             NameList(Parse({"فاطمة|Fatima|Fatma|Fatimah",
                                             "مريم|Maryam|Mariam|Meriem",
                                             "خديجة|Khadija|Khadidja|Khadijah",
                                             "عائشة|Aisha|Aicha|Aysha",
                                             "زينب|Zainab|Zaynab|Zineb",
                                             "نور|Nour|Noor|Nur",
                                             "سلمى|Salma|Selma",
                                             "أمينة|Amina|Aminah",
                                             "حليمة|Halima|Halimah",
                                             "سارة|Sara|Sarah",
                                             "ليلى|Leila|Layla|Laila",
                                             "هدى|Huda|Houda|Hoda",
                                             "رانيا|Rania|Ranya",
                                             "ياسمين|Yasmine|Yasmin|Jasmine",
                                             "نادية|Nadia|Nadiya",
                                             "سعاد|Souad|Suad",
                                             "رشيدة|Rachida|Rashida",
                                             "سميرة|Samira|Sameera",
                                             "هند|Hind|Hend",
                                             "إيمان|Iman|Imane|Eman",
                                             "أسماء|Asma|Asmaa",
                                             "سناء|Sanaa|Sana",
                                             "وفاء|Wafaa|Wafa",
                                             "دعاء|Doaa|Duaa",
                                             "رحمة|Rahma|Rahmah",
                                             "نجلاء|Najla|Najlaa",
                                             "بشرى|Bouchra|Bushra",
                                             "لبنى|Loubna|Lubna",
                                             "غادة|Ghada",
                                             "ريم|Reem|Rim",
                                             "شيماء|Shaimaa|Chaimae",
                                             "حنان|Hanane|Hanan",
                                             "منى|Mona|Mouna",
                                             "جميلة|Jamila|Djamila",
                                             "صفاء|Safaa|Safa"}),
                                      0.9),
                             NameList(Parse({"محمد|Mohammed|Muhammad|Mohamed|Mohamad",
                                             "أحمد|Ahmed|Ahmad",
                                             "علي|Ali",
                                             "يوسف|Youssef|Yusuf|Youcef",
                                             "عمر|Omar|Umar",
                                             "خالد|Khaled|Khalid",
                                             "حسن|Hassan|Hasan",
                                             "حسين|Hussein|Hussain|Houssein",
                                             "إبراهيم|Ibrahim|Ebrahim|Brahim",
                                             "مصطفى|Mustafa|Moustafa|Mostafa",
                                             "محمود|Mahmoud|Mahmud",
                                             "عبدالله|Abdullah|Abdallah|Abdellah",
                                             "كريم|Karim|Kareem",
                                             "سعيد|Said|Saeed|Saïd",
                                             "عادل|Adel|Adil",
                                             "طارق|Tarek|Tariq|Tarik",
                                             "رشيد|Rachid|Rashid",
                                             "حمزة|Hamza|Hamzah",
                                             "بلال|Bilal|Belal",
                                             "أمين|Amine|Amin",
                                             "عثمان|Othman|Osman|Uthman",
                                             "ياسين|Yassine|Yasin|Yacine",
                                             "إسماعيل|Ismail|Ismael",
                                             "سليمان|Suleiman|Slimane|Sulayman",
                                             "نبيل|Nabil|Nabeel",
                                             "جمال|Jamal|Djamel|Gamal",
                                             "فيصل|Faisal|Fayçal|Faycal",
                                             "ماهر|Maher",
                                             "سامي|Sami|Samy",
                                             "وليد|Walid|Waleed",
                                             "زكريا|Zakaria|Zakariya",
                                             "أنس|Anas",
                                             "مراد|Mourad|Murad"}),
                                      0.8),
                             NameList(Parse({"حسن|Hassan|Hasan",
                                             "علي|Ali",
                                             "محمد|Mohamed|Mohammed",
                                             "إبراهيم|Ibrahim|Brahim",
                                             "أحمد|Ahmed|Ahmad",
                                             "عبدالله|Abdallah|Abdullah",
                                             "حسين|Hussein|Houssein",
                                             "الخطيب|Al-Khatib|Alkhatib|El Khatib",
                                             "المصري|Al-Masri|El Masri|Almasri",
                                             "بن علي|Ben Ali|Benali",
                                             "حداد|Haddad|Hadad",
                                             "منصور|Mansour|Mansur",
                                             "السيد|El Sayed|Al-Sayed",
                                             "العلوي|Alaoui|El Alaoui|Al-Alawi",
                                             "الإدريسي|El Idrissi|Idrissi",
                                             "بنعلي|Benali",
                                             "الحسيني|El Husseini|Al-Husseini",
                                             "الشامي|Al-Shami|Chami|Shami",
                                             "عباس|Abbas",
                                             "سليمان|Suleiman|Slimane",
                                             "يوسف|Youssef|Yousef",
                                             "عمر|Omar",
                                             "خليل|Khalil",
                                             "صالح|Saleh|Salih",
                                             "العمري|El Amri|Al-Omari",
                                             "الزين|Zein|El Zein|Ezzine",
                                             "نصر|Nasr|Nasser",
                                             "قاسم|Kassem|Qasim",
                                             "جابر|Jaber|Djaber",
                                             "عيسى|Issa|Eissa",
                                             "موسى|Moussa|Musa",
                                             "الفاسي|El Fassi|Fassi",
                                             "بوعزة|Bouazza",
                                             "الحلبي|Al-Halabi|Halabi",
                                             "الدمشقي|Al-Dimashqi|Dimashki",
                                             "البغدادي|Al-Baghdadi|Baghdadi",
                                             "الجبوري|Al-Jubouri|Jubouri",
                                             "التميمي|Al-Tamimi|Tamimi",
                                             "الشمري|Al-Shammari|Shammari",
                                             "عبدالرحمن|Abderrahmane|Abdulrahman",
                                             "بوزيد|Bouzid",
                                             "الأنصاري|Al-Ansari|El Ansari",
                                             "الكردي|Al-Kurdi|Kurdi",
                                             "سعيد|Said|Saeed",
                                             "حمدان|Hamdan",
                                             "زيدان|Zidane|Zaydan",
                                             "رحمون|Rahmoun",
                                             "بلقاسم|Belkacem|Belqasim",
                                             "شريف|Cherif|Sharif",
                                             "عثمان|Othmane|Osman"}),
                                      0.7),
                             {}};
  return pool;
}

const NamePool& Thai() {
  static const NamePool pool{
      "th",
      "Thai",
      false,
      NameList(
          Parse({"มาลี|Mali|Malee",           "สมศรี|Somsi|Somsri",        "นภา|Napha|Napa",
                 "วันเพ็ญ|Wanphen|Wanpen",     "สุภาพร|Suphaphon|Supaporn", "รัตนา|Rattana|Ratana",
                 "กาญจนา|Kanchana|Kanjana",  "สุนิสา|Sunisa|Sunissa",      "อรุณี|Aruni|Arunee",
                 "พรทิพย์|Phonthip|Pornthip",  "ศิริพร|Siriphon|Siriporn",   "จันทร์เพ็ญ|Chanphen|Janpen",
                 "นงลักษณ์|Nonglak",           "ปราณี|Prani|Pranee",        "อัมพร|Amphon|Amporn",
                 "ดวงใจ|Duangchai|Duangjai", "เพ็ญศรี|Phensi|Pensri",      "สายสุนีย์|Saisuni|Saisunee",
                 "วิไล|Wilai|Vilai",          "จิราพร|Chiraphon|Jiraporn", "ลำดวน|Lamduan",
                 "บุญมี|Bunmi|Boonmee"}),
          0.6),
      NameList(
          Parse({"สมชาย|Somchai|Somchay", "ประเสริฐ|Prasoet|Prasert", "วิชัย|Wichai|Vichai",
                 "สมศักดิ์|Somsak", "สมพงษ์|Somphong|Sompong", "ประยุทธ|Prayut|Prayuth", "สุรชัย|Surachai",
                 "ธนากร|Thanakon|Thanakorn", "อนุชา|Anucha", "เกียรติศักดิ์|Kiattisak|Kiatisak",
                 "ณัฐพล|Natthaphon|Nattapon", "บุญชัย|Bunchai|Boonchai", "ชัยวัฒน์|Chaiwat",
                 "สุทธิพงษ์|Sutthiphong|Suttipong", "พิชิต|Phichit|Pichit", "อำนาจ|Amnat|Amnart"}),
          0.6),
      NameList(Parse({"ศรีสุข|Sisuk|Srisuk",
                      "วงศ์ใหญ่|Wongyai|Vongyai",
                      "แก้วมณี|Kaeomani|Kaewmanee",
                      "บุญมา|Bunma|Boonma",
                      "สุขสวัสดิ์|Suksawat|Suksawad",
                      "แสงทอง|Saengthong|Sangthong",
                      "ทองดี|Thongdi|Thongdee",
                      "จันทร์หอม|Chanhom|Janhom",
                      "พรหมมา|Phromma|Promma",
                      "ศรีวงศ์|Siwong|Sriwong",
                      "สมบูรณ์|Sombun|Somboon",
                      "มีสุข|Misuk|Meesuk",
                      "ใจดี|Chaidi|Jaidee",
                      "ทองคำ|Thongkham|Tongkham",
                      "บุญเรือง|Bunrueang|Boonruang",
                      "สายทอง|Saithong",
                      "อินทร์แก้ว|Inkaeo|Inkaew",
                      "เพชรรัตน์|Phetcharat|Petcharat",
                      "รุ่งเรือง|Rungrueang|Rungruang",
                      "ชัยมงคล|Chaimongkhon|Chaimongkol",
                      "ศรีทอง|Sithong|Srithong",
                      "คำแก้ว|Khamkaeo|Khamkaew",
                      "ปัญญาดี|Panyadi|Panyadee",
                      "นาคสวัสดิ์|Nakhasawat|Naksawat",
                      "วงศ์สวัสดิ์|Wongsawat",
                      "สุวรรณ|Suwan|Suwanna",
                      "แก้วใส|Kaeosai|Kaewsai",
                      "พันธ์ดี|Phandi|Pandee",
                      "ทองมา|Thongma",
                      "ศรีเมือง|Simueang|Srimuang"}),
               0.3),
      {}};
  return pool;
}

// Chinese given names are formed freely from one or two characters: the pool holds every
// single character and every ordered pair of distinct characters of the sex's list.
std::vector<NameForms> ChineseGiven(const std::vector<std::pair<const char*, const char*>>& chars) {
  std::vector<NameForms> out;
  auto cap = [](std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  };
  for (const auto& [han, pinyin] : chars) out.push_back(NameForms{han, {cap(pinyin)}});
  for (const auto& [han1, pinyin1] : chars)
    for (const auto& [han2, pinyin2] : chars) {
      if (std::string_view(han1) == han2) continue;
      out.push_back(NameForms{std::string(han1) + han2, {cap(std::string(pinyin1) + pinyin2)}});
    }
  return out;
}

const NamePool& Chinese() {
  static const NamePool pool{
      "zh",
      "Han",
      true,
      NameList(ChineseGiven({{"秀", "xiu"},  {"英", "ying"}, {"丽", "li"},   {"娟", "juan"},
                             {"芳", "fang"}, {"敏", "min"},  {"静", "jing"}, {"燕", "yan"},
                             {"红", "hong"}, {"霞", "xia"},  {"玲", "ling"}, {"梅", "mei"},
                             {"兰", "lan"},  {"婷", "ting"}, {"雪", "xue"},  {"慧", "hui"},
                             {"佳", "jia"},  {"晓", "xiao"}, {"欣", "xin"},  {"萍", "ping"},
                             {"桂", "gui"},  {"春", "chun"}, {"洁", "jie"},  {"倩", "qian"}}),
               0.0),
      NameList(ChineseGiven({{"伟", "wei"},  {"强", "qiang"}, {"军", "jun"},  {"建", "jian"},
                             {"华", "hua"},  {"明", "ming"},  {"涛", "tao"},  {"杰", "jie"},
                             {"勇", "yong"}, {"磊", "lei"},   {"超", "chao"}, {"鹏", "peng"},
                             {"辉", "hui"},  {"刚", "gang"},  {"志", "zhi"},  {"国", "guo"},
                             {"文", "wen"},  {"海", "hai"},   {"东", "dong"}, {"浩", "hao"}}),
               0.0),
      NameList(
          Parse({"王|Wang",  "李|Li",    "张|Zhang", "刘|Liu",   "陈|Chen", "杨|Yang", "黄|Huang",
                 "赵|Zhao",  "吴|Wu",    "周|Zhou",  "徐|Xu",    "孙|Sun",  "马|Ma",   "朱|Zhu",
                 "胡|Hu",    "郭|Guo",   "何|He",    "林|Lin",   "高|Gao",  "罗|Luo",  "郑|Zheng",
                 "梁|Liang", "谢|Xie",   "宋|Song",  "唐|Tang",  "许|Xu",   "邓|Deng", "韩|Han",
                 "冯|Feng",  "曹|Cao",   "彭|Peng",  "曾|Zeng",  "肖|Xiao", "田|Tian", "董|Dong",
                 "潘|Pan",   "袁|Yuan",  "蔡|Cai",   "蒋|Jiang", "余|Yu",   "于|Yu",   "杜|Du",
                 "叶|Ye",    "程|Cheng", "魏|Wei"}),
          1.0),
      {}};
  return pool;
}

const NamePool& Vietnamese() {
  static const NamePool pool{
      "vi",
      "Latin",
      true,
      NameList(Parse({"Lan",         "Hương|Huong", "Thảo|Thao",     "Ngọc|Ngoc",   "Mai",
                      "Linh",        "Trang",       "Hà|Ha",         "Hằng|Hang",   "Nhung",
                      "Thủy|Thuy",   "Hoa",         "Phương|Phuong", "Dung",        "Yến|Yen",
                      "Hạnh|Hanh",   "Loan",        "Anh",           "Vy",          "Nga",
                      "Tuyết|Tuyet", "Hiền|Hien",   "Oanh",          "Quyên|Quyen", "Nhi",
                      "Duyên|Duyen", "Trinh",       "Thu",           "Uyên|Uyen",   "Giang",
                      "Châu|Chau",   "Diệp|Diep",   "Hồng|Hong",     "Xuân|Xuan",   "Thanh",
                      "Bích|Bich",   "Liên|Lien",   "Vân|Van",       "Nhàn|Nhan",   "Thư|Thu",
                      "Quỳnh|Quynh", "Tâm|Tam",     "Hậu|Hau",       "Kim",         "Ánh|Anh",
                      "Tuyền|Tuyen", "Hoài|Hoai",   "Thoa",          "Mỹ|My",       "Diễm|Diem",
                      "Lụa|Lua"}),
               0.8),
      NameList(Parse({"Minh",        "Tuấn|Tuan",   "Hùng|Hung",   "Đức|Duc",     "Dũng|Dung",
                      "Nam",         "Hải|Hai",     "Long",        "Thắng|Thang", "Hiếu|Hieu",
                      "Quang",       "Khánh|Khanh", "Sơn|Son",     "Phúc|Phuc",   "Huy",
                      "Trung",       "Tùng|Tung",   "Cường|Cuong", "Thành|Thanh", "Vinh",
                      "Bảo|Bao",     "Tâm|Tam",     "Hoàng|Hoang", "Việt|Viet",   "Lâm|Lam",
                      "Phong",       "Toàn|Toan",   "Kiên|Kien",   "Hiệp|Hiep",   "Tài|Tai",
                      "Lộc|Loc",     "Thịnh|Thinh", "Quân|Quan",   "Định|Dinh",   "Nghĩa|Nghia",
                      "Trọng|Trong", "Tiến|Tien",   "Khoa",        "Đạt|Dat",     "Hưng|Hung",
                      "Chiến|Chien"}),
               0.8),
      NameList(Parse({"Nguyễn|Nguyen", "Trần|Tran",     "Lê|Le",     "Phạm|Pham",   "Hoàng|Hoang",
                      "Huỳnh|Huynh",   "Phan",          "Vũ|Vu",     "Võ|Vo",       "Đặng|Dang",
                      "Bùi|Bui",       "Đỗ|Do",         "Hồ|Ho",     "Ngô|Ngo",     "Dương|Duong",
                      "Lý|Ly",         "Đào|Dao",       "Đinh|Dinh", "Lâm|Lam",     "Trịnh|Trinh",
                      "Mai",           "Trương|Truong", "Cao",       "Lương|Luong", "Tạ|Ta",
                      "Hà|Ha"}),
               1.5),
      {}};
  return pool;
}

const NamePool& Nigerian() {
  static const NamePool pool{
      "ng",
      "Latin",
      false,
      NameList(Parse({"Blessing",
                      "Joy",
                      "Precious",
                      "Esther",
                      "Faith",
                      "Mercy",
                      "Grace",
                      "Chiamaka",
                      "Oluwaseun|Seun",
                      "Gift",
                      "Favour|Favor",
                      "Patience",
                      "Peace",
                      "Glory",
                      "Happiness",
                      "Princess",
                      "Ngozi",
                      "Chioma",
                      "Adaeze|Adaeze",
                      "Nneka",
                      "Amaka",
                      "Ifeoma",
                      "Funmilayo|Funmi",
                      "Folake",
                      "Aisha|Aishat",
                      "Fatima|Fatimah",
                      "Osas|Osasere",
                      "Ivie",
                      "Efe",
                      "Osaro",
                      "Uyi",
                      "Ese",
                      "Omoye",
                      "Isoken",
                      "Eki",
                      "Adesuwa",
                      "Itohan",
                      "Omosede",
                      "Victoria",
                      "Deborah",
                      "Success",
                      "Rita",
                      "Stella",
                      "Comfort",
                      "Lucky",
                      "Juliet",
                      "Vivian",
                      "Loveth",
                      "Ruth",
                      "Edith"}),
               0.7),
      NameList(Parse({"Emmanuel",        "Chinedu",        "Emeka|Chukwuemeka",
                      "Tunde|Babatunde", "Ibrahim",        "Samuel",
                      "Daniel",          "Godwin",         "Osagie",
                      "Osaze",           "Uche",           "Ikenna",
                      "Obinna",          "Segun|Olusegun", "Musa",
                      "Sunday",          "Friday",         "Lucky",
                      "Kelvin",          "Victor",         "Osaro",
                      "Efosa",           "Eghosa",         "Nosa",
                      "Festus",          "Kingsley",       "Collins",
                      "Abdullahi",       "Yusuf",          "Chukwudi"}),
               0.7),
      NameList(Parse({"Okafor",     "Eze",       "Adeyemi", "Okonkwo",  "Osagie",   "Igbinedion",
                      "Obi",        "Edo",       "Ogbonna", "Nwosu",    "Okeke",    "Okoro",
                      "Nwachukwu",  "Ibrahim",   "Bello",   "Abubakar", "Mohammed", "Adebayo",
                      "Olawale",    "Ogunleye",  "Afolabi", "Oyelaran", "Balogun",  "Akinola",
                      "Olaniyan",   "Eguavoen",  "Aigbe",   "Omoregie", "Osayande", "Iyamu",
                      "Ehigiator",  "Aghedo",    "Uwaifo",  "Imafidon", "Osaghae",  "Idahosa",
                      "Ogiemwonyi", "Ekhator",   "Obaseki", "Ighodaro", "Asemota",  "Osunde",
                      "Okoye",      "Chukwu",    "Anyanwu", "Umeh",     "Nnadi",    "Udeh",
                      "Ezeh",       "Onyekachi", "Uzor",    "Ikpe",     "Effiong",  "Bassey",
                      "Etim",       "Okon",      "Danjuma", "Garba",    "Yakubu",   "Lawal",
                      "Salami",     "Adewale",   "Ojo",     "Ogundipe"}),
               0.6),
      {}};
  return pool;
}

const NamePool& Romanian() {
  static const NamePool pool{
      "ro",
      "Latin",
      false,
      NameList(Parse({"Maria",
                      "Elena",
                      "Ioana",
                      "Andreea|Andreia",
                      "Mihaela",
                      "Ana",
                      "Gabriela",
                      "Alexandra",
                      "Cristina",
                      "Daniela",
                      "Florentina",
                      "Mariana",
                      "Georgiana",
                      "Alina",
                      "Nicoleta",
                      "Ionela",
                      "Adriana",
                      "Roxana",
                      "Larisa",
                      "Denisa",
                      "Bianca",
                      "Ramona",
                      "Simona",
                      "Claudia",
                      "Loredana",
                      "Carmen",
                      "Raluca",
                      "Diana",
                      "Oana",
                      "Irina",
                      "Luminița|Luminita",
                      "Violeta",
                      "Anca",
                      "Florina",
                      "Petronela"}),
               0.8),
      NameList(Parse({"Andrei",     "Alexandru",       "Ion",           "Gheorghe",
                      "Constantin", "Mihai",           "Ștefan|Stefan", "Florin",
                      "Marius",     "Daniel",          "Vasile",        "Nicolae",
                      "Adrian",     "Cristian",        "Ionuț|Ionut",   "Gabriel",
                      "Bogdan",     "Cătălin|Catalin", "Costel",        "Marian",
                      "Dumitru",    "Petru",           "Sorin",         "Viorel",
                      "Razvan",     "Ciprian",         "Lucian",        "Emil"}),
               0.8),
      NameList(Parse({"Popa",
                      "Popescu",
                      "Pop",
                      "Radu",
                      "Dumitru",
                      "Stan",
                      "Stoica",
                      "Gheorghe",
                      "Matei",
                      "Ciobanu",
                      "Ionescu",
                      "Rusu",
                      "Constantin",
                      "Mihai",
                      "Munteanu",
                      "Moldovan",
                      "Marin",
                      "Ion",
                      "Florea",
                      "Dinu",
                      "Tudor",
                      "Lungu",
                      "Ene",
                      "Barbu",
                      "Sandu",
                      "Nistor",
                      "Neagu",
                      "Toma",
                      "Diaconu",
                      "Ursu",
                      "Cristea",
                      "Dobre",
                      "Zamfir",
                      "Anghel",
                      "Vasile",
                      "Șerban|Serban",
                      "Mocanu",
                      "Lazăr|Lazar",
                      "Rădulescu|Radulescu",
                      "Dumitrescu",
                      "Stănescu|Stanescu",
                      "Preda",
                      "Nedelcu",
                      "Ilie",
                      "Oprea",
                      "Voicu",
                      "Bălan|Balan",
                      "Manea",
                      "Tănase|Tanase",
                      "Căldăraru|Caldararu",
                      "Lăcătuș|Lacatus",
                      "Mitrea",
                      "Costache",
                      "Buzatu",
                      "Vlad"}),
               0.7),
      {}};
  return pool;
}

const NamePool& Albanian() {
  static const NamePool pool{
      "sq",
      "Latin",
      false,
      NameList(Parse({"Elira",   "Arta",     "Blerta",  "Mirela",          "Anila",
                      "Valbona", "Drita",    "Fatmira", "Flutura",         "Elona",
                      "Jonida",  "Klodiana", "Eriona",  "Alketa",          "Bora",
                      "Ermira",  "Lindita",  "Rezarta", "Entela",          "Brunilda",
                      "Ledia",   "Dorina",   "Marsela", "Xhesika|Jessica", "Enkelejda"}),
               0.7),
      NameList(
          Parse({"Besnik", "Dritan", "Arben",  "Ardit",  "Endrit", "Ilir",    "Gentian", "Klodian",
                 "Erion",  "Artan",  "Fatmir", "Altin",  "Agron",  "Bledar",  "Erald",   "Elton",
                 "Sokol",  "Gezim",  "Mentor", "Flamur", "Ermal",  "Kastriot"}),
          0.7),
      NameList(
          Parse({"Hoxha",     "Shehu",     "Gashi",  "Krasniqi", "Berisha", "Leka",   "Kola",
                 "Dervishi",  "Çela|Cela", "Meta",   "Basha",    "Marku",   "Lika",   "Hysa",
                 "Mema",      "Prifti",    "Koci",   "Kelmendi", "Rama",    "Shala",  "Beqiri",
                 "Muça|Muca", "Xhafa",     "Dushku", "Bajrami",  "Morina",  "Hasani", "Brahimi",
                 "Çeka|Ceka", "Ahmeti",    "Sula",   "Halili",   "Zeneli",  "Gjoka",  "Tafa",
                 "Doda",      "Pjetri",    "Kuka"}),
          0.6),
      {}};
  return pool;
}

const NamePool& Eritrean() {
  static const NamePool pool{
      "ti",
      "Latin",
      false,
      NameList(
          Parse({"Semhar",      "Helen",          "Senait|Senayt", "Yordanos", "Selam",
                 "Freweyni",    "Mebrat",         "Luwam",         "Saba",     "Winta",
                 "Rahel|Rahwa", "Tsega",          "Ruta",          "Hiwet",    "Medhanit",
                 "Eden",        "Feven",          "Almaz",         "Abrehet",  "Tigisti|Tigist",
                 "Meron",       "Filmon|Filmona", "Tsehaye",       "Yohana",   "Ksanet"}),
          0.6),
      NameList(Parse({"Yonas|Yohannes", "Tesfay|Tesfaye", "Dawit",  "Filmon",  "Amanuel",
                      "Yemane",         "Mehari",         "Samuel", "Habtom",  "Kibrom",
                      "Michael|Mikael", "Robel",          "Tedros", "Biniam",  "Efrem",
                      "Ermias",         "Haben",          "Henok",  "Natnael", "Senay",
                      "Teklay",         "Goitom",         "Aklilu", "Medhanie"}),
               0.6),
      NameList(Parse({"Gebremariam|Ghebremariam",
                      "Tesfamariam",
                      "Haile",
                      "Kidane",
                      "Berhane|Berhe",
                      "Tekle|Tecle",
                      "Gebremedhin|Ghebremedhin",
                      "Tesfay",
                      "Woldu|Weldu",
                      "Abraha",
                      "Mehari",
                      "Yohannes",
                      "Ghebreyesus|Gebreyesus",
                      "Tewelde",
                      "Habte",
                      "Asmerom",
                      "Ghirmay|Girmay",
                      "Andemariam",
                      "Russom",
                      "Kahsay",
                      "Negash",
                      "Tesfu",
                      "Okbazghi",
                      "Zerai|Zeray",
                      "Solomon",
                      "Mengistu",
                      "Teklehaimanot",
                      "Amanuel",
                      "Ogbamichael",
                      "Fesehaye",
                      "Berhe",
                      "Gebru",
                      "Sium",
                      "Weldemichael",
                      "Tsegay"}),
               0.5),
      {}};
  return pool;
}

const NamePool& Portuguese() {
  static const NamePool pool{"pt",
                             "Latin",
                             false,
                             NameList(Parse({"Maria",           "Ana",
                                             "Juliana",         "Camila",
                                             "Letícia|Leticia", "Fernanda",
                                             "Amanda",          "Bruna",
                                             "Jéssica|Jessica", "Mariana",
                                             "Gabriela",        "Larissa",
                                             "Aline",           "Patrícia|Patricia",
                                             "Vanessa",         "Beatriz",
                                             "Carolina",        "Daniela",
                                             "Raquel",          "Tatiane",
                                             "Priscila",        "Renata",
                                             "Luana",           "Natália|Natalia",
                                             "Thaís|Thais",     "Débora|Debora",
                                             "Rafaela"}),
                                      0.8),
                             NameList(Parse({"José|Jose", "João|Joao",      "Lucas",
                                             "Gabriel",   "Pedro",          "Carlos",
                                             "Paulo",     "Marcos",         "Rafael",
                                             "Felipe",    "Thiago|Tiago",   "Bruno",
                                             "Rodrigo",   "Matheus|Mateus", "Leonardo",
                                             "Gustavo",   "André|Andre",    "Diego",
                                             "Fernando",  "Eduardo",        "Vinícius|Vinicius",
                                             "Anderson"}),
                                      0.8),
                             NameList(Parse({"Silva|da Silva",
                                             "Santos|dos Santos",
                                             "Oliveira|de Oliveira",
                                             "Souza|Sousa",
                                             "Rodrigues",
                                             "Ferreira",
                                             "Alves",
                                             "Pereira",
                                             "Lima",
                                             "Gomes",
                                             "Costa",
                                             "Ribeiro",
                                             "Martins",
                                             "Carvalho",
                                             "Almeida",
                                             "Lopes",
                                             "Soares",
                                             "Fernandes",
                                             "Vieira",
                                             "Barbosa",
                                             "Rocha",
                                             "Dias",
                                             "Nascimento",
                                             "Andrade",
                                             "Moreira",
                                             "Nunes",
                                             "Marques",
                                             "Machado",
                                             "Mendes",
                                             "Freitas",
                                             "Cardoso",
                                             "Ramos",
                                             "Gonçalves|Goncalves",
                                             "Santana",
                                             "Teixeira",
                                             "Araújo|Araujo",
                                             "Moura",
                                             "Cavalcanti",
                                             "Monteiro",
                                             "Batista"}),
                                      0.8),
                             {}};
  return pool;
}

const NamePool& French() {
  static const NamePool pool{
      "fr",
      "Latin",
      false,
      NameList(Parse({"Marie",         "Léa|Lea",        "Camille",       "Manon",
                      "Chloé|Chloe",   "Sarah|Sara",     "Laura",         "Julie",
                      "Inès|Ines",     "Emma",           "Océane|Oceane", "Pauline",
                      "Marine",        "Mathilde",       "Clara",         "Lucie",
                      "Justine",       "Anaïs|Anais",    "Élodie|Elodie", "Mélanie|Melanie",
                      "Audrey",        "Charlotte",      "Émilie|Emilie", "Aurélie|Aurelie",
                      "Morgane",       "Margaux|Margot", "Jade",          "Louise",
                      "Céline|Celine", "Amandine",       "Lola",          "Nadia",
                      "Sabrina",       "Kelly",          "Jessica",       "Alicia",
                      "Maëva|Maeva"}),
               0.7),
      NameList(Parse({"Thomas",        "Nicolas",         "Julien",
                      "Kevin|Kévin",   "Maxime",          "Alexandre",
                      "Lucas",         "Théo|Theo",       "Hugo",
                      "Nathan",        "Antoine",         "Romain",
                      "Quentin",       "Florian",         "Anthony",
                      "Jérémy|Jeremy", "Mickaël|Mickael", "Sébastien|Sebastien",
                      "Guillaume",     "Clément|Clement", "Dylan",
                      "Mehdi",         "Karim",           "Yanis",
                      "Enzo",          "Baptiste",        "Loïc|Loic",
                      "Jordan"}),
               0.7),
      NameList(Parse({"Martin",
                      "Bernard",
                      "Thomas",
                      "Petit",
                      "Robert",
                      "Richard",
                      "Durand",
                      "Dubois",
                      "Moreau",
                      "Laurent",
                      "Simon",
                      "Michel",
                      "Lefèvre|Lefevre|Lefebvre",
                      "Leroy",
                      "Roux",
                      "David",
                      "Bertrand",
                      "Morel",
                      "Fournier",
                      "Girard",
                      "Bonnet",
                      "Dupont",
                      "Lambert",
                      "Fontaine",
                      "Rousseau",
                      "Vincent",
                      "Muller",
                      "Faure",
                      "André|Andre",
                      "Mercier",
                      "Blanc",
                      "Guérin|Guerin",
                      "Boyer",
                      "Garnier",
                      "Chevalier",
                      "François|Francois",
                      "Legrand",
                      "Gauthier",
                      "Garcia",
                      "Perrin",
                      "Robin",
                      "Clément|Clement",
                      "Morin",
                      "Nicolas",
                      "Henry",
                      "Roussel",
                      "Mathieu",
                      "Gautier",
                      "Masson",
                      "Marchand",
                      "Duval",
                      "Denis",
                      "Dumont",
                      "Marie",
                      "Lemaire",
                      "Noël|Noel",
                      "Meyer",
                      "Dufour",
                      "Meunier",
                      "Brun",
                      "Blanchard",
                      "Giraud",
                      "Joly",
                      "Rivière|Riviere",
                      "Lucas",
                      "Brunet",
                      "Gaillard",
                      "Barbier",
                      "Arnaud",
                      "Martinez",
                      "Gérard|Gerard",
                      "Roche",
                      "Renard",
                      "Schmitt",
                      "Roy",
                      "Leroux",
                      "Colin",
                      "Vidal",
                      "Caron",
                      "Picard",
                      "Roger",
                      "Fabre",
                      "Aubert",
                      "Lemoine",
                      "Renaud",
                      "Dumas",
                      "Lacroix",
                      "Olivier",
                      "Philippe",
                      "Bourgeois",
                      "Pierre",
                      "Benoît|Benoit",
                      "Rey",
                      "Leclerc",
                      "Payet",
                      "Rolland",
                      "Leclercq",
                      "Guillaume",
                      "Lecomte",
                      "Lopez"}),
               0.6),
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
  static const std::vector<std::string> names = {"mohammed ali",
                                                 "muhammad ali",
                                                 "mohamed ali",
                                                 "omar khaled",
                                                 "ivan petrov",
                                                 "li wei",
                                                 "wang fang",
                                                 "camille martin",
                                                 "hugo martin",
                                                 "lucas silva",
                                                 "joao silva",
                                                 "elena popescu",
                                                 "anna smirnova",
                                                 "ahmed hassan",
                                                 "mohamed salah",
                                                 "zinedine zidane",
                                                 "yulia tymoshenko",
                                                 "petro poroshenko",
                                                 "vladimir putin",
                                                 "thomas martin",
                                                 "vitaly klitschko",
                                                 "andriy shevchenko",
                                                 "oleksandr usyk",
                                                 "sergey bubka",
                                                 "maria sharapova",
                                                 "simona halep",
                                                 "gheorghe hagi",
                                                 "mihai eminescu",
                                                 "hristo stoichkov",
                                                 "wang wei",
                                                 "li na",
                                                 "yao ming",
                                                 "nguyen van thieu",
                                                 "anderson silva",
                                                 "ronaldo nazario",
                                                 "marta silva",
                                                 "mohamed morsi",
                                                 "nicolas sarkozy",
                                                 "francois hollande",
                                                 "kylian mbappe",
                                                 "tedros ghebreyesus",
                                                 "chinedu obi",
                                                 "emmanuel macron",
                                                 "marine lepen"};
  return names;
}

}  // namespace palermo::sample
