# CPack: two Debian packages from the install components.
#   kinesisctl         the command (bin, man page, bash completion, docs); Depends derived from
#                      the binary by dpkg-shlibdeps
#   libkinesisctl-dev  the static library, headers, CMake package and pkg-config file
# Build them from a built tree with `cpack -G DEB` (or `cmake --build BUILD --target package`).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kinesisctl)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "kinesisctl maintainers <maintainers@kinesisctl.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL runtime development)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME kinesisctl)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# libcurl is loaded with dlopen (src/aws/curl_library.h), so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libcurl4 (>= ${CURL_VERSION_STRING})")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "Administer Amazon Kinesis Data Streams, Salt boto_kinesis style\n\
kinesisctl runs the functions of SaltStack's boto_kinesis module (create_stream, reshard,\n\
enhanced monitoring, retention...) and its present/absent state from the command line,\n\
and serves a local Kinesis-compatible endpoint for development (kinesisctl serve).")

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libkinesisctl-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
  "libcurl4 (>= ${CURL_VERSION_STRING}), libssl-dev, libyaml-cpp-dev, nlohmann-json3-dev")
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION
  "C++20 library behind kinesisctl (static library and headers)\n\
The boto_kinesis functions, the reshard planner and the present/absent engine for C++\n\
programs: find_package(kinesisctl) and link kinesisctl::kinesisctl, or pkg-config kinesisctl.")

include(CPack)
