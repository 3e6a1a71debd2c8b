// A value that one writer publishes and many readers take, each reader
// keeping the version it took for as long as it likes. Pool::publish()
// gives the immutable snapshots to pass through it.
#pragma once

#include <memory>
#include <mutex>
#include <utility>

namespace aidmatch {

// Thread-safe: store() and load() may run concurrently from any threads.
// The values themselves must be immutable (shared_ptr<const T>), so a
// reader never sees a change in the snapshot it holds.
template <typename T>
class Published {
 public:
  Published() = default;
  explicit Published(std::shared_ptr<const T> value) : value_(std::move(value)) {}

  // Replaces the current value; readers that took the old one keep it.
  void store(std::shared_ptr<const T> value) {
    const std::lock_guard<std::mutex> lock(mutex_);
    value_.swap(value);
    // The old value, now in `value`, is released after the lock, so that a
    // large snapshot is never freed while other threads wait.
  }

  // The current value, or null before the first store().
  std::shared_ptr<const T> load() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const T> value_;
};

}  // namespace aidmatch
