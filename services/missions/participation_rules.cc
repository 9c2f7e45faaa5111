#include "services/missions/participation_rules.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/validation.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;
using ::google::protobuf::util::TimeUtil;

constexpr double kMaxHours = 1000;

absl::CivilDay ToCivilDay(const v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

absl::Status CheckAge(const v1::Mission& mission, const v1::Volunteer& volunteer,
                      absl::CivilDay today) {
  const absl::CivilDay start = ToCivilDay(mission.start_date());
  const absl::CivilDay reference = std::max(start, today);
  const int age = AgeOn(volunteer.birth_date(), reference);
  const int minimum = mission.open_to_minors() ? kPlatformMinimumAge : kAdultAge;
  if (age >= minimum) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the volunteer must be at least ", minimum, " on ", absl::FormatCivilTime(reference),
      mission.open_to_minors() ? " (platform minimum age)" : " (the mission is not open to minors)",
      ", and will be ", age));
}

absl::Status CheckFormat(const v1::Mission& mission, const v1::Volunteer& volunteer) {
  if (mission.format() == v1::FORMAT_REMOTE) {
    if (volunteer.accepts_remote()) return absl::OkStatus();
    return absl::FailedPreconditionError(
        "the mission is remote and the volunteer does not accept remote missions");
  }
  if (volunteer.accepts_in_person()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "the mission takes place in person and the volunteer does not accept in-person missions");
}

}  // namespace

int AgeOn(const v1::Date& birth_date, absl::CivilDay day) {
  int age = static_cast<int>(day.year()) - birth_date.year();
  if (day.month() < birth_date.month() ||
      (day.month() == birth_date.month() && day.day() < birth_date.day())) {
    --age;
  }
  return age;
}

absl::Status CheckCanApply(const v1::Mission& mission, const v1::Volunteer& volunteer,
                           absl::string_view motivation, absl::CivilDay today) {
  if (mission.status() != v1::MISSION_STATUS_PUBLISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat("mission ", mission.id(), " is ", v1::MissionStatus_Name(mission.status()),
                     "; only a MISSION_STATUS_PUBLISHED mission accepts applications"));
  }
  if (volunteer.status() == v1::VOLUNTEER_STATUS_DELETED) {
    return absl::FailedPreconditionError("the volunteer's account is erased");
  }
  if (absl::Status age = CheckAge(mission, volunteer, today); !age.ok()) return age;
  if (absl::Status format = CheckFormat(mission, volunteer); !format.ok()) return format;
  if (mission.motivation_required() && absl::StripAsciiWhitespace(motivation).empty()) {
    return absl::FailedPreconditionError(
        "motivation: the mission requires a motivation message and none was given");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ParticipationStatus> TargetStatus(v1::ParticipationStatus from,
                                                     v1::ParticipationAction action) {
  using S = v1::ParticipationStatus;
  auto from_is = [from](std::initializer_list<S> allowed) {
    return std::find(allowed.begin(), allowed.end(), from) != allowed.end();
  };
  std::optional<S> to;
  switch (action) {
    case v1::PARTICIPATION_ACTION_START_REVIEW:
      if (from_is({v1::PARTICIPATION_STATUS_PENDING})) to = v1::PARTICIPATION_STATUS_IN_REVIEW;
      break;
    case v1::PARTICIPATION_ACTION_ACCEPT:
      if (from_is({v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_STATUS_IN_REVIEW})) {
        to = v1::PARTICIPATION_STATUS_ACCEPTED;
      }
      break;
    case v1::PARTICIPATION_ACTION_REFUSE:
      if (from_is({v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_STATUS_IN_REVIEW})) {
        to = v1::PARTICIPATION_STATUS_REFUSED;
      }
      break;
    case v1::PARTICIPATION_ACTION_CANCEL:
      if (from_is({v1::PARTICIPATION_STATUS_WAITLISTED, v1::PARTICIPATION_STATUS_PENDING,
                   v1::PARTICIPATION_STATUS_IN_REVIEW, v1::PARTICIPATION_STATUS_ACCEPTED})) {
        to = v1::PARTICIPATION_STATUS_CANCELLED;
      }
      break;
    case v1::PARTICIPATION_ACTION_MARK_DONE:
      if (from_is({v1::PARTICIPATION_STATUS_ACCEPTED})) to = v1::PARTICIPATION_STATUS_DONE;
      break;
    case v1::PARTICIPATION_ACTION_MARK_NO_SHOW:
      if (from_is({v1::PARTICIPATION_STATUS_ACCEPTED})) to = v1::PARTICIPATION_STATUS_NO_SHOW;
      break;
    default:
      break;
  }
  if (to) return *to;
  return absl::FailedPreconditionError(absl::StrCat(v1::ParticipationAction_Name(action),
                                                    " is not allowed from ",
                                                    v1::ParticipationStatus_Name(from)));
}

absl::StatusOr<v1::ActorRole> ActingRole(const Caller& caller, v1::ParticipationAction action,
                                         absl::string_view volunteer_id,
                                         absl::string_view organisation_id) {
  if (caller.HasRole(Role::kOrgManager) && caller.ManagesOrganisation(organisation_id)) {
    return v1::ACTOR_ROLE_ORG_MANAGER;
  }
  if (action == v1::PARTICIPATION_ACTION_CANCEL && caller.HasRole(Role::kVolunteer) &&
      caller.subject == volunteer_id) {
    return v1::ACTOR_ROLE_VOLUNTEER;
  }
  if (caller.IsAdmin()) return v1::ACTOR_ROLE_ADMIN;
  if (caller.HasRole(Role::kVolunteer) && caller.subject == volunteer_id) {
    return absl::PermissionDeniedError(
        absl::StrCat("a volunteer may only cancel their participation; ",
                     v1::ParticipationAction_Name(action), " is for the mission's organisation"));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("organisation ", organisation_id, " is not one of the caller's organisations"));
}

absl::Status ValidateTransitionRequest(const v1::TransitionParticipationRequest& request) {
  FieldChecker check;
  check.Uuid("participation_id", request.participation_id());
  const v1::ParticipationAction action = request.action();
  check.Expect(
      action != v1::PARTICIPATION_ACTION_UNSPECIFIED && v1::ParticipationAction_IsValid(action),
      "action",
      absl::StrCat("must be one of START_REVIEW, ACCEPT, REFUSE, CANCEL, "
                   "MARK_DONE, MARK_NO_SHOW, got ",
                   action));
  if (!check.ok()) return check.status();
  const bool takes_reason =
      action == v1::PARTICIPATION_ACTION_REFUSE || action == v1::PARTICIPATION_ACTION_CANCEL;
  const v1::ParticipationReason reason = request.reason();
  check.Expect(v1::ParticipationReason_IsValid(reason), "reason",
               absl::StrCat("unknown value ", reason));
  if (takes_reason) {
    check.Expect(reason != v1::PARTICIPATION_REASON_UNSPECIFIED, "reason",
                 absl::StrCat("is required for ", v1::ParticipationAction_Name(action)));
    check.Expect(reason != v1::PARTICIPATION_REASON_MISSION_TERMINATED, "reason",
                 "PARTICIPATION_REASON_MISSION_TERMINATED is reserved to the system");
  } else {
    check.Expect(reason == v1::PARTICIPATION_REASON_UNSPECIFIED, "reason",
                 absl::StrCat("must be unset for ", v1::ParticipationAction_Name(action)));
  }
  check.Length("note", request.note(), 0, 1000);
  if (reason == v1::PARTICIPATION_REASON_OTHER) {
    check.Expect(!absl::StripAsciiWhitespace(request.note()).empty(), "note",
                 "is required when reason is PARTICIPATION_REASON_OTHER");
  }
  const bool marks_done = action == v1::PARTICIPATION_ACTION_MARK_DONE;
  switch (request.time_given_case()) {
    case v1::TransitionParticipationRequest::kHours:
      check.Expect(marks_done, "hours", "is only for PARTICIPATION_ACTION_MARK_DONE");
      check.Expect(
          std::isfinite(request.hours()) && request.hours() > 0 && request.hours() <= kMaxHours,
          "hours", absl::StrCat("must be greater than 0 and at most 1000, got ", request.hours()));
      break;
    case v1::TransitionParticipationRequest::kAttendance: {
      check.Expect(marks_done, "attendance", "is only for PARTICIPATION_ACTION_MARK_DONE");
      const v1::Attendance& attendance = request.attendance();
      check.Expect(attendance.has_check_in_time(), "attendance.check_in_time", "is required");
      check.Expect(attendance.has_check_out_time(), "attendance.check_out_time", "is required");
      const auto valid = [](const google::protobuf::Timestamp& t) {
        return t.seconds() >= TimeUtil::kTimestampMinSeconds &&
               t.seconds() <= TimeUtil::kTimestampMaxSeconds && t.nanos() >= 0 &&
               t.nanos() < 1000000000;
      };
      check.Expect(valid(attendance.check_in_time()) && valid(attendance.check_out_time()),
                   "attendance", "must hold valid timestamps");
      if (!check.ok()) break;
      const double hours = TimeUtil::DurationToMilliseconds(attendance.check_out_time() -
                                                            attendance.check_in_time()) /
                           3.6e6;
      check.Expect(hours > 0, "attendance.check_out_time", "must be after check_in_time");
      check.Expect(hours <= kMaxHours, "attendance.check_out_time",
                   "must be at most 1000 hours after check_in_time");
      break;
    }
    case v1::TransitionParticipationRequest::TIME_GIVEN_NOT_SET:
      check.Expect(!marks_done, "hours",
                   "hours or attendance is required for PARTICIPATION_ACTION_MARK_DONE");
      break;
  }
  if (check.ok() && marks_done) {
    // Stored with two decimals: a time that rounds to 0 would record no time given.
    check.Expect(HoursGiven(request) > 0, request.has_attendance() ? "attendance" : "hours",
                 "must amount to at least 0.01 hours once rounded to two decimals");
  }
  return check.status();
}

double HoursGiven(const v1::TransitionParticipationRequest& request) {
  double hours = request.hours();
  if (request.has_attendance()) {
    hours = TimeUtil::DurationToMilliseconds(request.attendance().check_out_time() -
                                             request.attendance().check_in_time()) /
            3.6e6;
  }
  return std::round(hours * 100) / 100;
}

bool HoldsPlace(v1::ParticipationStatus status) {
  return status == v1::PARTICIPATION_STATUS_PENDING ||
         status == v1::PARTICIPATION_STATUS_IN_REVIEW ||
         status == v1::PARTICIPATION_STATUS_ACCEPTED;
}

}  // namespace renfort::services
