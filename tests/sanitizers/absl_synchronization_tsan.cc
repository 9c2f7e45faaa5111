// ThreadSanitizer builds only (scripts/sanitize thread): tells ThreadSanitizer about Abseil's
// locks. Debian's libabsl_synchronization is not built with -fsanitize=thread, so its Mutex,
// CondVar and Notification synchronise in code ThreadSanitizer cannot see, and every field
// guarded by an absl::Mutex would be reported as a data race. This library, linked first into
// every binary of the ThreadSanitizer build, defines the same symbols: each calls Abseil's own
// (the next definition, found with dlsym) and adds the happens-before edge the lock implies
// (acquire after locking, release before unlocking), keyed by the mutex's address. Calls from
// inside Abseil come here too: the library calls its own functions through the PLT.
//
// Abseil evaluates a waiter's Condition inside lock and unlock operations, often on another
// thread (the one unlocking), after this library has already released the mutex or before it
// has acquired it. Condition::Eval is wrapped too: it acquires the mutex of the operation in
// progress on its thread before evaluating and releases it after, as if the lock were held
// then, which it is.

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace {

// Abseil's definition of the function whose mangled name is `name`, after this library's.
template <typename Function>
Function Next(const char* name) {
  void* found = dlsym(RTLD_NEXT, name);
  if (found == nullptr) {
    fprintf(stderr, "absl_synchronization_tsan: %s not found: %s\n", name, dlerror());
    abort();
  }
  return reinterpret_cast<Function>(found);
}

#define REAL(type, name) static const auto real = Next<type>(name)

void Acquired(const void* mutex) { __tsan_acquire(const_cast<void*>(mutex)); }
void Releasing(const void* mutex) { __tsan_release(const_cast<void*>(mutex)); }

// The mutex whose operation this thread is inside, for Condition::Eval.
thread_local const void* current_operation = nullptr;

// Marks `mutex` as the one this thread operates on while it lives.
class Operating {
 public:
  explicit Operating(const void* mutex) : previous_(current_operation) {
    current_operation = mutex;
  }
  ~Operating() { current_operation = previous_; }

 private:
  const void* const previous_;
};

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex4LockEv");
  Operating operating(this);
  real(this);
  Acquired(this);
}

void Mutex::ReaderLock() {
  REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex10ReaderLockEv");
  Operating operating(this);
  real(this);
  Acquired(this);
}

bool Mutex::TryLock() {
  REAL(bool (*)(Mutex*), "_ZN4absl7debian35Mutex7TryLockEv");
  Operating operating(this);
  const bool locked = real(this);
  if (locked) Acquired(this);
  return locked;
}

bool Mutex::ReaderTryLock() {
  REAL(bool (*)(Mutex*), "_ZN4absl7debian35Mutex13ReaderTryLockEv");
  Operating operating(this);
  const bool locked = real(this);
  if (locked) Acquired(this);
  return locked;
}

void Mutex::Unlock() {
  REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex6UnlockEv");
  Operating operating(this);
  Releasing(this);
  real(this);
}

void Mutex::ReaderUnlock() {
  REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex12ReaderUnlockEv");
  Operating operating(this);
  Releasing(this);
  real(this);
}

// The *When and *WithTimeout/Deadline forms hold the mutex when they return, whatever they
// return; Await releases it while waiting.
void Mutex::LockWhen(const Condition& condition) {
  REAL(void (*)(Mutex*, const Condition&), "_ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE");
  Operating operating(this);
  real(this, condition);
  Acquired(this);
}

void Mutex::ReaderLockWhen(const Condition& condition) {
  REAL(void (*)(Mutex*, const Condition&),
       "_ZN4absl7debian35Mutex14ReaderLockWhenERKNS0_9ConditionE");
  Operating operating(this);
  real(this, condition);
  Acquired(this);
}

bool Mutex::LockWhenWithTimeout(const Condition& condition, absl::Duration timeout) {
  REAL(bool (*)(Mutex*, const Condition&, absl::Duration),
       "_ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  Operating operating(this);
  const bool met = real(this, condition, timeout);
  Acquired(this);
  return met;
}

bool Mutex::LockWhenWithDeadline(const Condition& condition, absl::Time deadline) {
  REAL(bool (*)(Mutex*, const Condition&, absl::Time),
       "_ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Operating operating(this);
  const bool met = real(this, condition, deadline);
  Acquired(this);
  return met;
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& condition, absl::Duration timeout) {
  REAL(bool (*)(Mutex*, const Condition&, absl::Duration),
       "_ZN4absl7debian35Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  Operating operating(this);
  const bool met = real(this, condition, timeout);
  Acquired(this);
  return met;
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& condition, absl::Time deadline) {
  REAL(bool (*)(Mutex*, const Condition&, absl::Time),
       "_ZN4absl7debian35Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Operating operating(this);
  const bool met = real(this, condition, deadline);
  Acquired(this);
  return met;
}

void Mutex::Await(const Condition& condition) {
  REAL(void (*)(Mutex*, const Condition&), "_ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE");
  Operating operating(this);
  Releasing(this);
  real(this, condition);
  Acquired(this);
}

bool Mutex::AwaitWithTimeout(const Condition& condition, absl::Duration timeout) {
  REAL(bool (*)(Mutex*, const Condition&, absl::Duration),
       "_ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  Operating operating(this);
  Releasing(this);
  const bool met = real(this, condition, timeout);
  Acquired(this);
  return met;
}

bool Mutex::AwaitWithDeadline(const Condition& condition, absl::Time deadline) {
  REAL(bool (*)(Mutex*, const Condition&, absl::Time),
       "_ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Operating operating(this);
  Releasing(this);
  const bool met = real(this, condition, deadline);
  Acquired(this);
  return met;
}

// A condition variable's wait releases the mutex and holds it again on return.
void CondVar::Wait(Mutex* mutex) {
  REAL(void (*)(CondVar*, Mutex*), "_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE");
  Operating operating(mutex);
  Releasing(mutex);
  real(this, mutex);
  Acquired(mutex);
}

bool CondVar::WaitWithTimeout(Mutex* mutex, absl::Duration timeout) {
  REAL(bool (*)(CondVar*, Mutex*, absl::Duration),
       "_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  Operating operating(mutex);
  Releasing(mutex);
  const bool timed_out = real(this, mutex, timeout);
  Acquired(mutex);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mutex, absl::Time deadline) {
  REAL(bool (*)(CondVar*, Mutex*, absl::Time),
       "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  Operating operating(mutex);
  Releasing(mutex);
  const bool timed_out = real(this, mutex, deadline);
  Acquired(mutex);
  return timed_out;
}

bool Condition::Eval() const {
  REAL(bool (*)(const Condition*), "_ZNK4absl7debian39Condition4EvalEv");
  const void* const mutex = current_operation;
  if (mutex == nullptr) return real(this);
  Acquired(mutex);
  const bool holds = real(this);
  Releasing(mutex);
  return holds;
}

// HasBeenNotified() is inline: an acquire load of notified_yet_, which Notify() sets in
// uninstrumented code. Releasing on that atomic's address pairs the two. It is the member after
// the mutex (notification.h), which the size check below guards.
static_assert(sizeof(Notification) == 2 * sizeof(Mutex), "Notification is {Mutex, atomic<bool>}");

void Notification::Notify() {
  REAL(void (*)(Notification*), "_ZN4absl7debian312Notification6NotifyEv");
  Releasing(reinterpret_cast<const char*>(this) + sizeof(Mutex));
  real(this);
}

// The waits check notified_yet_ first, in Abseil's code: acquire what Notify() released.
void Notification::WaitForNotification() const {
  REAL(void (*)(const Notification*), "_ZNK4absl7debian312Notification19WaitForNotificationEv");
  real(this);
  Acquired(reinterpret_cast<const char*>(this) + sizeof(Mutex));
}

bool Notification::WaitForNotificationWithTimeout(absl::Duration timeout) const {
  REAL(bool (*)(const Notification*, absl::Duration),
       "_ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE");
  const bool notified = real(this, timeout);
  if (notified) Acquired(reinterpret_cast<const char*>(this) + sizeof(Mutex));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(absl::Time deadline) const {
  REAL(bool (*)(const Notification*, absl::Time),
       "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE");
  const bool notified = real(this, deadline);
  if (notified) Acquired(reinterpret_cast<const char*>(this) + sizeof(Mutex));
  return notified;
}

ABSL_NAMESPACE_END
}  // namespace absl
