#ifndef RENFORT_SERVICES_MISSIONS_MISSIONS_SPEC_H_
#define RENFORT_SERVICES_MISSIONS_MISSIONS_SPEC_H_

#include "services/common/server_main.h"

namespace renfort::services {

// renfort-missions: the MissionService of DESIGN.md §2, default port 50052.
ServiceSpec MissionsSpec();

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_MISSIONS_SPEC_H_
