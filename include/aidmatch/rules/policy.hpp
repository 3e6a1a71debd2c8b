// A dispatch policy compiled from a JSON document of format
// "aidmatch-policy/2": eligibility rules, score terms, decision tables,
// subsidy standards, and switches for the selection method and constraints.
// docs/policy-file.md describes every key, and data/policy/default.json is
// the default policy.
//
// Evaluation happens in two steps. facts() computes, once per matter, every
// matter-side attribute and the value of every condition that depends on
// the matter alone. first_failed_rule(), score() and subsidy() then
// evaluate the remaining, pair-side parts for each candidate. Conditions are
// compiled into flat arrays of nodes with resolved attribute ids and parsed
// values, so evaluation reads no JSON and compares no attribute names.
//
// A Policy is cheap to copy: the compiled rules are shared and immutable,
// and only the term weights and the rule switches are copied. Reads are
// safe from several threads. set_term_weight() and set_rule_enabled() are
// writes, which need the usual exclusive access.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidmatch/core/date.hpp"
#include "aidmatch/model/dataset.hpp"
#include "aidmatch/rules/attributes.hpp"
#include "aidmatch/rules/eligibility.hpp"

namespace aidmatch {

namespace detail {
struct CompiledPolicy;
struct PolicyEvaluation;
}  // namespace detail

// The policy document format that parse_policy reads.
inline constexpr std::string_view kPolicyFormat = "aidmatch-policy/2";

// The method for picking among eligible providers.
enum class SelectionMethod : std::uint8_t {
  kOptimise,    // optimise: maximise the total score
  kRotation,    // rotation: take turns in a fixed order
  kRandomDraw,  // random_draw: a seeded draw among eligible providers
};

// The group that a rotation cycles through.
enum class RotationScope : std::uint8_t {
  kPool,  // pool: the members of the resource pool
  kFirm,  // firm: the firms, then a lawyer within the firm
};

std::string_view to_string(SelectionMethod method);
std::string_view to_string(RotationScope scope);

// Assignment-wide constraints, as switches.
// aidmatch::dispatch applies them (dispatch/dispatch.hpp).
struct PolicyConstraints {
  // One defender per co-defendant in a case group.
  bool distinct_defenders_per_case_group = false;
  // Assign the provider the recipient chose when that provider is eligible.
  bool honour_recipient_choice = false;
  // Serve matters past their assignment deadline before the others.
  bool late_matters_first = false;
};

// A finding of the static checks that does not stop the policy from
// loading, such as a decision-table row that can never apply.
struct PolicyWarning {
  std::string path;     // JSON path, such as "tables[1].rows[2]"
  std::string message;  // one sentence
};

// An eligibility rule as the document states it.
struct RuleInfo {
  std::string id;
  std::string description;
  std::string provision;  // the legal provision the rule implements
  bool enabled = true;
};

// A score term: either a built-in term or a decision table.
struct TermInfo {
  std::string id;
  double weight = 0.0;
  std::string builtin;  // the built-in term's name, or empty for a table
  std::string table;    // the table's id, or empty for a built-in term
};

// The unweighted value of each term in the policy's term order, and the
// weighted total. Up to 12 terms are stored without a heap allocation.
struct ScoreBreakdown {
  boost::container::small_vector<double, 12> terms;
  double total = 0.0;  // sum of weight x term over terms whose weight is not 0
};

// The subsidy for one assignment under the policy's standards.
struct SubsidyDecision {
  double amount = 0.0;
  // The region code of the paying agency, or the payer a pairing names, or
  // the volunteer action's payer.
  std::string payer;
  std::string basis;   // "case_standard", "agreement" or "volunteer_agreement"
  // The JSON path of the table row that set the amount, such as
  // "tables[0].rows[2]" or "tables[0].default". It is "pairings.csv
  // subsidy" when the pairing's own subsidy applies. It is empty when the
  // policy has no table for the basis, and the amount is then 0.
  std::string source;
};

// The matter-side part of an evaluation, prepared once per matter by
// Policy::facts() and valid only with the Policy that prepared it (or a
// copy of it). It refers to the matter, which must outlive it.
class MatterFacts {
 public:
  const Matter& matter() const { return *matter_; }
  // Returns the value of a matter-side attribute as the compiled policy
  // compares it. Booleans are 0 or 1 and enumerations the position in the
  // catalogue's value list. Region codes are their number. Text is a
  // policy-specific symbol, or -1 for text that no condition mentions.
  // Throws std::invalid_argument for a pair-side attribute and for the tag
  // set serving_tags.
  double value(Attribute attribute) const;
  bool late() const;

 private:
  friend class Policy;
  friend struct detail::PolicyEvaluation;

  const detail::CompiledPolicy* policy_ = nullptr;
  const Matter* matter_ = nullptr;
  std::vector<double> values_;                // by Attribute, matter side
  std::uint64_t serving_tags_ = 0;            // bit i: the policy's tag i
  std::vector<std::uint8_t> results_;         // matter-only conditions
  std::vector<std::int32_t> candidate_rules_; // rules whose `when` may hold
  std::vector<double> term_values_;           // matter-only built-in terms
};

// A compiled policy. Create one with parse_policy().
class Policy {
 public:
  const std::string& name() const;
  const std::string& version() const;
  const std::string& description() const;
  // The name of the document it was parsed from, which starts messages.
  const std::string& source() const;
  const DateRange& effective() const;
  SelectionMethod selection_method() const;
  RotationScope rotation_scope() const;
  std::optional<std::uint64_t> seed() const;
  // Days after the notified date by which a matter must be assigned.
  std::int32_t deadline_days() const;
  // Scores are rounded to multiples of this before solving.
  double score_resolution() const;
  const PolicyConstraints& constraints() const;
  const std::vector<PolicyWarning>& warnings() const;
  // Every rule in document order, disabled ones included. The indexes are
  // those that first_failed_rule() returns.
  const std::vector<RuleInfo>& rules() const { return rules_; }
  // Score terms in document order, the order of ScoreBreakdown::terms.
  const std::vector<TermInfo>& terms() const { return terms_; }
  const std::string& subsidy_currency() const;

  // Sets the weight of the term `id`. Throws NotFoundError for an unknown
  // id and std::invalid_argument for a weight that is NaN, infinite or
  // negative. On either error the policy is unchanged.
  void set_term_weight(std::string_view id, double weight);
  // Switches the rule `id` on or off. Throws NotFoundError for an unknown
  // id.
  void set_rule_enabled(std::string_view id, bool enabled);

  // Computes the matter-side attributes and conditions of `matter`, which
  // must belong to `data`. Takes time linear in the policy's conditions
  // plus the tags of the serving region.
  MatterFacts facts(const Dataset& data, const Matter& matter) const;

  // The index in rules() of the first enabled rule whose `when` holds for
  // the pair and whose `require` fails, or -1 when the candidate is
  // eligible. Takes time linear in the pair-side nodes of the rules whose
  // `when` the matter does not already rule out. Throws
  // std::invalid_argument when `facts` came from an unrelated policy.
  int first_failed_rule(const Dataset& data, const MatterFacts& facts,
                        const Admission& admission) const;

  // Scores a pair: each term's unweighted value and the weighted total.
  // Takes time linear in the terms plus the pair-side nodes of the table
  // rows they read. Throws InputError when a table with hit policy unique
  // finds two matching rows, naming both rows, the matter and the
  // provider. Throws std::invalid_argument when `facts` came from an
  // unrelated policy.
  ScoreBreakdown score(const Dataset& data, const MatterFacts& facts,
                       const Admission& admission) const;

  // The subsidy for assigning the pair, under the basis that the
  // admission's mode selects: the agreement (or the pairing's own subsidy
  // and payer) for project and off_site, the volunteer agreement for
  // volunteer_action, and the case standard otherwise. Throws as score()
  // does.
  SubsidyDecision subsidy(const Dataset& data, const MatterFacts& facts,
                          const Admission& admission) const;

 private:
  friend Policy parse_policy(std::string_view json_text,
                             std::string_view source);
  friend class NaiveEvaluator;

  explicit Policy(std::shared_ptr<const detail::CompiledPolicy> compiled);
  void check_facts(const MatterFacts& facts) const;

  std::shared_ptr<const detail::CompiledPolicy> compiled_;
  std::vector<RuleInfo> rules_;
  std::vector<TermInfo> terms_;
  // Copies of rules_[i].enabled and terms_[i].weight in contiguous arrays
  // for the evaluation loops.
  std::vector<std::uint8_t> enabled_;
  std::vector<double> weights_;
};

// Parses, validates and compiles a policy document of format
// "aidmatch-policy/2". Throws InputError listing every problem found, one
// per line, each as "SOURCE: JSON-PATH: what is wrong; what is expected",
// for example
//   policy.json: rules[3].when.category: unknown value "crimnal"; expected
//   one of none, criminal, civil, administrative
// Malformed JSON gives a single line with the byte offset. Problems that do
// not stop the policy from working, such as a masked table row, become
// warnings().
Policy parse_policy(std::string_view json_text, std::string_view source);

// Policies with effective date ranges, of which at most one is in force on
// any date.
class PolicySet {
 public:
  PolicySet() = default;
  // Adds each policy in turn. Throws as add() does.
  explicit PolicySet(std::vector<Policy> policies);

  // Adds a policy. Throws InputError, and leaves the set unchanged, when
  // its effective range overlaps that of a policy already in the set. The
  // message names both policies and the shared dates.
  void add(Policy policy);

  // Returns the policy in force on `date`, or nullptr, in time linear in
  // size(). The pointer stays valid until the next add().
  const Policy* in_force(Date date) const;

  std::size_t size() const { return policies_.size(); }
  // In ascending order of their first effective day, open starts first.
  const std::vector<Policy>& policies() const { return policies_; }

 private:
  std::vector<Policy> policies_;
};

}  // namespace aidmatch
