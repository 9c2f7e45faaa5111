// Cross-cutting rules over real gRPC: a volunteer never reaches another volunteer through any
// RPC, and the email stays unique when registrations race for it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using Stub = v1::VolunteerService::Stub;

TEST_F(VolunteerServiceTest, AVolunteerNeverReachesAnotherVolunteerThroughAnyRpc) {
  const v1::Volunteer camille = RegisterNew("a");
  const v1::Volunteer intruder = RegisterNew("b");
  const services::Caller as_intruder = Volunteer(intruder.id());
  const std::string target = camille.id();
  std::vector<std::pair<std::string, grpc::Status>> calls;
  {
    v1::GetVolunteerRequest request;
    request.set_volunteer_id(target);
    v1::GetVolunteerResponse response;
    calls.emplace_back("GetVolunteer", Call(&Stub::GetVolunteer, as_intruder, request, response));
  }
  {
    v1::UpdateVolunteerRequest request;
    request.mutable_volunteer()->set_id(target);
    request.mutable_volunteer()->set_first_name("Pirate");
    request.mutable_update_mask()->add_paths("first_name");
    v1::UpdateVolunteerResponse response;
    calls.emplace_back("UpdateVolunteer", Call(&Stub::UpdateVolunteer, as_intruder, request, response));
  }
  {
    v1::SetAvailabilityRequest request;
    request.set_volunteer_id(target);
    v1::SetAvailabilityResponse response;
    calls.emplace_back("SetAvailability", Call(&Stub::SetAvailability, as_intruder, request, response));
  }
  {
    v1::PauseVolunteerRequest request;
    request.set_volunteer_id(target);
    v1::PauseVolunteerResponse response;
    calls.emplace_back("PauseVolunteer", Call(&Stub::PauseVolunteer, as_intruder, request, response));
  }
  {
    v1::ListVolunteersRequest request;
    v1::ListVolunteersResponse response;
    calls.emplace_back("ListVolunteers", Call(&Stub::ListVolunteers, as_intruder, request, response));
  }
  {
    v1::ExportVolunteerDataRequest request;
    request.set_volunteer_id(target);
    v1::ExportVolunteerDataResponse response;
    calls.emplace_back("ExportVolunteerData", Call(&Stub::ExportVolunteerData, as_intruder, request, response));
  }
  {
    v1::DeleteVolunteerRequest request;
    request.set_volunteer_id(target);
    v1::DeleteVolunteerResponse response;
    calls.emplace_back("DeleteVolunteer", Call(&Stub::DeleteVolunteer, as_intruder, request, response));
  }
  {
    v1::GetCalendarRequest request;
    request.set_volunteer_id(target);
    v1::GetCalendarResponse response;
    calls.emplace_back("GetCalendar", Call(&Stub::GetCalendar, as_intruder, request, response));
  }
  {
    v1::ListNotificationsRequest request;
    request.set_volunteer_id(target);
    v1::ListNotificationsResponse response;
    calls.emplace_back("ListNotifications", Call(&Stub::ListNotifications, as_intruder, request, response));
  }
  ASSERT_EQ(calls.size(), 9u);  // every RPC but RegisterVolunteer, which only ever acts on the caller
  for (const auto& [rpc, status] : calls) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << rpc;
  }
  // Camille is exactly as registered.
  v1::GetVolunteerResponse mine;
  ASSERT_TRUE(Call(&Stub::GetVolunteer, Volunteer(target), v1::GetVolunteerRequest(), mine).ok());
  EXPECT_EQ(mine.volunteer().first_name(), "Camille");
  EXPECT_EQ(mine.volunteer().status(), v1::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE aggregate_id = '" + target + "'"), 1);
}

TEST_F(VolunteerServiceTest, RegistrationsRacingForOneEmailLeaveExactlyOneAccount) {
  constexpr int kRacers = 6;
  std::vector<grpc::StatusCode> codes(kRacers);
  std::vector<std::string> ids;
  for (int i = 0; i < kRacers; ++i) ids.push_back(NewUuid());
  std::vector<std::thread> racers;
  for (int i = 0; i < kRacers; ++i) {
    racers.emplace_back([&, i] {
      v1::RegisterVolunteerRequest request;
      *request.mutable_volunteer() = Profile("race");
      if (i % 2 == 1) request.mutable_volunteer()->set_email("CAMILLE.DURANDRACE@EXAMPLE.ORG");
      request.set_accept_terms(true);
      v1::RegisterVolunteerResponse response;
      codes[i] = Call(&Stub::RegisterVolunteer, Volunteer(ids[i]), request, response).error_code();
    });
  }
  for (std::thread& racer : racers) racer.join();
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::StatusCode::OK), 1);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::StatusCode::ALREADY_EXISTS), kRacers - 1);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 1);
}

}  // namespace
}  // namespace renfort::testing
