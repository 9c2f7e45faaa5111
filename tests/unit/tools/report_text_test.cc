// The French words and numbers of the coordinator report, and its HTML escaping.
#include "tools/renfortctl/report_text.h"

#include <gtest/gtest.h>

#include <limits>

#include "renfort/v1/common.pb.h"
#include "renfort/v1/participation.pb.h"
#include "tools/renfortctl/report_period.h"

namespace renfort::ctl {
namespace {

// U+202F NARROW NO-BREAK SPACE, the French thousands separator; U+00A0 before "%".
#define NNBSP "\u202f"
#define NBSP "\u00a0"

TEST(HtmlEscape, EscapesTheFiveCharactersThatEndTextOrAttributes) {
  EXPECT_EQ(HtmlEscape("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  EXPECT_EQ(HtmlEscape("Villeneuve-d'Ascq"), "Villeneuve-d&#39;Ascq");
  EXPECT_EQ(HtmlEscape("Évian-les-Bains"), "Évian-les-Bains");  // UTF-8 passes through
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");  // already escaped text is escaped again
}

TEST(FrenchInteger, GroupsThousandsWithANarrowNoBreakSpace) {
  EXPECT_EQ(FrenchInteger(0), "0");
  EXPECT_EQ(FrenchInteger(999), "999");
  EXPECT_EQ(FrenchInteger(1000), "1" NNBSP "000");
  EXPECT_EQ(FrenchInteger(230229), "230" NNBSP "229");
  EXPECT_EQ(FrenchInteger(-1234567), "-1" NNBSP "234" NNBSP "567");
  EXPECT_EQ(FrenchInteger(std::numeric_limits<int64_t>::min()),
            "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "808");
}

TEST(FrenchDecimal, UsesADecimalCommaAndRoundsHalfAwayFromZero) {
  EXPECT_EQ(FrenchDecimal(5.25, 1), "5,3");
  EXPECT_EQ(FrenchDecimal(5.5, 1), "5,5");
  EXPECT_EQ(FrenchDecimal(0.05, 1), "0,1");
  EXPECT_EQ(FrenchDecimal(3.14159, 2), "3,14");
  EXPECT_EQ(FrenchDecimal(0.04, 2), "0,04");
  EXPECT_EQ(FrenchDecimal(1234.5, 1), "1" NNBSP "234,5");
  EXPECT_EQ(FrenchDecimal(2, 0), "2");
  EXPECT_EQ(FrenchDecimal(-2.25, 1), "-2,3");
  EXPECT_EQ(FrenchDecimal(-0.04, 1), "0,0");  // no "-0,0"
  EXPECT_EQ(FrenchDecimal(std::numeric_limits<double>::quiet_NaN(), 1), "–");
}

TEST(FrenchPercent, ShowsOneDecimalAndANoBreakSpaceBeforeThePercentSign) {
  EXPECT_EQ(FrenchPercent(2.0 / 7.0), "28,6" NBSP "%");
  EXPECT_EQ(FrenchPercent(0), "0,0" NBSP "%");
  EXPECT_EQ(FrenchPercent(1), "100,0" NBSP "%");
  EXPECT_EQ(FrenchPercent(5.0 / 9.0), "55,6" NBSP "%");
}

TEST(FrenchDates, ReadInTheReportsZone) {
  const absl::TimeZone paris = ReportTimeZone();
  ASSERT_EQ(paris.name(), "Europe/Paris");
  // 2026-12-02T01:40:00Z is 02:40 in Paris (CET).
  const absl::Time time = absl::FromUnixSeconds(1796175600);
  EXPECT_EQ(FrenchDate(time, paris), "2 déc. 2026");
  EXPECT_EQ(FrenchDayMonth(time, paris), "02/12");
  EXPECT_EQ(FrenchDateTime(time, paris), "2 déc. 2026 à 02:40");
  // 2026-08-31T22:30:00Z is already 1 September in Paris (CEST).
  EXPECT_EQ(FrenchDate(absl::FromUnixSeconds(1788215400), paris), "1 sept. 2026");
  EXPECT_EQ(FrenchDate(absl::FromUnixSeconds(1788215400), absl::UTCTimeZone()), "31 août 2026");
}

TEST(FrenchNames, NameEveryStatusAndDomain) {
  EXPECT_EQ(FrenchStatusName(v1::PARTICIPATION_STATUS_ACCEPTED), "Acceptée");
  EXPECT_EQ(FrenchStatusName(v1::PARTICIPATION_STATUS_NO_SHOW), "Absence");
  EXPECT_EQ(FrenchStatusName(99), "Statut inconnu");
  EXPECT_EQ(FrenchDomainName(v1::DOMAIN_SOLIDARITY_INSERTION), "Solidarité et insertion");
  EXPECT_EQ(FrenchDomainName(0), "Domaine inconnu");
  for (int status = 1; v1::ParticipationStatus_IsValid(status); ++status) {
    EXPECT_NE(FrenchStatusName(status), "Statut inconnu") << status;
  }
  for (int domain = 1; v1::Domain_IsValid(domain); ++domain) {
    EXPECT_NE(FrenchDomainName(domain), "Domaine inconnu") << domain;
  }
}

}  // namespace
}  // namespace renfort::ctl
