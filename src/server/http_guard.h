// SPDX-License-Identifier: AGPL-3.0-or-later
// src/server/http_guard.h (internal to the server module): the limits Debian's cpp-httplib
// 0.11.4 lacks, added around it rather than inside it.
//
// What 0.11.4 does on its own, and what this file changes:
//  * It reads the request line and the headers with no limit on their count or total size and
//    a read timeout per byte, on a worker thread: a client that sends a header byte every few
//    seconds holds a worker forever (slowloris), and a few dozen such clients hold them all.
//    GuardedServer hands a connection to a worker only once a complete request head is in the
//    socket's receive buffer (checked with MSG_PEEK); until then, and between kept-alive
//    requests, one watcher thread waits for it with epoll. A head larger than max_head_bytes
//    is answered with 431, a head not complete within head_timeout_seconds of its first byte
//    (or no request within keep_alive_timeout_seconds) ends the connection.
//  * It honours the body limit (set_payload_max_length) only when a Content-Length is given:
//    a chunked body, a body without length (read until the connection ends) and a compressed
//    body (inflated without limit) reach the handler whole (CVE-2025-46728). BodyRefusal()
//    refuses these before a byte of body is read, and GuardedStream also stops reading a body
//    that exceeds max_body_bytes or arrives slower than min_body_bytes_per_second.
// Direct TLS (SSLServer) keeps 0.11.4's own connection handling (only BodyRefusal applies):
// production puts a reverse proxy in front (docs/server.md).
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace palermo::server {

struct HttpGuardLimits {
  int threads = 64;                        // worker threads
  size_t max_head_bytes = 64 << 10;        // request line and headers together
  int head_timeout_seconds = 10;           // from a request's first byte to its blank line
  int keep_alive_timeout_seconds = 5;      // idle time allowed between two requests
  size_t max_body_bytes = 12 << 20;
  int body_grace_seconds = 10;             // a body may take this long plus ...
  size_t min_body_bytes_per_second = 8 << 10;  // ... one second per this many bytes received
  int max_requests_per_connection = 1000;
};

// 0 when the request's body (if any) may be read; otherwise the status to answer before
// reading it: 411 for Transfer-Encoding (chunked) or a POST/PUT/PATCH without Content-Length,
// 415 for a Content-Encoding other than identity, 413 for a Content-Length over twice
// `max_body_bytes` (up to that, cpp-httplib reads and drops the body, then answers 413), 400
// for a malformed or repeated Content-Length.
int BodyRefusal(const httplib::Request& req, size_t max_body_bytes);

// Makes the response in `res` (status, body and Content-Type already set) the last one on its
// connection: the unread request body must not be parsed as a next request. Works for
// GuardedServer and SSLServer alike (the connection ends once the body is written).
void AnswerAndClose(httplib::Response& res);

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(HttpGuardLimits limits);
  ~GuardedServer() override;
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  // Connections waiting in the watcher (for tests and the access log of a stop).
  size_t parked_connections() const;

 private:
  class Queue;
  struct Parked {
    std::chrono::steady_clock::time_point deadline;
    int requests_served = 0;
    bool started = false;  // some bytes of the next request have arrived
  };

  // httplib calls this on a worker for each accepted connection.
  bool process_and_close_socket(socket_t sock) override;
  // Serves requests on `sock` while complete heads are ready, then parks or closes it.
  void Serve(socket_t sock, int requests_served);
  void Park(socket_t sock, Parked parked);
  void WatchLoop();
  bool Stopping() const { return svr_sock_ == INVALID_SOCKET; }

  const HttpGuardLimits limits_;
  int epoll_fd_ = -1;
  mutable std::mutex mu_;
  std::unordered_map<socket_t, Parked> parked_;  // guarded by mu_
  Queue* queue_ = nullptr;                       // guarded by mu_; null once shut down
  bool quit_ = false;                            // guarded by mu_
  std::thread watcher_;
};

}  // namespace palermo::server
