// SPDX-License-Identifier: AGPL-3.0-or-later
// Name pool parsing (spellings, feminine forms, patronymics) and the culture registry.
#include "realistic/names.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

namespace palermo::realistic {

NameList::NameList(std::vector<NameEntry> entries, std::vector<double> weights)
    : entries_(std::move(entries)) {
  double total = 0;
  for (double w : weights) {
    total += w;
    cumulative_.push_back(total);
  }
  for (double& c : cumulative_) c /= total;
}

size_t NameList::Draw(double u) const {
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<size_t>(it - cumulative_.begin()), entries_.size() - 1);
}

namespace {

[[noreturn]] void Malformed(std::string_view entry) {
  std::fprintf(stderr, "realistic: malformed name entry '%.*s'\n", static_cast<int>(entry.size()),
               entry.data());
  std::abort();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      const std::string_view part = Trim(s.substr(start, i - start));
      if (!part.empty()) out.emplace_back(part);
      start = i + 1;
    }
  }
  return out;
}

// Splits `s` at the last `marker`, returning the tail (without the marker) and keeping the head.
std::string TakeTail(std::string& s, char marker) {
  const size_t pos = s.rfind(marker);
  if (pos == std::string::npos) return "";
  std::string tail(Trim(std::string_view(s).substr(pos + 1)));
  s = std::string(Trim(std::string_view(s).substr(0, pos)));
  return tail;
}

void AddUnique(std::vector<std::string>& list, const std::string& s) {
  if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string DropSuffix(std::string_view s, std::string_view suffix) {
  return std::string(s.substr(0, s.size() - suffix.size()));
}

// Feminine form of an East Slavic family name (native or Latin); empty if not gendered.
std::string SlavicFeminine(std::string_view name) {
  for (std::string_view m : {"ов", "ев", "ёв", "ин", "ын", "ov", "ev", "in", "yn"})
    if (EndsWith(name, m)) return std::string(name) + (m[0] & 0x80 ? "а" : "a");
  if (EndsWith(name, "ский")) return DropSuffix(name, "ий") + "ая";
  if (EndsWith(name, "цкий")) return DropSuffix(name, "ий") + "ая";
  if (EndsWith(name, "ський")) return DropSuffix(name, "ий") + "а";
  if (EndsWith(name, "ski")) return DropSuffix(name, "i") + "a";
  if (EndsWith(name, "skiy")) return DropSuffix(name, "iy") + "aya";
  return "";
}

// Patronymics (male, female) of an East Slavic male given name, by the regular rules.
std::pair<std::string, std::string> Patronymics(const std::string& name, bool ukrainian) {
  if (ukrainian) {
    if (name == "Микола") return {"Миколайович", "Миколаївна"};
    if (name == "Федір") return {"Федорович", "Федорівна"};
    if (name == "Григорій") return {"Григорович", "Григорівна"};
    if (name == "Ілля") return {"Ілліч", "Іллівна"};
    if (EndsWith(name, "ій")) return {name + "ович", DropSuffix(name, "й") + "ївна"};
    if (EndsWith(name, "о"))
      return {DropSuffix(name, "о") + "ович", DropSuffix(name, "о") + "івна"};
    if (EndsWith(name, "ь")) return {name + "ович", DropSuffix(name, "ь") + "івна"};
    return {name + "ович", name + "івна"};
  }
  if (name == "Дмитрий") return {"Дмитриевич", "Дмитриевна"};
  if (name == "Георгий") return {"Георгиевич", "Георгиевна"};
  if (name == "Никита") return {"Никитич", "Никитична"};
  if (name == "Илья") return {"Ильич", "Ильинична"};
  if (name == "Пётр") return {"Петрович", "Петровна"};
  if (name == "Павел") return {"Павлович", "Павловна"};
  if (name == "Лев") return {"Львович", "Львовна"};
  if (EndsWith(name, "ий"))
    return {DropSuffix(name, "ий") + "ьевич", DropSuffix(name, "ий") + "ьевна"};
  if (EndsWith(name, "ей") || EndsWith(name, "ай"))
    return {DropSuffix(name, "й") + "евич", DropSuffix(name, "й") + "евна"};
  if (EndsWith(name, "ь")) return {DropSuffix(name, "ь") + "евич", DropSuffix(name, "ь") + "евна"};
  return {name + "ович", name + "овна"};
}

std::vector<std::string> Autos(const std::string& native, const ParseRules& rules) {
  std::vector<std::string> out;
  for (Romanisation r : rules.systems) AddUnique(out, Romanise(native, r));
  return out;
}

// Latin spellings of `native` given the listed ones, per the rules of the header.
std::vector<std::string> Spellings(const std::string& native,
                                   const std::vector<std::string>& listed,
                                   const ParseRules& rules) {
  std::vector<std::string> out;
  if (rules.script == Script::kLatin) {
    AddUnique(out, FoldAscii(native));
    for (const std::string& l : listed) AddUnique(out, l);
    if (native.find('-') != std::string::npos) {
      std::string spaced = FoldAscii(native);
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      AddUnique(out, spaced);
    }
    return out;
  }
  if (rules.han_syllables) {
    for (const std::string& l : listed) {
      if (l.find('-') == std::string::npos) {
        AddUnique(out, l);
        continue;
      }
      std::string joined, spaced = l;
      for (char c : l)
        if (c != '-') joined += c;
      AddUnique(out, Capitalise(LowerAscii(joined)));
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      AddUnique(out, Capitalise(LowerAscii(spaced)));
      AddUnique(out, Capitalise(LowerAscii(l)));
    }
    return out;
  }
  const std::vector<std::string> autos = Autos(native, rules);
  if (rules.explicit_is_passport && !listed.empty()) {
    for (const std::string& l : listed) AddUnique(out, l);
    for (const std::string& a : autos) AddUnique(out, a);
  } else {
    if (!autos.empty()) AddUnique(out, autos[0]);
    for (const std::string& l : listed) AddUnique(out, l);
    for (const std::string& a : autos) AddUnique(out, a);
  }
  return out;
}

}  // namespace

NameList ParseNames(std::string_view spec, const ParseRules& rules) {
  std::vector<NameEntry> entries;
  std::vector<double> weights;
  bool weighted = false;
  double last_weight = 1;
  std::string normalised(spec);
  std::replace(normalised.begin(), normalised.end(), '\n', ';');
  for (std::string text : Split(normalised, ';')) {
    const std::string raw = text;
    NameEntry e;
    const std::string weight = TakeTail(text, '*');
    const std::string nicks = TakeTail(text, '~');
    const std::string forms = TakeTail(text, '=');
    e.particle = TakeTail(text, '^');
    std::string patr;
    if (const size_t open = text.find('{'); open != std::string::npos) {
      const size_t close = text.find('}', open);
      if (close == std::string::npos) Malformed(raw);
      patr = text.substr(open + 1, close - open - 1);
      text = std::string(Trim(text.substr(0, open)));
    }
    e.native_f = TakeTail(text, '|');
    e.native = text;
    if (e.native.empty()) Malformed(raw);
    std::vector<std::string> listed = Split(forms, '/');
    for (std::string& l : listed) std::replace(l.begin(), l.end(), ':', '/');  // G:Medhin
    e.latin = Spellings(e.native, listed, rules);
    if (e.latin.empty()) Malformed(raw);
    e.nick = Split(nicks, '/');
    if (e.native_f.empty() && rules.slavic_feminine) e.native_f = SlavicFeminine(e.native);
    if (!e.native_f.empty()) {
      std::vector<std::string> listed_f;
      if (rules.slavic_feminine)
        for (const std::string& l : listed) AddUnique(listed_f, SlavicFeminine(l));
      e.latin_f = Spellings(e.native_f, listed_f, rules);
    }
    if (rules.ukrainian_patronymics || rules.russian_patronymics) {
      std::pair<std::string, std::string> p;
      if (!patr.empty()) {
        const std::vector<std::string> parts = Split(patr, ',');
        if (parts.size() != 2) Malformed(raw);
        p = {parts[0], parts[1]};
      } else {
        p = Patronymics(e.native, rules.ukrainian_patronymics);
      }
      e.patronymic_m = p.first;
      e.patronymic_f = p.second;
      e.patronymic_m_latin = Spellings(p.first, {}, rules);
      e.patronymic_f_latin = Spellings(p.second, {}, rules);
    }
    if (!weight.empty()) {
      weighted = true;
      last_weight = std::strtod(weight.c_str(), nullptr);
      if (last_weight <= 0) Malformed(raw);
    } else {
      last_weight *= 0.9;
    }
    weights.push_back(last_weight);
    entries.push_back(std::move(e));
  }
  if (!weighted)
    for (size_t rank = 0; rank < weights.size(); ++rank)
      weights[rank] = 1.0 / std::pow(static_cast<double>(rank) + 1.5, rules.zipf);
  return NameList(std::move(entries), std::move(weights));
}

const Culture& CultureFor(std::string_view alpha3) {
  static const std::vector<Culture>* const cultures = [] {
    auto* all = new std::vector<Culture>();
    AddLatinCultures(*all);
    AddEastCultures(*all);
    AddAfricaMideastCultures(*all);
    AddAsiaCultures(*all);
    return all;
  }();
  for (const Culture& c : *cultures)
    if (c.alpha3 == alpha3) return c;
  std::fprintf(stderr, "realistic: no name culture for %.*s\n", static_cast<int>(alpha3.size()),
               alpha3.data());
  std::abort();
}

}  // namespace palermo::realistic
