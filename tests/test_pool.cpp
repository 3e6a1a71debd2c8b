#include <gtest/gtest.h>

#include <algorithm>

#include "aidmatch/aidmatch.hpp"

namespace aidmatch {
namespace {

KindSet kinds(std::initializer_list<MatterKind> list) {
  KindSet set;
  for (MatterKind k : list) set.insert(k);
  return set;
}

std::vector<ProviderIndex> candidates(const Pool& pool, RegionIndex region,
                                      MatterKind kind) {
  std::vector<ProviderIndex> out;
  pool.append_candidates(region, kind, out);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Pool, JoinIndexesByRegionAndKind) {
  Pool pool(0);
  pool.join(7, {2, 3}, kinds({MatterKind::kAssignedCase}));
  pool.join(5, {3}, kinds({MatterKind::kAssignedCase, MatterKind::kDutyShift}));
  EXPECT_EQ(pool.member_count(), 2u);
  EXPECT_EQ(candidates(pool, 3, MatterKind::kAssignedCase),
            (std::vector<ProviderIndex>{5, 7}));
  EXPECT_EQ(candidates(pool, 2, MatterKind::kAssignedCase),
            (std::vector<ProviderIndex>{7}));
  EXPECT_EQ(candidates(pool, 3, MatterKind::kDutyShift),
            (std::vector<ProviderIndex>{5}));
  EXPECT_TRUE(candidates(pool, 4, MatterKind::kAssignedCase).empty());
}

TEST(Pool, MembersKeepRegionOrder) {
  Pool pool(0);
  pool.join(1, {9, 4, 6}, KindSet::all());
  const auto members = pool.members();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].served_regions, (std::vector<RegionIndex>{9, 4, 6}));
  EXPECT_EQ(members[0].service_types, KindSet::all());
}

TEST(Pool, SuspendResumeLeaveBumpVersion) {
  Pool pool(0);
  EXPECT_EQ(pool.version(), 0u);
  pool.join(1, {2}, KindSet::all());
  EXPECT_EQ(pool.version(), 1u);
  pool.suspend(1);
  EXPECT_EQ(pool.version(), 2u);
  EXPECT_TRUE(candidates(pool, 2, MatterKind::kOther).empty());
  EXPECT_TRUE(pool.contains(1));
  pool.resume(1);
  EXPECT_EQ(candidates(pool, 2, MatterKind::kOther),
            (std::vector<ProviderIndex>{1}));
  pool.leave(1);
  EXPECT_EQ(pool.version(), 4u);
  EXPECT_FALSE(pool.contains(1));
}

TEST(Pool, SnapshotIsUnaffectedByLaterChanges) {
  Pool pool(0);
  pool.join(1, {2}, KindSet::all());
  const std::shared_ptr<const Pool> snapshot = pool.publish();
  pool.leave(1);
  pool.join(3, {2}, KindSet::all());
  EXPECT_EQ(snapshot->version(), 1u);
  EXPECT_EQ(candidates(*snapshot, 2, MatterKind::kOther),
            (std::vector<ProviderIndex>{1}));
  EXPECT_EQ(candidates(pool, 2, MatterKind::kOther),
            (std::vector<ProviderIndex>{3}));
}

TEST(Pool, MisuseThrows) {
  Pool pool(0);
  pool.join(1, {2}, KindSet::all());
  EXPECT_THROW(pool.join(1, {3}, KindSet::all()), std::invalid_argument);
  EXPECT_THROW(pool.join(2, {}, KindSet::all()), std::invalid_argument);
  EXPECT_THROW(pool.join(2, {3}, KindSet{}), std::invalid_argument);
  EXPECT_THROW(pool.suspend(9), NotFoundError);
  EXPECT_THROW(pool.leave(9), NotFoundError);
}

}  // namespace
}  // namespace aidmatch
