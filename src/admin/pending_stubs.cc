// TEMPORARY: stand-ins for DecideReshard (helper `state`) and aws::MakeKinesisRpc (helper `aws`)
// so this branch links before their work is merged. Deleted at the merge of each.
#include "admin/reshard_planner.h"
#include "aws/kinesis_rpc.h"

namespace kinesisctl {
StatusOr<ReshardDecision> DecideReshard(const std::vector<OpenShard>&, uint64_t, ReshardLayout,
                                        std::optional<uint128>, bool) {
  return Status(codes::kInternal, "the reshard planner is not merged yet");
}
namespace aws {
StatusOr<std::unique_ptr<JsonRpc>> MakeKinesisRpc(const ConnectionParams&, const RpcOptions&) {
  return Status(codes::kInternal, "the AWS transport is not merged yet");
}
}  // namespace aws
}  // namespace kinesisctl
