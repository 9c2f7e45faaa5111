#include "tools/seed/demo_platform.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/datagen/random.h"

namespace renfort::seed {
namespace {

using datagen::Rng;
using datagen::Row;

// Rng streams of the seed's own draws; datagen uses 11..14.
constexpr uint64_t kParticipationStream = 31;
constexpr uint64_t kParticipationIdStream = 32;

std::string Timestamp(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

void SetDate(absl::CivilDay day, renfort::v1::Date& date) {
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
}

// "pppppppp-pppp-4ppp-8004-<mission index><ordinal>": random-looking, unique, and outside the
// id space of datagen (8001..8003) and of the tour (8000).
std::string ParticipationId(uint64_t seed, int64_t mission, int ordinal) {
  const uint64_t key = static_cast<uint64_t>(mission) * 1000 + static_cast<uint64_t>(ordinal);
  const uint64_t random = Rng::For(seed, kParticipationIdStream, key).Next();
  return absl::StrFormat("%08x-%04x-4%03x-8004-%012x", static_cast<unsigned>(random >> 32),
                         static_cast<unsigned>((random >> 16) & 0xFFFF),
                         static_cast<unsigned>(random & 0xFFF), key);
}

// Builds one participation's rows: its creation, then each later status, at times moving from
// `start` towards `end`.
class History {
 public:
  History(ParticipationPlan& plan, std::string id, std::string mission_id, std::string volunteer_id,
          absl::Time start, absl::Time end, Rng& rng)
      : plan_(plan), id_(std::move(id)), mission_id_(std::move(mission_id)),
        volunteer_id_(std::move(volunteer_id)), at_(start), end_(end), rng_(rng), created_(start) {}

  // A status change by `role` (the volunteer for their own changes, else an org manager).
  History& To(const char* status, bool by_volunteer, const char* reason = nullptr) {
    if (status_ != nullptr) at_ += (end_ - at_) * rng_.Uniform() * 0.5;
    std::optional<std::string> from;
    if (status_ != nullptr) from = status_;
    std::optional<std::string> why;
    if (reason != nullptr) why = reason;
    plan_.transitions.push_back(
        {id_, from, status, why, by_volunteer ? "volunteer" : "org_manager",
         by_volunteer ? volunteer_id_ : std::string("demo-manager"), Timestamp(at_)});
    status_ = status;
    reason_ = reason;
    return *this;
  }

  void Finish() {
    std::optional<std::string> reason;
    if (reason_ != nullptr) reason = reason_;
    std::optional<std::string> waitlisted;
    if (std::string(status_) == "WAITLISTED") waitlisted = Timestamp(created_);
    plan_.participations.push_back({id_, mission_id_, volunteer_id_, "APPLIED", status_, reason,
                                    waitlisted, Timestamp(created_), Timestamp(at_)});
    const std::string status = status_;
    if (status == "PENDING" || status == "IN_REVIEW" || status == "ACCEPTED") ++plan_.places_held;
  }

 private:
  ParticipationPlan& plan_;
  std::string id_, mission_id_, volunteer_id_;
  absl::Time at_, end_;
  Rng& rng_;
  absl::Time created_;
  const char* status_ = nullptr;
  const char* reason_ = nullptr;
};

}  // namespace

const std::vector<std::string>& ParticipationColumns() {
  static const std::vector<std::string> columns = {
      "id", "mission_id", "volunteer_id", "origin", "status", "reason", "waitlisted_at",
      "created_at", "updated_at"};
  return columns;
}

const std::vector<std::string>& TransitionColumns() {
  static const std::vector<std::string> columns = {
      "participation_id", "from_status", "to_status", "reason", "actor_role", "actor_id", "at"};
  return columns;
}

absl::StatusOr<DemoPlatform> DemoPlatform::Create(const DemoSpec& spec,
                                                  const std::string& communes_csv) {
  if (spec.volunteers < 1 || spec.missions < 1) {
    return absl::InvalidArgumentError("spec: volunteers and missions must be at least 1");
  }
  datagen::WorldSpec world_spec;
  world_spec.seed = spec.seed;
  world_spec.volunteers = spec.volunteers;
  world_spec.missions = spec.missions;
  world_spec.now = spec.now;
  absl::StatusOr<datagen::World> world = datagen::World::Create(world_spec, communes_csv);
  if (!world.ok()) return world.status();
  for (const char* code : {kLilleInseeCode, kVilleneuveDAscqInseeCode}) {
    if (world->communes().Find(code) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(communes_csv, ": commune ", code, " missing"));
    }
  }
  DemoPlatform platform(spec, *std::move(world));
  platform.IndexVolunteers();
  return platform;
}

DemoPlatform::DemoPlatform(const DemoSpec& spec, datagen::World world)
    : spec_(spec), world_(std::move(world)) {}

void DemoPlatform::IndexVolunteers() {
  const absl::CivilDay today = absl::ToCivilDay(spec_.now, absl::UTCTimeZone());
  minor_.assign(spec_.volunteers, false);
  for (int64_t i = 1; i < spec_.volunteers; ++i) {  // 0 is the demo volunteer
    const renfort::v1::Volunteer v = world_.Volunteer(i).volunteer;
    const absl::CivilDay born(v.birth_date().year(), v.birth_date().month(), v.birth_date().day());
    minor_[i] = born > absl::CivilDay(today.year() - 18, today.month(), today.day());
    if (v.status() != renfort::v1::VOLUNTEER_STATUS_ACTIVE) continue;
    if (v.accepts_in_person()) {
      in_person_by_department_[v.home_commune().department_code()].push_back(i);
    }
    if (v.accepts_remote()) remote_.push_back(i);
  }
}

renfort::v1::Organisation DemoPlatform::Organisation(int64_t index) const {
  renfort::v1::Organisation organisation = world_.Organisation(index);
  if (index != 0) return organisation;
  const datagen::CommuneRow& lille = *world_.communes().Find(kLilleInseeCode);
  organisation.set_id(kDemoOrganisationId);
  organisation.set_name("Solidarité Lille Métropole (démo)");
  organisation.set_kind(renfort::v1::ORGANISATION_KIND_ASSOCIATION);
  renfort::v1::Address& address = *organisation.mutable_address();
  address.set_street("12 rue Pierre Mauroy");
  address.mutable_commune()->set_insee_code(lille.insee_code);
  address.mutable_commune()->set_name(lille.name);
  address.mutable_commune()->set_department_code(lille.department_code);
  address.mutable_location()->set_latitude(lille.latitude);
  address.mutable_location()->set_longitude(lille.longitude);
  return organisation;
}

datagen::GeneratedVolunteer DemoPlatform::Volunteer(int64_t index) const {
  datagen::GeneratedVolunteer generated = world_.Volunteer(index);
  if (index != 0) return generated;
  // Camille, 30, in Villeneuve-d'Ascq: available any time, in person or remotely, so every
  // step of the tour works for her.
  renfort::v1::Volunteer& v = generated.volunteer;
  const datagen::CommuneRow& home = *world_.communes().Find(kVilleneuveDAscqInseeCode);
  const absl::CivilDay today = absl::ToCivilDay(spec_.now, absl::UTCTimeZone());
  v.set_id(kDemoVolunteerId);
  v.set_first_name("Camille");
  v.set_last_name("Delattre");
  v.set_email("camille.delattre@example.org");
  SetDate(absl::CivilDay(today.year() - 30, 3, 14), *v.mutable_birth_date());
  renfort::v1::Commune& commune = *v.mutable_home_commune();
  commune.set_insee_code(home.insee_code);
  commune.set_name(home.name);
  commune.set_department_code(home.department_code);
  commune.mutable_centroid()->set_latitude(home.latitude);
  commune.mutable_centroid()->set_longitude(home.longitude);
  v.set_accepts_in_person(true);
  v.set_accepts_remote(true);
  v.set_max_travel_km(20);
  v.clear_domains();
  v.add_domains(renfort::v1::DOMAIN_SOLIDARITY_INSERTION);
  v.add_domains(renfort::v1::DOMAIN_EDUCATION);
  v.clear_skills();
  v.add_skills("aide_aux_devoirs");
  v.add_skills("cuisine");
  v.clear_availability();
  v.set_status(renfort::v1::VOLUNTEER_STATUS_ACTIVE);
  return generated;
}

renfort::v1::Mission DemoPlatform::TourMission(int64_t index, bool remote) const {
  renfort::v1::Mission m = world_.Mission(index);
  const absl::CivilDay today = absl::ToCivilDay(spec_.now, absl::UTCTimeZone());
  m.set_organisation_id(kDemoOrganisationId);
  m.clear_secondary_domain();
  m.clear_required_skills();
  m.clear_addresses();
  m.clear_end_date();
  m.set_places(remote ? 20 : 8);
  m.set_open_to_minors(true);
  m.set_status(renfort::v1::MISSION_STATUS_PUBLISHED);
  renfort::v1::Schedule& schedule = *m.mutable_schedule();
  schedule.Clear();
  schedule.set_kind(renfort::v1::SCHEDULE_KIND_RECURRING);
  renfort::v1::WeeklySlot& slot = *schedule.add_weekly_slots();
  const absl::CivilDay start = today + 7;
  SetDate(start, *schedule.mutable_date_range()->mutable_start_date());
  SetDate(start, *m.mutable_start_date());
  m.mutable_commitment()->set_duration_minutes(120);
  m.mutable_commitment()->set_period(renfort::v1::COMMITMENT_PERIOD_WEEK);
  if (remote) {
    m.set_id(kDemoRemoteMissionId);
    m.set_title("Soutien scolaire en ligne pour collégiens");
    m.set_domain(renfort::v1::DOMAIN_EDUCATION);
    m.set_format(renfort::v1::FORMAT_REMOTE);
    m.clear_department_code();
    slot.set_weekday(renfort::v1::WEEKDAY_WEDNESDAY);
    slot.set_start_minute(14 * 60);
    slot.set_end_minute(16 * 60);
  } else {
    const datagen::CommuneRow& lille = *world_.communes().Find(kLilleInseeCode);
    m.set_id(kDemoNearbyMissionId);
    m.set_title("Distribution alimentaire à Lille-Fives");
    m.set_domain(renfort::v1::DOMAIN_SOLIDARITY_INSERTION);
    m.set_format(renfort::v1::FORMAT_IN_PERSON);
    m.set_department_code(lille.department_code);
    renfort::v1::Address& address = *m.add_addresses();
    address.set_label("Épicerie solidaire");
    address.mutable_commune()->set_insee_code(lille.insee_code);
    address.mutable_commune()->set_name(lille.name);
    address.mutable_commune()->set_department_code(lille.department_code);
    address.mutable_location()->set_latitude(lille.latitude);
    address.mutable_location()->set_longitude(lille.longitude);
    slot.set_weekday(renfort::v1::WEEKDAY_SATURDAY);
    slot.set_start_minute(9 * 60);
    slot.set_end_minute(12 * 60);
  }
  return m;
}

DemoMission DemoPlatform::Mission(int64_t index) const {
  DemoMission demo;
  if (index >= spec_.missions) {
    demo.mission = TourMission(index, /*remote=*/index > spec_.missions);
    demo.mission.set_places_held(0);
    return demo;
  }
  demo.mission = world_.Mission(index);
  renfort::v1::Mission& m = demo.mission;
  if (m.organisation_id() == world_.OrganisationId(0)) m.set_organisation_id(kDemoOrganisationId);
  if (m.status() != renfort::v1::MISSION_STATUS_DRAFT) demo.plan = PlanParticipations(index, m);
  m.set_places_held(demo.plan.places_held);
  return demo;
}

std::vector<int64_t> DemoPlatform::Candidates(const renfort::v1::Mission& mission, int count,
                                              Rng& rng) const {
  const std::vector<int64_t>* pool = &remote_;
  if (mission.format() != renfort::v1::FORMAT_REMOTE) {
    auto it = in_person_by_department_.find(mission.department_code());
    if (it == in_person_by_department_.end()) return {};
    pool = &it->second;
  }
  std::vector<int64_t> chosen;
  if (pool->empty()) return chosen;
  for (int attempt = 0; attempt < count * 4 && static_cast<int>(chosen.size()) < count; ++attempt) {
    const int64_t candidate = (*pool)[rng.Between(0, static_cast<int64_t>(pool->size()) - 1)];
    if (minor_[candidate] && !mission.open_to_minors()) continue;
    if (std::find(chosen.begin(), chosen.end(), candidate) != chosen.end()) continue;
    chosen.push_back(candidate);
  }
  return chosen;
}

ParticipationPlan DemoPlatform::PlanParticipations(int64_t index,
                                                   const renfort::v1::Mission& m) const {
  Rng rng = Rng::For(spec_.seed, kParticipationStream, static_cast<uint64_t>(index));
  // datagen's places_held is the number of places taken; about a third more applications
  // ended (refused or withdrawn); a full mission has a short waitlist.
  const int holding = std::min(m.places_held(), m.places());
  const int ended = holding / 3 + (rng.Chance(0.5) ? 1 : 0);
  const int waitlisted = holding == m.places() ? static_cast<int>(rng.Between(0, 3)) : 0;
  const std::vector<int64_t> volunteers = Candidates(m, holding + ended + waitlisted, rng);
  const absl::Time published = absl::FromUnixSeconds(m.publish_time().seconds());
  const absl::Time now = std::max(spec_.now, published);
  ParticipationPlan plan;
  for (size_t k = 0; k < volunteers.size(); ++k) {
    const absl::Time created = published + (now - published) * rng.Uniform() * 0.8;
    History history(plan, ParticipationId(spec_.seed, index, static_cast<int>(k)), m.id(),
                    world_.VolunteerId(volunteers[k]), created, now, rng);
    const int kk = static_cast<int>(k);
    if (kk < holding) {
      history.To("PENDING", true);
      const double u = rng.Uniform();
      if (u < 0.5) {
        if (rng.Chance(0.3)) history.To("IN_REVIEW", false);
        history.To("ACCEPTED", false);
      } else if (u < 0.65) {
        history.To("IN_REVIEW", false);
      }
    } else if (kk < holding + ended) {
      history.To("PENDING", true);
      const double u = rng.Uniform();
      if (u < 0.45) {
        history.To("REFUSED", false, rng.Chance(0.6) ? "requirements_not_fulfilled" : "not_available");
      } else if (u < 0.75) {
        history.To("CANCELLED", true, "change_mind");
      } else {
        history.To("ACCEPTED", false).To("CANCELLED", true, "not_available");
      }
    } else {
      history.To("WAITLISTED", true);
    }
    history.Finish();
  }
  return plan;
}

}  // namespace renfort::seed
