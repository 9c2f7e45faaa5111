// What a caller may see of participations, derived from their token: the union of their own
// participations (volunteer), their organisations' (org manager), their départements' and
// networks' (coordinator); everything for admins.
#ifndef RENFORT_SERVICES_MISSIONS_PARTICIPATION_SCOPE_H_
#define RENFORT_SERVICES_MISSIONS_PARTICIPATION_SCOPE_H_

#include "absl/strings/string_view.h"
#include "renfort/v1/participation.pb.h"
#include "services/common/auth/caller.h"
#include "storage/missions/participation_rows.h"

namespace renfort::services {

storage::ParticipationVisibility ParticipationVisibilityOf(const Caller& caller);

// Clears participation.participant unless `caller` is an admin, a manager of the
// participation's organisation or a coordinator (who only ever reads participations of their
// scope): the volunteer themself does not need their own contact card.
void RestrictParticipantContact(const Caller& caller, renfort::v1::Participation& participation);

// A département code of the INSEE form: "01".."95", "2A", "2B", "971".."976".
bool IsDepartmentCode(absl::string_view code);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_PARTICIPATION_SCOPE_H_
