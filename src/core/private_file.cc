// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace palermo {

Status WritePrivateFile(const std::filesystem::path& out, const std::string& text) {
  std::filesystem::path tmp = out;
  tmp += ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::NotFound("cannot write " + out.string());
  bool written = ::fchmod(fd, 0600) == 0;  // an old .tmp keeps its mode through O_CREAT
  for (size_t done = 0; written && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) written = false;
    else done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) written = false;
  std::error_code ec;
  if (!written) {
    std::filesystem::remove(tmp, ec);
    return Status::Unavailable("write failed: " + out.string());
  }
  std::filesystem::rename(tmp, out, ec);
  if (ec) return Status::Unavailable("cannot replace " + out.string());
  return Status::Ok();
}

}  // namespace palermo
