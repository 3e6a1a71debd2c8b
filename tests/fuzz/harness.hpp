// Helpers shared by the libFuzzer harnesses in this folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace aidmatch::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Returns the choice that a selector byte makes among `choices`: the byte
// minus '0', modulo `choices`. The readable seeds "0...", "1..." and so on
// therefore select 0, 1 and so on.
inline unsigned selector(std::uint8_t first_byte, unsigned choices) {
  return static_cast<std::uint8_t>(first_byte - '0') % choices;
}

// Prints the broken invariant and aborts. libFuzzer records the abort as a
// crash and saves the input.
[[noreturn]] inline void fail(const char* invariant) {
  std::fprintf(stderr, "aidmatch fuzz: invariant violated: %s\n", invariant);
  std::abort();
}

}  // namespace aidmatch::fuzz
