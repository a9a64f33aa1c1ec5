// SPDX-License-Identifier: AGPL-3.0-or-later
// fuzz/fuzz_check.h: the contract checks of the fuzz targets. A broken contract aborts, which
// libFuzzer reports as a crash and saves the input (crash-<sha1> in the working directory).
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                        \
  do {                                                                               \
    if (!(condition)) {                                                              \
      std::fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                  \
    }                                                                                \
  } while (false)
