// The policy engine: validation messages, static warnings on decision
// tables, hit policies, subsidies, policy sets, and the compiled evaluator
// against the naive one on random pairs of the synthetic data.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/rules/naive_evaluator.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

// A format-2 document with `body` after the required header keys.
std::string document(const std::string& body) {
  return R"({"format": "aidmatch-policy/2", "name": "t", "version": "1", )" +
         body + "}";
}

// A document with the given rules and no score terms.
std::string with_rules(const std::string& rules) {
  return document(R"("rules": [)" + rules + R"(], "scores": [])");
}

// A document with one table term over the given tables.
std::string with_tables(const std::string& tables,
                        const std::string& term_table = "t") {
  return document(R"("rules": [], "scores": [{"id": "s", "weight": 1, )"
                  R"("table": ")" + term_table + R"("}], "tables": [)" +
                  tables + "]");
}

std::string error_of(const std::string& text) {
  try {
    parse_policy(text, "policy.json");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected InputError for " << text;
  return "";
}

// ---------------------------------------------------------------------------
// Validation errors, one kind per test, each with its full message.

TEST(PolicyErrors, FormatOneDocument) {
  EXPECT_EQ(error_of(R"({"name": "old", "weights": {"distance": 1}})"),
            "policy.json: format: missing; this is a format-1 policy (it has "
            "\"weights\" or \"scales\"), which is no longer read; expected a "
            "document of format \"aidmatch-policy/2\" as docs/policy-file.md "
            "describes");
}

TEST(PolicyErrors, MissingFormat) {
  EXPECT_EQ(error_of(R"({"name": "x"})"),
            "policy.json: format: missing; expected \"aidmatch-policy/2\"");
}

TEST(PolicyErrors, WrongFormat) {
  EXPECT_EQ(error_of(R"({"format": "aidmatch-policy/3"})"),
            "policy.json: format: expected \"aidmatch-policy/2\", found "
            "\"aidmatch-policy/3\"");
}

TEST(PolicyErrors, NotAnObject) {
  EXPECT_EQ(error_of("[1, 2]"),
            "policy.json: top level: expected a JSON object, found [1,2]");
}

TEST(PolicyErrors, UnknownTopLevelKey) {
  EXPECT_EQ(error_of(document(R"("rules": [], "scores": [], "weights": {})")),
            "policy.json: weights: unknown key; expected one of format, name, "
            "version, description, effective_from, effective_to, selection, "
            "deadline_days, score_resolution, constraints, rules, scores, "
            "tables, subsidies");
}

TEST(PolicyErrors, UnknownRuleKey) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "requires": {"minor": true}, "require": {"minor": true}})")),
            "policy.json: rules[0].requires: unknown key; expected one of id, "
            "description, provision, enabled, when, require");
}

TEST(PolicyErrors, MissingRequiredKeys) {
  EXPECT_EQ(error_of(R"({"format": "aidmatch-policy/2"})"),
            "policy.json: name: missing; expected a string\n"
            "policy.json: version: missing; expected a string\n"
            "policy.json: rules: missing; expected an array of rules\n"
            "policy.json: scores: missing; expected an array of score terms");
  EXPECT_EQ(error_of(with_rules(R"({"id": "a"})")),
            "policy.json: rules[0].require: missing; expected a condition");
}

TEST(PolicyErrors, UnknownAttribute) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "when": {"categry": "criminal"}, "require": {"minor": true}})")),
            "policy.json: rules[0].when.categry: unknown attribute; expected a "
            "name from the attribute catalogue in docs/policy-file.md, of "
            "which the closest is category");
  EXPECT_EQ(error_of(with_rules(R"({"id": "a", "require": {"speed": 1}})")),
            "policy.json: rules[0].require.speed: unknown attribute; expected "
            "a name from the attribute catalogue in docs/policy-file.md");
}

TEST(PolicyErrors, UnknownEnumValue) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"minor": true}},
                   {"id": "b", "require": {"minor": true}},
                   {"id": "c", "require": {"minor": true}},
                   {"id": "d", "when": {"category": "crimnal"}, "require": {"minor": true}})")),
            "policy.json: rules[3].when.category: unknown value \"crimnal\"; "
            "expected one of none, criminal, civil, administrative");
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"mode": {"in": ["pool", "bus"]}}})")),
            "policy.json: rules[0].require.mode.in[1]: unknown value \"bus\"; "
            "expected one of pool, off_site, project, volunteer_action, other");
}

TEST(PolicyErrors, NumberForTextAttribute) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "when": {"language": 3}, "require": {"minor": true}})")),
            "policy.json: rules[0].when.language: expected text, found 3");
}

TEST(PolicyErrors, TextForNumberAttribute) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"practice_years": {">=": "3"}}})")),
            "policy.json: rules[0].require.practice_years.>=: expected a "
            "finite number, found \"3\"");
}

TEST(PolicyErrors, TextForBoolAttribute) {
  EXPECT_EQ(error_of(with_rules(R"({"id": "a", "require": {"minor": "yes"}})")),
            "policy.json: rules[0].require.minor: expected true or false, "
            "found \"yes\"");
}

TEST(PolicyErrors, OrderedOperatorOnEnum) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"kind": {">=": "duty_shift"}}})")),
            "policy.json: rules[0].require.kind.>=: operator >= does not apply "
            "to kind, an enum attribute; expected eq, ne, in or not_in");
}

TEST(PolicyErrors, HasOnNumber) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"rating": {"has": "x"}}})")),
            "policy.json: rules[0].require.rating.has: operator has does not "
            "apply to rating, a number attribute; expected eq, ne, in, "
            "not_in, >=, >, <= or <");
}

TEST(PolicyErrors, TagSetNeedsHas) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"serving_tags": "mountain"}})")),
            "policy.json: rules[0].require.serving_tags: expected {\"has\": "
            "TAG} for serving_tags, a tag set, found \"mountain\"");
}

TEST(PolicyErrors, UnknownOperator) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"difficulty": {"gte": 2}}})")),
            "policy.json: rules[0].require.difficulty.gte: unknown operator; "
            "expected one of eq, ne, in, not_in, >=, >, <=, <, has");
}

TEST(PolicyErrors, TwoOperatorsInOneObject) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"difficulty": {">=": 2, "<=": 4}}})")),
            "policy.json: rules[0].require.difficulty: expected an object "
            "with one operator, found 2 keys");
}

TEST(PolicyErrors, InvalidRegionCode) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"serving_city": "3301"}})")),
            "policy.json: rules[0].require.serving_city: expected a six-digit "
            "region code, found \"3301\"");
}

TEST(PolicyErrors, EmptyCondition) {
  EXPECT_EQ(error_of(with_rules(R"({"id": "a", "when": {}, "require": {"minor": true}})")),
            "policy.json: rules[0].when: empty condition; expected at least "
            "one attribute, or leave the key out to apply always");
}

TEST(PolicyErrors, LogicalKeyWithAttributes) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"all": [{"minor": true}], "kind": "other"}})")),
            "policy.json: rules[0].require: \"all\" combined with other keys; "
            "expected {\"all\": ...} alone");
}

TEST(PolicyErrors, DuplicateIds) {
  EXPECT_EQ(error_of(with_rules(
                R"({"id": "a", "require": {"minor": true}},
                   {"id": "a", "require": {"minor": false}})")),
            "policy.json: rules[1].id: duplicate id \"a\"; rules[0] has the "
            "same id, and ids must be unique among rules");
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": 1, "term": "rating"},
                                          {"id": "x", "weight": 1, "term": "gender"}])")),
            "policy.json: scores[1].id: duplicate id \"x\"; scores[0] has the "
            "same id, and ids must be unique among score terms");
  EXPECT_EQ(error_of(with_tables(
                R"({"id": "t", "hit_policy": "first", "rows": []},
                   {"id": "t", "hit_policy": "first", "rows": []})")),
            "policy.json: tables[1].id: duplicate id \"t\"; tables[0] has the "
            "same id, and ids must be unique among tables");
}

TEST(PolicyErrors, InvalidId) {
  EXPECT_EQ(error_of(with_rules(R"({"id": "a b", "require": {"minor": true}})")),
            "policy.json: rules[0].id: invalid id \"a b\"; expected letters, "
            "digits, \"_\" or \"-\"");
}

TEST(PolicyErrors, UnknownTableReferences) {
  EXPECT_EQ(error_of(with_tables(
                R"({"id": "t", "hit_policy": "first",
                    "rows": [{"value": {"table": "u"}}]})",
                "v")),
            "policy.json: scores[0].table: unknown table \"v\"; expected one "
            "of t\n"
            "policy.json: tables[0].rows[0].value.table: unknown table \"u\"; "
            "expected one of t");
  EXPECT_EQ(error_of(document(R"("rules": [], "scores": [],
                                 "subsidies": {"case_standard": "fees"})")),
            "policy.json: subsidies.case_standard: unknown table \"fees\"; "
            "expected the id of an entry of tables, which is empty");
}

TEST(PolicyErrors, TableCycleNamesTheCycle) {
  EXPECT_EQ(error_of(with_tables(
                R"({"id": "t", "hit_policy": "first", "rows": [{"value": {"table": "a"}}]},
                   {"id": "a", "hit_policy": "first", "rows": [{"value": 1},
                                                               {"value": {"table": "b"}}]},
                   {"id": "b", "hit_policy": "first", "rows": [{"value": {"table": "a"}}]})")),
            "policy.json: tables[2].rows[0].value.table: table reference "
            "cycle a -> b -> a; expected references that end at a number");
  EXPECT_EQ(error_of(with_tables(
                R"({"id": "t", "hit_policy": "first", "rows": [{"value": {"table": "t"}}]})")),
            "policy.json: tables[0].rows[0].value.table: table reference "
            "cycle t -> t; expected references that end at a number");
}

TEST(PolicyErrors, WeightNotFiniteOrNegative) {
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": -1, "term": "rating"}])")),
            "policy.json: scores[0].weight: expected a finite number >= 0, "
            "found -1");
  // JSON cannot carry NaN or infinity, so such a weight fails to parse.
  const std::string literal = error_of(document(
      R"("rules": [], "scores": [{"id": "x", "weight": NaN, "term": "rating"}])"));
  EXPECT_NE(literal.find("NaN and Infinity are not JSON values"),
            std::string::npos)
      << literal;
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": 1e999, "term": "rating"}])")),
            "policy.json: invalid JSON: [json.exception.out_of_range.406] "
            "number overflow parsing '1e999'");
}

TEST(PolicyErrors, ValueNotANumber) {
  EXPECT_EQ(error_of(with_tables(
                R"({"id": "t", "hit_policy": "first", "rows": [{"value": "1"}]})")),
            "policy.json: tables[0].rows[0].value: expected a finite number, "
            "found \"1\"");
}

TEST(PolicyErrors, UnknownBuiltinTerm) {
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": 1, "term": "speed"}])")),
            "policy.json: scores[0].term: unknown value \"speed\"; expected "
            "one of specialty, experience, language, gender, distance, "
            "pairing, resource_short, workload, rating");
}

TEST(PolicyErrors, TermParameterOfAnotherTerm) {
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": 1, "term": "rating", "scale_km": 5}])")),
            "policy.json: scores[0].scale_km: unknown key; expected one of "
            "id, description, weight, term, table");
}

TEST(PolicyErrors, TermAndTableTogether) {
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": 1, "term": "rating", "table": "t"}])")),
            "policy.json: scores[0]: both \"term\" and \"table\"; expected "
            "exactly one of them");
}

TEST(PolicyErrors, ScaleBelowMinimum) {
  EXPECT_EQ(error_of(document(
                R"("rules": [], "scores": [{"id": "x", "weight": 1, "term": "distance", "scale_km": 0}])")),
            "policy.json: scores[0].scale_km: expected a finite number >= "
            "1e-06, found 0");
}

TEST(PolicyErrors, MalformedDate) {
  EXPECT_EQ(error_of(document(
                R"("effective_from": "2024/03/01", "rules": [], "scores": [])")),
            "policy.json: effective_from: expected a date YYYY-MM-DD or null, "
            "found \"2024/03/01\"");
}

TEST(PolicyErrors, EffectiveToBeforeFrom) {
  EXPECT_EQ(error_of(document(
                R"("effective_from": "2024-03-01", "effective_to": "2024-01-01",
                   "rules": [], "scores": [])")),
            "policy.json: effective_to: 2024-01-01 precedes effective_from "
            "2024-03-01; expected a date on or after it, or null");
}

TEST(PolicyErrors, SelectionAndHeaderValues) {
  EXPECT_EQ(error_of(document(
                R"("selection": {"method": "lottery", "seed": -1},
                   "deadline_days": 2.5, "score_resolution": 0,
                   "constraints": {"late_matters_first": 1},
                   "rules": [], "scores": [])")),
            "policy.json: deadline_days: expected an integer from 0 to 365, "
            "found 2.5\n"
            "policy.json: score_resolution: expected a finite number >= "
            "1e-09, found 0\n"
            "policy.json: selection.method: unknown value \"lottery\"; "
            "expected one of optimise, rotation, random_draw\n"
            "policy.json: selection.seed: expected an integer from 0 to 2^64 "
            "- 1, found -1\n"
            "policy.json: constraints.late_matters_first: expected true or "
            "false, found 1");
}

TEST(PolicyErrors, EveryErrorReportedTogether) {
  const std::string text = document(R"(
      "effective_from": "2024-13-01", "color": "blue",
      "rules": [{"id": "a", "when": {"category": "crimnal"}, "require": {"minor": true}},
                {"id": "a", "require": {"gender": 1}}],
      "scores": [{"id": "w", "weight": -2, "term": "rating"}])");
  EXPECT_EQ(error_of(text),
            "policy.json: color: unknown key; expected one of format, name, "
            "version, description, effective_from, effective_to, selection, "
            "deadline_days, score_resolution, constraints, rules, scores, "
            "tables, subsidies\n"
            "policy.json: effective_from: expected a date YYYY-MM-DD or null, "
            "found \"2024-13-01\"\n"
            "policy.json: rules[0].when.category: unknown value \"crimnal\"; "
            "expected one of none, criminal, civil, administrative\n"
            "policy.json: rules[1].id: duplicate id \"a\"; rules[0] has the "
            "same id, and ids must be unique among rules\n"
            "policy.json: rules[1].require.gender: expected one of "
            "unspecified, female, male, found 1\n"
            "policy.json: scores[0].weight: expected a finite number >= 0, "
            "found -2");
}

TEST(PolicyErrors, SetTermWeightValidates) {
  Policy policy = testing::default_policy();
  try {
    policy.set_term_weight("distance", std::nan(""));
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "invalid weight nan for score term distance; expected a finite "
              "number >= 0");
  }
  try {
    policy.set_term_weight("speed", 1.0);
    ADD_FAILURE() << "expected NotFoundError";
  } catch (const NotFoundError& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown score term \"speed\"; expected one of specialty, "
              "experience, language, gender, distance, pairing, "
              "resource_short, workload, rating");
  }
  EXPECT_EQ(policy.terms()[4].weight, 1.0);
  EXPECT_THROW(policy.set_rule_enabled("no_such_rule", true), NotFoundError);
}

// ---------------------------------------------------------------------------
// Static warnings on decision tables.

std::vector<PolicyWarning> warnings_of(const std::string& hit_policy,
                                       const std::string& rows) {
  return parse_policy(with_tables(R"({"id": "t", "hit_policy": ")" +
                                      hit_policy + R"(", "rows": [)" + rows +
                                      "]}"),
                      "policy.json")
      .warnings();
}

TEST(PolicyWarnings, EarlierRowMasksLaterUnderFirst) {
  const auto warnings = warnings_of(
      "first", R"({"when": {"kind": "assigned_case"}, "value": 1},
                  {"when": {"kind": "assigned_case", "minor": true}, "value": 2})");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "tables[0].rows[1]");
  EXPECT_EQ(warnings[0].message,
            "masked by rows[0]: every pair that matches rows[1] also matches "
            "rows[0], which comes first, so rows[1] never applies under hit "
            "policy first");
}

TEST(PolicyWarnings, RowWithoutWhenMasksEverythingAfter) {
  const auto warnings = warnings_of(
      "first", R"({"value": 1}, {"when": {"minor": true}, "value": 2})");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "tables[0].rows[1]");
}

TEST(PolicyWarnings, NarrowerRowFirstIsNotMasked) {
  EXPECT_TRUE(warnings_of("first",
                          R"({"when": {"kind": "assigned_case", "minor": true}, "value": 2},
                             {"when": {"kind": "assigned_case"}, "value": 1})")
                  .empty());
}

TEST(PolicyWarnings, MaskingFollowsValueSetsAndBounds) {
  // ne duty_shift covers assigned_case, and <= 100 covers < 50.
  EXPECT_EQ(warnings_of("first",
                        R"({"when": {"kind": {"ne": "duty_shift"}}, "value": 1},
                           {"when": {"kind": "assigned_case"}, "value": 2})")
                .size(),
            1u);
  EXPECT_EQ(warnings_of("first",
                        R"({"when": {"distance_km": {"<=": 100}}, "value": 1},
                           {"when": {"distance_km": {"<": 50}}, "value": 2})")
                .size(),
            1u);
  // < 100 does not cover <= 100, which admits 100 itself.
  EXPECT_TRUE(warnings_of("first",
                          R"({"when": {"distance_km": {"<": 100}}, "value": 1},
                             {"when": {"distance_km": {"<=": 100}}, "value": 2})")
                  .empty());
  // On an integer attribute "> 2" and ">= 3" allow the same values.
  EXPECT_EQ(warnings_of("first",
                        R"({"when": {"difficulty": {">=": 3}}, "value": 1},
                           {"when": {"difficulty": {">": 2}, "minor": true}, "value": 2})")
                .size(),
            1u);
  // A tag set requiring two tags is covered by a row requiring one of them.
  EXPECT_EQ(warnings_of("first",
                        R"({"when": {"serving_tags": {"has": "a"}}, "value": 1},
                           {"when": {"all": [{"serving_tags": {"has": "a"}},
                                             {"serving_tags": {"has": "b"}}]}, "value": 2})")
                .size(),
            1u);
}

TEST(PolicyWarnings, ContradictoryRowNeverMatches) {
  const auto warnings = warnings_of(
      "first", R"({"when": {"all": [{"difficulty": {">=": 4}},
                                    {"difficulty": {"<=": 2}}]}, "value": 1})");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "tables[0].rows[0]");
  EXPECT_EQ(warnings[0].message,
            "never matches, because its constraints on difficulty contradict "
            "each other");
}

TEST(PolicyWarnings, OverlappingRowsUnderUnique) {
  const auto warnings = warnings_of(
      "unique", R"({"when": {"kind": "assigned_case"}, "value": 1},
                   {"when": {"minor": true}, "value": 2},
                   {"when": {"kind": "duty_shift", "minor": false}, "value": 3})");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "tables[0].rows[1]");
  EXPECT_EQ(warnings[0].message,
            "overlaps rows[0]: a pair can match both rows, and hit policy "
            "unique rejects such a pair when it is scored");
}

TEST(PolicyWarnings, DisjointRowsUnderUnique) {
  EXPECT_TRUE(warnings_of("unique",
                          R"({"when": {"difficulty": {"<=": 2}}, "value": 1},
                             {"when": {"difficulty": {">": 2}, "kind": "assigned_case"}, "value": 2},
                             {"when": {"difficulty": {">=": 3}, "kind": "duty_shift"}, "value": 3})")
                  .empty());
}

TEST(PolicyWarnings, RowsWithAnyOrNotAreSkipped) {
  EXPECT_TRUE(warnings_of("first",
                          R"({"when": {"any": [{"minor": true}, {"minor": false}]}, "value": 1},
                             {"when": {"minor": true}, "value": 2})")
                  .empty());
}

TEST(PolicyWarnings, CollectSumHasNoChecks) {
  EXPECT_TRUE(warnings_of("collect_sum",
                          R"({"value": 1}, {"value": 2})")
                  .empty());
}

// ---------------------------------------------------------------------------
// Hit policies and subsidies on a small data set.

const std::string kPairingColumns =
    "id,kind,provider_side,served_region,valid_from,valid_to,service_types,"
    "source,payer,subsidy\n";

class SmallData : public ::testing::Test {
 protected:
  SmallData() {
    io::DatasetTables tables{
        io::Table::parse("regions.csv", testing::kTinyRegions),
        io::Table::parse("region_tags.csv", testing::kTinyTags),
        io::Table::parse(
            "providers.csv",
            std::string(testing::kProviderHeader) +
                "L1,lawyer,,,330102,female,10,5,civil,mandarin,true,,2,0,4.0\n"
                "L2,lawyer,,,330202,male,3,0,civil,mandarin,false,,1,2,3.0\n"),
        std::nullopt,
        {io::Table::parse(
            "pairings.csv",
            kPairingColumns +
                "A1,agreement,L1,330203,2024-01-01,2024-12-31,,test,"
                "Firm fund,999\n"
                "A2,agreement,L1,330203,2024-01-01,2024-12-31,,test,,\n"
                "V1,volunteer_action,L2,330203,2024-01-01,2024-12-31,,test,,"
                "\n")},
        io::Table::parse(
            "matters.csv",
            std::string(testing::kMatterHeader) +
                "M1,assigned_case,civil,,330102,2024-06-01,2,civil,false,"
                "false,,,false,,\n"
                "M2,assigned_case,civil,330103,330203,2024-06-01,4,civil,true,"
                "false,,,false,,\n"
                "M3,duty_shift,none,,330203,2024-06-01,1,,false,false,,,"
                "false,,\n")};
    data_ = io::load_dataset(tables);
  }

  const Matter& matter(const std::string& id) const {
    for (const Matter& m : data_.matters) {
      if (m.id == id) return m;
    }
    throw std::runtime_error("no matter " + id);
  }
  Admission admission(const std::string& provider, DispatchMode mode,
                      const std::string& pairing = "") const {
    std::int32_t index = -1;
    for (std::size_t p = 0; p < data_.pairings.size(); ++p) {
      if (data_.pairings[p].id == pairing) index = static_cast<std::int32_t>(p);
    }
    return {data_.providers.at(provider), mode, index};
  }
  double table_term(const Policy& policy, const std::string& matter_id,
                    const Admission& a) const {
    const Matter& m = matter(matter_id);
    return policy.score(data_, policy.facts(data_, m), a).terms.at(0);
  }
  SubsidyDecision subsidy(const Policy& policy, const std::string& matter_id,
                          const Admission& a) const {
    const Matter& m = matter(matter_id);
    return policy.subsidy(data_, policy.facts(data_, m), a);
  }

  Dataset data_;
};

TEST_F(SmallData, FirstTakesFirstMatchingRow) {
  const Policy policy = parse_policy(
      with_tables(R"({"id": "t", "hit_policy": "first", "default": -1,
                      "rows": [{"when": {"minor": true}, "value": 5},
                               {"when": {"gender": "female"}, "value": 3},
                               {"when": {"kind": "assigned_case"}, "value": 2}]})"),
      "p.json");
  const Admission l1 = admission("L1", DispatchMode::kPool);
  const Admission l2 = admission("L2", DispatchMode::kPool);
  EXPECT_EQ(table_term(policy, "M2", l1), 5.0);  // minor, female, case
  EXPECT_EQ(table_term(policy, "M1", l1), 3.0);  // female, case
  EXPECT_EQ(table_term(policy, "M1", l2), 2.0);  // case
  EXPECT_EQ(table_term(policy, "M3", l2), -1.0);  // default
}

TEST_F(SmallData, CollectSumAddsMatchingRows) {
  const Policy policy = parse_policy(
      with_tables(R"({"id": "t", "hit_policy": "collect_sum", "default": 0.5,
                      "rows": [{"when": {"minor": true}, "value": 5},
                               {"when": {"gender": "female"}, "value": 3},
                               {"when": {"serving_tags": {"has": "resource_short"}},
                                "value": 0.25}]})"),
      "p.json");
  const Admission l1 = admission("L1", DispatchMode::kPool);
  const Admission l2 = admission("L2", DispatchMode::kPool);
  EXPECT_EQ(table_term(policy, "M2", l1), 5.0 + 3.0 + 0.25);
  EXPECT_EQ(table_term(policy, "M1", l1), 3.0);
  EXPECT_EQ(table_term(policy, "M1", l2), 0.5);  // no row: the default
}

TEST_F(SmallData, UniqueTakesTheOnlyMatchingRow) {
  const Policy policy = parse_policy(
      with_tables(R"({"id": "t", "hit_policy": "unique",
                      "rows": [{"when": {"difficulty": {"<=": 2}}, "value": 1},
                               {"when": {"difficulty": {">": 2}}, "value": 2}]})"),
      "p.json");
  EXPECT_TRUE(policy.warnings().empty());
  const Admission l1 = admission("L1", DispatchMode::kPool);
  EXPECT_EQ(table_term(policy, "M1", l1), 1.0);  // difficulty 2
  EXPECT_EQ(table_term(policy, "M2", l1), 2.0);  // difficulty 4
}

TEST_F(SmallData, UniqueWithTwoMatchesIsError) {
  const Policy policy = parse_policy(
      with_tables(R"({"id": "t", "hit_policy": "unique",
                      "rows": [{"when": {"kind": "duty_shift"}, "value": 1},
                               {"when": {"minor": true}, "value": 2},
                               {"when": {"gender": "female"}, "value": 3}]})"),
      "p.json");
  // Row 1 overlaps row 0, and row 2 overlaps rows 0 and 1.
  ASSERT_EQ(policy.warnings().size(), 3u);
  const Matter& m2 = matter("M2");
  const MatterFacts facts = policy.facts(data_, m2);
  try {
    policy.score(data_, facts, admission("L1", DispatchMode::kPool));
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "p.json: tables[0]: rows[1] and rows[2] of table t both match "
              "matter M2 with provider L1; expected at most one matching row "
              "under hit policy unique");
  }
  // L2 is male, so only row 2 matches.
  EXPECT_EQ(policy.score(data_, facts, admission("L2", DispatchMode::kPool))
                .terms[0],
            2.0);
}

TEST_F(SmallData, RowValueFromAnotherTable) {
  const Policy policy = parse_policy(
      with_tables(R"({"id": "t", "hit_policy": "first",
                      "rows": [{"when": {"minor": true}, "value": {"table": "u"}}],
                      "default": 7},
                     {"id": "u", "hit_policy": "first",
                      "rows": [{"when": {"gender": "male"}, "value": 11}],
                      "default": 13})"),
      "p.json");
  EXPECT_EQ(table_term(policy, "M2", admission("L2", DispatchMode::kPool)),
            11.0);
  EXPECT_EQ(table_term(policy, "M2", admission("L1", DispatchMode::kPool)),
            13.0);
  EXPECT_EQ(table_term(policy, "M1", admission("L1", DispatchMode::kPool)),
            7.0);
}

TEST_F(SmallData, CaseStandardFollowsAssigningCity) {
  const Policy policy = testing::default_policy();
  const SubsidyDecision pool =
      subsidy(policy, "M1", admission("L1", DispatchMode::kPool));
  EXPECT_EQ(pool.basis, "case_standard");
  EXPECT_EQ(pool.payer, "330102");
  // Row 1 of case_standard: an assigned case assigned in city 330100.
  EXPECT_EQ(pool.amount, 2000.0);
  EXPECT_EQ(pool.source, "tables[0].rows[1]");
  // M3 is a duty shift: row 6 of case_standard.
  const SubsidyDecision shift =
      subsidy(policy, "M3", admission("L2", DispatchMode::kOther));
  EXPECT_EQ(shift.basis, "case_standard");
  EXPECT_EQ(shift.payer, "330203");
  EXPECT_EQ(shift.amount, 300.0);
  EXPECT_EQ(shift.source, "tables[0].rows[6]");
}

TEST_F(SmallData, PairingSubsidyAndPayerWin) {
  const Policy policy = testing::default_policy();
  const SubsidyDecision own =
      subsidy(policy, "M2", admission("L1", DispatchMode::kProject, "A1"));
  EXPECT_EQ(own.basis, "agreement");
  EXPECT_EQ(own.amount, 999.0);
  EXPECT_EQ(own.payer, "Firm fund");
  EXPECT_EQ(own.source, "pairings.csv subsidy");
  // A2 states neither: the agreement table and the assigning agency.
  const SubsidyDecision table =
      subsidy(policy, "M2", admission("L1", DispatchMode::kProject, "A2"));
  EXPECT_EQ(table.basis, "agreement");
  EXPECT_EQ(table.amount, 1500.0);
  EXPECT_EQ(table.payer, "330103");
  EXPECT_EQ(table.source, "tables[1].rows[0]");
}

TEST_F(SmallData, VolunteerActionUsesItsAgreement) {
  const Policy policy = testing::default_policy();
  const SubsidyDecision decision = subsidy(
      policy, "M3", admission("L2", DispatchMode::kVolunteerAction, "V1"));
  EXPECT_EQ(decision.basis, "volunteer_agreement");
  EXPECT_EQ(decision.payer, "zhejiang-volunteer-action");
  // A duty shift in a region without the island tag: the base row only.
  EXPECT_EQ(decision.amount, 200.0);
  EXPECT_EQ(decision.source, "tables[2].rows[1]");
}

TEST_F(SmallData, CollectSumSourceListsEveryRow) {
  const Policy policy = parse_policy(
      document(R"("rules": [], "scores": [],
                  "tables": [{"id": "v", "hit_policy": "collect_sum",
                              "rows": [{"value": 100},
                                       {"when": {"serving_tags": {"has": "resource_short"}},
                                        "value": 50}]}],
                  "subsidies": {"volunteer_agreement": "v",
                                "volunteer_action_payer": "fund"})"),
      "p.json");
  const SubsidyDecision decision = subsidy(
      policy, "M3", admission("L2", DispatchMode::kVolunteerAction, "V1"));
  EXPECT_EQ(decision.amount, 150.0);
  EXPECT_EQ(decision.payer, "fund");
  EXPECT_EQ(decision.source, "tables[0].rows[0] + tables[0].rows[1]");
  // No case_standard table: nothing is paid and no row is named.
  const SubsidyDecision none =
      subsidy(policy, "M1", admission("L1", DispatchMode::kPool));
  EXPECT_EQ(none.amount, 0.0);
  EXPECT_EQ(none.source, "");
  EXPECT_EQ(none.basis, "case_standard");
}

TEST_F(SmallData, FactsFromAnotherPolicyRejected) {
  const Policy one = testing::default_policy();
  const Policy other = testing::default_policy();
  const Policy copy = one;
  const MatterFacts facts = one.facts(data_, matter("M1"));
  const Admission a = admission("L1", DispatchMode::kPool);
  EXPECT_THROW(other.first_failed_rule(data_, facts, a), std::invalid_argument);
  EXPECT_EQ(copy.first_failed_rule(data_, facts, a), -1);
}

TEST_F(SmallData, MatterFactsValues) {
  const Policy policy = testing::default_policy();
  const MatterFacts facts = policy.facts(data_, matter("M2"));
  EXPECT_EQ(facts.value(Attribute::kMinor), 1.0);
  EXPECT_EQ(facts.value(Attribute::kDifficulty), 4.0);
  EXPECT_EQ(facts.value(Attribute::kCrossRegion), 1.0);  // 330103 -> 330203
  EXPECT_EQ(facts.value(Attribute::kCrossCity), 1.0);
  EXPECT_EQ(facts.value(Attribute::kServingCity), 330200.0);
  EXPECT_FALSE(facts.late());
  EXPECT_THROW(facts.value(Attribute::kRating), std::invalid_argument);
  EXPECT_THROW(facts.value(Attribute::kServingTags), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Late matters and years since leaving office at their boundaries.

TEST(PolicyAttributes, LateAfterDeadlineDays) {
  const Dataset data = io::load_dataset(io::DatasetTables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      std::nullopt,
      io::Table::parse("providers.csv",
                       "id,kind,home_region,capacity\nL1,lawyer,330102,1\n"),
      std::nullopt,
      {},
      io::Table::parse("matters.csv",
                       "id,kind,category,serving_region,date,notified_date\n"
                       "M1,duty_shift,,330102,2024-06-04,2024-06-01\n"
                       "M2,duty_shift,,330102,2024-06-05,2024-06-01\n"
                       "M3,duty_shift,,330102,2024-06-05,\n")});
  const Policy policy = parse_policy(
      document(R"("deadline_days": 3, "rules": [{"id": "late", "when": {"late": true},
                  "require": {"capacity": {">": 5}}}], "scores": [])"),
      "p.json");
  const Admission a{0, DispatchMode::kPool, -1};
  // Notified 2024-06-01 with 3 days: on time on 06-04, late on 06-05.
  EXPECT_FALSE(policy.facts(data, data.matters[0]).late());
  EXPECT_TRUE(policy.facts(data, data.matters[1]).late());
  EXPECT_FALSE(policy.facts(data, data.matters[2]).late());  // not tracked
  EXPECT_EQ(policy.first_failed_rule(data, policy.facts(data, data.matters[1]), a),
            0);
}

TEST(PolicyAttributes, YearsSinceLeavingOfficeByCalendar) {
  const Dataset data = io::load_dataset(io::DatasetTables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      std::nullopt,
      io::Table::parse("providers.csv",
                       "id,kind,home_region,capacity,former_office,left_office\n"
                       "L1,lawyer,330102,1,judge,2021-06-02\n"
                       "L2,lawyer,330102,1,judge,2020-02-29\n"
                       "L3,lawyer,330102,1,,\n"),
      std::nullopt,
      {},
      io::Table::parse("matters.csv",
                       "id,kind,category,serving_region,date\n"
                       "M1,assigned_case,civil,330102,2023-06-02\n"
                       "M2,assigned_case,civil,330102,2023-06-01\n"
                       "M3,assigned_case,civil,330102,2022-02-28\n")});
  const Policy policy = parse_policy(
      document(R"("rules": [{"id": "office", "require": {"years_since_leaving_office": {">=": 2}}}],
                  "scores": [])"),
      "p.json");
  auto failed = [&](std::size_t matter, ProviderIndex provider) {
    const Admission a{provider, DispatchMode::kPool, -1};
    return policy.first_failed_rule(data, policy.facts(data, data.matters[matter]), a);
  };
  EXPECT_EQ(failed(0, 0), -1);  // the second anniversary, in a common year
  EXPECT_EQ(failed(1, 0), 0);   // one day before it
  // 29 February 2020 has its anniversaries on 28 February.
  EXPECT_EQ(failed(2, 1), -1);
  EXPECT_EQ(failed(2, 2), -1);  // never in office
}

// ---------------------------------------------------------------------------
// Policy sets.

Policy dated(const std::string& name, const std::string& from,
             const std::string& to) {
  return parse_policy(
      R"({"format": "aidmatch-policy/2", "name": ")" + name +
          R"(", "version": "1", "effective_from": )" + from +
          R"(, "effective_to": )" + to + R"(, "rules": [], "scores": []})",
      name + ".json");
}

TEST(PolicySet, PicksPolicyInForce) {
  PolicySet set({dated("b", R"("2025-01-01")", "null"),
                 dated("a", R"("2024-03-01")", R"("2024-12-30")"),
                 dated("before", "null", R"("2024-02-29")")});
  ASSERT_EQ(set.size(), 3u);
  EXPECT_EQ(set.policies()[0].name(), "before");
  EXPECT_EQ(set.policies()[1].name(), "a");
  EXPECT_EQ(set.policies()[2].name(), "b");
  EXPECT_EQ(set.in_force(Date::from_ymd(2020, 1, 1))->name(), "before");
  EXPECT_EQ(set.in_force(Date::from_ymd(2024, 2, 29))->name(), "before");
  EXPECT_EQ(set.in_force(Date::from_ymd(2024, 3, 1))->name(), "a");
  EXPECT_EQ(set.in_force(Date::from_ymd(2024, 12, 30))->name(), "a");
  EXPECT_EQ(set.in_force(Date::from_ymd(2024, 12, 31)), nullptr);
  EXPECT_EQ(set.in_force(Date::from_ymd(2030, 1, 1))->name(), "b");
  EXPECT_EQ(PolicySet().in_force(Date::from_ymd(2024, 3, 1)), nullptr);
}

TEST(PolicySet, OverlapNamesBothPolicies) {
  PolicySet set;
  set.add(dated("a", R"("2024-03-01")", "null"));
  try {
    set.add(dated("b", R"("2025-01-01")", R"("2025-12-31")"));
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "policy \"b\" version 1 (b.json, 2025-01-01 to 2025-12-31) "
              "overlaps policy \"a\" version 1 (a.json, 2024-03-01 to open) "
              "from 2025-01-01 to 2025-12-31; expected at most one policy in "
              "force on each date");
  }
  EXPECT_EQ(set.size(), 1u);
  // Ranges that share one day overlap too.
  EXPECT_THROW(set.add(dated("c", "null", R"("2024-03-01")")), InputError);
  set.add(dated("d", "null", R"("2024-02-29")"));
  EXPECT_EQ(set.size(), 2u);
}

// ---------------------------------------------------------------------------
// The attribute catalogue.

TEST(AttributeCatalogue, OrderNamesAndScopes) {
  const auto catalogue = attribute_catalogue();
  ASSERT_EQ(catalogue.size(), kAttributeCount);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(catalogue[i].id), i);
    EXPECT_TRUE(names.insert(catalogue[i].name).second) << catalogue[i].name;
    EXPECT_EQ(find_attribute(catalogue[i].name), catalogue[i].id);
    EXPECT_EQ(catalogue[i].type == AttributeType::kEnum,
              !catalogue[i].values.empty())
        << catalogue[i].name;
  }
  EXPECT_EQ(attribute_info(Attribute::kHasChosenProvider).scope,
            AttributeScope::kMatter);
  EXPECT_EQ(attribute_info(Attribute::kProviderKind).scope,
            AttributeScope::kPair);
  EXPECT_FALSE(find_attribute("weight").has_value());
}

TEST(AttributeCatalogue, DocumentedInPolicyFile) {
  std::ifstream file(testing::source_path("docs/policy-file.md"));
  ASSERT_TRUE(file) << "cannot open docs/policy-file.md";
  std::stringstream text;
  text << file.rdbuf();
  for (const AttributeInfo& info : attribute_catalogue()) {
    const std::string row = "| `" + std::string(info.name) + "` | " +
                            std::string(to_string(info.type)) + " | " +
                            std::string(to_string(info.scope)) + " |";
    EXPECT_NE(text.str().find(row), std::string::npos) << row;
  }
}

// ---------------------------------------------------------------------------
// The compiled evaluator against the naive one.

// Conditions on every attribute, with all, any and not, and tables of each
// hit policy, one nested in another.
const char* kEveryAttributePolicy = R"({
  "format": "aidmatch-policy/2", "name": "every-attribute", "version": "1",
  "deadline_days": 2,
  "rules": [
    {"id": "r1", "when": {"kind": ["assigned_case", "duty_shift"], "category": {"ne": "civil"}},
     "require": {"any": [{"provider_kind": "lawyer"}, {"volunteer_type": "community"}]}},
    {"id": "r2", "when": {"minor": true}, "require": {"minors_familiar": true}},
    {"id": "r3", "when": {"not": {"difficulty": {"<": 3}}}, "require": {"practice_years": {">=": 4}}},
    {"id": "r4", "when": {"needs_language": true, "language": {"not_in": ["mandarin"]}},
     "require": {"any": [{"speaks_language": true}, {"same_city": true}]}},
    {"id": "r5", "when": {"needs_specialty": true, "specialty": ["criminal", "labour"]},
     "require": {"has_specialty": true}},
    {"id": "r6", "when": {"preferred_gender": "female", "disability": false},
     "require": {"any": [{"gender": {"in": ["female"]}}, {"rating": {">": 4.5}}]}},
    {"id": "r7", "when": {"in_case_group": false, "cross_region": false, "cross_city": false},
     "require": {"not": {"conflicted": true}}},
    {"id": "r8", "when": {"serving_tags": {"has": "resource_short"}},
     "require": {"any": [{"home_tags": {"has": "mountain"}}, {"distance_km": {"<=": 150}},
                         {"pairing_kind": {"ne": "none"}}]}},
    {"id": "r9", "when": {"late": true}, "require": {"current_load": {"<": 6}}},
    {"id": "r10", "when": {"has_chosen_provider": true},
     "require": {"any": [{"chosen_by_recipient": true}, {"rating": {">": 3.5}}]}},
    {"id": "r11", "require": {"complained_against": false, "former_office": {"not_in": ["judge"]}}},
    {"id": "r12", "when": {"serving_city": {"in": ["330100", "330200"]}, "assigning_city": {"ne": "330300"}},
     "require": {"any": [{"home_city": {"eq": "330100"}}, {"same_county": true},
                         {"mode": {"in": ["pool", "project"]}},
                         {"years_since_leaving_office": {">": 5}}]}},
    {"id": "r13", "when": {"serving_region": {"ne": "330102"}, "assigning_region": {"not_in": ["330103"]},
                           "life_or_death": false},
     "require": {"criminal_defence_years": {">=": 0}, "capacity": {">=": 1},
                 "home_region": {"ne": "330999"}}},
    {"id": "r14", "enabled": false, "require": {"capacity": 99}}
  ],
  "scores": [
    {"id": "specialty", "weight": 3, "term": "specialty"},
    {"id": "experience", "weight": 2, "term": "experience", "years_per_difficulty": 3},
    {"id": "language", "weight": 2, "term": "language"},
    {"id": "gender", "weight": 0.5, "term": "gender"},
    {"id": "distance", "weight": 1, "term": "distance", "scale_km": 50},
    {"id": "pairing", "weight": 1, "term": "pairing"},
    {"id": "mountain", "weight": 2, "term": "resource_short", "tag": "mountain"},
    {"id": "workload", "weight": 1, "term": "workload", "scale": 4},
    {"id": "rating", "weight": 0, "term": "rating"},
    {"id": "first", "weight": 1, "table": "t_first"},
    {"id": "unique", "weight": 0.25, "table": "t_unique"}
  ],
  "tables": [
    {"id": "t_first", "hit_policy": "first", "default": 0.25,
     "rows": [{"when": {"provider_kind": "volunteer"}, "value": 0.5},
              {"when": {"mode": "project"}, "value": {"table": "t_sum"}},
              {"when": {"distance_km": {">": 100}}, "value": -1}]},
    {"id": "t_sum", "hit_policy": "collect_sum",
     "rows": [{"when": {"serving_tags": {"has": "island"}}, "value": 1},
              {"when": {"gender": "male"}, "value": 0.3},
              {"when": {"pairing_kind": "twinning"}, "value": 0.2}]},
    {"id": "t_unique", "hit_policy": "unique",
     "rows": [{"when": {"difficulty": {"<=": 2}}, "value": 1},
              {"when": {"difficulty": {">=": 3}}, "value": 2}]}
  ]
})";

// The default data set with the columns the synthetic batch leaves empty
// filled at random: deadlines, choices, complaints, conflicts and former
// offices, each set on both the id and the index the loader would give.
Dataset randomised_default_data(std::mt19937_64& random) {
  Dataset data = io::load_dataset(io::default_tables());
  std::vector<ProviderIndex> individuals;
  std::vector<ProviderIndex> firms;
  for (std::size_t p = 0; p < data.providers.size(); ++p) {
    const auto index = static_cast<ProviderIndex>(p);
    (data.providers[index].is_individual() ? individuals : firms)
        .push_back(index);
  }
  auto pick = [&](const std::vector<ProviderIndex>& from) {
    return from[random() % from.size()];
  };
  for (Matter& m : data.matters) {
    const auto roll = random() % 8;
    if (roll == 0) m.notified = m.date + -static_cast<std::int32_t>(random() % 7);
    if (roll == 1) {
      m.chosen = pick(individuals);
      m.chosen_provider = data.providers[m.chosen].id;
    }
    if (roll == 2) {
      m.complaint_providers.push_back(pick(individuals));
      m.complaints.push_back(data.providers[m.complaint_providers.back()].id);
    }
    if (roll == 3) {
      m.conflict_providers.push_back(pick(firms));
      m.conflicts.push_back(data.providers[m.conflict_providers.back()].id);
    }
  }
  for (ProviderIndex p : individuals) {
    if (random() % 10 != 0) continue;
    Provider& provider = data.providers.mutable_at(p);
    provider.former_office =
        random() % 2 == 0 ? FormerOffice::kJudge : FormerOffice::kProsecutor;
    provider.left_office =
        Date::from_ymd(2018, 1, 1) + static_cast<std::int32_t>(random() % 2900);
  }
  return data;
}

struct Pair {
  MatterIndex matter;
  Admission admission;
};

// Admitted candidates of random matters, and as many arbitrary pairs of a
// random matter with a random individual, mode and pairing.
std::vector<Pair> random_pairs(const Dataset& data, std::mt19937_64& random,
                               std::size_t count) {
  const CandidateIndex index(data);
  std::vector<Pair> pairs;
  while (pairs.size() < count / 2) {
    const auto m = static_cast<MatterIndex>(random() % data.matters.size());
    const auto admitted = index.admissions(data.matters[m]);
    for (std::size_t k = 0; k < 4 && !admitted.empty(); ++k) {
      pairs.push_back({m, admitted[random() % admitted.size()]});
    }
  }
  while (pairs.size() < count) {
    const auto m = static_cast<MatterIndex>(random() % data.matters.size());
    const auto p = static_cast<ProviderIndex>(random() % data.providers.size());
    if (!data.providers[p].is_individual()) continue;
    const auto mode = static_cast<DispatchMode>(random() % 5);
    const auto pairing =
        random() % 2 == 0
            ? -1
            : static_cast<std::int32_t>(random() % data.pairings.size());
    pairs.push_back({m, {p, mode, pairing}});
  }
  return pairs;
}

void expect_same_as_naive(const Policy& policy, const Dataset& data,
                          const std::vector<Pair>& pairs,
                          std::size_t min_distinct_outcomes) {
  const NaiveEvaluator naive(policy);
  std::set<int> outcomes;
  std::size_t mismatches = 0;
  for (const Pair& pair : pairs) {
    const Matter& m = data.matters[pair.matter];
    const MatterFacts facts = policy.facts(data, m);
    const int compiled_rule = policy.first_failed_rule(data, facts, pair.admission);
    const int naive_rule = naive.first_failed_rule(data, m, pair.admission);
    outcomes.insert(compiled_rule);
    const ScoreBreakdown compiled = policy.score(data, facts, pair.admission);
    const ScoreBreakdown reference = naive.score(data, m, pair.admission);
    const bool same = compiled_rule == naive_rule &&
                      compiled.terms == reference.terms &&
                      compiled.total == reference.total;
    if (!same && ++mismatches <= 5) {
      ADD_FAILURE() << "matter " << m.id << ", provider "
                    << data.providers[pair.admission.provider].id << ": rule "
                    << compiled_rule << " against " << naive_rule
                    << ", total " << compiled.total << " against "
                    << reference.total;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  // The pairs reach several different rules, so the comparison does not
  // pass merely because both evaluators return "eligible" for every pair.
  EXPECT_GE(outcomes.size(), min_distinct_outcomes);
}

TEST(CompiledPolicy, EqualsNaiveOnEveryAttributePolicy) {
  std::mt19937_64 random(20240301);
  const Dataset data = randomised_default_data(random);
  const Policy policy = parse_policy(kEveryAttributePolicy, "every.json");
  ASSERT_TRUE(policy.warnings().empty());
  expect_same_as_naive(policy, data, random_pairs(data, random, 4000), 8);
}

TEST(CompiledPolicy, EqualsNaiveOnDefaultPolicy) {
  std::mt19937_64 random(7);
  const Dataset data = randomised_default_data(random);
  Policy policy = testing::default_policy();
  expect_same_as_naive(policy, data, random_pairs(data, random, 3000), 5);
  // Switches and weights changed after parsing apply to both.
  policy.set_rule_enabled("life_or_death_experience", false);
  policy.set_rule_enabled("life_or_death_relevant_practice", true);
  policy.set_term_weight("distance", 4.0);
  expect_same_as_naive(policy, data, random_pairs(data, random, 1000), 4);
}

}  // namespace
}  // namespace aidmatch
