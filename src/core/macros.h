// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/macros.h: one-line error propagation and internal invariant checks.
//
//   PALERMO_RETURN_IF_ERROR(mapping.CheckColumns(header));
//   PALERMO_ASSIGN_OR_RETURN(Header header, rows.ReadHeader());
//   PALERMO_DCHECK(weights.size() == fields.size(), "one weight per compared field");
//
// PALERMO_DCHECK is for broken invariants only, never for anything a user can type.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "core/result.h"
#include "core/status.h"

#define PALERMO_CONCAT_INNER(a, b) a##b
#define PALERMO_CONCAT(a, b) PALERMO_CONCAT_INNER(a, b)

#define PALERMO_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::palermo::Status palermo_status_ = (expr);        \
    if (!palermo_status_.ok()) return palermo_status_; \
  } while (0)

#define PALERMO_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#define PALERMO_ASSIGN_OR_RETURN(lhs, expr) \
  PALERMO_ASSIGN_OR_RETURN_IMPL(PALERMO_CONCAT(palermo_result_, __LINE__), lhs, expr)

#define PALERMO_DCHECK(cond, what)                                                         \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, what, \
                   #cond);                                                                 \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
