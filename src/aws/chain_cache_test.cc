#include <gtest/gtest.h>

#include <sstream>

#include "aws/caching_credentials_provider.h"
#include "aws/chain_credentials_provider.h"
#include "core/log.h"

namespace kinesisctl::aws {
namespace {

// A provider answering from a script and counting calls.
class ScriptedProvider final : public CredentialsProvider {
 public:
  explicit ScriptedProvider(std::vector<StatusOr<std::optional<Credentials>>> answers)
      : answers_(std::move(answers)) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override {
    const size_t i = std::min(calls_, answers_.size() - 1);
    ++calls_;
    return answers_[i];
  }
  size_t calls() const { return calls_; }

 private:
  std::vector<StatusOr<std::optional<Credentials>>> answers_;
  size_t calls_ = 0;
};

Credentials Creds(std::string id, std::optional<TimePoint> expiration = std::nullopt) {
  Credentials c;
  c.access_key_id = std::move(id);
  c.secret_access_key = std::string(1, 's');  // not = "s": GCC 12 -O2 reports a false -Wrestrict
  c.expiration = expiration;
  c.source = "test";
  return c;
}

const StatusOr<std::optional<Credentials>> kMissing = std::optional<Credentials>();

TEST(ChainCredentialsProviderTest, FirstCredentialsWin) {
  auto a = std::make_shared<ScriptedProvider>(std::vector{kMissing});
  auto b = std::make_shared<ScriptedProvider>(
      std::vector<StatusOr<std::optional<Credentials>>>{std::optional(Creds("B"))});
  auto c = std::make_shared<ScriptedProvider>(
      std::vector<StatusOr<std::optional<Credentials>>>{std::optional(Creds("C"))});
  ChainCredentialsProvider chain({{"a", a}, {"b", b}, {"c", c}});
  auto got = chain.GetCredentials();
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->access_key_id, "B");
  EXPECT_EQ(a->calls(), 1u);
  EXPECT_EQ(c->calls(), 0u);
}

TEST(ChainCredentialsProviderTest, BrokenStopsTheChainMissingDoesNot) {
  auto broken =
      std::make_shared<ScriptedProvider>(std::vector<StatusOr<std::optional<Credentials>>>{
          Status(codes::kCredentials, "profile x: keyid given without key")});
  auto later = std::make_shared<ScriptedProvider>(
      std::vector<StatusOr<std::optional<Credentials>>>{std::optional(Creds("LATER"))});
  ChainCredentialsProvider chain({{"broken", broken}, {"later", later}});
  auto got = chain.GetCredentials();
  EXPECT_EQ(got.status().message(), "profile x: keyid given without key");
  EXPECT_EQ(later->calls(), 0u);

  auto m1 = std::make_shared<ScriptedProvider>(std::vector{kMissing});
  auto m2 = std::make_shared<ScriptedProvider>(std::vector{kMissing});
  ChainCredentialsProvider all_missing({{"m1", m1}, {"m2", m2}});
  auto none = all_missing.GetCredentials();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(m2->calls(), 1u);
}

TEST(CachingCredentialsProviderTest, StaticCredentialsAreFetchedOnce) {
  FakeClock clock;
  auto inner = std::make_shared<ScriptedProvider>(
      std::vector<StatusOr<std::optional<Credentials>>>{std::optional(Creds("A"))});
  CachingCredentialsProvider cache(inner, clock);
  for (int i = 0; i < 5; ++i) ASSERT_EQ((*cache.GetCredentials())->access_key_id, "A");
  clock.Advance(std::chrono::hours(1000));
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "A");
  EXPECT_EQ(inner->calls(), 1u);
}

TEST(CachingCredentialsProviderTest, RefreshesBeforeExpiry) {
  FakeClock clock;
  const TimePoint t0 = clock.Now();
  auto inner = std::make_shared<ScriptedProvider>(std::vector<StatusOr<std::optional<Credentials>>>{
      std::optional(Creds("FIRST", t0 + std::chrono::hours(1))),
      std::optional(Creds("SECOND", t0 + std::chrono::hours(2)))});
  CachingCredentialsProvider cache(inner, clock);
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "FIRST");
  clock.Advance(std::chrono::minutes(44));  // 16 min left: still fine
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "FIRST");
  EXPECT_EQ(inner->calls(), 1u);
  clock.Advance(std::chrono::minutes(2));  // 14 min left: refresh, before expiry
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "SECOND");
  EXPECT_EQ(inner->calls(), 2u);
}

TEST(CachingCredentialsProviderTest, FailedRefreshKeepsGoodCredentialsUntilMandatoryWindow) {
  FakeClock clock;
  const TimePoint t0 = clock.Now();
  auto inner = std::make_shared<ScriptedProvider>(std::vector<StatusOr<std::optional<Credentials>>>{
      std::optional(Creds("FIRST", t0 + std::chrono::hours(1))),
      Status(codes::kCredentials, "IMDS down")});
  std::ostringstream log;
  SetLogSink(&log);
  CachingCredentialsProvider cache(inner, clock);
  ASSERT_TRUE(cache.GetCredentials().ok());
  clock.Advance(std::chrono::minutes(48));  // 12 min left: advisory refresh fails
  auto kept = cache.GetCredentials();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ((*kept)->access_key_id, "FIRST");
  clock.Advance(std::chrono::minutes(3));  // 9 min left: mandatory
  auto failed = cache.GetCredentials();
  SetLogSink(nullptr);
  EXPECT_EQ(failed.status().message(), "IMDS down");
  EXPECT_NE(log.str().find("refreshing credentials from test failed"), std::string::npos);
}

TEST(CachingCredentialsProviderTest, ErrorsAreNotCachedMissingIs) {
  FakeClock clock;
  auto flaky = std::make_shared<ScriptedProvider>(std::vector<StatusOr<std::optional<Credentials>>>{
      Status(codes::kCredentials, "transient"), std::optional(Creds("OK"))});
  CachingCredentialsProvider cache(flaky, clock);
  EXPECT_FALSE(cache.GetCredentials().ok());
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "OK");

  auto missing = std::make_shared<ScriptedProvider>(std::vector{kMissing});
  CachingCredentialsProvider cache2(missing, clock);
  EXPECT_FALSE(cache2.GetCredentials()->has_value());
  EXPECT_FALSE(cache2.GetCredentials()->has_value());
  EXPECT_EQ(missing->calls(), 1u);
}

TEST(CachingCredentialsProviderTest, AlreadyExpiredIsAnError) {
  FakeClock clock;
  auto inner = std::make_shared<ScriptedProvider>(std::vector<StatusOr<std::optional<Credentials>>>{
      std::optional(Creds("OLD", clock.Now() - std::chrono::seconds(1)))});
  CachingCredentialsProvider cache(inner, clock);
  EXPECT_EQ(cache.GetCredentials().status().code(), codes::kCredentials);
}

}  // namespace
}  // namespace kinesisctl::aws
