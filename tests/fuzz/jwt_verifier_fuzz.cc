// Hostile bytes as a bearer token into JwtVerifier::Verify, with fixed trusted keys (an ES256
// public key and the HS256 development secret under tests/fuzz/keys) and a fixed clock, so the
// seed tokens verify and mutations of them walk every refusal: header, signature, claims, times.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/jwt_verifier.h"

namespace {

using renfort::services::JwtVerifier;

// The instant the seed tokens were minted for (issued then, valid for an hour).
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

const JwtVerifier& Verifier() {
  static const JwtVerifier* const verifier = [] {
    absl::StatusOr<std::unique_ptr<JwtVerifier>> created = JwtVerifier::Create({
        .key_files = {RENFORT_FUZZ_KEYS_DIR "/fuzz-es.pem"},
        .issuer = "renfort",
        .audience = "renfort",
        .dev_hs256_secret_file = RENFORT_FUZZ_KEYS_DIR "/dev-hs256.secret",
    });
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *verifier;
}

absl::string_view SignatureSegment(absl::string_view token) {
  const size_t dot = token.rfind('.');
  return dot == absl::string_view::npos ? absl::string_view() : token.substr(dot + 1);
}

bool IsBase64Url(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string token(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<renfort::services::Caller> caller = Verifier().Verify(token, kNow);
  if (!caller.ok()) {
    // The reason must never echo the token (it may be someone's credential). Checked on the
    // signature segment when it is long and base64url only, so that a token made of the words
    // of a message is not taken for an echo.
    const absl::string_view signature = SignatureSegment(token);
    if (signature.size() >= 20 && IsBase64Url(signature) &&
        absl::StrContains(caller.status().message(), signature)) {
      std::abort();
    }
  } else if (caller->subject.empty()) {
    std::abort();  // a verified token always names its subject
  }
  return 0;
}
