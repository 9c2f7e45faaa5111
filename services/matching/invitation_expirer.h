#ifndef RENFORT_SERVICES_MATCHING_INVITATION_EXPIRER_H_
#define RENFORT_SERVICES_MATCHING_INVITATION_EXPIRER_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/matching/live_index.h"
#include "storage/pg/connection_pool.h"

namespace renfort::services {

// One sweep: marks EXPIRED the PROPOSED invitations past their expire_time at `now` (or whose
// mission was closed or cancelled), in batches of up to 500 per transaction, each with its
// `invitation.expired` outbox event, and refreshes `index` for them (the volunteer becomes
// rankable for the mission again). Returns how many expired.
absl::StatusOr<int> ExpireDueInvitations(storage::ConnectionPool& pool, LiveIndex& index,
                                         absl::Time now);

// Runs ExpireDueInvitations every `interval` on its own thread until Stop(). Every matching
// process runs one; SKIP LOCKED keeps them from expiring the same row twice.
class InvitationExpirer {
 public:
  InvitationExpirer(storage::ConnectionPool& pool, LiveIndex& index, absl::Duration interval)
      : pool_(pool), index_(index), interval_(interval) {}
  ~InvitationExpirer() { Stop(); }
  InvitationExpirer(const InvitationExpirer&) = delete;
  InvitationExpirer& operator=(const InvitationExpirer&) = delete;

  void Start();
  void Stop();

 private:
  storage::ConnectionPool& pool_;
  LiveIndex& index_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_INVITATION_EXPIRER_H_
