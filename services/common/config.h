#ifndef RENFORT_SERVICES_COMMON_CONFIG_H_
#define RENFORT_SERVICES_COMMON_CONFIG_H_

#include <functional>
#include <string>
#include <vector>
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
  bool relay = true;                         // --relay, RENFORT_RELAY: run an outbox relay here
  bool notifier = true;                      // --notifier, RENFORT_NOTIFIER: run the notifier here
  int metrics_port = -1;                     // --metrics_port, RENFORT_METRICS_PORT; -1: off

  // Bearer-token verification (see services/common/auth/jwt_verifier.h).
  std::vector<std::string> jwt_key_files;    // --jwt_keys, RENFORT_JWT_KEYS: PEM files, comma-separated
  std::string jwt_issuer = "renfort";        // --jwt_issuer, RENFORT_JWT_ISSUER
  std::string jwt_audience = "renfort";      // --jwt_audience, RENFORT_JWT_AUDIENCE
  std::string jwt_dev_hs256_secret_file;     // --jwt_dev_hs256_secret_file: development only

  // TLS, off when no certificate is given (loopback development).
  std::string tls_cert_file;                 // --tls_cert_file, RENFORT_TLS_CERT_FILE (PEM chain)
  std::string tls_key_file;                  // --tls_key_file, RENFORT_TLS_KEY_FILE
  std::string tls_client_ca_file;            // --tls_client_ca_file: require client certificates

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
