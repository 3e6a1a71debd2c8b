// Inputs that the libFuzzer harnesses in tests/fuzz found to break a
// parser, and the kinds of bad input in docs/reliability.md that no other
// test covers. Each test checks the documented exception and its message.
#include <gtest/gtest.h>

#include <string>

#include "aidmatch/aidmatch.hpp"
#include "error_of.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

using testing::error_of;
using testing::tiny_dataset;

const std::string kRegionHeader = "code,name,level,parent_code,lat,lon\n";
const std::string kProvince = "330000,P,province,,30,120\n";
const char* kLawyer = "L1,lawyer,A,,330102,,,,,,,,1,0,\n";
const char* kMatter = "M1,other,none,,330102,2024-06-01,,,,,,,,,\n";

// Loads and finalizes a regions file, as io::load_dataset does.
void load_region_file(const std::string& name, const std::string& text) {
  RegionGraph regions;
  io::load_regions(io::Table::parse(name, text), regions);
  regions.finalize();
}

// Returns `depth` nested empty JSON arrays: "[[...]]".
std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// ---------------------------------------------------------------------------
// Findings of the fuzzers.

// The JSON parser reports a number beyond the double range as
// nlohmann::json::out_of_range, which SelectionState::parse let through.
TEST(FuzzFindings, StateNumberOverflowIsInputError) {
  EXPECT_EQ(error_of([] {
              SelectionState::parse(R"({"draws": 1e400})", "s.json");
            }),
            "s.json: not valid JSON ([json.exception.out_of_range.406] "
            "number overflow parsing '1e400'); restore the file or delete "
            "it to start afresh");
  // The input as the fuzzer found it.
  const std::string found =
      "{\"aw*s\": 1.2e0666666626[66666666666660000000000000000000000000000"
      "00000000000\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0\xd0"
      "\xd0\xd0\xd0" "0C";
  EXPECT_EQ(error_of([&] { SelectionState::parse(found, "s.json"); })
                .rfind("s.json: not valid JSON ([json.exception.out_of_range."
                       "406] number overflow parsing '1.2e0666666626'",
                       0),
            0u);
}

// Each input of the next four tests overflowed the stack. The messages of
// SelectionState::parse and parse_policy quoted the offending value with
// json::dump(), which recurses once per nesting level. The policy parser
// followed nested conditions and table references recursively. The parsers
// now limit nesting and table chains before any recursion.
TEST(FuzzFindings, StateDeeplyNestedValueIsInputError) {
  const std::string text = "{\"draws\": " + nested_arrays(100000) + "}";
  EXPECT_EQ(error_of([&] { SelectionState::parse(text, "s.json"); }),
            "s.json: arrays and objects nested more than 8 levels deep; "
            "check that this is the intended file");
}

TEST(FuzzFindings, PolicyDeeplyNestedValueIsInputError) {
  const std::string text =
      R"({"format": "aidmatch-policy/2", "name": )" + nested_arrays(100000) +
      R"(, "version": "1", "rules": [], "scores": []})";
  EXPECT_EQ(error_of([&] { parse_policy(text, "p.json"); }),
            "p.json: arrays and objects nested more than 64 levels deep; "
            "check that this is the intended file");
}

TEST(FuzzFindings, PolicyDeeplyNestedConditionIsInputError) {
  std::string condition;
  for (int i = 0; i < 100000; ++i) condition += R"({"not": )";
  condition += R"({"minor": true})" + std::string(100000, '}');
  const std::string text =
      R"({"format": "aidmatch-policy/2", "name": "n", "version": "1",
          "rules": [{"id": "r", "require": )" +
      condition + R"(}], "scores": []})";
  EXPECT_THROW(parse_policy(text, "p.json"), InputError);
}

// A policy whose table t0 takes its value from t1, t1 from t2, and so on up
// to t(count - 1), which returns 1, or refers back to t0 when `cycle`.
std::string policy_with_table_chain(int count, bool cycle) {
  std::string tables;
  for (int i = 0; i < count; ++i) {
    const std::string value =
        i + 1 < count ? R"({"table": "t)" + std::to_string(i + 1) + "\"}"
        : cycle       ? std::string(R"({"table": "t0"})")
                      : std::string("1");
    tables += (i > 0 ? "," : "") + std::string(R"({"id": "t)") +
              std::to_string(i) +
              R"(", "hit_policy": "first", "rows": [{"value": )" + value +
              "}]}";
  }
  return R"({"format": "aidmatch-policy/2", "name": "n", "version": "1",
             "rules": [], "scores": [{"id": "s", "weight": 1, "table": "t0"}],
             "tables": [)" +
         tables + "]}";
}

// The cycle check followed the references recursively.
TEST(FuzzFindings, PolicyLongTableChainIsInputError) {
  const std::string text = policy_with_table_chain(100000, false);
  EXPECT_EQ(error_of([&] { parse_policy(text, "p.json"); }),
            "p.json: tables[0]: a chain of 100000 tables, each referring "
            "to the next, starts here; expected at most 64");
  const std::string longest = policy_with_table_chain(64, false);
  EXPECT_NO_THROW(parse_policy(longest, "p.json"));
  EXPECT_EQ(error_of([] {
              parse_policy(policy_with_table_chain(65, false), "p.json");
            }),
            "p.json: tables[0]: a chain of 65 tables, each referring to "
            "the next, starts here; expected at most 64");
}

// A message named every table of a cycle: 100,000 tables made a message of
// about 1 MB. A long cycle is named by its first and last five tables.
TEST(FuzzFindings, PolicyLongTableCycleMessageIsShort) {
  EXPECT_EQ(error_of([] {
              parse_policy(policy_with_table_chain(30, true), "p.json");
            }),
            "p.json: tables[29].rows[0].value.table: table reference "
            "cycle t0 -> t1 -> t2 -> t3 -> t4 -> ... (30 tables) -> t25 -> "
            "t26 -> t27 -> t28 -> t29 -> t0; expected references that end at "
            "a number");
}

// A key that appeared twice in one JSON object was accepted, and the last
// value won, in tables, policies and state files alike.
TEST(FuzzFindings, DuplicateJsonKeyIsInputError) {
  EXPECT_EQ(error_of([] {
              io::Table::parse("p.json", R"([{"id": "L1", "id": "L2"}])");
            }),
            "p.json: key \"id\" appears twice in one object; keep one");
  EXPECT_EQ(error_of([] {
              SelectionState::parse(R"({"draws": 1, "draws": 7})", "s.json");
            }),
            "s.json: key \"draws\" appears twice in one object; keep one");
  EXPECT_EQ(error_of([] {
              parse_policy(R"({"format": "aidmatch-policy/2", "name": "a",
                               "name": "b", "version": "1", "rules": [],
                               "scores": []})",
                           "p.json");
            }),
            "p.json: key \"name\" appears twice in one object; keep one");
}

// A problem line set the memory of the parser whatever the size of the
// file: "p min 100000000 0" (18 bytes) took 880 MB.
TEST(FuzzFindings, DimacsNodeCountBeyondFileIsInputError) {
  EXPECT_EQ(error_of([] {
              io::parse_dimacs_min("p min 100000000 0\n", "f.min");
            }),
            "f.min:1: the problem line declares 100000000 nodes, more than "
            "one per byte of this 18-byte text plus 1048576 isolated nodes; "
            "correct the node count, or raise the allowance "
            "(DimacsOptions::isolated_node_allowance, aidmatch-mcf "
            "--isolated-nodes) for a network with many nodes that no line "
            "mentions");
  // The allowance is the only slack: one node per byte is the bound
  // without it.
  const io::DimacsOptions none{.isolated_node_allowance = 0};
  EXPECT_EQ(io::parse_dimacs_min("p min 11 0\n", "f.min", none).nodes, 11);
  EXPECT_THROW(io::parse_dimacs_min("p min 12 0\n", "f.min", none),
               InputError);
  // Within the default allowance, isolated nodes are kept.
  const io::DimacsMinCostFlow isolated =
      io::parse_dimacs_min("p min 1048586 0\n", "f.min");
  EXPECT_EQ(isolated.nodes, 1048586);
  EXPECT_EQ(isolated.supply.size(), 1048586u);
  // A larger allowance admits more.
  const io::DimacsOptions wide{.isolated_node_allowance = 1 << 22};
  EXPECT_EQ(io::parse_dimacs_min("p min 4194304 0\n", "f.min", wide).nodes,
            4194304);
}

// ---------------------------------------------------------------------------
// Malformed CSV and JSON tables.

// A JSON list in a column of one value was joined with ';' and read as
// text, so a region could be named "a;b".
TEST(BadTables, JsonListInScalarColumn) {
  EXPECT_EQ(error_of([] {
              load_region_file(
                  "r.json",
                  R"([{"code": "330000", "name": ["P", "Q"], "level": "province",
                       "parent_code": "", "lat": 30, "lon": 120}])");
            }),
            "r.json: [0]: field \"name\": invalid value \"P;Q\"; expected "
            "one value, not a JSON list; lists belong in list columns only");
  EXPECT_EQ(error_of([] {
              load_region_file(
                  "r.json",
                  R"([{"code": "330000", "name": "P", "level": "province",
                       "parent_code": "", "lat": [30], "lon": 120}])");
            }),
            "r.json: [0]: field \"lat\": invalid value \"30\"; expected one "
            "value, not a JSON list; lists belong in list columns only");
}

TEST(BadTables, QuoteInsideUnquotedField) {
  EXPECT_EQ(error_of([] { io::Table::parse("t.csv", "a,b\nx\"y,1\n"); }),
            "t.csv:2: a quote inside an unquoted field; quote the whole "
            "field and double inner quotes");
  EXPECT_EQ(error_of([] { io::Table::parse("t.csv", "a,b\n\"x\"y,1\n"); }),
            "t.csv:2: text after a closing quote; quote the whole field");
}

TEST(BadTables, UnclosedQuoteNamesRecordLine) {
  EXPECT_EQ(error_of([] { io::Table::parse("t.csv", "a,b\n1,2\n\"x,1\n"); }),
            "t.csv:3: a quoted field is not closed before the end of the "
            "file");
}

TEST(BadTables, RowWithTooFewFields) {
  EXPECT_EQ(error_of([] { io::Table::parse("t.csv", "a,b,c\n1\n"); }),
            "t.csv:2: 1 fields, but the header has 3; quote fields that "
            "contain commas");
}

TEST(BadTables, JsonObjectWithTooManyFields) {
  std::string text = "[{";
  for (int i = 0; i <= 1024; ++i) {
    text += (i > 0 ? ",\"k" : "\"k") + std::to_string(i) + "\": 1";
  }
  text += "}]";
  EXPECT_EQ(error_of([&] { io::Table::parse("t.json", text); }),
            "t.json: [0]: more than 1024 fields in one object; check that "
            "this is the intended JSON file");
}

TEST(BadTables, DeeplyNestedJsonTable) {
  const std::string message =
      "t.json: arrays and objects nested more than 8 levels deep; check that "
      "this is the intended file";
  EXPECT_EQ(error_of([] {
              io::Table::parse("t.json", nested_arrays(100000));
            }),
            message);
  EXPECT_EQ(error_of([] {
              io::Table::parse("t.json",
                               "[{\"a\": " + nested_arrays(100000) + "}]");
            }),
            message);
}

TEST(BadTables, HeaderCellWithoutName) {
  EXPECT_EQ(error_of([] { io::Table::parse("t.csv", "code,,x\n1,2,3\n"); }),
            "t.csv:1: column 2 has an empty name; every header cell needs "
            "one");
}

// ---------------------------------------------------------------------------
// Encodings.

TEST(BadEncoding, JsonByteOrderMarkIsSkipped) {
  const io::Table table =
      io::Table::parse("t.json", "\xEF\xBB\xBF[{\"code\": \"330000\"}]");
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table.raw(0, "code"), "330000");
}

TEST(BadEncoding, Utf16IsRejected) {
  const std::string ascii = kRegionHeader + kProvince;
  std::string little_endian;
  for (char c : ascii) {
    little_endian += c;
    little_endian += '\0';
  }
  // With its byte order mark FF FE, which is not UTF-8.
  EXPECT_EQ(error_of([&] {
              load_region_file("r.csv", "\xFF\xFE" + little_endian);
            }),
            "r.csv:1: the text is not valid UTF-8; save the file as UTF-8 "
            "(for example convert it from GBK with iconv)");
  // Without it, the first high byte of each ASCII character is a NUL.
  EXPECT_EQ(error_of([&] { load_region_file("r.csv", little_endian); }),
            "r.csv:1: a NUL byte; the file must be UTF-8 text");
  EXPECT_EQ(error_of([&] {
              io::Table::parse("r.json", std::string("\xFF\xFE[\0]\0", 6));
            }).rfind("r.json: malformed JSON at byte 1: ", 0),
            0u);
}

TEST(BadEncoding, OverlongAndSurrogateUtf8) {
  // C0 AF is an overlong '/', ED A0 80 the surrogate U+D800.
  for (const char* name : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    EXPECT_EQ(error_of([&] {
                load_region_file("r.csv", kRegionHeader + "330000," + name +
                                              ",province,,30,120\n");
              }),
              "r.csv:2: the text is not valid UTF-8; save the file as UTF-8 "
              "(for example convert it from GBK with iconv)");
  }
}

TEST(BadEncoding, NulByteInCsv) {
  const std::string text =
      kRegionHeader + std::string("330000,P\0,province,,30,120\n", 27);
  EXPECT_EQ(error_of([&] { load_region_file("r.csv", text); }),
            "r.csv:2: a NUL byte; the file must be UTF-8 text");
}

TEST(BadEncoding, InvalidUtf8InJsonString) {
  EXPECT_EQ(error_of([] {
              io::Table::parse("r.json", "[{\"name\": \"\xD5\xE3\"}]");
            }).rfind("r.json: malformed JSON at byte 13: ", 0),
            0u);
}

// ---------------------------------------------------------------------------
// Huge numbers, NaN and infinities.

TEST(BadNumbers, CsvIntegerBeyondInt64) {
  EXPECT_EQ(error_of([] {
              tiny_dataset("L1,lawyer,A,,330102,,,,,,,,99999999999999999999,"
                           "0,\n",
                           kMatter);
            }),
            "providers.csv:2: field \"capacity\": invalid value "
            "\"99999999999999999999\"; expected an integer from 0 to "
            "1000000");
}

TEST(BadNumbers, CsvNonFiniteAndOutOfRange) {
  for (const char* value : {"1e999", "nan", "NaN", "inf", "-Infinity"}) {
    EXPECT_EQ(error_of([&] {
                load_region_file("r.csv", kRegionHeader +
                                              "330000,P,province,,30," +
                                              value + "\n");
              }),
              std::string("r.csv:2: field \"lon\": invalid value \"") +
                  value + "\"; expected a finite number from -180 to 180");
  }
}

// NOTE: a magnitude below the double range is rejected too, although it is
// a valid near-zero value, because std::from_chars reports it as out of
// range.
TEST(BadNumbers, CsvUnderflowIsRejected) {
  EXPECT_EQ(error_of([] {
              load_region_file("r.csv",
                               kRegionHeader + "330000,P,province,,1e-999,"
                                               "120\n");
            }),
            "r.csv:2: field \"lat\": invalid value \"1e-999\"; expected a "
            "finite number from -90 to 90");
}

TEST(BadNumbers, JsonIntegerBeyondUint64) {
  // The JSON parser reads 2^64 as a double, which an integer column
  // rejects.
  const io::DatasetTables tables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      std::nullopt,
      io::Table::parse("providers.json",
                       R"([{"id": "L1", "kind": "lawyer",
                            "home_region": "330102",
                            "capacity": 18446744073709551616}])"),
      std::nullopt,
      {},
      io::Table::parse("matters.csv", testing::kMatterHeader)};
  EXPECT_EQ(error_of([&] { io::load_dataset(tables); }),
            "providers.json: [0]: field \"capacity\": invalid value "
            "\"1.8446744073709552e+19\"; expected an integer from 0 to "
            "1000000");
}

TEST(BadNumbers, JsonNanLiteralInTable) {
  EXPECT_EQ(error_of([] { io::Table::parse("r.json", R"([{"lat": NaN}])"); }),
            "r.json: malformed JSON at byte 10: "
            "[json.exception.parse_error.101] parse error at line 1, column "
            "10: syntax error while parsing value - invalid literal; last "
            "read: '\"lat\": N'");
}

TEST(BadNumbers, StateDrawsBeyondUint64) {
  EXPECT_EQ(error_of([] {
              SelectionState::parse(R"({"draws": 18446744073709551616})",
                                    "s.json");
            }),
            "s.json: draws: expected a whole number from 0 to 9007199254740992, "
            "found "
            "1.8446744073709552e+19");
  // The largest 64-bit count was accepted, and the next draw wrapped it to
  // 0, so that later draws repeated earlier seeds.
  EXPECT_EQ(error_of([] {
              SelectionState::parse(R"({"draws": 18446744073709551615})",
                                    "s.json");
            }),
            "s.json: draws: expected a whole number from 0 to 9007199254740992, "
            "found 18446744073709551615");
  EXPECT_EQ(SelectionState::parse(R"({"draws": 9007199254740992})", "s.json").draws,
            9007199254740992u);
}

TEST(BadNumbers, PolicyIntegerBeyondRange) {
  EXPECT_EQ(error_of([] {
              parse_policy(R"({"format": "aidmatch-policy/2", "name": "n",
                               "version": "1", "rules": [], "scores": [],
                               "deadline_days": 9223372036854775808})",
                           "p.json");
            }),
            "p.json: deadline_days: expected an integer from 0 to 365, "
            "found 9223372036854775808");
}

TEST(BadNumbers, DimacsFieldBeyondInt64) {
  EXPECT_EQ(error_of([] {
              io::parse_dimacs_min(
                  "p min 2 1\na 1 2 0 99999999999999999999 1\n", "f.min");
            }),
            "f.min:2: capacity \"99999999999999999999\" is not a 64-bit "
            "integer");
  EXPECT_EQ(error_of([] {
              io::parse_dimacs_min("p min 2 1\na 1 2 0 nan 1\n", "f.min");
            }),
            "f.min:2: capacity \"nan\" is not a 64-bit integer");
  EXPECT_EQ(error_of([] {
              io::parse_dimacs_min("p min 2147483648 0\n", "f.min");
            }),
            "f.min:1: node count 2147483648 is outside 0..2^31-3");
  EXPECT_EQ(error_of([] {
              io::parse_dimacs_min("p min 2 2147483648\n", "f.min");
            }),
            "f.min:1: arc count 2147483648 is outside 0..2^31-1");
}

// A DIMACS message quotes at most 80 bytes of a field and escapes control
// characters, so a 100 KB token cannot flood the message and a NUL byte
// cannot cut it.
TEST(BadNumbers, DimacsMessageQuotesAnExcerpt) {
  const std::string long_cost(100000, '7');
  EXPECT_EQ(error_of([&] {
              io::parse_dimacs_min("p min 2 1\na 1 2 0 1 x" + long_cost + "\n",
                                   "f.min");
            }),
            "f.min:2: cost \"x" + std::string(79, '7') +
                "... (100001 bytes)\" is not a 64-bit integer");
  EXPECT_EQ(error_of([] {
              io::parse_dimacs_min(std::string("p min 2 1\na 1 2 0 1 \x01\0", 22),
                                   "f.min");
            }),
            "f.min:2: cost \"\\x01\\x00\" is not a 64-bit integer");
  // A byte order mark before the problem line is skipped.
  EXPECT_EQ(io::parse_dimacs_min("\xEF\xBB\xBFp min 2 0\n", "f.min").nodes, 2);
}

TEST(BadNumbers, DimacsSuppliesTooLargeToSolve) {
  const io::DimacsMinCostFlow problem = io::parse_dimacs_min(
      "p min 2 1\nn 1 9223372036854775807\nn 2 -9223372036854775807\n"
      "a 1 2 0 9223372036854775807 1\n",
      "f.min");
  solvers::FlowNetwork network;
  network.nodes = problem.nodes;
  network.supply = problem.supply;
  for (const io::DimacsArc& arc : problem.arcs) {
    network.add_arc(arc.tail, arc.head, arc.lower, arc.upper, arc.cost);
  }
  try {
    solvers::solve_min_cost_flow(network);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "the supplies and arc bounds add up to 2^62 or more, which "
                 "the solver cannot represent exactly");
  }
}

// ---------------------------------------------------------------------------
// Duplicate and dangling ids, cyclic region parents.

TEST(BadReferences, DuplicateRegionCode) {
  EXPECT_EQ(error_of([] {
              load_region_file("r.csv", kRegionHeader + kProvince + kProvince);
            }),
            "r.csv:3: region code 330000 is listed twice; each code may "
            "appear once");
}

TEST(BadReferences, DuplicatePairingAndPoolMember) {
  EXPECT_EQ(error_of([] {
              tiny_dataset(kLawyer, kMatter, "",
                           "P1,twinning,330102,330203,,,,\n"
                           "P1,twinning,330102,330203,,,,\n");
            }),
            "pairings.csv:3: pairing id \"P1\" is listed twice; pairing ids "
            "must be unique");
  EXPECT_EQ(error_of([] {
              tiny_dataset(kLawyer, kMatter,
                           "330100,L1,330102,,active\n"
                           "330100,L1,330103,,active\n");
            }),
            "pools.csv:3: provider L1 is listed twice in pool 330100");
}

TEST(BadReferences, PoolNamesUnknownProvider) {
  EXPECT_EQ(error_of([] {
              tiny_dataset(kLawyer, kMatter, "330100,L9,330102,,active\n");
            }),
            "pools.csv:2: field \"provider_id\": unknown provider \"L9\"; "
            "add it to the providers file");
}

TEST(BadReferences, EveryRegionOnCycle) {
  // Without a root the root count fails first.
  EXPECT_EQ(error_of([] {
              load_region_file("r.csv", kRegionHeader +
                                            "330000,P,province,330100,30,120\n"
                                            "330100,A,city,330000,30,120\n");
            }),
            "the region hierarchy has 0 roots (regions with an empty "
            "parent_code); exactly one root, the province, is expected");
}

// A parent code that is not a region code was quoted whole in the message
// about a missing parent, whatever its length.
TEST(BadReferences, MalformedParentCode) {
  EXPECT_EQ(error_of([] {
              load_region_file("r.csv", kRegionHeader + kProvince +
                                            "330100,A,city," +
                                            std::string(1000, '3') +
                                            ",30,120\n");
            }),
            "r.csv:3: field \"parent_code\": invalid value \"" +
                std::string(80, '3') +
                "... (1000 bytes)\"; expected a 6-digit GB/T 2260 code, or "
                "empty for the province");
}

TEST(BadReferences, RegionIsItsOwnParent) {
  EXPECT_EQ(error_of([] {
              load_region_file("r.csv", kRegionHeader + kProvince +
                                            "330100,A,city,330100,30,120\n");
            }),
            "region 330100 is on a cycle of parent codes; the hierarchy must "
            "be a tree");
}

TEST(BadReferences, LoadDatasetNamesRegionsFile) {
  io::DatasetTables tables = io::default_tables();
  tables.regions = io::Table::parse(
      "regions.csv", kRegionHeader + kProvince +
                         "330100,A,city,330102,30,120\n"
                         "330102,B,district,330100,30,120\n");
  EXPECT_EQ(error_of([&] { io::load_dataset(tables); }),
            "regions.csv: region 330100 is on a cycle of parent codes; the "
            "hierarchy must be a tree");
}

// ---------------------------------------------------------------------------
// Empty files.

TEST(EmptyFiles, RegionsInEveryForm) {
  EXPECT_EQ(error_of([] { load_region_file("r.csv", "\n\n"); }),
            "r.csv:1: the header row is empty; the first line must name the "
            "columns");
  EXPECT_EQ(error_of([] { load_region_file("r.csv", kRegionHeader); }),
            "r.csv: no regions; the file needs at least the province");
  EXPECT_EQ(error_of([] { load_region_file("r.json", "[]"); }),
            "r.json: no regions; the file needs at least the province");
  EXPECT_EQ(error_of([] { load_region_file("r.json", ""); })
                .rfind("r.json: malformed JSON at byte 1: ", 0),
            0u);
}

TEST(EmptyFiles, PolicyStateAndDimacs) {
  EXPECT_EQ(error_of([] { parse_policy("", "p.json"); })
                .rfind("p.json: malformed JSON at byte 1: ", 0),
            0u);
  EXPECT_EQ(error_of([] { SelectionState::parse("", "s.json"); })
                .rfind("s.json: not valid JSON (", 0),
            0u);
  EXPECT_EQ(error_of([] { io::parse_dimacs_min("", "f.min"); }),
            "f.min: no problem line \"p min NODES ARCS\"");
}

}  // namespace
}  // namespace aidmatch
