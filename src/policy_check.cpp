// Static checks of decision tables: rows that an earlier row masks under
// hit policy first, and rows that can match together under hit policy
// unique.
//
// Each row whose condition is a conjunction of tests becomes one domain per
// attribute: the set of values the conjunction allows. Attributes are
// treated as independent, so a combination that the data can never produce
// (needs_language false with speaks_language true) still counts as
// possible. The checks may therefore warn about an overlap that cannot
// occur, but every masked row they report is truly masked.
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "policy_detail.hpp"

namespace aidmatch::detail {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Integer intervals up to this width are enumerated, so that for example
// {">=": 2, "<=": 3, "not_in": [2, 3]} is found empty.
constexpr double kMaxEnumeratedWidth = 10000.0;

// The values one attribute may take. For a finite domain, exactly `values`
// within the interval; otherwise every value of the interval except
// `values`. Tag sets use only `required_tags`: every set containing them.
struct Domain {
  bool finite = false;
  std::set<double> values;
  double low = -kInfinity;
  double high = kInfinity;
  bool low_open = false;
  bool high_open = false;
  std::uint64_t required_tags = 0;

  bool in_interval(double v) const {
    return (v > low || (v == low && !low_open)) &&
           (v < high || (v == high && !high_open));
  }
  bool contains(double v) const {
    return in_interval(v) && (finite ? values.count(v) > 0 : values.count(v) == 0);
  }
  bool empty() const {
    if (finite) return values.empty();
    return low > high || (low == high && (low_open || high_open));
  }
};

// Narrows `d` to the values it shares with `allowed`.
void keep_only(Domain& d, const std::set<double>& allowed) {
  std::set<double> remaining;
  if (d.finite) {
    for (double v : d.values) {
      if (allowed.count(v)) remaining.insert(v);
    }
  } else {
    for (double v : allowed) {
      if (!d.values.count(v)) remaining.insert(v);
    }
    d.finite = true;
  }
  d.values = std::move(remaining);
}

void exclude(Domain& d, const std::set<double>& removed) {
  for (double v : removed) {
    if (d.finite) {
      d.values.erase(v);
    } else {
      d.values.insert(v);
    }
  }
}

void raise_low(Domain& d, double v, bool open) {
  if (v > d.low || (v == d.low && open)) {
    d.low = v;
    d.low_open = open;
  }
}

void lower_high(Domain& d, double v, bool open) {
  if (v < d.high || (v == d.high && open)) {
    d.high = v;
    d.high_open = open;
  }
}

// Narrows `d` by one test. Bounds on integer attributes become closed
// integer bounds, so that "> 2" and ">= 3" give the same domain.
void apply(Domain& d, const Test& test, const CompiledPolicy& policy) {
  const bool integral =
      attribute_info(test.attribute).type == AttributeType::kInteger;
  const std::set<double> list(policy.lists.begin() + test.list_begin,
                              policy.lists.begin() + test.list_end);
  const double v = test.value;
  switch (test.op) {
    case Operator::kEq: keep_only(d, {v}); break;
    case Operator::kNe: exclude(d, {v}); break;
    case Operator::kIn: keep_only(d, list); break;
    case Operator::kNotIn: exclude(d, list); break;
    case Operator::kGe:
      integral ? raise_low(d, std::ceil(v), false) : raise_low(d, v, false);
      break;
    case Operator::kGt:
      integral ? raise_low(d, std::floor(v) + 1, false) : raise_low(d, v, true);
      break;
    case Operator::kLe:
      integral ? lower_high(d, std::floor(v), false)
               : lower_high(d, v, false);
      break;
    case Operator::kLt:
      integral ? lower_high(d, std::ceil(v) - 1, false)
               : lower_high(d, v, true);
      break;
    case Operator::kHas: d.required_tags |= test.tag; break;
  }
}

// Turns a domain into a finite one where the attribute's values can be
// listed: booleans, enumerations, a single point, a short integer range.
void finish(Domain& d, const AttributeInfo& info) {
  double first = 0.0;
  double last = -1.0;
  if (info.type == AttributeType::kBool) {
    last = 1.0;
  } else if (info.type == AttributeType::kEnum) {
    last = static_cast<double>(info.values.size()) - 1.0;
  } else if (d.low == d.high && !d.low_open && !d.high_open) {
    first = last = d.low;
  } else if (info.type == AttributeType::kInteger && std::isfinite(d.low) &&
             std::isfinite(d.high) && d.high - d.low <= kMaxEnumeratedWidth) {
    first = d.low;
    last = d.high;
  }
  if (!d.finite && last >= first) {
    std::set<double> all;
    for (double v = first; v <= last; v += 1.0) all.insert(v);
    keep_only(d, all);
  }
  if (d.finite) {
    std::set<double> inside;
    for (double v : d.values) {
      if (d.in_interval(v)) inside.insert(v);
    }
    d.values = std::move(inside);
  }
}

// True when every value of `a` lies in `b`.
bool subset(const Domain& a, const Domain& b) {
  if ((a.required_tags & b.required_tags) != b.required_tags) return false;
  if (a.empty()) return true;
  if (a.finite) {
    for (double v : a.values) {
      if (!b.contains(v)) return false;
    }
    return true;
  }
  if (b.finite) return false;
  const bool low_inside =
      a.low > b.low || (a.low == b.low && (a.low_open || !b.low_open));
  const bool high_inside =
      a.high < b.high || (a.high == b.high && (a.high_open || !b.high_open));
  if (!low_inside || !high_inside) return false;
  for (double v : b.values) {
    if (a.in_interval(v) && !a.values.count(v)) return false;
  }
  return true;
}

using Domains = std::map<Attribute, Domain>;

Domains domains_of(const CompiledPolicy& policy,
                   const std::vector<std::int32_t>& tests) {
  Domains domains;
  for (std::int32_t t : tests) {
    const Test& test = policy.tests[static_cast<std::size_t>(t)];
    apply(domains[test.attribute], test, policy);
  }
  for (auto& [attribute, domain] : domains) {
    finish(domain, attribute_info(attribute));
  }
  return domains;
}

// The first attribute whose domain is empty, or nullopt when some pair
// can satisfy every test.
std::optional<Attribute> contradiction(const Domains& domains) {
  for (const auto& [attribute, domain] : domains) {
    if (domain.empty()) return attribute;
  }
  return std::nullopt;
}

// True when every pair that satisfies `later` also satisfies `earlier`.
bool implies(const Domains& later, const Domains& earlier) {
  if (contradiction(later)) return true;
  for (const auto& [attribute, domain] : earlier) {
    const auto it = later.find(attribute);
    Domain unconstrained;
    finish(unconstrained, attribute_info(attribute));
    if (!subset(it == later.end() ? unconstrained : it->second, domain)) {
      return false;
    }
  }
  return true;
}

std::string row_name(std::size_t row) {
  return "rows[" + std::to_string(row) + "]";
}

}  // namespace

std::vector<PolicyWarning> check_table(
    const CompiledPolicy& policy, const CompiledTable& table,
    const std::vector<std::optional<std::vector<std::int32_t>>>&
        conjunctions) {
  std::vector<PolicyWarning> warnings;
  if (table.hit_policy == HitPolicy::kCollectSum) return warnings;
  std::vector<std::optional<Domains>> domains;
  for (const auto& tests : conjunctions) {
    domains.push_back(tests ? std::optional<Domains>(domains_of(policy, *tests))
                            : std::nullopt);
  }

  for (std::size_t j = 0; j < domains.size(); ++j) {
    if (!domains[j]) continue;
    const std::string later = row_name(j);
    if (const auto attribute = contradiction(*domains[j])) {
      warnings.push_back(
          {table.rows[j].path,
           "never matches, because its constraints on " +
               std::string(attribute_info(*attribute).name) +
               " contradict each other"});
      continue;
    }
    for (std::size_t i = 0; i < j; ++i) {
      if (!domains[i]) continue;
      const std::string earlier = row_name(i);
      if (table.hit_policy == HitPolicy::kFirst &&
          implies(*domains[j], *domains[i])) {
        warnings.push_back(
            {table.rows[j].path,
             "masked by " + earlier + ": every pair that matches " + later +
                 " also matches " + earlier + ", which comes first, so " +
                 later + " never applies under hit policy first"});
        break;
      }
      if (table.hit_policy == HitPolicy::kUnique) {
        std::vector<std::int32_t> tests = *conjunctions[i];
        tests.insert(tests.end(), conjunctions[j]->begin(),
                     conjunctions[j]->end());
        if (!contradiction(domains_of(policy, tests))) {
          warnings.push_back(
              {table.rows[j].path,
               "overlaps " + earlier + ": a pair can match both rows, and "
               "hit policy unique rejects such a pair when it is scored"});
        }
      }
    }
  }
  return warnings;
}

}  // namespace aidmatch::detail
