// libFuzzer target: Salt-style argument handling of the CLI (src/cli/args.*). The input is split
// at '\n' into command-line words; they are joined (flow collections split by the shell), each
// typed as Salt types a word (YAML), and bound to a function with one parameter of every
// ArgType. Any words must give a value or a usage error naming the problem; never a crash, a
// hang or an escaping yaml-cpp exception.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.h"
#include "cli/functions.h"

namespace cli = kinesisctl::cli;

namespace {

const cli::FunctionSpec& Spec() {
  static const auto* spec = [] {
    auto* s = new cli::FunctionSpec;
    s->name = "fuzz_function";
    s->takes_connection = true;
    s->params = {
        {.name = "stream_name", .type = cli::ArgType::kString, .required = true},
        {.name = "count", .type = cli::ArgType::kInt},
        {.name = "flag", .type = cli::ArgType::kBool},
        {.name = "ratio", .type = cli::ArgType::kNumber},
        {.name = "metrics", .type = cli::ArgType::kStringList},
        {.name = "tags", .type = cli::ArgType::kStringMap},
        {.name = "hash_key", .type = cli::ArgType::kHashKey},
        {.name = "anything", .type = cli::ArgType::kAny, .keyword_only = true},
    };
    return s;
  }();
  return *spec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> words;
  while (!rest.empty() && words.size() < 32) {
    const size_t nl = rest.find('\n');
    words.emplace_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  for (const auto& w : words) {
    auto typed = cli::TypeWord(w);
    if (!typed.ok() && typed.status().message().empty()) std::abort();
  }
  auto joined = cli::JoinFlowWords(words);
  if (!joined.ok()) return 0;
  auto args = cli::BindArgs(Spec(), *joined);
  if (!args.ok() && args.status().message().empty()) std::abort();
  return 0;
}
