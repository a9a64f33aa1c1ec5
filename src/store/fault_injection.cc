// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/fault_injection.h"

#include <mutex>

namespace palermo::store {
namespace {

std::mutex g_mu;
int64_t g_fail_at = 0;  // guarded by g_mu
int64_t g_writes = 0;   // guarded by g_mu

}  // namespace

namespace internal {

std::atomic<bool> g_write_faults_on{false};

Status CountWriteSlow() {
  std::lock_guard lock(g_mu);
  if (!g_write_faults_on.load(std::memory_order_relaxed)) return Status::Ok();
  if (++g_writes == g_fail_at)
    return Status::Unavailable("injected write failure (write " + std::to_string(g_writes) + ")");
  return Status::Ok();
}

}  // namespace internal

void StartWriteFaults(int64_t fail_at) {
  std::lock_guard lock(g_mu);
  g_fail_at = fail_at;
  g_writes = 0;
  internal::g_write_faults_on.store(true, std::memory_order_relaxed);
}

int64_t StopWriteFaults() {
  std::lock_guard lock(g_mu);
  internal::g_write_faults_on.store(false, std::memory_order_relaxed);
  return g_writes;
}

}  // namespace palermo::store
