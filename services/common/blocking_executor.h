#ifndef RENFORT_SERVICES_COMMON_BLOCKING_EXECUTOR_H_
#define RENFORT_SERVICES_COMMON_BLOCKING_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace renfort::services {

// A fixed pool of threads for blocking work (PostgreSQL calls), kept off gRPC's callback threads
// so a slow query never stalls the server's event loop. Size it to the connection pool: more
// threads than connections would only wait for a connection.
//
// The queue is bounded: when it is full, Submit refuses the task and the caller answers
// RESOURCE_EXHAUSTED, which tells a client to back off instead of queueing without limit.
// Thread-safe.
class BlockingExecutor {
 public:
  BlockingExecutor(int threads, int max_queued);
  // Runs every task already accepted, then joins the threads.
  ~BlockingExecutor();
  BlockingExecutor(const BlockingExecutor&) = delete;
  BlockingExecutor& operator=(const BlockingExecutor&) = delete;

  // Queues `task` to run on one of the threads. False, and `task` is dropped unrun, when the
  // queue holds max_queued tasks already or the executor is shutting down.
  bool Submit(absl::AnyInvocable<void() &&> task);

  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void RunTasks();
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_queued_;
  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_BLOCKING_EXECUTOR_H_
