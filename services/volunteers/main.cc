// renfort-volunteers: serves renfort.v1.VolunteerService.
#include "services/volunteers/volunteers_spec.h"

int main(int argc, char** argv) {
  return renfort::services::RunServiceMain(renfort::services::VolunteersSpec(), argc, argv);
}
