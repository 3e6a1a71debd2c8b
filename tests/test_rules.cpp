// The default policy's rules and terms on a small data set: every rule
// admits one candidate and rejects another, candidates come from pools and
// pairings, and the built-in terms follow the matter.
#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

const std::string kProviderColumns =
    "id,kind,name,firm_id,home_region,gender,practice_years,"
    "criminal_defence_years,specialties,languages,minors_familiar,"
    "volunteer_type,capacity,current_load,rating,former_office,left_office\n";

const std::string kProviders =
    "F1,firm,,,330102,,,,,,,,,,,,\n"
    "L1,lawyer,,F1,330102,female,10,5,criminal,mandarin;hangzhou_dialect,"
    "true,,2,4,4.5,,\n"
    "L2,lawyer,,F1,330102,male,10,1,civil,mandarin,false,,1,0,3.0,,\n"
    "L3,lawyer,,,330102,male,2,0,civil,mandarin,false,,0,0,3.0,,\n"
    "V1,volunteer,,,330102,female,0,0,,mandarin,true,university,1,0,4.0,,\n"
    "V2,volunteer,,,330102,male,0,0,,mandarin,true,community,1,0,4.0,,\n"
    "L4,lawyer,,,330202,female,12,10,criminal,mandarin,true,,1,0,5.0,,\n"
    "L5,lawyer,,,330102,male,2,2,criminal,mandarin,false,,1,0,3.0,,\n"
    // A former judge who left office two years less a day before the
    // matters of 2024-06-01, and a former prosecutor who left exactly two
    // years before them.
    "L6,lawyer,,,330102,male,1,1,civil,mandarin,false,,1,0,3.0,judge,"
    "2022-06-02\n"
    "L7,lawyer,,,330102,male,1,1,civil,mandarin,false,,1,0,3.0,prosecutor,"
    "2022-06-01\n";

const std::string kPools =
    "330100,L1,330102,,active\n"
    "330100,L2,330102,,active\n"
    "330100,L3,330102,,active\n"
    "330100,V1,330102,,active\n"
    "330100,V2,330102,,active\n";

const std::string kPairings =
    "T1,twinning,330202,330203,2024-01-01,2024-06-30,,test\n"
    "A1,agreement,L4,330203,2024-01-01,2024-12-31,assigned_case,test\n";

const std::string kMatterColumns =
    "id,kind,category,assigning_region,serving_region,date,difficulty,"
    "specialty,minor,disability,language,preferred_gender,life_or_death,"
    "case_group,conflicts,complaint_against\n";

const std::string kMatters =
    "M1,assigned_case,criminal,,330102,2024-06-01,2,criminal,false,false,,,"
    "false,,,\n"
    "M2,volunteer_activity,none,,330102,2024-06-01,1,,false,false,,,false,,,\n"
    "M3,other,none,,330102,2024-06-01,1,,false,false,,,false,,,\n"
    "M4,assigned_case,criminal,,330102,2024-06-01,5,criminal,false,false,,,"
    "true,,,\n"
    "M5,assigned_case,civil,,330102,2024-06-01,1,civil,true,false,,,false,,,\n"
    "M6,assigned_case,civil,,330102,2024-06-01,1,civil,false,false,,,false,,"
    "F1,\n"
    "M7,assigned_case,civil,,330102,2024-06-01,1,civil,false,false,,,false,,"
    "L2,\n"
    "M8,assigned_case,criminal,,330203,2024-06-30,2,criminal,false,false,"
    "hangzhou_dialect,female,false,,,\n"
    "M9,assigned_case,criminal,,330203,2024-07-01,2,criminal,false,false,,,"
    "false,,,\n"
    "M10,duty_shift,none,,330203,2024-07-01,1,,false,false,,,false,,,\n"
    "M11,assigned_case,civil,,330102,2024-06-01,1,civil,false,false,,,"
    "false,,,L1\n"
    "M12,duty_shift,none,,330102,2024-06-01,1,,false,false,,,false,,,\n";

Dataset rules_dataset() {
  io::DatasetTables tables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      io::Table::parse("region_tags.csv", testing::kTinyTags),
      io::Table::parse("providers.csv", kProviderColumns + kProviders),
      io::Table::parse("pools.csv", testing::kPoolHeader + kPools),
      {io::Table::parse("pairings.csv", testing::kPairingHeader + kPairings)},
      io::Table::parse("matters.csv", kMatterColumns + kMatters)};
  return io::load_dataset(tables);
}

class Rules : public ::testing::Test {
 protected:
  Rules() : data_(rules_dataset()), policy_(testing::default_policy()) {}

  const Matter& matter(const std::string& id) const {
    for (const Matter& m : data_.matters) {
      if (m.id == id) return m;
    }
    throw std::runtime_error("no matter " + id);
  }
  // The id of the rule that excludes the provider, or "" when it is
  // eligible. Candidates come through the pool here, without a pairing.
  std::string check(const std::string& matter_id, const std::string& provider) {
    const Matter& m = matter(matter_id);
    const Admission admission{data_.providers.at(provider),
                              DispatchMode::kPool, -1};
    const int rule =
        policy_.first_failed_rule(data_, policy_.facts(data_, m), admission);
    return rule < 0 ? "" : policy_.rules()[rule].id;
  }
  double term(const ScoreBreakdown& score, const std::string& id) const {
    for (std::size_t t = 0; t < policy_.terms().size(); ++t) {
      if (policy_.terms()[t].id == id) return score.terms[t];
    }
    throw std::runtime_error("no term " + id);
  }
  ScoreBreakdown score(const std::string& matter_id,
                       const Admission& admission) const {
    const Matter& m = matter(matter_id);
    return policy_.score(data_, policy_.facts(data_, m), admission);
  }

  Dataset data_;
  Policy policy_;
};

TEST_F(Rules, EligibleLawyerPassesEveryRule) {
  EXPECT_EQ(check("M1", "L1"), "");
}

TEST_F(Rules, NoCapacity) {
  EXPECT_EQ(check("M12", "L2"), "");
  EXPECT_EQ(check("M12", "L3"), "no_capacity");  // capacity 0
}

TEST_F(Rules, CriminalCaseNeedsLawyer) {
  EXPECT_EQ(check("M1", "L1"), "");
  EXPECT_EQ(check("M1", "V2"), "criminal_needs_lawyer");
  // The rule covers assigned cases only: a community volunteer may take a
  // duty shift.
  EXPECT_EQ(check("M12", "V2"), "");
  policy_.set_rule_enabled("criminal_needs_lawyer", false);
  EXPECT_EQ(check("M1", "V2"), "");
}

TEST_F(Rules, UniversityVolunteerLimitedToVolunteerActivities) {
  EXPECT_EQ(check("M2", "V1"), "");
  EXPECT_EQ(check("M3", "V1"), "university_scope");
  EXPECT_EQ(check("M3", "V2"), "");  // a community volunteer
}

TEST_F(Rules, LifeOrDeathNeedsCriminalDefenceYears) {
  EXPECT_EQ(check("M4", "L1"), "");  // 5 years of criminal defence
  EXPECT_EQ(check("M4", "L2"), "life_or_death_experience");  // 1 year
}

TEST_F(Rules, LooserReadingOffByDefault) {
  const auto& rules = policy_.rules();
  const auto looser = std::find_if(rules.begin(), rules.end(), [](const RuleInfo& r) {
    return r.id == "life_or_death_relevant_practice";
  });
  ASSERT_NE(looser, rules.end());
  EXPECT_FALSE(looser->enabled);
  // L5 has 2 years of each, so the stricter rule excludes it first.
  EXPECT_EQ(check("M4", "L5"), "life_or_death_experience");
}

TEST_F(Rules, LifeOrDeathLooserReadingCountsPractice) {
  policy_.set_rule_enabled("life_or_death_experience", false);
  policy_.set_rule_enabled("life_or_death_relevant_practice", true);
  EXPECT_EQ(check("M4", "L2"), "");  // 10 years of practice
  EXPECT_EQ(check("M4", "L5"), "life_or_death_relevant_practice");  // 2
}

TEST_F(Rules, MinorNeedsFamiliarProvider) {
  EXPECT_EQ(check("M5", "L1"), "");
  EXPECT_EQ(check("M5", "L2"), "minor_familiarity");
}

TEST_F(Rules, ConflictWithFirmExcludesItsLawyers) {
  EXPECT_EQ(check("M6", "L1"), "conflict_of_interest");
  EXPECT_EQ(check("M6", "L2"), "conflict_of_interest");
  EXPECT_EQ(check("M7", "L2"), "conflict_of_interest");
  EXPECT_EQ(check("M7", "L1"), "");  // only the listed lawyer
}

TEST_F(Rules, VerifiedComplaintExcludesProvider) {
  EXPECT_EQ(check("M11", "L1"), "verified_complaint");
  EXPECT_EQ(check("M11", "L2"), "");
}

TEST_F(Rules, FormerJudgeWaitsTwoYearsForAssignedCases) {
  // L6 left on 2022-06-02, one day short of two years before M11.
  EXPECT_EQ(check("M11", "L6"), "former_judicial_office");
  // L7 left on 2022-06-01, two years to the day before.
  EXPECT_EQ(check("M11", "L7"), "");
  // The rule covers assigned cases only.
  EXPECT_EQ(check("M12", "L6"), "");
}

TEST_F(Rules, EveryDefaultRuleIsCovered) {
  const std::vector<std::string> expected{
      "no_capacity",          "criminal_needs_lawyer",
      "university_scope",     "life_or_death_experience",
      "life_or_death_relevant_practice", "minor_familiarity",
      "conflict_of_interest", "verified_complaint",
      "former_judicial_office"};
  std::vector<std::string> ids;
  for (const RuleInfo& rule : policy_.rules()) ids.push_back(rule.id);
  // A new rule in the default policy needs its own admit and reject test
  // above, and an entry here.
  EXPECT_EQ(ids, expected);
}

TEST_F(Rules, PoolAdmitsOnlyCoveredRegion) {
  const CandidateIndex index(data_);
  const auto admitted = index.admissions(matter("M1"));
  std::vector<std::string> ids;
  for (const Admission& a : admitted) {
    ids.push_back(data_.providers[a.provider].id);
    EXPECT_EQ(a.mode, DispatchMode::kPool);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"L1", "L2", "L3", "V1", "V2"}));
}

TEST_F(Rules, PairingAdmitsUntilItExpires) {
  const CandidateIndex index(data_);
  // On 2024-06-30 both the twinning (region side 330202) and the agreement
  // (provider L4) admit L4; the agreement's mode wins.
  const auto last_day = index.admissions(matter("M8"));
  ASSERT_EQ(last_day.size(), 1u);
  EXPECT_EQ(data_.providers[last_day[0].provider].id, "L4");
  EXPECT_EQ(last_day[0].mode, DispatchMode::kProject);
  // On 2024-07-01 only the agreement is valid, and it admits only cases.
  const auto after = index.admissions(matter("M9"));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(data_.pairings[after[0].pairing].id, "A1");
  EXPECT_TRUE(index.admissions(matter("M10")).empty());
}

TEST_F(Rules, ScoreTermsFollowTheMatter) {
  const CandidateIndex index(data_);
  const Admission admission = index.admissions(matter("M8"))[0];
  const ScoreBreakdown s = score("M8", admission);
  ASSERT_EQ(s.terms.size(), 9u);
  EXPECT_EQ(term(s, "specialty"), 1.0);    // criminal
  EXPECT_EQ(term(s, "experience"), 1.0);   // 12 years >= 2 * 2
  EXPECT_EQ(term(s, "language"), 0.0);     // L4 lacks the dialect
  EXPECT_EQ(term(s, "gender"), 1.0);       // female requested
  EXPECT_EQ(term(s, "pairing"), 1.0);
  EXPECT_EQ(term(s, "resource_short"), 1.0);  // 330203 tagged in 2024
  EXPECT_EQ(term(s, "workload"), 0.0);
  EXPECT_EQ(term(s, "rating"), 1.0);
  // 330202 (29.0, 120.0) to 330203 (29.0, 121.0): one degree of longitude.
  EXPECT_NEAR(term(s, "distance"), -97.3 / 100.0, 0.01);
  double total = 0.0;
  for (std::size_t t = 0; t < s.terms.size(); ++t) {
    total += policy_.terms()[t].weight * s.terms[t];
  }
  EXPECT_DOUBLE_EQ(s.total, total);
}

TEST_F(Rules, ExperienceTermScalesWithDifficulty) {
  const Admission admission{data_.providers.at("L1"), DispatchMode::kPool, -1};
  // M4 has difficulty 5: L1's 10 years against 5 * 2 needed gives 1.0.
  EXPECT_EQ(term(score("M4", admission), "experience"), 1.0);
  EXPECT_EQ(term(score("M4", admission), "workload"), -0.4);  // 4 open / 10
}

TEST_F(Rules, ZeroWeightSwitchesTermOff) {
  const Admission admission{data_.providers.at("L1"), DispatchMode::kPool, -1};
  const double before = score("M4", admission).total;
  policy_.set_term_weight("workload", 0.0);
  // The workload term of -0.4 had weight 1.
  EXPECT_DOUBLE_EQ(score("M4", admission).total, before + 0.4);
  EXPECT_EQ(term(score("M4", admission), "workload"), -0.4);
}

TEST(DefaultPolicy, HeaderValues) {
  const Policy policy = testing::default_policy();
  EXPECT_EQ(policy.name(), "zhejiang-2024-default");
  EXPECT_EQ(policy.version(), "2");
  ASSERT_TRUE(policy.effective().from.has_value());
  EXPECT_EQ(policy.effective().from->to_string(), "2024-03-01");
  EXPECT_FALSE(policy.effective().to.has_value());
  EXPECT_EQ(policy.selection_method(), SelectionMethod::kOptimise);
  EXPECT_EQ(policy.rotation_scope(), RotationScope::kPool);
  EXPECT_FALSE(policy.seed().has_value());
  EXPECT_EQ(policy.deadline_days(), 3);
  EXPECT_EQ(policy.score_resolution(), 1e-4);
  EXPECT_TRUE(policy.constraints().distinct_defenders_per_case_group);
  EXPECT_TRUE(policy.constraints().honour_recipient_choice);
  EXPECT_TRUE(policy.constraints().late_matters_first);
  EXPECT_EQ(policy.subsidy_currency(), "CNY");
  EXPECT_TRUE(policy.warnings().empty());
  EXPECT_NE(policy.description().find("illustrative"), std::string::npos);
}

TEST(DefaultPolicy, WeightsOfTheFirstVersion) {
  const Policy policy = testing::default_policy();
  const std::vector<std::pair<std::string, double>> expected{
      {"specialty", 3.0}, {"experience", 2.0}, {"language", 2.0},
      {"gender", 0.5},    {"distance", 1.0},   {"pairing", 1.0},
      {"resource_short", 2.0}, {"workload", 1.0}, {"rating", 0.5}};
  ASSERT_EQ(policy.terms().size(), expected.size());
  for (std::size_t t = 0; t < expected.size(); ++t) {
    EXPECT_EQ(policy.terms()[t].id, expected[t].first);
    EXPECT_EQ(policy.terms()[t].builtin, expected[t].first);
    EXPECT_EQ(policy.terms()[t].weight, expected[t].second) << expected[t].first;
  }
}

TEST(DefaultPolicy, EveryRuleCitesProvision) {
  // The policy must outlive the loop: rules() refers into it.
  const Policy policy = testing::default_policy();
  for (const RuleInfo& rule : policy.rules()) {
    EXPECT_FALSE(rule.description.empty()) << rule.id;
    EXPECT_FALSE(rule.provision.empty()) << rule.id;
  }
}

}  // namespace
}  // namespace aidmatch
