#ifndef RENFORT_MATCHING_ENGINE_H_
#define RENFORT_MATCHING_ENGINE_H_

#include <cstddef>
#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "absl/time/time.h"
#include "matching/activity.h"
#include "matching/involvement.h"
#include "matching/mission_index.h"
#include "matching/ranker.h"
#include "matching/scoring.h"
#include "matching/volunteer_index.h"
#include "matching/vocabulary.h"
#include "matching/zones.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/matching_service.pb.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::matching {

// Sizes of the index, for the benchmark and metrics.
struct IndexStats {
  size_t volunteers = 0;
  size_t missions = 0;
  size_t involvement_pairs = 0;
  size_t volunteer_bytes = 0;  // VolunteerIndex::MemoryBytes
  size_t mission_bytes = 0;    // MissionIndex::MemoryBytes + involvement pairs
};

// The matching engine of DESIGN.md §5: an in-memory index of volunteers and missions, fed by
// storage snapshots and the event stream through the Upsert/Remove/Set methods, answering
// RankVolunteers, RecommendMissions and StaffEvent. Pure: no I/O, no clock (every call that
// depends on time takes `now`), no randomness.
//
// Answers are the renfort.v1 response messages, so the gRPC service only adds what the index
// does not hold: RankedVolunteer.volunteer (VolunteerSummary) and RecommendedMission.mission
// (MissionSummary) are left unset, as are StaffingAssignment.invitation_id.
//
// Thread safety: any number of concurrent readers (the const methods) and writers; one
// absl::Mutex in reader-writer mode. Queries hold it shared for their whole duration (under a
// millisecond), deltas exclusively for microseconds; absl::Mutex lets a waiting writer in
// before new readers, so a delta waits at most for the queries already running.
class MatchingEngine {
 public:
  // INVALID_ARGUMENT when `weights` are invalid (see Validate).
  static absl::StatusOr<std::unique_ptr<MatchingEngine>> Create(SkillVocabulary skills,
                                                                DepartmentZones zones,
                                                                ScoringWeights weights);

  // --- Deltas ----------------------------------------------------------------------------
  // Inserts or replaces a volunteer. `now` fixes the UTC offset of the home département used
  // to place weekly availability on the UTC week. A DELETED volunteer is removed.
  // INVALID_ARGUMENT as CompileVolunteer; the index is then unchanged.
  absl::Status UpsertVolunteer(const renfort::v1::Volunteer& volunteer,
                               const VolunteerActivity& activity, absl::Time now);
  // Many volunteers at once (a snapshot load), with the same effect as UpsertVolunteer on each
  // in order, but compiled first, outside the lock, then inserted under one exclusive lock:
  // several loaders can compile their batches in parallel while one inserts. `activities[i]`
  // belongs to `*volunteers[i]`. INVALID_ARGUMENT as CompileVolunteer, naming the volunteer's
  // position; the index is then unchanged.
  absl::Status UpsertVolunteers(absl::Span<const renfort::v1::Volunteer* const> volunteers,
                                absl::Span<const VolunteerActivity> activities, absl::Time now);
  // NOT_FOUND when absent; INVALID_ARGUMENT for an id that is not a UUID.
  absl::Status RemoveVolunteer(absl::string_view volunteer_id);
  // Counts one more invitation received by the volunteer in the UTC month of `at` (the
  // fairness factor). NOT_FOUND when the volunteer is absent.
  absl::Status RecordInvitation(absl::string_view volunteer_id, absl::Time at);

  // Inserts or replaces a mission (any status; only PUBLISHED ones are matched). `now` as for
  // volunteers. INVALID_ARGUMENT as CompileMission.
  absl::Status UpsertMission(const renfort::v1::Mission& mission, absl::Time now);
  absl::Status RemoveMission(absl::string_view mission_id);
  absl::Status SetOrganisationActivity(absl::string_view organisation_id,
                                       const OrganisationActivity& activity);

  // Marks whether the volunteer is involved in the mission (holds an active participation or
  // a PROPOSED invitation): involved pairs are never ranked nor recommended. Either side may be
  // absent from the index (events may arrive in any order).
  absl::Status SetInvolvement(absl::string_view mission_id, absl::string_view volunteer_id,
                              bool involved);

  // Renumbers the volunteer and mission indexes for memory locality (VolunteerIndex::Compact,
  // MissionIndex::Compact). Call after loading a snapshot; takes a few hundred milliseconds
  // per million volunteers, exclusively.
  void Compact();

  // --- Queries ---------------------------------------------------------------------------
  // RankVolunteers as in matching_service.proto: limit 0 means 50, else 1–500
  // (INVALID_ARGUMENT); NOT_FOUND for an unknown mission; FAILED_PRECONDITION when it is not
  // PUBLISHED; an empty answer when it has no place left. `options.limit` is ignored (the
  // request's applies).
  absl::StatusOr<renfort::v1::RankVolunteersResponse> RankVolunteers(
      const renfort::v1::RankVolunteersRequest& request, absl::Time now,
      RankOptions options = {}) const;

  // RecommendMissions: limit 0 means 20, else 1–100; volunteer_id is required here (the
  // service resolves "the caller"); NOT_FOUND for an unknown volunteer; FAILED_PRECONDITION
  // when not ACTIVE.
  absl::StatusOr<renfort::v1::RecommendMissionsResponse> RecommendMissions(
      const renfort::v1::RecommendMissionsRequest& request, absl::Time now) const;

  // StaffEvent as in matching_service.proto (a dry run: no invitation ids). Unknown volunteer
  // ids in the pool are skipped; NOT_FOUND for an unknown mission; FAILED_PRECONDITION naming
  // the first mission that is not PUBLISHED; INVALID_ARGUMENT for out-of-range fields.
  absl::StatusOr<renfort::v1::StaffEventResponse> StaffEvent(
      const renfort::v1::StaffEventRequest& request, absl::Time now) const;

  // How one pair scores as RankVolunteers would score it (even if a hard rule fails):
  // eligible tells whether every hard rule passes (including PUBLISHED, places left and
  // involvement). For invitations' stored explanations, and for tests.
  struct PairExplanation {
    bool eligible = false;
    std::optional<double> distance_km;
    renfort::v1::ScoreBreakdown breakdown;
  };
  absl::StatusOr<PairExplanation> ExplainPair(absl::string_view mission_id,
                                              absl::string_view volunteer_id,
                                              absl::Time now) const;

  IndexStats Stats() const;
  const ScoringWeights& weights() const { return weights_; }

 private:
  MatchingEngine(SkillVocabulary skills, DepartmentZones zones, ScoringWeights weights);
  ScoringContext ContextAt(absl::Time now) const;

  const SkillVocabulary skills_;
  const DepartmentZones zones_;
  const ScoringWeights weights_;
  const RecencyCurve recency_;

  mutable absl::Mutex mu_;
  VolunteerIndex volunteers_ ABSL_GUARDED_BY(mu_);
  MissionIndex missions_ ABSL_GUARDED_BY(mu_);
  InvolvementSet involvement_ ABSL_GUARDED_BY(mu_);
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_ENGINE_H_
