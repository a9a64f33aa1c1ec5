// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/crypto_lane.h (internal to the store): a second thread that seals identifiers and
// hashes blind-index rows and audit entries for a transaction that inserts many cases.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "store/audit_chain.h"
#include "store/blind_index.h"
#include "store/crypto.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace palermo::store::internal {

// The part of a large insert that needs the key but not the database: sealing identifiers,
// blind-index hashes and audit-chain hashes. A transaction that inserts many cases hands it to
// this second thread, which works while the first goes on writing rows (an import is then
// limited by SQLite, not by libsodium). Jobs are done in the order given, so the audit chain
// comes out exactly as if hashed inline. Not thread-safe itself: one owner thread calls it.
class CryptoLane {
 public:
  struct Output {
    std::vector<std::pair<PersonId, std::string>> sealed;  // person id, sealed identifiers
    std::vector<BlindRow> blind;
    std::vector<AuditEntry> audit;  // hashed
    std::string head_hash;          // of the last audit entry given so far
  };

  CryptoLane(std::shared_ptr<const Keys> keys, std::string head_hash)
      : keys_(std::move(keys)), head_hash_(std::move(head_hash)), thread_([this] { Run(); }) {}
  ~CryptoLane() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  CryptoLane(const CryptoLane&) = delete;
  CryptoLane& operator=(const CryptoLane&) = delete;

  void Seal(PersonId person_id, const DirectIdentifiers& ids) { Stage(SealJob{person_id, ids}); }
  // `entry.hash` is computed by the lane.
  void Audit(AuditEntry entry) { Stage(std::move(entry)); }
  size_t queued() const { return queued_; }

  // Hands over the results of the jobs finished so far, without waiting for the others (and
  // without head_hash, which only Drain gives). For a flush that only bounds memory: waiting
  // for a lane that is behind (descheduled on a busy machine) stalled the writing thread.
  Output TakeFinished() {
    Hand(/*wait=*/false);
    std::lock_guard lock(mu_);
    Output out = std::move(out_);
    out_ = Output{};
    queued_ = staged_.size();
    return out;
  }

  // Waits for every job given so far and hands over their results.
  Output Drain() {
    Hand();
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [this] { return jobs_.empty() && !busy_; });
    Output out = std::move(out_);
    out_ = Output{};
    out.head_hash = head_hash_;
    queued_ = 0;
    return out;
  }

 private:
  struct SealJob {
    PersonId person_id = 0;
    DirectIdentifiers ids;
  };
  using Job = std::variant<SealJob, AuditEntry>;

  // Jobs are handed over kHandJobs at a time: one lock and one wake-up per group, not per job.
  static constexpr size_t kHandJobs = 256;

  // Not inlined: GCC 12 then reports the variant's inactive SealJob as maybe-uninitialized
  // when an AuditEntry is staged (a false positive under -Werror).
  [[gnu::noinline]] void Stage(Job job) {
    staged_.push_back(std::move(job));
    ++queued_;
    if (staged_.size() >= kHandJobs) Hand(/*wait=*/false);
  }

  // Moves the staged jobs to the lane. Without `wait`, gives up when the lane holds the lock
  // (the jobs stay staged for the next try): when the machine has more runnable threads than
  // cores, the lane can be descheduled while holding it, and the writing thread used to sleep
  // a whole time slice here (about 2 s per million cases).
  void Hand(bool wait = true) {
    if (staged_.empty()) return;
    {
      std::unique_lock lock(mu_, std::defer_lock);
      if (wait) {
        lock.lock();
      } else if (!lock.try_lock()) {
        return;
      }
      if (jobs_.empty()) {
        jobs_.swap(staged_);
      } else {
        jobs_.insert(jobs_.end(), std::make_move_iterator(staged_.begin()),
                     std::make_move_iterator(staged_.end()));
      }
    }
    staged_.clear();
    staged_.reserve(kHandJobs);
    wake_.notify_one();
  }

  void Run() {
    std::vector<Job> batch;
    Output local;
    while (true) {
      {
        std::unique_lock lock(mu_);
        busy_ = false;
        // Results are published under the lock, together with busy_ = false, so Drain sees
        // every result of every job it waited for.
        Append(std::move(local));
        local = Output{};
        if (jobs_.empty()) done_cv_.notify_all();
        wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stop_
        batch.swap(jobs_);
        busy_ = true;
      }
      for (Job& job : batch) {
        if (auto* seal = std::get_if<SealJob>(&job)) {
          local.sealed.emplace_back(seal->person_id,
                                    keys_->Seal(SerializeIdentifiers(seal->ids),
                                                PersonContext(seal->person_id), nonces_));
          AddBlindRows(*keys_, seal->person_id, seal->ids, local.blind);
        } else {
          AuditEntry& entry = std::get<AuditEntry>(job);
          entry.hash = AuditHash(*keys_, head_hash_, entry);
          head_hash_ = entry.hash;  // read by Drain only when the lane is idle
          local.audit.push_back(std::move(entry));
        }
      }
      batch.clear();
    }
  }

  // REQUIRES: mu_ held.
  void Append(Output&& local) {
    auto move_all = [](auto& to, auto& from) {
      if (to.empty()) {
        to.swap(from);
      } else {
        to.insert(to.end(), std::make_move_iterator(from.begin()),
                  std::make_move_iterator(from.end()));
      }
    };
    move_all(out_.sealed, local.sealed);
    move_all(out_.blind, local.blind);
    move_all(out_.audit, local.audit);
  }

  const std::shared_ptr<const Keys> keys_;
  std::mutex mu_;
  std::condition_variable wake_;     // jobs or stop
  std::condition_variable done_cv_;  // the lane went idle
  std::vector<Job> jobs_;            // guarded by mu_
  bool busy_ = false;                // guarded by mu_: a batch is being worked on
  bool stop_ = false;                // guarded by mu_
  Output out_;                       // guarded by mu_
  std::string head_hash_;            // the lane thread's; read by Drain when idle
  NonceSequence nonces_;             // the lane thread's
  size_t queued_ = 0;                // owner thread's: jobs since the last Drain
  std::vector<Job> staged_;          // owner thread's: jobs not yet handed over
  std::thread thread_;               // last: starts once everything above is constructed
};

}  // namespace palermo::store::internal
