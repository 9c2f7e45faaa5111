#ifndef RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_HANDLERS_H_
#define RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_HANDLERS_H_

#include <functional>

#include "absl/status/status.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/backends.h"
#include "services/volunteers/recorded_activity.h"
#include "storage/volunteers/volunteer_store.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

// The domain side of renfort.v1.VolunteerService: one method per RPC, called by the gRPC adapter after
// authentication and the access policy, on the blocking executor. Each validates its request
// (INVALID_ARGUMENT naming the field), checks the caller's scope, and fills the response.
class VolunteerHandlers {
 public:
  explicit VolunteerHandlers(Backends& backends) : store_(*backends.database) {}

  absl::Status RegisterVolunteer(const Caller& caller, const v1::RegisterVolunteerRequest& request,
                      v1::RegisterVolunteerResponse& response);
  absl::Status GetVolunteer(const Caller& caller, const v1::GetVolunteerRequest& request,
                      v1::GetVolunteerResponse& response);
  absl::Status UpdateVolunteer(const Caller& caller, const v1::UpdateVolunteerRequest& request,
                      v1::UpdateVolunteerResponse& response);
  absl::Status SetAvailability(const Caller& caller, const v1::SetAvailabilityRequest& request,
                      v1::SetAvailabilityResponse& response);
  absl::Status PauseVolunteer(const Caller& caller, const v1::PauseVolunteerRequest& request,
                      v1::PauseVolunteerResponse& response);
  absl::Status ListVolunteers(const Caller& caller, const v1::ListVolunteersRequest& request,
                      v1::ListVolunteersResponse& response);
  absl::Status ExportVolunteerData(const Caller& caller, const v1::ExportVolunteerDataRequest& request,
                      v1::ExportVolunteerDataResponse& response);
  absl::Status DeleteVolunteer(const Caller& caller, const v1::DeleteVolunteerRequest& request,
                      v1::DeleteVolunteerResponse& response);
  absl::Status GetCalendar(const Caller& caller, const v1::GetCalendarRequest& request,
                      v1::GetCalendarResponse& response);
  absl::Status ListNotifications(const Caller& caller, const v1::ListNotificationsRequest& request,
                      v1::ListNotificationsResponse& response);

 private:
  // The answer of a write on one volunteer: `stored` flagged as minor or not, restricted to
  // what `caller` may see, moved into `out`; then the caller's activity is noted.
  void RespondWithOwnView(const Caller& caller, absl::Time now, v1::Volunteer stored,
                          v1::Volunteer& out);
  // Records the activity of a volunteer calling with their own token, once an hour (best
  // effort: a failure to record it never fails the call).
  void NoteActivity(const Caller& caller, absl::Time now);

  storage::VolunteerStore store_;
  RecordedActivity recorded_activity_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_HANDLERS_H_
