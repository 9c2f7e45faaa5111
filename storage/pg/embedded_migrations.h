#ifndef RENFORT_STORAGE_PG_EMBEDDED_MIGRATIONS_H_
#define RENFORT_STORAGE_PG_EMBEDDED_MIGRATIONS_H_

#include <vector>

#include "storage/pg/migration.h"

namespace renfort::storage {

// Every migration under storage/migrations/, compiled into the binary, ordered by version.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_EMBEDDED_MIGRATIONS_H_
