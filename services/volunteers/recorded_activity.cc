#include "services/volunteers/recorded_activity.h"

namespace renfort::services {

bool RecordedActivity::NeedsRecording(const std::string& subject, absl::Time now) {
  const int64_t hour = absl::ToUnixSeconds(now) / 3600;
  absl::MutexLock lock(&mutex_);
  if (hour != hour_ || recorded_.size() >= kMaxRemembered) {
    recorded_.clear();
    hour_ = hour;
  }
  return recorded_.insert(subject).second;
}

void RecordedActivity::Forget(const std::string& subject) {
  absl::MutexLock lock(&mutex_);
  recorded_.erase(subject);
}

}  // namespace renfort::services
