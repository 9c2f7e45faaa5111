#ifndef RENFORT_STORAGE_SQL_VALUES_H_
#define RENFORT_STORAGE_SQL_VALUES_H_

// Conversions between renfort.v1 values and the text PostgreSQL reads and writes, shared by the
// organisation and mission stores. Enumerations are stored by name without their prefix
// (FORMAT_IN_PERSON is 'IN_PERSON'); domains and beneficiaries as lowercase slugs.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renfort/v1/common.pb.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "renfort/v1/participation.pb.h"

namespace renfort::storage {

// A PostgreSQL array literal ("{\"a\",\"b\"}") of `values`, quoted and escaped, to pass as one
// parameter cast to text[] or uuid[].
std::string ToPgArray(const std::vector<std::string>& values);

// "2026-03-01" for a set Date; nullopt for an unset one (year 0).
std::optional<std::string> DateToSql(const v1::Date& date);
// The Date of "YYYY-MM-DD"; an unset Date for an empty text.
v1::Date DateFromSql(absl::string_view text);

// Microseconds since the Unix epoch, as read with MicrosSql(column).
google::protobuf::Timestamp TimestampFromMicros(int64_t micros);
absl::Time TimeFromTimestamp(const google::protobuf::Timestamp& timestamp);
int64_t MicrosFromTime(absl::Time time);

// The enum value names of DESIGN.md, as the schema's CHECK constraints list them.
std::string DomainSlug(v1::Domain domain);
v1::Domain DomainFromSlug(absl::string_view slug);
std::string BeneficiarySlug(v1::Beneficiary beneficiary);
v1::Beneficiary BeneficiaryFromSlug(absl::string_view slug);
std::string FormatName(v1::Format format);
v1::Format FormatFromName(absl::string_view name);
std::string MissionStatusName(v1::MissionStatus status);
v1::MissionStatus MissionStatusFromName(absl::string_view name);
std::string ScheduleKindName(v1::ScheduleKind kind);
v1::ScheduleKind ScheduleKindFromName(absl::string_view name);
// COMMITMENT_PERIOD_ONCE is stored as 'TOTAL'.
std::string CommitmentPeriodName(v1::CommitmentPeriod period);
v1::CommitmentPeriod CommitmentPeriodFromName(absl::string_view name);
std::string OrganisationKindName(v1::OrganisationKind kind);
v1::OrganisationKind OrganisationKindFromName(absl::string_view name);
std::string OrganisationStatusName(v1::OrganisationStatus status);
v1::OrganisationStatus OrganisationStatusFromName(absl::string_view name);
v1::ParticipationStatus ParticipationStatusFromName(absl::string_view name);
v1::ParticipationOrigin ParticipationOriginFromName(absl::string_view name);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_SQL_VALUES_H_
