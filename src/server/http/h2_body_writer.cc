#include "server/http/h2_body_writer.h"

#include <algorithm>
#include <utility>

namespace kinesisctl::server {

bool H2BodyWriter::Write(std::string bytes) {
  if (bytes.empty()) return open();
  std::unique_lock<std::mutex> lock(mu_);
  drained_.wait(lock, [this] { return closed_ || queued_bytes_ < kMaxQueuedBytes; });
  if (closed_ || ended_) return false;
  queued_bytes_ += bytes.size();
  lock.unlock();
  const int32_t id = stream_id_;
  Post([self = shared_from_this(), id, b = std::move(bytes)](H2Session& session) {
    if (!session.AppendBody(id, b, /*last=*/false).ok()) self->Closed();
  });
  return true;
}

void H2BodyWriter::End() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_ || ended_) return;
    ended_ = true;
  }
  const int32_t id = stream_id_;
  Post([self = shared_from_this(), id](H2Session& session) {
    if (!session.AppendBody(id, {}, /*last=*/true).ok()) self->Closed();
  });
}

void H2BodyWriter::Abort() {
  bool was_open;
  {
    std::lock_guard<std::mutex> lock(mu_);
    was_open = !closed_;
  }
  Closed();
  if (!was_open) return;
  const int32_t id = stream_id_;
  Post([id](H2Session& session) { session.ResetStream(id); });
}

bool H2BodyWriter::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !closed_;
}

bool H2BodyWriter::producing() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !closed_ && !ended_;
}

void H2BodyWriter::OnClose(std::function<void()> callback) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!closed_) {
    on_close_ = std::move(callback);
    return;
  }
  lock.unlock();
  if (callback) callback();
}

void H2BodyWriter::Sent(std::size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queued_bytes_ -= std::min(bytes, queued_bytes_);
  }
  drained_.notify_all();
}

void H2BodyWriter::Closed() {
  std::function<void()> callback;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    callback = std::move(on_close_);
  }
  drained_.notify_all();
  if (callback) callback();
}

void H2BodyWriter::Post(std::function<void(H2Session&)> task) {
  if (auto host = host_.lock()) host->RunOnSession(std::move(task));
}

}  // namespace kinesisctl::server
