// SPDX-License-Identifier: AGPL-3.0-or-later
// Text helpers of the realistic generator (internal): UTF-8, case, accents, Latin-1, romanisation.
//
// Everything here is table-driven and locale-free, so output is byte-identical everywhere.
// The romanisation systems are the ones clerks actually meet: passports (ICAO Doc 9303 for
// Russian, the 2010 national system for Ukrainian, the 2002 national system for Georgian,
// ELOT 743 for Greek) and the older or "by ear" spellings found in police and NGO files.
#pragma once

#include <string>
#include <string_view>

namespace palermo::realistic {

// UTF-8 <-> code points. Decode expects valid UTF-8 (all text here is generated).
std::u32string Decode(std::string_view utf8);
std::string Encode(std::u32string_view text);

// Latin letters with diacritics folded to ASCII ("Nguyễn" -> "Nguyen", "Ștefan" -> "Stefan",
// "ß" -> "ss"); letters of other scripts are left as they are.
std::string FoldAscii(std::string_view text);

// Upper case for Latin (incl. Vietnamese), Greek (accents dropped, as Greek capitals are
// written) and Cyrillic; other scripts unchanged.
std::string Upper(std::string_view text);
// Lower case of ASCII letters only.
std::string LowerAscii(std::string_view text);
// "ANNA-MARIA" -> "Anna-Maria" for Latin/Greek/Cyrillic words.
std::string Capitalise(std::string_view text);

// Re-encodes UTF-8 text as ISO-8859-1 bytes: Latin-1 letters are kept ("é" -> 0xE9), Hungarian
// ő/ű become ö/ü as Latin-1 keyboards write them, other Latin letters lose their diacritics, and
// anything else (other scripts) becomes '?', as a Windows-1252 export would show it.
std::string ToLatin1(std::string_view utf8);

bool IsAscii(std::string_view text);
// True if the text holds letters of a non-Latin script.
bool HasNonLatinLetters(std::string_view text);

// Romanisation systems. Word starts are capitalised in the output; input may be any case.
enum class Romanisation {
  kRussianIcao,        // Russian passports since 2013: Юлия -> Iuliia
  kRussianBgn,         // BGN/PCGN, usual in English: Yuliya, Fëdor -> Fyodor
  kRussianPopular,     // English newspapers: Yulia, Dmitry
  kRussianFrench,      // French consular/police: Ioulia, Chtcherbakov
  kRussianRomanian,    // Moldovan documents: Iulia, Ciobanu
  kUkrainianNational,  // 2010 resolution, passports: Yuliia, Oleksii
  kUkrainianPopular,   // pre-2010 passports, English: Yuliya, Oleksiy
  kUkrainianRussian,   // read as if Russian: Galina for Галина
  kUkrainianFrench,    // Ioulia, Olexiï folded
  kGeorgianNational,   // 2002 national system, passports: Kipiani -> Qipiani for ყ
  kGeorgianRussian,    // via Russian documents: Dzhavakhishvili
  kGeorgianFrench,     // Djavakhichvili
  kGreekElot,          // ELOT 743, Greek passports: Georgiou
  kGreekPhonetic,      // by ear: Yeoryiou, Ikonomou
};
std::string Romanise(std::string_view native, Romanisation system);

// How a Greek clerk writes a foreign (Latin-script) name in Greek capitals, by sound:
// "Mohamed" -> "ΜΟΧΑΜΕΝΤ", "Beridze" -> "ΜΠΕΡΙΝΤΖΕ".
std::string GreekFromLatin(std::string_view latin);

}  // namespace palermo::realistic
