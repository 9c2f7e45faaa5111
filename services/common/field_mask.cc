#include "services/common/field_mask.h"

#include <google/protobuf/util/field_mask_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace renfort::services {

absl::Status CheckUpdateMask(const google::protobuf::FieldMask& mask,
                             const std::set<std::string>& allowed) {
  if (mask.paths_size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("update_mask: is required; fields that can be changed now: ",
                     absl::StrJoin(allowed, ", ")));
  }
  for (const std::string& path : mask.paths()) {
    if (allowed.count(path) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask: '", path, "' cannot be changed now; allowed: ",
                       absl::StrJoin(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

void ApplyUpdateMask(const google::protobuf::FieldMask& mask,
                     const google::protobuf::Message& source,
                     google::protobuf::Message& destination) {
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(source, mask, options, &destination);
}

}  // namespace renfort::services
