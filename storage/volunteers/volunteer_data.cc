// VolunteerStore: the personal data rights (export, erasure) and the inbox.
#include <pqxx/pqxx>

#include "storage/pg/transaction.h"
#include "storage/status_macros.h"
#include "storage/volunteers/participation_rows.h"
#include "storage/volunteers/sql_values.h"
#include "storage/volunteers/volunteer_erasure.h"
#include "storage/volunteers/volunteer_rows.h"
#include "storage/volunteers/volunteer_store.h"

namespace renfort::storage {

namespace v1 = ::renfort::v1;

absl::StatusOr<v1::ExportVolunteerDataResponse> VolunteerStore::Export(const std::string& id,
                                                                       absl::Time now) {
  v1::ExportVolunteerDataResponse data;
  RETURN_IF_ERROR(RunReadOnly(pool_, "exporting a volunteer's data", [&](pqxx::read_transaction& txn) {
    data.Clear();
    ASSIGN_OR_RETURN(*data.mutable_volunteer(), ReadVolunteer(txn, id));
    for (v1::Participation& participation : ReadVolunteerParticipations(txn, id)) {
      *data.add_participations() = std::move(participation);
    }
    for (v1::Invitation& invitation : ReadVolunteerInvitations(txn, id)) {
      *data.add_invitations() = std::move(invitation);
    }
    for (v1::Notification& notification :
         ReadVolunteerNotifications(txn, id, /*newest_first=*/false, "", "", 0)) {
      *data.add_notifications() = std::move(notification);
    }
    return absl::OkStatus();
  }));
  SetTimestampFromMicros(absl::ToUnixMicros(now), [&] { return data.mutable_export_time(); });
  return data;
}

absl::StatusOr<v1::DeleteVolunteerResponse> VolunteerStore::Delete(const std::string& id,
                                                                   absl::Time now) {
  v1::DeleteVolunteerResponse response;
  RETURN_IF_ERROR(RunInTransaction(pool_, "erasing a volunteer", [&](pqxx::work& txn) {
    ASSIGN_OR_RETURN(response, EraseVolunteer(txn, id, now));
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<std::vector<v1::Notification>> VolunteerStore::ListNotifications(
    const std::string& id, const std::optional<VolunteerCursor>& after, int limit,
    std::optional<VolunteerCursor>& next) {
  std::vector<v1::Notification> page;
  next.reset();
  RETURN_IF_ERROR(RunReadOnly(pool_, "listing notifications", [&](pqxx::read_transaction& txn) {
    page = ReadVolunteerNotifications(txn, id, /*newest_first=*/true,
                                      after ? after->create_time_micros : "",
                                      after ? after->id : "", limit + 1);
    return absl::OkStatus();
  }));
  if (static_cast<int>(page.size()) > limit) {
    page.resize(limit);
    const v1::Notification& last = page.back();
    next = VolunteerCursor{
        std::to_string(last.create_time().seconds() * 1000000 + last.create_time().nanos() / 1000),
        last.id()};
  }
  return page;
}

}  // namespace renfort::storage
