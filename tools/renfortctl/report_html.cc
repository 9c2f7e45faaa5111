#include "tools/renfortctl/report_html.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/renfortctl/report_charts.h"
#include "tools/renfortctl/report_style.h"
#include "tools/renfortctl/report_text.h"

namespace renfort::ctl {
namespace {

int64_t CountOf(const v1::ParticipationStats& stats, v1::ParticipationStatus status) {
  for (const v1::ParticipationStatusCount& count : stats.status_counts()) {
    if (count.status() == status) return count.count();
  }
  return 0;
}

// "Département 59", "Départements 59, 62", or the caller's scope when none was named.
std::string ScopeTitle(const std::vector<std::string>& codes) {
  if (codes.empty()) return "Tout votre périmètre";
  return absl::StrCat(codes.size() == 1 ? "Département " : "Départements ",
                      absl::StrJoin(codes, ", "));
}

std::string Cell(const std::string& tag, const std::string& html) {
  return absl::StrCat("<", tag, ">", html, "</", tag, ">");
}

std::string Row(const std::vector<std::string>& cells, const std::string& tag = "td") {
  std::string row = "<tr>";
  for (const std::string& cell : cells) absl::StrAppend(&row, Cell(tag, cell));
  return row + "</tr>";
}

std::string Header(const CoordinatorReport& report) {
  const std::string title = ScopeTitle(report.department_codes);
  const absl::Time last_moment = report.period_end - absl::Seconds(1);
  return absl::StrCat(
      "<header><h1>Rapport de coordination</h1><p class=\"scope\">", HtmlEscape(title), " · du ",
      FrenchDate(report.period_start, report.zone), " au ", FrenchDate(last_moment, report.zone),
      " (", FrenchInteger(static_cast<int64_t>(report.weeks.size())),
      report.weeks.size() > 1 ? " semaines" : " semaine", ")</p><p class=\"generated\">Généré le ",
      FrenchDateTime(report.generated_at, report.zone), " (fuseau horaire ",
      HtmlEscape(report.zone.name()), ")</p></header>");
}

std::string Kpi(const std::string& label, const std::string& value) {
  return absl::StrCat("<div class=\"kpi\"><dt>", label, "</dt><dd>", value, "</dd></div>");
}

std::string Headline(const v1::ParticipationStats& total) {
  return absl::StrCat(
      "<dl class=\"kpis\">", Kpi("Participations", FrenchInteger(total.participation_count())),
      Kpi("Missions actives", FrenchInteger(total.mission_count())),
      Kpi("Places pourvues", absl::StrCat(FrenchInteger(total.places_filled()), " / ",
                                          FrenchInteger(total.places_offered()))),
      Kpi("Taux de remplissage", FrenchPercent(total.fill_rate())),
      Kpi("Heures de bénévolat", absl::StrCat(FrenchDecimal(total.hours_given(), 1), " h")),
      Kpi("Taux d'absence", FrenchPercent(total.no_show_rate())),
      Kpi("Part à distance", FrenchPercent(total.remote_share())), "</dl>");
}

std::string Swatch(const std::string& colour, const std::string& label) {
  return absl::StrCat("<li><span class=\"swatch\" style=\"background:", colour, "\"></span>",
                      HtmlEscape(label), "</li>");
}

std::string WeeklySection(const CoordinatorReport& report) {
  std::string html = "<section class=\"weeks\"><h2>Participations par semaine et par statut</h2>";
  const std::vector<v1::ParticipationStatus> statuses = StatusesPresent(report.weeks);
  if (statuses.empty()) {
    return html + "<p class=\"empty\">Aucune participation créée sur la période.</p></section>";
  }
  absl::StrAppend(&html, WeeklyStatusChart(report.weeks, statuses, report.zone),
                  "<ul class=\"legend\">");
  for (const v1::ParticipationStatus status : statuses) {
    absl::StrAppend(&html, Swatch(StatusColour(status), FrenchStatusName(status)));
  }
  std::vector<std::string> head = {"Semaine du"};
  for (const v1::ParticipationStatus status : statuses) {
    head.push_back(HtmlEscape(FrenchStatusName(status)));
  }
  head.push_back("Total");
  head.push_back("À distance");
  absl::StrAppend(&html, "</ul><table><thead>", Row(head, "th"), "</thead><tbody>");
  for (const ReportWeek& week : report.weeks) {
    std::vector<std::string> cells = {FrenchDate(week.start, report.zone)};
    for (const v1::ParticipationStatus status : statuses) {
      cells.push_back(FrenchInteger(CountOf(week.stats, status)));
    }
    cells.push_back(FrenchInteger(week.stats.participation_count()));
    cells.push_back(FrenchPercent(week.stats.remote_share()));
    absl::StrAppend(&html, Row(cells));
  }
  return html + "</tbody></table></section>";
}

std::string DomainSection(const CoordinatorReport& report) {
  std::string html = "<section class=\"domains\"><h2>Taux de remplissage par domaine</h2>";
  const std::string chart = FillRateChart(report.domains);
  if (chart.empty()) {
    return html + "<p class=\"empty\">Aucune mission active sur la période.</p></section>";
  }
  absl::StrAppend(&html, chart, "<table><thead>",
                  Row({"Domaine", "Missions actives", "Places offertes", "Places pourvues",
                       "Taux de remplissage", "Participations"},
                      "th"),
                  "</thead><tbody>");
  for (const v1::ParticipationStatsGroup& group : report.domains) {
    const v1::ParticipationStats& stats = group.stats();
    absl::StrAppend(
        &html,
        Row({HtmlEscape(FrenchDomainName(group.domain())), FrenchInteger(stats.mission_count()),
             FrenchInteger(stats.places_offered()), FrenchInteger(stats.places_filled()),
             FrenchPercent(stats.fill_rate()), FrenchInteger(stats.participation_count())}));
  }
  return html + "</tbody></table></section>";
}

std::string RemoteSection(const v1::ParticipationStats& total) {
  std::string html = "<section class=\"remote\"><h2>Part des participations à distance</h2>";
  if (total.participation_count() == 0) {
    return html + "<p class=\"empty\">Aucune participation créée sur la période.</p></section>";
  }
  const auto remote = static_cast<int64_t>(
      std::llround(total.remote_share() * static_cast<double>(total.participation_count())));
  absl::StrAppend(&html, "<div class=\"ring\">", RemoteShareChart(total.remote_share()), "<div><p>",
                  FrenchPercent(total.remote_share()),
                  " des participations créées sur la période concernent des missions à "
                  "distance : ",
                  FrenchInteger(remote), " sur ", FrenchInteger(total.participation_count()),
                  ".</p><ul class=\"legend\">", Swatch(RemoteColour(), "À distance"),
                  Swatch(OnSiteColour(), "Sur site ou hybride"), "</ul></div></div></section>");
  return html;
}

std::string CommuneRow(const std::string& name, const v1::ParticipationStats& stats) {
  return Row({name, FrenchInteger(stats.mission_count()), FrenchInteger(stats.places_offered()),
              FrenchInteger(stats.places_filled()), FrenchPercent(stats.fill_rate()),
              FrenchInteger(stats.participation_count())});
}

std::string CommuneSection(const CoordinatorReport& report) {
  std::string html = "<section class=\"communes\"><h2>Communes</h2>";
  if (report.communes.empty()) {
    return html + "<p class=\"empty\">Aucune mission ni participation sur la période.</p>" +
           "</section>";
  }
  // The busiest communes first; the INSEE code breaks ties so the order is stable.
  std::vector<const v1::ParticipationStatsGroup*> rows;
  for (const v1::ParticipationStatsGroup& group : report.communes) rows.push_back(&group);
  std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
    if (a->stats().participation_count() != b->stats().participation_count())
      return a->stats().participation_count() > b->stats().participation_count();
    if (a->stats().mission_count() != b->stats().mission_count())
      return a->stats().mission_count() > b->stats().mission_count();
    return a->commune().insee_code() < b->commune().insee_code();
  });
  absl::StrAppend(&html, "<table><thead>",
                  Row({"Commune", "Missions actives", "Places offertes", "Places pourvues",
                       "Taux de remplissage", "Participations"},
                      "th"),
                  "</thead><tbody>");
  for (const v1::ParticipationStatsGroup* group : rows) {
    const std::string name = absl::StrCat(HtmlEscape(group->commune().name()), " (",
                                          HtmlEscape(group->commune().insee_code()), ")");
    absl::StrAppend(&html, CommuneRow(name, group->stats()));
  }
  absl::StrAppend(&html, "</tbody><tfoot>", CommuneRow("Total", report.total),
                  "</tfoot></table></section>");
  return html;
}

constexpr char kDefinitions[] =
    "<footer><dl>"
    "<dt>Participations</dt><dd>Candidatures et invitations créées pendant la période (ou la "
    "semaine), comptées selon leur statut actuel.</dd>"
    "<dt>Missions actives</dt><dd>Missions publiées avant la fin de la période et ni clôturées "
    "ni annulées avant son début.</dd>"
    "<dt>Taux de remplissage</dt><dd>Places prises par des bénévoles acceptés (acceptés, "
    "réalisés ou absents) sur les places offertes par les missions actives.</dd>"
    "<dt>Part à distance</dt><dd>Participations à des missions entièrement à distance ; les "
    "missions hybrides comptent comme sur site.</dd>"
    "<dt>Communes</dt><dd>Commune de la première adresse de chaque mission, ou de son "
    "organisation pour une mission à distance.</dd>"
    "</dl><p>Source : renfort, MissionService.GetParticipationStats.</p></footer>";

}  // namespace

std::string RenderReportHtml(const CoordinatorReport& report) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Rapport de coordination — ",
      HtmlEscape(ScopeTitle(report.department_codes)), "</title><style>", kReportStyle,
      "</style></head><body><main>", Header(report), Headline(report.total), WeeklySection(report),
      DomainSection(report), RemoteSection(report.total), CommuneSection(report), kDefinitions,
      "</main></body></html>\n");
}

}  // namespace renfort::ctl
