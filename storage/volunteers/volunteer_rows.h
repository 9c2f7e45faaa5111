#ifndef RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_ROWS_H_
#define RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_ROWS_H_

// Reading and writing one volunteer's rows (volunteers, volunteer_weekly_slots,
// volunteer_domains, volunteer_skills) inside a caller's transaction. The stores build their
// transactions from these; nothing here commits.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::storage {

// The volunteers `ids` (any order, unknown ids skipped), complete with commune, availability,
// domains and skills, in the order of `ids`. `lock` takes FOR UPDATE row locks on them.
std::vector<renfort::v1::Volunteer> ReadVolunteers(pqxx::transaction_base& txn,
                                                   const std::vector<std::string>& ids,
                                                   bool lock = false);
// One volunteer; NOT_FOUND naming the id.
absl::StatusOr<renfort::v1::Volunteer> ReadVolunteer(pqxx::transaction_base& txn,
                                                     const std::string& id, bool lock = false);

// Fills home_commune (name, département, centroid) from the communes reference table, given
// home_commune.insee_code, or, when that is a postal code, the one commune it serves (or the one
// among several whose name is home_commune.name, compared without case or accents).
// INVALID_ARGUMENT on `field` (e.g. "volunteer.home_commune.insee_code") otherwise.
absl::Status ResolveCommune(pqxx::transaction_base& txn, const std::string& field,
                            renfort::v1::Commune& commune);

// INVALID_ARGUMENT on "volunteer.skills" naming the first slug missing from the skills table.
absl::Status CheckSkillsExist(pqxx::transaction_base& txn,
                              const google::protobuf::RepeatedPtrField<std::string>& skills);

// ALREADY_EXISTS on "volunteer.email" when another volunteer (not `self_id`) uses `email`,
// compared case-insensitively.
absl::Status CheckEmailFree(pqxx::transaction_base& txn, const std::string& email,
                            const std::string& self_id);

// Inserts a new ACTIVE volunteer (id given by the caller), its availability, domains and skills.
// `volunteer.home_commune` must be resolved. Stamps creation, terms and activity with `now`.
void InsertVolunteer(pqxx::transaction_base& txn, const renfort::v1::Volunteer& volunteer,
                     absl::Time now);

// Overwrites the stored profile of `volunteer.id` with `volunteer` (status and paused_until
// included; paused_until is a local date in the volunteer's département time zone) and replaces
// its slots, domains and skills when they differ from `stored`'s, the profile as read under
// the row lock in this transaction. Stamps update_time with `now`. Answers the volunteer as
// now stored, what ReadVolunteer would return; NOT_FOUND when there is no such row.
absl::StatusOr<renfort::v1::Volunteer> WriteVolunteer(pqxx::transaction_base& txn,
                                                      const renfort::v1::Volunteer& stored,
                                                      const renfort::v1::Volunteer& volunteer,
                                                      absl::Time now);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_VOLUNTEERS_VOLUNTEER_ROWS_H_
