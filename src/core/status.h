// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/status.h: the outcome of an operation that can fail for expected reasons.
//
// Status is OK or carries a code and a message. Codes are chosen the same way everywhere
// (see ../shared/STYLE.md §3b):
//   kInvalidArgument    the input is wrong whatever the state (a date 2031-02-30, one list).
//   kFailedPrecondition the state forbids it until someone acts (consent withdrawn).
//   kNotFound / kAlreadyExists
//   kPermissionDenied   role or organisation scope.
//   kUnauthenticated    no valid credentials or key.
//   kAborted            retry the transaction (serialisation failure).
//   kUnavailable        retry the call (connection lost, injected I/O fault).
//   kDataLoss           a broken audit hash chain, a corrupt file, a wrong key.
//   kOutOfRange         a value past a limit (privacy budget exhausted, past the end).
//   kInternal           a bug.
// Messages name the place (file, row, field) and NEVER carry personal data.
//
//   Status s = Status::InvalidArgument("row 7, birth_date: not a date");
//   if (!s.ok()) std::cerr << s.ToString();   // "INVALID_ARGUMENT: row 7, birth_date: ..."
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace palermo {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kUnauthenticated,
  kFailedPrecondition,
  kAborted,
  kUnavailable,
  kDataLoss,
  kOutOfRange,
  kInternal,
};

// "INVALID_ARGUMENT", "NOT_FOUND", ...
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is `context + ": " + message()`. OK stays OK.
  Status WithContext(std::string_view context) const;

  // "OK" or "CODE: message".
  std::string ToString() const;

  // Marks a status as deliberately ignored.
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

}  // namespace palermo
