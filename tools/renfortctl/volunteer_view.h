#ifndef RENFORT_TOOLS_RENFORTCTL_VOLUNTEER_VIEW_H_
#define RENFORT_TOOLS_RENFORTCTL_VOLUNTEER_VIEW_H_

// How volunteers and their inbox read in renfortctl.

#include <google/protobuf/repeated_field.h>

#include <string>

#include "renfort/v1/notification.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "renfort/v1/volunteer_service.pb.h"

namespace renfort::ctl {

std::string VolunteerFields(const v1::Volunteer& volunteer);
std::string VolunteerTable(const google::protobuf::RepeatedPtrField<v1::Volunteer>& volunteers);
std::string NotificationTable(
    const google::protobuf::RepeatedPtrField<v1::Notification>& notifications);
std::string DeletionReceipt(const v1::DeleteVolunteerResponse& response);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_VOLUNTEER_VIEW_H_
