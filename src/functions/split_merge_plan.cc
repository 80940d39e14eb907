#include "functions/split_merge_plan.h"

#include <algorithm>
#include <string>

namespace kinesisctl {
namespace {

uint128 AbsDiff(uint128 a, uint128 b) { return a > b ? a - b : b - a; }

}  // namespace

StatusOr<std::vector<HashKey>> InnerBoundaries(const std::vector<HashRange>& layout) {
  if (layout.empty()) return InvalidInputError("a layout needs at least one shard");
  std::vector<HashKey> out;
  for (size_t i = 0; i < layout.size(); ++i) {
    const uint128 expected = i == 0 ? 0 : layout[i - 1].end.value() + 1;
    if (layout[i].start.value() != expected || layout[i].end < layout[i].start ||
        (i + 1 == layout.size() && layout[i].end != HashKey::Max())) {
      return InvalidInputError("shard " + std::to_string(i) + " of the layout [" +
                               layout[i].start.ToString() + ", " + layout[i].end.ToString() +
                               "] breaks a contiguous cover of 0 .. 2^128-1");
    }
    if (i > 0) out.push_back(layout[i].start);
  }
  return out;
}

StatusOr<std::vector<BoundaryOp>> PlanSplitMerge(const std::vector<HashRange>& current,
                                                 const std::vector<HashRange>& target,
                                                 uint128 tolerance) {
  KINESISCTL_ASSIGN_OR_RETURN(std::vector<HashKey> have, InnerBoundaries(current));
  KINESISCTL_ASSIGN_OR_RETURN(std::vector<HashKey> want, InnerBoundaries(target));
  for (const HashRange& r : target) {
    if (tolerance >= (r.end.value() - r.start.value()) / 2 && tolerance != 0) {
      return InvalidInputError("tolerance " + Uint128ToString(tolerance) +
                               " is not below half the narrowest target shard");
    }
  }
  // Pair each target boundary with the closest current one within tolerance. The windows
  // [t - tolerance, t + tolerance] are disjoint, so no current boundary is claimed twice and
  // the number of kept boundaries is the largest possible.
  std::vector<bool> kept(have.size(), false);
  std::vector<bool> met(want.size(), false);
  for (size_t t = 0; t < want.size(); ++t) {
    const uint128 w = want[t].value();
    const uint128 low = w > tolerance ? w - tolerance : 0;
    auto it = std::lower_bound(have.begin(), have.end(), HashKey(low));
    size_t best = have.size();
    for (; it != have.end() && AbsDiff(it->value(), w) <= tolerance; ++it) {
      const size_t c = static_cast<size_t>(it - have.begin());
      if (best == have.size() || AbsDiff(it->value(), w) < AbsDiff(have[best].value(), w)) {
        best = c;
      }
    }
    if (best != have.size()) {
      kept[best] = true;
      met[t] = true;
    }
  }
  std::vector<BoundaryOp> plan;
  for (size_t c = 0; c < have.size(); ++c) {
    if (!kept[c]) plan.push_back({BoundaryOp::Kind::kMergeAt, have[c]});
  }
  for (size_t t = 0; t < want.size(); ++t) {
    if (!met[t]) plan.push_back({BoundaryOp::Kind::kSplitAt, want[t]});
  }
  return plan;
}

StatusOr<ReshardOperation> ResolveBoundaryOp(const std::vector<OpenShard>& open,
                                             const BoundaryOp& op) {
  const uint128 k = op.key.value();
  if (op.kind == BoundaryOp::Kind::kSplitAt) {
    for (const OpenShard& s : open) {
      if (s.start.value() < k && k <= s.end.value()) {
        return ReshardOperation{ReshardOperation::Kind::kSplit, s.shard_id, "", op.key};
      }
    }
    return InvalidInputError("no open shard can be split at " + op.key.ToString() +
                             ": the stream's shards changed while resharding");
  }
  const OpenShard* left = nullptr;
  const OpenShard* right = nullptr;
  for (const OpenShard& s : open) {
    if (k > 0 && s.end.value() == k - 1) left = &s;
    if (s.start.value() == k) right = &s;
  }
  if (left == nullptr || right == nullptr) {
    return InvalidInputError("no two open shards meet at " + op.key.ToString() +
                             ": the stream's shards changed while resharding");
  }
  return ReshardOperation{ReshardOperation::Kind::kMerge, left->shard_id, right->shard_id,
                          HashKey()};
}

}  // namespace kinesisctl
