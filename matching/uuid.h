#ifndef RENFORT_MATCHING_UUID_H_
#define RENFORT_MATCHING_UUID_H_

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace renfort::matching {

// A 128-bit identifier: how the index holds the UUIDs of volunteers, missions and
// organisations (16 bytes instead of a 36-character string). Ordering is the byte order, which
// is the order of the canonical lowercase text, so "ties broken by id ascending" can compare
// Uuids. Trivially copyable; alignment 1 so it packs tightly into hash tables.
class Uuid {
 public:
  Uuid() : bytes_{} {}
  explicit Uuid(const std::array<uint8_t, 16>& bytes) : bytes_(bytes) {}

  // Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex digits in either case). INVALID_ARGUMENT
  // naming `field` otherwise, e.g. `volunteer.id: not a UUID: "abc"`.
  static absl::StatusOr<Uuid> Parse(absl::string_view text, absl::string_view field);

  // Canonical lowercase text, 36 characters.
  std::string ToString() const;

  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  friend bool operator==(const Uuid& a, const Uuid& b) = default;
  friend std::strong_ordering operator<=>(const Uuid& a, const Uuid& b) = default;

  template <typename H>
  friend H AbslHashValue(H h, const Uuid& id) {
    return H::combine_contiguous(std::move(h), id.bytes_.data(), id.bytes_.size());
  }

 private:
  std::array<uint8_t, 16> bytes_;
};

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_UUID_H_
