#ifndef RENFORT_TOOLS_RENFORTCTL_ORG_VIEW_H_
#define RENFORT_TOOLS_RENFORTCTL_ORG_VIEW_H_

// How organisations read in renfortctl: one as aligned fields, several as a table.

#include <google/protobuf/repeated_field.h>

#include <string>

#include "renfort/v1/organisation.pb.h"

namespace renfort::ctl {

std::string OrganisationFields(const v1::Organisation& organisation);
std::string OrganisationTable(
    const google::protobuf::RepeatedPtrField<v1::Organisation>& organisations);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_ORG_VIEW_H_
