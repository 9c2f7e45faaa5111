// VolunteerHandlers: profiles (register, read, update), availability, pause and the
// coordinators' list.
#include "services/volunteers/volunteer_handlers.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/volunteer_view.h"
#include "services/common/field_mask.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/volunteers/volunteer_access.h"
#include "services/volunteers/volunteer_validation.h"
#include "storage/status_macros.h"
#include "storage/volunteers/sql_values.h"

namespace renfort::services {
namespace {

// The paths UpdateVolunteer accepts: Volunteer's "updatable" fields, for the volunteer, for a
// coordinator of their département (who may have registered them in person and fixes their
// profile for them) and for admins alike.
const std::set<std::string>& UpdatablePaths() {
  static const auto* const kPaths = new std::set<std::string>{
      "first_name", "last_name", "email", "phone", "birth_date", "home_commune",
      "max_travel_km", "accepts_in_person", "accepts_remote", "domains", "skills"};
  return *kPaths;
}

// The département an INSEE commune code starts with ("97411" -> "974", "2A004" -> "2A").
std::string DepartmentOfCommune(absl::string_view insee_code) {
  return std::string(insee_code.substr(0, absl::StartsWith(insee_code, "97") ? 3 : 2));
}

absl::Status RefuseIfDeleted(const v1::Volunteer& volunteer) {
  if (volunteer.status() != v1::VOLUNTEER_STATUS_DELETED) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("volunteer ", volunteer.id(), " is DELETED; an erased account cannot change"));
}

absl::Status CheckPause(const v1::PauseVolunteerRequest& request, const v1::Volunteer& volunteer,
                        absl::Time now) {
  if (!request.has_until()) return absl::OkStatus();
  FieldChecker check;
  if (!check.ValidDate("until", request.until())) return check.status();
  const absl::CivilDay until(request.until().year(), request.until().month(), request.until().day());
  const absl::CivilDay today = TodayIn(volunteer.home_commune().department_code(), now);
  if (until < today) {
    return absl::InvalidArgumentError(absl::StrCat(
        "until: must be today (", absl::FormatCivilTime(today), ") or later, got ",
        absl::FormatCivilTime(until)));
  }
  return absl::OkStatus();
}

}  // namespace

void VolunteerHandlers::RespondWithOwnView(const Caller& caller, absl::Time now,
                                           v1::Volunteer stored, v1::Volunteer& out) {
  MarkMinor(stored, now);
  RestrictVolunteerView(caller, VolunteerRelation::kNone, stored);
  out = std::move(stored);
  NoteActivity(caller, now);
}

void VolunteerHandlers::NoteActivity(const Caller& caller, absl::Time now) {
  if (caller.HasRole(Role::kVolunteer) && IsUuid(caller.subject) &&
      recorded_activity_.NeedsRecording(caller.subject, now) &&
      !store_.TouchLastActive(caller.subject, now).ok()) {
    recorded_activity_.Forget(caller.subject);  // the next call tries again
  }
}

absl::Status VolunteerHandlers::RegisterVolunteer(const Caller& caller,
                                                  const v1::RegisterVolunteerRequest& request,
                                                  v1::RegisterVolunteerResponse& response) {
  const absl::Time now = absl::Now();
  // Staff register someone else (helped in person): a new id. A volunteer registers themself,
  // under their token's subject.
  const bool for_someone_else = caller.IsAdmin() || caller.HasRole(Role::kCoordinator);
  v1::Volunteer volunteer = request.volunteer();
  volunteer.clear_id();
  if (!for_someone_else) {
    ASSIGN_OR_RETURN(const std::string self, TargetVolunteer(caller, "", "token subject"));
    volunteer.set_id(self);
  }
  if (!request.accept_terms()) {
    return absl::InvalidArgumentError(
        "accept_terms: must be true (the terms of use and the privacy policy must be accepted)");
  }
  if (volunteer.max_travel_km() == 0) volunteer.set_max_travel_km(kDefaultMaxTravelKm);
  RETURN_IF_ERROR(CheckProfile(volunteer, TodayIn(DepartmentOfCommune(volunteer.home_commune().insee_code()), now)));
  ASSIGN_OR_RETURN(v1::Volunteer stored,
                   store_.Register(volunteer, now, [&](const v1::Volunteer& resolved) {
                     if (!for_someone_else || caller.IsAdmin()) return absl::OkStatus();
                     return caller.RequireDepartment(resolved.home_commune().department_code());
                   }));
  RespondWithOwnView(caller, now, std::move(stored), *response.mutable_volunteer());
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::GetVolunteer(const Caller& caller,
                                             const v1::GetVolunteerRequest& request,
                                             v1::GetVolunteerResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(RequireSelfOrStaff(caller, id));
  ASSIGN_OR_RETURN(v1::Volunteer volunteer, store_.Get(id));
  VolunteerRelation relation = VolunteerRelation::kNone;
  const bool may_read = IsSelf(caller, id) || caller.IsAdmin() ||
                        (caller.HasRole(Role::kCoordinator) &&
                         caller.CoordinatesDepartment(volunteer.home_commune().department_code()));
  if (!may_read) {
    // An organisation manager reads only volunteers who turned to one of their organisations.
    if (!caller.HasRole(Role::kOrgManager)) return RequireSelfOrCoordinator(caller, volunteer);
    ASSIGN_OR_RETURN(const bool related, store_.IsRelatedTo(id, caller.organisation_ids));
    if (!related) {
      return absl::PermissionDeniedError(absl::StrCat(
          "volunteer ", id, " has not applied to a mission of the caller's organisations"));
    }
    relation = VolunteerRelation::kRelatedToCallersOrganisation;
  }
  MarkMinor(volunteer, now);
  RestrictVolunteerView(caller, relation, volunteer);
  *response.mutable_volunteer() = std::move(volunteer);
  NoteActivity(caller, now);
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::UpdateVolunteer(const Caller& caller,
                                                const v1::UpdateVolunteerRequest& request,
                                                v1::UpdateVolunteerResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer().id(), "volunteer.id"));
  RETURN_IF_ERROR(RequireSelfOrStaff(caller, id));
  RETURN_IF_ERROR(CheckUpdateMask(request.update_mask(), UpdatablePaths()));
  ASSIGN_OR_RETURN(
      v1::Volunteer stored,
      store_.Modify(
          id,
          [&](v1::Volunteer& volunteer) {
            RETURN_IF_ERROR(RequireSelfOrCoordinator(caller, volunteer));
            RETURN_IF_ERROR(RefuseIfDeleted(volunteer));
            ApplyUpdateMask(request.update_mask(), request.volunteer(), volunteer);
            return CheckProfile(volunteer,
                                TodayIn(DepartmentOfCommune(volunteer.home_commune().insee_code()), now));
          },
          [&](const v1::Volunteer& resolved) { return RequireSelfOrCoordinator(caller, resolved); },
          storage::kVolunteerUpdated, now));
  RespondWithOwnView(caller, now, std::move(stored), *response.mutable_volunteer());
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::SetAvailability(const Caller& caller,
                                                const v1::SetAvailabilityRequest& request,
                                                v1::SetAvailabilityResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(RequireSelfOrStaff(caller, id));
  RETURN_IF_ERROR(CheckAvailability(request.availability(), "availability"));
  ASSIGN_OR_RETURN(
      v1::Volunteer stored,
      store_.Modify(
          id,
          [&](v1::Volunteer& volunteer) {
            RETURN_IF_ERROR(RequireSelfOrCoordinator(caller, volunteer));
            RETURN_IF_ERROR(RefuseIfDeleted(volunteer));
            *volunteer.mutable_availability() = request.availability();
            return absl::OkStatus();
          },
          [](const v1::Volunteer&) { return absl::OkStatus(); },
          storage::kVolunteerAvailabilityChanged, now));
  RespondWithOwnView(caller, now, std::move(stored), *response.mutable_volunteer());
  return absl::OkStatus();
}

absl::Status VolunteerHandlers::PauseVolunteer(const Caller& caller,
                                               const v1::PauseVolunteerRequest& request,
                                               v1::PauseVolunteerResponse& response) {
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(const std::string id, TargetVolunteer(caller, request.volunteer_id()));
  RETURN_IF_ERROR(RequireSelfOrStaff(caller, id));
  if (request.resume() && request.has_until()) {
    return absl::InvalidArgumentError("until: must be unset when resume is true");
  }
  ASSIGN_OR_RETURN(v1::Volunteer current, store_.Get(id));
  RETURN_IF_ERROR(RequireSelfOrCoordinator(caller, current));
  RETURN_IF_ERROR(RefuseIfDeleted(current));
  if (request.resume() && current.status() == v1::VOLUNTEER_STATUS_ACTIVE) {
    // Resuming an active volunteer changes nothing, so nothing is written or announced.
    MarkMinor(current, now);
    RestrictVolunteerView(caller, VolunteerRelation::kNone, current);
    *response.mutable_volunteer() = std::move(current);
    NoteActivity(caller, now);
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(CheckPause(request, current, now));
  ASSIGN_OR_RETURN(
      v1::Volunteer stored,
      store_.Modify(
          id,
          [&](v1::Volunteer& volunteer) {
            RETURN_IF_ERROR(RefuseIfDeleted(volunteer));
            volunteer.clear_paused_until();
            if (request.resume()) {
              volunteer.set_status(v1::VOLUNTEER_STATUS_ACTIVE);
            } else {
              volunteer.set_status(v1::VOLUNTEER_STATUS_PAUSED);
              if (request.has_until()) *volunteer.mutable_paused_until() = request.until();
            }
            return absl::OkStatus();
          },
          [](const v1::Volunteer&) { return absl::OkStatus(); },
          request.resume() ? storage::kVolunteerUpdated : storage::kVolunteerPaused, now));
  RespondWithOwnView(caller, now, std::move(stored), *response.mutable_volunteer());
  return absl::OkStatus();
}

}  // namespace renfort::services
