#include "storage/missions/mission_closing.h"

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "storage/missions/mission_ending.h"
#include "storage/missions/mission_store.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

// $1: now, epoch seconds.
constexpr char kEndedMissions[] = R"sql(
  SELECT m.id FROM missions m LEFT JOIN departments d ON d.code = m.department_code
  WHERE m.status IN ('PUBLISHED', 'PAUSED') AND m.end_date IS NOT NULL
    AND m.end_date + interval '1 month'
        <= (to_timestamp($1::float8) AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris'))::date
  ORDER BY m.end_date, m.id)sql";

// Applications this run cancelled: the transitions it wrote, all stamped with its `now`
// ($1, epoch microseconds).
constexpr char kCancelledByRun[] = R"sql(
  SELECT count(*) FROM participation_transitions
  WHERE actor_role = 'system' AND reason = 'mission_terminated'
    AND at = to_timestamp($1::double precision / 1000000))sql";

}  // namespace

absl::StatusOr<ClosingReport> CloseEndedMissions(ConnectionPool& pool, absl::Time now) {
  std::vector<std::string> ids;
  RETURN_IF_ERROR(RunReadOnly(pool, "finding ended missions", [&](pqxx::read_transaction& txn) {
    for (const pqxx::row& row :
         txn.exec_params(kEndedMissions, static_cast<double>(absl::ToUnixSeconds(now)))) {
      ids.push_back(row[0].as<std::string>());
    }
    return absl::OkStatus();
  }));

  MissionStatusChange change;
  change.rpc = "the automatic closing";
  change.from = {v1::MISSION_STATUS_PUBLISHED, v1::MISSION_STATUS_PAUSED};
  change.to = v1::MISSION_STATUS_CLOSED;
  change.reason = "closed automatically one month after its end date";
  change.participations_to_cancel = OpenApplicationStatuses();
  change.expire_invitations = true;
  change.actor_role = "system";
  change.events = {"mission.closed"};
  change.now = now;

  ClosingReport report;
  MissionStore store(pool);
  for (const std::string& id : ids) {
    absl::StatusOr<v1::Mission> closed = store.ChangeStatus(
        id, change, [](const v1::Mission&, const v1::Organisation&) { return absl::OkStatus(); });
    if (absl::IsFailedPrecondition(closed.status()) || absl::IsNotFound(closed.status())) {
      continue;  // closed, cancelled or reopened by someone else since the query
    }
    RETURN_IF_ERROR(closed.status());
    ++report.missions_closed;
  }
  RETURN_IF_ERROR(
      RunReadOnly(pool, "counting cancelled applications", [&](pqxx::read_transaction& txn) {
        report.applications_cancelled =
            txn.exec_params1(kCancelledByRun, absl::ToUnixMicros(now))[0].as<int>();
        return absl::OkStatus();
      }));
  return report;
}

}  // namespace renfort::storage
