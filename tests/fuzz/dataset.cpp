// Fuzzes io::Table::parse and io::load_dataset with one table replaced by
// the input, then dispatches the loaded data under the default policy, so
// that a record the loaders accept but dispatch cannot handle is a finding
// too.
//
// Input: a selector byte, then the file. The selector ('0' to '9') picks
// the table and the format:
//   '0' providers.csv   '1' providers.json
//   '2' pools.csv       '3' pools.json
//   '4' pairings.csv    '5' pairings.json
//   '6' matters.csv     '7' matters.json
//   '8' region_tags.csv '9' region_tags.json
// The regions and the mountain-sea pairing list are Zhejiang's, from
// io::default_tables(). The other tables are the small fixture below, a
// consistent subset of data/synthetic.
//
// Documented errors: InputError from loading and from scoring (a decision
// table with hit policy unique that finds two rows), std::overflow_error
// from dispatch. Anything else is a finding.
#include <array>

#include "aidmatch/aidmatch.hpp"
#include "harness.hpp"

using namespace aidmatch;

namespace {

constexpr const char* kProviders =
    "id,kind,name,firm_id,home_region,gender,practice_years,"
    "criminal_defence_years,specialties,languages,minors_familiar,"
    "volunteer_type,capacity,current_load,rating,former_office,left_office\n"
    "F0002,firm,Synthetic Firm 2,,330102,,,,,,,,,,,,\n"
    "F0003,firm,Synthetic Firm 3,,330102,,,,,,,,,,,,\n"
    "F0004,firm,Synthetic Firm 4,,330102,,,,,,,,,,,,\n"
    "L00001,lawyer,Synthetic Lawyer 1,F0004,330102,female,26.0,0.0,"
    "labour;traffic,mandarin,true,,1,3,4.0,,\n"
    "L00004,lawyer,Synthetic Lawyer 4,F0004,330102,female,20.0,0.0,"
    "family;juvenile,mandarin;hangzhou_dialect,true,,1,0,3.4,,\n"
    "L00005,lawyer,Synthetic Lawyer 5,F0003,330102,female,30.0,26.0,"
    "criminal;family,mandarin,false,,3,6,5.0,judge,2001-06-30\n"
    "L00006,lawyer,Synthetic Lawyer 6,F0002,330102,male,24.0,0.0,family,"
    "mandarin,false,,3,7,4.8,,\n"
    "L00007,lawyer,Synthetic Lawyer 7,F0003,330102,female,5.0,0.0,"
    "administrative,mandarin;hangzhou_dialect,false,,2,6,4.2,,\n"
    "V0001,volunteer,Synthetic Volunteer 1,,330305,male,0.0,0.0,,"
    "mandarin;wenzhou_dialect,false,community,2,0,4.5,,\n";

constexpr const char* kPools =
    "pool,provider_id,served_regions,service_types,status\n"
    "330100,L00001,330102;330127,assigned_case;duty_shift;difficult_case;"
    "quality_evaluation,active\n"
    "330100,L00004,330102;330111;330112,assigned_case;duty_shift,active\n"
    "330100,L00005,330102;330122,,active\n"
    "330000,L00006,330305;331181;331024;330822,assigned_case,active\n"
    "330100,L00007,330102,assigned_case;duty_shift,suspended\n"
    "330100,F0002,330102,assigned_case,active\n"
    "330300,V0001,330300,volunteer_activity;other,active\n";

constexpr const char* kPairings =
    "id,kind,provider_side,served_region,valid_from,valid_to,service_types,"
    "source,payer,subsidy\n"
    "T001,twinning,330206,330803,2024-06-01,2026-12-31,"
    "assigned_case;duty_shift,synthetic,,\n"
    "T006,twinning,330102,331023,2024-06-01,2026-12-31,"
    "assigned_case;duty_shift,synthetic,,\n"
    "A001,agreement,F0004,330328,2025-01-01,2025-12-31,"
    "assigned_case;difficult_case,synthetic,330300,1500\n"
    "P001,project,F0003,330800,2025-01-01,2025-12-31,"
    "quality_evaluation;difficult_case,synthetic,,\n"
    "W001,volunteer_action,L00005,331024,2025-03-01,2026-02-28,,synthetic,,\n";

constexpr const char* kMatters =
    "id,kind,category,assigning_region,serving_region,date,difficulty,"
    "specialty,minor,disability,language,preferred_gender,life_or_death,"
    "case_group,conflicts,notified_date,chosen_provider,complaint_against\n"
    "M00001,assigned_case,civil,330102,330102,2025-06-05,5,labour,false,"
    "false,,male,false,,,,,\n"
    "M00002,other,none,330102,330127,2025-05-14,3,,false,false,"
    "hangzhou_dialect,male,false,,,,,\n"
    "M00009,duty_shift,none,330100,330102,2025-06-09,1,criminal,false,"
    "false,,,false,,,2025-06-01,,\n"
    "M00051,assigned_case,criminal,330102,330102,2025-06-08,4,criminal,true,"
    "false,,,true,G0001,F0002,,L00005,\n"
    "M00052,assigned_case,criminal,330102,330102,2025-06-08,2,criminal,false,"
    "false,,female,false,G0001,,,,L00001\n"
    "M00060,assigned_case,criminal,331024,331024,2025-06-08,2,criminal,false,"
    "true,,,false,,,,,\n";

// The fixed tables and the default policy, parsed once. Each run copies the
// tables and replaces one of them.
struct Fixture {
  io::DatasetTables tables;
  Policy policy;
};

const Fixture& fixture() {
  static const Fixture instance = [] {
    io::DatasetTables defaults = io::default_tables();
    io::DatasetTables tables{
        std::move(defaults.regions),
        std::move(defaults.region_tags),
        io::Table::parse("providers.csv", kProviders),
        io::Table::parse("pools.csv", kPools),
        {std::move(defaults.pairings.front()),
         io::Table::parse("pairings.csv", kPairings)},
        io::Table::parse("matters.csv", kMatters)};
    return Fixture{std::move(tables),
                   parse_policy(io::embedded_file("policy/default.json"),
                                "default.json")};
  }();
  return instance;
}

constexpr std::array<const char*, 5> kTableNames = {
    "providers", "pools", "pairings", "matters", "region_tags"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  const unsigned choice = fuzz::selector(data[0], 10);
  const bool json = choice % 2 == 1;
  const unsigned table_index = choice / 2;
  const std::string name =
      std::string(kTableNames[table_index]) + (json ? ".json" : ".csv");
  const std::string_view text = fuzz::as_text(data + 1, size - 1);

  const Fixture& base = fixture();
  io::DatasetTables tables = base.tables;
  try {
    io::Table table = io::Table::parse(name, text);
    switch (table_index) {
      case 0: tables.providers = std::move(table); break;
      case 1: tables.pools = std::move(table); break;
      case 2: tables.pairings.back() = std::move(table); break;
      case 3: tables.matters = std::move(table); break;
      default: tables.region_tags = std::move(table); break;
    }
    const Dataset dataset = io::load_dataset(tables);
    const DispatchResult result = dispatch(dataset, base.policy);
    if (result.assignments.size() != dataset.matters.size()) {
      fuzz::fail("dispatch returned a different number of assignments");
    }
  } catch (const InputError&) {
  } catch (const std::overflow_error&) {
  }
  return 0;
}
