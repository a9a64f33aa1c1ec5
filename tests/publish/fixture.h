// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/publish/fixture.h: loads the fixed person-level table tests/publish/data/persons.csv.
#pragma once

#include <string>
#include <vector>

#include "publish/publish.h"

namespace palermo::publish::testing {

std::vector<PersonRow> LoadPersons();
// A report input over the fixture: ITA, 2023, unique persons, with population and estimate.
ReportInput FixtureInput();
std::string Slurp(const std::string& path);

}  // namespace palermo::publish::testing
