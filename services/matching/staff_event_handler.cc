// StaffEvent: one optimal assignment of many volunteers to many missions, planned on the live
// index; unless dry_run, its invitations are created in one transaction.
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"
#include "services/matching/invitation_writer.h"
#include "services/matching/matching_handlers.h"
#include "storage/matching/invitation_store.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr int kMaxMissions = 1000;
constexpr int kMaxPool = 100000;
constexpr int kMaxCandidatesPerMission = 5000;

absl::Status ValidateStaffEvent(const v1::StaffEventRequest& request) {
  FieldChecker check;
  check.Expect(
      request.mission_ids_size() >= 1 && request.mission_ids_size() <= kMaxMissions, "mission_ids",
      absl::StrCat("must hold 1 to ", kMaxMissions, " ids, got ", request.mission_ids_size()));
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < request.mission_ids_size() && check.ok(); ++i) {
    const std::string field = absl::StrCat("mission_ids[", i, "]");
    if (check.Uuid(field, request.mission_ids(i))) {
      check.Expect(seen.insert(request.mission_ids(i)).second, field,
                   absl::StrCat("repeats mission ", request.mission_ids(i)));
    }
  }
  check.Expect(
      request.volunteer_ids_size() <= kMaxPool, "volunteer_ids",
      absl::StrCat("must hold at most ", kMaxPool, " ids, got ", request.volunteer_ids_size()));
  for (int i = 0; i < request.volunteer_ids_size() && check.ok(); ++i) {
    check.Uuid(absl::StrCat("volunteer_ids[", i, "]"), request.volunteer_ids(i));
  }
  check.Range("candidates_per_mission", request.candidates_per_mission(), 0,
              kMaxCandidatesPerMission);
  check.Expect(
      std::isfinite(request.min_score()) && request.min_score() >= 0 && request.min_score() <= 1,
      "min_score", absl::StrCat("must be between 0 and 1, got ", request.min_score()));
  return check.status();
}

}  // namespace

absl::Status MatchingHandlers::StaffEvent(const Caller& caller,
                                          const v1::StaffEventRequest& request,
                                          v1::StaffEventResponse& response) {
  RETURN_IF_ERROR(ValidateStaffEvent(request));
  RETURN_IF_ERROR(index_.ReadyStatus());
  // Scope and status of every mission, in request order: NOT_FOUND / PERMISSION_DENIED /
  // FAILED_PRECONDITION name the first mission at fault.
  for (const std::string& mission_id : request.mission_ids()) {
    RETURN_IF_ERROR(RankableMission(caller, mission_id, true).status());
  }
  const absl::Time now = absl::Now();
  ASSIGN_OR_RETURN(response, index_.engine()->StaffEvent(request, now));
  if (request.dry_run()) return absl::OkStatus();

  RETURN_IF_ERROR(storage::RunInTransaction(
      *backends_.database, "staffing an event", [&](pqxx::work& txn) -> absl::Status {
        absl::flat_hash_map<std::string, v1::Mission> locked;
        // Lock in id order (the assignments are sorted by mission id), so two concurrent runs
        // over overlapping missions cannot deadlock.
        for (v1::StaffingAssignment& assignment : *response.mutable_assignments()) {
          auto it = locked.find(assignment.mission_id());
          if (it == locked.end()) {
            ASSIGN_OR_RETURN(v1::Mission mission,
                             storage::LockMissionForMatching(txn, assignment.mission_id()));
            if (mission.status() != v1::MISSION_STATUS_PUBLISHED) {
              return absl::FailedPreconditionError(
                  absl::StrCat("mission ", mission.id(), " is not PUBLISHED"));
            }
            it = locked.emplace(assignment.mission_id(), std::move(mission)).first;
          }
          ASSIGN_OR_RETURN(matching::MatchingEngine::PairExplanation explanation,
                           index_.engine()->ExplainPair(assignment.mission_id(),
                                                        assignment.volunteer_id(), now));
          ASSIGN_OR_RETURN(v1::Invitation invitation,
                           CreateInvitation(txn, it->second, assignment.volunteer_id(),
                                            assignment.score(), explanation.breakdown, now));
          assignment.set_invitation_id(invitation.id());
        }
        return absl::OkStatus();
      }));
  RefreshSet refresh;
  for (const v1::StaffingAssignment& assignment : response.assignments()) {
    refresh.invitation_ids.push_back(assignment.invitation_id());
  }
  RefreshAfterWrite(refresh);
  return absl::OkStatus();
}

}  // namespace renfort::services
