#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

RegionGraph zhejiang() { return io::default_regions(); }

TEST(Zhejiang, ElevenCitiesAndNinetyCounties) {
  const RegionGraph regions = zhejiang();
  EXPECT_EQ(regions.size(), 102u);
  EXPECT_EQ(regions.city_count(), 11u);
  EXPECT_EQ(regions.county_count(), 90u);
  const RegionIndex chun_an = regions.at("330127");
  EXPECT_EQ(regions.region(chun_an).name, "淳安县");
  EXPECT_EQ(regions.region(regions.city_of(chun_an)).code, "330100");
  EXPECT_TRUE(regions.covers(regions.at("330000"), chun_an));
  EXPECT_FALSE(regions.covers(regions.at("330200"), chun_an));
}

TEST(Zhejiang, EmbeddedRegionsMatchSharedData) {
  const std::string shared = testing::source_path("../shared/data/zhejiang/regions.csv");
  std::string text;
  try {
    text = io::read_text_file(shared);
  } catch (const InputError&) {
    GTEST_SKIP() << "no shared data beside the checkout";
  }
  EXPECT_EQ(text, std::string(io::embedded_file("zhejiang/regions.csv")));
}

TEST(Zhejiang, MountainListChangesByDate) {
  const RegionGraph regions = zhejiang();
  const RegionIndex pingyang = regions.at("330326");
  // 平阳县 left the list with the adjustment of 21 August 2024.
  EXPECT_TRUE(regions.has_tag(pingyang, "resource_short", Date::from_ymd(2024, 8, 20)));
  EXPECT_FALSE(regions.has_tag(pingyang, "resource_short", Date::from_ymd(2024, 8, 21)));
  // 永嘉县 left with the adjustment of 28 May 2025.
  const RegionIndex yongjia = regions.at("330324");
  EXPECT_TRUE(regions.has_tag(yongjia, "resource_short", Date::from_ymd(2025, 5, 27)));
  EXPECT_FALSE(regions.has_tag(yongjia, "resource_short", Date::from_ymd(2025, 5, 28)));
  // 嵊泗县 joined as an island county on 21 August 2024.
  const RegionIndex shengsi = regions.at("330922");
  EXPECT_FALSE(regions.has_tag(shengsi, "resource_short", Date::from_ymd(2024, 8, 20)));
  EXPECT_TRUE(regions.has_tag(shengsi, "resource_short", Date::from_ymd(2026, 1, 1)));
  EXPECT_TRUE(regions.has_tag(shengsi, "island", Date::from_ymd(2000, 1, 1)));
}

TEST(Zhejiang, GreatCircleDistanceBetweenSeats) {
  const RegionGraph regions = zhejiang();
  const double hangzhou_ningbo =
      regions.distance_km(regions.at("330100"), regions.at("330200"));
  // The seats are about 140 km apart in a straight line.
  EXPECT_GT(hangzhou_ningbo, 130.0);
  EXPECT_LT(hangzhou_ningbo, 150.0);
  EXPECT_DOUBLE_EQ(regions.distance_km(regions.at("330200"), regions.at("330100")),
                   hangzhou_ningbo);
  EXPECT_DOUBLE_EQ(regions.distance_km(regions.at("330127"), regions.at("330127")), 0.0);
}

TEST(Zhejiang, MountainSeaPairingsSkipFunctionalZone) {
  std::vector<std::string> warnings;
  const Logger logger(
      [&](LogLevel level, std::string_view message) {
        if (level == LogLevel::kWarning) warnings.emplace_back(message);
      });
  const Dataset data = io::load_dataset(io::default_tables(), logger);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("嘉兴港区"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("pairings.csv:13"), std::string::npos) << warnings[0];
  // 15 listed pairs, one skipped.
  std::size_t mountain_sea = 0;
  for (const Pairing& p : data.pairings) {
    if (p.kind == PairingKind::kMountainSea) {
      ++mountain_sea;
      EXPECT_EQ(p.valid.from->to_string(), "2024-03-01");
      EXPECT_EQ(p.valid.to->to_string(), "2027-12-31");
    }
  }
  EXPECT_EQ(mountain_sea, 14u);
  const auto into_yunhe = data.regions.pairings_into(data.regions.at("331125"),
                                                     Date::from_ymd(2025, 1, 1));
  EXPECT_EQ(into_yunhe.size(), 2u);  // 北仑区 and 吴兴区
  EXPECT_TRUE(data.regions.pairings_into(data.regions.at("331125"),
                                         Date::from_ymd(2024, 1, 1)).empty());
}

TEST(MountainSeaPairings, EndDateAloneAndRenewal) {
  // Only valid_to is given; the pair is renewed with a second row.
  const std::string pairs =
      "developed_code,mountain_code,valid_to\n"
      "330102,330203,2024-12-31\n";
  io::DatasetTables tables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      std::nullopt,
      io::Table::parse("providers.csv", testing::kProviderHeader),
      std::nullopt,
      {io::Table::parse("ms.csv", pairs),
       io::Table::parse("ms2.csv",
                        "developed_code,mountain_code,valid_from,valid_to\n"
                        "330102,330203,2025-01-01,2025-12-31\n")},
      io::Table::parse("matters.csv", testing::kMatterHeader)};
  const Dataset data = io::load_dataset(tables);
  ASSERT_EQ(data.pairings.size(), 2u);
  EXPECT_FALSE(data.pairings[0].valid.contains(Date::from_ymd(2025, 1, 1)));
  EXPECT_TRUE(data.pairings[0].valid.contains(Date::from_ymd(2024, 12, 31)));
  EXPECT_EQ(data.pairings[0].id, "mountain_sea:330102-330203");
  EXPECT_EQ(data.pairings[1].id, "mountain_sea:330102-330203@2025-01-01");
}

// Loads `rows` under the regions header, finalizes, and returns the
// InputError message, or fails the test.
std::string finalize_error(const std::string& rows) {
  RegionGraph regions;
  io::load_regions(
      io::Table::parse("r.csv", "code,name,level,parent_code,lat,lon\n" + rows),
      regions);
  try {
    regions.finalize();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

TEST(RegionGraph, CyclicParentsAreAnError) {
  EXPECT_EQ(finalize_error("330000,P,province,,30,120\n"
                           "330100,A,city,330102,30,120\n"
                           "330102,B,district,330100,30,120\n"),
            "region 330100 is on a cycle of parent codes; the hierarchy must "
            "be a tree");
}

TEST(RegionGraph, MissingParentIsAnError) {
  EXPECT_EQ(finalize_error("330000,P,province,,30,120\n"
                           "330100,A,city,339900,30,120\n"),
            "region 330100 (A) has parent_code 339900, which is not a listed "
            "region; add the parent or correct the code");
}

// A region whose parent chain runs into a cycle is not on it; the message
// names a region of the cycle itself.
TEST(RegionGraph, CycleMessageNamesRegionOnTheCycle) {
  EXPECT_EQ(finalize_error("330000,P,province,,30,120\n"
                           "330110,C,district,330100,30,120\n"
                           "330100,A,city,330102,30,120\n"
                           "330102,B,district,330100,30,120\n"),
            "region 330100 is on a cycle of parent codes; the hierarchy must "
            "be a tree");
}

// Builds a province with one city and `counties` county-level regions
// spread over a grid of seats.
RegionGraph grid_of_regions(int counties) {
  RegionGraph regions;
  regions.add_region(Region{"330000", "P", RegionLevel::kProvince, "", 29, 120, {}});
  regions.add_region(Region{"330100", "C", RegionLevel::kCity, "330000", 30, 120, {}});
  for (int k = 0; k < counties; ++k) {
    regions.add_region(Region{std::to_string(400000 + k), "county " + std::to_string(k),
                              RegionLevel::kCounty, "330100",
                              27.0 + 0.013 * (k % 331), 118.0 + 0.029 * (k / 331), {}});
  }
  regions.finalize();
  return regions;
}

// Above kDenseDistanceRegions the distances are computed on demand; they
// equal those of a graph small enough for the stored matrix.
TEST(RegionGraph, DistancesOnDemandEqualStoredOnes) {
  const auto large_count = static_cast<int>(RegionGraph::kDenseDistanceRegions);
  const RegionGraph large = grid_of_regions(large_count);
  const RegionGraph small = grid_of_regions(300);
  ASSERT_GT(large.size(), RegionGraph::kDenseDistanceRegions);
  ASSERT_LE(small.size(), RegionGraph::kDenseDistanceRegions);
  for (RegionIndex a = 0; a < static_cast<RegionIndex>(small.size()); a += 7) {
    for (RegionIndex b = 0; b < static_cast<RegionIndex>(small.size()); b += 3) {
      EXPECT_EQ(large.distance_km(a, b), small.distance_km(a, b)) << a << " " << b;
      EXPECT_EQ(large.distance_km(a, b), large.distance_km(b, a));
    }
    EXPECT_EQ(large.distance_km(a, a), 0.0);
  }
  const Region& first = large.region(2);
  const Region& last = large.region(static_cast<RegionIndex>(large.size() - 1));
  EXPECT_EQ(large.distance_km(2, static_cast<RegionIndex>(large.size() - 1)),
            great_circle_km(first.lat, first.lon, last.lat, last.lon));
  EXPECT_GT(large.distance_km(2, static_cast<RegionIndex>(large.size() - 1)), 80.0);
}

TEST(RegionGraph, QueriesBeforeFinalizeThrow) {
  RegionGraph regions;
  regions.add_region(Region{"330000", "P", RegionLevel::kProvince, "", 30, 120, {}});
  EXPECT_THROW(regions.city_of(0), std::logic_error);
}

}  // namespace
}  // namespace aidmatch
