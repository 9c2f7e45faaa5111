#include "services/notifier/notifier_startup.h"

#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "services/common/log.h"
#include "services/notifier/notifier.h"

ABSL_FLAG(std::string, notifier_group, renfort::services::kNotifierGroup,
          "Redis consumer group of the notifier; every notifier process of a deployment shares "
          "it, so each event is notified once");
ABSL_FLAG(int, notifier_claim_idle_seconds, 30,
          "Entries left pending this long by a dead notifier of the same group are taken over");

namespace renfort::services {

void StartNotifierIfEnabled(Backends& backends) {
  if (!backends.run_notifier) return;
  NotifierOptions options;
  options.group = absl::GetFlag(FLAGS_notifier_group);
  options.claim_idle = absl::Seconds(absl::GetFlag(FLAGS_notifier_claim_idle_seconds));
  auto notifier = std::make_shared<Notifier>(*backends.database, backends.redis, options);
  notifier->Start();
  Log(LogLevel::kInfo, "notifier_started", {{"group", options.group}});
  backends.workers.push_back(std::move(notifier));
}

}  // namespace renfort::services
