#include "kinesisctl/clock.h"

#include <mutex>
#include <random>
#include <thread>

namespace kinesisctl {

void SystemSleeper::SleepFor(Duration duration) { std::this_thread::sleep_for(duration); }

double SystemRandom::Uniform01() {
  static std::mutex mu;
  static std::mt19937_64 engine{std::random_device{}()};
  std::lock_guard<std::mutex> lock(mu);
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

Clock& DefaultClock() {
  static SystemClock clock;
  return clock;
}
Sleeper& DefaultSleeper() {
  static SystemSleeper sleeper;
  return sleeper;
}
Random& DefaultRandom() {
  static SystemRandom random;
  return random;
}

}  // namespace kinesisctl
