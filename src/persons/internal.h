// SPDX-License-Identifier: AGPL-3.0-or-later
// src/persons/internal.h: what the persons module's files share. Internal.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "persons/persons.h"

namespace palermo::persons::internal {

inline int64_t Int(const store::SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return 0;
}
inline double Real(const store::SqlValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  return 0;
}
inline std::string Str(const store::SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "";
}

// Current UTC time, ISO 8601 ("2026-12-07T13:02:11Z").
std::string NowUtc();

// The cases the link engine reads, one SourceTable per agency, rows in case order.
struct LinkInput {
  std::vector<link::SourceTable> tables;
  std::vector<std::vector<CaseId>> case_ids;  // per table, per row
  std::vector<std::string> fingerprints;      // per case, in table/row order
};
// Builds the engine's tables from cases read with identifiers. The fingerprint digests the
// values linkage reads, so a run can tell which cases changed since they were linked.
LinkInput MakeLinkInput(const std::vector<CaseRecord>& cases);

// Roles that may run the linkage.
bool MayLink(std::string_view role);

// The linkage lock of a database, held from before a run reads the cases until after it wrote
// its results (run_lock.cc explains the design). Released (its row deleted) on destruction.
class RunLock {
 public:
  // Claims the lock, waiting up to options.lock_wait (calling options.progress("wait") once)
  // while another run holds it; a holder found stale is replaced. kUnavailable, in
  // options.lang, naming the holder and since when, when the wait is over.
  static Result<std::unique_ptr<RunLock>> Acquire(store::Store& store, const store::Actor& actor,
                                                  const RunOptions& options);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  struct Heart;
  RunLock(store::Store& store, store::Actor actor, std::string token, std::chrono::seconds beat);
  store::Store& store_;
  const store::Actor actor_;
  const std::string token_;
  std::unique_ptr<Heart> heart_;  // the thread that writes the heartbeat
};

}  // namespace palermo::persons::internal
