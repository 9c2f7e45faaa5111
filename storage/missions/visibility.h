#ifndef RENFORT_STORAGE_MISSIONS_VISIBILITY_H_
#define RENFORT_STORAGE_MISSIONS_VISIBILITY_H_

#include <string>
#include <vector>

namespace renfort::storage {

// Who is reading, reduced to what decides which organisations and missions a list shows. Built
// by the service from the caller's token; the stores turn it into one SQL condition, so a page
// never holds rows the caller may not see.
//
// A row is visible when it is public (a VALIDATED organisation; a PUBLISHED, PAUSED or CLOSED
// mission), or `everything` is set (admins), or its organisation is one of
// `organisation_ids` or lists `manager_subject` among its managers, or it lies in one of
// `department_codes`, or its organisation belongs to one of `network_ids`.
struct Visibility {
  bool everything = false;
  std::vector<std::string> organisation_ids;  // canonical UUIDs only
  std::string manager_subject;                // empty unless the caller is an org_manager
  std::vector<std::string> department_codes;
  std::vector<std::string> network_ids;
};

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_MISSIONS_VISIBILITY_H_
