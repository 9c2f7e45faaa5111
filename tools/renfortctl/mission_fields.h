#ifndef RENFORT_TOOLS_RENFORTCTL_MISSION_FIELDS_H_
#define RENFORT_TOOLS_RENFORTCTL_MISSION_FIELDS_H_

// The flags that describe a mission, shared by `mission create` and `mission update`, and
// how they fill a renfort.v1.Mission.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "renfort/v1/mission.pb.h"
#include "tools/renfortctl/flags.h"

namespace renfort::ctl {

// --title, --description, --domain, ... (not --org, which only create takes).
std::vector<FlagSpec> MissionFieldFlags();

// Sets on `mission` the fields whose flags were given, and appends each field's update-mask
// path ("title", "schedule"...) to `paths`. A repeated or message field is replaced whole.
// INVALID_ARGUMENT naming the flag for a bad slot, address or combination.
absl::Status ApplyMissionFlags(const ParsedFlags& flags, v1::Mission* mission,
                               std::vector<std::string>* paths);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_MISSION_FIELDS_H_
