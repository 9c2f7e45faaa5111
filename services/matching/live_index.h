#ifndef RENFORT_SERVICES_MATCHING_LIVE_INDEX_H_
#define RENFORT_SERVICES_MATCHING_LIVE_INDEX_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "matching/engine.h"
#include "renfort/v1/mission.pb.h"
#include "storage/matching/matching_reader.h"
#include "storage/pg/connection_pool.h"

namespace renfort::services {

// What the MatchingService needs to know about an indexed mission besides the engine's record:
// who may rank for it, and the public facts returned with recommendations.
struct MissionFacts {
  std::string organisation_id;
  std::string department_code;
  renfort::v1::MissionStatus status = renfort::v1::MISSION_STATUS_UNSPECIFIED;
  renfort::v1::MissionSummary summary;
};

renfort::v1::MissionSummary SummaryOf(const renfort::v1::Mission& mission);

// The aggregates to read again from PostgreSQL and apply to the index.
struct RefreshSet {
  std::vector<std::string> mission_ids;
  std::vector<std::string> volunteer_ids;
  std::vector<std::string> participation_ids;
  std::vector<std::string> invitation_ids;

  bool empty() const {
    return mission_ids.empty() && volunteer_ids.empty() && participation_ids.empty() &&
           invitation_ids.empty();
  }
};

// The live matching index of one process: the engine, the facts of its missions, and whether
// the first snapshot is loaded. Thread-safe. Every change goes through Refresh or LoadSnapshot,
// which read the current state from PostgreSQL: applying an aggregate is "make the index say
// what the database says now", so a redelivered, late or reordered event changes nothing
// wrong. Refreshes are serialised, so a read made later is never overwritten by an earlier one.
class LiveIndex {
 public:
  LiveIndex() = default;

  // Builds the engine from the reference tables (skills, département zones), then reads the
  // whole snapshot into it in one REPEATABLE READ transaction, and marks the index ready. May
  // be called again after a failure (upserts are idempotent).
  absl::Status LoadSnapshot(storage::ConnectionPool& pool, absl::Time now);

  // Reads the aggregates of `set` (and, for participations and invitations, their mission,
  // volunteer and pair) and applies them: missions no longer PUBLISHED or PAUSED and deleted or
  // missing volunteers leave the index. A no-op before the snapshot is loaded (the snapshot,
  // or the event that follows the change, covers it).
  absl::Status Refresh(storage::ConnectionPool& pool, const RefreshSet& set, absl::Time now);

  bool ready() const { return ready_.load(std::memory_order_acquire); }
  // UNAVAILABLE until the first snapshot is loaded.
  absl::Status ReadyStatus() const;

  // The engine, once ready (nullptr before).
  const matching::MatchingEngine* engine() const { return ready() ? engine_.get() : nullptr; }
  std::optional<MissionFacts> Mission(const std::string& mission_id) const;

 private:
  absl::Status BuildEngine(pqxx::transaction_base& txn) ABSL_EXCLUSIVE_LOCKS_REQUIRED(refresh_mu_);
  absl::Status ApplyMission(const renfort::v1::Mission& mission, absl::Time now);
  void DropMission(const std::string& mission_id);
  absl::Status ApplyVolunteer(const storage::IndexedVolunteer& volunteer, absl::Time now);

  absl::Mutex refresh_mu_;  // serialises LoadSnapshot and Refresh (read + apply)
  std::unique_ptr<matching::MatchingEngine> engine_;  // set once, before ready_
  std::atomic<bool> ready_{false};

  mutable absl::Mutex facts_mu_;
  absl::flat_hash_map<std::string, MissionFacts> missions_ ABSL_GUARDED_BY(facts_mu_);
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_LIVE_INDEX_H_
