// RankVolunteers and RecommendMissions: read-only queries over the live index.
#include "services/matching/matching_handlers.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/validation.h"
#include "storage/matching/invitation_store.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr int kMaxRankLimit = 500;
constexpr int kMaxRecommendLimit = 100;

}  // namespace

absl::Status MatchingHandlers::CheckMissionScope(const Caller& caller,
                                                 const std::string& organisation_id,
                                                 const std::string& department_code,
                                                 bool coordinators_allowed) {
  if (caller.IsAdmin()) return absl::OkStatus();
  if (caller.HasRole(Role::kOrgManager) && caller.ManagesOrganisation(organisation_id)) {
    return absl::OkStatus();
  }
  if (coordinators_allowed && caller.HasRole(Role::kCoordinator) &&
      caller.CoordinatesDepartment(department_code)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      coordinators_allowed
          ? "only the mission's organisation managers, coordinators of its département and "
            "admins have access to this mission"
          : "only the mission's organisation managers and admins have access to this mission");
}

absl::StatusOr<MissionFacts> MatchingHandlers::RankableMission(const Caller& caller,
                                                               const std::string& mission_id,
                                                               bool coordinators_allowed) {
  RETURN_IF_ERROR(index_.ReadyStatus());
  if (std::optional<MissionFacts> facts = index_.Mission(mission_id)) {
    RETURN_IF_ERROR(CheckMissionScope(caller, facts->organisation_id, facts->department_code,
                                      coordinators_allowed));
    if (facts->status != v1::MISSION_STATUS_PUBLISHED) {
      return absl::FailedPreconditionError(
          absl::StrCat("mission ", mission_id, " is not PUBLISHED"));
    }
    return *facts;
  }
  // Not indexed: a DRAFT, closed or unknown mission (or one published a moment ago).
  std::vector<v1::Mission> found;
  RETURN_IF_ERROR(storage::RunReadOnly(
      *backends_.database, "reading the mission", [&](pqxx::read_transaction& txn) -> absl::Status {
        ASSIGN_OR_RETURN(found, storage::ReadMissionScopes(txn, {mission_id}));
        return absl::OkStatus();
      }));
  if (found.empty()) return absl::NotFoundError(absl::StrCat("mission ", mission_id, " not found"));
  RETURN_IF_ERROR(CheckMissionScope(caller, found[0].organisation_id(), found[0].department_code(),
                                    coordinators_allowed));
  if (found[0].status() != v1::MISSION_STATUS_PUBLISHED) {
    return absl::FailedPreconditionError(absl::StrCat("mission ", mission_id, " is not PUBLISHED"));
  }
  return absl::UnavailableError(absl::StrCat(
      "mission ", mission_id, " was published moments ago and is not indexed yet; retry"));
}

void MatchingHandlers::RefreshAfterWrite(const RefreshSet& set) {
  if (absl::Status status = index_.Refresh(*backends_.database, set, absl::Now()); !status.ok()) {
    Log(LogLevel::kWarning, "matching_refresh_failed", {{"reason", status.message()}});
  }
}

absl::Status MatchingHandlers::RankVolunteers(const Caller& caller,
                                              const v1::RankVolunteersRequest& request,
                                              v1::RankVolunteersResponse& response) {
  FieldChecker check;
  check.Required("mission_id", request.mission_id()) &&
      check.Uuid("mission_id", request.mission_id());
  check.Range("limit", request.limit(), 0, kMaxRankLimit);
  RETURN_IF_ERROR(check.status());
  ASSIGN_OR_RETURN(MissionFacts facts, RankableMission(caller, request.mission_id(), true));
  ASSIGN_OR_RETURN(response, index_.engine()->RankVolunteers(request, absl::Now()));

  // The index holds no names: add what organisations may see (no contact data).
  std::vector<std::string> ids;
  for (const v1::RankedVolunteer& ranked : response.volunteers())
    ids.push_back(ranked.volunteer_id());
  if (ids.empty()) return absl::OkStatus();  // nobody to describe: no transaction
  absl::flat_hash_map<std::string, v1::VolunteerSummary> summaries;
  RETURN_IF_ERROR(storage::RunReadOnly(*backends_.database, "reading ranked volunteers",
                                       [&](pqxx::read_transaction& txn) -> absl::Status {
                                         ASSIGN_OR_RETURN(
                                             summaries, storage::ReadVolunteerSummaries(
                                                            txn, ids, facts.summary.start_date()));
                                         return absl::OkStatus();
                                       }));
  for (v1::RankedVolunteer& ranked : *response.mutable_volunteers()) {
    auto it = summaries.find(ranked.volunteer_id());
    if (it != summaries.end()) *ranked.mutable_volunteer() = it->second;
  }
  return absl::OkStatus();
}

absl::Status MatchingHandlers::RecommendMissions(const Caller& caller,
                                                 const v1::RecommendMissionsRequest& request,
                                                 v1::RecommendMissionsResponse& response) {
  v1::RecommendMissionsRequest resolved = request;
  if (resolved.volunteer_id().empty() && caller.HasRole(Role::kVolunteer)) {
    resolved.set_volunteer_id(caller.subject);
  }
  FieldChecker check;
  check.Required("volunteer_id", resolved.volunteer_id()) &&
      check.Uuid("volunteer_id", resolved.volunteer_id());
  check.Range("limit", resolved.limit(), 0, kMaxRecommendLimit);
  RETURN_IF_ERROR(check.status());
  RETURN_IF_ERROR(index_.ReadyStatus());

  std::optional<v1::Volunteer> scope;
  RETURN_IF_ERROR(storage::RunReadOnly(*backends_.database, "reading the volunteer",
                                       [&](pqxx::read_transaction& txn) -> absl::Status {
                                         ASSIGN_OR_RETURN(scope, storage::ReadVolunteerScope(
                                                                     txn, resolved.volunteer_id()));
                                         return absl::OkStatus();
                                       }));
  const bool self = caller.HasRole(Role::kVolunteer) && caller.subject == resolved.volunteer_id();
  const bool coordinates = caller.HasRole(Role::kCoordinator) && scope.has_value() &&
                           caller.CoordinatesDepartment(scope->home_commune().department_code());
  if (!self && !coordinates && !caller.IsAdmin()) {
    return absl::PermissionDeniedError(
        "recommendations are for the volunteer themself, coordinators of their département and "
        "admins");
  }
  if (!scope.has_value() || scope->status() == v1::VOLUNTEER_STATUS_DELETED) {
    return absl::NotFoundError(absl::StrCat("volunteer ", resolved.volunteer_id(), " not found"));
  }
  absl::StatusOr<v1::RecommendMissionsResponse> recommended =
      index_.engine()->RecommendMissions(resolved, absl::Now());
  if (absl::IsNotFound(recommended.status())) {
    // Known to PostgreSQL but not indexed: registered a moment ago, or not matchable.
    return absl::UnavailableError(absl::StrCat("volunteer ", resolved.volunteer_id(),
                                               " is not in the matching index yet; retry"));
  }
  ASSIGN_OR_RETURN(response, std::move(recommended));
  for (v1::RecommendedMission& recommendation : *response.mutable_missions()) {
    if (std::optional<MissionFacts> facts = index_.Mission(recommendation.mission_id())) {
      *recommendation.mutable_mission() = facts->summary;
    }
  }
  return absl::OkStatus();
}

}  // namespace renfort::services
