#include "core/log.h"

#include <atomic>
#include <iostream>
#include <mutex>
#include <string>

namespace kinesisctl {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kWarning)};
std::mutex g_mu;
std::ostream* g_sink = nullptr;

const char* Name(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "?";
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  if (text == "error") return LogLevel::kError;
  if (text == "warning" || text == "warn") return LogLevel::kWarning;
  if (text == "info") return LogLevel::kInfo;
  if (text == "debug") return LogLevel::kDebug;
  return std::nullopt;
}

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }
bool LogEnabled(LogLevel level) { return static_cast<int>(level) <= g_level.load(); }

void SetLogSink(std::ostream* sink) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_sink = sink;
}

void Log(LogLevel level, std::string_view message) {
  if (!LogEnabled(level)) return;
  std::string line = std::string("[") + Name(level) + "] ";
  line.append(message);
  line.push_back('\n');
  std::lock_guard<std::mutex> lock(g_mu);
  std::ostream& out = g_sink ? *g_sink : std::cerr;
  out << line;
  out.flush();
}

}  // namespace kinesisctl
