// Explanations for the agency responsible for a decision. For one matter:
// the eligible providers ranked with every score term, and for each
// excluded provider the first rule that excluded it. For one pair: why the
// provider is or is not a candidate; and a ranked recommendation for a new
// matter without solving the batch.
//
// These calls evaluate one matter under one policy and do not solve the
// batch, so a ranked list shows who is best for this matter alone; the
// batch dispatch may give the top candidate another matter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aidmatch/model/dataset.hpp"
#include "aidmatch/rules/eligibility.hpp"
#include "aidmatch/rules/policy.hpp"

namespace aidmatch {

struct TermContribution {
  std::string id;
  double value = 0.0;         // unweighted
  double weight = 0.0;
  double contribution = 0.0;  // weight x value
};

struct RankedCandidate {
  std::int32_t rank = 0;  // 1 for the best
  ProviderIndex provider = kNoProvider;
  DispatchMode mode = DispatchMode::kPool;
  std::int32_t pairing = -1;  // the admitting pairing, or -1
  std::vector<TermContribution> terms;
  double total = 0.0;
  std::int32_t capacity = 0;  // the provider's capacity in the data
};

struct ExcludedCandidate {
  ProviderIndex provider = kNoProvider;
  DispatchMode mode = DispatchMode::kPool;
  std::int32_t pairing = -1;
  std::string rule;         // the id of the first rule that excluded it
  std::string description;  // that rule's description
  std::string provision;    // the provision the rule implements
};

struct MatterExplanation {
  MatterIndex matter = -1;
  std::string policy;  // "name version"
  bool late = false;   // past its assignment deadline
  std::optional<Date> deadline;
  // Eligible providers, best first: by total score, then ascending id.
  std::vector<RankedCandidate> ranked;
  // Admitted providers that a rule excluded, in ascending id order.
  std::vector<ExcludedCandidate> excluded;
};

// Explains `matter` (an index into data.matters) under `policy`. Takes
// time linear in its candidates times the policy's pair-side conditions,
// plus a sort.
MatterExplanation explain_matter(const Dataset& data, const Policy& policy,
                                 MatterIndex matter);

// The verdict on one provider for one matter, with its reason.
struct WhyNot {
  enum class Verdict : std::uint8_t {
    kEligible,     // eligible; `ranked` gives its place
    kExcluded,     // admitted, but a rule excludes it; `excluded` names it
    kNotAdmitted,  // no pool or valid pairing admits it to the matter
    kNotIndividual,  // a firm: firms are never assigned, their lawyers are
  };
  Verdict verdict = Verdict::kNotAdmitted;
  std::optional<RankedCandidate> ranked;
  std::optional<ExcludedCandidate> excluded;
  std::string text;  // one sentence for a person
};

WhyNot why_not(const Dataset& data, const Policy& policy, MatterIndex matter,
               ProviderIndex provider);

// The best `k` eligible providers with capacity for `matter`, which need
// not belong to data.matters but must have its regions resolved
// (serving and assigning set, as the loader sets them). The matter's
// conflict and complaint lists must hold indexes into data.providers.
std::vector<RankedCandidate> recommend(const Dataset& data,
                                       const Policy& policy,
                                       const Matter& matter, std::size_t k);

// A plain-text rendering for a terminal: the matter, the ranked
// candidates with their terms (at most `limit` of them), and the excluded
// providers grouped by rule.
std::string format_explanation(const Dataset& data, const Policy& policy,
                                const MatterExplanation& explanation,
                                std::size_t limit = 20);

}  // namespace aidmatch
