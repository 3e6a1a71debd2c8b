// A reference evaluator that walks a policy's parsed JSON document for
// every pair, looking attributes up by name and computing each one directly
// from the model. It shares no evaluation code with the compiled Policy, so
// tests compare the two on random pairs, and bench/bench_policy.cpp
// measures what compilation saves. It is slow by design: do not dispatch
// with it.
#pragma once

#include "aidmatch/rules/policy.hpp"

namespace aidmatch {

class NaiveEvaluator {
 public:
  // Keeps a reference to `policy`, which must outlive the evaluator. Reads
  // the current weights and rule switches of the policy on every call.
  explicit NaiveEvaluator(const Policy& policy) : policy_(policy) {}

  // The same contract as Policy::first_failed_rule, without MatterFacts.
  // Takes time linear in the size of the rules' JSON per pair.
  int first_failed_rule(const Dataset& data, const Matter& matter,
                        const Admission& admission) const;

  // The same contract as Policy::score.
  ScoreBreakdown score(const Dataset& data, const Matter& matter,
                       const Admission& admission) const;

 private:
  const Policy& policy_;
};

}  // namespace aidmatch
