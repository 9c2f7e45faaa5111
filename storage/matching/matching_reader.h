#ifndef RENFORT_STORAGE_MATCHING_MATCHING_READER_H_
#define RENFORT_STORAGE_MATCHING_MATCHING_READER_H_

#include <functional>
#include <pqxx/transaction_base>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "matching/activity.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::storage {

// Reads what the matching index holds from PostgreSQL, as the renfort.v1 messages the engine
// consumes. Each function runs a fixed number of queries (one per table) whatever the number of
// ids: rows of child tables are fetched for the whole batch with `= ANY($1::uuid[])` and merged
// in memory. Every read sees the transaction's snapshot; run them in a REPEATABLE READ
// transaction to get one consistent picture.

// A volunteer and the aggregates matching computes from participations and invitations.
struct IndexedVolunteer {
  renfort::v1::Volunteer volunteer;
  matching::VolunteerActivity activity;
};

// The reference data an engine is built from: skill slugs in slug order, and each
// département's IANA time zone.
struct MatchingReference {
  std::vector<std::string> skill_slugs;
  std::vector<std::pair<std::string, std::string>> department_zones;  // code, IANA zone
};
absl::StatusOr<MatchingReference> ReadMatchingReference(pqxx::transaction_base& txn);

// The missions among `ids` that exist, in any status, with organisation name, addresses
// (location and commune), schedule (dated slots converted back to the département's local
// dates and minutes), required skills, places and places held. Ids that are not UUIDs or do not
// exist are simply absent from the result. Output ordered by id.
absl::StatusOr<std::vector<renfort::v1::Mission>> ReadIndexedMissions(pqxx::transaction_base& txn,
                                                               const std::vector<std::string>& ids);

// The volunteers among `ids` that exist (DELETED ones come back with only id and status), with
// home commune, slots, domains, skills, last activity, DONE / NO_SHOW counts and the
// invitations received since the start of the UTC month of `now` (activity.counted_at = now).
absl::StatusOr<std::vector<IndexedVolunteer>> ReadVolunteers(pqxx::transaction_base& txn,
                                                             const std::vector<std::string>& ids,
                                                             absl::Time now);

// A (mission, volunteer) pair and whether the volunteer is involved in the mission: holds an
// active participation (WAITLISTED, PENDING, IN_REVIEW, ACCEPTED) or a PROPOSED invitation.
struct Involvement {
  std::string mission_id;
  std::string volunteer_id;
  bool involved = false;
};

// The pairs of the participations / invitations with these ids, each with its current
// involvement (computed from every participation and invitation of the pair, so applying them
// in any order gives the same index).
absl::StatusOr<std::vector<Involvement>> ReadParticipationPairs(
    pqxx::transaction_base& txn, const std::vector<std::string>& participation_ids);
absl::StatusOr<std::vector<Involvement>> ReadInvitationPairs(
    pqxx::transaction_base& txn, const std::vector<std::string>& invitation_ids);

// How the organisations answer applications (APPLIED participations created in the 365 days
// before `now`; answered = reached ACCEPTED or REFUSED; median hours to the first answer), for
// the organisations in `organisation_ids`, or for every organisation with applications when
// `organisation_ids` is empty. Organisations without applications are absent.
absl::StatusOr<std::vector<std::pair<std::string, matching::OrganisationActivity>>>
ReadOrganisationActivity(pqxx::transaction_base& txn,
                         const std::vector<std::string>& organisation_ids, absl::Time now);

// Receives a snapshot piece by piece, so memory stays bounded by one batch.
struct SnapshotSink {
  std::function<absl::Status(const renfort::v1::Mission&)> mission;
  std::function<absl::Status(const IndexedVolunteer&)> volunteer;
  std::function<absl::Status(const std::string& mission_id, const std::string& volunteer_id)>
      involvement;
  std::function<absl::Status(const std::string& organisation_id,
                             const matching::OrganisationActivity& activity)>
      organisation;
};

// Counts of what a snapshot delivered.
struct SnapshotCounts {
  long long missions = 0;
  long long volunteers = 0;
  long long involvements = 0;
};

// Reads every PUBLISHED or PAUSED mission, every ACTIVE or PAUSED volunteer and every involved
// pair, in batches of `batch_size` ids, and hands them to `sink` (missions first, then
// volunteers, then pairs, then organisations' responsiveness). A sink error stops the read and is
// returned.
absl::StatusOr<SnapshotCounts> ReadSnapshot(pqxx::transaction_base& txn, absl::Time now,
                                            const SnapshotSink& sink, int batch_size = 5000);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MATCHING_MATCHING_READER_H_
