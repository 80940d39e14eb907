// JSON forms of a Stream and of a region's AccountSettings for storage: every field, including
// closed shards, per-shard sequence state and the pending transition, so a restart restores the
// stream exactly. Pure functions; thread-safe.
#ifndef KINESISCTL_SERVER_MODEL_MODEL_JSON_H_
#define KINESISCTL_SERVER_MODEL_MODEL_JSON_H_

#include <string>

#include "kinesisctl/status.h"
#include "server/model/model.h"

namespace kinesisctl::server {

std::string StreamToJson(const Stream& stream);
StatusOr<Stream> StreamFromJson(const std::string& text);

std::string AccountSettingsToJson(const AccountSettings& settings);
StatusOr<AccountSettings> AccountSettingsFromJson(const std::string& text);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_MODEL_MODEL_JSON_H_
