// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/backup_format.h"

#include <sodium.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

namespace palermo::store::internal {
namespace {

constexpr char kBackupKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "backup01";
constexpr uint64_t kBackupSubkey = 1;
constexpr std::string_view kKeyCheckLabel = "palermo backup key check v1";
constexpr size_t kMaxFieldsBytes = 4096;
constexpr size_t kMaxCipherChunk = kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr int kZstdLevel = 3;

constexpr Msg kNotBackup{"the file is not a Palermo backup",
                         "le fichier n’est pas une sauvegarde Palermo"};
constexpr Msg kDamaged{
    "the backup is damaged or was altered ({why}); it was refused and nothing was restored",
    "la sauvegarde est endommagée ou a été modifiée ({why}) ; elle a été refusée et rien n’a été "
    "restauré"};
constexpr Msg kTruncated{"the file ends before its last block: truncated",
                         "le fichier s’arrête avant son dernier bloc : tronqué"};
constexpr Msg kTrailing{"bytes follow its last block", "des octets suivent son dernier bloc"};
constexpr Msg kAltered{"a block fails authentication", "un bloc échoue à l’authentification"};
constexpr Msg kBadFrame{"the compressed data is invalid", "les données compressées sont invalides"};
constexpr Msg kNewer{"this backup has format version {v}, newer than this palermo reads (1)",
                     "cette sauvegarde est au format {v}, plus récent que celui que ce palermo "
                     "lit (1)"};

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t GetU32(const unsigned char* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
void PutField(std::string& out, std::string_view v) {
  out.push_back(static_cast<char>(v.size() & 0xff));
  out.push_back(static_cast<char>((v.size() >> 8) & 0xff));
  out.append(v);
}

std::string SerializeHeader(const BackupHeader& h) {
  std::string fields;
  PutField(fields, h.engine);
  PutField(fields, h.created_at);
  PutField(fields, h.store_id);
  PutField(fields, std::to_string(h.audit_seq));
  PutField(fields, h.audit_hash);
  PutField(fields, h.schema);
  PutField(fields, h.key_check);
  std::string out(kBackupMagic);
  out.push_back(static_cast<char>(kBackupVersion));
  PutU32(out, static_cast<uint32_t>(fields.size()));
  return out + fields;
}

// Reads up to n bytes; fewer only at end of file.
Result<std::string> ReadUpTo(int fd, size_t n) {
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out.data() + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable(std::string("cannot read the backup: ") + std::strerror(errno));
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return out;
}

Status Damaged(Lang lang, const Msg& why) {
  return Status::DataLoss(Format(kDamaged, lang, {{"why", std::string(why.Get(lang))}}));
}

}  // namespace

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t w = ::write(fd, data.data(), data.size());
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable(std::string("cannot write the backup: ") + std::strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(w));
  }
  return Status::Ok();
}

BackupKey::BackupKey(const Keys& keys) {
  crypto_kdf_derive_from_key(key_.data(), key_.size(), kBackupSubkey, kBackupKdfContext,
                             keys.master().data());
}
BackupKey::~BackupKey() { sodium_memzero(key_.data(), key_.size()); }

std::string BackupKey::Check() const {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kKeyCheckLabel.data()),
                     kKeyCheckLabel.size(), key_.data(), key_.size());
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

struct BackupWriter::State {
  int fd = -1;
  std::string ad;
  crypto_secretstream_xchacha20poly1305_state stream{};
  ZSTD_CCtx* zstd = nullptr;
  std::string compressed;  // compressed bytes not yet sealed into a chunk
  std::vector<char> out_buffer = std::vector<char>(ZSTD_CStreamOutSize());
  bool finished = false;
  ~State() {
    ZSTD_freeCCtx(zstd);
    sodium_memzero(&stream, sizeof stream);
  }
};

BackupWriter::BackupWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
BackupWriter::~BackupWriter() = default;

Result<std::unique_ptr<BackupWriter>> BackupWriter::Start(int fd, const BackupKey& key,
                                                          const BackupHeader& header, Lang) {
  auto state = std::make_unique<State>();
  state->fd = fd;
  state->ad = SerializeHeader(header);
  state->zstd = ZSTD_createCCtx();
  if (!state->zstd) return Status::Internal("zstd: cannot create a compression context");
  ZSTD_CCtx_setParameter(state->zstd, ZSTD_c_compressionLevel, kZstdLevel);
  ZSTD_CCtx_setParameter(state->zstd, ZSTD_c_checksumFlag, 1);
  unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state->stream, stream_header, key.data());
  PALERMO_RETURN_IF_ERROR(WriteAll(fd, state->ad));
  PALERMO_RETURN_IF_ERROR(WriteAll(
      fd, std::string_view(reinterpret_cast<const char*>(stream_header), sizeof stream_header)));
  return std::unique_ptr<BackupWriter>(new BackupWriter(std::move(state)));
}

// Seals state_->compressed (at most kChunkBytes of it) into one chunk.
Status BackupWriter::Push(bool final) {
  State& s = *state_;
  const size_t n = std::min(s.compressed.size(), kChunkBytes);
  std::string chunk(4 + n + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  unsigned long long cipher_len = 0;
  const bool last = final && n == s.compressed.size();
  crypto_secretstream_xchacha20poly1305_push(
      &s.stream, reinterpret_cast<unsigned char*>(chunk.data() + 4), &cipher_len,
      reinterpret_cast<const unsigned char*>(s.compressed.data()), n,
      reinterpret_cast<const unsigned char*>(s.ad.data()), s.ad.size(),
      last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
  std::string len;
  PutU32(len, static_cast<uint32_t>(cipher_len));
  chunk.replace(0, 4, len);
  s.compressed.erase(0, n);
  return WriteAll(s.fd, chunk);
}

Status BackupWriter::Write(std::string_view data) {
  State& s = *state_;
  if (s.finished) return Status::Internal("backup writer already finished");
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  while (in.pos < in.size) {
    ZSTD_outBuffer out{s.out_buffer.data(), s.out_buffer.size(), 0};
    const size_t rc = ZSTD_compressStream2(s.zstd, &out, &in, ZSTD_e_continue);
    if (ZSTD_isError(rc)) return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(rc));
    s.compressed.append(s.out_buffer.data(), out.pos);
    while (s.compressed.size() > kChunkBytes) PALERMO_RETURN_IF_ERROR(Push(false));
  }
  return Status::Ok();
}

Status BackupWriter::Finish() {
  State& s = *state_;
  if (s.finished) return Status::Internal("backup writer already finished");
  s.finished = true;
  ZSTD_inBuffer in{nullptr, 0, 0};
  size_t remaining = 0;
  do {
    ZSTD_outBuffer out{s.out_buffer.data(), s.out_buffer.size(), 0};
    remaining = ZSTD_compressStream2(s.zstd, &out, &in, ZSTD_e_end);
    if (ZSTD_isError(remaining))
      return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(remaining));
    s.compressed.append(s.out_buffer.data(), out.pos);
  } while (remaining != 0);
  while (s.compressed.size() > kChunkBytes) PALERMO_RETURN_IF_ERROR(Push(false));
  return Push(true);
}

Result<BackupHeader> ReadBackupHeader(int fd, std::string& raw, Lang lang) {
  const Status not_backup = Status::DataLoss(Format(kNotBackup, lang));
  PALERMO_ASSIGN_OR_RETURN(std::string start, ReadUpTo(fd, kBackupMagic.size() + 5));
  if (start.size() < kBackupMagic.size() + 5 || !start.starts_with(kBackupMagic)) {
    return not_backup;
  }
  const auto version = static_cast<unsigned char>(start[kBackupMagic.size()]);
  if (version != kBackupVersion) {
    return Status::FailedPrecondition(Format(kNewer, lang, {{"v", int64_t{version}}}));
  }
  const uint32_t fields_len =
      GetU32(reinterpret_cast<const unsigned char*>(start.data()) + kBackupMagic.size() + 1);
  if (fields_len > kMaxFieldsBytes) return not_backup;
  PALERMO_ASSIGN_OR_RETURN(std::string fields, ReadUpTo(fd, fields_len));
  if (fields.size() != fields_len) return Damaged(lang, kTruncated);
  raw = start + fields;
  std::string_view rest = fields;
  std::string values[7];
  for (std::string& value : values) {
    if (rest.size() < 2) return not_backup;
    const size_t n = static_cast<unsigned char>(rest[0]) | static_cast<size_t>(rest[1]) << 8;
    rest.remove_prefix(2);
    if (rest.size() < n) return not_backup;
    value = std::string(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  if (!rest.empty()) return not_backup;
  BackupHeader h;
  h.engine = values[0];
  h.created_at = values[1];
  h.store_id = values[2];
  const auto [end, ec] =
      std::from_chars(values[3].data(), values[3].data() + values[3].size(), h.audit_seq);
  if (ec != std::errc() || end != values[3].data() + values[3].size()) return not_backup;
  h.audit_hash = values[4];
  h.schema = values[5];
  h.key_check = values[6];
  if (h.engine != "sqlite" && h.engine != "postgresql") return not_backup;
  return h;
}

Status ReadBackupBody(int fd, const BackupKey& key, std::string_view raw_header,
                      const std::function<Status(std::string_view)>& sink, Lang lang) {
  PALERMO_ASSIGN_OR_RETURN(std::string stream_header,
                           ReadUpTo(fd, crypto_secretstream_xchacha20poly1305_HEADERBYTES));
  if (stream_header.size() != crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return Damaged(lang, kTruncated);
  }
  crypto_secretstream_xchacha20poly1305_state stream;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &stream, reinterpret_cast<const unsigned char*>(stream_header.data()), key.data()) != 0) {
    return Damaged(lang, kAltered);
  }
  struct Cleanup {
    crypto_secretstream_xchacha20poly1305_state* stream;
    ZSTD_DCtx* zstd;
    ~Cleanup() {
      sodium_memzero(stream, sizeof *stream);
      ZSTD_freeDCtx(zstd);
    }
  } cleanup{&stream, ZSTD_createDCtx()};
  if (!cleanup.zstd) return Status::Internal("zstd: cannot create a decompression context");
  std::vector<char> out_buffer(ZSTD_DStreamOutSize());
  std::string plain(kChunkBytes, '\0');
  size_t frame_left = 1;  // ZSTD_decompressStream's hint; 0 once the frame is complete
  while (true) {
    PALERMO_ASSIGN_OR_RETURN(std::string len_bytes, ReadUpTo(fd, 4));
    if (len_bytes.size() != 4) return Damaged(lang, kTruncated);
    const uint32_t len = GetU32(reinterpret_cast<const unsigned char*>(len_bytes.data()));
    if (len < crypto_secretstream_xchacha20poly1305_ABYTES || len > kMaxCipherChunk) {
      return Damaged(lang, kAltered);
    }
    PALERMO_ASSIGN_OR_RETURN(std::string cipher, ReadUpTo(fd, len));
    if (cipher.size() != len) return Damaged(lang, kTruncated);
    unsigned long long plain_len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &stream, reinterpret_cast<unsigned char*>(plain.data()), &plain_len, &tag,
            reinterpret_cast<const unsigned char*>(cipher.data()), cipher.size(),
            reinterpret_cast<const unsigned char*>(raw_header.data()), raw_header.size()) != 0) {
      return Damaged(lang, kAltered);
    }
    ZSTD_inBuffer in{plain.data(), static_cast<size_t>(plain_len), 0};
    while (in.pos < in.size) {
      if (frame_left == 0) return Damaged(lang, kBadFrame);  // data after the frame
      ZSTD_outBuffer out{out_buffer.data(), out_buffer.size(), 0};
      frame_left = ZSTD_decompressStream(cleanup.zstd, &out, &in);
      if (ZSTD_isError(frame_left)) return Damaged(lang, kBadFrame);
      if (out.pos > 0) PALERMO_RETURN_IF_ERROR(sink(std::string_view(out_buffer.data(), out.pos)));
    }
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
  }
  // Flush what the decoder still holds.
  while (frame_left != 0) {
    ZSTD_inBuffer in{nullptr, 0, 0};
    ZSTD_outBuffer out{out_buffer.data(), out_buffer.size(), 0};
    frame_left = ZSTD_decompressStream(cleanup.zstd, &out, &in);
    if (ZSTD_isError(frame_left)) return Damaged(lang, kBadFrame);
    if (out.pos == 0) break;
    PALERMO_RETURN_IF_ERROR(sink(std::string_view(out_buffer.data(), out.pos)));
  }
  if (frame_left != 0) return Damaged(lang, kBadFrame);
  PALERMO_ASSIGN_OR_RETURN(std::string after, ReadUpTo(fd, 1));
  if (!after.empty()) return Damaged(lang, kTrailing);
  return Status::Ok();
}

}  // namespace palermo::store::internal
