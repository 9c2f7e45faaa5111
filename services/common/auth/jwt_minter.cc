#include "services/common/auth/jwt_minter.h"

#include <jwt.h>

#include <memory>
#include <nlohmann/json.hpp>

namespace renfort::services {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

jwt_alg_t LibjwtAlgorithm(TokenAlgorithm algorithm) {
  switch (algorithm) {
    case TokenAlgorithm::kRs256: return JWT_ALG_RS256;
    case TokenAlgorithm::kEs256: return JWT_ALG_ES256;
    case TokenAlgorithm::kHs256: return JWT_ALG_HS256;
  }
  return JWT_ALG_INVAL;
}

nlohmann::json ClaimsJson(const TokenClaims& claims) {
  nlohmann::json roles = nlohmann::json::array();
  for (Role role : claims.caller.roles) roles.push_back(std::string(RoleName(role)));
  nlohmann::json json = {
      {"iss", claims.issuer},
      {"aud", claims.audience},
      {"sub", claims.caller.subject},
      {"iat", absl::ToUnixSeconds(claims.issued_at)},
      {"nbf", absl::ToUnixSeconds(claims.issued_at)},
      {"exp", absl::ToUnixSeconds(claims.issued_at + claims.lifetime)},
      {"roles", roles},
  };
  if (!claims.caller.organisation_ids.empty()) json["org_ids"] = claims.caller.organisation_ids;
  if (!claims.caller.department_codes.empty()) json["dept_codes"] = claims.caller.department_codes;
  if (!claims.caller.network_ids.empty()) json["network_ids"] = claims.caller.network_ids;
  return json;
}

}  // namespace

absl::StatusOr<std::string> MintToken(const TokenClaims& claims, const PemKey& key) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("cannot allocate a JWT");
  std::unique_ptr<jwt_t, JwtDeleter> jwt(raw);
  if (jwt_add_grants_json(jwt.get(), ClaimsJson(claims).dump().c_str()) != 0) {
    return absl::InternalError("cannot add claims to the JWT");
  }
  if (key.algorithm != TokenAlgorithm::kHs256 && !key.id.empty() &&
      jwt_add_header(jwt.get(), "kid", key.id.c_str()) != 0) {
    return absl::InternalError("cannot set the JWT key id");
  }
  if (jwt_set_alg(jwt.get(), LibjwtAlgorithm(key.algorithm),
                  reinterpret_cast<const unsigned char*>(key.pem.data()),
                  static_cast<int>(key.pem.size())) != 0) {
    return absl::InvalidArgumentError("cannot use this key to sign");
  }
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) return absl::InternalError("cannot sign the JWT");
  std::string token(encoded);
  free(encoded);
  return token;
}

}  // namespace renfort::services
