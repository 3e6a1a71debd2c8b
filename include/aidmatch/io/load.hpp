// Loaders that turn region, provider, pool, pairing and matter tables into a
// Dataset, checking every reference. docs/data-format.md gives the columns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidmatch/core/log.hpp"
#include "aidmatch/io/table.hpp"
#include "aidmatch/model/dataset.hpp"

namespace aidmatch::io {

// The tables of one data set. Pools, region tags and pairings are optional.
struct DatasetTables {
  Table regions;
  std::optional<Table> region_tags;
  Table providers;
  std::optional<Table> pools;
  std::vector<Table> pairings;
  Table matters;
};

// Builds a data set from its tables, in dependency order: regions and tags,
// providers, pools, pairings, matters. Throws InputError at the first
// invalid record: an unknown or duplicate id, a value out of range, a date
// range that ends before it starts, a missing column. Pairing rows that
// cannot be used (a side without a region code) are skipped with a warning
// through `logger`.
Dataset load_dataset(const DatasetTables& tables, const Logger& logger = {});

// The individual steps, for callers that assemble a data set themselves.
void load_regions(const Table& table, RegionGraph& regions);
void load_region_tags(const Table& table, RegionGraph& regions);
void load_providers(const Table& table, Dataset& data);
void load_pools(const Table& table, Dataset& data);
// Reads either the general pairing format (id, kind, provider_side, ...)
// or the mountain-sea list format (developed_code, mountain_code, ...),
// chosen by the header.
void load_pairings(const Table& table, Dataset& data, const Logger& logger);
void load_matters(const Table& table, Dataset& data);

// Files compiled into the library: "zhejiang/regions.csv",
// "zhejiang/region_tags.csv", "zhejiang/pairings.csv",
// "synthetic/providers.csv", "synthetic/pools.csv",
// "synthetic/pairings.csv", "synthetic/matters.csv" and
// "policy/default.json". Throws NotFoundError for any other name.
std::string_view embedded_file(std::string_view name);
std::vector<std::string_view> embedded_file_names();

// The embedded default data set: Zhejiang's real regions, tags and partial
// mountain-sea pairings with a synthetic pool and matter batch.
DatasetTables default_tables();

// Zhejiang's embedded regions with their dated tags, finalized: what the
// synthetic generator and simulations start from.
RegionGraph default_regions();

}  // namespace aidmatch::io
