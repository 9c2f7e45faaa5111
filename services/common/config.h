#ifndef RENFORT_SERVICES_COMMON_CONFIG_H_
#define RENFORT_SERVICES_COMMON_CONFIG_H_

#include <functional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renfort::services {

// How one server process is configured. Every setting comes from a command-line flag or, when
// the flag is not given, from the RENFORT_* environment variable named beside it.
struct ServerConfig {
  std::string host = "127.0.0.1";            // --host, RENFORT_HOST
  int port = 0;                              // --port, RENFORT_PORT; 0 picks a free port
  std::string database_url;                  // --database_url, RENFORT_DATABASE_URL (required)
  std::string redis_url;                     // --redis_url, RENFORT_REDIS_URL (required)
  int db_pool_size = 8;                      // --db_pool_size, RENFORT_DB_POOL_SIZE, 1..256
  absl::Duration shutdown_grace = absl::Seconds(15);  // --shutdown_grace_seconds, 1..3600
  bool migrate = false;                      // --migrate, RENFORT_MIGRATE: apply pending migrations

  std::string ListenAddress() const;
};

// Reads raw setting values. Both functions return "" for a setting that is not given.
struct ConfigSource {
  std::function<std::string(absl::string_view flag_name)> flag;
  std::function<std::string(absl::string_view env_name)> env;
};

// Resolves and validates a configuration. INVALID_ARGUMENT names the flag, the expected form and
// the value received, e.g. "--port (RENFORT_PORT): must be an integer in 0..65535, got 'abc'".
absl::StatusOr<ServerConfig> ResolveServerConfig(const ConfigSource& source, int default_port);

// The process's parsed command-line flags (call after absl::ParseCommandLine) and environment.
ConfigSource CommandLineAndEnvironment();

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_CONFIG_H_
