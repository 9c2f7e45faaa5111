#include "services/common/paging.h"

#include <google/protobuf/descriptor.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace renfort::services {
namespace {

// Separates the parts of a token; cannot appear in UUIDs, timestamps or numbers.
constexpr char kSeparator = '\x1f';
constexpr absl::string_view kVersion = "p1";

// FNV-1a, 64 bits: stable across processes and builds, which a page token must be (the next
// page may be served by another replica).
uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

absl::Status BadToken(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("page_token: ", why));
}

}  // namespace

absl::StatusOr<int> PageSize(int32_t requested, absl::string_view field) {
  if (requested < 0 || requested > kMaxRequestablePageSize) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must be between 0 and ",
                                                   kMaxRequestablePageSize, ", got ", requested));
  }
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string FilterFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> filters(request.New());
  filters->CopyFrom(request);
  const google::protobuf::Reflection* reflection = filters->GetReflection();
  for (const char* paging_field : {"page_token", "page_size"}) {
    if (const auto* field = filters->GetDescriptor()->FindFieldByName(paging_field)) {
      reflection->ClearField(filters.get(), field);
    }
  }
  return absl::StrCat(absl::Hex(Fnv1a(filters->SerializeAsString()), absl::kZeroPad16));
}

std::string EncodePageToken(absl::string_view fingerprint, const std::vector<std::string>& keys) {
  std::string raw = absl::StrCat(kVersion, std::string(1, kSeparator), fingerprint);
  for (const std::string& key : keys) absl::StrAppend(&raw, std::string(1, kSeparator), key);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view fingerprint,
                                                         size_t expected_keys) {
  if (token.empty()) return std::vector<std::string>();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return BadToken("not a token from this API");
  std::vector<std::string> parts = absl::StrSplit(raw, kSeparator);
  if (parts.size() != expected_keys + 2 || parts[0] != kVersion) {
    return BadToken("not a token from this API");
  }
  if (parts[1] != fingerprint) {
    return BadToken("was issued for other filters; start again without a token");
  }
  return std::vector<std::string>(parts.begin() + 2, parts.end());
}

}  // namespace renfort::services
