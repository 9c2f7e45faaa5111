#include "tools/renfortctl/import_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace renfort::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<std::string> Texts(const CsvRecord& record) {
  std::vector<std::string> texts;
  for (const CsvField& field : record.fields) texts.push_back(field.text);
  return texts;
}

TEST(ParseCsv, SplitsRecordsAndFieldsWithTheirLineNumbers) {
  const std::vector<CsvRecord> records = ParseCsv("a,b,c\n1,2,3\r\n4,5,6");
  ASSERT_THAT(records, SizeIs(3));
  EXPECT_THAT(Texts(records[0]), ElementsAre("a", "b", "c"));
  EXPECT_THAT(Texts(records[1]), ElementsAre("1", "2", "3"));
  EXPECT_THAT(Texts(records[2]), ElementsAre("4", "5", "6"));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 3);
  for (const CsvRecord& record : records) EXPECT_THAT(record.error, IsEmpty());
}

TEST(ParseCsv, UnquotesFieldsHoldingCommasQuotesAndLineBreaks) {
  const std::vector<CsvRecord> records = ParseCsv("\"Dupont, Marie\",\"dit \"\"Mimi\"\"\",\"l1\nl2\"\nnext,x,y\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_THAT(Texts(records[0]), ElementsAre("Dupont, Marie", "dit \"Mimi\"", "l1\nl2"));
  // The quoted line break counts: the next record starts on line 3.
  EXPECT_EQ(records[1].line, 3);
}

TEST(ParseCsv, TellsAnAbsentFieldFromAQuotedEmptyOne) {
  const std::vector<CsvRecord> records = ParseCsv("a,,\"\"\n");
  ASSERT_THAT(records, SizeIs(1));
  ASSERT_THAT(records[0].fields, SizeIs(3));
  EXPECT_FALSE(records[0].fields[0].absent());
  EXPECT_TRUE(records[0].fields[1].absent());
  EXPECT_FALSE(records[0].fields[2].absent());
  EXPECT_EQ(records[0].fields[2].text, "");
}

TEST(ParseCsv, SkipsBlankLinesButCountsThem) {
  const std::vector<CsvRecord> records = ParseCsv("a\n\n\r\nb\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[1].line, 4);
}

TEST(ParseCsv, ReportsAStrayQuoteAndResumesOnTheNextLine) {
  const std::vector<CsvRecord> records = ParseCsv("ok,1\nbad\"x,2\nok,3\n");
  ASSERT_THAT(records, SizeIs(3));
  EXPECT_THAT(records[1].error, HasSubstr("quote inside an unquoted field"));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[2].error, IsEmpty());
  EXPECT_THAT(Texts(records[2]), ElementsAre("ok", "3"));
  EXPECT_EQ(records[2].line, 3);
}

TEST(ParseCsv, ReportsTextAfterAClosingQuote) {
  const std::vector<CsvRecord> records = ParseCsv("\"a\"b,1\nok,2\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_THAT(records[0].error, HasSubstr("after a closing quote"));
  EXPECT_THAT(records[1].error, IsEmpty());
}

TEST(ParseCsv, ReportsAnUnterminatedQuoteOnTheLineWhereItOpens) {
  const std::vector<CsvRecord> records = ParseCsv("ok,1\n\"never closed,2\nmore\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[1].error, HasSubstr("unterminated quoted field"));
}

TEST(CsvParser, GivesTheSameRecordsWhenTheInputArrivesInPieces) {
  const std::string input = "h1,h2\n\"a,\"\"b\"\"\r\nc\",d\r\ne,f\n\ng,\"\"\n";
  const std::vector<CsvRecord> whole = ParseCsv(input);
  for (size_t cut = 0; cut <= input.size(); ++cut) {
    // Feed the first `cut` bytes, then everything: what a block-wise reader does.
    CsvParser parser;
    std::vector<CsvRecord> pieces;
    size_t offset = 0;
    CsvRecord record;
    std::string_view first(input.data(), cut);
    while (parser.Next(first, false, &offset, &record) == CsvParser::Outcome::kRecord) {
      pieces.push_back(record);
    }
    while (parser.Next(input, true, &offset, &record) == CsvParser::Outcome::kRecord) {
      pieces.push_back(record);
    }
    ASSERT_EQ(pieces.size(), whole.size()) << "cut at " << cut;
    for (size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(Texts(pieces[i]), Texts(whole[i])) << "cut at " << cut;
      EXPECT_EQ(pieces[i].line, whole[i].line) << "cut at " << cut;
    }
  }
}

TEST(ParseCsv, NeverFailsOnArbitraryBytes) {
  std::mt19937 random(7);
  const std::string alphabet = std::string("ab,\"\r\n\0\xff", 9);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    const int length = static_cast<int>(random() % 64);
    for (int i = 0; i < length; ++i) bytes += alphabet[random() % alphabet.size()];
    const std::vector<CsvRecord> records = ParseCsv(bytes);
    int64_t previous = 0;
    for (const CsvRecord& record : records) {
      EXPECT_GT(record.line, previous) << "input: " << bytes;
      previous = record.line;
    }
  }
}

TEST(IsValidText, AcceptsUtf8AndRefusesBrokenSequencesAndNul) {
  EXPECT_TRUE(IsValidText("Élodie Lefèvre – 日本"));
  EXPECT_FALSE(IsValidText(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidText("\xff"));
  EXPECT_FALSE(IsValidText("\xc3"));          // truncated
  EXPECT_FALSE(IsValidText("\xc0\xaf"));      // overlong
  EXPECT_FALSE(IsValidText("\xed\xa0\x80"));  // surrogate
}

}  // namespace
}  // namespace renfort::ctl
