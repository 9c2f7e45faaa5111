// The coordinator report's page: figures where a reader looks for them, every outside text
// escaped, nothing loaded from elsewhere, a readable page when there is nothing to show.
#include "tools/renfortctl/report_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tools/renfortctl/report_charts.h"
#include "tools/renfortctl/report_period.h"

namespace renfort::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

#define NNBSP "\u202f"
#define NBSP "\u00a0"

void SetCount(v1::ParticipationStats& stats, v1::ParticipationStatus status, int64_t count) {
  v1::ParticipationStatusCount& entry = *stats.add_status_counts();
  entry.set_status(status);
  entry.set_count(count);
}

v1::ParticipationStats Figures(int64_t participations, int64_t missions, int64_t offered,
                               int64_t filled) {
  v1::ParticipationStats stats;
  stats.set_participation_count(participations);
  stats.set_mission_count(missions);
  stats.set_places_offered(offered);
  stats.set_places_filled(filled);
  stats.set_fill_rate(offered == 0 ? 0 : static_cast<double>(filled) / offered);
  return stats;
}

v1::ParticipationStatsGroup Commune(const std::string& code, const std::string& name,
                                    v1::ParticipationStats stats) {
  v1::ParticipationStatsGroup group;
  group.mutable_commune()->set_insee_code(code);
  group.mutable_commune()->set_name(name);
  *group.mutable_stats() = std::move(stats);
  return group;
}

// Three weeks from Monday 7 September 2026 (Paris), Nord.
CoordinatorReport Sample() {
  CoordinatorReport report;
  report.department_codes = {"59"};
  report.zone = ReportTimeZone();
  const std::vector<absl::Time> bounds =
      WeekBounds(absl::FromCivil(absl::CivilDay(2026, 9, 28), report.zone), 3, report.zone);
  report.period_start = bounds.front();
  report.period_end = bounds.back();
  report.generated_at = absl::FromCivil(absl::CivilMinute(2026, 9, 28, 8, 30), report.zone);
  report.total = Figures(1234, 56, 900, 500);
  report.total.set_hours_given(5.5);
  report.total.set_no_show_rate(0.1);
  report.total.set_remote_share(2.0 / 7.0);
  for (int i = 0; i < 3; ++i) {
    ReportWeek week{bounds[i], bounds[i + 1], Figures(10 * (i + 1), 0, 0, 0)};
    SetCount(week.stats, v1::PARTICIPATION_STATUS_PENDING, 7 * (i + 1));
    SetCount(week.stats, v1::PARTICIPATION_STATUS_ACCEPTED, 3 * (i + 1));
    SetCount(week.stats, v1::PARTICIPATION_STATUS_REFUSED, 0);
    report.weeks.push_back(week);
  }
  v1::ParticipationStatsGroup health;
  health.set_domain(v1::DOMAIN_HEALTH);
  *health.mutable_stats() = Figures(40, 4, 9, 5);
  v1::ParticipationStatsGroup sport;  // no place offered: in the table, not in the chart
  sport.set_domain(v1::DOMAIN_SPORT);
  *sport.mutable_stats() = Figures(2, 0, 0, 0);
  report.domains = {health, sport};
  report.communes = {Commune("59009", "Villeneuve-d'Ascq", Figures(3, 1, 4, 2)),
                     Commune("59350", "Lille", Figures(1200, 50, 880, 490)),
                     Commune("59512", "Roubaix", Figures(31, 5, 16, 8))};
  return report;
}

TEST(ReportHtml, IsOneFrenchPageWithNothingLoadedFromElsewhere) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html,
              StartsWith("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<title>Rapport de coordination — Département 59</title>"));
  EXPECT_THAT(html, HasSubstr("<style>"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4;"));
  for (const char* outside :
       {"<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "https:"}) {
    EXPECT_THAT(html, Not(HasSubstr(outside))) << outside;
  }
  // The only "http:" is the SVG namespace name, which is never fetched.
  size_t http = 0;
  for (size_t at = html.find("http:"); at != std::string::npos; at = html.find("http:", at + 1)) {
    EXPECT_EQ(html.compare(at, 27, "http://www.w3.org/2000/svg\""), 0);
    ++http;
  }
  EXPECT_EQ(http, 3u);  // three charts
  EXPECT_THAT(html, HasSubstr("</html>\n"));
}

TEST(ReportHtml, ShowsTheHeadlineFiguresInFrench) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html, HasSubstr("Département 59 · du 7 sept. 2026 au 27 sept. 2026 (3 semaines)"));
  EXPECT_THAT(html, HasSubstr("Généré le 28 sept. 2026 à 08:30 (fuseau horaire Europe/Paris)"));
  EXPECT_THAT(html, HasSubstr("<dt>Participations</dt><dd>1" NNBSP "234</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Missions actives</dt><dd>56</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Places pourvues</dt><dd>500 / 900</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Taux de remplissage</dt><dd>55,6" NBSP "%</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Heures de bénévolat</dt><dd>5,5 h</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Taux d'absence</dt><dd>10,0" NBSP "%</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Part à distance</dt><dd>28,6" NBSP "%</dd>"));
  EXPECT_THAT(html, HasSubstr("concernent des missions à distance : 353 sur 1" NNBSP "234."));
}

TEST(ReportHtml, DrawsOneStackedBarPerWeekWithItsStatusesAndTotal) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 07/09 — En attente : 7</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Semaine du 21/09 — Acceptée : 9</title>"));
  EXPECT_THAT(html, HasSubstr(">14/09</text>"));
  EXPECT_THAT(html, HasSubstr("font-weight=\"600\">30</text>"));  // the last bar's total
  // Only the statuses present are in the legend and the table; REFUSED is always 0 here.
  EXPECT_THAT(html, HasSubstr("</span>En attente</li>"));
  EXPECT_THAT(html, Not(HasSubstr("</span>Refusée</li>")));
  EXPECT_THAT(html, HasSubstr("<tr><th>Semaine du</th><th>En attente</th><th>Acceptée</th>"
                              "<th>Total</th><th>À distance</th></tr>"));
  EXPECT_THAT(html, HasSubstr("<tr><td>14 sept. 2026</td><td>14</td><td>6</td><td>20</td>"));
}

TEST(ReportHtml, ShowsFillRateByDomainAndCommunesBusiestFirst) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html, HasSubstr("<title>Santé — 55,6" NBSP "% (5/9)</title>"));
  EXPECT_THAT(html, Not(HasSubstr("<title>Sport")));
  EXPECT_THAT(html, HasSubstr("<tr><td>Sport</td><td>0</td><td>0</td><td>0</td><td>0,0" NBSP
                              "%</td><td>2</td></tr>"));
  const size_t lille = html.find("<td>Lille (59350)</td>");
  const size_t roubaix = html.find("<td>Roubaix (59512)</td>");
  const size_t villeneuve = html.find("<td>Villeneuve-d&#39;Ascq (59009)</td>");
  ASSERT_NE(lille, std::string::npos);
  ASSERT_NE(roubaix, std::string::npos);
  ASSERT_NE(villeneuve, std::string::npos);
  EXPECT_LT(lille, roubaix);
  EXPECT_LT(roubaix, villeneuve);
  EXPECT_THAT(html, HasSubstr("<td>Lille (59350)</td><td>50</td><td>880</td><td>490</td>"
                              "<td>55,7" NBSP "%</td><td>1" NNBSP "200</td>"));
  EXPECT_THAT(html, HasSubstr("<tfoot><tr><td>Total</td><td>56</td><td>900</td><td>500</td>"));
}

TEST(ReportHtml, EscapesEveryTextThatComesFromOutside) {
  CoordinatorReport report = Sample();
  report.department_codes = {"59</title><script>x()</script>"};
  report.communes = {Commune("59<b>", "Saint-\"Amand\" <i>&</i> 'Cie'", Figures(1, 1, 1, 1))};
  const std::string html = RenderReportHtml(report);
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<i>")));
  EXPECT_THAT(html, Not(HasSubstr("59<b>")));
  EXPECT_THAT(html, HasSubstr("Département 59&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("<td>Saint-&quot;Amand&quot; &lt;i&gt;&amp;&lt;/i&gt; "
                              "&#39;Cie&#39; (59&lt;b&gt;)</td>"));
}

TEST(ReportHtml, AnEmptyPeriodReadsAsSuchInEverySection) {
  CoordinatorReport report = Sample();
  report.department_codes.clear();
  report.total = Figures(0, 0, 0, 0);
  for (ReportWeek& week : report.weeks) week.stats = Figures(0, 0, 0, 0);
  report.domains.clear();
  report.communes.clear();
  const std::string html = RenderReportHtml(report);
  EXPECT_THAT(html, HasSubstr("<title>Rapport de coordination — Tout votre périmètre</title>"));
  EXPECT_THAT(html, HasSubstr("<dt>Participations</dt><dd>0</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Taux de remplissage</dt><dd>0,0" NBSP "%</dd>"));
  EXPECT_THAT(html, HasSubstr("Aucune participation créée sur la période."));
  EXPECT_THAT(html, HasSubstr("Aucune mission active sur la période."));
  EXPECT_THAT(html, HasSubstr("Aucune mission ni participation sur la période."));
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
  EXPECT_THAT(html, HasSubstr("</html>\n"));
}

TEST(ReportHtml, OneWeekIsSingular) {
  CoordinatorReport report = Sample();
  report.weeks.resize(1);
  EXPECT_THAT(RenderReportHtml(report), HasSubstr("(1 semaine)"));
}

TEST(NiceAxis, StepsByOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(NiceAxis(0).top, 1);
  EXPECT_EQ(NiceAxis(0).step, 1);
  EXPECT_EQ(NiceAxis(5).top, 5);
  EXPECT_EQ(NiceAxis(7).top, 8);
  EXPECT_EQ(NiceAxis(7).step, 2);
  EXPECT_EQ(NiceAxis(23).top, 25);
  EXPECT_EQ(NiceAxis(23).step, 5);
  EXPECT_EQ(NiceAxis(1001).top, 1500);
  EXPECT_EQ(NiceAxis(1001).step, 500);
}

TEST(Charts, ClampRatiosOutsideZeroToOne) {
  const std::string full = RemoteShareChart(1.5);
  EXPECT_THAT(full, HasSubstr(">100,0" NBSP "%</text>"));
  EXPECT_THAT(RemoteShareChart(-1), HasSubstr(">0,0" NBSP "%</text>"));
  EXPECT_THAT(RemoteShareChart(-1), Not(HasSubstr("stroke-dasharray")));
}

}  // namespace
}  // namespace renfort::ctl
