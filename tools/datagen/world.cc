#include "tools/datagen/world.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"

namespace renfort::datagen {
namespace {

using renfort::v1::Domain;

// Domains from the most to the least popular on French platforms (solidarity and education
// dominate, international cooperation is rare), for Weighted::Zipf ranks.
constexpr std::array<Domain, 10> kDomainsByPopularity = {
    renfort::v1::DOMAIN_SOLIDARITY_INSERTION, renfort::v1::DOMAIN_EDUCATION,
    renfort::v1::DOMAIN_HEALTH,               renfort::v1::DOMAIN_SPORT,
    renfort::v1::DOMAIN_ART_CULTURE,          renfort::v1::DOMAIN_NATURE_PROTECTION,
    renfort::v1::DOMAIN_PREVENTION_PROTECTION, renfort::v1::DOMAIN_MEMORY_CITIZENSHIP,
    renfort::v1::DOMAIN_SKILLS_BASED,         renfort::v1::DOMAIN_INTERNATIONAL_COOPERATION};

constexpr std::array<const char*, 12> kFirstNames = {
    "Camille", "Lucas", "Léa", "Hugo", "Manon", "Louis", "Chloé", "Gabriel", "Inès", "Jules",
    "Sarah", "Nathan"};
constexpr std::array<const char*, 12> kLastNames = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent"};

// Streams of Rng::For, one per kind of item.
constexpr uint64_t kOrganisationStream = 11;
constexpr uint64_t kVolunteerStream = 12;
constexpr uint64_t kMissionStream = 13;
constexpr uint64_t kIdStream = 14;

const Weighted& DomainWeights() {
  static const Weighted weights = Weighted::Zipf(kDomainsByPopularity.size(), 0.9);
  return weights;
}
const Weighted& SkillWeights() {
  static const Weighted weights = Weighted::Zipf(World::SkillSlugs().size(), 1.0);
  return weights;
}

void SetDate(absl::CivilDay day, renfort::v1::Date& date) {
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp& timestamp) {
  timestamp.set_seconds(absl::ToUnixSeconds(time));
}

void AddWeekly(google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot>& slots, int weekday,
               int start_minute, int end_minute) {
  renfort::v1::WeeklySlot& slot = *slots.Add();
  slot.set_weekday(static_cast<renfort::v1::Weekday>(weekday));
  slot.set_start_minute(start_minute);
  slot.set_end_minute(end_minute);
}

// Distinct values drawn from `weights` (at most its size).
std::vector<size_t> DistinctDraws(const Weighted& weights, int count, Rng& rng) {
  std::vector<size_t> drawn;
  count = std::min<int>(count, weights.size());
  while (static_cast<int>(drawn.size()) < count) {
    const size_t value = weights.Sample(rng);
    if (std::find(drawn.begin(), drawn.end(), value) == drawn.end()) drawn.push_back(value);
  }
  std::sort(drawn.begin(), drawn.end());
  return drawn;
}

// `count` distinct weekdays among [first, last], ascending.
std::vector<int> Weekdays(int first, int last, int count, Rng& rng) {
  std::vector<int> days;
  for (int d = first; d <= last; ++d) days.push_back(d);
  for (size_t i = days.size() - 1; i > 0; --i) {
    std::swap(days[i], days[rng.Between(0, static_cast<int64_t>(i))]);
  }
  days.resize(std::min<size_t>(count, days.size()));
  std::sort(days.begin(), days.end());
  return days;
}

// Weekly availability of a volunteer of `age`. Slots of one weekday never overlap (the
// schema's EXCLUDE constraint); some start on the half hour, which the engine's hour
// resolution rounds outwards.
void AddAvailability(int age, Rng& rng, renfort::v1::Availability& availability) {
  auto& slots = *availability.mutable_weekly_slots();
  const bool retired = age >= 62;
  const double u = rng.Uniform();
  enum Pattern { kAnyTime, kEvenings, kWeekends, kEveningsAndWeekends, kDaytime, kWednesday };
  Pattern pattern;
  if (retired) {
    pattern = u < 0.15 ? kAnyTime
              : u < 0.65 ? kDaytime
              : u < 0.80 ? kWeekends
              : u < 0.90 ? kEvenings
                         : kEveningsAndWeekends;
  } else {
    pattern = u < 0.12 ? kAnyTime
              : u < 0.42 ? kEvenings
              : u < 0.67 ? kWeekends
              : u < 0.87 ? kEveningsAndWeekends
              : u < 0.95 ? kDaytime
                         : kWednesday;
  }
  const int evening_start = rng.Chance(0.3) ? 18 * 60 + 30 : 18 * 60;
  auto evenings = [&] {
    for (int day : Weekdays(1, 5, static_cast<int>(rng.Between(2, 5)), rng)) {
      AddWeekly(slots, day, evening_start, 21 * 60);
    }
  };
  auto weekends = [&] {
    for (int day : Weekdays(6, 7, static_cast<int>(rng.Between(1, 2)), rng)) {
      const double part = rng.Uniform();
      if (part < 0.6) AddWeekly(slots, day, 9 * 60, 12 * 60);
      if (part >= 0.3) AddWeekly(slots, day, 14 * 60, 18 * 60);
    }
  };
  switch (pattern) {
    case kAnyTime: break;  // no slot: available whenever (the engine's WeekHours::All)
    case kEvenings: evenings(); break;
    case kWeekends: weekends(); break;
    case kEveningsAndWeekends: evenings(); weekends(); break;
    case kDaytime:
      for (int day : Weekdays(1, 5, static_cast<int>(rng.Between(2, 5)), rng)) {
        if (rng.Chance(0.7)) AddWeekly(slots, day, 9 * 60, 12 * 60);
        AddWeekly(slots, day, 14 * 60, 17 * 60 + (rng.Chance(0.5) ? 30 : 0));
      }
      break;
    case kWednesday: AddWeekly(slots, 3, 13 * 60 + 30, 18 * 60); break;
  }
}

int DrawAge(Rng& rng) {
  const double u = rng.Uniform();
  if (u < 0.22) return static_cast<int>(rng.Between(16, 25));
  if (u < 0.42) return static_cast<int>(rng.Between(26, 40));
  if (u < 0.67) return static_cast<int>(rng.Between(41, 61));
  if (u < 0.92) return static_cast<int>(rng.Between(62, 75));
  return static_cast<int>(rng.Between(76, 85));
}

int DrawTravelKm(Rng& rng) {
  static const Weighted weights({10, 20, 10, 30, 15, 10, 4, 1});
  static constexpr std::array<int, 8> kKm = {5, 10, 15, 20, 30, 50, 100, 200};
  return kKm[weights.Sample(rng)];
}

// One mission's weekly schedule: evenings, weekend mornings or afternoons, weekday daytime.
void AddMissionWeekly(Rng& rng, google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot>& slots) {
  const double u = rng.Uniform();
  if (u < 0.35) {
    for (int day : Weekdays(1, 5, static_cast<int>(rng.Between(1, 2)), rng)) {
      AddWeekly(slots, day, 18 * 60, 20 * 60 + (rng.Chance(0.5) ? 30 : 0));
    }
  } else if (u < 0.70) {
    const int day = static_cast<int>(rng.Between(6, 7));
    if (rng.Chance(0.5)) {
      AddWeekly(slots, day, 9 * 60, 12 * 60);
    } else {
      AddWeekly(slots, day, 14 * 60, 17 * 60);
    }
  } else {
    for (int day : Weekdays(1, 5, static_cast<int>(rng.Between(1, 3)), rng)) {
      if (rng.Chance(0.5)) {
        AddWeekly(slots, day, 9 * 60, 12 * 60);
      } else {
        AddWeekly(slots, day, 14 * 60, 17 * 60);
      }
    }
  }
}

}  // namespace

const std::vector<std::string>& World::SkillSlugs() {
  static const std::vector<std::string> slugs = {
      "permis_b", "informatique", "cuisine", "langue_anglais", "bureautique", "ecoute_active",
      "bricolage", "manutention", "logistique", "communication", "aide_aux_devoirs",
      "vehicule_personnel", "premiers_secours_psc1", "jardinage", "animation_jeunesse",
      "reseaux_sociaux", "langue_espagnol", "accompagnement_personnes_agees", "redaction",
      "photo_video", "comptabilite", "gestion_de_projet", "musique", "encadrement_sportif",
      "graphisme", "bafa", "couture", "langue_allemand", "hygiene_alimentaire", "juridique",
      "mediation", "accompagnement_handicap", "enseignement_fle", "developpement_web",
      "ressources_humaines", "gestion_financiere", "collecte_de_fonds", "langue_arabe",
      "langue_italien", "professionnel_sante", "premiers_secours_pse", "langue_portugais",
      "permis_c", "langue_ukrainien", "langue_des_signes"};
  return slugs;
}

std::string World::DomainSlug(Domain domain) {
  switch (domain) {
    case renfort::v1::DOMAIN_HEALTH: return "health";
    case renfort::v1::DOMAIN_PREVENTION_PROTECTION: return "prevention_protection";
    case renfort::v1::DOMAIN_ART_CULTURE: return "art_culture";
    case renfort::v1::DOMAIN_SPORT: return "sport";
    case renfort::v1::DOMAIN_INTERNATIONAL_COOPERATION: return "international_cooperation";
    case renfort::v1::DOMAIN_SOLIDARITY_INSERTION: return "solidarity_insertion";
    case renfort::v1::DOMAIN_MEMORY_CITIZENSHIP: return "memory_citizenship";
    case renfort::v1::DOMAIN_EDUCATION: return "education";
    case renfort::v1::DOMAIN_NATURE_PROTECTION: return "nature_protection";
    case renfort::v1::DOMAIN_SKILLS_BASED: return "skills_based";
    default: return "";
  }
}

absl::StatusOr<World> World::Create(const WorldSpec& spec, const std::string& communes_csv) {
  if (spec.volunteers < 0 || spec.missions < 0 || spec.volunteers >= (int64_t{1} << 40) ||
      spec.missions >= (int64_t{1} << 40)) {
    return absl::InvalidArgumentError("spec: volunteers and missions must be in [0, 2^40)");
  }
  absl::StatusOr<CommuneTable> communes = CommuneTable::Load(communes_csv);
  if (!communes.ok()) return communes.status();
  return World(spec, *std::move(communes));
}

World::World(const WorldSpec& spec, CommuneTable communes)
    : spec_(spec), communes_(std::move(communes)),
      organisations_(std::max<int64_t>(1, spec.missions / 8)) {}

std::string World::Id(uint64_t kind, int64_t index) const {
  Rng rng = Rng::For(spec_.seed, kIdStream * 16 + kind, static_cast<uint64_t>(index));
  const uint64_t random = rng.Next();
  char text[64];
  std::snprintf(text, sizeof(text), "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(random >> 32), static_cast<unsigned>((random >> 16) & 0xFFFF),
                static_cast<unsigned>(random & 0xFFF), static_cast<unsigned>(0x8000 | kind),
                static_cast<unsigned long long>(index));
  return text;
}

renfort::v1::Organisation World::Organisation(int64_t index) const {
  Rng rng = Rng::For(spec_.seed, kOrganisationStream, static_cast<uint64_t>(index));
  const CommuneRow& commune = communes_.Pick(rng);
  renfort::v1::Organisation organisation;
  organisation.set_id(OrganisationId(index));
  organisation.set_name(absl::StrCat("Association ", commune.name, " ", index));
  organisation.set_kind(rng.Chance(0.85) ? renfort::v1::ORGANISATION_KIND_ASSOCIATION
                                         : renfort::v1::ORGANISATION_KIND_LOCAL_AUTHORITY);
  renfort::v1::Address& address = *organisation.mutable_address();
  address.set_street(absl::StrCat(rng.Between(1, 120), " rue de la République"));
  address.mutable_commune()->set_insee_code(commune.insee_code);
  address.mutable_commune()->set_name(commune.name);
  address.mutable_commune()->set_department_code(commune.department_code);
  address.mutable_location()->set_latitude(commune.latitude);
  address.mutable_location()->set_longitude(commune.longitude);
  organisation.set_status(renfort::v1::ORGANISATION_STATUS_VALIDATED);
  SetTimestamp(spec_.now - absl::Hours(24 * rng.Between(30, 2000)),
               *organisation.mutable_create_time());
  return organisation;
}

GeneratedVolunteer World::Volunteer(int64_t index) const {
  Rng rng = Rng::For(spec_.seed, kVolunteerStream, static_cast<uint64_t>(index));
  GeneratedVolunteer generated;
  renfort::v1::Volunteer& v = generated.volunteer;
  const absl::CivilDay today = absl::ToCivilDay(spec_.now, absl::UTCTimeZone());

  v.set_id(VolunteerId(index));
  v.set_first_name(kFirstNames[rng.Between(0, kFirstNames.size() - 1)]);
  v.set_last_name(kLastNames[rng.Between(0, kLastNames.size() - 1)]);
  v.set_email(absl::StrCat("volunteer", index, "@example.org"));

  const int age = DrawAge(rng);
  // Born `age` years and 0–364 days before today: exactly `age` years old today.
  const absl::CivilDay birthday_this_year(today.year() - age, today.month(), std::min(today.day(), 28));
  SetDate(birthday_this_year - rng.Between(0, 364), *v.mutable_birth_date());

  const CommuneRow& commune = communes_.Pick(rng);
  renfort::v1::Commune& home = *v.mutable_home_commune();
  home.set_insee_code(commune.insee_code);
  home.set_name(commune.name);
  home.set_department_code(commune.department_code);
  home.mutable_centroid()->set_latitude(commune.latitude);
  home.mutable_centroid()->set_longitude(commune.longitude);

  // 30 % accept remote missions; a third of those want nothing else.
  const double format = rng.Uniform();
  v.set_accepts_remote(format < 0.30);
  v.set_accepts_in_person(format >= 0.10);
  v.set_max_travel_km(DrawTravelKm(rng));

  static constexpr std::array<double, 3> kDomainCountShares = {0.50, 0.35, 0.15};
  const int domain_count = rng.Uniform() < kDomainCountShares[0]                          ? 1
                           : rng.Uniform() < kDomainCountShares[1] / (1 - kDomainCountShares[0]) ? 2
                                                                                          : 3;
  for (size_t rank : DistinctDraws(DomainWeights(), domain_count, rng)) {
    v.add_domains(kDomainsByPopularity[rank]);
  }
  static const Weighted kSkillCounts({25, 25, 20, 15, 8, 5, 2});
  for (size_t rank : DistinctDraws(SkillWeights(), static_cast<int>(kSkillCounts.Sample(rng)), rng)) {
    v.add_skills(SkillSlugs()[rank]);
  }

  AddAvailability(age, rng, *v.mutable_availability());
  if (rng.Chance(0.15)) {
    renfort::v1::DateRange& range = *v.mutable_availability()->mutable_date_range();
    SetDate(today - rng.Between(0, 60), *range.mutable_start_date());
    SetDate(today + rng.Between(30, 365), *range.mutable_end_date());
  }

  v.set_status(rng.Chance(0.94) ? renfort::v1::VOLUNTEER_STATUS_ACTIVE
                                : renfort::v1::VOLUNTEER_STATUS_PAUSED);
  const absl::Time created = spec_.now - absl::Hours(24 * rng.Between(1, 1500));
  SetTimestamp(created, *v.mutable_create_time());
  SetTimestamp(created, *v.mutable_terms_accept_time());
  const double idle_days = std::min(rng.Exponential(40), 700.0);
  SetTimestamp(std::max(created, spec_.now - absl::Seconds(idle_days * 86400)),
               *v.mutable_last_active_time());

  matching::VolunteerActivity& activity = generated.activity;
  if (rng.Chance(0.45)) activity.done_count = 1 + static_cast<int>(rng.Exponential(4));
  if (rng.Chance(0.20)) activity.no_show_count = static_cast<int>(rng.Between(1, 3));
  static const Weighted kInvitations({70, 20, 8, 2});
  activity.invitations_this_month = static_cast<int>(kInvitations.Sample(rng));
  activity.counted_at = spec_.now;
  return generated;
}

renfort::v1::Mission World::Mission(int64_t index) const {
  Rng rng = Rng::For(spec_.seed, kMissionStream, static_cast<uint64_t>(index));
  renfort::v1::Mission m;
  const absl::CivilDay today = absl::ToCivilDay(spec_.now, absl::UTCTimeZone());
  m.set_id(MissionId(index));
  m.set_organisation_id(OrganisationId(rng.Between(0, organisations_ - 1)));

  const Domain domain = kDomainsByPopularity[DomainWeights().Sample(rng)];
  m.set_domain(domain);
  if (rng.Chance(0.3)) {
    const Domain secondary = kDomainsByPopularity[DomainWeights().Sample(rng)];
    if (secondary != domain) m.set_secondary_domain(secondary);
  }
  m.set_title(absl::StrCat("Mission ", index, " ", DomainSlug(domain)));
  static const Weighted kSkillCounts({45, 30, 17, 8});
  for (size_t rank : DistinctDraws(SkillWeights(), static_cast<int>(kSkillCounts.Sample(rng)), rng)) {
    m.add_required_skills(SkillSlugs()[rank]);
  }

  const double format = rng.Uniform();
  m.set_format(format < 0.15   ? renfort::v1::FORMAT_REMOTE
               : format < 0.22 ? renfort::v1::FORMAT_HYBRID
                               : renfort::v1::FORMAT_IN_PERSON);
  if (m.format() != renfort::v1::FORMAT_REMOTE) {
    const CommuneRow& first = communes_.Pick(rng);
    m.set_department_code(first.department_code);
    const int address_count = rng.Chance(0.88) ? 1 : (rng.Chance(0.75) ? 2 : 3);
    for (int a = 0; a < address_count; ++a) {
      const CommuneRow& commune = a == 0 ? first : communes_.PickIn(first.department_code, rng);
      renfort::v1::Address& address = *m.add_addresses();
      address.set_label(absl::StrCat("Lieu ", a + 1));
      address.mutable_commune()->set_insee_code(commune.insee_code);
      address.mutable_commune()->set_name(commune.name);
      address.mutable_commune()->set_department_code(commune.department_code);
      // Within about a kilometre of the centroid: a street of the commune.
      address.mutable_location()->set_latitude(commune.latitude + (rng.Uniform() - 0.5) * 0.02);
      address.mutable_location()->set_longitude(commune.longitude + (rng.Uniform() - 0.5) * 0.03);
    }
  }

  renfort::v1::Schedule& schedule = *m.mutable_schedule();
  if (rng.Chance(0.55)) {
    schedule.set_kind(renfort::v1::SCHEDULE_KIND_RECURRING);
    AddMissionWeekly(rng, *schedule.mutable_weekly_slots());
    const absl::CivilDay start = today + rng.Between(0, 30);
    SetDate(start, *schedule.mutable_date_range()->mutable_start_date());
    SetDate(start, *m.mutable_start_date());
    if (rng.Chance(0.5)) {
      const absl::CivilDay end = start + rng.Between(90, 365);
      SetDate(end, *schedule.mutable_date_range()->mutable_end_date());
      SetDate(end, *m.mutable_end_date());
    }
  } else {
    // An event: one to three days, mostly on weekends, in the next two months.
    schedule.set_kind(renfort::v1::SCHEDULE_KIND_ONE_OFF);
    absl::CivilDay day = today + rng.Between(1, 60);
    if (rng.Chance(0.6)) {
      while (absl::GetWeekday(day) != absl::Weekday::saturday &&
             absl::GetWeekday(day) != absl::Weekday::sunday) {
        day += 1;
      }
    }
    const int days = rng.Chance(0.7) ? 1 : static_cast<int>(rng.Between(2, 3));
    const double part = rng.Uniform();
    const int start_minute = part < 0.4 ? 9 * 60 : part < 0.8 ? 14 * 60 : 18 * 60;
    const int end_minute = start_minute + static_cast<int>(rng.Between(2, 4)) * 60 - (rng.Chance(0.2) ? 30 : 0);
    for (int d = 0; d < days; ++d) {
      renfort::v1::DatedSlot& slot = *schedule.add_dated_slots();
      SetDate(day + d, *slot.mutable_date());
      slot.set_start_minute(start_minute);
      slot.set_end_minute(std::min(end_minute, 23 * 60));
    }
    SetDate(day, *m.mutable_start_date());
    SetDate(day + (days - 1), *m.mutable_end_date());
  }
  m.mutable_commitment()->set_duration_minutes(120);
  m.mutable_commitment()->set_period(schedule.kind() == renfort::v1::SCHEDULE_KIND_RECURRING
                                         ? renfort::v1::COMMITMENT_PERIOD_WEEK
                                         : renfort::v1::COMMITMENT_PERIOD_ONCE);

  static const Weighted kPlaceBands({60, 30, 10});
  const size_t band = kPlaceBands.Sample(rng);
  m.set_places(static_cast<int32_t>(band == 0 ? rng.Between(1, 5)
                                    : band == 1 ? rng.Between(6, 20)
                                                : rng.Between(21, 100)));
  m.set_places_held(rng.Chance(0.04) ? m.places()
                                     : static_cast<int32_t>(rng.Between(0, m.places() - 1)));
  m.set_open_to_minors(rng.Chance(0.25));
  const double status = rng.Uniform();
  m.set_status(status < 0.96   ? renfort::v1::MISSION_STATUS_PUBLISHED
               : status < 0.98 ? renfort::v1::MISSION_STATUS_PAUSED
                               : renfort::v1::MISSION_STATUS_DRAFT);
  const absl::Time created = spec_.now - absl::Hours(24 * rng.Between(1, 90));
  SetTimestamp(created, *m.mutable_create_time());
  if (m.status() != renfort::v1::MISSION_STATUS_DRAFT) {
    SetTimestamp(created + absl::Hours(24), *m.mutable_publish_time());
  }
  return m;
}

}  // namespace renfort::datagen
