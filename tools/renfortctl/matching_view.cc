#include "tools/renfortctl/matching_view.h"

#include "absl/strings/str_cat.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/mission_view.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

std::string FactorName(int factor) {
  return EnumDisplayName(*v1::ScoreFactor_descriptor(), "SCORE_FACTOR_", factor);
}

// The raw value in the unit documented on each ScoreFactor.
std::string RawText(const v1::FactorScore& factor) {
  const double raw = factor.raw_value();
  switch (factor.factor()) {
    case v1::SCORE_FACTOR_PROXIMITY:
      return absl::StrCat(FormatNumber(raw, 1), " km");
    case v1::SCORE_FACTOR_SKILL_COVERAGE:
      return absl::StrCat(FormatNumber(raw, 0), " skills covered");
    case v1::SCORE_FACTOR_DOMAIN_INTEREST:
      return raw >= 1 ? "main domain" : raw > 0 ? "secondary domain" : "no interest";
    case v1::SCORE_FACTOR_AVAILABILITY_OVERLAP:
      return absl::StrCat(FormatNumber(raw, 0), " min overlap");
    case v1::SCORE_FACTOR_RELIABILITY:
      return absl::StrCat(FormatNumber(raw, 0), " no-shows");
    case v1::SCORE_FACTOR_RECENCY:
      return absl::StrCat(FormatNumber(raw, 0), " days ago");
    case v1::SCORE_FACTOR_FAIRNESS:
      return absl::StrCat(FormatNumber(raw, 0), " invitations this month");
    case v1::SCORE_FACTOR_ORGANISATION_RESPONSIVENESS:
      return absl::StrCat(FormatPercent(raw), " answered");
    default:
      return FormatNumber(raw, 2);
  }
}

std::string Score(double score) { return FormatNumber(score, 3); }

std::string Km(bool has, double km) { return has ? FormatNumber(km, 1) : ""; }

std::string InvitationStatusName(int status) {
  return EnumDisplayName(*v1::InvitationStatus_descriptor(), "INVITATION_STATUS_", status);
}

}  // namespace

std::string BreakdownTable(const v1::ScoreBreakdown& breakdown) {
  Table table({"FACTOR", "MEASURED", "VALUE", "WEIGHT", "CONTRIBUTION"});
  for (const v1::FactorScore& factor : breakdown.factors()) {
    table.AddRow({FactorName(factor.factor()), RawText(factor),
                  FormatNumber(factor.normalised_value(), 3), FormatNumber(factor.weight(), 3),
                  FormatNumber(factor.contribution(), 3)});
  }
  table.AddRow({"= score", "", "", "", Score(breakdown.score())});
  return table.Render();
}

std::string RankedVolunteersText(const v1::RankVolunteersResponse& response) {
  Table table({"#", "VOLUNTEER", "NAME", "COMMUNE", "DEPT", "KM", "SCORE", "DONE"});
  int rank = 0;
  for (const v1::RankedVolunteer& ranked : response.volunteers()) {
    table.AddRow({absl::StrCat(++rank), ranked.volunteer_id(), ranked.volunteer().display_name(),
                  ranked.volunteer().commune_name(), ranked.volunteer().department_code(),
                  Km(ranked.has_distance_km(), ranked.distance_km()), Score(ranked.score()),
                  absl::StrCat(ranked.volunteer().done_count())});
  }
  std::string text = table.Render();
  rank = 0;
  for (const v1::RankedVolunteer& ranked : response.volunteers()) {
    ++rank;
    if (!ranked.has_breakdown()) continue;
    absl::StrAppend(&text, "\n#", rank, " ", ranked.volunteer().display_name(), " (",
                    ranked.volunteer_id(), ")\n", BreakdownTable(ranked.breakdown()));
  }
  return text;
}

std::string RecommendedMissionsText(const v1::RecommendMissionsResponse& response) {
  Table table({"#", "MISSION", "TITLE", "ORGANISATION", "DOMAIN", "FORMAT", "WHERE", "KM", "SCORE",
               "PLACES"});
  int rank = 0;
  for (const v1::RecommendedMission& recommended : response.missions()) {
    const v1::MissionSummary& mission = recommended.mission();
    std::string places = PlacesText(mission.places_held(), mission.places());
    if (recommended.waitlist_only()) absl::StrAppend(&places, " waitlist");
    table.AddRow({absl::StrCat(++rank), recommended.mission_id(), mission.title(),
                  mission.organisation_name(), DomainName(mission.domain()),
                  FormatName(mission.format()),
                  mission.format() == v1::FORMAT_REMOTE ? "remote" : mission.commune_name(),
                  Km(recommended.has_distance_km(), recommended.distance_km()),
                  Score(recommended.score()), places});
  }
  std::string text = table.Render();
  rank = 0;
  for (const v1::RecommendedMission& recommended : response.missions()) {
    ++rank;
    if (!recommended.has_breakdown()) continue;
    absl::StrAppend(&text, "\n#", rank, " ", recommended.mission().title(), " (",
                    recommended.mission_id(), ")\n", BreakdownTable(recommended.breakdown()));
  }
  return text;
}

std::string InvitationTable(const google::protobuf::RepeatedPtrField<v1::Invitation>& invitations) {
  Table table({"ID", "MISSION", "TITLE", "VOLUNTEER", "STATUS", "SCORE", "EXPIRES"});
  for (const v1::Invitation& invitation : invitations) {
    table.AddRow({invitation.id(), invitation.mission_id(), invitation.mission().title(),
                  invitation.volunteer_id(), InvitationStatusName(invitation.status()),
                  Score(invitation.score()), FormatTime(invitation.expire_time())});
  }
  return table.Render();
}

std::string StaffingText(const v1::StaffEventResponse& response) {
  Table missions({"MISSION", "PLACES LEFT", "ASSIGNED"});
  for (const v1::MissionStaffing& mission : response.missions()) {
    missions.AddRow({mission.mission_id(), absl::StrCat(mission.places_left()),
                     absl::StrCat(mission.assigned_count())});
  }
  Table assignments({"MISSION", "VOLUNTEER", "SCORE", "INVITATION"});
  for (const v1::StaffingAssignment& assignment : response.assignments()) {
    assignments.AddRow(
        {assignment.mission_id(), assignment.volunteer_id(), Score(assignment.score()),
         assignment.invitation_id().empty() ? "(dry run)" : assignment.invitation_id()});
  }
  return absl::StrCat(missions.Render(), "\n", assignments.Render(), "\n",
                      response.assignments_size(), " assignments, total score ",
                      Score(response.total_score()),
                      " (greedy: ", response.greedy_assignment_count(), " assignments, ",
                      Score(response.greedy_total_score()), ")\n");
}

}  // namespace renfort::ctl
