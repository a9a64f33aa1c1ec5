#include "link/dataset.h"

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <unordered_map>

namespace palermo::link {
namespace {

// Normalised text of one record before interning.
struct Staged {
  std::string given, family, phone, document, city, address, email;
  LooseDate birth;
  bool birth_approx = false;
  int16_t birth_span = 0;
  char sex = 0;
  int16_t nationality = -1;
};

// Honorifics and ranks that agencies and registers put before names (English, French,
// Spanish, Portuguese, German, Russian romanised); they are not part of the name.
bool IsTitle(std::string_view token) {
  static constexpr std::string_view kTitles[] = {
      "mr",      "mrs",    "ms",      "miss",  "mme",      "mlle",    "m",
      "dr",      "sir",    "lady",    "lord",  "dame",     "general", "gen",    "captain",
      "capt",    "colonel", "col",    "major", "rev",      "reverend", "father", "sister",
      "brother", "prof",   "professor", "baron", "count",  "sr",      "sra",    "srta",
      "don",     "dona",   "herr",    "frau",  "gospodin", "gospozha", "sheikh",
      "hajji",   "haji",    "madame", "monsieur", "mademoiselle"};
  for (std::string_view title : kTitles)
    if (token == title) return true;
  return false;
}

// Drops leading title tokens ("general sir richard" -> "richard").
std::string StripTitles(const std::string& folded) {
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (!IsTitle(std::string_view(folded).substr(start, end - start))) break;
    start = end + 1;
  }
  return start >= folded.size() ? std::string() : folded.substr(start);
}

std::string CanonicalTokens(const std::string& folded, const VariantTable* variants) {
  if (!variants) return folded;
  std::string out;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (!out.empty()) out += ' ';
    out += variants->Canonical(std::string_view(folded).substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class RowNormaliser {
 public:
  RowNormaliser(const NormaliseOptions& options, const VariantTable* variants)
      : options_(options), variants_(variants) {}

  Staged Normalise(const SourceTable& table, const std::vector<std::string>& row) {
    std::string given_raw, family_raw, full_raw, phone_raw, city_raw, address_raw;
    std::string sex_raw, birth_raw, birth_year_raw, age_raw, nationality_raw, document_raw,
        email_raw, record_date_raw;
    auto append = [](std::string& to, const std::string& value) {
      const std::string_view v = Trim(value);
      if (v.empty()) return;
      if (!to.empty()) to += ' ';
      to += v;
    };
    for (const auto& [col, role] : table.columns) {
      if (col >= row.size()) continue;
      const std::string& value = row[col];
      switch (role) {
        case Role::kRecordId: break;
        case Role::kGivenName: append(given_raw, value); break;
        case Role::kFamilyName: append(family_raw, value); break;
        case Role::kFullName: append(full_raw, value); break;
        case Role::kSex: append(sex_raw, value); break;
        case Role::kBirthDate: append(birth_raw, value); break;
        case Role::kBirthYear: append(birth_year_raw, value); break;
        case Role::kAge: append(age_raw, value); break;
        case Role::kNationality: append(nationality_raw, value); break;
        case Role::kPhone: append(phone_raw, value); break;
        case Role::kDocumentNumber: append(document_raw, value); break;
        case Role::kCity: append(city_raw, value); break;
        case Role::kAddress: append(address_raw, value); break;
        case Role::kEmail: append(email_raw, value); break;
        case Role::kRecordDate: append(record_date_raw, value); break;
      }
    }
    Staged s;
    std::string given = StripTitles(FoldName(given_raw, options_.transliterate));
    std::string family = FoldName(family_raw, options_.transliterate);
    if (given.empty() && family.empty() && !full_raw.empty()) {
      // Full name only: first token as given name, the rest as family name. The comparison
      // also tries the crosswise order, so "FAMILY Given" still matches.
      const std::string full = StripTitles(FoldName(full_raw, options_.transliterate));
      const size_t space = full.find(' ');
      given = full.substr(0, space);
      if (space != std::string::npos) family = full.substr(space + 1);
    }
    // Given name: the first token only (middle names vary too much between agencies).
    if (const size_t space = given.find(' '); space != std::string::npos) given.resize(space);
    s.given = CanonicalTokens(given, options_.use_variants ? variants_ : nullptr);
    s.family = CanonicalTokens(family, options_.use_variants ? variants_ : nullptr);
    if (auto d = ParseLooseDate(birth_raw)) {
      s.birth = *d;
    } else if (auto y = ParseLooseDate(birth_year_raw); y && y->month == 0) {
      s.birth = *y;
    } else if (!Trim(age_raw).empty()) {
      const std::string age_text(Trim(age_raw));
      char* end = nullptr;
      const long age = std::strtol(age_text.c_str(), &end, 10);
      if (end && *end == '\0' && age >= 0 && age <= 120) {
        // An age at a known record date: born that year minus age, or the year before.
        // Without one, the record may be up to age_span_years old.
        const auto record_date = ParseLooseDate(record_date_raw);
        const int from_year = record_date ? record_date->year : options_.reference_year;
        s.birth.year = static_cast<int16_t>(from_year - age);
        s.birth_approx = true;
        s.birth_span =
            static_cast<int16_t>(record_date ? 0 : std::max(0, options_.age_span_years));
      }
    }
    s.sex = NormaliseSex(sex_raw);
    std::string region = options_.default_region;
    if (!nationality_raw.empty()) {
      auto it = nationality_cache_.find(nationality_raw);
      if (it == nationality_cache_.end()) {
        const Country* c = CodeLists::Default().FindCountry(nationality_raw);
        const int16_t idx =
            c ? static_cast<int16_t>(c - CodeLists::Default().countries().data()) : int16_t{-1};
        it = nationality_cache_.emplace(nationality_raw, idx).first;
      }
      s.nationality = it->second;
      if (s.nationality >= 0)
        region = CodeLists::Default().countries()[static_cast<size_t>(s.nationality)].alpha2;
    }
    if (!phone_raw.empty()) s.phone = NormalisePhone(phone_raw, region);
    s.document = NormaliseDocument(document_raw);
    s.city = FoldName(city_raw, true);
    s.address = FoldName(address_raw, true);
    // Keep digits in addresses (house numbers, postcodes): FoldName drops them, so append.
    std::string digits;
    for (char c : address_raw)
      if (c >= '0' && c <= '9') digits += c;
    if (!digits.empty()) s.address = digits + " " + s.address;
    s.email = NormaliseEmail(email_raw);
    return s;
  }

 private:
  const NormaliseOptions& options_;
  const VariantTable* variants_;
  std::unordered_map<std::string, int16_t> nationality_cache_;
};

}  // namespace

Dataset BuildDataset(const std::vector<SourceTable>& tables, const NormaliseOptions& options,
                     const VariantTable* variants, int threads) {
  Dataset data;
  data.source_count = tables.size();
  std::vector<std::pair<uint32_t, uint32_t>> refs;
  for (size_t t = 0; t < tables.size(); ++t)
    for (size_t r = 0; r < tables[t].rows.size(); ++r)
      refs.emplace_back(static_cast<uint32_t>(t), static_cast<uint32_t>(r));
  std::vector<Staged> staged(refs.size());
  const size_t n_threads = static_cast<size_t>(std::max(1, threads));
  {
    std::vector<std::thread> workers;
    for (size_t w = 0; w < n_threads; ++w) {
      workers.emplace_back([&, w] {
        RowNormaliser normaliser(options, variants);
        for (size_t i = w; i < refs.size(); i += n_threads)
          staged[i] = normaliser.Normalise(tables[refs[i].first], tables[refs[i].first].rows[refs[i].second]);
      });
    }
    for (auto& worker : workers) worker.join();
  }
  data.records.resize(refs.size());
  auto intern = [&](const std::string& s) { return s.empty() ? -1 : data.pool.Intern(s); };
  for (size_t i = 0; i < refs.size(); ++i) {
    Record& rec = data.records[i];
    const Staged& s = staged[i];
    rec.source = refs[i].first;
    rec.row = refs[i].second;
    rec.given = intern(s.given);
    rec.family = intern(s.family);
    if (rec.given >= 0) rec.given_skeleton = intern(ConsonantSkeleton(s.given));
    if (rec.family >= 0) {
      std::string compact;
      for (char c : s.family)
        if (c != ' ') compact += c;
      rec.family_skeleton = intern(ConsonantSkeleton(compact));
    }
    rec.birth = s.birth;
    rec.birth_year_only_approx = s.birth_approx;
    rec.birth_year_span = s.birth_span;
    rec.sex = s.sex;
    rec.nationality = s.nationality;
    rec.phone = intern(s.phone);
    rec.document = intern(s.document);
    rec.city = intern(s.city);
    rec.address = intern(s.address);
    rec.email = intern(s.email);
  }
  data.given_count.assign(data.pool.size(), 0);
  data.family_count.assign(data.pool.size(), 0);
  for (const Record& rec : data.records) {
    if (rec.given >= 0 && rec.nationality >= 0) {
      ++data.given_count_by_nationality[NationalityKey(rec.nationality, rec.given)];
      ++data.given_total_by_nationality[rec.nationality];
    }
    if (rec.family >= 0 && rec.nationality >= 0) {
      ++data.family_count_by_nationality[NationalityKey(rec.nationality, rec.family)];
      ++data.family_total_by_nationality[rec.nationality];
    }
    if (rec.given >= 0) ++data.given_count[static_cast<size_t>(rec.given)], ++data.given_total;
    if (rec.family >= 0)
      ++data.family_count[static_cast<size_t>(rec.family)], ++data.family_total;
    auto& has = data.has_field;
    has[0] = has[0] || rec.given >= 0;
    has[1] = has[1] || rec.family >= 0;
    has[2] = has[2] || !rec.birth.empty();
    has[3] = has[3] || rec.sex != 0;
    has[4] = has[4] || rec.nationality >= 0;
    has[5] = has[5] || rec.phone >= 0;
    has[6] = has[6] || rec.document >= 0;
    has[7] = has[7] || rec.city >= 0;
    has[8] = has[8] || rec.address >= 0;
    has[9] = has[9] || rec.email >= 0;
  }
  return data;
}

}  // namespace palermo::link
