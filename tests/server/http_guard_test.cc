// SPDX-License-Identifier: AGPL-3.0-or-later
// The attacks of issue 23 findings 2 and 6 on the HTTP layer, replayed against an in-process
// server: bodies that escape the size limit (chunked, without length, compressed) and slow or
// oversized request heads. Each test fails on cpp-httplib 0.11.4 used alone.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.h"

namespace palermo::server {
namespace {

using Clock = std::chrono::steady_clock;

// Peak resident memory of this process (the server runs in it), in MiB.
int64_t PeakRssMib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) / 1024;
  }
  return -1;
}

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  bool connected() const { return connected_; }
  // False once the server has closed or reset the connection.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // What the server sends until it closes the connection or `timeout` passes.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string out;
    const Clock::time_point until = Clock::now() + timeout;
    if (closed) *closed = false;
    while (Clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

class HttpGuardTest : public ServerFixture {};

TEST_F(HttpGuardTest, ChunkedBodyOfEightyMibIsRefusedBeforeItIsRead) {
  StartServer();
  const int64_t before = PeakRssMib();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n"));
  std::atomic<int64_t> sent_mib{0};
  std::thread sender([&] {
    const std::string chunk = "100000\r\n" + std::string(1 << 20, '{') + "\r\n";
    for (int i = 0; i < 80 && c.Send(chunk); ++i) ++sent_mib;
    c.Send("0\r\n\r\n");
  });
  bool closed = false;
  const std::string answer = c.ReadUntilClosed(std::chrono::seconds(20), &closed);
  shutdown(c.fd(), SHUT_RDWR);
  sender.join();
  EXPECT_EQ(StatusOf(answer), 411) << answer.substr(0, 200);
  EXPECT_NE(answer.find("LENGTH_REQUIRED"), std::string::npos);
  EXPECT_TRUE(closed) << "the connection must end: the unread body is no request";
  EXPECT_LT(sent_mib.load(), 80) << "the server read the whole body";
  EXPECT_LT(PeakRssMib() - before, 40) << "peak resident memory grew (MiB)";
  // The server still answers others.
  EXPECT_EQ(Client().Get("/healthz")->status, 200);
}

TEST_F(HttpGuardTest, GzipBombIsRefusedWithoutInflating) {
  StartServer();
  // 200 MiB of zeros, gzip-compressed to about 200 KB.
  std::string bomb;
  {
    z_stream z{};
    ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    const std::string zeros(1 << 20, '\0');
    std::vector<unsigned char> out(1 << 16);
    for (int i = 0; i < 200; ++i) {
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
      z.avail_in = static_cast<uInt>(zeros.size());
      const int flush = i == 199 ? Z_FINISH : Z_NO_FLUSH;
      do {
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, flush);
        bomb.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
      } while (z.avail_out == 0);
    }
    deflateEnd(&z);
  }
  ASSERT_LT(bomb.size(), 400u << 10);
  const int64_t before = PeakRssMib();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.connected());
  c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Encoding: gzip\r\nContent-Length: " +
         std::to_string(bomb.size()) + "\r\n\r\n");
  c.Send(bomb);
  const std::string answer = c.ReadUntilClosed(std::chrono::seconds(20));
  EXPECT_EQ(StatusOf(answer), 415) << answer.substr(0, 200);
  EXPECT_NE(answer.find("UNSUPPORTED_MEDIA_TYPE"), std::string::npos);
  EXPECT_LT(PeakRssMib() - before, 40) << "peak resident memory grew (MiB)";
}

TEST_F(HttpGuardTest, BodyWithoutLengthOrOverLimitIsRefusedUnread) {
  StartServer();
  {
    // Without Content-Length cpp-httplib reads until the connection ends, without limit.
    RawConnection c(server_->port());
    c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n");
    c.Send(std::string(1 << 20, 'x'));
    EXPECT_EQ(StatusOf(c.ReadUntilClosed(std::chrono::seconds(10))), 411);
  }
  {
    // A declared length over the limit is answered at once; no byte of it is awaited.
    RawConnection c(server_->port());
    c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: 1000000000\r\n\r\n");
    const Clock::time_point start = Clock::now();
    bool closed = false;
    const std::string answer = c.ReadUntilClosed(std::chrono::seconds(10), &closed);
    EXPECT_EQ(StatusOf(answer), 413);
    EXPECT_TRUE(closed);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  }
  {
    // Two lengths (request smuggling through a proxy) are malformed.
    RawConnection c(server_->port());
    c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}");
    EXPECT_EQ(StatusOf(c.ReadUntilClosed(std::chrono::seconds(10))), 400);
  }
  // With "Expect: 100-continue" the refusal comes before the client sends the body.
  httplib::Client client = Client();
  RawConnection c(server_->port());
  c.Send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Encoding: br\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
  const std::string answer = c.ReadUntilClosed(std::chrono::seconds(10));
  EXPECT_EQ(StatusOf(answer), 415) << answer;
  // An ordinary body is still read.
  auto ok = client.Post("/api/v1/session", R"({"username":"worker","password":"x"})",
                        "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 401);
}

TEST_F(HttpGuardTest, SlowHeadersDoNotBlockOtherClients) {
  ServerOptions options;
  options.header_timeout_seconds = 3;
  StartServer(options);  // the fixture runs 4 worker threads
  // 40 connections, ten times the workers, each sending a header byte every second.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 40; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server_->port()));
    ASSERT_TRUE(slow.back()->connected());
    slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  }
  std::atomic<bool> stop{false};
  std::thread drip([&] {
    while (!stop) {
      for (auto& c : slow) c->Send("a");
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  // Stops the drip on every way out, failed assertions included.
  const std::unique_ptr<void, std::function<void(void*)>> join_drip(&stop, [&](void*) {
    stop = true;
    if (drip.joinable()) drip.join();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  httplib::Client client = Client();
  client.set_read_timeout(8, 0);
  for (int i = 0; i < 3; ++i) {
    const Clock::time_point start = Clock::now();
    auto res = client.Get("/healthz");
    ASSERT_TRUE(res) << "no answer while slow clients hold connections";
    EXPECT_EQ(res->status, 200);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  }
  // The slow heads are ended once header_timeout_seconds have passed since their first byte.
  bool closed = false;
  const std::string answer = slow[0]->ReadUntilClosed(std::chrono::seconds(6), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(StatusOf(answer), 408) << answer;
}

TEST_F(HttpGuardTest, OversizedHeadIsRefused) {
  StartServer();
  RawConnection c(server_->port());
  std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 200; ++i) head += "X-Pad-" + std::to_string(i) + ": " + std::string(1000, 'p') + "\r\n";
  c.Send(head + "\r\n");
  EXPECT_EQ(StatusOf(c.ReadUntilClosed(std::chrono::seconds(10))), 431);
}

TEST_F(HttpGuardTest, KeptAliveAndPipelinedRequestsStillWork) {
  StartServer();
  RawConnection c(server_->port());
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string answers = c.ReadUntilClosed(std::chrono::seconds(10));
  size_t count = 0;
  for (size_t at = answers.find("HTTP/1.1 200"); at != std::string::npos;
       at = answers.find("HTTP/1.1 200", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u) << answers;
}

}  // namespace
}  // namespace palermo::server
