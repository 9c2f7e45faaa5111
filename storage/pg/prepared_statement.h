#ifndef RENFORT_STORAGE_PG_PREPARED_STATEMENT_H_
#define RENFORT_STORAGE_PG_PREPARED_STATEMENT_H_

#include <pqxx/connection_base>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

namespace renfort::storage {

// One SQL statement of the hot paths, run as a PostgreSQL prepared statement: parsed and planned
// once per connection instead of on every call. Declared once, at namespace scope, next to the
// function that runs it, and used like `exec_params`:
//
//   const PreparedStatement kReadVolunteer("volunteers.read", "SELECT ... WHERE id = $1");
//   for (const pqxx::row& row : kReadVolunteer.Exec(txn, id)) ...
//
// The statement is prepared on a connection the first time it runs there (libpqxx registers it
// with the server at that first execution), never when a connection opens. Why: a pooled
// connection may exist before the schema does (tests migrate a scratch database after
// connecting, tools migrate and then serve), and a broken connection is replaced by a new one
// that has prepared nothing; preparing on first use covers both with no list to keep in step
// with the pool. After a migration changes a table a statement reads, PostgreSQL re-plans the
// statement by itself; only a change of the statement's result columns would fail it, so
// statements name their columns (no `SELECT *`).
//
// Names are unique in the process: two statements with one name and different SQL abort the
// program when the second is constructed (at start-up, for namespace-scope statements).
class PreparedStatement {
 public:
  PreparedStatement(std::string name, std::string sql);
  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;

  // Runs the statement in `txn` with `args` bound to $1, $2, ... (the types `exec_params`
  // takes). Throws what libpqxx throws, for the storage boundary to map.
  template <typename... Args>
  pqxx::result Exec(pqxx::transaction_base& txn, Args&&... args) const {
    DefineOn(txn.conn());
    return txn.exec_prepared(name_, std::forward<Args>(args)...);
  }

  // The same, expecting exactly one row (pqxx::unexpected_rows otherwise, like exec_params1).
  template <typename... Args>
  pqxx::row Exec1(pqxx::transaction_base& txn, Args&&... args) const {
    DefineOn(txn.conn());
    return txn.exec_prepared1(name_, std::forward<Args>(args)...);
  }

  const std::string& name() const { return name_; }
  const std::string& sql() const { return sql_; }

  // Every statement constructed so far in this process, in construction order.
  static std::vector<const PreparedStatement*> All();

 private:
  // Tells `connection` the statement's SQL under its name: a lookup when already done there.
  void DefineOn(pqxx::connection_base& connection) const;

  const std::string name_;
  const std::string sql_;
};

// `sql` with its `= ANY($1::uuid[])` conditions turned into `= $1::uuid`: the same statement for
// one id. The hot reads of one row need it: for an array parameter PostgreSQL's generic plan
// assumes ten elements, so the plan it makes for a one-element array always looks cheaper and it
// goes on planning such a statement at every execution; with `= $1::uuid` the generic plan costs
// the same as a custom one and PostgreSQL keeps it after five executions.
std::string SqlForOneId(const std::string& sql);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_PG_PREPARED_STATEMENT_H_
