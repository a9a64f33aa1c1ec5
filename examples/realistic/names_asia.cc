// SPDX-License-Identifier: AGPL-3.0-or-later
// Name pools, Asia: Vietnamese, Chinese (Han), Thai, Filipino, Bangladeshi (Bengali script).
//
// Vietnamese family names are weighted as in national surveys (Nguyễn about a third, then Trần,
// Lê, Phạm); middle names (Thị for most women, Văn for many men) sit between family and given
// name. Chinese family names are weighted as in the 2019 public security ranking (Wang, Li,
// Zhang ~7 % each); pinyin given names are written joined, spaced or hyphenated (Xiu-ying);
// older or Cantonese spellings (Chan, Wong, Lee) are listed second. Thai names carry the Royal
// Thai General System spelling and the informal ones in passports; Thai people are mostly
// called by a nickname (chue len) that has nothing to do with their given name. Filipino middle
// names are the mother's family name; Bangladeshi men often carry Md. (Mohammad) and women
// Mst. (Mosammat) before the given name, and women's "family" names are Akter, Begum, Khatun.
#include "realistic/names.h"

namespace palermo::realistic {
namespace {

constexpr const char* kVnmFamily = R"(
Nguyễn*38; Trần*11; Lê*9.5; Phạm*7; Hoàng*5; Huỳnh*2; Phan*4.5; Vũ*3.9; Võ*2; Đặng*2.1; Bùi*2;
Đỗ*1.4; Hồ*1.3; Ngô*1.3; Dương*1; Lý*0.5; Đinh*0.5; Đào*0.4; Trương*0.4; Lương*0.3; Mai*0.3;
Lâm*0.3; Tạ*0.2; Cao*0.2; Tô*0.2; Hà*0.2; Đoàn*0.2; Trịnh*0.2; Quách*0.1; Kiều*0.1; Thái*0.1;
Châu*0.1; Vương*0.1; Triệu*0.1; Lưu*0.1; Chu*0.1; La*0.05; Tăng*0.05)";

constexpr const char* kVnmMiddleFemale = R"(
Thị*70; Ngọc*6; Thu*4; Thanh*4; Kim*3; Minh*2; Hồng*2; Mỹ*2; Bích*1.5; Phương*1.5; Hoài*1; Thúy*1)";

constexpr const char* kVnmMiddleMale = R"(
Văn*50; Đức*8; Minh*8; Hữu*6; Quang*5; Thanh*5; Công*4; Xuân*3; Ngọc*3; Quốc*3; Anh*2; Tiến*2;
Trọng*2; Đình*2)";

constexpr const char* kVnmFemale = R"(
Hương; Lan; Linh; Trang; Hà; Thảo; Mai; Ngọc; Anh; Hằng; Hoa; Nhung; Yến; Thủy=Thuý; Phương;
Hạnh; Nga; Vân; Loan; Hồng; Thu; Hiền; Huyền; Dung; Quỳnh; Nhi; Oanh; Tuyết; Liên; Trinh; Giang;
Chi; Ly; Vy=Vi; Uyên; Thư; Ngân; Diệu; Châu; Tâm; My; Xuân; Hải; Diễm; Kiều; Thơ; Thắm; Nhàn; Lệ;
Duyên)";

constexpr const char* kVnmMale = R"(
Hùng; Dũng; Tuấn; Minh; Nam; Hải; Long; Thắng; Cường; Quân; Hiếu; Đức; Sơn; Tùng; Thành; Trung;
Hoàng; Phong; Khánh; Tú; Việt; Bình; Huy; Vinh; Hưng; Quang; Thịnh; Toàn; Lâm; Tiến; Phúc; Đạt;
Kiên; An; Hậu; Tâm; Tài; Khoa; Nhân; Hòa; Thái; Trí; Hiệp; Tân; Bảo; Duy; Lộc; Phát; Tín; Vũ)";

constexpr const char* kChnFamily = R"(
王=Wang/Wong*7.1; 李=Li/Lee*7; 张=Zhang/Chang*6.7; 刘=Liu/Lau*5.4; 陈=Chen/Chan*4.5; 杨=Yang*3.1;
黄=Huang/Wong*2.2; 赵=Zhao*2; 吴=Wu/Ng*1.9; 周=Zhou/Chow*1.9; 徐=Xu*1.3; 孙=Sun*1.3; 马=Ma*1.2;
朱=Zhu*1.2; 胡=Hu*1.1; 郭=Guo*1.1; 何=He*1; 林=Lin/Lam*1; 高=Gao*0.9; 罗=Luo*0.9;
郑=Zheng/Cheng*0.9; 梁=Liang*0.8; 谢=Xie*0.7; 宋=Song*0.6; 唐=Tang*0.6; 许=Xu*0.6; 韩=Han*0.5;
冯=Feng*0.5; 邓=Deng*0.5; 曹=Cao*0.5; 彭=Peng*0.5; 曾=Zeng*0.5; 肖=Xiao*0.5; 田=Tian*0.4;
董=Dong*0.4; 袁=Yuan*0.4; 潘=Pan*0.4; 于=Yu*0.4; 蒋=Jiang*0.4; 蔡=Cai*0.4; 余=Yu*0.3; 杜=Du*0.3;
叶=Ye*0.3; 程=Cheng*0.3; 苏=Su*0.3; 魏=Wei*0.3; 吕=Lyu/Lu/Lv*0.3; 丁=Ding*0.3; 任=Ren*0.3;
沈=Shen*0.3; 姚=Yao*0.3; 卢=Lu*0.3; 姜=Jiang*0.3; 崔=Cui*0.2; 钟=Zhong*0.2; 谭=Tan*0.2; 陆=Lu*0.2;
汪=Wang*0.2; 范=Fan*0.2; 金=Jin*0.2; 石=Shi*0.2; 廖=Liao*0.2; 贾=Jia*0.2; 夏=Xia*0.2; 韦=Wei*0.2;
付=Fu*0.2; 方=Fang*0.2; 白=Bai*0.2; 邹=Zou*0.2; 孟=Meng*0.2; 熊=Xiong*0.2; 秦=Qin*0.2; 邱=Qiu*0.2;
江=Jiang*0.2; 尹=Yin*0.1; 薛=Xue*0.1; 闫=Yan*0.1; 段=Duan*0.1; 雷=Lei*0.1; 侯=Hou*0.1;
龙=Long*0.1; 史=Shi*0.1; 陶=Tao*0.1; 黎=Li*0.1; 贺=He*0.1; 顾=Gu*0.1; 郝=Hao*0.1; 龚=Gong*0.1;
邵=Shao*0.1; 万=Wan*0.1; 钱=Qian*0.1; 严=Yan*0.1)";

constexpr const char* kChnFemale = R"(
秀英=Xiu-ying; 桂英=Gui-ying; 秀兰=Xiu-lan; 玉兰=Yu-lan; 桂兰=Gui-lan; 秀珍=Xiu-zhen; 凤英=Feng-ying;
玉珍=Yu-zhen; 玉英=Yu-ying; 丽=Li~Lily; 丽娟=Li-juan; 艳=Yan; 敏=Min; 静=Jing; 婷=Ting; 芳=Fang;
娜=Na~Nana; 丽华=Li-hua; 红=Hong; 霞=Xia; 燕=Yan; 玲=Ling; 梅=Mei~May; 雪=Xue; 晶=Jing; 莉=Li;
慧=Hui; 颖=Ying; 倩=Qian; 佳=Jia; 欣=Xin; 怡=Yi; 雅=Ya; 琳=Lin; 萍=Ping; 海燕=Hai-yan;
春梅=Chun-mei; 小红=Xiao-hong; 晓燕=Xiao-yan~Coco; 美玲=Mei-ling~May; 淑珍=Shu-zhen; 亚楠=Ya-nan;
思雨=Si-yu; 雨涵=Yu-han; 欣怡=Xin-yi~Cindy; 梓涵=Zi-han; 诗涵=Shi-han; 金凤=Jin-feng; 秀梅=Xiu-mei;
丽丽=Li-li~Lily; 晓丽=Xiao-li; 小燕=Xiao-yan; 美华=Mei-hua; 月=Yue)";

constexpr const char* kChnMale = R"(
伟=Wei; 强=Qiang; 磊=Lei; 军=Jun; 勇=Yong; 杰=Jie; 涛=Tao; 明=Ming; 超=Chao; 刚=Gang; 平=Ping;
辉=Hui; 鹏=Peng; 华=Hua; 飞=Fei; 鑫=Xin; 波=Bo; 斌=Bin; 宇=Yu; 浩=Hao; 凯=Kai~Kevin;
建华=Jian-hua; 建国=Jian-guo; 建军=Jian-jun; 志强=Zhi-qiang; 志明=Zhi-ming; 永强=Yong-qiang;
海波=Hai-bo; 俊杰=Jun-jie; 子轩=Zi-xuan; 浩然=Hao-ran; 宇航=Yu-hang; 文博=Wen-bo; 晓东=Xiao-dong;
国强=Guo-qiang; 家豪=Jia-hao; 天宇=Tian-yu; 嘉伟=Jia-wei; 鹏飞=Peng-fei; 春生=Chun-sheng;
文杰=Wen-jie; 明辉=Ming-hui; 金龙=Jin-long; 海涛=Hai-tao; 国华=Guo-hua; 志伟=Zhi-wei;
建平=Jian-ping; 东=Dong; 亮=Liang; 林=Lin)";

constexpr const char* kThaFemale = R"(
สมศรี=Somsri/Somsee; มาลี=Malee/Mali; สุดา=Suda; วันดี=Wandee/Wandi; นภา=Napha/Napa;
พรทิพย์=Pornthip/Porntip/Phonthip; กาญจนา=Kanchana/Kanjana; สุภาพร=Supaporn/Suphaphon;
รัตนา=Rattana/Ratana; อรุณี=Arunee/Aruni; ประภา=Prapha/Prapa; จันทร์เพ็ญ=Chanpen/Janpen;
ศิริพร=Siriporn/Siriphon; นิตยา=Nittaya/Nitaya; วิไลวรรณ=Wilaiwan/Vilaiwan; สมใจ=Somjai/Somchai;
บุญมี=Boonmee/Bunmi; ทองใบ=Thongbai/Tongbai; ลำดวน=Lamduan; อัมพร=Amporn/Amphon;
เพ็ญศรี=Pensri/Phensi; ดวงใจ=Duangjai/Duangchai; ปราณี=Pranee/Prani; ยุพิน=Yupin/Yuphin;
จิราพร=Jiraporn/Chiraphon; อรอุมา=Onuma/Orn-uma; ปิยะนุช=Piyanuch/Piyanut; ชนิดา=Chanida;
กัญญา=Kanya; ธิดารัตน์=Thidarat/Tidarat; พัชรี=Patcharee/Phatchari; ณัฐธิดา=Natthida/Nattida;
สุนันทา=Sunantha/Sunanta; เยาวลักษณ์=Yaowalak/Yaowaluck; อำไพ=Ampai/Amphai; สมหญิง=Somying;
บัวผัน=Buaphan/Buapan; นงลักษณ์=Nongluck/Nonglak; วาสนา=Wassana/Watsana; สุกัญญา=Sukanya;
ศรีสุดา=Srisuda/Sisuda; เพ็ญนภา=Pennapa/Phennapha; อุไรวรรณ=Uraiwan; รุ่งนภา=Rungnapa/Rungnapha;
จุฑามาศ=Juthamas/Chuthamat; ปัทมา=Pattama/Phatthama; ลัดดา=Ladda; ทิพวรรณ=Tippawan/Thipphawan;
สมพร=Somporn/Somphon)";

constexpr const char* kThaMale = R"(
สมชาย=Somchai/Somchay; สมศักดิ์=Somsak/Somsack; สมพงษ์=Sompong/Somphong; ประเสริฐ=Prasert/Prasoet;
สุรชัย=Surachai/Surachay; วิชัย=Wichai/Vichai; อนันต์=Anan/Anant; ชัยวัฒน์=Chaiwat/Chaiwut;
บุญชัย=Boonchai/Bunchai; สมบัติ=Sombat/Sombut; ณรงค์=Narong; สมบูรณ์=Somboon/Sombun;
ธนากร=Thanakorn/Tanakorn/Thanakon; วีระ=Weera/Veera/Wira; สุทธิพงษ์=Suttipong/Sutthiphong;
เกรียงไกร=Kriangkrai/Kriengkrai; ชาตรี=Chatri/Chatree; อภิชาติ=Apichat/Aphichat;
ไพโรจน์=Pairoj/Phairot; สุชาติ=Suchat/Suchart; มานพ=Manop/Manob; กิตติ=Kitti; พิชิต=Pichit/Phichit;
ศักดิ์ชัย=Sakchai; ยุทธนา=Yuttana/Yutthana; อำนาจ=Amnat/Amnaj; สุริยา=Suriya; เอกชัย=Ekkachai/Ekachai;
ธีระ=Teera/Thira; จักรพันธ์=Jakkapan/Chakkaphan; วัชระ=Watchara/Wachara; ประยูร=Prayoon/Prayun;
สมหมาย=Sommai/Sommay; บุญเลิศ=Boonlert/Bunloet; ทองสุข=Thongsuk/Tongsuk; สุเมธ=Sumet/Sumeth;
อนุชา=Anucha; ชัยยา=Chaiya; ธนพล=Thanaphon/Tanapol; ปรีชา=Preecha/Pricha; สายัณห์=Sayan;
วิโรจน์=Wiroj/Virot; ณัฐพล=Nattapon/Natthaphon; เสกสรร=Seksan; พงศกร=Pongsakorn/Phongsakon)";

constexpr const char* kThaFamily = R"(
ใจดี=Jaidee/Chaidee/Jaidi; ศรีสุข=Srisuk/Sisuk; แสงทอง=Saengthong/Sangthong/Saengtong;
บุญมา=Boonma/Bunma; ทองดี=Thongdee/Tongdee/Thongdi; สุขสวัสดิ์=Suksawat/Suksawad;
วงศ์สวัสดิ์=Wongsawat/Vongsawat; แก้วมณี=Kaewmanee/Kaeomani; ศรีวงศ์=Sriwong/Siwong;
พรหมมา=Promma/Phromma; บุญเรือง=Boonruang/Bunrueang; จันทร์แก้ว=Jankaew/Chankaeo;
ศรีสวัสดิ์=Srisawat/Sisawat; ทองคำ=Thongkham/Tongkham; มณีวงศ์=Maneewong/Maniwong;
สายทอง=Saithong/Saitong; ปัญญาดี=Panyadee/Panyadi; อินทร์แก้ว=Inkaew/Inkaeo;
คำแก้ว=Khamkaew/Kamkaew; พิมพ์ทอง=Pimthong/Phimthong; บุญยืน=Boonyuen/Bunyuen; ชัยชนะ=Chaichana;
รักษาศรี=Raksasri/Raksasi; ทองมา=Thongma/Tongma; เพชรรัตน์=Petcharat/Phetcharat;
กองแก้ว=Kongkaew/Kongkaeo; นาคสุข=Naksuk; ศรีบุญ=Sriboon/Sibun; อ่อนศรี=Onsri/Onsi;
สุวรรณรัตน์=Suwannarat/Suwanarat; ประเสริฐสุข=Prasertsuk/Prasoetsuk; เจริญสุข=Charoensuk/Jaroensuk;
มั่นคง=Mankong/Munkong; พันธุ์ดี=Pandee/Phandi; วงศ์ใหญ่=Wongyai/Vongyai;
ทองประเสริฐ=Thongprasert/Tongprasert; แสงจันทร์=Saengchan/Sangjan; ศรีเมือง=Srimuang/Simueang;
บุญประเสริฐ=Boonprasert/Bunprasoet; รุ่งเรือง=Rungruang/Rungrueang; ยอดดี=Yoddee/Yotdi;
หอมจันทร์=Homchan/Homjan; ดวงดี=Duangdee/Duangdi; คงสุข=Kongsuk/Khongsuk; บุญส่ง=Boonsong/Bunsong;
ทองอยู่=Thongyoo/Tongyu; มีสุข=Meesuk/Misuk; ชัยมงคล=Chaimongkol/Chaimongkhon;
นิลสุวรรณ=Ninsuwan/Nilsuwan; บุญทอง=Boonthong/Bunthong)";

constexpr const char* kThaNicknames = R"(
น้อย=Noi; เล็ก=Lek; นก=Nok; พลอย=Ploy; ฝน=Fon; จอย=Joy; แนน=Nan; อ้อม=Aom/Om; พิม=Pim; บี=Bee;
หนิง=Ning; ตุ๊ก=Tuk; แอน=Ann; เจี๊ยบ=Jiab; ปุ๊ก=Puk; ต่าย=Tai; แดง=Daeng/Dang; ดำ=Dam; ต้อม=Tom;
บอย=Boy; เอ=Ae; ต้น=Ton; เก่ง=Keng; อ๊อฟ=Off; โอ๊ต=Oat; นุ่น=Noon/Nun; ส้ม=Som; แป้ง=Pang;
มด=Mod; กุ้ง=Kung; ปลา=Pla; หมู=Moo; ฟ้า=Fah/Fa; แพร=Prae; มิ้นท์=Mint; เมย์=May; ปู=Poo; ตาล=Tarn)";

constexpr const char* kPhlFemale = R"(
Maria~Ma./Mia; Mary Grace~Grace; Mary Joy~Joy; Maria Cristina~Ma. Cristina/Tina; Maricel=Marisel;
Marites=Maritess~Tess; Rowena; Lorna; Jocelyn=Joselyn; Marilyn=Merlyn; Rosalie; Analyn=Annalyn;
Jennifer~Jen; Michelle; Kristine=Christine~Tin; Angelica~Gel; Jessa; Lea=Leah; Rhea=Rea; Mylene;
Girlie; Cherry~Che; Arlene=Arlyn; Evelyn; Gemma=Jemma; Liza=Lisa; Janet=Jeanette; Maribel;
Rosemarie=Rose Marie~Rose; Lovely; Princess; Angel; Aileen=Eileen; Sheila=Shiela; Jonalyn; Mae=May;
Maria Theresa=Ma. Theresa/Maria Teresa~Tess; Divina; Cecilia~Cecil; Josephine~Jo; Catherine=Katherine~Cathy;
Ruby; Precious; Joy; Charmaine; Kimberly~Kim)";

constexpr const char* kPhlMale = R"(
Jose~Joey/Pepe; Juan~Jun; John Paul=Jhon Paul~JP; John=Jhon/Jon; Mark=Marc; Michael=Micheal~Mike;
Jomar; Ronaldo=Ronald~Ron; Rodel; Rommel=Romel; Reynaldo=Reinaldo~Rey; Ariel; Arnel; Jerome;
Romeo~Romy; Eduardo~Eddie; Ricardo~Carding; Roberto~Bobby/Bert; Antonio~Tony; Manuel~Manny; Noel;
Jayson=Jason; Christian~Ian; Ramil; Rolando~Lando; Edwin; Jeffrey=Jeffry~Jeff; Dennis=Denis;
Alvin; Marlon; Randy; Rogelio~Roger; Ernesto~Ernie; Danilo~Danny; Fernando~Nando;
Benjamin~Benjie; Joel; Gilbert~Gil; Allan=Alan; Rey; Jericho; Raymond~Mon; Arnold)";

constexpr const char* kPhlFamily = R"(
Santos*4; Reyes*4; Cruz*3.5; Bautista*3; Ocampo*2; Garcia*3; Mendoza*3; Torres*2.5; Tomas*1.5;
Castillo*1.5; Flores*2; Villanueva*2; Ramos*2.5; Castro*1.5; Rivera*1.5; Navarro*1; Salazar*1;
Mercado*1; Dela Cruz=De la Cruz/Delacruz/Dela-Cruz*3; Del Rosario=Delrosario*1.5;
De Leon=Deleon*1.5; De Guzman=Deguzman*1.5; Gonzales=Gonzalez*1.5; Lopez*1.5; Aguilar*1.2;
Pascual*1.2; Domingo*1.2; Soriano*1; Manalo*1; Fernandez*1.2; Dizon*1; Valdez*1; Lim*1; Tan*1;
Sy*0.5; Gutierrez*1; Santiago*1; Francisco*1; Marquez*0.8; Javier*0.8; Hernandez*0.8; Perez*0.8;
Diaz*0.8; Magbanua*0.5; Macaraeg*0.5; Dimaculangan*0.3; Panganiban*0.4; Pangilinan*0.4;
Agustin*0.6; Andres*0.6; Aquino*0.8; Manalang*0.3; Samonte*0.3; Sarmiento*0.5; Gomez*0.8;
Morales*0.8; Miranda*0.6; Salvador*0.6; Cabrera*0.5; Bernardo*0.5; Corpuz=Corpus*0.5;
Evangelista*0.5; Lagman*0.3; Quiambao*0.2)";

constexpr const char* kBgdFemale = R"(
ফাতেমা=Fatema/Fatima; নাসরিন=Nasrin/Nasreen; শিরিন=Shirin/Shireen; রিনা=Rina/Reena;
তাসলিমা=Taslima/Toslima; রোকেয়া=Rokeya; সালমা=Salma; সুমাইয়া=Sumaiya/Sumaya; আয়েশা=Ayesha/Aysha;
রাশিদা=Rashida/Rasheda; শাহনাজ=Shahnaz; পারভীন=Parvin/Parveen; মরিয়ম=Moriom/Mariam;
জান্নাত=Jannat/Jannatul; তানিয়া=Tania; ফারজানা=Farzana/Farjana; শারমিন=Sharmin/Sharmeen;
মৌসুমী=Mousumi/Moushumi; সাথী=Sathi/Shathi; লিপি=Lipi; পপি=Popy/Popi; মুক্তা=Mukta;
কুলসুম=Kulsum/Kulsoom; আসমা=Asma; নাজমা=Nazma/Najma; হালিমা=Halima; জেসমিন=Jesmin/Jasmin;
রুমা=Ruma; মুন্নী=Munni; শিউলী=Shiuli/Sheuli; লাইলী=Laily/Laili; শাহিদা=Shahida; রহিমা=Rahima;
সাবিনা=Sabina; মাহমুদা=Mahmuda; ফেরদৌসী=Ferdousi; নাদিয়া=Nadia; সুরাইয়া=Suraiya)";

constexpr const char* kBgdMale = R"(
রহিম=Rahim; করিম=Karim/Korim; রফিকুল=Rafiqul/Rafikul; শফিকুল=Shafiqul/Shafikul; আমিনুল=Aminul;
জাহিদ=Jahid/Zahid; সাইফুল=Saiful; মিজানুর=Mizanur/Mijanur; হাবিবুর=Habibur; মাসুদ=Masud/Masood;
কামরুল=Kamrul; আলমগীর=Alamgir; শাহীন=Shahin/Shaheen; জসিম=Jasim/Jashim/Josim; নাজমুল=Nazmul;
রাসেল=Rasel/Russel; সুমন=Sumon/Suman; রুবেল=Rubel; মামুন=Mamun; শরিফ=Sharif/Shorif; আরিফ=Arif;
রাকিব=Rakib; হাসান=Hasan/Hassan; মাহমুদ=Mahmud; আব্দুল করিম=Abdul Karim/Abdul Korim;
আব্দুর রহমান=Abdur Rahman/Abdur Rahaman/Abdul Rahman; আব্দুল্লাহ=Abdullah; আনোয়ার=Anwar/Anowar;
জাহাঙ্গীর=Jahangir; মনির=Monir; ফারুক=Faruk/Farooq; সোহেল=Sohel; রিয়াজ=Riaz/Riyaz;
তারেক=Tarek/Tareq; মোস্তফা=Mostafa/Mustafa; শাহাদাত=Shahadat; হুমায়ুন=Humayun; মাহবুব=Mahbub;
কবির=Kabir/Kobir; দেলোয়ার=Delwar/Delowar; জাকির=Zakir/Jakir; ইকবাল=Iqbal/Ikbal; রানা=Rana;
বাবুল=Babul; ইমরান=Imran)";

constexpr const char* kBgdFamily = R"(
হোসেন=Hossain/Hossen/Hussain/Hosen*15; ইসলাম=Islam*12; রহমান=Rahman/Rahaman*12; উদ্দিন=Uddin/Udin*8;
আহমেদ=Ahmed/Ahmad*7; মিয়া=Miah/Mia/Miya*7; শেখ=Sheikh/Shaikh*5; খান=Khan*4; আলী=Ali*3; হক=Haque/Hoque/Huq*3;
আলম=Alam*3; চৌধুরী=Chowdhury/Choudhury*3; সরকার=Sarker/Sarkar*3; মোল্লা=Molla/Mollah*3;
তালুকদার=Talukder/Talukdar*2; ভূঁইয়া=Bhuiyan/Bhuiya/Bhuyan*2; মন্ডল=Mondal/Mandal*2; কবির=Kabir*1.5;
বিশ্বাস=Biswas*1; প্রামানিক=Pramanik*1; শিকদার=Sikder/Sikdar*1; হাওলাদার=Howlader/Hawlader*1;
সিদ্দিকী=Siddique/Siddiqui*1; মজুমদার=Majumder/Mazumder*1; গাজী=Gazi/Ghazi*1; মাতুব্বর=Matubbar*0.5;
পাটোয়ারী=Patwary/Patwari*0.5; আকন্দ=Akanda/Akand*0.5; ফকির=Fakir/Fokir*0.5; দেওয়ান=Dewan*0.5;
মুন্সী=Munshi*0.5; বেপারী=Bepari*0.5)";

constexpr const char* kBgdFamilyFemale = R"(
আক্তার=Akter/Akhter/Aktar/Akther*30; বেগম=Begum/Begom*25; খাতুন=Khatun/Khatoon*20; সুলতানা=Sultana*8;
পারভীন=Parvin/Parveen*5; খানম=Khanam/Khanom*3; জাহান=Jahan*3; নাহার=Nahar*3; ইসলাম=Islam*2;
ইয়াসমিন=Yasmin*2)";

}  // namespace

void AddAsiaCultures(std::vector<Culture>& out) {
  {
    Culture c;
    c.alpha3 = "VNM";
    c.style = NameStyle::kVietnamese;
    c.family_first = true;
    ParseRules r;
    r.zipf = 0.9;
    c.family = ParseNames(kVnmFamily, r);
    c.middle_female = ParseNames(kVnmMiddleFemale, r);
    c.middle_male = ParseNames(kVnmMiddleMale, r);
    c.female = ParseNames(kVnmFemale, r);
    c.male = ParseNames(kVnmMale, r);
    c.birthday_unknown = 0.03;
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "CHN";
    c.script = Script::kHan;
    c.style = NameStyle::kChinese;
    c.family_first = true;
    ParseRules r;
    r.script = Script::kHan;
    r.han_syllables = true;
    r.zipf = 0.8;
    c.family = ParseNames(kChnFamily, r);
    c.female = ParseNames(kChnFemale, r);
    c.male = ParseNames(kChnMale, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "THA";
    c.script = Script::kThai;
    c.style = NameStyle::kThai;
    ParseRules r;
    r.script = Script::kThai;
    r.zipf = 0.8;
    c.female = ParseNames(kThaFemale, r);
    c.male = ParseNames(kThaMale, r);
    c.nicknames = ParseNames(kThaNicknames, r);
    r.zipf = 0.4;  // Thai family names are many and evenly spread (1913 Surname Act)
    c.family = ParseNames(kThaFamily, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "PHL";
    c.style = NameStyle::kFilipino;
    ParseRules r;
    r.zipf = 0.9;
    c.female = ParseNames(kPhlFemale, r);
    c.male = ParseNames(kPhlMale, r);
    c.family = ParseNames(kPhlFamily, r);
    out.push_back(std::move(c));
  }
  {
    Culture c;
    c.alpha3 = "BGD";
    c.script = Script::kBengali;
    c.style = NameStyle::kBangladeshi;
    ParseRules r;
    r.script = Script::kBengali;
    r.zipf = 0.8;
    c.female = ParseNames(kBgdFemale, r);
    c.male = ParseNames(kBgdMale, r);
    c.family = ParseNames(kBgdFamily, r);
    c.family_female = ParseNames(kBgdFamilyFemale, r);
    c.second_given = 0.15;
    c.birthday_unknown = 0.15;
    out.push_back(std::move(c));
  }
}

}  // namespace palermo::realistic
