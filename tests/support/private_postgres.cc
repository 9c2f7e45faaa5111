#include "tests/support/private_postgres.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/pg/embedded_migrations.h"
#include "storage/pg/migrator.h"
#include "storage/reference_data.h"
#include "tests/support/private_redis.h"

namespace renfort::testing {
namespace {

constexpr char kPgBin[] = "/usr/lib/postgresql/15/bin";

// initdb and pg_ctl refuse to run as root: run them as the postgres user then.
std::string AsPostgres(const std::string& command) {
  return getuid() == 0 ? absl::StrCat("runuser -u postgres -- ", command) : command;
}

}  // namespace

std::unique_ptr<PrivatePostgres> PrivatePostgres::Start() {
  char directory[] = "/tmp/renfort-pg-XXXXXX";
  if (mkdtemp(directory) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary directory";
    return nullptr;
  }
  auto server = std::unique_ptr<PrivatePostgres>(new PrivatePostgres(directory, FreeLoopbackPort()));
  if (getuid() == 0) std::system(absl::StrCat("chown postgres ", directory).c_str());
  const std::string initdb = AsPostgres(absl::StrCat(kPgBin, "/initdb -D ", directory,
                                                     "/data -A trust -U postgres >", directory,
                                                     "/initdb.log 2>&1"));
  if (std::system(initdb.c_str()) != 0 || !server->Restart()) {
    ADD_FAILURE() << "cannot start a private PostgreSQL in " << directory;
    return nullptr;
  }
  try {
    pqxx::connection admin(absl::StrCat("postgresql://postgres@127.0.0.1:", server->port_, "/postgres"));
    pqxx::nontransaction(admin).exec("CREATE DATABASE renfort");
    pqxx::connection connection(server->url());
    const storage::Migrator migrator(storage::EmbeddedMigrations());
    if (!migrator.Apply(connection).ok() ||
        !storage::LoadCommunes(connection, RENFORT_COMMUNES_CSV).ok()) {
      ADD_FAILURE() << "cannot prepare the private database";
      return nullptr;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot prepare the private database: " << e.what();
    return nullptr;
  }
  return server;
}

PrivatePostgres::~PrivatePostgres() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string PrivatePostgres::url() const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/renfort");
}

bool PrivatePostgres::Run(const std::string& pg_ctl_arguments) const {
  const std::string command =
      AsPostgres(absl::StrCat(kPgBin, "/pg_ctl -D ", directory_, "/data ", pg_ctl_arguments,
                              " >>", directory_, "/pg_ctl.log 2>&1"));
  return std::system(command.c_str()) == 0;
}

bool PrivatePostgres::Stop() { return Run("-m fast -w stop"); }

bool PrivatePostgres::Restart() {
  return Run(absl::StrCat("-w -t 30 -l ", directory_, "/postgres.log -o \"-p ", port_,
                          " -k ", directory_, " -c listen_addresses=127.0.0.1 -c fsync=off\" start"));
}

}  // namespace renfort::testing
