#ifndef RENFORT_SERVICES_MISSIONS_MISSION_VALIDATION_H_
#define RENFORT_SERVICES_MISSIONS_MISSION_VALIDATION_H_

// Field rules of the organisation and mission messages (the ranges documented in
// organisation.proto and mission.proto), as pure functions. Reference data (communes,
// activities, skills) is checked by the stores, which name the field too.

#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

// Every input field of an organisation to create. INVALID_ARGUMENT naming the field
// ("organisation.siret: ...") otherwise.
absl::Status ValidateNewOrganisation(const v1::Organisation& organisation);

// Every input field of `mission` (all but organisation_id and the output-only ones), as they
// must be on create, after an update and before submission. Fields are named under "mission.".
absl::Status ValidateMissionContent(const v1::Mission& mission);

// "Updatable" fields of Mission (mission.proto), the only paths UpdateMission accepts.
const std::set<std::string>& UpdatableMissionFields();

// The updatable fields that may change while the mission is in `status`: every one in DRAFT
// and PENDING_REVIEW; while PUBLISHED or PAUSED, not those volunteers applied under (domain,
// format, open_to_minors, motivation_required); none once CLOSED or CANCELLED.
std::set<std::string> FieldsUpdatableIn(v1::MissionStatus status);

// A review or status reason: up to 1000 characters, required (at least one) when `required`.
absl::Status ValidateReason(absl::string_view field, absl::string_view reason, bool required);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_MISSION_VALIDATION_H_
