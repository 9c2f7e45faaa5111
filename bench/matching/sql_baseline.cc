#include "bench/matching/sql_baseline.h"

#include <array>
#include <chrono>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "matching/scoring.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/reference_data.h"
#include "tools/datagen/tables.h"

namespace renfort::bench {
namespace {

// Helpers and indexes the baseline adds to the schema: the best it can be given. The reach
// box is the volunteer's travel disc widened to a longitude/latitude box (111 km per degree
// of latitude, the cosine taken at the box's poleward edge: always a superset), so one GiST
// lookup finds everyone who might travel to a point; the exact great-circle distance is
// then checked against max_travel_km, as in the engine.
constexpr char kBaselineSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS bench_dataset (
  seed bigint NOT NULL, volunteers bigint NOT NULL, missions bigint NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(), load_seconds float8 NOT NULL);
CREATE TABLE IF NOT EXISTS bench_volunteer_activity (
  volunteer_id uuid PRIMARY KEY REFERENCES volunteers (id),
  done_count integer NOT NULL, no_show_count integer NOT NULL,
  invitations_this_month integer NOT NULL);
CREATE OR REPLACE FUNCTION bench_reach_box(lat float8, lon float8, km integer) RETURNS box
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT box(point(lon - km / (111.0 * cos(radians(least(abs(lat) + km / 111.0, 89.0)))),
                   lat - km / 111.0),
             point(lon + km / (111.0 * cos(radians(least(abs(lat) + km / 111.0, 89.0)))),
                   lat + km / 111.0))
$$;
-- matching/geo.cc's GreatCircleKm, operation for operation, in double precision.
CREATE OR REPLACE FUNCTION bench_great_circle_km(lat_a float8, lon_a float8, lat_b float8,
                                                 lon_b float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 2::float8 * 6371.0088::float8 * asin(sqrt(least(1::float8,
    sin((lat_b * (pi() / 180::float8) - lat_a * (pi() / 180::float8)) / 2::float8)
      * sin((lat_b * (pi() / 180::float8) - lat_a * (pi() / 180::float8)) / 2::float8)
    + cos(lat_a * (pi() / 180::float8)) * cos(lat_b * (pi() / 180::float8))
      * sin((lon_b - lon_a) * (pi() / 180::float8) / 2::float8)
      * sin((lon_b - lon_a) * (pi() / 180::float8) / 2::float8))))
$$;
)sql";

constexpr char kBaselineIndexes[] = R"sql(
CREATE INDEX IF NOT EXISTS bench_volunteers_reach ON volunteers
  USING gist (bench_reach_box(latitude, longitude, max_travel_km))
  WHERE status = 'ACTIVE' AND accepts_in_person;
CREATE INDEX IF NOT EXISTS bench_volunteers_remote ON volunteers (id)
  WHERE status = 'ACTIVE' AND accepts_remote;
)sql";

// The ranking. $1 mission, $2 today (UTC), $3 k, $4–$10 the effective weights of proximity,
// skill coverage, domain interest, availability overlap, reliability, recency, fairness
// (matching::EffectiveWeights). Hours of the week are counted in local (Paris) time: every
// generated place is metropolitan, so the engine's UTC week is the same week rotated by one
// offset and the counts agree. {CANDIDATES}, {DISTANCE} and {PROXIMITY} differ between the
// in-person and the remote query. Two forms were measured and each kind gets the faster:
// correlated subqueries per candidate (index lookups; in person: 35 ms in Lozère where the
// set-wise form takes 340 ms at 100,000 volunteers) and set-wise joins (remote, where a third
// of the table are candidates: 9.5 s at 1,000,000 volunteers, when the correlated form took
// 3.7 s at 100,000 and grows linearly with the candidates).
constexpr char kCorrelatedRankTemplate[] = R"sql(
WITH m AS (
  SELECT id, start_date, coalesce(end_date, 'infinity'::date) AS end_date,
         (start_date - CASE WHEN open_to_minors THEN interval '16 years'
                            ELSE interval '18 years' END)::date AS latest_birth,
         domain_slug, secondary_domain_slug
  FROM missions WHERE id = $1 AND status = 'PUBLISHED' AND places_held < places),
mh AS (
  SELECT coalesce(array_agg(DISTINCT h), '{}') AS hours, count(DISTINCT h)::float8 AS n FROM (
    SELECT (s.weekday - 1) * 24 + g AS h
    FROM mission_weekly_slots s
    CROSS JOIN LATERAL generate_series(s.start_minute / 60, (s.end_minute - 1) / 60) g
    WHERE s.mission_id = $1
    UNION ALL
    SELECT (extract(isodow FROM l.s)::int - 1) * 24 + g
    FROM mission_dated_slots d
    CROSS JOIN LATERAL (SELECT d.starts_at AT TIME ZONE 'Europe/Paris' AS s,
                               d.ends_at AT TIME ZONE 'Europe/Paris' AS e) l
    CROSS JOIN LATERAL generate_series(extract(hour FROM l.s)::int,
        ((extract(hour FROM l.e) * 60 + extract(minute FROM l.e))::int - 1) / 60) g
    WHERE d.mission_id = $1) x),
ms AS (SELECT coalesce(array_agg(skill_slug), '{}') AS skills, count(*)::float8 AS n
       FROM mission_skills WHERE mission_id = $1),
ma AS (SELECT latitude::real::float8 AS lat, longitude::real::float8 AS lon
       FROM mission_addresses WHERE mission_id = $1),
cand AS ({CANDIDATES}),
f AS (
  SELECT v.id, v.max_travel_km, {DISTANCE} AS distance_km,
    CASE WHEN EXISTS (SELECT 1 FROM volunteer_weekly_slots s WHERE s.volunteer_id = v.id)
      THEN (SELECT count(DISTINCT (s.weekday - 1) * 24 + g)::float8
            FROM volunteer_weekly_slots s
            CROSS JOIN LATERAL generate_series(s.start_minute / 60, (s.end_minute - 1) / 60) g
            WHERE s.volunteer_id = v.id AND (s.weekday - 1) * 24 + g = ANY (mh.hours))
      ELSE mh.n END AS common_hours,
    (SELECT count(*)::float8 FROM volunteer_skills k
     WHERE k.volunteer_id = v.id AND k.skill_slug = ANY (ms.skills)) AS covered,
    CASE WHEN EXISTS (SELECT 1 FROM volunteer_domains d
                      WHERE d.volunteer_id = v.id AND d.domain_slug = m.domain_slug) THEN 1::float8
         WHEN EXISTS (SELECT 1 FROM volunteer_domains d
                      WHERE d.volunteer_id = v.id AND d.domain_slug = m.secondary_domain_slug)
           THEN 0.5::float8
         ELSE 0::float8 END AS domain_value,
    coalesce(a.done_count, 0) AS done, coalesce(a.no_show_count, 0) AS no_show,
    coalesce(a.invitations_this_month, 0) AS invitations,
    least(greatest($2::date - (v.last_active_at AT TIME ZONE 'UTC')::date, 0), 365) AS idle_days,
    mh.n AS mission_hours, ms.n AS required_skills
  FROM cand JOIN volunteers v ON v.id = cand.id
  CROSS JOIN m CROSS JOIN mh CROSS JOIN ms
  LEFT JOIN bench_volunteer_activity a ON a.volunteer_id = v.id
  WHERE v.birth_date <= m.latest_birth
    AND (v.available_from IS NULL OR v.available_from <= m.end_date)
    AND (v.available_until IS NULL OR v.available_until >= m.start_date)
    AND NOT EXISTS (SELECT 1 FROM participations p
                    WHERE p.mission_id = m.id AND p.volunteer_id = v.id
                      AND p.status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED'))
    AND NOT EXISTS (SELECT 1 FROM invitations i
                    WHERE i.mission_id = m.id AND i.volunteer_id = v.id
                      AND i.status = 'PROPOSED'))
SELECT id::text, score FROM (
  SELECT id, 0::float8
    {PROXIMITY}
    + $5::float8 * CASE WHEN required_skills = 0 THEN 1::float8 ELSE covered / required_skills END
    + $6::float8 * domain_value
    + $7::float8 * (common_hours / mission_hours)
    + $8::float8 * ((done::float8 + 3::float8)
                    / ((done + no_show)::float8 + 3::float8 + 1::float8))
    + $9::float8 * power(2::float8, (-idle_days)::float8 / 30::float8)
    + $10::float8 * greatest(0::float8, 1::float8 - invitations::float8 / 2::float8) AS score
  FROM f
  WHERE common_hours > 0 {DISTANCE_RULE}) s
ORDER BY score DESC, id
LIMIT $3
)sql";

// The same ranking with the factors computed set-wise: one join and GROUP BY per child table
// over all candidates. Faster when the candidates are a large share of the table (remote).
constexpr char kSetWiseRankTemplate[] = R"sql(
WITH m AS (
  SELECT id, start_date, coalesce(end_date, 'infinity'::date) AS end_date,
         (start_date - CASE WHEN open_to_minors THEN interval '16 years'
                            ELSE interval '18 years' END)::date AS latest_birth,
         domain_slug, secondary_domain_slug
  FROM missions WHERE id = $1 AND status = 'PUBLISHED' AND places_held < places),
mh AS (
  SELECT coalesce(array_agg(DISTINCT h), '{}') AS hours, count(DISTINCT h)::float8 AS n FROM (
    SELECT (s.weekday - 1) * 24 + g AS h
    FROM mission_weekly_slots s
    CROSS JOIN LATERAL generate_series(s.start_minute / 60, (s.end_minute - 1) / 60) g
    WHERE s.mission_id = $1
    UNION ALL
    SELECT (extract(isodow FROM l.s)::int - 1) * 24 + g
    FROM mission_dated_slots d
    CROSS JOIN LATERAL (SELECT d.starts_at AT TIME ZONE 'Europe/Paris' AS s,
                               d.ends_at AT TIME ZONE 'Europe/Paris' AS e) l
    CROSS JOIN LATERAL generate_series(extract(hour FROM l.s)::int,
        ((extract(hour FROM l.e) * 60 + extract(minute FROM l.e))::int - 1) / 60) g
    WHERE d.mission_id = $1) x),
ms AS (SELECT coalesce(array_agg(skill_slug), '{}') AS skills, count(*)::float8 AS n
       FROM mission_skills WHERE mission_id = $1),
ma AS (SELECT latitude::real::float8 AS lat, longitude::real::float8 AS lon
       FROM mission_addresses WHERE mission_id = $1),
cand AS ({CANDIDATES}),
base AS MATERIALIZED (
  SELECT v.id, v.max_travel_km, {DISTANCE} AS distance_km,
    least(greatest($2::date - (v.last_active_at AT TIME ZONE 'UTC')::date, 0), 365) AS idle_days
  FROM cand JOIN volunteers v ON v.id = cand.id CROSS JOIN m
  WHERE v.birth_date <= m.latest_birth
    AND (v.available_from IS NULL OR v.available_from <= m.end_date)
    AND (v.available_until IS NULL OR v.available_until >= m.start_date)
    AND NOT EXISTS (SELECT 1 FROM participations p
                    WHERE p.mission_id = m.id AND p.volunteer_id = v.id
                      AND p.status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED'))
    AND NOT EXISTS (SELECT 1 FROM invitations i
                    WHERE i.mission_id = m.id AND i.volunteer_id = v.id
                      AND i.status = 'PROPOSED')),
hours AS (
  SELECT s.volunteer_id, count(DISTINCT (s.weekday - 1) * 24 + g)
           FILTER (WHERE (s.weekday - 1) * 24 + g = ANY (mh.hours))::float8 AS common
  FROM base JOIN volunteer_weekly_slots s ON s.volunteer_id = base.id CROSS JOIN mh
  CROSS JOIN LATERAL generate_series(s.start_minute / 60, (s.end_minute - 1) / 60) g
  GROUP BY s.volunteer_id),
skills AS (
  SELECT k.volunteer_id, count(*)::float8 AS covered
  FROM base JOIN volunteer_skills k ON k.volunteer_id = base.id CROSS JOIN ms
  WHERE k.skill_slug = ANY (ms.skills) GROUP BY k.volunteer_id),
domains AS (
  SELECT d.volunteer_id, max(CASE WHEN d.domain_slug = m.domain_slug THEN 1::float8
                                  ELSE 0.5::float8 END) AS domain_value
  FROM base JOIN volunteer_domains d ON d.volunteer_id = base.id CROSS JOIN m
  WHERE d.domain_slug = m.domain_slug OR d.domain_slug = m.secondary_domain_slug
  GROUP BY d.volunteer_id)
SELECT id::text, score FROM (
  SELECT base.id, 0::float8
    {PROXIMITY}
    + $5::float8 * CASE WHEN ms.n = 0 THEN 1::float8
                        ELSE coalesce(skills.covered, 0::float8) / ms.n END
    + $6::float8 * coalesce(domains.domain_value, 0::float8)
    + $7::float8 * (coalesce(hours.common, mh.n) / mh.n)
    + $8::float8 * ((coalesce(a.done_count, 0)::float8 + 3::float8)
                    / ((coalesce(a.done_count, 0) + coalesce(a.no_show_count, 0))::float8
                       + 3::float8 + 1::float8))
    + $9::float8 * power(2::float8, (-base.idle_days)::float8 / 30::float8)
    + $10::float8 * greatest(0::float8,
                             1::float8 - coalesce(a.invitations_this_month, 0)::float8 / 2::float8)
      AS score
  FROM base CROSS JOIN mh CROSS JOIN ms
  LEFT JOIN hours ON hours.volunteer_id = base.id
  LEFT JOIN skills ON skills.volunteer_id = base.id
  LEFT JOIN domains ON domains.volunteer_id = base.id
  LEFT JOIN bench_volunteer_activity a ON a.volunteer_id = base.id
  WHERE coalesce(hours.common, mh.n) > 0 {DISTANCE_RULE}) s
ORDER BY score DESC, id
LIMIT $3
)sql";

std::string RankQuery(bool in_person) {
  if (in_person) {
    return absl::StrReplaceAll(kCorrelatedRankTemplate, {
        {"{CANDIDATES}",
         "SELECT DISTINCT v.id FROM ma JOIN volunteers v ON bench_reach_box(v.latitude, "
         "v.longitude, v.max_travel_km) && box(point(ma.lon, ma.lat), point(ma.lon, ma.lat)) "
         "WHERE v.status = 'ACTIVE' AND v.accepts_in_person"},
        {"{DISTANCE}",
         "(SELECT min(bench_great_circle_km(ma.lat, ma.lon, v.latitude::real::float8, "
         "v.longitude::real::float8)) FROM ma)"},
        {"{PROXIMITY}",
         "+ $4::float8 * greatest(0::float8, least(1::float8, "
         "1::float8 - distance_km / max_travel_km::float8))"},
        {"{DISTANCE_RULE}", "AND distance_km <= max_travel_km"}});
  }
  return absl::StrReplaceAll(kSetWiseRankTemplate, {
      {"{CANDIDATES}",
       "SELECT v.id FROM volunteers v WHERE v.status = 'ACTIVE' AND v.accepts_remote"},
      {"{DISTANCE}", "0::float8"},
      {"{PROXIMITY}", "+ $4::float8 * 0::float8"},
      {"{DISTANCE_RULE}", ""}});
}

template <size_t N>
void WriteFixed(pqxx::stream_to& stream, const datagen::Row& row) {
  std::array<std::optional<std::string>, N> fixed;
  for (size_t i = 0; i < N; ++i) fixed[i] = row[i];
  stream << fixed;
}

// Streams the rows of one table into COPY.
class StreamSink : public datagen::RowSink {
 public:
  StreamSink(pqxx::stream_to& stream, datagen::Table table) : stream_(stream), table_(table) {}
  void Add(datagen::Table table, const datagen::Row& row) override {
    if (table != table_) return;
    ++rows_;
    switch (row.size()) {
      case 2: return WriteFixed<2>(stream_, row);
      case 3: return WriteFixed<3>(stream_, row);
      case 4: return WriteFixed<4>(stream_, row);
      case 7: return WriteFixed<7>(stream_, row);
      case 12: return WriteFixed<12>(stream_, row);
      case 18: return WriteFixed<18>(stream_, row);
      case 19: return WriteFixed<19>(stream_, row);
      default: throw std::logic_error(absl::StrCat("no row writer for ", row.size(), " columns"));
    }
  }
  int64_t rows() const { return rows_; }

 private:
  pqxx::stream_to& stream_;
  datagen::Table table_;
  int64_t rows_ = 0;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqlBaseline>> SqlBaseline::Connect(const std::string& url,
                                                                  const datagen::World& world,
                                                                  const std::string& communes_csv) {
  try {
    auto connection = std::make_unique<pqxx::connection>(url);
    std::unique_ptr<SqlBaseline> baseline(new SqlBaseline(std::move(connection), world));
    if (absl::Status status = baseline->LoadIfNeeded(communes_csv); !status.ok()) return status;
    if (absl::Status status = baseline->Prepare(); !status.ok()) return status;
    return baseline;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL: ", e.what()));
  }
}

absl::Status SqlBaseline::LoadIfNeeded(const std::string& communes_csv) {
  pqxx::connection& c = *connection_;
  absl::StatusOr<storage::MigrationReport> migrated =
      storage::Migrator(storage::EmbeddedMigrations()).Apply(c);
  if (!migrated.ok()) return migrated.status();
  absl::StatusOr<int> communes = storage::CountCommunes(c);
  if (!communes.ok()) return communes.status();
  if (*communes == 0) {
    absl::StatusOr<int> loaded = storage::LoadCommunes(c, communes_csv);
    if (!loaded.ok()) return loaded.status();
  }
  {
    pqxx::work txn(c);
    txn.exec(kBaselineSchema);
    txn.commit();
  }
  const datagen::WorldSpec& spec = world_.spec();
  {
    pqxx::work txn(c);
    pqxx::result r = txn.exec_params(
        "SELECT load_seconds FROM bench_dataset WHERE seed = $1 AND volunteers = $2 AND "
        "missions = $3",
        static_cast<int64_t>(spec.seed), spec.volunteers, spec.missions);
    if (!r.empty()) {
      txn.commit();
      if (absl::Status status = CreateIndexes(); !status.ok()) return status;
      load_summary_ = absl::StrFormat(
          "SQL data: reusing the loaded world (seed %llu, %lld volunteers, %lld missions; "
          "loaded earlier in %.0f s)",
          static_cast<unsigned long long>(spec.seed), static_cast<long long>(spec.volunteers),
          static_cast<long long>(spec.missions), r[0][0].as<double>());
      return absl::OkStatus();
    }
  }
  std::printf("Loading the world into PostgreSQL (once per seed and size)...\n");
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  {
    pqxx::work txn(c);
    txn.exec(
        "TRUNCATE bench_dataset, bench_volunteer_activity, invitations, participations, "
        "mission_skills, mission_dated_slots, mission_weekly_slots, mission_addresses, "
        "mission_beneficiaries, missions, volunteer_skills, volunteer_domains, "
        "volunteer_weekly_slots, volunteers, organisations CASCADE");
    txn.exec("DROP INDEX IF EXISTS bench_volunteers_reach; DROP INDEX IF EXISTS bench_volunteers_remote");
    txn.commit();
  }
  std::string timings;
  for (const datagen::TableSpec& table : datagen::AllTables()) {
    const auto table_start = std::chrono::steady_clock::now();
    pqxx::work txn(c);
    pqxx::stream_to stream(txn, table.name, table.columns);
    StreamSink sink(stream, table.table);
    switch (table.table) {
      case datagen::Table::kOrganisations:
        for (int64_t i = 0; i < world_.organisation_count(); ++i) {
          datagen::EmitOrganisationRows(world_.Organisation(i), sink);
        }
        break;
      case datagen::Table::kVolunteers:
      case datagen::Table::kVolunteerWeeklySlots:
      case datagen::Table::kVolunteerDomains:
      case datagen::Table::kVolunteerSkills:
      case datagen::Table::kVolunteerActivity:
        for (int64_t i = 0; i < spec.volunteers; ++i) {
          datagen::EmitVolunteerRows(world_.Volunteer(i), sink);
        }
        break;
      default:
        for (int64_t i = 0; i < spec.missions; ++i) datagen::EmitMissionRows(world_.Mission(i), sink);
        break;
    }
    stream.complete();
    txn.commit();
    absl::StrAppendFormat(&timings, " %s %lld rows %.1f s;", table.name,
                          static_cast<long long>(sink.rows()), SecondsSince(table_start));
    std::printf("  %-26s %10lld rows in %5.1f s\n", table.name,
                static_cast<long long>(sink.rows()), SecondsSince(table_start));
    std::fflush(stdout);
  }
  const auto index_start = std::chrono::steady_clock::now();
  if (absl::Status status = CreateIndexes(); !status.ok()) return status;
  const double index_seconds = SecondsSince(index_start);
  pqxx::nontransaction(c).exec("ANALYZE");
  const double total = SecondsSince(start);
  {
    pqxx::work txn(c);
    txn.exec_params("INSERT INTO bench_dataset (seed, volunteers, missions, load_seconds) "
                    "VALUES ($1, $2, $3, $4)",
                    static_cast<int64_t>(spec.seed), spec.volunteers, spec.missions, total);
    txn.commit();
  }
  load_summary_ = absl::StrFormat(
      "SQL data: loaded by COPY (pqxx::stream_to) in %.0f s, baseline indexes %.1f s:%s", total,
      index_seconds, timings);
  return absl::OkStatus();
}

// Idempotent, so that an index added to the baseline reaches a database loaded before it.
absl::Status SqlBaseline::CreateIndexes() {
  pqxx::work txn(*connection_);
  txn.exec("SET LOCAL maintenance_work_mem = '512MB'");
  txn.exec(kBaselineIndexes);
  txn.commit();
  return absl::OkStatus();
}

absl::Status SqlBaseline::Prepare() {
  connection_->prepare("rank_in_person", RankQuery(true));
  connection_->prepare("rank_remote", RankQuery(false));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SqlRanked>> SqlBaseline::Rank(const std::string& mission_id, int k) {
  try {
    pqxx::read_transaction txn(*connection_);
    pqxx::result format =
        txn.exec_params("SELECT format FROM missions WHERE id = $1", mission_id);
    if (format.empty()) return absl::NotFoundError(absl::StrCat("mission ", mission_id));
    const bool in_person = format[0][0].as<std::string>() != "REMOTE";
    const matching::EffectiveWeights w(matching::ScoringWeights{},
                                       matching::RankFactors(in_person));
    using matching::Factor;
    const std::string today =
        absl::FormatTime("%Y-%m-%d", world_.spec().now, absl::UTCTimeZone());
    auto weight = [&w](Factor f) { return absl::StrFormat("%.17g", w.weight(f)); };
    pqxx::result rows = txn.exec_prepared(
        in_person ? "rank_in_person" : "rank_remote", mission_id, today, k,
        weight(Factor::kProximity), weight(Factor::kSkillCoverage),
        weight(Factor::kDomainInterest), weight(Factor::kAvailabilityOverlap),
        weight(Factor::kReliability), weight(Factor::kRecency), weight(Factor::kFairness));
    std::vector<SqlRanked> ranked;
    for (const pqxx::row& row : rows) ranked.push_back({row[0].as<std::string>(), row[1].as<double>()});
    return ranked;
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("SQL ranking: ", e.what()));
  }
}

void SqlComparison::Compare(const renfort::v1::RankVolunteersResponse& engine,
                            const std::vector<SqlRanked>& sql) {
  ++compared;
  const int n = engine.volunteers_size();
  bool same_ids = n == static_cast<int>(sql.size());
  bool scores_close = same_ids;
  for (int i = 0; i < n && i < static_cast<int>(sql.size()); ++i) {
    const double difference = std::abs(engine.volunteers(i).score() - sql[i].score);
    max_score_difference = std::max(max_score_difference, difference);
    same_ids &= engine.volunteers(i).volunteer_id() == sql[i].volunteer_id;
    scores_close &= difference <= kTolerance;
  }
  if (same_ids && scores_close) {
    ++identical;
    ++equal_up_to_ties;
    return;
  }
  // Same length, position-wise scores within the tolerance: the lists differ only by how
  // near-equal scores were ordered or cut at k.
  if (scores_close) {
    ++equal_up_to_ties;
  }
  if (first_mismatch.empty()) {
    first_mismatch = absl::StrFormat("engine %d results, SQL %zu", n, sql.size());
    for (int i = 0; i < n && i < static_cast<int>(sql.size()); ++i) {
      if (engine.volunteers(i).volunteer_id() != sql[i].volunteer_id ||
          std::abs(engine.volunteers(i).score() - sql[i].score) > kTolerance) {
        absl::StrAppendFormat(&first_mismatch, "; first difference at rank %d: engine %s %.17g, SQL %s %.17g",
                              i + 1, engine.volunteers(i).volunteer_id(),
                              engine.volunteers(i).score(), sql[i].volunteer_id, sql[i].score);
        break;
      }
    }
  }
}

std::string SqlComparison::Details() const {
  std::string details = absl::StrFormat(" (equal up to ties within %.0e: %d; max |score diff| %.2e)",
                                        kTolerance, equal_up_to_ties, max_score_difference);
  if (!first_mismatch.empty()) absl::StrAppend(&details, "\n    mismatch: ", first_mismatch);
  return details;
}

}  // namespace renfort::bench
