// Rendering of a function's result for stdout: YAML (the default, as Salt's yaml outputter
// writes it) or JSON (one document, newline-terminated). Strings that YAML would read back as
// another type (numbers, booleans, null, hash keys) are quoted, so hash keys stay exact text.
// Pure functions; thread-safe.
#ifndef KINESISCTL_CLI_OUTPUT_H_
#define KINESISCTL_CLI_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace kinesisctl::cli {

enum class OutputFormat { kYaml, kJson };

std::string RenderYaml(const nlohmann::ordered_json& doc);
std::string RenderJson(const nlohmann::ordered_json& doc);
std::string Render(const nlohmann::ordered_json& doc, OutputFormat format);

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_OUTPUT_H_
