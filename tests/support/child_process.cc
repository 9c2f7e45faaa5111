#include "tests/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

extern char** environ;

namespace renfort::testing {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(10);

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
  char output_template[] = "/tmp/renfort-child-XXXXXX";
  const int output_fd = mkstemp(output_template);
  if (output_fd < 0) return absl::InternalError("cannot create a capture file in /tmp");
  close(output_fd);

  std::vector<std::string> args = argv;
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) env.emplace_back(*entry);
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_template,
                                   O_WRONLY | O_APPEND, 0);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", argv[0], ": error ", error));
  }
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, output_template));
}

ChildProcess::~ChildProcess() {
  if (!exit_code_.has_value()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  unlink(output_path_.c_str());
}

std::string ChildProcess::Output() const {
  std::ifstream file(output_path_);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

absl::StatusOr<std::string> ChildProcess::WaitForLine(const std::string& needle,
                                                      absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    for (absl::string_view line : absl::StrSplit(Output(), '\n')) {
      if (line.find(needle) != absl::string_view::npos) return std::string(line);
    }
    if (WaitForExit(absl::ZeroDuration()).has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat("process exited with code ", *exit_code_, " before printing '", needle,
                       "'; output:\n", Output()));
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("'", needle, "' not printed in time; output:\n", Output()));
    }
    absl::SleepFor(kPollInterval);
  }
}

void ChildProcess::Signal(int signal_number) {
  if (!exit_code_.has_value()) kill(pid_, signal_number);
}

std::optional<int> ChildProcess::WaitForExit(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!exit_code_.has_value()) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (absl::Now() >= deadline) break;
    absl::SleepFor(kPollInterval);
  }
  return exit_code_;
}

}  // namespace renfort::testing
