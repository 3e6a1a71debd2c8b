// Logging through a callback that the embedding program sets.
//
// The library prints nothing by itself. A Logger without a callback discards
// every message, which is the default everywhere a Logger is accepted.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace aidmatch {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

std::string_view to_string(LogLevel level);

using LogCallback = std::function<void(LogLevel, std::string_view)>;

// Forwards messages at or above a minimum level to a callback. Copyable and
// cheap to pass by const reference. Not synchronised: a callback shared by
// several threads must do its own locking.
class Logger {
 public:
  Logger() = default;
  explicit Logger(LogCallback callback, LogLevel min_level = LogLevel::kInfo)
      : callback_(std::move(callback)), min_level_(min_level) {}

  bool enabled(LogLevel level) const {
    return callback_ && level >= min_level_;
  }
  void log(LogLevel level, std::string_view message) const {
    if (enabled(level)) callback_(level, message);
  }
  void debug(std::string_view message) const { log(LogLevel::kDebug, message); }
  void info(std::string_view message) const { log(LogLevel::kInfo, message); }
  void warning(std::string_view message) const {
    log(LogLevel::kWarning, message);
  }

 private:
  LogCallback callback_;
  LogLevel min_level_ = LogLevel::kInfo;
};

}  // namespace aidmatch
