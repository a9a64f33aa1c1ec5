// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/store/engines.h: the two engines the store contract suite runs on, each with a raw
// second connection for tampering the way an attacker with database access would.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"
#include "testing/testing.h"

namespace palermo::store::testing {

class SqliteEngine {
 public:
  static constexpr const char* kName = "Sqlite";
  explicit SqliteEngine(const std::filesystem::path& dir);
  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }
  // Runs `sql` through the sqlite3 C API on a connection of its own. Empty on success, else
  // the error text.
  std::string RawExec(const std::string& sql);

 private:
  std::string url_;
  std::string error_;
};

class PgEngine {
 public:
  static constexpr const char* kName = "Postgres";
  // Creates a fresh schema on the fixture's server (the URL is read from PALERMO_PG_URL_FILE)
  // and a URL whose search_path is that schema; error() says why when it cannot.
  explicit PgEngine(const std::filesystem::path& dir);
  ~PgEngine();  // drops the schema
  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }
  std::string RawExec(const std::string& sql);

 private:
  std::string admin_url_;
  std::string database_;
  std::string url_;
  std::string error_;
};

// A fresh store on `Engine` for each test: key file and schema created, store_ open.
template <typename Engine>
class StoreOnEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = std::make_unique<Engine>(dir_.path());
    ASSERT_EQ(engine_->error(), "");
    options_.url = engine_->url();
    options_.key_file = (dir_.path() / "palermo.key").string();
    ASSERT_THAT(Store::Init(options_), ::palermo::testing::IsOk());
    Reopen();
  }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<Store>> store = Store::Open(options_);
    ASSERT_THAT(store, ::palermo::testing::IsOk());
    store_ = std::move(*store);
  }

  ::palermo::testing::TempDir dir_;
  std::unique_ptr<Engine> engine_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
};

// For TYPED_TEST_SUITE(Suite, Engines, EngineNames): every typed suite runs on both engines,
// its tests named ".../Sqlite" and ".../Postgres".
using Engines = ::testing::Types<SqliteEngine, PgEngine>;
struct EngineNames {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

}  // namespace palermo::store::testing
