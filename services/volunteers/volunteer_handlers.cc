#include "services/volunteers/volunteer_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

absl::Status VolunteerHandlers::RegisterVolunteer(const Caller&, const v1::RegisterVolunteerRequest&,
                      v1::RegisterVolunteerResponse&) {
  return NotYetAvailable("VolunteerService.RegisterVolunteer");
}

absl::Status VolunteerHandlers::GetVolunteer(const Caller&, const v1::GetVolunteerRequest&,
                      v1::GetVolunteerResponse&) {
  return NotYetAvailable("VolunteerService.GetVolunteer");
}

absl::Status VolunteerHandlers::UpdateVolunteer(const Caller&, const v1::UpdateVolunteerRequest&,
                      v1::UpdateVolunteerResponse&) {
  return NotYetAvailable("VolunteerService.UpdateVolunteer");
}

absl::Status VolunteerHandlers::SetAvailability(const Caller&, const v1::SetAvailabilityRequest&,
                      v1::SetAvailabilityResponse&) {
  return NotYetAvailable("VolunteerService.SetAvailability");
}

absl::Status VolunteerHandlers::PauseVolunteer(const Caller&, const v1::PauseVolunteerRequest&,
                      v1::PauseVolunteerResponse&) {
  return NotYetAvailable("VolunteerService.PauseVolunteer");
}

absl::Status VolunteerHandlers::ListVolunteers(const Caller&, const v1::ListVolunteersRequest&,
                      v1::ListVolunteersResponse&) {
  return NotYetAvailable("VolunteerService.ListVolunteers");
}

absl::Status VolunteerHandlers::ExportVolunteerData(const Caller&, const v1::ExportVolunteerDataRequest&,
                      v1::ExportVolunteerDataResponse&) {
  return NotYetAvailable("VolunteerService.ExportVolunteerData");
}

absl::Status VolunteerHandlers::DeleteVolunteer(const Caller&, const v1::DeleteVolunteerRequest&,
                      v1::DeleteVolunteerResponse&) {
  return NotYetAvailable("VolunteerService.DeleteVolunteer");
}

absl::Status VolunteerHandlers::GetCalendar(const Caller&, const v1::GetCalendarRequest&,
                      v1::GetCalendarResponse&) {
  return NotYetAvailable("VolunteerService.GetCalendar");
}

absl::Status VolunteerHandlers::ListNotifications(const Caller&, const v1::ListNotificationsRequest&,
                      v1::ListNotificationsResponse&) {
  return NotYetAvailable("VolunteerService.ListNotifications");
}

}  // namespace renfort::services
