#include "aws/curl_library.h"

#include <dlfcn.h>

#include <string>

namespace kinesisctl::aws {
namespace {

// The soname of libcurl 7.16 and later (Debian: libcurl4).
constexpr char kSoname[] = "libcurl.so.4";

template <typename Fn>
bool Resolve(void* handle, const char* name, Fn& out, std::string& missing) {
  out = reinterpret_cast<Fn>(dlsym(handle, name));
  if (out == nullptr) missing += (missing.empty() ? "" : ", ") + std::string(name);
  return out != nullptr;
}

StatusOr<const CurlLibrary*> Load() {
  static CurlLibrary lib;
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Status(codes::kTransport,
                  std::string("cannot load ") + kSoname +
                      " (install the package libcurl4): " + (why ? why : "unknown error"));
  }
  std::string missing;
  CURLcode (*global_init)(long) = nullptr;
  Resolve(handle, "curl_global_init", global_init, missing);
  Resolve(handle, "curl_easy_init", lib.easy_init, missing);
  Resolve(handle, "curl_easy_cleanup", lib.easy_cleanup, missing);
  Resolve(handle, "curl_easy_reset", lib.easy_reset, missing);
  Resolve(handle, "curl_easy_setopt", lib.easy_setopt, missing);
  Resolve(handle, "curl_easy_perform", lib.easy_perform, missing);
  Resolve(handle, "curl_easy_getinfo", lib.easy_getinfo, missing);
  Resolve(handle, "curl_easy_strerror", lib.easy_strerror, missing);
  Resolve(handle, "curl_slist_append", lib.slist_append, missing);
  Resolve(handle, "curl_slist_free_all", lib.slist_free_all, missing);
  Resolve(handle, "curl_version_info", lib.version_info, missing);
  if (!missing.empty()) {
    return Status(codes::kTransport,
                  std::string(kSoname) + " lacks functions kinesisctl needs: " + missing);
  }
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    return Status(codes::kTransport, "libcurl could not be initialised (curl_global_init)");
  }
  return &lib;
}

}  // namespace

StatusOr<const CurlLibrary*> LoadCurl() {
  // The handle stays open for the life of the process, like a linked library.
  static const StatusOr<const CurlLibrary*> loaded = Load();
  return loaded;
}

}  // namespace kinesisctl::aws
