// MissionHandlers — Participations: applications, their transitions and the waitlist.
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/missions/mission_handlers.h"
#include "services/missions/participation_rules.h"
#include "services/missions/participation_scope.h"
#include "services/missions/slot_overlap.h"
#include "storage/missions/participation_store.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr int kMaxMotivationLength = 2000;

absl::TimeZone ZoneOrUtc(const std::string& name) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(name, &zone)) return absl::UTCTimeZone();
  return zone;
}

absl::Status ValidateListRequest(const Caller& caller,
                                 const v1::ListParticipationsRequest& request) {
  FieldChecker check;
  if (!request.mission_id().empty()) check.Uuid("mission_id", request.mission_id());
  if (!request.volunteer_id().empty()) check.Uuid("volunteer_id", request.volunteer_id());
  if (!request.organisation_id().empty()) check.Uuid("organisation_id", request.organisation_id());
  if (!request.department_code().empty()) {
    check.Expect(IsDepartmentCode(request.department_code()), "department_code",
                 absl::StrCat("must be an INSEE département code like \"33\", \"2A\" or "
                              "\"974\", got '",
                              request.department_code(), "'"));
  }
  for (int i = 0; i < request.statuses_size(); ++i) {
    const int status = request.statuses(i);
    check.Expect(
        status != v1::PARTICIPATION_STATUS_UNSPECIFIED && v1::ParticipationStatus_IsValid(status),
        absl::StrCat("statuses[", i, "]"), absl::StrCat("unknown status ", status));
  }
  const bool filtered = !request.mission_id().empty() || !request.volunteer_id().empty() ||
                        !request.organisation_id().empty() || !request.department_code().empty();
  check.Expect(filtered || caller.IsAdmin(), "mission_id",
               "one of mission_id, volunteer_id, organisation_id or department_code is required");
  return check.status();
}

// Filters that name something outside the caller's scope are refused rather than silently
// answered with an empty page; the visibility predicate still applies to everything else.
absl::Status CheckListScope(const Caller& caller, const v1::ListParticipationsRequest& request) {
  if (caller.IsAdmin()) return absl::OkStatus();
  const bool organisation_side =
      caller.HasRole(Role::kOrgManager) || caller.HasRole(Role::kCoordinator);
  if (!request.volunteer_id().empty() && request.volunteer_id() != caller.subject &&
      !organisation_side) {
    return caller.RequireSelf(request.volunteer_id());
  }
  if (!request.organisation_id().empty() && !caller.HasRole(Role::kCoordinator)) {
    RETURN_IF_ERROR(caller.RequireOrganisation(request.organisation_id()));
  }
  if (!request.department_code().empty() && caller.network_ids.empty()) {
    RETURN_IF_ERROR(caller.RequireDepartment(request.department_code()));
  }
  return absl::OkStatus();
}

// The participation `current` after `request`, made by `caller`.
absl::StatusOr<v1::Participation> NextState(const Caller& caller,
                                            const v1::TransitionParticipationRequest& request,
                                            const v1::Participation& current) {
  ASSIGN_OR_RETURN(
      const v1::ActorRole role,
      ActingRole(caller, request.action(), current.volunteer_id(), current.organisation_id()));
  ASSIGN_OR_RETURN(const v1::ParticipationStatus to,
                   TargetStatus(current.status(), request.action()));
  v1::Participation next = current;
  next.set_status(to);
  const bool ends =
      to == v1::PARTICIPATION_STATUS_REFUSED || to == v1::PARTICIPATION_STATUS_CANCELLED;
  next.set_reason(ends ? request.reason() : v1::PARTICIPATION_REASON_UNSPECIFIED);
  if (to == v1::PARTICIPATION_STATUS_DONE) {
    next.set_hours_given(HoursGiven(request));
    if (request.has_attendance()) {
      *next.mutable_check_in_time() = request.attendance().check_in_time();
      *next.mutable_check_out_time() = request.attendance().check_out_time();
    }
  }
  v1::ParticipationTransition& transition = *next.add_transitions();
  transition.set_from_status(current.status());
  transition.set_to_status(to);
  transition.set_reason(next.reason());
  transition.set_note(request.note());
  transition.mutable_actor()->set_role(role);
  transition.mutable_actor()->set_subject(caller.subject);
  return next;
}

}  // namespace

absl::Status MissionHandlers::Apply(const Caller& caller, const v1::ApplyRequest& request,
                                    v1::ApplyResponse& response) {
  const std::string volunteer_id =
      request.volunteer_id().empty() ? caller.subject : request.volunteer_id();
  FieldChecker check;
  check.Uuid("mission_id", request.mission_id());
  check.Expect(IsUuid(volunteer_id), "volunteer_id",
               absl::StrCat("must be a lowercase UUID (the token's subject when empty), got '",
                            volunteer_id, "'"));
  check.Length("motivation", request.motivation(), 0, kMaxMotivationLength);
  RETURN_IF_ERROR(check.status());
  RETURN_IF_ERROR(caller.RequireSelf(volunteer_id));

  const absl::Time now = absl::Now();
  v1::Actor actor;
  actor.set_role(caller.HasRole(Role::kVolunteer) && caller.subject == volunteer_id
                     ? v1::ACTOR_ROLE_VOLUNTEER
                     : v1::ACTOR_ROLE_ADMIN);
  actor.set_subject(caller.subject);
  storage::ParticipationStore store(*backends_.database);
  ASSIGN_OR_RETURN(v1::Participation participation,
                   store.Apply(request.mission_id(), volunteer_id, request.motivation(), actor,
                               [&](const v1::Mission& mission, const v1::Volunteer& volunteer) {
                                 const absl::CivilDay today =
                                     absl::ToCivilDay(now, ZoneOrUtc(mission.time_zone()));
                                 return CheckCanApply(mission, volunteer, request.motivation(),
                                                      today);
                               }));
  RestrictParticipantContact(caller, participation);
  *response.mutable_participation() = std::move(participation);
  return absl::OkStatus();
}

absl::Status MissionHandlers::GetParticipation(const Caller& caller,
                                               const v1::GetParticipationRequest& request,
                                               v1::GetParticipationResponse& response) {
  FieldChecker check;
  check.Uuid("participation_id", request.participation_id());
  RETURN_IF_ERROR(check.status());
  storage::ParticipationStore store(*backends_.database);
  ASSIGN_OR_RETURN(v1::Participation participation,
                   store.Get(request.participation_id(), ParticipationVisibilityOf(caller)));
  RestrictParticipantContact(caller, participation);
  *response.mutable_participation() = std::move(participation);
  return absl::OkStatus();
}

absl::Status MissionHandlers::ListParticipations(const Caller& caller,
                                                 const v1::ListParticipationsRequest& request,
                                                 v1::ListParticipationsResponse& response) {
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  RETURN_IF_ERROR(ValidateListRequest(caller, request));
  RETURN_IF_ERROR(CheckListScope(caller, request));
  const std::string fingerprint = FilterFingerprint(request);
  ASSIGN_OR_RETURN(const std::vector<std::string> after,
                   DecodePageToken(request.page_token(), fingerprint, 2));

  storage::ParticipationQuery query;
  query.visibility = ParticipationVisibilityOf(caller);
  query.mission_id = request.mission_id();
  query.volunteer_id = request.volunteer_id();
  query.organisation_id = request.organisation_id();
  query.department_code = request.department_code();
  for (const int status : request.statuses()) {
    query.statuses.push_back(static_cast<v1::ParticipationStatus>(status));
  }
  if (!after.empty()) {
    query.after_set = true;
    if (!absl::SimpleAtoi(after[0], &query.after_create_micros) || !IsUuid(after[1])) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    query.after_id = after[1];
  }
  // One row more than the page tells whether another page follows.
  query.limit = page_size + 1;
  storage::ParticipationStore store(*backends_.database);
  ASSIGN_OR_RETURN(std::vector<v1::Participation> page, store.List(query));
  const bool more = static_cast<int>(page.size()) > page_size;
  if (more) page.resize(page_size);
  for (v1::Participation& participation : page) {
    RestrictParticipantContact(caller, participation);
    *response.add_participations() = std::move(participation);
  }
  if (more) {
    const v1::Participation& last = response.participations(page_size - 1);
    response.set_next_page_token(EncodePageToken(
        fingerprint, {absl::StrCat(storage::MicrosFromTimestamp(last.create_time())), last.id()}));
  }
  return absl::OkStatus();
}

absl::Status MissionHandlers::TransitionParticipation(
    const Caller& caller, const v1::TransitionParticipationRequest& request,
    v1::TransitionParticipationResponse& response) {
  RETURN_IF_ERROR(ValidateTransitionRequest(request));
  storage::ParticipationStore store(*backends_.database);
  ASSIGN_OR_RETURN(
      v1::Participation participation,
      store.Transition(
          request.participation_id(),
          [&](const v1::Participation& current) { return NextState(caller, request, current); },
          CheckNoScheduleOverlap));
  RestrictParticipantContact(caller, participation);
  *response.mutable_participation() = std::move(participation);
  return absl::OkStatus();
}

}  // namespace renfort::services
