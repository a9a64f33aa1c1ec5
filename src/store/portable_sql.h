// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/portable_sql.h (internal to the store): the portable SQL subset (store.h,
// Migration) translated to each engine.
//
//   Translate("INSERT INTO t VALUES ($1, {{now}})", Dialect::kSqlite)
//     == "INSERT INTO t VALUES (?1, (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
// Tokens: {{id}} auto-increment BIGINT primary key; {{blob}} binary; {{now}} current UTC time
// as ISO 8601 text with milliseconds; {{without_rowid}} after a table's closing parenthesis
// clusters it on its primary key (SQLite; nothing on PostgreSQL). `$N` becomes `?N` on SQLite.
// Quoted text ('...', "...") is copied untouched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palermo::store::internal {

enum class Dialect { kSqlite, kPostgres };

std::string Translate(std::string_view sql, Dialect dialect);

// Splits a script on ';' outside quotes; blank statements and `--` comment lines are dropped.
std::vector<std::string> SplitStatements(std::string_view script);

}  // namespace palermo::store::internal
