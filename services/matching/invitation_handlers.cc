// InviteVolunteers, ListInvitations and RespondToInvitation.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/matching/invitation_writer.h"
#include "services/matching/matching_handlers.h"
#include "storage/matching/invitation_store.h"
#include "storage/matching/invited_participation.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr int kMaxInviteCount = 100;
constexpr int kMaxRankLimit = 500;
constexpr size_t kMaxMotivationLength = 2000;

absl::Status RequirePublished(const v1::Mission& mission) {
  if (mission.status() == v1::MISSION_STATUS_PUBLISHED) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("mission ", mission.id(), " is not PUBLISHED"));
}

}  // namespace

absl::Status MatchingHandlers::InviteVolunteers(const Caller& caller,
                                                const v1::InviteVolunteersRequest& request,
                                                v1::InviteVolunteersResponse& response) {
  FieldChecker check;
  check.Required("mission_id", request.mission_id()) &&
      check.Uuid("mission_id", request.mission_id());
  check.Range("count", request.count(), 1, kMaxInviteCount);
  RETURN_IF_ERROR(check.status());
  RETURN_IF_ERROR(RankableMission(caller, request.mission_id(), false).status());

  const absl::Time now = absl::Now();
  RETURN_IF_ERROR(storage::RunInTransaction(
      *backends_.database, "inviting volunteers", [&](pqxx::work& txn) -> absl::Status {
        response.clear_invitations();
        ASSIGN_OR_RETURN(v1::Mission mission,
                         storage::LockMissionForMatching(txn, request.mission_id()));
        RETURN_IF_ERROR(RequirePublished(mission));
        ASSIGN_OR_RETURN(absl::flat_hash_set<std::string> solicited,
                         storage::SolicitedVolunteers(txn, mission.id()));
        // Ask for enough to make up for those solicited before (DECLINED or EXPIRED ones are
        // still ranked, but never invited again).
        v1::RankVolunteersRequest rank;
        rank.set_mission_id(mission.id());
        rank.set_limit(
            static_cast<int>(std::min<size_t>(kMaxRankLimit, request.count() + solicited.size())));
        rank.set_explain(true);
        ASSIGN_OR_RETURN(v1::RankVolunteersResponse ranked,
                         index_.engine()->RankVolunteers(
                             rank, now, {.limit = 0, .skip_at_invitation_cap = true}));
        for (const v1::RankedVolunteer& candidate : ranked.volunteers()) {
          if (response.invitations_size() >= request.count()) break;
          if (solicited.contains(candidate.volunteer_id())) continue;
          ASSIGN_OR_RETURN(*response.add_invitations(),
                           CreateInvitation(txn, mission, candidate.volunteer_id(),
                                            candidate.score(), candidate.breakdown(), now));
        }
        return absl::OkStatus();
      }));
  RefreshSet refresh;
  for (const v1::Invitation& invitation : response.invitations()) {
    refresh.invitation_ids.push_back(invitation.id());
  }
  RefreshAfterWrite(refresh);
  if (std::optional<MissionFacts> facts = index_.Mission(request.mission_id())) {
    for (v1::Invitation& invitation : *response.mutable_invitations()) {
      *invitation.mutable_mission() = facts->summary;
    }
  }
  return absl::OkStatus();
}

absl::Status MatchingHandlers::ListInvitations(const Caller& caller,
                                               const v1::ListInvitationsRequest& request,
                                               v1::ListInvitationsResponse& response) {
  storage::InvitationFilter filter;
  filter.volunteer_id = request.volunteer_id();
  filter.mission_id = request.mission_id();
  if (filter.volunteer_id.empty() && filter.mission_id.empty() &&
      caller.HasRole(Role::kVolunteer)) {
    filter.volunteer_id = caller.subject;
  }
  FieldChecker check;
  check.Expect(filter.volunteer_id.empty() != filter.mission_id.empty(), "volunteer_id",
               "set exactly one of volunteer_id and mission_id");
  if (!filter.volunteer_id.empty()) check.Uuid("volunteer_id", filter.volunteer_id);
  if (!filter.mission_id.empty()) check.Uuid("mission_id", filter.mission_id);
  for (int i = 0; i < request.statuses_size(); ++i) {
    const std::string name = storage::InvitationStatusName(request.statuses(i));
    if (check.Expect(
            !name.empty(), absl::StrCat("statuses[", i, "]"),
            absl::StrCat("must be a known invitation status, got ", request.statuses(i)))) {
      filter.statuses.push_back(name);
    }
  }
  RETURN_IF_ERROR(check.status());
  ASSIGN_OR_RETURN(filter.limit, PageSize(request.page_size()));
  v1::ListInvitationsRequest fingerprinted = request;
  fingerprinted.set_volunteer_id(filter.volunteer_id);
  ASSIGN_OR_RETURN(std::vector<std::string> keys,
                   DecodePageToken(request.page_token(), FilterFingerprint(fingerprinted), 2));
  if (!keys.empty()) {
    int64_t micros = 0;
    if (!absl::SimpleAtoi(keys[0], &micros) || !IsUuid(keys[1])) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    filter.after = std::make_pair(micros, keys[1]);
  }

  if (!filter.volunteer_id.empty()) {
    const bool self = caller.HasRole(Role::kVolunteer) && caller.subject == filter.volunteer_id;
    if (!self && !caller.IsAdmin()) {
      return absl::PermissionDeniedError(
          "a volunteer's invitations are for the volunteer themself and admins");
    }
  } else {
    std::vector<v1::Mission> found;
    RETURN_IF_ERROR(storage::RunReadOnly(*backends_.database, "reading the mission",
                                         [&](pqxx::read_transaction& txn) -> absl::Status {
                                           ASSIGN_OR_RETURN(found, storage::ReadMissionScopes(
                                                                       txn, {filter.mission_id}));
                                           return absl::OkStatus();
                                         }));
    if (found.empty())
      return absl::NotFoundError(absl::StrCat("mission ", filter.mission_id, " not found"));
    RETURN_IF_ERROR(
        CheckMissionScope(caller, found[0].organisation_id(), found[0].department_code(), false));
  }

  std::vector<v1::Invitation> page;
  ++filter.limit;  // one more tells whether a next page exists
  RETURN_IF_ERROR(storage::RunReadOnly(
      *backends_.database, "listing invitations", [&](pqxx::read_transaction& txn) -> absl::Status {
        ASSIGN_OR_RETURN(page, storage::ListInvitations(txn, filter));
        return absl::OkStatus();
      }));
  const bool more = static_cast<int>(page.size()) == filter.limit;
  if (more) page.pop_back();
  for (v1::Invitation& invitation : page) *response.add_invitations() = std::move(invitation);
  if (more && !response.invitations().empty()) {
    const v1::Invitation& last = response.invitations(response.invitations_size() - 1);
    response.set_next_page_token(EncodePageToken(
        FilterFingerprint(fingerprinted), {absl::StrCat(storage::CreateMicros(last)), last.id()}));
  }
  return absl::OkStatus();
}

absl::Status MatchingHandlers::RespondToInvitation(const Caller& caller,
                                                   const v1::RespondToInvitationRequest& request,
                                                   v1::RespondToInvitationResponse& response) {
  FieldChecker check;
  check.Required("invitation_id", request.invitation_id()) &&
      check.Uuid("invitation_id", request.invitation_id());
  check.Expect(request.answer() == v1::INVITATION_ANSWER_ACCEPT ||
                   request.answer() == v1::INVITATION_ANSWER_DECLINE,
               "answer", absl::StrCat("must be ACCEPT or DECLINE, got ", request.answer()));
  check.Length("motivation", request.motivation(), 0, kMaxMotivationLength);
  if (request.answer() == v1::INVITATION_ANSWER_DECLINE) {
    check.Expect(request.motivation().empty(), "motivation", "must be empty when declining");
  }
  RETURN_IF_ERROR(check.status());
  const bool accept = request.answer() == v1::INVITATION_ANSWER_ACCEPT;

  const absl::Time now = absl::Now();
  RETURN_IF_ERROR(storage::RunInTransaction(
      *backends_.database, "answering an invitation", [&](pqxx::work& txn) -> absl::Status {
        response.Clear();
        ASSIGN_OR_RETURN(v1::Invitation invitation,
                         storage::ReadInvitation(txn, request.invitation_id(), true));
        RETURN_IF_ERROR(caller.RequireSelf(invitation.volunteer_id()));
        if (invitation.status() != v1::INVITATION_STATUS_PROPOSED) {
          return absl::FailedPreconditionError(
              absl::StrCat("invitation ", invitation.id(), " is ",
                           v1::InvitationStatus_Name(invitation.status()), ", no longer PROPOSED"));
        }
        if (invitation.expire_time().seconds() <= absl::ToUnixSeconds(now)) {
          return absl::FailedPreconditionError(
              absl::StrCat("invitation ", invitation.id(), " has expired"));
        }
        if (accept) {
          ASSIGN_OR_RETURN(v1::Mission mission,
                           storage::LockMissionForMatching(txn, invitation.mission_id()));
          RETURN_IF_ERROR(RequirePublished(mission));
          ASSIGN_OR_RETURN(std::optional<std::string> conflict,
                           storage::FindOverlappingAcceptedMission(txn, invitation.volunteer_id(),
                                                                   mission.id()));
          if (conflict.has_value()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "the mission overlaps in time with your accepted participation in ", *conflict));
          }
          ASSIGN_OR_RETURN(v1::Participation participation,
                           storage::InsertInvitedParticipation(txn, mission, invitation,
                                                               request.motivation(), now));
          storage::AppendOutboxEvent(txn, "participation.created",
                                     storage::Aggregate::kParticipation, participation.id(),
                                     participation);
          invitation.set_participation_id(participation.id());
          *response.mutable_participation() = std::move(participation);
        }
        invitation.set_status(accept ? v1::INVITATION_STATUS_ACCEPTED
                                     : v1::INVITATION_STATUS_DECLINED);
        RETURN_IF_ERROR(storage::RecordInvitationAnswer(txn, invitation, now));
        storage::AppendOutboxEvent(txn, "invitation.responded", storage::Aggregate::kInvitation,
                                   invitation.id(), invitation);
        *response.mutable_invitation() = std::move(invitation);
        return absl::OkStatus();
      }));
  RefreshAfterWrite({.invitation_ids = {response.invitation().id()}});
  return absl::OkStatus();
}

}  // namespace renfort::services
