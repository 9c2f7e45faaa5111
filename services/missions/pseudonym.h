// Pseudonymous volunteer ids for exports read by coordinators: HMAC-SHA256 of the volunteer id
// keyed with the deployment's secret (pseudonym_keys, migration 0012). Stable across exports of
// one deployment (so a coordinator can count distinct volunteers or follow one across
// exports), not reversible without the secret, and different between deployments.
#ifndef RENFORT_SERVICES_MISSIONS_PSEUDONYM_H_
#define RENFORT_SERVICES_MISSIONS_PSEUDONYM_H_

#include <string>

#include "absl/strings/string_view.h"

namespace renfort::services {

// 32 lowercase hex digits: the first 128 bits of HMAC-SHA256(secret, volunteer_id).
std::string VolunteerPseudonym(absl::string_view secret, absl::string_view volunteer_id);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_PSEUDONYM_H_
