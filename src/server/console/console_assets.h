// The browser console's files (assets/index.html, console.js, console.css), embedded in the
// binary: cmake/EmbedFiles.cmake generates the definitions below from src/server/console/assets
// at build time. Constant data; thread-safe.
#ifndef KINESISCTL_SERVER_CONSOLE_CONSOLE_ASSETS_H_
#define KINESISCTL_SERVER_CONSOLE_CONSOLE_ASSETS_H_

#include <cstddef>
#include <string_view>

namespace kinesisctl::server {

struct ConsoleAsset {
  std::string_view name;          // "index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view body;
};

extern const ConsoleAsset kConsoleAssets[];
extern const std::size_t kConsoleAssetCount;

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_CONSOLE_CONSOLE_ASSETS_H_
