#ifndef RENFORT_SERVICES_NOTIFIER_NOTIFIER_STARTUP_H_
#define RENFORT_SERVICES_NOTIFIER_NOTIFIER_STARTUP_H_

#include "services/common/backends.h"

namespace renfort::services {

// Starts a Notifier on `backends` unless --notifier=false, configured by --notifier_group and
// --notifier_claim_idle_seconds; it runs until `backends` is destroyed. Called by the services
// hosting the notifier while they are built (VolunteerService: it owns the inboxes).
void StartNotifierIfEnabled(Backends& backends);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_NOTIFIER_NOTIFIER_STARTUP_H_
