#include "services/missions/mission_validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"
#include "services/missions/schedule_rules.h"

namespace renfort::services {
namespace {

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

// A lower_snake_case slug as the reference tables use: "collecte_alimentaire".
bool IsSlug(absl::string_view text) {
  if (text.empty() || text.size() > 100 || !absl::ascii_islower(text[0])) return false;
  for (char c : text) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

// "75056", "2A004", "97411": two digits (or 2A/2B) then three digits.
bool IsInseeCode(absl::string_view code) {
  if (code.size() != 5 || !AllDigits(code.substr(2))) return false;
  return AllDigits(code.substr(0, 2)) || code.substr(0, 2) == "2A" || code.substr(0, 2) == "2B";
}

void CheckAddress(FieldChecker& check, const v1::Address& address, const std::string& field) {
  check.Length(absl::StrCat(field, ".label"), address.label(), 0, 100);
  check.Length(absl::StrCat(field, ".street"), address.street(), 0, 200);
  check.Expect(address.postal_code().empty() ||
                   (address.postal_code().size() == 5 && AllDigits(address.postal_code())),
               absl::StrCat(field, ".postal_code"),
               absl::StrCat("must be five digits, got '", address.postal_code(), "'"));
  const std::string insee = absl::StrCat(field, ".commune.insee_code");
  check.Required(insee, address.commune().insee_code()) &&
      check.Expect(IsInseeCode(address.commune().insee_code()), insee,
                   absl::StrCat("must be an INSEE commune code like 75056 or 2A004, got '",
                                address.commune().insee_code(), "'"));
  if (address.has_location()) {
    const v1::GeoPoint& point = address.location();
    check.Expect(point.latitude() >= -90 && point.latitude() <= 90,
                 absl::StrCat(field, ".location.latitude"), "must be between -90 and 90");
    check.Expect(point.longitude() >= -180 && point.longitude() <= 180,
                 absl::StrCat(field, ".location.longitude"), "must be between -180 and 180");
  }
}

void CheckDomains(FieldChecker& check, const v1::Mission& mission) {
  check.Expect(
      mission.domain() >= 1 && mission.domain() <= 10 && v1::Domain_IsValid(mission.domain()),
      "mission.domain", absl::StrCat("must be one of the ten domains, got ", mission.domain()));
  check.Expect(
      mission.secondary_domain() >= 0 && mission.secondary_domain() <= 10,
      "mission.secondary_domain",
      absl::StrCat("must be one of the ten domains or unset, got ", mission.secondary_domain()));
  check.Expect(mission.secondary_domain() == v1::DOMAIN_UNSPECIFIED ||
                   mission.secondary_domain() != mission.domain(),
               "mission.secondary_domain", "must differ from mission.domain");
}

void CheckLists(FieldChecker& check, const v1::Mission& mission) {
  check.Expect(mission.activity().empty() || IsSlug(mission.activity()), "mission.activity",
               absl::StrCat("must be an activity slug like collecte_alimentaire, got '",
                            mission.activity(), "'"));
  check.Range("mission.required_skills count", mission.required_skills_size(), 0, 20);
  std::set<std::string> skills;
  for (int i = 0; i < mission.required_skills_size(); ++i) {
    const std::string field = absl::StrCat("mission.required_skills[", i, "]");
    check.Expect(IsSlug(mission.required_skills(i)), field, "must be a skill slug") &&
        check.Expect(skills.insert(mission.required_skills(i)).second, field, "is listed twice");
  }
  check.Range("mission.prerequisites count", mission.prerequisites_size(), 0, 3);
  for (int i = 0; i < mission.prerequisites_size(); ++i) {
    check.Length(absl::StrCat("mission.prerequisites[", i, "]"), mission.prerequisites(i), 1, 200);
  }
  check.Range("mission.beneficiaries count", mission.beneficiaries_size(), 1, 9);
  std::set<int> beneficiaries;
  for (int i = 0; i < mission.beneficiaries_size(); ++i) {
    const int value = mission.beneficiaries(i);
    const std::string field = absl::StrCat("mission.beneficiaries[", i, "]");
    check.Expect(value >= 1 && value <= 9, field,
                 absl::StrCat("must be a known beneficiary, got ", value)) &&
        check.Expect(beneficiaries.insert(value).second, field, "is listed twice") &&
        check.Expect(value != v1::BENEFICIARY_ANY_PUBLIC || mission.beneficiaries_size() == 1,
                     field, "BENEFICIARY_ANY_PUBLIC must be the only beneficiary");
  }
}

void CheckPlaceAndTime(FieldChecker& check, const v1::Mission& mission) {
  check.Expect(mission.format() >= 1 && mission.format() <= 3, "mission.format",
               absl::StrCat("must be IN_PERSON, REMOTE or HYBRID, got ", mission.format()));
  if (mission.format() == v1::FORMAT_REMOTE) {
    check.Expect(mission.addresses().empty(), "mission.addresses",
                 "must be empty for a REMOTE mission");
  } else {
    check.Expect(!mission.addresses().empty(), "mission.addresses",
                 "is required for an IN_PERSON or HYBRID mission (1 to 50 addresses)") &&
        check.Range("mission.addresses count", mission.addresses_size(), 1, 50);
  }
  for (int i = 0; i < mission.addresses_size(); ++i) {
    CheckAddress(check, mission.addresses(i), absl::StrCat("mission.addresses[", i, "]"));
  }
  check.Expect(mission.has_schedule(), "mission.schedule", "is required");
  if (mission.has_commitment()) {
    const v1::Commitment& commitment = mission.commitment();
    check.Range("mission.commitment.duration_minutes", commitment.duration_minutes(), 15, 10080);
    check.Range("mission.commitment.period", commitment.period(), 1, 5);
    check.Range("mission.commitment.minimum_span", commitment.minimum_span(), 0, 120);
    if (commitment.minimum_span() > 0) {
      const int unit = commitment.minimum_span_unit();
      check.Expect(unit >= v1::COMMITMENT_PERIOD_DAY && unit <= v1::COMMITMENT_PERIOD_YEAR,
                   "mission.commitment.minimum_span_unit",
                   absl::StrCat("must be DAY, WEEK, MONTH or YEAR, got ", unit));
    }
  }
  check.Range("mission.places", mission.places(), 1, 10000);
}

}  // namespace

absl::Status ValidateNewOrganisation(const v1::Organisation& organisation) {
  FieldChecker check;
  check.Length("organisation.name", organisation.name(), 2, 200);
  check.Expect(organisation.kind() >= 1 && organisation.kind() <= 5, "organisation.kind",
               absl::StrCat("must be a known kind, got ", organisation.kind()));
  check.Expect(organisation.siret().empty() ||
                   (organisation.siret().size() == 14 && AllDigits(organisation.siret())),
               "organisation.siret",
               absl::StrCat("must be 14 digits, got '", organisation.siret(), "'"));
  const std::string& rna = organisation.rna();
  check.Expect(rna.empty() || (rna.size() == 10 && rna[0] == 'W' && AllDigits(rna.substr(1))),
               "organisation.rna", absl::StrCat("must be W followed by 9 digits, got '", rna, "'"));
  check.Expect(organisation.network_id().empty() || IsSlug(organisation.network_id()),
               "organisation.network_id",
               absl::StrCat("must be a network slug like restos_du_coeur, got '",
                            organisation.network_id(), "'"));
  if (check.Expect(organisation.has_address(), "organisation.address", "is required")) {
    CheckAddress(check, organisation.address(), "organisation.address");
  }
  check.Range("organisation.managers count", organisation.managers_size(), 1, 20);
  std::set<std::string> users;
  for (int i = 0; i < organisation.managers_size(); ++i) {
    const v1::OrganisationManager& manager = organisation.managers(i);
    const std::string field = absl::StrCat("organisation.managers[", i, "]");
    check.Length(absl::StrCat(field, ".user_id"), manager.user_id(), 1, 200) &&
        check.Expect(users.insert(manager.user_id()).second, absl::StrCat(field, ".user_id"),
                     "is listed twice");
    check.Length(absl::StrCat(field, ".display_name"), manager.display_name(), 1, 100);
    check.Email(absl::StrCat(field, ".email"), manager.email());
  }
  return check.status();
}

absl::Status ValidateMissionContent(const v1::Mission& mission) {
  FieldChecker check;
  check.Length("mission.title", mission.title(), 5, 150);
  check.Length("mission.description", mission.description(), 1, 10000);
  CheckDomains(check, mission);
  CheckLists(check, mission);
  if (!check.ok()) return check.status();
  CheckPlaceAndTime(check, mission);
  if (!check.ok()) return check.status();
  return ValidateSchedule(mission.schedule(), "mission.schedule");
}

const std::set<std::string>& UpdatableMissionFields() {
  static const auto* const kFields = new std::set<std::string>{
      "title",         "description",     "domain",        "secondary_domain",
      "activity",      "required_skills", "prerequisites", "motivation_required",
      "beneficiaries", "format",          "addresses",     "schedule",
      "commitment",    "places",          "open_to_minors"};
  return *kFields;
}

std::set<std::string> FieldsUpdatableIn(v1::MissionStatus status) {
  switch (status) {
    case v1::MISSION_STATUS_DRAFT:
    case v1::MISSION_STATUS_PENDING_REVIEW:
      return UpdatableMissionFields();
    case v1::MISSION_STATUS_PUBLISHED:
    case v1::MISSION_STATUS_PAUSED: {
      std::set<std::string> fields = UpdatableMissionFields();
      for (const char* frozen : {"domain", "format", "open_to_minors", "motivation_required"}) {
        fields.erase(frozen);
      }
      return fields;
    }
    default:
      return {};
  }
}

absl::Status ValidateReason(absl::string_view field, absl::string_view reason, bool required) {
  FieldChecker check;
  check.Length(field, reason, required ? 1 : 0, 1000);
  return check.status();
}

}  // namespace renfort::services
