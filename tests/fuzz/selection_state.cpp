// Fuzzes SelectionState::parse, the reader of the rotation and draw state
// file, and checks that a state it accepts survives to_json and parse
// unchanged.
//
// Input: the JSON text. The documented error is InputError; any other
// exception, a crash, a sanitizer report or a changed round trip is a
// finding.
#include "aidmatch/aidmatch.hpp"
#include "harness.hpp"

using namespace aidmatch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  SelectionState state;
  try {
    state = SelectionState::parse(fuzz::as_text(data, size), "state.json");
  } catch (const InputError&) {
    return 0;
  }
  const SelectionState again = SelectionState::parse(state.to_json(), "again");
  if (again.draws != state.draws || again.cursors != state.cursors) {
    fuzz::fail("to_json then parse changed the selection state");
  }
  return 0;
}
