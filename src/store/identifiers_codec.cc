// SPDX-License-Identifier: AGPL-3.0-or-later
// Identifier serialisation (sql_store.h): version byte 1, then u32-LE-length-prefixed strings.
#include "store/sql_store.h"

namespace palermo::store::internal {
namespace {

void PutString(std::string& out, std::string_view s) {
  const auto n = static_cast<uint32_t>(s.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool Get(std::string& out) {
    uint32_t n = 0;
    if (!GetU32(n) || rest_.size() < n) return false;
    out.assign(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return true;
  }
  bool GetList(std::vector<std::string>& out) {
    uint32_t count = 0;
    if (!GetU32(count) || count > rest_.size()) return false;
    out.resize(count);
    for (std::string& s : out) {
      if (!Get(s)) return false;
    }
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  bool GetU32(uint32_t& n) {
    if (rest_.size() < 4) return false;
    n = 0;
    for (int i = 0; i < 4; ++i)
      n |= static_cast<uint32_t>(static_cast<unsigned char>(rest_[i])) << (8 * i);
    rest_.remove_prefix(4);
    return true;
  }
  std::string_view rest_;
};

}  // namespace

std::string SerializeIdentifiers(const DirectIdentifiers& ids) {
  std::string out;
  out.reserve(64 + ids.given_name.size() + ids.family_name.size() + ids.full_name.size() +
              ids.address.size());
  out.push_back('\x01');
  PutString(out, ids.given_name);
  PutString(out, ids.family_name);
  PutString(out, ids.full_name);
  PutString(out, ids.birth_date ? ids.birth_date->ToString() : std::string());
  const auto put_list = [&](const std::vector<std::string>& list) {
    const auto n = static_cast<uint32_t>(list.size());
    for (int shift = 0; shift < 32; shift += 8)
      out.push_back(static_cast<char>((n >> shift) & 0xff));
    for (const std::string& s : list) PutString(out, s);
  };
  put_list(ids.document_numbers);
  put_list(ids.phones);
  PutString(out, ids.address);
  return out;
}

Result<DirectIdentifiers> ParseIdentifiers(std::string_view bytes) {
  const Status bad = Status::DataLoss("sealed identifiers are not in a known format");
  if (bytes.empty() || bytes[0] != '\x01') return bad;
  Reader reader(bytes.substr(1));
  DirectIdentifiers ids;
  std::string birth;
  if (!reader.Get(ids.given_name) || !reader.Get(ids.family_name) || !reader.Get(ids.full_name) ||
      !reader.Get(birth) || !reader.GetList(ids.document_numbers) || !reader.GetList(ids.phones) ||
      !reader.Get(ids.address) || !reader.done()) {
    return bad;
  }
  if (!birth.empty()) {
    Result<PartialDate> date = PartialDate::Parse(birth);
    if (!date.ok()) return bad;
    ids.birth_date = *date;
  }
  return ids;
}

}  // namespace palermo::store::internal
