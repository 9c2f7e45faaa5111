// VolunteerStore: the personal data rights (export, erasure) and the inbox.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"
#include "storage/volunteers/notification_rows.h"
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
         ReadNotifications(txn, Inbox::OfVolunteer(id), /*newest_first=*/false, "", "", 0)) {
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

namespace {

// NOT_FOUND for the inbox of a volunteer or an organisation this database does not hold, rather
// than an empty page. A département's inbox always exists (the caller checked the code).
absl::Status RequireInboxOwner(pqxx::transaction_base& txn, const Inbox& inbox) {
  const char* sql = nullptr;
  if (inbox.recipient_kind == kVolunteerRecipient) {
    sql = "SELECT count(*) FROM volunteers WHERE id = $1::uuid";
  } else if (inbox.recipient_kind == kOrganisationRecipient) {
    sql = "SELECT count(*) FROM organisations WHERE id = $1::uuid";
  } else {
    return absl::OkStatus();
  }
  if (txn.exec_params1(sql, inbox.recipient_id)[0].as<int>() > 0) return absl::OkStatus();
  return absl::NotFoundError(absl::StrCat(
      inbox.recipient_kind == kVolunteerRecipient ? "volunteer " : "organisation ",
      inbox.recipient_id, " not found"));
}

}  // namespace

absl::StatusOr<std::vector<v1::Notification>> VolunteerStore::ListNotifications(
    const Inbox& inbox, const std::optional<VolunteerCursor>& after, int limit,
    std::optional<VolunteerCursor>& next) {
  std::vector<v1::Notification> page;
  next.reset();
  RETURN_IF_ERROR(RunReadOnly(pool_, "listing notifications", [&](pqxx::read_transaction& txn) {
    RETURN_IF_ERROR(RequireInboxOwner(txn, inbox));
    page = ReadNotifications(txn, inbox, /*newest_first=*/true,
                             after ? after->create_time_micros : "", after ? after->id : "",
                             limit + 1);
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
