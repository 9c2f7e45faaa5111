#include "services/common/auth/jwt_verifier.h"

#include <jwt.h>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

// Tokens are small; anything bigger is abuse and is refused before parsing.
constexpr size_t kMaxTokenBytes = 8 * 1024;
// Bound on cached tokens; the cache starts over when full (tokens are cheap to re-verify once).
constexpr size_t kMaxCachedTokens = 100'000;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

absl::Status Unauthenticated(absl::string_view reason) {
  return absl::UnauthenticatedError(absl::StrCat("invalid bearer token: ", reason));
}

absl::string_view TokenAlgorithmOf(jwt_alg_t alg) {
  switch (alg) {
    case JWT_ALG_HS256: return "HS256";
    case JWT_ALG_RS256: return "RS256";
    case JWT_ALG_ES256: return "ES256";
    default: return "";
  }
}

bool Decode(const std::string& token, const std::string& key, JwtPtr& out) {
  jwt_t* jwt = nullptr;
  const int error = jwt_decode(&jwt, token.c_str(),
                               key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
                               static_cast<int>(key.size()));
  out.reset(jwt);
  return error == 0 && jwt != nullptr;
}

struct TokenHeader {
  std::string alg;
  std::string kid;  // empty when absent
};

// The JOSE header, read directly: libjwt only reports the algorithm after verification, and the
// algorithm is needed first to choose a key of the right type.
absl::StatusOr<TokenHeader> ReadHeader(const std::string& token) {
  const size_t dot = token.find('.');
  std::string json;
  if (dot == std::string::npos || !absl::WebSafeBase64Unescape(token.substr(0, dot), &json)) {
    return Unauthenticated("malformed");
  }
  const nlohmann::json header = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return Unauthenticated("malformed header");
  TokenHeader result;
  if (auto alg = header.find("alg"); alg != header.end() && alg->is_string()) {
    result.alg = alg->get<std::string>();
  }
  if (auto kid = header.find("kid"); kid != header.end() && kid->is_string()) {
    result.kid = kid->get<std::string>();
  }
  return result;
}

absl::StatusOr<std::vector<std::string>> StringArrayClaim(const nlohmann::json& claims,
                                                          const char* name) {
  std::vector<std::string> values;
  auto it = claims.find(name);
  if (it == claims.end()) return values;
  if (!it->is_array()) return Unauthenticated(absl::StrCat("claim ", name, " must be an array"));
  for (const nlohmann::json& value : *it) {
    if (!value.is_string()) {
      return Unauthenticated(absl::StrCat("claim ", name, " must hold strings"));
    }
    values.push_back(value.get<std::string>());
  }
  return values;
}

absl::StatusOr<absl::Time> TimeClaim(const nlohmann::json& claims, const char* name, bool required) {
  auto it = claims.find(name);
  if (it == claims.end()) {
    if (required) return Unauthenticated(absl::StrCat("claim ", name, " is missing"));
    return absl::InfinitePast();
  }
  if (!it->is_number()) return Unauthenticated(absl::StrCat("claim ", name, " must be a number"));
  return absl::FromUnixSeconds(it->get<int64_t>());
}

bool AudienceMatches(const nlohmann::json& claims, const std::string& audience) {
  auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get<std::string>() == audience;
  if (!it->is_array()) return false;
  for (const nlohmann::json& value : *it) {
    if (value.is_string() && value.get<std::string>() == audience) return true;
  }
  return false;
}

absl::StatusOr<Caller> CallerFromClaims(const nlohmann::json& claims) {
  Caller caller;
  auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string() || sub->get<std::string>().empty()) {
    return Unauthenticated("claim sub is missing");
  }
  caller.subject = sub->get<std::string>();
  ASSIGN_OR_RETURN(const std::vector<std::string> role_names, StringArrayClaim(claims, "roles"));
  for (const std::string& name : role_names) {
    Role role;
    if (!ParseRole(name, role)) return Unauthenticated(absl::StrCat("unknown role '", name, "'"));
    caller.roles.push_back(role);
  }
  if (caller.roles.empty()) return Unauthenticated("claim roles is missing or empty");
  ASSIGN_OR_RETURN(caller.organisation_ids, StringArrayClaim(claims, "org_ids"));
  ASSIGN_OR_RETURN(caller.department_codes, StringArrayClaim(claims, "dept_codes"));
  ASSIGN_OR_RETURN(caller.network_ids, StringArrayClaim(claims, "network_ids"));
  return caller;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(JwtVerifierOptions options) {
  if (options.issuer.empty()) return absl::InvalidArgumentError("JWT issuer is required");
  if (options.audience.empty()) return absl::InvalidArgumentError("JWT audience is required");
  if (options.key_files.empty() && options.dev_hs256_secret_file.empty()) {
    return absl::InvalidArgumentError("at least one JWT public key file is required");
  }
  auto verifier = std::unique_ptr<JwtVerifier>(new JwtVerifier(std::move(options)));
  ASSIGN_OR_RETURN(std::shared_ptr<const KeySet> keys, verifier->LoadKeys());
  absl::MutexLock lock(&verifier->mu_);
  verifier->keys_ = std::move(keys);
  return verifier;
}

absl::StatusOr<std::shared_ptr<const JwtVerifier::KeySet>> JwtVerifier::LoadKeys() const {
  auto keys = std::make_shared<KeySet>();
  for (const std::string& path : options_.key_files) {
    ASSIGN_OR_RETURN(PemKey key, ReadPublicKeyFile(path));
    keys->keys.push_back(std::move(key));
  }
  if (!options_.dev_hs256_secret_file.empty()) {
    ASSIGN_OR_RETURN(keys->hs256_secret, ReadFileToString(options_.dev_hs256_secret_file));
    if (keys->hs256_secret.size() < 32) {
      return absl::InvalidArgumentError(absl::StrCat(options_.dev_hs256_secret_file,
                                                     ": an HS256 secret needs 32 bytes or more"));
    }
  }
  return std::shared_ptr<const KeySet>(std::move(keys));
}

absl::Status JwtVerifier::ReloadKeys() {
  ASSIGN_OR_RETURN(std::shared_ptr<const KeySet> keys, LoadKeys());
  absl::MutexLock lock(&mu_);
  keys_ = std::move(keys);
  cache_.clear();  // a token verified with a removed key must not stay valid
  return absl::OkStatus();
}

int JwtVerifier::key_count() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(keys_->keys.size());
}

std::shared_ptr<const JwtVerifier::KeySet> JwtVerifier::CurrentKeys() const {
  absl::MutexLock lock(&mu_);
  return keys_;
}

absl::Status JwtVerifier::CheckTimes(const CachedToken& token, absl::Time now) const {
  if (now > token.expires + options_.clock_skew) return Unauthenticated("token has expired");
  if (now < token.not_before - options_.clock_skew) return Unauthenticated("token is not valid yet");
  return absl::OkStatus();
}

absl::StatusOr<Caller> JwtVerifier::Verify(absl::string_view token_view, absl::Time now) const {
  if (token_view.empty()) return Unauthenticated("empty");
  if (token_view.size() > kMaxTokenBytes) return Unauthenticated("too long");
  const std::string token(token_view);
  {
    absl::MutexLock lock(&mu_);
    if (auto it = cache_.find(token); it != cache_.end()) {
      RETURN_IF_ERROR(CheckTimes(it->second, now));
      return it->second.caller;
    }
  }
  const std::shared_ptr<const KeySet> keys = CurrentKeys();
  ASSIGN_OR_RETURN(CachedToken verified, VerifyUncached(token, *keys));
  RETURN_IF_ERROR(CheckTimes(verified, now));
  absl::MutexLock lock(&mu_);
  if (keys_ == keys) {  // do not cache a verification made with keys replaced meanwhile
    if (cache_.size() >= kMaxCachedTokens) cache_.clear();
    cache_.emplace(token, verified);
  }
  return verified.caller;
}

absl::StatusOr<JwtVerifier::CachedToken> JwtVerifier::VerifyUncached(const std::string& token,
                                                                     const KeySet& keys) const {
  ASSIGN_OR_RETURN(const TokenHeader header, ReadHeader(token));
  JwtPtr verified;
  bool signature_ok = false;
  if (header.alg == "HS256") {
    if (keys.hs256_secret.empty()) return Unauthenticated("algorithm HS256 is not accepted");
    signature_ok = Decode(token, keys.hs256_secret, verified);
  } else if (header.alg == "RS256" || header.alg == "ES256") {
    const TokenAlgorithm wanted =
        header.alg == "RS256" ? TokenAlgorithm::kRs256 : TokenAlgorithm::kEs256;
    for (const PemKey& key : keys.keys) {
      if (key.algorithm != wanted || (!header.kid.empty() && key.id != header.kid)) continue;
      if (Decode(token, key.pem, verified)) {
        signature_ok = true;
        break;
      }
    }
  } else {
    return Unauthenticated("algorithm not accepted (RS256 or ES256 expected)");
  }
  // libjwt checked the signature with the algorithm of the header; make sure it agrees.
  if (signature_ok && TokenAlgorithmOf(jwt_get_alg(verified.get())) != header.alg) {
    signature_ok = false;
  }
  if (!signature_ok) return Unauthenticated("signature does not match any trusted key");

  char* grants = jwt_get_grants_json(verified.get(), nullptr);
  if (grants == nullptr) return Unauthenticated("no claims");
  const nlohmann::json claims = nlohmann::json::parse(grants, nullptr, /*allow_exceptions=*/false);
  free(grants);
  if (!claims.is_object()) return Unauthenticated("claims are not a JSON object");

  auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() || iss->get<std::string>() != options_.issuer) {
    return Unauthenticated("wrong issuer");
  }
  if (!AudienceMatches(claims, options_.audience)) return Unauthenticated("wrong audience");
  CachedToken result;
  ASSIGN_OR_RETURN(result.expires, TimeClaim(claims, "exp", /*required=*/true));
  ASSIGN_OR_RETURN(result.not_before, TimeClaim(claims, "nbf", /*required=*/false));
  ASSIGN_OR_RETURN(result.caller, CallerFromClaims(claims));
  return result;
}

}  // namespace renfort::services
