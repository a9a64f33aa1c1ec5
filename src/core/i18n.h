// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/i18n.h: French and English for everything a person reads.
//
// Messages live next to the code that prints them, as a Msg pair, and are formatted with ICU
// MessageFormat (named arguments, plurals, number formats of the language):
//   constexpr Msg kImported{"{rows, plural, one {# row} other {# rows}} imported",
//                           "{rows, plural, one {# ligne importée} other {# lignes importées}}"};
//   std::string s = Format(kImported, Lang::kFr, {{"rows", 1200}});  // "1 200 lignes importées"
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace palermo {

enum class Lang { kEn, kFr };

// From LC_ALL, then LC_MESSAGES, then LANG ("fr_FR.UTF-8" -> kFr); English otherwise.
Lang LangFromEnv();
// "fr", "fr-FR", "fr_CA" -> kFr; anything else kEn.
Lang ParseLang(std::string_view tag);
std::string_view LangCode(Lang lang);  // "en" / "fr"

struct Msg {
  const char* en;
  const char* fr;
  const char* Get(Lang lang) const { return lang == Lang::kFr ? fr : en; }
};

using MsgArg = std::pair<std::string_view, std::variant<int64_t, double, std::string>>;

// Formats `msg` in `lang` with ICU MessageFormat. A pattern error is a programmer error and
// yields the raw pattern (and a DCHECK in debug builds).
std::string Format(const Msg& msg, Lang lang, std::initializer_list<MsgArg> args = {});

// Formats a number with the language's grouping ("12 214" in French).
std::string FormatNumber(double value, Lang lang, int max_fraction_digits = 0);

}  // namespace palermo
