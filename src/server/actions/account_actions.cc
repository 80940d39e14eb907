// DescribeAccountSettings, UpdateAccountSettings: the account's minimum throughput billing
// commitment in the request's region. Enabling starts a commitment that cannot end before
// ServerConfig::commitment_window_ms has passed; asking to end it sooner leaves it
// ENABLED_UNTIL_EARLIEST_ALLOWED_END, after which it reads DISABLED.
#include "server/actions/actions.h"

namespace kinesisctl::server {
namespace {

Json CommitmentJson(const AccountSettings& a, int64_t now_ms) {
  Json c = {{"Status", a.StatusAt(now_ms)}};
  if (a.started_ms) c["StartedAt"] = TimestampJson(a.started_ms);
  if (a.ended_ms) c["EndedAt"] = TimestampJson(a.ended_ms);
  if (a.earliest_end_ms) c["EarliestAllowedEndAt"] = TimestampJson(a.earliest_end_ms);
  return c;
}

StatusOr<Json> DescribeAccountSettings(ActionContext& ctx, const Json&) {
  return Json{{"MinimumThroughputBillingCommitment",
               CommitmentJson(ctx.region_state().account, ctx.now_ms)}};
}

StatusOr<Json> UpdateAccountSettings(ActionContext& ctx, const Json& req) {
  ctx.undo.SaveAccount(ctx.model, ctx.region);
  AccountSettings& a = ctx.region_state().account;
  const std::string wanted = req["MinimumThroughputBillingCommitment"]["Status"];
  const std::string now = a.StatusAt(ctx.now_ms);
  if (wanted == "ENABLED") {
    if (now == "DISABLED") {
      a.started_ms = ctx.now_ms;
      a.earliest_end_ms = ctx.now_ms + ctx.config.commitment_window_ms;
    }
    a.status = "ENABLED";
    a.ended_ms = 0;
  } else if (now == "ENABLED") {
    if (ctx.now_ms < a.earliest_end_ms) {
      a.status = "ENABLED_UNTIL_EARLIEST_ALLOWED_END";
      a.ended_ms = a.earliest_end_ms;
    } else {
      a.status = "DISABLED";
      a.ended_ms = ctx.now_ms;
    }
  } else if (now == "DISABLED") {
    a.status = "DISABLED";
  }
  ctx.account_dirty = true;
  return Json{{"MinimumThroughputBillingCommitment", CommitmentJson(a, ctx.now_ms)}};
}

}  // namespace

void RegisterAccountActions(std::vector<ActionSpec>& out) {
  Field status{.name = "Status", .type = FieldType::kString, .not_null = true};
  status.enum_values = {"ENABLED", "DISABLED"};
  Field commitment{.name = "MinimumThroughputBillingCommitment",
                   .type = FieldType::kStructure,
                   .not_null = true};
  commitment.members = {status};
  out.push_back({"DescribeAccountSettings", {}, &DescribeAccountSettings, false});
  out.push_back({"UpdateAccountSettings", {commitment}, &UpdateAccountSettings});
}

}  // namespace kinesisctl::server
