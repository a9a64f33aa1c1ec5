// SPDX-License-Identifier: AGPL-3.0-or-later
// GuardedServer: request heads are awaited by one epoll thread, workers only serve complete
// heads; GuardedStream bounds what a worker then reads. See http_guard.h for the reasons.
#include "server/http_guard.h"

#include <netdb.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace palermo::server {
namespace {

using Clock = std::chrono::steady_clock;

enum class Head { kWaiting, kReady, kClosed, kTooLarge };

// Looks, without consuming, whether a complete request head ("\r\n\r\n") is in the receive
// buffer. Never blocks.
Head PeekHead(socket_t sock, size_t max_head_bytes) {
  thread_local std::vector<char> buf;
  buf.resize(max_head_bytes);
  ssize_t n;
  do {
    n = recv(sock, buf.data(), buf.size(), MSG_PEEK | MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n == 0) return Head::kClosed;
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? Head::kWaiting : Head::kClosed;
  const std::string_view seen(buf.data(), static_cast<size_t>(n));
  if (seen.find("\r\n\r\n") != std::string_view::npos) return Head::kReady;
  return static_cast<size_t>(n) >= max_head_bytes ? Head::kTooLarge : Head::kWaiting;
}

// Waits until `sock` is ready for `events` or `deadline` passes.
bool WaitFor(socket_t sock, short events, Clock::time_point deadline) {
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{sock, events, 0};
    const int r = poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (r > 0) return true;  // readiness, or an error/hang-up the next call reports
    if (r < 0 && errno != EINTR) return false;
  }
}

void CloseNow(socket_t sock) {
  shutdown(sock, SHUT_RDWR);
  close(sock);
}

// Ends a connection whose request may not have been read to its end: closing with unread
// bytes makes the kernel send a reset, which can destroy the answer just written before the
// client reads it, so the rest is read and dropped for a while (as nginx's lingering_close):
// at most 1 s and 16 MiB, and no more once nothing has come for 200 ms.
void CloseAfterDraining(socket_t sock) {
  shutdown(sock, SHUT_WR);
  const Clock::time_point until = Clock::now() + std::chrono::seconds(1);
  char sink[16 << 10];
  size_t drained = 0;
  while (drained < (16u << 20) &&
         WaitFor(sock, POLLIN, std::min(until, Clock::now() + std::chrono::milliseconds(200)))) {
    const ssize_t n = recv(sock, sink, sizeof sink, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
    if (n > 0) drained += static_cast<size_t>(n);
  }
  close(sock);
}

// Reads and drops what has already arrived, so that closing does not reset the connection
// under an answer just sent (the watcher thread cannot linger like CloseAfterDraining).
void DropArrived(socket_t sock) {
  char sink[16 << 10];
  for (int i = 0; i < 64 && recv(sock, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
}

void SendBestEffort(socket_t sock, std::string_view text) {
  (void)!send(sock, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// The stream a worker's request runs on: httplib's SocketStream plus a byte budget and a
// deadline for the head, a byte budget and a minimum rate for the body. Any breach (or read
// failure) marks the stream failed, and the connection is closed after the request.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(socket_t sock, const HttpGuardLimits& limits, time_t read_timeout_seconds,
                time_t write_timeout_seconds)
      : sock_(sock),
        limits_(limits),
        read_timeout_(std::chrono::seconds(std::max<time_t>(read_timeout_seconds, 1))),
        write_timeout_(std::chrono::seconds(std::max<time_t>(write_timeout_seconds, 1))) {}

  void StartRequest() {
    in_head_ = true;
    head_bytes_ = 0;
    body_bytes_ = 0;
    crlf_state_ = 0;
    started_ = Clock::now();
  }
  bool failed() const { return failed_; }
  bool buffered() const { return pos_ < end_; }

  bool is_readable() const override {
    return buffered() || WaitFor(sock_, POLLIN, ReadDeadline());
  }
  bool is_writable() const override {
    return WaitFor(sock_, POLLOUT, Clock::now() + write_timeout_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (failed_) return -1;
    if (!buffered()) {
      if (!WaitFor(sock_, POLLIN, ReadDeadline())) {
        failed_ = true;
        return -1;
      }
      ssize_t n;
      do {
        n = recv(sock_, buf_, sizeof buf_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) {
        failed_ = true;
        return n;
      }
      pos_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, end_ - pos_);
    if (!Account(buf_ + pos_, n)) {
      failed_ = true;
      return -1;
    }
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) Name(addr, len, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) Name(addr, len, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  static void Name(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    char host[NI_MAXHOST];
    char serv[NI_MAXSERV];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv,
                    sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host;
      port = std::atoi(serv);
    }
  }

  // The next byte must arrive before this.
  Clock::time_point ReadDeadline() const {
    const Clock::time_point per_read = Clock::now() + read_timeout_;
    if (in_head_) return std::min(per_read, started_ + std::chrono::seconds(limits_.head_timeout_seconds));
    const auto earned = std::chrono::milliseconds(
        body_bytes_ * 1000 / std::max<size_t>(limits_.min_body_bytes_per_second, 1));
    return std::min(per_read, body_started_ + std::chrono::seconds(limits_.body_grace_seconds) +
                                  earned);
  }

  // Counts the bytes handed to httplib; false once the head or the body is over its budget.
  bool Account(const char* data, size_t n) {
    size_t i = 0;
    for (; in_head_ && i < n; ++i) {
      const char c = data[i];
      // States: 0 none, 1 "\r", 2 "\r\n", 3 "\r\n\r"; "\r\n\r\n" ends the head.
      if (c == '\r') {
        crlf_state_ = crlf_state_ == 2 ? 3 : 1;
      } else if (c == '\n' && (crlf_state_ == 1 || crlf_state_ == 3)) {
        if (crlf_state_ == 3) {
          in_head_ = false;
          body_started_ = Clock::now();
        }
        crlf_state_ = 2;
      } else {
        crlf_state_ = 0;
      }
      if (++head_bytes_ > limits_.max_head_bytes) return false;
    }
    body_bytes_ += n - i;
    // httplib reads no more than Content-Length, which BodyRefusal bounds (twice the limit for
    // a body read only to be dropped); this is a backstop.
    return body_bytes_ <= 2 * limits_.max_body_bytes + (64u << 10);
  }

  const socket_t sock_;
  const HttpGuardLimits& limits_;
  const Clock::duration read_timeout_;
  const Clock::duration write_timeout_;
  char buf_[4096];
  size_t pos_ = 0;
  size_t end_ = 0;
  bool failed_ = false;
  bool in_head_ = true;
  int crlf_state_ = 0;
  size_t head_bytes_ = 0;
  size_t body_bytes_ = 0;
  Clock::time_point started_ = Clock::now();
  Clock::time_point body_started_ = Clock::now();
};

constexpr std::string_view kHeadTooLarge =
    "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
constexpr std::string_view kHeadTimeout =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

int BodyRefusal(const httplib::Request& req, size_t max_body_bytes) {
  if (req.has_header("Transfer-Encoding")) return 411;
  if (req.has_header("Content-Encoding")) {
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (req.get_header_value_count("Content-Encoding") != 1 || !EqualsNoCase(encoding, "identity")) {
      return 415;
    }
  }
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths == 0) {
    const bool has_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                          req.method == "PRI";
    return has_body ? 411 : 0;
  }
  if (lengths > 1) return 400;
  const std::string text = req.get_header_value("Content-Length");
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 400;
  }
  // Up to twice the limit, cpp-httplib reads the body and drops it, then answers 413 (bounded
  // memory, and a browser shows that answer: it may not read one before it has sent its body).
  return std::stoull(text) > 2 * max_body_bytes ? 413 : 0;
}

void AnswerAndClose(httplib::Response& res) {
  auto body = std::make_shared<const std::string>(res.body.empty() ? std::string(" ") : res.body);
  std::string type = res.get_header_value("Content-Type");
  if (type.empty()) type = "text/plain";
  res.body.clear();
  res.headers.erase("Content-Type");
  res.set_header("Connection", "close");
  res.set_content_provider(body->size(), type,
                           [body](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + offset, length);
                             // Refusing to provide more ends the connection once the body is
                             // written: httplib then stops serving it.
                             return false;
                           });
}

// The worker pool; tells the server when it shuts down, so the watcher stops handing it work.
class GuardedServer::Queue : public httplib::TaskQueue {
 public:
  Queue(GuardedServer& owner, size_t threads) : owner_(owner), pool_(threads) {}
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(owner_.mu_);
      if (owner_.queue_ == this) owner_.queue_ = nullptr;
    }
    pool_.shutdown();
  }

 private:
  GuardedServer& owner_;
  httplib::ThreadPool pool_;
};

GuardedServer::GuardedServer(HttpGuardLimits limits) : limits_(limits) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  new_task_queue = [this] {
    auto* queue = new Queue(*this, static_cast<size_t>(std::max(limits_.threads, 1)));
    std::lock_guard<std::mutex> lock(mu_);
    queue_ = queue;
    return queue;
  };
  watcher_ = std::thread([this] { WatchLoop(); });
}

GuardedServer::~GuardedServer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  watcher_.join();
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

size_t GuardedServer::parked_connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return parked_.size();
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  switch (PeekHead(sock, limits_.max_head_bytes)) {
    case Head::kReady:
      Serve(sock, 0);
      break;
    case Head::kWaiting:
      Park(sock, Parked{Clock::now() + std::chrono::seconds(limits_.head_timeout_seconds), 0,
                        /*started=*/true});
      break;
    case Head::kTooLarge:
      SendBestEffort(sock, kHeadTooLarge);
      CloseAfterDraining(sock);
      break;
    case Head::kClosed:
      CloseNow(sock);
      break;
  }
  return true;
}

void GuardedServer::Serve(socket_t sock, int requests_served) {
  GuardedStream stream(sock, limits_, read_timeout_sec_, write_timeout_sec_);
  while (true) {
    stream.StartRequest();
    bool connection_closed = false;
    const bool last = requests_served + 1 >= limits_.max_requests_per_connection || Stopping();
    const bool ok = process_request(stream, last, connection_closed, {});
    ++requests_served;
    if (!ok || stream.failed()) {
      CloseAfterDraining(sock);
      return;
    }
    if (connection_closed || last) {
      CloseNow(sock);
      return;
    }
    if (stream.buffered()) continue;  // a pipelined request is already read
    switch (PeekHead(sock, limits_.max_head_bytes)) {
      case Head::kReady:
        continue;
      case Head::kWaiting:
        Park(sock, Parked{Clock::now() + std::chrono::seconds(limits_.keep_alive_timeout_seconds),
                          requests_served, /*started=*/false});
        return;
      case Head::kTooLarge:
        SendBestEffort(sock, kHeadTooLarge);
        CloseAfterDraining(sock);
        return;
      case Head::kClosed:
        CloseNow(sock);
        return;
    }
  }
}

void GuardedServer::Park(socket_t sock, Parked parked) {
  std::lock_guard<std::mutex> lock(mu_);
  if (quit_ || Stopping() || epoll_fd_ < 0) {
    CloseNow(sock);
    return;
  }
  parked_[sock] = parked;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
  ev.data.fd = sock;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, sock, &ev) != 0) {
    parked_.erase(sock);
    CloseNow(sock);
  }
}

void GuardedServer::WatchLoop() {
  std::vector<epoll_event> events(128);
  while (true) {
    const int n = epoll_fd_ >= 0 ? epoll_wait(epoll_fd_, events.data(),
                                              static_cast<int>(events.size()), 100)
                                 : 0;
    if (epoll_fd_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard<std::mutex> lock(mu_);
    const auto release = [this](socket_t sock) {
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, sock, nullptr);
      parked_.erase(sock);
    };
    if (quit_) {
      for (const auto& [sock, parked] : parked_) CloseNow(sock);
      parked_.clear();
      return;
    }
    const Clock::time_point now = Clock::now();
    for (int i = 0; i < n; ++i) {
      const socket_t sock = events[static_cast<size_t>(i)].data.fd;
      const auto it = parked_.find(sock);
      if (it == parked_.end()) continue;
      switch (PeekHead(sock, limits_.max_head_bytes)) {
        case Head::kReady: {
          const int served = it->second.requests_served;
          release(sock);
          if (queue_ != nullptr && !Stopping()) {
            queue_->enqueue([this, sock, served] { Serve(sock, served); });
          } else {
            CloseNow(sock);
          }
          break;
        }
        case Head::kWaiting:
          if (!it->second.started) {  // a kept-alive connection begins its next request
            it->second.started = true;
            it->second.deadline = now + std::chrono::seconds(limits_.head_timeout_seconds);
          }
          break;
        case Head::kTooLarge:
          release(sock);
          DropArrived(sock);
          SendBestEffort(sock, kHeadTooLarge);
          CloseNow(sock);
          break;
        case Head::kClosed:
          release(sock);
          CloseNow(sock);
          break;
      }
    }
    for (auto it = parked_.begin(); it != parked_.end();) {
      if (Stopping() || now >= it->second.deadline) {
        if (it->second.started && !Stopping()) {
          DropArrived(it->first);
          SendBestEffort(it->first, kHeadTimeout);
        }
        epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
        CloseNow(it->first);
        it = parked_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

}  // namespace palermo::server
