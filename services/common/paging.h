#ifndef RENFORT_SERVICES_COMMON_PAGING_H_
#define RENFORT_SERVICES_COMMON_PAGING_H_

#include <google/protobuf/message.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace renfort::services {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;
// Above this a request is a mistake rather than a wish for big pages.
inline constexpr int kMaxRequestablePageSize = 500;

// The page size a List RPC serves: 0 means the default (20), 101..500 are served as 100,
// negative values or values above 500 are INVALID_ARGUMENT naming `field`.
absl::StatusOr<int> PageSize(int32_t requested, absl::string_view field = "page_size");

// Page tokens are opaque to clients. Inside, a token holds the sort-key values of the last row
// served (keyset paging: no duplicates or gaps when rows are added meanwhile) and a fingerprint
// of the request's filters, so a token replayed with other filters is refused.

// A fingerprint of `request` with its paging fields cleared (`page_token`, `page_size`).
std::string FilterFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(absl::string_view fingerprint, const std::vector<std::string>& keys);

// The keys of `token`, or none for an empty token (the first page). INVALID_ARGUMENT on
// "page_token" when it is garbled, holds `expected_keys` values no more, or was made for other
// filters.
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view fingerprint,
                                                         size_t expected_keys);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_PAGING_H_
