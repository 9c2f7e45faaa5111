// renfort-retention: the daily upkeep of volunteer accounts (docs/privacy.md): ends pauses whose
// last day has passed, reminds volunteers inactive for 3 and 6 months (one notification each),
// and erases those inactive for 3 years, like DeleteVolunteer. Run daily by the
// renfort-retention CronJob; safe to rerun (each step is idempotent).
//
// Exit codes: 0 done; 1 database unreachable or a step failed; 2 bad usage.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/pg/connection_pool.h"
#include "storage/volunteers/retention.h"

ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/renfort "
          "(default: RENFORT_DATABASE_URL)");
ABSL_FLAG(int, first_reminder_months, 3, "Months without activity before the first reminder");
ABSL_FLAG(int, second_reminder_months, 6, "Months without activity before the second reminder");
ABSL_FLAG(int, archive_after_months, 36,
          "Months without activity after which an account is erased");
ABSL_FLAG(int, batch_size, 500, "Accounts erased per transaction");
ABSL_FLAG(std::string, now, "",
          "Run as if at this RFC 3339 instant (e.g. 2027-01-01T02:30:00Z); default: the clock");

namespace {

int Fail(int exit_code, absl::string_view message) {
  std::fprintf(stderr, "renfort-retention: %.*s\n", static_cast<int>(message.size()),
               message.data());
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Reminds, resumes and erases volunteer accounts by inactivity.");
  absl::ParseCommandLine(argc, argv);
  std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty()) {
    const char* env = std::getenv("RENFORT_DATABASE_URL");
    url = env == nullptr ? "" : env;
  }
  if (url.empty()) return Fail(2, "--database_url (RENFORT_DATABASE_URL) is required");

  renfort::storage::RetentionPolicy policy;
  policy.first_reminder_months = absl::GetFlag(FLAGS_first_reminder_months);
  policy.second_reminder_months = absl::GetFlag(FLAGS_second_reminder_months);
  policy.archive_after_months = absl::GetFlag(FLAGS_archive_after_months);
  policy.batch_size = absl::GetFlag(FLAGS_batch_size);
  if (policy.first_reminder_months < 1 ||
      policy.second_reminder_months <= policy.first_reminder_months ||
      policy.archive_after_months <= policy.second_reminder_months || policy.batch_size < 1) {
    return Fail(2, "need 1 <= --first_reminder_months < --second_reminder_months < "
                   "--archive_after_months and --batch_size >= 1");
  }
  absl::Time now = absl::Now();
  if (const std::string text = absl::GetFlag(FLAGS_now); !text.empty()) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, text, &now, &error)) {
      return Fail(2, absl::StrCat("--now: ", error));
    }
  }

  auto pool = renfort::storage::ConnectionPool::Open(url, 1);
  if (!pool.ok()) return Fail(1, pool.status().message());
  const absl::StatusOr<renfort::storage::RetentionReport> report =
      renfort::storage::RunRetention(**pool, policy, now);
  if (!report.ok()) return Fail(1, report.status().ToString());
  std::printf(
      "{\"event\":\"retention_done\",\"pauses_ended\":%d,\"first_reminders\":%d,"
      "\"second_reminders\":%d,\"archived\":%d}\n",
      report->pauses_ended, report->first_reminders, report->second_reminders, report->archived);
  return 0;
}
