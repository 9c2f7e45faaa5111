#ifndef RENFORT_TESTS_FAULTS_FAULT_PROBES_H_
#define RENFORT_TESTS_FAULTS_FAULT_PROBES_H_

#include <gtest/gtest.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "tests/support/running_server.h"

namespace renfort::testing {

// What the fault tests look at from outside the server: PostgreSQL's own view of its sessions,
// the process's memory, its /metrics page, and bulk rows written straight to the database.

// The one bigint `sql` (with `$1` bound to `parameter` when given) returns.
long long QueryCount(pqxx::connection& connection, const std::string& sql);
long long QueryCount(pqxx::connection& connection, const std::string& sql,
                     const std::string& parameter);

// Sessions of `connection`'s database other than its own that are inside a transaction (active,
// waiting or idle in transaction) and whose current or last statement contains `text`.
long long SessionsInTransactionRunning(pqxx::connection& connection, const std::string& text);
// Sessions of the database other than `connection`'s own waiting for a lock while running a
// statement that contains `text`.
long long SessionsWaitingForALock(pqxx::connection& connection, const std::string& text);

// Resident memory of process `pid` in KiB (VmRSS), or -1.
int64_t ResidentKib(pid_t pid);

// The port the server logged in its "metrics" line, or 0.
int MetricsPort(RunningServer& server);
// GET http://127.0.0.1:port/path: the whole response (status line, headers, body), or "".
std::string HttpGet(int port, const std::string& path);
// The value of one series ("name{labels}" exactly as served) on a metrics page, or nullopt.
std::optional<double> SeriesValue(const std::string& page, const std::string& series);

// "verified" while the running test has no failure, else "NOT verified": how the fault tests
// begin the lines they print after their checks, so the output never claims what failed.
inline const char* Verdict() { return ::testing::Test::HasFailure() ? "NOT verified" : "verified"; }

// Inserts `count` active adult volunteers living in Paris (75056), accepting in-person missions,
// e-mails tagged with `tag`; returns their ids.
std::vector<std::string> InsertVolunteers(pqxx::connection& connection, int count,
                                          const std::string& tag);

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_FAULTS_FAULT_PROBES_H_
