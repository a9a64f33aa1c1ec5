// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/pprl.h: privacy-preserving record linkage with keyed Bloom-filter encodings
// (cryptographic long-term keys, CLK; Schnell, Bachteler & Reiher 2011) and Dice similarity.
// Internal; other modules include link/link.h. Threat model: docs/pprl_threat_model.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "link/record.h"

namespace palermo::link {

inline constexpr size_t kClkBits = 1024;
inline constexpr size_t kClkWords = kClkBits / 64;

struct Clk {
  alignas(64) std::array<uint64_t, kClkWords> words{};
  uint32_t popcount = 0;  // cached number of set bits
  void SetBit(uint32_t bit) { words[bit / 64] |= uint64_t{1} << (bit % 64); }
  void UpdatePopcount();
};

// What goes into one encoding: names (folded, transliterated, variant-mapped tokens, in any
// order), birth date ("19900307" or partial), and, when the mapping gives them, city, address
// and document number (normalised). Each field is hashed under its own tag. Sex is NOT
// encoded: its two values would set the same few bits in every woman's (or man's) filter, and
// anyone holding many encodings could sort them by sex without the secret.
struct ClkFields {
  std::vector<std::string> name_tokens;
  std::string birth_date;
  std::string city;
  std::string address;
  std::string document;
};

// The values of each record that go into its encoding, as the linkage normalises them.
std::vector<ClkFields> ClkFieldsFromDataset(const Dataset& data);

// Encodes records with a secret shared by the agencies. Each bigram of each value is fed,
// with a tag naming its field, to BLAKE2b keyed with the secret (libsodium
// crypto_generichash); `hashes_per_bigram` 10-bit positions are taken from the digest. Without
// the secret nobody can recompute which bits a given name sets. Thread-safe after creation.
class ClkEncoder {
 public:
  // InvalidArgument if the secret is shorter than 16 bytes, easy to guess (under 64 bits by the
  // Shannon entropy of its bytes), or hashes_per_bigram not in [1, 40].
  static Result<ClkEncoder> Create(std::string_view secret, int hashes_per_bigram = 20);
  Clk Encode(const ClkFields& fields) const;

 private:
  ClkEncoder() = default;
  std::array<unsigned char, 32> key_{};
  int hashes_per_bigram_ = 20;
};

// Dice coefficient 2|a∧b| / (|a| + |b|); 0 when both are empty.
double Dice(const Clk& a, const Clk& b);

// For each of `others`, writes Dice(query, other) into `out` (size others.size()).
// Uses AVX-512 VPOPCNTDQ or the POPCNT instruction when the CPU has them (checked at run
// time with __builtin_cpu_supports), plain code otherwise. Same results on every path.
void DiceMany(const Clk& query, const Clk* others, size_t count, float* out);

// Dice of every query with every other: out[q * other_count + k] = Dice(queries[q], others[k]).
// Tiled so that a block of others is compared with all queries while it is in cache.
void DiceBlock(const Clk* queries, size_t query_count, const Clk* others, size_t other_count,
               float* out);

// Name of the popcount path DiceMany uses on this CPU: "avx512-vpopcntdq", "popcnt", "generic".
std::string_view DicePath();

// Base64 (RFC 4648, with padding) of the 128 bytes, and back. InvalidArgument if the text is
// not a 1024-bit encoding.
std::string ClkToBase64(const Clk& clk);
Result<Clk> ClkFromBase64(std::string_view text);

struct ClkMatch {
  uint32_t table_a = 0;
  uint32_t row_a = 0;
  uint32_t table_b = 0;
  uint32_t row_b = 0;
  double dice = 0;
};

// Links encodings of two or more agencies: every pair of records from different tables with
// Dice >= threshold is a candidate; candidates are accepted strongest first, and a cluster
// never takes two records of the same table (each agency's list is assumed deduplicated, as in
// anonlink's greedy solver). Returns per table per row a cluster id, numbered from 0 in
// order of first appearance; accepted pairs in `matches` when not null. Deterministic.
std::vector<std::vector<uint32_t>> MatchClks(const std::vector<std::vector<Clk>>& tables,
                                              double threshold, int threads,
                                              std::vector<ClkMatch>* matches = nullptr);

}  // namespace palermo::link
