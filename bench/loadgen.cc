// kinesisctl_loadgen: the load generator of scripts/bench. It drives any Kinesis-compatible
// server on 127.0.0.1 with keep-alive HTTP/1.1 connections (one per worker thread) and SigV4 on
// every request (src/signing/sigv4.h), and prints one JSON line of results on stdout.
//
//   kinesisctl_loadgen put PORT STREAM RECORDS [--inflight 4] [--batch 500] [--size 100]
//                                               [--max-seconds S]
//   kinesisctl_loadgen get PORT STREAM SHARDS SECONDS
//   --cbor (anywhere): requests and answers in CBOR (application/x-amz-cbor-1.1, as the Java
//   SDK sends them: Data as byte strings) instead of JSON, for the same load.
//
// put: batches of --batch records x --size random bytes with random partition keys, --inflight
// requests in flight, until RECORDS records were sent or --max-seconds passed.
// get: one GetRecords chain (Limit 10000) per shard from TRIM_HORIZON; a chain that reaches the
// tip restarts at TRIM_HORIZON, so re-read records count (so every peer is measured the same way).
// Each worker thread owns its socket; the shared state is atomics plus a mutex-guarded sample
// list.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "signing/credentials.h"
#include "signing/http_transport.h"
#include "signing/sigv4.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace aws = kinesisctl::aws;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

bool g_cbor = false;  // --cbor

// CBOR, written by hand (the load generator links only the library): a head (major type and
// argument), a text string; and reading a text or integer member of an answer.
void CborHead(std::string& out, int major, uint64_t n) {
  const auto m = static_cast<unsigned char>(major << 5);
  if (n < 24) {
    out += static_cast<char>(m | n);
  } else if (n < 256) {
    out += static_cast<char>(m | 24);
    out += static_cast<char>(n);
  } else if (n < 65536) {
    out += static_cast<char>(m | 25);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  } else {
    out += static_cast<char>(m | 26);
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  }
}
void CborText(std::string& out, const std::string& text) {
  CborHead(out, 3, text.size());
  out += text;
}
// The head at `at` (advanced past it): major type and argument; false when cut short.
bool CborRead(const std::string& b, size_t& at, int& major, uint64_t& n) {
  if (at >= b.size()) return false;
  const auto first = static_cast<unsigned char>(b[at++]);
  major = first >> 5;
  const int info = first & 31;
  if (info < 24) {
    n = static_cast<uint64_t>(info);
    return true;
  }
  const int bytes = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
  if (bytes == 0 || at + bytes > b.size()) return false;
  n = 0;
  for (int i = 0; i < bytes; ++i) n = (n << 8) | static_cast<unsigned char>(b[at++]);
  return true;
}
std::string CborKey(const std::string& key) {
  std::string needle;
  CborText(needle, key);
  return needle;
}
std::string CborString(const std::string& body, const std::string& key) {
  size_t at = body.find(CborKey(key));
  if (at == std::string::npos) return "";
  at += key.size() + (key.size() < 24 ? 1 : 2);
  int major;
  uint64_t n;
  if (!CborRead(body, at, major, n) || major != 3 || at + n > body.size()) return "";
  return body.substr(at, n);
}
long CborInt(const std::string& body, const std::string& key) {
  size_t at = body.find(CborKey(key));
  if (at == std::string::npos) return -1;
  at += key.size() + (key.size() < 24 ? 1 : 2);
  int major;
  uint64_t n;
  if (!CborRead(body, at, major, n) || major != 0) return -1;
  return static_cast<long>(n);
}

// A keep-alive HTTP/1.1 connection to 127.0.0.1:port; reconnects when the server closes it.
class Connection {
 public:
  explicit Connection(int port) : port_(port) {}
  ~Connection() { Close(); }

  // Sends a signed Kinesis request; returns the HTTP status (0 on a transport failure) and fills
  // `body`.
  int Call(const std::string& target, const std::string& payload, std::string& body) {
    aws::HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(port_) + "/";
    request.headers = {
        {"Content-Type", g_cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1"},
        {"X-Amz-Target", "Kinesis_20131202." + target}};
    request.body = payload;
    aws::Credentials credentials{"AKIDBENCHKEY", "bench-secret", "", std::nullopt, "bench"};
    auto signed_request = aws::sigv4::SignRequest(request, credentials, "us-east-1", "kinesis",
                                                  std::chrono::system_clock::now());
    if (!signed_request.ok()) return 0;
    std::string wire = "POST / HTTP/1.1\r\n";
    for (const auto& [name, value] : request.headers) wire += name + ": " + value + "\r\n";
    wire += "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n";
    wire += payload;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Connect()) return 0;
      if (SendAll(wire)) {
        const int status = ReadResponse(body);
        if (status > 0) return status;
      }
      Close();  // stale keep-alive connection: retry once on a fresh one
    }
    return 0;
  }

 private:
  bool Connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool SendAll(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }
  bool Fill() {
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  // Reads until `buffer_` holds at least `size` bytes.
  bool Need(size_t size) {
    while (buffer_.size() < size) {
      if (!Fill()) return false;
    }
    return true;
  }
  int ReadResponse(std::string& body) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return 0;
    }
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    if (head.size() < 12) return 0;
    const int status = std::atoi(head.c_str() + 9);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    body.clear();
    if (lower.find("transfer-encoding: chunked") != std::string::npos) {
      for (;;) {
        size_t eol;
        while ((eol = buffer_.find("\r\n")) == std::string::npos) {
          if (!Fill()) return 0;
        }
        const size_t size = std::strtoul(buffer_.c_str(), nullptr, 16);
        buffer_.erase(0, eol + 2);
        if (!Need(size + 2)) return 0;
        body.append(buffer_, 0, size);
        buffer_.erase(0, size + 2);
        if (size == 0) break;
      }
    } else {
      const size_t at = lower.find("content-length:");
      const size_t length =
          at == std::string::npos ? 0 : std::strtoul(lower.c_str() + at + 15, nullptr, 10);
      if (!Need(length)) return 0;
      body.assign(buffer_, 0, length);
      buffer_.erase(0, length);
    }
    if (lower.find("connection: close") != std::string::npos) Close();
    return status;
  }

  int port_;
  int fd_ = -1;
  std::string buffer_;
};

std::string Base64(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < size; i += 3) {
    const uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < size) {
    const uint32_t v = (data[i] << 16) | (i + 1 < size ? data[i + 1] << 8 : 0);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < size ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The string value of "key":"..." in a JSON body (no escapes expected), or "".
std::string JsonString(const std::string& body, const std::string& key) {
  if (g_cbor) return CborString(body, key);
  const std::string needle = "\"" + key + "\":\"";
  size_t at = body.find(needle);
  if (at == std::string::npos) {
    const std::string spaced = "\"" + key + "\": \"";
    at = body.find(spaced);
    if (at == std::string::npos) return "";
    at += spaced.size();
  } else {
    at += needle.size();
  }
  return body.substr(at, body.find('"', at) - at);
}

// The integer value of "key":N in a JSON body, or -1.
long JsonInt(const std::string& body, const std::string& key) {
  if (g_cbor) return CborInt(body, key);
  size_t at = body.find("\"" + key + "\"");
  if (at == std::string::npos) return -1;
  at = body.find(':', at);
  return std::strtol(body.c_str() + at + 1, nullptr, 10);
}

size_t CountOf(const std::string& body, const std::string& needle) {
  size_t count = 0;
  for (size_t at = body.find(needle); at != std::string::npos; at = body.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

struct Samples {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::vector<std::pair<double, long>> completions;  // (seconds since start, records)
  void Add(double latency_ms, double at_s, long records) {
    std::lock_guard lock(mutex);
    latencies_ms.push_back(latency_ms);
    completions.emplace_back(at_s, records);
  }
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  return values[index];
}

void PrintResult(const char* mode, Samples& samples, double seconds, long records, long failed,
                 long errors, long calls) {
  // Throughput in five equal time windows, for the spread.
  std::string segments;
  for (int w = 0; w < 5; ++w) {
    const double from = seconds * w / 5, to = seconds * (w + 1) / 5;
    long in_window = 0;
    for (const auto& [at, n] : samples.completions) {
      if (at >= from && at < to) in_window += n;
    }
    if (w) segments.push_back(',');
    segments += std::to_string(to > from ? in_window / (to - from) : 0.0);
  }
  std::printf(
      "{\"mode\":\"%s\",\"records\":%ld,\"failed\":%ld,\"errors\":%ld,\"calls\":%ld,"
      "\"seconds\":%.3f,\"rate\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"window_rates\":[%s]}\n",
      mode, records, failed, errors, calls, seconds, seconds > 0 ? records / seconds : 0.0,
      Percentile(samples.latencies_ms, 0.5), Percentile(samples.latencies_ms, 0.99),
      segments.c_str());
}

int Put(int port, const std::string& stream, long total, int inflight, int batch, int size,
        double max_seconds) {
  std::atomic<long> next_batch{0}, sent{0}, failed{0}, errors{0};
  const long batches = (total + batch - 1) / batch;
  Samples samples;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < inflight; ++w) {
    workers.emplace_back([&, w] {
      Connection connection(port);
      std::mt19937_64 random(0x5eed + w);
      std::vector<unsigned char> data(size);
      std::string body;
      while (next_batch.fetch_add(1) < batches && Seconds(Clock::now() - start) < max_seconds) {
        std::string payload;
        if (g_cbor) {
          CborHead(payload, 5, 2);
          CborText(payload, "StreamName");
          CborText(payload, stream);
          CborText(payload, "Records");
          CborHead(payload, 4, static_cast<uint64_t>(batch));
          for (int r = 0; r < batch; ++r) {
            for (auto& byte : data) byte = static_cast<unsigned char>(random());
            CborHead(payload, 5, 2);
            CborText(payload, "Data");
            CborHead(payload, 2, data.size());
            payload.append(reinterpret_cast<const char*>(data.data()), data.size());
            CborText(payload, "PartitionKey");
            CborText(payload, std::to_string(random()));
          }
        } else {
          payload = "{\"StreamName\":\"" + stream + "\",\"Records\":[";
          for (int r = 0; r < batch; ++r) {
            for (auto& byte : data) byte = static_cast<unsigned char>(random());
            payload += (r ? ",{\"Data\":\"" : "{\"Data\":\"") + Base64(data.data(), data.size()) +
                       "\",\"PartitionKey\":\"" + std::to_string(random()) + "\"}";
          }
          payload += "]}";
        }
        const auto before = Clock::now();
        const int status = connection.Call("PutRecords", payload, body);
        const auto after = Clock::now();
        if (status != 200) {
          errors.fetch_add(1);
          if (errors.load() == 1)
            std::fprintf(stderr, "PutRecords: HTTP %d %s\n", status, body.substr(0, 300).c_str());
          continue;
        }
        const long failures = std::max(0L, JsonInt(body, "FailedRecordCount"));
        failed.fetch_add(failures);
        sent.fetch_add(batch - failures);
        samples.Add(Seconds(after - before) * 1000, Seconds(after - start), batch - failures);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  PrintResult("put", samples, Seconds(Clock::now() - start), sent.load(), failed.load(),
              errors.load(), static_cast<long>(samples.latencies_ms.size()) + errors.load());
  return errors.load() > 0 && sent.load() == 0 ? 1 : 0;
}

std::string ShardIterator(Connection& connection, const std::string& stream, int shard) {
  char shard_id[32];
  std::snprintf(shard_id, sizeof shard_id, "shardId-%012d", shard);
  std::string body, payload;
  if (g_cbor) {
    CborHead(payload, 5, 3);
    for (const std::string& text :
         {std::string("StreamName"), stream, std::string("ShardId"), std::string(shard_id),
          std::string("ShardIteratorType"), std::string("TRIM_HORIZON")}) {
      CborText(payload, text);
    }
  } else {
    payload = "{\"StreamName\":\"" + stream + "\",\"ShardId\":\"" + shard_id +
              "\",\"ShardIteratorType\":\"TRIM_HORIZON\"}";
  }
  const int status = connection.Call("GetShardIterator", payload, body);
  return status == 200 ? JsonString(body, "ShardIterator") : "";
}

int Get(int port, const std::string& stream, int shards, double seconds) {
  std::atomic<long> records{0}, errors{0}, calls{0};
  Samples samples;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int shard = 0; shard < shards; ++shard) {
    workers.emplace_back([&, shard] {
      Connection connection(port);
      std::string iterator = ShardIterator(connection, stream, shard);
      std::string body;
      while (!iterator.empty() && Seconds(Clock::now() - start) < seconds) {
        const auto before = Clock::now();
        std::string payload;
        if (g_cbor) {
          CborHead(payload, 5, 2);
          CborText(payload, "ShardIterator");
          CborText(payload, iterator);
          CborText(payload, "Limit");
          CborHead(payload, 0, 10000);
        } else {
          payload = "{\"ShardIterator\":\"" + iterator + "\",\"Limit\":10000}";
        }
        const int status = connection.Call("GetRecords", payload, body);
        const auto after = Clock::now();
        calls.fetch_add(1);
        if (status != 200) {
          errors.fetch_add(1);
          if (errors.load() == 1)
            std::fprintf(stderr, "GetRecords: HTTP %d %s\n", status, body.substr(0, 300).c_str());
          iterator = ShardIterator(connection, stream, shard);
          continue;
        }
        const long got = static_cast<long>(
            CountOf(body, g_cbor ? CborKey("SequenceNumber") : "\"SequenceNumber\""));
        records.fetch_add(got);
        samples.Add(Seconds(after - before) * 1000, Seconds(after - start), got);
        iterator = JsonString(body, "NextShardIterator");
        if (got == 0 || JsonInt(body, "MillisBehindLatest") == 0) {
          iterator = ShardIterator(connection, stream, shard);  // at the tip: read again
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  PrintResult("get", samples, Seconds(Clock::now() - start), records.load(), 0, errors.load(),
              calls.load());
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: kinesisctl_loadgen put PORT STREAM RECORDS [--inflight N] [--batch N] "
               "[--size BYTES] [--max-seconds S]\n"
               "       kinesisctl_loadgen get PORT STREAM SHARDS SECONDS\n"
               "       --cbor anywhere: CBOR requests and answers instead of JSON\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--cbor") {
      g_cbor = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (argc < 5) return Usage();
  const std::string mode = argv[1];
  const int port = std::atoi(argv[2]);
  const std::string stream = argv[3];
  if (port <= 0 || port > 65535) return Usage();
  if (mode == "put") {
    int inflight = 4, batch = 500, size = 100;
    double max_seconds = 1e9;
    for (int i = 5; i + 1 < argc; i += 2) {
      const std::string flag = argv[i];
      if (flag == "--inflight")
        inflight = std::atoi(argv[i + 1]);
      else if (flag == "--batch")
        batch = std::atoi(argv[i + 1]);
      else if (flag == "--size")
        size = std::atoi(argv[i + 1]);
      else if (flag == "--max-seconds")
        max_seconds = std::atof(argv[i + 1]);
      else
        return Usage();
    }
    if (inflight < 1 || batch < 1 || batch > 500 || size < 1) return Usage();
    return Put(port, stream, std::atol(argv[4]), inflight, batch, size, max_seconds);
  }
  if (mode == "get") return Get(port, stream, std::atoi(argv[4]), std::atof(argv[5]));
  return Usage();
}
