#include "matching/records.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "matching/geo.h"

namespace renfort::matching {
namespace {

constexpr int kDefaultTravelKm = 20;
constexpr int kMaxTravelKm = 200;
constexpr int kPlatformMinimumAge = 16;
constexpr int kAdultAge = 18;
constexpr int kMaxCountedInvitations = 15;

GeoPointF Rounded(const renfort::v1::GeoPoint& point) {
  return {static_cast<float>(point.latitude()), static_cast<float>(point.longitude())};
}

absl::Status CheckPoint(const renfort::v1::GeoPoint& point, absl::string_view field) {
  if (point.latitude() < -90 || point.latitude() > 90 || point.longitude() < -180 ||
      point.longitude() > 180) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": latitude/longitude out of range"));
  }
  return absl::OkStatus();
}

uint16_t PackInvitations(const VolunteerActivity& activity) {
  if (activity.counted_at == absl::InfinitePast() || activity.invitations_this_month <= 0) {
    return 0;
  }
  const int count = std::min(activity.invitations_this_month, kMaxCountedInvitations);
  return static_cast<uint16_t>(((UtcMonthNumber(activity.counted_at) & 0xFFF) << 4) | count);
}

absl::Status CompileAvailability(const renfort::v1::Availability& availability,
                                 int utc_offset_hours, VolunteerRecord& record) {
  if (availability.weekly_slots().empty()) {
    record.hours = WeekHours::All();
  } else if (absl::Status status =
                 AddWeeklySlots(availability.weekly_slots(), utc_offset_hours,
                                "volunteer.availability.weekly_slots", record.hours);
             !status.ok()) {
    return status;
  }
  const renfort::v1::DateRange& range = availability.date_range();
  if (range.has_start_date() && IsSet(range.start_date())) {
    absl::StatusOr<absl::CivilDay> day =
        ToCivilDay(range.start_date(), "volunteer.availability.date_range.start_date");
    if (!day.ok()) return day.status();
    record.available_from = ToDayNumber(*day);
  }
  if (range.has_end_date() && IsSet(range.end_date())) {
    absl::StatusOr<absl::CivilDay> day =
        ToCivilDay(range.end_date(), "volunteer.availability.date_range.end_date");
    if (!day.ok()) return day.status();
    record.available_until = ToDayNumber(*day);
  }
  return absl::OkStatus();
}

// Fills the mission's hours and first/last dates from its schedule.
absl::Status CompileSchedule(const renfort::v1::Schedule& schedule, int utc_offset_hours,
                             MissionRecord& record, absl::CivilDay& start) {
  switch (schedule.kind()) {
    case renfort::v1::SCHEDULE_KIND_ONE_OFF: {
      if (schedule.dated_slots().empty()) {
        return absl::InvalidArgumentError("mission.schedule.dated_slots: required for ONE_OFF");
      }
      if (absl::Status status = AddDatedSlots(schedule.dated_slots(), utc_offset_hours,
                                              "mission.schedule.dated_slots", record.hours);
          !status.ok()) {
        return status;
      }
      absl::CivilDay first = absl::CivilDay::max(), last = absl::CivilDay::min();
      for (const renfort::v1::DatedSlot& slot : schedule.dated_slots()) {
        const absl::CivilDay day(slot.date().year(), slot.date().month(), slot.date().day());
        first = std::min(first, day);
        last = std::max(last, day);
      }
      start = first;
      record.start_day = ToDayNumber(first);
      record.end_day = ToDayNumber(last);
      return absl::OkStatus();
    }
    case renfort::v1::SCHEDULE_KIND_RECURRING: {
      if (schedule.weekly_slots().empty()) {
        return absl::InvalidArgumentError(
            "mission.schedule.weekly_slots: required for RECURRING");
      }
      if (absl::Status status = AddWeeklySlots(schedule.weekly_slots(), utc_offset_hours,
                                               "mission.schedule.weekly_slots", record.hours);
          !status.ok()) {
        return status;
      }
      absl::StatusOr<absl::CivilDay> first = ToCivilDay(
          schedule.date_range().start_date(), "mission.schedule.date_range.start_date");
      if (!first.ok()) return first.status();
      start = *first;
      record.start_day = ToDayNumber(*first);
      if (schedule.date_range().has_end_date() && IsSet(schedule.date_range().end_date())) {
        absl::StatusOr<absl::CivilDay> last = ToCivilDay(schedule.date_range().end_date(),
                                                         "mission.schedule.date_range.end_date");
        if (!last.ok()) return last.status();
        record.end_day = ToDayNumber(*last);
      }
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError("mission.schedule.kind: required");
  }
}

}  // namespace

std::pair<uint8_t, uint8_t> RecordCounts(int done, int no_show) {
  done = std::max(done, 0);
  no_show = std::max(no_show, 0);
  const int largest = std::max(done, no_show);
  if (largest > 255) {
    done = static_cast<int>(std::lround(done * 255.0 / largest));
    no_show = static_cast<int>(std::lround(no_show * 255.0 / largest));
  }
  return {static_cast<uint8_t>(done), static_cast<uint8_t>(no_show)};
}

double DistanceKm(GeoPointF a, GeoPointF b) {
  return GreatCircleKm({a.latitude, a.longitude}, {b.latitude, b.longitude});
}

absl::StatusOr<CompiledVolunteer> CompileVolunteer(const renfort::v1::Volunteer& volunteer,
                                                   const VolunteerActivity& activity,
                                                   const SkillVocabulary& skills,
                                                   const DepartmentZones& zones,
                                                   absl::Time now) {
  CompiledVolunteer compiled;
  absl::StatusOr<Uuid> id = Uuid::Parse(volunteer.id(), "volunteer.id");
  if (!id.ok()) return id.status();
  compiled.id = *id;
  VolunteerRecord& record = compiled.record;

  switch (volunteer.status()) {
    case renfort::v1::VOLUNTEER_STATUS_ACTIVE: record.flags |= kActive; break;
    case renfort::v1::VOLUNTEER_STATUS_PAUSED: break;
    default:
      return absl::InvalidArgumentError(
          "volunteer.status: must be ACTIVE or PAUSED (remove deleted volunteers)");
  }
  if (volunteer.accepts_in_person()) record.flags |= kAcceptsInPerson;
  if (volunteer.accepts_remote()) record.flags |= kAcceptsRemote;
  if (!volunteer.accepts_in_person() && !volunteer.accepts_remote()) {
    return absl::InvalidArgumentError(
        "volunteer.accepts_in_person: at least one of accepts_in_person and accepts_remote");
  }

  absl::StatusOr<absl::CivilDay> birth = ToCivilDay(volunteer.birth_date(), "volunteer.birth_date");
  if (!birth.ok()) return birth.status();
  record.birth_day = ToDayNumber(*birth);

  const int travel = volunteer.max_travel_km() == 0 ? kDefaultTravelKm : volunteer.max_travel_km();
  if (travel < 1 || travel > kMaxTravelKm) {
    return absl::InvalidArgumentError(
        absl::StrCat("volunteer.max_travel_km: must be between 1 and 200, got ", travel));
  }
  record.max_travel_km = static_cast<uint8_t>(travel);

  if (volunteer.accepts_in_person()) {
    if (!volunteer.home_commune().has_centroid()) {
      return absl::InvalidArgumentError(
          "volunteer.home_commune.centroid: required for in-person volunteers");
    }
    if (absl::Status status =
            CheckPoint(volunteer.home_commune().centroid(), "volunteer.home_commune.centroid");
        !status.ok()) {
      return status;
    }
    compiled.home = Rounded(volunteer.home_commune().centroid());
  }

  absl::StatusOr<uint64_t> skill_mask = skills.MaskOf(volunteer.skills(), "volunteer.skills");
  if (!skill_mask.ok()) return skill_mask.status();
  record.skills = *skill_mask;
  absl::StatusOr<uint16_t> domains = DomainMaskOf(volunteer.domains(), "volunteer.domains");
  if (!domains.ok()) return domains.status();
  record.domains = *domains;

  const int offset = zones.UtcOffsetHours(volunteer.home_commune().department_code(), now);
  if (absl::Status status = CompileAvailability(volunteer.availability(), offset, record);
      !status.ok()) {
    return status;
  }
  if (volunteer.has_last_active_time()) {
    record.last_active_day = UtcDayNumber(absl::FromUnixSeconds(
        volunteer.last_active_time().seconds()));
  }
  std::tie(record.done_count, record.no_show_count) =
      RecordCounts(activity.done_count, activity.no_show_count);
  record.invitations = PackInvitations(activity);
  return compiled;
}

absl::StatusOr<MissionRecord> CompileMission(const renfort::v1::Mission& mission,
                                             const SkillVocabulary& skills,
                                             const DepartmentZones& zones, absl::Time now) {
  MissionRecord record;
  absl::StatusOr<Uuid> id = Uuid::Parse(mission.id(), "mission.id");
  if (!id.ok()) return id.status();
  record.id = *id;
  if (!mission.organisation_id().empty()) {
    absl::StatusOr<Uuid> organisation =
        Uuid::Parse(mission.organisation_id(), "mission.organisation_id");
    if (!organisation.ok()) return organisation.status();
    record.organisation_id = *organisation;
  }

  switch (mission.format()) {
    case renfort::v1::FORMAT_IN_PERSON:
    case renfort::v1::FORMAT_HYBRID: record.in_person = true; break;
    case renfort::v1::FORMAT_REMOTE: break;
    default: return absl::InvalidArgumentError("mission.format: required");
  }
  if (record.in_person) {
    if (mission.addresses().empty()) {
      return absl::InvalidArgumentError(
          "mission.addresses: required for in-person and hybrid missions");
    }
    for (const renfort::v1::Address& address : mission.addresses()) {
      const renfort::v1::GeoPoint* point = nullptr;
      if (address.has_location()) {
        point = &address.location();
      } else if (address.commune().has_centroid()) {
        point = &address.commune().centroid();
      } else {
        return absl::InvalidArgumentError("mission.addresses.location: required");
      }
      if (absl::Status status = CheckPoint(*point, "mission.addresses.location"); !status.ok()) {
        return status;
      }
      record.addresses.push_back(Rounded(*point));
    }
  }

  record.main_domain = DomainBit(mission.domain());
  if (record.main_domain == 0) return absl::InvalidArgumentError("mission.domain: required");
  record.secondary_domain = DomainBit(mission.secondary_domain());
  absl::StatusOr<uint64_t> skill_mask =
      skills.MaskOf(mission.required_skills(), "mission.required_skills");
  if (!skill_mask.ok()) return skill_mask.status();
  record.skills = *skill_mask;
  record.skill_count = static_cast<uint8_t>(std::popcount(record.skills));

  absl::CivilDay start;
  const int offset = zones.UtcOffsetHours(mission.department_code(), now);
  if (absl::Status status = CompileSchedule(mission.schedule(), offset, record, start);
      !status.ok()) {
    return status;
  }
  record.hour_count = static_cast<uint8_t>(record.hours.Count());
  record.latest_birth_day =
      LatestBirthDayForAge(start, mission.open_to_minors() ? kPlatformMinimumAge : kAdultAge);

  record.published = mission.status() == renfort::v1::MISSION_STATUS_PUBLISHED;
  record.places = mission.places();
  record.places_held = mission.places_held();
  return record;
}

}  // namespace renfort::matching
