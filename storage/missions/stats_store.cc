// StatsStore::Compute and PseudonymSecret; the export is in stats_export.cc.
#include "storage/missions/stats_store.h"

#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "storage/missions/stats_filter.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// One statement for every figure, grouped by {key}: the group key of the selected missions
// (a constant for the total), named by {key_name} when the key is an id. Each CTE computes one
// family of figures exactly as stats.proto defines it; the final SELECT joins them on the key.
// {missions} is kSelectedMissions.
constexpr char kStatsQuery[] = R"sql(
WITH bounds AS ({bounds}),
sel AS (
  SELECT m.id, m.places, m.format, m.published_at, m.closed_at, {key} AS key
  FROM missions m JOIN organisations o ON o.id = m.organisation_id
  WHERE {missions}),
created AS (
  SELECT s.key, count(*) AS total,
         count(*) FILTER (WHERE p.status = 'WAITLISTED') AS waitlisted,
         count(*) FILTER (WHERE p.status = 'PENDING') AS pending,
         count(*) FILTER (WHERE p.status = 'IN_REVIEW') AS in_review,
         count(*) FILTER (WHERE p.status = 'ACCEPTED') AS accepted,
         count(*) FILTER (WHERE p.status = 'REFUSED') AS refused,
         count(*) FILTER (WHERE p.status = 'CANCELLED') AS cancelled,
         count(*) FILTER (WHERE p.status = 'DONE') AS done,
         count(*) FILTER (WHERE p.status = 'NO_SHOW') AS no_show,
         count(*) FILTER (WHERE s.format = 'REMOTE') AS remote
  FROM sel s JOIN participations p ON p.mission_id = s.id CROSS JOIN bounds b
  WHERE (b.lo IS NULL OR p.created_at >= b.lo) AND (b.hi IS NULL OR p.created_at < b.hi)
  GROUP BY s.key),
active AS (
  SELECT s.key, count(*) AS missions, sum(s.places) AS offered,
         sum(least(s.places, (
           SELECT count(*) FROM participations p
           WHERE p.mission_id = s.id AND p.status IN ('ACCEPTED', 'DONE', 'NO_SHOW')))) AS filled
  FROM sel s CROSS JOIN bounds b
  WHERE s.published_at IS NOT NULL AND (b.hi IS NULL OR s.published_at < b.hi)
    AND (s.closed_at IS NULL OR b.lo IS NULL OR s.closed_at >= b.lo)
  GROUP BY s.key),
first_application AS (
  SELECT s.key,
         percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM f.first_at - s.published_at)) AS median_seconds
  FROM sel s CROSS JOIN bounds b
  CROSS JOIN LATERAL (
    SELECT min(p.created_at) AS first_at FROM participations p WHERE p.mission_id = s.id) f
  WHERE s.published_at IS NOT NULL AND f.first_at IS NOT NULL
    AND (b.lo IS NULL OR s.published_at >= b.lo) AND (b.hi IS NULL OR s.published_at < b.hi)
  GROUP BY s.key),
ended AS (
  SELECT s.key,
         coalesce(sum(p.hours_done) FILTER (WHERE t.to_status = 'DONE'), 0) AS hours,
         count(*) FILTER (WHERE t.to_status = 'DONE') AS done,
         count(*) FILTER (WHERE t.to_status = 'NO_SHOW') AS no_show
  FROM sel s
  JOIN participations p ON p.mission_id = s.id
  JOIN participation_transitions t
    ON t.participation_id = p.id AND t.to_status IN ('DONE', 'NO_SHOW')
  CROSS JOIN bounds b
  WHERE (b.lo IS NULL OR t.at >= b.lo) AND (b.hi IS NULL OR t.at < b.hi)
  GROUP BY s.key),
keys AS (
  SELECT key FROM created UNION SELECT key FROM active
  UNION SELECT key FROM first_application UNION SELECT key FROM ended)
SELECT k.key, coalesce({key_name}, ''),
       coalesce(c.waitlisted, 0), coalesce(c.pending, 0), coalesce(c.in_review, 0),
       coalesce(c.accepted, 0), coalesce(c.refused, 0), coalesce(c.cancelled, 0),
       coalesce(c.done, 0), coalesce(c.no_show, 0), coalesce(c.total, 0), coalesce(c.remote, 0),
       coalesce(a.missions, 0), coalesce(a.offered, 0), coalesce(a.filled, 0),
       f.median_seconds, coalesce(e.hours, 0)::float8, coalesce(e.done, 0),
       coalesce(e.no_show, 0)
FROM keys k
LEFT JOIN created c USING (key)
LEFT JOIN active a USING (key)
LEFT JOIN first_application f USING (key)
LEFT JOIN ended e USING (key)
ORDER BY k.key)sql";

// Group keys, one fixed SQL expression per grouping (never built from request text).
const char* KeyExpression(v1::StatsGrouping grouping) {
  switch (grouping) {
    case v1::STATS_GROUPING_DEPARTMENT:
      return "coalesce(m.department_code, o.department_code)";
    case v1::STATS_GROUPING_DOMAIN:
      return "m.domain_slug";
    case v1::STATS_GROUPING_ORGANISATION:
      return "m.organisation_id::text";
    case v1::STATS_GROUPING_COMMUNE:
      // A REMOTE mission has no address: it counts in its organisation's commune, as it
      // counts in its organisation's département.
      return "coalesce((SELECT a.commune_insee_code FROM mission_addresses a "
             "WHERE a.mission_id = m.id ORDER BY a.position LIMIT 1), o.commune_insee_code)";
    default:
      return "''::text";
  }
}

// What names a group key in the final SELECT (over k.key); NULL for keys that are names.
const char* KeyNameExpression(v1::StatsGrouping grouping) {
  switch (grouping) {
    case v1::STATS_GROUPING_ORGANISATION:
      return "(SELECT name FROM organisations WHERE id::text = k.key)";
    case v1::STATS_GROUPING_COMMUNE:
      return "(SELECT name FROM communes WHERE insee_code = k.key)";
    default:
      return "NULL::text";
  }
}

double Ratio(int64_t part, int64_t whole) {
  return whole == 0 ? 0 : static_cast<double>(part) / static_cast<double>(whole);
}

void EmptyStats(v1::ParticipationStats& stats) {
  for (int status = v1::PARTICIPATION_STATUS_WAITLISTED; status <= v1::PARTICIPATION_STATUS_NO_SHOW;
       ++status) {
    v1::ParticipationStatusCount& count = *stats.add_status_counts();
    count.set_status(static_cast<v1::ParticipationStatus>(status));
    count.set_count(0);
  }
}

void StatsFromRow(const pqxx::row& row, v1::ParticipationStats& stats) {
  stats.Clear();
  for (int i = 0; i < 8; ++i) {
    v1::ParticipationStatusCount& count = *stats.add_status_counts();
    count.set_status(static_cast<v1::ParticipationStatus>(v1::PARTICIPATION_STATUS_WAITLISTED + i));
    count.set_count(row[2 + i].as<int64_t>());
  }
  const int64_t total = row[10].as<int64_t>();
  stats.set_participation_count(total);
  stats.set_remote_share(Ratio(row[11].as<int64_t>(), total));
  stats.set_mission_count(row[12].as<int64_t>());
  stats.set_places_offered(row[13].as<int64_t>());
  stats.set_places_filled(row[14].as<int64_t>());
  stats.set_fill_rate(Ratio(stats.places_filled(), stats.places_offered()));
  if (!row[15].is_null()) {
    *stats.mutable_median_time_to_first_application() =
        google::protobuf::util::TimeUtil::MillisecondsToDuration(
            static_cast<int64_t>(row[15].as<double>() * 1000));
  }
  stats.set_hours_given(row[16].as<double>());
  const int64_t done = row[17].as<int64_t>();
  const int64_t no_show = row[18].as<int64_t>();
  stats.set_no_show_rate(Ratio(no_show, done + no_show));
}

}  // namespace

absl::Status StatsStore::Compute(const ParticipationVisibility& visibility,
                                 const v1::ParticipationFilter& filter, v1::StatsGrouping grouping,
                                 v1::GetParticipationStatsResponse& response) {
  const StatsFilterParameters parameters = StatsFilterParameters::From(visibility, filter);
  auto query_for = [&](v1::StatsGrouping g) {
    return absl::StrReplaceAll(kStatsQuery, {{"{bounds}", kWindowBounds},
                                             {"{missions}", kSelectedMissions},
                                             {"{key}", KeyExpression(g)},
                                             {"{key_name}", KeyNameExpression(g)}});
  };
  return RunReadOnly(pool_, "computing participation statistics", [&](pqxx::read_transaction& txn) {
    const pqxx::result total = parameters.Exec(txn, query_for(v1::STATS_GROUPING_UNSPECIFIED));
    if (total.empty()) {
      EmptyStats(*response.mutable_total());
    } else {
      StatsFromRow(total[0], *response.mutable_total());
    }
    if (grouping == v1::STATS_GROUPING_UNSPECIFIED) return absl::OkStatus();
    for (const pqxx::row& row : parameters.Exec(txn, query_for(grouping))) {
      v1::ParticipationStatsGroup& group = *response.add_groups();
      const std::string key = row[0].as<std::string>();
      switch (grouping) {
        case v1::STATS_GROUPING_DEPARTMENT:
          group.set_department_code(key);
          break;
        case v1::STATS_GROUPING_DOMAIN:
          group.set_domain(DomainFromSql(key));
          break;
        case v1::STATS_GROUPING_COMMUNE:
          group.mutable_commune()->set_insee_code(key);
          group.mutable_commune()->set_name(row[1].as<std::string>());
          break;
        default:
          group.set_organisation_id(key);
          group.set_organisation_name(row[1].as<std::string>());
          break;
      }
      StatsFromRow(row, *group.mutable_stats());
    }
    if (grouping == v1::STATS_GROUPING_DOMAIN) {
      // "Ordered by key": for domains, the enum's order.
      std::sort(response.mutable_groups()->begin(), response.mutable_groups()->end(),
                [](const auto& a, const auto& b) { return a.domain() < b.domain(); });
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> StatsStore::PseudonymSecret() {
  std::string secret;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading the pseudonym key", [&](pqxx::read_transaction& txn) {
    const pqxx::result rows =
        txn.exec("SELECT secret FROM pseudonym_keys WHERE purpose = 'participation_export'");
    if (rows.empty()) return absl::FailedPreconditionError("no pseudonym key; run migration 0012");
    secret = rows[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  return secret;
}

}  // namespace renfort::storage
