#ifndef RENFORT_TOOLS_RENFORTCTL_PARTICIPATION_VIEW_H_
#define RENFORT_TOOLS_RENFORTCTL_PARTICIPATION_VIEW_H_

// How participations read in renfortctl: one with its history, several as a table.

#include <google/protobuf/repeated_field.h>

#include <string>

#include "renfort/v1/participation.pb.h"

namespace renfort::ctl {

std::string ParticipationStatusName(int status);
std::string ParticipationFields(const v1::Participation& participation);
std::string ParticipationTable(
    const google::protobuf::RepeatedPtrField<v1::Participation>& participations);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_PARTICIPATION_VIEW_H_
