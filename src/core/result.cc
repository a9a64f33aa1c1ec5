// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/result.h"

namespace palermo::internal {

void DieOnBadResultAccess(const Status& status) {
  std::fprintf(stderr, "palermo: value of a failed Result accessed: %s\n", status.ToString().c_str());
  std::abort();
}

}  // namespace palermo::internal
