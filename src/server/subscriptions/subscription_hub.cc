#include "server/subscriptions/subscription_hub.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "core/log.h"
#include "server/subscriptions/event_stream.h"

namespace kinesisctl::server {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// One subscription: the producer the transport starts, and the thread that streams its events.
class Subscription final : public BodyProducer, public std::enable_shared_from_this<Subscription> {
 public:
  Subscription(SubscriptionHub& hub, std::string region, std::string consumer_arn,
               std::string shard_id, std::string iterator, std::string continuation)
      : hub_(hub),
        region_(std::move(region)),
        consumer_arn_(std::move(consumer_arn)),
        shard_id_(std::move(shard_id)),
        iterator_(std::move(iterator)),
        continuation_(std::move(continuation)) {}

  ~Subscription() override {
    // Never started: the transport refused or dropped the answer, so the consumer and shard are
    // free again at once.
    if (!started_.load()) hub_.ReleaseUnstarted(key_, serial_);
    if (!thread_.joinable()) return;
    // The last reference may be the thread's own, as it ends.
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }

  void Start(std::shared_ptr<BodyWriter> writer) override {
    started_.store(true);
    hub_.Launch(shared_from_this(), std::move(writer));
  }

  const std::string& key() const { return key_; }
  uint64_t serial() const { return serial_; }
  void set_key(std::string key) { key_ = std::move(key); }
  bool finished() const { return finished_.load(); }
  void Supersede() { superseded_.store(true); }

  void Begin(std::shared_ptr<BodyWriter> writer) {
    {
      std::lock_guard<std::mutex> lock(writer_mu_);
      writer_ = std::move(writer);
    }
    SubscriptionHub* hub = &hub_;
    writer_->OnClose([hub] { hub->Notify(); });
    thread_ = std::thread([self = shared_from_this()] { self->Run(); });
  }

  void Abort() {
    std::lock_guard<std::mutex> lock(writer_mu_);
    if (writer_) writer_->Abort();
  }

  void Join() {
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

 private:
  bool Stopping() { return hub_.stopping_flag_.load() || superseded_.load() || !writer_->open(); }

  // Ends the body with an exception event.
  void Fail(const std::string& code, const std::string& message) {
    writer_->Write(ExceptionMessage(code, message));
    writer_->End();
  }

  void Run() {
    RunEvents();
    std::lock_guard<std::mutex> lock(writer_mu_);
    writer_.reset();  // lets the connection go
    finished_.store(true);
  }

  void RunEvents() {
    const auto start = SteadyClock::now();
    const auto end = start + std::chrono::milliseconds(hub_.options_.lifetime_ms);
    const auto heartbeat = std::chrono::milliseconds(hub_.options_.heartbeat_ms);
    if (!writer_->Write(InitialResponseMessage())) return;
    bool first = true;
    auto last_sent = start;
    Router& router = hub_.router_;
    while (true) {
      const uint64_t seen = hub_.notifier_.generation();
      if (hub_.stopping_flag_.load()) {
        writer_->Abort();
        return;
      }
      if (!writer_->open()) return;
      if (superseded_.load()) {
        return Fail("ResourceInUseException", "A newer SubscribeToShard call for consumer " +
                                                  consumer_arn_ + " and shard " + shard_id_ +
                                                  " took over this subscription.");
      }
      const auto now = SteadyClock::now();
      if (now >= end) {
        writer_->End();
        return;
      }
      // The consumer must still be ACTIVE (deregistered, or its stream deleted, ends it).
      auto described =
          router.Dispatch("DescribeStreamConsumer", region_, Json{{"ConsumerARN", consumer_arn_}});
      if (!described.ok()) {
        return Fail(described.status().code(), described.status().message());
      }
      const Json consumer = Json::parse(*described, nullptr, false);
      if (consumer.is_discarded() ||
          consumer["ConsumerDescription"].value("ConsumerStatus", "") != "ACTIVE") {
        return Fail("ResourceNotFoundException",
                    "Consumer " + consumer_arn_ + " is being deregistered.");
      }
      auto page_text = router.Dispatch("GetRecords", region_,
                                       Json{{"ShardIterator", iterator_}, {"Limit", kPageLimit}});
      if (!page_text.ok()) return Fail(page_text.status().code(), page_text.status().message());
      Json page = Json::parse(*page_text, nullptr, false);
      if (page.is_discarded()) return Fail("InternalFailureException", "Internal failure.");
      Json& records = page["Records"];
      const bool end_of_shard = page["NextShardIterator"].is_null();
      if (!records.empty()) continuation_ = records.back()["SequenceNumber"].get<std::string>();
      if (first || end_of_shard || !records.empty() || now - last_sent >= heartbeat) {
        Json event = {{"Records", std::move(records)},
                      {"MillisBehindLatest", page["MillisBehindLatest"]}};
        // At the end of a closed shard: its children, and no continuation (as AWS).
        if (end_of_shard) {
          event["ChildShards"] = page.value("ChildShards", Json::array());
        } else {
          event["ContinuationSequenceNumber"] = continuation_;
        }
        const std::string payload = event.dump(-1, ' ', false, Json::error_handler_t::replace);
        if (!writer_->Write(JsonEventMessage("SubscribeToShardEvent", payload))) return;
        first = false;
        last_sent = SteadyClock::now();
      }
      if (end_of_shard) {
        writer_->End();
        return;
      }
      iterator_ = page["NextShardIterator"].get<std::string>();
      if (page["Records"].size() >= static_cast<size_t>(kPageLimit)) continue;  // more to read
      auto deadline = std::min(end, last_sent + heartbeat);
      // A pending transition (a shard closing, the consumer being deleted) completes lazily on
      // the next request: look again when it is due.
      if (const int64_t due = router.NextDueMs(); due > 0) {
        const int64_t wait_ms = std::max<int64_t>(due - ToMillis(router.clock().Now()), 0) + 1;
        deadline = std::min(deadline, SteadyClock::now() + std::chrono::milliseconds(wait_ms));
      }
      hub_.notifier_.Wait(seen, deadline, [this] { return Stopping(); });
    }
  }

  static constexpr int kPageLimit = 10000;

  SubscriptionHub& hub_;
  const std::string region_;
  const std::string consumer_arn_;
  const std::string shard_id_;
  std::string iterator_;
  std::string continuation_;
  std::string key_;
  std::mutex writer_mu_;  // writer_ is set and reset under it; the thread reads it freely
  std::shared_ptr<BodyWriter> writer_;
  std::thread thread_;
  std::atomic<bool> superseded_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> started_{false};
  // Tells this subscription's lease from an earlier one's (an address may be reused).
  const uint64_t serial_ = NextSerial();

  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1);
  }
};

SubscriptionHub::SubscriptionHub(Router& router, Options options)
    : router_(router), options_(options) {}

SubscriptionHub::~SubscriptionHub() { Shutdown(); }

StatusOr<std::shared_ptr<BodyProducer>> SubscriptionHub::Subscribe(const std::string& region,
                                                                   Json body) {
  const std::string consumer_arn = body.value("ConsumerARN", Json("")).is_string()
                                       ? body.value("ConsumerARN", std::string())
                                       : std::string();
  const std::string shard_id = body.value("ShardId", Json("")).is_string()
                                   ? body.value("ShardId", std::string())
                                   : std::string();
  KINESISCTL_ASSIGN_OR_RETURN(std::string checked,
                              router_.Dispatch("SubscribeToShard", region, body));
  const Json start = Json::parse(checked);
  auto sub = std::make_shared<Subscription>(*this, region, consumer_arn, shard_id,
                                            start["ShardIterator"].get<std::string>(),
                                            start["Continuation"].get<std::string>());
  const std::string key = consumer_arn + " " + shard_id;
  sub->set_key(key);
  const int64_t now = ToMillis(router_.clock().Now());
  const int64_t window = std::min(options_.window_ms, options_.lifetime_ms);
  // Destroyed after the lock is released: the last reference to a subscription that never
  // started releases its lease (ReleaseUnstarted), which takes the lock.
  std::shared_ptr<Subscription> older;
  std::lock_guard<std::mutex> lock(mu_);
  ReapFinishedLocked();
  Lease& lease = leases_[key];
  if (lease.granted_ms > 0 && now - lease.granted_ms < window) {
    return Status("ResourceInUseException",
                  "Another active subscription exists for consumer " + consumer_arn +
                      " and shard " + shard_id + "; wait " + std::to_string(window / 1000.0) +
                      " s after a successful SubscribeToShard before calling it again.",
                  400);
  }
  lease.granted_ms = now;
  older = lease.current.lock();
  if (older) older->Supersede();
  lease.current = sub;
  lease.owner = sub->serial();
  notifier_.Notify();  // the superseded subscription ends now
  return std::shared_ptr<BodyProducer>(sub);
}

void SubscriptionHub::Launch(const std::shared_ptr<Subscription>& sub,
                             std::shared_ptr<BodyWriter> writer) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) {
    writer->Abort();
    return;
  }
  sub->Begin(std::move(writer));
  running_.push_back(sub);
}

void SubscriptionHub::ReleaseUnstarted(const std::string& key, uint64_t serial) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = leases_.find(key);
  if (it != leases_.end() && it->second.owner == serial) leases_.erase(it);
}

void SubscriptionHub::ReapFinishedLocked() {
  for (auto it = running_.begin(); it != running_.end();) {
    if ((*it)->finished()) {
      (*it)->Join();
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = leases_.begin(); it != leases_.end();) {
    // A lease outlives its subscription only for the window.
    const int64_t now = ToMillis(router_.clock().Now());
    if (it->second.current.expired() && now - it->second.granted_ms >= options_.window_ms) {
      it = leases_.erase(it);
    } else {
      ++it;
    }
  }
}

void SubscriptionHub::Shutdown() {
  std::list<std::shared_ptr<Subscription>> running;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    stopping_flag_.store(true);
    running.swap(running_);
  }
  notifier_.Notify();
  for (auto& sub : running) sub->Abort();
  for (auto& sub : running) sub->Join();
}

int SubscriptionHub::Running() {
  std::lock_guard<std::mutex> lock(mu_);
  ReapFinishedLocked();
  return static_cast<int>(running_.size());
}

}  // namespace kinesisctl::server
