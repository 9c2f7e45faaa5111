#ifndef RENFORT_SERVICES_VOLUNTEERS_RECORDED_ACTIVITY_H_
#define RENFORT_SERVICES_VOLUNTEERS_RECORDED_ACTIVITY_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace renfort::services {

// The volunteers whose activity this process has already recorded in the current hour.
// A volunteer's last_active_at is kept to the hour (VolunteerStore::TouchLastActive), so a
// second record in the same hour changes nothing but still costs a transaction: with this,
// a volunteer making many calls in an hour costs one. Another replica records on its own;
// that is one more no-op update, never a wrong value. Safe for concurrent use.
class RecordedActivity {
 public:
  // At most this many volunteers are remembered; beyond, the set starts again (each of them
  // is then recorded once more, harmlessly).
  static constexpr size_t kMaxRemembered = 1 << 20;

  // Whether `subject`'s activity at `now` still needs recording; remembers that it is being
  // recorded, so a later call in the same hour answers false.
  bool NeedsRecording(const std::string& subject, absl::Time now);
  // After a failed record: `subject`'s next call records again.
  void Forget(const std::string& subject);

 private:
  absl::Mutex mutex_;
  int64_t hour_ ABSL_GUARDED_BY(mutex_) = -1;
  absl::flat_hash_set<std::string> recorded_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_RECORDED_ACTIVITY_H_
