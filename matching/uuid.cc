#include "matching/uuid.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace renfort::matching {
namespace {

constexpr int kTextLength = 36;

bool IsDashPosition(int i) { return i == 8 || i == 13 || i == 18 || i == 23; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<Uuid> Uuid::Parse(absl::string_view text, absl::string_view field) {
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not a UUID: \"", text, "\""));
  };
  if (text.size() != kTextLength) return invalid();
  std::array<uint8_t, 16> bytes{};
  int nibble = 0;
  for (int i = 0; i < kTextLength; ++i) {
    if (IsDashPosition(i)) {
      if (text[i] != '-') return invalid();
      continue;
    }
    const int value = HexValue(text[i]);
    if (value < 0) return invalid();
    bytes[nibble / 2] = static_cast<uint8_t>(bytes[nibble / 2] | (value << (nibble % 2 ? 0 : 4)));
    ++nibble;
  }
  return Uuid(bytes);
}

std::string Uuid::ToString() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(kTextLength);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kDigits[bytes_[i] >> 4]);
    text.push_back(kDigits[bytes_[i] & 0xF]);
  }
  return text;
}

}  // namespace renfort::matching
