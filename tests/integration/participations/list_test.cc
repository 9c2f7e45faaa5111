// ListParticipations over real gRPC: filters, oldest-first keyset paging, visibility.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/integration/participations/fixtures.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;

class ListTest : public ParticipationTest {
 protected:
  grpc::Status List(const services::Caller& caller, const v1::ListParticipationsRequest& request,
                    v1::ListParticipationsResponse* response) {
    return stub_->ListParticipations(ContextFor(caller).get(), request, response);
  }

  // Every page of `request`, following next_page_token.
  std::vector<v1::Participation> ListAll(const services::Caller& caller,
                                         v1::ListParticipationsRequest request) {
    std::vector<v1::Participation> all;
    for (int pages = 0; pages < 100; ++pages) {
      v1::ListParticipationsResponse response;
      EXPECT_TRUE(Ok(List(caller, request, &response)));
      for (const auto& p : response.participations()) all.push_back(p);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }
};

TEST_F(ListTest, ByMission_PagesOldestFirstWithoutDuplicatesOrGaps) {
  const std::string organisation = fixtures_->Organisation();
  const std::string mission = fixtures_->Mission(organisation, {.places = 3});
  std::vector<std::string> applied;
  for (int i = 0; i < 7; ++i) {
    v1::Participation p;
    ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission, &p)));
    applied.push_back(p.id());
  }
  v1::ListParticipationsRequest request;
  request.set_mission_id(mission);
  request.set_page_size(3);
  const std::vector<v1::Participation> all = ListAll(Manager(organisation), request);
  ASSERT_EQ(all.size(), applied.size());
  for (size_t i = 0; i < all.size(); ++i) {
    // Applied one after the other: creation order is the order of the calls.
    EXPECT_EQ(all[i].id(), applied[i]);
    EXPECT_EQ(all[i].transitions_size(), 1);
    if (i > 0) {
      EXPECT_TRUE(all[i - 1].create_time().seconds() < all[i].create_time().seconds() ||
                  (all[i - 1].create_time().seconds() == all[i].create_time().seconds() &&
                   all[i - 1].create_time().nanos() <= all[i].create_time().nanos()));
    }
  }
  // Status filter.
  request.add_statuses(v1::PARTICIPATION_STATUS_WAITLISTED);
  const std::vector<v1::Participation> waitlisted = ListAll(Manager(organisation), request);
  ASSERT_EQ(waitlisted.size(), 4u);
  for (const auto& p : waitlisted) EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_WAITLISTED);
}

TEST_F(ListTest, ByVolunteer_ShowsAVolunteerOnlyTheirOwn) {
  const std::string organisation = fixtures_->Organisation();
  const std::string mission_a = fixtures_->Mission(organisation);
  const std::string mission_b = fixtures_->Mission(organisation);
  const std::string volunteer = fixtures_->Volunteer();
  const std::string other = fixtures_->Volunteer();
  ASSERT_TRUE(Ok(Apply(Volunteer(volunteer), mission_a, nullptr)));
  ASSERT_TRUE(Ok(Apply(Volunteer(volunteer), mission_b, nullptr)));
  ASSERT_TRUE(Ok(Apply(Volunteer(other), mission_a, nullptr)));

  v1::ListParticipationsRequest request;
  request.set_volunteer_id(volunteer);
  const std::vector<v1::Participation> mine = ListAll(Volunteer(volunteer), request);
  ASSERT_EQ(mine.size(), 2u);
  for (const auto& p : mine) {
    EXPECT_EQ(p.volunteer_id(), volunteer);
    EXPECT_FALSE(p.has_participant());
  }
  // By mission, a volunteer sees only their own participation in it.
  v1::ListParticipationsRequest by_mission;
  by_mission.set_mission_id(mission_a);
  const std::vector<v1::Participation> in_mission = ListAll(Volunteer(volunteer), by_mission);
  ASSERT_EQ(in_mission.size(), 1u);
  EXPECT_EQ(in_mission[0].volunteer_id(), volunteer);

  v1::ListParticipationsResponse response;
  const grpc::Status denied = List(Volunteer(other), request, &response);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(response.participations_size(), 0);
}

TEST_F(ListTest, ByOrganisationAndDepartment_FollowTheCallersScope) {
  const std::string gironde = fixtures_->Organisation({.department_code = "33"});
  const std::string nord = fixtures_->Organisation({.department_code = "59"});
  const std::string mission_33 = fixtures_->Mission(gironde);
  const std::string mission_59 = fixtures_->Mission(nord);
  ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission_33, nullptr)));
  ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission_59, nullptr)));

  v1::ListParticipationsRequest by_organisation;
  by_organisation.set_organisation_id(gironde);
  const auto of_gironde = ListAll(Manager(gironde), by_organisation);
  ASSERT_EQ(of_gironde.size(), 1u);
  EXPECT_EQ(of_gironde[0].mission_id(), mission_33);
  EXPECT_FALSE(of_gironde[0].participant().email().empty());
  v1::ListParticipationsResponse response;
  EXPECT_EQ(List(Manager(nord), by_organisation, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListParticipationsRequest by_department;
  by_department.set_department_code("59");
  const auto of_nord = ListAll(Coordinator({"59"}), by_department);
  ASSERT_EQ(of_nord.size(), 1u);
  EXPECT_EQ(of_nord[0].mission_id(), mission_59);
  EXPECT_EQ(List(Coordinator({"33"}), by_department, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A coordinator naming an organisation outside their départements gets nothing of it.
  EXPECT_TRUE(ListAll(Coordinator({"59"}), by_organisation).empty());
  // Admins need no filter.
  EXPECT_EQ(ListAll(AdminCaller(), v1::ListParticipationsRequest()).size(), 2u);
}

TEST_F(ListTest, BadInput_IsRefusedNamingTheField) {
  const std::string mission = fixtures_->Mission(fixtures_->Organisation(), {.places = 1});
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission, nullptr)));
  const services::Caller coordinator = Coordinator({"33"});
  struct Case {
    v1::ListParticipationsRequest request;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({v1::ListParticipationsRequest(), "mission_id"});
  v1::ListParticipationsRequest r;
  r.set_mission_id("x");
  cases.push_back({r, "mission_id"});
  r = v1::ListParticipationsRequest();
  r.set_volunteer_id("123");
  cases.push_back({r, "volunteer_id"});
  r = v1::ListParticipationsRequest();
  r.set_organisation_id("123");
  cases.push_back({r, "organisation_id"});
  r = v1::ListParticipationsRequest();
  r.set_department_code("1000");
  cases.push_back({r, "department_code"});
  r = v1::ListParticipationsRequest();
  r.set_mission_id(mission);
  r.add_statuses(static_cast<v1::ParticipationStatus>(42));
  cases.push_back({r, "statuses[0]"});
  r = v1::ListParticipationsRequest();
  r.set_mission_id(mission);
  r.set_page_size(501);
  cases.push_back({r, "page_size"});
  r.set_page_size(0);
  r.set_page_token("garbage");
  cases.push_back({r, "page_token"});
  for (const Case& c : cases) {
    v1::ListParticipationsResponse response;
    const grpc::Status status = List(coordinator, c.request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.request.DebugString();
    EXPECT_THAT(status.error_message(), HasSubstr(c.field));
  }
  // A token is valid only with the filters it was made for.
  v1::ListParticipationsRequest first;
  first.set_mission_id(mission);
  first.set_page_size(1);
  v1::ListParticipationsResponse page;
  ASSERT_TRUE(Ok(List(coordinator, first, &page)));
  ASSERT_FALSE(page.next_page_token().empty());
  v1::ListParticipationsRequest other = first;
  other.add_statuses(v1::PARTICIPATION_STATUS_PENDING);
  other.set_page_token(page.next_page_token());
  const grpc::Status replayed = List(coordinator, other, &page);
  EXPECT_EQ(replayed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(replayed.error_message(), HasSubstr("page_token"));
}

}  // namespace
}  // namespace renfort::testing
