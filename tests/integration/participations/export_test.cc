// ExportParticipations over real gRPC: thousands of rows streamed in (create_time, id) order,
// pseudonymous volunteer ids for coordinators (stable across exports), real ids for admins and
// the organisation's managers, filters, cancellation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/integration/participations/fixtures.h"

namespace renfort::testing {
namespace {

using ::testing::MatchesRegex;

constexpr int kVolunteers = 60;
constexpr int kMissions = 50;

class ExportTest : public ParticipationTest {
 protected:
  void SetUp() override {
    ParticipationTest::SetUp();
    if (HasFatalFailure()) return;
    organisation_ = fixtures_->Organisation({.department_code = "33"});
    // 60 volunteers × 50 missions = 3000 participations, created over 500 distinct seconds so
    // that six rows share each create_time and the order must break ties by id.
    pqxx::work txn(fixtures_->connection());
    txn.exec_params(R"sql(
      INSERT INTO volunteers (first_name, last_name, email, birth_date, home_commune_insee_code,
                              latitude, longitude, department_code, terms_accepted_at,
                              data_processing_consented_at)
      SELECT 'Bulk', 'Volunteer', 'bulk' || n || '@example.org', date '1990-01-01',
             c.insee_code, c.latitude, c.longitude, c.department_code, now(), now()
      FROM generate_series(1, $1) n,
           (SELECT * FROM communes WHERE department_code = '33' ORDER BY insee_code LIMIT 1) c)sql",
                    kVolunteers);
    txn.exec_params(R"sql(
      INSERT INTO missions (organisation_id, title, domain_slug, format, department_code,
                            schedule_kind, start_date, end_date, commitment_duration_minutes,
                            commitment_period, places, status, published_at)
      SELECT $1, 'Mission ' || n, 'health', 'IN_PERSON', '33', 'ONE_OFF', date '2030-03-01',
             date '2030-03-02', 60, 'TOTAL', 10, 'PUBLISHED', timestamptz '2030-01-01'
      FROM generate_series(1, $2) n)sql",
                    organisation_, kMissions);
    txn.exec(R"sql(
      INSERT INTO participations (mission_id, volunteer_id, origin, status, waitlisted_at,
                                  created_at)
      SELECT m.id, v.id, 'APPLIED', 'WAITLISTED', t, t
      FROM missions m CROSS JOIN volunteers v
      CROSS JOIN LATERAL (SELECT timestamptz '2030-01-02' + (abs(hashtext(m.id::text || v.id::text)) % 500)
                                 * interval '1 second' AS t) times
      WHERE v.email LIKE 'bulk%')sql");
    txn.commit();
  }

  // Every row of one export, and its final status.
  grpc::Status Export(const services::Caller& caller,
                      const v1::ExportParticipationsRequest& request,
                      std::vector<v1::ParticipationExportRow>* rows) {
    auto context = ContextFor(caller);
    auto reader = stub_->ExportParticipations(context.get(), request);
    v1::ExportParticipationsResponse message;
    while (reader->Read(&message)) rows->push_back(message.row());
    return reader->Finish();
  }

  std::string organisation_;
};

TEST_F(ExportTest, StreamsThousandsOfRowsInOrderWithStablePseudonyms) {
  std::vector<v1::ParticipationExportRow> rows;
  ASSERT_TRUE(Ok(Export(Coordinator({"33"}), v1::ExportParticipationsRequest(), &rows)));
  ASSERT_EQ(rows.size(), static_cast<size_t>(kVolunteers * kMissions));
  std::set<std::string> pseudonyms;
  std::map<std::string, std::string> pseudonym_of_participation;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (i > 0) {
      const auto& previous = rows[i - 1];
      const bool later = previous.create_time().seconds() < row.create_time().seconds() ||
                         (previous.create_time().seconds() == row.create_time().seconds() &&
                          previous.participation_id() < row.participation_id());
      ASSERT_TRUE(later) << "row " << i << " is out of order";
    }
    EXPECT_THAT(row.volunteer_id(), MatchesRegex("[0-9a-f]{32}"));
    pseudonyms.insert(row.volunteer_id());
    pseudonym_of_participation[row.participation_id()] = row.volunteer_id();
    EXPECT_EQ(row.department_code(), "33");
    EXPECT_EQ(row.domain(), v1::DOMAIN_HEALTH);
    EXPECT_EQ(row.status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  }
  // One pseudonym per volunteer, never a real id.
  EXPECT_EQ(pseudonyms.size(), static_cast<size_t>(kVolunteers));
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM volunteers WHERE id::text IN ('" +
                             *pseudonyms.begin() + "')"),
            0);

  // A second export gives every participation the same pseudonym.
  std::vector<v1::ParticipationExportRow> again;
  ASSERT_TRUE(Ok(Export(Coordinator({"33"}), v1::ExportParticipationsRequest(), &again)));
  ASSERT_EQ(again.size(), rows.size());
  for (const auto& row : again) {
    EXPECT_EQ(pseudonym_of_participation[row.participation_id()], row.volunteer_id());
  }

  // Admins and the organisation's managers read real ids.
  for (const services::Caller& caller : {AdminCaller(), Manager(organisation_)}) {
    std::vector<v1::ParticipationExportRow> clear;
    ASSERT_TRUE(Ok(Export(caller, v1::ExportParticipationsRequest(), &clear)));
    ASSERT_EQ(clear.size(), rows.size());
    EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participations WHERE id = '" +
                               clear[0].participation_id() + "' AND volunteer_id = '" +
                               clear[0].volunteer_id() + "'"),
              1);
  }
}

TEST_F(ExportTest, FiltersByWindowStatusAndScope) {
  const std::string mission = fixtures_->Mission(organisation_, {.title = "Petite mission"});
  const std::string volunteer = fixtures_->Volunteer();
  fixtures_->Participation(mission, volunteer,
                           {.status = "DONE",
                            .created_at = "2030-02-10 09:00:00+00",
                            .ended_at = "2030-02-12 18:00:00+00",
                            .hours = 4});
  v1::ExportParticipationsRequest request;
  request.mutable_filter()->mutable_time_window()->mutable_start_time()->set_seconds(
      1896134400);  // 2030-02-01
  request.add_statuses(v1::PARTICIPATION_STATUS_DONE);
  std::vector<v1::ParticipationExportRow> rows;
  ASSERT_TRUE(Ok(Export(Manager(organisation_), request, &rows)));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].mission_title(), "Petite mission");
  EXPECT_EQ(rows[0].volunteer_id(), volunteer);
  EXPECT_EQ(rows[0].volunteer_department_code(), "33");
  EXPECT_DOUBLE_EQ(rows[0].hours_given(), 4);
  EXPECT_EQ(rows[0].status(), v1::PARTICIPATION_STATUS_DONE);
  EXPECT_TRUE(rows[0].has_accept_time());
  EXPECT_EQ(rows[0].status_time().seconds(), 1897149600);  // 2030-02-12T18:00:00Z

  // Outside the scope: nothing of it.
  rows.clear();
  ASSERT_TRUE(Ok(Export(Coordinator({"59"}), v1::ExportParticipationsRequest(), &rows)));
  EXPECT_TRUE(rows.empty());
  v1::ExportParticipationsRequest outside;
  outside.mutable_filter()->add_department_codes("33");
  EXPECT_EQ(Export(Coordinator({"59"}), outside, &rows).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ExportParticipationsRequest bad;
  bad.add_statuses(static_cast<v1::ParticipationStatus>(12));
  const grpc::Status invalid = Export(AdminCaller(), bad, &rows);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(invalid.error_message(), ::testing::HasSubstr("statuses[0]"));
}

TEST_F(ExportTest, AClientThatStopsReading_EndsTheExport) {
  auto context = ContextFor(Coordinator({"33"}));
  auto reader = stub_->ExportParticipations(context.get(), v1::ExportParticipationsRequest());
  v1::ExportParticipationsResponse message;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(reader->Read(&message));
  context->TryCancel();
  while (reader->Read(&message)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // The server released the export's connection and thread: a new export runs to the end.
  std::vector<v1::ParticipationExportRow> rows;
  ASSERT_TRUE(Ok(Export(Coordinator({"33"}), v1::ExportParticipationsRequest(), &rows)));
  EXPECT_EQ(rows.size(), static_cast<size_t>(kVolunteers * kMissions));
}

}  // namespace
}  // namespace renfort::testing
