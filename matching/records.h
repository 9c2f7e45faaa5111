#ifndef RENFORT_MATCHING_RECORDS_H_
#define RENFORT_MATCHING_RECORDS_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "matching/activity.h"
#include "matching/days.h"
#include "matching/uuid.h"
#include "matching/vocabulary.h"
#include "matching/week_hours.h"
#include "matching/zones.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::matching {

// The compact forms of volunteers and missions that the index holds: the only second
// representation of the model (STYLE.md), compiled from the proto messages on upsert.

// A point held in single precision (about 1 m at French latitudes, far below a commune's
// size). Every distance matching computes, and the reference it is tested against, starts
// from these rounded coordinates.
struct GeoPointF {
  float latitude = 0;
  float longitude = 0;
  friend bool operator==(const GeoPointF&, const GeoPointF&) = default;
};

// Great-circle distance in km between two rounded points (GreatCircleKm in double precision).
double DistanceKm(GeoPointF a, GeoPointF b);

enum VolunteerFlag : uint8_t {
  kActive = 1,          // status ACTIVE (PAUSED volunteers are held but never ranked)
  kAcceptsInPerson = 2,
  kAcceptsRemote = 4,
};

// One volunteer in 48 bytes: everything the hard rules and the soft score read. The home
// point lives in the volunteer's group (volunteers of one commune share it) and the id beside
// the record.
struct VolunteerRecord {
  WeekHours hours;             // availability on the UTC week; All() when no weekly slot
  uint64_t skills = 0;         // SkillVocabulary bits
  uint16_t domains = 0;        // DomainBit bits
  DayNumber birth_day = 0;
  DayNumber available_from = kFirstDay;  // availability date range, inclusive
  DayNumber available_until = kLastDay;
  DayNumber last_active_day = kFirstDay;  // UTC day of last_active_time
  uint16_t invitations = 0;    // (UTC month number << 4) | min(count, 15)
  uint8_t done_count = 0;      // participations DONE / NO_SHOW, see RecordCounts
  uint8_t no_show_count = 0;
  uint8_t max_travel_km = 20;  // 1–200
  uint8_t flags = 0;           // VolunteerFlag bits

  bool Has(VolunteerFlag flag) const { return (flags & flag) != 0; }
  // Invitations received in UTC month `month_number` (see UtcMonthNumber); 0 for another month.
  int InvitationsIn(int month_number) const {
    return (invitations >> 4) == (month_number & 0xFFF) ? (invitations & 0xF) : 0;
  }
};
static_assert(sizeof(VolunteerRecord) == 48, "VolunteerRecord must stay compact");

// The DONE and NO_SHOW counts as the record holds them: unchanged up to 255; above, both are
// scaled down (rounded) so that the larger is 255, which keeps their ratio.
std::pair<uint8_t, uint8_t> RecordCounts(int done, int no_show);

struct CompiledVolunteer {
  Uuid id;
  VolunteerRecord record;
  GeoPointF home;  // meaningful when the volunteer accepts in-person missions
};

// Compiles a volunteer. Weekly slots are put on the UTC week with the offset of the home
// département's zone at `now`. INVALID_ARGUMENT naming the field for: an id that is not a
// UUID, status UNSPECIFIED or DELETED (remove deleted volunteers instead), a missing or
// invalid birth date, no accepted format, max_travel_km outside 0–200 (0 means 20), an
// in-person volunteer without home_commune.centroid, unknown skills or domains, invalid slots
// or dates.
absl::StatusOr<CompiledVolunteer> CompileVolunteer(const renfort::v1::Volunteer& volunteer,
                                                   const VolunteerActivity& activity,
                                                   const SkillVocabulary& skills,
                                                   const DepartmentZones& zones, absl::Time now);

// A mission as ranking reads it.
struct MissionRecord {
  Uuid id;
  Uuid organisation_id;
  std::vector<GeoPointF> addresses;  // empty for REMOTE
  WeekHours hours;                   // the schedule on the UTC week
  uint64_t skills = 0;
  uint16_t main_domain = 0;          // DomainBit
  uint16_t secondary_domain = 0;     // DomainBit, 0 when none
  uint8_t skill_count = 0;
  uint8_t hour_count = 0;
  DayNumber start_day = kFirstDay;   // first and last local dates of the schedule
  DayNumber end_day = kLastDay;      // kLastDay when open-ended
  DayNumber latest_birth_day = 0;    // born on or before: old enough at start (16 or 18)
  bool in_person = false;            // IN_PERSON or HYBRID
  bool published = false;
  int32_t places = 0;
  int32_t places_held = 0;

  int PlacesLeft() const { return places > places_held ? places - places_held : 0; }
};

// The fields of a mission that the pair rules and the quick score bound read (PassesPairRules,
// QuickScoreBound), copied into 48 bytes: RecommendMissions checks tens of thousands of
// missions per call against them, reading one compact array instead of the 120-byte records.
struct MissionFilter {
  WeekHours hours;
  uint64_t skills = 0;
  DayNumber start_day = kFirstDay;
  DayNumber end_day = kLastDay;
  DayNumber latest_birth_day = 0;
  uint16_t main_domain = 0;
  uint16_t secondary_domain = 0;
  uint8_t skill_count = 0;
  uint8_t hour_count = 0;
  bool in_person = false;
  uint8_t address_count = 0;  // min(addresses, 255)

  static MissionFilter Of(const MissionRecord& m) {
    return {m.hours,       m.skills,           m.start_day,   m.end_day,    m.latest_birth_day,
            m.main_domain, m.secondary_domain, m.skill_count, m.hour_count, m.in_person,
            static_cast<uint8_t>(std::min<size_t>(m.addresses.size(), 255))};
  }
};
static_assert(sizeof(MissionFilter) == 48, "MissionFilter must stay compact");

// Compiles a mission; the schedule is put on the UTC week with the offset of the mission's
// département (department_code) at `now`. INVALID_ARGUMENT naming the field for: ids that are
// not UUIDs, an unspecified format or main domain, an in-person or hybrid mission without
// addresses or with an address without location (nor commune centroid), unknown skills, a
// missing or invalid schedule.
absl::StatusOr<MissionRecord> CompileMission(const renfort::v1::Mission& mission,
                                             const SkillVocabulary& skills,
                                             const DepartmentZones& zones, absl::Time now);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_RECORDS_H_
