#include "tools/renfortctl/mission_view.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/table.h"

namespace renfort::ctl {
namespace {

std::string BeneficiaryName(int beneficiary) {
  return EnumDisplayName(*v1::Beneficiary_descriptor(), "BENEFICIARY_", beneficiary);
}

std::string CommitmentText(const v1::Mission& mission) {
  if (!mission.has_commitment()) return "";
  const v1::Commitment& commitment = mission.commitment();
  std::string text = absl::StrCat(commitment.duration_minutes(), " min per ",
                                  EnumDisplayName(*v1::CommitmentPeriod_descriptor(),
                                                  "COMMITMENT_PERIOD_", commitment.period()));
  if (commitment.minimum_span() > 0) {
    absl::StrAppend(&text, ", for at least ", commitment.minimum_span(), " ",
                    EnumDisplayName(*v1::CommitmentPeriod_descriptor(), "COMMITMENT_PERIOD_",
                                    commitment.minimum_span_unit()));
  }
  return text;
}

std::string AddressesText(const v1::Mission& mission) {
  std::vector<std::string> parts;
  for (const v1::Address& address : mission.addresses()) {
    std::string commune = address.commune().name().empty() ? address.commune().insee_code()
                                                           : address.commune().name();
    std::vector<std::string> pieces;
    for (const std::string& piece : {address.label(), address.street(), commune}) {
      if (!piece.empty()) pieces.push_back(piece);
    }
    parts.push_back(absl::StrJoin(pieces, ", "));
  }
  return absl::StrJoin(parts, "; ");
}

std::string DatesText(const v1::Date& start, const v1::Date& end) {
  if (!start.year()) return "";
  if (!end.year()) return absl::StrCat(FormatDate(start), " →");
  if (FormatDate(start) == FormatDate(end)) return FormatDate(start);
  return absl::StrCat(FormatDate(start), " → ", FormatDate(end));
}

std::string OrganisationText(const v1::Mission& mission) {
  if (mission.organisation_id().empty()) return mission.organisation_name();
  if (mission.organisation_name().empty()) return mission.organisation_id();
  return absl::StrCat(mission.organisation_name(), " (", mission.organisation_id(), ")");
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

}  // namespace

std::string MissionStatusName(int status) {
  return EnumDisplayName(*v1::MissionStatus_descriptor(), "MISSION_STATUS_", status);
}

std::string PlacesText(int held, int places) { return absl::StrCat(held, "/", places); }

std::string WhereText(const v1::Mission& mission) {
  if (mission.format() == v1::FORMAT_REMOTE) return "remote";
  if (mission.addresses().empty()) return "";
  const v1::Commune& commune = mission.addresses(0).commune();
  return commune.name().empty() ? commune.insee_code() : commune.name();
}

std::string MissionFields(const v1::Mission& mission) {
  std::string domains = DomainName(mission.domain());
  if (mission.secondary_domain() != 0)
    absl::StrAppend(&domains, ", ", DomainName(mission.secondary_domain()));
  std::string places = absl::StrCat(PlacesText(mission.places_held(), mission.places()), " held");
  if (mission.waitlist_size() > 0)
    absl::StrAppend(&places, ", ", mission.waitlist_size(), " waitlisted");
  std::string text = RenderFields({
      {"id", mission.id()},
      {"title", mission.title()},
      {"organisation", OrganisationText(mission)},
      {"status", MissionStatusName(mission.status())},
      {"status reason", mission.status_reason()},
      {"domain", domains},
      {"activity", mission.activity()},
      {"format", FormatName(mission.format())},
      {"département", mission.department_code()},
      {"time zone", mission.time_zone()},
      {"addresses", AddressesText(mission)},
      {"schedule", FormatSchedule(mission.schedule())},
      {"dates", DatesText(mission.start_date(), mission.end_date())},
      {"commitment", CommitmentText(mission)},
      {"places", places},
      {"skills", absl::StrJoin(mission.required_skills(), ", ")},
      {"prerequisites", absl::StrJoin(mission.prerequisites(), "; ")},
      {"beneficiaries", JoinEnums(mission.beneficiaries(), BeneficiaryName)},
      {"open to minors", YesNo(mission.open_to_minors())},
      {"motivation", mission.motivation_required() ? "required" : "optional"},
      {"created", FormatTime(mission.create_time())},
      {"published", FormatTime(mission.publish_time())},
      {"closed", FormatTime(mission.close_time())},
  });
  if (!mission.description().empty()) absl::StrAppend(&text, "\n", mission.description(), "\n");
  return text;
}

std::string MissionTable(const google::protobuf::RepeatedPtrField<v1::Mission>& missions) {
  Table table({"ID", "TITLE", "STATUS", "DOMAIN", "FORMAT", "WHERE", "DATES", "PLACES"});
  for (const v1::Mission& mission : missions) {
    table.AddRow({mission.id(), mission.title(), MissionStatusName(mission.status()),
                  DomainName(mission.domain()), FormatName(mission.format()), WhereText(mission),
                  DatesText(mission.start_date(), mission.end_date()),
                  PlacesText(mission.places_held(), mission.places())});
  }
  return table.Render();
}

std::string SearchResultTable(
    const google::protobuf::RepeatedPtrField<v1::MissionSearchResult>& results) {
  Table table(
      {"ID", "TITLE", "ORGANISATION", "DOMAIN", "FORMAT", "WHERE", "KM", "DATES", "PLACES"});
  for (const v1::MissionSearchResult& result : results) {
    const v1::Mission& mission = result.mission();
    table.AddRow({mission.id(), mission.title(), mission.organisation_name(),
                  DomainName(mission.domain()), FormatName(mission.format()), WhereText(mission),
                  result.has_distance_km() ? FormatNumber(result.distance_km(), 1) : "",
                  DatesText(mission.start_date(), mission.end_date()),
                  PlacesText(mission.places_held(), mission.places())});
  }
  return table.Render();
}

}  // namespace renfort::ctl
