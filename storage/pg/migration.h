#ifndef RENFORT_STORAGE_PG_MIGRATION_H_
#define RENFORT_STORAGE_PG_MIGRATION_H_

#include "absl/strings/string_view.h"

namespace renfort::storage {

// One forward-only schema change. `version` numbers increase (gaps allowed); `sql` may hold several
// statements and is applied inside one transaction together with its bookkeeping row.
struct Migration {
  int version;
  absl::string_view name;
  absl::string_view sql;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_MIGRATION_H_
