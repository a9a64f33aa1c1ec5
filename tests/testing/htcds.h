// SPDX-License-Identifier: AGPL-3.0-or-later
// tests/testing/htcds.h: conformance to the Human Trafficking Case Data Standard v2 (IOM,
// CC BY 4.0), against its field list and code lists in ../shared/data/reference/htcds/.
//
//   EXPECT_THAT(HtcdsViolations(exported_case_object), ::testing::IsEmpty());
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace palermo::testing {

// Every way `record` (one case as a JSON object) departs from HTCDS v2: a key that is neither
// a field of fields.csv nor a Palermo extension (prefix plm_), and a coded value (prs_Gender,
// vic_TraffickingStatus, vic_TypeOfExploitation, hte_Type, …: every field with a list in
// codelists.csv) outside its list. Objects inside an array (trafficking events under
// plm_TraffickingEvents) are checked the same way. Empty when it conforms.
std::vector<std::string> HtcdsViolations(const nlohmann::json& record);

}  // namespace palermo::testing
