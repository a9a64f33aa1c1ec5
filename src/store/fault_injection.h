// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/fault_injection.h: a seam for tests that makes the store's N-th write fail, to
// check that an operation interrupted by a write error (a full disk, an I/O error, a lost
// connection) leaves nothing half-written and can simply be run again.
//
// What it promises:
//  * Between StartWriteFaults(n) and StopWriteFaults(), every write a SQLite connection of this
//    process is asked to run is counted: a statement that changes the database (INSERT,
//    UPDATE, DELETE, CREATE... as sqlite3_stmt_readonly() tells, PRAGMAs excepted) and each
//    COMMIT. The n-th write (1-based) fails with kUnavailable "injected write failure" without
//    running, as SQLITE_FULL would; a failed COMMIT rolls its transaction back, as the store
//    does for a real one. Writes after it run normally. n = 0 only counts.
//  * Outside Start/Stop nothing is counted; the cost on the normal path is one relaxed atomic
//    load per statement.
//  * One counter for the whole process: for tests that run one operation at a time. The
//    PostgreSQL engine is not covered (its connections do not consult the seam).
//
//   store::StartWriteFaults(0);
//   ASSERT_TRUE(ImportFile(...).ok());
//   const int64_t writes = store::StopWriteFaults();
//   for (int64_t n = 1; n <= writes; ++n) { store::StartWriteFaults(n); ...; StopWriteFaults(); }
#pragma once

#include <atomic>
#include <cstdint>

#include "core/core.h"

namespace palermo::store {

void StartWriteFaults(int64_t fail_at);
// Ends the counting; returns the number of writes counted since StartWriteFaults.
int64_t StopWriteFaults();

namespace internal {

extern std::atomic<bool> g_write_faults_on;
// Counts one write; the injected failure when it is the one to fail.
Status CountWriteSlow();
inline Status CountWrite() {
  if (!g_write_faults_on.load(std::memory_order_relaxed)) return Status::Ok();
  return CountWriteSlow();
}

}  // namespace internal
}  // namespace palermo::store
