// A wake-up signal for threads that wait for the server's state to change: Notify() (the put
// path, after records are stored) advances a generation counter and wakes every waiter; Wait()
// returns when the generation moved past the one the caller saw, when its stop predicate holds
// (re-checked on every Notify) or at a deadline. No polling: waiters sleep on a condition
// variable. Thread-safe.
#ifndef KINESISCTL_SERVER_SUBSCRIPTIONS_CHANGE_NOTIFIER_H_
#define KINESISCTL_SERVER_SUBSCRIPTIONS_CHANGE_NOTIFIER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace kinesisctl::server {

class ChangeNotifier {
 public:
  uint64_t generation() const {
    std::lock_guard<std::mutex> lock(mu_);
    return generation_;
  }

  void Notify() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++generation_;
    }
    cv_.notify_all();
  }

  // True when woken by a change or by `stop`; false at the deadline.
  template <typename Stop>
  bool Wait(uint64_t seen, std::chrono::steady_clock::time_point deadline, Stop stop) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_until(lock, deadline, [&] { return generation_ != seen || stop(); });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_SUBSCRIPTIONS_CHANGE_NOTIFIER_H_
