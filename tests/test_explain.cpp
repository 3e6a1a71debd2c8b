// Explanations, "why not" queries and recommendations under the default
// policy.
#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/dispatch/explain.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

// L1 speaks the recipient's dialect; L2 does not; V1 is a community
// volunteer, who may not defend; L3 has no capacity. F1 is L1's firm.
const std::string kProviders =
    "F1,firm,,,330102,,,,,,,,,,\n"
    "L1,lawyer,,F1,330102,female,10,5,criminal,mandarin;ningbo_dialect,false,,2,0,4.0\n"
    "L2,lawyer,,,330102,female,10,5,criminal,mandarin,false,,2,0,4.0\n"
    "L3,lawyer,,,330102,female,10,5,criminal,mandarin,false,,0,0,4.0\n"
    "V1,volunteer,,,330102,female,0,0,,mandarin,false,community,2,0,4.0\n"
    "L9,lawyer,,,330203,female,10,5,criminal,mandarin,false,,2,0,4.0\n";
const std::string kPools =
    "330100,L1,330102,,active\n"
    "330100,L2,330102,,active\n"
    "330100,L3,330102,,active\n"
    "330100,V1,330102,,active\n";
const std::string kMatter =
    "M1,assigned_case,criminal,,330102,2024-06-01,1,criminal,false,false,"
    "ningbo_dialect,,false,,\n";

TEST(Explain, RanksEligibleAndNamesTheExcludingRule) {
  const Dataset data = testing::tiny_dataset(kProviders, kMatter, kPools);
  const Policy policy = testing::default_policy();
  const MatterExplanation e = explain_matter(data, policy, 0);
  ASSERT_EQ(e.ranked.size(), 2u);
  EXPECT_EQ(data.providers[e.ranked[0].provider].id, "L1");
  EXPECT_EQ(e.ranked[0].rank, 1);
  EXPECT_EQ(data.providers[e.ranked[1].provider].id, "L2");
  EXPECT_GT(e.ranked[0].total, e.ranked[1].total);
  // The terms add up to the total, and the language term is the difference.
  double sum = 0.0;
  for (const TermContribution& term : e.ranked[0].terms) sum += term.contribution;
  EXPECT_NEAR(sum, e.ranked[0].total, 1e-9);
  ASSERT_EQ(e.excluded.size(), 2u);
  EXPECT_EQ(data.providers[e.excluded[0].provider].id, "L3");
  EXPECT_EQ(e.excluded[0].rule, "no_capacity");
  EXPECT_EQ(data.providers[e.excluded[1].provider].id, "V1");
  EXPECT_EQ(e.excluded[1].rule, "criminal_needs_lawyer");
  const std::string text = format_explanation(data, policy, e);
  EXPECT_NE(text.find("1. L1"), std::string::npos) << text;
  EXPECT_NE(text.find("excluded by criminal_needs_lawyer"), std::string::npos)
      << text;
}

TEST(Explain, WhyNotAnswersEachVerdict) {
  const Dataset data = testing::tiny_dataset(kProviders, kMatter, kPools);
  const Policy policy = testing::default_policy();
  auto verdict = [&](const char* id) {
    return why_not(data, policy, 0, *data.providers.find(id));
  };
  EXPECT_EQ(verdict("L2").verdict, WhyNot::Verdict::kEligible);
  EXPECT_EQ(verdict("L2").ranked->rank, 2);
  EXPECT_EQ(verdict("V1").verdict, WhyNot::Verdict::kExcluded);
  EXPECT_EQ(verdict("V1").excluded->rule, "criminal_needs_lawyer");
  EXPECT_EQ(verdict("L9").verdict, WhyNot::Verdict::kNotAdmitted);
  EXPECT_EQ(verdict("L9").text,
            "L9 is not a candidate for M1: no pool or pairing valid on "
            "2024-06-01 admits it to serving region 330102 for kind "
            "assigned_case");
  EXPECT_EQ(verdict("F1").verdict, WhyNot::Verdict::kNotIndividual);
}

TEST(Explain, RecommendSkipsFullProvidersAndCutsAtK) {
  const Dataset data = testing::tiny_dataset(kProviders, kMatter, kPools);
  const Policy policy = testing::default_policy();
  const auto top = recommend(data, policy, data.matters[0], 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(data.providers[top[0].provider].id, "L1");
  EXPECT_EQ(recommend(data, policy, data.matters[0], 10).size(), 2u);
}

}  // namespace
}  // namespace aidmatch
