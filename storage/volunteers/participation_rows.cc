#include "storage/volunteers/participation_rows.h"

#include <google/protobuf/util/json_util.h>

#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "storage/volunteers/sql_values.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;
using OptText = std::optional<std::string>;
using OptMicros = std::optional<int64_t>;

// Enum values from the schema's names: "ACCEPTED" -> PARTICIPATION_STATUS_ACCEPTED,
// "change_mind" -> PARTICIPATION_REASON_CHANGE_MIND. Unknown or NULL names give 0.
template <typename Enum, typename Parser>
Enum ParseEnum(const OptText& name, absl::string_view prefix, Parser parse) {
  Enum value = static_cast<Enum>(0);
  if (name.has_value()) parse(absl::StrCat(prefix, absl::AsciiStrToUpper(*name)), &value);
  return value;
}

v1::ParticipationStatus Status(const OptText& name) {
  return ParseEnum<v1::ParticipationStatus>(name, "PARTICIPATION_STATUS_",
                                            v1::ParticipationStatus_Parse);
}
v1::ParticipationReason Reason(const OptText& name) {
  return ParseEnum<v1::ParticipationReason>(name, "PARTICIPATION_REASON_",
                                            v1::ParticipationReason_Parse);
}

constexpr char kSelectParticipations[] = R"sql(
SELECT p.id::text, p.mission_id::text, m.organisation_id::text, p.volunteer_id::text, p.origin,
       p.status, p.reason, p.motivation,
       (SELECT i.id::text FROM invitations i WHERE i.participation_id = p.id),
       p.hours_done::float8,
       )sql" RENFORT_MICROS("p.checked_in_at") ", " RENFORT_MICROS("p.checked_out_at") ", "
    RENFORT_MICROS("p.created_at") ", " RENFORT_MICROS("p.updated_at") R"sql(,
       CASE WHEN p.status = 'WAITLISTED' THEN (
         SELECT count(*) FROM participations w
         WHERE w.mission_id = p.mission_id AND w.status = 'WAITLISTED'
           AND (w.waitlisted_at, w.id) <= (p.waitlisted_at, p.id)) ELSE 0 END
FROM participations p JOIN missions m ON m.id = p.mission_id
)sql";

v1::Participation ParticipationFromRow(const pqxx::row& row) {
  v1::Participation participation;
  participation.set_id(row[0].as<std::string>());
  participation.set_mission_id(row[1].as<std::string>());
  participation.set_organisation_id(row[2].as<std::string>());
  participation.set_volunteer_id(row[3].as<std::string>());
  participation.set_origin(ParseEnum<v1::ParticipationOrigin>(
      row[4].as<OptText>(), "PARTICIPATION_ORIGIN_", v1::ParticipationOrigin_Parse));
  participation.set_status(Status(row[5].as<OptText>()));
  participation.set_reason(Reason(row[6].as<OptText>()));
  participation.set_motivation(row[7].as<OptText>().value_or(""));
  participation.set_invitation_id(row[8].as<OptText>().value_or(""));
  participation.set_hours_given(row[9].as<std::optional<double>>().value_or(0));
  SetTimestampFromMicros(row[10].as<OptMicros>(), [&] { return participation.mutable_check_in_time(); });
  SetTimestampFromMicros(row[11].as<OptMicros>(), [&] { return participation.mutable_check_out_time(); });
  SetTimestampFromMicros(row[12].as<OptMicros>(), [&] { return participation.mutable_create_time(); });
  SetTimestampFromMicros(row[13].as<OptMicros>(), [&] { return participation.mutable_update_time(); });
  participation.set_waitlist_position(row[14].as<int>());
  return participation;
}

std::vector<v1::Participation> ReadWithTransitions(pqxx::transaction_base& txn,
                                                   const std::string& where,
                                                   const std::string& argument) {
  std::vector<v1::Participation> participations;
  for (const pqxx::row& row :
       txn.exec_params(std::string(kSelectParticipations) + where + " ORDER BY p.created_at, p.id",
                       argument)) {
    participations.push_back(ParticipationFromRow(row));
  }
  if (participations.empty()) return participations;
  absl::flat_hash_map<std::string, v1::Participation*> by_id;
  std::vector<std::string> ids;
  for (v1::Participation& participation : participations) {
    by_id[participation.id()] = &participation;
    ids.push_back(participation.id());
  }
  for (const pqxx::row& row : txn.exec_params(
           "SELECT participation_id::text, from_status, to_status, reason, actor_role, actor_id, "
           RENFORT_MICROS("at") " FROM participation_transitions "
           "WHERE participation_id = ANY ($1::uuid[]) ORDER BY id",
           ArrayLiteral(ids))) {
    v1::ParticipationTransition& transition = *by_id[row[0].as<std::string>()]->add_transitions();
    transition.set_from_status(Status(row[1].as<OptText>()));
    transition.set_to_status(Status(row[2].as<OptText>()));
    transition.set_reason(Reason(row[3].as<OptText>()));
    transition.mutable_actor()->set_role(
        ParseEnum<v1::ActorRole>(row[4].as<OptText>(), "ACTOR_ROLE_", v1::ActorRole_Parse));
    transition.mutable_actor()->set_subject(row[5].as<OptText>().value_or(""));
    SetTimestampFromMicros(row[6].as<OptMicros>(), [&] { return transition.mutable_transition_time(); });
  }
  return participations;
}

}  // namespace

absl::StatusOr<v1::Participation> ReadParticipationForExport(pqxx::transaction_base& txn,
                                                    const std::string& id) {
  std::vector<v1::Participation> found = ReadWithTransitions(txn, "WHERE p.id = $1::uuid", id);
  if (found.empty()) {
    return absl::NotFoundError(absl::StrCat("participation ", id, " does not exist"));
  }
  return found.front();
}

std::vector<v1::Participation> ReadVolunteerParticipations(pqxx::transaction_base& txn,
                                                           const std::string& volunteer_id) {
  return ReadWithTransitions(txn, "WHERE p.volunteer_id = $1::uuid", volunteer_id);
}

std::vector<v1::Invitation> ReadVolunteerInvitations(pqxx::transaction_base& txn,
                                                     const std::string& volunteer_id) {
  std::vector<v1::Invitation> invitations;
  for (const pqxx::row& row : txn.exec_params(
           "SELECT i.id::text, i.mission_id::text, m.organisation_id::text, i.status, "
           "  i.score::float8, i.explanation::text, i.participation_id::text, "
           RENFORT_MICROS("i.created_at") ", " RENFORT_MICROS("i.expires_at") ", "
           RENFORT_MICROS("i.responded_at") " "
           "FROM invitations i JOIN missions m ON m.id = i.mission_id "
           "WHERE i.volunteer_id = $1::uuid ORDER BY i.created_at, i.id",
           volunteer_id)) {
    v1::Invitation& invitation = invitations.emplace_back();
    invitation.set_id(row[0].as<std::string>());
    invitation.set_mission_id(row[1].as<std::string>());
    invitation.set_organisation_id(row[2].as<std::string>());
    invitation.set_volunteer_id(volunteer_id);
    invitation.set_status(ParseEnum<v1::InvitationStatus>(row[3].as<OptText>(),
                                                          "INVITATION_STATUS_",
                                                          v1::InvitationStatus_Parse));
    invitation.set_score(row[4].as<double>());
    // The breakdown is stored as the proto's JSON; an older or foreign shape is left out.
    google::protobuf::util::JsonParseOptions lenient;
    lenient.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(row[5].as<std::string>(),
                                                     invitation.mutable_breakdown(), lenient)
             .ok()) {
      invitation.clear_breakdown();
    }
    invitation.set_participation_id(row[6].as<OptText>().value_or(""));
    SetTimestampFromMicros(row[7].as<OptMicros>(), [&] { return invitation.mutable_create_time(); });
    SetTimestampFromMicros(row[8].as<OptMicros>(), [&] { return invitation.mutable_expire_time(); });
    SetTimestampFromMicros(row[9].as<OptMicros>(), [&] { return invitation.mutable_respond_time(); });
  }
  return invitations;
}

}  // namespace renfort::storage
