#include "kinesisctl/status.h"

#include <gtest/gtest.h>

namespace kinesisctl {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidInputError("odd: " + std::to_string(x));
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  KINESISCTL_ASSIGN_OR_RETURN(int half, Half(x));
  KINESISCTL_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  KINESISCTL_RETURN_IF_ERROR(Half(x));
  return OkStatus();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(OkStatus().ok());
  EXPECT_EQ(OkStatus().ToString(), "OK");
  const Status s("ResourceNotFoundException", "Stream x not found.", 400, "req-1");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "ResourceNotFoundException: Stream x not found.");
  EXPECT_EQ(s.http_status(), 400);
  EXPECT_EQ(s.request_id(), "req-1");
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd: 3");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), codes::kInvalidInput);
}

TEST(StatusTest, StatusOrFromOkStatusIsAnInternalError) {
  StatusOr<int> s = OkStatus();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), codes::kInternal);
}

}  // namespace
}  // namespace kinesisctl
