// A GoogleTest helper for the tests that check error messages.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "aidmatch/core/error.hpp"

namespace aidmatch::testing {

// Runs `load` and returns the InputError message, or fails the test.
template <typename Load>
std::string error_of(Load load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

}  // namespace aidmatch::testing
