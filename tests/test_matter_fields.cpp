// The columns for deadlines, the recipient's choice and complaints, former
// judicial office and agreement terms: what they load to, and each error.
#include <gtest/gtest.h>

#include "aidmatch/aidmatch.hpp"
#include "error_of.hpp"
#include "test_support.hpp"

namespace aidmatch {
namespace {

using testing::error_of;

const char* kProviders =
    "id,kind,home_region,capacity,former_office,left_office\n"
    "F1,firm,330102,0,,\n"
    "L1,lawyer,330102,2,judge,2023-05-31\n"
    "L2,lawyer,330102,2,,\n";

const char* kMatterColumns =
    "id,kind,category,serving_region,date,notified_date,chosen_provider,"
    "complaint_against\n";

Dataset load(const std::string& providers, const std::string& matters,
             const std::string& pairings = "") {
  io::DatasetTables tables{
      io::Table::parse("regions.csv", testing::kTinyRegions),
      io::Table::parse("region_tags.csv", testing::kTinyTags),
      io::Table::parse("providers.csv", providers),
      std::nullopt,
      {},
      io::Table::parse("matters.csv", matters)};
  if (!pairings.empty()) {
    tables.pairings.push_back(io::Table::parse("pairings.csv", pairings));
  }
  return io::load_dataset(tables);
}

TEST(MatterFields, LoadWhatTheColumnsSay) {
  const Dataset data = load(
      kProviders, std::string(kMatterColumns) +
                      "M1,assigned_case,civil,330102,2024-06-05,2024-06-01,L2,"
                      "L1\n"
                      "M2,assigned_case,civil,330102,2024-06-05,,,\n");
  const Matter& m1 = data.matters[0];
  ASSERT_TRUE(m1.notified.has_value());
  EXPECT_EQ(m1.notified->to_string(), "2024-06-01");
  EXPECT_EQ(m1.chosen, *data.providers.find("L2"));
  ASSERT_EQ(m1.complaint_providers.size(), 1u);
  EXPECT_EQ(m1.complaint_providers[0], *data.providers.find("L1"));
  const Matter& m2 = data.matters[1];
  EXPECT_FALSE(m2.notified.has_value());
  EXPECT_EQ(m2.chosen, kNoProvider);
  EXPECT_TRUE(m2.complaint_providers.empty());
  const Provider& judge = data.providers[*data.providers.find("L1")];
  EXPECT_EQ(judge.former_office, FormerOffice::kJudge);
  EXPECT_EQ(judge.left_office->to_string(), "2023-05-31");
}

TEST(MatterFields, NotifiedAfterTheMatterDate) {
  EXPECT_EQ(error_of([] {
              load(kProviders, std::string(kMatterColumns) +
                                   "M1,assigned_case,civil,330102,2024-06-05,"
                                   "2024-06-06,,\n");
            }),
            "matters.csv:2: field \"notified_date\": invalid value "
            "\"2024-06-06\"; expected a date on or before the matter's date "
            "2024-06-05");
}

TEST(MatterFields, ChosenProviderUnknown) {
  EXPECT_EQ(error_of([] {
              load(kProviders, std::string(kMatterColumns) +
                                   "M1,assigned_case,civil,330102,2024-06-05,,"
                                   "L9,\n");
            }),
            "matters.csv:2: field \"chosen_provider\": invalid value \"L9\"; "
            "expected a provider id from the providers file, or empty");
}

TEST(MatterFields, ComplaintNamesUnknownProvider) {
  EXPECT_EQ(error_of([] {
              load(kProviders, std::string(kMatterColumns) +
                                   "M1,assigned_case,civil,330102,2024-06-05,,,"
                                   "L2;L7\n");
            }),
            "matters.csv:2: field \"complaint_against\": unknown provider "
            "\"L7\"; list only ids from the providers file");
}

TEST(MatterFields, FormerOfficeWithoutLeavingDate) {
  EXPECT_EQ(error_of([] {
              load("id,kind,home_region,capacity,former_office,left_office\n"
                   "L1,lawyer,330102,2,prosecutor,\n",
                   std::string(kMatterColumns));
            }),
            "providers.csv:2: field \"left_office\": invalid value \"\"; "
            "expected the date the former office ended (YYYY-MM-DD)");
}

TEST(MatterFields, LeavingDateWithoutOffice) {
  EXPECT_EQ(error_of([] {
              load("id,kind,home_region,capacity,former_office,left_office\n"
                   "L1,lawyer,330102,2,,2023-01-01\n",
                   std::string(kMatterColumns));
            }),
            "providers.csv:2: field \"former_office\": invalid value \"\"; "
            "expected judge or prosecutor when left_office is given");
}

TEST(MatterFields, UnknownFormerOffice) {
  EXPECT_EQ(error_of([] {
              load("id,kind,home_region,capacity,former_office,left_office\n"
                   "L1,lawyer,330102,2,police,2023-01-01\n",
                   std::string(kMatterColumns));
            }),
            "providers.csv:2: field \"former_office\": invalid value "
            "\"police\"; expected one of none, judge, prosecutor");
}

TEST(MatterFields, PairingPayerAndSubsidy) {
  const std::string pairings =
      "id,kind,provider_side,served_region,valid_from,valid_to,payer,subsidy\n"
      "A1,agreement,F1,330203,2024-01-01,,330203,1500\n"
      "A2,agreement,F1,330203,2024-01-01,,,\n";
  const Dataset data = load(kProviders, kMatterColumns, pairings);
  ASSERT_EQ(data.pairings.size(), 2u);
  EXPECT_EQ(data.pairings[0].payer, "330203");
  EXPECT_EQ(data.pairings[0].subsidy, 1500.0);
  EXPECT_TRUE(data.pairings[1].payer.empty());
  EXPECT_FALSE(data.pairings[1].subsidy.has_value());
  EXPECT_EQ(error_of([&] {
              load(kProviders, kMatterColumns,
                   "id,kind,provider_side,served_region,valid_from,valid_to,"
                   "subsidy\n"
                   "A1,agreement,F1,330203,2024-01-01,,-5\n");
            }),
            "pairings.csv:2: field \"subsidy\": invalid value \"-5\"; "
            "expected a finite number from 0 to 1e+09");
}

}  // namespace
}  // namespace aidmatch
