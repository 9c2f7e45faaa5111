#include "tests/faults/fault_probes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace renfort::testing {

long long QueryCount(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction txn(connection);
  return txn.exec1(sql)[0].as<long long>();
}

long long QueryCount(pqxx::connection& connection, const std::string& sql,
                     const std::string& parameter) {
  pqxx::nontransaction txn(connection);
  return txn.exec_params1(sql, parameter)[0].as<long long>();
}

long long SessionsInTransactionRunning(pqxx::connection& connection, const std::string& text) {
  return QueryCount(connection,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
                    "AND state <> 'idle' AND strpos(query, $1) > 0",
                    text);
}

long long SessionsWaitingForALock(pqxx::connection& connection, const std::string& text) {
  return QueryCount(connection,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' "
                    "AND strpos(query, $1) > 0",
                    text);
}

int64_t ResidentKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, "VmRSS:")) continue;
    rest = absl::StripAsciiWhitespace(rest);
    absl::ConsumeSuffix(&rest, "kB");
    int64_t kib = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), &kib)) return kib;
  }
  return -1;
}

int MetricsPort(RunningServer& server) {
  absl::StatusOr<std::string> line =
      server.process().WaitForLine("\"event\":\"metrics\"", absl::Seconds(10));
  if (!line.ok()) return 0;
  const size_t at = line->find("\"port\":");
  if (at == std::string::npos) return 0;
  int port = 0;
  const size_t end = line->find_first_of(",}", at);
  if (!absl::SimpleAtoi(line->substr(at + 7, end - at - 7), &port)) return 0;
  return port;
}

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    const std::string request =
        absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[8192];
      ssize_t got;
      while ((got = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, got);
    }
  }
  close(fd);
  return response;
}

std::optional<double> SeriesValue(const std::string& page, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(page, '\n')) {
    if (!absl::ConsumePrefix(&line, series) || !absl::ConsumePrefix(&line, " ")) continue;
    double value = 0;
    if (absl::SimpleAtod(absl::StripAsciiWhitespace(line), &value)) return value;
  }
  return std::nullopt;
}

std::vector<std::string> InsertVolunteers(pqxx::connection& connection, int count,
                                          const std::string& tag) {
  pqxx::work txn(connection);
  const pqxx::result rows = txn.exec_params(R"sql(
    INSERT INTO volunteers (first_name, last_name, email, birth_date, home_commune_insee_code,
                            latitude, longitude, department_code, max_travel_km,
                            terms_accepted_at, data_processing_consented_at)
    SELECT 'Bulk', 'Volunteer', $2 || '-' || n || '@example.org', date '1990-01-01',
           c.insee_code, c.latitude, c.longitude, c.department_code, 20, now(), now()
    FROM generate_series(1, $1) n, (SELECT * FROM communes WHERE insee_code = '75056') c
    ORDER BY n
    RETURNING id::text)sql",
                                            count, tag);
  txn.commit();
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const pqxx::row& row : rows) ids.push_back(row[0].as<std::string>());
  return ids;
}

}  // namespace renfort::testing
