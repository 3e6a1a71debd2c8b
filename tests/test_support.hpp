// Small data sets built from CSV text for the unit tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aidmatch/aidmatch.hpp"

namespace aidmatch::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(AIDMATCH_SOURCE_DIR) + "/" + relative;
}

// A province with two cities of two counties each. 330102 and 330103 lie in
// city 330100; 330202 and 330203 in city 330200. 330203 is tagged
// resource_short from 2024-01-01 to 2024-12-31.
inline const char* kTinyRegions =
    "code,name,level,parent_code,lat,lon\n"
    "330000,Province,province,,30.0,120.0\n"
    "330100,City A,city,330000,30.0,120.0\n"
    "330102,County A1,district,330100,30.0,120.0\n"
    "330103,County A2,county,330100,30.0,121.0\n"
    "330200,City B,city,330000,29.0,120.0\n"
    "330202,County B1,district,330200,29.0,120.0\n"
    "330203,County B2,county,330200,29.0,121.0\n";

inline const char* kTinyTags =
    "code,tag,valid_from,valid_to\n"
    "330203,resource_short,2024-01-01,2024-12-31\n";

inline const char* kProviderHeader =
    "id,kind,name,firm_id,home_region,gender,practice_years,"
    "criminal_defence_years,specialties,languages,minors_familiar,"
    "volunteer_type,capacity,current_load,rating\n";

inline const char* kMatterHeader =
    "id,kind,category,assigning_region,serving_region,date,difficulty,"
    "specialty,minor,disability,language,preferred_gender,life_or_death,"
    "case_group,conflicts\n";

inline const char* kPoolHeader =
    "pool,provider_id,served_regions,service_types,status\n";

inline const char* kPairingHeader =
    "id,kind,provider_side,served_region,valid_from,valid_to,service_types,"
    "source\n";

// Loads a data set from CSV bodies (each without its header).
inline Dataset tiny_dataset(const std::string& providers,
                            const std::string& matters,
                            const std::string& pools = "",
                            const std::string& pairings = "",
                            const Logger& logger = {}) {
  io::DatasetTables tables{
      io::Table::parse("regions.csv", kTinyRegions),
      io::Table::parse("region_tags.csv", kTinyTags),
      io::Table::parse("providers.csv", kProviderHeader + providers),
      io::Table::parse("pools.csv", kPoolHeader + pools),
      {io::Table::parse("pairings.csv", kPairingHeader + pairings)},
      io::Table::parse("matters.csv", kMatterHeader + matters)};
  return io::load_dataset(tables, logger);
}

inline Policy default_policy() {
  return parse_policy(io::embedded_file("policy/default.json"),
                      "default.json");
}

// One row of the shared DIMACS optima table: the instance file, its status
// and, when feasible, its optimal cost as text.
struct DimacsCase {
  std::string file;
  std::string status;
  std::string optimum;
};

// Reads ../shared/data/dimacs-mcf/optima.tsv; empty when the folder is not
// beside the checkout.
inline std::vector<DimacsCase> dimacs_cases() {
  std::ifstream in(source_path("../shared/data/dimacs-mcf/optima.tsv"));
  std::vector<DimacsCase> cases;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    DimacsCase c;
    std::getline(fields, c.file, '\t');
    std::getline(fields, c.status, '\t');
    std::getline(fields, c.optimum, '\t');
    if (!c.file.empty()) cases.push_back(c);
  }
  return cases;
}

}  // namespace aidmatch::testing
