#include "services/missions/pseudonym.h"

#include <gtest/gtest.h>

namespace renfort::services {
namespace {

// RFC 4231-style check against a well-known HMAC-SHA256 value:
// HMAC("key", "The quick brown fox jumps over the lazy dog") = f7bc83f4…2d1a3cd8.
TEST(PseudonymTest, IsTheFirst128BitsOfHmacSha256InHex) {
  EXPECT_EQ(VolunteerPseudonym("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143");
}

TEST(PseudonymTest, IsStablePerSecretAndDiffersAcrossSecretsAndIds) {
  const std::string id = "1f0e9a4c-3b2d-4c5e-8f70-123456789abc";
  EXPECT_EQ(VolunteerPseudonym("secret-a", id), VolunteerPseudonym("secret-a", id));
  EXPECT_NE(VolunteerPseudonym("secret-a", id), VolunteerPseudonym("secret-b", id));
  EXPECT_NE(VolunteerPseudonym("secret-a", id),
            VolunteerPseudonym("secret-a", "1f0e9a4c-3b2d-4c5e-8f70-123456789abd"));
}

}  // namespace
}  // namespace renfort::services
