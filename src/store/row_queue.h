// SPDX-License-Identifier: AGPL-3.0-or-later
// src/store/row_queue.h (internal to the store): rows of one table queued for multi-row INSERTs.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "store/connection.h"

namespace palermo::store::internal {

// Rows of one table waiting to be inserted with multi-row INSERT statements of up to
// kQueuedRowsPerInsert rows. Text and blob values are copied into one arena (the caller's may
// be gone by the time the rows are written): no allocation per value.
class RowQueue {
 public:
  RowQueue(std::string_view table_and_columns, size_t columns)
      : table_and_columns_(table_and_columns), columns_(columns) {}

  size_t rows() const { return params_.size() / columns_; }

  void Add(std::span<const Param> row) {
    PALERMO_DCHECK(row.size() == columns_, "a queued row has the wrong number of columns");
    for (const Param& value : row) {
      if (const auto* text = std::get_if<std::string_view>(&value)) {
        Copy(*text, /*blob=*/false);
      } else if (const auto* blob = std::get_if<BlobView>(&value)) {
        Copy(blob->bytes, /*blob=*/true);
      } else {
        params_.push_back(value);
      }
    }
  }

  // Inserts every queued row through `exec(sql, params)`, in the order added.
  template <typename Exec>
  Status Flush(Exec&& exec) {
    if (params_.empty()) return Status::Ok();
    if (statements_.empty()) BuildStatements();
    // The arena no longer grows: its bytes can be viewed now.
    for (const Copied& copied : copied_) {
      const std::string_view bytes(arena_.data() + copied.offset, copied.size);
      params_[copied.index] = copied.blob ? Param(BlobView{bytes}) : Param(bytes);
    }
    const size_t chunk = columns_ * kQueuedRowsPerInsert;
    for (size_t first = 0; first < params_.size(); first += chunk) {
      const size_t n = std::min(chunk, params_.size() - first);
      PALERMO_RETURN_IF_ERROR(
          exec(statements_[n / columns_], std::span<const Param>(params_).subspan(first, n)));
    }
    Clear();
    return Status::Ok();
  }

  // Inserts rows whose values the caller keeps alive until this returns (`params` holds whole
  // rows, in order), with the same statements as Flush, without copying them.
  template <typename Exec>
  Status InsertRows(std::span<const Param> params, Exec&& exec) {
    if (params.empty()) return Status::Ok();
    if (statements_.empty()) BuildStatements();
    const size_t chunk = columns_ * kQueuedRowsPerInsert;
    for (size_t first = 0; first < params.size(); first += chunk) {
      const size_t n = std::min(chunk, params.size() - first);
      PALERMO_RETURN_IF_ERROR(exec(statements_[n / columns_], params.subspan(first, n)));
    }
    return Status::Ok();
  }

  void Clear() {
    params_.clear();
    copied_.clear();
    arena_.clear();
  }

 private:
  // A text or blob value: params_[index] is a placeholder until Flush.
  struct Copied {
    size_t index;
    size_t offset;
    size_t size;
    bool blob;
  };

  void Copy(std::string_view bytes, bool blob) {
    copied_.push_back({params_.size(), arena_.size(), bytes.size(), blob});
    arena_.append(bytes);
    params_.emplace_back(std::monostate{});
  }

  // "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)…" for 1..kQueuedRowsPerInsert rows, built
  // on first use (a transaction that inserts no case never needs them).
  void BuildStatements() {
    statements_.resize(kQueuedRowsPerInsert + 1);
    for (size_t n = 1; n <= kQueuedRowsPerInsert; ++n) {
      std::string sql = "INSERT INTO " + std::string(table_and_columns_) + " VALUES ";
      for (size_t row = 0; row < n; ++row) {
        sql += row ? ", (" : "(";
        for (size_t col = 1; col <= columns_; ++col) {
          if (col > 1) sql += ", ";
          sql += '$';
          sql += std::to_string(columns_ * row + col);
        }
        sql += ")";
      }
      statements_[n] = std::move(sql);
    }
  }

  static constexpr size_t kQueuedRowsPerInsert = 32;
  const std::string_view table_and_columns_;  // a literal
  const size_t columns_;
  std::vector<std::string> statements_;
  std::vector<Param> params_;
  std::vector<Copied> copied_;
  std::string arena_;  // every copied value's bytes, back to back
};

}  // namespace palermo::store::internal
