#include "services/matching/index_metrics.h"

#include <memory>

#include "absl/synchronization/mutex.h"

namespace renfort::services {
namespace {

// The gauges, registered on the first sample: the registry belongs to ServerMetrics, which
// exists only once the services are built.
struct IndexGauges {
  explicit IndexGauges(prometheus::Registry& registry)
      : ready(prometheus::BuildGauge()
                  .Name("renfort_matching_index_ready")
                  .Help("1 once the matching index has loaded its first snapshot")
                  .Register(registry)
                  .Add({})),
        entries(prometheus::BuildGauge()
                    .Name("renfort_matching_index_entries")
                    .Help("Volunteers, missions and involved pairs held by the matching index")
                    .Register(registry)),
        bytes(prometheus::BuildGauge()
                  .Name("renfort_matching_index_bytes")
                  .Help("Memory the matching index holds, by part (an estimate from capacities)")
                  .Register(registry)) {}

  prometheus::Gauge& ready;
  prometheus::Family<prometheus::Gauge>& entries;
  prometheus::Family<prometheus::Gauge>& bytes;
};

}  // namespace

std::function<void(ServerMetrics&)> MatchingIndexSampler(const LiveIndex& index) {
  struct State {
    absl::Mutex mu;
    std::unique_ptr<IndexGauges> gauges ABSL_GUARDED_BY(mu);
  };
  auto state = std::make_shared<State>();
  return [state, &index](ServerMetrics& metrics) {
    absl::MutexLock lock(&state->mu);
    if (state->gauges == nullptr) state->gauges = std::make_unique<IndexGauges>(metrics.registry());
    IndexGauges& gauges = *state->gauges;
    const matching::MatchingEngine* engine = index.engine();
    gauges.ready.Set(engine != nullptr ? 1 : 0);
    if (engine == nullptr) return;
    const matching::IndexStats stats = engine->Stats();
    gauges.entries.Add({{"kind", "volunteers"}}).Set(static_cast<double>(stats.volunteers));
    gauges.entries.Add({{"kind", "missions"}}).Set(static_cast<double>(stats.missions));
    gauges.entries.Add({{"kind", "involvement_pairs"}})
        .Set(static_cast<double>(stats.involvement_pairs));
    gauges.bytes.Add({{"kind", "volunteers"}}).Set(static_cast<double>(stats.volunteer_bytes));
    gauges.bytes.Add({{"kind", "missions"}}).Set(static_cast<double>(stats.mission_bytes));
  };
}

}  // namespace renfort::services
