// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/engines.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <pqxx/pqxx>
#include <random>

namespace palermo::store::testing {

SqliteEngine::SqliteEngine(const std::filesystem::path& dir)
    : url_((dir / "palermo.db").string()) {}

std::string SqliteEngine::RawExec(const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(url_.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  sqlite3_busy_timeout(db, 5000);
  char* message = nullptr;
  std::string error;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    error = message ? message : "error";
  }
  sqlite3_free(message);
  sqlite3_close(db);
  return error;
}

PgEngine::PgEngine(const std::filesystem::path&) {
  std::ifstream in(PALERMO_PG_URL_FILE);
  std::getline(in, admin_url_);
  if (admin_url_.empty()) {
    error_ = std::string("no PostgreSQL URL in ") + PALERMO_PG_URL_FILE +
             ": the pg fixture (tests/store/pg_fixture.sh) did not start a server";
    return;
  }
  static std::atomic<int> counter{0};
  std::random_device random;
  database_ = "palermo_t" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
              std::to_string(random() % 100000);
  // A schema per test, not a database: CREATE DATABASE costs most of a second.
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE SCHEMA " + database_);
  } catch (const std::exception& e) {
    error_ = std::string("cannot create a test schema: ") + e.what();
    return;
  }
  url_ = admin_url_ + "?options=-c%20search_path%3D" + database_;
}

PgEngine::~PgEngine() {
  if (database_.empty() || !error_.empty()) return;
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP SCHEMA IF EXISTS " + database_ + " CASCADE");
  } catch (const std::exception&) {
  }
}

std::string PgEngine::RawExec(const std::string& sql) {
  try {
    pqxx::connection conn(url_);
    pqxx::nontransaction tx(conn);
    tx.exec(sql);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace palermo::store::testing
