// renfort-missions: serves renfort.v1.MissionService.
#include "services/missions/missions_spec.h"

int main(int argc, char** argv) {
  return renfort::services::RunServiceMain(renfort::services::MissionsSpec(), argc, argv);
}
