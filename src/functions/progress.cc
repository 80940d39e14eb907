#include "functions/progress.h"

#include <unistd.h>

#include <cstdio>

namespace kinesisctl::admin {

TerminalProgress::TerminalProgress() : is_terminal_(isatty(STDERR_FILENO) == 1) {}

void TerminalProgress::Update(const std::string& line) {
  if (!is_terminal_) return;
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void TerminalProgress::Finish() {
  if (!is_terminal_ || !drawn_) return;
  std::fputs("\n", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace kinesisctl::admin
