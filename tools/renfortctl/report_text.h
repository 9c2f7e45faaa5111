#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_TEXT_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_TEXT_H_

// The words and numbers of the coordinator report (`stats report`), in French: HTML escaping,
// numbers with French separators, dates, and the French names of statuses and domains.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace renfort::ctl {

// `text` safe inside HTML element content and quoted attribute values: & < > " ' escaped.
std::string HtmlEscape(absl::string_view text);

// French typography: thousands grouped with a narrow no-break space (U+202F), decimal comma.
// FrenchInteger(1234567) → "1 234 567"; FrenchDecimal(5.25, 1) → "5,3" (rounded half away
// from zero); FrenchPercent(0.2857) → "28,6 %" (one decimal, no-break space before %).
std::string FrenchInteger(int64_t value);
std::string FrenchDecimal(double value, int decimals);
std::string FrenchPercent(double ratio);

// Dates of `time` in `zone`: FrenchDate → "7 sept. 2026", FrenchDayMonth → "07/09",
// FrenchDateTime → "2 déc. 2026 à 01:40".
std::string FrenchDate(absl::Time time, absl::TimeZone zone);
std::string FrenchDayMonth(absl::Time time, absl::TimeZone zone);
std::string FrenchDateTime(absl::Time time, absl::TimeZone zone);

// "Acceptée" for PARTICIPATION_STATUS_ACCEPTED; "Statut inconnu" outside the enum.
std::string FrenchStatusName(int status);
// "Solidarité et insertion" for DOMAIN_SOLIDARITY_INSERTION; "Domaine inconnu" outside it.
std::string FrenchDomainName(int domain);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_TEXT_H_
