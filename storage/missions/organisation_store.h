#ifndef RENFORT_STORAGE_MISSIONS_ORGANISATION_STORE_H_
#define RENFORT_STORAGE_MISSIONS_ORGANISATION_STORE_H_

#include <functional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "storage/missions/visibility.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// Organisations and their managers in PostgreSQL. Takes and returns renfort.v1.Organisation;
// every write runs in one transaction with its outbox event. Thread-safe (the pool is).
class OrganisationStore {
 public:
  explicit OrganisationStore(ConnectionPool& pool) : pool_(pool) {}

  // Inserts `organisation` (already validated) in PENDING_REVIEW with its managers, and
  // `creator_subject` as a manager too when it is not empty and not listed. Département and
  // location come from the seat's commune (INVALID_ARGUMENT "organisation.address..." when
  // unknown). ALREADY_EXISTS naming organisation.siret / organisation.rna when taken.
  // Appends organisation.created.
  absl::StatusOr<v1::Organisation> Create(const v1::Organisation& organisation,
                                          absl::string_view creator_subject);

  // NOT_FOUND when there is no organisation `id` (a canonical UUID).
  absl::StatusOr<v1::Organisation> Get(absl::string_view id);

  // One page of the organisations matching `request`'s filters and visible per `visibility`,
  // ordered by name then id, starting after `after` ({name, id}, empty for the first page).
  // Returns up to `limit` rows.
  absl::StatusOr<std::vector<v1::Organisation>> List(const v1::ListOrganisationsRequest& request,
                                                     const Visibility& visibility, int limit,
                                                     const std::vector<std::string>& after);

  // Applies `decision` to organisation `id`: `authorize` sees the current organisation first
  // (its error is returned as is), then FAILED_PRECONDITION when the decision does not apply
  // to the current status. Records `reason` and `reviewer`; appends organisation.reviewed.
  absl::StatusOr<v1::Organisation> Review(
      absl::string_view id, v1::OrganisationReviewDecision decision, absl::string_view reason,
      absl::string_view reviewer,
      const std::function<absl::Status(const v1::Organisation&)>& authorize);

  // Whether `subject` is listed among the managers of organisation `id`.
  absl::StatusOr<bool> IsManager(absl::string_view id, absl::string_view subject);

 private:
  ConnectionPool& pool_;
};

// Reads organisation `id` inside `txn` (locking its row when `for_update`). NOT_FOUND when
// missing. Shared with the mission store, which checks the organisation's status.
absl::StatusOr<v1::Organisation> ReadOrganisation(pqxx::transaction_base& txn, absl::string_view id,
                                                  bool for_update);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_ORGANISATION_STORE_H_
