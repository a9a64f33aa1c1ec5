// SPDX-License-Identifier: AGPL-3.0-or-later
// bench/ingest/ingest_bench.cc: imports N generated police-layout rows into a fresh SQLite
// store (parsing, validation, content hashes, encryption of identifiers, blind indexes, audit,
// batched commits) and prints rows/s. Goal (issue 3): 1,000,000 rows in under 30 s on the
// 2-core reference machine.
// The machine may be shared: besides wall time the bench prints the CPU seconds the process
// used during the import (user + system, all threads) and the load average, so a figure taken
// on a busy machine can be read for what it is.
//   ingest_bench [rows=1000000] [work_dir=$TMPDIR] [batch_rows=ImportOptions' default]
//   PALERMO_BENCH_DB=postgresql://...  imports into that (empty) PostgreSQL database instead.
//
// About 1.6% of the generated rows are quarantined ("birth_date: no such day in the
// calendar"), on purpose: sample::RenderBirth swaps day and month in 3% of the full birth dates,
// the data-entry slip real agency files contain, and with a day above 12 the swapped DD/MM/YYYY
// date does not exist (0.95 x 0.03 x ~19/30 = 1.7%). The bench thus also times the quarantine
// path (raw row sealed, audit entry) in the proportion a real file has; the other 98.4% are
// imported as cases.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "ingest/ingest.h"
#include "ingest/reader.h"  // internal: to time parsing and validation without the store
#include "sample/sample.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace palermo;

// `who` is RUSAGE_SELF (every thread) or RUSAGE_THREAD (the calling thread only).
double CpuSeconds(int who = RUSAGE_SELF) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// The calling thread's scheduler figures (/proc/thread-self/schedstat): nanoseconds on a CPU,
// nanoseconds runnable but waiting for a CPU. What the wall time has beyond both, the thread
// spent blocked (I/O, fsync, a lock, a condition variable).
struct SchedStat {
  double run = 0;
  double runnable_wait = 0;
};
SchedStat ThreadSchedStat() {
  std::ifstream in("/proc/thread-self/schedstat");
  double run_ns = 0, wait_ns = 0;
  in >> run_ns >> wait_ns;
  return {run_ns / 1e9, wait_ns / 1e9};
}

// Voluntary context switches of the calling thread: how often it blocked.
long VoluntarySwitches() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_nvcsw;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

int main(int argc, char** argv) {
  const int64_t rows = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const char* tmp = std::getenv("TMPDIR");
  const fs::path dir = fs::path(argc > 2 ? argv[2] : (tmp && *tmp ? tmp : "/tmp")) /
                       ("palermo-ingest-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };

  const auto t0 = Clock::now();
  if (Status s = sample::WriteBenchmarkCsv(dir / "police.csv", rows, 1); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  const auto t1 = Clock::now();
  ingest::RegisterIngestMigrations();
  store::StoreOptions options;
  // PALERMO_BENCH_DB: an empty PostgreSQL database (postgresql://...) instead of a new SQLite file.
  const char* bench_db = std::getenv("PALERMO_BENCH_DB");
  options.url = bench_db && *bench_db ? std::string(bench_db) : (dir / "bench.db").string();
  options.key_file = (dir / "bench.db.key").string();
  if (Status s = store::Store::Init(options); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  Result<std::unique_ptr<store::Store>> store = store::Store::Open(options);
  if (!store.ok()) {
    std::cerr << store.status() << "\n";
    return 1;
  }
  Result<ingest::Mapping> mapping =
      ingest::ParseMapping(sample::SampleMappingJson("police"), "police.json");
  // Ingest's own share: reading, validation and content hashes, without the store.
  const auto v0 = Clock::now();
  int64_t valid = 0;
  {
    auto source = ingest::internal::RowSource::Open(dir / "police.csv", *mapping);
    if (!source.ok()) {
      std::cerr << source.status() << "\n";
      return 1;
    }
    const PartialDate today = *PartialDate::FromParts(2025, 6, 30);
    while (std::optional<ingest::RawRow> row = (*source)->Next()) {
      const std::string hash = ingest::ContentHash("police", *row);
      valid +=
          ingest::ConvertRow(*mapping, *row, today).record.has_value() && !hash.empty() ? 1 : 0;
    }
  }
  const auto v1 = Clock::now();
  ingest::ImportOptions import_options;
  if (argc > 3) import_options.batch_rows = std::atoll(argv[3]);
  const std::string load_before = LoadAverage();
  const double cpu0 = CpuSeconds();
  const double main_cpu0 = CpuSeconds(RUSAGE_THREAD);
  const SchedStat sched0 = ThreadSchedStat();
  const long switches0 = VoluntarySwitches();
  // On stderr at once, so a profiler can attach for the import only.
  std::cerr << "ingest_bench: import starts (pid " << getpid() << ")" << std::endl;
  const auto t2 = Clock::now();
  Result<ingest::FileReport> report =
      ingest::ImportFile(**store, *mapping, dir / "police.csv", import_options);
  const auto t3 = Clock::now();
  const double cpu = CpuSeconds() - cpu0;
  // The import's writing thread (SQLite); reading/validation and sealing run beside it.
  const double main_cpu = CpuSeconds(RUSAGE_THREAD) - main_cpu0;
  const SchedStat sched1 = ThreadSchedStat();
  const long switches = VoluntarySwitches() - switches0;
  std::cerr << "ingest_bench: import ends" << std::endl;
  if (!report.ok()) {
    std::cerr << report.status() << "\n";
    return 1;
  }
  std::cout << "generate " << rows << " rows: " << seconds(t0, t1) << " s\n"
            << "parse + validate + hash only: " << seconds(v0, v1) << " s, "
            << static_cast<int64_t>(rows / seconds(v0, v1)) << " rows/s (" << valid << " valid)\n"
            << ingest::FormatReport(*report, Lang::kEn) << "import: " << seconds(t2, t3) << " s, "
            << static_cast<int64_t>(rows / seconds(t2, t3))
            << " rows/s (goal: 1,000,000 rows in < 30 s, i.e. > 33,333 rows/s)\n"
            << "import CPU (user + system): " << cpu << " s in all threads, " << main_cpu
            << " s in the writing thread; batch " << import_options.batch_rows
            << " rows; load average before " << load_before << ", after " << LoadAverage() << "\n"
            << "writing thread: " << sched1.run - sched0.run << " s on a CPU, "
            << sched1.runnable_wait - sched0.runnable_wait << " s runnable but waiting for one, "
            << seconds(t2, t3) - (sched1.run - sched0.run) -
                   (sched1.runnable_wait - sched0.runnable_wait)
            << " s blocked (" << switches << " times: I/O, fsync, locks, waiting for rows)\n";
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
