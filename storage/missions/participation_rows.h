// How participations and the mission facts they depend on are read from SQL rows into the
// renfort.v1 protos, and the small conversions every participation query shares (enum names,
// instants, SQL arrays). Used only by the participation, stats and export stores.
#ifndef RENFORT_STORAGE_MISSIONS_PARTICIPATION_ROWS_H_
#define RENFORT_STORAGE_MISSIONS_PARTICIPATION_ROWS_H_

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "storage/sql_values.h"

namespace renfort::storage {

// Who may see which participations: the union of the caller's scopes. `everything` (admins)
// ignores the rest. Rendered as the SQL predicate VisibilityPredicate() over the aliases p
// (participations), m (missions) and o (organisations), with parameters $1..$5.
struct ParticipationVisibility {
  bool everything = false;
  std::string volunteer_id;                   // the caller's own participations
  std::vector<std::string> organisation_ids;  // managed organisations
  std::vector<std::string> department_codes;  // coordinated départements (of the missions)
  std::vector<std::string> network_ids;       // headed networks (of the organisations)
};

// "(… OR …)" over p, m, o using parameters $1 (everything), $2 (volunteer id, '' for none),
// $3 (uuid[] organisations), $4 (text[] départements), $5 (uuid[] networks).
inline constexpr char kVisibilityPredicate[] = R"sql(
  ($1::boolean OR p.volunteer_id::text = $2 OR m.organisation_id = ANY($3::uuid[])
   OR coalesce(m.department_code, o.department_code) = ANY($4::text[])
   OR o.network_id = ANY($5::uuid[])))sql";

// "(… OR …)" for mission-level queries (statistics): the same scope without the volunteer's own.
inline constexpr char kMissionVisibilityPredicate[] = R"sql(
  ($1::boolean OR m.organisation_id = ANY($3::uuid[])
   OR coalesce(m.department_code, o.department_code) = ANY($4::text[])
   OR o.network_id = ANY($5::uuid[])))sql";

// A PostgreSQL array literal ("{"a","b"}") of `values`, quoted and escaped.
std::string SqlArray(const std::vector<std::string>& values);

// Instants travel as microseconds since the Unix epoch: SQL selects MicrosOf(column) and
// takes FromMicros($n), avoiding any dependence on the session's DateStyle or TimeZone.
// "(extract(epoch FROM x) * 1000000)::bigint"
std::string MicrosOf(absl::string_view column);
// "(timestamptz 'epoch' + $n * interval '1 microsecond')"
std::string FromMicros(int parameter);
int64_t MicrosFromTimestamp(const google::protobuf::Timestamp& timestamp);

// Enum values from the schema's text values and back: 'PENDING' <-> PARTICIPATION_STATUS_PENDING,
// 'no_response' <-> PARTICIPATION_REASON_NO_RESPONSE, 'org_manager' <-> ACTOR_ROLE_ORG_MANAGER...
// Unknown text maps to the UNSPECIFIED value.
renfort::v1::ParticipationStatus StatusFromSql(absl::string_view value);
std::string StatusToSql(renfort::v1::ParticipationStatus status);
renfort::v1::ParticipationReason ReasonFromSql(absl::string_view value);
std::string ReasonToSql(renfort::v1::ParticipationReason reason);
renfort::v1::ActorRole ActorRoleFromSql(absl::string_view value);
std::string ActorRoleToSql(renfort::v1::ActorRole role);
renfort::v1::Format FormatFromSql(absl::string_view value);
std::string FormatToSql(renfort::v1::Format format);
renfort::v1::Domain DomainFromSql(absl::string_view value);
std::string DomainToSql(renfort::v1::Domain domain);
renfort::v1::MissionStatus MissionStatusFromSql(absl::string_view value);

// The select list read by ParticipationFromRow, over p, m, o and v (volunteers).
extern const char kParticipationColumns[];
// A participation without its transitions (see AttachTransitions).
renfort::v1::Participation ParticipationFromRow(const pqxx::row& row);
// Reads the transitions of `participations` (one query) and appends them, oldest first.
void AttachTransitions(pqxx::transaction_base& txn,
                       std::vector<renfort::v1::Participation>& participations);

// "FROM participations p JOIN missions m … JOIN organisations o … JOIN volunteers v …".
extern const char kParticipationJoins[];

// Appends `transition` to the history of `participation_id` (at = the transaction's time).
void InsertTransition(pqxx::transaction_base& txn, const std::string& participation_id,
                      const renfort::v1::ParticipationTransition& transition);

// Outbox event types (BRIEF: participation.created, participation.transitioned).
inline constexpr char kParticipationCreated[] = "participation.created";
inline constexpr char kParticipationTransitioned[] = "participation.transitioned";

// The participation `participation_id` as `txn` sees it, with its transitions; NOT_FOUND when
// there is none.
absl::StatusOr<renfort::v1::Participation> ReadParticipation(pqxx::transaction_base& txn,
                                                             const std::string& participation_id);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_PARTICIPATION_ROWS_H_
