#include "tools/renfortctl/flags.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace renfort::ctl {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

FlagSpec Make(std::string name, FlagKind kind, std::string help, bool required) {
  FlagSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.help = std::move(help);
  spec.required = required;
  return spec;
}

const EnumValueDescriptor* FindEnumValue(const FlagSpec& spec, const std::string& word) {
  std::string name = absl::AsciiStrToUpper(word);
  std::replace(name.begin(), name.end(), '-', '_');
  const EnumValueDescriptor* value = spec.enum_type->FindValueByName(spec.enum_prefix + name);
  if (value == nullptr) value = spec.enum_type->FindValueByName(name);
  if (value != nullptr && value->number() == 0) return nullptr;
  return value;
}

std::vector<std::string> SplitList(const std::string& text) {
  return absl::StrSplit(text, ',', absl::SkipWhitespace());
}

absl::Status BadValue(const FlagSpec& spec, const std::string& expected, const std::string& word) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", spec.name, ": expected ", expected, ", got '", word, "'"));
}

absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(const std::string& text) {
  google::protobuf::Timestamp timestamp;
  if (google::protobuf::util::TimeUtil::FromString(text, &timestamp)) return timestamp;
  absl::StatusOr<v1::Date> date = ParseDate(text);
  if (!date.ok()) return absl::InvalidArgumentError("not a time");
  absl::Time midnight = absl::FromCivil(absl::CivilDay(date->year(), date->month(), date->day()),
                                        absl::UTCTimeZone());
  timestamp.set_seconds(absl::ToUnixSeconds(midnight));
  return timestamp;
}

absl::Status CheckValue(const FlagSpec& spec, const std::string& word) {
  switch (spec.kind) {
    case FlagKind::kString:
    case FlagKind::kList:
    case FlagKind::kRepeated:
      return absl::OkStatus();
    case FlagKind::kInt: {
      int64_t value;
      return absl::SimpleAtoi(word, &value) ? absl::OkStatus() : BadValue(spec, "an integer", word);
    }
    case FlagKind::kDouble: {
      double value;
      return absl::SimpleAtod(word, &value) ? absl::OkStatus() : BadValue(spec, "a number", word);
    }
    case FlagKind::kBool: {
      bool value;
      return absl::SimpleAtob(word, &value) ? absl::OkStatus()
                                            : BadValue(spec, "true or false", word);
    }
    case FlagKind::kEnum:
    case FlagKind::kEnumList: {
      const std::vector<std::string> words =
          spec.kind == FlagKind::kEnum ? std::vector<std::string>{word} : SplitList(word);
      for (const std::string& one : words) {
        if (FindEnumValue(spec, one) == nullptr) {
          return BadValue(
              spec,
              absl::StrCat("one of ",
                           absl::StrJoin(EnumChoices(*spec.enum_type, spec.enum_prefix), ", ")),
              one);
        }
      }
      return absl::OkStatus();
    }
    case FlagKind::kDate:
      return ParseDate(word).ok() ? absl::OkStatus() : BadValue(spec, "a date YYYY-MM-DD", word);
    case FlagKind::kTimestamp:
      return ParseTimestamp(word).ok()
                 ? absl::OkStatus()
                 : BadValue(spec, "a time such as 2026-12-05T09:00:00Z or a date YYYY-MM-DD", word);
    case FlagKind::kDuration: {
      absl::Duration duration;
      return absl::ParseDuration(word, &duration) && duration > absl::ZeroDuration()
                 ? absl::OkStatus()
                 : BadValue(spec, "a duration such as 10s, 5m or 12h", word);
    }
  }
  return absl::OkStatus();
}

bool AllowsRepetition(FlagKind kind) {
  return kind == FlagKind::kList || kind == FlagKind::kRepeated || kind == FlagKind::kEnumList;
}

std::string KindPlaceholder(const FlagSpec& spec) {
  switch (spec.kind) {
    case FlagKind::kString:
      return "=TEXT";
    case FlagKind::kInt:
      return "=N";
    case FlagKind::kDouble:
      return "=X";
    case FlagKind::kBool:
      return "";
    case FlagKind::kList:
      return "=A,B";
    case FlagKind::kRepeated:
      return "=TEXT (repeatable)";
    case FlagKind::kEnum:
      return "=VALUE";
    case FlagKind::kEnumList:
      return "=V1,V2";
    case FlagKind::kDate:
      return "=YYYY-MM-DD";
    case FlagKind::kTimestamp:
      return "=TIME";
    case FlagKind::kDuration:
      return "=DURATION";
  }
  return "";
}

}  // namespace

FlagSpec StringFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kString, std::move(help), required);
}
FlagSpec IntFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kInt, std::move(help), required);
}
FlagSpec DoubleFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kDouble, std::move(help), required);
}
FlagSpec BoolFlag(std::string name, std::string help) {
  return Make(std::move(name), FlagKind::kBool, std::move(help), false);
}
FlagSpec ListFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kList, std::move(help), required);
}
FlagSpec RepeatedFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kRepeated, std::move(help), required);
}
FlagSpec DateFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kDate, std::move(help), required);
}
FlagSpec TimestampFlag(std::string name, std::string help, bool required) {
  return Make(std::move(name), FlagKind::kTimestamp, std::move(help), required);
}
FlagSpec DurationFlag(std::string name, std::string help) {
  return Make(std::move(name), FlagKind::kDuration, std::move(help), false);
}
FlagSpec EnumFlag(std::string name, const EnumDescriptor* type, std::string prefix,
                  std::string help, bool required) {
  FlagSpec spec = Make(std::move(name), FlagKind::kEnum, std::move(help), required);
  spec.enum_type = type;
  spec.enum_prefix = std::move(prefix);
  return spec;
}
FlagSpec EnumListFlag(std::string name, const EnumDescriptor* type, std::string prefix,
                      std::string help) {
  FlagSpec spec = Make(std::move(name), FlagKind::kEnumList, std::move(help), false);
  spec.enum_type = type;
  spec.enum_prefix = std::move(prefix);
  return spec;
}

std::vector<std::string> EnumChoices(const EnumDescriptor& type, const std::string& prefix) {
  std::vector<std::string> choices;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() == 0) continue;
    choices.push_back(EnumDisplayName(type, prefix, type.value(i)->number()));
  }
  return choices;
}

std::string EnumDisplayName(const EnumDescriptor& type, const std::string& prefix, int value) {
  const EnumValueDescriptor* descriptor = type.FindValueByNumber(value);
  if (descriptor == nullptr) return absl::StrCat(value);
  if (value == 0) return "-";
  return absl::AsciiStrToLower(absl::StripPrefix(descriptor->name(), prefix));
}

const FlagSpec* ParsedFlags::Spec(const std::string& name) const {
  auto it = specs_.find(name);
  return it == specs_.end() ? nullptr : &it->second;
}

std::string ParsedFlags::String(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? "" : it->second.back();
}

int64_t ParsedFlags::Int(const std::string& name) const {
  int64_t value = 0;
  if (Has(name)) (void)absl::SimpleAtoi(String(name), &value);
  return value;
}

double ParsedFlags::Double(const std::string& name) const {
  double value = 0;
  if (Has(name)) (void)absl::SimpleAtod(String(name), &value);
  return value;
}

bool ParsedFlags::Bool(const std::string& name) const {
  bool value = false;
  if (Has(name)) (void)absl::SimpleAtob(String(name), &value);
  return value;
}

std::vector<std::string> ParsedFlags::List(const std::string& name) const {
  std::vector<std::string> items;
  auto it = values_.find(name);
  if (it == values_.end()) return items;
  const FlagSpec* spec = Spec(name);
  for (const std::string& word : it->second) {
    if (spec != nullptr && spec->kind == FlagKind::kRepeated) {
      items.push_back(word);
    } else {
      for (std::string& item : SplitList(word)) items.push_back(std::move(item));
    }
  }
  return items;
}

int ParsedFlags::Enum(const std::string& name) const {
  const FlagSpec* spec = Spec(name);
  if (spec == nullptr || !Has(name)) return 0;
  const EnumValueDescriptor* value = FindEnumValue(*spec, String(name));
  return value == nullptr ? 0 : value->number();
}

std::vector<int> ParsedFlags::Enums(const std::string& name) const {
  std::vector<int> numbers;
  const FlagSpec* spec = Spec(name);
  if (spec == nullptr) return numbers;
  for (const std::string& word : List(name)) {
    if (const EnumValueDescriptor* value = FindEnumValue(*spec, word)) {
      numbers.push_back(value->number());
    }
  }
  return numbers;
}

v1::Date ParsedFlags::Date(const std::string& name) const {
  absl::StatusOr<v1::Date> date = ParseDate(String(name));
  return date.ok() ? *date : v1::Date();
}

google::protobuf::Timestamp ParsedFlags::Timestamp(const std::string& name) const {
  absl::StatusOr<google::protobuf::Timestamp> timestamp = ParseTimestamp(String(name));
  return timestamp.ok() ? *timestamp : google::protobuf::Timestamp();
}

absl::Duration ParsedFlags::Duration(const std::string& name) const {
  absl::Duration duration = absl::ZeroDuration();
  if (Has(name)) (void)absl::ParseDuration(String(name), &duration);
  return duration;
}

absl::StatusOr<ParsedFlags> ParseFlags(const std::vector<FlagSpec>& specs,
                                       const std::vector<std::string>& words) {
  ParsedFlags parsed;
  for (const FlagSpec& spec : specs) parsed.specs_[spec.name] = spec;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (!absl::StartsWith(word, "--") || word == "--") {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", word, "' (flags are --name=value)"));
    }
    std::string name = word.substr(2);
    std::string value;
    bool has_value = false;
    if (size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
      has_value = true;
    }
    std::replace(name.begin(), name.end(), '_', '-');
    const FlagSpec* spec = parsed.Spec(name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, ": unknown flag"));
    }
    if (!has_value) {
      if (spec->kind == FlagKind::kBool) {
        value = "true";
      } else if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--", name, ": needs a value"));
      }
    }
    if (parsed.Has(name) && !AllowsRepetition(spec->kind)) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, ": given more than once"));
    }
    if (absl::Status status = CheckValue(*spec, value); !status.ok()) return status;
    parsed.values_[name].push_back(value);
  }
  for (const FlagSpec& spec : specs) {
    if (spec.required && !parsed.Has(spec.name)) {
      return absl::InvalidArgumentError(absl::StrCat("--", spec.name, " is required: ", spec.help));
    }
  }
  return parsed;
}

absl::StatusOr<v1::Date> ParseDate(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int year, month, day;
  if (parts.size() != 3 || parts[0].size() != 4 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) || !absl::SimpleAtoi(parts[2], &day)) {
    return absl::InvalidArgumentError(absl::StrCat("not a date YYYY-MM-DD: '", text, "'"));
  }
  const absl::CivilDay civil(year, month, day);
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return absl::InvalidArgumentError(absl::StrCat("no such date: '", text, "'"));
  }
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

absl::StatusOr<int> ParseClock(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  int hours, minutes;
  if (parts.size() != 2 || parts[1].size() != 2 || !absl::SimpleAtoi(parts[0], &hours) ||
      !absl::SimpleAtoi(parts[1], &minutes) || hours < 0 || minutes < 0 || minutes > 59 ||
      hours * 60 + minutes > 1440) {
    return absl::InvalidArgumentError(absl::StrCat("not a time of day HH:MM: '", text, "'"));
  }
  return hours * 60 + minutes;
}

std::string DescribeFlags(const std::vector<FlagSpec>& specs) {
  std::vector<std::pair<std::string, std::string>> lines;
  size_t width = 0;
  for (const FlagSpec& spec : specs) {
    std::string left = absl::StrCat("  --", spec.name, KindPlaceholder(spec));
    std::string right = spec.help;
    if (spec.required) right = absl::StrCat("(required) ", right);
    if (spec.enum_type != nullptr) {
      absl::StrAppend(&right, " [",
                      absl::StrJoin(EnumChoices(*spec.enum_type, spec.enum_prefix), "|"), "]");
    }
    width = std::max(width, left.size());
    lines.emplace_back(std::move(left), std::move(right));
  }
  std::string text;
  for (const auto& [left, right] : lines) {
    absl::StrAppend(&text, left, std::string(width - left.size() + 2, ' '), right, "\n");
  }
  return text;
}

}  // namespace renfort::ctl
