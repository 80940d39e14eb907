// Process-wide logging to stderr (or a sink set by tests) at the levels of the CLI's `-l`:
// error, warning (the default), info, debug. Callers must never pass secrets (secret keys,
// session tokens, signatures); the AWS layer logs request targets and bodies, never headers.
// Thread-safe: a mutex guards the sink and each line is written whole.
#ifndef KINESISCTL_CORE_LOG_H_
#define KINESISCTL_CORE_LOG_H_

#include <iosfwd>
#include <optional>
#include <string_view>

namespace kinesisctl {

enum class LogLevel { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

// "error", "warning" (or "warn"), "info", "debug"; nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(std::string_view text);

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
bool LogEnabled(LogLevel level);

// nullptr restores std::cerr.
void SetLogSink(std::ostream* sink);

// Writes "[level] message\n" when `level` is enabled.
void Log(LogLevel level, std::string_view message);

inline void LogError(std::string_view m) { Log(LogLevel::kError, m); }
inline void LogWarning(std::string_view m) { Log(LogLevel::kWarning, m); }
inline void LogInfo(std::string_view m) { Log(LogLevel::kInfo, m); }
inline void LogDebug(std::string_view m) { Log(LogLevel::kDebug, m); }

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_LOG_H_
