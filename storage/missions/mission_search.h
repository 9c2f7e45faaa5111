#ifndef RENFORT_STORAGE_MISSIONS_MISSION_SEARCH_H_
#define RENFORT_STORAGE_MISSIONS_MISSION_SEARCH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/mission_service.pb.h"
#include "storage/pg/connection_pool.h"

namespace renfort::storage {

// A validated SearchMissions request, as the store runs it.
struct MissionSearch {
  std::string query;                // French free text; empty matches everything
  std::vector<v1::Domain> domains;  // main or secondary domain among these
  std::vector<v1::Format> formats;
  std::string department_code;       // empty: anywhere
  std::optional<v1::GeoPoint> near;  // in-person/hybrid within radius_km; remote unaffected
  double radius_km = 20;
  v1::DateRange date_window;  // unset bounds are open
  bool only_with_places_left = false;
  bool minor = false;  // the volunteer is 16 or 17: only open_to_minors missions
  v1::MissionSearchOrder order = v1::MISSION_SEARCH_ORDER_START_DATE;  // never UNSPECIFIED
  absl::Time now;  // "today" for the start-date order, in each mission's zone
  int limit = 20;
  // Keyset: the sort key and id of the last result served, both empty for the first page.
  std::string after_key;
  std::string after_id;
};

// One result, with the key that orders it (opaque, for the next page token).
struct MissionSearchHit {
  v1::MissionSearchResult result;
  std::string sort_key;
};

// PUBLISHED missions matching `search`, in its order then by id, up to `limit` of them after
// the keyset. French full-text search with accents folded and stemming (renfort_french);
// distances are great-circle to the nearest address (haversine_km). Deterministic: equal keys
// are broken by id, so paging never repeats or skips a mission that did not change meanwhile.
absl::StatusOr<std::vector<MissionSearchHit>> SearchMissions(ConnectionPool& pool,
                                                             const MissionSearch& search);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_MISSION_SEARCH_H_
