#include "functions/py_repr.h"

#include <gtest/gtest.h>

namespace kinesisctl::admin {
namespace {

TEST(PyReprTest, StringsListsDictsAndErrors) {
  EXPECT_EQ(PyRepr(std::string("abc")), "'abc'");
  EXPECT_EQ(PyRepr(std::string("it's")), "\"it's\"");
  EXPECT_EQ(PyRepr(std::string("it's \"x\"")), "'it\\'s \"x\"'");
  EXPECT_EQ(PyRepr(std::string("a\\b\n")), "'a\\\\b\\n'");
  EXPECT_EQ(PyRepr(std::vector<std::string>{}), "[]");
  EXPECT_EQ(PyRepr(std::vector<std::string>{"IncomingBytes", "OutgoingBytes"}),
            "['IncomingBytes', 'OutgoingBytes']");
  EXPECT_EQ(PyRepr(std::map<std::string, std::string>{{"b", "2"}, {"a", "1"}}),
            "{'a': '1', 'b': '2'}");
  EXPECT_EQ(PyError(Status("ResourceNotFoundException", "Stream x not found.")),
            "{'Code': 'ResourceNotFoundException', 'Message': 'Stream x not found.'}");
  EXPECT_EQ(PyError(Status(codes::kRetriesExhausted, "Tried to execute function x 18 times")),
            "Tried to execute function x 18 times");
}

}  // namespace
}  // namespace kinesisctl::admin
