// Declarations shared by the source files of the extension module
// aidmatch._core.
#pragma once

#include <pybind11/pybind11.h>

#include <string_view>

#include "aidmatch/core/log.hpp"
#include "aidmatch/rules/policy.hpp"

namespace aidmatch::python {

namespace py = pybind11;

// Decodes library text as UTF-8. The library does not check that input
// files are UTF-8, so invalid bytes in ids, names or messages become
// U+FFFD instead of raising UnicodeDecodeError. Needs the GIL.
inline py::str to_str(std::string_view text) {
  PyObject* decoded = PyUnicode_DecodeUTF8(
      text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (decoded == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(decoded);
}

// A Logger that forwards to the callback installed by set_log_callback,
// or a silent Logger when none is installed. Call with the GIL held. The
// Logger may be called, copied and destroyed without the GIL.
Logger current_logger();

// The policy in the embedded data/policy/default.json.
Policy embedded_default_policy();

void bind_logging(py::module_& m);
void bind_dataset(py::module_& m);
void bind_policy(py::module_& m);
void bind_dispatch(py::module_& m);
void bind_assignment(py::module_& m);
void bind_flow(py::module_& m);

}  // namespace aidmatch::python
