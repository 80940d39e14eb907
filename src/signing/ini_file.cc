#include "signing/ini_file.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kinesisctl::aws {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

StatusOr<IniFile> ParseIni(std::string_view text, std::string_view source) {
  IniFile file;
  IniSection* section = nullptr;
  std::string* last_value = nullptr;
  int number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') {
      if (end == text.size()) break;
      continue;
    }
    const auto error = [&](const std::string& why) {
      return Status(codes::kConfig,
                    std::string(source) + " line " + std::to_string(number) + ": " + why);
    };
    if (std::isspace(static_cast<unsigned char>(line.front()))) {
      if (last_value == nullptr) return error("indented line outside a key");
      last_value->append("\n").append(trimmed);
    } else if (trimmed.front() == '[') {
      if (trimmed.back() != ']') return error("unterminated section header");
      const std::string name(Trim(trimmed.substr(1, trimmed.size() - 2)));
      if (name.empty()) return error("empty section name");
      section = &file[name];
      last_value = nullptr;
    } else {
      const size_t sep = trimmed.find_first_of("=:");
      if (sep == std::string_view::npos) return error("expected 'key = value'");
      if (section == nullptr) return error("key outside a [section]");
      const std::string key = Lower(Trim(trimmed.substr(0, sep)));
      if (key.empty()) return error("empty key");
      last_value = &((*section)[key] = std::string(Trim(trimmed.substr(sep + 1))));
    }
    if (end == text.size()) break;
  }
  return file;
}

StatusOr<std::optional<IniFile>> LoadIniFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::optional<IniFile>();
    return Status(codes::kConfig, "cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  KINESISCTL_ASSIGN_OR_RETURN(IniFile file, ParseIni(content.str(), path));
  return std::optional<IniFile>(std::move(file));
}

}  // namespace kinesisctl::aws
