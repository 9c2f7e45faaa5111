#include "storage/import/index_suspension.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace renfort::storage {
namespace {

// Bounded: never counts more than `incoming` rows.
constexpr char kCountUpTo[] = "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT $1) AS rows";

constexpr char kSecondaryIndexes[] = R"sql(
  SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
  FROM pg_index i
  WHERE i.indrelid = $1::regclass
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  ORDER BY 1)sql";

constexpr char kForeignKeys[] = R"sql(
  SELECT conname, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'
  ORDER BY 1)sql";

}  // namespace

bool WorthRebuildingIndexes(pqxx::transaction_base& txn, const std::string& table,
                            int64_t incoming) {
  std::string query = kCountUpTo;
  query.replace(query.find("%s"), 2, txn.quote_name(table));
  return txn.exec_params1(query, incoming)[0].as<int64_t>() < incoming;
}

SuspendedIndexes SuspendedIndexes::Drop(pqxx::transaction_base& txn, const std::string& table) {
  SuspendedIndexes suspended;
  suspended.table_ = table;
  const std::string name = txn.quote_name(table);
  txn.exec(absl::StrCat("LOCK TABLE ", name, " IN ACCESS EXCLUSIVE MODE"));
  std::vector<std::string> index_names;
  for (const pqxx::row& row : txn.exec_params(kSecondaryIndexes, table)) {
    index_names.push_back(row[0].as<std::string>());
    suspended.index_definitions_.push_back(row[1].as<std::string>());
  }
  for (const pqxx::row& row : txn.exec_params(kForeignKeys, table)) {
    suspended.foreign_keys_.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }
  for (const auto& [key, definition] : suspended.foreign_keys_) {
    txn.exec(absl::StrCat("ALTER TABLE ", name, " DROP CONSTRAINT ", txn.quote_name(key)));
  }
  // regclass text is already quoted where needed.
  for (const std::string& index : index_names) txn.exec(absl::StrCat("DROP INDEX ", index));
  return suspended;
}

void SuspendedIndexes::Rebuild(pqxx::transaction_base& txn) const {
  for (const std::string& definition : index_definitions_) txn.exec(definition);
  for (const auto& [key, definition] : foreign_keys_) {
    txn.exec(absl::StrCat("ALTER TABLE ", txn.quote_name(table_), " ADD CONSTRAINT ",
                          txn.quote_name(key), " ", definition));
  }
}

}  // namespace renfort::storage
