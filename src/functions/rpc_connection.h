// The real KinesisConnection: each call goes through the typed kinesis::KinesisClient over an
// aws::JsonRpc (SigV4, transport, retry loop). MakeConnection builds one from Options; the
// default clients of the Salt-style functions build one from their RPC factory. Not thread-safe.
#ifndef KINESISCTL_FUNCTIONS_RPC_CONNECTION_H_
#define KINESISCTL_FUNCTIONS_RPC_CONNECTION_H_

#include <memory>

#include "kinesis/json_rpc.h"
#include "kinesis/kinesis_rpc.h"
#include "kinesisctl/kinesis_connection.h"
#include "kinesisctl/options.h"

namespace kinesisctl::admin {

std::shared_ptr<KinesisConnection> MakeRpcConnection(std::unique_ptr<aws::JsonRpc> rpc);

// The RPC options (retry, timeouts, time sources, credentials) that `options` asks for.
aws::RpcOptions ToRpcOptions(const Options& options);

// `options.connection` with the region and endpoint overrides applied.
ConnectionParams ToConnectionParams(const Options& options);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_RPC_CONNECTION_H_
