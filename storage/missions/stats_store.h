// Coordinator statistics and the participations export, computed by PostgreSQL: aggregates
// with GROUP BY and percentile_cont (no row is loaded into C++ for statistics), and the export
// read through a server-side cursor in fixed-size batches, so memory stays constant whatever
// its size.
#ifndef RENFORT_STORAGE_MISSIONS_STATS_STORE_H_
#define RENFORT_STORAGE_MISSIONS_STATS_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/stats.pb.h"
#include "storage/missions/participation_rows.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

class StatsStore {
 public:
  // Rows fetched from the export's cursor at a time; an export holds about this many rows.
  static constexpr int kExportBatchRows = 1000;

  explicit StatsStore(ConnectionPool& pool) : pool_(pool) {}

  // The figures of ParticipationStats (stats.proto) over the missions `filter` selects within
  // `visibility` (its volunteer_id is ignored): the total, and one group per key of `grouping`
  // (ordered by key) unless it is UNSPECIFIED.
  absl::Status Compute(const ParticipationVisibility& visibility,
                       const renfort::v1::ParticipationFilter& filter,
                       renfort::v1::StatsGrouping grouping,
                       renfort::v1::GetParticipationStatsResponse& response);

  // Calls `emit` with each participation created in filter.time_window in the missions
  // `filter` selects within `visibility`, in (create_time, id) order, volunteer ids in clear.
  // Stops with CANCELLED as soon as `emit` returns false (the client went away).
  absl::Status Export(const ParticipationVisibility& visibility,
                      const renfort::v1::ParticipationFilter& filter,
                      const std::vector<renfort::v1::ParticipationStatus>& statuses,
                      const std::function<bool(renfort::v1::ParticipationExportRow&)>& emit);

  // The per-deployment secret of export pseudonyms (migration 0012).
  absl::StatusOr<std::string> PseudonymSecret();

 private:
  ConnectionPool& pool_;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_STATS_STORE_H_
