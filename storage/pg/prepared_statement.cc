
#include "storage/pg/prepared_statement.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <pqxx/connection_base>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"

namespace renfort::storage {
namespace {

// The process's statements by name. Reached through a function so that statements defined at
// namespace scope in any translation unit find it constructed.
struct Registry {
  absl::Mutex mu;
  std::map<std::string, const PreparedStatement*> by_name ABSL_GUARDED_BY(mu);
  std::vector<const PreparedStatement*> in_order ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* const registry = new Registry;
  return *registry;
}

}  // namespace

PreparedStatement::PreparedStatement(std::string name, std::string sql)
    : name_(std::move(name)), sql_(std::move(sql)) {
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  auto [it, inserted] = registry.by_name.emplace(name_, this);
  if (!inserted && it->second->sql() != sql_) {
    // A programming error found at start-up: libpqxx would refuse the second definition on the
    // first connection that ran both, in the middle of serving.
    std::fprintf(stderr, "two prepared statements are named %s with different SQL\n",
                 name_.c_str());
    std::abort();
  }
  registry.in_order.push_back(this);
}

std::vector<const PreparedStatement*> PreparedStatement::All() {
  Registry& registry = TheRegistry();
  absl::MutexLock lock(&registry.mu);
  return registry.in_order;
}

void PreparedStatement::DefineOn(pqxx::connection_base& connection) const {
  // libpqxx keeps the definitions per connection and sends them to the server at the first
  // execution on that connection; defining the same SQL again is a map lookup.
  connection.prepare(name_, sql_);
}

std::string SqlForOneId(const std::string& sql) {
  return absl::StrReplaceAll(sql, {{"= ANY($1::uuid[])", "= $1::uuid"}});
}

}  // namespace renfort::storage
