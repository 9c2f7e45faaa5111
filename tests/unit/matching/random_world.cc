#include "tests/unit/matching/random_world.h"

#include <algorithm>
#include <cstdio>

#include "absl/time/civil_time.h"

namespace renfort::matching::testing {
namespace {

struct ClusterCentre {
  double latitude;
  double longitude;
  const char* department;
};
constexpr ClusterCentre kClusters[] = {
    {48.8589, 2.3469, "75"},     // Paris
    {44.5181, 3.5006, "48"},     // Mende, Lozère
    {-20.9434, 55.4444, "974"},  // Saint-Denis, La Réunion
    {16.2411, -61.5331, "971"},  // Pointe-à-Pitre, Guadeloupe
};
constexpr int kPointsPerCluster = 12;
constexpr int kTravelChoices[] = {0, 1, 3, 5, 6, 10, 15, 20, 25, 30, 45, 50, 75, 100, 150, 200};

void SetDate(absl::CivilDay day, renfort::v1::Date& date) {
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
}

}  // namespace

std::vector<std::string> TestSkillSlugs() {
  return {"permis_b",   "premiers_secours_psc1", "bafa",     "langue_anglais",
          "informatique", "comptabilite",       "logistique", "manutention",
          "cuisine",    "ecoute_active",         "jardinage", "musique"};
}

SkillVocabulary TestSkills() { return *SkillVocabulary::Create(TestSkillSlugs()); }

DepartmentZones TestZones() {
  DepartmentZones zones(absl::FixedTimeZone(3600));
  zones.Add("974", absl::FixedTimeZone(4 * 3600));
  zones.Add("971", absl::FixedTimeZone(-4 * 3600));
  return zones;
}

absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 11, 10, 0, 0), absl::UTCTimeZone());
}

int WorldGenerator::Uniform(int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(rng_);
}

bool WorldGenerator::Chance(double probability) {
  return std::uniform_real_distribution<double>(0, 1)(rng_) < probability;
}

std::string WorldGenerator::NewId() {
  // Ids share a prefix so clones tie on everything but the id.
  char text[40];
  std::snprintf(text, sizeof(text), "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(next_id_++ * 7919 % 1000003));
  return text;
}

int WorldGenerator::Cluster() {
  if (dense_ && Chance(0.8)) return 0;
  const int draw = Uniform(0, 9);
  return draw < 5 ? 0 : draw < 7 ? 1 : draw < 9 ? 2 : 3;
}

renfort::v1::GeoPoint WorldGenerator::CommunePoint(int cluster) {
  // The same kPointsPerCluster points every time: volunteers share communes.
  const int index = dense_ && Chance(0.8) ? 0 : Uniform(0, kPointsPerCluster - 1);
  std::mt19937_64 fixed(cluster * 100 + index);
  std::uniform_real_distribution<double> offset(-0.5, 0.5);
  renfort::v1::GeoPoint point;
  const double spread = index == 0 ? 0 : 0.4 + index * 0.05;
  point.set_latitude(kClusters[cluster].latitude + offset(fixed) * spread);
  point.set_longitude(kClusters[cluster].longitude + offset(fixed) * spread * 1.4);
  return point;
}

ReferenceVolunteer WorldGenerator::Volunteer(absl::Time now) {
  if (!made_.empty() && Chance(0.1)) {
    ReferenceVolunteer clone = made_[Uniform(0, static_cast<int>(made_.size()) - 1)];
    clone.proto.set_id(NewId());
    made_.push_back(clone);
    return clone;
  }
  made_.push_back(Reprofile(NewId(), now));
  return made_.back();
}

ReferenceVolunteer WorldGenerator::Reprofile(const std::string& id, absl::Time now) {
  ReferenceVolunteer volunteer;
  renfort::v1::Volunteer& v = volunteer.proto;
  v.set_id(id);
  v.set_status(Chance(0.9) ? renfort::v1::VOLUNTEER_STATUS_ACTIVE
                           : renfort::v1::VOLUNTEER_STATUS_PAUSED);
  // Ages from 14 to 80, a third of them within a year of the 16 and 18 thresholds.
  absl::CivilDay birth;
  if (Chance(0.05)) {
    birth = absl::CivilDay(2008, 2, 29);
  } else if (Chance(0.35)) {
    birth = absl::CivilDay(Uniform(2007, 2010), 1, 1) + Uniform(0, 364);
  } else {
    birth = absl::CivilDay(Uniform(1946, 2011), 1, 1) + Uniform(0, 364);
  }
  SetDate(birth, *v.mutable_birth_date());
  const int cluster = Cluster();
  v.mutable_home_commune()->set_department_code(kClusters[cluster].department);
  *v.mutable_home_commune()->mutable_centroid() = CommunePoint(cluster);
  v.set_max_travel_km(kTravelChoices[Uniform(0, std::size(kTravelChoices) - 1)]);
  const int formats = Uniform(0, 9);
  v.set_accepts_in_person(formats < 8);
  v.set_accepts_remote(formats >= 6);
  for (int d = 1; d <= 10; ++d) {
    if (Chance(0.22)) v.add_domains(static_cast<renfort::v1::Domain>(d));
  }
  const std::vector<std::string> skills = TestSkillSlugs();
  for (const std::string& skill : skills) {
    if (Chance(0.18)) v.add_skills(skill);
  }
  renfort::v1::Availability& availability = *v.mutable_availability();
  if (Chance(0.7)) {
    for (int i = Uniform(1, 4); i > 0; --i) {
      renfort::v1::WeeklySlot& slot = *availability.add_weekly_slots();
      slot.set_weekday(static_cast<renfort::v1::Weekday>(Uniform(1, 7)));
      const int start = Chance(0.5) ? Uniform(0, 1439) : Uniform(0, 95) * 15;
      slot.set_start_minute(start);
      slot.set_end_minute(std::min(1440, start + Uniform(1, 480)));
    }
  }
  if (Chance(0.4)) {
    SetDate(absl::CivilDay(2025, 6, 1) + Uniform(0, 700),
            *availability.mutable_date_range()->mutable_start_date());
  }
  if (Chance(0.3)) {
    SetDate(absl::CivilDay(2026, 1, 1) + Uniform(0, 700),
            *availability.mutable_date_range()->mutable_end_date());
  }
  if (Chance(0.9)) {
    v.mutable_last_active_time()->set_seconds(
        absl::ToUnixSeconds(now - absl::Hours(Uniform(0, 400 * 24))));
  }
  volunteer.activity.done_count = Chance(0.03) ? Uniform(250, 900) : Uniform(0, 20);
  volunteer.activity.no_show_count = Uniform(0, 5);
  volunteer.activity.invitations_this_month = Uniform(0, 4);
  volunteer.activity.counted_at = Chance(0.7) ? now - absl::Hours(Uniform(0, 48))
                                              : now - absl::Hours(24 * Uniform(32, 60));
  return volunteer;
}

ReferenceMission WorldGenerator::Mission(absl::Time now) {
  ReferenceMission mission;
  renfort::v1::Mission& m = mission.proto;
  m.set_id(NewId());
  char organisation[40];
  std::snprintf(organisation, sizeof(organisation), "11111111-0000-4000-8000-%012d",
                Uniform(1, 5));
  m.set_organisation_id(organisation);
  mission.organisation.applications_received = Uniform(0, 40);
  mission.organisation.applications_answered =
      Uniform(0, mission.organisation.applications_received);
  mission.organisation.median_answer_hours = Uniform(0, 300);
  const int format = Uniform(0, 9);
  m.set_format(format < 6   ? renfort::v1::FORMAT_IN_PERSON
               : format < 7 ? renfort::v1::FORMAT_HYBRID
                            : renfort::v1::FORMAT_REMOTE);
  const int cluster = Cluster();
  m.set_department_code(kClusters[cluster].department);
  if (m.format() != renfort::v1::FORMAT_REMOTE) {
    for (int i = Uniform(1, 3); i > 0; --i) {
      renfort::v1::Address& address = *m.add_addresses();
      *address.mutable_location() = CommunePoint(cluster);
      if (Chance(0.5)) {
        address.mutable_location()->set_latitude(address.location().latitude() +
                                                 Uniform(-100, 100) * 0.001);
      }
    }
  }
  m.set_domain(static_cast<renfort::v1::Domain>(Uniform(1, 10)));
  if (Chance(0.5)) {
    m.set_secondary_domain(static_cast<renfort::v1::Domain>(m.domain() % 10 + 1));
  }
  const std::vector<std::string> skills = TestSkillSlugs();
  for (int i = Uniform(0, 3); i > 0; --i) {
    const std::string& skill = skills[Uniform(0, static_cast<int>(skills.size()) - 1)];
    if (std::find(m.required_skills().begin(), m.required_skills().end(), skill) ==
        m.required_skills().end()) {
      m.add_required_skills(skill);
    }
  }
  renfort::v1::Schedule& schedule = *m.mutable_schedule();
  if (Chance(0.5)) {
    schedule.set_kind(renfort::v1::SCHEDULE_KIND_ONE_OFF);
    for (int i = Uniform(1, 3); i > 0; --i) {
      renfort::v1::DatedSlot& slot = *schedule.add_dated_slots();
      SetDate(absl::CivilDay(2026, 1, 1) + Uniform(0, 500), *slot.mutable_date());
      const int start = Uniform(0, 1400);
      slot.set_start_minute(start);
      slot.set_end_minute(std::min(1440, start + Uniform(15, 300)));
    }
  } else {
    schedule.set_kind(renfort::v1::SCHEDULE_KIND_RECURRING);
    for (int i = Uniform(1, 3); i > 0; --i) {
      renfort::v1::WeeklySlot& slot = *schedule.add_weekly_slots();
      slot.set_weekday(static_cast<renfort::v1::Weekday>(Uniform(1, 7)));
      const int start = Uniform(0, 1400);
      slot.set_start_minute(start);
      slot.set_end_minute(std::min(1440, start + Uniform(15, 300)));
    }
    const absl::CivilDay start = absl::CivilDay(2025, 9, 1) + Uniform(0, 500);
    SetDate(start, *schedule.mutable_date_range()->mutable_start_date());
    if (Chance(0.6)) {
      SetDate(start + Uniform(0, 400), *schedule.mutable_date_range()->mutable_end_date());
    }
  }
  m.set_places(Uniform(1, 8));
  m.set_places_held(Chance(0.1) ? m.places() : Uniform(0, m.places() - 1));
  m.set_open_to_minors(Chance(0.3));
  const int status = Uniform(0, 19);
  m.set_status(status < 17   ? renfort::v1::MISSION_STATUS_PUBLISHED
               : status < 19 ? renfort::v1::MISSION_STATUS_PAUSED
                             : renfort::v1::MISSION_STATUS_DRAFT);
  (void)now;
  return mission;
}

}  // namespace renfort::matching::testing
