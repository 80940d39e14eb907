// Makes one Kinesis call through MakeKinesisRpc (the production path: environment, config
// file, libcurl) and prints "OK <response json>" or "ERROR <code>: <message>". Used by
// transport_test.py to check TLS verification, AWS_CA_BUNDLE and proxies from the environment.
// Usage: call_tool ENDPOINT OPERATION [max_attempts]. Credentials come from the environment.
#include <iostream>
#include <string>

#include "kinesis/kinesis_rpc.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: call_tool ENDPOINT OPERATION [max_attempts]\n";
    return 2;
  }
  kinesisctl::ConnectionParams params;
  params.endpoint = argv[1];
  kinesisctl::aws::RpcOptions options;
  options.retry.max_attempts = argc > 3 ? std::stoi(argv[3]) : 1;
  options.connect_timeout = std::chrono::seconds(5);
  options.request_timeout = std::chrono::seconds(10);
  auto rpc = kinesisctl::aws::MakeKinesisRpc(params, options);
  if (!rpc.ok()) {
    std::cout << "ERROR " << rpc.status().ToString() << "\n";
    return 1;
  }
  auto result = (*rpc)->Call(argv[2], nlohmann::ordered_json::object(), {});
  if (!result.ok()) {
    std::cout << "ERROR " << result.status().ToString() << "\n";
    return 1;
  }
  std::cout << "OK " << result->dump() << "\n";
  return 0;
}
