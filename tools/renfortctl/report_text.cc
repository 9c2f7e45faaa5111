#include "tools/renfortctl/report_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "renfort/v1/common.pb.h"
#include "renfort/v1/participation.pb.h"

namespace renfort::ctl {
namespace {

constexpr char kNarrowNoBreakSpace[] = "\u202f";

// "1234567" → "1 234 567".
std::string GroupThousands(const std::string& digits) {
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += kNarrowNoBreakSpace;
    grouped += digits[i];
  }
  return grouped;
}

const char* const kMonths[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                               "juil.", "août",  "sept.", "oct.", "nov.", "déc."};

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string FrenchInteger(int64_t value) {
  // Through unsigned so that the most negative value has a magnitude too.
  const uint64_t magnitude =
      value < 0 ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
  return absl::StrCat(value < 0 ? "-" : "", GroupThousands(absl::StrCat(magnitude)));
}

std::string FrenchDecimal(double value, int decimals) {
  if (!std::isfinite(value)) return "–";
  const double scale = std::pow(10.0, decimals);
  const double scaled = std::round(std::fabs(value) * scale);
  const auto units = static_cast<int64_t>(std::floor(scaled / scale));
  const auto fraction = static_cast<int64_t>(scaled - static_cast<double>(units) * scale);
  const bool negative = value < 0 && scaled > 0;
  std::string text = absl::StrCat(negative ? "-" : "", FrenchInteger(units));
  if (decimals > 0) {
    std::string digits = absl::StrCat(fraction);
    digits.insert(0, static_cast<size_t>(decimals) - std::min<size_t>(digits.size(), decimals),
                  '0');
    absl::StrAppend(&text, ",", digits);
  }
  return text;
}

std::string FrenchPercent(double ratio) {
  return absl::StrCat(FrenchDecimal(ratio * 100, 1), "\u00a0%");
}

std::string FrenchDate(absl::Time time, absl::TimeZone zone) {
  const absl::CivilDay day = absl::ToCivilDay(time, zone);
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1], " ", day.year());
}

std::string FrenchDayMonth(absl::Time time, absl::TimeZone zone) {
  return absl::FormatTime("%d/%m", time, zone);
}

std::string FrenchDateTime(absl::Time time, absl::TimeZone zone) {
  return absl::StrCat(FrenchDate(time, zone), " à ", absl::FormatTime("%H:%M", time, zone));
}

std::string FrenchStatusName(int status) {
  switch (status) {
    case v1::PARTICIPATION_STATUS_WAITLISTED:
      return "Liste d'attente";
    case v1::PARTICIPATION_STATUS_PENDING:
      return "En attente";
    case v1::PARTICIPATION_STATUS_IN_REVIEW:
      return "En cours d'examen";
    case v1::PARTICIPATION_STATUS_ACCEPTED:
      return "Acceptée";
    case v1::PARTICIPATION_STATUS_REFUSED:
      return "Refusée";
    case v1::PARTICIPATION_STATUS_CANCELLED:
      return "Annulée";
    case v1::PARTICIPATION_STATUS_DONE:
      return "Réalisée";
    case v1::PARTICIPATION_STATUS_NO_SHOW:
      return "Absence";
    default:
      return "Statut inconnu";
  }
}

std::string FrenchDomainName(int domain) {
  switch (domain) {
    case v1::DOMAIN_HEALTH:
      return "Santé";
    case v1::DOMAIN_PREVENTION_PROTECTION:
      return "Prévention et protection";
    case v1::DOMAIN_ART_CULTURE:
      return "Art et culture";
    case v1::DOMAIN_SPORT:
      return "Sport";
    case v1::DOMAIN_INTERNATIONAL_COOPERATION:
      return "Coopération internationale";
    case v1::DOMAIN_SOLIDARITY_INSERTION:
      return "Solidarité et insertion";
    case v1::DOMAIN_MEMORY_CITIZENSHIP:
      return "Mémoire et citoyenneté";
    case v1::DOMAIN_EDUCATION:
      return "Éducation pour tous";
    case v1::DOMAIN_NATURE_PROTECTION:
      return "Protection de la nature";
    case v1::DOMAIN_SKILLS_BASED:
      return "Mécénat de compétences";
    default:
      return "Domaine inconnu";
  }
}

}  // namespace renfort::ctl
