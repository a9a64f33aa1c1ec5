// tests/store/engines.h: the two engines the store contract suite runs on, each with a raw
// second connection for tampering the way an attacker with database access would.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

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
