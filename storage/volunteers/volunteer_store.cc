#include "storage/volunteers/volunteer_store.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/outbox.h"
#include "storage/pg/prepared_statement.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"
#include "storage/volunteers/sql_values.h"
#include "storage/volunteers/volunteer_rows.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// What every write checks against the reference tables before touching a row.
absl::Status CheckReferences(pqxx::transaction_base& txn, v1::Volunteer& volunteer) {
  RETURN_IF_ERROR(ResolveCommune(txn, "volunteer.home_commune.insee_code",
                                 *volunteer.mutable_home_commune()));
  RETURN_IF_ERROR(CheckSkillsExist(txn, volunteer.skills()));
  return CheckEmailFree(txn, volunteer.email(), volunteer.id());
}

// The same for a change of `stored`, checking only what the change touched: the stored
// commune, skills and email satisfy the schema's constraints already (the commune and skill
// foreign keys, the unique email index), and the row is locked, so checking them again could
// not fail. Most changes (availability, travel distance, a pause) touch none of them, and
// each check is a statement.
absl::Status CheckChangedReferences(pqxx::transaction_base& txn, const v1::Volunteer& stored,
                                    v1::Volunteer& changed) {
  if (!stored.has_home_commune() || !changed.has_home_commune() ||
      stored.home_commune().SerializeAsString() != changed.home_commune().SerializeAsString()) {
    RETURN_IF_ERROR(ResolveCommune(txn, "volunteer.home_commune.insee_code",
                                   *changed.mutable_home_commune()));
  }
  if (!std::equal(stored.skills().begin(), stored.skills().end(), changed.skills().begin(),
                  changed.skills().end())) {
    RETURN_IF_ERROR(CheckSkillsExist(txn, changed.skills()));
  }
  if (stored.email() == changed.email()) return absl::OkStatus();
  return CheckEmailFree(txn, changed.email(), changed.id());
}

const PreparedStatement kNewId("volunteers.new_id", "SELECT gen_random_uuid()::text");
const PreparedStatement kVolunteerExists("volunteers.exists",
                                         "SELECT 1 FROM volunteers WHERE id = $1");
const PreparedStatement kTouchLastActive(
    "volunteers.touch_last_active",
    "UPDATE volunteers SET last_active_at = $2::timestamptz "
    "WHERE id = $1 AND status <> 'DELETED' AND last_active_at < $2::timestamptz");

std::optional<bool> NullableBool(const std::optional<bool>& value) { return value; }

}  // namespace

absl::StatusOr<v1::Volunteer> VolunteerStore::Register(const v1::Volunteer& volunteer,
                                                       absl::Time now, const Check& authorize) {
  v1::Volunteer stored;
  RETURN_IF_ERROR(RunInTransaction(pool_, "registering a volunteer", [&](pqxx::work& txn) {
    v1::Volunteer candidate = volunteer;
    if (candidate.id().empty()) {
      candidate.set_id(kNewId.Exec1(txn)[0].as<std::string>());
    } else if (!kVolunteerExists.Exec(txn, candidate.id()).empty()) {
      return absl::AlreadyExistsError(
          absl::StrCat("volunteer ", candidate.id(), " already has a profile"));
    }
    RETURN_IF_ERROR(CheckReferences(txn, candidate));
    RETURN_IF_ERROR(authorize(candidate));
    InsertVolunteer(txn, candidate, now);
    ASSIGN_OR_RETURN(stored, ReadVolunteer(txn, candidate.id()));
    AppendOutboxEvent(txn, kVolunteerRegistered, Aggregate::kVolunteer, stored.id(), stored);
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<v1::Volunteer> VolunteerStore::Get(const std::string& id) {
  v1::Volunteer volunteer;
  RETURN_IF_ERROR(RunReadOnly(pool_, "reading a volunteer", [&](pqxx::read_transaction& txn) {
    ASSIGN_OR_RETURN(volunteer, ReadVolunteer(txn, id));
    return absl::OkStatus();
  }));
  return volunteer;
}

absl::StatusOr<v1::Volunteer> VolunteerStore::Modify(const std::string& id, const Change& change,
                                                     const Check& authorize,
                                                     const std::string& event_type,
                                                     absl::Time now) {
  v1::Volunteer stored;
  RETURN_IF_ERROR(RunInTransaction(pool_, "changing a volunteer", [&](pqxx::work& txn) {
    ASSIGN_OR_RETURN(const v1::Volunteer locked, ReadVolunteer(txn, id, /*lock=*/true));
    v1::Volunteer volunteer = locked;
    RETURN_IF_ERROR(change(volunteer));
    volunteer.set_id(id);
    RETURN_IF_ERROR(CheckChangedReferences(txn, locked, volunteer));
    RETURN_IF_ERROR(authorize(volunteer));
    ASSIGN_OR_RETURN(stored, WriteVolunteer(txn, locked, volunteer, now));
    AppendOutboxEvent(txn, event_type, Aggregate::kVolunteer, id, stored);
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<std::vector<v1::Volunteer>> VolunteerStore::List(
    const VolunteerFilter& filter, const std::optional<VolunteerCursor>& after, int limit,
    std::optional<VolunteerCursor>& next) {
  std::vector<v1::Volunteer> page;
  next.reset();
  RETURN_IF_ERROR(RunReadOnly(pool_, "listing volunteers", [&](pqxx::read_transaction& txn) {
    // One row more than asked tells whether another page follows.
    const pqxx::result rows = txn.exec_params(
        "SELECT v.id::text, " RENFORT_MICROS("v.created_at") " FROM volunteers v "
        "WHERE v.status <> 'DELETED' "
        "  AND (cardinality($1::text[]) = 0 OR v.department_code = ANY ($1::text[])) "
        "  AND (cardinality($2::text[]) = 0 OR v.status = ANY ($2::text[])) "
        "  AND ($3 = '' OR EXISTS (SELECT 1 FROM volunteer_domains vd "
        "                          WHERE vd.volunteer_id = v.id AND vd.domain_slug = $3)) "
        "  AND ($4 = '' OR EXISTS (SELECT 1 FROM volunteer_skills vs "
        "                          WHERE vs.volunteer_id = v.id AND vs.skill_slug = $4)) "
        "  AND ($5 = '' OR lower(v.email) = lower($5)) "
        "  AND ($6::boolean IS NULL OR v.accepts_remote = $6::boolean) "
        "  AND ($7::boolean IS NULL OR v.accepts_in_person = $7::boolean) "
        "  AND ($8::bigint IS NULL OR (" RENFORT_MICROS("v.created_at") ", v.id) > "
        "       ($8::bigint, $9::uuid)) "
        "ORDER BY v.created_at, v.id LIMIT $10",
        ArrayLiteral(filter.department_codes), ArrayLiteral(filter.statuses), filter.domain_slug,
        filter.skill_slug, filter.email, NullableBool(filter.accepts_remote),
        NullableBool(filter.accepts_in_person),
        after.has_value() ? std::optional<std::string>(after->create_time_micros) : std::nullopt,
        after.has_value() ? std::optional<std::string>(after->id) : std::nullopt, limit + 1);
    std::vector<std::string> ids;
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
      ids.push_back(rows[i][0].as<std::string>());
    }
    if (static_cast<int>(rows.size()) > limit) {
      const pqxx::row& last = rows[limit - 1];
      next = VolunteerCursor{last[1].as<std::string>(), last[0].as<std::string>()};
    }
    page = ReadVolunteers(txn, ids);
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<bool> VolunteerStore::IsRelatedTo(const std::string& id,
                                                 const std::vector<std::string>& organisation_ids) {
  bool related = false;
  if (organisation_ids.empty()) return related;
  RETURN_IF_ERROR(RunReadOnly(pool_, "relating a volunteer", [&](pqxx::read_transaction& txn) {
    related = !txn.exec_params(
                      "SELECT 1 FROM participations p JOIN missions m ON m.id = p.mission_id "
                      "WHERE p.volunteer_id = $1::uuid "
                      "  AND m.organisation_id::text = ANY ($2::text[]) LIMIT 1",
                      id, ArrayLiteral(organisation_ids))
                   .empty();
    return absl::OkStatus();
  }));
  return related;
}

absl::Status VolunteerStore::TouchLastActive(const std::string& id, absl::Time now) {
  const absl::Time hour = absl::FromUnixSeconds(absl::ToUnixSeconds(now) / 3600 * 3600);
  return RunInTransaction(pool_, "recording a volunteer's activity", [&](pqxx::work& txn) {
    kTouchLastActive.Exec(txn, id, TimestampText(hour));
    return absl::OkStatus();
  });
}

}  // namespace renfort::storage
