// The Kinesis resource ARNs that TagResource and the resource policy actions take, parsed:
//   arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME
//   arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:CREATION
// and resolved against the model. Pure parsing plus lookups under the router's lock; not
// thread-safe by itself.
#ifndef KINESISCTL_SERVER_ACTIONS_RESOURCE_ARN_H_
#define KINESISCTL_SERVER_ACTIONS_RESOURCE_ARN_H_

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

// The stream a stream ARN names, in the ARN's region. InvalidArgumentException for text that is
// neither a stream nor a consumer ARN; ResourceNotFoundException for another account, a stream
// that does not exist, and (until the server keeps consumers) every consumer ARN. A mutating
// action's stream is marked dirty.
StatusOr<Stream*> ResolveResourceArn(ActionContext& ctx, const std::string& arn);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_RESOURCE_ARN_H_
