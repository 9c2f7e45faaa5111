#ifndef RENFORT_SERVICES_COMMON_FIELD_MASK_H_
#define RENFORT_SERVICES_COMMON_FIELD_MASK_H_

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <set>
#include <string>

#include "absl/status/status.h"

namespace renfort::services {

// Checks an Update RPC's mask: not empty, and every path among `allowed` (the fields the current
// state lets the caller change). INVALID_ARGUMENT naming "update_mask" and the path otherwise.
absl::Status CheckUpdateMask(const google::protobuf::FieldMask& mask,
                             const std::set<std::string>& allowed);

// Copies the fields named by `mask` from `source` into `destination` (same message type). A
// repeated or message field named by a path is replaced whole, as the API documents.
void ApplyUpdateMask(const google::protobuf::FieldMask& mask,
                     const google::protobuf::Message& source,
                     google::protobuf::Message& destination);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_FIELD_MASK_H_
