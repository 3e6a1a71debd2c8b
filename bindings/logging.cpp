// set_log_callback and the Logger that loads and dispatches pass to the
// library.
#include <memory>
#include <optional>
#include <string>

#include "bindings.hpp"

namespace aidmatch::python {
namespace {

struct LogSettings {
  py::object callback;  // null when no callback is installed
  LogLevel level = LogLevel::kInfo;
};

// Read and written only with the GIL held. Allocated once and never freed,
// because a static py::object would be released after the interpreter
// has shut down.
LogSettings& log_settings() {
  static LogSettings* const settings = new LogSettings();
  return *settings;
}

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo,
                         LogLevel::kWarning, LogLevel::kError}) {
    if (to_string(level) == name) return level;
  }
  return std::nullopt;
}

void set_log_callback(const py::object& callback, const std::string& level) {
  const std::optional<LogLevel> min_level = parse_log_level(level);
  if (!min_level) {
    throw py::value_error("invalid log level \"" + level +
                          "\"; expected debug, info, warning or error");
  }
  if (!callback.is_none() && !PyCallable_Check(callback.ptr())) {
    throw py::type_error("callback must be callable or None, not " +
                         std::string(py::str(py::type::of(callback))));
  }
  LogSettings& settings = log_settings();
  settings.callback = callback.is_none() ? py::object() : callback;
  settings.level = *min_level;
}

const char* const kSetLogCallbackDoc =
    R"(Install a function that receives the library's log messages.

The library is silent by default. Once a callback is installed, every
later ``load``, ``load_default`` and ``dispatch`` call passes it each
message at or above `level`, such as a skipped pairing row or the solver's
progress.

Parameters
----------
callback : callable or None
    Called as ``callback(level_name, message)`` with two str, where
    `level_name` is "debug", "info", "warning" or "error". None removes the
    installed callback.
level : {"debug", "info", "warning", "error"}, default "info"
    Minimum level of the messages passed on.

Raises
------
ValueError
    If `level` is not one of the four names.
TypeError
    If `callback` is neither callable nor None.

Notes
-----
The callback runs with the GIL held: ``dispatch`` releases the GIL while
it solves, and each message takes the GIL again before calling Python.
An exception raised by the callback stops the load or dispatch and
propagates to its caller. Messages that quote bytes that are not UTF-8
carry U+FFFD in their place.

Examples
--------
>>> messages = []
>>> aidmatch.set_log_callback(lambda level, text: messages.append(text),
...                           level="warning")
>>> data = aidmatch.load_default()
>>> aidmatch.set_log_callback(None)
)";

}  // namespace

Logger current_logger() {
  const LogSettings& settings = log_settings();
  if (!settings.callback) return Logger();
  // The library may copy or drop the Logger on a thread without the GIL,
  // so the deleter takes the GIL before it releases the callback.
  const std::shared_ptr<py::object> callback(
      new py::object(settings.callback), [](py::object* object) {
        py::gil_scoped_acquire gil;
        delete object;
      });
  return Logger(
      [callback](LogLevel level, std::string_view message) {
        py::gil_scoped_acquire gil;
        (*callback)(to_str(to_string(level)), to_str(message));
      },
      settings.level);
}

void bind_logging(py::module_& m) {
  m.def("set_log_callback", &set_log_callback, py::arg("callback"),
        py::arg("level") = "info", kSetLogCallbackDoc);
}

}  // namespace aidmatch::python
