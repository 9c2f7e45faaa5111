#include "services/common/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

// A configuration source backed by two maps, standing for the command line and the environment.
struct FakeSource {
  std::map<std::string, std::string, std::less<>> flags;
  std::map<std::string, std::string, std::less<>> env = {
      {"RENFORT_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/renfort"},
      {"RENFORT_REDIS_URL", "redis://127.0.0.1:6379"},
      {"RENFORT_JWT_KEYS", "/etc/renfort/keys/a.pem"}};

  ConfigSource Source() const {
    return ConfigSource{
        .flag = [this](absl::string_view name) { return Find(flags, name); },
        .env = [this](absl::string_view name) { return Find(env, name); },
    };
  }
  static std::string Find(const std::map<std::string, std::string, std::less<>>& map,
                          absl::string_view key) {
    auto it = map.find(key);
    return it == map.end() ? "" : it->second;
  }
};

TEST(ResolveServerConfig, UsesDefaultsWhenOnlyRequiredSettingsAreGiven) {
  FakeSource source;
  absl::StatusOr<ServerConfig> config = ResolveServerConfig(source.Source(), 50052);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 50052);
  EXPECT_EQ(config->db_pool_size, 8);
  EXPECT_EQ(config->shutdown_grace, absl::Seconds(15));
  EXPECT_FALSE(config->migrate);
  EXPECT_EQ(config->ListenAddress(), "127.0.0.1:50052");
}

TEST(ResolveServerConfig, FlagWinsOverEnvironment) {
  FakeSource source;
  source.env["RENFORT_PORT"] = "6000";
  source.flags["port"] = "7000";
  absl::StatusOr<ServerConfig> config = ResolveServerConfig(source.Source(), 50052);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->port, 7000);
}

TEST(ResolveServerConfig, ReadsEnvironmentWhenFlagIsAbsent) {
  FakeSource source;
  source.env["RENFORT_PORT"] = "6000";
  source.env["RENFORT_MIGRATE"] = "true";
  source.env["RENFORT_DB_POOL_SIZE"] = "3";
  absl::StatusOr<ServerConfig> config = ResolveServerConfig(source.Source(), 50052);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->port, 6000);
  EXPECT_TRUE(config->migrate);
  EXPECT_EQ(config->db_pool_size, 3);
}

TEST(ResolveServerConfig, RejectsNonNumericPortNamingFlagAndValue) {
  FakeSource source;
  source.flags["port"] = "abc";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--port (RENFORT_PORT): must be an integer in 0..65535, got 'abc'")));
}

TEST(ResolveServerConfig, RejectsPortOutOfRange) {
  FakeSource source;
  source.flags["port"] = "70000";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("70000")));
}

TEST(ResolveServerConfig, RequiresDatabaseUrl) {
  FakeSource source;
  source.env.erase("RENFORT_DATABASE_URL");
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--database_url (RENFORT_DATABASE_URL) is required")));
}

TEST(ResolveServerConfig, RequiresRedisUrl) {
  FakeSource source;
  source.env.erase("RENFORT_REDIS_URL");
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--redis_url")));
}

TEST(ResolveServerConfig, RejectsBadBoolean) {
  FakeSource source;
  source.flags["migrate"] = "yes please";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be true or false")));
}

TEST(ResolveServerConfig, RejectsPoolSizeZero) {
  FakeSource source;
  source.flags["db_pool_size"] = "0";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--db_pool_size")));
}

TEST(ResolveServerConfig, ReadsJwtSettingsWithDefaults) {
  FakeSource source;
  source.flags["jwt_keys"] = "/keys/a.pem, /keys/b.pem";
  absl::StatusOr<ServerConfig> config = ResolveServerConfig(source.Source(), 50052);
  ASSERT_THAT(config, IsOk());
  EXPECT_THAT(config->jwt_key_files, ::testing::ElementsAre("/keys/a.pem", "/keys/b.pem"));
  EXPECT_EQ(config->jwt_issuer, "renfort");
  EXPECT_EQ(config->jwt_audience, "renfort");
  EXPECT_TRUE(config->tls_cert_file.empty());
}

TEST(ResolveServerConfig, RequiresJwtKeys) {
  FakeSource source;
  source.env.erase("RENFORT_JWT_KEYS");
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--jwt_keys (RENFORT_JWT_KEYS) is required")));
}

TEST(ResolveServerConfig, RequiresTlsCertificateAndKeyTogether) {
  FakeSource source;
  source.flags["tls_cert_file"] = "/tls/cert.pem";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("go together")));
  source.flags["tls_key_file"] = "/tls/key.pem";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052), IsOk());
}

TEST(ResolveServerConfig, ClientCertificateVerificationNeedsTls) {
  FakeSource source;
  source.flags["tls_client_ca_file"] = "/tls/ca.pem";
  EXPECT_THAT(ResolveServerConfig(source.Source(), 50052),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs TLS")));
}

TEST(ServerConfig, BracketsIpv6Hosts) {
  ServerConfig config;
  config.host = "::1";
  config.port = 50051;
  EXPECT_EQ(config.ListenAddress(), "[::1]:50051");
}

}  // namespace
}  // namespace renfort::services
