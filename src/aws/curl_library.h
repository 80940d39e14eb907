// libcurl, loaded with dlopen on the first HTTP request instead of at program start. libcurl
// pulls in some thirty shared libraries (GnuTLS, Kerberos, LDAP, SSH, ...): about 4 MB of
// resident pages and a good part of the start-up time, which `kinesisctl serve` (one binary
// with the CLI) and programs that never call AWS should not pay. Only the functions kinesisctl
// uses are resolved. Thread-safe: loading happens once.
#ifndef KINESISCTL_AWS_CURL_LIBRARY_H_
#define KINESISCTL_AWS_CURL_LIBRARY_H_

#include <curl/curl.h>

#include "kinesisctl/status.h"

namespace kinesisctl::aws {

struct CurlLibrary {
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  void (*easy_reset)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  curl_version_info_data* (*version_info)(CURLversion);
};

// The loaded and initialised (curl_global_init) library, or a kTransport error naming the
// shared object that could not be loaded and the package that provides it.
StatusOr<const CurlLibrary*> LoadCurl();

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CURL_LIBRARY_H_
