#include "tools/renfortctl/report_fetch.h"

#include <google/protobuf/util/time_util.h>

#include "renfort/v1/mission_service.grpc.pb.h"
#include "tools/renfortctl/report_period.h"

namespace renfort::ctl {
namespace {

using ::google::protobuf::util::TimeUtil;

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

std::vector<absl::Time> BoundsOf(const v1::GetParticipationStatsRequest& period, int weeks,
                                 absl::TimeZone zone) {
  return WeekBounds(FromTimestamp(period.filter().time_window().end_time()), weeks, zone);
}

}  // namespace

std::vector<v1::GetParticipationStatsRequest> ReportRequests(
    const v1::GetParticipationStatsRequest& period, int weeks, absl::TimeZone zone) {
  std::vector<v1::GetParticipationStatsRequest> requests(2, period);
  requests[0].set_grouping(v1::STATS_GROUPING_DOMAIN);
  requests[1].set_grouping(v1::STATS_GROUPING_COMMUNE);
  const std::vector<absl::Time> bounds = BoundsOf(period, weeks, zone);
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    v1::GetParticipationStatsRequest week = period;
    week.set_grouping(v1::STATS_GROUPING_UNSPECIFIED);
    v1::TimeRange& window = *week.mutable_filter()->mutable_time_window();
    *window.mutable_start_time() = ToTimestamp(bounds[i]);
    *window.mutable_end_time() = ToTimestamp(bounds[i + 1]);
    requests.push_back(std::move(week));
  }
  return requests;
}

grpc::Status FetchReport(const std::shared_ptr<grpc::Channel>& channel,
                         const ContextFactory& new_context,
                         const v1::GetParticipationStatsRequest& period, int weeks,
                         absl::TimeZone zone, CoordinatorReport& report) {
  const std::vector<v1::GetParticipationStatsRequest> requests =
      ReportRequests(period, weeks, zone);
  std::vector<v1::GetParticipationStatsResponse> responses(requests.size());
  auto stub = v1::MissionService::NewStub(channel);
  for (size_t i = 0; i < requests.size(); ++i) {
    grpc::Status status =
        stub->GetParticipationStats(new_context().get(), requests[i], &responses[i]);
    if (!status.ok()) return status;
  }
  report.department_codes.assign(period.filter().department_codes().begin(),
                                 period.filter().department_codes().end());
  report.period_start = FromTimestamp(period.filter().time_window().start_time());
  report.period_end = FromTimestamp(period.filter().time_window().end_time());
  report.zone = zone;
  report.total = responses[0].total();
  report.domains.assign(responses[0].groups().begin(), responses[0].groups().end());
  report.communes.assign(responses[1].groups().begin(), responses[1].groups().end());
  report.weeks.clear();
  for (size_t i = 2; i < requests.size(); ++i) {
    const v1::TimeRange& window = requests[i].filter().time_window();
    report.weeks.push_back({FromTimestamp(window.start_time()), FromTimestamp(window.end_time()),
                            responses[i].total()});
  }
  return grpc::Status::OK;
}

}  // namespace renfort::ctl
