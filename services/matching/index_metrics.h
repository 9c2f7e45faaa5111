#ifndef RENFORT_SERVICES_MATCHING_INDEX_METRICS_H_
#define RENFORT_SERVICES_MATCHING_INDEX_METRICS_H_

#include <functional>

#include "services/common/metrics.h"
#include "services/matching/live_index.h"

namespace renfort::services {

// The size of a process's matching index, as Prometheus gauges:
//
//   renfort_matching_index_ready                        1 once the first snapshot is loaded
//   renfort_matching_index_entries{kind=volunteers|missions|involvement_pairs}
//   renfort_matching_index_bytes{kind=volunteers|missions}   the engine's memory estimate
//
// Every replica of renfort-matching holds a whole index, so these tell how much memory a pod
// needs (the Deployment's memory request and limit) and whether replicas agree.
// Returns a sampler for Backends::metric_samplers; `index` must outlive it. The sizes appear
// once the index is ready.
std::function<void(ServerMetrics&)> MatchingIndexSampler(const LiveIndex& index);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_INDEX_METRICS_H_
