// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: a packet file as `palermo exchange receive` reads it (src/exchange/envelope.h),
// opened with fixed keys derived from fixed seeds (the seed corpus holds a packet sealed with
// them, so mutations reach the signature and decryption code).
// Contract: PeekHeader returns the header or InvalidArgument; Open returns the body or
// InvalidArgument/Unauthenticated, and a body only for the sealed seed content (no mutation
// can forge a signature or a ciphertext).
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "exchange/envelope.h"
#include "fuzz/fuzz_check.h"

using namespace palermo;
using namespace palermo::exchange::internal;

namespace {

// The body of the corpus's valid packet (fuzz/corpus/exchange_packet/valid.json).
constexpr std::string_view kSeedBody = R"({"plm_PayloadVersion":1,"prs_Gender":"Feminine"})";

std::string Bytes(const unsigned char* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

const OpenKeys& Keys() {
  static const OpenKeys keys = [] {
    unsigned char seed[32] = {1};
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES], sign_sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(sign_pk, sign_sk, seed);
    seed[0] = 2;
    unsigned char box_pk[crypto_box_PUBLICKEYBYTES], box_sk[crypto_box_SECRETKEYBYTES];
    crypto_box_seed_keypair(box_pk, box_sk, seed);
    return OpenKeys{Bytes(sign_pk, sizeof sign_pk), Bytes(box_sk, sizeof box_sk),
                    Bytes(box_pk, sizeof box_pk)};
  }();
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (sodium_init() < 0) return 0;
  const std::string_view packet(reinterpret_cast<const char*>(data), size);
  Result<Header> header = PeekHeader(packet);
  if (!header.ok()) FUZZ_CHECK(header.status().code() == StatusCode::kInvalidArgument);
  Result<std::string> body = Open(packet, Keys());
  if (body.ok()) {
    FUZZ_CHECK(header.ok());
    FUZZ_CHECK(*body == kSeedBody);
  } else {
    FUZZ_CHECK(body.status().code() == StatusCode::kInvalidArgument ||
               body.status().code() == StatusCode::kUnauthenticated);
  }
  return 0;
}
