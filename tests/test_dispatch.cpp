// Dispatch on hand-made cases and on the embedded default batch.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

const std::string kThreeLawyers =
    "L1,lawyer,,,330102,female,10,5,civil,mandarin,false,,1,0,4.0\n"
    "L2,lawyer,,,330102,female,10,5,civil,mandarin,false,,1,0,4.0\n"
    "L3,lawyer,,,330102,female,10,5,civil,mandarin,false,,1,0,4.0\n";
const std::string kThreePools =
    "330100,L3,330102,,active\n"
    "330100,L2,330102,,active\n"
    "330100,L1,330102,,active\n";

std::string civil_matter(const std::string& id, const std::string& region,
                         const std::string& extra = "false,,") {
  return id + ",assigned_case,civil,," + region +
         ",2024-06-01,1,civil,false,false,,," + extra + "\n";
}

TEST(Dispatch, TiesGoToLowestProviderId) {
  // Three identical lawyers, listed in the pool in reverse order.
  const Dataset data = testing::tiny_dataset(
      kThreeLawyers, civil_matter("M1", "330102"), kThreePools);
  const DispatchResult result = dispatch(data, testing::default_policy());
  ASSERT_TRUE(result.assignments[0].assigned());
  EXPECT_EQ(data.providers[result.assignments[0].provider].id, "L1");
}

TEST(Dispatch, InputRowOrderDoesNotMatter) {
  // Two matters and two identical lawyers: the matter with the lower id
  // gets the lawyer with the lower id, whichever order the rows come in.
  const std::string a = civil_matter("A", "330102");
  const std::string b = civil_matter("B", "330102");
  std::vector<std::string> first_choice;
  for (const std::string& matters : {a + b, b + a}) {
    const Dataset data = testing::tiny_dataset(kThreeLawyers, matters, kThreePools);
    const DispatchResult result = dispatch(data, testing::default_policy());
    for (const Assignment& assignment : result.assignments) {
      if (data.matters[assignment.matter].id == "A") {
        first_choice.push_back(data.providers[assignment.provider].id);
      }
    }
  }
  ASSERT_EQ(first_choice.size(), 2u);
  EXPECT_EQ(first_choice[0], first_choice[1]);
}

TEST(Dispatch, HigherScoreWinsOverLowerId) {
  // L3 speaks the recipient's dialect, which outweighs the id order.
  std::string providers = kThreeLawyers;
  providers.replace(providers.rfind("mandarin"), 8, "mandarin;ningbo_dialect");
  const Dataset data = testing::tiny_dataset(
      providers,
      "M1,assigned_case,civil,,330102,2024-06-01,1,civil,false,false,"
      "ningbo_dialect,,false,,\n",
      kThreePools);
  const Policy policy = testing::default_policy();
  const DispatchResult result = dispatch(data, policy);
  EXPECT_EQ(data.providers[result.assignments[0].provider].id, "L3");
  ASSERT_EQ(policy.terms()[2].id, "language");
  EXPECT_EQ(result.assignments[0].score.terms[2], 1.0);
}

TEST(Dispatch, UnassignedReasonsNameTheCause) {
  const std::string providers =
      "L1,lawyer,,,330102,female,10,5,civil,mandarin,false,,1,0,4.0\n";
  const std::string matters =
      civil_matter("M1", "330102") +  // M1 and M2 tie for L1; one is
      civil_matter("M2", "330102") +  // served and the other finds L1 full
      civil_matter("M3", "330202") +  // no pool or pairing covers 330202
      "M4,assigned_case,civil,,330102,2024-06-01,1,civil,true,false,,,"
      "false,,\n";  // a minor: L1 is not familiar with minors
  const Dataset data = testing::tiny_dataset(
      providers, matters, "330100,L1,330102,,active\n");
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_EQ(result.assigned_count, 1);
  const Assignment& full = result.assignments[0].assigned()
                               ? result.assignments[1]
                               : result.assignments[0];
  EXPECT_EQ(full.reason, UnassignedReason::kCapacityExhausted);
  EXPECT_EQ(full.reason_text,
            "the only eligible provider is at capacity with matters that "
            "have no other provider or a higher score");
  EXPECT_EQ(result.assignments[2].reason, UnassignedReason::kNoCandidate);
  EXPECT_EQ(result.assignments[2].reason_text,
            "no pool member or valid pairing admits a provider for "
            "assigned_case in 330202 County B1 on 2024-06-01");
  EXPECT_EQ(result.assignments[3].reason, UnassignedReason::kNoEligible);
  EXPECT_EQ(result.assignments[3].reason_text,
            "the only candidate is excluded: minor_familiarity 1");
}

TEST(Dispatch, ScoreRangeBeyondSolverIsAnError) {
  const Dataset data = testing::tiny_dataset(
      kThreeLawyers, civil_matter("M1", "330102"), kThreePools);
  Policy policy = testing::default_policy();
  policy.set_term_weight("rating", 1e15);
  try {
    dispatch(data, policy);
    ADD_FAILURE() << "expected overflow_error";
  } catch (const std::overflow_error& e) {
    EXPECT_NE(std::string(e.what()).find("raise the policy's score_resolution"),
              std::string::npos)
        << e.what();
  }
}

TEST(Dispatch, ServesMoreMattersBeforeHigherScore) {
  // L1 scores higher on M1 (specialty), but M2 can only go to L1, so M1
  // takes L2 and both are served.
  const std::string providers =
      "L1,lawyer,,,330102,female,10,5,labour,mandarin,false,,1,0,4.0\n"
      "L2,lawyer,,,330102,female,10,5,civil,mandarin,false,,1,0,4.0\n";
  const std::string pools =
      "330100,L1,330102;330103,,active\n"
      "330100,L2,330102,,active\n";
  const std::string matters =
      "M1,assigned_case,civil,,330102,2024-06-01,1,labour,false,false,,,"
      "false,,\n" +
      civil_matter("M2", "330103");
  const Dataset data = testing::tiny_dataset(providers, matters, pools);
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_EQ(result.assigned_count, 2);
  EXPECT_EQ(data.providers[result.assignments[0].provider].id, "L2");
  EXPECT_EQ(data.providers[result.assignments[1].provider].id, "L1");
}

TEST(Dispatch, CrossRegionFlagsAndMode) {
  const std::string providers =
      "L1,lawyer,,,330202,female,10,5,civil,mandarin,false,,1,0,4.0\n";
  const std::string pairings =
      "T1,twinning,330202,330103,2024-01-01,2024-12-31,,test\n";
  const Dataset data = testing::tiny_dataset(
      providers, civil_matter("M1", "330103"), "", pairings);
  const DispatchResult result = dispatch(data, testing::default_policy());
  const Assignment& a = result.assignments[0];
  ASSERT_TRUE(a.assigned());
  EXPECT_EQ(a.mode, DispatchMode::kOffSite);
  EXPECT_TRUE(a.cross_county);
  EXPECT_TRUE(a.cross_city);
  EXPECT_EQ(data.pairings[a.pairing].id, "T1");
  EXPECT_EQ(data.regions.region(a.agency).code, "330103");
}

// Checks one assigned pair against the data directly, without the rules
// code: admission through a pool or a valid pairing, and the hard rules.
void expect_pair_obeys_rules(const Dataset& data, const Matter& m,
                             const Provider& p, const Assignment& a) {
  SCOPED_TRACE(m.id + " -> " + p.id);
  EXPECT_NE(p.kind, ProviderKind::kFirm);
  EXPECT_GT(p.capacity, 0);
  if (m.kind == MatterKind::kAssignedCase && m.category == LegalCategory::kCriminal) {
    EXPECT_EQ(p.kind, ProviderKind::kLawyer);
  }
  if (p.volunteer_type == VolunteerType::kUniversity) {
    EXPECT_EQ(m.kind, MatterKind::kVolunteerActivity);
  }
  if (m.life_or_death) {
    EXPECT_EQ(p.kind, ProviderKind::kLawyer);
    EXPECT_GE(p.criminal_defence_years, 3.0);
  }
  if (m.minor) EXPECT_TRUE(p.minors_familiar);
  for (const std::string& conflicted : m.conflicts) {
    EXPECT_NE(conflicted, p.id);
    EXPECT_NE(conflicted, p.firm_id);
  }

  bool admitted = false;
  const ProviderIndex self = data.providers.at(p.id);
  const ProviderIndex firm = p.firm;
  const RegionIndex province = data.regions.self_and_ancestors(m.serving).back();
  for (const Pool& pool : data.pools) {
    if (pool.owner() != province &&
        pool.owner() != data.regions.city_of(m.assigning)) {
      continue;
    }
    for (const PoolMembership& member : pool.members()) {
      if (member.provider != self && member.provider != firm) continue;
      if (member.status != MembershipStatus::kActive) continue;
      if (!member.service_types.contains(m.kind)) continue;
      for (RegionIndex served : member.served_regions) {
        if (data.regions.covers(served, m.serving)) admitted = true;
      }
    }
  }
  if (a.mode != DispatchMode::kPool) {
    ASSERT_GE(a.pairing, 0);
    const Pairing& pairing = data.pairings[a.pairing];
    EXPECT_TRUE(pairing.valid.contains(m.date));
    EXPECT_TRUE(pairing.service_types.contains(m.kind));
    EXPECT_TRUE(data.regions.covers(pairing.served, m.serving));
    if (pairing.provider_region != kNoRegion) {
      EXPECT_TRUE(data.regions.covers(pairing.provider_region, p.home));
    } else {
      EXPECT_TRUE(pairing.provider_org == self || pairing.provider_org == firm);
    }
    EXPECT_FALSE(admitted) << "a pool admits it, so the mode should be pool";
    admitted = true;
  }
  EXPECT_TRUE(admitted);
}

class DefaultBatch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new Dataset(io::load_dataset(io::default_tables()));
    result_ = new DispatchResult(dispatch(*data_, testing::default_policy()));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete data_;
  }
  static Dataset* data_;
  static DispatchResult* result_;
};
Dataset* DefaultBatch::data_ = nullptr;
DispatchResult* DefaultBatch::result_ = nullptr;

TEST_F(DefaultBatch, EveryAssignedPairObeysTheRules) {
  std::map<ProviderIndex, std::int32_t> load;
  for (const Assignment& a : result_->assignments) {
    if (!a.assigned()) continue;
    expect_pair_obeys_rules(*data_, data_->matters[a.matter],
                            data_->providers[a.provider], a);
    ++load[a.provider];
  }
  for (const auto& [provider, count] : load) {
    EXPECT_LE(count, data_->providers[provider].capacity)
        << data_->providers[provider].id;
  }
}

TEST_F(DefaultBatch, DispatchesMostMattersAcrossRegions) {
  EXPECT_EQ(result_->assignments.size(), 4000u);
  EXPECT_GT(result_->assigned_count, 3500);
  const DispatchSummary summary = summarize(*data_, *result_);
  EXPECT_EQ(summary.by_city.size(), 11u);
  EXPECT_GT(summary.cross_county, 0);
  EXPECT_GT(summary.cross_city, 0);
  EXPECT_GT(summary.by_mode.at("off_site"), 0);
  EXPECT_GT(summary.by_mode.at("volunteer_action"), 0);
  EXPECT_GT(summary.by_mode.at("project"), 0);
  for (const Assignment& a : result_->assignments) {
    EXPECT_EQ(a.assigned(), a.reason == UnassignedReason::kNone);
    EXPECT_EQ(a.assigned(), a.reason_text.empty());
  }
}

TEST_F(DefaultBatch, NoLowerIdMoveAtEqualScore) {
  // Ranks are folded into the objective. So moving a matter to a provider
  // with a lower id, the same rounded score and spare capacity would improve
  // the optimum, and no such move may exist.
  const Policy policy = testing::default_policy();
  std::map<ProviderIndex, std::int32_t> load;
  for (const Assignment& a : result_->assignments) {
    if (a.assigned()) ++load[a.provider];
  }
  const CandidateIndex index(*data_);
  auto units = [&](double score) {
    return std::llround(score / policy.score_resolution());
  };
  for (const Assignment& a : result_->assignments) {
    if (!a.assigned()) continue;
    const Matter& m = data_->matters[a.matter];
    const MatterFacts facts = policy.facts(*data_, m);
    for (const Admission& other : index.admissions(m)) {
      const Provider& p = data_->providers[other.provider];
      if (p.id >= data_->providers[a.provider].id) continue;
      if (load[other.provider] >= p.capacity) continue;
      if (policy.first_failed_rule(*data_, facts, other) >= 0) continue;
      EXPECT_NE(units(policy.score(*data_, facts, other).total),
                units(a.score.total))
          << m.id << " could move from " << data_->providers[a.provider].id
          << " to " << p.id;
    }
  }
}

TEST_F(DefaultBatch, MatchingMethodsReachSameOptimum) {
  DispatchOptions options;
  options.matching_method = solvers::MatchingMethod::kAugmentingPath;
  const DispatchResult other = dispatch(*data_, testing::default_policy(), options);
  EXPECT_EQ(other.assigned_count, result_->assigned_count);
  EXPECT_NEAR(other.total_score, result_->total_score, 1e-6);
}

TEST_F(DefaultBatch, SameInputGivesSameOutput) {
  const DispatchResult again = dispatch(*data_, testing::default_policy());
  std::ostringstream first;
  std::ostringstream second;
  const Policy policy = testing::default_policy();
  write_assignments_csv(first, *data_, policy, *result_);
  write_assignments_csv(second, *data_, policy, again);
  EXPECT_EQ(first.str(), second.str());
}

// The default batch has case groups. Their network nodes were numbered in
// the order of the matters file, so reversing its rows changed 172 of the
// first 800 assignments, at equal totals.
TEST_F(DefaultBatch, MatterRowOrderDoesNotChangeAssignment) {
  const std::string text(io::embedded_file("synthetic/matters.csv"));
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::string reversed = lines.front() + "\n";
  for (std::size_t i = lines.size() - 1; i > 0; --i) {
    if (!lines[i].empty()) reversed += lines[i] + "\n";
  }
  io::DatasetTables tables = io::default_tables();
  tables.matters = io::Table::parse("reversed.csv", reversed);
  const Dataset data = io::load_dataset(tables);
  const DispatchResult result = dispatch(data, testing::default_policy());
  ASSERT_EQ(result.assignments.size(), result_->assignments.size());
  std::map<std::string, std::string> original;
  for (const Assignment& a : result_->assignments) {
    original[data_->matters[a.matter].id] =
        a.assigned() ? data_->providers[a.provider].id : "";
  }
  std::size_t differ = 0;
  for (const Assignment& a : result.assignments) {
    const std::string provider = a.assigned() ? data.providers[a.provider].id : "";
    if (original.at(data.matters[a.matter].id) != provider) ++differ;
  }
  EXPECT_EQ(differ, 0u);
}

TEST_F(DefaultBatch, CsvRowsAndRequiredColumns) {
  std::ostringstream out;
  write_assignments_csv(out, *data_, testing::default_policy(), *result_);
  std::istringstream in(out.str());
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("matter_id,provider_id,mode,agency,score,reason,", 0), 0u);
  const io::Table table = io::Table::parse("out.csv", out.str());
  EXPECT_EQ(table.size(), 4000u);
  for (std::size_t row = 0; row < table.size(); ++row) {
    const bool assigned = !table.raw(row, "provider_id").empty();
    EXPECT_EQ(assigned, table.raw(row, "reason").empty()) << row;
    EXPECT_EQ(assigned, !table.raw(row, "mode").empty()) << row;
  }
}

TEST_F(DefaultBatch, JsonNamesEachTermWithItsWeight) {
  std::ostringstream out;
  write_assignments_json(out, *data_, testing::default_policy(), *result_);
  const io::Table table = io::Table::parse("out.json", "[]");
  EXPECT_EQ(table.size(), 0u);
  const std::string text = out.str();
  EXPECT_NE(text.find("\"breakdown\""), std::string::npos);
  EXPECT_NE(text.find("\"resource_short\""), std::string::npos);
}

}  // namespace
}  // namespace aidmatch
