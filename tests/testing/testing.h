// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/testing/testing.h: helpers shared by every module's tests.
//
//   EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("row 7, birth_date")));
//   TempDir dir;  dir.path() / "palermo.db"      (removed with its contents at scope exit)
//   SharedData("mse/uk_6.csv")                   (../shared/data, see its README for licences)
//   RunPalermo({"estimate", "--in", f})          (runs the built CLI, captures output)
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/core.h"

namespace palermo::testing {

template <typename T>
const Status& GetStatus(const Result<T>& r) { return r.status(); }
inline const Status& GetStatus(const Status& s) { return s; }

MATCHER_P2(StatusIs, code, message_matcher,
           "has status " + std::string(StatusCodeName(code))) {
  const Status& s = GetStatus(arg);
  if (s.code() != code) {
    *result_listener << "status is " << s.ToString();
    return false;
  }
  return ::testing::ExplainMatchResult(message_matcher, s.message(), result_listener);
}

MATCHER(IsOk, "is OK") {
  const Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s.ToString();
  return s.ok();
}

#define PALERMO_ASSERT_OK(expr) ASSERT_THAT((expr), ::palermo::testing::IsOk())
#define PALERMO_EXPECT_OK(expr) EXPECT_THAT((expr), ::palermo::testing::IsOk())

// A fresh directory under $TMPDIR, removed recursively on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Path of a file in ../shared/data (public data sets; see the READMEs there for licences).
std::filesystem::path SharedData(const std::string& relative);
// Path of a file in the project's tests/ tree.
std::filesystem::path TestData(const std::string& relative);
// Writes `content` to `path`, creating parent directories.
void WriteFile(const std::filesystem::path& path, const std::string& content);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built `palermo` executable ($PALERMO_BIN) with `args` and extra environment
// assignments ("LANG=fr_FR.UTF-8"). Standard input is /dev/null.
CommandResult RunPalermo(const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {});

}  // namespace palermo::testing
