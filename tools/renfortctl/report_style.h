#ifndef RENFORT_TOOLS_RENFORTCTL_REPORT_STYLE_H_
#define RENFORT_TOOLS_RENFORTCTL_REPORT_STYLE_H_

// The coordinator report's style sheet, inlined into its page: a screen layout, and print
// rules for A4 (margins, no break inside a chart or a table row, table headers repeated on
// each page, background colours kept so the charts print).

namespace renfort::ctl {

inline constexpr char kReportStyle[] = R"css(
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2937;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 32px 40px; background: #fff; }
header { border-bottom: 4px solid #2563eb; padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 10px; color: #1e3a8a; }
.scope { font-size: 17px; margin: 0; }
.generated { color: #6b7280; margin: 4px 0 0; font-size: 13px; }
section { margin: 0 0 28px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 0 0 28px; }
.kpi { border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 12px; background: #f8fafc; }
.kpi dt { font-size: 12px; color: #6b7280; text-transform: uppercase; letter-spacing: .03em; }
.kpi dd { margin: 2px 0 0; font-size: 22px; font-weight: 700; }
svg { display: block; width: 100%; height: auto; font-size: 12px; font-family: inherit; }
.ring { display: flex; align-items: center; gap: 24px; }
.ring svg { width: 160px; flex: none; }
.legend { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap;
  gap: 6px 16px; font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin-right: 6px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin-top: 10px; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e5e7eb; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f1f5f9; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafafa; }
tfoot td { font-weight: 700; border-top: 2px solid #cbd5e1; }
.empty { color: #6b7280; font-style: italic; }
footer { border-top: 1px solid #e5e7eb; padding-top: 10px; font-size: 12px; color: #6b7280; }
footer dt { font-weight: 600; color: #374151; }
footer dd { margin: 0 0 6px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  section, .kpi, svg, tr { break-inside: avoid; }
  section.communes { break-inside: auto; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; }
}
)css";

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_REPORT_STYLE_H_
