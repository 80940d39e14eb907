// The characters AWS takes in tag keys and values: ASCII letters and digits, the space,
// _ . / = + - % @, and the letters of U+00C0..U+1FFF and U+2C00..U+D7FF (the ranges kinesalite's
// maintainers recorded against AWS); tabs, newlines, commas, semicolons, colons and text that is
// not UTF-8 are refused. '%' passes the first check and fails a second one, as on AWS. Pure
// functions; thread-safe.
#ifndef KINESISCTL_SERVER_ACTIONS_TAG_TEXT_H_
#define KINESISCTL_SERVER_ACTIONS_TAG_TEXT_H_

#include <string>
#include <vector>

#include "server/actions/context.h"

namespace kinesisctl::server {

bool HasInvalidTagChars(const std::string& text);

// OK, or AWS's InvalidArgumentException for the first bad text: "Some tags contain invalid
// characters. ..." or, for '%', "Failed to VERB RESOURCE under account ... illegal
// characters ...", where `resource` is "stream NAME" or "consumer NAME".
Status CheckTagText(const ActionContext& ctx, const std::vector<std::string>& texts,
                    const std::string& verb, const std::string& resource);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_TAG_TEXT_H_
