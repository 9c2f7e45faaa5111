// Paging, validation and field masks: the helpers every handler uses on its request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "renfort/v1/volunteer.pb.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "services/common/field_mask.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(PageSize, DefaultsCapsAndRefusesNegativeSizes) {
  EXPECT_EQ(PageSize(0).value(), 20);
  EXPECT_EQ(PageSize(7).value(), 7);
  EXPECT_EQ(PageSize(500).value(), 100);
  EXPECT_THAT(PageSize(501), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("501")));
  EXPECT_THAT(PageSize(-1), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

TEST(PageToken, RoundTripsKeysForTheSameFilters) {
  v1::ListVolunteersRequest request;
  request.set_department_code("59");
  const std::string fingerprint = FilterFingerprint(request);
  const std::string token = EncodePageToken(fingerprint, {"2026-11-23T10:00:00Z", "uuid-1"});

  request.set_page_token(token);  // paging fields do not change the fingerprint
  request.set_page_size(50);
  EXPECT_EQ(FilterFingerprint(request), fingerprint);
  EXPECT_THAT(DecodePageToken(token, fingerprint, 2).value(),
              ElementsAre("2026-11-23T10:00:00Z", "uuid-1"));
  EXPECT_TRUE(DecodePageToken("", fingerprint, 2).value().empty());
}

TEST(PageToken, RefusesTokensOfOtherFiltersAndGarbage) {
  v1::ListVolunteersRequest first;
  first.set_department_code("59");
  v1::ListVolunteersRequest second;
  second.set_department_code("62");
  const std::string token = EncodePageToken(FilterFingerprint(first), {"k", "id"});
  EXPECT_THAT(DecodePageToken(token, FilterFingerprint(second), 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("other filters")));
  EXPECT_THAT(DecodePageToken("%%%", FilterFingerprint(first), 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(DecodePageToken(token, FilterFingerprint(first), 3),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(FieldChecker, ReportsTheFirstProblemWithFieldAndValue) {
  FieldChecker check;
  EXPECT_TRUE(check.Range("mission.places", 5, 1, 10000));
  EXPECT_FALSE(check.Range("mission.places", 0, 1, 10000));
  EXPECT_FALSE(check.Uuid("mission_id", "nope"));
  EXPECT_THAT(check.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                       "mission.places: must be between 1 and 10000, got 0"));
}

TEST(FieldChecker, ChecksUuidsEmailsLengthsAndDates) {
  FieldChecker check;
  EXPECT_TRUE(check.Uuid("id", "0b9a3c4e-1d2f-4a5b-8c7d-000000000001"));
  EXPECT_FALSE(FieldChecker().Uuid("id", "0B9A3C4E-1D2F-4A5B-8C7D-000000000001"));
  EXPECT_TRUE(check.Email("email", "camille.dupont@example.org"));
  EXPECT_FALSE(FieldChecker().Email("email", "camille@"));
  EXPECT_FALSE(FieldChecker().Email("email", "camille dupont@example.org"));
  EXPECT_TRUE(check.Length("title", "Maraude à Lille", 3, 15));  // 15 characters, 16 bytes
  EXPECT_FALSE(FieldChecker().Length("title", "ab", 3, 200));
  v1::Date date;
  date.set_year(2027);
  date.set_month(2);
  date.set_day(29);
  EXPECT_FALSE(FieldChecker().ValidDate("birth_date", date));
  date.set_year(2028);
  EXPECT_TRUE(check.ValidDate("birth_date", date));
  EXPECT_THAT(check.status(), IsOk());
}

TEST(UpdateMask, AllowsOnlyListedPathsAndReplacesRepeatedFields) {
  google::protobuf::FieldMask mask;
  EXPECT_THAT(CheckUpdateMask(mask, {"phone"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask: is required")));
  mask.add_paths("email");
  EXPECT_THAT(CheckUpdateMask(mask, {"phone", "skills"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'email' cannot be changed")));

  google::protobuf::FieldMask update;
  update.add_paths("phone");
  update.add_paths("skills");
  ASSERT_THAT(CheckUpdateMask(update, {"phone", "skills"}), IsOk());
  v1::Volunteer stored;
  stored.set_phone("+33600000000");
  stored.set_email("kept@example.org");
  stored.add_skills("cuisine");
  v1::Volunteer patch;
  patch.set_phone("+33611111111");
  patch.set_email("ignored@example.org");
  patch.add_skills("bricolage");
  ApplyUpdateMask(update, patch, stored);
  EXPECT_EQ(stored.phone(), "+33611111111");
  EXPECT_EQ(stored.email(), "kept@example.org");
  EXPECT_THAT(stored.skills(), ElementsAre("bricolage"));
}

}  // namespace
}  // namespace renfort::services
