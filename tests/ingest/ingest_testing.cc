// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest_testing.h"

namespace palermo::ingest::testing {

std::unique_ptr<TestStore> MakeStore() {
  auto t = std::make_unique<TestStore>();
  RegisterIngestMigrations();
  t->options.url = (t->dir.path() / "cases.db").string();
  t->options.key_file = (t->dir.path() / "cases.db.key").string();
  Status init = store::Store::Init(t->options);
  if (!init.ok()) ADD_FAILURE() << init;
  Result<std::unique_ptr<store::Store>> opened = store::Store::Open(t->options);
  if (!opened.ok()) {
    ADD_FAILURE() << opened.status();
    return t;
  }
  t->store = std::move(*opened);
  return t;
}

PartialDate Today() { return *PartialDate::FromParts(2025, 6, 30); }

int64_t CountCases(store::Store& store) {
  auto tx = store.Begin(store::Actor{});
  if (!tx.ok()) return -1;
  Result<int64_t> n = (*tx)->CountCases();
  return n.ok() ? *n : -1;
}

std::vector<store::QuarantineEntry> Quarantine(store::Store& store, bool all) {
  auto tx = store.Begin(store::Actor{});
  if (!tx.ok()) return {};
  auto entries = (*tx)->ListQuarantine(all, /*with_raw=*/true);
  if (!entries.ok()) return {};
  return *entries;
}

}  // namespace palermo::ingest::testing
