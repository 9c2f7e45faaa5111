#include "storage/reference_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>

#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

std::unique_ptr<ScratchDatabase> MigratedWithoutCommunes() {
  auto database = ScratchDatabase::CreateEmpty();
  if (database == nullptr) return nullptr;
  pqxx::connection connection(database->url());
  EXPECT_THAT(Migrator(EmbeddedMigrations()).Apply(connection), IsOk());
  return database;
}

TEST(LoadCommunes, LoadsEveryCommuneOfTheShippedFileAndCanRunAgain) {
  auto database = MigratedWithoutCommunes();
  ASSERT_NE(database, nullptr);
  pqxx::connection connection(database->url());

  absl::StatusOr<int> loaded = LoadCommunes(connection, RENFORT_COMMUNES_CSV);
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ(*loaded, 34945);
  EXPECT_THAT(LoadCommunes(connection, RENFORT_COMMUNES_CSV), IsOk());
  EXPECT_EQ(CountCommunes(connection).value_or(-1), 34945);

  pqxx::read_transaction txn(connection);
  const pqxx::row saint_denis = txn.exec1(
      "SELECT name, department_code, latitude, array_length(postal_codes, 1) FROM communes "
      "WHERE insee_code = '97411'");
  EXPECT_EQ(saint_denis[0].as<std::string>(), "Saint-Denis");
  EXPECT_EQ(saint_denis[1].as<std::string>(), "974");
  EXPECT_NEAR(saint_denis[2].as<double>(), -20.94, 0.01);
  EXPECT_EQ(saint_denis[3].as<int>(), 3);
}

TEST(LoadCommunes, MalformedFileLoadsNothingAndNamesTheProblem) {
  auto database = MigratedWithoutCommunes();
  ASSERT_NE(database, nullptr);
  const std::string path = "/tmp/renfort-bad-communes-" + database->name() + ".csv";
  std::ofstream(path) << "insee_code,nom,code_postal,codes_postaux,departement_code,latitude,"
                         "longitude,population\n"
                         "59350,Lille,59000,59000,59,50.63,3.04,238246\n"
                         "59009,Villeneuve-d'Ascq,59491,59491,59,north,3.14,62000\n";
  pqxx::connection connection(database->url());

  EXPECT_THAT(LoadCommunes(connection, path),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("in line \"3\"")));
  EXPECT_EQ(CountCommunes(connection).value_or(-1), 0);
  std::remove(path.c_str());
}

TEST(LoadCommunes, UnknownDepartementIsRefusedAsAWhole) {
  auto database = MigratedWithoutCommunes();
  ASSERT_NE(database, nullptr);
  const std::string path = "/tmp/renfort-foreign-communes-" + database->name() + ".csv";
  std::ofstream(path) << "insee_code,nom,code_postal,codes_postaux,departement_code,latitude,"
                         "longitude,population\n"
                         "59350,Lille,59000,59000,59,50.63,3.04,238246\n"
                         "98735,Papeete,98714,98714,987,-17.53,-149.56,26000\n";
  pqxx::connection connection(database->url());

  EXPECT_THAT(LoadCommunes(connection, path), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountCommunes(connection).value_or(-1), 0);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace renfort::storage
