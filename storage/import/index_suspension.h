#ifndef RENFORT_STORAGE_IMPORT_INDEX_SUSPENSION_H_
#define RENFORT_STORAGE_IMPORT_INDEX_SUSPENSION_H_

// Building an index once over a million rows costs a fraction of maintaining it row by row
// (migration 0004 measured: COPY of 1M volunteers into the indexed table ~22 s, with the
// secondary indexes and the commune foreign key dropped then re-created ~10 s). A bulk import
// that at least doubles a table therefore drops the table's secondary indexes and foreign keys
// inside its transaction and re-creates them, from their own definitions read from the catalog,
// before committing. DDL is transactional in PostgreSQL: an interrupted import leaves them as
// they were. The price is an ACCESS EXCLUSIVE lock on the table until the commit (readers wait).

#include <cstdint>
#include <pqxx/transaction>
#include <string>
#include <utility>
#include <vector>

namespace renfort::storage {

// Whether inserting `incoming` rows into `table` is worth rebuilding its indexes: true when
// the table holds fewer rows than that.
bool WorthRebuildingIndexes(pqxx::transaction_base& txn, const std::string& table,
                            int64_t incoming);

class SuspendedIndexes {
 public:
  // Locks `table`, then drops its indexes that back no constraint and its foreign keys.
  static SuspendedIndexes Drop(pqxx::transaction_base& txn, const std::string& table);
  // Re-creates them, indexes first. A foreign key is validated over the whole table in one
  // query; a unique index refuses duplicates as it would have row by row.
  void Rebuild(pqxx::transaction_base& txn) const;

 private:
  std::string table_;
  std::vector<std::string> index_definitions_;                       // CREATE INDEX ...
  std::vector<std::pair<std::string, std::string>> foreign_keys_;   // name, definition
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_INDEX_SUSPENSION_H_
