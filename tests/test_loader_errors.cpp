// Each kind of bad input gives an InputError that names the file, line or
// field and the value.
#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "error_of.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

using testing::error_of;
using testing::tiny_dataset;

const char* kLawyer =
    "L1,lawyer,,F1,330102,female,10,5,criminal,mandarin,true,,2,0,4.5\n";
const char* kFirm = "F1,firm,,,330102,,,,,,,,,,\n";
const char* kMatter =
    "M1,assigned_case,criminal,,330102,2024-06-01,2,criminal,false,false,,,"
    "false,,\n";

TEST(LoaderErrors, MissingFile) {
  const std::string message = error_of(
      [] { io::Table::read_file("/nonexistent/providers.csv"); });
  EXPECT_EQ(message,
            "cannot open /nonexistent/providers.csv: No such file or "
            "directory; check the path");
}

TEST(LoaderErrors, MissingColumn) {
  const std::string message = error_of([] {
    Dataset data;
    io::load_regions(io::Table::parse("regions.csv", testing::kTinyRegions),
                     data.regions);
    data.regions.finalize();
    io::load_providers(
        io::Table::parse("providers.csv", "id,kind,home_region\nL1,lawyer,330102\n"),
        data);
  });
  EXPECT_EQ(message,
            "providers.csv: missing column capacity; found: id, kind, "
            "home_region");
}

TEST(LoaderErrors, UnknownRegionCode) {
  const std::string message = error_of([] {
    tiny_dataset(kFirm,
                 "M1,assigned_case,civil,,339999,2024-06-01,1,,,,,,,,\n");
  });
  EXPECT_EQ(message,
            "matters.csv:2: field \"serving_region\": unknown region code "
            "\"339999\"; use a code from the regions file");
}

TEST(LoaderErrors, DuplicateProviderId) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer + kLawyer, kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:4: provider id \"L1\" is listed twice; provider "
            "ids must be unique");
}

TEST(LoaderErrors, DuplicateMatterId) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer,
                 std::string(kMatter) + kMatter);
  });
  EXPECT_EQ(message,
            "matters.csv:3: matter id \"M1\" is listed twice; matter ids "
            "must be unique");
}

TEST(LoaderErrors, NegativeCapacity) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) +
                     "L1,lawyer,,F1,330102,female,10,5,,,,,-2,0,4\n",
                 kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:3: field \"capacity\": invalid value \"-2\"; "
            "expected an integer from 0 to 1000000");
}

TEST(LoaderErrors, UnknownFirm) {
  const std::string message = error_of([] {
    tiny_dataset("L1,lawyer,,F9,330102,female,10,5,,,,,1,0,4\n", kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:2: field \"firm_id\": invalid value \"F9\"; "
            "expected the id of a provider of kind firm");
}

TEST(LoaderErrors, VolunteerInAFirm) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) +
                     "V1,volunteer,,F1,330102,,,,,,,community,1,0,4\n",
                 kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:3: field \"firm_id\": invalid value \"F1\"; "
            "expected an empty value: only lawyers belong to a firm");
}

TEST(LoaderErrors, ProviderIdThatIsARegionCode) {
  const std::string message = error_of([] {
    tiny_dataset("330203,lawyer,,,330102,,,,,,,,1,0,4\n", kMatter);
  });
  EXPECT_EQ(message.rfind("providers.csv:2: field \"id\": invalid value "
                          "\"330203\"; expected an id that is not also a "
                          "region code",
                          0),
            0u)
      << message;
}

TEST(LoaderErrors, UnknownColumnIsNotIgnored) {
  const std::string message = error_of([] {
    io::Table::parse("matters.csv", "id,is_minor\nM1,true\n")
        .reject_unknown_columns({"id", "minor"});
  });
  EXPECT_EQ(message,
            "matters.csv: unknown column \"is_minor\"; expected only: id, "
            "minor");
  const std::string json = error_of([] {
    Dataset data;
    io::load_regions(io::Table::parse("regions.csv", testing::kTinyRegions),
                     data.regions);
    data.regions.finalize();
    io::load_providers(
        io::Table::parse("providers.json",
                         R"([{"id": "L1", "kind": "lawyer",
                              "home_region": "330102", "capacity": 1,
                              "capcity": 2}])"),
        data);
  });
  EXPECT_EQ(json.rfind("providers.json: unknown field \"capcity\"", 0), 0u)
      << json;
}

TEST(LoaderErrors, HexadecimalNumberIsRejected) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) +
                     "L1,lawyer,,F1,330102,female,0x1p3,5,,,,,1,0,4\n",
                 kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:3: field \"practice_years\": invalid value "
            "\"0x1p3\"; expected a finite number from 0 to 80");
}

TEST(LoaderErrors, DefenceYearsBeyondPractice) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) +
                     "L1,lawyer,,F1,330102,female,10,12,,,,,1,0,4\n",
                 kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:3: field \"criminal_defence_years\": invalid "
            "value \"12\"; expected at most the practice_years, 10");
}

TEST(LoaderErrors, JsonFloatAsIdIsRejected) {
  // 1e+20 is what a double prints for 99999999999999999999, so the id the
  // file gave could not be kept.
  const io::Table table = io::Table::parse(
      "m.json", R"([{"id": 99999999999999999999, "capacity": 2.5}])");
  const io::Record record(table, 0);
  EXPECT_EQ(record.number("capacity", 0, 10, std::nullopt), 2.5);
  const std::string message = error_of([&] { record.text("id"); });
  EXPECT_EQ(message.rfind("m.json: [0]: field \"id\": invalid value "
                          "\"1e+20\"; expected text; a JSON number with a "
                          "fraction or exponent is not read exactly",
                          0),
            0u)
      << message;
  const io::Table integers = io::Table::parse("m.json", R"([{"id": 330127}])");
  EXPECT_EQ(io::Record(integers, 0).text("id"), "330127");
}

TEST(LoaderErrors, NulCharacterInJsonString) {
  const std::string message = error_of(
      [] { io::Table::parse("m.json", R"([{"id": "\u0000M1"}])"); });
  EXPECT_EQ(message, "m.json: [0].id: a NUL character in a string; remove it");
}

TEST(LoaderErrors, DirectoryAsInputFile) {
  const std::string message = error_of([] { io::Table::read_file("/tmp"); });
  EXPECT_EQ(message, "cannot read /tmp: it is a directory; give a file");
}

TEST(LoaderErrors, PolicyScaleBelowMinimum) {
  const std::string message = error_of([] {
    parse_policy(R"({"format": "aidmatch-policy/2", "name": "p",
                     "version": "1", "rules": [],
                     "scores": [{"id": "d", "weight": 1, "term": "distance",
                                 "scale_km": 5e-324}]})",
                 "p.json");
  });
  EXPECT_EQ(message.rfind("p.json: scores[0].scale_km: expected a finite "
                          "number >= 1e-06, found ",
                          0),
            0u)
      << message;
}

TEST(LoaderErrors, TextThatIsNotUtf8) {
  // "\xD5\xE3" is 浙 in GBK, which is not valid UTF-8.
  const std::string message = error_of([] {
    io::Table::parse("regions.csv", "code,name\n330000,\xD5\xE3\n");
  });
  EXPECT_EQ(message,
            "regions.csv:2: the text is not valid UTF-8; save the file as "
            "UTF-8 (for example convert it from GBK with iconv)");
}

TEST(LoaderErrors, AssignedCaseNeedsCategory) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer,
                 "M1,assigned_case,,,330102,2024-06-01,1,,,,,,,,\n");
  });
  EXPECT_EQ(message,
            "matters.csv:2: field \"category\": invalid value \"\"; "
            "expected criminal, civil or administrative for an "
            "assigned_case");
}

TEST(LoaderErrors, RegionLevelAgainstHierarchy) {
  const std::string message = error_of([] {
    RegionGraph regions;
    io::load_regions(io::Table::parse("r.csv",
                                      "code,name,level,parent_code,lat,lon\n"
                                      "330000,P,province,,30,120\n"
                                      "330100,A,province,330000,30,120\n"),
                     regions);
    regions.finalize();
  });
  EXPECT_EQ(message,
            "region 330100 (A) has level province under 330000 of level "
            "province; the root must be the province, cities lie under the "
            "province and county-level divisions under a city or the "
            "province");
}

TEST(LoaderErrors, MalformedPolicyJson) {
  const std::string message =
      error_of([] { parse_policy("{\"rules\": [", "policy.json"); });
  EXPECT_EQ(message.rfind("policy.json: malformed JSON at byte", 0), 0u)
      << message;
}

TEST(LoaderErrors, NanWeight) {
  // JSON has no NaN literal, so a NaN weight is malformed JSON.
  const std::string literal = error_of([] {
    parse_policy(R"({"scores": [{"id": "d", "weight": NaN}]})", "policy.json");
  });
  EXPECT_NE(literal.find("NaN and Infinity are not JSON values"),
            std::string::npos)
      << literal;
  // A number too large for a double is rejected by the JSON parser.
  const std::string huge = error_of([] {
    parse_policy(R"({"scores": [{"id": "d", "weight": 1e999}]})",
                 "policy.json");
  });
  EXPECT_EQ(huge,
            "policy.json: invalid JSON: [json.exception.out_of_range.406] "
            "number overflow parsing '1e999'");
  const std::string text = error_of([] {
    parse_policy(R"({"format": "aidmatch-policy/2", "name": "p",
                     "version": "1", "rules": [],
                     "scores": [{"id": "d", "weight": "NaN",
                                 "term": "distance"}]})",
                 "policy.json");
  });
  EXPECT_EQ(text,
            "policy.json: scores[0].weight: expected a finite number >= 0, "
            "found \"NaN\"");
}

TEST(LoaderErrors, HugeNumberInJsonTable) {
  const std::string message = error_of(
      [] { io::Table::parse("providers.json", R"([{"capacity": 1e999}])"); });
  EXPECT_EQ(message,
            "providers.json: invalid JSON: [json.exception.out_of_range.406] "
            "number overflow parsing '1e999'");
}

TEST(LoaderErrors, PolicyUnknownKeyAndValue) {
  EXPECT_EQ(error_of([] {
              parse_policy(R"({"format": "aidmatch-policy/2", "name": "p",
                               "version": "1", "rules": [], "scores": [],
                               "wieghts": {}})",
                           "p.json");
            }),
            "p.json: wieghts: unknown key; expected one of format, name, "
            "version, description, effective_from, effective_to, selection, "
            "deadline_days, score_resolution, constraints, rules, scores, "
            "tables, subsidies");
  EXPECT_EQ(error_of([] {
              parse_policy(R"({"format": "aidmatch-policy/2", "name": "p",
                               "version": "1", "scores": [],
                               "rules": [{"id": "r",
                                          "require": {"volunteer_type": "x"}}]})",
                           "p.json");
            }),
            "p.json: rules[0].require.volunteer_type: unknown value \"x\"; "
            "expected one of none, university, community");
}

TEST(LoaderErrors, PairingEndsBeforeItStarts) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer, kMatter, "",
                 "T1,twinning,330102,330203,2025-01-01,2024-12-31,,\n");
  });
  EXPECT_EQ(message,
            "pairings.csv:2: valid_to 2024-12-31 precedes valid_from "
            "2025-01-01; correct the dates");
}

TEST(LoaderErrors, PairingUnknownProviderSide) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer, kMatter, "",
                 "T1,twinning,F404,330203,2024-01-01,,,\n");
  });
  EXPECT_EQ(message,
            "pairings.csv:2: field \"provider_side\": invalid value "
            "\"F404\"; expected a listed region code or provider id");
}

TEST(LoaderErrors, UnknownEnumerationValue) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer,
                 "M1,assigned_case,crimnal,,330102,2024-06-01,1,,,,,,,,\n");
  });
  EXPECT_EQ(message,
            "matters.csv:2: field \"category\": invalid value \"crimnal\"; "
            "expected one of none, criminal, civil, administrative");
}

TEST(LoaderErrors, ConflictNamesUnknownProvider) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer,
                 "M1,assigned_case,civil,,330102,2024-06-01,1,,,,,,,,L9\n");
  });
  EXPECT_EQ(message,
            "matters.csv:2: field \"conflicts\": unknown provider \"L9\"; "
            "list only ids from the providers file");
}

TEST(LoaderErrors, LifeOrDeathOutsideCriminalCase) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer,
                 "M1,assigned_case,civil,,330102,2024-06-01,1,,,,,,true,,\n");
  });
  EXPECT_EQ(message,
            "matters.csv:2: field \"life_or_death\": invalid value \"true\"; "
            "expected false unless the category is criminal");
}

TEST(LoaderErrors, CityPoolServesOutsideItsCity) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer, kMatter,
                 "330100,L1,330202,,active\n");
  });
  EXPECT_EQ(message,
            "pools.csv:2: served region 330202 lies outside the pool's "
            "region 330100; a city pool serves only its own city");
}

TEST(LoaderErrors, InvalidDate) {
  const std::string message = error_of([] {
    tiny_dataset(std::string(kFirm) + kLawyer,
                 "M1,assigned_case,civil,,330102,2024-02-30,1,,,,,,,,\n");
  });
  EXPECT_EQ(message,
            "matters.csv:2: field \"date\": invalid value \"2024-02-30\"; "
            "expected a date YYYY-MM-DD");
}

TEST(LoaderErrors, VolunteerWithoutType) {
  const std::string message = error_of([] {
    tiny_dataset("V1,volunteer,,,330102,,,,,,,,1,0,4\n", kMatter);
  });
  EXPECT_EQ(message,
            "providers.csv:2: field \"volunteer_type\": invalid value \"\"; "
            "expected university or community for a volunteer");
}

}  // namespace
}  // namespace aidmatch
