// The five RPCs the load benchmark drives, each as a stream of realistic, varied requests drawn
// from the seeded dataset, every one expected to succeed: a failed call is a failure of the run,
// never an expected business refusal.
#ifndef RENFORT_BENCH_LOAD_WORKLOADS_H_
#define RENFORT_BENCH_LOAD_WORKLOADS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/load/seeded_dataset.h"
#include "bench/unary_load.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/signing_key.h"

namespace renfort::bench {

// Mints bearer tokens like `renfortctl token` does, with the development private key.
class TokenMinter {
 public:
  // INVALID_ARGUMENT / NOT_FOUND naming the file when it is not a private key.
  static absl::StatusOr<TokenMinter> FromPrivateKeyFile(const std::string& path);
  // "Bearer <jwt>" for `caller`, valid 12 hours.
  absl::StatusOr<std::string> Authorization(const services::Caller& caller) const;

 private:
  explicit TokenMinter(services::PemKey key) : key_(std::move(key)) {}
  services::PemKey key_;
};

enum class Server { kMissions, kVolunteers, kMatching };

struct Workload {
  std::string rpc;  // "GetMission", ...
  Server server;    // which service answers it
  CallSourceFactory calls;
};

// The RPC names Workloads accepts, in the order a full run measures them: reads first, then
// the writes (which add rows the reads would otherwise see).
const std::vector<std::string>& WorkloadNames();

// The workload of `rpc` over `dataset`, with `run_tag` making the run's new e-mail addresses
// unique. Mints the tokens it needs (one per volunteer, organisation or apply pair) before
// returning. INVALID_ARGUMENT for an unknown RPC.
absl::StatusOr<Workload> MakeWorkload(const std::string& rpc,
                                      std::shared_ptr<const SeededDataset> dataset,
                                      const TokenMinter& minter, const std::string& run_tag);

}  // namespace renfort::bench

#endif  // RENFORT_BENCH_LOAD_WORKLOADS_H_
