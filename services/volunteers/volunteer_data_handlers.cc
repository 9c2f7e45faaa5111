// VolunteerHandlers: the coordinators' list, the personal data rights (export, erasure), the
// calendar feed and the inbox.
#include <set>
#include <utility>

#include "absl/strings/ascii.h"

#include "absl/strings/str_cat.h"
#include "services/common/auth/volunteer_view.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/volunteers/calendar_feed.h"
#include "services/volunteers/volunteer_access.h"
#include "services/volunteers/volunteer_handlers.h"
#include "services/volunteers/volunteer_validation.h"
#include "storage/status_macros.h"
#include "storage/volunteers/sql_values.h"

namespace renfort::services {
namespace {

// The INSEE codes of the départements table: 01–95 but 20 (Corsica is 2A and 2B), 971–974, 976.
bool IsDepartmentCode(absl::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (code.size() == 2 && absl::ascii_isdigit(code[0]) && absl::ascii_isdigit(code[1])) {
    const int number = (code[0] - '0') * 10 + (code[1] - '0');
    return number >= 1 && number <= 95 && number != 20;
  }
  return code.size() == 3 && code[0] == '9' && code[1] == '7' && code[2] >= '1' && code[2] <= '6' &&
         code[2] != '5';
}

// Turns the request's filters into the store's, within the caller's départements.
absl::StatusOr<storage::VolunteerFilter> ListFilter(const Caller& caller,
                                                    const v1::ListVolunteersRequest& request) {
  storage::VolunteerFilter filter;
  FieldChecker check;
  if (!request.department_code().empty()) {
    check.Expect(IsDepartmentCode(request.department_code()), "department_code",
                 absl::StrCat("must be a département code such as 59, 2A or 974, got '",
                              request.department_code(), "'"));
  }
  for (int status : request.statuses()) {
    check.Expect(status == v1::VOLUNTEER_STATUS_ACTIVE || status == v1::VOLUNTEER_STATUS_PAUSED,
                 "statuses", absl::StrCat("only ACTIVE and PAUSED can be listed, got ", status));
    filter.statuses.push_back(storage::VolunteerStatusName(static_cast<v1::VolunteerStatus>(status)));
  }
  if (request.domain() != v1::DOMAIN_UNSPECIFIED) {
    filter.domain_slug = storage::DomainSlug(request.domain());
    check.Expect(!filter.domain_slug.empty(), "domain", absl::StrCat("unknown domain ", request.domain()));
  }
  check.Expect(v1::Format_IsValid(request.format()), "format",
               absl::StrCat("unknown format ", request.format()));
  if (!request.email().empty()) check.Email("email", request.email());
  RETURN_IF_ERROR(check.status());
  filter.skill_slug = request.skill();
  filter.email = request.email();
  if (request.format() == v1::FORMAT_REMOTE) filter.accepts_remote = true;
  if (request.format() == v1::FORMAT_IN_PERSON || request.format() == v1::FORMAT_HYBRID) {
    filter.accepts_in_person = true;
  }
  if (!request.department_code().empty()) {
    RETURN_IF_ERROR(caller.RequireDepartment(request.department_code()));
    filter.department_codes = {request.department_code()};
  } else if (!caller.IsAdmin()) {
    filter.department_codes = caller.department_codes;
    if (filter.department_codes.empty()) {
      return absl::PermissionDeniedError("the caller coordinates no département");
    }
  }
  return filter;
}

// INVALID_ARGUMENT naming the field when a ListNotifications request names two inboxes, a
// malformed one, or none while the caller has no inbox of their own (is not a volunteer).
absl::Status CheckInboxFields(const Caller& caller, const v1::ListNotificationsRequest& request) {
  using Field = std::pair<absl::string_view, absl::string_view>;  // (name, value)
  FieldChecker check;
  int named = 0;
  for (const auto& [field, value] : {Field{"volunteer_id", request.volunteer_id()},
                                     Field{"organisation_id", request.organisation_id()},
                                     Field{"department_code", request.department_code()}}) {
    if (value.empty()) continue;
    check.Expect(++named == 1, field,
                 "at most one of volunteer_id, organisation_id and department_code may be set");
  }
  if (!request.organisation_id().empty()) check.Uuid("organisation_id", request.organisation_id());
  if (!request.department_code().empty()) {
    check.Expect(IsDepartmentCode(request.department_code()), "department_code",
                 absl::StrCat("must be a département code such as 59, 2A or 974, got '",
                              request.department_code(), "'"));
  }
  if (named == 0) {
    check.Expect(caller.HasRole(Role::kVolunteer), "volunteer_id",
                 "is required, or organisation_id or department_code, when the caller is not a "
                 "volunteer");
  }
  return check.status();
}

// The inbox a checked ListNotifications request names, within the caller's scope: a volunteer's
// for the volunteer themself, an organisation's for its managers, a département's for its
// coordinators; admins read any. PERMISSION_DENIED otherwise.
absl::StatusOr<storage::Inbox> RequestedInbox(const Caller& caller,
                                              const v1::ListNotificationsRequest& request) {
  if (!request.organisation_id().empty()) {
    RETURN_IF_ERROR(caller.RequireOrganisation(request.organisation_id()));
    return storage::Inbox::OfOrganisation(request.organisation_id());
  }
  if (!request.department_code().empty()) {
    RETURN_IF_ERROR(caller.RequireDepartment(request.department_code()));
    return storage::Inbox::OfDepartment(request.department_code());
  }
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(caller.RequireSelf(id));
  return storage::Inbox::OfVolunteer(id);
}

std::optional<storage::VolunteerCursor> CursorFrom(const std::vector<std::string>& keys) {
  if (keys.empty()) return std::nullopt;
  return storage::VolunteerCursor{keys[0], keys[1]};
}

}  // namespace

absl::Status VolunteerHandlers::ListVolunteers(const Caller& caller,
                                               const v1::ListVolunteersRequest& request,
                                               v1::ListVolunteersResponse& response) {
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  const std::string fingerprint = FilterFingerprint(request);
  ASSIGN_OR_RETURN(const std::vector<std::string> keys,
                   DecodePageToken(request.page_token(), fingerprint, 2));
  ASSIGN_OR_RETURN(const storage::VolunteerFilter filter, ListFilter(caller, request));
  std::optional<storage::VolunteerCursor> next;
  ASSIGN_OR_RETURN(std::vector<v1::Volunteer> page,
                   store_.List(filter, CursorFrom(keys), page_size, next));
  const absl::Time now = absl::Now();
  for (v1::Volunteer& volunteer : page) {
    MarkMinor(volunteer, now);
    RestrictVolunteerView(caller, VolunteerRelation::kNone, volunteer);
    *response.add_volunteers() = std::move(volunteer);
  }
  if (next.has_value()) {
    response.set_next_page_token(EncodePageToken(fingerprint, {next->create_time_micros, next->id}));
  }
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::ExportVolunteerData(const Caller& caller,
                                                    const v1::ExportVolunteerDataRequest& request,
                                                    v1::ExportVolunteerDataResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(caller.RequireSelf(id));
  NoteActivity(caller, now);
  ASSIGN_OR_RETURN(response, store_.Export(id, now));
  MarkMinor(*response.mutable_volunteer(), now);
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::DeleteVolunteer(const Caller& caller,
                                                const v1::DeleteVolunteerRequest& request,
                                                v1::DeleteVolunteerResponse& response) {
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(caller.RequireSelf(id));
  ASSIGN_OR_RETURN(response, store_.Delete(id, absl::Now()));
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::GetCalendar(const Caller& caller,
                                            const v1::GetCalendarRequest& request,
                                            v1::GetCalendarResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(caller.RequireSelf(id));
  NoteActivity(caller, now);
  ASSIGN_OR_RETURN(const v1::Volunteer volunteer, store_.Get(id));
  if (volunteer.status() == v1::VOLUNTEER_STATUS_DELETED) {
    return absl::FailedPreconditionError(absl::StrCat("volunteer ", id, " is DELETED"));
  }
  ASSIGN_OR_RETURN(const auto entries, store_.AcceptedMissions(id));
  ASSIGN_OR_RETURN(*response.mutable_icalendar(), BuildCalendarFeed(entries, now));
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::ListNotifications(const Caller& caller,
                                                  const v1::ListNotificationsRequest& request,
                                                  v1::ListNotificationsResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  const std::string fingerprint = FilterFingerprint(request);
  ASSIGN_OR_RETURN(const std::vector<std::string> keys,
                   DecodePageToken(request.page_token(), fingerprint, 2));
  RETURN_IF_ERROR(CheckInboxFields(caller, request));
  ASSIGN_OR_RETURN(const storage::Inbox inbox, RequestedInbox(caller, request));
  NoteActivity(caller, now);
  std::optional<storage::VolunteerCursor> next;
  ASSIGN_OR_RETURN(std::vector<v1::Notification> page,
                   store_.ListNotifications(inbox, CursorFrom(keys), page_size, next));
  for (v1::Notification& notification : page) *response.add_notifications() = std::move(notification);
  if (next.has_value()) {
    response.set_next_page_token(EncodePageToken(fingerprint, {next->create_time_micros, next->id}));
  }
  return absl::OkStatus();
}

}  // namespace renfort::services
