#include "services/missions/pseudonym.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"

namespace renfort::services {

std::string VolunteerPseudonym(absl::string_view secret, absl::string_view volunteer_id) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(volunteer_id.data()), volunteer_id.size(), digest,
       &length);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length < 16 ? length : 16));
}

}  // namespace renfort::services
