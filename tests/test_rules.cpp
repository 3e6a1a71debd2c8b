// Each first-version rule on its own, on a small data set.
#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

const std::string kProviders =
    "F1,firm,,,330102,,,,,,,,,,\n"
    "L1,lawyer,,F1,330102,female,10,5,criminal,mandarin;hangzhou_dialect,"
    "true,,2,4,4.5\n"
    "L2,lawyer,,F1,330102,male,10,1,civil,mandarin,false,,1,0,3.0\n"
    "L3,lawyer,,,330102,male,2,0,civil,mandarin,false,,0,0,3.0\n"
    "V1,volunteer,,,330102,female,0,0,,mandarin,true,university,1,0,4.0\n"
    "V2,volunteer,,,330102,male,0,0,,mandarin,true,community,1,0,4.0\n"
    "L4,lawyer,,,330202,female,12,10,criminal,mandarin,true,,1,0,5.0\n";

const std::string kPools =
    "330100,L1,330102,,active\n"
    "330100,L2,330102,,active\n"
    "330100,L3,330102,,active\n"
    "330100,V1,330102,,active\n"
    "330100,V2,330102,,active\n";

const std::string kPairings =
    "T1,twinning,330202,330203,2024-01-01,2024-06-30,,test\n"
    "A1,agreement,L4,330203,2024-01-01,2024-12-31,assigned_case,test\n";

const std::string kMatters =
    // id,kind,category,assigning,serving,date,difficulty,specialty,minor,
    // disability,language,preferred_gender,life_or_death,case_group,conflicts
    "M1,assigned_case,criminal,,330102,2024-06-01,2,criminal,false,false,,,"
    "false,,\n"
    "M2,volunteer_activity,none,,330102,2024-06-01,1,,false,false,,,false,,\n"
    "M3,other,none,,330102,2024-06-01,1,,false,false,,,false,,\n"
    "M4,assigned_case,criminal,,330102,2024-06-01,5,criminal,false,false,,,"
    "true,,\n"
    "M5,assigned_case,civil,,330102,2024-06-01,1,civil,true,false,,,false,,\n"
    "M6,assigned_case,civil,,330102,2024-06-01,1,civil,false,false,,,false,,"
    "F1\n"
    "M7,assigned_case,civil,,330102,2024-06-01,1,civil,false,false,,,false,,"
    "L2\n"
    "M8,assigned_case,criminal,,330203,2024-06-30,2,criminal,false,false,"
    "hangzhou_dialect,female,false,,\n"
    "M9,assigned_case,criminal,,330203,2024-07-01,2,criminal,false,false,,,"
    "false,,\n"
    "M10,duty_shift,none,,330203,2024-07-01,1,,false,false,,,false,,\n";

class Rules : public ::testing::Test {
 protected:
  Rules()
      : data_(testing::tiny_dataset(kProviders, kMatters, kPools, kPairings)),
        policy_(testing::default_policy()) {}

  const Matter& matter(const std::string& id) const {
    for (const Matter& m : data_.matters) {
      if (m.id == id) return m;
    }
    throw std::runtime_error("no matter " + id);
  }
  Exclusion check(const std::string& matter_id, const std::string& provider) {
    return check_eligibility(data_, policy_, matter(matter_id),
                             data_.providers.at(provider));
  }

  Dataset data_;
  Policy policy_;
};

TEST_F(Rules, EligibleLawyerPassesEveryRule) {
  EXPECT_EQ(check("M1", "L1"), Exclusion::kNone);
}

TEST_F(Rules, NoCapacityExcludes) {
  EXPECT_EQ(check("M1", "L3"), Exclusion::kNoCapacity);
}

TEST_F(Rules, CriminalCaseNeedsLawyer) {
  EXPECT_EQ(check("M1", "V2"), Exclusion::kCriminalNeedsLawyer);
  policy_.criminal_cases_lawyers_only = false;
  EXPECT_EQ(check("M1", "V2"), Exclusion::kNone);
}

TEST_F(Rules, UniversityVolunteerLimitedToPermittedKinds) {
  EXPECT_EQ(check("M2", "V1"), Exclusion::kNone);
  EXPECT_EQ(check("M3", "V1"), Exclusion::kUniversityScope);
  EXPECT_EQ(check("M3", "V2"), Exclusion::kNone);
}

TEST_F(Rules, LifeOrDeathNeedsCriminalDefenceYears) {
  EXPECT_EQ(check("M4", "L1"), Exclusion::kNone);  // 5 years of defence
  EXPECT_EQ(check("M4", "L2"), Exclusion::kLifeOrDeathExperience);  // 1 year
  // The looser reading counts all 10 years of practice.
  policy_.life_or_death_experience = LifeOrDeathExperience::kRelevantPractice;
  EXPECT_EQ(check("M4", "L2"), Exclusion::kNone);
}

TEST_F(Rules, MinorNeedsFamiliarProvider) {
  EXPECT_EQ(check("M5", "L1"), Exclusion::kNone);
  EXPECT_EQ(check("M5", "L2"), Exclusion::kMinorFamiliarity);
  policy_.minor_requires_familiar = false;
  EXPECT_EQ(check("M5", "L2"), Exclusion::kNone);
}

TEST_F(Rules, ConflictWithFirmExcludesItsLawyers) {
  EXPECT_EQ(check("M6", "L1"), Exclusion::kConflictOfInterest);
  EXPECT_EQ(check("M6", "L2"), Exclusion::kConflictOfInterest);
  EXPECT_EQ(check("M7", "L2"), Exclusion::kConflictOfInterest);
  EXPECT_EQ(check("M7", "L1"), Exclusion::kNone);
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
  const ScoreBreakdown score = score_pair(data_, policy_, matter("M8"), admission);
  auto term = [&](ScoreTerm t) { return score.terms[static_cast<std::size_t>(t)]; };
  EXPECT_EQ(term(ScoreTerm::kSpecialty), 1.0);    // criminal
  EXPECT_EQ(term(ScoreTerm::kExperience), 1.0);   // 12 years >= 2 * 2
  EXPECT_EQ(term(ScoreTerm::kLanguage), 0.0);     // L4 lacks the dialect
  EXPECT_EQ(term(ScoreTerm::kGender), 1.0);       // female requested
  EXPECT_EQ(term(ScoreTerm::kPairing), 1.0);
  EXPECT_EQ(term(ScoreTerm::kResourceShort), 1.0);  // 330203 tagged in 2024
  EXPECT_EQ(term(ScoreTerm::kWorkload), 0.0);
  EXPECT_EQ(term(ScoreTerm::kRating), 1.0);
  // 330202 (29.0, 120.0) to 330203 (29.0, 121.0): one degree of longitude.
  EXPECT_NEAR(term(ScoreTerm::kDistance), -97.3 / 100.0, 0.01);
  double total = 0.0;
  for (std::size_t t = 0; t < kScoreTermCount; ++t) {
    total += policy_.weights[t] * score.terms[t];
  }
  EXPECT_DOUBLE_EQ(score.total, total);
}

TEST_F(Rules, ExperienceTermScalesWithDifficulty) {
  const Admission admission{data_.providers.at("L1"), DispatchMode::kPool, -1};
  // M4 has difficulty 5: L1's 10 years against 5 * 2 needed gives 1.0.
  EXPECT_EQ(score_pair(data_, policy_, matter("M4"), admission)
                .terms[static_cast<std::size_t>(ScoreTerm::kExperience)],
            1.0);
  policy_.experience_years_per_difficulty = 4.0;
  EXPECT_EQ(score_pair(data_, policy_, matter("M4"), admission)
                .terms[static_cast<std::size_t>(ScoreTerm::kExperience)],
            0.5);
  EXPECT_EQ(score_pair(data_, policy_, matter("M4"), admission)
                .terms[static_cast<std::size_t>(ScoreTerm::kWorkload)],
            -0.4);  // 4 open matters / 10
}

TEST(Policy, DefaultFileEqualsBuiltInDefaults) {
  const Policy from_file = testing::default_policy();
  const Policy built_in;
  EXPECT_EQ(from_file.name, built_in.name);
  EXPECT_EQ(from_file.weights, built_in.weights);
  EXPECT_EQ(from_file.distance_scale_km, built_in.distance_scale_km);
  EXPECT_EQ(from_file.score_resolution, built_in.score_resolution);
  EXPECT_EQ(from_file.life_or_death_min_years, built_in.life_or_death_min_years);
  EXPECT_EQ(from_file.university_volunteer_kinds,
            built_in.university_volunteer_kinds);
  EXPECT_EQ(from_file.effective.from, built_in.effective.from);
}

}  // namespace
}  // namespace aidmatch
