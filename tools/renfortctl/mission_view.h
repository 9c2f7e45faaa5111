#ifndef RENFORT_TOOLS_RENFORTCTL_MISSION_VIEW_H_
#define RENFORT_TOOLS_RENFORTCTL_MISSION_VIEW_H_

// How missions read in renfortctl: one as aligned fields, several as a table, search results
// with their distance.

#include <google/protobuf/repeated_field.h>

#include <string>

#include "renfort/v1/mission.pb.h"
#include "renfort/v1/mission_service.pb.h"

namespace renfort::ctl {

std::string MissionStatusName(int status);
std::string MissionFields(const v1::Mission& mission);
std::string MissionTable(const google::protobuf::RepeatedPtrField<v1::Mission>& missions);
std::string SearchResultTable(
    const google::protobuf::RepeatedPtrField<v1::MissionSearchResult>& results);
// "3/10" (places held of places).
std::string PlacesText(int held, int places);
// "Lille" for the first address, "remote" for a remote mission.
std::string WhereText(const v1::Mission& mission);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_MISSION_VIEW_H_
