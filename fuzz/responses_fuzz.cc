// libFuzzer target: every answer parser of kinesisctl/responses.h on any JSON document (the input
// as JSON, and the same value under each action's wrapper member, so the fuzzer reaches the
// nested shapes quickly). A parser either succeeds or returns an InvalidResponse Status with a
// message; it never throws, crashes or reads out of bounds.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kinesisctl/responses.h"

namespace {

template <typename T>
void Expect(const kinesisctl::StatusOr<T>& result) {
  if (result.ok()) return;
  if (result.status().code() != kinesisctl::codes::kInvalidResponse) std::abort();
  if (result.status().message().empty()) std::abort();
}

void ParseAll(const kinesisctl::Document& answer) {
  using namespace kinesisctl;  // NOLINT(build/namespaces)
  Expect(ParseDescribeStreamResponse(answer));
  Expect(ParseDescribeStreamSummaryResponse(answer));
  Expect(ParseListShardsResponse(answer));
  Expect(ParseListStreamsResponse(answer));
  Expect(ParseListTagsForStreamResponse(answer));
  Expect(ParseDescribeLimitsResponse(answer));
  Expect(ParseEnhancedMonitoringResponse(answer, "EnableEnhancedMonitoring"));
  Expect(ParseUpdateShardCountResponse(answer));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const kinesisctl::Document answer =
      kinesisctl::Document::parse(text, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) return 0;
  ParseAll(answer);
  ParseAll(kinesisctl::Document{{"StreamDescription", answer}});
  ParseAll(kinesisctl::Document{{"StreamDescriptionSummary", answer}});
  return 0;
}
