#include "services/notifier/notifier.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "storage/notifications/notification_writer.h"

namespace renfort::services {
namespace {

std::string ProcessConsumerName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return absl::StrCat("host-", getpid());
  return absl::StrCat(host, "-", getpid());
}

storage::EventConsumerOptions ConsumerOptions(const NotifierOptions& options) {
  storage::EventConsumerOptions consumer;
  consumer.stream = options.stream;
  consumer.group = options.group;
  consumer.consumer = options.consumer.empty() ? ProcessConsumerName() : options.consumer;
  consumer.claim_idle = options.claim_idle;
  consumer.batch_size = options.batch_size;
  consumer.block = options.block;
  consumer.observer = [](absl::string_view what, const absl::Status& status) {
    Log(LogLevel::kWarning, absl::StrCat("notifier_", what), {{"reason", status.message()}});
  };
  return consumer;
}

}  // namespace

Notifier::Notifier(storage::ConnectionPool& pool, storage::RedisEndpoint redis,
                   NotifierOptions options)
    : pool_(pool),
      consumer_(std::move(redis), ConsumerOptions(options),
                [this](const std::vector<storage::Event>& events) { return Apply(events); }) {}

Notifier::~Notifier() { Stop(); }

absl::Status Notifier::Apply(const std::vector<storage::Event>& events) {
  return storage::WriteNotificationsForEvents(pool_, kNotifierConsumerName, events).status();
}

}  // namespace renfort::services
