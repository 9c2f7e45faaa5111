// GetCalendar over real gRPC, parsed back with libical: one event per dated slot, a weekly
// RRULE per weekly slot, local times with the mission's TZID, and VTIMEZONEs that put them at
// the right instants, overseas included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libical/ical.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using ::testing::UnorderedElementsAre;
using Stub = v1::VolunteerService::Stub;

struct ParsedEvent {
  std::string summary;
  std::string tzid;
  int64_t start_utc = 0;  // seconds since the epoch, resolved through the feed's VTIMEZONE
  int64_t end_utc = 0;
  std::string rrule;
  int occurrences = 0;  // of the RRULE, counted by libical (0 without RRULE; capped at 1000)
};

int64_t Utc(absl::CivilSecond local, const std::string& zone_name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(zone_name, &zone));
  return absl::ToUnixSeconds(absl::FromCivil(local, zone));
}

int CountOccurrences(icalproperty* rrule, icaltimetype start) {
  icalrecur_iterator* iterator = icalrecur_iterator_new(icalproperty_get_rrule(rrule), start);
  int count = 0;
  while (count < 1000 && !icaltime_is_null_time(icalrecur_iterator_next(iterator))) ++count;
  icalrecur_iterator_free(iterator);
  return count;
}

// UID -> event, and the TZIDs of the VTIMEZONEs.
std::map<std::string, ParsedEvent> Parse(const std::string& feed, std::set<std::string>& zones) {
  icalcomponent* calendar = icalparser_parse_string(feed.c_str());
  EXPECT_NE(calendar, nullptr);
  std::map<std::string, ParsedEvent> events;
  if (calendar == nullptr) return events;
  EXPECT_EQ(icalcomponent_isa(calendar), ICAL_VCALENDAR_COMPONENT);
  for (icalcomponent* zone = icalcomponent_get_first_component(calendar, ICAL_VTIMEZONE_COMPONENT);
       zone != nullptr; zone = icalcomponent_get_next_component(calendar, ICAL_VTIMEZONE_COMPONENT)) {
    zones.insert(icalproperty_get_tzid(icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY)));
  }
  for (icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       event != nullptr; event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    ParsedEvent parsed;
    parsed.summary = icalcomponent_get_summary(event);
    icalproperty* dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalparameter* tzid = icalproperty_get_first_parameter(dtstart, ICAL_TZID_PARAMETER);
    parsed.tzid = tzid == nullptr ? "" : icalparameter_get_tzid(tzid);
    // get_dtstart/dtend resolve the TZID against the calendar's own VTIMEZONE.
    const icaltimetype start = icalcomponent_get_dtstart(event);
    const icaltimetype end = icalcomponent_get_dtend(event);
    EXPECT_NE(start.zone, nullptr) << "TZID not resolved by a VTIMEZONE of the feed";
    parsed.start_utc = icaltime_as_timet_with_zone(start, start.zone);
    parsed.end_utc = icaltime_as_timet_with_zone(end, end.zone);
    if (icalproperty* rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY)) {
      icalrecurrencetype rule = icalproperty_get_rrule(rrule);
      parsed.rrule = icalrecurrencetype_as_string(&rule);
      parsed.occurrences = CountOccurrences(rrule, start);
    }
    events[icalcomponent_get_uid(event)] = parsed;
  }
  icalcomponent_free(calendar);
  return events;
}

class CalendarTest : public VolunteerServiceTest {
 protected:
  void AddDatedSlot(const std::string& mission, const std::string& local_start,
                    const std::string& local_end, const std::string& zone) {
    Exec(absl::StrCat("INSERT INTO mission_dated_slots (mission_id, starts_at, ends_at) VALUES ('",
                      mission, "', TIMESTAMP '", local_start, "' AT TIME ZONE '", zone,
                      "', TIMESTAMP '", local_end, "' AT TIME ZONE '", zone, "')"));
  }
  void AddWeeklySlot(const std::string& mission, int weekday, int start, int end) {
    Exec(absl::StrCat("INSERT INTO mission_weekly_slots (mission_id, weekday, start_minute, "
                      "end_minute) VALUES ('", mission, "', ", weekday, ", ", start, ", ", end, ")"));
  }
};

TEST_F(CalendarTest, FeedParsesBackWithTheRightEventsTimesAndZones) {
  const v1::Volunteer camille = RegisterNew("cal");
  const std::string reunion = InsertOrganisation("97411");
  const std::string lille = InsertOrganisation("59350");
  const std::string martinique = InsertOrganisation("97209");

  const std::string drive = InsertMission(reunion, "Collecte à Saint-Denis", "974", "ONE_OFF",
                                          "2027-03-06", "2027-03-07");
  AddDatedSlot(drive, "2027-03-06 09:00", "2027-03-06 12:00", "Indian/Reunion");
  AddDatedSlot(drive, "2027-03-07 14:00", "2027-03-08 00:00", "Indian/Reunion");  // to midnight
  const std::string tutoring = InsertMission(lille, "Soutien scolaire", "59", "RECURRING",
                                             "2027-01-05", "2027-06-30");
  AddWeeklySlot(tutoring, 2, 18 * 60, 20 * 60);
  AddWeeklySlot(tutoring, 6, 9 * 60, 12 * 60);
  const std::string summer = InsertMission(lille, "Fête du quartier", "59", "ONE_OFF",
                                           "2027-07-14", "2027-07-14");
  AddDatedSlot(summer, "2027-07-14 10:00", "2027-07-14 11:30", "Europe/Paris");
  // Remote: in the organisation's time zone, open-ended.
  const std::string remote = InsertMission(martinique, "Écoute téléphonique", "", "RECURRING",
                                           "2027-02-01", "");
  AddWeeklySlot(remote, 3, 14 * 60, 15 * 60);
  // Not accepted: not in the calendar.
  const std::string other = InsertMission(lille, "Maraude", "59", "RECURRING", "2027-01-01", "");
  AddWeeklySlot(other, 1, 600, 660);

  const std::string p_drive = InsertParticipation(drive, camille.id(), "ACCEPTED", "");
  const std::string p_tutoring = InsertParticipation(tutoring, camille.id(), "ACCEPTED", "");
  const std::string p_summer = InsertParticipation(summer, camille.id(), "ACCEPTED", "");
  const std::string p_remote = InsertParticipation(remote, camille.id(), "ACCEPTED", "");
  InsertParticipation(other, camille.id(), "PENDING", "");

  v1::GetCalendarResponse response;
  ASSERT_TRUE(Call(&Stub::GetCalendar, Volunteer(camille.id()), v1::GetCalendarRequest(), response).ok());
  const std::string& feed = response.icalendar();
  ASSERT_THAT(feed, ::testing::StartsWith("BEGIN:VCALENDAR\r\n"));
  for (size_t at = feed.find('\n'); at != std::string::npos; at = feed.find('\n', at + 1)) {
    ASSERT_EQ(feed[at - 1], '\r') << "every line ends with CRLF";
  }

  std::set<std::string> zones;
  const std::map<std::string, ParsedEvent> events = Parse(feed, zones);
  EXPECT_THAT(zones, UnorderedElementsAre("Indian/Reunion", "Europe/Paris", "America/Martinique"));
  ASSERT_EQ(events.size(), 6u);

  const ParsedEvent& morning = events.at(p_drive + "-20270306-540@renfort");
  EXPECT_EQ(morning.summary, "Collecte à Saint-Denis");
  EXPECT_EQ(morning.tzid, "Indian/Reunion");
  EXPECT_EQ(morning.start_utc, Utc(absl::CivilSecond(2027, 3, 6, 5, 0, 0), "UTC"));  // UTC+4
  EXPECT_EQ(morning.end_utc - morning.start_utc, 3 * 3600);
  EXPECT_EQ(morning.rrule, "");
  const ParsedEvent& afternoon = events.at(p_drive + "-20270307-840@renfort");
  EXPECT_EQ(afternoon.end_utc, Utc(absl::CivilSecond(2027, 3, 8, 0, 0, 0), "Indian/Reunion"));

  const ParsedEvent& july = events.at(p_summer + "-20270714-600@renfort");
  EXPECT_EQ(july.tzid, "Europe/Paris");
  EXPECT_EQ(july.start_utc, Utc(absl::CivilSecond(2027, 7, 14, 8, 0, 0), "UTC"));  // summer time

  const ParsedEvent& tuesday = events.at(p_tutoring + "-w2-1080@renfort");
  EXPECT_EQ(tuesday.tzid, "Europe/Paris");
  EXPECT_EQ(tuesday.start_utc, Utc(absl::CivilSecond(2027, 1, 5, 17, 0, 0), "UTC"));  // winter
  EXPECT_THAT(tuesday.rrule, ::testing::HasSubstr("FREQ=WEEKLY"));
  EXPECT_THAT(tuesday.rrule, ::testing::HasSubstr("BYDAY=TU"));
  EXPECT_THAT(tuesday.rrule, ::testing::HasSubstr("UNTIL=20270630T215959Z"));
  EXPECT_EQ(tuesday.occurrences, 26);  // every Tuesday from 5 January to 29 June 2027
  const ParsedEvent& saturday = events.at(p_tutoring + "-w6-540@renfort");
  EXPECT_EQ(saturday.start_utc, Utc(absl::CivilSecond(2027, 1, 9, 9, 0, 0), "Europe/Paris"));
  EXPECT_EQ(saturday.occurrences, 25);

  const ParsedEvent& wednesday = events.at(p_remote + "-w3-840@renfort");
  EXPECT_EQ(wednesday.tzid, "America/Martinique");
  EXPECT_EQ(wednesday.start_utc, Utc(absl::CivilSecond(2027, 2, 3, 18, 0, 0), "UTC"));  // UTC-4
  EXPECT_THAT(wednesday.rrule, ::testing::Not(::testing::HasSubstr("UNTIL")));

  // The same UIDs on every call.
  v1::GetCalendarResponse again;
  ASSERT_TRUE(Call(&Stub::GetCalendar, Volunteer(camille.id()), v1::GetCalendarRequest(), again).ok());
  std::set<std::string> ignored;
  std::set<std::string> uids, uids_again;
  for (const auto& [uid, event] : events) uids.insert(uid);
  for (const auto& [uid, event] : Parse(again.icalendar(), ignored)) uids_again.insert(uid);
  EXPECT_EQ(uids, uids_again);
}

TEST_F(CalendarTest, OnlyTheVolunteerThemselfGetsTheirCalendar) {
  const v1::Volunteer camille = RegisterNew("a");
  const v1::Volunteer other = RegisterNew("b");
  v1::GetCalendarRequest request;
  request.set_volunteer_id(camille.id());
  v1::GetCalendarResponse response;
  EXPECT_EQ(Call(&Stub::GetCalendar, Volunteer(other.id()), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetCalendar, Coordinator("59"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An empty calendar is still a valid VCALENDAR.
  ASSERT_TRUE(Call(&Stub::GetCalendar, Volunteer(camille.id()), request, response).ok());
  std::set<std::string> zones;
  EXPECT_TRUE(Parse(response.icalendar(), zones).empty());
  EXPECT_TRUE(zones.empty());
}

}  // namespace
}  // namespace renfort::testing
