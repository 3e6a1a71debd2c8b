// The extension module aidmatch._core: exception translation and the
// registration of every class and function.
#include <pybind11/pybind11.h>

#include <stdexcept>

#include "aidmatch/core/error.hpp"
#include "bindings.hpp"

namespace aidmatch::python {
namespace {

// The Python exception types aidmatch.InputError and aidmatch.NotFoundError.
PYBIND11_CONSTINIT py::gil_safe_call_once_and_store<py::object>
    input_error_type;
PYBIND11_CONSTINIT py::gil_safe_call_once_and_store<py::object>
    not_found_error_type;

// Raises InputError (a ValueError), NotFoundError (a KeyError) and
// OverflowError with the C++ message. pybind11's own translation would
// also give ValueError, IndexError and OverflowError, but it fails with
// UnicodeDecodeError on a message that quotes bytes that are not UTF-8.
void translate_exception(std::exception_ptr exception) {
  try {
    std::rethrow_exception(exception);
  } catch (const InputError& e) {
    py::set_error(input_error_type.get_stored(), to_str(e.what()));
  } catch (const NotFoundError& e) {
    py::set_error(not_found_error_type.get_stored(), to_str(e.what()));
  } catch (const std::overflow_error& e) {
    py::set_error(PyExc_OverflowError, to_str(e.what()));
  }
}

}  // namespace
}  // namespace aidmatch::python

PYBIND11_MODULE(_core, m) {
  using namespace aidmatch;
  using namespace aidmatch::python;

  m.doc() =
      "C++ core of aidmatch, the assignment of legal-aid matters to "
      "providers. Import from the aidmatch package instead.";
  // The CMake project version, which pyproject.toml repeats.
  m.attr("__version__") = AIDMATCH_VERSION;

  input_error_type.call_once_and_store_result([&] {
    return py::exception<InputError>(m, "InputError", PyExc_ValueError);
  });
  not_found_error_type.call_once_and_store_result([&] {
    return py::exception<NotFoundError>(m, "NotFoundError", PyExc_KeyError);
  });
  m.attr("InputError").attr("__doc__") =
      "Invalid input data: a file, a record, a field or a policy value. "
      "The message names the source (file and line, or JSON path), the "
      "field, the value and what is expected.";
  m.attr("NotFoundError").attr("__doc__") =
      "A requested item, such as an embedded file name, that does not "
      "exist.";
  py::register_exception_translator(translate_exception);

  bind_logging(m);
  bind_dataset(m);
  bind_policy(m);
  bind_dispatch(m);
  bind_assignment(m);
  bind_flow(m);
}
