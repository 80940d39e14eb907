// ReadBoundedFile: reads a whole file given by a user (an apply file, a config file, an @FILE
// argument) only when it is a regular file (after symlinks) no larger than a cap, so /dev/zero,
// a FIFO or a huge file fails at once with a message naming the path instead of reading forever.
// Thread-safe (no shared state).
#ifndef KINESISCTL_CORE_BOUNDED_FILE_H_
#define KINESISCTL_CORE_BOUNDED_FILE_H_

#include <cstddef>
#include <string>

#include "kinesisctl/status.h"

namespace kinesisctl {

// The cap for the YAML/JSON files users hand to kinesisctl: far above any real one.
inline constexpr size_t kMaxInputFileBytes = size_t{4} << 20;

// The file's content; `error_code` for a missing, unreadable, non-regular or too large file (the
// message names the path and the reason). A missing file keeps errno's ENOENT in the message.
StatusOr<std::string> ReadBoundedFile(const std::string& path, const std::string& error_code,
                                      size_t max_bytes = kMaxInputFileBytes);

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_BOUNDED_FILE_H_
