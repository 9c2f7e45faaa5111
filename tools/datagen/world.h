#ifndef RENFORT_TOOLS_DATAGEN_WORLD_H_
#define RENFORT_TOOLS_DATAGEN_WORLD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "matching/activity.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "tools/datagen/communes.h"

namespace renfort::datagen {

// What to generate. Everything is a pure function of these fields: the same spec gives the
// same world, byte for byte, on every machine.
struct WorldSpec {
  uint64_t seed = 1;
  int64_t volunteers = 1000;
  int64_t missions = 100;
  // The generation date: birth dates, schedules and activity are placed relative to it.
  absl::Time now = absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());
};

struct GeneratedVolunteer {
  renfort::v1::Volunteer volunteer;
  // The aggregates storage would compute from participations and invitations.
  matching::VolunteerActivity activity;
};

// A realistic synthetic population of volunteers, organisations and missions, shaped like a
// French volunteering platform: people and missions placed in real communes in proportion to
// their population; about 30 % of volunteers accept remote missions and 15 % of missions are
// remote; ages 16–85 with students and young retirees over-represented; domains and skills
// Zipf-skewed; availability mostly on evenings and weekends (weekday daytime for retirees).
//
// Item i of each kind is generated on demand from (seed, kind, i) alone, so a million
// volunteers can be streamed into the engine or a COPY without holding them all, and any
// single item can be regenerated. Ids are UUIDs whose last group is the item's index.
class World {
 public:
  static absl::StatusOr<World> Create(const WorldSpec& spec, const std::string& communes_csv);

  const WorldSpec& spec() const { return spec_; }
  const CommuneTable& communes() const { return communes_; }
  int64_t organisation_count() const { return organisations_; }

  renfort::v1::Organisation Organisation(int64_t index) const;
  GeneratedVolunteer Volunteer(int64_t index) const;
  renfort::v1::Mission Mission(int64_t index) const;

  // Deterministic ids of each kind (see the class comment).
  std::string OrganisationId(int64_t index) const { return Id(kOrganisationKind, index); }
  std::string VolunteerId(int64_t index) const { return Id(kVolunteerKind, index); }
  std::string MissionId(int64_t index) const { return Id(kMissionKind, index); }

  // The skills reference list (storage/migrations/0001), most common first: bit order of the
  // engine's SkillVocabulary.
  static const std::vector<std::string>& SkillSlugs();
  // The slug of a domain in the schema (domains.slug), e.g. "solidarity_insertion".
  static std::string DomainSlug(renfort::v1::Domain domain);

 private:
  static constexpr uint64_t kOrganisationKind = 1;
  static constexpr uint64_t kVolunteerKind = 2;
  static constexpr uint64_t kMissionKind = 3;

  World(const WorldSpec& spec, CommuneTable communes);
  std::string Id(uint64_t kind, int64_t index) const;

  WorldSpec spec_;
  CommuneTable communes_;
  int64_t organisations_ = 1;
};

}  // namespace renfort::datagen

#endif  // RENFORT_TOOLS_DATAGEN_WORLD_H_
