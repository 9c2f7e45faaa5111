#ifndef RENFORT_SERVICES_MISSIONS_MISSION_SERVICE_H_
#define RENFORT_SERVICES_MISSIONS_MISSION_SERVICE_H_

#include "renfort/v1/mission_service.grpc.pb.h"
#include "services/common/rpc_runner.h"
#include "services/missions/mission_handlers.h"

namespace renfort::services {

// The gRPC adapter of renfort.v1.MissionService: every RPC goes through the RpcRunner (token, access
// policy, executor, status mapping) to MissionHandlers. Nothing else happens here.
class MissionServiceAdapter final : public ::renfort::v1::MissionService::CallbackService {
 public:
  MissionServiceAdapter(const RpcRunner& rpc, Backends& backends) : rpc_(rpc), handlers_(backends) {}

  RENFORT_UNARY_RPC(MissionService, CreateOrganisation)
  RENFORT_UNARY_RPC(MissionService, GetOrganisation)
  RENFORT_UNARY_RPC(MissionService, ListOrganisations)
  RENFORT_UNARY_RPC(MissionService, ReviewOrganisation)
  RENFORT_UNARY_RPC(MissionService, CreateMission)
  RENFORT_UNARY_RPC(MissionService, GetMission)
  RENFORT_UNARY_RPC(MissionService, UpdateMission)
  RENFORT_UNARY_RPC(MissionService, ListMissions)
  RENFORT_UNARY_RPC(MissionService, SearchMissions)
  RENFORT_UNARY_RPC(MissionService, SubmitMission)
  RENFORT_UNARY_RPC(MissionService, ReviewMission)
  RENFORT_UNARY_RPC(MissionService, PublishMission)
  RENFORT_UNARY_RPC(MissionService, PauseMission)
  RENFORT_UNARY_RPC(MissionService, CloseMission)
  RENFORT_UNARY_RPC(MissionService, CancelMission)
  RENFORT_UNARY_RPC(MissionService, Apply)
  RENFORT_UNARY_RPC(MissionService, GetParticipation)
  RENFORT_UNARY_RPC(MissionService, ListParticipations)
  RENFORT_UNARY_RPC(MissionService, TransitionParticipation)
  RENFORT_UNARY_RPC(MissionService, GetParticipationStats)
  RENFORT_SERVER_STREAMING_RPC(MissionService, ExportParticipations)

 private:
  const RpcRunner& rpc_;
  MissionHandlers handlers_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_MISSION_SERVICE_H_
