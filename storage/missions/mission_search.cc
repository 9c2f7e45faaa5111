#include "storage/missions/mission_search.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/missions/mission_reader.h"
#include "storage/sql_values.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

// Parameters: $1 query, $2 domains, $3 formats, $4 département, $5/$6 near lat/lon (NULL when
// unset), $7 radius km, $8/$9 date window (NULL bounds open), $10 only places left, $11 minor,
// $12 order, $13 now (epoch seconds), $14/$15 keyset (NULL on the first page), $16 limit.
//
// Shape: missions near the point come from the addresses' GiST index (a box around the circle,
// then the exact distance), joined by hash; every other filter is a plain predicate on the
// mission row. The sort key is one float8 per order, ascending: −rank for RELEVANCE, the
// distance (remote missions last) for DISTANCE, the next local date as days since 1970 for
// START_DATE (missions with no date left last); ties are broken by id.
constexpr char kSearch[] = R"sql(
WITH params AS (
  SELECT CASE WHEN numnode(q) = 0 THEN NULL ELSE q END AS tsq
  FROM (SELECT websearch_to_tsquery('renfort_french', $1::text) AS q) raw
), near AS (
  SELECT mission_id, min(km) AS km FROM (
  SELECT a.mission_id, haversine_km($5::float8, $6::float8, a.latitude, a.longitude) AS km
  FROM mission_addresses a
  WHERE $5::float8 IS NOT NULL
    AND point(a.longitude, a.latitude) <@ box(
          point($6::float8 - $7::float8 / 111.195 / greatest(cos(radians($5::float8)), 0.01),
                $5::float8 - $7::float8 / 111.195),
          point($6::float8 + $7::float8 / 111.195 / greatest(cos(radians($5::float8)), 0.01),
                $5::float8 + $7::float8 / 111.195))
  ) within_box
  WHERE km <= $7::float8
  GROUP BY mission_id
), hits AS (
  SELECT m.id, n.km,
         CASE $12::text
           WHEN 'RELEVANCE' THEN coalesce(-ts_rank_cd(m.search_vector, p.tsq)::float8, 0)
           WHEN 'DISTANCE' THEN coalesce(n.km, 'Infinity'::float8)
           ELSE coalesce((CASE m.schedule_kind
             WHEN 'ONE_OFF' THEN CASE WHEN m.start_date >= l.today THEN m.start_date ELSE
               (SELECT min(s.local_date) FROM mission_dated_slots s
                WHERE s.mission_id = m.id AND s.local_date >= l.today) END
             ELSE CASE WHEN m.weekdays <> 0 THEN
               (SELECT CASE WHEN m.end_date IS NULL OR r.next_day <= m.end_date THEN r.next_day END
                FROM (SELECT greatest(m.start_date, l.today)
                             + next_weekday_offset(m.weekdays, greatest(m.start_date, l.today))
                             AS next_day) r)
             ELSE
               (SELECT min(l2.first_day + (w.weekday - extract(isodow FROM l2.first_day)::int + 7) % 7)
                FROM mission_weekly_slots w,
                     LATERAL (SELECT greatest(m.start_date, l.today) AS first_day) l2
                WHERE w.mission_id = m.id
                  AND (m.end_date IS NULL OR l2.first_day
                       + (w.weekday - extract(isodow FROM l2.first_day)::int + 7) % 7 <= m.end_date))
             END
             END - DATE '1970-01-01')::float8, 'Infinity'::float8)
         END AS sort_key
  FROM missions m
  CROSS JOIN params p
  LEFT JOIN near n ON n.mission_id = m.id
  LEFT JOIN departments d ON d.code = m.department_code
  CROSS JOIN LATERAL (
    SELECT (to_timestamp($13::float8) AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris'))::date AS today
  ) l
  WHERE m.status = 'PUBLISHED'
    AND (p.tsq IS NULL OR m.search_vector @@ p.tsq)
    AND (cardinality($2::text[]) = 0 OR m.domain_slug = ANY($2::text[])
         OR m.secondary_domain_slug = ANY($2::text[]))
    AND (cardinality($3::text[]) = 0 OR m.format = ANY($3::text[]))
    AND ($4::text = '' OR m.department_code = $4::text)
    AND (NOT $10::boolean OR m.places_held < m.places)
    AND (NOT $11::boolean OR m.open_to_minors)
    AND ($5::float8 IS NULL OR m.format = 'REMOTE' OR n.mission_id IS NOT NULL)
    AND (($8::date IS NULL AND $9::date IS NULL) OR CASE m.schedule_kind
      WHEN 'ONE_OFF' THEN EXISTS (
        SELECT 1 FROM mission_dated_slots s
        WHERE s.mission_id = m.id
          AND s.local_date BETWEEN coalesce($8::date, '-infinity'::date)
                               AND coalesce($9::date, 'infinity'::date))
      ELSE EXISTS (
        SELECT 1 FROM (SELECT greatest(m.start_date, $8::date) AS lo,
                              least(m.end_date, $9::date) AS hi) r
        WHERE r.hi IS NULL OR r.lo <= r.hi)
        AND EXISTS (
        SELECT 1 FROM mission_weekly_slots w,
             (SELECT greatest(m.start_date, $8::date) AS lo,
                     least(m.end_date, $9::date, greatest(m.start_date, $8::date) + 6) AS hi) r,
             generate_series(r.lo, coalesce(r.hi, r.lo + 6), interval '1 day') g
        WHERE w.mission_id = m.id AND extract(isodow FROM g) = w.weekday)
      END)
)
SELECT hits.id, hits.sort_key::text AS key_text, hits.km FROM hits
WHERE $14::float8 IS NULL OR (hits.sort_key, hits.id) > ($14::float8, $15::uuid)
ORDER BY hits.sort_key, hits.id
LIMIT $16)sql";

std::optional<double> Latitude(const MissionSearch& search) {
  if (!search.near.has_value()) return std::nullopt;
  return search.near->latitude();
}
std::optional<double> Longitude(const MissionSearch& search) {
  if (!search.near.has_value()) return std::nullopt;
  return search.near->longitude();
}
std::optional<std::string> Optional(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::string OrderName(v1::MissionSearchOrder order) {
  switch (order) {
    case v1::MISSION_SEARCH_ORDER_RELEVANCE:
      return "RELEVANCE";
    case v1::MISSION_SEARCH_ORDER_DISTANCE:
      return "DISTANCE";
    default:
      return "START_DATE";
  }
}

}  // namespace

absl::StatusOr<std::vector<MissionSearchHit>> SearchMissions(ConnectionPool& pool,
                                                             const MissionSearch& search) {
  std::vector<std::string> domains, formats;
  for (v1::Domain domain : search.domains) domains.push_back(DomainSlug(domain));
  for (v1::Format format : search.formats) formats.push_back(FormatName(format));
  std::vector<MissionSearchHit> hits;
  RETURN_IF_ERROR(RunReadOnly(pool, "searching missions", [&](pqxx::read_transaction& txn) {
    // JIT compilation costs more than it saves on queries this size (~100 ms measured). The
    // planner cannot estimate how many addresses fall in the box around `near` (it guesses a
    // few dozen where a city has thousands) and would then pick nested loops over them, which
    // took seconds; hash joins are right for every shape of this query.
    txn.exec("SET LOCAL jit = off");
    txn.exec("SET LOCAL enable_nestloop = off");
    const pqxx::result rows = txn.exec_params(
        kSearch, search.query, ToPgArray(domains), ToPgArray(formats), search.department_code,
        Latitude(search), Longitude(search), search.radius_km,
        DateToSql(search.date_window.start_date()), DateToSql(search.date_window.end_date()),
        search.only_with_places_left, search.minor, OrderName(search.order),
        static_cast<double>(absl::ToUnixSeconds(search.now)), Optional(search.after_key),
        Optional(search.after_id), search.limit);
    txn.exec("SET LOCAL enable_nestloop = on");
    std::vector<std::string> ids;
    for (const pqxx::row& row : rows) {
      ids.push_back(row[0].as<std::string>());
      MissionSearchHit hit;
      hit.sort_key = row[1].as<std::string>();
      if (!row[2].is_null()) hit.result.set_distance_km(row[2].as<double>());
      hits.push_back(std::move(hit));
    }
    std::vector<v1::Mission> missions = ReadMissions(txn, ids);
    for (size_t i = 0; i < hits.size() && i < missions.size(); ++i) {
      *hits[i].result.mutable_mission() = std::move(missions[i]);
    }
    return absl::OkStatus();
  }));
  return hits;
}

}  // namespace renfort::storage
