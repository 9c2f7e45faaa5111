// StatsStore::Export: the participations of the selected missions, streamed in keyset batches.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/missions/stats_filter.h"
#include "storage/missions/stats_store.h"
#include "storage/pg/call_deadline.h"
#include "storage/pg/errors.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// The whole export as one query, read through a server-side cursor (DECLARE … FETCH): the
// query runs once, PostgreSQL produces rows as they are fetched, and only one batch of them is
// ever in this process. (Keyset batches, one query each, let the planner re-sort the whole
// selection for every batch: quadratic on big exports.) The order matches the index
// participations_created_id (migration 0012).
constexpr char kExportQuery[] = R"sql(
  DECLARE participation_export NO SCROLL CURSOR FOR
  SELECT p.id, p.mission_id, m.title, m.organisation_id, o.name,
         coalesce(m.department_code, o.department_code), m.domain_slug, m.format,
         p.volunteer_id, CASE WHEN v.status = 'DELETED' THEN '' ELSE coalesce(v.department_code, '') END,
         p.origin, p.status, coalesce(p.reason, ''), coalesce(p.hours_done, 0)::float8,
         (extract(epoch FROM p.created_at) * 1000000)::bigint,
         (SELECT (extract(epoch FROM min(t.at)) * 1000000)::bigint FROM participation_transitions t
          WHERE t.participation_id = p.id AND t.to_status = 'ACCEPTED'),
         (SELECT (extract(epoch FROM max(t.at)) * 1000000)::bigint FROM participation_transitions t
          WHERE t.participation_id = p.id)
  FROM participations p
  JOIN volunteers v ON v.id = p.volunteer_id
  JOIN missions m ON m.id = p.mission_id
  JOIN organisations o ON o.id = m.organisation_id
  CROSS JOIN ({bounds}) b
  WHERE {missions}
    AND (b.lo IS NULL OR p.created_at >= b.lo) AND (b.hi IS NULL OR p.created_at < b.hi)
    AND (cardinality($13::text[]) = 0 OR p.status = ANY($13::text[]))
  ORDER BY p.created_at, p.id)sql";

void RowFromResult(const pqxx::row& r, v1::ParticipationExportRow& row) {
  row.Clear();
  row.set_participation_id(r[0].as<std::string>());
  row.set_mission_id(r[1].as<std::string>());
  row.set_mission_title(r[2].as<std::string>());
  row.set_organisation_id(r[3].as<std::string>());
  row.set_organisation_name(r[4].as<std::string>());
  row.set_department_code(r[5].is_null() ? "" : r[5].as<std::string>());
  row.set_domain(DomainFromSql(r[6].as<std::string>()));
  row.set_format(FormatFromSql(r[7].as<std::string>()));
  row.set_volunteer_id(r[8].as<std::string>());
  row.set_volunteer_department_code(r[9].as<std::string>());
  row.set_origin(r[10].as<std::string>() == "INVITED" ? v1::PARTICIPATION_ORIGIN_INVITED
                                                      : v1::PARTICIPATION_ORIGIN_APPLIED);
  row.set_status(StatusFromSql(r[11].as<std::string>()));
  row.set_reason(ReasonFromSql(r[12].as<std::string>()));
  row.set_hours_given(r[13].as<double>());
  *row.mutable_create_time() = TimestampFromMicros(r[14].as<int64_t>());
  if (!r[15].is_null()) *row.mutable_accept_time() = TimestampFromMicros(r[15].as<int64_t>());
  if (!r[16].is_null()) *row.mutable_status_time() = TimestampFromMicros(r[16].as<int64_t>());
}

}  // namespace

absl::Status StatsStore::Export(const ParticipationVisibility& visibility,
                                const v1::ParticipationFilter& filter,
                                const std::vector<v1::ParticipationStatus>& statuses,
                                const std::function<bool(v1::ParticipationExportRow&)>& emit) {
  const StatsFilterParameters parameters = StatsFilterParameters::From(visibility, filter);
  std::vector<std::string> status_names;
  for (const v1::ParticipationStatus status : statuses) status_names.push_back(StatusToSql(status));
  const std::string statuses_array = SqlArray(status_names);
  std::string sql = kExportQuery;
  sql.replace(sql.find("{missions}"), 10, kSelectedMissions);
  sql.replace(sql.find("{bounds}"), 8, kWindowBounds);

  absl::StatusOr<ConnectionPool::Lease> lease = pool_.Acquire(absl::Seconds(5));
  if (!lease.ok()) return lease.status();
  try {
    // The cursor lives in this transaction; read-only, one snapshot for the whole export.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> txn(lease->connection());
    // Bounds the cursor's statements by the client's deadline, as RunReadOnly does for others.
    if (absl::Status status = ApplyCallDeadline(txn); !status.ok()) return status;
    parameters.Exec(txn, sql, statuses_array);
    const std::string fetch =
        absl::StrCat("FETCH ", kExportBatchRows, " FROM participation_export");
    v1::ParticipationExportRow row;
    while (true) {
      const pqxx::result batch = txn.exec(fetch);
      for (const pqxx::row& r : batch) {
        RowFromResult(r, row);
        // Ending the transaction (on return) closes the cursor and stops the query.
        if (!emit(row)) return absl::CancelledError("the client stopped reading the export");
      }
      if (batch.size() < static_cast<size_t>(kExportBatchRows)) return absl::OkStatus();
    }
  } catch (...) {
    return StatusFromCurrentException("exporting participations");
  }
}

}  // namespace renfort::storage
