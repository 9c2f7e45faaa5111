// 10,000 Apply calls in flight at once from an asynchronous gRPC client against the real
// all-in-one server, on 100 missions of 3 places each (500 of the calls repeat an application):
// the server's bounded queue refuses what it cannot hold (RESOURCE_EXHAUSTED), the client sends
// those again as answers come back, for a while. Every call gets a definite answer within its
// deadline (OK, ALREADY_EXISTS for a repeat, RESOURCE_EXHAUSTED for one given up; never UNKNOWN,
// DEADLINE_EXCEEDED or ABORTED), no mission holds more places than it has (the rest is
// waitlisted, as Apply does when a mission is full), no (volunteer, mission) has two
// participations, the database holds exactly what the OK answers said, and PostgreSQL detected
// no deadlock.
#include <gmock/gmock.h>
#include <grpcpp/alarm.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "renfort/v1/mission_service.grpc.pb.h"
#include "tests/faults/fault_probes.h"
#include "tests/support/private_postgres.h"
#include "tests/support/running_server.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::grpc::health::v1::HealthCheckResponse;

constexpr int kMissions = 100;
constexpr int kPlaces = 3;
constexpr int kVolunteers = 1900;
constexpr int kMissionsPerVolunteer = 5;
constexpr int kDistinctApplications = kVolunteers * kMissionsPerVolunteer;  // 9,500
constexpr int kRepeatedApplications = 500;
constexpr int kCalls = kDistinctApplications + kRepeatedApplications;
static_assert(kCalls == 10000);
constexpr int kChannels = 4;
// Every call, retries included, is answered well within this; none may run into it.
constexpr absl::Duration kCallDeadline = absl::Seconds(60);
// Refused calls are sent again as answers come back, one per answer (the server has room for
// one more then), and a few at a time when nothing is in flight: a client that backs off in step
// with the server instead of hammering it with retries that only cost authentication. After the
// window the client gives up, and a call still refused ends answered RESOURCE_EXHAUSTED (it
// never ran): how many of the 10,000 the server gets through depends on the machine's load,
// what they leave in the database does not.
constexpr absl::Duration kRetryWindow = absl::Seconds(25);
constexpr int kMinInFlight = 16;
constexpr absl::Duration kRetryTick = absl::Milliseconds(50);

// One logical Apply call: sent again after RESOURCE_EXHAUSTED (the server's bounded queue
// refusing work it never started, which asks the client to back off), as a real client does.
struct ApplyCall {
  int volunteer = 0;
  int mission = 0;
  absl::Time started;
  int attempts = 0;
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ApplyResponse>> reader;
  v1::ApplyResponse response;
  grpc::Status status;
  absl::Duration latency;
};

std::string CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : absl::StrCat("code ", index);
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(ApplyStorm, TenThousandConcurrentAppliesOnAHundredMissionsNeitherOverbookNorDeadlock) {
  auto key = testing::TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "apply-storm");
  // A PostgreSQL of this test's own, so that its log and deadlock counter are this test's only.
  auto postgres = testing::PrivatePostgres::Start();
  ASSERT_NE(postgres, nullptr);
  pqxx::connection sql(postgres->url());
  const std::vector<std::string> volunteers = testing::InsertVolunteers(sql, kVolunteers, "storm");
  std::vector<std::string> missions;
  {
    pqxx::work txn(sql);
    const std::string organisation = txn.exec1(R"sql(
      INSERT INTO organisations (name, kind, address_line, commune_insee_code, department_code,
                                 latitude, longitude, status, reviewed_at, reviewed_by)
      SELECT 'Croix-Rouge', 'ASSOCIATION', '1 place de la Mairie', insee_code, department_code,
             latitude, longitude, 'VALIDATED', now(), 'admin-1'
      FROM communes WHERE insee_code = '75056'
      RETURNING id::text)sql")[0]
                                         .as<std::string>();
    for (const pqxx::row& row : txn.exec_params(R"sql(
      INSERT INTO missions (organisation_id, title, domain_slug, format, department_code,
                            schedule_kind, start_date, end_date, commitment_duration_minutes,
                            commitment_period, places, status, published_at)
      SELECT $1, 'Mission ' || n, 'health', 'IN_PERSON', '75', 'ONE_OFF', date '2030-06-05',
             date '2030-06-05', 180, 'TOTAL', $3, 'PUBLISHED', now()
      FROM generate_series(1, $2) n ORDER BY n
      RETURNING id::text)sql",
                                                organisation, kMissions, kPlaces)) {
      missions.push_back(row[0].as<std::string>());
    }
    txn.commit();
  }
  ASSERT_EQ(volunteers.size(), static_cast<size_t>(kVolunteers));
  ASSERT_EQ(missions.size(), static_cast<size_t>(kMissions));
  const long long deadlocks_before = testing::QueryCount(
      sql, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");

  auto server = testing::RunningServer::Start({.binary = RENFORT_BIN,
                                               .database_url = postgres->url(),
                                               .jwt_key_files = {key->public_key_file()}});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING)) << server->process().Output();

  // Volunteer v applies to missions v, v+20, ..., v+80 (mod 100): about 95 applicants for each
  // mission's 3 places. Then 500 of those applications are sent a second time, all shuffled.
  std::vector<std::unique_ptr<ApplyCall>> calls;
  for (int v = 0; v < kVolunteers; ++v) {
    for (int k = 0; k < kMissionsPerVolunteer; ++k) {
      auto call = std::make_unique<ApplyCall>();
      call->volunteer = v;
      call->mission = (v + 20 * k) % kMissions;
      calls.push_back(std::move(call));
    }
  }
  std::mt19937 random(20300605);
  for (int i = 0; i < kRepeatedApplications; ++i) {
    const ApplyCall& original = *calls[(i * 19) % kDistinctApplications];
    auto call = std::make_unique<ApplyCall>();
    call->volunteer = original.volunteer;
    call->mission = original.mission;
    calls.push_back(std::move(call));
  }
  std::shuffle(calls.begin(), calls.end(), random);
  std::vector<std::string> tokens;
  for (const std::string& id : volunteers)
    tokens.push_back(key->Token(testing::VolunteerCaller(id)));

  std::vector<std::unique_ptr<v1::MissionService::Stub>> stubs;
  for (int c = 0; c < kChannels; ++c) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("renfort.test.channel", c);  // one HTTP/2 connection per channel
    stubs.push_back(v1::MissionService::NewStub(
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server->port()),
                                  grpc::InsecureChannelCredentials(), arguments)));
  }
  grpc::CompletionQueue queue;
  auto send = [&](ApplyCall& call, int index) {
    ++call.attempts;
    call.reader.reset();
    call.context = std::make_unique<grpc::ClientContext>();
    call.context->set_deadline(absl::ToChronoTime(call.started + kCallDeadline));
    call.context->AddMetadata("authorization", "Bearer " + tokens[call.volunteer]);
    v1::ApplyRequest request;
    request.set_mission_id(missions[call.mission]);
    call.reader = stubs[index % kChannels]->AsyncApply(call.context.get(), request, &queue);
    call.reader->Finish(&call.response, &call.status, &call);
  };

  std::cout << "injected: " << kCalls << " Apply calls sent at once on " << kChannels
            << " connections (" << kDistinctApplications << " distinct applications, "
            << kRepeatedApplications << " sent twice) to " << kMissions << " missions of "
            << kPlaces << " places\n";
  const absl::Time storm_started = absl::Now();
  std::map<const ApplyCall*, int> index_of;
  for (int i = 0; i < kCalls; ++i) {
    calls[i]->started = absl::Now();
    index_of[calls[i].get()] = i;
    send(*calls[i], i);
  }
  int in_flight = kCalls;
  int finished = 0;
  int refusals = 0;
  std::deque<ApplyCall*> refused;
  auto send_refused = [&](int count) {
    for (; count > 0 && !refused.empty(); --count) {
      ApplyCall* call = refused.front();
      refused.pop_front();
      send(*call, index_of[call]);
      ++in_flight;
    }
  };
  grpc::Alarm ticker;
  ticker.Set(&queue, absl::ToChronoTime(absl::Now() + kRetryTick), &ticker);
  bool stalled = false;
  while (finished < kCalls) {
    void* tag = nullptr;
    bool ok = false;
    if (queue.AsyncNext(&tag, &ok, absl::ToChronoTime(absl::Now() + absl::Seconds(60))) !=
        grpc::CompletionQueue::GOT_EVENT) {
      stalled = true;
      break;
    }
    const bool retrying = absl::Now() - storm_started < kRetryWindow;
    if (tag == &ticker) {
      if (retrying) {
        send_refused(kMinInFlight - in_flight);
      } else {
        for (ApplyCall* call : refused) {
          call->latency = absl::Now() - call->started;
          ++finished;
        }
        refused.clear();
      }
      ticker.Set(&queue, absl::ToChronoTime(absl::Now() + kRetryTick), &ticker);
      continue;
    }
    --in_flight;
    ApplyCall& call = *static_cast<ApplyCall*>(tag);
    if (call.status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++refusals;
      if (retrying) {
        refused.push_back(&call);
        continue;
      }
    }
    call.latency = absl::Now() - call.started;
    ++finished;
    send_refused(1);
  }
  // Nothing may stay queued on a dead completion queue.
  ticker.Cancel();
  for (const auto& call : calls) {
    if (call->context != nullptr) call->context->TryCancel();
  }
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  ASSERT_FALSE(stalled) << "no answer for 60 s; " << finished << " calls answered";
  const absl::Duration storm = absl::Now() - storm_started;

  std::map<std::string, int> codes;
  std::map<std::string, int> answered_statuses;
  std::set<std::string> answered_ids;
  std::set<std::pair<int, int>> processed_pairs;  // (volunteer, mission) of calls that ran
  int processed = 0;
  absl::Duration slowest;
  int max_attempts = 0;
  for (const auto& call : calls) {
    const grpc::StatusCode code = call->status.error_code();
    ++codes[CodeName(code)];
    if (code != grpc::StatusCode::OK && code != grpc::StatusCode::ALREADY_EXISTS &&
        code != grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ADD_FAILURE() << "Apply answered " << CodeName(code) << ": " << call->status.error_message();
    }
    if (code == grpc::StatusCode::OK || code == grpc::StatusCode::ALREADY_EXISTS) {
      ++processed;
      processed_pairs.insert({call->volunteer, call->mission});
    }
    if (call->status.ok()) {
      ++answered_statuses[v1::ParticipationStatus_Name(call->response.participation().status())];
      answered_ids.insert(call->response.participation().id());
    }
    slowest = std::max(slowest, call->latency);
    max_attempts = std::max(max_attempts, call->attempts);
  }
  std::cout << testing::Verdict() << ": all " << kCalls << " calls answered in "
            << absl::ToDoubleSeconds(storm) << " s, slowest " << absl::ToDoubleSeconds(slowest)
            << " s (deadline " << absl::ToDoubleSeconds(kCallDeadline) << " s); " << processed
            << " ran (" << static_cast<int>(processed / absl::ToDoubleSeconds(storm))
            << " calls/s), " << refusals << " attempts refused with RESOURCE_EXHAUSTED (at most "
            << max_attempts << " attempts for one call); codes:";
  for (const auto& [code, count] : codes) std::cout << " " << code << "=" << count;
  std::cout << "\n";
  // Each application that ran once or twice: one OK, and ALREADY_EXISTS for its second copy.
  EXPECT_EQ(codes["OK"], static_cast<int>(processed_pairs.size()));
  EXPECT_EQ(codes["ALREADY_EXISTS"], processed - static_cast<int>(processed_pairs.size()));
  EXPECT_LE(codes["ALREADY_EXISTS"], kRepeatedApplications);
  EXPECT_GE(codes["OK"], kMissions * kPlaces);  // the storm did fill places
  EXPECT_LT(slowest, kCallDeadline);
  EXPECT_EQ(answered_ids.size(), static_cast<size_t>(codes["OK"]));

  // The database against the answers.
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM participations"), codes["OK"]);
  EXPECT_EQ(
      testing::QueryCount(
          sql,
          "SELECT count(*) FROM (SELECT DISTINCT volunteer_id, mission_id FROM participations) d"),
      codes["OK"]);
  {
    pqxx::nontransaction txn(sql);
    std::set<std::string> stored_ids;
    for (const pqxx::row& row : txn.exec("SELECT id::text FROM participations")) {
      stored_ids.insert(row[0].as<std::string>());
    }
    EXPECT_EQ(stored_ids, answered_ids);
  }
  const long long overbooked = testing::QueryCount(sql, R"sql(
    SELECT count(*) FROM missions m
    WHERE (SELECT count(*) FROM participations p WHERE p.mission_id = m.id
           AND p.status IN ('PENDING', 'IN_REVIEW', 'ACCEPTED')) > m.places)sql");
  // Every mission holds as many places as it had applicants, up to its places; the counter the
  // CHECK constraint guards agrees.
  const long long miscounted = testing::QueryCount(sql, R"sql(
    SELECT count(*) FROM missions m
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE p.status IN ('PENDING', 'IN_REVIEW', 'ACCEPTED')) AS holding,
             count(*) AS applied
      FROM participations p WHERE p.mission_id = m.id) c
    WHERE c.holding <> least(m.places, c.applied) OR m.places_held <> c.holding)sql");
  const long long full =
      testing::QueryCount(sql, "SELECT count(*) FROM missions WHERE places_held = places");
  const long long pending =
      testing::QueryCount(sql, "SELECT count(*) FROM participations WHERE status = 'PENDING'");
  const long long waitlisted =
      testing::QueryCount(sql, "SELECT count(*) FROM participations WHERE status = 'WAITLISTED'");
  EXPECT_EQ(overbooked, 0);
  EXPECT_EQ(miscounted, 0);
  EXPECT_EQ(pending + waitlisted, codes["OK"]);
  EXPECT_EQ(answered_statuses["PARTICIPATION_STATUS_PENDING"], pending);
  EXPECT_EQ(answered_statuses["PARTICIPATION_STATUS_WAITLISTED"], waitlisted);
  EXPECT_EQ(testing::QueryCount(
                sql, "SELECT count(*) FROM outbox_events WHERE type = 'participation.created'"),
            codes["OK"]);
  std::cout << testing::Verdict() << ": " << codes["OK"]
            << " participations stored, the ids the OK answers "
            << "gave, one per (volunteer, mission); " << overbooked << " missions overbooked, "
            << miscounted << " holding other than min(places, applicants), " << full << " full; "
            << pending << " PENDING and " << waitlisted
            << " WAITLISTED, as answered; one participation.created event each\n";

  const long long deadlocks =
      testing::QueryCount(
          sql, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()") -
      deadlocks_before;
  const std::string log = ReadWholeFile(postgres->log_file());
  EXPECT_EQ(deadlocks, 0);
  EXPECT_EQ(log.find("deadlock detected"), std::string::npos);
  EXPECT_FALSE(log.empty());
  EXPECT_EQ(codes["ABORTED"], 0);
  std::cout << testing::Verdict() << ": PostgreSQL counted " << deadlocks
            << " deadlocks and its log has no \"deadlock detected\"; no call ABORTED\n";
  EXPECT_FALSE(server->process().WaitForExit(absl::ZeroDuration()).has_value());
}

}  // namespace
}  // namespace renfort
