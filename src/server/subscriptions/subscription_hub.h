// SubscribeToShard's subscriptions. Subscribe() runs the request's checks on the model (the
// router's SubscribeToShard action: consumer ACTIVE, shard, starting position) and AWS's rule
// for one consumer and shard: a second successful call within the window (5 s, or the
// subscription lifetime when shorter) is a ResourceInUseException, a later one takes over and the
// older subscription ends with a ResourceInUseException event; a subscription whose producer is
// dropped without being started (the transport could not send it) frees its consumer and shard
// at once. The answer is a BodyProducer
// (server/http/streaming.h) that, once started by the transport, runs the subscription on its own
// thread: the initial response, then SubscribeToShardEvents as records are stored (woken by
// Notify(), which the router calls after every change, so records go out within milliseconds and
// nothing polls), an empty event at least every heartbeat, ChildShards at the end of a closed
// shard, and the end of the body after the lifetime (AWS: 5 minutes). A stream or consumer that
// goes away ends it with a ResourceNotFoundException event. A peer that disconnects ends it at
// once; Shutdown() ends every subscription and joins its thread.
// Thread-safe.
#ifndef KINESISCTL_SERVER_SUBSCRIPTIONS_SUBSCRIPTION_HUB_H_
#define KINESISCTL_SERVER_SUBSCRIPTIONS_SUBSCRIPTION_HUB_H_

#include <atomic>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "kinesisctl/status.h"
#include "server/http/streaming.h"
#include "server/router.h"
#include "server/subscriptions/change_notifier.h"

namespace kinesisctl::server {

class Subscription;

class SubscriptionHub {
 public:
  struct Options {
    int64_t lifetime_ms = 300'000;  // AWS ends a subscription after 5 minutes
    int64_t heartbeat_ms = 5'000;   // an event, even without records, at least this often
    int64_t window_ms = 5'000;      // a second call for the same consumer and shard is refused
  };

  SubscriptionHub(Router& router, Options options);
  ~SubscriptionHub();  // Shutdown()

  // The producer of the subscription's event stream, or the AWS error to answer instead.
  StatusOr<std::shared_ptr<BodyProducer>> Subscribe(const std::string& region, nlohmann::json body);

  // Wakes every subscription to look for new records or changes.
  void Notify() { notifier_.Notify(); }

  // Ends every subscription (their bodies are aborted) and joins their threads; later
  // subscriptions are aborted as they start.
  void Shutdown();

  // Subscriptions whose thread is still running.
  int Running();

 private:
  friend class Subscription;
  void Launch(const std::shared_ptr<Subscription>& sub, std::shared_ptr<BodyWriter> writer);
  void ReapFinishedLocked();
  // The lease of `key` goes, when the subscription numbered `serial` (never started) holds it.
  void ReleaseUnstarted(const std::string& key, uint64_t serial);

  Router& router_;
  const Options options_;
  ChangeNotifier notifier_;
  std::mutex mu_;
  bool stopping_ = false;
  std::atomic<bool> stopping_flag_{false};  // stopping_, readable without mu_
  std::list<std::shared_ptr<Subscription>> running_;
  struct Lease {
    int64_t granted_ms = 0;
    std::weak_ptr<Subscription> current;
    uint64_t owner = 0;  // the serial number of the subscription granted it
  };
  std::map<std::string, Lease> leases_;  // by consumer ARN + " " + shard id
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_SUBSCRIPTIONS_SUBSCRIPTION_HUB_H_
