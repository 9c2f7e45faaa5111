#include "services/common/config.h"

#include <charconv>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/status_macros.h"

// Flags are strings (but for the --migrate switch) so that every value is validated here, with
// one error format, whether it came from a flag or from the environment.
ABSL_FLAG(std::string, host, "", "Address to listen on (RENFORT_HOST; default 127.0.0.1)");
ABSL_FLAG(std::string, port, "", "Port to listen on, 0 for any free port (RENFORT_PORT)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL, e.g. postgresql://user@127.0.0.1:5432/renfort (RENFORT_DATABASE_URL)");
ABSL_FLAG(std::string, redis_url, "", "Redis URL, e.g. redis://127.0.0.1:6379 (RENFORT_REDIS_URL)");
ABSL_FLAG(std::string, db_pool_size, "",
          "PostgreSQL connections per process, 1..256 (RENFORT_DB_POOL_SIZE; default 8)");
ABSL_FLAG(std::string, shutdown_grace_seconds, "",
          "Seconds in-flight calls get to finish after SIGTERM (RENFORT_SHUTDOWN_GRACE_SECONDS; "
          "default 15)");
ABSL_FLAG(std::string, jwt_keys, "",
          "Comma-separated PEM public key files trusted to sign bearer tokens, RSA (RS256) or EC "
          "P-256 (ES256); the file name is the key id (RENFORT_JWT_KEYS). Reloaded on SIGHUP");
ABSL_FLAG(std::string, jwt_issuer, "", "Required token issuer (RENFORT_JWT_ISSUER; default renfort)");
ABSL_FLAG(std::string, jwt_audience, "",
          "Required token audience (RENFORT_JWT_AUDIENCE; default renfort)");
ABSL_FLAG(std::string, jwt_dev_hs256_secret_file, "",
          "DEVELOPMENT ONLY: accept HS256 tokens signed with the secret in this file "
          "(RENFORT_JWT_DEV_HS256_SECRET_FILE)");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain; enables TLS together with --tls_key_file (RENFORT_TLS_CERT_FILE)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of the certificate (RENFORT_TLS_KEY_FILE)");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA bundle; when set, clients must present a certificate it signed "
          "(RENFORT_TLS_CLIENT_CA_FILE)");
ABSL_FLAG(std::string, metrics_port, "",
          "Serve Prometheus metrics over HTTP at /metrics on this port, 0 for any free port "
          "(RENFORT_METRICS_PORT; default: no metrics endpoint)");
ABSL_FLAG(std::string, relay, "",
          "Run an outbox relay in this process: true or false (RENFORT_RELAY; default true). "
          "Relays in several processes elect one leader among themselves");
ABSL_FLAG(std::string, notifier, "",
          "Run the notifier (the `notifier` consumer group of the event stream) in this process, "
          "when it serves VolunteerService: true or false (RENFORT_NOTIFIER; default true)");
ABSL_FLAG(bool, migrate, false,
          "Apply pending schema migrations at start-up (RENFORT_MIGRATE=true|false; default false)");

namespace renfort::services {
namespace {

struct Setting {
  absl::string_view flag;
  absl::string_view env;
};

// The value of a setting: the flag if given, else the environment variable, else "".
std::string Lookup(const ConfigSource& source, const Setting& setting) {
  std::string value = source.flag(setting.flag);
  return value.empty() ? source.env(setting.env) : value;
}

absl::Status BadValue(const Setting& setting, absl::string_view expected, absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", setting.flag, " (", setting.env, "): ", expected, ", got '", got, "'"));
}

absl::StatusOr<int> ParseIntSetting(const ConfigSource& source, const Setting& setting,
                                    int default_value, int min, int max) {
  const std::string text = Lookup(source, setting);
  if (text.empty()) return default_value;
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || value < min || value > max) {
    return BadValue(setting, absl::StrCat("must be an integer in ", min, "..", max), text);
  }
  return value;
}

absl::StatusOr<bool> ParseBoolSetting(const ConfigSource& source, const Setting& setting,
                                      bool default_value = false) {
  const std::string text = absl::AsciiStrToLower(Lookup(source, setting));
  if (text.empty()) return default_value;
  if (text == "false" || text == "0") return false;
  if (text == "true" || text == "1") return true;
  return BadValue(setting, "must be true or false", text);
}

absl::StatusOr<std::string> RequiredSetting(const ConfigSource& source, const Setting& setting,
                                            absl::string_view example) {
  std::string text = Lookup(source, setting);
  if (text.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--", setting.flag, " (", setting.env,
                                                   ") is required, e.g. ", example));
  }
  return text;
}

std::string OptionalSetting(const ConfigSource& source, const Setting& setting,
                            std::string default_value) {
  std::string text = Lookup(source, setting);
  return text.empty() ? default_value : text;
}

absl::Status ResolveAuthSettings(const ConfigSource& source, ServerConfig& config) {
  for (absl::string_view path :
       absl::StrSplit(Lookup(source, {"jwt_keys", "RENFORT_JWT_KEYS"}), ',', absl::SkipWhitespace())) {
    config.jwt_key_files.emplace_back(absl::StripAsciiWhitespace(path));
  }
  config.jwt_dev_hs256_secret_file =
      Lookup(source, {"jwt_dev_hs256_secret_file", "RENFORT_JWT_DEV_HS256_SECRET_FILE"});
  if (config.jwt_key_files.empty() && config.jwt_dev_hs256_secret_file.empty()) {
    return absl::InvalidArgumentError(
        "--jwt_keys (RENFORT_JWT_KEYS) is required: the PEM public key files trusted to sign "
        "bearer tokens (scripts/run creates a development pair in build/dev-keys)");
  }
  config.jwt_issuer = OptionalSetting(source, {"jwt_issuer", "RENFORT_JWT_ISSUER"}, "renfort");
  config.jwt_audience = OptionalSetting(source, {"jwt_audience", "RENFORT_JWT_AUDIENCE"}, "renfort");

  config.tls_cert_file = Lookup(source, {"tls_cert_file", "RENFORT_TLS_CERT_FILE"});
  config.tls_key_file = Lookup(source, {"tls_key_file", "RENFORT_TLS_KEY_FILE"});
  config.tls_client_ca_file = Lookup(source, {"tls_client_ca_file", "RENFORT_TLS_CLIENT_CA_FILE"});
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file and --tls_key_file (RENFORT_TLS_CERT_FILE, RENFORT_TLS_KEY_FILE) go "
        "together: give both to enable TLS, or neither");
  }
  if (!config.tls_client_ca_file.empty() && config.tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_client_ca_file (RENFORT_TLS_CLIENT_CA_FILE) needs TLS: give --tls_cert_file and "
        "--tls_key_file too");
  }
  return absl::OkStatus();
}

}  // namespace

std::string ServerConfig::ListenAddress() const {
  // IPv6 literals need brackets in a gRPC address.
  if (host.find(':') != std::string::npos) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<ServerConfig> ResolveServerConfig(const ConfigSource& source, int default_port) {
  ServerConfig config;
  if (std::string host = Lookup(source, {"host", "RENFORT_HOST"}); !host.empty()) {
    config.host = std::move(host);
  }
  ASSIGN_OR_RETURN(config.port,
                   ParseIntSetting(source, {"port", "RENFORT_PORT"}, default_port, 0, 65535));
  ASSIGN_OR_RETURN(config.database_url,
                   RequiredSetting(source, {"database_url", "RENFORT_DATABASE_URL"},
                                   "postgresql://postgres@127.0.0.1:5432/renfort"));
  ASSIGN_OR_RETURN(config.redis_url, RequiredSetting(source, {"redis_url", "RENFORT_REDIS_URL"},
                                                     "redis://127.0.0.1:6379"));
  ASSIGN_OR_RETURN(config.db_pool_size,
                   ParseIntSetting(source, {"db_pool_size", "RENFORT_DB_POOL_SIZE"}, 8, 1, 256));
  ASSIGN_OR_RETURN(const int grace_seconds,
                   ParseIntSetting(source,
                                   {"shutdown_grace_seconds", "RENFORT_SHUTDOWN_GRACE_SECONDS"},
                                   15, 1, 3600));
  config.shutdown_grace = absl::Seconds(grace_seconds);
  ASSIGN_OR_RETURN(config.migrate, ParseBoolSetting(source, {"migrate", "RENFORT_MIGRATE"}));
  ASSIGN_OR_RETURN(config.relay, ParseBoolSetting(source, {"relay", "RENFORT_RELAY"}, true));
  ASSIGN_OR_RETURN(config.notifier,
                   ParseBoolSetting(source, {"notifier", "RENFORT_NOTIFIER"}, true));
  ASSIGN_OR_RETURN(config.metrics_port,
                   ParseIntSetting(source, {"metrics_port", "RENFORT_METRICS_PORT"}, -1, 0, 65535));
  RETURN_IF_ERROR(ResolveAuthSettings(source, config));
  return config;
}

ConfigSource CommandLineAndEnvironment() {
  return ConfigSource{
      .flag =
          [](absl::string_view name) -> std::string {
            // A flag left at its default counts as not given, so the environment fills it.
            const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
            if (flag == nullptr || flag->CurrentValue() == flag->DefaultValue()) return "";
            return flag->CurrentValue();
          },
      .env =
          [](absl::string_view name) -> std::string {
            const char* value = std::getenv(std::string(name).c_str());
            return value == nullptr ? "" : value;
          },
  };
}

}  // namespace renfort::services
