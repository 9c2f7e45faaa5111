#ifndef RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_SERVICE_H_
#define RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_SERVICE_H_

#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/rpc_runner.h"
#include "services/volunteers/volunteer_handlers.h"

namespace renfort::services {

// The gRPC adapter of renfort.v1.VolunteerService: every RPC goes through the RpcRunner (token, access
// policy, executor, status mapping) to VolunteerHandlers. Nothing else happens here.
class VolunteerServiceAdapter final : public ::renfort::v1::VolunteerService::CallbackService {
 public:
  VolunteerServiceAdapter(const RpcRunner& rpc, Backends& backends) : rpc_(rpc), handlers_(backends) {}

  RENFORT_UNARY_RPC(VolunteerService, RegisterVolunteer)
  RENFORT_UNARY_RPC(VolunteerService, GetVolunteer)
  RENFORT_UNARY_RPC(VolunteerService, UpdateVolunteer)
  RENFORT_UNARY_RPC(VolunteerService, SetAvailability)
  RENFORT_UNARY_RPC(VolunteerService, PauseVolunteer)
  RENFORT_UNARY_RPC(VolunteerService, ListVolunteers)
  RENFORT_UNARY_RPC(VolunteerService, ExportVolunteerData)
  RENFORT_UNARY_RPC(VolunteerService, DeleteVolunteer)
  RENFORT_UNARY_RPC(VolunteerService, GetCalendar)
  RENFORT_UNARY_RPC(VolunteerService, ListNotifications)

 private:
  const RpcRunner& rpc_;
  VolunteerHandlers handlers_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_SERVICE_H_
