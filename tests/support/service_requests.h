#ifndef RENFORT_TESTS_SUPPORT_SERVICE_REQUESTS_H_
#define RENFORT_TESTS_SUPPORT_SERVICE_REQUESTS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "renfort/v1/matching_service.grpc.pb.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {

// Valid requests for the real services and a client of the three of them on one channel, for
// tests and benchmarks that drive the whole pipeline the way a client does (gRPC, bearer
// tokens signed by a TestSigningKey the server trusts).

// An association in Paris with the manager "manager-1" (OrgManagerCaller's subject).
renfort::v1::Organisation PipelineOrganisation(const std::string& name);
// An in-person one-off mission at the centroid of `insee_code`, on Wednesday 5 June 2030 from
// 09:00 to 12:00.
renfort::v1::Mission PipelineMission(const std::string& organisation_id, const std::string& title,
                                     const std::string& insee_code, int places);
// An adult volunteer living at `insee_code`, in person only, unique by `tag` (names, email).
renfort::v1::Volunteer PipelineVolunteer(const std::string& tag, const std::string& insee_code,
                                         int max_travel_km);
// One weekly slot: `on_mission_day` covers the mission's hours on its weekday; otherwise the
// same hours on the day before, which never meets the mission.
renfort::v1::Availability WeeklyAvailability(bool on_mission_day);

// A random version-4 UUID (volunteer ids are the token subjects, chosen by the identity
// provider, not by renfort).
std::string RandomUuid();

class ServiceClients {
 public:
  ServiceClients(const std::shared_ptr<grpc::Channel>& channel, const TestSigningKey& key);

  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const services::Caller& caller, const Request& request, Response& response,
                    absl::Duration deadline = absl::Seconds(10)) const {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::microseconds(absl::ToInt64Microseconds(deadline)));
    context.AddMetadata("authorization", "Bearer " + TokenFor(caller));
    response.Clear();
    return (stub.*method)(&context, request, &response);
  }

  renfort::v1::MissionService::Stub& missions() const { return *missions_; }
  renfort::v1::VolunteerService::Stub& volunteers() const { return *volunteers_; }
  renfort::v1::MatchingService::Stub& matching() const { return *matching_; }

  // CreateOrganisation and ReviewOrganisation(VALIDATE) as an admin; the organisation's id, or
  // "" after recording a test failure.
  std::string CreateValidatedOrganisation(const std::string& name) const;
  // CreateMission (manager), SubmitMission (manager), ReviewMission(APPROVE) (admin): three
  // writes; the PUBLISHED mission's id, or "" after recording a test failure.
  std::string CreatePublishedMission(const renfort::v1::Mission& mission) const;
  // RegisterVolunteer as the volunteer `id` itself; the status of the call.
  grpc::Status Register(const std::string& id, const renfort::v1::Volunteer& profile) const;
  // SetAvailability as the volunteer `id` itself.
  grpc::Status SetAvailability(const std::string& id,
                               const renfort::v1::Availability& availability) const;
  // RankVolunteers as an admin, limit 500.
  grpc::Status Rank(const std::string& mission_id,
                    renfort::v1::RankVolunteersResponse& response) const;

  // The caller's token: signed once and reused for half of its hour, as a real client reuses
  // its token. A new ES256 signature on every call would cost the client a signing and the
  // server a verification each time (the server caches verified tokens, but a fresh signature
  // is a new token), which is not what the services cost in production.
  std::string TokenFor(const services::Caller& caller) const;

 private:
  struct IssuedToken {
    std::string token;
    absl::Time issued_at;
  };
  const TestSigningKey& key_;
  mutable absl::Mutex tokens_mu_;
  mutable absl::flat_hash_map<std::string, IssuedToken> tokens_ ABSL_GUARDED_BY(tokens_mu_);
  std::unique_ptr<renfort::v1::MissionService::Stub> missions_;
  std::unique_ptr<renfort::v1::VolunteerService::Stub> volunteers_;
  std::unique_ptr<renfort::v1::MatchingService::Stub> matching_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_SERVICE_REQUESTS_H_
