// SPDX-License-Identifier: AGPL-3.0-or-later
// Name pools, Africa and the Middle East: Nigerian, Eritrean (Ge'ez), Syrian, Egyptian, Moroccan.
//
// Nigerian names mix English given names with Edo, Yoruba, Igbo and Hausa ones; a second given
// name is common and is sometimes taken for the family name. Eritreans have no family name: a
// person is "given, father's given name, grandfather's given name", all drawn from the given
// pools, and Ethiopic compounds are written joined, spaced or abbreviated (Gebremedhin /
// Gebre Medhin / G/Medhin). Arabic names form chains (given, father, grandfather, family) whose
// family part carries an article (^al, ^el) written al-, Al, El or dropped; listed spellings
// follow local habit (Egyptian Gamal, Moroccan French-style Youssef, Abderrahim).
#include "realistic/names.h"

namespace palermo::realistic {
namespace {

constexpr const char* kNgaFemale = R"(
Blessing; Joy; Precious; Mercy; Faith; Favour=Favor; Gift; Patience; Grace; Peace; Esther; Mary;
Happiness; Success; Comfort; Juliet=Juliette; Glory; Princess; Miracle; Loveth; Osasere~Osas;
Osaretin~Osas; Eghosa; Efe; Ese; Ivie; Osayi; Itohan; Omosede; Ofure; Eseosa; Adesuwa~Suwa;
Iziegbe; Aisosa; Isoken; Funmilayo~Funmi; Oluwaseun~Seun; Adebisi~Bisi; Folake; Temitope~Tope;
Bukola~Bukky; Yetunde; Kehinde; Taiwo; Abosede; Omolara~Lara; Titilayo~Titi; Adeola; Damilola~Dami;
Chioma; Ngozi; Chinonso=Chinonson; Adaeze~Ada; Amarachi; Chiamaka~Amaka; Nkechi; Ifeoma~Ify;
Uchenna; Chinwe; Obiageli~Oby; Ogechi; Ebere; Chidinma; Aisha=Aishat; Fatima=Fatimah; Hauwa; Zainab)";

constexpr const char* kNgaMale = R"(
Emmanuel~Emma; Godwin; Friday; Sunday; Monday; Samuel~Sam; Daniel; David; John; Peter; Michael;
Joseph; Victor; Stanley; Kingsley; Prince; Lucky; Osaro; Osagie; Efosa; Osazee; Eghosa;
Osamudiamen~Osas; Nosa; Ehis; Osahon; Oluwaseun~Seun; Olumide~Mide; Adewale~Wale; Ayodele~Ayo;
Babatunde~Tunde; Olusegun~Segun; Oluwafemi~Femi; Adebayo~Bayo; Kayode; Chukwuemeka~Emeka;
Chinedu~Nedu; Obinna; Ikechukwu~Ike; Chibuike; Nnamdi; Kelechi; Ifeanyi; Onyekachi~Kachi;
Chijioke; Ibrahim; Musa; Abubakar; Sani; Aliyu; Usman=Usman/Othman; Yusuf=Yusuff; Innocent;
Collins; Felix; Godspower; Precious; Destiny; Justice)";

constexpr const char* kNgaFamily = R"(
Osagie=Osaghae; Omoregie=Omorogie; Igbinedion; Ehigiator; Idahosa=Idehosa; Iyamu; Aigbe; Ogbebor;
Osayande; Edosomwan; Osemwegie; Uwadiae; Omoruyi; Aghedo; Ekhator; Eweka; Igbinosa; Okafor;
Okonkwo; Eze=Ezeh; Nwankwo; Okeke; Okoro; Nwachukwu; Okoye; Chukwu; Obi; Onyeka; Nwosu; Ugwu;
Anyanwu; Adeyemi; Adebayo; Ogunleye; Olawale; Adeleke; Oladipo; Afolabi; Akinola; Ogunbiyi;
Balogun; Bakare; Ojo; Ibrahim; Bello; Musa; Abubakar; Mohammed=Muhammed; Yusuf; Usman; Edet;
Effiong; Bassey; Etim; Okon; Johnson; Williams; Peters; Samuel; Friday; Lawal; Adewale; Obasi;
Agbonlahor; Imasuen; Ogiemwonyi; Uyi; Aikhionbare; Osunde; Erhabor)";

constexpr const char* kEriFemale = R"(
ሰላም=Selam/Salam; ሳባ=Saba; ሄለን=Helen/Hellen; ሰናይት=Senait/Senayt; ሕይወት=Hiwet/Hewet/Hiwot;
ዮርዳኖስ=Yordanos/Jordanos; ራሄል=Rahel/Rachel; ኤደን=Eden; ፌቨን=Feven/Feben; ሩታ=Ruta/Ruth;
ዊንታ=Winta; ሊድያ=Lidya/Lydia; ጸጋ=Tsega/Sega; ኣበባ=Abeba; ሉዋም=Luwam/Lwam/Luam; ሚለን=Milen;
ምሕረት=Mihret/Meheret; ፍረወይኒ=Freweini/Frewoini; ናርዶስ=Nardos; ክሳነት=Ksanet/Kisanet;
ሰምሃር=Semhar; ትርሓስ=Tirhas/Terhas; ኤልሳ=Elsa; ኣዚብ=Azieb/Aziab; ሜሮን=Meron; ኣልማዝ=Almaz;
ኣኽበረት=Akberet; ለተብርሃን=Letebrhan/Lete Berhan; ሳራ=Sara/Sarah; ሓና=Hanna/Hana;
ዮሃና=Yohana/Johanna; ብስራት=Bisrat; ስምረት=Simret/Semret; ጽዮን=Tsion/Zion; ወጋሕታ=Wegahta;
ሰላማዊት=Selamawit; ኣስቴር=Aster/Esther; ቢለን=Bilen/Billen; ሙና=Muna; ሮዛ=Rosa/Roza)";

constexpr const char* kEriMale = R"(
ተስፋይ=Tesfay/Tesfaye/Tesfai; ዮናስ=Yonas/Jonas; ዮሃንስ=Yohannes/Yohanes/Johannes;
ሰመረ=Semere/Semre; ብርሃነ=Berhane/Birhane/Brhane; ኪዳነ=Kidane; ተኽለ=Tekle/Tecle;
ሃይለ=Haile/Hayle; ገብረመድህን=Gebremedhin/Ghebremedhin/Gebre Medhin/G:Medhin;
መሓሪ=Mehari/Mahari; ሃብተ=Habte/Hapte; ሙሉጌታ=Mulugeta; ኣማኑኤል=Amanuel/Emmanuel;
ፊልሞን=Filmon/Filimon; ሳሙኤል=Samuel; ዳኒኤል=Daniel; የማነ=Yemane/Yamane; ተወልደ=Tewelde/Tewolde;
ክብሮም=Kibrom/Kbrom; ሙሴ=Mussie/Musie/Muse; ሄኖክ=Henok/Enoch; ሮቤል=Robel; ኣብርሃም=Abraham/Abrham;
ኤፍሬም=Efrem/Ephrem; መርሃዊ=Merhawi; ኤርምያስ=Ermias/Ermiyas; ጎይቶም=Goitom/Goytom;
ሚካኤል=Michael/Mikael; ጸጋይ=Tsegay/Tsegai/Tsegaye; ወልዱ=Weldu/Woldu;
ወልደማርያም=Woldemariam/Weldemariam/Wolde Mariam/W:Mariam; ገብረየሱስ=Gebreyesus/Ghebreyesus/G:Yesus;
ኣስመሮም=Asmerom; ግርማይ=Ghirmay/Girmay/Girmai; ሃብቶም=Habtom; ዳዊት=Dawit/David;
ቢንያም=Biniam/Biniyam/Binyam; ዑቕባይ=Okbay/Ukbay/Okubay; ፍጹም=Fitsum/Fitzum; ሓጎስ=Hagos;
ነጋሲ=Negassi/Negasi; ዘርኣይ=Zerai/Zeray; ኣራያ=Araya; በረከት=Bereket; እዮብ=Eyob/Iyob;
መድሃኔ=Medhanie/Medhane; ስዩም=Sium/Seyoum; ናሆም=Nahom; ተስፋማርያም=Tesfamariam/Tesfa Mariam;
ገብረሕይወት=Gebrehiwet/Ghebrehiwet/G:Hiwet; ተኽለሃይማኖት=Teklehaimanot/Tekle Haimanot;
ኣንደማርያም=Andemariam; ኪፍሎም=Kiflom; ዮሴፍ=Yosief/Yosef; ሳምሶን=Samson)";

constexpr const char* kMashriqFemale = R"(
فاطمة=Fatima/Fatma/Fatemah; مريم=Mariam/Maryam/Meriam; زينب=Zeinab/Zainab; عائشة=Aisha/Aicha/Aysha;
نور=Nour/Noor; سارة=Sara/Sarah; هدى=Hoda/Huda; رنا=Rana; ريم=Reem/Rim; لينا=Lina/Leena;
دعاء=Doaa/Duaa; آمنة=Amina/Amna; خديجة=Khadija/Khadiga; ياسمين=Yasmin/Yasmine/Jasmin; منى=Mona/Muna;
سلمى=Salma/Selma; هبة=Heba/Hiba; إيمان=Eman/Iman; أسماء=Asmaa/Asma; رشا=Rasha; لمى=Lama;
جميلة=Jamila/Gamila; سعاد=Souad/Suad; نادية=Nadia; سمر=Samar; دينا=Dina; هناء=Hanaa/Hana;
نهى=Noha/Nuha; شيماء=Shaimaa/Shaima; مروة=Marwa; إسراء=Esraa/Israa; سناء=Sanaa/Sana; غادة=Ghada;
رغد=Raghad; حليمة=Halima; وفاء=Wafaa/Wafa; رانيا=Rania; ولاء=Walaa; بشرى=Bushra; رهف=Rahaf;
ليلى=Layla/Leila; هالة=Hala; نسرين=Nisreen/Nesrine; عبير=Abeer/Abir; رحاب=Rehab/Rihab; آية=Aya)";

constexpr const char* kMashriqMale = R"(
محمد=Mohamed/Mohammed/Muhammad/Mohammad/Mohamad*12; أحمد=Ahmed/Ahmad*6; محمود=Mahmoud/Mahmud*3;
علي=Ali/Aly*3; حسن=Hassan/Hasan*2.5; حسين=Hussein/Hussain/Hossein; عمر=Omar/Umar; خالد=Khaled/Khalid;
يوسف=Youssef/Yousef/Yusuf; إبراهيم=Ibrahim/Ebrahim; مصطفى=Mostafa/Mustafa/Moustafa;
عبد الله=Abdullah/Abdallah/Abd Allah; عبد الرحمن=Abdelrahman/Abdulrahman/Abdel Rahman/Abd El Rahman;
سامي=Sami/Samy; طارق=Tarek/Tareq/Tariq; وليد=Walid/Waleed; كريم=Karim/Kareem; ياسر=Yasser/Yasir;
هاني=Hani/Hany; عماد=Emad/Imad; رامي=Rami/Ramy; بلال=Bilal/Belal; حمزة=Hamza; أنس=Anas;
مازن=Mazen/Mazin; فادي=Fadi/Fady; باسل=Basel/Bassel; سعيد=Said/Saeed; جمال=Gamal/Jamal;
ماهر=Maher; نبيل=Nabil/Nabeel; عادل=Adel/Adil; أيمن=Ayman/Aymen; أسامة=Osama/Usama;
زياد=Ziad/Ziyad; شادي=Shadi/Shady; عمرو=Amr/Amro; إسلام=Islam/Eslam; شريف=Sherif/Sharif;
هشام=Hisham/Hesham; عبد العزيز=Abdelaziz/Abdulaziz/Abdel Aziz; صالح=Saleh/Salih; منصور=Mansour;
فراس=Firas/Feras; غسان=Ghassan; رضا=Reda/Rida; عمار=Ammar; حازم=Hazem/Hazim; قاسم=Kassem/Qasim;
سليمان=Suleiman/Soliman; إسماعيل=Ismail/Esmail; موسى=Moussa/Musa; عيسى=Issa/Eissa;
ناصر=Nasser/Naser; مروان=Marwan; عبد الرحيم=Abdelrahim/Abdulrahim; رجب=Ragab/Rajab; سيد=Sayed/Sayyid)";

constexpr const char* kSyrFamily = R"(
الأحمد^al=Ahmad/Ahmed; الخطيب^al=Khatib/Khateeb; الحلبي^al=Halabi; المصري^al=Masri; الشامي^al=Shami;
حداد=Haddad; خوري=Khoury/Khouri; العلي^al=Ali; الحسين^al=Hussein/Hussain; السيد^al=Sayed/Sayyed;
النجار^al=Najjar/Najar; العمر^al=Omar; الزعبي^al=Zoubi/Zubi; الأسعد^al=Assaad/Asaad;
العبدالله^al=Abdullah/Abdallah; الشيخ^al=Sheikh/Cheikh; درويش=Darwish/Darwich; قاسم=Kassem/Qassem;
حمود=Hammoud/Hamoud; الحمصي^al=Homsi; الحموي^al=Hamwi/Hamawi; الإدلبي^al=Idlibi; الحسن^al=Hassan/Hasan;
المحمد^al=Mohammad/Mohamad; الجاسم^al=Jassem/Jasim; العثمان^al=Othman/Osman; الخليل^al=Khalil;
الحاج^al=Hajj/Haj; الرفاعي^al=Rifai/Refai; الكردي^al=Kurdi; الشعار^al=Shaar/Chaar; عيسى=Issa;
سليمان=Suleiman/Sleiman; يوسف=Youssef/Yousef; منصور=Mansour; عبود=Abboud/Aboud; داود=Daoud/Dawood;
مراد=Mourad/Murad; حمدان=Hamdan; البكور^al=Bakour; الدرويش^al=Darwish; الموسى^al=Mousa/Moussa)";

constexpr const char* kEgyFamily = R"(
السيد^el=Sayed/Sayyid; إبراهيم=Ibrahim; حسن=Hassan; محمود=Mahmoud; عبد الرحمن=Abdelrahman/Abdel Rahman;
عبد العزيز=Abdelaziz/Abdel Aziz; مصطفى=Mostafa/Moustafa; سالم=Salem; فتحي=Fathy/Fathi;
جمعة=Gomaa/Gumaa/Jumaa; رجب=Ragab; عاشور=Ashour; شحاتة=Shehata/Shahata; فاروق=Farouk/Farouq;
سليمان=Soliman/Suleiman; إسماعيل=Ismail/Esmail; يوسف=Youssef/Yousef; عبد الله=Abdallah/Abdullah;
منصور=Mansour; سعد=Saad; حمدي=Hamdy/Hamdi; فوزي=Fawzy/Fawzi; رمضان=Ramadan; خليل=Khalil; علي=Ali/Aly;
عثمان=Osman/Othman; عبد الحميد=Abdelhamid/Abdel Hamid; عبد المنعم=Abdelmoneim/Abdel Moneim;
الشافعي^el=Shafei/Shafie; المصري^el=Masry/Masri; النجار^el=Naggar/Najjar; عوض=Awad; بدوي=Badawi/Badawy;
صبري=Sabry/Sabri; زكي=Zaki/Zaky; نصار=Nassar; غريب=Gharib/Ghareeb; الشربيني^el=Sherbini/Sherbiny;
حنفي=Hanafy/Hanafi; حجازي=Hegazy/Hijazi; متولي=Metwally/Metwali; عبده=Abdo/Abdou; جاد=Gad/Jad)";

constexpr const char* kMarFemale = R"(
فاطمة=Fatima/Fatma; فاطمة الزهراء=Fatima Zahra/Fatima-Zahra/Fatimazahra/Fatim Zahra~Zahra;
خديجة=Khadija/Khadidja; مريم=Meryem/Maryam/Meriem; سعاد=Souad; نادية=Nadia; حليمة=Halima;
نجاة=Najat; لطيفة=Latifa; سكينة=Soukaina/Sakina; كوثر=Kaoutar/Kawtar; وفاء=Wafae/Wafaa; سناء=Sanae;
هدى=Houda; إيمان=Imane/Iman; أسماء=Asmae/Asmaa; نوال=Naoual/Nawal; رشيدة=Rachida; زينب=Zineb;
سلمى=Salma; ياسمين=Yasmine; هاجر=Hajar/Hajer; سارة=Sara; عائشة=Aicha/Aïcha; مليكة=Malika;
نعيمة=Naima/Naïma; ربيعة=Rabia; حنان=Hanane/Hanan; لبنى=Loubna; إكرام=Ikram; شيماء=Chaimae/Chaima;
غزلان=Ghizlane; ابتسام=Ibtissam; سميرة=Samira; مونية=Mounia; دنيا=Dounia; ليلى=Leila/Laila;
نورة=Noura; فتيحة=Fatiha; سهام=Siham; بشرى=Bouchra; خولة=Khaoula; أميمة=Oumaima; صفاء=Safae)";

constexpr const char* kMarMale = R"(
محمد=Mohamed/Mohammed/Mhamed*10; يوسف=Youssef/Youssouf/Yousef*3; أحمد=Ahmed*3;
عبد الله=Abdellah/Abdallah; حمزة=Hamza; ياسين=Yassine/Yassin; أيوب=Ayoub; مهدي=Mehdi/Mahdi;
إسماعيل=Ismail/Smail; عمر=Omar; خالد=Khalid/Khaled; رشيد=Rachid/Rashid; هشام=Hicham;
مصطفى=Mustapha/Moustapha/Mostafa; عبد الرحيم=Abderrahim/Abdurrahim; عبد الإله=Abdelilah;
سعيد=Said/Saïd; إبراهيم=Brahim/Ibrahim; الحسن=Lahcen/Hassan; الحسين=Lhoussaine/Houcine;
نبيل=Nabil; كريم=Karim; بلال=Bilal; أنس=Anass/Anas; زكرياء=Zakaria/Zakariya; إلياس=Ilyas/Ilias;
عادل=Adil/Adel; عزيز=Aziz; محسن=Mohcine/Mohsine; نور الدين=Noureddine/Nour Eddine;
عبد الصمد=Abdessamad; سفيان=Soufiane/Sofiane; أسامة=Oussama; طارق=Tarik/Tarek; جواد=Jawad/Jaouad;
مراد=Mourad; رضوان=Redouane/Ridouane; عثمان=Othmane/Otmane; إدريس=Driss/Idriss;
عبد الكريم=Abdelkrim/Abdelkarim; العربي=Larbi; عبد العالي=Abdelali; المصطفى=Elmostafa; بوشعيب=Bouchaib)";

constexpr const char* kMarFamily = R"(
العمراني^el=Amrani/Lamrani; بناني=Bennani; العلوي^el=Alaoui; الإدريسي^el=Idrissi/Drissi; التازي=Tazi;
برادة=Berrada; الشرايبي=Chraibi; الفاسي^el=Fassi; بنجلون=Benjelloun/Ben Jelloun; بنعلي=Benali/Ben Ali;
بوزيد=Bouzid; بلحاج=Belhaj/Belhadj/Bel Haj; المنصوري^el=Mansouri; لحلو=Lahlou; الكتاني^el=Kettani;
الناصري^el=Naciri/Ennaciri; الزياني^el=Ziani; الحجي^el=Hajji; بنموسى=Benmoussa/Ben Moussa;
الوزاني^el=Ouazzani/Wazzani; البقالي^el=Bakkali; الشرقاوي^el=Cherkaoui; الفيلالي^el=Filali;
الطاهري^el=Tahiri/Ettahiri; الداودي^el=Daoudi/Eddaoudi; السعيدي^el=Saidi/Essaidi; الناجي^el=Naji/Ennaji;
آيت علي=Ait Ali/Aït Ali; آيت سعيد=Ait Said/Aït Saïd; أوحدو=Ouhaddou; أمزيان=Amziane/Amezian;
بوعزة=Bouazza; زروال=Zeroual; الرحموني^el=Rahmouni; الإسماعيلي^el=Ismaili; المرابط^el=Mrabet/Merabet;
العطار^el=Attar; الخياطي^el=Khayati; بنعبد الله=Benabdellah/Ben Abdellah; بنسعيد=Bensaid/Ben Said;
اليوسفي^el=Youssfi; الحمداوي^el=Hamdaoui; الكبير^el=Kebir; بوطيب=Boutaib; الصغير^el=Seghir/Sghir)";

Culture MakeArabic(const char* alpha3, const char* female, const char* male, const char* family) {
  Culture c;
  c.alpha3 = alpha3;
  c.script = Script::kArabic;
  c.style = NameStyle::kArabic;
  ParseRules r;
  r.script = Script::kArabic;
  c.female = ParseNames(female, r);
  c.male = ParseNames(male, r);
  r.zipf = 0.8;
  c.family = ParseNames(family, r);
  return c;
}

}  // namespace

void AddAfricaMideastCultures(std::vector<Culture>& out) {
  {
    Culture c;
    c.alpha3 = "NGA";
    c.style = NameStyle::kNigerian;
    ParseRules r;
    r.zipf = 0.9;
    c.female = ParseNames(kNgaFemale, r);
    c.male = ParseNames(kNgaMale, r);
    r.zipf = 0.8;
    c.family = ParseNames(kNgaFamily, r);
    c.second_given = 0.55;
    c.birthday_unknown = 0.12;
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "ERI";
    c.script = Script::kEthiopic;
    c.style = NameStyle::kEritrean;
    ParseRules r;
    r.script = Script::kEthiopic;
    r.zipf = 0.9;
    c.female = ParseNames(kEriFemale, r);
    c.male = ParseNames(kEriMale, r);
    c.birthday_unknown = 0.35;
    out.push_back(std::move(c));
  }
  {
    Culture c = MakeArabic("SYR", kMashriqFemale, kMashriqMale, kSyrFamily);
    c.birthday_unknown = 0.08;
    out.push_back(std::move(c));
  }
  {
    Culture c = MakeArabic("EGY", kMashriqFemale, kMashriqMale, kEgyFamily);
    c.birthday_unknown = 0.05;
    out.push_back(std::move(c));
  }
  {
    Culture c = MakeArabic("MAR", kMarFemale, kMarMale, kMarFamily);
    c.birthday_unknown = 0.06;
    out.push_back(std::move(c));
  }
}

}  // namespace palermo::realistic
