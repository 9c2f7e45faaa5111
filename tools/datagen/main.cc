// renfort-datagen: writes a generated world as CSV files for COPY into the schema.
//   renfort-datagen --seed=1 --volunteers=1000000 --missions=100000 --out_dir=/tmp/world
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "tools/datagen/csv_writer.h"
#include "tools/datagen/world.h"

ABSL_FLAG(uint64_t, seed, 1, "Seed: the same seed gives the same files.");
ABSL_FLAG(int64_t, volunteers, 10000, "Number of volunteers.");
ABSL_FLAG(int64_t, missions, 1000, "Number of missions.");
ABSL_FLAG(std::string, communes_csv, RENFORT_DATAGEN_COMMUNES_CSV, "data/communes.csv.");
ABSL_FLAG(std::string, out_dir, ".", "Existing directory to write <table>.csv and load.sql to.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Writes a realistic generated world as CSV files for COPY.");
  absl::ParseCommandLine(argc, argv);
  renfort::datagen::WorldSpec spec;
  spec.seed = absl::GetFlag(FLAGS_seed);
  spec.volunteers = absl::GetFlag(FLAGS_volunteers);
  spec.missions = absl::GetFlag(FLAGS_missions);
  absl::StatusOr<renfort::datagen::World> world =
      renfort::datagen::World::Create(spec, absl::GetFlag(FLAGS_communes_csv));
  if (!world.ok()) {
    std::fprintf(stderr, "%s\n", world.status().ToString().c_str());
    return 1;
  }
  renfort::datagen::CsvWriter writer;
  if (absl::Status status = writer.Open(absl::GetFlag(FLAGS_out_dir)); !status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  const absl::Time start = absl::Now();
  renfort::datagen::EmitWorld(*world, writer);
  if (absl::Status status = writer.Close(); !status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  for (const renfort::datagen::TableSpec& table : renfort::datagen::AllTables()) {
    std::printf("%-26s %10lld rows\n", table.name,
                static_cast<long long>(writer.rows(table.table)));
  }
  std::printf("written in %.1f s\n", absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}
