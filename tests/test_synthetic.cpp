#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

RegionGraph zhejiang_with_tags() { return io::default_regions(); }

TEST(Synthetic, CommittedBatchEqualsGeneratorOutput) {
  const synth::SyntheticTables tables =
      synth::generate(zhejiang_with_tags(), synth::SyntheticOptions{});
  EXPECT_EQ(tables.providers, io::embedded_file("synthetic/providers.csv"));
  EXPECT_EQ(tables.pools, io::embedded_file("synthetic/pools.csv"));
  EXPECT_EQ(tables.pairings, io::embedded_file("synthetic/pairings.csv"));
  EXPECT_EQ(tables.matters, io::embedded_file("synthetic/matters.csv"));
}

TEST(Synthetic, SeedChangesTheBatch) {
  synth::SyntheticOptions options;
  options.matters = 50;
  options.lawyers = 100;
  options.volunteers = 10;
  const RegionGraph regions = zhejiang_with_tags();
  const auto first = synth::generate(regions, options);
  options.seed += 1;
  const auto second = synth::generate(regions, options);
  EXPECT_NE(first.matters, second.matters);
}

TEST(Synthetic, SmallBatchLoadsAndDispatches) {
  synth::SyntheticOptions options;
  options.matters = 200;
  options.lawyers = 150;
  options.volunteers = 20;
  const synth::SyntheticTables tables = synth::generate(zhejiang_with_tags(), options);
  io::DatasetTables input = io::default_tables();
  input.providers = io::Table::parse("providers.csv", tables.providers);
  input.pools = io::Table::parse("pools.csv", tables.pools);
  input.pairings[1] = io::Table::parse("pairings.csv", tables.pairings);
  input.matters = io::Table::parse("matters.csv", tables.matters);
  const Dataset data = io::load_dataset(input);
  EXPECT_EQ(data.matters.size(), 200u);
  const DispatchResult result = dispatch(data, testing::default_policy());
  EXPECT_GT(result.assigned_count, 0);
}

TEST(Synthetic, RejectsNegativeCounts) {
  synth::SyntheticOptions options;
  options.matters = -1;
  EXPECT_THROW(synth::generate(zhejiang_with_tags(), options),
               std::invalid_argument);
}

}  // namespace
}  // namespace aidmatch
