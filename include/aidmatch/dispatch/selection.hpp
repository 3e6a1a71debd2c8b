// Selection by rotation and by random draw: the two methods beside score
// optimisation that assignment guidance allows so that no provider is
// favoured. Both take only eligible candidates, so every hard rule still
// holds, and both keep capacities and case groups: a provider takes at most
// its capacity, and never two matters of one case group.
//
// Rotation keeps a durable cursor per assigning agency: the id of the
// provider (or firm) served last. The next matter of that agency goes to
// the first available candidate after the cursor in ascending id order,
// wrapping around. By firm, the cursor moves over firms (a lawyer without
// a firm and a volunteer count as their own unit), and a second cursor per
// firm moves over its lawyers.
//
// The draw picks uniformly among the available candidates with SplitMix64
// seeded by the caller, so the same seed and input give the same draw.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "aidmatch/model/dataset.hpp"

namespace aidmatch {

// One matter to select for, with its eligible candidates.
struct SelectionMatter {
  MatterIndex matter = 0;
  std::string agency;      // the assigning agency's region code
  std::int32_t group = -1; // case group index, or -1 for none
  std::vector<ProviderIndex> candidates;
};

// The durable part of rotation and draw: cursors by key, and a counter of
// draws so that successive batches without a given seed differ.
struct SelectionState {
  std::map<std::string, std::string> cursors;  // key -> id served last
  std::uint64_t draws = 0;                     // batches drawn so far

  // Reads the JSON form written by to_json. Throws InputError naming
  // `source` and the JSON path of a bad value.
  static SelectionState parse(std::string_view json_text,
                              std::string_view source);
  std::string to_json() const;
};

// Reads a state file; a file that does not exist gives the empty state.
// Throws InputError for an unreadable or malformed file.
SelectionState read_selection_state(const std::string& path);
// Writes the state to a temporary file beside `path` and renames it over
// `path`, so that a crash leaves either the old or the new state. Throws
// InputError when the file cannot be written.
void write_selection_state(const std::string& path,
                           const SelectionState& state);

// The chosen provider of each matter, in input order, or kNoProvider when
// no candidate was available. `capacity` is the remaining capacity of each
// provider, indexed by ProviderIndex; the calls consume it. O(total
// candidates) for the draw; O(total candidates log) for rotation.
std::vector<ProviderIndex> select_by_rotation(
    const Dataset& data, const std::vector<SelectionMatter>& matters,
    std::vector<std::int32_t>& capacity, bool by_firm, SelectionState& state);

std::vector<ProviderIndex> select_by_draw(
    const Dataset& data, const std::vector<SelectionMatter>& matters,
    std::vector<std::int32_t>& capacity, std::uint64_t seed);

}  // namespace aidmatch
