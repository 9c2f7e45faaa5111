// ListNotifications over real gRPC for the inboxes that are not a volunteer's: an
// organisation's, read by its managers, and a département's, read by its coordinators; admins
// read any. Nobody reads an inbox outside their scope, and a request naming no inbox, two
// inboxes or a malformed one is refused naming the field.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using Stub = v1::VolunteerService::Stub;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class NotificationInboxTest : public VolunteerServiceTest {
 protected:
  // A row of the inbox (recipient_kind, recipient_id), as the notifier writes it.
  std::string InsertFor(const std::string& recipient_kind, const std::string& recipient_id,
                        const std::string& kind, const std::string& title,
                        const std::string& created_at) {
    return Query(absl::StrCat(
        "INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, dedup_key, "
        "  created_at) VALUES ('", recipient_kind, "', '", recipient_id, "', '", kind,
        "', jsonb_build_object('title', '", title, "', 'body', 'Corps'), "
        "gen_random_uuid()::text, '", created_at, "') RETURNING id::text"));
  }

  grpc::Status List(const services::Caller& caller, const v1::ListNotificationsRequest& request,
                    v1::ListNotificationsResponse& response) {
    response.Clear();
    return Call(&Stub::ListNotifications, caller, request, response);
  }

  static std::vector<std::string> Titles(const v1::ListNotificationsResponse& response) {
    std::vector<std::string> titles;
    for (const v1::Notification& notification : response.notifications()) {
      titles.push_back(notification.title());
    }
    return titles;
  }

  static v1::ListNotificationsRequest OfOrganisation(const std::string& id) {
    v1::ListNotificationsRequest request;
    request.set_organisation_id(id);
    return request;
  }

  static v1::ListNotificationsRequest OfDepartment(const std::string& code) {
    v1::ListNotificationsRequest request;
    request.set_department_code(code);
    return request;
  }
};

TEST_F(NotificationInboxTest, OrganisationManagersReadTheirOrganisationsInboxOnly) {
  const std::string mine = InsertOrganisation("59350");
  const std::string other = InsertOrganisation("62041");
  InsertFor("ORGANISATION", mine, "mission_almost_full", "Presque complète", "2026-11-01 09:00+00");
  InsertFor("ORGANISATION", mine, "mission_full", "Complète", "2026-11-02 09:00+00");
  InsertFor("ORGANISATION", other, "mission_full", "Chez les autres", "2026-11-03 09:00+00");
  InsertFor("COORDINATOR", "59", "mission_published", "Pour le Nord", "2026-11-04 09:00+00");

  v1::ListNotificationsResponse response;
  ASSERT_TRUE(List(OrgManager(mine), OfOrganisation(mine), response).ok());
  EXPECT_THAT(Titles(response), ElementsAre("Complète", "Presque complète"));
  ASSERT_EQ(response.notifications_size(), 2);
  EXPECT_EQ(response.notifications(0).type(), v1::NOTIFICATION_TYPE_MISSION_FULL);
  EXPECT_EQ(response.notifications(1).type(), v1::NOTIFICATION_TYPE_MISSION_ALMOST_FULL);
  EXPECT_EQ(response.notifications(0).organisation_id(), mine);
  EXPECT_EQ(response.notifications(0).volunteer_id(), "");
  EXPECT_EQ(response.notifications(0).department_code(), "");

  const grpc::Status foreign = List(OrgManager(mine), OfOrganisation(other), response);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(foreign.error_message(), HasSubstr("is not one of the caller's organisations"));
  EXPECT_EQ(List(Coordinator("59"), OfOrganisation(mine), response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const v1::Volunteer volunteer = RegisterNew("a");
  EXPECT_EQ(List(Volunteer(volunteer.id()), OfOrganisation(mine), response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_TRUE(List(Admin(), OfOrganisation(other), response).ok());
  EXPECT_THAT(Titles(response), ElementsAre("Chez les autres"));
  EXPECT_EQ(List(Admin(), OfOrganisation(NewUuid()), response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(NotificationInboxTest, CoordinatorsReadTheirDepartementsInboxOnly) {
  InsertFor("COORDINATOR", "59", "mission_published", "Nord 1", "2026-11-01 09:00+00");
  InsertFor("COORDINATOR", "59", "mission_published", "Nord 2", "2026-11-02 09:00+00");
  InsertFor("COORDINATOR", "62", "mission_published", "Pas-de-Calais", "2026-11-03 09:00+00");
  const std::string organisation = InsertOrganisation("59350");
  InsertFor("ORGANISATION", organisation, "mission_full", "Complète", "2026-11-04 09:00+00");

  v1::ListNotificationsResponse response;
  ASSERT_TRUE(List(Coordinator("59"), OfDepartment("59"), response).ok());
  EXPECT_THAT(Titles(response), ElementsAre("Nord 2", "Nord 1"));
  ASSERT_EQ(response.notifications_size(), 2);
  EXPECT_EQ(response.notifications(0).type(), v1::NOTIFICATION_TYPE_MISSION_PUBLISHED);
  EXPECT_EQ(response.notifications(0).department_code(), "59");
  EXPECT_EQ(response.notifications(0).organisation_id(), "");

  const grpc::Status foreign = List(Coordinator("59"), OfDepartment("62"), response);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(foreign.error_message(), HasSubstr("is not one of the caller's départements"));
  EXPECT_EQ(List(OrgManager(organisation), OfDepartment("59"), response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_TRUE(List(Admin(), OfDepartment("62"), response).ok());
  EXPECT_THAT(Titles(response), ElementsAre("Pas-de-Calais"));
  // A département nobody wrote to yet has an empty inbox.
  ASSERT_TRUE(List(Coordinator("2A"), OfDepartment("2A"), response).ok());
  EXPECT_EQ(response.notifications_size(), 0);
}

TEST_F(NotificationInboxTest, PagesThroughAnInboxAndRefusesItsTokenForAnother) {
  std::vector<std::string> expected;
  for (int day = 1; day <= 5; ++day) {
    const std::string title = absl::StrCat("Jour ", day);
    InsertFor("COORDINATOR", "974", "mission_published", title,
              absl::StrCat("2026-11-0", day, " 09:00+00"));
    expected.insert(expected.begin(), title);
  }
  v1::ListNotificationsRequest request = OfDepartment("974");
  request.set_page_size(2);
  std::vector<std::string> titles;
  std::string second_token;
  for (int page = 0; page < 10; ++page) {
    v1::ListNotificationsResponse response;
    ASSERT_TRUE(List(Coordinator("974"), request, response).ok());
    for (const std::string& title : Titles(response)) titles.push_back(title);
    if (response.next_page_token().empty()) break;
    if (second_token.empty()) second_token = response.next_page_token();
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(titles, expected);

  v1::ListNotificationsRequest elsewhere = OfDepartment("59");
  elsewhere.set_page_token(second_token);
  v1::ListNotificationsResponse response;
  const grpc::Status refused = List(Admin(), elsewhere, response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), StartsWith("page_token"));
}

TEST_F(NotificationInboxTest, RefusesRequestsNamingNoInboxTwoInboxesOrAMalformedOne) {
  const std::string organisation = InsertOrganisation("59350");
  const v1::Volunteer volunteer = RegisterNew("b");
  auto refusal = [&](const services::Caller& caller, const v1::ListNotificationsRequest& request) {
    v1::ListNotificationsResponse response;
    const grpc::Status status = List(caller, request, response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    return status.error_message();
  };

  v1::ListNotificationsRequest two = OfOrganisation(organisation);
  two.set_department_code("59");
  EXPECT_THAT(refusal(Admin(), two), StartsWith("department_code: at most one of"));
  two = OfDepartment("59");
  two.set_volunteer_id(volunteer.id());
  EXPECT_THAT(refusal(Admin(), two), StartsWith("department_code: at most one of"));
  two = OfOrganisation(organisation);
  two.set_volunteer_id(volunteer.id());
  EXPECT_THAT(refusal(Volunteer(volunteer.id()), two), StartsWith("organisation_id: at most one"));

  EXPECT_THAT(refusal(OrgManager(organisation), OfOrganisation("not-a-uuid")),
              StartsWith("organisation_id:"));
  for (const char* code : {"20", "00", "975", "59 ", "2a", "Nord"}) {
    EXPECT_THAT(refusal(Admin(), OfDepartment(code)), StartsWith("department_code:")) << code;
  }
  // Only a volunteer has an inbox of their own to default to.
  EXPECT_THAT(refusal(Coordinator("59"), v1::ListNotificationsRequest()),
              StartsWith("volunteer_id: is required"));
  EXPECT_THAT(refusal(OrgManager(organisation), v1::ListNotificationsRequest()),
              StartsWith("volunteer_id: is required"));
  v1::ListNotificationsRequest too_big = OfOrganisation(organisation);
  too_big.set_page_size(501);
  EXPECT_THAT(refusal(OrgManager(organisation), too_big), StartsWith("page_size:"));
}

}  // namespace
}  // namespace renfort::testing
