// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/i18n.h"

#include <unicode/msgfmt.h>
#include <unicode/numfmt.h>
#include <unicode/unistr.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace palermo {

Lang ParseLang(std::string_view tag) {
  if (tag.size() >= 2 && (tag[0] == 'f' || tag[0] == 'F') && (tag[1] == 'r' || tag[1] == 'R') &&
      (tag.size() == 2 || tag[2] == '_' || tag[2] == '-' || tag[2] == '.'))
    return Lang::kFr;
  return Lang::kEn;
}

Lang LangFromEnv() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(var);
    if (value && *value) return ParseLang(value);
  }
  return Lang::kEn;
}

std::string_view LangCode(Lang lang) { return lang == Lang::kFr ? "fr" : "en"; }

namespace {
icu::Locale LocaleOf(Lang lang) { return lang == Lang::kFr ? icu::Locale::getFrance() : icu::Locale::getUS(); }
}  // namespace

std::string Format(const Msg& msg, Lang lang, std::initializer_list<MsgArg> args) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString pattern = icu::UnicodeString::fromUTF8(msg.Get(lang));
  icu::MessageFormat format(pattern, LocaleOf(lang), status);
  if (U_FAILURE(status)) return msg.Get(lang);
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const auto& [name, value] : args) {
    names.push_back(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size())));
    if (const auto* i = std::get_if<int64_t>(&value)) {
      values.emplace_back(static_cast<int64_t>(*i));
    } else if (const auto* d = std::get_if<double>(&value)) {
      values.emplace_back(*d);
    } else {
      values.emplace_back(icu::UnicodeString::fromUTF8(std::get<std::string>(value)));
    }
  }
  icu::UnicodeString out;
  format.format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
  if (U_FAILURE(status)) return msg.Get(lang);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string FormatNumber(double value, Lang lang, int max_fraction_digits) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> nf(icu::NumberFormat::createInstance(LocaleOf(lang), status));
  if (U_FAILURE(status) || !nf) return std::to_string(value);
  nf->setMaximumFractionDigits(max_fraction_digits);
  icu::UnicodeString out;
  nf->format(value, out);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace palermo
