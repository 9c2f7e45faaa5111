#include "storage/sql_values.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace renfort::storage {
namespace {

// The name of `value` without `prefix`, lowercased when `lower`; "" for an unknown value.
template <typename Enum>
std::string NameOf(Enum value, absl::string_view prefix, bool lower) {
  const google::protobuf::EnumValueDescriptor* descriptor =
      google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(value);
  if (descriptor == nullptr || !absl::StartsWith(descriptor->name(), prefix)) return "";
  std::string name(absl::string_view(descriptor->name()).substr(prefix.size()));
  return lower ? absl::AsciiStrToLower(name) : name;
}

// The value named `prefix` + `name` (case-folded); the zero value when there is none.
template <typename Enum>
Enum ValueOf(absl::string_view name, absl::string_view prefix) {
  const google::protobuf::EnumValueDescriptor* descriptor =
      google::protobuf::GetEnumDescriptor<Enum>()->FindValueByName(
          absl::StrCat(prefix, absl::AsciiStrToUpper(name)));
  return descriptor == nullptr ? static_cast<Enum>(0) : static_cast<Enum>(descriptor->number());
}

}  // namespace

std::string ToPgArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

std::optional<std::string> DateToSql(const v1::Date& date) {
  if (date.year() == 0) return std::nullopt;
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

v1::Date DateFromSql(absl::string_view text) {
  v1::Date date;
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &year) &&
      absl::SimpleAtoi(parts[1], &month) && absl::SimpleAtoi(parts[2], &day)) {
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
  }
  return date;
}

absl::Time TimeFromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

google::protobuf::Timestamp TimestampFromMicros(int64_t micros) {
  google::protobuf::Timestamp timestamp;
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(rest * 1000));
  return timestamp;
}

int64_t MicrosFromTime(absl::Time time) { return absl::ToUnixMicros(time); }

std::string DomainSlug(v1::Domain domain) {
  return domain == v1::DOMAIN_UNSPECIFIED ? "" : NameOf(domain, "DOMAIN_", true);
}
v1::Domain DomainFromSlug(absl::string_view slug) { return ValueOf<v1::Domain>(slug, "DOMAIN_"); }
std::string BeneficiarySlug(v1::Beneficiary beneficiary) {
  return NameOf(beneficiary, "BENEFICIARY_", true);
}
v1::Beneficiary BeneficiaryFromSlug(absl::string_view slug) {
  return ValueOf<v1::Beneficiary>(slug, "BENEFICIARY_");
}
std::string FormatName(v1::Format format) { return NameOf(format, "FORMAT_", false); }
v1::Format FormatFromName(absl::string_view name) { return ValueOf<v1::Format>(name, "FORMAT_"); }
std::string MissionStatusName(v1::MissionStatus status) {
  return NameOf(status, "MISSION_STATUS_", false);
}
v1::MissionStatus MissionStatusFromName(absl::string_view name) {
  return ValueOf<v1::MissionStatus>(name, "MISSION_STATUS_");
}
std::string ScheduleKindName(v1::ScheduleKind kind) {
  return NameOf(kind, "SCHEDULE_KIND_", false);
}
v1::ScheduleKind ScheduleKindFromName(absl::string_view name) {
  return ValueOf<v1::ScheduleKind>(name, "SCHEDULE_KIND_");
}
std::string CommitmentPeriodName(v1::CommitmentPeriod period) {
  if (period == v1::COMMITMENT_PERIOD_ONCE) return "TOTAL";
  return NameOf(period, "COMMITMENT_PERIOD_", false);
}
v1::CommitmentPeriod CommitmentPeriodFromName(absl::string_view name) {
  if (name == "TOTAL") return v1::COMMITMENT_PERIOD_ONCE;
  return ValueOf<v1::CommitmentPeriod>(name, "COMMITMENT_PERIOD_");
}
std::string OrganisationKindName(v1::OrganisationKind kind) {
  return NameOf(kind, "ORGANISATION_KIND_", false);
}
v1::OrganisationKind OrganisationKindFromName(absl::string_view name) {
  return ValueOf<v1::OrganisationKind>(name, "ORGANISATION_KIND_");
}
std::string OrganisationStatusName(v1::OrganisationStatus status) {
  return NameOf(status, "ORGANISATION_STATUS_", false);
}
v1::OrganisationStatus OrganisationStatusFromName(absl::string_view name) {
  return ValueOf<v1::OrganisationStatus>(name, "ORGANISATION_STATUS_");
}
v1::ParticipationStatus ParticipationStatusFromName(absl::string_view name) {
  return ValueOf<v1::ParticipationStatus>(name, "PARTICIPATION_STATUS_");
}
v1::ParticipationOrigin ParticipationOriginFromName(absl::string_view name) {
  return ValueOf<v1::ParticipationOrigin>(name, "PARTICIPATION_ORIGIN_");
}

}  // namespace renfort::storage
