#include "services/matching/live_index.h"

#include <pqxx/pqxx>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "storage/pg/errors.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;

constexpr absl::Duration kConnectionWait = absl::Seconds(5);

bool IsIndexedStatus(v1::MissionStatus status) {
  return status == v1::MISSION_STATUS_PUBLISHED || status == v1::MISSION_STATUS_PAUSED;
}

// Appends `more` to `ids` once each.
void AddUnique(std::vector<std::string>& ids, absl::flat_hash_set<std::string>& seen,
               const std::vector<std::string>& more) {
  for (const std::string& id : more) {
    if (seen.insert(id).second) ids.push_back(id);
  }
}

}  // namespace

v1::MissionSummary SummaryOf(const v1::Mission& mission) {
  v1::MissionSummary summary;
  summary.set_title(mission.title());
  summary.set_organisation_id(mission.organisation_id());
  summary.set_organisation_name(mission.organisation_name());
  summary.set_domain(mission.domain());
  summary.set_format(mission.format());
  summary.set_department_code(mission.department_code());
  if (!mission.addresses().empty()) {
    summary.set_commune_name(mission.addresses(0).commune().name());
  }
  if (mission.has_start_date()) *summary.mutable_start_date() = mission.start_date();
  if (mission.has_end_date()) *summary.mutable_end_date() = mission.end_date();
  summary.set_places(mission.places());
  summary.set_places_held(mission.places_held());
  return summary;
}

absl::Status LiveIndex::ReadyStatus() const {
  if (ready()) return absl::OkStatus();
  return absl::UnavailableError("the matching index is still loading its snapshot; retry shortly");
}

std::optional<MissionFacts> LiveIndex::Mission(const std::string& mission_id) const {
  absl::ReaderMutexLock lock(&facts_mu_);
  auto it = missions_.find(mission_id);
  if (it == missions_.end()) return std::nullopt;
  return it->second;
}

absl::Status LiveIndex::BuildEngine(pqxx::transaction_base& txn) {
  if (engine_ != nullptr) return absl::OkStatus();
  ASSIGN_OR_RETURN(storage::MatchingReference reference, storage::ReadMatchingReference(txn));
  ASSIGN_OR_RETURN(matching::SkillVocabulary skills,
                   matching::SkillVocabulary::Create(reference.skill_slugs));
  matching::DepartmentZones zones(absl::FixedTimeZone(0));
  absl::TimeZone paris;
  if (absl::LoadTimeZone("Europe/Paris", &paris)) zones = matching::DepartmentZones(paris);
  for (const auto& [code, zone_name] : reference.department_zones) {
    absl::TimeZone zone;
    if (!absl::LoadTimeZone(zone_name, &zone)) {
      return absl::FailedPreconditionError(absl::StrCat("time zone ", zone_name, " of département ",
                                                        code, " is not in this system's tzdata"));
    }
    zones.Add(code, zone);
  }
  ASSIGN_OR_RETURN(engine_, matching::MatchingEngine::Create(std::move(skills), std::move(zones),
                                                             matching::ScoringWeights{}));
  return absl::OkStatus();
}

absl::Status LiveIndex::ApplyMission(const v1::Mission& mission, absl::Time now) {
  if (!IsIndexedStatus(mission.status())) {
    DropMission(mission.id());
    return absl::OkStatus();
  }
  if (absl::Status status = engine_->UpsertMission(mission, now); !status.ok()) {
    // A mission the engine cannot read is left out rather than blocking the stream.
    DropMission(mission.id());
    Log(LogLevel::kWarning, "matching_mission_skipped",
        {{"mission_id", mission.id()}, {"reason", status.message()}});
    return absl::OkStatus();
  }
  MissionFacts facts{mission.organisation_id(), mission.department_code(), mission.status(),
                     SummaryOf(mission)};
  absl::MutexLock lock(&facts_mu_);
  missions_.insert_or_assign(mission.id(), std::move(facts));
  return absl::OkStatus();
}

void LiveIndex::DropMission(const std::string& mission_id) {
  (void)engine_->RemoveMission(mission_id);  // NOT_FOUND: was not indexed
  absl::MutexLock lock(&facts_mu_);
  missions_.erase(mission_id);
}

absl::Status LiveIndex::ApplyVolunteer(const storage::IndexedVolunteer& indexed, absl::Time now) {
  const v1::Volunteer& volunteer = indexed.volunteer;
  if (volunteer.status() != v1::VOLUNTEER_STATUS_ACTIVE &&
      volunteer.status() != v1::VOLUNTEER_STATUS_PAUSED) {
    (void)engine_->RemoveVolunteer(volunteer.id());
    return absl::OkStatus();
  }
  if (absl::Status status = engine_->UpsertVolunteer(volunteer, indexed.activity, now);
      !status.ok()) {
    (void)engine_->RemoveVolunteer(volunteer.id());
    Log(LogLevel::kWarning, "matching_volunteer_skipped",
        {{"volunteer_id", volunteer.id()}, {"reason", status.message()}});
  }
  return absl::OkStatus();
}

absl::Status LiveIndex::LoadSnapshot(storage::ConnectionPool& pool, absl::Time now) {
  absl::MutexLock lock(&refresh_mu_);
  ASSIGN_OR_RETURN(storage::ConnectionPool::Lease lease, pool.Acquire(kConnectionWait));
  try {
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> txn(lease.connection());
    RETURN_IF_ERROR(BuildEngine(txn));
    storage::SnapshotSink sink{
        .mission = [&](const v1::Mission& mission) { return ApplyMission(mission, now); },
        .volunteer =
            [&](const storage::IndexedVolunteer& volunteer) {
              return ApplyVolunteer(volunteer, now);
            },
        .involvement =
            [&](const std::string& mission_id, const std::string& volunteer_id) {
              return engine_->SetInvolvement(mission_id, volunteer_id, true);
            },
        .organisation =
            [&](const std::string& organisation_id,
                const matching::OrganisationActivity& activity) {
              return engine_->SetOrganisationActivity(organisation_id, activity);
            },
    };
    const absl::Time started = absl::Now();
    ASSIGN_OR_RETURN(storage::SnapshotCounts counts, storage::ReadSnapshot(txn, now, sink));
    txn.commit();
    engine_->Compact();
    ready_.store(true, std::memory_order_release);
    Log(LogLevel::kInfo, "matching_snapshot_loaded",
        {{"missions", int64_t{counts.missions}},
         {"volunteers", int64_t{counts.volunteers}},
         {"involved_pairs", int64_t{counts.involvements}},
         {"seconds", absl::ToDoubleSeconds(absl::Now() - started)}});
    return absl::OkStatus();
  } catch (...) {
    return storage::StatusFromCurrentException("loading the matching snapshot");
  }
}

absl::Status LiveIndex::Refresh(storage::ConnectionPool& pool, const RefreshSet& set,
                                absl::Time now) {
  if (!ready() || set.empty()) return absl::OkStatus();
  absl::MutexLock lock(&refresh_mu_);
  ASSIGN_OR_RETURN(storage::ConnectionPool::Lease lease, pool.Acquire(kConnectionWait));
  try {
    pqxx::read_transaction txn(lease.connection());
    std::vector<std::string> mission_ids, volunteer_ids;
    absl::flat_hash_set<std::string> seen_missions, seen_volunteers;
    AddUnique(mission_ids, seen_missions, set.mission_ids);
    AddUnique(volunteer_ids, seen_volunteers, set.volunteer_ids);

    std::vector<storage::Involvement> pairs;
    ASSIGN_OR_RETURN(pairs, storage::ReadParticipationPairs(txn, set.participation_ids));
    ASSIGN_OR_RETURN(std::vector<storage::Involvement> invited,
                     storage::ReadInvitationPairs(txn, set.invitation_ids));
    pairs.insert(pairs.end(), invited.begin(), invited.end());
    for (const storage::Involvement& pair : pairs) {
      AddUnique(mission_ids, seen_missions, {pair.mission_id});
      AddUnique(volunteer_ids, seen_volunteers, {pair.volunteer_id});
    }

    ASSIGN_OR_RETURN(std::vector<v1::Mission> missions, storage::ReadIndexedMissions(txn, mission_ids));
    // Answers to applications arrive as participation events: follow the organisations'
    // responsiveness for those.
    std::vector<std::pair<std::string, matching::OrganisationActivity>> organisations;
    if (!set.participation_ids.empty()) {
      std::vector<std::string> organisation_ids;
      absl::flat_hash_set<std::string> seen_organisations;
      for (const v1::Mission& mission : missions) {
        AddUnique(organisation_ids, seen_organisations, {mission.organisation_id()});
      }
      if (!organisation_ids.empty()) {
        ASSIGN_OR_RETURN(organisations,
                         storage::ReadOrganisationActivity(txn, organisation_ids, now));
      }
    }
    ASSIGN_OR_RETURN(std::vector<storage::IndexedVolunteer> volunteers,
                     storage::ReadVolunteers(txn, volunteer_ids, now));
    txn.commit();

    absl::flat_hash_set<std::string> found;
    for (const v1::Mission& mission : missions) {
      found.insert(mission.id());
      RETURN_IF_ERROR(ApplyMission(mission, now));
    }
    for (const std::string& id : mission_ids) {
      if (!found.contains(id)) DropMission(id);
    }
    found.clear();
    for (const storage::IndexedVolunteer& volunteer : volunteers) {
      found.insert(volunteer.volunteer.id());
      RETURN_IF_ERROR(ApplyVolunteer(volunteer, now));
    }
    for (const std::string& id : volunteer_ids) {
      if (!found.contains(id)) (void)engine_->RemoveVolunteer(id);
    }
    for (const storage::Involvement& pair : pairs) {
      RETURN_IF_ERROR(engine_->SetInvolvement(pair.mission_id, pair.volunteer_id, pair.involved));
    }
    for (const auto& [organisation_id, activity] : organisations) {
      RETURN_IF_ERROR(engine_->SetOrganisationActivity(organisation_id, activity));
    }
    return absl::OkStatus();
  } catch (...) {
    return storage::StatusFromCurrentException("refreshing the matching index");
  }
}

}  // namespace renfort::services
