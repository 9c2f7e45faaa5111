#ifndef RENFORT_MATCHING_INVOLVEMENT_H_
#define RENFORT_MATCHING_INVOLVEMENT_H_

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "matching/uuid.h"

namespace renfort::matching {

// The (mission, volunteer) pairs that are never matched again: the volunteer holds an active
// participation (WAITLISTED, PENDING, IN_REVIEW, ACCEPTED) or a PROPOSED invitation for the
// mission. Fed by storage snapshots and events. Not thread-safe; the engine guards it.
class InvolvementSet {
 public:
  void Set(const Uuid& mission, const Uuid& volunteer, bool involved) {
    if (involved) {
      pairs_.insert({mission, volunteer});
    } else {
      pairs_.erase({mission, volunteer});
    }
  }
  bool Contains(const Uuid& mission, const Uuid& volunteer) const {
    return !pairs_.empty() && pairs_.contains({mission, volunteer});
  }
  size_t size() const { return pairs_.size(); }
  size_t MemoryBytes() const { return pairs_.capacity() * (sizeof(std::pair<Uuid, Uuid>) + 1); }

 private:
  absl::flat_hash_set<std::pair<Uuid, Uuid>> pairs_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_INVOLVEMENT_H_
