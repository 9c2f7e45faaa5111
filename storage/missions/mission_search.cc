#include "storage/missions/mission_search.h"

#include <cmath>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/missions/mission_reader.h"
#include "storage/sql_values.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

// Parameters: $1 query, $2 domains, $3 formats, $4 département, $5/$6 near lat/lon (NULL when
// unset), $7 radius km, $8/$9 date window (NULL bounds open), $10 only places left, $11 minor,
// $12 order, $13 now (epoch seconds), $14/$15 keyset (NULL on the first page), $16 limit,
// $17 sort-key cutoff (NULL: none; see SearchMissions below).
//
// The text is assembled per request from the parts below, so that each request carries only
// the predicates it needs: a disjunction such as "($5 IS NULL OR format = 'REMOTE' OR near)"
// forced a scan of every published mission. Every value is still a parameter; the first CTE
// only declares the parameters' types (PostgreSQL refuses a parameter it cannot type, and
// most requests do not use all of them) and is never evaluated.
//
// Shape: missions near the point come from the addresses' GiST index (a box around the circle,
// then the exact distance), joined by hash; remote missions are added by a second branch. The
// sort key is one float8 per order, ascending: −rank for RELEVANCE, the distance (remote
// missions last) for DISTANCE, the next local date as days since 1970 for START_DATE (missions
// with no date left last); ties are broken by id.
constexpr char kDeclareParameters[] = R"sql(
WITH declared_parameters AS (
  SELECT $1::text, $2::text[], $3::text[], $4::text, $5::float8, $6::float8, $7::float8,
         $8::date, $9::date, $10::boolean, $11::boolean, $12::text, $13::float8, $14::float8,
         $15::uuid, $16::int, $17::float8
), params AS (
  SELECT CASE WHEN numnode(q) = 0 THEN NULL ELSE q END AS tsq
  FROM (SELECT websearch_to_tsquery('renfort_french', $1::text) AS q) raw
))sql";

// Addresses within `radius` (an SQL expression) of the point, nearest per mission.
std::string NearCte(const std::string& radius) {
  return absl::StrCat(R"sql(, near AS (
  SELECT mission_id, min(km) AS km FROM (
  SELECT a.mission_id, haversine_km($5::float8, $6::float8, a.latitude, a.longitude) AS km
  FROM mission_addresses a
  WHERE point(a.longitude, a.latitude) <@ box(
          point($6::float8 - )sql", radius, R"sql( / 111.195 / greatest(cos(radians($5::float8)), 0.01),
                $5::float8 - )sql", radius, R"sql( / 111.195),
          point($6::float8 + )sql", radius, R"sql( / 111.195 / greatest(cos(radians($5::float8)), 0.01),
                $5::float8 + )sql", radius, R"sql( / 111.195))
  ) within_box
  WHERE km <= )sql", radius, R"sql(
  GROUP BY mission_id
))sql");
}

constexpr char kRelevanceKey[] =
    "coalesce(-ts_rank_cd(m.search_vector, p.tsq)::float8, 0)";
constexpr char kDistanceKey[] = "coalesce(n.km, 'Infinity'::float8)";
// The next local date the mission takes place on or after today in its own zone.
constexpr char kStartDateKey[] = R"sql(coalesce((CASE m.schedule_kind
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
             END - DATE '1970-01-01')::float8, 'Infinity'::float8))sql";
constexpr char kToday[] = R"sql(
  LEFT JOIN departments d ON d.code = m.department_code
  CROSS JOIN LATERAL (
    SELECT (to_timestamp($13::float8) AT TIME ZONE coalesce(d.time_zone, 'Europe/Paris'))::date AS today
  ) l)sql";

constexpr char kDateWindow[] = R"sql(
    AND CASE m.schedule_kind
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
      END)sql";

// The predicates on the mission row `m` that `search` asks for.
std::string Filters(const MissionSearch& search) {
  std::string sql = "m.status = 'PUBLISHED'";
  if (!search.query.empty()) absl::StrAppend(&sql, "\n    AND (p.tsq IS NULL OR m.search_vector @@ p.tsq)");
  if (!search.domains.empty()) {
    absl::StrAppend(&sql, "\n    AND (m.domain_slug = ANY($2::text[]) OR m.secondary_domain_slug = ANY($2::text[]))");
  }
  if (!search.formats.empty()) absl::StrAppend(&sql, "\n    AND m.format = ANY($3::text[])");
  if (!search.department_code.empty()) absl::StrAppend(&sql, "\n    AND m.department_code = $4::text");
  if (search.only_with_places_left) absl::StrAppend(&sql, "\n    AND m.places_held < m.places");
  if (search.minor) absl::StrAppend(&sql, "\n    AND m.open_to_minors");
  if (DateToSql(search.date_window.start_date()).has_value() ||
      DateToSql(search.date_window.end_date()).has_value()) {
    absl::StrAppend(&sql, kDateWindow);
  }
  return sql;
}

// The whole statement. With `cutoff` (DISTANCE only), only missions whose sort key is at most
// $17 are returned, and the candidates are those with an address within $17 km (remote
// missions without one have an infinite key).
std::string SearchSql(const MissionSearch& search, bool cutoff) {
  const bool distance = search.order == v1::MISSION_SEARCH_ORDER_DISTANCE;
  const bool start_date = search.order != v1::MISSION_SEARCH_ORDER_DISTANCE &&
                          search.order != v1::MISSION_SEARCH_ORDER_RELEVANCE;
  const bool near = search.near.has_value();
  std::string sql = kDeclareParameters;
  if (near) {
    absl::StrAppend(&sql, NearCte(cutoff && distance ? "least($7::float8, $17::float8)"
                                                     : "$7::float8"));
  }
  const std::string key = distance ? kDistanceKey
                          : start_date ? kStartDateKey
                          : search.query.empty() ? "0::float8"
                                                 : kRelevanceKey;
  std::string filters = Filters(search);
  // One branch per way of being found: near the point, or remote (from anywhere).
  auto branch = [&](const std::string& from, const std::string& where) {
    return absl::StrCat("  SELECT m.id, ", near ? "n.km" : "NULL::float8", " AS km, ", key,
                        " AS sort_key\n  FROM ", from, "\n  CROSS JOIN params p",
                        start_date ? kToday : "", "\n  WHERE ", filters, where);
  };
  std::string hits;
  if (!near) {
    hits = branch("missions m", "");
  } else if (cutoff && distance) {
    hits = branch("near n JOIN missions m ON m.id = n.mission_id", "");
  } else {
    hits = absl::StrCat(
        branch("near n JOIN missions m ON m.id = n.mission_id", "\n    AND m.format <> 'REMOTE'"),
        "\n  UNION ALL\n",
        branch("missions m LEFT JOIN near n ON n.mission_id = m.id",
               "\n    AND m.format = 'REMOTE'"));
  }
  absl::StrAppend(&sql, ", hits AS (\n", hits, R"sql(
)
SELECT hits.id, hits.sort_key::text AS key_text, hits.km FROM hits
WHERE ($14::float8 IS NULL OR (hits.sort_key, hits.id) > ($14::float8, $15::uuid))
  AND ($17::float8 IS NULL OR hits.sort_key <= $17::float8)
ORDER BY hits.sort_key, hits.id
LIMIT $16)sql");
  return sql;
}

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


// Sort-key cutoffs to try before the unbounded query, widest last. The page is the first
// `limit` missions after the keyset; if at least `limit` of them have a key within a cutoff,
// they are the page, since every mission left out by the narrowed candidates has a larger key.
// That lets the common pages (a few km around a city, the coming weeks) compute the sort key
// of a few hundred candidates instead of every mission in the radius or in France.
std::vector<double> Cutoffs(const MissionSearch& search) {
  double base = 0;
  if (!search.after_key.empty() && !absl::SimpleAtod(search.after_key, &base)) return {};
  if (!std::isfinite(base)) return {};
  switch (search.order) {
    case v1::MISSION_SEARCH_ORDER_RELEVANCE:
      return {};
    case v1::MISSION_SEARCH_ORDER_DISTANCE: {
      if (!search.near.has_value()) return {};
      std::vector<double> cutoffs;
      for (double km : {base + 2, base + 8}) {
        if (km < search.radius_km) cutoffs.push_back(km);
      }
      return cutoffs;
    }
    default:
      // The start-date order has no cutoff yet: one bounded by the start date returned other
      // answers than the unbounded query on the benchmark's data, not yet understood.
      return {};
  }
}

}  // namespace

absl::StatusOr<std::vector<MissionSearchHit>> SearchMissions(ConnectionPool& pool,
                                                             const MissionSearch& search) {
  std::vector<std::string> domains, formats;
  for (v1::Domain domain : search.domains) domains.push_back(DomainSlug(domain));
  for (v1::Format format : search.formats) formats.push_back(FormatName(format));
  std::vector<std::optional<double>> cutoffs;
  for (double cutoff : Cutoffs(search)) cutoffs.push_back(cutoff);
  cutoffs.push_back(std::nullopt);
  std::vector<MissionSearchHit> hits;
  RETURN_IF_ERROR(RunReadOnly(pool, "searching missions", [&](pqxx::read_transaction& txn) {
    hits.clear();
    // JIT compilation costs more than it saves on queries this size (~100 ms measured).
    txn.exec("SET LOCAL jit = off");
    pqxx::result rows;
    for (const std::optional<double>& cutoff : cutoffs) {
      // The planner cannot estimate how many addresses fall in the box around `near` (it
      // guesses a few dozen where a city has thousands) and would then pick nested loops over
      // them, which took seconds; hash joins are right for the full radius. Within a distance
      // cutoff of a few km, looking the missions up by id beats hashing all of them.
      const bool few_addresses =
          cutoff.has_value() && search.order == v1::MISSION_SEARCH_ORDER_DISTANCE;
      txn.exec(few_addresses ? "SET LOCAL enable_nestloop = on"
                             : "SET LOCAL enable_nestloop = off");
      rows = txn.exec_params(
          SearchSql(search, cutoff.has_value()), search.query, ToPgArray(domains),
          ToPgArray(formats), search.department_code, Latitude(search), Longitude(search),
          search.radius_km, DateToSql(search.date_window.start_date()),
          DateToSql(search.date_window.end_date()), search.only_with_places_left, search.minor,
          OrderName(search.order), static_cast<double>(absl::ToUnixSeconds(search.now)),
          Optional(search.after_key), Optional(search.after_id), search.limit, cutoff);
      if (static_cast<int>(rows.size()) >= search.limit) break;
    }
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
