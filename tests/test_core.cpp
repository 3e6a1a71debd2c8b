#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"

namespace aidmatch {
namespace {

TEST(Date, ParsesAndPrintsIso) {
  const auto date = Date::parse("2024-03-01");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->to_string(), "2024-03-01");
  EXPECT_EQ(Date::from_ymd(1970, 1, 1).days(), 0);
  EXPECT_EQ((*date + 1).to_string(), "2024-03-02");
}

TEST(Date, RejectsMalformedText) {
  for (const char* text : {"2024-3-01", "2024-02-30", "20240301", "",
                           "2024-13-01", "abcd-ef-gh", "2024-03-01 "}) {
    EXPECT_FALSE(Date::parse(text).has_value()) << text;
  }
}

TEST(DateRange, ClosedAndOpenEnds) {
  const DateRange range{Date::from_ymd(2024, 1, 1), Date::from_ymd(2024, 12, 31)};
  EXPECT_TRUE(range.contains(Date::from_ymd(2024, 1, 1)));
  EXPECT_TRUE(range.contains(Date::from_ymd(2024, 12, 31)));
  EXPECT_FALSE(range.contains(Date::from_ymd(2025, 1, 1)));
  EXPECT_TRUE(DateRange{}.contains(Date::from_ymd(1900, 1, 1)));
}

TEST(Logger, SilentWithoutCallback) {
  const Logger logger;
  EXPECT_FALSE(logger.enabled(LogLevel::kError));
  logger.warning("nobody hears this");
}

TEST(Logger, FiltersBelowMinimumLevel) {
  std::vector<std::string> seen;
  const Logger logger(
      [&](LogLevel, std::string_view message) { seen.emplace_back(message); },
      LogLevel::kWarning);
  logger.info("dropped");
  logger.warning("kept");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "kept");
}

TEST(Enums, TextFormsRoundTrip) {
  for (int k = 0; k < kMatterKindCount; ++k) {
    const auto kind = static_cast<MatterKind>(k);
    EXPECT_EQ(parse_matter_kind(to_string(kind)), kind);
  }
  EXPECT_EQ(parse_pairing_kind("mountain_sea"), PairingKind::kMountainSea);
  EXPECT_FALSE(parse_legal_category("crimnal").has_value());
  EXPECT_EQ(allowed_values(LegalCategory{}),
            "none, criminal, civil, administrative");
}

TEST(Enums, PairingKindGivesDispatchMode) {
  EXPECT_EQ(mode_of_pairing(PairingKind::kMountainSea), DispatchMode::kOffSite);
  EXPECT_EQ(mode_of_pairing(PairingKind::kTwinning), DispatchMode::kOffSite);
  EXPECT_EQ(mode_of_pairing(PairingKind::kAgreement), DispatchMode::kProject);
  EXPECT_EQ(mode_of_pairing(PairingKind::kVolunteerAction),
            DispatchMode::kVolunteerAction);
}

}  // namespace
}  // namespace aidmatch
