// renfort-seed: seeds a migrated database with the demo platform of scripts/run (a few
// thousand organisations, tens of thousands of missions, 100,000 volunteers over real
// communes, with participation history), once: a second run finds the seed and does nothing.
//   renfort-seed --database_url=postgresql://... --communes_csv=data/communes.csv
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "tools/seed/demo_platform.h"
#include "tools/seed/seeder.h"

ABSL_FLAG(std::string, database_url, "", "libpq URL of the migrated database (default: $RENFORT_DATABASE_URL).");
ABSL_FLAG(std::string, communes_csv, "data/communes.csv", "The communes file (data/communes.csv).");
ABSL_FLAG(uint64_t, seed, 2026, "Generator seed: the same seed and sizes give the same platform.");
ABSL_FLAG(int64_t, volunteers, 100000, "Number of volunteers.");
ABSL_FLAG(int64_t, missions, 30000, "Number of generated missions (organisations: an eighth).");
ABSL_FLAG(std::string, now, "",
          "RFC 3339 instant the dates are relative to (default: the current time).");

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "renfort-seed: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Seeds the demo platform into a migrated database, once.");
  absl::ParseCommandLine(argc, argv);
  const absl::Time start = absl::Now();
  std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty() && std::getenv("RENFORT_DATABASE_URL") != nullptr) {
    url = std::getenv("RENFORT_DATABASE_URL");
  }
  if (url.empty()) return Fail(absl::InvalidArgumentError("--database_url: is required"));

  renfort::seed::DemoSpec spec;
  spec.seed = absl::GetFlag(FLAGS_seed);
  spec.volunteers = absl::GetFlag(FLAGS_volunteers);
  spec.missions = absl::GetFlag(FLAGS_missions);
  spec.now = absl::Now();
  if (const std::string now = absl::GetFlag(FLAGS_now); !now.empty()) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, now, &spec.now, &error)) {
      return Fail(absl::InvalidArgumentError("--now: expected an RFC 3339 instant: " + error));
    }
  }

  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    return Fail(absl::UnavailableError(std::string("PostgreSQL: ") + e.what()));
  }
  absl::StatusOr<bool> seeded = renfort::seed::IsSeeded(*connection);
  if (!seeded.ok()) return Fail(seeded.status());
  if (*seeded) {
    std::printf("demo data already seeded (organisation %s exists): nothing to do\n",
                renfort::seed::kDemoOrganisationId);
    return 0;
  }
  absl::StatusOr<renfort::seed::DemoPlatform> platform =
      renfort::seed::DemoPlatform::Create(spec, absl::GetFlag(FLAGS_communes_csv));
  if (!platform.ok()) return Fail(platform.status());
  absl::StatusOr<renfort::seed::SeedReport> report = renfort::seed::Seed(*connection, *platform);
  if (!report.ok()) return Fail(report.status());
  if (report->rows.empty()) {
    std::printf("demo data already seeded by a concurrent run: nothing to do\n");
    return 0;
  }
  for (const auto& [table, rows] : report->rows) {
    std::printf("%-26s %8lld rows\n", table.c_str(), static_cast<long long>(rows));
  }
  std::printf("demo data seeded in %.1f s\n", absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}
