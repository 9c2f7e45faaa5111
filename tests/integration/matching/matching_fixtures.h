#ifndef RENFORT_TESTS_INTEGRATION_MATCHING_MATCHING_FIXTURES_H_
#define RENFORT_TESTS_INTEGRATION_MATCHING_MATCHING_FIXTURES_H_

#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace renfort::testing {

// Rows for matching tests, written with direct SQL as MissionService and VolunteerService
// write them, each with its outbox event in the same transaction (storage::AppendOutboxEvent),
// so the relay and the indexer see them exactly as they will see the services' writes.
// Missions are RECURRING on Wednesdays 14:00–16:00 in 2030 unless told otherwise, so no test
// depends on today's date.

struct MissionFixture {
  std::string organisation_id;
  std::string title = "Collecte alimentaire";
  std::string format = "IN_PERSON";  // IN_PERSON, REMOTE, HYBRID
  std::string commune = "59350";     // Lille; the address sits at the commune's centroid
  std::string status = "PUBLISHED";
  std::string domain = "solidarity_insertion";
  std::vector<std::string> skills;
  int places = 5;
  bool open_to_minors = false;
  std::string start_date = "2030-01-01";
  std::string end_date = "2030-12-31";
};

struct VolunteerFixture {
  std::string first_name = "Camille";
  std::string last_name = "Durand";
  std::string birth_date = "1990-05-01";
  std::string commune = "59350";
  int max_travel_km = 20;
  bool accepts_in_person = true;
  bool accepts_remote = false;
  std::string status = "ACTIVE";
  std::vector<std::string> domains = {"solidarity_insertion"};
  std::vector<std::string> skills;
  // (ISO weekday, start minute, end minute); empty means available any time.
  std::vector<std::tuple<int, int, int>> weekly_slots;
};

class MatchingFixtures {
 public:
  explicit MatchingFixtures(const std::string& database_url);

  std::string Organisation(const std::string& name = "Banque alimentaire du Nord");
  std::string Mission(const MissionFixture& mission);
  std::string Volunteer(const VolunteerFixture& volunteer);

  // Runs `sql` (with $1 = id) and appends `event_type` for the aggregate, in one transaction.
  void UpdateMission(const std::string& id, const std::string& sql,
                     const std::string& event_type = "mission.updated");
  void UpdateVolunteer(const std::string& id, const std::string& sql,
                       const std::string& event_type = "volunteer.updated");
  // A participation in `status` (DONE ones get 2 hours) with its participation.created event.
  std::string Participation(const std::string& mission_id, const std::string& volunteer_id,
                            const std::string& status);
  // An invitation row created at `at`, with its invitation.created event.
  std::string Invitation(const std::string& mission_id, const std::string& volunteer_id,
                         const std::string& status, absl::Time at);

  pqxx::connection& connection() { return *connection_; }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  int email_counter_ = 0;
};

// Polls `condition` every 5 ms until it holds or `timeout` passes; true when it held.
bool Eventually(const std::function<bool()>& condition, absl::Duration timeout);

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_INTEGRATION_MATCHING_MATCHING_FIXTURES_H_
