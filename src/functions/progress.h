// Progress of long waits: ProgressSink receives one status line at a time. TerminalProgress
// redraws a single line on stderr ("\r" + line + clear to end of line) and ends it with a
// newline, but only when stderr is a terminal; anywhere else it writes nothing, so scripts and
// logs never see it. RecordingProgress keeps the lines for tests. Not thread-safe.
#ifndef KINESISCTL_FUNCTIONS_PROGRESS_H_
#define KINESISCTL_FUNCTIONS_PROGRESS_H_

#include <string>
#include <vector>

namespace kinesisctl::admin {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void Update(const std::string& line) = 0;
  virtual void Finish() = 0;
};

class TerminalProgress final : public ProgressSink {
 public:
  TerminalProgress();  // checks isatty(stderr) once
  ~TerminalProgress() override { Finish(); }
  void Update(const std::string& line) override;
  void Finish() override;
  bool active() const { return is_terminal_; }

 private:
  bool is_terminal_ = false;
  bool drawn_ = false;
};

class RecordingProgress final : public ProgressSink {
 public:
  void Update(const std::string& line) override { lines.push_back(line); }
  void Finish() override { ++finished; }
  std::vector<std::string> lines;
  int finished = 0;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_PROGRESS_H_
