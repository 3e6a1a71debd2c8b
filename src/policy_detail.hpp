// The compiled form of a policy, shared by the parser, the static checks,
// the evaluator and the naive reference evaluator. Private to the library.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "aidmatch/rules/policy.hpp"

namespace aidmatch::detail {

enum class Operator : std::uint8_t {
  kEq,
  kNe,
  kIn,
  kNotIn,
  kGe,
  kGt,
  kLe,
  kLt,
  kHas,
};
inline constexpr std::size_t kOperatorCount = 9;

// The operator names of the policy file, in enumerator order.
std::string_view to_string(Operator op);

// A leaf constraint "attribute op value". Values are numbers as
// MatterFacts::value() describes them.
struct Test {
  Attribute attribute = Attribute::kKind;
  Operator op = Operator::kEq;
  double value = 0.0;       // eq, ne and the four comparisons
  std::uint64_t tag = 0;    // has: the bit of the tag
  std::uint32_t list_begin = 0;  // in, not_in: values in CompiledPolicy::lists
  std::uint32_t list_end = 0;
};

enum class NodeKind : std::uint8_t { kAll, kAny, kNot, kTest };

// One node of a condition tree stored in pre-order: the children of a node
// follow it, and `size` skips its whole subtree.
struct Node {
  NodeKind kind = NodeKind::kTest;
  bool matter_only = false;  // no pair-side attribute in the subtree
  std::uint32_t size = 1;    // nodes in the subtree, this one included
  std::int32_t test = -1;    // kTest: index into CompiledPolicy::tests
  // A matter-only node whose parent is not matter-only: its slot in
  // MatterFacts::results_. -1 for every other node.
  std::int32_t slot = -1;
};

// Nodes [begin, end) of CompiledPolicy::nodes: one tree, or nothing for a
// condition that always holds.
struct Condition {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool empty() const { return begin == end; }
};

struct CompiledRule {
  Condition when;
  Condition require;
};

enum class Builtin : std::uint8_t {
  kSpecialty,
  kExperience,
  kLanguage,
  kGender,
  kDistance,
  kPairing,
  kResourceShort,
  kWorkload,
  kRating,
  kTable,  // not built in: the value of a decision table
};

struct CompiledTerm {
  Builtin builtin = Builtin::kTable;
  // years_per_difficulty, scale_km or scale, and unused by other terms.
  double parameter = 0.0;
  std::string tag;          // resource_short: the region tag
  std::int32_t table = -1;  // kTable: index into CompiledPolicy::tables
};

enum class HitPolicy : std::uint8_t { kFirst, kUnique, kCollectSum };

struct CompiledRow {
  Condition when;
  double value = 0.0;
  std::int32_t table = -1;  // a row whose value is another table's value
  std::string path;         // "tables[i].rows[j]"
};

struct CompiledTable {
  std::string id;
  std::string path;  // "tables[i]"
  HitPolicy hit_policy = HitPolicy::kFirst;
  std::vector<CompiledRow> rows;
  double default_value = 0.0;
};

struct CompiledSubsidies {
  bool present = false;
  std::string currency = "CNY";
  std::int32_t case_standard = -1;  // table indexes, or -1 when absent
  std::int32_t agreement = -1;
  std::int32_t volunteer_agreement = -1;
  std::string volunteer_action_payer = "zhejiang-volunteer-action";
};

struct CompiledPolicy {
  std::string source;
  std::string name;
  std::string version;
  std::string description;
  DateRange effective;
  SelectionMethod selection_method = SelectionMethod::kOptimise;
  RotationScope rotation_scope = RotationScope::kPool;
  std::optional<std::uint64_t> seed;
  std::int32_t deadline_days = 3;
  double score_resolution = 1e-4;
  PolicyConstraints constraints;
  std::vector<PolicyWarning> warnings;

  std::vector<CompiledRule> rules;
  std::vector<CompiledTerm> terms;
  std::vector<CompiledTable> tables;
  CompiledSubsidies subsidies;
  std::vector<RuleInfo> rule_info;  // the document's values
  std::vector<TermInfo> term_info;

  // Storage of every condition.
  std::vector<Node> nodes;
  std::vector<Test> tests;
  std::vector<double> lists;
  std::vector<std::uint32_t> slot_roots;  // node index of each slot

  // Text constants of conditions on text attributes, by symbol.
  std::unordered_map<std::string, double> text_symbols;
  // Tags named by "has", by bit position.
  std::vector<std::string> tags;
  bool uses_home_tags = false;

  // The parsed document, which NaiveEvaluator walks.
  nlohmann::json document;
};

// Parses and compiles a document. Throws InputError listing every problem.
std::shared_ptr<const CompiledPolicy> compile_policy(std::string_view json_text,
                                                     std::string_view source);

// The static checks of one decision table. `conjunctions[j]` lists the
// tests of row j when its condition is a conjunction of tests, and is
// nullopt for a row that uses "any" or "not", which the checks skip.
// Returns warnings for rows that an earlier row masks (hit policy first)
// and for pairs of rows that can both match (hit policy unique).
std::vector<PolicyWarning> check_table(
    const CompiledPolicy& policy, const CompiledTable& table,
    const std::vector<std::optional<std::vector<std::int32_t>>>& conjunctions);

// Calendar years from `from` to `to`: the whole years completed plus the
// elapsed fraction of the next year, so that an anniversary gives a whole
// number. An anniversary of 29 February falls on 28 February in common
// years. Negative when `to` precedes `from`.
double calendar_years(Date from, Date to);

// The number that stands for a six-digit region code, or -1 for kNoRegion.
double region_code_value(const RegionGraph& regions, RegionIndex region);

}  // namespace aidmatch::detail
