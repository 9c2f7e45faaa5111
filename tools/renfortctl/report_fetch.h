#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_FETCH_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_FETCH_H_

// Fetches the coordinator report's figures from MissionService.GetParticipationStats: the
// period by domain, the period by commune, then one call per week. Separate from the page
// (report_html.h), which never talks to a server.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "renfort/v1/mission_service.pb.h"
#include "tools/renfortctl/report_content.h"

namespace renfort::ctl {

// A new client context for each call, carrying the token and the command's deadline.
using ContextFactory = std::function<std::unique_ptr<grpc::ClientContext>()>;

// The calls of a report over `period` (its filter's time window is the whole period, split
// into `weeks` weeks of `zone`), in the order FetchReport makes them: by domain, by commune,
// then each week oldest first without grouping.
std::vector<v1::GetParticipationStatsRequest> ReportRequests(
    const v1::GetParticipationStatsRequest& period, int weeks, absl::TimeZone zone);

// Makes the calls of ReportRequests on `channel` and fills `report` (all but generated_at).
// Stops at the first refused call and returns its status.
grpc::Status FetchReport(const std::shared_ptr<grpc::Channel>& channel,
                         const ContextFactory& new_context,
                         const v1::GetParticipationStatsRequest& period, int weeks,
                         absl::TimeZone zone, CoordinatorReport& report);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_FETCH_H_
