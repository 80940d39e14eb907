#include "core/bounded_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace kinesisctl {

StatusOr<std::string> ReadBoundedFile(const std::string& path, const std::string& error_code,
                                      size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status(error_code, "cannot read " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status(error_code, "cannot read " + path + ": not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    return Status(error_code, "cannot read " + path + ": " + std::to_string(st.st_size) +
                                  " bytes, more than the " + std::to_string(max_bytes) +
                                  " bytes accepted");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(error_code, "cannot read " + path + ": " + std::strerror(errno));
  // Read at most one byte past the cap: the file may have grown since stat.
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > max_bytes) {
    return Status(error_code, "cannot read " + path + ": more than the " +
                                  std::to_string(max_bytes) + " bytes accepted");
  }
  return text;
}

}  // namespace kinesisctl
