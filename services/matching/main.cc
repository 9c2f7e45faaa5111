// renfort-matching: serves renfort.v1.MatchingService.
#include "services/matching/matching_spec.h"

int main(int argc, char** argv) {
  return renfort::services::RunServiceMain(renfort::services::MatchingSpec(), argc, argv);
}
