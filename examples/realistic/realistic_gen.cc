// SPDX-License-Identifier: AGPL-3.0-or-later
// realistic_gen: writes a realistic multi-agency evaluation data set (examples/realistic).
//
//   realistic_gen OUT_DIR [--profile dev|heldout] [--people N] [--seed S]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "realistic/realistic.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: realistic_gen OUT_DIR [--profile dev|heldout] [--people N] [--seed S]\n");
  return 2;
}

bool ParseNumber(const char* text, unsigned long long max, unsigned long long* out) {
  char* end = nullptr;
  if (text[0] == '-' || text[0] == '\0') return false;
  *out = std::strtoull(text, &end, 10);
  return *end == '\0' && *out <= max;
}

}  // namespace

int main(int argc, char** argv) {
  palermo::realistic::RealisticOptions options;
  std::string out_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    unsigned long long n = 0;
    if (arg == "--profile" && i + 1 < argc) {
      options.profile = argv[++i];
    } else if (arg == "--people" && i + 1 < argc) {
      if (!ParseNumber(argv[++i], 10000000, &n)) return Usage();
      options.people = static_cast<int>(n);
    } else if (arg == "--seed" && i + 1 < argc) {
      if (!ParseNumber(argv[++i], ~0ULL, &n)) return Usage();
      options.seed = n;
    } else if (!arg.empty() && arg[0] != '-' && out_dir.empty()) {
      out_dir = arg;
    } else {
      return Usage();
    }
  }
  if (out_dir.empty()) return Usage();
  const auto summary = palermo::realistic::GenerateRealistic(out_dir, options);
  if (!summary.ok()) {
    std::fprintf(stderr, "realistic_gen: %s\n", summary.status().ToString().c_str());
    return 1;
  }
  std::printf("%s: profile %s, seed %llu: %d people, %d records, %d true pairs\n", out_dir.c_str(),
              options.profile.c_str(), static_cast<unsigned long long>(options.seed),
              summary->people, summary->records, summary->true_pairs);
  for (const auto& [file, n] : summary->records_per_file) std::printf("  %s %d\n", file.c_str(), n);
  return 0;
}
