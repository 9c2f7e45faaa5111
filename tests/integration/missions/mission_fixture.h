#ifndef RENFORT_TESTS_INTEGRATION_MISSIONS_MISSION_FIXTURE_H_
#define RENFORT_TESTS_INTEGRATION_MISSIONS_MISSION_FIXTURE_H_

// A real renfort-missions server on its own scratch database, with tokens per role and
// builders for valid organisations and missions, for the MissionService tests over gRPC.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {

namespace v1 = ::renfort::v1;

// The grpc::Status of a call as an absl::Status, so StatusIs matchers apply.
absl::Status ToAbsl(const grpc::Status& status);

// An association in Paris (75056) with one manager, SIRET and RNA left empty.
v1::Organisation ParisAssociation(const std::string& name = "Les Amis du Quartier");
// An in-person mission in Paris on one Saturday of 2099, 5 places, ready to create.
v1::Mission ParisMission(const std::string& organisation_id,
                         const std::string& title = "Collecte alimentaire au marché");

class MissionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A call context carrying `caller`'s bearer token.
  std::unique_ptr<grpc::ClientContext> As(const services::Caller& caller);

  // Runs the RPC `method` of the stub as `caller` and returns its status.
  template <typename Request, typename Response>
  absl::Status Call(grpc::Status (v1::MissionService::Stub::*method)(grpc::ClientContext*,
                                                                     const Request&, Response*),
                    const services::Caller& caller, const Request& request, Response& response) {
    auto context = As(caller);
    return ToAbsl(((*stub_).*method)(context.get(), request, &response));
  }

  // Creates `organisation` as admin and validates it; returns its id.
  std::string CreateValidatedOrganisation(
      const v1::Organisation& organisation = ParisAssociation());
  // Creates `mission` as a manager of its organisation; returns it.
  v1::Mission CreateMission(const v1::Mission& mission);
  // Creates, submits and approves `mission`; returns it PUBLISHED.
  v1::Mission CreatePublishedMission(const v1::Mission& mission);

  // A manager whose token names `organisation_id`.
  static services::Caller Manager(const std::string& organisation_id);
  // A manager of another organisation, not listed among the managers of ParisAssociation().
  static services::Caller OtherManager() {
    services::Caller caller = OrgManagerCaller("0b9a3c4e-1d2f-4a5b-8c7d-0000000000bb");
    caller.subject = "manager-elsewhere";
    return caller;
  }
  static services::Caller Admin() { return AdminCaller(); }
  static services::Caller Coordinator(const std::string& department) {
    return CoordinatorCaller(department);
  }
  static services::Caller Volunteer() { return VolunteerCaller(); }

  // A count from the scratch database, to check what a failed call left behind.
  int64_t CountRows(const std::string& query);
  // Runs `statement` on the scratch database; returns the first column of its first row, if any.
  std::string Sql(const std::string& statement);
  // Inserts a participation of a fresh (erased) volunteer in `mission_id` with `status`, as the
  // participation RPCs would leave it; returns its id.
  std::string AddParticipation(const std::string& mission_id, const std::string& status);

  std::unique_ptr<TestSigningKey> key_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<v1::MissionService::Stub> stub_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_INTEGRATION_MISSIONS_MISSION_FIXTURE_H_
