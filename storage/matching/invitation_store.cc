#include "storage/matching/invitation_store.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "storage/matching/row_values.h"
#include "storage/pg/errors.h"
#include "storage/pg/prepared_statement.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

const PreparedStatement kLockMission("matching.invitation_store.lock_mission", R"sql(
  SELECT m.id, m.organisation_id, coalesce(m.department_code, o.department_code), d.time_zone,
         m.status, m.places, m.places_held, coalesce(m.end_date::text, ''), m.start_date::text
  FROM missions m
  JOIN organisations o ON o.id = m.organisation_id
  JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
  WHERE m.id = $1::uuid
  FOR UPDATE OF m)sql");

const PreparedStatement kReadMissionScopes("matching.invitation_store.read_mission_scopes", R"sql(
  SELECT m.id, m.organisation_id, coalesce(m.department_code, o.department_code), m.status
  FROM missions m JOIN organisations o ON o.id = m.organisation_id
  WHERE m.id = ANY($1::uuid[]))sql");
// The one-mission form every RankVolunteers call runs (see SqlForOneId).
const PreparedStatement kReadMissionScope("matching.invitation_store.read_mission_scope",
                                          SqlForOneId(kReadMissionScopes.sql()));

const PreparedStatement kSolicited("matching.invitation_store.solicited", R"sql(
  SELECT DISTINCT volunteer_id FROM invitations WHERE mission_id = $1::uuid)sql");

const PreparedStatement kInsertInvitation("matching.invitation_store.insert_invitation", R"sql(
  INSERT INTO invitations (mission_id, volunteer_id, score, explanation, status, created_at,
                           expires_at)
  VALUES ($1::uuid, $2::uuid, $3, $4::jsonb, 'PROPOSED', $5::timestamptz, $6::timestamptz)
  RETURNING id, (SELECT organisation_id FROM missions WHERE id = $1::uuid),
            (extract(epoch FROM created_at) * 1000000)::bigint,
            (extract(epoch FROM expires_at) * 1000000)::bigint)sql");

// Columns of an invitation and of its mission's summary, in InvitationFromRow's order.
constexpr char kInvitationColumns[] = R"sql(
  SELECT i.id, i.mission_id, m.organisation_id, i.volunteer_id, i.status, i.score,
         i.explanation::text, coalesce(i.participation_id::text, ''),
         (extract(epoch FROM i.created_at) * 1000000)::bigint,
         (extract(epoch FROM i.expires_at) * 1000000)::bigint,
         (extract(epoch FROM i.responded_at) * 1000000)::bigint,
         m.title, o.name, m.domain_slug, m.format, coalesce(m.department_code, o.department_code),
         coalesce((SELECT c.name FROM mission_addresses a JOIN communes c
                   ON c.insee_code = a.commune_insee_code
                   WHERE a.mission_id = m.id ORDER BY a.position LIMIT 1), ''),
         m.start_date::text, coalesce(m.end_date::text, ''), m.places, m.places_held
  FROM invitations i
  JOIN missions m ON m.id = i.mission_id
  JOIN organisations o ON o.id = m.organisation_id)sql";

const PreparedStatement kRecordAnswer("matching.invitation_store.record_answer", R"sql(
  UPDATE invitations SET status = $2, responded_at = $3::timestamptz,
                         participation_id = nullif($4, '')::uuid
  WHERE id = $1::uuid)sql");

const PreparedStatement kExpireDue("matching.invitation_store.expire_due", R"sql(
  WITH due AS (
    SELECT i.id FROM invitations i JOIN missions m ON m.id = i.mission_id
    WHERE i.status = 'PROPOSED'
      AND (i.expires_at <= $1::timestamptz OR m.status IN ('CLOSED', 'CANCELLED'))
    ORDER BY i.expires_at, i.id
    LIMIT $2
    FOR UPDATE OF i SKIP LOCKED)
  UPDATE invitations SET status = 'EXPIRED' WHERE id IN (SELECT id FROM due)
  RETURNING id)sql");

const PreparedStatement kVolunteerSummaries("matching.invitation_store.volunteer_summaries", R"sql(
  SELECT v.id, v.first_name, v.last_name, coalesce(c.name, ''), v.department_code,
         v.birth_date::text, v.accepts_in_person, v.accepts_remote,
         coalesce((SELECT string_agg(domain_slug, ',' ORDER BY domain_slug)
                   FROM volunteer_domains WHERE volunteer_id = v.id), ''),
         coalesce((SELECT string_agg(skill_slug, ',' ORDER BY skill_slug)
                   FROM volunteer_skills WHERE volunteer_id = v.id), ''),
         (SELECT count(*) FROM participations WHERE volunteer_id = v.id AND status = 'DONE')
  FROM volunteers v LEFT JOIN communes c ON c.insee_code = v.home_commune_insee_code
  WHERE v.id = ANY($1::uuid[]) AND v.status <> 'DELETED')sql");

const PreparedStatement kVolunteerScope("matching.invitation_store.volunteer_scope", R"sql(
  SELECT id, status, coalesce(department_code, '') FROM volunteers WHERE id = $1::uuid)sql");

v1::InvitationStatus InvitationStatusFromName(const std::string& name) {
  v1::InvitationStatus status = v1::INVITATION_STATUS_UNSPECIFIED;
  v1::InvitationStatus_Parse("INVITATION_STATUS_" + name, &status);
  return status;
}

v1::Invitation InvitationFromRow(const pqxx::row& row) {
  v1::Invitation invitation;
  invitation.set_id(row[0].c_str());
  invitation.set_mission_id(row[1].c_str());
  invitation.set_organisation_id(row[2].c_str());
  invitation.set_volunteer_id(row[3].c_str());
  invitation.set_status(InvitationStatusFromName(row[4].as<std::string>()));
  invitation.set_score(row[5].as<double>());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  (void)google::protobuf::util::JsonStringToMessage(row[6].as<std::string>(),
                                                    invitation.mutable_breakdown(), options);
  invitation.set_participation_id(row[7].c_str());
  *invitation.mutable_create_time() = TimestampFromMicros(row[8].as<int64_t>());
  *invitation.mutable_expire_time() = TimestampFromMicros(row[9].as<int64_t>());
  if (!row[10].is_null())
    *invitation.mutable_respond_time() = TimestampFromMicros(row[10].as<int64_t>());
  v1::MissionSummary& summary = *invitation.mutable_mission();
  summary.set_title(row[11].c_str());
  summary.set_organisation_id(row[2].c_str());
  summary.set_organisation_name(row[12].c_str());
  summary.set_domain(DomainFromSlug(row[13].c_str()));
  summary.set_format(FormatFromName(row[14].c_str()));
  summary.set_department_code(row[15].c_str());
  summary.set_commune_name(row[16].c_str());
  ParseSqlDate(row[17].c_str(), *summary.mutable_start_date());
  if (!row[18].as<std::string>().empty())
    ParseSqlDate(row[18].c_str(), *summary.mutable_end_date());
  summary.set_places(row[19].as<int>());
  summary.set_places_held(row[20].as<int>());
  return invitation;
}

// The first UTF-8 character of `text` (all its bytes: "É" is two), for "Camille É.".
absl::string_view FirstCharacter(absl::string_view text) {
  if (text.empty()) return text;
  const unsigned char lead = static_cast<unsigned char>(text[0]);
  const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return text.substr(0, std::min(length, text.size()));
}


}  // namespace

absl::StatusOr<v1::Mission> LockMissionForMatching(pqxx::transaction_base& txn,
                                                   const std::string& mission_id) {
  try {
    const pqxx::result rows = kLockMission.Exec(txn, mission_id);
    if (rows.empty())
      return absl::NotFoundError(absl::StrCat("mission ", mission_id, " not found"));
    const pqxx::row& row = rows[0];
    v1::Mission mission;
    mission.set_id(row[0].c_str());
    mission.set_organisation_id(row[1].c_str());
    mission.set_department_code(row[2].c_str());
    mission.set_time_zone(row[3].c_str());
    v1::MissionStatus status = v1::MISSION_STATUS_UNSPECIFIED;
    v1::MissionStatus_Parse("MISSION_STATUS_" + row[4].as<std::string>(), &status);
    mission.set_status(status);
    mission.set_places(row[5].as<int>());
    mission.set_places_held(row[6].as<int>());
    if (!row[7].as<std::string>().empty())
      ParseSqlDate(row[7].c_str(), *mission.mutable_end_date());
    ParseSqlDate(row[8].c_str(), *mission.mutable_start_date());
    return mission;
  } catch (...) {
    return StatusFromCurrentException("locking the mission");
  }
}

absl::StatusOr<std::vector<v1::Mission>> ReadMissionScopes(
    pqxx::transaction_base& txn, const std::vector<std::string>& mission_ids) {
  try {
    std::vector<v1::Mission> missions;
    const pqxx::result rows = mission_ids.size() == 1 && IsCanonicalUuid(mission_ids[0])
                                  ? kReadMissionScope.Exec(txn, mission_ids[0])
                                  : kReadMissionScopes.Exec(txn, UuidArrayLiteral(mission_ids));
    for (const pqxx::row& row : rows) {
      v1::Mission& mission = missions.emplace_back();
      mission.set_id(row[0].c_str());
      mission.set_organisation_id(row[1].c_str());
      mission.set_department_code(row[2].c_str());
      v1::MissionStatus status = v1::MISSION_STATUS_UNSPECIFIED;
      v1::MissionStatus_Parse("MISSION_STATUS_" + row[3].as<std::string>(), &status);
      mission.set_status(status);
    }
    return missions;
  } catch (...) {
    return StatusFromCurrentException("reading missions");
  }
}

absl::StatusOr<absl::flat_hash_set<std::string>> SolicitedVolunteers(
    pqxx::transaction_base& txn, const std::string& mission_id) {
  try {
    absl::flat_hash_set<std::string> solicited;
    for (const pqxx::row& row : kSolicited.Exec(txn, mission_id))
      solicited.insert(row[0].c_str());
    return solicited;
  } catch (...) {
    return StatusFromCurrentException("reading the mission's invitations");
  }
}

absl::Status InsertInvitation(pqxx::transaction_base& txn, v1::Invitation& invitation) {
  try {
    std::string explanation;
    if (!google::protobuf::util::MessageToJsonString(invitation.breakdown(), &explanation).ok()) {
      explanation = "{}";
    }
    const pqxx::row row = kInsertInvitation.Exec1(txn, invitation.mission_id(), invitation.volunteer_id(), invitation.score(),
        explanation, SqlInstant(TimeFromTimestamp(invitation.create_time())),
        SqlInstant(TimeFromTimestamp(invitation.expire_time())));
    invitation.set_id(row[0].c_str());
    invitation.set_organisation_id(row[1].c_str());
    invitation.set_status(v1::INVITATION_STATUS_PROPOSED);
    *invitation.mutable_create_time() = TimestampFromMicros(row[2].as<int64_t>());
    *invitation.mutable_expire_time() = TimestampFromMicros(row[3].as<int64_t>());
    return absl::OkStatus();
  } catch (...) {
    return StatusFromCurrentException("creating an invitation");
  }
}

absl::StatusOr<v1::Invitation> ReadInvitation(pqxx::transaction_base& txn,
                                              const std::string& invitation_id, bool for_update) {
  try {
    const pqxx::result rows =
        txn.exec_params(absl::StrCat(kInvitationColumns, " WHERE i.id = $1::uuid",
                                     for_update ? " FOR UPDATE OF i" : ""),
                        invitation_id);
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat("invitation ", invitation_id, " not found"));
    }
    return InvitationFromRow(rows[0]);
  } catch (...) {
    return StatusFromCurrentException("reading the invitation");
  }
}

absl::Status RecordInvitationAnswer(pqxx::transaction_base& txn, v1::Invitation& invitation,
                                    absl::Time now) {
  try {
    kRecordAnswer.Exec(txn, invitation.id(), InvitationStatusName(invitation.status()),
                    SqlInstant(now), invitation.participation_id());
    *invitation.mutable_respond_time() = TimestampFromMicros(absl::ToUnixMicros(now));
    return absl::OkStatus();
  } catch (...) {
    return StatusFromCurrentException("answering the invitation");
  }
}

int64_t CreateMicros(const v1::Invitation& invitation) {
  return invitation.create_time().seconds() * 1'000'000 + invitation.create_time().nanos() / 1000;
}

absl::StatusOr<std::vector<v1::Invitation>> ListInvitations(pqxx::transaction_base& txn,
                                                            const InvitationFilter& filter) {
  try {
    const bool by_volunteer = !filter.volunteer_id.empty();
    std::string sql = absl::StrCat(
        kInvitationColumns,
        by_volunteer ? " WHERE i.volunteer_id = $1::uuid" : " WHERE i.mission_id = $1::uuid",
        " AND (cardinality($2::text[]) = 0 OR i.status = ANY($2::text[]))");
    std::string after_time = "infinity";
    std::string after_id = "00000000-0000-0000-0000-000000000000";
    if (filter.after) {
      after_time = SqlInstant(absl::FromUnixMicros(filter.after->first));
      after_id = filter.after->second;
      absl::StrAppend(&sql,
                      " AND (i.created_at < $3::timestamptz OR (i.created_at = $3::timestamptz",
                      " AND i.id > $4::uuid))");
    } else {
      absl::StrAppend(&sql, " AND $3::text IS NOT NULL AND $4::text IS NOT NULL");
    }
    absl::StrAppend(&sql, " ORDER BY i.created_at DESC, i.id LIMIT $5");
    const std::string statuses = absl::StrCat("{", absl::StrJoin(filter.statuses, ","), "}");
    std::vector<v1::Invitation> invitations;
    for (const pqxx::row& row :
         txn.exec_params(sql, by_volunteer ? filter.volunteer_id : filter.mission_id, statuses,
                         after_time, after_id, filter.limit)) {
      invitations.push_back(InvitationFromRow(row));
    }
    return invitations;
  } catch (...) {
    return StatusFromCurrentException("listing invitations");
  }
}

absl::StatusOr<std::vector<v1::Invitation>> ExpireInvitations(pqxx::transaction_base& txn,
                                                              absl::Time now, int limit) {
  std::vector<std::string> ids;
  try {
    for (const pqxx::row& row : kExpireDue.Exec(txn, SqlInstant(now), limit)) {
      ids.push_back(row[0].c_str());
    }
  } catch (...) {
    return StatusFromCurrentException("expiring invitations");
  }
  std::vector<v1::Invitation> expired;
  for (const std::string& id : ids) {
    absl::StatusOr<v1::Invitation> invitation = ReadInvitation(txn, id, false);
    if (!invitation.ok()) return invitation.status();
    expired.push_back(*std::move(invitation));
  }
  return expired;
}

absl::StatusOr<absl::flat_hash_map<std::string, v1::VolunteerSummary>> ReadVolunteerSummaries(
    pqxx::transaction_base& txn, const std::vector<std::string>& volunteer_ids,
    const v1::Date& mission_start) {
  try {
    absl::flat_hash_map<std::string, v1::VolunteerSummary> summaries;
    if (volunteer_ids.empty()) return summaries;
    const absl::CivilDay start(mission_start.year(), mission_start.month(), mission_start.day());
    for (const pqxx::row& row :
         kVolunteerSummaries.Exec(txn, UuidArrayLiteral(volunteer_ids))) {
      v1::VolunteerSummary& summary = summaries[row[0].c_str()];
      summary.set_display_name(
          absl::StrCat(row[1].c_str(), " ", FirstCharacter(row[2].c_str()), "."));
      summary.set_commune_name(row[3].c_str());
      summary.set_department_code(row[4].c_str());
      v1::Date birth;
      if (ParseSqlDate(row[5].c_str(), birth)) {
        const absl::CivilDay eighteenth(birth.year() + 18, birth.month(), birth.day());
        summary.set_minor(start < eighteenth);
      }
      summary.set_accepts_in_person(row[6].as<bool>());
      summary.set_accepts_remote(row[7].as<bool>());
      for (absl::string_view slug : absl::StrSplit(row[8].c_str(), ',', absl::SkipEmpty())) {
        summary.add_domains(DomainFromSlug(slug));
      }
      for (absl::string_view slug : absl::StrSplit(row[9].c_str(), ',', absl::SkipEmpty())) {
        summary.add_skills(std::string(slug));
      }
      summary.set_done_count(row[10].as<int>());
    }
    return summaries;
  } catch (...) {
    return StatusFromCurrentException("reading volunteer summaries");
  }
}

absl::StatusOr<std::optional<v1::Volunteer>> ReadVolunteerScope(pqxx::transaction_base& txn,
                                                                const std::string& volunteer_id) {
  try {
    const pqxx::result rows = kVolunteerScope.Exec(txn, volunteer_id);
    if (rows.empty()) return std::nullopt;
    v1::Volunteer volunteer;
    volunteer.set_id(rows[0][0].c_str());
    v1::VolunteerStatus status = v1::VOLUNTEER_STATUS_UNSPECIFIED;
    v1::VolunteerStatus_Parse("VOLUNTEER_STATUS_" + rows[0][1].as<std::string>(), &status);
    volunteer.set_status(status);
    volunteer.mutable_home_commune()->set_department_code(rows[0][2].c_str());
    return volunteer;
  } catch (...) {
    return StatusFromCurrentException("reading the volunteer");
  }
}

std::string InvitationStatusName(v1::InvitationStatus status) {
  switch (status) {
    case v1::INVITATION_STATUS_PROPOSED:
      return "PROPOSED";
    case v1::INVITATION_STATUS_ACCEPTED:
      return "ACCEPTED";
    case v1::INVITATION_STATUS_DECLINED:
      return "DECLINED";
    case v1::INVITATION_STATUS_EXPIRED:
      return "EXPIRED";
    default:
      return "";
  }
}

}  // namespace renfort::storage
