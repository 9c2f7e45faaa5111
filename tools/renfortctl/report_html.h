#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_HTML_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_HTML_H_

// The coordinator report as one self-contained HTML page in French: inline CSS (with print
// rules for A4) and inline SVG charts, no script and no external resource, so it opens from a
// file, travels by e-mail and prints as it shows. A pure function of the figures: the same
// report always gives the same page.

#include <string>

#include "tools/renfortctl/report_content.h"

namespace renfort::ctl {

// The page: headline figures, participations per week by status, fill rate by domain, the
// remote share and the table of communes, then how each figure is defined. Every text that
// comes from the report (codes, names) is HTML-escaped.
std::string RenderReportHtml(const CoordinatorReport& report);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_HTML_H_
