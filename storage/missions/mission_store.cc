#include "storage/missions/mission_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "storage/missions/mission_ending.h"
#include "storage/missions/mission_reader.h"
#include "storage/missions/mission_writer.h"
#include "storage/missions/organisation_store.h"
#include "storage/sql_values.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

constexpr char kChangeStatus[] = R"sql(
  UPDATE missions
  SET status = $2,
      review_reason = CASE WHEN $3::boolean THEN $4 ELSE review_reason END,
      reviewed_at = CASE WHEN $5::text <> '' THEN to_timestamp($6::double precision / 1000000)
                         ELSE reviewed_at END,
      reviewed_by = CASE WHEN $5::text <> '' THEN $5 ELSE reviewed_by END,
      published_at = CASE WHEN $2 = 'PUBLISHED'
                          THEN coalesce(published_at, to_timestamp($6::double precision / 1000000))
                          ELSE published_at END,
      closed_at = CASE WHEN $2 IN ('CLOSED', 'CANCELLED')
                       THEN to_timestamp($6::double precision / 1000000) END,
      updated_at = to_timestamp($6::double precision / 1000000)
  WHERE id = $1)sql";

// Filters $1..$3, visibility $4..$8, keyset $9/$10, limit $11.
constexpr char kListMissions[] = R"sql(
  SELECT m.id, (extract(epoch FROM m.created_at) * 1000000)::bigint
  FROM missions m JOIN organisations o ON o.id = m.organisation_id
  WHERE ($1::text = '' OR m.organisation_id = $1::uuid)
    AND (cardinality($2::text[]) = 0 OR m.status = ANY($2::text[]))
    AND ($3::text = '' OR m.department_code = $3)
    AND ($4::boolean OR m.status IN ('PUBLISHED', 'PAUSED', 'CLOSED')
         OR m.organisation_id = ANY($5::uuid[]) OR m.department_code = ANY($6::text[])
         OR o.network_slug = ANY($7::text[])
         OR ($8::text <> '' AND EXISTS (SELECT 1 FROM organisation_managers om
                                        WHERE om.organisation_id = m.organisation_id
                                          AND om.subject = $8)))
    AND ($9::bigint IS NULL
         OR ((extract(epoch FROM m.created_at) * 1000000)::bigint, m.id) < ($9::bigint, $10::uuid))
  ORDER BY m.created_at DESC, m.id DESC
  LIMIT $11)sql";

absl::Status CheckChangeApplies(const MissionStatusChange& change, const v1::Mission& mission,
                                const v1::Organisation& organisation) {
  if (std::find(change.from.begin(), change.from.end(), mission.status()) == change.from.end()) {
    std::vector<std::string> from;
    for (v1::MissionStatus status : change.from) from.push_back(MissionStatusName(status));
    return absl::FailedPreconditionError(
        absl::StrCat("mission ", mission.id(), " is ", MissionStatusName(mission.status()), "; ",
                     change.rpc, " applies only to ", absl::StrJoin(from, " or "), " missions"));
  }
  if (change.requires_validated_organisation &&
      organisation.status() != v1::ORGANISATION_STATUS_VALIDATED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "organisation ", organisation.id(), " is ", OrganisationStatusName(organisation.status()),
        "; only missions of VALIDATED organisations can be published"));
  }
  if (change.refuse_when_ended && MissionHasEnded(mission, change.now)) {
    return absl::FailedPreconditionError(absl::StrCat("mission ", mission.id(), " ended on ",
                                                      *DateToSql(mission.end_date()),
                                                      "; it can no longer be published"));
  }
  return absl::OkStatus();
}

}  // namespace

bool MissionHasEnded(const v1::Mission& mission, absl::Time now) {
  if (!mission.has_end_date()) return false;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(mission.time_zone(), &zone)) zone = absl::UTCTimeZone();
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  const absl::CivilDay end(mission.end_date().year(), mission.end_date().month(),
                           mission.end_date().day());
  return today > end;
}

absl::StatusOr<v1::Mission> MissionStore::Create(const v1::Mission& mission,
                                                 const MissionGuard& guard) {
  v1::Mission created;
  RETURN_IF_ERROR(RunInTransaction(pool_, "creating a mission", [&](pqxx::work& txn) {
    ASSIGN_OR_RETURN(const v1::Organisation organisation,
                     ReadOrganisation(txn, mission.organisation_id(), false));
    RETURN_IF_ERROR(guard(mission, organisation));
    std::string id;
    RETURN_IF_ERROR(WriteMission(txn, mission, organisation, id));
    ASSIGN_OR_RETURN(created, ReadMission(txn, id, false));
    AppendOutboxEvent(txn, "mission.created", Aggregate::kMission, id, created);
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<v1::Mission> MissionStore::Get(absl::string_view id, const MissionGuard& guard) {
  v1::Mission mission;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading a mission", [&](pqxx::read_transaction& txn) {
    ASSIGN_OR_RETURN(mission, ReadMission(txn, id, false));
    ASSIGN_OR_RETURN(const v1::Organisation organisation,
                     ReadOrganisation(txn, mission.organisation_id(), false));
    return guard(mission, organisation);
  }));
  return mission;
}

absl::StatusOr<v1::Mission> MissionStore::Update(
    absl::string_view id,
    const std::function<absl::Status(const v1::Organisation&, v1::Mission&)>& change) {
  v1::Mission updated;
  RETURN_IF_ERROR(RunInTransaction(pool_, "updating a mission", [&](pqxx::work& txn) {
    ASSIGN_OR_RETURN(v1::Mission mission, ReadMission(txn, id, true));
    ASSIGN_OR_RETURN(const v1::Organisation organisation,
                     ReadOrganisation(txn, mission.organisation_id(), false));
    RETURN_IF_ERROR(change(organisation, mission));
    std::string mission_id(id);
    RETURN_IF_ERROR(WriteMission(txn, mission, organisation, mission_id));
    ASSIGN_OR_RETURN(updated, ReadMission(txn, id, false));
    AppendOutboxEvent(txn, "mission.updated", Aggregate::kMission, mission_id, updated);
    return absl::OkStatus();
  }));
  return updated;
}

absl::StatusOr<std::vector<v1::Mission>> MissionStore::List(const v1::ListMissionsRequest& request,
                                                            const Visibility& visibility, int limit,
                                                            const std::vector<std::string>& after) {
  std::vector<std::string> statuses;
  for (int status : request.statuses()) {
    statuses.push_back(MissionStatusName(static_cast<v1::MissionStatus>(status)));
  }
  std::optional<std::string> after_micros, after_id;
  if (after.size() == 2) {
    after_micros = after[0];
    after_id = after[1];
  }
  std::vector<v1::Mission> missions;
  RETURN_IF_ERROR(RunReadOnly(pool_, "listing missions", [&](pqxx::read_transaction& txn) {
    std::vector<std::string> ids;
    for (const pqxx::row& row :
         txn.exec_params(kListMissions, request.organisation_id(), ToPgArray(statuses),
                         request.department_code(), visibility.everything,
                         ToPgArray(visibility.organisation_ids),
                         ToPgArray(visibility.department_codes), ToPgArray(visibility.network_ids),
                         visibility.manager_subject, after_micros, after_id, limit)) {
      ids.push_back(row[0].as<std::string>());
    }
    missions = ReadMissions(txn, ids);
    return absl::OkStatus();
  }));
  return missions;
}

absl::StatusOr<v1::Mission> MissionStore::ChangeStatus(absl::string_view id,
                                                       const MissionStatusChange& change,
                                                       const MissionGuard& guard) {
  v1::Mission changed;
  RETURN_IF_ERROR(RunInTransaction(pool_, "changing a mission's status", [&](pqxx::work& txn) {
    ASSIGN_OR_RETURN(const v1::Mission mission, ReadMission(txn, id, true));
    ASSIGN_OR_RETURN(const v1::Organisation organisation,
                     ReadOrganisation(txn, mission.organisation_id(), false));
    RETURN_IF_ERROR(guard(mission, organisation));
    RETURN_IF_ERROR(CheckChangeApplies(change, mission, organisation));
    std::optional<std::string> reason;
    if (change.reason.has_value() && !change.reason->empty()) reason = *change.reason;
    txn.exec_params(kChangeStatus, std::string(id), MissionStatusName(change.to),
                    change.reason.has_value(), reason, change.reviewer,
                    absl::ToUnixMicros(change.now));
    if (!change.participations_to_cancel.empty()) {
      CancelParticipations(txn, id, mission.organisation_id(), change.participations_to_cancel,
                           change.actor_role, change.actor_id, change.now);
    }
    if (change.expire_invitations) ExpireInvitations(txn, id);
    ASSIGN_OR_RETURN(changed, ReadMission(txn, id, false));
    for (const std::string& event : change.events) {
      AppendOutboxEvent(txn, event, Aggregate::kMission, changed.id(), changed);
    }
    return absl::OkStatus();
  }));
  return changed;
}

}  // namespace renfort::storage
