#include "functions/reshard_planner.h"

#include <algorithm>
#include <string>
#include <utility>

#include "kinesisctl/layouts.h"

namespace kinesisctl {
namespace {

// An exact value below 2^192, for Salt's q*i + i which Python computes unbounded. Only the
// debug lines ever print a value that does not fit 128 bits.
struct Wide {
  uint64_t hi = 0;  // multiples of 2^128
  uint128 lo = 0;

  bool Fits() const { return hi == 0; }
};

// a*b + c without loss.
Wide MulAdd(uint128 a, uint64_t b, uint64_t c) {
  const uint128 mask = (static_cast<uint128>(1) << 64) - 1;
  const uint128 low = (a & mask) * b;  // < 2^128
  const uint128 high = (a >> 64) * b;  // < 2^128, weighs 2^64
  Wide w;
  w.lo = low + (high << 64);
  uint128 carry = w.lo < low ? 1 : 0;
  const uint128 before = w.lo;
  w.lo += c;
  if (w.lo < before) ++carry;
  w.hi = static_cast<uint64_t>((high >> 64) + carry);
  return w;
}

// Decimal text of a 128-bit value in 19-digit chunks (a few 128-bit divisions instead of one
// per digit: these lines are built on every decision).
std::string Dec(uint128 v) {
  constexpr uint64_t kChunk = 10'000'000'000'000'000'000ULL;
  std::string out;
  while (v >= kChunk) {
    std::string chunk = std::to_string(static_cast<uint64_t>(v % kChunk));
    out.insert(0, std::string(19 - chunk.size(), '0') + chunk);
    v /= kChunk;
  }
  return std::to_string(static_cast<uint64_t>(v)) + out;
}

std::string WideToString(const Wide& w) {
  if (w.Fits()) return Dec(w.lo);
  // Long division of the 192-bit value by 10^19, most significant 64-bit limb first.
  uint64_t limbs[3] = {w.hi, static_cast<uint64_t>(w.lo >> 64), static_cast<uint64_t>(w.lo)};
  constexpr uint64_t kChunk = 10'000'000'000'000'000'000ULL;
  std::string digits;
  while (limbs[0] != 0 || limbs[1] != 0 || limbs[2] != 0) {
    uint128 rem = 0;
    for (uint64_t& limb : limbs) {
      const uint128 cur = (rem << 64) | limb;
      limb = static_cast<uint64_t>(cur / kChunk);
      rem = cur % kChunk;
    }
    std::string chunk = std::to_string(static_cast<uint64_t>(rem));
    const bool more = limbs[0] != 0 || limbs[1] != 0 || limbs[2] != 0;
    if (more) chunk.insert(0, 19 - chunk.size(), '0');
    digits.insert(0, chunk);
  }
  return digits;
}

const char* PyBool(bool b) { return b ? "True" : "False"; }

std::string Str(HashKey k) { return Dec(k.value()); }

std::string FoundLine(const std::vector<OpenShard>& shards, uint128 min_key, uint128 max_key) {
  return "found " + std::to_string(shards.size()) + " open shards, min_hash_key " + Dec(min_key) +
         " max_hash_key " + Dec(max_key);
}

std::string ShouldLine(size_t i, const std::string& id, const char* what, const std::string& at,
                       bool ok) {
  return "Shard " + std::to_string(i) + " (" + id + ") should " + what + " at " + at + ": " +
         PyBool(ok);
}

ReshardOperation Split(const OpenShard& s, uint128 new_start) {
  return {ReshardOperation::Kind::kSplit, s.shard_id, "", HashKey(new_start)};
}

ReshardOperation Merge(const OpenShard& s, const OpenShard& next) {
  return {ReshardOperation::Kind::kMerge, s.shard_id, next.shard_id, HashKey()};
}

std::string SplitLine(const OpenShard& s, uint128 expected_end, bool dry_run) {
  return s.shard_id + " should end at " + Dec(expected_end) + ", actual " + Str(s.end) +
         (dry_run ? " would split" : ", splitting");
}

std::string MergeLine(const OpenShard& s, const OpenShard& next, bool dry_run) {
  return s.shard_id + " should continue past " + Str(s.end) +
         (dry_run ? ", would merge with " : ", merging with ") + next.shard_id;
}

// Salt's loop with Python 2 integer semantics and exact wide arithmetic.
StatusOr<ReshardDecision> DecideSalt(const std::vector<OpenShard>& open, uint64_t d,
                                     uint128 max_key, bool dry_run, ReshardDecision& decision) {
  const uint128 q = max_key / d;  // R = max_key - min_key, and min_key is always 0
  for (size_t i = 0; i < open.size(); ++i) {
    const OpenShard& s = open[i];
    const Wide exp_start = MulAdd(q, i, i);
    // Trap 1: q*(i+1) + i may pass 2^128-1 before Salt's clamp to max_key.
    const Wide exp_end_wide = MulAdd(q, i + 1, i);
    const uint128 exp_end =
        !exp_end_wide.Fits() || exp_end_wide.lo > max_key ? max_key : exp_end_wide.lo;
    const bool start_ok = exp_start.Fits() && exp_start.lo == s.start.value();
    decision.log_lines.push_back(
        ShouldLine(i, s.shard_id, "start", WideToString(exp_start), start_ok));
    decision.log_lines.push_back(
        ShouldLine(i, s.shard_id, "end", Dec(exp_end), s.end.value() == exp_end));
    if (!start_ok) return InvalidInputError("starting hash keys mismatch, don't know what to do!");
    if (s.end.value() == exp_end) continue;
    // Trap 2: exp_end + 1 wraps when exp_end == 2^128-1; Python then finds E > exp_end+1 false.
    if (exp_end != kMaxHashKey && s.end.value() > exp_end + 1) {
      decision.log_lines.push_back(SplitLine(s, exp_end, dry_run));
      decision.operation = Split(s, exp_end + 1);
      return decision;
    }
    if (i + 1 >= open.size()) {
      return InvalidInputError("failed to find next shard after " + s.shard_id);
    }
    decision.log_lines.push_back(MergeLine(s, open[i + 1], dry_run));
    decision.operation = Merge(s, open[i + 1]);
    return decision;
  }
  decision.log_lines.push_back("No split or merge action necessary");
  return decision;
}

uint128 AbsDiff(uint128 a, uint128 b) { return a > b ? a - b : b - a; }

// AWS's layout starts floor(i*2^128/n) for one n, with 2^128 = q*n + r computed once (the same
// arithmetic as AwsLayoutStart, without its per-call 128-bit divisions).
class AwsStarts {
 public:
  explicit AwsStarts(uint64_t n) : n_(n), q_(kMaxHashKey / n), r_(kMaxHashKey % n + 1) {
    if (r_ == n) {
      ++q_;
      r_ = 0;
    }
  }
  uint128 operator()(uint64_t i) const {
    // i*r < n^2: a 64-bit division when n < 2^32.
    const uint128 frac = n_ < (uint64_t{1} << 32)
                             ? static_cast<uint64_t>(i) * static_cast<uint64_t>(r_) / n_
                             : static_cast<uint128>(i) * r_ / n_;
    return static_cast<uint128>(i) * q_ + frac;
  }

 private:
  uint64_t n_;
  uint128 q_;
  uint128 r_;
};

// AWS's layout: shard i ideally ends at floor((i+1)*2^128/n) - 1; the last one at 2^128-1.
StatusOr<ReshardDecision> DecideAws(const std::vector<OpenShard>& open, uint64_t n,
                                    uint128 tolerance, bool dry_run, ReshardDecision& decision) {
  if (tolerance >= kMaxHashKey / n / 2) {
    return InvalidInputError("tolerance " + Uint128ToString(tolerance) + " is too large for " +
                             std::to_string(n) +
                             " shards: it must be less than half a shard's width");
  }
  if (open.empty()) return InvalidInputError("the stream has no open shards");
  const AwsStarts starts(n);
  for (size_t i = 0; i < open.size(); ++i) {
    const uint128 expected_start = i == 0 ? 0 : open[i - 1].end.value() + 1;
    if (open[i].start.value() != expected_start || open[i].end < open[i].start ||
        (i + 1 == open.size() && open[i].end != HashKey::Max())) {
      return InvalidInputError(
          "the open shards do not cover the hash key space 0 .. 2^128-1 without gaps or "
          "overlaps (at shard " +
          open[i].shard_id + "), don't know what to do!");
    }
  }
  for (size_t i = 0; i < open.size(); ++i) {
    const OpenShard& s = open[i];
    const uint128 ideal_start = i < n ? starts(i) : kMaxHashKey;
    const bool last = i + 1 >= n;
    const uint128 ideal_end = last ? kMaxHashKey : starts(i + 1) - 1;
    const bool end_ok =
        last ? s.end.value() == kMaxHashKey : AbsDiff(s.end.value(), ideal_end) <= tolerance;
    decision.log_lines.push_back(ShouldLine(i, s.shard_id, "start", Dec(ideal_start),
                                            AbsDiff(s.start.value(), ideal_start) <= tolerance));
    decision.log_lines.push_back(ShouldLine(i, s.shard_id, "end", Dec(ideal_end), end_ok));
    if (end_ok) continue;
    // Too long (only possible before the last target shard). Like Salt, a shard exactly one key
    // too long is merged rather than split into a 1-key child.
    if (!last && s.end.value() > ideal_end + 1) {
      decision.log_lines.push_back(SplitLine(s, ideal_end, dry_run));
      decision.operation = Split(s, ideal_end + 1);
      return decision;
    }
    // Too short (or one key too long): grow it by its right-hand neighbour, which exists since
    // the shard ends below 2^128-1.
    decision.log_lines.push_back(MergeLine(s, open[i + 1], dry_run));
    decision.operation = Merge(s, open[i + 1]);
    return decision;
  }
  decision.log_lines.push_back("No split or merge action necessary");
  return decision;
}

}  // namespace

StatusOr<ReshardDecision> DecideReshard(const std::vector<OpenShard>& open_shards,
                                        uint64_t desired_size, ReshardLayout layout,
                                        std::optional<uint128> tolerance, bool dry_run,
                                        std::vector<std::string>* lines_on_error) {
  if (desired_size < 1) {
    return InvalidInputError("desired_size must be at least 1, got " +
                             std::to_string(desired_size));
  }
  std::vector<OpenShard> open = open_shards;
  std::stable_sort(open.begin(), open.end(),
                   [](const OpenShard& a, const OpenShard& b) { return a.start < b.start; });
  // Salt: min_hash_key starts at 0 and max_hash_key at 0, then take the min/max over the shards.
  uint128 min_key = 0;
  uint128 max_key = 0;
  for (const OpenShard& s : open) {
    min_key = std::min(min_key, s.start.value());
    max_key = std::max(max_key, s.end.value());
  }
  ReshardDecision decision;
  decision.log_lines.push_back(FoundLine(open, min_key, max_key));
  if (layout == ReshardLayout::kSalt) {
    if (tolerance.has_value() && *tolerance != 0) {
      return InvalidInputError("layout=salt reproduces Salt's layout exactly: tolerance must be 0");
    }
  }
  StatusOr<ReshardDecision> result =
      layout == ReshardLayout::kSalt
          ? DecideSalt(open, desired_size, max_key, dry_run, decision)
          : DecideAws(open, desired_size, tolerance.value_or(desired_size), dry_run, decision);
  if (!result.ok() && lines_on_error != nullptr) *lines_on_error = decision.log_lines;
  return result;
}

}  // namespace kinesisctl
