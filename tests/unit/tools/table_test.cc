#include "tools/renfortctl/table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace renfort::ctl {
namespace {

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Hôpital Éloi"), 12u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81t\xC3\xA9"), 3u);  // "e" + combining acute, "t", "é"
  EXPECT_EQ(DisplayWidth("日本"), 4u);
  EXPECT_EQ(DisplayWidth("→"), 1u);
}

TEST(TruncateToWidth, CutsOnCharactersAndMarksTheCut) {
  EXPECT_EQ(TruncateToWidth("Écoute", 10), "Écoute");
  EXPECT_EQ(TruncateToWidth("Épicerie solidaire", 5), "Épic…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("ééééééé", 4)), 4u);
}

TEST(Table, AlignsFrenchTextByColumns) {
  Table table({"NAME", "DEPT"});
  table.AddRow({"Hôpital Saint-Éloi", "59"});
  table.AddRow({"Banque alimentaire", "2A"});
  EXPECT_EQ(table.Render(),
            "NAME                DEPT\n"
            "Hôpital Saint-Éloi  59\n"
            "Banque alimentaire  2A\n");
}

TEST(Table, TruncatesLongCellsAndFlattensLineBreaks) {
  Table table({"A", "B"}, 6);
  table.AddRow({"ligne\nsuivante", "x"});
  EXPECT_EQ(table.Render(), "A       B\nligne…  x\n");
}

TEST(Table, SaysNoneWhenEmpty) {
  EXPECT_EQ(Table({"ID", "TITLE"}).Render(), "ID  TITLE\n(none)\n");
}

TEST(RenderFields, AlignsNamesAndSkipsEmptyValues) {
  EXPECT_EQ(
      RenderFields({{"id", "m-1"}, {"status reason", ""}, {"domain", "-"}, {"département", "974"}}),
      "id           m-1\n"
      "département  974\n");
}

}  // namespace
}  // namespace renfort::ctl
