#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"

namespace aidmatch::io {
namespace {

TEST(CsvTable, QuotesCommasAndLineBreaks) {
  const Table table = Table::parse(
      "t.csv", "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n");
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table.raw(0, "a"), "x, y");
  EXPECT_EQ(table.raw(0, "b"), "say \"hi\"");
  EXPECT_EQ(table.raw(1, "a"), "two\nlines");
  EXPECT_EQ(table.location(1), "t.csv:3");
}

TEST(CsvTable, ByteOrderMarkAndBlankLines) {
  const Table table = Table::parse("t.csv", "\xEF\xBB\xBF" "a,b\n\n1,2\n\n");
  ASSERT_EQ(table.size(), 1u);
  EXPECT_TRUE(table.has_column("a"));
  EXPECT_EQ(table.raw(0, "b"), "2");
  EXPECT_EQ(table.location(0), "t.csv:3");
}

TEST(CsvTable, WrongFieldCountNamesLine) {
  try {
    Table::parse("t.csv", "a,b\n1,2\n1,2,3\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "t.csv:3: 3 fields, but the header has 2; quote fields that "
                 "contain commas");
  }
}

TEST(CsvTable, UnclosedQuoteIsAnError) {
  EXPECT_THROW(Table::parse("t.csv", "a\n\"open\n"), InputError);
}

TEST(CsvTable, EmptyFileIsAnError) {
  try {
    Table::parse("empty.csv", "");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "empty.csv: the file is empty; expected a header row");
  }
}

TEST(CsvTable, DuplicateColumnIsAnError) {
  EXPECT_THROW(Table::parse("t.csv", "a,a\n1,2\n"), InputError);
}

TEST(CsvTable, UnknownExtensionIsAnError) {
  EXPECT_THROW(Table::parse("t.txt", "a\n1\n"), InputError);
}

TEST(JsonTable, ObjectsBecomeRows) {
  const Table table = Table::parse(
      "t.json", R"([{"id": "L1", "capacity": 2, "languages": ["a", "b"],
                     "minor": true, "note": null}, {"id": "L2"}])");
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table.raw(0, "capacity"), "2");
  EXPECT_EQ(table.raw(0, "languages"), "a;b");
  EXPECT_EQ(table.raw(0, "minor"), "true");
  EXPECT_EQ(table.raw(0, "note"), "");
  EXPECT_EQ(table.raw(1, "capacity"), "");
  EXPECT_EQ(table.location(1), "t.json: [1]");
}

TEST(JsonTable, MalformedJsonNamesFile) {
  try {
    Table::parse("bad.json", "[{\"id\": }]");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json: malformed JSON"),
              std::string::npos)
        << e.what();
  }
}

TEST(JsonTable, NestedObjectIsAnError) {
  EXPECT_THROW(Table::parse("t.json", R"([{"id": {"x": 1}}])"), InputError);
  EXPECT_THROW(Table::parse("t.json", R"({"id": 1})"), InputError);
}

TEST(Record, TypedGettersReportValueAndRange) {
  const Table table =
      Table::parse("p.csv", "n,x,b,d,l\n-2,nan,maybe,2024-02-30, a ; ;b \n");
  const Record record(table, 0);
  try {
    record.integer("n", 0, 10, std::nullopt);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "p.csv:2: field \"n\": invalid value \"-2\"; expected an "
                 "integer from 0 to 10");
  }
  EXPECT_THROW(record.number("x", 0.0, 1.0, std::nullopt), InputError);
  EXPECT_THROW(record.boolean("b", false), InputError);
  EXPECT_THROW(record.date("d", true), InputError);
  EXPECT_EQ(record.list("l"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(record.integer("missing", 0, 10, 7), 7);
}

TEST(CsvTable, TooManyFieldsStopsEarly) {
  const std::string commas(5000, ',');
  try {
    Table::parse("wide.csv", "a\n" + commas + "\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "wide.csv:2: more than 1024 fields in one record; check "
                 "that this is the intended CSV file");
  }
}

TEST(Record, LongValueIsShortenedInMessage) {
  const Table table =
      Table::parse("p.csv", "n\n" + std::string(500, '7') + "\n");
  try {
    Record(table, 0).integer("n", 0, 10, std::nullopt);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "p.csv:2: field \"n\": invalid value \"" +
                  std::string(80, '7') +
                  "... (500 bytes)\"; expected an integer from 0 to 10");
  }
}

TEST(Csv, EscapeQuotesWhenNeeded) {
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"x\""), "\"say \"\"x\"\"\"");
}

}  // namespace
}  // namespace aidmatch::io
