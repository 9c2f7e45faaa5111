#ifndef RENFORT_SERVICES_VOLUNTEERS_VOLUNTEERS_SPEC_H_
#define RENFORT_SERVICES_VOLUNTEERS_VOLUNTEERS_SPEC_H_

#include "services/common/server_main.h"

namespace renfort::services {

// renfort-volunteers: the VolunteerService of DESIGN.md §2, default port 50053.
ServiceSpec VolunteersSpec();

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_VOLUNTEERS_SPEC_H_
