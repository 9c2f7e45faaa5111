// The mission selection shared by statistics and the export: the caller's scope and a
// ParticipationFilter, as SQL fragments over fixed parameters $1..$12 and the values bound to
// them. Internal to the stats store.
#ifndef RENFORT_STORAGE_MISSIONS_STATS_FILTER_H_
#define RENFORT_STORAGE_MISSIONS_STATS_FILTER_H_

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "renfort/v1/stats.pb.h"
#include "storage/missions/participation_rows.h"

namespace renfort::storage {

// "SELECT lo, hi": the time window's bounds, NULL when open ($9..$12).
inline constexpr char kWindowBounds[] = R"sql(
  SELECT CASE WHEN $9::boolean THEN timestamptz 'epoch' + $10::bigint * interval '1 microsecond' END AS lo,
         CASE WHEN $11::boolean THEN timestamptz 'epoch' + $12::bigint * interval '1 microsecond' END AS hi)sql";

// A condition over m (missions) and o (their organisations): the missions in scope ($1..$4)
// that the filter selects ($5 départements, $6 domain slugs, $7 organisations, $8 formats).
inline constexpr char kSelectedMissions[] = R"sql(
  ($1::boolean OR m.organisation_id = ANY($2::uuid[])
         OR coalesce(m.department_code, o.department_code) = ANY($3::text[])
         OR o.network_id = ANY($4::uuid[]))
    AND (cardinality($5::text[]) = 0
         OR coalesce(m.department_code, o.department_code) = ANY($5::text[]))
    AND (cardinality($6::text[]) = 0 OR m.domain_slug = ANY($6::text[]))
    AND (cardinality($7::uuid[]) = 0 OR m.organisation_id = ANY($7::uuid[]))
    AND (cardinality($8::text[]) = 0 OR m.format = ANY($8::text[])))sql";

struct StatsFilterParameters {
  bool everything = false;
  std::string scope_organisations, scope_departments, scope_networks;
  std::string departments, domains, organisations, formats;
  bool lo_set = false;
  int64_t lo_micros = 0;
  bool hi_set = false;
  int64_t hi_micros = 0;

  static StatsFilterParameters From(const ParticipationVisibility& visibility,
                                    const renfort::v1::ParticipationFilter& filter);

  // Runs `sql` with $1..$12 bound, then `extra` as $13, $14, …
  template <typename... Extra>
  pqxx::result Exec(pqxx::transaction_base& txn, const std::string& sql, Extra&&... extra) const {
    return txn.exec_params(sql, everything, scope_organisations, scope_departments, scope_networks,
                           departments, domains, organisations, formats, lo_set, lo_micros, hi_set,
                           hi_micros, std::forward<Extra>(extra)...);
  }
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_STATS_FILTER_H_
