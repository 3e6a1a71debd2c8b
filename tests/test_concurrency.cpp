// Concurrent use as the thread-safety notes describe it: readers take pool
// snapshots while a writer changes the pool and publishes new ones, and
// several threads dispatch and explain on one shared Dataset and Policy.
// The scripts run these tests under ThreadSanitizer.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/core/published.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

TEST(Concurrency, ReadersTakeSnapshotsWhileWriterPublishes) {
  const Dataset data = io::load_dataset(io::default_tables());
  ASSERT_GT(data.providers.size(), 100u);
  const RegionIndex province = data.regions.at("330000");
  const RegionIndex city = data.regions.at("330100");

  Pool pool(province);
  Published<Pool> board(pool.publish());
  std::atomic<bool> done{false};
  std::atomic<std::int64_t> reads{0};
  constexpr int kWrites = 400;

  auto reader = [&] {
    std::uint64_t last_version = 0;
    while (!done.load()) {
      const std::shared_ptr<const Pool> snapshot = board.load();
      // Versions never go back, and a snapshot is consistent with itself.
      EXPECT_GE(snapshot->version(), last_version);
      last_version = snapshot->version();
      const std::vector<PoolMembership> members = snapshot->members();
      EXPECT_EQ(members.size(), snapshot->member_count());
      std::vector<ProviderIndex> candidates;
      snapshot->append_candidates(city, MatterKind::kAssignedCase, candidates);
      std::size_t active = 0;
      for (const PoolMembership& m : members) {
        active += m.status == MembershipStatus::kActive ? 1 : 0;
      }
      EXPECT_EQ(candidates.size(), active);
      reads.fetch_add(1);
    }
  };
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) readers.emplace_back(reader);

  for (int i = 0; i < kWrites; ++i) {
    const auto provider = static_cast<ProviderIndex>(i % 100);
    if (!pool.contains(provider)) {
      pool.join(provider, {city}, KindSet::all());
    } else if (i % 3 == 0) {
      pool.leave(provider);
    } else if (pool.membership(provider)->status == MembershipStatus::kActive) {
      pool.suspend(provider);
    } else {
      pool.resume(provider);
    }
    board.store(pool.publish());
  }
  done.store(true);
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(board.load()->version(), pool.version());
  EXPECT_GT(reads.load(), 0);
}

TEST(Concurrency, DispatchAndExplainShareDataAndPolicy) {
  const Dataset data = io::load_dataset(io::default_tables());
  const Policy policy = testing::default_policy();
  const DispatchResult reference = dispatch(data, policy);
  std::vector<std::int64_t> assigned(4, -1);
  std::vector<std::size_t> ranked(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      if (t % 2 == 0) {
        assigned[t] = dispatch(data, policy).assigned_count;
      } else {
        for (MatterIndex m = 0; m < 50; ++m) {
          ranked[t] += explain_matter(data, policy, m).ranked.size();
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(assigned[0], reference.assigned_count);
  EXPECT_EQ(assigned[2], reference.assigned_count);
  EXPECT_EQ(ranked[1], ranked[3]);
  EXPECT_GT(ranked[1], 0u);
}

}  // namespace
}  // namespace aidmatch
