#include "storage/missions/stats_filter.h"

namespace renfort::storage {

StatsFilterParameters StatsFilterParameters::From(const ParticipationVisibility& visibility,
                                                  const renfort::v1::ParticipationFilter& filter) {
  StatsFilterParameters p;
  p.everything = visibility.everything;
  p.scope_organisations = SqlArray(visibility.organisation_ids);
  p.scope_departments = SqlArray(visibility.department_codes);
  p.scope_networks = SqlArray(visibility.network_ids);
  p.departments = SqlArray({filter.department_codes().begin(), filter.department_codes().end()});
  std::vector<std::string> domains;
  for (const int domain : filter.domains()) {
    domains.push_back(DomainToSql(static_cast<renfort::v1::Domain>(domain)));
  }
  p.domains = SqlArray(domains);
  p.organisations = SqlArray({filter.organisation_ids().begin(), filter.organisation_ids().end()});
  std::vector<std::string> formats;
  for (const int format : filter.formats()) {
    formats.push_back(FormatToSql(static_cast<renfort::v1::Format>(format)));
  }
  p.formats = SqlArray(formats);
  if (filter.time_window().has_start_time()) {
    p.lo_set = true;
    p.lo_micros = MicrosFromTimestamp(filter.time_window().start_time());
  }
  if (filter.time_window().has_end_time()) {
    p.hi_set = true;
    p.hi_micros = MicrosFromTimestamp(filter.time_window().end_time());
  }
  return p;
}

}  // namespace renfort::storage
