// Every write on a volunteer answers the profile as stored: after a long random sequence of
// UpdateVolunteer, SetAvailability and PauseVolunteer calls (slots, domains and skills given in
// any order), each answer equals what GetVolunteer reads next. The store
// builds a write's answer from the UPDATE's RETURNING row and the children it inserted (or
// those read under the row lock, when the write leaves them alone), not from a read after
// the write: this is what keeps the two in step.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using Stub = v1::VolunteerService::Stub;

const std::vector<std::string> kSkills = {"permis_b", "bafa", "cuisine", "vehicule_personnel",
                                          "premiers_secours_psc1", "permis_c"};
const std::vector<std::string> kCommunes = {"59350", "75056", "69123", "48095", "97411"};

class WriteAnswerTest : public VolunteerServiceTest {
 protected:
  // A random change of one of the fields UpdateVolunteer takes, or of several at once.
  v1::UpdateVolunteerRequest RandomUpdate() {
    v1::UpdateVolunteerRequest request;
    v1::Volunteer& volunteer = *request.mutable_volunteer();
    const auto mask = [&](const char* path) { request.mutable_update_mask()->add_paths(path); };
    const int what = Pick(6);
    if (what == 0 || what == 5) {
      mask("max_travel_km");
      volunteer.set_max_travel_km(5 + Pick(150));
    }
    if (what == 1 || what == 5) {
      mask("skills");
      std::vector<std::string> skills = kSkills;
      std::shuffle(skills.begin(), skills.end(), random_);
      for (int i = Pick(4); i > 0; --i) volunteer.add_skills(skills[i]);
    }
    if (what == 2 || what == 5) {
      mask("domains");
      std::vector<int> domains = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
      std::shuffle(domains.begin(), domains.end(), random_);
      for (int i = Pick(4); i > 0; --i) volunteer.add_domains(static_cast<v1::Domain>(domains[i]));
    }
    if (what == 3) {
      mask("home_commune");
      volunteer.mutable_home_commune()->set_insee_code(kCommunes[Pick(kCommunes.size())]);
    }
    if (what == 4) {
      mask("phone");
      volunteer.set_phone(absl::StrCat("+3370000", 1000 + Pick(9000)));
    }
    return request;
  }

  // Slots on distinct weekdays (so that none overlaps), in random order.
  v1::SetAvailabilityRequest RandomAvailability() {
    v1::SetAvailabilityRequest request;
    std::vector<int> weekdays = {1, 2, 3, 4, 5, 6, 7};
    std::shuffle(weekdays.begin(), weekdays.end(), random_);
    for (int i = Pick(5); i > 0; --i) {
      v1::WeeklySlot& slot = *request.mutable_availability()->add_weekly_slots();
      slot.set_weekday(static_cast<v1::Weekday>(weekdays[i]));
      slot.set_start_minute(60 * (8 + Pick(8)));
      slot.set_end_minute(slot.start_minute() + 60 * (1 + Pick(4)));
    }
    return request;
  }

  v1::PauseVolunteerRequest RandomPause() {
    v1::PauseVolunteerRequest request;
    if (Pick(2) == 0) {
      request.set_resume(true);
      return request;
    }
    const absl::CivilDay day =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 2 + Pick(60);
    request.mutable_until()->set_year(static_cast<int>(day.year()));
    request.mutable_until()->set_month(day.month());
    request.mutable_until()->set_day(day.day());
    return request;
  }

  v1::Volunteer Read(const std::string& id) {
    v1::GetVolunteerRequest request;
    request.set_volunteer_id(id);
    v1::GetVolunteerResponse response;
    EXPECT_TRUE(Call(&Stub::GetVolunteer, Volunteer(id), request, response).ok());
    return response.volunteer();
  }

  int Pick(size_t n) { return static_cast<int>(random_() % n); }

  std::mt19937 random_{20261202};
};

TEST_F(WriteAnswerTest, EveryWriteAnswersWhatAReadThenReturns) {
  const v1::Volunteer camille = RegisterNew("w");
  google::protobuf::util::MessageDifferencer same;
  // last_active_time moves on its own at the turn of an hour.
  same.IgnoreField(v1::Volunteer::descriptor()->FindFieldByName("last_active_time"));
  std::string differences;
  same.ReportDifferencesToString(&differences);

  int compared = 0, unchanged_children = 0;
  for (int step = 0; step < 120; ++step) {
    const v1::Volunteer before = Read(camille.id());
    v1::Volunteer answered;
    grpc::Status status;
    const int kind = Pick(3);
    if (kind == 0) {
      v1::UpdateVolunteerRequest request = RandomUpdate();
      v1::UpdateVolunteerResponse response;
      status = Call(&Stub::UpdateVolunteer, Volunteer(camille.id()), request, response);
      answered = response.volunteer();
    } else if (kind == 1) {
      v1::SetAvailabilityResponse response;
      status = Call(&Stub::SetAvailability, Volunteer(camille.id()), RandomAvailability(),
                    response);
      answered = response.volunteer();
    } else {
      v1::PauseVolunteerResponse response;
      status = Call(&Stub::PauseVolunteer, Volunteer(camille.id()), RandomPause(), response);
      answered = response.volunteer();
    }
    ASSERT_TRUE(status.ok()) << "step " << step << ": " << status.error_message();
    const v1::Volunteer read = Read(camille.id());
    differences.clear();
    EXPECT_TRUE(same.Compare(answered, read)) << "step " << step << " (kind " << kind
                                              << "):\n" << differences;
    ++compared;
    if (before.skills_size() == read.skills_size() && before.domains_size() == read.domains_size() &&
        before.availability().weekly_slots_size() == read.availability().weekly_slots_size()) {
      ++unchanged_children;
    }
  }
  EXPECT_EQ(compared, 120);
  // Both paths ran: writes that kept the children and writes that replaced them.
  EXPECT_GT(unchanged_children, 10);
  EXPECT_LT(unchanged_children, 110);
}

}  // namespace
}  // namespace renfort::testing
