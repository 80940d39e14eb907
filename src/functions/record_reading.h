// Helpers shared by get_records and tail: the GetShardIterator request for a start position, the
// records of a GetRecords answer, and time conversions. Pure functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_RECORD_READING_H_
#define KINESISCTL_FUNCTIONS_RECORD_READING_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/seconds_text.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/records.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

// GetShardIterator's body; InvalidInput when the position lacks what its type needs.
StatusOr<nlohmann::ordered_json> IteratorRequest(const std::string& stream_name,
                                                 const std::string& shard_id,
                                                 const StartPosition& position);

// The records of a GetRecords answer (Data decoded from base64; a record whose Data is not
// base64 is an InvalidResponse error).
StatusOr<std::vector<ReadRecord>> RecordsOf(const nlohmann::ordered_json& answer,
                                            const std::string& shard_id);

// Seconds as a Duration, saturating (core/seconds_text.h).
using kinesisctl::SecondsToDuration;

// "2026-12-01T18:00:00.123Z" for seconds since the epoch.
std::string FormatIsoMillis(double seconds);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_RECORD_READING_H_
