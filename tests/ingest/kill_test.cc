// SPDX-License-Identifier: AGPL-3.0-or-later
// SIGKILL at random moments during a large import, then a re-run: every row ends up stored
// exactly once or quarantined once, as in an uninterrupted import. (Labelled slow.)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "ingest_testing.h"
#include "sample/sample.h"

namespace palermo::ingest {
namespace {

namespace fs = std::filesystem;
using ::palermo::testing::RunPalermo;
using ::palermo::testing::TempDir;

// Starts `palermo args…` with output discarded; returns its pid.
pid_t Spawn(const std::vector<std::string>& args) {
  const char* bin = std::getenv("PALERMO_BIN");
  std::string exe = bin && *bin ? bin : std::string(PALERMO_BINARY_DIR) + "/src/cli/palermo";
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    std::vector<char*> argv = {exe.data()};
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

TEST(KillDuringImport, RandomSigkillsThenRerunGiveExactCounts) {
  TempDir dir;
  const int64_t rows = 40000;
  ASSERT_TRUE(sample::WriteBenchmarkCsv(dir.path() / "police.csv", rows, 99).ok());
  palermo::testing::WriteFile(dir.path() / "police.json", sample::SampleMappingJson("police"));

  auto reference = testing::MakeStore();
  Result<FileReport> clean = ImportFile(*reference->store, *LoadMapping(dir.path() / "police.json"),
                                        dir.path() / "police.csv", ImportOptions());
  ASSERT_TRUE(clean.ok()) << clean.status();
  ASSERT_EQ(clean->imported + clean->quarantined, rows);

  auto t = testing::MakeStore();
  t->store.reset();
  const std::vector<std::string> import = {"--db",
                                           t->db(),
                                           "--key",
                                           t->key(),
                                           "import",
                                           "--batch-rows",
                                           "2000",
                                           "--mapping",
                                           (dir.path() / "police.json").string(),
                                           (dir.path() / "police.csv").string()};
  std::mt19937 rng(20240730);  // fixed seed: the same kill times on every run
  std::uniform_int_distribution<int> delay_ms(30, 900);
  int killed = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const pid_t pid = Spawn(import);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status) ? 1 : 0;
    // Between kills the store must open and be consistent.
    auto s = store::Store::Open(t->options);
    ASSERT_TRUE(s.ok()) << s.status();
    PALERMO_EXPECT_OK((*s)->VerifyAudit());
    const int64_t stored =
        testing::CountCases(**s) + static_cast<int64_t>(testing::Quarantine(**s).size());
    EXPECT_LE(stored, rows);
    EXPECT_EQ(stored % 2000 == 0 || stored == rows, true)
        << "a partial batch is visible: " << stored;
  }
  EXPECT_GT(killed, 0) << "no run was interrupted; the file is too small for this machine";

  auto rerun = RunPalermo(import);
  EXPECT_TRUE(rerun.exit_code == 0 || rerun.exit_code == 9) << rerun.err;
  auto s = store::Store::Open(t->options);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(testing::CountCases(**s), clean->imported);
  EXPECT_EQ(static_cast<int64_t>(testing::Quarantine(**s).size()), clean->quarantined);
}

}  // namespace
}  // namespace palermo::ingest
