#include "tools/renfortctl/mission_fields.h"

#include "absl/strings/str_split.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/request_parts.h"

namespace renfort::ctl {
namespace {

// "59350", "59350,12 rue des Lilas" or "59350,12 rue des Lilas,Entrepôt".
void ParseAddress(const std::string& text, v1::Address* address) {
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits(',', 2));
  address->mutable_commune()->set_insee_code(parts[0]);
  if (parts.size() > 1) address->set_street(parts[1]);
  if (parts.size() > 2) address->set_label(parts[2]);
}

absl::Status ApplySchedule(const ParsedFlags& flags, v1::Mission* mission,
                           std::vector<std::string>* paths) {
  const bool one_off = flags.Has("slot");
  const bool recurring = flags.Has("weekly");
  if (!one_off && !recurring) {
    if (flags.Has("from") || flags.Has("until")) {
      return FlagError("from", "and --until give the date range of --weekly slots; add --weekly");
    }
    return absl::OkStatus();
  }
  if (one_off && recurring) {
    return FlagError("slot", "and --weekly cannot be mixed: a mission is one-off or recurring");
  }
  v1::Schedule& schedule = *mission->mutable_schedule();
  schedule.Clear();
  if (one_off) {
    schedule.set_kind(v1::SCHEDULE_KIND_ONE_OFF);
    for (const std::string& text : flags.List("slot")) {
      if (absl::Status status = ParseDatedSlot("slot", text, schedule.add_dated_slots());
          !status.ok()) {
        return status;
      }
    }
  } else {
    schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
    for (const std::string& text : flags.List("weekly")) {
      if (absl::Status status = ParseWeeklySlot("weekly", text, schedule.add_weekly_slots());
          !status.ok()) {
        return status;
      }
    }
    if (!flags.Has("from")) return FlagError("from", "is required with --weekly: the first date");
    SetDateRange(flags, "from", "until", schedule.mutable_date_range());
  }
  paths->push_back("schedule");
  return absl::OkStatus();
}

void ApplyCommitment(const ParsedFlags& flags, v1::Mission* mission,
                     std::vector<std::string>* paths) {
  if (!flags.Has("commitment-minutes") && !flags.Has("commitment-period")) return;
  v1::Commitment& commitment = *mission->mutable_commitment();
  commitment.set_duration_minutes(static_cast<int32_t>(flags.Int("commitment-minutes")));
  commitment.set_period(static_cast<v1::CommitmentPeriod>(flags.Enum("commitment-period")));
  paths->push_back("commitment");
}

}  // namespace

std::vector<FlagSpec> MissionFieldFlags() {
  const auto* period = v1::CommitmentPeriod_descriptor();
  return {
      StringFlag("title", "title, 5-150 characters"),
      StringFlag("description", "plain-text description"),
      EnumFlag("domain", v1::Domain_descriptor(), "DOMAIN_", "main domain"),
      EnumFlag("secondary-domain", v1::Domain_descriptor(), "DOMAIN_", "optional second domain"),
      StringFlag("activity", "activity slug, e.g. collecte_alimentaire"),
      ListFlag("skills", "required skill slugs, e.g. first_aid,driving"),
      RepeatedFlag("prerequisite",
                   "a prerequisite shown before applying, e.g. 'Permis B'; repeatable"),
      BoolFlag("motivation-required", "applications need a motivation message"),
      EnumListFlag("beneficiaries", v1::Beneficiary_descriptor(), "BENEFICIARY_",
                   "people the mission is for"),
      EnumFlag("format", v1::Format_descriptor(), "FORMAT_", "where it takes place"),
      RepeatedFlag(
          "address",
          "an address as 'INSEE[,street[,label]]', e.g. '59350,12 rue des Lilas'; repeatable"),
      RepeatedFlag("slot", "a one-off slot 'YYYY-MM-DD HH:MM-HH:MM' (local time); repeatable"),
      RepeatedFlag("weekly",
                   "a weekly slot 'wed 14:00-16:00' (local time); repeatable; needs --from"),
      DateFlag("from", "first date of the --weekly slots"),
      DateFlag("until", "last date of the --weekly slots (none: open-ended)"),
      IntFlag("commitment-minutes", "time asked per period, in minutes, 15-10080"),
      EnumFlag("commitment-period", period, "COMMITMENT_PERIOD_", "period of --commitment-minutes"),
      IntFlag("places", "volunteers wanted, 1-10000"),
      BoolFlag("open-to-minors", "volunteers aged 16-17 may take part"),
  };
}

absl::Status ApplyMissionFlags(const ParsedFlags& flags, v1::Mission* mission,
                               std::vector<std::string>* paths) {
  if (flags.Has("title")) {
    mission->set_title(flags.String("title"));
    paths->push_back("title");
  }
  if (flags.Has("description")) {
    mission->set_description(flags.String("description"));
    paths->push_back("description");
  }
  if (flags.Has("domain")) {
    mission->set_domain(static_cast<v1::Domain>(flags.Enum("domain")));
    paths->push_back("domain");
  }
  if (flags.Has("secondary-domain")) {
    mission->set_secondary_domain(static_cast<v1::Domain>(flags.Enum("secondary-domain")));
    paths->push_back("secondary_domain");
  }
  if (flags.Has("activity")) {
    mission->set_activity(flags.String("activity"));
    paths->push_back("activity");
  }
  if (flags.Has("skills")) {
    mission->clear_required_skills();
    for (const std::string& skill : flags.List("skills")) mission->add_required_skills(skill);
    paths->push_back("required_skills");
  }
  if (flags.Has("prerequisite")) {
    mission->clear_prerequisites();
    for (const std::string& text : flags.List("prerequisite")) mission->add_prerequisites(text);
    paths->push_back("prerequisites");
  }
  if (flags.Has("motivation-required")) {
    mission->set_motivation_required(flags.Bool("motivation-required"));
    paths->push_back("motivation_required");
  }
  if (flags.Has("beneficiaries")) {
    mission->clear_beneficiaries();
    AddEnums(flags, "beneficiaries", mission->mutable_beneficiaries());
    paths->push_back("beneficiaries");
  }
  if (flags.Has("format")) {
    mission->set_format(static_cast<v1::Format>(flags.Enum("format")));
    paths->push_back("format");
  }
  if (flags.Has("address")) {
    mission->clear_addresses();
    for (const std::string& text : flags.List("address"))
      ParseAddress(text, mission->add_addresses());
    paths->push_back("addresses");
  }
  if (absl::Status status = ApplySchedule(flags, mission, paths); !status.ok()) return status;
  ApplyCommitment(flags, mission, paths);
  if (flags.Has("places")) {
    mission->set_places(static_cast<int32_t>(flags.Int("places")));
    paths->push_back("places");
  }
  if (flags.Has("open-to-minors")) {
    mission->set_open_to_minors(flags.Bool("open-to-minors"));
    paths->push_back("open_to_minors");
  }
  return absl::OkStatus();
}

}  // namespace renfort::ctl
