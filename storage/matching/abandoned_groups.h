#ifndef RENFORT_STORAGE_MATCHING_ABANDONED_GROUPS_H_
#define RENFORT_STORAGE_MATCHING_ABANDONED_GROUPS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/redis/redis_client.h"

namespace renfort::storage {

// Each process holding a matching index reads the stream through a consumer group of its own
// (named after its host). A group left behind by a process that is gone for good would hold
// back the trimming of the stream (only entries every group acknowledged are trimmed), so
// indexers remove such groups: those of `stream` named `prefix`…, other than `keep`, that have
// consumers and whose every consumer has been idle longer than `max_idle`. Groups without any
// consumer yet are left alone (their process may still be loading its snapshot). Returns the
// names removed. UNAVAILABLE when Redis is out of reach.
absl::StatusOr<std::vector<std::string>> DestroyAbandonedGroups(RedisConnection& redis,
                                                                const std::string& stream,
                                                                absl::string_view prefix,
                                                                const std::string& keep,
                                                                absl::Duration max_idle);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MATCHING_ABANDONED_GROUPS_H_
