// The row rules of `renfortctl import volunteers|missions`: the header, RegisterVolunteer's
// checks, CreateMission's ranges and the reference tables, on files shaped as tools/datagen
// writes them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"
#include "tools/renfortctl/import_fields.h"
#include "tools/renfortctl/import_mission_rows.h"
#include "tools/renfortctl/import_volunteer_rows.h"

namespace renfort::ctl {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());

storage::ImportReferences References() {
  storage::ImportReferences references;
  references.communes["59350"] = {"Lille", "59", 50.6311, 3.0468};
  references.communes["75056"] = {"Paris", "75", 48.8589, 2.347};
  references.departments = {"59", "75"};
  references.skills = {"first_aid", "driving_licence_b"};
  references.activities = {"maraude"};
  return references;
}

CsvRecord One(const std::string& line) { return ParseCsv(line).at(0); }

// tools/datagen's volunteers.csv header, and one of its rows.
constexpr char kDatagenVolunteerHeader[] =
    "id,first_name,last_name,email,birth_date,home_commune_insee_code,latitude,longitude,"
    "department_code,max_travel_km,accepts_in_person,accepts_remote,available_from,"
    "available_until,status,terms_accepted_at,data_processing_consented_at,last_active_at,"
    "created_at";
constexpr char kDatagenVolunteerRow[] =
    "00000000-0000-4000-8002-000000000001,Camille,Durand,camille.durand1@example.org,"
    "1990-04-12,59350,50.6311,3.0468,59,25,t,f,,,ACTIVE,2025-06-01 10:00:00+00,"
    "2025-06-01 10:00:00+00,2026-11-20 18:00:00+00,2025-06-01 10:00:00+00";

class VolunteerRowsTest : public ::testing::Test {
 protected:
  absl::StatusOr<storage::ImportedVolunteer> Volunteer(const std::string& header,
                                                       const std::string& line) {
    absl::StatusOr<CsvColumns> columns = CsvColumns::FromHeader(One(header), VolunteerColumnSet());
    EXPECT_THAT(columns, IsOk());
    if (!columns.ok()) return columns.status();
    CsvRecord record = One(line);
    record.line = 7;
    return VolunteerFromRecord(record, *columns, references_, kNow,
                               [] { return std::string("11111111-2222-4333-8444-555555555555"); });
  }
  // A minimal file: the required columns only.
  absl::StatusOr<storage::ImportedVolunteer> Minimal(const std::string& values) {
    return Volunteer("first_name,last_name,email,birth_date,home_commune_insee_code", values);
  }

  storage::ImportReferences references_ = References();
};

TEST_F(VolunteerRowsTest, ReadsTheRowsDatagenWrites) {
  absl::StatusOr<storage::ImportedVolunteer> row =
      Volunteer(kDatagenVolunteerHeader, kDatagenVolunteerRow);
  ASSERT_THAT(row, IsOk());
  EXPECT_EQ(row->line, 7);
  const v1::Volunteer& v = row->volunteer;
  EXPECT_EQ(v.id(), "00000000-0000-4000-8002-000000000001");
  EXPECT_EQ(v.email(), "camille.durand1@example.org");
  EXPECT_EQ(v.birth_date().year(), 1990);
  EXPECT_EQ(v.home_commune().department_code(), "59");
  EXPECT_EQ(v.max_travel_km(), 25);
  EXPECT_TRUE(v.accepts_in_person());
  EXPECT_FALSE(v.accepts_remote());
  EXPECT_EQ(v.last_active_time().seconds(),
            absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2026, 11, 20, 18, 0, 0),
                                                absl::UTCTimeZone())));
}

TEST_F(VolunteerRowsTest, FillsWhatAMinimalFileLeavesOut) {
  absl::StatusOr<storage::ImportedVolunteer> row =
      Minimal("Jean,Martin,jean@example.org,1980-01-01,75056");
  ASSERT_THAT(row, IsOk());
  const v1::Volunteer& v = row->volunteer;
  EXPECT_EQ(v.id(), "11111111-2222-4333-8444-555555555555");
  EXPECT_EQ(v.max_travel_km(), 20);
  EXPECT_TRUE(v.accepts_in_person());
  EXPECT_DOUBLE_EQ(v.home_commune().centroid().latitude(), 48.8589);
  EXPECT_EQ(v.terms_accept_time().seconds(), absl::ToUnixSeconds(kNow));
  EXPECT_EQ(v.create_time().seconds(), absl::ToUnixSeconds(kNow));
}

TEST_F(VolunteerRowsTest, ReadsDomainsAndSkillsAsSlugLists) {
  absl::StatusOr<storage::ImportedVolunteer> row = Volunteer(
      "first_name,last_name,email,birth_date,home_commune_insee_code,domains,skills",
      "Jean,Martin,jean@example.org,1980-01-01,75056,health;sport,first_aid");
  ASSERT_THAT(row, IsOk());
  EXPECT_EQ(row->volunteer.domains_size(), 2);
  EXPECT_EQ(row->volunteer.skills(0), "first_aid");
}

TEST_F(VolunteerRowsTest, RefusesABadEmailAsRegisterVolunteerDoes) {
  EXPECT_THAT(Minimal("Jean,Martin,jean-at-example.org,1980-01-01,75056"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Minimal("Jean,Martin,jean-at-example.org,1980-01-01,75056").status().message(),
              HasSubstr("volunteer.email"));
}

TEST_F(VolunteerRowsTest, RefusesAnUnknownCommune) {
  absl::StatusOr<storage::ImportedVolunteer> row =
      Minimal("Jean,Martin,jean@example.org,1980-01-01,99999");
  ASSERT_FALSE(row.ok());
  EXPECT_THAT(row.status().message(), HasSubstr("volunteer.home_commune.insee_code"));
}

TEST_F(VolunteerRowsTest, RefusesVolunteersUnderSixteen) {
  absl::StatusOr<storage::ImportedVolunteer> row =
      Minimal("Léa,Petit,lea@example.org,2011-06-01,75056");
  ASSERT_FALSE(row.ok());
  EXPECT_THAT(row.status().message(), HasSubstr("at least 16"));
  // 16 on the day is enough.
  EXPECT_THAT(Minimal("Léa,Petit,lea@example.org,2010-12-01,75056"), IsOk());
}

TEST_F(VolunteerRowsTest, RefusesUnknownSkillsAndDomains) {
  const std::string header =
      "first_name,last_name,email,birth_date,home_commune_insee_code,domains,skills";
  EXPECT_THAT(Volunteer(header, "J,M,j@example.org,1980-01-01,75056,,juggling").status().message(),
              HasSubstr("unknown skill 'juggling'"));
  EXPECT_THAT(Volunteer(header, "J,M,j@example.org,1980-01-01,75056,cooking,").status().message(),
              HasSubstr("unknown domain 'cooking'"));
}

TEST_F(VolunteerRowsTest, RefusesADepartementThatIsNotTheCommunes) {
  absl::StatusOr<storage::ImportedVolunteer> row =
      Volunteer("first_name,last_name,email,birth_date,home_commune_insee_code,department_code",
                "J,M,j@example.org,1980-01-01,75056,59");
  ASSERT_FALSE(row.ok());
  EXPECT_THAT(row.status().message(), HasSubstr("department_code"));
}

TEST_F(VolunteerRowsTest, RefusesMalformedAndShortRecords) {
  EXPECT_THAT(Minimal("J,M,j@example.org,1980-01-01").status().message(),
              HasSubstr("expected 5 fields"));
  EXPECT_THAT(Minimal("J,M\"x,j@example.org,1980-01-01,75056").status().message(),
              HasSubstr("malformed CSV"));
  EXPECT_THAT(Minimal("J,M,j@example.org,01/02/1980,75056").status().message(),
              HasSubstr("birth_date: expected a date"));
}

// The instant ParseTimeField reads, or the infinite past when it refuses the text.
absl::Time InstantOf(const char* text) {
  absl::StatusOr<absl::Time> time = ParseTimeField("created_at", text);
  return time.ok() ? *time : absl::InfinitePast();
}

TEST(ImportFields, ReadsInstantsInEveryFormAcceptedAndRefusesImpossibleOnes) {
  const absl::Time noon = absl::FromCivil(absl::CivilSecond(2026, 12, 1, 12, 0, 0), absl::UTCTimeZone());
  for (const char* text : {"2026-12-01 12:00:00+00", "2026-12-01T12:00:00Z", "2026-12-01t12:00:00z",
                           "2026-12-01T13:00:00+01:00", "2026-12-01 13:30:00+01:30",
                           "2026-12-01 09:00:00-03", " 2026-12-01 12:00:00+00"}) {
    EXPECT_EQ(InstantOf(text), noon) << text;
  }
  EXPECT_EQ(InstantOf("2026-12-01 12:00:00.25+00"), noon + absl::Milliseconds(250));
  EXPECT_EQ(InstantOf("2026-12-01T12:00:00.000001Z"), noon + absl::Microseconds(1));
  EXPECT_EQ(InstantOf("2026-12-01"), noon - absl::Hours(12));
  for (const char* text : {"2026-04-31 12:00:00+00", "2026-13-01 12:00:00+00",
                           "2026-12-01 24:00:00+00", "2026-12-01 12:60:00+00",
                           "2026-12-01 12:00:00", "2026-12-01 12:00:00.+00",
                           "2026-12-01 12:00:00+0", "2026-12-01 12:00:00+00:0x", "noon"}) {
    EXPECT_THAT(ParseTimeField("created_at", text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("created_at")))
        << text;
  }
}

TEST(CsvColumns, RefusesUnknownRepeatedAndMissingColumns) {
  EXPECT_THAT(CsvColumns::FromHeader(One("first_name,nickname"), VolunteerColumnSet()).status().message(),
              HasSubstr("unknown column 'nickname'"));
  EXPECT_THAT(CsvColumns::FromHeader(One("email,email"), VolunteerColumnSet()).status().message(),
              HasSubstr("appears twice"));
  EXPECT_THAT(CsvColumns::FromHeader(One("first_name,last_name,email"), VolunteerColumnSet())
                  .status()
                  .message(),
              HasSubstr("missing required column(s) birth_date,home_commune_insee_code"));
}

// tools/datagen's missions.csv header, and one of its rows.
constexpr char kDatagenMissionHeader[] =
    "id,organisation_id,title,domain_slug,secondary_domain_slug,format,department_code,"
    "schedule_kind,start_date,end_date,commitment_duration_minutes,commitment_period,places,"
    "places_held,open_to_minors,status,published_at,created_at";

class MissionRowsTest : public ::testing::Test {
 protected:
  absl::StatusOr<storage::ImportedMission> Mission(const std::string& header,
                                                   const std::string& line) {
    absl::StatusOr<CsvColumns> columns = CsvColumns::FromHeader(One(header), MissionColumnSet());
    EXPECT_THAT(columns, IsOk());
    if (!columns.ok()) return columns.status();
    return MissionFromRecord(One(line), *columns, references_, kNow,
                             [] { return std::string("11111111-2222-4333-8444-555555555555"); });
  }
  absl::StatusOr<storage::ImportedMission> Datagen(const std::string& line) {
    return Mission(kDatagenMissionHeader, line);
  }

  storage::ImportReferences references_ = References();
};

constexpr char kOrg[] = "00000000-0000-4000-8001-000000000000";

TEST_F(MissionRowsTest, ReadsTheRowsDatagenWrites) {
  absl::StatusOr<storage::ImportedMission> row = Datagen(absl::StrCat(
      "00000000-0000-4000-8003-000000000004,", kOrg,
      ",Maraude du soir à Lille,solidarity_insertion,,IN_PERSON,59,RECURRING,2026-12-07,,120,"
      "WEEK,12,3,f,PUBLISHED,2026-11-20 09:00:00+00,2026-11-18 09:00:00+00"));
  ASSERT_THAT(row, IsOk());
  const v1::Mission& m = row->mission;
  EXPECT_EQ(m.department_code(), "59");
  EXPECT_EQ(m.schedule().kind(), v1::SCHEDULE_KIND_RECURRING);
  EXPECT_EQ(m.commitment().period(), v1::COMMITMENT_PERIOD_WEEK);
  EXPECT_EQ(m.places_held(), 3);
  EXPECT_EQ(m.status(), v1::MISSION_STATUS_PUBLISHED);
  EXPECT_TRUE(m.has_publish_time());
}

TEST_F(MissionRowsTest, AcceptsARemoteMissionWithoutDepartement) {
  EXPECT_THAT(Datagen(absl::StrCat(",", kOrg,
                                   ",Cours de français en ligne,education,,REMOTE,,ONE_OFF,"
                                   "2026-12-07,2026-12-20,60,TOTAL,5,0,t,DRAFT,,")),
              IsOk());
}

TEST_F(MissionRowsTest, RefusesWhatCreateMissionRefuses) {
  const std::string tail = ",WEEK,12,0,f,DRAFT,,";
  EXPECT_THAT(Datagen(absl::StrCat(",", kOrg, ",Maraude,nowhere,,IN_PERSON,59,RECURRING,2026-12-07,,120", tail))
                  .status()
                  .message(),
              HasSubstr("mission.domain"));
  EXPECT_THAT(Datagen(absl::StrCat(",", kOrg, ",Maraude,health,,IN_PERSON,,RECURRING,2026-12-07,,120", tail))
                  .status()
                  .message(),
              HasSubstr("mission.department_code: is required"));
  EXPECT_THAT(Datagen(absl::StrCat(",", kOrg, ",Maraude,health,,IN_PERSON,59,ONE_OFF,2026-12-07,,120", tail))
                  .status()
                  .message(),
              HasSubstr("mission.end_date: is required"));
  EXPECT_THAT(Datagen(absl::StrCat(",", kOrg, ",Maraude,health,,IN_PERSON,59,RECURRING,2026-12-07,,120,WEEK,0,0,f,DRAFT,,"))
                  .status()
                  .message(),
              HasSubstr("mission.places"));
  EXPECT_THAT(Datagen(absl::StrCat(",not-a-uuid,Maraude,health,,IN_PERSON,59,RECURRING,2026-12-07,,120", tail))
                  .status()
                  .message(),
              HasSubstr("mission.organisation_id"));
}

TEST_F(MissionRowsTest, ChecksTheAddressCommuneAgainstTheDepartement) {
  const std::string header = absl::StrCat(kDatagenMissionHeader, ",commune_insee_code,address_label");
  const std::string row = absl::StrCat(",", kOrg,
                                       ",Maraude du soir,health,,IN_PERSON,59,RECURRING,"
                                       "2026-12-07,,120,WEEK,12,0,f,DRAFT,,,");
  absl::StatusOr<storage::ImportedMission> good = Mission(header, row + "59350,Gare");
  ASSERT_THAT(good, IsOk());
  EXPECT_EQ(good->mission.addresses(0).commune().insee_code(), "59350");
  EXPECT_DOUBLE_EQ(good->mission.addresses(0).location().latitude(), 50.6311);
  EXPECT_THAT(Mission(header, row + "75056,Gare").status().message(),
              HasSubstr("is not in département 59"));
}

}  // namespace
}  // namespace renfort::ctl
