#include "matching/uuid.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::matching {
namespace {

using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

TEST(Uuid, ParsesCanonicalTextAndPrintsItBackLowercase) {
  absl::StatusOr<Uuid> id = Uuid::Parse("0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0FF", "id");
  ASSERT_OK(id);
  EXPECT_EQ(id->ToString(), "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff");
}

TEST(Uuid, RejectsMalformedTextNamingTheField) {
  EXPECT_THAT(Uuid::Parse("abc", "volunteer.id"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteer.id")));
  EXPECT_THAT(Uuid::Parse("0f1e2d3c+4b5a-4978-8695-a4b3c2d1e0ff", "id"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Uuid::Parse("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0fg", "id"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Uuid, OrdersLikeItsLowercaseText) {
  const std::string texts[] = {"00000000-0000-4000-8000-00000000000a",
                               "00000000-0000-4000-8000-000000000010",
                               "0a000000-0000-4000-8000-000000000000",
                               "f0000000-0000-4000-8000-000000000000"};
  for (const std::string& a : texts) {
    for (const std::string& b : texts) {
      EXPECT_EQ(*Uuid::Parse(a, "a") < *Uuid::Parse(b, "b"), a < b) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace renfort::matching
