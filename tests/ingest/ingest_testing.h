// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/ingest/ingest_testing.h: a fresh encrypted store in a temporary directory.
#pragma once

#include <memory>
#include <string>

#include "ingest/ingest.h"
#include "store/store.h"
#include "testing/testing.h"

namespace palermo::ingest::testing {

struct TestStore {
  palermo::testing::TempDir dir;
  store::StoreOptions options;
  std::unique_ptr<store::Store> store;
  std::string db() const { return options.url; }
  std::string key() const { return options.key_file; }
};

// Creates (Init) and opens a SQLite store with the ingest tables. Aborts the test on failure.
std::unique_ptr<TestStore> MakeStore();

// A fixed "today" so that date plausibility does not depend on the clock.
PartialDate Today();

int64_t CountCases(store::Store& store);
std::vector<store::QuarantineEntry> Quarantine(store::Store& store, bool all = true);

}  // namespace palermo::ingest::testing
