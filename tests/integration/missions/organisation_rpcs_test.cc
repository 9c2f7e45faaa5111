// CreateOrganisation, GetOrganisation, ListOrganisations and ReviewOrganisation over real gRPC
// and PostgreSQL: derived fields, uniqueness, visibility, paging and the review transitions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "tests/integration/missions/mission_fixture.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::MissionService::Stub;

class OrganisationRpcsTest : public MissionServiceTest {
 protected:
  absl::Status Create(const services::Caller& caller, const v1::Organisation& organisation,
                      v1::Organisation* created = nullptr) {
    v1::CreateOrganisationRequest request;
    *request.mutable_organisation() = organisation;
    v1::CreateOrganisationResponse response;
    absl::Status status = Call(&Stub::CreateOrganisation, caller, request, response);
    if (created != nullptr) *created = response.organisation();
    return status;
  }

  absl::Status Review(const services::Caller& caller, const std::string& id,
                      v1::OrganisationReviewDecision decision, const std::string& reason = "",
                      v1::Organisation* reviewed = nullptr) {
    v1::ReviewOrganisationRequest request;
    request.set_organisation_id(id);
    request.set_decision(decision);
    request.set_reason(reason);
    v1::ReviewOrganisationResponse response;
    absl::Status status = Call(&Stub::ReviewOrganisation, caller, request, response);
    if (reviewed != nullptr) *reviewed = response.organisation();
    return status;
  }

  absl::Status Get(const services::Caller& caller, const std::string& id) {
    v1::GetOrganisationRequest request;
    request.set_organisation_id(id);
    v1::GetOrganisationResponse response;
    return Call(&Stub::GetOrganisation, caller, request, response);
  }
};

TEST_F(OrganisationRpcsTest, Create_StartsPendingWithDerivedLocationAndCreatorAsManager) {
  services::Caller creator = Manager("0b9a3c4e-1d2f-4a5b-8c7d-0000000000aa");
  creator.subject = "creator-7";
  v1::Organisation created;
  ASSERT_OK(Create(creator, ParisAssociation(), &created));
  EXPECT_EQ(created.status(), v1::ORGANISATION_STATUS_PENDING_REVIEW);
  EXPECT_EQ(created.address().commune().department_code(), "75");
  EXPECT_EQ(created.address().commune().name(), "Paris");
  EXPECT_NEAR(created.address().location().latitude(), 48.86, 0.1);
  std::set<std::string> managers;
  for (const auto& manager : created.managers()) managers.insert(manager.user_id());
  EXPECT_EQ(managers, (std::set<std::string>{"creator-7", "manager-1"}));
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'organisation.created'"), 1);
  // The creator manages it although their token does not name it yet.
  EXPECT_OK(Get(creator, created.id()));
}

TEST_F(OrganisationRpcsTest, Create_WithTakenSiretOrRna_IsAlreadyExists) {
  v1::Organisation first = ParisAssociation();
  first.set_siret("12345678901234");
  first.set_rna("W751234567");
  ASSERT_OK(Create(Admin(), first));
  v1::Organisation same_siret = ParisAssociation("Autre association");
  same_siret.set_siret("12345678901234");
  EXPECT_THAT(Create(Admin(), same_siret),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("organisation.siret")));
  v1::Organisation same_rna = ParisAssociation("Encore une autre");
  same_rna.set_rna("W751234567");
  EXPECT_THAT(Create(Admin(), same_rna),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("organisation.rna")));
  EXPECT_EQ(CountRows("SELECT count(*) FROM organisations"), 1);
}

TEST_F(OrganisationRpcsTest, Create_WithUnknownCommune_IsInvalidAndLeavesNothing) {
  v1::Organisation organisation = ParisAssociation();
  organisation.mutable_address()->mutable_commune()->set_insee_code("75999");
  EXPECT_THAT(Create(Admin(), organisation),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("organisation.address.commune.insee_code")));
  EXPECT_EQ(CountRows("SELECT count(*) FROM organisations"), 0);
  EXPECT_EQ(CountRows("SELECT count(*) FROM organisation_managers"), 0);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(OrganisationRpcsTest, Create_ValidatesEveryField) {
  struct Case {
    std::function<void(v1::Organisation&)> breaks;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](v1::Organisation& o) { o.set_name(""); }, "organisation.name"},
      {[](v1::Organisation& o) { o.set_name(std::string(201, 'a')); }, "organisation.name"},
      {[](v1::Organisation& o) { o.set_kind(v1::ORGANISATION_KIND_UNSPECIFIED); },
       "organisation.kind"},
      {[](v1::Organisation& o) { o.set_kind(static_cast<v1::OrganisationKind>(42)); },
       "organisation.kind"},
      {[](v1::Organisation& o) { o.set_siret("1234"); }, "organisation.siret"},
      {[](v1::Organisation& o) { o.set_rna("X123456789"); }, "organisation.rna"},
      {[](v1::Organisation& o) { o.set_network_id("Not A Slug"); }, "organisation.network_id"},
      {[](v1::Organisation& o) { o.clear_address(); }, "organisation.address"},
      {[](v1::Organisation& o) { o.mutable_address()->mutable_commune()->clear_insee_code(); },
       "organisation.address.commune.insee_code"},
      {[](v1::Organisation& o) { o.mutable_address()->set_postal_code("7500"); },
       "organisation.address.postal_code"},
      {[](v1::Organisation& o) { o.clear_managers(); }, "organisation.managers"},
      {[](v1::Organisation& o) { o.mutable_managers(0)->set_email("not-an-email"); },
       "organisation.managers[0].email"},
      {[](v1::Organisation& o) { *o.add_managers() = o.managers(0); },
       "organisation.managers[1].user_id"},
  };
  for (const Case& c : cases) {
    v1::Organisation organisation = ParisAssociation();
    c.breaks(organisation);
    EXPECT_THAT(Create(Admin(), organisation),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.field;
  }
  EXPECT_EQ(CountRows("SELECT count(*) FROM organisations"), 0);
}

TEST_F(OrganisationRpcsTest, Get_PendingOrganisationIsHiddenFromOutsiders) {
  v1::Organisation created;
  ASSERT_OK(Create(Admin(), ParisAssociation(), &created));
  EXPECT_THAT(Get(Volunteer(), created.id()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Get(OtherManager(), created.id()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Get(Coordinator("69"), created.id()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(Get(Coordinator("75"), created.id()));
  EXPECT_OK(Get(Manager(created.id()), created.id()));
  ASSERT_OK(Review(Admin(), created.id(), v1::ORGANISATION_REVIEW_DECISION_VALIDATE));
  EXPECT_OK(Get(Volunteer(), created.id()));
}

TEST_F(OrganisationRpcsTest, Get_BadOrUnknownId) {
  EXPECT_THAT(Get(Admin(), "not-a-uuid"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("organisation_id")));
  EXPECT_THAT(Get(Admin(), "0b9a3c4e-1d2f-4a5b-8c7d-0000000000cc"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(OrganisationRpcsTest, Review_FollowsTheStatusMachine) {
  v1::Organisation created;
  ASSERT_OK(Create(Admin(), ParisAssociation(), &created));
  const std::string id = created.id();
  EXPECT_THAT(Review(Admin(), id, v1::ORGANISATION_REVIEW_DECISION_SUSPEND, "abus"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Review(Admin(), id, v1::ORGANISATION_REVIEW_DECISION_REINSTATE),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::Organisation reviewed;
  ASSERT_OK(
      Review(Coordinator("75"), id, v1::ORGANISATION_REVIEW_DECISION_VALIDATE, "", &reviewed));
  EXPECT_EQ(reviewed.status(), v1::ORGANISATION_STATUS_VALIDATED);
  EXPECT_THAT(Review(Admin(), id, v1::ORGANISATION_REVIEW_DECISION_VALIDATE),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK(Review(Admin(), id, v1::ORGANISATION_REVIEW_DECISION_SUSPEND, "Plaintes", &reviewed));
  EXPECT_EQ(reviewed.status(), v1::ORGANISATION_STATUS_SUSPENDED);
  EXPECT_EQ(reviewed.status_reason(), "Plaintes");
  ASSERT_OK(Review(Admin(), id, v1::ORGANISATION_REVIEW_DECISION_REINSTATE, "", &reviewed));
  EXPECT_EQ(reviewed.status(), v1::ORGANISATION_STATUS_VALIDATED);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'organisation.reviewed'"),
            3);
}

TEST_F(OrganisationRpcsTest, Review_RefuseNeedsAReasonAndIsTerminal) {
  v1::Organisation created;
  ASSERT_OK(Create(Admin(), ParisAssociation(), &created));
  EXPECT_THAT(Review(Admin(), created.id(), v1::ORGANISATION_REVIEW_DECISION_REFUSE),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  EXPECT_THAT(Review(Admin(), created.id(), v1::ORGANISATION_REVIEW_DECISION_UNSPECIFIED),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("decision")));
  v1::Organisation refused;
  ASSERT_OK(Review(Admin(), created.id(), v1::ORGANISATION_REVIEW_DECISION_REFUSE,
                   "Pas d'intérêt général", &refused));
  EXPECT_EQ(refused.status(), v1::ORGANISATION_STATUS_REFUSED);
  EXPECT_THAT(Review(Admin(), created.id(), v1::ORGANISATION_REVIEW_DECISION_VALIDATE),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(OrganisationRpcsTest, Review_OutsideTheCoordinatorsScope_IsPermissionDenied) {
  v1::Organisation organisation = ParisAssociation();
  organisation.set_network_id("restos_du_coeur");
  v1::Organisation created;
  ASSERT_OK(Create(Admin(), organisation, &created));
  EXPECT_THAT(Review(Coordinator("69"), created.id(), v1::ORGANISATION_REVIEW_DECISION_VALIDATE),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(CountRows("SELECT count(*) FROM organisations WHERE status = 'PENDING_REVIEW'"), 1);
  services::Caller network_head = Coordinator("69");
  network_head.network_ids = {"restos_du_coeur"};
  EXPECT_OK(Review(network_head, created.id(), v1::ORGANISATION_REVIEW_DECISION_VALIDATE));
}

TEST_F(OrganisationRpcsTest, List_FiltersAndPagesByNameWithoutDuplicates) {
  std::vector<std::string> validated;
  for (int i = 0; i < 7; ++i) {
    v1::Organisation organisation = ParisAssociation(absl::StrCat("Association ", 9 - i));
    if (i % 2 == 0) organisation.set_kind(v1::ORGANISATION_KIND_LOCAL_AUTHORITY);
    validated.push_back(CreateValidatedOrganisation(organisation));
  }
  v1::Organisation lyon = ParisAssociation("Lyon solidaire");
  lyon.mutable_address()->mutable_commune()->set_insee_code("69123");
  CreateValidatedOrganisation(lyon);
  ASSERT_OK(Create(Admin(), ParisAssociation("En attente")));

  v1::ListOrganisationsRequest request;
  request.set_department_code("75");
  request.set_page_size(3);
  std::vector<std::string> names;
  for (int page = 0; page < 10; ++page) {
    v1::ListOrganisationsResponse response;
    ASSERT_OK(Call(&Stub::ListOrganisations, Volunteer(), request, response));
    for (const auto& organisation : response.organisations()) names.push_back(organisation.name());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Association 3", "Association 4", "Association 5",
                                             "Association 6", "Association 7", "Association 8",
                                             "Association 9"}));

  v1::ListOrganisationsRequest by_kind;
  by_kind.set_kind(v1::ORGANISATION_KIND_LOCAL_AUTHORITY);
  v1::ListOrganisationsResponse local;
  ASSERT_OK(Call(&Stub::ListOrganisations, Admin(), by_kind, local));
  EXPECT_EQ(local.organisations_size(), 4);

  v1::ListOrganisationsRequest pending;
  pending.add_statuses(v1::ORGANISATION_STATUS_PENDING_REVIEW);
  v1::ListOrganisationsResponse as_volunteer, as_coordinator;
  ASSERT_OK(Call(&Stub::ListOrganisations, Volunteer(), pending, as_volunteer));
  EXPECT_EQ(as_volunteer.organisations_size(), 0);
  ASSERT_OK(Call(&Stub::ListOrganisations, Coordinator("75"), pending, as_coordinator));
  EXPECT_EQ(as_coordinator.organisations_size(), 1);
}

TEST_F(OrganisationRpcsTest, List_RefusesBadPagingAndFilters) {
  v1::ListOrganisationsRequest request;
  v1::ListOrganisationsResponse response;
  request.set_page_size(501);
  EXPECT_THAT(Call(&Stub::ListOrganisations, Admin(), request, response),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  request.set_page_size(0);
  request.set_page_token("garbage");
  EXPECT_THAT(Call(&Stub::ListOrganisations, Admin(), request, response),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  request.clear_page_token();
  request.set_department_code("750");
  EXPECT_THAT(Call(&Stub::ListOrganisations, Admin(), request, response),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("department_code")));
}

}  // namespace
}  // namespace renfort::testing
