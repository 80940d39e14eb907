#include "kinesis/kinesis_rpc.h"

#include "aws/connection_resolver.h"
#include "aws/curl_transport.h"
#include "aws/environment.h"
#include "core/log.h"
#include "kinesis/kinesis_json_rpc.h"
#include "signing/url.h"

namespace kinesisctl::aws {

StatusOr<std::unique_ptr<JsonRpc>> MakeKinesisRpc(const ConnectionParams& params,
                                                  const RpcOptions& options) {
  const Environment& env = DefaultEnvironment();
  ResolveContext context;
  context.env = &env;
  context.clock = options.clock;
  context.random = options.random;
  KINESISCTL_ASSIGN_OR_RETURN(ResolvedConnection connection, ResolveConnection(params, context));
  KINESISCTL_ASSIGN_OR_RETURN(const Url url, ParseUrl(connection.endpoint));
  LogDebug("kinesis endpoint " + url.Origin() + " (" + connection.endpoint_source + "), region " +
           connection.region + " (" + connection.region_source + ")");
  CurlTransportOptions transport;
  transport.connect_timeout = connection.connect_timeout.value_or(options.connect_timeout);
  transport.ca_bundle = env.Get("AWS_CA_BUNDLE").value_or("");
  transport.proxy = ProxyFromEnvironment(env, url.scheme);
  KinesisRpcConfig config;
  config.endpoint = connection.endpoint;
  config.region = connection.region;
  config.credentials =
      options.credentials ? options.credentials : std::move(connection.credentials);
  config.retry = options.retry;
  config.request_timeout = options.request_timeout;
  config.call_timeout = connection.call_timeout.value_or(options.call_timeout);
  return NewKinesisJsonRpc(std::move(config), std::make_unique<CurlTransport>(transport),
                           options.clock ? *options.clock : DefaultClock(),
                           options.sleeper ? *options.sleeper : DefaultSleeper(),
                           options.random ? *options.random : DefaultRandom());
}

}  // namespace kinesisctl::aws
