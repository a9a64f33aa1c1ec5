// SPDX-License-Identifier: AGPL-3.0-or-later
// Store's static entry points and the identifier normalisation behind the blind indexes.
#include "store/store.h"

#include "store/sql_store.h"

namespace palermo::store {
namespace {

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Lower-case ASCII. ICU transliteration (FoldForLookup) costs tens of microseconds, so it is
// kept for text that is not already ASCII; an import of a million rows is mostly ASCII names.
std::string Fold(std::string_view value) {
  if (!IsAscii(value)) return FoldForLookup(value);
  std::string out(value);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string KeepAlnum(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (const char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

}  // namespace

std::string NormaliseIdentifier(IdentifierKind kind, std::string_view value) {
  value = Trim(value);
  switch (kind) {
    case IdentifierKind::kFamilyName:
    case IdentifierKind::kGivenName:
    case IdentifierKind::kFullName:
      return KeepAlnum(Fold(value));
    case IdentifierKind::kBirthDate: {
      // One date, however written: "07/03/1998" and "1998-03-07" index the same.
      Result<PartialDate> date = PartialDate::Parse(value);
      if (date.ok()) return date->ToString();
      return KeepAlnum(Fold(value));
    }
    case IdentifierKind::kDocument: {
      std::string out = KeepAlnum(Fold(value));
      for (char& c : out) {
        if (c == 'o') c = '0';  // O and 0 are confused when documents are copied by hand
      }
      return out;
    }
    case IdentifierKind::kPhone: {
      std::string out;
      for (const char c : value) {
        if (c >= '0' && c <= '9') out.push_back(c);
      }
      return out;
    }
  }
  return {};
}

// Gives a new database its store id (store_id.cc).
Status CreateStoreId(const StoreOptions& options);

Status Store::Init(const StoreOptions& options) {
  PALERMO_RETURN_IF_ERROR(internal::InitSqlStore(options));
  return CreateStoreId(options);  // store_id.cc
}

std::string RedactUrl(std::string_view url) {
  if (!url.starts_with("postgres")) return std::string(url);
  url = url.substr(0, url.find('?'));
  const size_t scheme = url.find("://");
  const size_t at = url.rfind('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return std::string(url);
  }
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon)) + ":***" + std::string(url.substr(at));
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  return internal::OpenSqlStore(options);
}

}  // namespace palermo::store
