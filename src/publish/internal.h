// src/publish/internal.h: helpers shared by the publish sources. Not part of the module's
// interface; other modules include only publish/publish.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "publish/publish.h"

namespace palermo::publish::internal {

// 64-bit FNV-1a; stable across platforms (used for deterministic choices, not for security).
uint64_t Fnv1a(std::string_view text);

// The person's distinct forms, at most `max_forms_per_person` of them when positive (chosen by
// a hash of the person key so that no form is systematically dropped), sorted.
std::vector<std::string> BoundedForms(const PersonRow& p, int max_forms_per_person);

std::vector<Table> BuildTables(const ReportInput& input, int max_forms_per_person);

// Adds discrete Laplace noise of scale `scale_num/scale_den` to every detail cell (cells that
// are the total of no relation), clamps at zero, then recomputes every total from its parts.
void AddNoise(Table& table, uint64_t scale_num, uint64_t scale_den, RandomSource& rng);

// Recomputes totals from parts, in dependency order.
void RecomputeTotals(Table& table);

// Labels and messages shared by the renderers.
std::string UnitText(Unit unit, Lang lang);

}  // namespace palermo::publish::internal
