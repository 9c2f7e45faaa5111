#include "services/common/blocking_executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "absl/synchronization/notification.h"

namespace renfort::services {
namespace {

TEST(BlockingExecutor, RunsEveryAcceptedTaskBeforeDestruction) {
  std::atomic<int> done{0};
  {
    BlockingExecutor executor(/*threads=*/3, /*max_queued=*/1000);
    for (int i = 0; i < 500; ++i) {
      ASSERT_TRUE(executor.Submit([&done] { done.fetch_add(1); }));
    }
  }
  EXPECT_EQ(done.load(), 500);
}

TEST(BlockingExecutor, RunsTasksOffTheCallingThread) {
  const std::thread::id caller = std::this_thread::get_id();
  std::thread::id runner;
  absl::Notification ran;
  BlockingExecutor executor(1, 10);
  ASSERT_TRUE(executor.Submit([&] {
    runner = std::this_thread::get_id();
    ran.Notify();
  }));
  ran.WaitForNotification();
  EXPECT_NE(runner, caller);
}

TEST(BlockingExecutor, RefusesTasksBeyondTheQueueBound) {
  BlockingExecutor executor(/*threads=*/1, /*max_queued=*/2);
  absl::Notification release;
  absl::Notification started;
  ASSERT_TRUE(executor.Submit([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();  // the only thread is now busy; the queue is empty
  EXPECT_TRUE(executor.Submit([] {}));
  EXPECT_TRUE(executor.Submit([] {}));
  EXPECT_FALSE(executor.Submit([] {}));
  release.Notify();
}

}  // namespace
}  // namespace renfort::services
