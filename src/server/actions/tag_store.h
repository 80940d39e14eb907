// The tag rules every tagging action shares (AddTagsToStream, RemoveTagsFromStream, TagResource,
// UntagResource, RegisterStreamConsumer): the allowed characters, the 50-tags-per-resource limit
// (streams and consumers alike) and the request fields.
// Pure functions over the caller's tag map; thread-safe.
#ifndef KINESISCTL_SERVER_ACTIONS_TAG_STORE_H_
#define KINESISCTL_SERVER_ACTIONS_TAG_STORE_H_

#include <map>
#include <string>

#include "server/actions/context.h"
#include "server/validation/schema.h"

namespace kinesisctl::server {

using TagMap = std::map<std::string, std::string>;

// Merges `tag_map` (a validated JSON object of strings) into `tags`, or changes nothing and
// answers InvalidArgumentException for bad characters or more than 50 tags. `resource` names
// the resource in the messages: "stream NAME" or "consumer NAME".
Status AddTags(const ActionContext& ctx, TagMap& tags, const Json& tag_map,
               const std::string& resource);

// Removes `keys` (a validated JSON array of strings); absent keys are ignored.
Status RemoveTags(const ActionContext& ctx, TagMap& tags, const Json& keys,
                  const std::string& resource);

Field TagsField();     // "Tags": map, 1 to 200 entries, keys 1-128, values 0-256 characters
Field TagKeysField();  // "TagKeys": list, 1 to 50 keys of 1-128 characters

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_TAG_STORE_H_
