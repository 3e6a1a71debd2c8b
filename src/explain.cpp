// Explanations of one matter's candidates, pair queries and
// recommendations.
#include "aidmatch/dispatch/explain.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace aidmatch {

namespace {

RankedCandidate ranked_of(const Dataset& data, const Policy& policy,
                          const MatterFacts& facts,
                          const Admission& admission) {
  RankedCandidate out;
  out.provider = admission.provider;
  out.mode = admission.mode;
  out.pairing = admission.pairing;
  out.capacity = data.providers[admission.provider].capacity;
  const ScoreBreakdown score = policy.score(data, facts, admission);
  const std::vector<TermInfo>& terms = policy.terms();
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const double value = score.terms[t];
    out.terms.push_back({terms[t].id, value, terms[t].weight,
                         terms[t].weight == 0.0 ? 0.0 : terms[t].weight * value});
  }
  out.total = score.total;
  return out;
}

ExcludedCandidate excluded_of(const Policy& policy, const Admission& admission,
                              int rule) {
  const RuleInfo& info = policy.rules()[static_cast<std::size_t>(rule)];
  return {admission.provider, admission.mode, admission.pairing,
          info.id,            info.description, info.provision};
}

// Best first: higher total, then lower provider rank (ascending id).
void sort_and_rank(const Dataset& data, std::vector<RankedCandidate>& ranked) {
  std::sort(ranked.begin(), ranked.end(),
            [&](const RankedCandidate& a, const RankedCandidate& b) {
              if (a.total != b.total) return a.total > b.total;
              return data.providers.rank(a.provider) <
                     data.providers.rank(b.provider);
            });
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    ranked[i].rank = static_cast<std::int32_t>(i + 1);
  }
}

std::string number(double value) {
  char buffer[32];
  // Adding 0.0 turns a negative zero into zero, so it prints without a sign.
  std::snprintf(buffer, sizeof buffer, "%.4f", value + 0.0);
  return buffer;
}

}  // namespace

MatterExplanation explain_matter(const Dataset& data, const Policy& policy,
                                 MatterIndex matter) {
  const Matter& m = data.matters.at(static_cast<std::size_t>(matter));
  MatterExplanation out;
  out.matter = matter;
  out.policy = policy.name() + " " + policy.version();
  const MatterFacts facts = policy.facts(data, m);
  out.late = facts.late();
  if (m.notified) out.deadline = *m.notified + policy.deadline_days();
  const CandidateIndex index(data);
  for (const Admission& admission : index.admissions(m)) {
    const int rule = policy.first_failed_rule(data, facts, admission);
    if (rule >= 0) {
      out.excluded.push_back(excluded_of(policy, admission, rule));
    } else {
      out.ranked.push_back(ranked_of(data, policy, facts, admission));
    }
  }
  sort_and_rank(data, out.ranked);
  std::sort(out.excluded.begin(), out.excluded.end(),
            [&](const ExcludedCandidate& a, const ExcludedCandidate& b) {
              return data.providers.rank(a.provider) <
                     data.providers.rank(b.provider);
            });
  return out;
}

WhyNot why_not(const Dataset& data, const Policy& policy, MatterIndex matter,
               ProviderIndex provider) {
  const Matter& m = data.matters.at(static_cast<std::size_t>(matter));
  const Provider& p = data.providers[provider];
  WhyNot out;
  if (!p.is_individual()) {
    out.verdict = WhyNot::Verdict::kNotIndividual;
    out.text = p.id + " is a firm; firms are not assigned, their lawyers are";
    return out;
  }
  const MatterExplanation explanation = explain_matter(data, policy, matter);
  for (const RankedCandidate& candidate : explanation.ranked) {
    if (candidate.provider != provider) continue;
    out.verdict = WhyNot::Verdict::kEligible;
    out.ranked = candidate;
    out.text = p.id + " is eligible for " + m.id + " and ranks " +
               std::to_string(candidate.rank) + " of " +
               std::to_string(explanation.ranked.size()) + " with score " +
               number(candidate.total);
    return out;
  }
  for (const ExcludedCandidate& candidate : explanation.excluded) {
    if (candidate.provider != provider) continue;
    out.verdict = WhyNot::Verdict::kExcluded;
    out.excluded = candidate;
    out.text = p.id + " is excluded from " + m.id + " by rule " +
               candidate.rule + ": " + candidate.description;
    return out;
  }
  out.verdict = WhyNot::Verdict::kNotAdmitted;
  out.text = p.id + " is not a candidate for " + m.id +
             ": no pool or pairing valid on " + m.date.to_string() +
             " admits it to serving region " + m.serving_region +
             " for kind " + std::string(to_string(m.kind));
  return out;
}

std::vector<RankedCandidate> recommend(const Dataset& data,
                                       const Policy& policy,
                                       const Matter& matter, std::size_t k) {
  const MatterFacts facts = policy.facts(data, matter);
  const CandidateIndex index(data);
  std::vector<RankedCandidate> ranked;
  for (const Admission& admission : index.admissions(matter)) {
    if (data.providers[admission.provider].capacity <= 0) continue;
    if (policy.first_failed_rule(data, facts, admission) >= 0) continue;
    ranked.push_back(ranked_of(data, policy, facts, admission));
  }
  sort_and_rank(data, ranked);
  if (ranked.size() > k) ranked.resize(k);
  return ranked;
}

std::string format_explanation(const Dataset& data, const Policy& policy,
                               const MatterExplanation& explanation,
                               std::size_t limit) {
  const Matter& m = data.matters.at(static_cast<std::size_t>(explanation.matter));
  std::string out = "matter " + m.id + " (" + std::string(to_string(m.kind)) +
                    ", serving " + m.serving_region + ", assigning " +
                    m.assigning_region + ", " + m.date.to_string() +
                    ") under policy " + explanation.policy + "\n";
  if (explanation.deadline) {
    out += "deadline " + explanation.deadline->to_string() +
           (explanation.late ? ", late\n" : "\n");
  }
  out += std::to_string(explanation.ranked.size()) + " eligible, " +
         std::to_string(explanation.excluded.size()) + " excluded\n";
  const std::size_t printed = std::min(limit, explanation.ranked.size());
  for (std::size_t i = 0; i < printed; ++i) {
    const RankedCandidate& c = explanation.ranked[i];
    out += "  " + std::to_string(c.rank) + ". " + data.providers[c.provider].id +
           "  score " + number(c.total) + "  mode " +
           std::string(to_string(c.mode)) + "\n     ";
    for (const TermContribution& term : c.terms) {
      if (term.weight == 0.0) continue;
      out += " " + term.id + " " + number(term.value) + "x" + number(term.weight);
    }
    out += "\n";
  }
  if (printed < explanation.ranked.size()) {
    out += "  ... " + std::to_string(explanation.ranked.size() - printed) +
           " more eligible\n";
  }
  std::map<std::string, std::vector<std::string>> by_rule;
  for (const ExcludedCandidate& c : explanation.excluded) {
    by_rule[c.rule].push_back(data.providers[c.provider].id);
  }
  for (const RuleInfo& rule : policy.rules()) {
    const auto it = by_rule.find(rule.id);
    if (it == by_rule.end()) continue;
    out += "excluded by " + rule.id + " (" + rule.description + "): ";
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      if (i == 10) {
        out += " and " + std::to_string(it->second.size() - 10) + " more";
        break;
      }
      out += (i > 0 ? ", " : "") + it->second[i];
    }
    out += "\n";
  }
  return out;
}

}  // namespace aidmatch
