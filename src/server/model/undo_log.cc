#include "server/model/undo_log.h"

namespace kinesisctl::server {
namespace {

const Stream* Find(const Model& model, const std::string& region, const std::string& name) {
  auto r = model.regions.find(region);
  if (r == model.regions.end()) return nullptr;
  auto s = r->second.streams.find(name);
  return s == r->second.streams.end() ? nullptr : &s->second;
}

}  // namespace

void UndoLog::SaveStream(const Model& model, const std::string& region, const std::string& name) {
  Key key{region, name};
  if (streams_.count(key)) return;
  const Stream* s = Find(model, region, name);
  streams_.emplace(std::move(key), s ? std::optional<Stream>(*s) : std::nullopt);
}

void UndoLog::SaveSequences(const Stream& stream) {
  Key key{stream.region, stream.name};
  if (streams_.count(key) || sequences_.count(key)) return;
  std::vector<SequenceState> saved;
  saved.reserve(stream.shards.size());
  for (const Shard& sh : stream.shards) {
    saved.push_back({sh.last_ms, sh.last_counter, sh.last_arrival_ms});
  }
  sequences_.emplace(std::move(key), std::move(saved));
}

void UndoLog::SaveAccount(const Model& model, const std::string& region) {
  if (accounts_.count(region)) return;
  auto r = model.regions.find(region);
  accounts_.emplace(region, r == model.regions.end() ? AccountSettings{} : r->second.account);
}

void UndoLog::Restore(Model& model) {
  for (auto& [region, account] : accounts_) model.regions[region].account = std::move(account);
  // Whole images first: a stream saved whole after its counters moved gets them back below.
  for (auto& [key, image] : streams_) {
    auto& streams = model.regions[key.first].streams;
    if (image) {
      streams.insert_or_assign(key.second, std::move(*image));
    } else {
      streams.erase(key.second);
    }
  }
  for (const auto& [key, saved] : sequences_) {
    auto r = model.regions.find(key.first);
    if (r == model.regions.end()) continue;
    auto s = r->second.streams.find(key.second);
    if (s == r->second.streams.end()) continue;
    std::vector<Shard>& shards = s->second.shards;
    for (size_t i = 0; i < saved.size() && i < shards.size(); ++i) {
      shards[i].last_ms = saved[i].last_ms;
      shards[i].last_counter = saved[i].last_counter;
      shards[i].last_arrival_ms = saved[i].last_arrival_ms;
    }
  }
  streams_.clear();
  sequences_.clear();
  accounts_.clear();
}

}  // namespace kinesisctl::server
