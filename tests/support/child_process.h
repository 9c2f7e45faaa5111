#ifndef RENFORT_TESTS_SUPPORT_CHILD_PROCESS_H_
#define RENFORT_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renfort::testing {

// A real process started by a test, with stdout and stderr captured to a file. Killed (SIGKILL)
// on destruction if it is still running, so a failing test leaves no server behind.
class ChildProcess {
 public:
  // Starts `argv[0]` with the given arguments; `extra_env` entries ("NAME=value") are added to
  // this process's environment.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});
  ~ChildProcess();

  // Waits until the output holds a line containing `needle`; returns that line.
  // DEADLINE_EXCEEDED when it does not appear in time, FAILED_PRECONDITION if the process exits.
  absl::StatusOr<std::string> WaitForLine(const std::string& needle, absl::Duration timeout);

  // Sends `signal_number` (SIGTERM, SIGINT...).
  void Signal(int signal_number);

  // The exit code once the process has exited, or nullopt after `timeout`. 128+N when killed
  // by signal N.
  std::optional<int> WaitForExit(absl::Duration timeout);

  // Everything the process has written so far (stdout and stderr).
  std::string Output() const;

  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, std::string output_path) : pid_(pid), output_path_(std::move(output_path)) {}

  pid_t pid_;
  std::string output_path_;
  std::optional<int> exit_code_;
};

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_CHILD_PROCESS_H_
