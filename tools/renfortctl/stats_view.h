#ifndef RENFORT_TOOLS_RENFORTCTL_STATS_VIEW_H_
#define RENFORT_TOOLS_RENFORTCTL_STATS_VIEW_H_

// How participation statistics read in renfortctl, and the CSV of an export.

#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/stats.pb.h"

namespace renfort::ctl {

// The total as fields, then one table row per group when grouped.
std::string StatsText(const v1::GetParticipationStatsResponse& response);

// RFC 4180 CSV: a header of the row message's field names in field-number order, then one
// line per row; enums by their short name, instants in RFC 3339, CRLF line ends.
std::string CsvHeader(const google::protobuf::Descriptor& row_type);
std::string CsvLine(const google::protobuf::Message& row);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_STATS_VIEW_H_
