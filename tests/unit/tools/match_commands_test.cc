#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "renfort/v1/matching_service.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/tools/command_test_util.h"

namespace renfort::ctl {
namespace {

using ::renfort::ctl::testing::Build;
using ::renfort::ctl::testing::BuildError;
using ::renfort::ctl::testing::Format;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(MatchRank, CarriesMissionLimitAndExplain) {
  auto request = Build<v1::RankVolunteersRequest>("match", "rank",
                                                  {"--mission=m-1", "--limit=10", "--explain"});
  EXPECT_EQ(request.mission_id(), "m-1");
  EXPECT_EQ(request.limit(), 10);
  EXPECT_TRUE(request.explain());
  EXPECT_THAT(BuildError("match", "rank", {"--limit=10"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--mission is required")));
  auto recommend = Build<v1::RecommendMissionsRequest>("match", "recommend", {"--limit=5"});
  EXPECT_EQ(recommend.volunteer_id(), "");
  EXPECT_FALSE(recommend.explain());
}

TEST(MatchInvite, NeedsACount) {
  EXPECT_EQ(
      Build<v1::InviteVolunteersRequest>("match", "invite", {"--mission=m-1", "--count=5"}).count(),
      5);
  EXPECT_THAT(BuildError("match", "invite", {"--mission=m-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--count is required")));
}

TEST(MatchStaff, TakesMissionsAndAPoolFromFlagsAndAFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "renfortctl_staff_test.txt").string();
  std::ofstream(path) << "# signed up on Saturday\nv-3\n  v-4  \n\n";
  auto request = Build<v1::StaffEventRequest>(
      "match", "staff",
      {"--missions=m-1,m-2", "--volunteers=v-1,v-2", "--volunteers-file=" + path, "--min-score=0.4",
       "--candidates-per-mission=100", "--dry-run"});
  std::filesystem::remove(path);
  EXPECT_THAT(request.mission_ids(), ElementsAre("m-1", "m-2"));
  EXPECT_THAT(request.volunteer_ids(), ElementsAre("v-1", "v-2", "v-3", "v-4"));
  EXPECT_DOUBLE_EQ(request.min_score(), 0.4);
  EXPECT_EQ(request.candidates_per_mission(), 100);
  EXPECT_TRUE(request.dry_run());
  EXPECT_THAT(
      BuildError("match", "staff", {"--missions=m-1", "--volunteers-file=" + path}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--volunteers-file: cannot read")));
}

TEST(Invitation, ListAndRespond) {
  auto list = Build<v1::ListInvitationsRequest>("invitation", "list",
                                                {"--mission=m-1", "--status=proposed"});
  EXPECT_EQ(list.mission_id(), "m-1");
  EXPECT_THAT(list.statuses(), ElementsAre(v1::INVITATION_STATUS_PROPOSED));
  EXPECT_THAT(BuildError("invitation", "list", {"--mission=m-1", "--volunteer=v-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--mission: cannot be given with --volunteer")));
  auto accept = Build<v1::RespondToInvitationRequest>(
      "invitation", "respond", {"--id=i-1", "--answer=accept", "--motivation=Avec plaisir"});
  EXPECT_EQ(accept.answer(), v1::INVITATION_ANSWER_ACCEPT);
  EXPECT_EQ(accept.motivation(), "Avec plaisir");
  EXPECT_THAT(
      BuildError("invitation", "respond", {"--id=i-1", "--answer=decline", "--motivation=Non"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--motivation is only for accepting")));
  EXPECT_THAT(BuildError("invitation", "respond", {"--id=i-1", "--answer=maybe"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--answer: expected one of accept, decline")));
}

v1::ScoreBreakdown Breakdown() {
  v1::ScoreBreakdown breakdown;
  v1::FactorScore* proximity = breakdown.add_factors();
  proximity->set_factor(v1::SCORE_FACTOR_PROXIMITY);
  proximity->set_raw_value(3.24);
  proximity->set_normalised_value(0.8);
  proximity->set_weight(0.5);
  proximity->set_contribution(0.4);
  v1::FactorScore* domain = breakdown.add_factors();
  domain->set_factor(v1::SCORE_FACTOR_DOMAIN_INTEREST);
  domain->set_raw_value(1);
  domain->set_normalised_value(1);
  domain->set_weight(0.5);
  domain->set_contribution(0.5);
  breakdown.set_score(0.9);
  return breakdown;
}

v1::RankVolunteersResponse Ranking(bool explain) {
  v1::RankVolunteersResponse response;
  v1::RankedVolunteer* ranked = response.add_volunteers();
  ranked->set_volunteer_id("v-1");
  ranked->set_score(0.9);
  ranked->set_distance_km(3.24);
  ranked->mutable_volunteer()->set_display_name("Camille D.");
  ranked->mutable_volunteer()->set_commune_name("Villeneuve-d'Ascq");
  ranked->mutable_volunteer()->set_department_code("59");
  ranked->mutable_volunteer()->set_done_count(4);
  if (explain) *ranked->mutable_breakdown() = Breakdown();
  return response;
}

TEST(MatchRank, PrintsTheRankingAndWithExplainEachFactor) {
  EXPECT_EQ(Format("match", "rank", Ranking(false)),
            "#  VOLUNTEER  NAME        COMMUNE            DEPT  KM   SCORE  DONE\n"
            "1  v-1        Camille D.  Villeneuve-d'Ascq  59    3.2  0.900  4\n");
  const std::string explained = Format("match", "rank", Ranking(true));
  EXPECT_THAT(explained, HasSubstr("\n#1 Camille D. (v-1)\n"
                                   "FACTOR           MEASURED     VALUE  WEIGHT  CONTRIBUTION\n"
                                   "proximity        3.2 km       0.800  0.500   0.400\n"
                                   "domain_interest  main domain  1.000  0.500   0.500\n"
                                   "= score                                      0.900\n"));
  EXPECT_THAT(Format("match", "rank", Ranking(true), {"--json"}),
              HasSubstr("\"factor\": \"SCORE_FACTOR_PROXIMITY\""));
  EXPECT_THAT(Format("match", "rank", Ranking(false)), Not(HasSubstr("FACTOR")));
}

TEST(MatchRecommend, MarksWaitlistOnlyMissions) {
  v1::RecommendMissionsResponse response;
  v1::RecommendedMission* recommended = response.add_missions();
  recommended->set_mission_id("m-1");
  recommended->set_score(0.75);
  recommended->set_waitlist_only(true);
  recommended->mutable_mission()->set_title("Soutien scolaire à distance");
  recommended->mutable_mission()->set_format(v1::FORMAT_REMOTE);
  recommended->mutable_mission()->set_domain(v1::DOMAIN_EDUCATION);
  recommended->mutable_mission()->set_places(2);
  recommended->mutable_mission()->set_places_held(2);
  *recommended->mutable_breakdown() = Breakdown();
  const std::string text = Format("match", "recommend", response);
  EXPECT_THAT(text, HasSubstr("1  m-1      Soutien scolaire à distance                education  "
                              "remote  remote      0.750  2/2 waitlist\n"));
  EXPECT_THAT(text, HasSubstr("#1 Soutien scolaire à distance (m-1)\nFACTOR"));
}

TEST(MatchStaff, PrintsMissionsAssignmentsAndTheGreedyComparison) {
  v1::StaffEventResponse response;
  v1::MissionStaffing* mission = response.add_missions();
  mission->set_mission_id("m-1");
  mission->set_places_left(2);
  mission->set_assigned_count(1);
  v1::StaffingAssignment* assignment = response.add_assignments();
  assignment->set_mission_id("m-1");
  assignment->set_volunteer_id("v-1");
  assignment->set_score(0.8);
  response.set_total_score(0.8);
  response.set_greedy_total_score(0.7);
  response.set_greedy_assignment_count(1);
  EXPECT_EQ(Format("match", "staff", response),
            "MISSION  PLACES LEFT  ASSIGNED\n"
            "m-1      2            1\n"
            "\n"
            "MISSION  VOLUNTEER  SCORE  INVITATION\n"
            "m-1      v-1        0.800  (dry run)\n"
            "\n"
            "1 assignments, total score 0.800 (greedy: 1 assignments, 0.700)\n");
}

TEST(InvitationRespond, PrintsTheInvitationAndTheParticipation) {
  v1::RespondToInvitationResponse response;
  response.mutable_invitation()->set_id("i-1");
  response.mutable_invitation()->set_status(v1::INVITATION_STATUS_ACCEPTED);
  response.mutable_participation()->set_id("p-9");
  response.mutable_participation()->set_status(v1::PARTICIPATION_STATUS_ACCEPTED);
  const std::string text = Format("invitation", "respond", response);
  EXPECT_THAT(text, HasSubstr("accepted  0.000\n"));
  EXPECT_THAT(text, HasSubstr("id      p-9\n"));
}

}  // namespace
}  // namespace renfort::ctl
