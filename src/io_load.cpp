// Loaders from tables to the model.
#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/load.hpp"

namespace aidmatch::io {

namespace {

// Parses an enumeration field with a message that lists the valid values.
template <typename Enum, typename Parse>
Enum parse_enum(const Record& record, std::string_view field, Parse parse,
                std::optional<Enum> fallback) {
  const std::string value = record.text(field, !fallback.has_value());
  if (value.empty()) return *fallback;
  const auto parsed = parse(value);
  if (!parsed) {
    record.fail(field, value, "one of " + allowed_values(Enum{}));
  }
  return *parsed;
}

RegionIndex region_field(const Record& record, std::string_view field,
                         const RegionGraph& regions, bool required = true) {
  const std::string code = record.text(field, required);
  if (code.empty()) return kNoRegion;
  const auto index = regions.find(code);
  if (!index) {
    throw InputError(record.location() + ": field \"" + std::string(field) +
                     "\": unknown region code \"" + code +
                     "\"; use a code from the regions file");
  }
  return *index;
}

KindSet kinds_field(const Record& record, std::string_view field) {
  const auto items = record.list(field);
  if (items.empty()) return KindSet::all();
  KindSet kinds;
  for (const std::string& item : items) {
    const auto kind = parse_matter_kind(item);
    if (!kind) {
      record.fail(field, item, "one of " + allowed_values(MatterKind{}));
    }
    kinds.insert(*kind);
  }
  return kinds;
}

DateRange date_range(const Record& record, std::string_view from_field,
                     std::string_view to_field) {
  DateRange range{record.date(from_field, false), record.date(to_field, false)};
  if (range.from && range.to && *range.to < *range.from) {
    throw InputError(record.location() + ": " + std::string(to_field) + " " +
                     range.to->to_string() + " precedes " +
                     std::string(from_field) + " " + range.from->to_string() +
                     "; correct the dates");
  }
  return range;
}

}  // namespace

void load_regions(const Table& table, RegionGraph& regions) {
  table.require_columns({"code", "name", "level", "parent_code", "lat", "lon"});
  table.reject_unknown_columns(
      {"code", "name", "level", "parent_code", "lat", "lon"});
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    Region region;
    region.code = record.text("code", true);
    if (!is_region_code(region.code)) {
      record.fail("code", region.code, "a 6-digit GB/T 2260 code");
    }
    region.name = record.text("name", true);
    region.level = parse_enum<RegionLevel>(record, "level", parse_region_level,
                                           std::nullopt);
    region.parent_code = record.text("parent_code");
    if (!region.parent_code.empty() && !is_region_code(region.parent_code)) {
      record.fail("parent_code", region.parent_code,
                  "a 6-digit GB/T 2260 code, or empty for the province");
    }
    region.lat = record.number("lat", -90.0, 90.0, std::nullopt);
    region.lon = record.number("lon", -180.0, 180.0, std::nullopt);
    if (regions.find(region.code)) {
      throw InputError(record.location() + ": region code " + region.code +
                       " is listed twice; each code may appear once");
    }
    regions.add_region(std::move(region));
  }
  if (table.size() == 0) {
    throw InputError(table.name() + ": no regions; the file needs at least "
                                    "the province");
  }
}

void load_region_tags(const Table& table, RegionGraph& regions) {
  table.require_columns({"code", "tag", "valid_from", "valid_to"});
  // "name" repeats the region's name for readers of the file.
  table.reject_unknown_columns({"code", "tag", "valid_from", "valid_to", "name"});
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    const RegionIndex region = region_field(record, "code", regions);
    RegionTag tag;
    tag.name = record.text("tag", true);
    tag.valid = date_range(record, "valid_from", "valid_to");
    regions.add_tag(region, std::move(tag));
  }
}

void load_providers(const Table& table, Dataset& data) {
  table.require_columns({"id", "kind", "home_region", "capacity"});
  table.reject_unknown_columns(
      {"id", "kind", "name", "firm_id", "home_region", "gender",
       "practice_years", "criminal_defence_years", "specialties", "languages",
       "minors_familiar", "volunteer_type", "capacity", "current_load",
       "rating", "former_office", "left_office"});
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    Provider p;
    p.id = record.text("id", true);
    p.kind = parse_enum<ProviderKind>(record, "kind", parse_provider_kind,
                                      std::nullopt);
    p.name = record.text("name");
    p.firm_id = record.text("firm_id");
    p.home_region = record.text("home_region", true);
    region_field(record, "home_region", data.regions);
    p.gender = parse_enum<Gender>(record, "gender", parse_gender,
                                  Gender::kUnspecified);
    p.practice_years = record.number("practice_years", 0.0, 80.0, 0.0);
    p.criminal_defence_years =
        record.number("criminal_defence_years", 0.0, 80.0, 0.0);
    if (p.criminal_defence_years > p.practice_years) {
      char expected[64];
      std::snprintf(expected, sizeof expected,
                    "at most the practice_years, %g", p.practice_years);
      record.fail("criminal_defence_years", record.text("criminal_defence_years"),
                  expected);
    }
    p.specialties = record.list("specialties");
    p.languages = record.list("languages");
    p.minors_familiar = record.boolean("minors_familiar", false);
    p.volunteer_type = parse_enum<VolunteerType>(
        record, "volunteer_type", parse_volunteer_type, VolunteerType::kNone);
    p.capacity = static_cast<std::int32_t>(
        record.integer("capacity", 0, 1'000'000, 0));
    p.current_load = static_cast<std::int32_t>(
        record.integer("current_load", 0, 1'000'000, 0));
    p.rating = record.number("rating", 0.0, 5.0, 0.0);
    p.former_office = parse_enum<FormerOffice>(
        record, "former_office", parse_former_office, FormerOffice::kNone);
    p.left_office = record.date("left_office", false);
    if (p.former_office != FormerOffice::kNone && !p.left_office) {
      record.fail("left_office", "",
                  "the date the former office ended (YYYY-MM-DD)");
    }
    if (p.former_office == FormerOffice::kNone && p.left_office) {
      record.fail("former_office", record.text("former_office"),
                  "judge or prosecutor when left_office is given");
    }

    if (p.kind == ProviderKind::kVolunteer &&
        p.volunteer_type == VolunteerType::kNone) {
      record.fail("volunteer_type", record.text("volunteer_type"),
                  "university or community for a volunteer");
    }
    if (p.kind != ProviderKind::kVolunteer &&
        p.volunteer_type != VolunteerType::kNone) {
      record.fail("volunteer_type", to_string(p.volunteer_type),
                  "an empty value for a provider that is not a volunteer");
    }
    if (p.kind != ProviderKind::kLawyer && !p.firm_id.empty()) {
      record.fail("firm_id", p.firm_id,
                  "an empty value: only lawyers belong to a firm");
    }
    if (data.regions.find(p.id)) {
      record.fail("id", p.id,
                  "an id that is not also a region code, because pairings "
                  "name regions and providers in the same field");
    }
    if (data.providers.find(p.id)) {
      throw InputError(record.location() + ": provider id \"" + p.id +
                       "\" is listed twice; provider ids must be unique");
    }
    data.providers.add(std::move(p));
  }
  // Firms may be listed after their lawyers, so firm ids are checked once
  // every provider is in.
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    const std::string firm_id = record.text("firm_id");
    if (firm_id.empty()) continue;
    const auto firm = data.providers.find(firm_id);
    if (!firm || data.providers[*firm].kind != ProviderKind::kFirm) {
      record.fail("firm_id", firm_id, "the id of a provider of kind firm");
    }
  }
  data.providers.link(data.regions);
}

void load_pools(const Table& table, Dataset& data) {
  table.require_columns({"pool", "provider_id", "served_regions"});
  table.reject_unknown_columns(
      {"pool", "provider_id", "served_regions", "service_types", "status"});
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    const RegionIndex owner = region_field(record, "pool", data.regions);
    const RegionLevel owner_level = data.regions.region(owner).level;
    if (owner_level != RegionLevel::kProvince &&
        owner_level != RegionLevel::kCity) {
      record.fail("pool", data.regions.region(owner).code,
                  "the province's or a city's code (pools are provincial or "
                  "per city)");
    }

    const std::string provider_id = record.text("provider_id", true);
    const auto provider = data.providers.find(provider_id);
    if (!provider) {
      throw InputError(record.location() + ": field \"provider_id\": unknown "
                       "provider \"" + provider_id +
                       "\"; add it to the providers file");
    }

    std::vector<RegionIndex> served;
    for (const std::string& code : record.list("served_regions")) {
      const auto region = data.regions.find(code);
      if (!region) {
        throw InputError(record.location() +
                         ": field \"served_regions\": unknown region code \"" +
                         code + "\"");
      }
      if (!data.regions.covers(owner, *region)) {
        throw InputError(record.location() + ": served region " + code +
                         " lies outside the pool's region " +
                         data.regions.region(owner).code +
                         "; a city pool serves only its own city");
      }
      served.push_back(*region);
    }
    if (served.empty()) {
      record.fail("served_regions", "", "one or more region codes");
    }
    const KindSet kinds = kinds_field(record, "service_types");
    const std::string status = record.text("status");
    if (!status.empty() && status != "active" && status != "suspended") {
      record.fail("status", status, "active or suspended");
    }

    Pool* pool = data.pool_of(owner);
    if (pool == nullptr) pool = &data.pools.emplace_back(owner);
    if (pool->contains(*provider)) {
      throw InputError(record.location() + ": provider " + provider_id +
                       " is listed twice in pool " +
                       data.regions.region(owner).code);
    }
    pool->join(*provider, std::move(served), kinds);
    if (status == "suspended") pool->suspend(*provider);
  }
}

namespace {

void add_pairing(Pairing pairing, const Record& record, Dataset& data) {
  for (const Pairing& existing : data.pairings) {
    if (existing.id == pairing.id) {
      throw InputError(record.location() + ": pairing id \"" + pairing.id +
                       "\" is listed twice; pairing ids must be unique");
    }
  }
  if (pairing.provider_region != kNoRegion) {
    data.regions.add_pairing_edge(
        pairing.provider_region, pairing.served,
        RegionPairingEdge{pairing.kind, pairing.valid,
                          static_cast<std::int32_t>(data.pairings.size())});
  }
  data.pairings.push_back(std::move(pairing));
}

void load_general_pairings(const Table& table, Dataset& data) {
  table.require_columns({"id", "kind", "provider_side", "served_region",
                         "valid_from", "valid_to"});
  table.reject_unknown_columns({"id", "kind", "provider_side", "served_region",
                                "valid_from", "valid_to", "service_types",
                                "source", "payer", "subsidy"});
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    Pairing p;
    p.id = record.text("id", true);
    p.kind = parse_enum<PairingKind>(record, "kind", parse_pairing_kind,
                                     std::nullopt);
    p.provider_side = record.text("provider_side", true);
    if (const auto region = data.regions.find(p.provider_side)) {
      p.provider_region = *region;
    } else if (const auto org = data.providers.find(p.provider_side)) {
      p.provider_org = *org;
    } else {
      record.fail("provider_side", p.provider_side,
                  "a listed region code or provider id");
    }
    p.served_region = record.text("served_region", true);
    p.served = region_field(record, "served_region", data.regions);
    p.valid = date_range(record, "valid_from", "valid_to");
    p.service_types = kinds_field(record, "service_types");
    p.source = record.text("source");
    p.payer = record.text("payer");
    if (!record.text("subsidy").empty()) {
      p.subsidy = record.number("subsidy", 0.0, 1e9, 0.0);
    }
    add_pairing(std::move(p), record, data);
  }
}

// The mountain-sea list: one developed region paired with one mountain
// region per row, help flowing from the first to the second.
void load_mountain_sea_pairings(const Table& table, Dataset& data,
                                const Logger& logger) {
  table.require_columns({"developed_code", "mountain_code"});
  table.reject_unknown_columns({"developed_code", "developed_name",
                                "mountain_code", "mountain_name", "source_id",
                                "confidence", "valid_from", "valid_to"});
  const bool dated =
      table.has_column("valid_from") || table.has_column("valid_to");
  if (!dated) {
    logger.warning(table.name() +
                   ": no valid_from or valid_to columns; the pairings are "
                   "treated as valid on every date");
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    const std::string developed = record.text("developed_code");
    const std::string mountain = record.text("mountain_code");
    if (developed.empty() || mountain.empty()) {
      auto side = [&](const char* name_field, const std::string& code) {
        const std::string name = record.text(name_field);
        if (!name.empty()) return name;
        return code.empty() ? std::string("(unnamed)") : code;
      };
      logger.warning(
          record.location() + ": skipped the pairing " +
          side("developed_name", developed) + " -> " +
          side("mountain_name", mountain) +
          " because a side has no region code (a functional zone such as a "
          "port area is not an administrative division)");
      continue;
    }
    Pairing p;
    p.kind = PairingKind::kMountainSea;
    p.valid = date_range(record, "valid_from", "valid_to");
    // The start date is part of the id, so a renewed pair can be listed
    // again with new dates.
    p.id = "mountain_sea:" + developed + "-" + mountain;
    if (p.valid.from) p.id += "@" + p.valid.from->to_string();
    p.provider_side = developed;
    p.provider_region = region_field(record, "developed_code", data.regions);
    p.served_region = mountain;
    p.served = region_field(record, "mountain_code", data.regions);
    p.source = record.text("source_id");
    add_pairing(std::move(p), record, data);
  }
}

}  // namespace

void load_pairings(const Table& table, Dataset& data, const Logger& logger) {
  if (table.has_column("developed_code")) {
    load_mountain_sea_pairings(table, data, logger);
  } else {
    load_general_pairings(table, data);
  }
}

void load_matters(const Table& table, Dataset& data) {
  table.require_columns({"id", "kind", "serving_region", "date"});
  table.reject_unknown_columns(
      {"id", "kind", "category", "assigning_region", "serving_region", "date",
       "difficulty", "specialty", "minor", "disability", "language",
       "preferred_gender", "life_or_death", "case_group", "conflicts",
       "notified_date", "chosen_provider", "complaint_against"});
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Record record(table, i);
    Matter m;
    m.id = record.text("id", true);
    if (!ids.insert(m.id).second) {
      throw InputError(record.location() + ": matter id \"" + m.id +
                       "\" is listed twice; matter ids must be unique");
    }
    m.kind = parse_enum<MatterKind>(record, "kind", parse_matter_kind,
                                    std::nullopt);
    m.category = parse_enum<LegalCategory>(
        record, "category", parse_legal_category, LegalCategory::kNone);
    if (m.kind == MatterKind::kAssignedCase &&
        m.category == LegalCategory::kNone) {
      record.fail("category", record.text("category"),
                  "criminal, civil or administrative for an assigned_case");
    }
    m.serving_region = record.text("serving_region", true);
    m.serving = region_field(record, "serving_region", data.regions);
    // The serving region's own agency assigns unless another one is named.
    m.assigning_region = m.serving_region;
    m.assigning = m.serving;
    if (!record.text("assigning_region").empty()) {
      m.assigning_region = record.text("assigning_region");
      m.assigning = region_field(record, "assigning_region", data.regions);
    }
    m.date = *record.date("date", true);
    m.notified = record.date("notified_date", false);
    if (m.notified && *m.notified > m.date) {
      record.fail("notified_date", m.notified->to_string(),
                  "a date on or before the matter's date " +
                      m.date.to_string());
    }
    m.difficulty =
        static_cast<std::int32_t>(record.integer("difficulty", 1, 5, 1));
    m.specialty = record.text("specialty");
    m.minor = record.boolean("minor", false);
    m.disability = record.boolean("disability", false);
    m.language = record.text("language");
    m.preferred_gender = parse_enum<Gender>(
        record, "preferred_gender", parse_gender, Gender::kUnspecified);
    m.life_or_death = record.boolean("life_or_death", false);
    if (m.life_or_death && m.category != LegalCategory::kCriminal) {
      record.fail("life_or_death", "true",
                  "false unless the category is criminal");
    }
    m.case_group = record.text("case_group");
    m.conflicts = record.list("conflicts");
    for (const std::string& id : m.conflicts) {
      const auto provider = data.providers.find(id);
      if (!provider) {
        throw InputError(record.location() +
                         ": field \"conflicts\": unknown provider \"" + id +
                         "\"; list only ids from the providers file");
      }
      m.conflict_providers.push_back(*provider);
    }
    m.chosen_provider = record.text("chosen_provider");
    if (!m.chosen_provider.empty()) {
      const auto provider = data.providers.find(m.chosen_provider);
      if (!provider) {
        record.fail("chosen_provider", m.chosen_provider,
                    "a provider id from the providers file, or empty");
      }
      m.chosen = *provider;
    }
    m.complaints = record.list("complaint_against");
    for (const std::string& id : m.complaints) {
      const auto provider = data.providers.find(id);
      if (!provider) {
        throw InputError(record.location() +
                         ": field \"complaint_against\": unknown provider \"" +
                         id + "\"; list only ids from the providers file");
      }
      m.complaint_providers.push_back(*provider);
    }
    data.matters.push_back(std::move(m));
  }
}

Dataset load_dataset(const DatasetTables& tables, const Logger& logger) {
  Dataset data;
  load_regions(tables.regions, data.regions);
  try {
    data.regions.finalize();
  } catch (const InputError& e) {
    throw InputError(tables.regions.name() + ": " + e.what());
  }
  if (tables.region_tags) load_region_tags(*tables.region_tags, data.regions);
  load_providers(tables.providers, data);
  if (tables.pools) load_pools(*tables.pools, data);
  for (const Table& table : tables.pairings) {
    load_pairings(table, data, logger);
  }
  load_matters(tables.matters, data);
  std::size_t firms = 0;
  for (const Provider& p : data.providers.all()) {
    if (p.kind == ProviderKind::kFirm) ++firms;
  }
  logger.info("loaded " + std::to_string(data.regions.size()) + " regions, " +
              std::to_string(data.providers.size()) + " providers (" +
              std::to_string(firms) + " firms, " +
              std::to_string(data.providers.size() - firms) +
              " lawyers and volunteers), " +
              std::to_string(data.pools.size()) + " pools, " +
              std::to_string(data.pairings.size()) + " pairings, " +
              std::to_string(data.matters.size()) + " matters");
  return data;
}

RegionGraph default_regions() {
  RegionGraph regions;
  load_regions(Table::parse("<embedded>/zhejiang/regions.csv",
                            embedded_file("zhejiang/regions.csv")),
               regions);
  regions.finalize();
  load_region_tags(Table::parse("<embedded>/zhejiang/region_tags.csv",
                                embedded_file("zhejiang/region_tags.csv")),
                   regions);
  return regions;
}

DatasetTables default_tables() {
  auto table = [](std::string_view name) {
    return Table::parse("<embedded>/" + std::string(name),
                        embedded_file(name));
  };
  DatasetTables tables{table("zhejiang/regions.csv"),
                       table("zhejiang/region_tags.csv"),
                       table("synthetic/providers.csv"),
                       table("synthetic/pools.csv"),
                       {},
                       table("synthetic/matters.csv")};
  tables.pairings.push_back(table("zhejiang/pairings.csv"));
  tables.pairings.push_back(table("synthetic/pairings.csv"));
  return tables;
}

}  // namespace aidmatch::io
