// The event pipeline's figures on a stack of its own (a private PostgreSQL and Redis, the real
// all-in-one renfort driven over gRPC):
//  1. commit-to-index latency at a steady write rate: background writers keep the total rate
//     of write RPCs at --rate while probe threads flip the availability of one volunteer each
//     and poll RankVolunteers of a mission only that volunteer can reach, timing from the write
//     RPC's return to the first ranking that shows the change;
//  2. relay throughput: events/s the outbox relay publishes from a backlog of --backlog rows.
//
//   build/bench/pipeline/pipeline_bench                 # 1,000 writes/s for 20 s, 100,000 rows
//   build/bench/pipeline/pipeline_bench --rate=500 --seconds=10 --backlog=20000
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "storage/outbox_relay.h"
#include "tests/support/private_postgres.h"
#include "tests/support/private_redis.h"
#include "tests/support/running_server.h"
#include "tests/support/service_requests.h"
#include "tests/support/test_keys.h"

ABSL_FLAG(double, rate, 1000, "Write RPCs per second, probes included");
ABSL_FLAG(int, seconds, 20, "Length of the measured window of the latency part");
ABSL_FLAG(int, probes, 4, "Probe volunteers (one thread and one mission each), at most 8");
ABSL_FLAG(double, probe_rate, 20, "Availability flips per second of each probe");
ABSL_FLAG(int, writers, 16, "Threads issuing the background writes");
ABSL_FLAG(int, volunteers, 2000, "Background volunteers the background writes change");
ABSL_FLAG(int, backlog, 100000, "Outbox rows of the relay part; 0 skips it");
ABSL_FLAG(double, poll_ms, 1,
          "Pause between a probe's RankVolunteers calls while the flip is not visible yet");

namespace renfort::bench {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::ServiceClients;

// Large cities far from each other and from Lille (the background volunteers' home), so a probe
// mission's ranking holds its probe volunteer (5 km of travel) and nobody else.
constexpr const char* kProbeCommunes[] = {"69123", "13055", "31555", "33063",
                                          "44109", "67482", "34172", "35238"};
constexpr char kBackgroundCommune[] = "59350";

std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

// Nearest-rank percentile of sorted `values`.
double Percentile(const std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p / 100 * values.size()));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

struct Samples {
  absl::Mutex mu;
  std::vector<double> values;
  void Add(double value) {
    absl::MutexLock lock(&mu);
    values.push_back(value);
  }
  std::vector<double> Sorted() {
    absl::MutexLock lock(&mu);
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  }
};

bool Ranks(const v1::RankVolunteersResponse& ranking, const std::string& volunteer) {
  return std::any_of(ranking.volunteers().begin(), ranking.volunteers().end(),
                     [&](const v1::RankedVolunteer& ranked) { return ranked.volunteer_id() == volunteer; });
}

int Fail(const std::string& message) {
  std::cerr << "pipeline_bench: " << message << "\n";
  return 1;
}

// Part 1. Returns false when the stack misbehaved (a write failed, a change never showed).
bool MeasureCommitToIndex(const ServiceClients& clients, const std::string& organisation) {
  const int probes = std::min(absl::GetFlag(FLAGS_probes), 8);
  const double probe_rate = absl::GetFlag(FLAGS_probe_rate);
  const double background_rate = absl::GetFlag(FLAGS_rate) - probes * probe_rate;
  const absl::Duration window = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  const int volunteer_count = absl::GetFlag(FLAGS_volunteers);
  const absl::Duration poll_pause = absl::Milliseconds(absl::GetFlag(FLAGS_poll_ms));

  std::vector<std::string> missions, probe_volunteers;
  for (int p = 0; p < probes; ++p) {
    missions.push_back(clients.CreatePublishedMission(testing::PipelineMission(
        organisation, absl::StrCat("Sonde ", p), kProbeCommunes[p], 5)));
    probe_volunteers.push_back(testing::RandomUuid());
    if (missions.back().empty() ||
        !clients.Register(probe_volunteers[p],
                          testing::PipelineVolunteer(absl::StrCat("p", p), kProbeCommunes[p], 5))
             .ok() ||
        !clients.SetAvailability(probe_volunteers[p], testing::WeeklyAvailability(true)).ok()) {
      std::cerr << "cannot create probe " << p << "\n";
      return false;
    }
  }
  std::vector<std::string> volunteers(volunteer_count);
  {
    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int n = next++; n < volunteer_count; n = next++) {
          volunteers[n] = testing::RandomUuid();
          if (!clients.Register(volunteers[n], testing::PipelineVolunteer(absl::StrCat("b", n),
                                                                          kBackgroundCommune, 20))
                   .ok()) {
            ++failed;
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    if (failed > 0) {
      std::cerr << failed.load() << " background registrations failed\n";
      return false;
    }
  }
  for (int p = 0; p < probes; ++p) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    v1::RankVolunteersResponse ranking;
    while (!(clients.Rank(missions[p], ranking).ok() && Ranks(ranking, probe_volunteers[p]))) {
      if (absl::Now() > deadline) {
        std::cerr << "probe mission " << p << " never ranked its volunteer\n";
        return false;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
  }
  std::cout << "stack ready: " << probes << " probe missions and volunteers, " << volunteer_count
            << " background volunteers; load average " << LoadAverage() << "\n";

  Samples visible_by, not_yet_at, write_latency;
  std::atomic<long long> writes{0}, write_failures{0}, late{0}, never_visible{0};
  const absl::Time start = absl::Now() + absl::Milliseconds(200);
  const absl::Time end = start + window;
  std::vector<std::thread> threads;

  // Background writes, open loop: write k is due at start + k / rate, whoever is free sends it.
  std::atomic<long long> next_write{0};
  const int writers = background_rate > 0 ? absl::GetFlag(FLAGS_writers) : 0;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&] {
      while (true) {
        const long long k = next_write++;
        const absl::Time due = start + absl::Seconds(k / background_rate);
        if (due >= end) return;
        if (absl::Now() < due) absl::SleepFor(due - absl::Now());
        else if (absl::Now() - due > absl::Milliseconds(50)) ++late;
        const std::string& volunteer = volunteers[k % volunteers.size()];
        const absl::Time sent = absl::Now();
        grpc::Status status;
        if (k % 2 == 0) {
          status = clients.SetAvailability(volunteer, testing::WeeklyAvailability((k / 2) % 2 == 0));
        } else {
          v1::UpdateVolunteerRequest update;
          update.mutable_volunteer()->set_max_travel_km(10 + static_cast<int>(k % 20));
          update.mutable_update_mask()->add_paths("max_travel_km");
          v1::UpdateVolunteerResponse updated;
          status = clients.Call(clients.volunteers(), &v1::VolunteerService::Stub::UpdateVolunteer,
                                testing::VolunteerCaller(volunteer), update, updated);
        }
        write_latency.Add(absl::ToDoubleMilliseconds(absl::Now() - sent));
        ++writes;
        if (!status.ok()) ++write_failures;
      }
    });
  }
  // Probes: flip availability, then poll the ranking until it shows the flip.
  for (int p = 0; p < probes; ++p) {
    threads.emplace_back([&, p] {
      bool available = true;
      for (long long k = 0;; ++k) {
        const absl::Time due = start + absl::Seconds(k / probe_rate);
        if (due >= end) return;
        if (absl::Now() < due) absl::SleepFor(due - absl::Now());
        available = !available;
        const absl::Time sent = absl::Now();
        const grpc::Status status =
            clients.SetAvailability(probe_volunteers[p], testing::WeeklyAvailability(available));
        const absl::Time returned = absl::Now();
        write_latency.Add(absl::ToDoubleMilliseconds(returned - sent));
        ++writes;
        if (!status.ok()) {
          ++write_failures;
          available = !available;
          continue;
        }
        // The change became visible after the last call that did not show it was sent, and
        // before the first call that shows it replied.
        v1::RankVolunteersResponse ranking;
        absl::Time last_miss_sent = returned;
        while (true) {
          const absl::Time asked = absl::Now();
          if (clients.Rank(missions[p], ranking).ok() &&
              Ranks(ranking, probe_volunteers[p]) == available) {
            visible_by.Add(absl::ToDoubleMilliseconds(absl::Now() - returned));
            not_yet_at.Add(absl::ToDoubleMilliseconds(last_miss_sent - returned));
            break;
          }
          last_miss_sent = asked;
          if (absl::Now() - returned > absl::Seconds(10)) {
            ++never_visible;
            break;
          }
          // Polling without a pause made the probes a large share of the stack's work: one
          // ranking after another for as long as each flip took to show. The pause widens the
          // observed interval by at most poll_ms; its lower bound (last miss sent) stays exact.
          absl::SleepFor(poll_pause);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);

  const std::vector<double> upper = visible_by.Sorted();
  const std::vector<double> lower = not_yet_at.Sorted();
  const std::vector<double> rpc = write_latency.Sorted();
  std::cout << absl::StrFormat(
      "writes: %lld in %.1f s = %.0f writes/s (target %.0f), %lld failed, %lld sent >50 ms late\n",
      writes.load(), elapsed, writes / elapsed, absl::GetFlag(FLAGS_rate), write_failures.load(),
      late.load());
  std::cout << absl::StrFormat("write RPC latency ms: p50 %.2f  p99 %.2f  max %.2f\n",
                               Percentile(rpc, 50), Percentile(rpc, 99), rpc.empty() ? 0 : rpc.back());
  std::cout << absl::StrFormat(
      "commit-to-index ms over %zu probe writes (write RPC returned -> first RankVolunteers "
      "showing it):\n  visible by (reply of that call):  p50 %.2f  p99 %.2f  max %.2f\n"
      "  not before (last call not showing it was sent): p50 %.2f  p99 %.2f\n  never visible within 10 s: %lld\n",
      upper.size(), Percentile(upper, 50), Percentile(upper, 99), upper.empty() ? 0 : upper.back(),
      Percentile(lower, 50), Percentile(lower, 99), never_visible.load());
  std::cout << "load average after: " << LoadAverage() << "\n";
  return write_failures == 0 && never_visible == 0;
}

// Part 2: the real OutboxRelay, alone (no server, no consumer), draining `rows` outbox rows.
bool MeasureRelay(const std::string& database_url, const storage::RedisEndpoint& redis, int rows) {
  // A realistic payload: a serialized volunteer, as volunteer.* events carry.
  const std::string payload =
      testing::PipelineVolunteer("relay", kBackgroundCommune, 20).SerializeAsString();
  try {
    pqxx::connection connection(database_url);
    pqxx::work txn(connection);
    txn.exec_params(
        "INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload) "
        "SELECT 'volunteer.updated', 'VOLUNTEER', gen_random_uuid()::text, $2 "
        "FROM generate_series(1, $1)",
        rows, pqxx::binarystring(payload));
    txn.commit();
    pqxx::nontransaction(connection).exec("VACUUM ANALYZE outbox_events");
  } catch (const std::exception& e) {
    std::cerr << "cannot write the backlog: " << e.what() << "\n";
    return false;
  }
  std::cout << "relay: " << rows << " outbox rows of " << payload.size()
            << "-byte payloads waiting; load average " << LoadAverage() << "\n";
  storage::OutboxRelay relay(database_url, redis);
  const absl::Time start = absl::Now();
  relay.Start();
  while (relay.published_total() < rows && absl::Now() - start < absl::Minutes(10)) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  relay.Stop();
  std::cout << absl::StrFormat("relay: published %lld events in %.2f s = %.0f events/s "
                               "(batches of 500, one transaction and one pipelined XADD round "
                               "trip each)\n",
                               relay.published_total(), seconds, relay.published_total() / seconds);
  std::cout << "load average after: " << LoadAverage() << "\n";
  return relay.published_total() >= rows;
}

int Run() {
  std::cout << "load average at start: " << LoadAverage() << "\n";
  auto postgres = testing::PrivatePostgres::Start();
  if (postgres == nullptr) return Fail("cannot start PostgreSQL");
  auto redis = testing::PrivateRedis::Start();
  if (redis == nullptr) return Fail("cannot start Redis");
  auto key = testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "bench");
  bool ok = true;
  {
    auto server = testing::RunningServer::Start({.binary = RENFORT_BIN,
                                                 .database_url = postgres->url(),
                                                 .jwt_key_files = {key->public_key_file()},
                                                 .extra_flags = {"--db_pool_size=8"},
                                                 .redis_url = redis->url()});
    if (server == nullptr ||
        !server->AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING,
                             "renfort.v1.MatchingService")) {
      return Fail("the server did not start");
    }
    const ServiceClients clients(server->channel(), *key);
    const std::string organisation = clients.CreateValidatedOrganisation("Banque alimentaire");
    if (organisation.empty()) return Fail("cannot create the organisation");
    ok = MeasureCommitToIndex(clients, organisation);
    server->process().Signal(SIGTERM);
    server->process().WaitForExit(absl::Seconds(15));
  }
  if (absl::GetFlag(FLAGS_backlog) > 0) {
    ok = MeasureRelay(postgres->url(), redis->endpoint(), absl::GetFlag(FLAGS_backlog)) && ok;
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace renfort::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return renfort::bench::Run();
}
