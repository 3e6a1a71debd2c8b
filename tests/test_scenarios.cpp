// Scenarios from the trial measures and national law, dispatched end to end
// under the default policy. They cover a minor, a possible death sentence,
// co-defendants, a dialect, a mountain county without a local lawyer, a
// pairing that expired the day before, a late matter and a recipient's
// own choice.
#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

const char* kMatterColumns =
    "id,kind,category,assigning_region,serving_region,date,difficulty,"
    "specialty,minor,language,life_or_death,case_group,notified_date,"
    "chosen_provider\n";

// A lawyer row of the test providers file: id, home, criminal defence
// years, languages, familiar with minors, capacity.
std::string lawyer(const std::string& id, const std::string& home,
                   int defence_years, const std::string& languages,
                   bool minors, int capacity) {
  return id + ",lawyer,,," + home + ",female,10," +
         std::to_string(defence_years) + ",criminal," + languages + "," +
         (minors ? "true" : "false") + ",," + std::to_string(capacity) +
         ",0,4.0\n";
}

// A criminal case served in 330102 on 2024-06-10.
std::string criminal(const std::string& id, const std::string& extra = "") {
  // extra: minor,language,life_or_death,case_group,notified_date,chosen
  return id + ",assigned_case,criminal,,330102,2024-06-10,2,criminal," +
         (extra.empty() ? "false,,false,,," : extra) + "\n";
}

Dataset load(const std::string& providers, const std::string& matters,
             const std::string& pools, const std::string& pairings = "") {
  io::DatasetTables tables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      io::Table::parse("region_tags.csv", testing::kTinyTags),
      io::Table::parse("providers.csv",
                       std::string(testing::kProviderHeader) + providers),
      io::Table::parse("pools.csv", std::string(testing::kPoolHeader) + pools),
      {io::Table::parse("pairings.csv",
                        std::string(testing::kPairingHeader) + pairings)},
      io::Table::parse("matters.csv", kMatterColumns + matters)};
  return io::load_dataset(tables);
}

std::string pool_of(std::initializer_list<const char*> ids) {
  std::string rows;
  for (const char* id : ids) rows += std::string("330100,") + id + ",330102,,active\n";
  return rows;
}

std::string provider_of(const Dataset& data, const Assignment& a) {
  return a.assigned() ? data.providers[a.provider].id : "-";
}

TEST(Scenario, MinorGetsLawyerFamiliarWithMinors) {
  const Dataset data = load(lawyer("L1", "330102", 5, "mandarin", false, 2) +
                                lawyer("L2", "330102", 5, "mandarin", true, 2),
                            criminal("M1", "true,,false,,,"), pool_of({"L1", "L2"}));
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_EQ(provider_of(data, result.assignments[0]), "L2");
  EXPECT_EQ(result.assignments[0].excluded[5], 1);  // minor_familiarity
}

TEST(Scenario, PossibleDeathSentenceNeedsThreeYearsOfDefence) {
  const Dataset data = load(lawyer("L1", "330102", 2, "mandarin", false, 2) +
                                lawyer("L2", "330102", 3, "mandarin", false, 2),
                            criminal("M1", "false,,true,,,"), pool_of({"L1", "L2"}));
  Policy policy = testing::default_policy();
  EXPECT_EQ(provider_of(data, dispatch(data, policy).assignments[0]), "L2");
  // With L2 full, the stricter reading leaves the matter unassigned rather
  // than give it to L1.
  const Dataset full = load(lawyer("L1", "330102", 2, "mandarin", false, 2) +
                                lawyer("L2", "330102", 3, "mandarin", false, 0),
                            criminal("M1", "false,,true,,,"), pool_of({"L1", "L2"}));
  const Assignment a = dispatch(full, policy).assignments[0];
  EXPECT_FALSE(a.assigned());
  EXPECT_EQ(a.reason, UnassignedReason::kNoEligible);
}

TEST(Scenario, CoDefendantsNeverShareADefender) {
  // L1 is the better match for both (dialect), with room for two.
  const std::string providers =
      lawyer("L1", "330102", 5, "mandarin;wu", false, 2) +
      lawyer("L2", "330102", 5, "mandarin", false, 2);
  const std::string matters = criminal("M1", "false,wu,false,case-7,,") +
                              criminal("M2", "false,wu,false,case-7,,");
  const Dataset data = load(providers, matters, pool_of({"L1", "L2"}));
  for (SelectionMethod method : {SelectionMethod::kOptimise,
                                 SelectionMethod::kRotation,
                                 SelectionMethod::kRandomDraw}) {
    DispatchOptions options;
    options.selection = method;
    const DispatchResult result =
        dispatch(data, testing::default_policy(), options);
    ASSERT_EQ(result.assigned_count, 2) << to_string(method);
    EXPECT_NE(result.assignments[0].provider, result.assignments[1].provider)
        << to_string(method);
  }
  // Without the case group, both go to L1.
  const Dataset apart = load(providers,
                             criminal("M1", "false,wu,false,,,") +
                                 criminal("M2", "false,wu,false,,,"),
                             pool_of({"L1", "L2"}));
  const DispatchResult result = dispatch(apart, testing::default_policy());
  EXPECT_EQ(provider_of(apart, result.assignments[0]), "L1");
  EXPECT_EQ(provider_of(apart, result.assignments[1]), "L1");
}

TEST(Scenario, DialectSpeakerPreferred) {
  const Dataset data = load(lawyer("L1", "330102", 5, "mandarin", false, 2) +
                                lawyer("L2", "330102", 5, "mandarin;wenzhou", false, 2),
                            criminal("M1", "false,wenzhou,false,,,"),
                            pool_of({"L1", "L2"}));
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_EQ(provider_of(data, result.assignments[0]), "L2");
}

TEST(Scenario, MountainCountyServedThroughPairing) {
  // No lawyer lives in 330203; a mountain-sea pairing admits 330102's.
  const std::string pairings =
      "P1,mountain_sea,330102,330203,2024-01-01,2024-12-31,,test\n";
  const std::string matter =
      "M1,assigned_case,criminal,,330203,2024-06-10,2,criminal,false,,false,,,\n";
  const Dataset data =
      load(lawyer("L1", "330102", 5, "mandarin", false, 2), matter, "", pairings);
  const DispatchResult result = dispatch(data, testing::default_policy());
  const Assignment& a = result.assignments[0];
  ASSERT_TRUE(a.assigned());
  EXPECT_EQ(a.mode, DispatchMode::kOffSite);
  EXPECT_TRUE(a.cross_city);
  EXPECT_EQ(a.subsidy.basis, "agreement");
  EXPECT_EQ(a.subsidy.payer, "330203");
  EXPECT_GT(result.subsidy_by_payer.at("330203"), 0.0);
}

TEST(Scenario, PairingThatExpiredTheDayBefore) {
  const std::string pairings =
      "P1,mountain_sea,330102,330203,2024-01-01,2024-06-09,,test\n";
  const std::string matter =
      "M1,assigned_case,criminal,,330203,2024-06-10,2,criminal,false,,false,,,\n";
  const Dataset data =
      load(lawyer("L1", "330102", 5, "mandarin", false, 2), matter, "", pairings);
  const Assignment a = dispatch(data, testing::default_policy()).assignments[0];
  EXPECT_FALSE(a.assigned());
  EXPECT_EQ(a.reason, UnassignedReason::kNoCandidate);
}

TEST(Scenario, LateMatterServedFirst) {
  // One lawyer, two matters. M2 was notified on 2024-06-01, so its
  // three-day deadline passed on 2024-06-04; it goes first although M1
  // would score the same and has the lower id.
  const Dataset data = load(lawyer("L1", "330102", 5, "mandarin", false, 1),
                            criminal("M1", "false,,false,,2024-06-09,") +
                                criminal("M2", "false,,false,,2024-06-01,"),
                            pool_of({"L1"}));
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_FALSE(result.assignments[0].late);
  EXPECT_EQ(result.assignments[0].deadline->to_string(), "2024-06-12");
  EXPECT_TRUE(result.assignments[1].late);
  EXPECT_EQ(provider_of(data, result.assignments[1]), "L1");
  EXPECT_FALSE(result.assignments[0].assigned());
}

TEST(Scenario, RecipientChoiceHonouredWhenEligible) {
  // L1 would score higher (dialect); the recipient chose L2.
  const std::string providers =
      lawyer("L1", "330102", 5, "mandarin;wu", false, 2) +
      lawyer("L2", "330102", 5, "mandarin", false, 2) +
      "V1,volunteer,,,330102,female,0,0,,mandarin,false,community,2,0,4.0\n";
  const Dataset data = load(providers,
                            criminal("M1", "false,wu,false,,,L2") +
                                criminal("M2", "false,wu,false,,,V1"),
                            pool_of({"L1", "L2", "V1"}));
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_EQ(provider_of(data, result.assignments[0]), "L2");
  EXPECT_TRUE(result.assignments[0].chosen_by_recipient);
  // A volunteer may not defend, so the choice of V1 is not honoured.
  EXPECT_EQ(provider_of(data, result.assignments[1]), "L1");
  EXPECT_FALSE(result.assignments[1].chosen_by_recipient);
  EXPECT_EQ(result.assignments[1].choice_note,
            "the chosen provider V1 is excluded by rule criminal_needs_lawyer");
}

TEST(Scenario, PolicySetPicksPolicyByDate) {
  // A second policy from 2025 turns off the recipient's choice; the
  // matter of 2024 keeps the default.
  std::string later(io::embedded_file("policy/default.json"));
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = later.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    later.replace(at, from.size(), to);
  };
  replace("\"effective_from\": \"2024-03-01\"", "\"effective_from\": \"2025-01-01\"");
  replace("\"honour_recipient_choice\": true", "\"honour_recipient_choice\": false");
  std::string first(io::embedded_file("policy/default.json"));
  const auto open_end = first.find("\"effective_to\": null");
  ASSERT_NE(open_end, std::string::npos);
  first.replace(open_end, 20, "\"effective_to\": \"2024-12-31\"");

  const PolicySet policies({parse_policy(first, "first.json"),
                            parse_policy(later, "later.json")});
  const std::string providers = lawyer("L1", "330102", 5, "mandarin;wu", false, 2) +
                                lawyer("L2", "330102", 5, "mandarin", false, 2);
  const std::string matters =
      criminal("M1", "false,wu,false,,,L2") +
      "M2,assigned_case,criminal,,330102,2025-06-10,2,criminal,false,wu,false,,,L2\n"
      "M3,assigned_case,criminal,,330102,2023-06-10,2,criminal,false,,false,,,\n";
  const Dataset data = load(providers, matters, pool_of({"L1", "L2"}));
  const DispatchResult result = dispatch(data, policies);

  EXPECT_EQ(provider_of(data, result.assignments[0]), "L2");
  EXPECT_EQ(result.assignments[0].policy, 0);
  EXPECT_EQ(provider_of(data, result.assignments[1]), "L1");
  EXPECT_EQ(result.assignments[1].policy, 1);
  EXPECT_EQ(result.assignments[1].choice_note,
            "the policy does not honour recipients' choices");
  EXPECT_EQ(result.assignments[2].reason, UnassignedReason::kNoPolicy);
}

}  // namespace
}  // namespace aidmatch
