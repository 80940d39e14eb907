// The Kinesis resource ARNs that TagResource and the resource policy actions take, parsed:
//   arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME
//   arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:CREATION
// and resolved against the model: a stream, or one of a stream's registered consumers, each with
// its own tags and resource policy. Pure parsing plus lookups under the router's lock; not
// thread-safe by itself.
#ifndef KINESISCTL_SERVER_ACTIONS_RESOURCE_ARN_H_
#define KINESISCTL_SERVER_ACTIONS_RESOURCE_ARN_H_

#include <map>
#include <optional>
#include <string>

#include "kinesisctl/status.h"
#include "server/actions/context.h"

namespace kinesisctl::server {

struct ResourceArn {
  enum class Kind { kStream, kConsumer };
  Kind kind = Kind::kStream;
  std::string partition;  // "aws", "aws-cn", ...
  std::string region;
  std::string account;
  std::string stream;
  std::string consumer;  // kConsumer only
  std::string creation;  // kConsumer only: the creation time after the last ':'
};

// nullopt unless `arn` has one of the two shapes above (non-empty names; a consumer's creation
// time all digits).
std::optional<ResourceArn> ParseResourceArn(const std::string& arn);

// What a resource ARN names: a stream, or a consumer of `stream` (then `consumer` is set).
struct Resource {
  Stream* stream = nullptr;
  Consumer* consumer = nullptr;
  std::map<std::string, std::string>* tags = nullptr;  // the resource's own tags
  std::string* policy = nullptr;                       // its resource policy, "" when none
  std::string phrase;  // "stream NAME" or "consumer NAME", for messages
};

// The stream or consumer an ARN names, in the ARN's region. InvalidArgumentException for text
// that is neither a stream nor a consumer ARN; ResourceNotFoundException for another account, a
// stream that does not exist, and a consumer ARN that names no registered consumer (another
// name, or the creation time of a consumer since deregistered and registered again). A mutating
// action's stream (which holds its consumers) is marked dirty.
StatusOr<Resource> ResolveResourceArn(ActionContext& ctx, const std::string& arn);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_RESOURCE_ARN_H_
