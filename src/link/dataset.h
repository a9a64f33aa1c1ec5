// SPDX-License-Identifier: AGPL-3.0-or-later
// src/link/dataset.h: input tables (raw text with column roles) to a normalised Dataset.
// Internal to the link module; other modules include link/link.h.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/core.h"
#include "link/normalise.h"
#include "link/record.h"

namespace palermo::link {

// One agency's list as text. `columns` gives the role of some columns (by index into each
// row); several columns may share a role (their values are joined with a space, e.g.
// street number + street). Rows must all have at least header.size() fields.
struct SourceTable {
  std::string name;  // shown in outputs: the file's basename without extension
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::pair<size_t, Role>> columns;
  // The order of ambiguous dates (03/04/2019) when the table's mapping declares it; unset,
  // each date column's order is taken from its values (DateOrderEvidence).
  std::optional<DateOrder> date_order;
};

// Normalises every row of every table (in parallel on `threads` threads), interns strings,
// counts name frequencies. `variants` may be null (no variant mapping). Deterministic:
// the result does not depend on `threads`. Never fails on content: values that cannot be
// read (a date "unknown") count as missing.
Dataset BuildDataset(const std::vector<SourceTable>& tables, const NormaliseOptions& options,
                     const VariantTable* variants, int threads);

}  // namespace palermo::link
