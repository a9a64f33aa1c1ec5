// SPDX-License-Identifier: AGPL-3.0-or-later
// Differential privacy: exact discrete Laplace and Gaussian samplers and noise for tables (the
// privacy-budget ledger is in ledger.cc).
#include <sodium.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <system_error>

#include "publish/internal.h"
#include "publish/publish.h"

namespace palermo::publish {
namespace {

using u128 = unsigned __int128;

class Sodium final : public RandomSource {
 public:
  void Fill(void* buf, size_t size) override { randombytes_buf(buf, size); }
};

// A ChaCha20 stream (libsodium randombytes_buf_deterministic) under a fixed seed, drawn in
// blocks; block b is generated from the seed with b written into bytes 8..15.
class Seeded final : public RandomSource {
 public:
  explicit Seeded(uint64_t seed) {
    std::memset(seed_, 0, sizeof seed_);
    std::memcpy(seed_, &seed, sizeof seed);
  }
  void Fill(void* buf, size_t size) override {
    auto* out = static_cast<unsigned char*>(buf);
    while (size > 0) {
      if (pos_ == sizeof block_) Refill();
      const size_t n = std::min(size, sizeof block_ - pos_);
      std::memcpy(out, block_ + pos_, n);
      pos_ += n;
      out += n;
      size -= n;
    }
  }

 private:
  void Refill() {
    std::memcpy(seed_ + 8, &block_index_, sizeof block_index_);
    ++block_index_;
    randombytes_buf_deterministic(block_, sizeof block_, seed_);
    pos_ = 0;
  }
  unsigned char seed_[randombytes_SEEDBYTES];
  unsigned char block_[4096];
  size_t pos_ = sizeof block_;
  uint64_t block_index_ = 0;
};

// Uniform in [0, bound) for a 128-bit bound, by rejection (no modulo bias).
u128 UniformBelow128(RandomSource& rng, u128 bound) {
  PALERMO_DCHECK(bound > 0, "uniform over an empty range");
  if (bound >> 64 == 0) return rng.UniformBelow(static_cast<uint64_t>(bound));
  // Smallest all-ones mask covering bound - 1.
  u128 mask = bound - 1;
  for (int shift = 1; shift < 128; shift <<= 1) mask |= mask >> shift;
  for (;;) {
    u128 r;
    rng.Fill(&r, sizeof r);
    r &= mask;
    if (r < bound) return r;
  }
}

// Bernoulli(num/den). REQUIRES: num <= den, den > 0.
bool Bernoulli(RandomSource& rng, u128 num, u128 den) { return UniformBelow128(rng, den) < num; }

// Bernoulli(exp(-num/den)), CKS 2020 Algorithm 1. REQUIRES: den > 0.
bool BernoulliExp(RandomSource& rng, u128 num, u128 den) {
  if (num <= den) {
    u128 k = 1;
    // Stops at the first k with A_k = 0; returns 1 iff that k is odd.
    while (Bernoulli(rng, num, den * k)) ++k;
    return (k & 1) == 1;
  }
  for (u128 i = num / den; i > 0; --i)
    if (!BernoulliExp(rng, 1, 1)) return false;
  return BernoulliExp(rng, num % den, den);
}

// Discrete Laplace with P(x) ∝ exp(-|x|·s/t), CKS 2020 Algorithm 2.
int64_t DiscreteLaplace(RandomSource& rng, u128 s, u128 t) {
  for (;;) {
    const u128 u = UniformBelow128(rng, t);
    if (!BernoulliExp(rng, u, t)) continue;
    u128 v = 0;
    while (BernoulliExp(rng, 1, 1)) ++v;
    const u128 x = u + t * v;
    const u128 y = x / s;
    const bool negative = Bernoulli(rng, 1, 2);
    if (negative && y == 0) continue;
    return negative ? -static_cast<int64_t>(y) : static_cast<int64_t>(y);
  }
}

uint64_t Gcd(uint64_t a, uint64_t b) { return std::gcd(a, b); }

}  // namespace

uint64_t RandomSource::UniformBelow(uint64_t bound) {
  PALERMO_DCHECK(bound > 0, "uniform over an empty range");
  // Accept r < limit, the largest multiple of bound that fits in 2^64.
  const uint64_t rejected = (0 - bound) % bound;  // 2^64 mod bound
  for (;;) {
    uint64_t r;
    Fill(&r, sizeof r);
    if (r >= rejected) return r % bound;
  }
}

std::unique_ptr<RandomSource> SecureRandom() {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work without an entropy source
  return std::make_unique<Sodium>();
}

std::unique_ptr<RandomSource> SeededRandomForTesting(uint64_t seed) {
  if (sodium_init() < 0) std::abort();
  return std::make_unique<Seeded>(seed);
}

int64_t SampleDiscreteLaplace(uint64_t scale_num, uint64_t scale_den, RandomSource& rng) {
  PALERMO_DCHECK(scale_num > 0 && scale_den > 0 && scale_num < (1ULL << 31) && scale_den < (1ULL << 31),
                 "discrete Laplace scale out of range");
  const uint64_t g = Gcd(scale_num, scale_den);
  return DiscreteLaplace(rng, scale_den / g, scale_num / g);
}

int64_t SampleDiscreteGaussian(uint64_t sigma2_num, uint64_t sigma2_den, RandomSource& rng) {
  PALERMO_DCHECK(sigma2_num > 0 && sigma2_den > 0 && sigma2_num < (1ULL << 31) && sigma2_den < (1ULL << 31),
                 "discrete Gaussian variance out of range");
  const uint64_t g = Gcd(sigma2_num, sigma2_den);
  const u128 sn = sigma2_num / g, sd = sigma2_den / g;
  // t = floor(sigma) + 1, with floor(sigma) the largest f such that f² ≤ sn/sd.
  u128 f = static_cast<u128>(std::sqrt(static_cast<double>(sn) / static_cast<double>(sd)));
  while (f * f * sd > sn) --f;
  while ((f + 1) * (f + 1) * sd <= sn) ++f;
  const u128 t = f + 1;
  // CKS 2020 Algorithm 3: Y ~ Lap_Z(t); accept with probability
  // exp(-(|Y| - σ²/t)² / (2σ²)) = exp(-(|Y|·sd·t - sn)² / (2·sn·sd·t²)).
  for (;;) {
    const int64_t y = DiscreteLaplace(rng, 1, t);
    const u128 abs_y = static_cast<u128>(y < 0 ? -y : y);
    const u128 a = abs_y * sd * t;
    const u128 diff = a > sn ? a - sn : sn - a;
    if (BernoulliExp(rng, diff * diff, 2 * sn * sd * t * t)) return y;
  }
}

int64_t DpRowThreshold(double scale, double delta) {
  PALERMO_DCHECK(scale > 0 && delta > 0 && delta < 1, "DpRowThreshold: scale > 0 and 0 < delta < 1");
  return static_cast<int64_t>(std::ceil(scale * std::log(1.0 / delta)));
}

namespace internal {

void RecomputeTotals(Table& t) {
  for (size_t pass = 0; pass <= t.relations.size(); ++pass) {
    bool changed = false;
    for (const Relation& r : t.relations) {
      int64_t sum = 0;
      for (int part : r.parts) sum += t.values[part];
      if (t.values[r.total] != sum) {
        t.values[r.total] = sum;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

void AddNoise(Table& t, uint64_t scale_num, uint64_t scale_den, RandomSource& rng) {
  std::vector<bool> is_total(t.values.size(), false);
  for (const Relation& r : t.relations) is_total[r.total] = true;
  for (size_t i = 0; i < t.values.size(); ++i) {
    if (is_total[i]) continue;
    // Clamping at zero is post-processing: it keeps the guarantee.
    t.values[i] = std::max<int64_t>(0, t.values[i] + SampleDiscreteLaplace(scale_num, scale_den, rng));
  }
  RecomputeTotals(t);
}

}  // namespace internal

}  // namespace palermo::publish
