// SPDX-License-Identifier: AGPL-3.0-or-later
#include "link/pprl.h"

#include <cmath>

#include <immintrin.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <numeric>
#include <thread>

namespace palermo::link {
namespace {

void DiceGeneric(const Clk& q, const Clk* others, size_t count, float* out) {
  for (size_t k = 0; k < count; ++k) {
    const Clk& o = others[k];
    uint32_t common = 0;
    for (size_t w = 0; w < kClkWords; ++w) {
      uint64_t x = q.words[w] & o.words[w];
      while (x) {
        x &= x - 1;
        ++common;
      }
    }
    const uint32_t total = q.popcount + o.popcount;
    out[k] = total ? 2.0f * static_cast<float>(common) / static_cast<float>(total) : 0.0f;
  }
}

__attribute__((target("popcnt"))) void DicePopcnt(const Clk& q, const Clk* others, size_t count,
                                                   float* out) {
  for (size_t k = 0; k < count; ++k) {
    const Clk& o = others[k];
    uint64_t common = 0;
    for (size_t w = 0; w < kClkWords; ++w)
      common += static_cast<uint64_t>(__builtin_popcountll(q.words[w] & o.words[w]));
    const uint32_t total = q.popcount + o.popcount;
    out[k] = total ? 2.0f * static_cast<float>(common) / static_cast<float>(total) : 0.0f;
  }
}

// GCC 12 reports the intrinsics' internal _mm512_undefined_* operands as maybe-uninitialized
// at -O3 (GCC bug 105593); they are don't-care inputs.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
__attribute__((target("avx512f,avx512vpopcntdq"))) inline __m512i CommonBits(__m512i q0,
                                                                             __m512i q1,
                                                                             const Clk& o) {
  const __m512i a0 = _mm512_and_si512(q0, _mm512_load_si512(o.words.data()));
  const __m512i a1 = _mm512_and_si512(q1, _mm512_load_si512(o.words.data() + 8));
  return _mm512_add_epi64(_mm512_popcnt_epi64(a0), _mm512_popcnt_epi64(a1));
}

// Eight others at a time: their eight lane-count vectors are summed by a transposing add
// tree (unpack within 128-bit lanes, then 128-bit lane shuffles), so lane k of the result is
// the common-bit count of other k, without a horizontal reduction per pair.
__attribute__((target("avx512f,avx512vpopcntdq"))) void DiceAvx512(const Clk& q,
                                                                     const Clk* others,
                                                                     size_t count, float* out) {
  const __m512i q0 = _mm512_load_si512(q.words.data());
  const __m512i q1 = _mm512_load_si512(q.words.data() + 8);
  size_t k = 0;
  for (; k + 8 <= count; k += 8) {
    const Clk* o = others + k;
    __m512i c[8];
    for (int j = 0; j < 8; ++j) c[j] = CommonBits(q0, q1, o[j]);
    __m512i pair[4];
    for (int j = 0; j < 4; ++j)
      pair[j] = _mm512_add_epi64(_mm512_unpacklo_epi64(c[2 * j], c[2 * j + 1]),
                                 _mm512_unpackhi_epi64(c[2 * j], c[2 * j + 1]));
    const __m512i quad0 = _mm512_add_epi64(_mm512_shuffle_i64x2(pair[0], pair[1], 0x88),
                                           _mm512_shuffle_i64x2(pair[0], pair[1], 0xDD));
    const __m512i quad1 = _mm512_add_epi64(_mm512_shuffle_i64x2(pair[2], pair[3], 0x88),
                                           _mm512_shuffle_i64x2(pair[2], pair[3], 0xDD));
    const __m512i common = _mm512_add_epi64(_mm512_shuffle_i64x2(quad0, quad1, 0x88),
                                            _mm512_shuffle_i64x2(quad0, quad1, 0xDD));
    alignas(64) uint64_t lanes[8];
    _mm512_store_si512(lanes, common);
    for (int j = 0; j < 8; ++j) {
      const uint32_t total = q.popcount + o[j].popcount;
      out[k + static_cast<size_t>(j)] =
          total ? 2.0f * static_cast<float>(lanes[j]) / static_cast<float>(total) : 0.0f;
    }
  }
  for (; k < count; ++k) {
    alignas(64) uint64_t lanes[8];
    _mm512_store_si512(lanes, CommonBits(q0, q1, others[k]));
    const uint64_t common = lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] +
                            lanes[6] + lanes[7];
    const uint32_t total = q.popcount + others[k].popcount;
    out[k] = total ? 2.0f * static_cast<float>(common) / static_cast<float>(total) : 0.0f;
  }
}
#pragma GCC diagnostic pop

enum class DiceImpl { kGeneric, kPopcnt, kAvx512 };

DiceImpl ChooseDice() {
  static const DiceImpl impl = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq"))
      return DiceImpl::kAvx512;
    if (__builtin_cpu_supports("popcnt")) return DiceImpl::kPopcnt;
    return DiceImpl::kGeneric;
  }();
  return impl;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

void Clk::UpdatePopcount() {
  popcount = 0;
  for (uint64_t w : words) popcount += static_cast<uint32_t>(std::popcount(w));
}

Result<ClkEncoder> ClkEncoder::Create(std::string_view secret, int hashes_per_bigram) {
  if (secret.size() < 16)
    return Status::InvalidArgument("the shared secret must be at least 16 bytes");
  // A secret someone can guess gives back the dictionary attack the key is there to stop.
  // Shannon entropy of its bytes times its length: a rough upper bound on its strength, enough
  // to refuse "aaaaaaaaaaaaaaaa" or "passwordpassword" (40 bits); 32 random bytes in base64
  // give about 230.
  std::array<int, 256> counts{};
  for (unsigned char c : secret) ++counts[c];
  double bits = 0;
  for (int n : counts)
    if (n > 0) bits -= n * std::log2(static_cast<double>(n) / static_cast<double>(secret.size()));
  if (bits < 64)
    return Status::InvalidArgument(
        "the shared secret is too easy to guess; make one with: head -c 32 /dev/urandom | base64");
  if (hashes_per_bigram < 1 || hashes_per_bigram > 40)
    return Status::InvalidArgument("hashes per bigram must be between 1 and 40");
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  ClkEncoder encoder;
  // The BLAKE2b key is derived from the secret so any length of secret can be used.
  static constexpr unsigned char kContext[] = "palermo clk v1";
  crypto_generichash(encoder.key_.data(), encoder.key_.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     kContext, sizeof(kContext) - 1);
  encoder.hashes_per_bigram_ = hashes_per_bigram;
  return encoder;
}

std::vector<ClkFields> ClkFieldsFromDataset(const Dataset& data) {
  std::vector<ClkFields> out(data.records.size());
  for (size_t i = 0; i < data.records.size(); ++i) {
    const Record& r = data.records[i];
    ClkFields& f = out[i];
    for (int32_t id : {r.given, r.family}) {
      if (id < 0) continue;
      const std::string& value = data.pool.Get(id);
      size_t start = 0;
      while (start < value.size()) {
        size_t end = value.find(' ', start);
        if (end == std::string::npos) end = value.size();
        if (end > start) f.name_tokens.push_back(value.substr(start, end - start));
        start = end + 1;
      }
    }
    if (!r.birth.empty() && !r.birth_year_only_approx) {
      char buffer[16];
      if (r.birth.month && r.birth.day)
        std::snprintf(buffer, sizeof(buffer), "%04d%02d%02d", r.birth.year, r.birth.month, r.birth.day);
      else if (r.birth.month)
        std::snprintf(buffer, sizeof(buffer), "%04d%02d", r.birth.year, r.birth.month);
      else
        std::snprintf(buffer, sizeof(buffer), "%04d", r.birth.year);
      f.birth_date = buffer;
    }
    if (r.city >= 0) f.city = data.pool.Get(r.city);
    if (r.address >= 0) f.address = data.pool.Get(r.address);
    if (r.document >= 0) f.document = data.pool.Get(r.document);
  }
  return out;
}

Clk ClkEncoder::Encode(const ClkFields& fields) const {
  Clk clk;
  auto add = [&](char tag, std::string_view value) {
    if (value.empty()) return;
    std::string padded;
    padded.reserve(value.size() + 2);
    padded.push_back('_');
    padded.append(value);
    padded.push_back('_');
    for (size_t i = 0; i + 1 < padded.size(); ++i) {
      const unsigned char input[3] = {static_cast<unsigned char>(tag),
                                      static_cast<unsigned char>(padded[i]),
                                      static_cast<unsigned char>(padded[i + 1])};
      unsigned char digest[64];
      crypto_generichash(digest, sizeof(digest), input, sizeof(input), key_.data(), key_.size());
      // 40 positions of 10 bits each fit in the 512-bit digest.
      for (int h = 0; h < hashes_per_bigram_; ++h) {
        const int bit = h * 10;
        const uint32_t two = static_cast<uint32_t>(digest[bit / 8]) |
                             static_cast<uint32_t>(digest[bit / 8 + 1]) << 8;
        clk.SetBit((two >> (bit % 8)) & 0x3FF);
      }
    }
  };
  for (const std::string& token : fields.name_tokens) add('n', token);
  add('d', fields.birth_date);
  add('c', fields.city);
  add('a', fields.address);
  add('x', fields.document);
  clk.UpdatePopcount();
  return clk;
}

double Dice(const Clk& a, const Clk& b) {
  float out = 0;
  DiceMany(a, &b, 1, &out);
  return out;
}

void DiceMany(const Clk& query, const Clk* others, size_t count, float* out) {
  switch (ChooseDice()) {
    case DiceImpl::kAvx512: DiceAvx512(query, others, count, out); return;
    case DiceImpl::kPopcnt: DicePopcnt(query, others, count, out); return;
    case DiceImpl::kGeneric: DiceGeneric(query, others, count, out); return;
  }
}

void DiceBlock(const Clk* queries, size_t query_count, const Clk* others, size_t other_count,
               float* out) {
  // Tiles of others small enough to stay in the L2 cache while every query passes over them:
  // from memory, 128 bytes per comparison would bound the rate by the memory bandwidth.
  constexpr size_t kTile = 2048;  // 256 KB of encodings
  for (size_t begin = 0; begin < other_count; begin += kTile) {
    const size_t count = std::min(kTile, other_count - begin);
    for (size_t q = 0; q < query_count; ++q)
      DiceMany(queries[q], others + begin, count, out + q * other_count + begin);
  }
}

std::string_view DicePath() {
  switch (ChooseDice()) {
    case DiceImpl::kAvx512: return "avx512-vpopcntdq";
    case DiceImpl::kPopcnt: return "popcnt";
    case DiceImpl::kGeneric: break;
  }
  return "generic";
}

std::string ClkToBase64(const Clk& clk) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(clk.words.data());
  constexpr size_t kBytes = kClkBits / 8;
  std::string out;
  out.reserve((kBytes + 2) / 3 * 4);
  for (size_t i = 0; i < kBytes; i += 3) {
    const uint32_t b0 = bytes[i];
    const uint32_t b1 = i + 1 < kBytes ? bytes[i + 1] : 0;
    const uint32_t b2 = i + 2 < kBytes ? bytes[i + 2] : 0;
    const uint32_t v = b0 << 16 | b1 << 8 | b2;
    out += kBase64[v >> 18 & 63];
    out += kBase64[v >> 12 & 63];
    out += i + 1 < kBytes ? kBase64[v >> 6 & 63] : '=';
    out += i + 2 < kBytes ? kBase64[v & 63] : '=';
  }
  return out;
}

Result<Clk> ClkFromBase64(std::string_view text) {
  constexpr size_t kBytes = kClkBits / 8;
  text = Trim(text);
  if (text.size() != (kBytes + 2) / 3 * 4)
    return Status::InvalidArgument("not a 1024-bit encoding (wrong length)");
  std::array<unsigned char, kBytes + 2> bytes{};
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t v = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      uint32_t d = 0;
      if (c >= 'A' && c <= 'Z') d = static_cast<uint32_t>(c - 'A');
      else if (c >= 'a' && c <= 'z') d = static_cast<uint32_t>(c - 'a' + 26);
      else if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0' + 52);
      else if (c == '+') d = 62;
      else if (c == '/') d = 63;
      else if (c == '=' && i + 4 == text.size() && j >= 2) d = 0;
      else return Status::InvalidArgument("not a 1024-bit encoding (bad base64)");
      v = v << 6 | d;
    }
    bytes[n++] = static_cast<unsigned char>(v >> 16);
    bytes[n++] = static_cast<unsigned char>(v >> 8);
    bytes[n++] = static_cast<unsigned char>(v);
  }
  Clk clk;
  std::memcpy(clk.words.data(), bytes.data(), kBytes);
  clk.UpdatePopcount();
  return clk;
}

std::vector<std::vector<uint32_t>> MatchClks(const std::vector<std::vector<Clk>>& tables,
                                              double threshold, int threads,
                                              std::vector<ClkMatch>* matches) {
  std::vector<uint32_t> first(tables.size() + 1, 0);
  for (size_t t = 0; t < tables.size(); ++t)
    first[t + 1] = first[t] + static_cast<uint32_t>(tables[t].size());
  const uint32_t n = first.back();
  // Candidates: every cross-table pair above the threshold. Work is split by query record.
  struct Candidate {
    uint32_t a, b;
    float dice;
  };
  // Work items: blocks of kQueryBlock query rows of one table, compared with every later
  // table in tiles of kOtherTile rows (DiceBlock), so each tile is read from cache.
  constexpr uint32_t kQueryBlock = 64;
  constexpr size_t kOtherTile = 4096;
  struct QueryBlock {
    uint32_t table, begin, end;
  };
  std::vector<QueryBlock> queries;
  for (uint32_t t = 0; t < tables.size(); ++t)
    for (uint32_t r = 0; r < tables[t].size(); r += kQueryBlock)
      queries.push_back({t, r, std::min<uint32_t>(r + kQueryBlock,
                                                  static_cast<uint32_t>(tables[t].size()))});
  const int n_threads = std::max(1, threads);
  std::vector<std::vector<Candidate>> local(static_cast<size_t>(n_threads));
  std::atomic<size_t> next{0};
  const auto threshold_f = static_cast<float>(threshold);
  auto work = [&](int worker) {
    std::vector<float> scores;
    for (;;) {
      const size_t q = next.fetch_add(1, std::memory_order_relaxed);
      if (q >= queries.size()) break;
      const QueryBlock block = queries[q];
      const uint32_t ta = block.table;
      const size_t rows = block.end - block.begin;
      for (uint32_t tb = ta + 1; tb < tables.size(); ++tb) {
        for (size_t begin = 0; begin < tables[tb].size(); begin += kOtherTile) {
          const size_t count = std::min(kOtherTile, tables[tb].size() - begin);
          scores.resize(rows * count);
          DiceBlock(tables[ta].data() + block.begin, rows, tables[tb].data() + begin, count,
                    scores.data());
          for (size_t row = 0; row < rows; ++row)
            for (size_t k = 0; k < count; ++k) {
              const float dice = scores[row * count + k];
              if (dice >= threshold_f)
                local[static_cast<size_t>(worker)].push_back(
                    {first[ta] + block.begin + static_cast<uint32_t>(row),
                     first[tb] + static_cast<uint32_t>(begin + k), dice});
            }
        }
      }
    }
  };
  std::vector<std::thread> workers;
  for (int w = 1; w < n_threads; ++w) workers.emplace_back(work, w);
  work(0);
  for (auto& w : workers) w.join();
  std::vector<Candidate> candidates;
  for (auto& l : local) candidates.insert(candidates.end(), l.begin(), l.end());
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.dice != y.dice) return x.dice > y.dice;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });
  auto table_of = [&](uint32_t record) {
    return static_cast<uint32_t>(std::upper_bound(first.begin(), first.end(), record) -
                                 first.begin() - 1);
  };
  // Greedy: union two groups only if they share no table.
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  std::vector<std::vector<uint32_t>> tables_in(n);
  for (uint32_t i = 0; i < n; ++i) tables_in[i] = {table_of(i)};
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const Candidate& c : candidates) {
    uint32_t ra = find(c.a);
    uint32_t rb = find(c.b);
    if (ra == rb) continue;
    bool clash = false;
    for (uint32_t t : tables_in[ra])
      if (std::find(tables_in[rb].begin(), tables_in[rb].end(), t) != tables_in[rb].end())
        clash = true;
    if (clash) continue;
    if (tables_in[ra].size() < tables_in[rb].size()) std::swap(ra, rb);
    parent[rb] = ra;
    tables_in[ra].insert(tables_in[ra].end(), tables_in[rb].begin(), tables_in[rb].end());
    tables_in[rb].clear();
    if (matches) {
      const uint32_t ta = table_of(c.a);
      const uint32_t tb = table_of(c.b);
      matches->push_back({ta, c.a - first[ta], tb, c.b - first[tb], c.dice});
    }
  }
  std::vector<std::vector<uint32_t>> cluster_of(tables.size());
  std::vector<int64_t> id_of_root(n, -1);
  uint32_t next_id = 0;
  for (uint32_t t = 0; t < tables.size(); ++t) {
    cluster_of[t].resize(tables[t].size());
    for (uint32_t r = 0; r < tables[t].size(); ++r) {
      const uint32_t root = find(first[t] + r);
      if (id_of_root[root] < 0) id_of_root[root] = next_id++;
      cluster_of[t][r] = static_cast<uint32_t>(id_of_root[root]);
    }
  }
  return cluster_of;
}

}  // namespace palermo::link
