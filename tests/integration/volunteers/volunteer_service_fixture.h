#ifndef RENFORT_TESTS_INTEGRATION_VOLUNTEERS_VOLUNTEER_SERVICE_FIXTURE_H_
#define RENFORT_TESTS_INTEGRATION_VOLUNTEERS_VOLUNTEER_SERVICE_FIXTURE_H_

// A real renfort-volunteers server on a private scratch database for each test, tokens per
// role, and SQL access to the database for fixtures (missions, participations, notifications:
// tables other services write) and for checking what was, or was not, stored.

#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {

class VolunteerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Callers.
  static services::Caller Volunteer(const std::string& id);
  static services::Caller Coordinator(const std::string& department_code);
  static services::Caller Admin();
  static services::Caller OrgManager(const std::string& organisation_id);

  // Calls `method` of the stub as `caller`.
  template <typename Request, typename Response>
  grpc::Status Call(
      grpc::Status (v1::VolunteerService::Stub::*method)(grpc::ClientContext*, const Request&,
                                                         Response*),
      const services::Caller& caller, const Request& request, Response& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    context.AddMetadata("authorization", "Bearer " + key_->Token(caller));
    return (stub_.get()->*method)(&context, request, &response);
  }

  // A complete, valid profile living in Lille (59350), unique by `tag` (names and email).
  static v1::Volunteer Profile(const std::string& tag);
  // Registers Profile(tag) for a new volunteer id and returns the stored volunteer (fails the
  // test otherwise).
  v1::Volunteer RegisterNew(const std::string& tag, const std::string& insee_code = "59350");

  std::string NewUuid();
  // The single value of `sql` (parameterless), as text; "" for NULL.
  std::string Query(const std::string& sql);
  int Count(const std::string& sql) { return std::stoi(Query(sql)); }
  void Exec(const std::string& sql);

  // Fixtures of tables owned by the missions service. Returns the new id.
  std::string InsertOrganisation(const std::string& insee_code);
  // `schedule_kind` ONE_OFF or RECURRING; `department_code` empty for a REMOTE mission.
  std::string InsertMission(const std::string& organisation_id, const std::string& title,
                            const std::string& department_code, const std::string& schedule_kind,
                            const std::string& start_date, const std::string& end_date);
  // A participation in `status`, with a creating transition (and one to `status` when it is not
  // the first status), and `motivation`.
  std::string InsertParticipation(const std::string& mission_id, const std::string& volunteer_id,
                                  const std::string& status, const std::string& motivation);
  std::string InsertNotification(const std::string& volunteer_id, const std::string& kind,
                                 const std::string& title, const std::string& created_at);

  std::unique_ptr<TestSigningKey> key_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<v1::VolunteerService::Stub> stub_;
  std::unique_ptr<pqxx::connection> sql_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_INTEGRATION_VOLUNTEERS_VOLUNTEER_SERVICE_FIXTURE_H_
