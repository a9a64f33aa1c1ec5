// SPDX-License-Identifier: AGPL-3.0-or-later
// src/core/core.h: what every Palermo module stands on.
//
// Promises: Status/Result<T> for expected failures (status.h, result.h, macros.h); dates
// known to the year, month or day (partial_date.h); the HTCDS-aligned case model with direct
// identifiers kept apart (model.h); shared code lists — ISO 3166 countries with fr/en names
// and UN M49 regions, forms of exploitation with GLOTIP categories, CTDC age bands (codes.h);
// French/English messages through ICU MessageFormat (i18n.h); a strict CSV reader (csv_reader.h);
// Unicode folding and UTF-8 validation (text.h); data file lookup (data_dir.h).
// core depends on no other module.
#pragma once

#include "core/codes.h"
#include "core/csv_reader.h"
#include "core/data_dir.h"
#include "core/i18n.h"
#include "core/macros.h"
#include "core/model.h"
#include "core/partial_date.h"
#include "core/result.h"
#include "core/status.h"
#include "core/text.h"
