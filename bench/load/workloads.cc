#include "bench/load/workloads.h"

#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/load/rpc_call_source.h"
#include "renfort/v1/matching_service.grpc.pb.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/auth/jwt_minter.h"

namespace renfort::bench {
namespace {

namespace v1 = ::renfort::v1;
using services::Caller;
using services::Role;

// Spreads consecutive request numbers over a pool so that neighbouring calls (in flight at the
// same time) do not pair the same items: a multiplier coprime with any pool size below it.
constexpr int64_t kStride = 7919;

size_t Pick(int64_t n, size_t size) { return static_cast<size_t>((n * kStride) % size); }

// What people type into the mission search (French, some with accents, some stemmed forms).
constexpr const char* kSearchWords[] = {
    "",          "aide",     "soutien scolaire", "distribution", "alimentaire", "sport",
    "musée",     "élèves",   "personnes âgées",  "environnement", "collecte",   "accueil",
    "bricolage", "numérique", "jardin",          "lecture",      "",           "",
};
constexpr double kRadiiKm[] = {5, 10, 20, 30, 50};

constexpr const char* kFirstNames[] = {"Camille", "Léa", "Hugo", "Inès", "Lucas", "Zoé",
                                       "Nathan", "Chloé", "Louis", "Manon", "Jules", "Emma"};
constexpr const char* kLastNames[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert",
                                      "Richard", "Petit", "Durand", "Leroy", "Moreau"};

template <typename Array>
constexpr size_t Count(const Array& array) {
  return sizeof(array) / sizeof(array[0]);
}

Caller VolunteerCaller(const std::string& volunteer_id) {
  return Caller{.subject = volunteer_id, .roles = {Role::kVolunteer}};
}

// Tokens for `ids`, in order, minted with `caller_of`.
template <typename CallerOf>
absl::StatusOr<std::vector<std::string>> MintAll(const TokenMinter& minter,
                                                 const std::vector<std::string>& ids,
                                                 CallerOf caller_of) {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (const std::string& id : ids) {
    absl::StatusOr<std::string> token = minter.Authorization(caller_of(id));
    if (!token.ok()) return token.status();
    tokens.push_back(*std::move(token));
  }
  return tokens;
}

absl::StatusOr<std::shared_ptr<const std::vector<std::string>>> VolunteerTokens(
    const TokenMinter& minter, const SeededDataset& dataset) {
  std::vector<std::string> ids;
  for (const VolunteerHome& volunteer : dataset.volunteers) ids.push_back(volunteer.id);
  absl::StatusOr<std::vector<std::string>> tokens = MintAll(minter, ids, VolunteerCaller);
  if (!tokens.ok()) return tokens.status();
  return std::make_shared<const std::vector<std::string>>(*std::move(tokens));
}

// A mission read by volunteers, each call a different (mission, reader) pair.
absl::StatusOr<Workload> GetMission(std::shared_ptr<const SeededDataset> dataset,
                                    const TokenMinter& minter) {
  absl::StatusOr<std::shared_ptr<const std::vector<std::string>>> tokens =
      VolunteerTokens(minter, *dataset);
  if (!tokens.ok()) return tokens.status();
  RequestMaker<v1::GetMissionRequest> make =
      [dataset, tokens = *tokens](int64_t n, AuthorizedRequest<v1::GetMissionRequest>& out) {
        out.request.set_mission_id(dataset->missions[n % dataset->missions.size()].id);
        out.authorization = (*tokens)[Pick(n, tokens->size())];
        return true;
      };
  auto check = [](const v1::GetMissionRequest& request, const v1::GetMissionResponse& response) {
    return response.mission().id() == request.mission_id()
               ? std::string()
               : absl::StrCat("GetMission(", request.mission_id(), ") answered mission '",
                              response.mission().id(), "'");
  };
  return Workload{
      "GetMission", Server::kMissions,
      RpcCalls<v1::MissionService, v1::GetMissionRequest, v1::GetMissionResponse>(
          &v1::MissionService::Stub::AsyncGetMission, std::move(make), check)};
}

// A volunteer looking for missions around their home: radius, words, order and the "places
// left" filter vary from call to call.
absl::StatusOr<Workload> SearchMissions(std::shared_ptr<const SeededDataset> dataset,
                                        const TokenMinter& minter) {
  absl::StatusOr<std::shared_ptr<const std::vector<std::string>>> tokens =
      VolunteerTokens(minter, *dataset);
  if (!tokens.ok()) return tokens.status();
  RequestMaker<v1::SearchMissionsRequest> make =
      [dataset, tokens = *tokens](int64_t n, AuthorizedRequest<v1::SearchMissionsRequest>& out) {
        const size_t who = Pick(n, dataset->volunteers.size());
        const VolunteerHome& home = dataset->volunteers[who];
        v1::SearchMissionsRequest& request = out.request;
        request.mutable_near()->set_latitude(home.latitude);
        request.mutable_near()->set_longitude(home.longitude);
        request.set_radius_km(kRadiiKm[n % Count(kRadiiKm)]);
        request.set_query(kSearchWords[(n / 3) % Count(kSearchWords)]);
        request.set_order(n % 2 == 0 ? v1::MISSION_SEARCH_ORDER_DISTANCE
                                     : v1::MISSION_SEARCH_ORDER_UNSPECIFIED);
        request.set_only_with_places_left(n % 3 != 0);
        request.set_page_size(20);
        out.authorization = (*tokens)[who];
        return true;
      };
  auto check = [](const v1::SearchMissionsRequest&, const v1::SearchMissionsResponse& response) {
    for (const v1::MissionSearchResult& result : response.results()) {
      if (result.mission().status() != v1::MISSION_STATUS_PUBLISHED) {
        return absl::StrCat("SearchMissions returned mission ", result.mission().id(),
                            " which is not PUBLISHED");
      }
    }
    return std::string();
  };
  return Workload{
      "SearchMissions", Server::kMissions,
      RpcCalls<v1::MissionService, v1::SearchMissionsRequest, v1::SearchMissionsResponse>(
          &v1::MissionService::Stub::AsyncSearchMissions, std::move(make), check)};
}

// An organisation manager ranking volunteers for one of their published missions.
absl::StatusOr<Workload> RankVolunteers(std::shared_ptr<const SeededDataset> dataset,
                                        const TokenMinter& minter) {
  absl::flat_hash_map<std::string, std::string> token_of_organisation;
  auto tokens = std::make_shared<std::vector<std::string>>();
  for (const PublishedMission& mission : dataset->missions) {
    auto [it, inserted] = token_of_organisation.try_emplace(mission.organisation_id);
    if (inserted) {
      absl::StatusOr<std::string> token = minter.Authorization(
          Caller{.subject = absl::StrCat("manager-", mission.organisation_id),
                 .roles = {Role::kOrgManager},
                 .organisation_ids = {mission.organisation_id}});
      if (!token.ok()) return token.status();
      it->second = *std::move(token);
    }
    tokens->push_back(it->second);
  }
  RequestMaker<v1::RankVolunteersRequest> make =
      [dataset, tokens](int64_t n, AuthorizedRequest<v1::RankVolunteersRequest>& out) {
        const size_t which = Pick(n, dataset->missions.size());
        out.request.set_mission_id(dataset->missions[which].id);
        out.request.set_limit(20);
        // A quarter of the calls ask why each volunteer ranks where they do.
        out.request.set_explain(n % 4 == 0);
        out.authorization = (*tokens)[which];
        return true;
      };
  auto check = [](const v1::RankVolunteersRequest& request,
                  const v1::RankVolunteersResponse& response) {
    return response.volunteers_size() <= request.limit()
               ? std::string()
               : absl::StrCat("RankVolunteers returned ", response.volunteers_size(),
                              " volunteers for a limit of ", request.limit());
  };
  return Workload{
      "RankVolunteers", Server::kMatching,
      RpcCalls<v1::MatchingService, v1::RankVolunteersRequest, v1::RankVolunteersResponse>(
          &v1::MatchingService::Stub::AsyncRankVolunteers, std::move(make), check)};
}

// Volunteers applying, each to a mission they qualify for and have never applied to: every
// pair is used once, so no call can meet ALREADY_EXISTS. PENDING or WAITLISTED are both success.
absl::StatusOr<Workload> Apply(std::shared_ptr<const SeededDataset> dataset,
                               const TokenMinter& minter) {
  if (dataset->apply_pairs.empty()) {
    return absl::FailedPreconditionError("Apply: no (mission, volunteer) pair left to apply with");
  }
  std::vector<std::string> ids;
  for (const ApplyPair& pair : dataset->apply_pairs) ids.push_back(pair.volunteer_id);
  absl::StatusOr<std::vector<std::string>> minted = MintAll(minter, ids, VolunteerCaller);
  if (!minted.ok()) return minted.status();
  auto tokens = std::make_shared<const std::vector<std::string>>(*std::move(minted));
  RequestMaker<v1::ApplyRequest> make =
      [dataset, tokens](int64_t n, AuthorizedRequest<v1::ApplyRequest>& out) {
        if (n >= static_cast<int64_t>(dataset->apply_pairs.size())) return false;
        out.request.set_mission_id(dataset->apply_pairs[n].mission_id);
        out.request.set_motivation(
            "Disponible en semaine et le samedi, j'ai déjà fait ce type de mission.");
        out.authorization = (*tokens)[n];
        return true;
      };
  auto check = [](const v1::ApplyRequest& request, const v1::ApplyResponse& response) {
    const v1::Participation& participation = response.participation();
    const bool placed = participation.status() == v1::PARTICIPATION_STATUS_PENDING ||
                        participation.status() == v1::PARTICIPATION_STATUS_WAITLISTED;
    return participation.mission_id() == request.mission_id() && placed
               ? std::string()
               : absl::StrCat("Apply(", request.mission_id(),
                              ") answered a participation of mission '",
                              participation.mission_id(), "' in status ",
                              v1::ParticipationStatus_Name(participation.status()));
  };
  return Workload{"Apply", Server::kMissions,
                  RpcCalls<v1::MissionService, v1::ApplyRequest, v1::ApplyResponse>(
                      &v1::MissionService::Stub::AsyncApply, std::move(make), check)};
}

// Staff registering new volunteers met in person: a unique e-mail address per call, homes in
// communes drawn from the dataset, ages, formats and travel distances varied.
absl::StatusOr<Workload> RegisterVolunteer(std::shared_ptr<const SeededDataset> dataset,
                                           const TokenMinter& minter, const std::string& run_tag) {
  absl::StatusOr<std::string> admin =
      minter.Authorization(Caller{.subject = "load-bench-admin", .roles = {Role::kAdmin}});
  if (!admin.ok()) return admin.status();
  RequestMaker<v1::RegisterVolunteerRequest> make =
      [dataset, admin = *admin, run_tag](int64_t n,
                                         AuthorizedRequest<v1::RegisterVolunteerRequest>& out) {
        v1::Volunteer& volunteer = *out.request.mutable_volunteer();
        volunteer.set_first_name(kFirstNames[n % Count(kFirstNames)]);
        volunteer.set_last_name(kLastNames[(n / 7) % Count(kLastNames)]);
        volunteer.set_email(absl::StrCat("load-", run_tag, "-", n, "@example.org"));
        volunteer.set_phone(absl::StrFormat("+336%08d", static_cast<int>(n % 100000000)));
        volunteer.mutable_birth_date()->set_year(1950 + static_cast<int>(n % 55));
        volunteer.mutable_birth_date()->set_month(1 + static_cast<int>(n % 12));
        volunteer.mutable_birth_date()->set_day(1 + static_cast<int>(n % 28));
        volunteer.mutable_home_commune()->set_insee_code(
            dataset->commune_codes[Pick(n, dataset->commune_codes.size())]);
        volunteer.set_max_travel_km(5 + static_cast<int>(n % 4) * 10);
        volunteer.set_accepts_in_person(n % 5 != 0);
        volunteer.set_accepts_remote(n % 5 == 0 || n % 3 == 0);
        volunteer.add_domains(static_cast<v1::Domain>(1 + n % 10));
        out.request.set_accept_terms(true);
        out.authorization = admin;
        return true;
      };
  auto check = [](const v1::RegisterVolunteerRequest& request,
                  const v1::RegisterVolunteerResponse& response) {
    return !response.volunteer().id().empty() &&
                   response.volunteer().email() == request.volunteer().email()
               ? std::string()
               : absl::StrCat("RegisterVolunteer(", request.volunteer().email(),
                              ") answered volunteer '", response.volunteer().id(), "' <",
                              response.volunteer().email(), ">");
  };
  return Workload{
      "RegisterVolunteer", Server::kVolunteers,
      RpcCalls<v1::VolunteerService, v1::RegisterVolunteerRequest, v1::RegisterVolunteerResponse>(
          &v1::VolunteerService::Stub::AsyncRegisterVolunteer, std::move(make), check)};
}

}  // namespace

absl::StatusOr<TokenMinter> TokenMinter::FromPrivateKeyFile(const std::string& path) {
  absl::StatusOr<services::PemKey> key = services::ReadPrivateKeyFile(path);
  if (!key.ok()) return key.status();
  // Servers name keys after their public file: "renfort-dev.private.pem" signs for
  // "renfort-dev" (as in renfortctl's token command).
  if (const size_t suffix = key->id.rfind(".private"); suffix != std::string::npos) {
    key->id.resize(suffix);
  }
  return TokenMinter(*std::move(key));
}

absl::StatusOr<std::string> TokenMinter::Authorization(const services::Caller& caller) const {
  absl::StatusOr<std::string> token = services::MintToken({.caller = caller,
                                                           .issuer = "renfort",
                                                           .audience = "renfort",
                                                           .issued_at = absl::Now(),
                                                           .lifetime = absl::Hours(12)},
                                                          key_);
  if (!token.ok()) return token.status();
  return absl::StrCat("Bearer ", *token);
}

const std::vector<std::string>& WorkloadNames() {
  static const auto* const names = new std::vector<std::string>{
      "GetMission", "SearchMissions", "RankVolunteers", "Apply", "RegisterVolunteer"};
  return *names;
}

absl::StatusOr<Workload> MakeWorkload(const std::string& rpc,
                                      std::shared_ptr<const SeededDataset> dataset,
                                      const TokenMinter& minter, const std::string& run_tag) {
  if (rpc == "GetMission") return GetMission(std::move(dataset), minter);
  if (rpc == "SearchMissions") return SearchMissions(std::move(dataset), minter);
  if (rpc == "RankVolunteers") return RankVolunteers(std::move(dataset), minter);
  if (rpc == "Apply") return Apply(std::move(dataset), minter);
  if (rpc == "RegisterVolunteer") return RegisterVolunteer(std::move(dataset), minter, run_tag);
  return absl::InvalidArgumentError(absl::StrCat(
      "--rpcs: unknown RPC '", rpc,
      "'; use GetMission, SearchMissions, RankVolunteers, Apply, RegisterVolunteer"));
}

}  // namespace renfort::bench
