#ifndef RENFORT_TOOLS_RENFORTCTL_REQUEST_PARTS_H_
#define RENFORT_TOOLS_RENFORTCTL_REQUEST_PARTS_H_

// Pieces of requests that several commands build from flags: paging, slots, dates, points.

#include <google/protobuf/repeated_field.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "renfort/v1/common.pb.h"
#include "tools/renfortctl/flags.h"

namespace renfort::ctl {

// --page-size and --page-token, for every List RPC.
std::vector<FlagSpec> PageFlags();

template <typename Request>
void SetPage(const ParsedFlags& flags, Request& request) {
  request.set_page_size(static_cast<int32_t>(flags.Int("page-size")));
  request.set_page_token(flags.String("page-token"));
}

// Appends the values of enum-list flag `flag` to a repeated enum field.
inline void AddEnums(const ParsedFlags& flags, const std::string& flag,
                     google::protobuf::RepeatedField<int>* field) {
  for (int value : flags.Enums(flag)) field->Add(value);
}

// "wed 14:00-16:00" (or "wed/14:00-16:00"; English or French day names, "mercredi" too).
absl::Status ParseWeeklySlot(const std::string& flag, const std::string& text,
                             v1::WeeklySlot* slot);
// "2026-12-05 09:00-12:00" (or "2026-12-05/09:00-12:00").
absl::Status ParseDatedSlot(const std::string& flag, const std::string& text, v1::DatedSlot* slot);
// "50.6292,3.0573": latitude, longitude in decimal degrees.
absl::Status ParseGeoPoint(const std::string& flag, const std::string& text, v1::GeoPoint* point);

// Fills `range` from date flags `from` and `until` when given.
void SetDateRange(const ParsedFlags& flags, const std::string& from, const std::string& until,
                  v1::DateRange* range);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REQUEST_PARTS_H_
