#include "storage/pg/embedded_migrations.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace renfort::storage {
namespace {

TEST(EmbeddedMigrations, HaveIncreasingVersionsAndAreNonEmpty) {
  const std::vector<Migration>& migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(migrations[i].version, migrations[i - 1].version);
    }
    EXPECT_FALSE(migrations[i].name.empty());
    EXPECT_NE(std::string(migrations[i].sql).find_first_not_of(" \n\t"), std::string::npos)
        << "migration " << migrations[i].version << " is empty";
  }
}

// The migrator wraps each migration in a transaction; a file that manages its own transaction or
// needs to run outside one would break that guarantee.
TEST(EmbeddedMigrations, NeverManageTheirOwnTransaction) {
  const std::regex forbidden(R"((^|;)\s*(BEGIN|COMMIT|ROLLBACK)\s*;|CONCURRENTLY)",
                             std::regex::icase | std::regex::multiline);
  for (const Migration& migration : EmbeddedMigrations()) {
    EXPECT_FALSE(std::regex_search(std::string(migration.sql), forbidden))
        << "migration " << migration.version << " (" << migration.name << ")";
  }
}

}  // namespace
}  // namespace renfort::storage
