// Drives every RPC of the API over real gRPC against the all-in-one server and checks the access
// rules: who may call what (the policy table is the single source of truth), how bad tokens are
// refused, key rotation on SIGHUP, TLS, and that no personal data reaches the logs.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "renfort/v1/matching_service.grpc.pb.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/auth/access_policy.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::services::Caller;
using ::renfort::services::Role;
using ::renfort::services::TokenAlgorithm;
using ::renfort::testing::RunningServer;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::TestSigningKey;
using ::testing::HasSubstr;
using ::testing::Not;

// The policy's refusal says "may not call"; scope refusals inside handlers say something else.
constexpr char kRoleRefusal[] = "may not call";

struct Method {
  std::string full_name;  // "/renfort.v1.MissionService/GetMission"
  bool server_streaming;
};

std::vector<Method> EveryRpcOfTheApi() {
  // Referencing the generated files links their descriptors in.
  (void)v1::CreateMissionRequest::descriptor();
  (void)v1::RegisterVolunteerRequest::descriptor();
  (void)v1::RankVolunteersRequest::descriptor();
  std::vector<Method> methods;
  for (const char* name : {"renfort.v1.MissionService", "renfort.v1.VolunteerService",
                           "renfort.v1.MatchingService"}) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(service, nullptr) << name;
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      EXPECT_FALSE(method->client_streaming()) << "add client-streaming support to this test";
      methods.push_back({absl::StrCat("/", service->full_name(), "/", method->name()),
                         method->server_streaming()});
    }
  }
  return methods;
}

// Calls `method` with an empty request and `token` (none when empty); returns the final status.
grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel, const Method& method,
                  const std::string& token) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  if (method.server_streaming) {
    // The API's only server-streaming RPC.
    EXPECT_EQ(method.full_name, "/renfort.v1.MissionService/ExportParticipations");
    auto stub = v1::MissionService::NewStub(channel);
    auto reader = stub->ExportParticipations(&context, v1::ExportParticipationsRequest());
    v1::ExportParticipationsResponse row;
    while (reader->Read(&row)) {
    }
    return reader->Finish();
  }
  grpc::GenericStub stub(channel);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status result;
  absl::Notification done;
  stub.UnaryCall(&context, method.full_name, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   result = std::move(status);
                   done.Notify();
                 });
  done.WaitForNotification();
  return result;
}

bool PolicyAllows(const std::string& method, Role role) {
  for (const services::RpcPolicy& row : services::AccessPolicy()) {
    if (row.method != method) continue;
    return std::find(row.roles.begin(), row.roles.end(), role) != row.roles.end();
  }
  return false;
}

class AccessControlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    es256_ = TestSigningKey::Generate(TokenAlgorithm::kEs256, "es").release();
    rs256_ = TestSigningKey::Generate(TokenAlgorithm::kRs256, "rs").release();
    untrusted_ = TestSigningKey::Generate(TokenAlgorithm::kEs256, "es").release();
    database_ = ScratchDatabase::CreateMigrated().release();
    ASSERT_NE(database_, nullptr);
    server_ = RunningServer::Start({.binary = RENFORT_BIN,
                                    .database_url = database_->url(),
                                    .jwt_key_files = {es256_->public_key_file(),
                                                      rs256_->public_key_file()}})
                  .release();
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->AwaitHealth(HealthCheckResponse::SERVING));
  }

  static void TearDownTestSuite() {
    delete server_;
    delete database_;
    delete untrusted_;
    delete rs256_;
    delete es256_;
  }

  static inline TestSigningKey* es256_ = nullptr;
  static inline TestSigningKey* rs256_ = nullptr;
  static inline TestSigningKey* untrusted_ = nullptr;
  static inline ScratchDatabase* database_ = nullptr;
  static inline RunningServer* server_ = nullptr;
};

TEST_F(AccessControlTest, EveryRpcRefusesCallsWithoutAValidToken) {
  const absl::Time now = absl::Now();
  const Caller admin = testing::AdminCaller();
  const std::vector<std::pair<std::string, std::string>> bad_tokens = {
      {"no token", ""},
      {"garbled token", "abc.def.ghi"},
      {"expired token", es256_->Token(admin, now - absl::Hours(3), absl::Hours(1))},
      {"token signed by another key", untrusted_->Token(admin, now)},
      {"token for another audience", es256_->Token(admin, now, absl::Hours(1), "another-api")},
  };
  for (const Method& method : EveryRpcOfTheApi()) {
    for (const auto& [what, token] : bad_tokens) {
      SCOPED_TRACE(method.full_name + " with " + what);
      const grpc::Status status = Call(server_->channel(), method, token);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
      if (!token.empty()) {
        EXPECT_THAT(status.error_message(), Not(HasSubstr(token)));
      }
    }
  }
}

TEST_F(AccessControlTest, EveryRpcLetsInExactlyTheRolesOfThePolicyTable) {
  const std::vector<std::pair<Role, Caller>> callers = {
      {Role::kVolunteer, testing::VolunteerCaller()},
      {Role::kOrgManager, testing::OrgManagerCaller()},
      {Role::kCoordinator, testing::CoordinatorCaller()},
      {Role::kAdmin, testing::AdminCaller()},
  };
  for (const Method& method : EveryRpcOfTheApi()) {
    for (const auto& [role, caller] : callers) {
      SCOPED_TRACE(absl::StrCat(method.full_name, " as ", services::RoleName(role)));
      // RS256 for half the roles, ES256 for the other: both algorithms are exercised.
      const TestSigningKey& key = role == Role::kVolunteer || role == Role::kAdmin ? *es256_ : *rs256_;
      const grpc::Status status = Call(server_->channel(), method, key.Token(caller));
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
      if (PolicyAllows(method.full_name, role)) {
        EXPECT_THAT(status.error_message(), Not(HasSubstr(kRoleRefusal)));
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        EXPECT_THAT(status.error_message(), HasSubstr(kRoleRefusal));
      }
    }
  }
}

TEST_F(AccessControlTest, HealthAndReflectionNeedNoToken) {
  EXPECT_EQ(server_->Health(), HealthCheckResponse::SERVING);
  const grpc::Status status =
      Call(server_->channel(), {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", false}, "");
  EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessControlTest, LogsHoldNoPersonalDataFromRequests) {
  v1::RegisterVolunteerRequest request;
  v1::Volunteer& volunteer = *request.mutable_volunteer();
  volunteer.set_first_name("Camille");
  volunteer.set_last_name("Zyxwvutsrq");
  volunteer.set_email("camille.zyxwvutsrq@example.org");
  volunteer.set_phone("+33698765432");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + es256_->Token(testing::VolunteerCaller()));
  v1::RegisterVolunteerResponse response;
  (void)v1::VolunteerService::NewStub(server_->channel())->RegisterVolunteer(&context, request, &response);

  const std::string logs = server_->process().Output();
  EXPECT_THAT(logs, HasSubstr("/renfort.v1.VolunteerService/RegisterVolunteer"));
  for (const char* personal : {"Zyxwvutsrq", "zyxwvutsrq@example.org", "98765432"}) {
    EXPECT_THAT(logs, Not(HasSubstr(personal)));
  }
  EXPECT_THAT(logs, Not(HasSubstr("Bearer")));
}

TEST(KeyRotation, SighupSwapsKeysWithoutDroppingCalls) {
  auto key = TestSigningKey::Generate(TokenAlgorithm::kEs256, "rotating");
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = RunningServer::Start(
      {.binary = RENFORT_BIN, .database_url = database->url(), .jwt_key_files = {key->public_key_file()}});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING));
  const Method get_mission{"/renfort.v1.MissionService/GetMission", false};
  const std::string old_token = key->Token(testing::VolunteerCaller());
  ASSERT_NE(Call(server->channel(), get_mission, old_token).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Calls keep flowing during the reload; every one must get a definite answer.
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  std::atomic<int> dropped{0};
  std::thread traffic([&] {
    while (!stop.load()) {
      const grpc::StatusCode code = Call(server->channel(), get_mission, old_token).error_code();
      calls.fetch_add(1);
      if (code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::CANCELLED ||
          code == grpc::StatusCode::DEADLINE_EXCEEDED) {
        dropped.fetch_add(1);
      }
    }
  });
  key->Regenerate();
  server->process().Signal(SIGHUP);
  EXPECT_THAT(server->process().WaitForLine("\"event\":\"jwt_keys_reloaded\",\"ok\":true",
                                            absl::Seconds(10)),
              testing::IsOk());
  absl::SleepFor(absl::Milliseconds(200));  // let traffic run after the reload too
  stop.store(true);
  traffic.join();

  EXPECT_GT(calls.load(), 0);
  EXPECT_EQ(dropped.load(), 0);
  EXPECT_EQ(Call(server->channel(), get_mission, old_token).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(Call(server->channel(), get_mission, key->Token(testing::VolunteerCaller())).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(server->Health(), HealthCheckResponse::SERVING);
}

// Writes a self-signed certificate for localhost/127.0.0.1 with the openssl tool.
bool MakeCertificate(const std::string& directory, const std::string& name) {
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
      directory, "/", name, ".key -out ", directory, "/", name, ".crt 2>/dev/null");
  return std::system(command.c_str()) == 0;
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

HealthCheckResponse::ServingStatus HealthOver(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, {}, &response).ok()) return HealthCheckResponse::UNKNOWN;
  return response.status();
}

TEST(Tls, ServesOverTlsAndRequiresClientCertificatesWhenAsked) {
  auto key = TestSigningKey::Generate(TokenAlgorithm::kEs256, "tls");
  const std::string directory = std::filesystem::path(key->public_key_file()).parent_path();
  ASSERT_TRUE(MakeCertificate(directory, "server"));
  ASSERT_TRUE(MakeCertificate(directory, "client"));
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto server = RunningServer::Start(
      {.binary = RENFORT_BIN,
       .database_url = database->url(),
       .jwt_key_files = {key->public_key_file()},
       .extra_flags = {"--tls_cert_file=" + directory + "/server.crt",
                       "--tls_key_file=" + directory + "/server.key",
                       "--tls_client_ca_file=" + directory + "/client.crt"}});
  ASSERT_NE(server, nullptr);
  const std::string address = absl::StrCat("127.0.0.1:", server->port());
  grpc::ChannelArguments arguments;
  arguments.SetSslTargetNameOverride("localhost");

  grpc::SslCredentialsOptions with_client_cert{.pem_root_certs = ReadAll(directory + "/server.crt"),
                                               .pem_private_key = ReadAll(directory + "/client.key"),
                                               .pem_cert_chain = ReadAll(directory + "/client.crt")};
  auto mutual = grpc::CreateCustomChannel(address, grpc::SslCredentials(with_client_cert), arguments);
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (HealthOver(mutual) != HealthCheckResponse::SERVING && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(HealthOver(mutual), HealthCheckResponse::SERVING);

  grpc::SslCredentialsOptions without_client_cert{.pem_root_certs = ReadAll(directory + "/server.crt")};
  EXPECT_EQ(HealthOver(grpc::CreateCustomChannel(address, grpc::SslCredentials(without_client_cert),
                                                 arguments)),
            HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(HealthOver(grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
            HealthCheckResponse::UNKNOWN);
}

}  // namespace
}  // namespace renfort
