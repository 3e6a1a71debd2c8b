// Parsing, validation and compilation of policy documents of format
// "aidmatch-policy/2". Every problem is collected with its JSON path, and
// all of them are reported together in one InputError.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "aidmatch/core/error.hpp"
#include "json_input.hpp"
#include "policy_detail.hpp"

namespace aidmatch::detail {

namespace {

using nlohmann::json;

// The smallest scale a built-in term may use; below it the scaled terms
// could overflow to infinity.
constexpr double kMinScale = 1e-6;
constexpr double kMinResolution = 1e-9;
constexpr std::int64_t kMaxDeadlineDays = 365;
constexpr std::size_t kMaxTags = 64;
// Nesting of arrays and objects in a document. The default policy nests 7
// levels; conditions are compiled recursively, one call per level.
constexpr int kMaxPolicyNesting = 64;
// Tables on one chain of {"table": ...} references. Evaluation follows the
// references recursively, one call per table.
constexpr std::size_t kMaxTableChain = 64;

// The keys of "subsidies" that name tables, in CompiledSubsidies order.
constexpr std::array<std::string_view, 3> kSubsidyKeys{
    "case_standard", "agreement", "volunteer_agreement"};

constexpr std::array<std::string_view, kOperatorCount> kOperatorNames{
    "eq", "ne", "in", "not_in", ">=", ">", "<=", "<", "has"};

// Built-in terms in Builtin order, with the parameter each one takes.
struct BuiltinSpec {
  std::string_view name;
  std::string_view parameter;  // empty: none
  double default_value;
};
constexpr std::array<BuiltinSpec, 9> kBuiltins{{
    {"specialty", "", 0.0},
    {"experience", "years_per_difficulty", 2.0},
    {"language", "", 0.0},
    {"gender", "", 0.0},
    {"distance", "scale_km", 100.0},
    {"pairing", "", 0.0},
    {"resource_short", "tag", 0.0},
    {"workload", "scale", 10.0},
    {"rating", "", 0.0},
}};

std::string join(const std::vector<std::string_view>& names,
                 std::string_view separator = ", ") {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += separator;
    out += names[i];
  }
  return out;
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// The Levenshtein distance, for suggesting the closest attribute name.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool is_valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// A condition as parsed, before it is flattened into nodes.
struct ConditionTree {
  NodeKind kind = NodeKind::kTest;
  std::vector<ConditionTree> children;
  Test test;
  std::vector<double> list;  // in, not_in
};

// A place that names a table by id, resolved once every table is read.
struct TableReference {
  enum class Site : std::uint8_t { kTerm, kRow, kSubsidy };
  Site site = Site::kTerm;
  std::size_t index = 0;  // the term, the table of the row, or the subsidy key
  std::size_t row = 0;    // kRow: the row within the table
  std::string id;
  std::string path;  // JSON path of the reference itself
};

class PolicyParser {
 public:
  explicit PolicyParser(std::string_view source) {
    policy_.source = std::string(source);
  }

  std::shared_ptr<const CompiledPolicy> parse(const json& document);

 private:
  // Diagnostics.
  void error(const std::string& path, const std::string& message) {
    errors_.push_back(policy_.source + ": " +
                      (path.empty() ? std::string("top level") : path) +
                      ": " + message);
  }
  void expected(const std::string& path, const std::string& expectation,
                const json& found) {
    error(path, "expected " + expectation + ", found " + found.dump());
  }

  // Readers. Each reports its own errors and returns nullopt after one.
  bool check_keys(const json& object, const std::string& path,
                  const std::vector<std::string_view>& allowed,
                  std::string_view expectation);
  const json* required(const json& object, const std::string& path,
                       std::string_view key, const std::string& expectation);
  std::optional<std::string> text(const json& value, const std::string& path);
  std::optional<bool> boolean(const json& value, const std::string& path);
  std::optional<double> number(const json& value, const std::string& path,
                               double min);
  std::optional<std::int64_t> integer(const json& value,
                                      const std::string& path,
                                      std::int64_t min, std::int64_t max);
  std::optional<std::optional<Date>> date(const json& value,
                                          const std::string& path);
  std::optional<std::string> identifier(const json& object,
                                        const std::string& path,
                                        std::map<std::string, std::string>& seen,
                                        std::string_view kind);
  template <std::size_t N>
  std::optional<std::size_t> choice(
      const json& value, const std::string& path,
      const std::array<std::string_view, N>& names);

  // Sections of the document.
  void parse_header(const json& document);
  void parse_selection(const json& value, const std::string& path);
  void parse_constraints(const json& value, const std::string& path);
  void parse_rules(const json& value, const std::string& path);
  void parse_rule(const json& value, const std::string& path);
  void parse_scores(const json& value, const std::string& path);
  void parse_term(const json& value, const std::string& path);
  void parse_tables(const json& value, const std::string& path);
  void parse_table(const json& value, const std::string& path);
  void parse_row(const json& value, const std::string& path,
                 CompiledTable& table, std::int32_t table_index);
  void parse_subsidies(const json& value, const std::string& path);
  void resolve_references();
  void report_cycles();
  void run_static_checks();

  // Conditions.
  std::optional<ConditionTree> condition(const json& value,
                                         const std::string& path);
  std::optional<ConditionTree> leaf(const json& value,
                                    const std::string& path);
  std::optional<ConditionTree> constraint(Attribute attribute,
                                          const json& value,
                                          const std::string& path);
  std::optional<double> operand(const AttributeInfo& info, const json& value,
                                const std::string& path);
  std::optional<std::uint64_t> tag_bit(const json& value,
                                       const std::string& path);
  Condition emit(const std::optional<ConditionTree>& tree);
  std::uint32_t emit_node(const ConditionTree& tree, bool parent_matter_only);
  static bool matter_only(const ConditionTree& tree);
  static std::optional<std::vector<const ConditionTree*>> conjunction(
      const ConditionTree& tree);

  CompiledPolicy policy_;
  std::vector<std::string> errors_;
  std::map<std::string, std::string> rule_ids_;   // id -> path
  std::map<std::string, std::string> term_ids_;
  std::map<std::string, std::string> table_ids_;
  std::vector<TableReference> references_;
  // Per table and row: the tests of the row's conjunction, for the checks.
  std::vector<std::vector<std::optional<std::vector<std::int32_t>>>>
      row_conjunctions_;
};

// ---------------------------------------------------------------------------
// Readers

bool PolicyParser::check_keys(const json& object, const std::string& path,
                              const std::vector<std::string_view>& allowed,
                              std::string_view expectation) {
  if (!object.is_object()) {
    expected(path, std::string(expectation), object);
    return false;
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      error(child(path, key), "unknown key; expected one of " + join(allowed));
    }
  }
  return true;
}

const json* PolicyParser::required(const json& object, const std::string& path,
                                   std::string_view key,
                                   const std::string& expectation) {
  const auto it = object.find(key);
  if (it == object.end()) {
    error(child(path, key), "missing; expected " + expectation);
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> PolicyParser::text(const json& value,
                                              const std::string& path) {
  if (!value.is_string()) {
    expected(path, "a string", value);
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<bool> PolicyParser::boolean(const json& value,
                                          const std::string& path) {
  if (!value.is_boolean()) {
    expected(path, "true or false", value);
    return std::nullopt;
  }
  return value.get<bool>();
}

std::optional<double> PolicyParser::number(const json& value,
                                           const std::string& path,
                                           double min) {
  const std::string expectation =
      min == -std::numeric_limits<double>::infinity()
          ? "a finite number"
          : "a finite number >= " + number_text(min);
  if (!value.is_number() || !std::isfinite(value.get<double>()) ||
      value.get<double>() < min) {
    expected(path, expectation, value);
    return std::nullopt;
  }
  return value.get<double>();
}

std::optional<std::int64_t> PolicyParser::integer(const json& value,
                                                  const std::string& path,
                                                  std::int64_t min,
                                                  std::int64_t max) {
  const bool whole = value.is_number_integer() ||
                     (value.is_number_unsigned() &&
                      value.get<std::uint64_t>() <=
                          static_cast<std::uint64_t>(max));
  if (!whole || value.get<std::int64_t>() < min ||
      value.get<std::int64_t>() > max) {
    expected(path,
             "an integer from " + std::to_string(min) + " to " +
                 std::to_string(max),
             value);
    return std::nullopt;
  }
  return value.get<std::int64_t>();
}

std::optional<std::optional<Date>> PolicyParser::date(const json& value,
                                                      const std::string& path) {
  if (value.is_null()) return std::optional<Date>();
  const auto parsed =
      value.is_string() ? Date::parse(value.get<std::string>()) : std::nullopt;
  if (!parsed) {
    expected(path, "a date YYYY-MM-DD or null", value);
    return std::nullopt;
  }
  return std::optional<Date>(parsed);
}

// Reads the "id" key of `object`, checks its form and that no earlier entry
// of the same kind used it.
std::optional<std::string> PolicyParser::identifier(
    const json& object, const std::string& path,
    std::map<std::string, std::string>& seen, std::string_view kind) {
  const json* value = required(object, path, "id", "a string id");
  if (value == nullptr) return std::nullopt;
  const std::string id_path = child(path, "id");
  const auto id = text(*value, id_path);
  if (!id) return std::nullopt;
  if (!is_valid_id(*id)) {
    error(id_path, "invalid id " + value->dump() +
                       "; expected letters, digits, \"_\" or \"-\"");
    return std::nullopt;
  }
  const auto [it, inserted] = seen.emplace(*id, path);
  if (!inserted) {
    error(id_path, "duplicate id " + value->dump() + "; " + it->second +
                       " has the same id, and ids must be unique among " +
                       std::string(kind));
    return std::nullopt;
  }
  return id;
}

template <std::size_t N>
std::optional<std::size_t> PolicyParser::choice(
    const json& value, const std::string& path,
    const std::array<std::string_view, N>& names) {
  if (value.is_string()) {
    for (std::size_t i = 0; i < N; ++i) {
      if (names[i] == value.get<std::string>()) return i;
    }
  }
  const std::vector<std::string_view> list(names.begin(), names.end());
  if (value.is_string()) {
    error(path, "unknown value " + value.dump() + "; expected one of " +
                    join(list));
  } else {
    expected(path, "one of " + join(list), value);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Sections

void PolicyParser::parse_header(const json& document) {
  if (const json* name = required(document, "", "name", "a string")) {
    if (auto value = text(*name, "name")) policy_.name = *value;
  }
  if (const json* version = required(document, "", "version", "a string")) {
    if (auto value = text(*version, "version")) policy_.version = *value;
  }
  if (document.contains("description")) {
    if (auto value = text(document["description"], "description")) {
      policy_.description = *value;
    }
  }
  std::optional<Date> from;
  std::optional<Date> to;
  bool dates_valid = true;
  if (document.contains("effective_from")) {
    const auto value = date(document["effective_from"], "effective_from");
    dates_valid = dates_valid && value.has_value();
    if (value) from = *value;
  }
  if (document.contains("effective_to")) {
    const auto value = date(document["effective_to"], "effective_to");
    dates_valid = dates_valid && value.has_value();
    if (value) to = *value;
  }
  if (dates_valid && from && to && *to < *from) {
    error("effective_to", to->to_string() + " precedes effective_from " +
                              from->to_string() +
                              "; expected a date on or after it, or null");
  }
  policy_.effective = DateRange{from, to};

  if (document.contains("deadline_days")) {
    if (auto days = integer(document["deadline_days"], "deadline_days", 0,
                            kMaxDeadlineDays)) {
      policy_.deadline_days = static_cast<std::int32_t>(*days);
    }
  }
  if (document.contains("score_resolution")) {
    if (auto resolution = number(document["score_resolution"],
                                 "score_resolution", kMinResolution)) {
      policy_.score_resolution = *resolution;
    }
  }
}

void PolicyParser::parse_selection(const json& value, const std::string& path) {
  if (!check_keys(value, path, {"method", "rotation_scope", "seed"},
                  "an object")) {
    return;
  }
  static constexpr std::array<std::string_view, 3> kMethods{
      "optimise", "rotation", "random_draw"};
  static constexpr std::array<std::string_view, 2> kScopes{"pool", "firm"};
  if (value.contains("method")) {
    if (auto method = choice(value["method"], child(path, "method"), kMethods)) {
      policy_.selection_method = static_cast<SelectionMethod>(*method);
    }
  }
  if (value.contains("rotation_scope")) {
    if (auto scope = choice(value["rotation_scope"],
                            child(path, "rotation_scope"), kScopes)) {
      policy_.rotation_scope = static_cast<RotationScope>(*scope);
    }
  }
  if (value.contains("seed")) {
    const json& seed = value["seed"];
    if (seed.is_number_unsigned() ||
        (seed.is_number_integer() && seed.get<std::int64_t>() >= 0)) {
      policy_.seed = seed.get<std::uint64_t>();
    } else {
      expected(child(path, "seed"), "an integer from 0 to 2^64 - 1", seed);
    }
  }
}

void PolicyParser::parse_constraints(const json& value,
                                     const std::string& path) {
  if (!check_keys(value, path,
                  {"distinct_defenders_per_case_group",
                   "honour_recipient_choice", "late_matters_first"},
                  "an object")) {
    return;
  }
  auto read = [&](std::string_view key, bool& target) {
    if (!value.contains(key)) return;
    if (auto flag = boolean(value[std::string(key)], child(path, key))) {
      target = *flag;
    }
  };
  read("distinct_defenders_per_case_group",
       policy_.constraints.distinct_defenders_per_case_group);
  read("honour_recipient_choice", policy_.constraints.honour_recipient_choice);
  read("late_matters_first", policy_.constraints.late_matters_first);
}

void PolicyParser::parse_rules(const json& value, const std::string& path) {
  if (!value.is_array()) {
    expected(path, "an array of rules", value);
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    parse_rule(value[i], item(path, i));
  }
}

void PolicyParser::parse_rule(const json& value, const std::string& path) {
  if (!check_keys(value, path,
                  {"id", "description", "provision", "enabled", "when",
                   "require"},
                  "a rule object")) {
    return;
  }
  RuleInfo info;
  if (auto id = identifier(value, path, rule_ids_, "rules")) info.id = *id;
  if (value.contains("description")) {
    if (auto t = text(value["description"], child(path, "description"))) {
      info.description = *t;
    }
  }
  if (value.contains("provision")) {
    if (auto t = text(value["provision"], child(path, "provision"))) {
      info.provision = *t;
    }
  }
  if (value.contains("enabled")) {
    if (auto flag = boolean(value["enabled"], child(path, "enabled"))) {
      info.enabled = *flag;
    }
  }
  CompiledRule rule;
  if (value.contains("when")) {
    rule.when = emit(condition(value["when"], child(path, "when")));
  }
  if (const json* require =
          required(value, path, "require", "a condition")) {
    rule.require = emit(condition(*require, child(path, "require")));
  }
  policy_.rules.push_back(rule);
  policy_.rule_info.push_back(std::move(info));
}

void PolicyParser::parse_scores(const json& value, const std::string& path) {
  if (!value.is_array()) {
    expected(path, "an array of score terms", value);
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    parse_term(value[i], item(path, i));
  }
}

void PolicyParser::parse_term(const json& value, const std::string& path) {
  if (!value.is_object()) {
    expected(path, "a score term object", value);
    return;
  }
  CompiledTerm term;
  TermInfo info;
  const bool has_term = value.contains("term");
  const bool has_table = value.contains("table");
  std::vector<std::string_view> allowed{"id", "description", "weight",
                                        "term", "table"};
  std::optional<std::size_t> builtin;
  if (has_term && has_table) {
    error(path, "both \"term\" and \"table\"; expected exactly one of them");
  } else if (!has_term && !has_table) {
    error(path, "neither \"term\" nor \"table\"; expected exactly one of them");
  } else if (has_term) {
    std::array<std::string_view, kBuiltins.size()> names;
    for (std::size_t b = 0; b < kBuiltins.size(); ++b) {
      names[b] = kBuiltins[b].name;
    }
    builtin = choice(value["term"], child(path, "term"), names);
    // With an unknown term, accept every term's parameter rather than
    // report each as a second error.
    for (std::size_t b = 0; b < kBuiltins.size(); ++b) {
      const std::string_view parameter = kBuiltins[b].parameter;
      if (!parameter.empty() && (!builtin || *builtin == b) &&
          std::find(allowed.begin(), allowed.end(), parameter) ==
              allowed.end()) {
        allowed.push_back(parameter);
      }
    }
  }
  check_keys(value, path, allowed, "a score term object");

  if (auto id = identifier(value, path, term_ids_, "score terms")) {
    info.id = *id;
  }
  if (value.contains("description")) {
    text(value["description"], child(path, "description"));
  }
  if (const json* weight =
          required(value, path, "weight", "a finite number >= 0")) {
    if (auto w = number(*weight, child(path, "weight"), 0.0)) info.weight = *w;
  }
  if (builtin) {
    const BuiltinSpec& spec = kBuiltins[*builtin];
    term.builtin = static_cast<Builtin>(*builtin);
    info.builtin = std::string(spec.name);
    term.parameter = spec.default_value;
    term.tag = "resource_short";
    if (!spec.parameter.empty() && value.contains(spec.parameter)) {
      const std::string parameter_path = child(path, spec.parameter);
      const json& parameter = value[std::string(spec.parameter)];
      if (term.builtin == Builtin::kResourceShort) {
        if (auto tag = text(parameter, parameter_path)) term.tag = *tag;
      } else if (auto scale = number(parameter, parameter_path, kMinScale)) {
        term.parameter = *scale;
      }
    }
  } else if (has_table && !has_term) {
    term.builtin = Builtin::kTable;
    if (auto id = text(value["table"], child(path, "table"))) {
      info.table = *id;
      references_.push_back({TableReference::Site::kTerm,
                             policy_.terms.size(), 0, *id,
                             child(path, "table")});
    }
  }
  policy_.terms.push_back(term);
  policy_.term_info.push_back(std::move(info));
}

void PolicyParser::parse_tables(const json& value, const std::string& path) {
  if (!value.is_array()) {
    expected(path, "an array of decision tables", value);
    return;
  }
  // Tables are reserved up front so that references into their rows stay
  // valid while later tables are added.
  policy_.tables.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    parse_table(value[i], item(path, i));
  }
}

void PolicyParser::parse_table(const json& value, const std::string& path) {
  const auto index = static_cast<std::int32_t>(policy_.tables.size());
  policy_.tables.emplace_back();
  row_conjunctions_.emplace_back();
  CompiledTable& table = policy_.tables.back();
  table.path = path;
  if (!check_keys(value, path,
                  {"id", "description", "hit_policy", "rows", "default"},
                  "a decision table object")) {
    return;
  }
  if (auto id = identifier(value, path, table_ids_, "tables")) table.id = *id;
  if (value.contains("description")) {
    text(value["description"], child(path, "description"));
  }

  static constexpr std::array<std::string_view, 3> kHitPolicies{
      "first", "unique", "collect_sum"};
  if (const json* hit = required(value, path, "hit_policy",
                                 "one of first, unique, collect_sum")) {
    if (auto policy = choice(*hit, child(path, "hit_policy"), kHitPolicies)) {
      table.hit_policy = static_cast<HitPolicy>(*policy);
    }
  }
  if (value.contains("default")) {
    if (auto d = number(value["default"], child(path, "default"),
                        -std::numeric_limits<double>::infinity())) {
      table.default_value = *d;
    }
  }

  const json* rows = required(value, path, "rows", "an array of rows");
  if (rows == nullptr) return;
  if (!rows->is_array()) {
    expected(child(path, "rows"), "an array of rows", *rows);
    return;
  }
  table.rows.reserve(rows->size());
  for (std::size_t j = 0; j < rows->size(); ++j) {
    parse_row((*rows)[j], item(child(path, "rows"), j), table, index);
  }
}

void PolicyParser::parse_row(const json& value, const std::string& path,
                             CompiledTable& table, std::int32_t table_index) {
  table.rows.emplace_back();
  CompiledRow& row = table.rows.back();
  row.path = path;
  auto& conjunctions = row_conjunctions_[static_cast<std::size_t>(table_index)];
  conjunctions.emplace_back();
  if (!check_keys(value, path, {"when", "value", "description"},
                  "a row object")) {
    return;
  }
  if (value.contains("description")) {
    text(value["description"], child(path, "description"));
  }
  if (value.contains("when")) {
    const auto tree = condition(value["when"], child(path, "when"));
    const auto first_test = static_cast<std::int32_t>(policy_.tests.size());
    row.when = emit(tree);
    // emit() appends tests in pre-order, the order conjunction() lists them.
    if (const auto tests = tree ? conjunction(*tree) : std::nullopt) {
      std::vector<std::int32_t> indexes(tests->size());
      for (std::size_t k = 0; k < indexes.size(); ++k) {
        indexes[k] = first_test + static_cast<std::int32_t>(k);
      }
      conjunctions.back() = std::move(indexes);
    }
  } else {
    conjunctions.back() = std::vector<std::int32_t>{};
  }
  const json* cell = required(value, path, "value",
                              "a finite number or {\"table\": ID}");
  if (cell == nullptr) return;
  const std::string value_path = child(path, "value");
  if (cell->is_object()) {
    if (!check_keys(*cell, value_path, {"table"}, "an object")) return;
    if (const json* id = required(*cell, value_path, "table", "a table id")) {
      if (auto target = text(*id, child(value_path, "table"))) {
        references_.push_back({TableReference::Site::kRow,
                               static_cast<std::size_t>(table_index),
                               table.rows.size() - 1, *target,
                               child(value_path, "table")});
      }
    }
  } else if (auto number_value =
                 number(*cell, value_path,
                        -std::numeric_limits<double>::infinity())) {
    row.value = *number_value;
  }
}

void PolicyParser::parse_subsidies(const json& value, const std::string& path) {
  if (!check_keys(value, path,
                  {"currency", "case_standard", "agreement",
                   "volunteer_agreement", "volunteer_action_payer"},
                  "an object")) {
    return;
  }
  CompiledSubsidies& subsidies = policy_.subsidies;
  subsidies.present = true;
  if (value.contains("currency")) {
    if (auto t = text(value["currency"], child(path, "currency"))) {
      subsidies.currency = *t;
    }
  }
  if (value.contains("volunteer_action_payer")) {
    if (auto t = text(value["volunteer_action_payer"],
                      child(path, "volunteer_action_payer"))) {
      subsidies.volunteer_action_payer = *t;
    }
  }
  for (std::size_t k = 0; k < kSubsidyKeys.size(); ++k) {
    const std::string key(kSubsidyKeys[k]);
    if (!value.contains(key)) continue;
    if (auto id = text(value[key], child(path, key))) {
      references_.push_back(
          {TableReference::Site::kSubsidy, k, 0, *id, child(path, key)});
    }
  }
}

// Points every reference at its table, now that all tables are read.
void PolicyParser::resolve_references() {
  std::map<std::string, std::int32_t> index;
  for (std::size_t t = 0; t < policy_.tables.size(); ++t) {
    if (!policy_.tables[t].id.empty()) {
      index.emplace(policy_.tables[t].id, static_cast<std::int32_t>(t));
    }
  }
  std::vector<std::string_view> known;
  for (const auto& [id, position] : index) known.push_back(id);
  for (const TableReference& reference : references_) {
    const auto it = index.find(reference.id);
    if (it == index.end()) {
      error(reference.path,
            "unknown table \"" + reference.id + "\"; expected " +
                (known.empty() ? std::string("the id of an entry of tables, "
                                             "which is empty")
                               : "one of " + join(known)));
      continue;
    }
    switch (reference.site) {
      case TableReference::Site::kTerm:
        policy_.terms[reference.index].table = it->second;
        break;
      case TableReference::Site::kRow:
        policy_.tables[reference.index].rows[reference.row].table = it->second;
        break;
      case TableReference::Site::kSubsidy: {
        CompiledSubsidies& subsidies = policy_.subsidies;
        std::array<std::int32_t*, 3> targets{&subsidies.case_standard,
                                             &subsidies.agreement,
                                             &subsidies.volunteer_agreement};
        *targets[reference.index] = it->second;
        break;
      }
    }
  }
}

// Reports each cycle of table references once, at the row that closes it.
void PolicyParser::report_cycles() {
  const std::size_t count = policy_.tables.size();
  std::vector<int> state(count, 0);  // 0 new, 1 on the path, 2 done
  // Tables on the longest reference chain that starts at each table.
  std::vector<std::size_t> chain(count, 1);
  // The depth-first path, each table with the next row to follow. It is
  // explicit because a long chain of references would overflow the call
  // stack.
  std::vector<std::pair<std::size_t, std::size_t>> path;
  for (std::size_t start = 0; start < count; ++start) {
    if (state[start] != 0) continue;
    state[start] = 1;
    path.emplace_back(start, 0);
    while (!path.empty()) {
      const std::size_t t = path.back().first;
      const std::vector<CompiledRow>& rows = policy_.tables[t].rows;
      if (path.back().second == rows.size()) {
        state[t] = 2;
        path.pop_back();
        if (!path.empty()) {
          const std::size_t parent = path.back().first;
          chain[parent] = std::max(chain[parent], chain[t] + 1);
        }
        continue;
      }
      const CompiledRow& row = rows[path.back().second++];
      if (row.table < 0) continue;
      const auto next = static_cast<std::size_t>(row.table);
      if (state[next] == 1) {
        const auto start_of_cycle =
            std::find_if(path.begin(), path.end(),
                         [&](const auto& entry) { return entry.first == next; });
        // A long cycle is named by its first and last tables only.
        constexpr std::ptrdiff_t kNamedEachEnd = 5;
        const std::ptrdiff_t length = path.end() - start_of_cycle;
        std::string cycle;
        for (auto it = start_of_cycle; it != path.end(); ++it) {
          const std::ptrdiff_t at = it - start_of_cycle;
          if (length > 2 * kNamedEachEnd + 1 && at >= kNamedEachEnd &&
              at < length - kNamedEachEnd) {
            if (at == kNamedEachEnd) {
              cycle += "... (" + std::to_string(length) + " tables) -> ";
            }
            continue;
          }
          cycle += message_excerpt(policy_.tables[it->first].id) + " -> ";
        }
        cycle += message_excerpt(policy_.tables[next].id);
        error(row.path + ".value.table",
              "table reference cycle " + cycle +
                  "; expected references that end at a number");
      } else if (state[next] == 2) {
        chain[t] = std::max(chain[t], chain[next] + 1);
      } else {
        state[next] = 1;
        path.emplace_back(next, 0);
      }
    }
  }
  for (std::size_t t = 0; t < count; ++t) {
    if (chain[t] > kMaxTableChain) {
      error(item("tables", t),
            "a chain of " + std::to_string(chain[t]) +
                " tables, each referring to the next, starts here; "
                "expected at most " +
                std::to_string(kMaxTableChain));
      return;
    }
  }
}

void PolicyParser::run_static_checks() {
  for (std::size_t t = 0; t < policy_.tables.size(); ++t) {
    auto found = check_table(policy_, policy_.tables[t], row_conjunctions_[t]);
    policy_.warnings.insert(policy_.warnings.end(),
                            std::make_move_iterator(found.begin()),
                            std::make_move_iterator(found.end()));
  }
}

// ---------------------------------------------------------------------------
// Conditions

std::optional<ConditionTree> PolicyParser::condition(const json& value,
                                                     const std::string& path) {
  if (!value.is_object()) {
    expected(path, "a condition object", value);
    return std::nullopt;
  }
  if (value.empty()) {
    error(path,
          "empty condition; expected at least one attribute, or leave the "
          "key out to apply always");
    return std::nullopt;
  }
  for (std::string_view logical : {"all", "any", "not"}) {
    if (!value.contains(logical)) continue;
    const std::string logical_path = child(path, logical);
    if (value.size() > 1) {
      error(path, "\"" + std::string(logical) +
                      "\" combined with other keys; expected {\"" +
                      std::string(logical) + "\": ...} alone");
      return std::nullopt;
    }
    const json& operand_value = value[std::string(logical)];
    ConditionTree tree;
    if (logical == "not") {
      tree.kind = NodeKind::kNot;
      auto inner = condition(operand_value, logical_path);
      if (!inner) return std::nullopt;
      tree.children.push_back(std::move(*inner));
      return tree;
    }
    tree.kind = logical == "all" ? NodeKind::kAll : NodeKind::kAny;
    if (!operand_value.is_array()) {
      expected(logical_path, "an array of conditions", operand_value);
      return std::nullopt;
    }
    bool valid = true;
    for (std::size_t i = 0; i < operand_value.size(); ++i) {
      auto part = condition(operand_value[i], item(logical_path, i));
      if (part) {
        tree.children.push_back(std::move(*part));
      } else {
        valid = false;
      }
    }
    if (!valid) return std::nullopt;
    return tree;
  }
  return leaf(value, path);
}

// A leaf object: one constraint per attribute key, all of which must hold.
std::optional<ConditionTree> PolicyParser::leaf(const json& value,
                                                const std::string& path) {
  ConditionTree all;
  all.kind = NodeKind::kAll;
  bool valid = true;
  for (const auto& [key, operand_value] : value.items()) {
    const std::string key_path = child(path, key);
    const auto attribute = find_attribute(key);
    if (!attribute) {
      std::string_view closest;
      std::size_t best = std::numeric_limits<std::size_t>::max();
      for (const AttributeInfo& info : attribute_catalogue()) {
        const std::size_t distance = edit_distance(key, info.name);
        if (distance < best) {
          best = distance;
          closest = info.name;
        }
      }
      // Suggest a name only when it is a plausible misspelling.
      const bool close = best <= std::max<std::size_t>(2, key.size() / 3);
      error(key_path,
            "unknown attribute; expected a name from the attribute catalogue "
            "in docs/policy-file.md" +
                (close ? ", of which the closest is " + std::string(closest)
                       : std::string()));
      valid = false;
      continue;
    }
    auto part = constraint(*attribute, operand_value, key_path);
    if (part) {
      all.children.push_back(std::move(*part));
    } else {
      valid = false;
    }
  }
  if (!valid) return std::nullopt;
  if (all.children.size() == 1) return std::move(all.children.front());
  return all;
}

// One attribute's constraint: a scalar (eq), an array (in) or an object
// with one operator.
std::optional<ConditionTree> PolicyParser::constraint(Attribute attribute,
                                                      const json& value,
                                                      const std::string& path) {
  const AttributeInfo& info = attribute_info(attribute);
  ConditionTree tree;
  tree.test.attribute = attribute;
  const json* operand_value = &value;
  std::string operand_path = path;
  if (value.is_array()) {
    tree.test.op = Operator::kIn;
  } else if (value.is_object()) {
    if (value.size() != 1) {
      error(path, "expected an object with one operator, found " +
                      std::to_string(value.size()) + " keys");
      return std::nullopt;
    }
    const std::string& name = value.begin().key();
    const auto op = std::find(kOperatorNames.begin(), kOperatorNames.end(),
                              name);
    operand_path = child(path, name);
    if (op == kOperatorNames.end()) {
      error(operand_path,
            "unknown operator; expected one of " +
                join({kOperatorNames.begin(), kOperatorNames.end()}));
      return std::nullopt;
    }
    tree.test.op = static_cast<Operator>(op - kOperatorNames.begin());
    operand_value = &value.begin().value();
  } else {
    tree.test.op = Operator::kEq;
  }

  const Operator op = tree.test.op;
  const bool ordered = op == Operator::kGe || op == Operator::kGt ||
                       op == Operator::kLe || op == Operator::kLt;
  const bool numeric = info.type == AttributeType::kInteger ||
                       info.type == AttributeType::kNumber;
  if (info.type == AttributeType::kTagSet) {
    if (op != Operator::kHas || !value.is_object()) {
      error(path, "expected {\"has\": TAG} for " + std::string(info.name) +
                      ", a tag set, found " + value.dump());
      return std::nullopt;
    }
    const auto bit = tag_bit(*operand_value, operand_path);
    if (!bit) return std::nullopt;
    tree.test.tag = *bit;
    if (attribute == Attribute::kHomeTags) policy_.uses_home_tags = true;
    return tree;
  }
  if (op == Operator::kHas || (ordered && !numeric)) {
    error(operand_path,
          "operator " + std::string(kOperatorNames[static_cast<int>(op)]) +
              " does not apply to " + std::string(info.name) + ", " +
              (info.type == AttributeType::kEnum ? "an " : "a ") +
              std::string(to_string(info.type)) + " attribute; expected " +
              (numeric ? "eq, ne, in, not_in, >=, >, <= or <"
                       : "eq, ne, in or not_in"));
    return std::nullopt;
  }
  if (op == Operator::kIn || op == Operator::kNotIn) {
    if (!operand_value->is_array()) {
      expected(operand_path, "an array of values", *operand_value);
      return std::nullopt;
    }
    bool valid = true;
    for (std::size_t i = 0; i < operand_value->size(); ++i) {
      const auto parsed =
          operand(info, (*operand_value)[i], item(operand_path, i));
      if (parsed) {
        tree.list.push_back(*parsed);
      } else {
        valid = false;
      }
    }
    if (!valid) return std::nullopt;
    return tree;
  }
  const auto parsed = operand(info, *operand_value, operand_path);
  if (!parsed) return std::nullopt;
  tree.test.value = *parsed;
  return tree;
}

// One value for an attribute of a scalar type, as the number it compiles to.
std::optional<double> PolicyParser::operand(const AttributeInfo& info,
                                            const json& value,
                                            const std::string& path) {
  switch (info.type) {
    case AttributeType::kBool: {
      const auto flag = boolean(value, path);
      if (!flag) return std::nullopt;
      return *flag ? 1.0 : 0.0;
    }
    case AttributeType::kInteger:
    case AttributeType::kNumber:
      return number(value, path, -std::numeric_limits<double>::infinity());
    case AttributeType::kText: {
      if (!value.is_string()) {
        expected(path, "text", value);
        return std::nullopt;
      }
      const auto [it, inserted] = policy_.text_symbols.emplace(
          value.get<std::string>(),
          static_cast<double>(policy_.text_symbols.size()));
      return it->second;
    }
    case AttributeType::kEnum: {
      for (std::size_t i = 0; i < info.values.size(); ++i) {
        if (value.is_string() && info.values[i] == value.get<std::string>()) {
          return static_cast<double>(i);
        }
      }
      const std::vector<std::string_view> names(info.values.begin(),
                                                info.values.end());
      if (value.is_string()) {
        error(path, "unknown value " + value.dump() + "; expected one of " +
                        join(names));
      } else {
        expected(path, "one of " + join(names), value);
      }
      return std::nullopt;
    }
    case AttributeType::kRegion: {
      if (!value.is_string() || !is_region_code(value.get<std::string>())) {
        expected(path, "a six-digit region code", value);
        return std::nullopt;
      }
      return std::stod(value.get<std::string>());
    }
    case AttributeType::kTagSet:
      break;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> PolicyParser::tag_bit(const json& value,
                                                   const std::string& path) {
  if (!value.is_string() || value.get<std::string>().empty()) {
    expected(path, "a tag name", value);
    return std::nullopt;
  }
  const std::string tag = value.get<std::string>();
  auto it = std::find(policy_.tags.begin(), policy_.tags.end(), tag);
  if (it == policy_.tags.end()) {
    if (policy_.tags.size() == kMaxTags) {
      error(path, "tag " + value.dump() + " is one more than the " +
                      std::to_string(kMaxTags) +
                      " distinct tags a policy may test; expected at most " +
                      std::to_string(kMaxTags));
      return std::nullopt;
    }
    policy_.tags.push_back(tag);
    it = policy_.tags.end() - 1;
  }
  return std::uint64_t{1} << (it - policy_.tags.begin());
}

bool PolicyParser::matter_only(const ConditionTree& tree) {
  if (tree.kind == NodeKind::kTest) {
    return attribute_info(tree.test.attribute).scope == AttributeScope::kMatter;
  }
  return std::all_of(tree.children.begin(), tree.children.end(),
                     [](const ConditionTree& c) { return matter_only(c); });
}

// The tests of a tree made only of tests and "all" nodes, in pre-order, or
// nullopt when the tree has "any" or "not".
std::optional<std::vector<const ConditionTree*>> PolicyParser::conjunction(
    const ConditionTree& tree) {
  if (tree.kind == NodeKind::kTest) {
    return std::vector<const ConditionTree*>{&tree};
  }
  if (tree.kind != NodeKind::kAll) return std::nullopt;
  std::vector<const ConditionTree*> tests;
  for (const ConditionTree& part : tree.children) {
    auto inner = conjunction(part);
    if (!inner) return std::nullopt;
    tests.insert(tests.end(), inner->begin(), inner->end());
  }
  return tests;
}

Condition PolicyParser::emit(const std::optional<ConditionTree>& tree) {
  if (!tree) return {};
  Condition condition;
  condition.begin = static_cast<std::uint32_t>(policy_.nodes.size());
  emit_node(*tree, false);
  condition.end = static_cast<std::uint32_t>(policy_.nodes.size());
  return condition;
}

// Appends the subtree in pre-order and returns its size in nodes.
std::uint32_t PolicyParser::emit_node(const ConditionTree& tree,
                                      bool parent_matter_only) {
  const std::size_t at = policy_.nodes.size();
  Node node;
  node.kind = tree.kind;
  node.matter_only = matter_only(tree);
  if (node.matter_only && !parent_matter_only) {
    node.slot = static_cast<std::int32_t>(policy_.slot_roots.size());
    policy_.slot_roots.push_back(static_cast<std::uint32_t>(at));
  }
  if (tree.kind == NodeKind::kTest) {
    Test test = tree.test;
    test.list_begin = static_cast<std::uint32_t>(policy_.lists.size());
    policy_.lists.insert(policy_.lists.end(), tree.list.begin(),
                         tree.list.end());
    test.list_end = static_cast<std::uint32_t>(policy_.lists.size());
    node.test = static_cast<std::int32_t>(policy_.tests.size());
    policy_.tests.push_back(test);
  }
  policy_.nodes.push_back(node);
  std::uint32_t size = 1;
  for (const ConditionTree& part : tree.children) {
    size += emit_node(part, node.matter_only);
  }
  policy_.nodes[at].size = size;
  return size;
}

// ---------------------------------------------------------------------------
// The document

std::shared_ptr<const CompiledPolicy> PolicyParser::parse(
    const json& document) {
  if (!document.is_object()) {
    expected("", "a JSON object", document);
    throw InputError(errors_.front());
  }
  const auto format = document.find("format");
  if (format == document.end()) {
    error("format",
          document.contains("weights") || document.contains("scales")
              ? "missing; this is a format-1 policy (it has \"weights\" or "
                "\"scales\"), which is no longer read; expected a document "
                "of format \"aidmatch-policy/2\" as docs/policy-file.md "
                "describes"
              : "missing; expected \"aidmatch-policy/2\"");
    throw InputError(errors_.front());
  }
  if (!format->is_string() || format->get<std::string>() != kPolicyFormat) {
    expected("format", "\"aidmatch-policy/2\"", *format);
    throw InputError(errors_.front());
  }

  check_keys(document, "",
             {"format", "name", "version", "description", "effective_from",
              "effective_to", "selection", "deadline_days",
              "score_resolution", "constraints", "rules", "scores", "tables",
              "subsidies"},
             "a JSON object");
  parse_header(document);
  if (document.contains("selection")) {
    parse_selection(document["selection"], "selection");
  }
  if (document.contains("constraints")) {
    parse_constraints(document["constraints"], "constraints");
  }
  if (const json* rules = required(document, "", "rules", "an array of rules")) {
    parse_rules(*rules, "rules");
  }
  if (const json* scores =
          required(document, "", "scores", "an array of score terms")) {
    parse_scores(*scores, "scores");
  }
  if (document.contains("tables")) parse_tables(document["tables"], "tables");
  if (document.contains("subsidies")) {
    parse_subsidies(document["subsidies"], "subsidies");
  }
  resolve_references();
  report_cycles();

  if (!errors_.empty()) {
    std::string message;
    for (const std::string& line : errors_) {
      message += message.empty() ? "" : "\n";
      message += line;
    }
    throw InputError(message);
  }
  run_static_checks();
  policy_.document = document;
  return std::make_shared<const CompiledPolicy>(std::move(policy_));
}

}  // namespace

std::string_view to_string(Operator op) {
  return kOperatorNames[static_cast<std::size_t>(op)];
}

std::shared_ptr<const CompiledPolicy> compile_policy(std::string_view json_text,
                                                     std::string_view source) {
  json document;
  try {
    document =
        parse_json_input(json_text, std::string(source), kMaxPolicyNesting);
  } catch (const json::parse_error& e) {
    const bool non_finite =
        json_text.find("NaN") != std::string_view::npos ||
        json_text.find("Infinity") != std::string_view::npos;
    throw InputError(std::string(source) + ": malformed JSON at byte " +
                     std::to_string(e.byte) +
                     (non_finite ? " (NaN and Infinity are not JSON values)"
                                 : "") +
                     ": " + e.what());
  } catch (const json::exception& e) {
    // For example a number too large for a double.
    throw InputError(std::string(source) + ": invalid JSON: " + e.what());
  }
  return PolicyParser(source).parse(document);
}

}  // namespace aidmatch::detail
