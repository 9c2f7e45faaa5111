// Test data for participation tests, inserted directly with SQL into the tables of migrations
// 0002–0005 (organisations, missions, volunteers), so these tests do not depend on the
// organisation and mission RPCs. Also the per-test environment: a scratch database, a real
// renfort-missions server on it, tokens and a stub.
#ifndef RENFORT_TESTS_INTEGRATION_PARTICIPATIONS_FIXTURES_H_
#define RENFORT_TESTS_INTEGRATION_PARTICIPATIONS_FIXTURES_H_

#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "renfort/v1/mission_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {

struct OrganisationSpec {
  std::string department_code = "33";
  std::string network_id;  // '' for none
  std::string name = "Banque alimentaire";
};

// A local slot: date "2027-03-10", minutes after local midnight.
struct LocalSlot {
  std::string date;
  int start_minute = 0;
  int end_minute = 0;
};

struct WeeklySlotSpec {
  int weekday = 1;  // ISO
  int start_minute = 0;
  int end_minute = 0;
};

struct MissionSpec {
  std::string title = "Collecte alimentaire";
  std::string status = "PUBLISHED";
  std::string format = "IN_PERSON";  // IN_PERSON, REMOTE, HYBRID
  std::string department_code;       // '' = the organisation's (NULL when REMOTE)
  std::string domain = "solidarity_insertion";
  int places = 5;
  bool open_to_minors = false;
  bool motivation_required = false;
  std::string start_date = "2030-03-01";
  std::string end_date = "2030-06-30";  // '' = open-ended (RECURRING only)
  // ONE_OFF when dated_slots is set (or neither), RECURRING when weekly_slots is set.
  std::vector<LocalSlot> dated_slots;
  std::vector<WeeklySlotSpec> weekly_slots;
  // For PUBLISHED, PAUSED and CLOSED missions; CLOSED and CANCELLED ones end a day later (a
  // fixed instant, so no figure depends on the clock).
  std::string published_at = "2027-01-10 10:00:00+00";
  // INSEE codes of the mission's addresses, in position order, each at its commune's centre;
  // none by default. They must lie in the mission's département.
  std::vector<std::string> communes;
};

// A participation inserted as it would be after its history: status, times and the
// transitions statistics read (creation; ACCEPTED; DONE or NO_SHOW at ended_at).
struct ParticipationSpec {
  std::string status = "PENDING";
  std::string created_at = "2030-01-05 12:00:00+00";
  std::string ended_at;  // DONE / NO_SHOW / REFUSED / CANCELLED: when; '' = created_at
  double hours = 0;      // DONE only
  std::string reason;    // REFUSED / CANCELLED
};

struct VolunteerSpec {
  std::string birth_date = "1990-05-17";
  bool accepts_in_person = true;
  bool accepts_remote = true;
  std::string department_code = "33";
};

// Inserts rows into a scratch database. Every method records a gtest failure on error.
class Fixtures {
 public:
  explicit Fixtures(const std::string& database_url);

  std::string Organisation(const OrganisationSpec& spec = {});
  std::string Network(const std::string& name);
  std::string Mission(const std::string& organisation_id, const MissionSpec& spec = {});
  std::string Volunteer(const VolunteerSpec& spec = {});
  std::string Participation(const std::string& mission_id, const std::string& volunteer_id,
                            const ParticipationSpec& spec = {});

  // Runs `sql` and returns the first column of the first row ('' when none).
  std::string Scalar(const std::string& sql);
  int64_t Count(const std::string& sql);
  pqxx::connection& connection() { return *connection_; }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  int volunteers_ = 0;
};

// A scratch database, a renfort-missions server on it, a signing key and Fixtures; one per
// test, so each test has its own data.
class ParticipationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;
  void TearDown() override;

  // A client context carrying a token for `caller`, with a 30 s deadline.
  std::unique_ptr<grpc::ClientContext> ContextFor(const services::Caller& caller) const;
  services::Caller Volunteer(const std::string& volunteer_id) const;
  services::Caller Manager(const std::string& organisation_id) const;
  services::Caller Coordinator(const std::vector<std::string>& departments,
                               const std::vector<std::string>& networks = {}) const;

  grpc::Status Apply(const services::Caller& caller, const std::string& mission_id,
                     v1::Participation* participation, const std::string& motivation = "");
  grpc::Status Transition(const services::Caller& caller,
                          const v1::TransitionParticipationRequest& request,
                          v1::Participation* participation);
  grpc::Status Get(const services::Caller& caller, const std::string& participation_id,
                   v1::Participation* participation);

  static TestSigningKey* key_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<Fixtures> fixtures_;
  std::unique_ptr<v1::MissionService::Stub> stub_;
};

// Success, or a failure that shows the status code and message.
::testing::AssertionResult Ok(const grpc::Status& status);

// Shorthands for transition requests.
v1::TransitionParticipationRequest Action(
    const std::string& participation_id, v1::ParticipationAction action,
    v1::ParticipationReason reason = v1::PARTICIPATION_REASON_UNSPECIFIED);

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_INTEGRATION_PARTICIPATIONS_FIXTURES_H_
