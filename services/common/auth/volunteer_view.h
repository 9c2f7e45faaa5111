#ifndef RENFORT_SERVICES_COMMON_AUTH_VOLUNTEER_VIEW_H_
#define RENFORT_SERVICES_COMMON_AUTH_VOLUNTEER_VIEW_H_

#include "renfort/v1/volunteer.pb.h"
#include "services/common/auth/caller.h"

namespace renfort::services {

// How the caller stands towards the volunteer being read.
enum class VolunteerRelation {
  kNone,
  // The volunteer applied to one of the caller's organisation's missions, or accepted one of its
  // invitations: the organisation needs to contact them.
  kRelatedToCallersOrganisation,
};

// Removes from `volunteer`, in place, what `caller` may not read (docs/privacy.md):
//  - the volunteer themself and admins read everything;
//  - an organisation manager reads contact data only for a related volunteer, never the birth
//    date;
//  - anyone else (coordinators, unrelated managers) gets a pseudonymous view: first name and the
//    initial of the last name, no email, phone or birth date.
// Every handler that returns a Volunteer passes it through here last.
void RestrictVolunteerView(const Caller& caller, VolunteerRelation relation,
                           renfort::v1::Volunteer& volunteer);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_AUTH_VOLUNTEER_VIEW_H_
