#ifndef RENFORT_SERVICES_COMMON_VALIDATION_H_
#define RENFORT_SERVICES_COMMON_VALIDATION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/common.pb.h"

namespace renfort::services {

// Collects the first problem found in a request, as INVALID_ARGUMENT naming the field and what
// was received: "mission.places: must be between 1 and 10000, got 0". Handlers check every field
// before touching storage, then return status().
//
//   FieldChecker check;
//   check.Uuid("mission_id", request.mission_id());
//   check.Range("mission.places", mission.places(), 1, 10000);
//   RETURN_IF_ERROR(check.status());
class FieldChecker {
 public:
  // Records `message` for `field` unless a problem was recorded already. Returns `ok`.
  bool Expect(bool ok, absl::string_view field, absl::string_view message);

  bool Required(absl::string_view field, absl::string_view value);
  // A canonical lowercase UUID (8-4-4-4-12 hex digits).
  bool Uuid(absl::string_view field, absl::string_view value);
  bool Range(absl::string_view field, int64_t value, int64_t min, int64_t max);
  // Length in characters (UTF-8 code points), not bytes.
  bool Length(absl::string_view field, absl::string_view value, size_t min, size_t max);
  bool Email(absl::string_view field, absl::string_view value);
  // A real calendar date.
  bool ValidDate(absl::string_view field, const renfort::v1::Date& date);

  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

bool IsUuid(absl::string_view value);
// Number of UTF-8 code points in `text`.
size_t Utf8Length(absl::string_view text);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_VALIDATION_H_
