#ifndef RENFORT_SERVICES_MATCHING_MATCHING_SPEC_H_
#define RENFORT_SERVICES_MATCHING_MATCHING_SPEC_H_

#include "services/common/server_main.h"

namespace renfort::services {

// renfort-matching: the MatchingService of DESIGN.md §2, default port 50054.
ServiceSpec MatchingSpec();

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_MATCHING_SPEC_H_
