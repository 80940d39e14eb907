# The browser console of `kinesisctl serve` (src/server/console): its page, script and style sheet
# are embedded in the binary. At build time cmake/EmbedFiles.cmake turns the files of
# src/server/console/assets into one generated C++ source compiled into kinesisctl_server; editing
# an asset re-runs it. Needs nothing beyond CMake (no npm).
file(GLOB KINESISCTL_CONSOLE_ASSETS CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/src/server/console/assets/*")
list(SORT KINESISCTL_CONSOLE_ASSETS)
set(KINESISCTL_CONSOLE_CC "${PROJECT_BINARY_DIR}/generated/console_assets_data.cc")
add_custom_command(
  OUTPUT "${KINESISCTL_CONSOLE_CC}"
  COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${KINESISCTL_CONSOLE_CC}"
          "-DINPUT_DIR=${PROJECT_SOURCE_DIR}/src/server/console/assets" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
  DEPENDS ${KINESISCTL_CONSOLE_ASSETS} "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
  COMMENT "Embedding the browser console's assets"
  VERBATIM)
target_sources(kinesisctl_server PRIVATE "${KINESISCTL_CONSOLE_CC}")
