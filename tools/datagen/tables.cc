#include "tools/datagen/tables.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace renfort::datagen {
namespace {

std::string Text(const renfort::v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}
std::optional<std::string> OptionalDate(bool present, const renfort::v1::Date& date) {
  if (!present || date.year() == 0) return std::nullopt;
  return Text(date);
}
std::string Timestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S+00", absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}
std::string Bool(bool value) { return value ? "t" : "f"; }
// The shortest text that reads back as the same double: the database then holds exactly the
// coordinates the engine was given, which the side-by-side comparison relies on.
std::string Number(double value) {
  char text[32];
  const std::to_chars_result result = std::to_chars(text, text + sizeof(text), value);
  return std::string(text, result.ptr);
}

const char* StatusText(renfort::v1::VolunteerStatus status) {
  return status == renfort::v1::VOLUNTEER_STATUS_PAUSED ? "PAUSED" : "ACTIVE";
}
const char* StatusText(renfort::v1::MissionStatus status) {
  switch (status) {
    case renfort::v1::MISSION_STATUS_PUBLISHED: return "PUBLISHED";
    case renfort::v1::MISSION_STATUS_PAUSED: return "PAUSED";
    default: return "DRAFT";
  }
}
const char* FormatText(renfort::v1::Format format) {
  switch (format) {
    case renfort::v1::FORMAT_REMOTE: return "REMOTE";
    case renfort::v1::FORMAT_HYBRID: return "HYBRID";
    default: return "IN_PERSON";
  }
}

}  // namespace

const std::vector<TableSpec>& AllTables() {
  static const std::vector<TableSpec> tables = {
      {Table::kOrganisations, "organisations",
       {"id", "name", "kind", "address_line", "commune_insee_code", "department_code",
        "latitude", "longitude", "status", "reviewed_at", "reviewed_by", "created_at"}},
      {Table::kVolunteers, "volunteers",
       {"id", "first_name", "last_name", "email", "birth_date", "home_commune_insee_code",
        "latitude", "longitude", "department_code", "max_travel_km", "accepts_in_person",
        "accepts_remote", "available_from", "available_until", "status", "terms_accepted_at",
        "data_processing_consented_at", "last_active_at", "created_at"}},
      {Table::kVolunteerWeeklySlots, "volunteer_weekly_slots",
       {"volunteer_id", "weekday", "start_minute", "end_minute"}},
      {Table::kVolunteerDomains, "volunteer_domains", {"volunteer_id", "domain_slug"}},
      {Table::kVolunteerSkills, "volunteer_skills", {"volunteer_id", "skill_slug"}},
      {Table::kVolunteerActivity, "bench_volunteer_activity",
       {"volunteer_id", "done_count", "no_show_count", "invitations_this_month"}},
      {Table::kMissions, "missions",
       {"id", "organisation_id", "title", "domain_slug", "secondary_domain_slug", "format",
        "department_code", "schedule_kind", "start_date", "end_date",
        "commitment_duration_minutes", "commitment_period", "places", "places_held",
        "open_to_minors", "status", "published_at", "created_at"}},
      {Table::kMissionAddresses, "mission_addresses",
       {"mission_id", "position", "label", "commune_insee_code", "department_code", "latitude",
        "longitude"}},
      {Table::kMissionWeeklySlots, "mission_weekly_slots",
       {"mission_id", "weekday", "start_minute", "end_minute"}},
      {Table::kMissionDatedSlots, "mission_dated_slots", {"mission_id", "starts_at", "ends_at"}},
      {Table::kMissionSkills, "mission_skills", {"mission_id", "skill_slug"}},
  };
  return tables;
}

const TableSpec& SpecOf(Table table) { return AllTables()[static_cast<int>(table)]; }

void EmitOrganisationRows(const renfort::v1::Organisation& o, RowSink& sink) {
  const std::string created = Timestamp(o.create_time());
  sink.Add(Table::kOrganisations,
           {o.id(), o.name(),
            o.kind() == renfort::v1::ORGANISATION_KIND_LOCAL_AUTHORITY ? "LOCAL_AUTHORITY"
                                                                       : "ASSOCIATION",
            o.address().street(), o.address().commune().insee_code(),
            o.address().commune().department_code(), Number(o.address().location().latitude()),
            Number(o.address().location().longitude()), "VALIDATED", created, "datagen",
            created});
}

void EmitVolunteerRows(const GeneratedVolunteer& generated, RowSink& sink) {
  const renfort::v1::Volunteer& v = generated.volunteer;
  const renfort::v1::DateRange& range = v.availability().date_range();
  const std::string terms = Timestamp(v.terms_accept_time());
  sink.Add(Table::kVolunteers,
           {v.id(), v.first_name(), v.last_name(), v.email(), Text(v.birth_date()),
            v.home_commune().insee_code(), Number(v.home_commune().centroid().latitude()),
            Number(v.home_commune().centroid().longitude()), v.home_commune().department_code(),
            absl::StrCat(v.max_travel_km()), Bool(v.accepts_in_person()),
            Bool(v.accepts_remote()), OptionalDate(range.has_start_date(), range.start_date()),
            OptionalDate(range.has_end_date(), range.end_date()), StatusText(v.status()), terms,
            terms, Timestamp(v.last_active_time()), Timestamp(v.create_time())});
  for (const renfort::v1::WeeklySlot& slot : v.availability().weekly_slots()) {
    sink.Add(Table::kVolunteerWeeklySlots,
             {v.id(), absl::StrCat(static_cast<int>(slot.weekday())),
              absl::StrCat(slot.start_minute()), absl::StrCat(slot.end_minute())});
  }
  for (int domain : v.domains()) {
    sink.Add(Table::kVolunteerDomains,
             {v.id(), World::DomainSlug(static_cast<renfort::v1::Domain>(domain))});
  }
  for (const std::string& skill : v.skills()) sink.Add(Table::kVolunteerSkills, {v.id(), skill});
  const matching::VolunteerActivity& a = generated.activity;
  sink.Add(Table::kVolunteerActivity,
           {v.id(), absl::StrCat(a.done_count), absl::StrCat(a.no_show_count),
            absl::StrCat(a.invitations_this_month)});
}

void EmitMissionRows(const renfort::v1::Mission& m, RowSink& sink) {
  const bool recurring = m.schedule().kind() == renfort::v1::SCHEDULE_KIND_RECURRING;
  std::optional<std::string> department;
  if (!m.department_code().empty()) department = m.department_code();
  std::optional<std::string> secondary;
  if (m.secondary_domain() != renfort::v1::DOMAIN_UNSPECIFIED) {
    secondary = World::DomainSlug(m.secondary_domain());
  }
  std::optional<std::string> published;
  if (m.has_publish_time()) published = Timestamp(m.publish_time());
  sink.Add(Table::kMissions,
           {m.id(), m.organisation_id(), m.title(), World::DomainSlug(m.domain()), secondary,
            FormatText(m.format()), department, recurring ? "RECURRING" : "ONE_OFF",
            Text(m.start_date()), OptionalDate(m.has_end_date(), m.end_date()),
            absl::StrCat(m.commitment().duration_minutes()), recurring ? "WEEK" : "TOTAL",
            absl::StrCat(m.places()), absl::StrCat(m.places_held()), Bool(m.open_to_minors()),
            StatusText(m.status()), published, Timestamp(m.create_time())});
  for (int a = 0; a < m.addresses_size(); ++a) {
    const renfort::v1::Address& address = m.addresses(a);
    sink.Add(Table::kMissionAddresses,
             {m.id(), absl::StrCat(a), address.label(), address.commune().insee_code(),
              address.commune().department_code(), Number(address.location().latitude()),
              Number(address.location().longitude())});
  }
  for (const renfort::v1::WeeklySlot& slot : m.schedule().weekly_slots()) {
    sink.Add(Table::kMissionWeeklySlots,
             {m.id(), absl::StrCat(static_cast<int>(slot.weekday())),
              absl::StrCat(slot.start_minute()), absl::StrCat(slot.end_minute())});
  }
  // Dated slots are local times of the mission's département (all metropolitan: Paris time);
  // PostgreSQL converts the zone name on input.
  for (const renfort::v1::DatedSlot& slot : m.schedule().dated_slots()) {
    const std::string date = Text(slot.date());
    auto at = [&date](int minute) {
      return absl::StrFormat("%s %02d:%02d:00 Europe/Paris", date, minute / 60, minute % 60);
    };
    sink.Add(Table::kMissionDatedSlots, {m.id(), at(slot.start_minute()), at(slot.end_minute())});
  }
  for (const std::string& skill : m.required_skills()) {
    sink.Add(Table::kMissionSkills, {m.id(), skill});
  }
}

void EmitWorld(const World& world, RowSink& sink) {
  for (int64_t i = 0; i < world.organisation_count(); ++i) {
    EmitOrganisationRows(world.Organisation(i), sink);
  }
  for (int64_t i = 0; i < world.spec().volunteers; ++i) EmitVolunteerRows(world.Volunteer(i), sink);
  for (int64_t i = 0; i < world.spec().missions; ++i) EmitMissionRows(world.Mission(i), sink);
}

}  // namespace renfort::datagen
