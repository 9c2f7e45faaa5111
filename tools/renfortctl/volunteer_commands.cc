// `renfortctl volunteer ...`: profiles, availability, pause, personal data rights, calendar
// and inbox (VolunteerService). An empty --id means the caller (a volunteer's own token).
#include "absl/strings/str_cat.h"
#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "tools/renfortctl/command.h"
#include "tools/renfortctl/display.h"
#include "tools/renfortctl/request_parts.h"
#include "tools/renfortctl/volunteer_view.h"

namespace renfort::ctl {
namespace {

using v1::VolunteerService;

FlagSpec SelfIdFlag() {
  return StringFlag("id", "volunteer id; empty means the caller (volunteer token)");
}

std::vector<FlagSpec> ProfileFlags() {
  return {
      StringFlag("first-name", "first name"),
      StringFlag("last-name", "last name"),
      StringFlag("email", "email address"),
      StringFlag("phone", "phone in E.164, e.g. +33612345678"),
      DateFlag("birth-date", "date of birth (16 or older)"),
      StringFlag("commune", "INSEE code of the home commune, e.g. 59350"),
      IntFlag("max-travel-km", "how far they travel to in-person missions, 1-200"),
      BoolFlag("in-person", "accepts in-person and hybrid missions (--in-person=false to refuse)"),
      BoolFlag("remote", "accepts remote missions"),
      EnumListFlag("domains", v1::Domain_descriptor(), "DOMAIN_", "domains of interest"),
      ListFlag("skills", "skill slugs, e.g. first_aid,driving")};
}

std::vector<FlagSpec> AvailabilityFlags() {
  return {
      RepeatedFlag("weekly", "an available weekly slot 'sat 09:00-12:00' (local time); repeatable"),
      DateFlag("from", "first date of availability"),
      DateFlag("until", "last date of availability")};
}

// Sets the profile fields whose flags were given; appends their update-mask paths.
void ApplyProfile(const ParsedFlags& flags, v1::Volunteer* volunteer,
                  std::vector<std::string>* paths) {
  auto text = [&](const char* flag, const char* path,
                  void (v1::Volunteer::*set)(const std::string&)) {
    if (!flags.Has(flag)) return;
    (volunteer->*set)(flags.String(flag));
    paths->push_back(path);
  };
  text("first-name", "first_name", &v1::Volunteer::set_first_name);
  text("last-name", "last_name", &v1::Volunteer::set_last_name);
  text("email", "email", &v1::Volunteer::set_email);
  text("phone", "phone", &v1::Volunteer::set_phone);
  if (flags.Has("birth-date")) {
    *volunteer->mutable_birth_date() = flags.Date("birth-date");
    paths->push_back("birth_date");
  }
  if (flags.Has("commune")) {
    volunteer->mutable_home_commune()->set_insee_code(flags.String("commune"));
    paths->push_back("home_commune");
  }
  if (flags.Has("max-travel-km")) {
    volunteer->set_max_travel_km(static_cast<int32_t>(flags.Int("max-travel-km")));
    paths->push_back("max_travel_km");
  }
  if (flags.Has("in-person")) {
    volunteer->set_accepts_in_person(flags.Bool("in-person"));
    paths->push_back("accepts_in_person");
  }
  if (flags.Has("remote")) {
    volunteer->set_accepts_remote(flags.Bool("remote"));
    paths->push_back("accepts_remote");
  }
  if (flags.Has("domains")) {
    volunteer->clear_domains();
    AddEnums(flags, "domains", volunteer->mutable_domains());
    paths->push_back("domains");
  }
  if (flags.Has("skills")) {
    volunteer->clear_skills();
    for (const std::string& skill : flags.List("skills")) volunteer->add_skills(skill);
    paths->push_back("skills");
  }
}

absl::Status ApplyAvailability(const ParsedFlags& flags, v1::Availability* availability) {
  for (const std::string& text : flags.List("weekly")) {
    if (absl::Status status = ParseWeeklySlot("weekly", text, availability->add_weekly_slots());
        !status.ok()) {
      return status;
    }
  }
  if (flags.Has("from") || flags.Has("until"))
    SetDateRange(flags, "from", "until", availability->mutable_date_range());
  return absl::OkStatus();
}

absl::Status BuildRegister(const ParsedFlags& flags, v1::RegisterVolunteerRequest& request) {
  v1::Volunteer& volunteer = *request.mutable_volunteer();
  if (flags.Has("file")) {
    if (absl::Status status = ReadJsonFile("file", flags.String("file"), &volunteer); !status.ok())
      return status;
  } else if (!flags.Has("in-person") && !flags.Has("remote")) {
    volunteer.set_accepts_in_person(true);  // the common case; --remote adds remote missions
  }
  std::vector<std::string> paths;
  ApplyProfile(flags, &volunteer, &paths);
  if (flags.Has("weekly") || flags.Has("from") || flags.Has("until")) {
    volunteer.clear_availability();
    if (absl::Status status = ApplyAvailability(flags, volunteer.mutable_availability());
        !status.ok())
      return status;
  }
  if (!flags.Bool("accept-terms")) {
    return FlagError("accept-terms",
                     "is required: the volunteer accepts the terms of use and privacy policy");
  }
  request.set_accept_terms(true);
  return absl::OkStatus();
}

Command Register() {
  std::vector<FlagSpec> flags = {
      StringFlag("file", "the Volunteer as protobuf JSON; flags given as well override it"),
      BoolFlag("accept-terms", "the volunteer accepts the terms of use (required)")};
  for (FlagSpec& flag : ProfileFlags()) flags.push_back(std::move(flag));
  for (FlagSpec& flag : AvailabilityFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<VolunteerService, v1::RegisterVolunteerRequest, v1::RegisterVolunteerResponse>(
          "volunteer", "register",
          "Registers a volunteer profile (the token's subject becomes its id).",
          "renfort.v1.VolunteerService/RegisterVolunteer", std::move(flags), BuildRegister,
          &VolunteerService::Stub::RegisterVolunteer,
          [](const v1::RegisterVolunteerResponse& response, const ParsedFlags&) {
            return VolunteerFields(response.volunteer());
          });
  command.details =
      "Example: --first-name=Camille --last-name=Durand --email=camille@example.org \\\n"
      "  --birth-date=1990-04-12 --commune=59350 --remote --domains=education --accept-terms";
  return command;
}

Command Update() {
  std::vector<FlagSpec> flags = {SelfIdFlag()};
  for (FlagSpec& flag : ProfileFlags()) flags.push_back(std::move(flag));
  return UnaryCommand<VolunteerService, v1::UpdateVolunteerRequest, v1::UpdateVolunteerResponse>(
      "volunteer", "update",
      "Changes the profile fields given as flags (they make the update mask).",
      "renfort.v1.VolunteerService/UpdateVolunteer", std::move(flags),
      [](const ParsedFlags& flags, v1::UpdateVolunteerRequest& request) {
        std::vector<std::string> paths;
        ApplyProfile(flags, request.mutable_volunteer(), &paths);
        request.mutable_volunteer()->set_id(flags.String("id"));
        if (paths.empty())
          return FlagError("email", "or another field flag is needed: nothing to change");
        for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
        return absl::OkStatus();
      },
      &VolunteerService::Stub::UpdateVolunteer,
      [](const v1::UpdateVolunteerResponse& response, const ParsedFlags&) {
        return VolunteerFields(response.volunteer());
      });
}

Command Availability() {
  std::vector<FlagSpec> flags = {SelfIdFlag()};
  for (FlagSpec& flag : AvailabilityFlags()) flags.push_back(std::move(flag));
  Command command =
      UnaryCommand<VolunteerService, v1::SetAvailabilityRequest, v1::SetAvailabilityResponse>(
          "volunteer", "availability", "Replaces the volunteer's availability whole.",
          "renfort.v1.VolunteerService/SetAvailability", std::move(flags),
          [](const ParsedFlags& flags, v1::SetAvailabilityRequest& request) {
            request.set_volunteer_id(flags.String("id"));
            return ApplyAvailability(flags, request.mutable_availability());
          },
          &VolunteerService::Stub::SetAvailability,
          [](const v1::SetAvailabilityResponse& response, const ParsedFlags&) {
            return VolunteerFields(response.volunteer());
          });
  command.details = "No --weekly slot means available at any time within --from/--until.";
  return command;
}

Command Pause() {
  return UnaryCommand<VolunteerService, v1::PauseVolunteerRequest, v1::PauseVolunteerResponse>(
      "volunteer", "pause",
      "Pauses the volunteer (no ranking, no invitations), or resumes with --resume.",
      "renfort.v1.VolunteerService/PauseVolunteer",
      {SelfIdFlag(), DateFlag("until", "last date of the pause (none: until resumed)"),
       BoolFlag("resume", "end the pause now")},
      [](const ParsedFlags& flags, v1::PauseVolunteerRequest& request) {
        request.set_volunteer_id(flags.String("id"));
        if (flags.Bool("resume") && flags.Has("until"))
          return FlagError("until", "cannot be given with --resume");
        if (flags.Has("until")) *request.mutable_until() = flags.Date("until");
        request.set_resume(flags.Bool("resume"));
        return absl::OkStatus();
      },
      &VolunteerService::Stub::PauseVolunteer,
      [](const v1::PauseVolunteerResponse& response, const ParsedFlags&) {
        return VolunteerFields(response.volunteer());
      });
}

Command Get() {
  return UnaryCommand<VolunteerService, v1::GetVolunteerRequest, v1::GetVolunteerResponse>(
      "volunteer", "get", "Shows one volunteer, with contact data.",
      "renfort.v1.VolunteerService/GetVolunteer", {SelfIdFlag()},
      [](const ParsedFlags& flags, v1::GetVolunteerRequest& request) {
        request.set_volunteer_id(flags.String("id"));
        return absl::OkStatus();
      },
      &VolunteerService::Stub::GetVolunteer,
      [](const v1::GetVolunteerResponse& response, const ParsedFlags&) {
        return VolunteerFields(response.volunteer());
      });
}

Command List() {
  std::vector<FlagSpec> flags = {StringFlag("dept", "only volunteers living in this département"),
                                 EnumListFlag("status", v1::VolunteerStatus_descriptor(),
                                              "VOLUNTEER_STATUS_", "only these statuses"),
                                 EnumFlag("domain", v1::Domain_descriptor(), "DOMAIN_",
                                          "only volunteers interested in this domain"),
                                 StringFlag("skill", "only volunteers with this skill slug"),
                                 StringFlag("email", "only the volunteer with this email")};
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  return UnaryCommand<VolunteerService, v1::ListVolunteersRequest, v1::ListVolunteersResponse>(
      "volunteer", "list", "Lists volunteers (coordinators: their départements; admins).",
      "renfort.v1.VolunteerService/ListVolunteers", std::move(flags),
      [](const ParsedFlags& flags, v1::ListVolunteersRequest& request) {
        SetPage(flags, request);
        request.set_department_code(flags.String("dept"));
        AddEnums(flags, "status", request.mutable_statuses());
        request.set_domain(static_cast<v1::Domain>(flags.Enum("domain")));
        request.set_skill(flags.String("skill"));
        request.set_email(flags.String("email"));
        return absl::OkStatus();
      },
      &VolunteerService::Stub::ListVolunteers,
      [](const v1::ListVolunteersResponse& response, const ParsedFlags&) {
        return VolunteerTable(response.volunteers()) + NextPageLine(response.next_page_token());
      });
}

Command Export() {
  Command command = UnaryCommand<VolunteerService, v1::ExportVolunteerDataRequest,
                                 v1::ExportVolunteerDataResponse>(
      "volunteer", "export",
      "Exports everything renfort holds on the volunteer, as one JSON document.",
      "renfort.v1.VolunteerService/ExportVolunteerData",
      {SelfIdFlag(), StringFlag("out", "write the document to this file instead of stdout")},
      [](const ParsedFlags& flags, v1::ExportVolunteerDataRequest& request) {
        request.set_volunteer_id(flags.String("id"));
        return absl::OkStatus();
      },
      &VolunteerService::Stub::ExportVolunteerData,
      [](const v1::ExportVolunteerDataResponse& response, const ParsedFlags&) {
        return ToJson(response);
      });
  command.details = "The right of access (RGPD art. 15): the output is always protobuf JSON.";
  return command;
}

Command Delete() {
  Command command =
      UnaryCommand<VolunteerService, v1::DeleteVolunteerRequest, v1::DeleteVolunteerResponse>(
          "volunteer", "delete", "Erases the volunteer; participations are kept anonymised.",
          "renfort.v1.VolunteerService/DeleteVolunteer",
          {SelfIdFlag(), BoolFlag("yes", "confirm: the erasure cannot be undone")},
          [](const ParsedFlags& flags, v1::DeleteVolunteerRequest& request) {
            if (!flags.Bool("yes"))
              return FlagError("yes", "is required: the erasure cannot be undone");
            request.set_volunteer_id(flags.String("id"));
            return absl::OkStatus();
          },
          &VolunteerService::Stub::DeleteVolunteer,
          [](const v1::DeleteVolunteerResponse& response, const ParsedFlags&) {
            return DeletionReceipt(response);
          });
  command.details = "The right to erasure (RGPD art. 17).";
  return command;
}

Command Calendar() {
  return UnaryCommand<VolunteerService, v1::GetCalendarRequest, v1::GetCalendarResponse>(
      "volunteer", "calendar",
      "Prints the volunteer's accepted missions as an iCalendar (.ics) feed.",
      "renfort.v1.VolunteerService/GetCalendar",
      {SelfIdFlag(), StringFlag("out", "write the .ics to this file instead of stdout")},
      [](const ParsedFlags& flags, v1::GetCalendarRequest& request) {
        request.set_volunteer_id(flags.String("id"));
        return absl::OkStatus();
      },
      &VolunteerService::Stub::GetCalendar,
      [](const v1::GetCalendarResponse& response, const ParsedFlags&) {
        return response.icalendar();
      });
}

Command Notifications() {
  std::vector<FlagSpec> flags = {
      SelfIdFlag(), StringFlag("org", "the inbox of this organisation (its managers, admins)"),
      StringFlag("dept", "the inbox of this département's coordinators, e.g. 59 or 974")};
  for (FlagSpec& flag : PageFlags()) flags.push_back(std::move(flag));
  return UnaryCommand<VolunteerService, v1::ListNotificationsRequest,
                      v1::ListNotificationsResponse>(
      "volunteer", "notifications",
      "Lists an inbox, newest first: the volunteer's, or with --org or --dept an organisation's "
      "or a département's.",
      "renfort.v1.VolunteerService/ListNotifications", std::move(flags),
      [](const ParsedFlags& flags, v1::ListNotificationsRequest& request) {
        request.set_volunteer_id(flags.String("id"));
        request.set_organisation_id(flags.String("org"));
        request.set_department_code(flags.String("dept"));
        SetPage(flags, request);
        return absl::OkStatus();
      },
      &VolunteerService::Stub::ListNotifications,
      [](const v1::ListNotificationsResponse& response, const ParsedFlags&) {
        return NotificationTable(response.notifications()) +
               NextPageLine(response.next_page_token());
      });
}

}  // namespace

std::vector<Command> VolunteerCommands() {
  return {Register(), Get(),    Update(), Availability(), Pause(),
          List(),     Export(), Delete(), Calendar(),     Notifications()};
}

}  // namespace renfort::ctl
