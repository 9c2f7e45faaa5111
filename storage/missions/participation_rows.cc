#include "storage/missions/participation_rows.h"

#include <google/protobuf/util/time_util.h>

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

template <typename Enum, typename Parser>
Enum ParseWithPrefix(absl::string_view prefix, absl::string_view value, Parser parse) {
  Enum result{};
  if (!parse(absl::StrCat(prefix, absl::AsciiStrToUpper(value)), &result)) return Enum{};
  return result;
}

// "PARTICIPATION_STATUS_PENDING" minus its prefix: "PENDING".
// UNSPECIFIED values have no SQL form: "" (written as NULL).
std::string WithoutPrefix(const std::string& name, absl::string_view prefix) {
  if (name.rfind(std::string(prefix), 0) != 0) return "";
  if (name.substr(prefix.size()) == "UNSPECIFIED") return "";
  return name.substr(prefix.size());
}

}  // namespace

std::string SqlArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string MicrosOf(absl::string_view column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

std::string FromMicros(int parameter) {
  return absl::StrCat("(timestamptz 'epoch' + $", parameter,
                      "::bigint * interval '1 microsecond')");
}

int64_t MicrosFromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return google::protobuf::util::TimeUtil::TimestampToMicroseconds(timestamp);
}

v1::ParticipationStatus StatusFromSql(absl::string_view value) {
  return ParseWithPrefix<v1::ParticipationStatus>("PARTICIPATION_STATUS_", value,
                                                  v1::ParticipationStatus_Parse);
}
std::string StatusToSql(v1::ParticipationStatus status) {
  return WithoutPrefix(v1::ParticipationStatus_Name(status), "PARTICIPATION_STATUS_");
}
v1::ParticipationReason ReasonFromSql(absl::string_view value) {
  return ParseWithPrefix<v1::ParticipationReason>("PARTICIPATION_REASON_", value,
                                                  v1::ParticipationReason_Parse);
}
std::string ReasonToSql(v1::ParticipationReason reason) {
  return absl::AsciiStrToLower(
      WithoutPrefix(v1::ParticipationReason_Name(reason), "PARTICIPATION_REASON_"));
}
v1::ActorRole ActorRoleFromSql(absl::string_view value) {
  return ParseWithPrefix<v1::ActorRole>("ACTOR_ROLE_", value, v1::ActorRole_Parse);
}
std::string ActorRoleToSql(v1::ActorRole role) {
  return absl::AsciiStrToLower(WithoutPrefix(v1::ActorRole_Name(role), "ACTOR_ROLE_"));
}
v1::Format FormatFromSql(absl::string_view value) {
  return ParseWithPrefix<v1::Format>("FORMAT_", value, v1::Format_Parse);
}
std::string FormatToSql(v1::Format format) {
  return WithoutPrefix(v1::Format_Name(format), "FORMAT_");
}
v1::Domain DomainFromSql(absl::string_view value) {
  return ParseWithPrefix<v1::Domain>("DOMAIN_", value, v1::Domain_Parse);
}
std::string DomainToSql(v1::Domain domain) {
  return absl::AsciiStrToLower(WithoutPrefix(v1::Domain_Name(domain), "DOMAIN_"));
}
v1::MissionStatus MissionStatusFromSql(absl::string_view value) {
  return ParseWithPrefix<v1::MissionStatus>("MISSION_STATUS_", value, v1::MissionStatus_Parse);
}

const char kParticipationColumns[] = R"sql(
  p.id, p.mission_id, m.organisation_id, p.volunteer_id, p.origin, p.status,
  coalesce(p.reason, ''), coalesce(p.motivation, ''), coalesce(p.hours_done, 0)::float8,
  (extract(epoch FROM p.checked_in_at) * 1000000)::bigint,
  (extract(epoch FROM p.checked_out_at) * 1000000)::bigint,
  (extract(epoch FROM p.created_at) * 1000000)::bigint,
  (extract(epoch FROM p.updated_at) * 1000000)::bigint,
  CASE WHEN p.status = 'WAITLISTED' THEN (
    SELECT count(*) FROM participations w
    WHERE w.mission_id = p.mission_id AND w.status = 'WAITLISTED'
      AND (w.waitlisted_at, w.id) <= (p.waitlisted_at, p.id)) ELSE 0 END,
  (SELECT i.id FROM invitations i WHERE i.participation_id = p.id),
  coalesce(v.first_name, ''), coalesce(v.last_name, ''), coalesce(v.email, ''),
  coalesce(v.phone, ''))sql";

const char kParticipationJoins[] = R"sql(
  FROM participations p
  JOIN missions m ON m.id = p.mission_id
  JOIN organisations o ON o.id = m.organisation_id
  JOIN volunteers v ON v.id = p.volunteer_id)sql";

v1::Participation ParticipationFromRow(const pqxx::row& row) {
  v1::Participation participation;
  participation.set_id(row[0].as<std::string>());
  participation.set_mission_id(row[1].as<std::string>());
  participation.set_organisation_id(row[2].as<std::string>());
  participation.set_volunteer_id(row[3].as<std::string>());
  participation.set_origin(row[4].as<std::string>() == "INVITED"
                               ? v1::PARTICIPATION_ORIGIN_INVITED
                               : v1::PARTICIPATION_ORIGIN_APPLIED);
  participation.set_status(StatusFromSql(row[5].as<std::string>()));
  participation.set_reason(ReasonFromSql(row[6].as<std::string>()));
  participation.set_motivation(row[7].as<std::string>());
  participation.set_hours_given(row[8].as<double>());
  if (!row[9].is_null()) {
    *participation.mutable_check_in_time() = TimestampFromMicros(row[9].as<int64_t>());
  }
  if (!row[10].is_null()) {
    *participation.mutable_check_out_time() = TimestampFromMicros(row[10].as<int64_t>());
  }
  *participation.mutable_create_time() = TimestampFromMicros(row[11].as<int64_t>());
  *participation.mutable_update_time() = TimestampFromMicros(row[12].as<int64_t>());
  participation.set_waitlist_position(row[13].as<int>());
  if (!row[14].is_null()) participation.set_invitation_id(row[14].as<std::string>());
  v1::ParticipantContact& contact = *participation.mutable_participant();
  contact.set_first_name(row[15].as<std::string>());
  contact.set_last_name(row[16].as<std::string>());
  contact.set_email(row[17].as<std::string>());
  contact.set_phone(row[18].as<std::string>());
  return participation;
}

void AttachTransitions(pqxx::transaction_base& txn,
                       std::vector<v1::Participation>& participations) {
  if (participations.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, v1::Participation*> by_id;
  for (v1::Participation& participation : participations) {
    ids.push_back(participation.id());
    by_id[participation.id()] = &participation;
  }
  const pqxx::result rows = txn.exec_params(R"sql(
    SELECT participation_id, coalesce(from_status, ''), to_status, coalesce(reason, ''),
           coalesce(note, ''), actor_role, coalesce(actor_id, ''),
           (extract(epoch FROM at) * 1000000)::bigint
    FROM participation_transitions
    WHERE participation_id = ANY($1::uuid[])
    ORDER BY participation_id, id)sql",
                                            SqlArray(ids));
  for (const pqxx::row& row : rows) {
    v1::ParticipationTransition& transition = *by_id[row[0].as<std::string>()]->add_transitions();
    transition.set_from_status(StatusFromSql(row[1].as<std::string>()));
    transition.set_to_status(StatusFromSql(row[2].as<std::string>()));
    transition.set_reason(ReasonFromSql(row[3].as<std::string>()));
    transition.set_note(row[4].as<std::string>());
    transition.mutable_actor()->set_role(ActorRoleFromSql(row[5].as<std::string>()));
    transition.mutable_actor()->set_subject(row[6].as<std::string>());
    *transition.mutable_transition_time() = TimestampFromMicros(row[7].as<int64_t>());
  }
}

void InsertTransition(pqxx::transaction_base& txn, const std::string& participation_id,
                      const v1::ParticipationTransition& transition) {
  txn.exec_params(R"sql(
    INSERT INTO participation_transitions
      (participation_id, from_status, to_status, reason, note, actor_role, actor_id)
    VALUES ($1, nullif($2, ''), $3, nullif($4, ''), nullif($5, ''), $6, nullif($7, '')))sql",
                  participation_id, StatusToSql(transition.from_status()),
                  StatusToSql(transition.to_status()), ReasonToSql(transition.reason()),
                  transition.note(), ActorRoleToSql(transition.actor().role()),
                  transition.actor().role() == v1::ACTOR_ROLE_SYSTEM
                      ? std::string()
                      : transition.actor().subject());
}

absl::StatusOr<v1::Participation> ReadParticipation(pqxx::transaction_base& txn,
                                                    const std::string& participation_id) {
  const pqxx::result rows = txn.exec_params(
      absl::StrCat("SELECT ", kParticipationColumns, kParticipationJoins, " WHERE p.id = $1"),
      participation_id);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("participation ", participation_id, " not found"));
  }
  std::vector<v1::Participation> participations = {ParticipationFromRow(rows[0])};
  AttachTransitions(txn, participations);
  return std::move(participations[0]);
}

}  // namespace renfort::storage
