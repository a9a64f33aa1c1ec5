// SPDX-License-Identifier: AGPL-3.0-or-later
// The linkage lock: one run at a time on a database (persons.h, RunOptions::lock_wait).
//
// Why a row and not an engine lock. A run spans several transactions (the audited read, the
// engine in memory, the write of the results), so a transaction-scoped lock cannot cover it;
// PostgreSQL's session lock (pg_advisory_lock) would belong to one pooled connection, which
// the store hands to other transactions in between, and SQLite has no lock that outlives a
// transaction. So the lock is the row id = 1 of persons_lock, claimed in a write transaction:
// the store serialises writers on both engines (SQLite BEGIN IMMEDIATE; PostgreSQL takes the
// audit chain head's lock before the snapshot), so "read the row, then insert or take it over"
// cannot race. The same code runs on both engines, and the row tells a waiting run who holds
// the lock and since when.
//
// A run that crashed cannot hold the lock for ever: the holder writes a heartbeat while it
// runs; a row whose process is gone (same host, kill(pid, 0) fails) is taken over at once, and
// one whose heartbeat is older than RunOptions::lock_stale_after (a holder on another machine
// that died) too. The release deletes the row by the holder's token, so a late release never
// frees a lock another run has taken over since.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <stop_token>
#include <thread>

#include "persons/internal.h"

namespace palermo::persons::internal {
namespace {

int64_t EpochSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

bool ProcessAlive(int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::string NewToken() {
  std::random_device random;
  std::string token;
  constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token += kHex[random() % 16];
  return token;
}

struct Holder {
  std::string by;
  std::string since;  // ISO 8601 UTC
};

// One attempt, in one write transaction: claims the lock for `token` (free, or stale) and
// returns nullopt, or returns who holds it.
Result<std::optional<Holder>> TryClaim(store::Store& store, const store::Actor& actor,
                                       const std::string& token, const std::string& host,
                                       const RunOptions& options) {
  PALERMO_ASSIGN_OR_RETURN(auto tx, store.Begin(actor));
  PALERMO_ASSIGN_OR_RETURN(
      auto rows, tx->Query("SELECT token, by_user, since, host, pid, heartbeat FROM persons_lock "
                           "WHERE id = 1"));
  const int64_t now = EpochSeconds();
  const std::vector<store::SqlValue> mine = {
      token, actor.user, NowUtc(), host, static_cast<int64_t>(getpid()), now};
  if (rows.empty()) {
    PALERMO_RETURN_IF_ERROR(
        tx->Execute("INSERT INTO persons_lock (id, token, by_user, since, host, pid, heartbeat) "
                    "VALUES (1, $1, $2, $3, $4, $5, $6)",
                    mine)
            .status());
  } else {
    const auto& row = rows[0];
    const bool gone = Str(row[3]) == host && !ProcessAlive(Int(row[4]));
    const bool silent = now - Int(row[5]) > options.lock_stale_after.count();
    if (!gone && !silent) {
      Holder holder{Str(row[1]), Str(row[2])};
      PALERMO_RETURN_IF_ERROR(tx->Commit());
      return std::optional<Holder>(std::move(holder));
    }
    std::vector<store::SqlValue> take = mine;
    take.push_back(Str(row[0]));
    PALERMO_RETURN_IF_ERROR(
        tx->Execute("UPDATE persons_lock SET token = $1, by_user = $2, since = $3, host = $4, "
                    "pid = $5, heartbeat = $6 WHERE id = 1 AND token = $7",
                    take)
            .status());
    PALERMO_RETURN_IF_ERROR(tx->Audit("link_lock_taken_over", "persons_run", "", kLinkagePurpose,
                                      std::string(gone ? "holder process gone" : "no heartbeat") +
                                          "; held by " + Str(row[1]) + " since " + Str(row[2])));
  }
  PALERMO_RETURN_IF_ERROR(tx->Commit());
  return std::optional<Holder>();
}

Status Busy(const Holder& holder, const RunOptions& options) {
  // "2026-12-07T19:42:11Z" -> "19:42"
  const std::string time = holder.since.size() >= 16 ? holder.since.substr(11, 5) : holder.since;
  const auto waited = std::chrono::duration_cast<std::chrono::seconds>(options.lock_wait).count();
  return Status::Unavailable(Format(
      {"another linkage run is in progress since {time} UTC by {user}; waited {s} s "
       "(--lock-wait SECONDS to wait longer)",
       "une autre mise en relation est en cours depuis {time} UTC, lancée par {user} ; attendu "
       "{s} s (--lock-wait SECONDES pour attendre plus longtemps)"},
      options.lang, {{"time", time}, {"user", holder.by}, {"s", int64_t{waited}}}));
}

}  // namespace

struct RunLock::Heart {
  std::mutex mu;
  std::condition_variable_any cv;
  std::jthread thread;
};

RunLock::RunLock(store::Store& store, store::Actor actor, std::string token,
                 std::chrono::seconds beat)
    : store_(store),
      actor_(std::move(actor)),
      token_(std::move(token)),
      heart_(std::make_unique<Heart>()) {
  heart_->thread = std::jthread([this, beat](std::stop_token stop) {
    std::unique_lock lock(heart_->mu);
    while (!stop.stop_requested()) {
      heart_->cv.wait_for(lock, stop, beat, [] { return false; });
      if (stop.stop_requested()) return;
      lock.unlock();
      // A missed beat only brings the stale time nearer; the next one may succeed.
      if (Result<std::unique_ptr<store::Transaction>> tx = store_.Begin(actor_); tx.ok()) {
        if ((*tx)
                ->Execute("UPDATE persons_lock SET heartbeat = $1 WHERE id = 1 AND token = $2",
                          {EpochSeconds(), token_})
                .ok()) {
          (*tx)->Commit().IgnoreError();
        }
      }
      lock.lock();
    }
  });
}

RunLock::~RunLock() {
  heart_->thread.request_stop();
  heart_->thread.join();
  // Deleted by token: a lock taken over since (this run was thought dead) stays its new
  // holder's. On failure the row stays until it is found stale.
  if (Result<std::unique_ptr<store::Transaction>> tx = store_.Begin(actor_); tx.ok()) {
    if ((*tx)->Execute("DELETE FROM persons_lock WHERE token = $1", {token_}).ok()) {
      (*tx)->Commit().IgnoreError();
    }
  }
}

Result<std::unique_ptr<RunLock>> RunLock::Acquire(store::Store& store, const store::Actor& actor,
                                                  const RunOptions& options) {
  const std::string token = NewToken();
  const std::string host = HostName();
  const auto deadline = std::chrono::steady_clock::now() + options.lock_wait;
  bool announced = false;
  std::optional<Holder> last;
  for (;;) {
    Result<std::optional<Holder>> held = TryClaim(store, actor, token, host, options);
    if (held.ok() && !*held) {
      // Beat well within the stale time, at most every 30 s.
      const auto beat = std::clamp(options.lock_stale_after / 4, std::chrono::seconds(1),
                                   std::chrono::seconds(30));
      return std::unique_ptr<RunLock>(new RunLock(store, actor, token, beat));
    }
    if (!held.ok()) {
      // The database busy with another writer (SQLite's busy timeout, a PostgreSQL retry):
      // try again; any other error ends the wait.
      const StatusCode code = held.status().code();
      if (code != StatusCode::kUnavailable && code != StatusCode::kAborted) return held.status();
    } else {
      last = **held;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      if (last) return Busy(*last, options);
      return held.status();
    }
    if (!announced && options.progress) options.progress("wait");
    announced = true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(200), deadline - now));
  }
}

}  // namespace palermo::persons::internal
