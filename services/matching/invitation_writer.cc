#include "services/matching/invitation_writer.h"

#include <algorithm>

#include "storage/matching/invitation_store.h"
#include "storage/matching/row_values.h"
#include "storage/outbox.h"
#include "storage/status_macros.h"

namespace renfort::services {

absl::Time InvitationExpiry(const renfort::v1::Mission& mission, absl::Time now,
                            absl::Duration lifetime) {
  absl::Time expiry = now + lifetime;
  if (!mission.has_end_date()) return expiry;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(mission.time_zone(), &zone)) zone = absl::UTCTimeZone();
  const renfort::v1::Date& end = mission.end_date();
  const absl::Time last_day_over =
      absl::FromCivil(absl::CivilDay(end.year(), end.month(), end.day()) + 1, zone);
  // A mission ending today still gets a short invitation rather than one born expired.
  return std::max(std::min(expiry, last_day_over), now + absl::Minutes(1));
}

absl::StatusOr<renfort::v1::Invitation> CreateInvitation(
    pqxx::transaction_base& txn, const renfort::v1::Mission& mission,
    const std::string& volunteer_id, double score, const renfort::v1::ScoreBreakdown& breakdown,
    absl::Time now) {
  renfort::v1::Invitation invitation;
  invitation.set_mission_id(mission.id());
  invitation.set_volunteer_id(volunteer_id);
  invitation.set_score(std::clamp(score, 0.0, 1.0));
  *invitation.mutable_breakdown() = breakdown;
  *invitation.mutable_create_time() = storage::TimestampFromMicros(absl::ToUnixMicros(now));
  *invitation.mutable_expire_time() = storage::TimestampFromMicros(
      absl::ToUnixMicros(InvitationExpiry(mission, now, absl::Hours(24 * 7))));
  RETURN_IF_ERROR(storage::InsertInvitation(txn, invitation));
  storage::AppendOutboxEvent(txn, "invitation.created", storage::Aggregate::kInvitation,
                             invitation.id(), invitation);
  return invitation;
}

}  // namespace renfort::services
