#include "matching/engine.h"

#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "matching/days.h"
#include "matching/recommender.h"
#include "matching/records.h"
#include "matching/staff_event.h"

namespace renfort::matching {
namespace {

constexpr int kDefaultRankLimit = 50;
constexpr int kMaxRankLimit = 500;
constexpr int kDefaultRecommendLimit = 20;
constexpr int kMaxRecommendLimit = 100;

absl::StatusOr<int> ResolveLimit(int limit, int default_limit, int max_limit) {
  if (limit == 0) return default_limit;
  if (limit < 1 || limit > max_limit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: must be between 0 and ", max_limit, ", got ", limit));
  }
  return limit;
}

double NearestAddressKm(const MissionRecord& mission, GeoPointF home) {
  double distance = std::numeric_limits<double>::infinity();
  for (const GeoPointF& address : mission.addresses) {
    distance = std::min(distance, DistanceKm(address, home));
  }
  return distance;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MatchingEngine>> MatchingEngine::Create(SkillVocabulary skills,
                                                                       DepartmentZones zones,
                                                                       ScoringWeights weights) {
  if (absl::Status status = Validate(weights); !status.ok()) return status;
  return std::unique_ptr<MatchingEngine>(
      new MatchingEngine(std::move(skills), std::move(zones), weights));
}

MatchingEngine::MatchingEngine(SkillVocabulary skills, DepartmentZones zones,
                               ScoringWeights weights)
    : skills_(std::move(skills)),
      zones_(std::move(zones)),
      weights_(weights),
      recency_(weights.recency_half_life_days),
      volunteers_(weights.reliability_prior_done, weights.reliability_prior_no_show),
      missions_(OrganisationScore{ResponsivenessValue(OrganisationActivity{}, weights),
                                  AnsweredShare(OrganisationActivity{})}) {}

ScoringContext MatchingEngine::ContextAt(absl::Time now) const {
  return ScoringContext{&weights_, &recency_, UtcDayNumber(now), UtcMonthNumber(now)};
}

absl::Status MatchingEngine::UpsertVolunteer(const renfort::v1::Volunteer& volunteer,
                                             const VolunteerActivity& activity, absl::Time now) {
  if (volunteer.status() == renfort::v1::VOLUNTEER_STATUS_DELETED) {
    absl::Status status = RemoveVolunteer(volunteer.id());
    return absl::IsNotFound(status) ? absl::OkStatus() : status;
  }
  absl::StatusOr<CompiledVolunteer> compiled =
      CompileVolunteer(volunteer, activity, skills_, zones_, now);
  if (!compiled.ok()) return compiled.status();
  absl::MutexLock lock(&mu_);
  volunteers_.Upsert(*compiled);
  return absl::OkStatus();
}

absl::Status MatchingEngine::UpsertVolunteers(
    absl::Span<const renfort::v1::Volunteer* const> volunteers,
    absl::Span<const VolunteerActivity> activities, absl::Time now) {
  if (volunteers.size() != activities.size()) {
    return absl::InvalidArgumentError(absl::StrCat("activities: ", activities.size(),
                                                   " for ", volunteers.size(), " volunteers"));
  }
  // A DELETED volunteer is a removal (no record), in its place in the batch.
  struct Pending {
    Uuid id;
    std::optional<CompiledVolunteer> volunteer;
  };
  std::vector<Pending> pending;
  pending.reserve(volunteers.size());
  for (size_t i = 0; i < volunteers.size(); ++i) {
    const renfort::v1::Volunteer& volunteer = *volunteers[i];
    absl::Status status;
    if (volunteer.status() == renfort::v1::VOLUNTEER_STATUS_DELETED) {
      absl::StatusOr<Uuid> id = Uuid::Parse(volunteer.id(), "id");
      if (id.ok()) pending.push_back({*id, std::nullopt});
      status = id.status();
    } else {
      absl::StatusOr<CompiledVolunteer> compiled =
          CompileVolunteer(volunteer, activities[i], skills_, zones_, now);
      if (compiled.ok()) pending.push_back({compiled->id, *std::move(compiled)});
      status = compiled.status();
    }
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat("volunteers[", i, "].", status.message()));
    }
  }
  absl::MutexLock lock(&mu_);
  for (const Pending& delta : pending) {
    if (delta.volunteer) {
      volunteers_.Upsert(*delta.volunteer);
    } else {
      volunteers_.Remove(delta.id);
    }
  }
  return absl::OkStatus();
}

absl::Status MatchingEngine::RemoveVolunteer(absl::string_view volunteer_id) {
  absl::StatusOr<Uuid> id = Uuid::Parse(volunteer_id, "volunteer_id");
  if (!id.ok()) return id.status();
  absl::MutexLock lock(&mu_);
  if (!volunteers_.Remove(*id)) {
    return absl::NotFoundError(absl::StrCat("volunteer ", volunteer_id, " is not indexed"));
  }
  return absl::OkStatus();
}

absl::Status MatchingEngine::RecordInvitation(absl::string_view volunteer_id, absl::Time at) {
  absl::StatusOr<Uuid> id = Uuid::Parse(volunteer_id, "volunteer_id");
  if (!id.ok()) return id.status();
  const int month = UtcMonthNumber(at);
  absl::MutexLock lock(&mu_);
  std::optional<uint32_t> slot = volunteers_.Find(*id);
  if (!slot) return absl::NotFoundError(absl::StrCat("volunteer ", volunteer_id, " is not indexed"));
  VolunteerRecord& record = volunteers_.mutable_record(*slot);
  const int count = std::min(record.InvitationsIn(month) + 1, 15);
  record.invitations = static_cast<uint16_t>(((month & 0xFFF) << 4) | count);
  return absl::OkStatus();
}

absl::Status MatchingEngine::UpsertMission(const renfort::v1::Mission& mission, absl::Time now) {
  absl::StatusOr<MissionRecord> compiled = CompileMission(mission, skills_, zones_, now);
  if (!compiled.ok()) return compiled.status();
  absl::MutexLock lock(&mu_);
  missions_.Upsert(*std::move(compiled));
  return absl::OkStatus();
}

absl::Status MatchingEngine::RemoveMission(absl::string_view mission_id) {
  absl::StatusOr<Uuid> id = Uuid::Parse(mission_id, "mission_id");
  if (!id.ok()) return id.status();
  absl::MutexLock lock(&mu_);
  if (!missions_.Remove(*id)) {
    return absl::NotFoundError(absl::StrCat("mission ", mission_id, " is not indexed"));
  }
  return absl::OkStatus();
}

absl::Status MatchingEngine::SetOrganisationActivity(absl::string_view organisation_id,
                                                     const OrganisationActivity& activity) {
  absl::StatusOr<Uuid> id = Uuid::Parse(organisation_id, "organisation_id");
  if (!id.ok()) return id.status();
  const OrganisationScore score{ResponsivenessValue(activity, weights_), AnsweredShare(activity)};
  absl::MutexLock lock(&mu_);
  missions_.SetOrganisation(*id, score);
  return absl::OkStatus();
}

absl::Status MatchingEngine::SetInvolvement(absl::string_view mission_id,
                                            absl::string_view volunteer_id, bool involved) {
  absl::StatusOr<Uuid> mission = Uuid::Parse(mission_id, "mission_id");
  if (!mission.ok()) return mission.status();
  absl::StatusOr<Uuid> volunteer = Uuid::Parse(volunteer_id, "volunteer_id");
  if (!volunteer.ok()) return volunteer.status();
  absl::MutexLock lock(&mu_);
  involvement_.Set(*mission, *volunteer, involved);
  return absl::OkStatus();
}

void MatchingEngine::Compact() {
  absl::MutexLock lock(&mu_);
  volunteers_.Compact();
  missions_.Compact();
}

absl::StatusOr<renfort::v1::RankVolunteersResponse> MatchingEngine::RankVolunteers(
    const renfort::v1::RankVolunteersRequest& request, absl::Time now,
    RankOptions options) const {
  absl::StatusOr<int> limit = ResolveLimit(request.limit(), kDefaultRankLimit, kMaxRankLimit);
  if (!limit.ok()) return limit.status();
  absl::StatusOr<Uuid> mission_id = Uuid::Parse(request.mission_id(), "mission_id");
  if (!mission_id.ok()) return mission_id.status();
  options.limit = *limit;
  const ScoringContext context = ContextAt(now);

  absl::ReaderMutexLock lock(&mu_);
  std::optional<uint32_t> mission_slot = missions_.Find(*mission_id);
  if (!mission_slot) {
    return absl::NotFoundError(absl::StrCat("mission ", request.mission_id(), " is not indexed"));
  }
  const MissionRecord& mission = missions_.record(*mission_slot);
  if (!mission.published) {
    return absl::FailedPreconditionError(
        absl::StrCat("mission ", request.mission_id(), " is not PUBLISHED"));
  }
  renfort::v1::RankVolunteersResponse response;
  if (mission.PlacesLeft() == 0) return response;

  const std::vector<ScoredCandidate> ranked =
      RankVolunteersFor(mission, volunteers_, involvement_, context, options);
  const EffectiveWeights weights(weights_, RankFactors(mission.in_person));
  FactorValues values;
  for (const ScoredCandidate& candidate : ranked) {
    renfort::v1::RankedVolunteer& out = *response.add_volunteers();
    out.set_volunteer_id(candidate.id.ToString());
    out.set_score(candidate.score);
    if (mission.in_person) out.set_distance_km(candidate.distance_km);
    if (request.explain()) {
      ComputeFactors(volunteers_.record(candidate.slot), mission, candidate.distance_km, 0, 0,
                     context, values);
      weights.Explain(values, *out.mutable_breakdown());
    }
  }
  return response;
}

absl::StatusOr<renfort::v1::RecommendMissionsResponse> MatchingEngine::RecommendMissions(
    const renfort::v1::RecommendMissionsRequest& request, absl::Time now) const {
  absl::StatusOr<int> limit =
      ResolveLimit(request.limit(), kDefaultRecommendLimit, kMaxRecommendLimit);
  if (!limit.ok()) return limit.status();
  absl::StatusOr<Uuid> volunteer_id = Uuid::Parse(request.volunteer_id(), "volunteer_id");
  if (!volunteer_id.ok()) return volunteer_id.status();
  const ScoringContext context = ContextAt(now);

  absl::ReaderMutexLock lock(&mu_);
  std::optional<uint32_t> slot = volunteers_.Find(*volunteer_id);
  if (!slot) {
    return absl::NotFoundError(
        absl::StrCat("volunteer ", request.volunteer_id(), " is not indexed"));
  }
  const VolunteerRecord& volunteer = volunteers_.record(*slot);
  if (!volunteer.Has(kActive)) {
    return absl::FailedPreconditionError(
        absl::StrCat("volunteer ", request.volunteer_id(), " is not ACTIVE"));
  }
  const std::vector<ScoredCandidate> ranked =
      RecommendMissionsFor(*slot, volunteers_, missions_, involvement_, context, *limit);
  renfort::v1::RecommendMissionsResponse response;
  FactorValues values;
  for (const ScoredCandidate& candidate : ranked) {
    const MissionRecord& mission = missions_.record(candidate.slot);
    renfort::v1::RecommendedMission& out = *response.add_missions();
    out.set_mission_id(candidate.id.ToString());
    out.set_score(candidate.score);
    if (mission.in_person) out.set_distance_km(candidate.distance_km);
    out.set_waitlist_only(mission.PlacesLeft() == 0);
    if (request.explain()) {
      const OrganisationScore& organisation = missions_.organisation(mission.organisation_id);
      ComputeFactors(volunteer, mission, candidate.distance_km, organisation.responsiveness,
                     organisation.answered_share, context, values);
      EffectiveWeights(weights_, RecommendFactors(mission.in_person))
          .Explain(values, *out.mutable_breakdown());
    }
  }
  return response;
}

absl::StatusOr<renfort::v1::StaffEventResponse> MatchingEngine::StaffEvent(
    const renfort::v1::StaffEventRequest& request, absl::Time now) const {
  const ScoringContext context = ContextAt(now);
  absl::ReaderMutexLock lock(&mu_);
  return StaffEventOn(request, volunteers_, missions_, involvement_, context);
}

absl::StatusOr<MatchingEngine::PairExplanation> MatchingEngine::ExplainPair(
    absl::string_view mission_id, absl::string_view volunteer_id, absl::Time now) const {
  absl::StatusOr<Uuid> mission_uuid = Uuid::Parse(mission_id, "mission_id");
  if (!mission_uuid.ok()) return mission_uuid.status();
  absl::StatusOr<Uuid> volunteer_uuid = Uuid::Parse(volunteer_id, "volunteer_id");
  if (!volunteer_uuid.ok()) return volunteer_uuid.status();
  const ScoringContext context = ContextAt(now);

  absl::ReaderMutexLock lock(&mu_);
  std::optional<uint32_t> mission_slot = missions_.Find(*mission_uuid);
  if (!mission_slot) return absl::NotFoundError(absl::StrCat("mission ", mission_id, " is not indexed"));
  std::optional<uint32_t> volunteer_slot = volunteers_.Find(*volunteer_uuid);
  if (!volunteer_slot) {
    return absl::NotFoundError(absl::StrCat("volunteer ", volunteer_id, " is not indexed"));
  }
  const MissionRecord& mission = missions_.record(*mission_slot);
  const VolunteerRecord& volunteer = volunteers_.record(*volunteer_slot);
  PairExplanation explanation;
  double distance = std::numeric_limits<double>::quiet_NaN();
  if (mission.in_person) {
    std::optional<GeoPointF> home = volunteers_.home(*volunteer_slot);
    distance = home ? NearestAddressKm(mission, *home) : std::numeric_limits<double>::infinity();
    explanation.distance_km = distance;
  }
  explanation.eligible = mission.published && mission.PlacesLeft() > 0 &&
                         PassesPairRules(volunteer, mission, distance) &&
                         !involvement_.Contains(*mission_uuid, *volunteer_uuid);
  FactorValues values;
  ComputeFactors(volunteer, mission, distance, 0, 0, context, values);
  EffectiveWeights(weights_, RankFactors(mission.in_person))
      .Explain(values, explanation.breakdown);
  return explanation;
}

IndexStats MatchingEngine::Stats() const {
  absl::ReaderMutexLock lock(&mu_);
  IndexStats stats;
  stats.volunteers = volunteers_.size();
  stats.missions = missions_.size();
  stats.involvement_pairs = involvement_.size();
  stats.volunteer_bytes = volunteers_.MemoryBytes();
  stats.mission_bytes = missions_.MemoryBytes() + involvement_.MemoryBytes();
  return stats;
}

}  // namespace renfort::matching
