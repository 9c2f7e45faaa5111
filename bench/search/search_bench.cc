// search_bench: SearchMissions latency over 100,000 realistic missions (see mission_corpus.h),
// measured through MissionHandlers::SearchMissions (validation, SQL, loading the page's
// missions) on a scratch database of the PostgreSQL server given by --database_url, which is
// created, migrated, loaded and dropped by the run. Prints p50/p99 per typical query.
//
//   ./bench/search/search_bench --database_url=postgresql://postgres@127.0.0.1:5432/postgres
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/search/mission_corpus.h"
#include "services/common/backends.h"
#include "services/missions/mission_handlers.h"
#include "storage/pg/connection_pool.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/reference_data.h"

ABSL_FLAG(std::string, database_url, "",
          "URL of a database on the PostgreSQL server to use (default: RENFORT_DATABASE_URL); "
          "the benchmark creates its own scratch database next to it");
ABSL_FLAG(std::string, communes_csv, "data/communes.csv", "The French communes reference file");
ABSL_FLAG(int, missions, 100000, "Missions to load");
ABSL_FLAG(int, queries, 100, "Measured queries per scenario (after 20 warm-up queries)");
ABSL_FLAG(uint64_t, seed, 42, "Seed of the corpus and of the queries");
ABSL_FLAG(bool, keep, false, "Keep the scratch database after the run");
ABSL_FLAG(std::string, ids_out, "",
          "Write the ids of every measured response to this file, one response a line, to check "
          "that a change to the search returns the same answers (diff two runs of one day)");

namespace {

namespace v1 = ::renfort::v1;
using renfort::bench::WeightedCommune;

int Fail(const std::string& message) {
  std::fprintf(stderr, "search_bench: %s\n", message.c_str());
  return 1;
}

// `url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t slash = url.rfind('/');
  const size_t query = url.find('?', slash);
  return url.substr(0, slash + 1) + database +
         (query == std::string::npos ? "" : url.substr(query));
}

struct Scenario {
  const char* name;
  // Fills a request for the i-th query; `centre` is a commune drawn by population.
  std::function<void(v1::SearchMissionsRequest&, const WeightedCommune& centre, int i)> make;
};

const char* kQueries[] = {"collecte alimentaire",
                          "soutien scolaire",
                          "maraude sans abri",
                          "benevolat aupres des personnes agees",
                          "jardin",
                          "numerique",
                          "refugies",
                          "secours"};

std::vector<Scenario> Scenarios() {
  auto near = [](v1::SearchMissionsRequest& r, const WeightedCommune& c, double km) {
    r.mutable_near()->set_latitude(c.latitude);
    r.mutable_near()->set_longitude(c.longitude);
    r.set_radius_km(km);
  };
  return {
      {"text + 20 km radius (relevance)",
       [=](auto& r, const auto& c, int i) {
         r.set_query(kQueries[i % std::size(kQueries)]);
         near(r, c, 20);
       }},
      {"remote only (start date)",
       [](auto& r, const auto&, int) { r.add_formats(v1::FORMAT_REMOTE); }},
      {"places left, 30 km (distance)",
       [=](auto& r, const auto& c, int) {
         near(r, c, 30);
         r.set_only_with_places_left(true);
         r.set_order(v1::MISSION_SEARCH_ORDER_DISTANCE);
       }},
      {"département, by start date",
       [](auto& r, const auto& c, int) {
         r.set_department_code(c.department_code);
         r.set_order(v1::MISSION_SEARCH_ORDER_START_DATE);
       }},
      {"text nationwide (relevance)",
       [](auto& r, const auto&, int i) { r.set_query(kQueries[i % std::size(kQueries)]); }},
      {"text + radius, 2nd page",
       [=](auto& r, const auto& c, int i) {
         r.set_query(kQueries[i % std::size(kQueries)]);
         near(r, c, 50);
         r.set_page_size(10);
       }},
  };
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Measures SearchMissions over a realistic set of missions.");
  absl::ParseCommandLine(argc, argv);
  std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty() && std::getenv("RENFORT_DATABASE_URL") != nullptr)
    url = std::getenv("RENFORT_DATABASE_URL");
  if (url.empty()) return Fail("--database_url (RENFORT_DATABASE_URL) is required");
  const std::string scratch = absl::StrCat("renfort_search_bench_", getpid());
  const std::string scratch_url = WithDatabase(url, scratch);
  const auto started = std::chrono::steady_clock::now();
  auto seconds_since = [](auto start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  try {
    {
      pqxx::connection admin(url);
      pqxx::nontransaction txn(admin);
      txn.exec("CREATE DATABASE " + txn.quote_name(scratch));
    }
    auto connection = renfort::storage::OpenConnection(scratch_url);
    if (!connection.ok()) return Fail(std::string(connection.status().message()));
    const renfort::storage::Migrator migrator(renfort::storage::EmbeddedMigrations());
    if (auto report = migrator.Apply(**connection); !report.ok()) {
      return Fail(std::string(report.status().message()));
    }
    if (auto loaded =
            renfort::storage::LoadCommunes(**connection, absl::GetFlag(FLAGS_communes_csv));
        !loaded.ok()) {
      return Fail(std::string(loaded.status().message()));
    }
    const std::vector<WeightedCommune> communes = renfort::bench::ReadCommunes(**connection);
    renfort::bench::CorpusOptions options;
    options.missions = absl::GetFlag(FLAGS_missions);
    options.seed = absl::GetFlag(FLAGS_seed);
    options.today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    const auto load_start = std::chrono::steady_clock::now();
    if (auto loaded = renfort::bench::LoadCorpus(**connection, communes, options); !loaded.ok()) {
      return Fail(std::string(loaded.message()));
    }
    std::printf("loaded %d missions in %.1f s (database %s)\n", options.missions,
                seconds_since(load_start), scratch.c_str());

    renfort::services::Backends backends;
    auto pool = renfort::storage::ConnectionPool::Open(scratch_url, 1);
    if (!pool.ok()) return Fail(std::string(pool.status().message()));
    backends.database = std::move(*pool);
    renfort::services::MissionHandlers handlers(backends);
    renfort::services::Caller volunteer{.subject = "bench",
                                        .roles = {renfort::services::Role::kVolunteer}};

    std::vector<double> weights;
    for (const WeightedCommune& commune : communes) weights.push_back(commune.population);
    std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
    std::mt19937_64 random(options.seed + 1);
    const int queries = absl::GetFlag(FLAGS_queries);

    std::ofstream ids_out;
    if (!absl::GetFlag(FLAGS_ids_out).empty()) ids_out.open(absl::GetFlag(FLAGS_ids_out));
    std::printf("\n%-34s %9s %9s %9s %9s\n", "query", "p50 ms", "p99 ms", "mean ms", "results");
    for (const Scenario& scenario : Scenarios()) {
      std::vector<double> latencies;
      double results = 0;
      for (int i = -20; i < queries; ++i) {
        v1::SearchMissionsRequest request;
        scenario.make(request, communes[pick(random)], i + 20);
        v1::SearchMissionsResponse response;
        if (std::string(scenario.name).find("2nd page") != std::string::npos) {
          absl::Status first = handlers.SearchMissions(volunteer, request, response);
          if (!first.ok()) return Fail(std::string(first.message()));
          request.set_page_token(response.next_page_token());
          response.Clear();
          if (request.page_token().empty()) continue;
        }
        const auto start = std::chrono::steady_clock::now();
        absl::Status status = handlers.SearchMissions(volunteer, request, response);
        const double ms = seconds_since(start) * 1000;
        if (!status.ok()) return Fail(absl::StrCat(scenario.name, ": ", status.ToString()));
        if (i < 0) continue;
        latencies.push_back(ms);
        if (ids_out.is_open()) {
          ids_out << scenario.name << ' ' << i << ':';
          for (const auto& result : response.results()) {
            ids_out << ' ' << result.mission().id() << '@' << result.distance_km();
          }
          ids_out << ' ' << response.next_page_token() << '\n';
        }
        results += response.results_size();
      }
      if (latencies.empty()) continue;
      double sum = 0;
      for (double ms : latencies) sum += ms;
      std::printf("%-34s %9.2f %9.2f %9.2f %9.1f\n", scenario.name, Percentile(latencies, 0.5),
                  Percentile(latencies, 0.99), sum / latencies.size(), results / latencies.size());
    }
  } catch (const std::exception& error) {
    return Fail(error.what());
  }
  if (!absl::GetFlag(FLAGS_keep)) {
    pqxx::connection admin(url);
    pqxx::nontransaction txn(admin);
    txn.exec("DROP DATABASE IF EXISTS " + txn.quote_name(scratch) + " WITH (FORCE)");
  }
  std::printf("\ntotal %.1f s\n", seconds_since(started));
  return 0;
}
