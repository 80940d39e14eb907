#include "functions/context.h"

#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "functions/rpc_connection.h"
#include "kinesis/kinesis_rpc.h"

namespace kinesisctl::admin {
namespace {

StatusOr<std::unique_ptr<aws::JsonRpc>> DefaultFactory(const ConnectionParams& params, Clock& clock,
                                                       Sleeper& sleeper, Random& random) {
  aws::RpcOptions options;
  options.clock = &clock;
  options.sleeper = &sleeper;
  options.random = &random;
  return aws::MakeKinesisRpc(params, options);
}

struct State {
  std::mutex mu;
  RpcFactory factory = DefaultFactory;
  Clock* clock = &DefaultClock();
  Sleeper* sleeper = &DefaultSleeper();
  Random* random = &DefaultRandom();
  std::map<std::string, std::unique_ptr<Connection>> cache;
};

State& GetState() {
  static State* state = new State();
  return *state;
}

void Append(std::string& key, const std::optional<std::string>& field) {
  key += field ? "1" + *field : "0";
  key += '\x1f';
}

// Identifies a connection. Stays in memory only; never logged.
std::string CacheKey(const ConnectionParams& p) {
  std::ostringstream thread;
  thread << std::this_thread::get_id();
  std::string key = thread.str() + '\x1f';
  for (const auto* f :
       {&p.region, &p.key, &p.keyid, &p.token, &p.endpoint, &p.profile_name, &p.config_path}) {
    Append(key, *f);
  }
  for (const auto* f : {&p.timeout, &p.connect_timeout}) {
    key += *f ? "1" + std::to_string(**f) : "0";
    key += '\x1f';
  }
  if (p.profile_map) {
    for (const auto& [k, v] : *p.profile_map) key += k + '\x1e' + v + '\x1f';
  }
  return key;
}

}  // namespace

StatusOr<Connection*> GetConnection(const ConnectionParams& params) {
  State& s = GetState();
  const std::string key = CacheKey(params);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.cache.find(key);
  if (it != s.cache.end()) return it->second.get();
  StatusOr<std::unique_ptr<aws::JsonRpc>> rpc = s.factory(params, *s.clock, *s.sleeper, *s.random);
  if (!rpc.ok()) return rpc.status();
  Options options;
  options.connection = params;
  options.clock = s.clock;
  options.sleeper = s.sleeper;
  options.random = s.random;
  auto conn = std::make_unique<Connection>(
      Client(MakeRpcConnection(std::move(rpc).value()), std::move(options)));
  Connection* out = conn.get();
  s.cache.emplace(key, std::move(conn));
  return out;
}

StatusOr<DataRpc> NewDataRpc(const ConnectionParams& params) {
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  StatusOr<std::unique_ptr<aws::JsonRpc>> rpc = s.factory(params, *s.clock, *s.sleeper, *s.random);
  if (!rpc.ok()) return rpc.status();
  return DataRpc{std::move(rpc).value(), s.clock, s.sleeper, s.random};
}

void ClearConnectionCache() {
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  s.cache.clear();
}

ScopedTestContext::ScopedTestContext(RpcFactory factory, Clock& clock, Sleeper& sleeper,
                                     Random& random) {
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  s.cache.clear();
  s.factory = std::move(factory);
  s.clock = &clock;
  s.sleeper = &sleeper;
  s.random = &random;
}

ScopedTestContext::~ScopedTestContext() {
  State& s = GetState();
  std::lock_guard<std::mutex> lock(s.mu);
  s.cache.clear();
  s.factory = DefaultFactory;
  s.clock = &DefaultClock();
  s.sleeper = &DefaultSleeper();
  s.random = &DefaultRandom();
}

}  // namespace kinesisctl::admin
