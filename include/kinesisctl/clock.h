// Injected time, sleeping and randomness. Production code takes a Clock, a Sleeper and a Random
// by reference instead of calling the system directly, so unit tests run with FakeClock (whose
// sleeps advance its time instantly) and SequenceRandom. SystemClock, SystemSleeper and
// SystemRandom are thread-safe; the fakes are not.
#ifndef KINESISCTL_CLOCK_H_
#define KINESISCTL_CLOCK_H_

#include <chrono>
#include <cstddef>
#include <utility>
#include <vector>

namespace kinesisctl {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() = 0;
};

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(Duration duration) = 0;
};

// Uniform doubles in [0, 1).
class Random {
 public:
  virtual ~Random() = default;
  virtual double Uniform01() = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() override { return std::chrono::system_clock::now(); }
};

class SystemSleeper final : public Sleeper {
 public:
  void SleepFor(Duration duration) override;
};

class SystemRandom final : public Random {
 public:
  double Uniform01() override;
};

// Process-wide instances of the system implementations.
Clock& DefaultClock();
Sleeper& DefaultSleeper();
Random& DefaultRandom();

// A clock that only moves when told to, and a sleeper that moves it: unit tests never sleep.
class FakeClock final : public Clock, public Sleeper {
 public:
  explicit FakeClock(TimePoint start = TimePoint(std::chrono::seconds(1'700'000'000)))
      : now_(start) {}
  TimePoint Now() override { return now_; }
  void SleepFor(Duration duration) override {
    sleeps_.push_back(duration);
    now_ += duration;
  }
  void Advance(Duration duration) { now_ += duration; }
  const std::vector<Duration>& sleeps() const { return sleeps_; }

 private:
  TimePoint now_;
  std::vector<Duration> sleeps_;
};

// Returns the given values in turn, cycling.
class SequenceRandom final : public Random {
 public:
  explicit SequenceRandom(std::vector<double> values) : values_(std::move(values)) {}
  double Uniform01() override {
    if (values_.empty()) return 0.5;
    return values_[next_++ % values_.size()];
  }

 private:
  std::vector<double> values_;
  std::size_t next_ = 0;
};

}  // namespace kinesisctl

#endif  // KINESISCTL_CLOCK_H_
