// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/crypto.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace palermo::store::internal {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "palermo1";
constexpr uint64_t kSealSubkey = 1;
constexpr uint64_t kBlindSubkey = 2;
constexpr uint64_t kAuditSubkey = 3;
constexpr uint64_t kCheckSubkey = 4;
constexpr uint64_t kContentSubkey = 5;
constexpr std::string_view kCheckLabel = "palermo key check v1";

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);
static_assert(crypto_kdf_KEYBYTES == kMasterKeyBytes);

void EnsureSodium() {
  // sodium_init is thread-safe and idempotent; -1 means no usable randomness source.
  static const bool ready = sodium_init() >= 0;
  PALERMO_DCHECK(ready, "libsodium could not initialise");
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::unique_ptr<Keys> Keys::Generate() {
  EnsureSodium();
  auto keys = std::make_unique<Keys>(Passkey());
  crypto_kdf_keygen(keys->master_.data());
  keys->Derive();
  return keys;
}

std::unique_ptr<Keys> Keys::FromMaster(const Key& master) {
  EnsureSodium();
  auto keys = std::make_unique<Keys>(Passkey());
  keys->master_ = master;
  keys->Derive();
  return keys;
}

Keys::~Keys() {
  sodium_memzero(master_.data(), master_.size());
  sodium_memzero(seal_.data(), seal_.size());
  sodium_memzero(blind_.data(), blind_.size());
  sodium_memzero(audit_.data(), audit_.size());
  sodium_memzero(check_.data(), check_.size());
  sodium_memzero(content_.data(), content_.size());
}

void Keys::Derive() {
  crypto_kdf_derive_from_key(seal_.data(), seal_.size(), kSealSubkey, kKdfContext, master_.data());
  crypto_kdf_derive_from_key(blind_.data(), blind_.size(), kBlindSubkey, kKdfContext,
                             master_.data());
  crypto_kdf_derive_from_key(audit_.data(), audit_.size(), kAuditSubkey, kKdfContext,
                             master_.data());
  crypto_kdf_derive_from_key(check_.data(), check_.size(), kCheckSubkey, kKdfContext,
                             master_.data());
  crypto_kdf_derive_from_key(content_.data(), content_.size(), kContentSubkey, kKdfContext,
                             master_.data());
}

namespace {

constexpr size_t kSealNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kSealTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(NonceSequence::kBytes == kSealNonceBytes);

// Sealed format v1 with room for the nonce, which the caller writes at NonceOf(out).
std::string SealedBuffer(size_t plaintext_size) {
  std::string out(1 + kSealNonceBytes + plaintext_size + kSealTagBytes, '\0');
  out[0] = static_cast<char>(kSealedFormatV1);
  return out;
}

unsigned char* NonceOf(std::string& sealed) {
  return reinterpret_cast<unsigned char*>(sealed.data()) + 1;
}

void Encrypt(std::string_view plaintext, std::string_view context, const Keys::Key& key,
             std::string& sealed) {
  unsigned char* nonce = NonceOf(sealed);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kSealNonceBytes, &written, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, nonce, key.data());
  PALERMO_DCHECK(written == plaintext.size() + kSealTagBytes, "AEAD output length");
}

}  // namespace

NonceSequence::NonceSequence() {
  EnsureSodium();
  randombytes_buf(prefix_.data(), prefix_.size());
}

void NonceSequence::Next(unsigned char* out) {
  std::memcpy(out, prefix_.data(), prefix_.size());
  const uint64_t n = counter_++;
  for (size_t i = 0; i < 8; ++i) out[prefix_.size() + i] = static_cast<unsigned char>(n >> (8 * i));
}

std::string Keys::Seal(std::string_view plaintext, std::string_view context) const {
  std::string out = SealedBuffer(plaintext.size());
  randombytes_buf(NonceOf(out), kSealNonceBytes);
  Encrypt(plaintext, context, seal_, out);
  return out;
}

std::string Keys::Seal(std::string_view plaintext, std::string_view context,
                       NonceSequence& nonces) const {
  std::string out = SealedBuffer(plaintext.size());
  nonces.Next(NonceOf(out));
  Encrypt(plaintext, context, seal_, out);
  return out;
}

Result<std::string> Keys::Open(std::string_view sealed, std::string_view context) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < 1 + kNonce + kTag ||
      static_cast<unsigned char>(sealed[0]) != kSealedFormatV1) {
    return Status::DataLoss("sealed value is truncated or not in a known format");
  }
  const unsigned char* p = Bytes(sealed);
  std::string out(sealed.size() - 1 - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &written, nullptr, p + 1 + kNonce,
          sealed.size() - 1 - kNonce, Bytes(context), context.size(), p + 1, seal_.data()) != 0) {
    return Status::DataLoss(
        "sealed value does not decrypt: altered, moved from another row, or sealed under "
        "another key");
  }
  out.resize(written);
  return out;
}

int64_t Keys::BlindHash(int kind, std::string_view normalised) const {
  // BLAKE2b's shortest output is 16 bytes (crypto_generichash_BYTES_MIN); keep the first 8.
  unsigned char out[crypto_generichash_BYTES_MIN];
  crypto_generichash_state state;
  crypto_generichash_init(&state, blind_.data(), blind_.size(), sizeof out);
  const unsigned char kind_byte = static_cast<unsigned char>(kind);
  crypto_generichash_update(&state, &kind_byte, 1);
  crypto_generichash_update(&state, Bytes(normalised), normalised.size());
  crypto_generichash_final(&state, out, sizeof out);
  uint64_t value = 0;
  for (size_t i = 0; i < kBlindHashBytes; ++i) value = value << 8 | out[i];
  return static_cast<int64_t>(value);
}

std::string Keys::ContentHash(std::string_view digest) const {
  std::string out(crypto_generichash_BYTES_MIN, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(), Bytes(digest),
                     digest.size(), content_.data(), content_.size());
  return "k1:" + ToHex(out);
}

std::string Keys::CheckValue() const {
  std::string out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(), Bytes(kCheckLabel),
                     kCheckLabel.size(), check_.data(), check_.size());
  return ToHex(out);
}

Result<std::unique_ptr<Keys>> LoadKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Status::FailedPrecondition("key file " + path +
                                        " not found; run `palermo init` to create the key and "
                                        "the database, or pass --key");
    }
    return Status::FailedPrecondition("cannot open key file " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::FailedPrecondition("cannot read key file " + path);
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::FailedPrecondition("key file " + path + " is open to group or others (mode " +
                                      mode + "); run `chmod 600 " + path + "`");
  }
  Keys::Key master{};
  const ssize_t n = ::read(fd, master.data(), master.size());
  char extra = 0;
  const ssize_t more = ::read(fd, &extra, 1);
  ::close(fd);
  if (n != static_cast<ssize_t>(master.size()) || more != 0) {
    sodium_memzero(master.data(), master.size());
    return Status::DataLoss("key file " + path + " does not hold a 32-byte key");
  }
  std::unique_ptr<Keys> keys = Keys::FromMaster(master);
  sodium_memzero(master.data(), master.size());
  return keys;
}

Status SyncParentDir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Status::Unavailable("cannot open directory " + parent.string());
  const int rc = ::fsync(dir);
  ::close(dir);
  if (rc != 0) return Status::Unavailable("cannot sync directory " + parent.string());
  return Status::Ok();
}

Status WriteKeyFile(const std::string& path, const Keys& keys, bool exclusive) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists("key file " + path + " already exists; it is never overwritten");
    }
    return Status::FailedPrecondition("cannot create key file " + path + ": " +
                                      std::strerror(errno));
  }
  // O_CREAT honours the umask, and an existing file keeps its mode: force 0600 either way.
  bool ok = ::fchmod(fd, 0600) == 0;
  ok = ok && ::write(fd, keys.master().data(), keys.master().size()) ==
                 static_cast<ssize_t>(keys.master().size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return Status::Unavailable("cannot write key file " + path);
  }
  return SyncParentDir(path);
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 15];
  }
  return out;
}

}  // namespace palermo::store::internal
