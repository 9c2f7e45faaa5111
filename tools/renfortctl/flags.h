#ifndef RENFORT_TOOLS_RENFORTCTL_FLAGS_H_
#define RENFORT_TOOLS_RENFORTCTL_FLAGS_H_

// The flags of one renfortctl command: declared once (FlagSpec), parsed from the words after
// the command's name, and described by `--help` from the same declarations, so the help text
// never drifts from what the parser accepts.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renfort/v1/common.pb.h"

namespace renfort::ctl {

enum class FlagKind {
  kString,
  kInt,
  kDouble,
  kBool,       // --name, --name=true|false
  kList,       // comma-separated values; may also be repeated
  kRepeated,   // one value per occurrence, commas kept (free text such as prerequisites)
  kEnum,       // one value of a proto enum, written in lower case without its prefix
  kEnumList,   // comma-separated values of a proto enum
  kDate,       // YYYY-MM-DD
  kTimestamp,  // RFC 3339 (2026-12-05T09:00:00Z) or a date, meaning its midnight UTC
  kDuration,   // 30s, 5m, 12h
};

struct FlagSpec {
  std::string name;  // without the leading "--"
  FlagKind kind = FlagKind::kString;
  std::string help;
  bool required = false;
  // kEnum and kEnumList: the proto enum and the prefix its value names carry ("DOMAIN_").
  const google::protobuf::EnumDescriptor* enum_type = nullptr;
  std::string enum_prefix;
};

// Shorthands for declaring flags.
FlagSpec StringFlag(std::string name, std::string help, bool required = false);
FlagSpec IntFlag(std::string name, std::string help, bool required = false);
FlagSpec DoubleFlag(std::string name, std::string help, bool required = false);
FlagSpec BoolFlag(std::string name, std::string help);
FlagSpec ListFlag(std::string name, std::string help, bool required = false);
FlagSpec RepeatedFlag(std::string name, std::string help, bool required = false);
FlagSpec DateFlag(std::string name, std::string help, bool required = false);
FlagSpec TimestampFlag(std::string name, std::string help, bool required = false);
FlagSpec DurationFlag(std::string name, std::string help);
FlagSpec EnumFlag(std::string name, const google::protobuf::EnumDescriptor* type,
                  std::string prefix, std::string help, bool required = false);
FlagSpec EnumListFlag(std::string name, const google::protobuf::EnumDescriptor* type,
                      std::string prefix, std::string help);

// The value names users type for an enum: "solidarity_insertion" for
// DOMAIN_SOLIDARITY_INSERTION. The UNSPECIFIED value is never listed.
std::vector<std::string> EnumChoices(const google::protobuf::EnumDescriptor& type,
                                     const std::string& prefix);
// The name shown for an enum value in tables: lower case without prefix ("in_person"), or
// "-" for the UNSPECIFIED value.
std::string EnumDisplayName(const google::protobuf::EnumDescriptor& type, const std::string& prefix,
                            int value);

// Flags as parsed; every value was checked against its kind, so the getters cannot fail.
// Getters of a flag that was not given return the zero value.
class ParsedFlags {
 public:
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string String(const std::string& name) const;
  int64_t Int(const std::string& name) const;
  double Double(const std::string& name) const;
  bool Bool(const std::string& name) const;
  std::vector<std::string> List(const std::string& name) const;
  int Enum(const std::string& name) const;
  std::vector<int> Enums(const std::string& name) const;
  v1::Date Date(const std::string& name) const;
  google::protobuf::Timestamp Timestamp(const std::string& name) const;
  absl::Duration Duration(const std::string& name) const;

 private:
  friend absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<FlagSpec>&,
                                                const std::vector<std::string>&);
  const FlagSpec* Spec(const std::string& name) const;

  std::map<std::string, FlagSpec> specs_;
  std::map<std::string, std::vector<std::string>> values_;  // raw words, one per occurrence
};

// Parses `--name=value`, `--name value` and `--bool` forms. INVALID_ARGUMENT naming the flag
// for a word that is not a flag, an unknown flag, a value of the wrong kind, a flag given twice
// that is not a list, or a required flag missing ("--places: expected an integer, got 'beaucoup'").
absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<FlagSpec>& specs,
                                       const std::vector<std::string>& words);

// Parses "YYYY-MM-DD".
absl::StatusOr<v1::Date> ParseDate(const std::string& text);
// Parses "HH:MM" into minutes since midnight (0–1440; "24:00" is 1440).
absl::StatusOr<int> ParseClock(const std::string& text);

// The "flags:" part of a command's help: one line per flag with its kind, choices and help.
std::string DescribeFlags(const std::vector<FlagSpec>& specs);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_FLAGS_H_
