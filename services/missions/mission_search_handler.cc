// MissionHandlers — SearchMissions: validates the request, turns it into a
// storage::MissionSearch and pages with an opaque keyset token.
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/missions/mission_handlers.h"
#include "storage/missions/mission_search.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

constexpr double kDefaultRadiusKm = 20;

absl::Status ValidateSearch(const v1::SearchMissionsRequest& request) {
  FieldChecker check;
  check.Length("query", request.query(), 0, 200);
  for (int i = 0; i < request.domains_size(); ++i) {
    check.Range(absl::StrCat("domains[", i, "]"), request.domains(i), 1, 10);
  }
  for (int i = 0; i < request.formats_size(); ++i) {
    check.Range(absl::StrCat("formats[", i, "]"), request.formats(i), 1, 3);
  }
  check.Length("department_code", request.department_code(), 0, 3);
  if (request.has_near()) {
    const v1::GeoPoint& near = request.near();
    check.Expect(near.latitude() >= -90 && near.latitude() <= 90, "near.latitude",
                 absl::StrCat("must be between -90 and 90, got ", near.latitude()));
    check.Expect(near.longitude() >= -180 && near.longitude() <= 180, "near.longitude",
                 absl::StrCat("must be between -180 and 180, got ", near.longitude()));
    check.Expect(
        request.radius_km() == 0 || (request.radius_km() >= 1 && request.radius_km() <= 200),
        "radius_km", absl::StrCat("must be between 1 and 200, got ", request.radius_km()));
  }
  const v1::DateRange& window = request.date_window();
  if (window.has_start_date()) check.ValidDate("date_window.start_date", window.start_date());
  if (window.has_end_date()) check.ValidDate("date_window.end_date", window.end_date());
  if (check.ok() && window.has_start_date() && window.has_end_date()) {
    const auto& a = window.start_date();
    const auto& b = window.end_date();
    check.Expect(std::make_tuple(b.year(), b.month(), b.day()) >=
                     std::make_tuple(a.year(), a.month(), a.day()),
                 "date_window.end_date", "must be on or after date_window.start_date");
  }
  check.Expect(
      request.volunteer_age() == 0 ||
          (request.volunteer_age() >= 16 && request.volunteer_age() <= 120),
      "volunteer_age",
      absl::StrCat("must be 0 (unknown) or between 16 and 120, got ", request.volunteer_age()));
  check.Range("order", request.order(), 0, 3);
  check.Expect(request.order() != v1::MISSION_SEARCH_ORDER_RELEVANCE || !request.query().empty(),
               "order", "RELEVANCE requires a query");
  check.Expect(request.order() != v1::MISSION_SEARCH_ORDER_DISTANCE || request.has_near(), "order",
               "DISTANCE requires near");
  return check.status();
}

storage::MissionSearch SearchOf(const v1::SearchMissionsRequest& request, int page_size) {
  storage::MissionSearch search;
  search.query = request.query();
  for (int domain : request.domains()) search.domains.push_back(static_cast<v1::Domain>(domain));
  for (int format : request.formats()) search.formats.push_back(static_cast<v1::Format>(format));
  search.department_code = request.department_code();
  if (request.has_near()) {
    search.near = request.near();
    search.radius_km = request.radius_km() == 0 ? kDefaultRadiusKm : request.radius_km();
  }
  search.date_window = request.date_window();
  search.only_with_places_left = request.only_with_places_left();
  search.minor = request.volunteer_age() >= 16 && request.volunteer_age() < 18;
  search.order = request.order();
  if (search.order == v1::MISSION_SEARCH_ORDER_UNSPECIFIED) {
    search.order = request.query().empty() ? v1::MISSION_SEARCH_ORDER_START_DATE
                                           : v1::MISSION_SEARCH_ORDER_RELEVANCE;
  }
  search.now = absl::Now();
  search.limit = page_size + 1;
  return search;
}

}  // namespace

absl::Status MissionHandlers::SearchMissions(const Caller&,
                                             const v1::SearchMissionsRequest& request,
                                             v1::SearchMissionsResponse& response) {
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  RETURN_IF_ERROR(ValidateSearch(request));
  const std::string fingerprint = FilterFingerprint(request);
  ASSIGN_OR_RETURN(const std::vector<std::string> after,
                   DecodePageToken(request.page_token(), fingerprint, 2));
  storage::MissionSearch search = SearchOf(request, page_size);
  if (after.size() == 2) {
    double key = 0;
    if (!(absl::SimpleAtod(after[0], &key) || after[0] == "Infinity") || !IsUuid(after[1])) {
      return absl::InvalidArgumentError("page_token: is not a token of this search");
    }
    search.after_key = after[0];
    search.after_id = after[1];
  }
  ASSIGN_OR_RETURN(std::vector<storage::MissionSearchHit> hits,
                   storage::SearchMissions(*backends_.database, search));
  const bool more = static_cast<int>(hits.size()) > page_size;
  if (more) hits.resize(page_size);
  for (storage::MissionSearchHit& hit : hits) *response.add_results() = std::move(hit.result);
  if (more) {
    response.set_next_page_token(EncodePageToken(
        fingerprint, {hits.back().sort_key, response.results(page_size - 1).mission().id()}));
  }
  return absl::OkStatus();
}

}  // namespace renfort::services
