// Evaluation of a compiled policy (matter facts, eligibility, scores,
// decision tables and subsidies), the Policy accessors, and PolicySet.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "aidmatch/core/error.hpp"
#include "policy_detail.hpp"

namespace aidmatch {

namespace detail {

namespace {

std::chrono::year_month_day civil(Date date) {
  return std::chrono::year_month_day{
      std::chrono::sys_days{std::chrono::days{date.days()}}};
}

Date anniversary(const std::chrono::year_month_day& start, int years) {
  std::chrono::year_month_day shifted = start + std::chrono::years{years};
  if (!shifted.ok()) {
    shifted = shifted.year() / shifted.month() / std::chrono::last;
  }
  return Date::from_days(static_cast<std::int32_t>(
      std::chrono::sys_days{shifted}.time_since_epoch().count()));
}

}  // namespace

double calendar_years(Date from, Date to) {
  if (to < from) return -calendar_years(to, from);
  const std::chrono::year_month_day start = civil(from);
  int whole = static_cast<int>(civil(to).year()) -
              static_cast<int>(start.year());
  if (anniversary(start, whole) > to) --whole;
  const Date last = anniversary(start, whole);
  const Date next = anniversary(start, whole + 1);
  return whole + static_cast<double>(to.days() - last.days()) /
                     static_cast<double>(next.days() - last.days());
}

// One evaluation of a policy's conditions for a matter, and for a pair
// when `provider` is set. Matter-side attributes come from the facts, and
// pair-side attributes are computed when a test reads them.
struct PolicyEvaluation {
  const CompiledPolicy& policy;
  const Dataset& data;
  const MatterFacts& facts;
  const Matter& matter;
  const Admission* admission = nullptr;
  const Provider* provider = nullptr;

  static bool is_matter_side(Attribute attribute) {
    return static_cast<std::size_t>(attribute) <=
           static_cast<std::size_t>(Attribute::kHasChosenProvider);
  }

  // The tags of `region` in force on the matter's date, as a bit mask
  // over the policy's tags.
  std::uint64_t tag_mask(RegionIndex region) const {
    std::uint64_t mask = 0;
    if (region == kNoRegion || policy.tags.empty()) return mask;
    for (const RegionTag& tag : data.regions.region(region).tags) {
      if (!tag.valid.contains(matter.date)) continue;
      for (std::size_t bit = 0; bit < policy.tags.size(); ++bit) {
        if (policy.tags[bit] == tag.name) mask |= std::uint64_t{1} << bit;
      }
    }
    return mask;
  }

  double pair_value(Attribute attribute) const;

  double value(Attribute attribute) const {
    return is_matter_side(attribute)
               ? facts.values_[static_cast<std::size_t>(attribute)]
               : pair_value(attribute);
  }

  bool test(const Test& t) const {
    if (t.op == Operator::kHas) {
      const std::uint64_t tags = t.attribute == Attribute::kServingTags
                                     ? facts.serving_tags_
                                     : tag_mask(provider->home);
      return (tags & t.tag) != 0;
    }
    const double v = value(t.attribute);
    switch (t.op) {
      case Operator::kEq: return v == t.value;
      case Operator::kNe: return v != t.value;
      case Operator::kIn:
      case Operator::kNotIn: {
        const auto first = policy.lists.begin() + t.list_begin;
        const auto last = policy.lists.begin() + t.list_end;
        const bool found = std::find(first, last, v) != last;
        return t.op == Operator::kIn ? found : !found;
      }
      case Operator::kGe: return v >= t.value;
      case Operator::kGt: return v > t.value;
      case Operator::kLe: return v <= t.value;
      case Operator::kLt: return v < t.value;
      case Operator::kHas: break;
    }
    return false;
  }

  // Evaluates the subtree at node `at`. In pair mode a matter-only subtree
  // reads the result that facts() stored for it.
  template <bool kPairMode>
  bool eval(std::uint32_t at) const {
    const Node& node = policy.nodes[at];
    if constexpr (kPairMode) {
      if (node.matter_only) return facts.results_[node.slot] != 0;
    }
    const std::uint32_t end = at + node.size;
    switch (node.kind) {
      case NodeKind::kTest:
        return test(policy.tests[static_cast<std::size_t>(node.test)]);
      case NodeKind::kAll:
        for (std::uint32_t c = at + 1; c < end; c += policy.nodes[c].size) {
          if (!eval<kPairMode>(c)) return false;
        }
        return true;
      case NodeKind::kAny:
        for (std::uint32_t c = at + 1; c < end; c += policy.nodes[c].size) {
          if (eval<kPairMode>(c)) return true;
        }
        return false;
      case NodeKind::kNot: return !eval<kPairMode>(at + 1);
    }
    return false;
  }

  bool holds(const Condition& condition) const {
    return condition.empty() || eval<true>(condition.begin);
  }

  double table_value(std::int32_t index, std::string* source) const;
  double row_value(const CompiledRow& row, std::string* source) const {
    if (row.table >= 0) return table_value(row.table, source);
    if (source != nullptr) *source = row.path;
    return row.value;
  }
  double term_value(std::size_t index) const;

  static void fill_matter_values(const CompiledPolicy& policy,
                                 const Dataset& data, const Matter& matter,
                                 MatterFacts& facts);

  // False when the matter's results already show that `condition` fails.
  static bool matter_may_satisfy(const CompiledPolicy& policy,
                                 const MatterFacts& facts,
                                 const Condition& condition) {
    if (condition.empty()) return true;
    const Node& root = policy.nodes[condition.begin];
    auto failed = [&](const Node& node) {
      return node.matter_only && facts.results_[node.slot] == 0;
    };
    if (failed(root)) return false;
    if (root.kind != NodeKind::kAll || root.matter_only) return true;
    const std::uint32_t end = condition.begin + root.size;
    for (std::uint32_t c = condition.begin + 1; c < end;
         c += policy.nodes[c].size) {
      if (failed(policy.nodes[c])) return false;
    }
    return true;
  }
};

double PolicyEvaluation::pair_value(Attribute attribute) const {
  const Provider& p = *provider;
  const Matter& m = matter;
  const RegionGraph& regions = data.regions;
  switch (attribute) {
    case Attribute::kProviderKind: return static_cast<double>(p.kind);
    case Attribute::kVolunteerType:
      return static_cast<double>(p.volunteer_type);
    case Attribute::kPracticeYears: return p.practice_years;
    case Attribute::kCriminalDefenceYears: return p.criminal_defence_years;
    case Attribute::kMinorsFamiliar: return p.minors_familiar ? 1.0 : 0.0;
    case Attribute::kGender: return static_cast<double>(p.gender);
    case Attribute::kCapacity: return p.capacity;
    case Attribute::kCurrentLoad: return p.current_load;
    case Attribute::kRating: return p.rating;
    case Attribute::kSpeaksLanguage:
      return !m.language.empty() && p.speaks(m.language) ? 1.0 : 0.0;
    case Attribute::kHasSpecialty:
      return !m.specialty.empty() && p.has_specialty(m.specialty) ? 1.0 : 0.0;
    case Attribute::kConflicted:
      for (ProviderIndex listed : m.conflict_providers) {
        if (listed == admission->provider ||
            (p.firm != kNoProvider && listed == p.firm)) {
          return 1.0;
        }
      }
      return 0.0;
    case Attribute::kComplainedAgainst:
      return std::find(m.complaint_providers.begin(),
                       m.complaint_providers.end(),
                       admission->provider) != m.complaint_providers.end()
                 ? 1.0
                 : 0.0;
    case Attribute::kFormerOffice: return static_cast<double>(p.former_office);
    case Attribute::kYearsSinceLeavingOffice:
      return p.left_office ? calendar_years(*p.left_office, m.date)
                           : kNeverInOffice;
    case Attribute::kMode: return static_cast<double>(admission->mode);
    case Attribute::kPairingKind:
      // "none" follows the six pairing kinds in the catalogue's list.
      return admission->pairing >= 0
                 ? static_cast<double>(data.pairings[admission->pairing].kind)
                 : 6.0;
    case Attribute::kHomeRegion: return region_code_value(regions, p.home);
    case Attribute::kHomeCity:
      return region_code_value(regions, regions.city_of(p.home));
    case Attribute::kSameCity:
      return regions.city_of(p.home) == regions.city_of(m.serving) ? 1.0 : 0.0;
    case Attribute::kSameCounty: return p.home == m.serving ? 1.0 : 0.0;
    case Attribute::kDistanceKm: return regions.distance_km(p.home, m.serving);
    case Attribute::kChosenByRecipient:
      return m.chosen == admission->provider ? 1.0 : 0.0;
    default: break;
  }
  throw std::logic_error("attribute " +
                         std::string(attribute_info(attribute).name) +
                         " has no pair-side value");
}

void PolicyEvaluation::fill_matter_values(const CompiledPolicy& policy,
                                          const Dataset& data,
                                          const Matter& m,
                                          MatterFacts& facts) {
  const RegionGraph& regions = data.regions;
  auto symbol = [&](const std::string& text) {
    const auto it = policy.text_symbols.find(text);
    return it == policy.text_symbols.end() ? -1.0 : it->second;
  };
  auto flag = [](bool value) { return value ? 1.0 : 0.0; };
  auto set = [&](Attribute attribute, double value) {
    facts.values_[static_cast<std::size_t>(attribute)] = value;
  };
  set(Attribute::kKind, static_cast<double>(m.kind));
  set(Attribute::kCategory, static_cast<double>(m.category));
  set(Attribute::kMinor, flag(m.minor));
  set(Attribute::kDisability, flag(m.disability));
  set(Attribute::kLifeOrDeath, flag(m.life_or_death));
  set(Attribute::kDifficulty, m.difficulty);
  set(Attribute::kLanguage, symbol(m.language));
  set(Attribute::kNeedsLanguage, flag(!m.language.empty()));
  set(Attribute::kSpecialty, symbol(m.specialty));
  set(Attribute::kNeedsSpecialty, flag(!m.specialty.empty()));
  set(Attribute::kPreferredGender, static_cast<double>(m.preferred_gender));
  set(Attribute::kInCaseGroup, flag(!m.case_group.empty()));
  set(Attribute::kCrossRegion, flag(m.assigning != m.serving));
  set(Attribute::kCrossCity,
      flag(regions.city_of(m.assigning) != regions.city_of(m.serving)));
  set(Attribute::kServingRegion, region_code_value(regions, m.serving));
  set(Attribute::kServingCity,
      region_code_value(regions, regions.city_of(m.serving)));
  set(Attribute::kAssigningRegion, region_code_value(regions, m.assigning));
  set(Attribute::kAssigningCity,
      region_code_value(regions, regions.city_of(m.assigning)));
  set(Attribute::kLate,
      flag(m.notified && *m.notified + policy.deadline_days < m.date));
  set(Attribute::kHasChosenProvider, flag(m.chosen != kNoProvider));
}

double PolicyEvaluation::table_value(std::int32_t index,
                                     std::string* source) const {
  const CompiledTable& table = policy.tables[static_cast<std::size_t>(index)];
  const std::size_t rows = table.rows.size();
  switch (table.hit_policy) {
    case HitPolicy::kFirst:
      for (const CompiledRow& row : table.rows) {
        if (holds(row.when)) return row_value(row, source);
      }
      break;
    case HitPolicy::kUnique: {
      std::size_t found = rows;
      for (std::size_t j = 0; j < rows; ++j) {
        if (!holds(table.rows[j].when)) continue;
        if (found < rows) {
          throw InputError(
              policy.source + ": " + table.path + ": rows[" +
              std::to_string(found) + "] and rows[" + std::to_string(j) +
              "] of table " + table.id + " both match matter " + matter.id +
              " with provider " + provider->id +
              "; expected at most one matching row under hit policy unique");
        }
        found = j;
      }
      if (found < rows) return row_value(table.rows[found], source);
      break;
    }
    case HitPolicy::kCollectSum: {
      double sum = 0.0;
      bool matched = false;
      std::string part;
      for (const CompiledRow& row : table.rows) {
        if (!holds(row.when)) continue;
        sum += row_value(row, source != nullptr ? &part : nullptr);
        if (source != nullptr) *source += (matched ? " + " : "") + part;
        matched = true;
      }
      if (matched) return sum;
      break;
    }
  }
  if (source != nullptr) *source = table.path + ".default";
  return table.default_value;
}

double PolicyEvaluation::term_value(std::size_t index) const {
  const CompiledTerm& term = policy.terms[index];
  const Provider& p = *provider;
  const Matter& m = matter;
  switch (term.builtin) {
    case Builtin::kSpecialty:
      return !m.specialty.empty() && p.has_specialty(m.specialty) ? 1.0 : 0.0;
    case Builtin::kExperience:
      return std::min(1.0, p.practice_years / (m.difficulty * term.parameter));
    case Builtin::kLanguage:
      return !m.language.empty() && p.speaks(m.language) ? 1.0 : 0.0;
    case Builtin::kGender:
      return m.preferred_gender != Gender::kUnspecified &&
                     m.preferred_gender == p.gender
                 ? 1.0
                 : 0.0;
    case Builtin::kDistance:
      return -data.regions.distance_km(p.home, m.serving) / term.parameter;
    case Builtin::kPairing: return admission->pairing >= 0 ? 1.0 : 0.0;
    case Builtin::kResourceShort: return facts.term_values_[index];
    case Builtin::kWorkload: return -p.current_load / term.parameter;
    case Builtin::kRating: return p.rating / 5.0;
    case Builtin::kTable: return table_value(term.table, nullptr);
  }
  return 0.0;
}

}  // namespace detail

// ---------------------------------------------------------------------------
// MatterFacts

double MatterFacts::value(Attribute attribute) const {
  const AttributeInfo& info = attribute_info(attribute);
  if (info.scope != AttributeScope::kMatter ||
      info.type == AttributeType::kTagSet) {
    throw std::invalid_argument(
        "MatterFacts::value: " + std::string(info.name) +
        (info.type == AttributeType::kTagSet
             ? " is a tag set, which has no single value"
             : " depends on the provider; expected a matter-side attribute"));
  }
  return values_[static_cast<std::size_t>(attribute)];
}

bool MatterFacts::late() const {
  return values_[static_cast<std::size_t>(Attribute::kLate)] != 0.0;
}

// ---------------------------------------------------------------------------
// Policy

Policy::Policy(std::shared_ptr<const detail::CompiledPolicy> compiled)
    : compiled_(std::move(compiled)),
      rules_(compiled_->rule_info),
      terms_(compiled_->term_info) {
  for (const RuleInfo& rule : rules_) enabled_.push_back(rule.enabled ? 1 : 0);
  for (const TermInfo& term : terms_) weights_.push_back(term.weight);
}

const std::string& Policy::name() const { return compiled_->name; }
const std::string& Policy::version() const { return compiled_->version; }
const std::string& Policy::description() const {
  return compiled_->description;
}
const std::string& Policy::source() const { return compiled_->source; }
const DateRange& Policy::effective() const { return compiled_->effective; }
SelectionMethod Policy::selection_method() const {
  return compiled_->selection_method;
}
RotationScope Policy::rotation_scope() const {
  return compiled_->rotation_scope;
}
std::optional<std::uint64_t> Policy::seed() const { return compiled_->seed; }
std::int32_t Policy::deadline_days() const { return compiled_->deadline_days; }
double Policy::score_resolution() const { return compiled_->score_resolution; }
const PolicyConstraints& Policy::constraints() const {
  return compiled_->constraints;
}
const std::vector<PolicyWarning>& Policy::warnings() const {
  return compiled_->warnings;
}
const std::string& Policy::subsidy_currency() const {
  return compiled_->subsidies.currency;
}

void Policy::set_term_weight(std::string_view id, double weight) {
  for (TermInfo& term : terms_) {
    if (term.id != id) continue;
    if (!std::isfinite(weight) || weight < 0.0) {
      char text[64];
      std::snprintf(text, sizeof text, "%g", weight);
      throw std::invalid_argument("invalid weight " + std::string(text) +
                                  " for score term " + term.id +
                                  "; expected a finite number >= 0");
    }
    term.weight = weight;
    weights_[static_cast<std::size_t>(&term - terms_.data())] = weight;
    return;
  }
  std::string known;
  for (const TermInfo& term : terms_) {
    known += (known.empty() ? "" : ", ") + term.id;
  }
  throw NotFoundError("unknown score term \"" + message_excerpt(id) +
                      "\"; expected one of " + known);
}

void Policy::set_rule_enabled(std::string_view id, bool enabled) {
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    if (rules_[r].id == id) {
      rules_[r].enabled = enabled;
      enabled_[r] = enabled ? 1 : 0;
      return;
    }
  }
  std::string known;
  for (const RuleInfo& rule : rules_) {
    known += (known.empty() ? "" : ", ") + rule.id;
  }
  throw NotFoundError("unknown rule \"" + message_excerpt(id) +
                      "\"; expected one of " + known);
}

void Policy::check_facts(const MatterFacts& facts) const {
  if (facts.policy_ != compiled_.get()) {
    throw std::invalid_argument(
        "the MatterFacts were prepared by another policy than " +
        compiled_->name + "; call facts() on this policy");
  }
}

MatterFacts Policy::facts(const Dataset& data, const Matter& matter) const {
  const detail::CompiledPolicy& policy = *compiled_;
  MatterFacts facts;
  facts.policy_ = compiled_.get();
  facts.matter_ = &matter;
  facts.values_.assign(kAttributeCount, 0.0);
  detail::PolicyEvaluation::fill_matter_values(policy, data, matter, facts);
  const detail::PolicyEvaluation evaluation{policy, data, facts, matter};
  facts.serving_tags_ = evaluation.tag_mask(matter.serving);

  // Conditions on the matter alone.
  facts.results_.resize(policy.slot_roots.size());
  for (std::size_t s = 0; s < policy.slot_roots.size(); ++s) {
    facts.results_[s] = evaluation.eval<false>(policy.slot_roots[s]) ? 1 : 0;
  }

  // Rules whose `when` the matter does not already rule out: a `when`
  // that depends on the matter alone and fails, or an "all" with such a
  // part, fails for every candidate.
  for (std::size_t r = 0; r < policy.rules.size(); ++r) {
    if (!detail::PolicyEvaluation::matter_may_satisfy(
            policy, facts, policy.rules[r].when)) {
      continue;
    }
    facts.candidate_rules_.push_back(static_cast<std::int32_t>(r));
  }

  facts.term_values_.assign(policy.terms.size(), 0.0);
  for (std::size_t t = 0; t < policy.terms.size(); ++t) {
    const detail::CompiledTerm& term = policy.terms[t];
    if (term.builtin == detail::Builtin::kResourceShort) {
      facts.term_values_[t] =
          data.regions.has_tag(matter.serving, term.tag, matter.date) ? 1.0
                                                                      : 0.0;
    }
  }
  return facts;
}

int Policy::first_failed_rule(const Dataset& data, const MatterFacts& facts,
                              const Admission& admission) const {
  check_facts(facts);
  const detail::CompiledPolicy& policy = *compiled_;
  const detail::PolicyEvaluation evaluation{
      policy, data, facts, *facts.matter_, &admission,
      &data.providers[admission.provider]};
  for (std::int32_t r : facts.candidate_rules_) {
    if (enabled_[static_cast<std::size_t>(r)] == 0) continue;
    const detail::CompiledRule& rule = policy.rules[static_cast<std::size_t>(r)];
    if (!evaluation.holds(rule.when)) continue;
    if (!evaluation.holds(rule.require)) return r;
  }
  return -1;
}

ScoreBreakdown Policy::score(const Dataset& data, const MatterFacts& facts,
                             const Admission& admission) const {
  check_facts(facts);
  const detail::PolicyEvaluation evaluation{
      *compiled_, data, facts, *facts.matter_, &admission,
      &data.providers[admission.provider]};
  ScoreBreakdown score;
  const std::size_t count = weights_.size();
  score.terms.resize(count);
  for (std::size_t t = 0; t < count; ++t) {
    score.terms[t] = evaluation.term_value(t);
  }
  // A term with weight 0 is switched off and adds nothing, even when its
  // value is infinite. The sum runs in term order, so totals do not depend
  // on the compiler.
  double total = 0.0;
  for (std::size_t t = 0; t < count; ++t) {
    if (weights_[t] != 0.0) total += weights_[t] * score.terms[t];
  }
  score.total = total;
  return score;
}

SubsidyDecision Policy::subsidy(const Dataset& data, const MatterFacts& facts,
                                const Admission& admission) const {
  check_facts(facts);
  const detail::CompiledSubsidies& standards = compiled_->subsidies;
  const Matter& matter = *facts.matter_;
  const detail::PolicyEvaluation evaluation{
      *compiled_, data, facts, matter, &admission,
      &data.providers[admission.provider]};
  SubsidyDecision decision;
  auto from_table = [&](std::int32_t table) {
    if (table >= 0) {
      decision.amount = evaluation.table_value(table, &decision.source);
    }
  };
  switch (admission.mode) {
    case DispatchMode::kProject:
    case DispatchMode::kOffSite: {
      decision.basis = "agreement";
      const Pairing* pairing =
          admission.pairing >= 0 ? &data.pairings[admission.pairing] : nullptr;
      decision.payer = pairing != nullptr && !pairing->payer.empty()
                           ? pairing->payer
                           : matter.assigning_region;
      if (pairing != nullptr && pairing->subsidy) {
        decision.amount = *pairing->subsidy;
        decision.source = "pairings.csv subsidy";
      } else {
        from_table(standards.agreement);
      }
      break;
    }
    case DispatchMode::kVolunteerAction:
      decision.basis = "volunteer_agreement";
      decision.payer = standards.volunteer_action_payer;
      from_table(standards.volunteer_agreement);
      break;
    case DispatchMode::kPool:
    case DispatchMode::kOther:
      decision.basis = "case_standard";
      decision.payer = matter.assigning_region;
      from_table(standards.case_standard);
      break;
  }
  return decision;
}

Policy parse_policy(std::string_view json_text, std::string_view source) {
  return Policy(detail::compile_policy(json_text, source));
}

std::string_view to_string(SelectionMethod method) {
  switch (method) {
    case SelectionMethod::kOptimise: return "optimise";
    case SelectionMethod::kRotation: return "rotation";
    case SelectionMethod::kRandomDraw: return "random_draw";
  }
  return "unknown";
}

std::string_view to_string(RotationScope scope) {
  return scope == RotationScope::kPool ? "pool" : "firm";
}

// ---------------------------------------------------------------------------
// PolicySet

namespace {

std::string range_text(const DateRange& range) {
  return (range.from ? range.from->to_string() : std::string("open")) +
         " to " + (range.to ? range.to->to_string() : std::string("open"));
}

std::string policy_label(const Policy& policy) {
  return "policy \"" + policy.name() + "\" version " + policy.version() +
         " (" + policy.source() + ", " + range_text(policy.effective()) + ")";
}

// True when a starts before b; an open start comes first.
bool starts_before(const DateRange& a, const DateRange& b) {
  if (!a.from) return static_cast<bool>(b.from);
  return b.from && *a.from < *b.from;
}

}  // namespace

PolicySet::PolicySet(std::vector<Policy> policies) {
  for (Policy& policy : policies) add(std::move(policy));
}

void PolicySet::add(Policy policy) {
  const DateRange& range = policy.effective();
  for (const Policy& other : policies_) {
    const DateRange& existing = other.effective();
    const bool starts_in_time =
        !range.from || !existing.to || *range.from <= *existing.to;
    const bool ends_in_time =
        !existing.from || !range.to || *existing.from <= *range.to;
    if (!starts_in_time || !ends_in_time) continue;

    DateRange shared;
    shared.from = !range.from    ? existing.from
                  : !existing.from ? range.from
                                   : std::max(range.from, existing.from);
    shared.to = !range.to    ? existing.to
                : !existing.to ? range.to
                               : std::min(range.to, existing.to);
    throw InputError(policy_label(policy) + " overlaps " +
                     policy_label(other) + " from " + range_text(shared) +
                     "; expected at most one policy in force on each date");
  }
  const auto at = std::find_if(
      policies_.begin(), policies_.end(),
      [&](const Policy& other) { return starts_before(range, other.effective()); });
  policies_.insert(at, std::move(policy));
}

const Policy* PolicySet::in_force(Date date) const {
  for (const Policy& policy : policies_) {
    if (policy.effective().contains(date)) return &policy;
  }
  return nullptr;
}

}  // namespace aidmatch
