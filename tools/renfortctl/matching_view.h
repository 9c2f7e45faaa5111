#ifndef RENFORT_TOOLS_RENFORTCTL_MATCHING_VIEW_H_
#define RENFORT_TOOLS_RENFORTCTL_MATCHING_VIEW_H_

// How matching results read in renfortctl: rankings, score breakdowns factor by factor,
// invitations and staffing runs.

#include <string>

#include "renfort/v1/matching.pb.h"
#include "renfort/v1/matching_service.pb.h"

namespace renfort::ctl {

// One line per factor: name, measured quantity with its unit, normalised value, weight and
// contribution; then the score, which is the sum of the contributions.
std::string BreakdownTable(const v1::ScoreBreakdown& breakdown);

std::string RankedVolunteersText(const v1::RankVolunteersResponse& response);
std::string RecommendedMissionsText(const v1::RecommendMissionsResponse& response);
std::string InvitationTable(const google::protobuf::RepeatedPtrField<v1::Invitation>& invitations);
std::string StaffingText(const v1::StaffEventResponse& response);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_MATCHING_VIEW_H_
