#include "tests/unit/matching/reference_matcher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "absl/time/civil_time.h"
#include "matching/geo.h"

namespace renfort::matching::testing {
namespace {

constexpr int kWeekHours = 168;

absl::CivilDay Civil(const renfort::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

bool IsSetDate(const renfort::v1::Date& date) { return date.year() != 0; }

// A coordinate as the engine holds it: rounded to float. Through a volatile on purpose: GCC
// 12.2 at -O2 drops the rounding of `GeoPoint{static_cast<float>(x), static_cast<float>(y)}`
// (its SLP vectorizer removes the double→float→double pair; -fno-tree-slp-vectorize keeps it).
double RoundedToFloat(double value) {
  volatile float rounded = static_cast<float>(value);
  return rounded;
}
GeoPoint Rounded(const renfort::v1::GeoPoint& point) {
  return {RoundedToFloat(point.latitude()), RoundedToFloat(point.longitude())};
}

int IsoWeekday(absl::CivilDay day) {
  const int weekday = static_cast<int>(absl::GetWeekday(day));  // monday = 0 in Abseil
  return weekday + 1;
}

void AddSlotHours(int weekday, int start_minute, int end_minute, int offset,
                  std::set<int>& hours) {
  for (int minute = start_minute; minute < end_minute; ++minute) {
    int hour = (weekday - 1) * 24 + minute / 60 - offset;
    hours.insert(((hour % kWeekHours) + kWeekHours) % kWeekHours);
  }
}

int AgeOn(const renfort::v1::Date& birth, absl::CivilDay day) {
  int age = static_cast<int>(day.year()) - birth.year();
  if (std::make_pair(day.month(), day.day()) < std::make_pair(birth.month(), birth.day())) --age;
  return age;
}

absl::CivilDay MissionFirstDay(const renfort::v1::Mission& mission) {
  if (mission.schedule().kind() == renfort::v1::SCHEDULE_KIND_RECURRING) {
    return Civil(mission.schedule().date_range().start_date());
  }
  absl::CivilDay first = absl::CivilDay::max();
  for (const auto& slot : mission.schedule().dated_slots()) first = std::min(first, Civil(slot.date()));
  return first;
}

std::optional<absl::CivilDay> MissionLastDay(const renfort::v1::Mission& mission) {
  if (mission.schedule().kind() == renfort::v1::SCHEDULE_KIND_RECURRING) {
    const auto& range = mission.schedule().date_range();
    if (!range.has_end_date() || !IsSetDate(range.end_date())) return std::nullopt;
    return Civil(range.end_date());
  }
  absl::CivilDay last = absl::CivilDay::min();
  for (const auto& slot : mission.schedule().dated_slots()) last = std::max(last, Civil(slot.date()));
  return last;
}

int Travel(const renfort::v1::Volunteer& volunteer) {
  return volunteer.max_travel_km() == 0 ? 20 : volunteer.max_travel_km();
}

bool InPerson(const renfort::v1::Mission& mission) {
  return mission.format() != renfort::v1::FORMAT_REMOTE;
}

void SortAndCut(std::vector<ReferenceResult>& results, int limit) {
  std::sort(results.begin(), results.end(), [](const ReferenceResult& a, const ReferenceResult& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (static_cast<int>(results.size()) > limit) results.resize(limit);
}

}  // namespace

std::set<int> ReferenceMatcher::VolunteerHours(const renfort::v1::Volunteer& volunteer) const {
  std::set<int> hours;
  if (volunteer.availability().weekly_slots().empty()) {
    for (int h = 0; h < kWeekHours; ++h) hours.insert(h);
    return hours;
  }
  const int offset = zones_.UtcOffsetHours(volunteer.home_commune().department_code(), indexed_at_);
  for (const auto& slot : volunteer.availability().weekly_slots()) {
    AddSlotHours(slot.weekday(), slot.start_minute(), slot.end_minute(), offset, hours);
  }
  return hours;
}

std::set<int> ReferenceMatcher::MissionHours(const renfort::v1::Mission& mission) const {
  std::set<int> hours;
  const int offset = zones_.UtcOffsetHours(mission.department_code(), indexed_at_);
  for (const auto& slot : mission.schedule().weekly_slots()) {
    AddSlotHours(slot.weekday(), slot.start_minute(), slot.end_minute(), offset, hours);
  }
  for (const auto& slot : mission.schedule().dated_slots()) {
    AddSlotHours(IsoWeekday(Civil(slot.date())), slot.start_minute(), slot.end_minute(), offset,
                 hours);
  }
  return hours;
}

bool ReferenceMatcher::PassesPairRules(const ReferenceVolunteer& volunteer,
                                       const renfort::v1::Mission& mission,
                                       std::optional<double>& distance_km) const {
  const renfort::v1::Volunteer& v = volunteer.proto;
  distance_km.reset();
  if (v.status() != renfort::v1::VOLUNTEER_STATUS_ACTIVE) return false;
  const absl::CivilDay start = MissionFirstDay(mission);
  if (AgeOn(v.birth_date(), start) < (mission.open_to_minors() ? 16 : 18)) return false;
  if (InPerson(mission)) {
    if (!v.accepts_in_person()) return false;
    double nearest = std::numeric_limits<double>::infinity();
    for (const auto& address : mission.addresses()) {
      nearest = std::min(nearest, GreatCircleKm(Rounded(address.location()),
                                                Rounded(v.home_commune().centroid())));
    }
    distance_km = nearest;
    if (nearest > Travel(v)) return false;
  } else if (!v.accepts_remote()) {
    return false;
  }
  const auto& range = v.availability().date_range();
  const std::optional<absl::CivilDay> last = MissionLastDay(mission);
  if (range.has_start_date() && IsSetDate(range.start_date()) && last &&
      Civil(range.start_date()) > *last) {
    return false;
  }
  if (range.has_end_date() && IsSetDate(range.end_date()) && Civil(range.end_date()) < start) {
    return false;
  }
  const std::set<int> volunteer_hours = VolunteerHours(v);
  for (int h : MissionHours(mission)) {
    if (volunteer_hours.contains(h)) return true;
  }
  return false;
}

double ReferenceMatcher::Score(const ReferenceVolunteer& volunteer,
                               const ReferenceMission& mission,
                               std::optional<double> distance_km, absl::Time now,
                               FactorMask factors) const {
  const renfort::v1::Volunteer& v = volunteer.proto;
  const renfort::v1::Mission& m = mission.proto;
  std::array<double, kFactorCount> values{};
  auto set = [&values](Factor factor, double value) { values[static_cast<int>(factor)] = value; };
  if (distance_km) set(Factor::kProximity, ProximityValue(*distance_km, Travel(v)));

  int covered = 0;
  for (const std::string& skill : m.required_skills()) {
    if (std::find(v.skills().begin(), v.skills().end(), skill) != v.skills().end()) ++covered;
  }
  set(Factor::kSkillCoverage, SkillCoverageValue(covered, m.required_skills_size()));

  auto interested = [&v](int domain) {
    return std::find(v.domains().begin(), v.domains().end(), domain) != v.domains().end();
  };
  set(Factor::kDomainInterest, interested(m.domain()) ? 1.0
                               : (m.secondary_domain() != 0 && interested(m.secondary_domain()))
                                   ? 0.5
                                   : 0.0);

  const std::set<int> mission_hours = MissionHours(m);
  const std::set<int> volunteer_hours = VolunteerHours(v);
  int common = 0;
  for (int h : mission_hours) common += volunteer_hours.contains(h);
  set(Factor::kAvailabilityOverlap, static_cast<double>(common) / mission_hours.size());

  // Counts as the index holds them (above 255, scaled down keeping the ratio).
  double done = volunteer.activity.done_count, no_show = volunteer.activity.no_show_count;
  if (std::max(done, no_show) > 255) {
    const double largest = std::max(done, no_show);
    done = std::lround(done * 255.0 / largest);
    no_show = std::lround(no_show * 255.0 / largest);
  }
  set(Factor::kReliability, ReliabilityValue(static_cast<int>(done), static_cast<int>(no_show),
                                             weights_));

  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  const absl::CivilDay last_active =
      v.has_last_active_time()
          ? absl::ToCivilDay(absl::FromUnixSeconds(v.last_active_time().seconds()),
                             absl::UTCTimeZone())
          : absl::CivilDay(1900, 1, 1);
  set(Factor::kRecency, RecencyCurve(weights_.recency_half_life_days)
                            .Value(static_cast<int>(today - last_active)));

  int invitations = 0;
  if (volunteer.activity.counted_at != absl::InfinitePast() &&
      absl::ToCivilMonth(volunteer.activity.counted_at, absl::UTCTimeZone()) ==
          absl::ToCivilMonth(now, absl::UTCTimeZone())) {
    invitations = std::min(volunteer.activity.invitations_this_month, 15);
  }
  set(Factor::kFairness, FairnessValue(invitations, weights_.monthly_invitation_cap));
  set(Factor::kOrganisationResponsiveness, ResponsivenessValue(mission.organisation, weights_));
  return EffectiveWeights(weights_, factors).Score(values);
}

std::vector<ReferenceResult> ReferenceMatcher::Rank(
    const renfort::v1::Mission& mission, const std::vector<ReferenceVolunteer>& volunteers,
    const Involvement& involvement, absl::Time now, int limit,
    bool skip_at_invitation_cap) const {
  std::vector<ReferenceResult> results;
  if (mission.status() != renfort::v1::MISSION_STATUS_PUBLISHED ||
      mission.places_held() >= mission.places()) {
    return results;
  }
  const ReferenceMission wrapped{mission, {}};
  for (const ReferenceVolunteer& volunteer : volunteers) {
    std::optional<double> distance;
    if (!PassesPairRules(volunteer, mission, distance)) continue;
    if (involvement.contains({mission.id(), volunteer.proto.id()})) continue;
    if (skip_at_invitation_cap && volunteer.activity.counted_at != absl::InfinitePast() &&
        absl::ToCivilMonth(volunteer.activity.counted_at, absl::UTCTimeZone()) ==
            absl::ToCivilMonth(now, absl::UTCTimeZone()) &&
        std::min(volunteer.activity.invitations_this_month, 15) >=
            weights_.monthly_invitation_cap) {
      continue;
    }
    results.push_back({volunteer.proto.id(),
                       Score(volunteer, wrapped, distance, now, RankFactors(InPerson(mission))),
                       distance});
  }
  SortAndCut(results, limit);
  return results;
}

std::vector<ReferenceResult> ReferenceMatcher::Recommend(
    const ReferenceVolunteer& volunteer, const std::vector<ReferenceMission>& missions,
    const Involvement& involvement, absl::Time now, int limit) const {
  std::vector<ReferenceResult> results;
  for (const ReferenceMission& mission : missions) {
    if (mission.proto.status() != renfort::v1::MISSION_STATUS_PUBLISHED) continue;
    std::optional<double> distance;
    if (!PassesPairRules(volunteer, mission.proto, distance)) continue;
    if (involvement.contains({mission.proto.id(), volunteer.proto.id()})) continue;
    results.push_back({mission.proto.id(),
                       Score(volunteer, mission, distance, now,
                             RecommendFactors(InPerson(mission.proto))),
                       distance});
  }
  SortAndCut(results, limit);
  return results;
}

}  // namespace renfort::matching::testing
