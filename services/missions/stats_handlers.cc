// MissionHandlers — Coordinator statistics and the participations export.
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/validation.h"
#include "services/missions/mission_handlers.h"
#include "services/missions/participation_scope.h"
#include "services/missions/pseudonym.h"
#include "storage/missions/stats_store.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

using ::google::protobuf::util::TimeUtil;

bool ValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= TimeUtil::kTimestampMinSeconds &&
         t.seconds() <= TimeUtil::kTimestampMaxSeconds && t.nanos() >= 0 && t.nanos() < 1000000000;
}

absl::Status ValidateFilter(const v1::ParticipationFilter& filter) {
  FieldChecker check;
  check.Range("filter.department_codes (count)", filter.department_codes_size(), 0, 120);
  for (int i = 0; i < filter.department_codes_size(); ++i) {
    check.Expect(
        IsDepartmentCode(filter.department_codes(i)),
        absl::StrCat("filter.department_codes[", i, "]"),
        absl::StrCat("must be an INSEE département code like \"33\", \"2A\" or \"974\", got '",
                     filter.department_codes(i), "'"));
  }
  check.Range("filter.domains (count)", filter.domains_size(), 0, 10);
  for (int i = 0; i < filter.domains_size(); ++i) {
    const int domain = filter.domains(i);
    check.Expect(domain != v1::DOMAIN_UNSPECIFIED && v1::Domain_IsValid(domain),
                 absl::StrCat("filter.domains[", i, "]"), absl::StrCat("unknown domain ", domain));
  }
  check.Range("filter.organisation_ids (count)", filter.organisation_ids_size(), 0, 1000);
  for (int i = 0; i < filter.organisation_ids_size(); ++i) {
    check.Uuid(absl::StrCat("filter.organisation_ids[", i, "]"), filter.organisation_ids(i));
  }
  check.Range("filter.formats (count)", filter.formats_size(), 0, 3);
  for (int i = 0; i < filter.formats_size(); ++i) {
    const int format = filter.formats(i);
    check.Expect(format != v1::FORMAT_UNSPECIFIED && v1::Format_IsValid(format),
                 absl::StrCat("filter.formats[", i, "]"), absl::StrCat("unknown format ", format));
  }
  const v1::TimeRange& window = filter.time_window();
  if (window.has_start_time()) {
    check.Expect(ValidTimestamp(window.start_time()), "filter.time_window.start_time",
                 "must be a valid timestamp");
  }
  if (window.has_end_time()) {
    check.Expect(ValidTimestamp(window.end_time()), "filter.time_window.end_time",
                 "must be a valid timestamp");
  }
  if (check.ok() && window.has_start_time() && window.has_end_time()) {
    check.Expect(window.end_time() > window.start_time(), "filter.time_window.end_time",
                 "must be after start_time");
  }
  return check.status();
}

// Naming a département or an organisation outside the caller's scope is refused (stats.proto);
// whatever the filter leaves open is narrowed to the scope by the store.
absl::Status CheckFilterScope(const Caller& caller, const v1::ParticipationFilter& filter) {
  if (caller.IsAdmin()) return absl::OkStatus();
  const bool coordinator = caller.HasRole(Role::kCoordinator);
  // A network head's network may span départements: its members are checked by the store.
  if (!(coordinator && !caller.network_ids.empty())) {
    for (const std::string& code : filter.department_codes()) {
      if (coordinator && caller.CoordinatesDepartment(code)) continue;
      if (caller.HasRole(Role::kOrgManager) && !coordinator) continue;
      RETURN_IF_ERROR(caller.RequireDepartment(code));
    }
  }
  if (!coordinator) {
    for (const std::string& id : filter.organisation_ids()) {
      RETURN_IF_ERROR(caller.RequireOrganisation(id));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status MissionHandlers::GetParticipationStats(const Caller& caller,
                                                    const v1::GetParticipationStatsRequest& request,
                                                    v1::GetParticipationStatsResponse& response) {
  RETURN_IF_ERROR(ValidateFilter(request.filter()));
  FieldChecker check;
  check.Expect(v1::StatsGrouping_IsValid(request.grouping()), "grouping",
               absl::StrCat("unknown grouping ", request.grouping()));
  RETURN_IF_ERROR(check.status());
  RETURN_IF_ERROR(CheckFilterScope(caller, request.filter()));
  storage::ParticipationVisibility visibility = ParticipationVisibilityOf(caller);
  // Statistics cover missions; a caller's own applications are not a scope here.
  visibility.volunteer_id.clear();
  storage::StatsStore store(*backends_.database);
  return store.Compute(visibility, request.filter(), request.grouping(), response);
}

absl::Status MissionHandlers::ExportParticipations(
    const Caller& caller, const v1::ExportParticipationsRequest& request,
    const std::function<bool(const v1::ExportParticipationsResponse&)>& write) {
  RETURN_IF_ERROR(ValidateFilter(request.filter()));
  FieldChecker check;
  std::vector<v1::ParticipationStatus> statuses;
  for (int i = 0; i < request.statuses_size(); ++i) {
    const int status = request.statuses(i);
    check.Expect(
        status != v1::PARTICIPATION_STATUS_UNSPECIFIED && v1::ParticipationStatus_IsValid(status),
        absl::StrCat("statuses[", i, "]"), absl::StrCat("unknown status ", status));
    statuses.push_back(static_cast<v1::ParticipationStatus>(status));
  }
  RETURN_IF_ERROR(check.status());
  RETURN_IF_ERROR(CheckFilterScope(caller, request.filter()));
  storage::ParticipationVisibility visibility = ParticipationVisibilityOf(caller);
  visibility.volunteer_id.clear();
  storage::StatsStore store(*backends_.database);
  ASSIGN_OR_RETURN(const std::string secret, store.PseudonymSecret());
  // One message reused for every row: with the store's fixed-size batches and a write that
  // waits for gRPC to take each message, memory does not grow with the export's size.
  v1::ExportParticipationsResponse message;
  return store.Export(visibility, request.filter(), statuses, [&](v1::ParticipationExportRow& row) {
    // Admins and the organisation's own managers know their volunteers;
    // everyone else (coordinators) reads pseudonyms.
    if (!caller.IsAdmin() && !caller.ManagesOrganisation(row.organisation_id())) {
      row.set_volunteer_id(VolunteerPseudonym(secret, row.volunteer_id()));
    }
    message.mutable_row()->Swap(&row);
    return write(message);
  });
}

}  // namespace renfort::services
