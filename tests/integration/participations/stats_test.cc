// GetParticipationStats over real gRPC on a data set whose every figure is worked out by hand
// below; scope of coordinators, network heads and organisation managers; bad input.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "tests/integration/participations/fixtures.h"

namespace renfort::testing {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

int64_t CountOf(const v1::ParticipationStats& stats, v1::ParticipationStatus status) {
  for (const auto& count : stats.status_counts()) {
    if (count.status() == status) return count.count();
  }
  return -1;
}

// January 2030. Organisation A (Gironde, network N) runs M1 (in person, solidarity, 4 places,
// published 01-05 10:00) and M2 (remote, education, 2 places, published 01-10 00:00);
// organisation B (Nord) runs M3 (in person, education, 3 places, published in December) and
// M4 (closed long before). Participations:
//   M1: p1 ACCEPTED (created 01-05 12:00: first application after 2 h), p2 DONE 3.5 h
//       (done 01-20), p3 NO_SHOW (01-21), p4 PENDING;
//   M2: p5 PENDING (created 01-10 06:00: first application after 6 h), p6 REFUSED;
//   M3: p7 DONE 2 h (done 01-25), p8 ACCEPTED but created in December (outside the window).
class StatsTest : public ParticipationTest {
 protected:
  void SetUp() override {
    ParticipationTest::SetUp();
    if (HasFatalFailure()) return;
    network_ = fixtures_->Network("Réseau solidaire");
    org_a_ = fixtures_->Organisation(
        {.department_code = "33", .network_id = network_, .name = "Association A"});
    org_b_ = fixtures_->Organisation({.department_code = "59", .name = "Association B"});
    const std::string m1 =
        fixtures_->Mission(org_a_, {.places = 4, .published_at = "2030-01-05 10:00:00+00"});
    const std::string m2 = fixtures_->Mission(org_a_, {.format = "REMOTE",
                                                       .domain = "education",
                                                       .places = 2,
                                                       .published_at = "2030-01-10 00:00:00+00"});
    const std::string m3 = fixtures_->Mission(
        org_b_, {.domain = "education", .places = 3, .published_at = "2029-12-01 00:00:00+00"});
    fixtures_->Mission(org_b_, {.status = "CLOSED", .published_at = "2025-01-01 00:00:00+00"});
    auto v = [&] { return fixtures_->Volunteer(); };
    fixtures_->Participation(m1, v(),
                             {.status = "ACCEPTED", .created_at = "2030-01-05 12:00:00+00"});
    fixtures_->Participation(m1, v(),
                             {.status = "DONE",
                              .created_at = "2030-01-06 09:00:00+00",
                              .ended_at = "2030-01-20 18:00:00+00",
                              .hours = 3.5});
    fixtures_->Participation(m1, v(),
                             {.status = "NO_SHOW",
                              .created_at = "2030-01-07 09:00:00+00",
                              .ended_at = "2030-01-21 18:00:00+00"});
    fixtures_->Participation(m1, v(),
                             {.status = "PENDING", .created_at = "2030-01-08 09:00:00+00"});
    fixtures_->Participation(m2, v(),
                             {.status = "PENDING", .created_at = "2030-01-10 06:00:00+00"});
    fixtures_->Participation(
        m2, v(),
        {.status = "REFUSED", .created_at = "2030-01-11 09:00:00+00", .reason = "not_available"});
    fixtures_->Participation(m3, v(),
                             {.status = "DONE",
                              .created_at = "2030-01-15 09:00:00+00",
                              .ended_at = "2030-01-25 12:00:00+00",
                              .hours = 2});
    fixtures_->Participation(m3, v(),
                             {.status = "ACCEPTED", .created_at = "2029-12-20 09:00:00+00"});
  }

  v1::GetParticipationStatsRequest January() {
    v1::GetParticipationStatsRequest request;
    v1::TimeRange& window = *request.mutable_filter()->mutable_time_window();
    window.mutable_start_time()->set_seconds(1893456000);  // 2030-01-01T00:00:00Z
    window.mutable_end_time()->set_seconds(1896134400);    // 2030-02-01T00:00:00Z
    return request;
  }

  grpc::Status Stats(const services::Caller& caller,
                     const v1::GetParticipationStatsRequest& request,
                     v1::GetParticipationStatsResponse* response) {
    return stub_->GetParticipationStats(ContextFor(caller).get(), request, response);
  }

  std::string network_, org_a_, org_b_;
};

TEST_F(StatsTest, Total_ComputesEveryFigureOverTheWindow) {
  v1::GetParticipationStatsResponse response;
  ASSERT_TRUE(Ok(Stats(AdminCaller(), January(), &response)));
  const v1::ParticipationStats& total = response.total();
  ASSERT_EQ(total.status_counts_size(), 8);
  EXPECT_EQ(total.status_counts(0).status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_WAITLISTED), 0);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_PENDING), 2);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_IN_REVIEW), 0);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_ACCEPTED), 1);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_REFUSED), 1);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_CANCELLED), 0);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_DONE), 2);
  EXPECT_EQ(CountOf(total, v1::PARTICIPATION_STATUS_NO_SHOW), 1);
  EXPECT_EQ(total.participation_count(), 7);
  EXPECT_EQ(total.mission_count(), 3);
  EXPECT_EQ(total.places_offered(), 9);
  EXPECT_EQ(total.places_filled(), 5);
  EXPECT_DOUBLE_EQ(total.fill_rate(), 5.0 / 9.0);
  ASSERT_TRUE(total.has_median_time_to_first_application());
  EXPECT_EQ(TimeUtil::DurationToSeconds(total.median_time_to_first_application()), 4 * 3600);
  EXPECT_DOUBLE_EQ(total.hours_given(), 5.5);
  EXPECT_DOUBLE_EQ(total.no_show_rate(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(total.remote_share(), 2.0 / 7.0);
  EXPECT_EQ(response.groups_size(), 0);
}

TEST_F(StatsTest, Groupings_BreakTheFiguresDownByKey) {
  v1::GetParticipationStatsRequest request = January();
  request.set_grouping(v1::STATS_GROUPING_DEPARTMENT);
  v1::GetParticipationStatsResponse response;
  ASSERT_TRUE(Ok(Stats(AdminCaller(), request, &response)));
  ASSERT_EQ(response.groups_size(), 2);
  EXPECT_EQ(response.groups(0).department_code(), "33");
  EXPECT_EQ(response.groups(0).stats().participation_count(), 6);
  EXPECT_EQ(response.groups(0).stats().places_offered(), 6);
  EXPECT_EQ(response.groups(1).department_code(), "59");
  EXPECT_EQ(response.groups(1).stats().participation_count(), 1);
  EXPECT_EQ(response.groups(1).stats().mission_count(), 1);
  EXPECT_EQ(response.groups(1).stats().places_filled(), 2);
  EXPECT_FALSE(response.groups(1).stats().has_median_time_to_first_application());

  request.set_grouping(v1::STATS_GROUPING_DOMAIN);
  response.Clear();
  ASSERT_TRUE(Ok(Stats(AdminCaller(), request, &response)));
  ASSERT_EQ(response.groups_size(), 2);
  EXPECT_EQ(response.groups(0).domain(), v1::DOMAIN_SOLIDARITY_INSERTION);
  EXPECT_EQ(response.groups(0).stats().participation_count(), 4);
  EXPECT_EQ(response.groups(1).domain(), v1::DOMAIN_EDUCATION);
  EXPECT_EQ(response.groups(1).stats().participation_count(), 3);
  EXPECT_DOUBLE_EQ(response.groups(1).stats().hours_given(), 2);

  request.set_grouping(v1::STATS_GROUPING_ORGANISATION);
  response.Clear();
  ASSERT_TRUE(Ok(Stats(AdminCaller(), request, &response)));
  ASSERT_EQ(response.groups_size(), 2);
  for (const auto& group : response.groups()) {
    if (group.organisation_id() == org_a_) {
      EXPECT_EQ(group.organisation_name(), "Association A");
      EXPECT_EQ(group.stats().participation_count(), 6);
    } else {
      EXPECT_EQ(group.organisation_id(), org_b_);
      EXPECT_EQ(group.organisation_name(), "Association B");
    }
  }
  EXPECT_LT(response.groups(0).organisation_id(), response.groups(1).organisation_id());
}

// Communes of Nord (59): organisation L sits in Abancourt (59001, the first commune of 59);
// ML1 (4 places) has addresses in Lille then Roubaix, ML2 (hybrid, 2 places) is in Lille, MR
// (3 places) in Roubaix and MD (remote, 5 places) has no address. Organisation G (Gironde)
// runs one mission in Bordeaux. Participations, all in January 2030:
//   ML1: ACCEPTED, DONE, PENDING; ML2: REFUSED; MR: ACCEPTED; MD: PENDING, ACCEPTED;
//   Bordeaux: PENDING.
class CommuneStatsTest : public StatsTest {
 protected:
  void SetUp() override {
    StatsTest::SetUp();
    if (HasFatalFailure()) return;
    const std::string org_l =
        fixtures_->Organisation({.department_code = "59", .name = "Association L"});
    const std::string org_g =
        fixtures_->Organisation({.department_code = "33", .name = "Association G"});
    const std::string published = "2030-01-02 00:00:00+00";
    const std::string ml1 = fixtures_->Mission(
        org_l, {.places = 4, .published_at = published, .communes = {"59350", "59512"}});
    const std::string ml2 = fixtures_->Mission(
        org_l, {.format = "HYBRID", .places = 2, .published_at = published, .communes = {"59350"}});
    const std::string mr =
        fixtures_->Mission(org_l, {.places = 3, .published_at = published, .communes = {"59512"}});
    const std::string md =
        fixtures_->Mission(org_l, {.format = "REMOTE", .places = 5, .published_at = published});
    const std::string bordeaux =
        fixtures_->Mission(org_g, {.places = 1, .published_at = published, .communes = {"33063"}});
    auto add = [&](const std::string& mission, const std::string& status) {
      fixtures_->Participation(mission, fixtures_->Volunteer(),
                               {.status = status,
                                .created_at = "2030-01-12 09:00:00+00",
                                .ended_at = "2030-01-20 18:00:00+00",
                                .hours = status == "DONE" ? 2.0 : 0.0});
    };
    add(ml1, "ACCEPTED");
    add(ml1, "DONE");
    add(ml1, "PENDING");
    add(ml2, "REFUSED");
    add(mr, "ACCEPTED");
    add(md, "PENDING");
    add(md, "ACCEPTED");
    add(bordeaux, "PENDING");
  }

  v1::GetParticipationStatsRequest NordByCommune() {
    v1::GetParticipationStatsRequest request = January();
    request.mutable_filter()->add_department_codes("59");
    request.set_grouping(v1::STATS_GROUPING_COMMUNE);
    return request;
  }
};

TEST_F(CommuneStatsTest,
       Communes_CountEachMissionAtItsFirstAddressAndRemoteOnesAtTheirOrganisation) {
  v1::GetParticipationStatsResponse response;
  ASSERT_TRUE(Ok(Stats(AdminCaller(), NordByCommune(), &response)));
  // StatsTest's organisation B (Nord, no addresses) adds its M3 to Abancourt too: 1
  // participation in January, 3 places, 2 filled (p7 DONE, p8 ACCEPTED in December).
  ASSERT_EQ(response.groups_size(), 3);
  const v1::ParticipationStatsGroup& abancourt = response.groups(0);
  EXPECT_EQ(abancourt.commune().insee_code(), "59001");
  EXPECT_EQ(abancourt.commune().name(), "Abancourt");
  EXPECT_EQ(abancourt.stats().mission_count(), 2);
  EXPECT_EQ(abancourt.stats().places_offered(), 8);
  EXPECT_EQ(abancourt.stats().places_filled(), 3);
  EXPECT_EQ(abancourt.stats().participation_count(), 3);
  EXPECT_DOUBLE_EQ(abancourt.stats().remote_share(), 2.0 / 3.0);
  const v1::ParticipationStatsGroup& lille = response.groups(1);
  EXPECT_EQ(lille.commune().insee_code(), "59350");
  EXPECT_EQ(lille.commune().name(), "Lille");
  EXPECT_EQ(lille.stats().mission_count(), 2);
  EXPECT_EQ(lille.stats().places_offered(), 6);
  EXPECT_EQ(lille.stats().places_filled(), 2);
  EXPECT_EQ(lille.stats().participation_count(), 4);
  EXPECT_EQ(CountOf(lille.stats(), v1::PARTICIPATION_STATUS_REFUSED), 1);
  EXPECT_DOUBLE_EQ(lille.stats().hours_given(), 2);
  const v1::ParticipationStatsGroup& roubaix = response.groups(2);
  EXPECT_EQ(roubaix.commune().insee_code(), "59512");
  EXPECT_EQ(roubaix.commune().name(), "Roubaix");
  EXPECT_EQ(roubaix.stats().mission_count(), 1);
  EXPECT_EQ(roubaix.stats().places_offered(), 3);
  EXPECT_EQ(roubaix.stats().participation_count(), 1);
  for (const auto& group : response.groups()) {
    EXPECT_TRUE(group.department_code().empty());
    EXPECT_TRUE(group.organisation_id().empty());
    EXPECT_EQ(group.domain(), v1::DOMAIN_UNSPECIFIED);
  }
  EXPECT_EQ(response.total().participation_count(), 8);
  EXPECT_EQ(response.total().places_offered(), 17);
}

TEST_F(CommuneStatsTest, Communes_StayWithinTheCoordinatorsScope) {
  v1::GetParticipationStatsRequest request = NordByCommune();
  request.mutable_filter()->clear_department_codes();
  v1::GetParticipationStatsResponse response;
  ASSERT_TRUE(Ok(Stats(Coordinator({"59"}), request, &response)));
  ASSERT_EQ(response.groups_size(), 3);
  for (const auto& group : response.groups()) {
    EXPECT_EQ(group.commune().insee_code().substr(0, 2), "59");
  }
  response.Clear();
  ASSERT_TRUE(Ok(Stats(Coordinator({"33"}), request, &response)));
  std::vector<std::string> codes;
  for (const auto& group : response.groups()) codes.push_back(group.commune().insee_code());
  // Organisation A's missions (Abzac, 33001) and the Bordeaux one.
  EXPECT_THAT(codes, ::testing::ElementsAre("33001", "33063"));
}

TEST_F(StatsTest, Filters_NarrowTheMissions) {
  v1::GetParticipationStatsRequest request = January();
  request.mutable_filter()->add_formats(v1::FORMAT_REMOTE);
  v1::GetParticipationStatsResponse response;
  ASSERT_TRUE(Ok(Stats(AdminCaller(), request, &response)));
  EXPECT_EQ(response.total().participation_count(), 2);
  EXPECT_DOUBLE_EQ(response.total().remote_share(), 1);
  EXPECT_EQ(response.total().places_offered(), 2);

  request = January();
  request.mutable_filter()->add_domains(v1::DOMAIN_EDUCATION);
  request.mutable_filter()->add_department_codes("59");
  response.Clear();
  ASSERT_TRUE(Ok(Stats(AdminCaller(), request, &response)));
  EXPECT_EQ(response.total().participation_count(), 1);

  // Without a window, December's participation counts too.
  request = v1::GetParticipationStatsRequest();
  request.mutable_filter()->add_organisation_ids(org_b_);
  response.Clear();
  ASSERT_TRUE(Ok(Stats(AdminCaller(), request, &response)));
  EXPECT_EQ(response.total().participation_count(), 2);
}

TEST_F(StatsTest, Scope_CoordinatorsNetworkHeadsAndManagersSeeTheirOwn) {
  v1::GetParticipationStatsResponse response;
  ASSERT_TRUE(Ok(Stats(Coordinator({"33"}), January(), &response)));
  EXPECT_EQ(response.total().participation_count(), 6);
  response.Clear();
  ASSERT_TRUE(Ok(Stats(Coordinator({"75"}, {network_}), January(), &response)));
  EXPECT_EQ(response.total().participation_count(), 6);
  response.Clear();
  ASSERT_TRUE(Ok(Stats(Manager(org_b_), January(), &response)));
  EXPECT_EQ(response.total().participation_count(), 1);
  // An empty scope: zeros, every status listed, no median.
  response.Clear();
  ASSERT_TRUE(Ok(Stats(Coordinator({"2A"}), January(), &response)));
  EXPECT_EQ(response.total().participation_count(), 0);
  EXPECT_EQ(response.total().status_counts_size(), 8);
  EXPECT_FALSE(response.total().has_median_time_to_first_application());

  v1::GetParticipationStatsRequest outside = January();
  outside.mutable_filter()->add_department_codes("59");
  EXPECT_EQ(Stats(Coordinator({"33"}), outside, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  outside = January();
  outside.mutable_filter()->add_organisation_ids(org_a_);
  EXPECT_EQ(Stats(Manager(org_b_), outside, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Stats(Volunteer(fixtures_->Volunteer()), January(), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(StatsTest, BadInput_IsRefusedNamingTheField) {
  struct Case {
    v1::GetParticipationStatsRequest request;
    std::string field;
  };
  std::vector<Case> cases;
  v1::GetParticipationStatsRequest r;
  r.mutable_filter()->add_department_codes("1000");
  cases.push_back({r, "filter.department_codes[0]"});
  r = v1::GetParticipationStatsRequest();
  r.mutable_filter()->add_domains(v1::DOMAIN_UNSPECIFIED);
  cases.push_back({r, "filter.domains[0]"});
  r = v1::GetParticipationStatsRequest();
  r.mutable_filter()->add_organisation_ids("org-1");
  cases.push_back({r, "filter.organisation_ids[0]"});
  r = v1::GetParticipationStatsRequest();
  r.mutable_filter()->add_formats(static_cast<v1::Format>(7));
  cases.push_back({r, "filter.formats[0]"});
  r = January();
  r.mutable_filter()->mutable_time_window()->mutable_end_time()->set_seconds(1000);
  cases.push_back({r, "filter.time_window.end_time"});
  r = v1::GetParticipationStatsRequest();
  r.set_grouping(static_cast<v1::StatsGrouping>(9));
  cases.push_back({r, "grouping"});
  for (const Case& c : cases) {
    v1::GetParticipationStatsResponse response;
    const grpc::Status status = Stats(AdminCaller(), c.request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_THAT(status.error_message(), HasSubstr(c.field));
  }
}

}  // namespace
}  // namespace renfort::testing
