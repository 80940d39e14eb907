// libFuzzer target: every public function, called for real through the CLI's function table,
// against a fake transport that answers with the fuzz input's bytes; nothing leaves the process.
//
// Input (text, so seeds are written by hand): CLI words, one per line, the first naming the
// function (an unknown name picks one of the table by its bytes); then a line "--" and the
// answers the "service" gives, one per request in order, separated by lines "==". An answer's
// first line is "STATUS [ErrorType]" (e.g. "200", "400 ResourceNotFoundException") or one of
// "reset" / "timeout" (a transport failure); the rest is the body. Once the answers run out,
// every request fails as a reset connection (so retries and waits end; time is a fake clock).
// File arguments (apply FILE, @FILE) are read as given: read-only, regular files of at most 4 MiB.
//
// Oracle beyond "no crash, no hang, no sanitizer report": binding gives a value or a usage error
// with a message; no exception escapes a function (the public API promises none); every result
// is a JSON object that renders as YAML and JSON.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "aws/static_credentials_provider.h"
#include "cli/args.h"
#include "cli/functions.h"
#include "cli/output.h"
#include "core/log.h"
#include "functions/context.h"
#include "kinesis/kinesis_json_rpc.h"
#include "kinesisctl/clock.h"

namespace {

namespace aws = kinesisctl::aws;
namespace cli = kinesisctl::cli;
using kinesisctl::Duration;
using kinesisctl::Status;
using kinesisctl::StatusOr;

std::deque<StatusOr<aws::HttpResponse>>& Answers() {
  static auto* answers = new std::deque<StatusOr<aws::HttpResponse>>();
  return *answers;
}

// put_records sends from several threads (one per call in flight): they take turns at the
// answers and the fake clock.
std::mutex& FakeMutex() {
  static auto* mu = new std::mutex();
  return *mu;
}

// The only transport the functions get: answers from the input, never a socket.
class InputTransport final : public aws::HttpTransport {
 public:
  StatusOr<aws::HttpResponse> Send(const aws::HttpRequest&, Duration) override {
    std::lock_guard<std::mutex> lock(FakeMutex());
    if (Answers().empty()) {
      return Status(kinesisctl::codes::kTransport, "connection reset by the fuzz input");
    }
    auto answer = std::move(Answers().front());
    Answers().pop_front();
    return answer;
  }
};

kinesisctl::FakeClock& Clock() {
  static auto* clock = new kinesisctl::FakeClock();
  return *clock;
}

// The fake clock, one thread at a time.
class LockedClock final : public kinesisctl::Clock, public kinesisctl::Sleeper {
 public:
  kinesisctl::TimePoint Now() override {
    std::lock_guard<std::mutex> lock(FakeMutex());
    return ::Clock().Now();
  }
  void SleepFor(Duration d) override {
    std::lock_guard<std::mutex> lock(FakeMutex());
    ::Clock().SleepFor(d);
  }
};

class FixedRandom final : public kinesisctl::Random {
 public:
  double Uniform01() override { return 0.5; }
};

StatusOr<std::unique_ptr<aws::JsonRpc>> FuzzRpc(const kinesisctl::ConnectionParams&,
                                                kinesisctl::Clock& clock,
                                                kinesisctl::Sleeper& sleeper,
                                                kinesisctl::Random& random) {
  aws::KinesisRpcConfig config;
  config.endpoint = "http://fuzz.invalid/";  // never resolved: the transport is InputTransport
  config.region = "us-east-1";
  config.credentials = std::make_shared<aws::StaticCredentialsProvider>("AKIDFUZZ", "fuzzsecret",
                                                                        std::nullopt, "fuzz");
  config.retry.max_attempts = 3;  // retries are exercised; fewer keep each input fast
  return aws::NewKinesisJsonRpc(config, std::make_unique<InputTransport>(), clock, sleeper, random);
}

std::vector<std::string_view> Split(std::string_view text, std::string_view separator,
                                    size_t limit) {
  std::vector<std::string_view> out;
  while (out.size() < limit) {
    const size_t at = text.find(separator);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + separator.size());
  }
  return out;
}

StatusOr<aws::HttpResponse> ParseAnswer(std::string_view answer) {
  const size_t nl = answer.find('\n');
  const std::string_view head = answer.substr(0, nl);
  const std::string_view body = nl == std::string_view::npos ? "" : answer.substr(nl + 1);
  if (head == "reset" || head == "timeout") {
    return Status(kinesisctl::codes::kTransport, std::string(head) + " from the fuzz input");
  }
  aws::HttpResponse response;
  response.status = 200;
  const size_t space = head.find(' ');
  const std::string_view code = head.substr(0, space);
  int status = 0;
  for (char c : code.substr(0, 3)) {
    if (c < '0' || c > '9') break;
    status = status * 10 + (c - '0');
  }
  if (status >= 100 && status <= 599) response.status = status;
  if (space != std::string_view::npos) {
    response.headers.emplace_back("x-amzn-ErrorType", std::string(head.substr(space + 1)));
  }
  response.headers.emplace_back("x-amzn-RequestId", "fuzz-request");
  response.body = std::string(body);
  return response;
}

const cli::FunctionSpec& PickFunction(std::string_view name) {
  if (const cli::FunctionSpec* spec = cli::FindFunction(name)) return *spec;
  uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  const auto& all = cli::AllFunctions();
  return *all[h % all.size()];
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kinesisctl::SetLogLevel(kinesisctl::LogLevel::kError);
  // put_records without data reads standard input: give it an empty one, never the terminal.
  if (std::freopen("/dev/null", "r", stdin) == nullptr) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find("\n--\n");
  const std::string_view words_text = input.substr(0, split);
  const std::string_view answers_text =
      split == std::string_view::npos ? std::string_view() : input.substr(split + 4);
  std::vector<std::string> words;
  for (std::string_view w : Split(words_text, "\n", 24)) words.emplace_back(w);
  if (words.empty()) return 0;
  Answers().clear();
  if (!answers_text.empty()) {
    for (std::string_view a : Split(answers_text, "\n==\n", 64))
      Answers().push_back(ParseAnswer(a));
  }

  const cli::FunctionSpec& spec = PickFunction(words[0]);
  words.erase(words.begin());
  auto joined = cli::JoinFlowWords(words);
  if (!joined.ok()) {
    if (joined.status().message().empty()) std::abort();
    return 0;
  }
  auto args = cli::BindArgs(spec, *joined);
  if (!args.ok()) {
    if (args.status().message().empty()) std::abort();
    return 0;
  }
  if (spec.validate && !spec.validate(*args).empty()) return 0;
  static FixedRandom random;
  static LockedClock clock;
  const kinesisctl::admin::ScopedTestContext context(FuzzRpc, clock, clock, random);
  kinesisctl::Result result;
  try {
    result = spec.handler(*args);
  } catch (const std::exception& e) {
    fprintf(stderr, "%s: exception escaped: %s\n", spec.name.c_str(), e.what());
    std::abort();
  }
  if (!result.is_object()) std::abort();
  (void)cli::Render(result, cli::OutputFormat::kYaml);
  (void)cli::Render(result, cli::OutputFormat::kJson);
  if (spec.render_text) (void)spec.render_text(result);
  if (spec.exit_status) (void)spec.exit_status(result);
  return 0;
}
