#include "bench/load/seeded_dataset.h"

#include <pqxx/pqxx>

#include <exception>

#include "absl/strings/str_cat.h"

namespace renfort::bench {
namespace {

// A deterministic pseudo-random order: rows ranked by a hash of their id and the seed, so a
// sample is spread over the whole table rather than its first rows.
std::string Shuffled(const std::string& id_column, uint64_t seed) {
  return absl::StrCat("md5(", id_column, "::text || '", seed, "')");
}

// The SQL form of CheckCanApply (services/missions/participation_rules.h) for a volunteer `v`
// and a mission `m`, made stricter where that is simpler: adult today (so also at any later
// start date), ACTIVE (not only "not erased"), and no participation at all, in any mission
// (so the volunteers an earlier run made apply are not sampled again). A
// motivation is always sent, so motivation_required does not matter. Volunteers are sampled
// (twice as many as pairs wanted, for those the format rule drops) before the join, and each is
// paired with one mission, in turn: the pairs are spread over every published mission.
constexpr char kApplyPairsSql[] = R"sql(
WITH m AS (
  SELECT id, format, row_number() OVER (ORDER BY md5(id::text || $1)) - 1 AS i
  FROM missions WHERE status = 'PUBLISHED'),
n AS (SELECT count(*) AS n FROM m),
v AS (
  SELECT id, accepts_in_person, accepts_remote,
         row_number() OVER (ORDER BY md5(id::text || $1)) - 1 AS j
  FROM (SELECT id, accepts_in_person, accepts_remote FROM volunteers
        WHERE status = 'ACTIVE' AND birth_date <= current_date - interval '18 years 2 days'
          AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.volunteer_id = volunteers.id)
        ORDER BY md5(id::text || $1) LIMIT 2 * $2) AS sampled)
SELECT m.id::text, v.id::text
FROM v CROSS JOIN n JOIN m ON m.i = v.j % n.n
WHERE CASE WHEN m.format = 'REMOTE' THEN v.accepts_remote ELSE v.accepts_in_person END
ORDER BY v.j
LIMIT $2
)sql";

}  // namespace

absl::StatusOr<SeededDataset> ReadSeededDataset(const std::string& database_url,
                                                const DatasetSizes& sizes) {
  SeededDataset dataset;
  try {
    pqxx::connection connection(database_url);
    pqxx::read_transaction tx(connection);
    const std::string seed = absl::StrCat(sizes.seed);
    for (const pqxx::row& row : tx.exec_params(
             absl::StrCat("SELECT id::text, organisation_id::text FROM missions "
                          "WHERE status = 'PUBLISHED' ORDER BY ",
                          Shuffled("id", sizes.seed), " LIMIT $1"),
             sizes.missions)) {
      dataset.missions.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
    }
    for (const pqxx::row& row : tx.exec_params(
             absl::StrCat("SELECT id::text, latitude, longitude FROM volunteers "
                          "WHERE status = 'ACTIVE' ORDER BY ",
                          Shuffled("id", sizes.seed), " LIMIT $1"),
             sizes.volunteers)) {
      dataset.volunteers.push_back(
          {row[0].as<std::string>(), row[1].as<double>(), row[2].as<double>()});
    }
    // Communes where people live, rather than hamlets: registrations follow population.
    for (const pqxx::row& row : tx.exec_params(
             absl::StrCat("SELECT insee_code FROM communes WHERE population >= 2000 ORDER BY ",
                          Shuffled("insee_code", sizes.seed), " LIMIT $1"),
             sizes.communes)) {
      dataset.commune_codes.push_back(row[0].as<std::string>());
    }
    for (const pqxx::row& row : tx.exec_params(kApplyPairsSql, seed, sizes.apply_pairs)) {
      dataset.apply_pairs.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
    }
    dataset.volunteer_total =
        tx.exec1("SELECT count(*) FROM volunteers WHERE status = 'ACTIVE'")[0].as<int64_t>();
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("reading the seeded dataset: ", e.what()));
  }
  if (dataset.missions.empty() || dataset.volunteers.empty() || dataset.commune_codes.empty()) {
    return absl::FailedPreconditionError(
        "the database holds no published mission, active volunteer or commune: seed it first "
        "(renfort-seed)");
  }
  return dataset;
}

}  // namespace renfort::bench
