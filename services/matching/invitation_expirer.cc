#include "services/matching/invitation_expirer.h"

#include "services/common/log.h"
#include "storage/matching/invitation_store.h"
#include "storage/outbox.h"
#include "storage/pg/transaction.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr int kBatch = 500;

}  // namespace

absl::StatusOr<int> ExpireDueInvitations(storage::ConnectionPool& pool, LiveIndex& index,
                                         absl::Time now) {
  int total = 0;
  while (true) {
    RefreshSet refresh;
    RETURN_IF_ERROR(storage::RunInTransaction(
        pool, "expiring invitations", [&](pqxx::work& txn) -> absl::Status {
          refresh.invitation_ids.clear();
          ASSIGN_OR_RETURN(std::vector<renfort::v1::Invitation> expired,
                           storage::ExpireInvitations(txn, now, kBatch));
          for (const renfort::v1::Invitation& invitation : expired) {
            storage::AppendOutboxEvent(txn, "invitation.expired", storage::Aggregate::kInvitation,
                                       invitation.id(), invitation);
            refresh.invitation_ids.push_back(invitation.id());
          }
          return absl::OkStatus();
        }));
    RETURN_IF_ERROR(index.Refresh(pool, refresh, now));
    total += static_cast<int>(refresh.invitation_ids.size());
    if (static_cast<int>(refresh.invitation_ids.size()) < kBatch) return total;
  }
}

void InvitationExpirer::Start() {
  thread_ = std::thread([this] {
    absl::MutexLock lock(&mu_);
    while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_)) {
      mu_.Unlock();
      absl::StatusOr<int> expired = ExpireDueInvitations(pool_, index_, absl::Now());
      if (!expired.ok()) {
        Log(LogLevel::kWarning, "invitation_expiry_failed",
            {{"reason", expired.status().message()}});
      } else if (*expired > 0) {
        Log(LogLevel::kInfo, "invitations_expired", {{"count", int64_t{*expired}}});
      }
      mu_.Lock();
    }
  });
}

void InvitationExpirer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace renfort::services
