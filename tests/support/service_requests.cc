#include "tests/support/service_requests.h"

#include <gtest/gtest.h>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace renfort::testing {

namespace v1 = ::renfort::v1;

v1::Organisation PipelineOrganisation(const std::string& name) {
  v1::Organisation organisation;
  organisation.set_name(name);
  organisation.set_kind(v1::ORGANISATION_KIND_ASSOCIATION);
  organisation.mutable_address()->set_street("12 rue des Lilas");
  organisation.mutable_address()->set_postal_code("75011");
  organisation.mutable_address()->mutable_commune()->set_insee_code("75056");
  v1::OrganisationManager* manager = organisation.add_managers();
  manager->set_user_id(OrgManagerCaller().subject);
  manager->set_display_name("Camille Martin");
  manager->set_email("camille@example.org");
  return organisation;
}

v1::Mission PipelineMission(const std::string& organisation_id, const std::string& title,
                            const std::string& insee_code, int places) {
  v1::Mission mission;
  mission.set_organisation_id(organisation_id);
  mission.set_title(title);
  mission.set_description("Tenir le stand et trier les dons avec l'équipe.");
  mission.set_domain(v1::DOMAIN_SOLIDARITY_INSERTION);
  mission.set_activity("collecte_alimentaire");
  mission.add_beneficiaries(v1::BENEFICIARY_PEOPLE_IN_DIFFICULTY);
  mission.set_format(v1::FORMAT_IN_PERSON);
  v1::Address* address = mission.add_addresses();
  address->set_label("Place du marché");
  address->mutable_commune()->set_insee_code(insee_code);
  v1::Schedule* schedule = mission.mutable_schedule();
  schedule->set_kind(v1::SCHEDULE_KIND_ONE_OFF);
  v1::DatedSlot* slot = schedule->add_dated_slots();
  slot->mutable_date()->set_year(2030);
  slot->mutable_date()->set_month(6);
  slot->mutable_date()->set_day(5);  // a Wednesday
  slot->set_start_minute(9 * 60);
  slot->set_end_minute(12 * 60);
  mission.set_places(places);
  return mission;
}

v1::Volunteer PipelineVolunteer(const std::string& tag, const std::string& insee_code,
                                int max_travel_km) {
  v1::Volunteer volunteer;
  volunteer.set_first_name("Camille");
  volunteer.set_last_name("Durand" + tag);
  volunteer.set_email("camille.durand" + tag + "@example.org");
  volunteer.set_phone("+33612345678");
  volunteer.mutable_birth_date()->set_year(1990);
  volunteer.mutable_birth_date()->set_month(5);
  volunteer.mutable_birth_date()->set_day(17);
  volunteer.mutable_home_commune()->set_insee_code(insee_code);
  volunteer.set_max_travel_km(max_travel_km);
  volunteer.set_accepts_in_person(true);
  volunteer.set_accepts_remote(false);
  volunteer.add_domains(v1::DOMAIN_SOLIDARITY_INSERTION);
  return volunteer;
}

v1::Availability WeeklyAvailability(bool on_mission_day) {
  v1::Availability availability;
  v1::WeeklySlot* slot = availability.add_weekly_slots();
  slot->set_weekday(on_mission_day ? v1::WEEKDAY_WEDNESDAY : v1::WEEKDAY_TUESDAY);
  slot->set_start_minute(8 * 60);
  slot->set_end_minute(13 * 60);
  return availability;
}

std::string RandomUuid() {
  thread_local absl::BitGen random;
  const uint64_t high = absl::Uniform<uint64_t>(random);
  const uint64_t low = absl::Uniform<uint64_t>(random);
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", high >> 32, (high >> 16) & 0xffff,
                         high & 0xfff, 0x8000 | ((low >> 48) & 0x3fff), low & 0xffffffffffffULL);
}

ServiceClients::ServiceClients(const std::shared_ptr<grpc::Channel>& channel,
                               const TestSigningKey& key)
    : key_(key),
      missions_(v1::MissionService::NewStub(channel)),
      volunteers_(v1::VolunteerService::NewStub(channel)),
      matching_(v1::MatchingService::NewStub(channel)) {}

std::string ServiceClients::TokenFor(const services::Caller& caller) const {
  std::string key = caller.subject;
  for (services::Role role : caller.roles) absl::StrAppend(&key, "|r", static_cast<int>(role));
  absl::StrAppend(&key, "|o", absl::StrJoin(caller.organisation_ids, ","), "|d",
                  absl::StrJoin(caller.department_codes, ","), "|n",
                  absl::StrJoin(caller.network_ids, ","));
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&tokens_mu_);
  IssuedToken& issued = tokens_[key];
  if (issued.token.empty() || now - issued.issued_at > absl::Minutes(30)) {
    issued = {key_.Token(caller, now), now};
  }
  return issued.token;
}

std::string ServiceClients::CreateValidatedOrganisation(const std::string& name) const {
  v1::CreateOrganisationRequest create;
  *create.mutable_organisation() = PipelineOrganisation(name);
  v1::CreateOrganisationResponse created;
  grpc::Status status = Call(*missions_, &v1::MissionService::Stub::CreateOrganisation,
                             AdminCaller(), create, created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (!status.ok()) return "";
  v1::ReviewOrganisationRequest review;
  review.set_organisation_id(created.organisation().id());
  review.set_decision(v1::ORGANISATION_REVIEW_DECISION_VALIDATE);
  v1::ReviewOrganisationResponse reviewed;
  status = Call(*missions_, &v1::MissionService::Stub::ReviewOrganisation, AdminCaller(), review,
                reviewed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return status.ok() ? created.organisation().id() : "";
}

std::string ServiceClients::CreatePublishedMission(const v1::Mission& mission) const {
  const services::Caller manager = OrgManagerCaller(mission.organisation_id());
  v1::CreateMissionRequest create;
  *create.mutable_mission() = mission;
  v1::CreateMissionResponse created;
  grpc::Status status =
      Call(*missions_, &v1::MissionService::Stub::CreateMission, manager, create, created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (!status.ok()) return "";
  v1::SubmitMissionRequest submit;
  submit.set_mission_id(created.mission().id());
  v1::SubmitMissionResponse submitted;
  status = Call(*missions_, &v1::MissionService::Stub::SubmitMission, manager, submit, submitted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (!status.ok()) return "";
  v1::ReviewMissionRequest review;
  review.set_mission_id(created.mission().id());
  review.set_decision(v1::MISSION_REVIEW_DECISION_APPROVE);
  v1::ReviewMissionResponse reviewed;
  status = Call(*missions_, &v1::MissionService::Stub::ReviewMission, AdminCaller(), review,
                reviewed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (!status.ok()) return "";
  EXPECT_EQ(reviewed.mission().status(), v1::MISSION_STATUS_PUBLISHED);
  return reviewed.mission().id();
}

grpc::Status ServiceClients::Register(const std::string& id, const v1::Volunteer& profile) const {
  v1::RegisterVolunteerRequest request;
  *request.mutable_volunteer() = profile;
  request.set_accept_terms(true);
  v1::RegisterVolunteerResponse response;
  return Call(*volunteers_, &v1::VolunteerService::Stub::RegisterVolunteer, VolunteerCaller(id),
              request, response);
}

grpc::Status ServiceClients::SetAvailability(const std::string& id,
                                             const v1::Availability& availability) const {
  v1::SetAvailabilityRequest request;
  *request.mutable_availability() = availability;
  v1::SetAvailabilityResponse response;
  return Call(*volunteers_, &v1::VolunteerService::Stub::SetAvailability, VolunteerCaller(id),
              request, response);
}

grpc::Status ServiceClients::Rank(const std::string& mission_id,
                                  v1::RankVolunteersResponse& response) const {
  v1::RankVolunteersRequest request;
  request.set_mission_id(mission_id);
  request.set_limit(500);
  return Call(*matching_, &v1::MatchingService::Stub::RankVolunteers, AdminCaller(), request,
              response);
}

}  // namespace renfort::testing
