#include "aws/connection_resolver.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "aws/aws_shared_files.h"
#include "aws/caching_credentials_provider.h"
#include "aws/chain_credentials_provider.h"
#include "aws/container_credentials_provider.h"
#include "aws/curl_transport.h"
#include "aws/environment_credentials_provider.h"
#include "aws/imds_credentials_provider.h"
#include "aws/profile_credentials_provider.h"
#include "aws/salt_config.h"
#include "aws/static_credentials_provider.h"
#include "core/log.h"
#include "signing/url.h"

namespace kinesisctl::aws {
namespace {

std::optional<std::string> ValueOf(const std::map<std::string, std::string>& values,
                                   const std::string& key) {
  const auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool ValidRegion(const std::string& region) {
  return !region.empty() && region.size() <= 64 &&
         std::all_of(region.begin(), region.end(), [](unsigned char c) {
           return std::islower(c) || std::isdigit(c) || c == '-';
         });
}

std::unique_ptr<HttpTransport> DefaultMetadataTransport() {
  CurlTransportOptions options;
  options.connect_timeout = std::chrono::seconds(1);  // never through a proxy
  return std::make_unique<CurlTransport>(options);
}

// What a `profile` argument resolved to.
struct ProfileChoice {
  std::optional<std::map<std::string, std::string>> values;  // a mapping or our config entry
  std::optional<std::string> aws_profile;                    // fallback: an AWS profile
  std::optional<IniSection> aws_values;
  std::string description;
};

StatusOr<ProfileChoice> ChooseProfile(const ConnectionParams& params,
                                      const std::optional<SaltConfig>& config,
                                      const Environment& env) {
  ProfileChoice choice;
  if (params.profile_map) {
    choice.values = *params.profile_map;
    choice.description = "profile mapping";
    return choice;
  }
  if (!params.profile_name || params.profile_name->empty()) return choice;
  const std::string& name = *params.profile_name;
  if (config) {
    if (const auto it = config->profiles.find(name); it != config->profiles.end()) {
      choice.values = it->second;
      choice.description = "profile '" + name + "' of " + config->path;
      return choice;
    }
  }
  KINESISCTL_ASSIGN_OR_RETURN(auto aws, FindAwsProfile(env, name));
  if (!aws) {
    return Status(
        codes::kConfig,
        "profile '" + name + "' not found: it is not a top-level entry of " +
            (config ? "config file " + config->path : "a kinesisctl config file (none found)") +
            ", nor a profile in " + AwsCredentialsFilePath(env) + " or " + AwsConfigFilePath(env));
  }
  choice.aws_profile = name;
  choice.aws_values = std::move(aws);
  choice.description = "AWS profile '" + name + "'";
  return choice;
}

}  // namespace

std::string DefaultKinesisEndpoint(const std::string& region) {
  const bool china = region.starts_with("cn-");
  return "https://kinesis." + region + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

StatusOr<ResolvedConnection> ResolveConnection(const ConnectionParams& params,
                                               const ResolveContext& context) {
  const Environment& env = context.env ? *context.env : DefaultEnvironment();
  Clock& clock = context.clock ? *context.clock : DefaultClock();
  Random& random = context.random ? *context.random : DefaultRandom();
  KINESISCTL_ASSIGN_OR_RETURN(const auto config,
                              LoadSaltConfig(params.config_path, env, context.system_config_path));
  KINESISCTL_ASSIGN_OR_RETURN(const ProfileChoice profile, ChooseProfile(params, config, env));
  const std::map<std::string, std::string> no_values;
  const auto& profile_values = profile.values ? *profile.values : no_values;
  const auto& config_values = config ? config->kinesis : no_values;
  ResolvedConnection out;

  // Region: argument, profile, kinesis.region, AWS_REGION, AWS_DEFAULT_REGION, AWS profile.
  std::optional<std::string> region;
  const auto pick_region = [&](std::optional<std::string> value, std::string source) {
    if (!region && value && !value->empty()) {
      region = std::move(value);
      out.region_source = std::move(source);
    }
  };
  pick_region(params.region, "argument");
  pick_region(ValueOf(profile_values, "region"), profile.description);
  pick_region(ValueOf(config_values, "region"), "kinesis.region");
  pick_region(env.Get("AWS_REGION"), "AWS_REGION");
  pick_region(env.Get("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION");
  if (!region) {
    if (profile.aws_values) {
      pick_region(ValueOf(*profile.aws_values, "region"), profile.description);
    } else {
      const std::string name = AwsProfileFromEnvironment(env).value_or("default");
      KINESISCTL_ASSIGN_OR_RETURN(const auto aws, FindAwsProfile(env, name));
      if (aws) pick_region(ValueOf(*aws, "region"), "AWS profile '" + name + "'");
    }
  }
  if (!region) LogInfo("Assuming default region us-east-1");
  pick_region(std::string("us-east-1"), "default");
  out.region = *region;
  if (!ValidRegion(out.region)) {
    return InvalidInputError("invalid region '" + out.region + "' (from " + out.region_source +
                             "): expected a name such as us-east-1");
  }

  // Endpoint: argument, profile, kinesis.endpoint, AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL.
  const bool ignore_env = env.IsTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  const std::pair<std::optional<std::string>, std::string> endpoints[] = {
      {params.endpoint, "argument"},
      {ValueOf(profile_values, "endpoint"), profile.description},
      {ValueOf(config_values, "endpoint"), "kinesis.endpoint"},
      {ignore_env ? std::nullopt : env.Get("AWS_ENDPOINT_URL_KINESIS"), "AWS_ENDPOINT_URL_KINESIS"},
      {ignore_env ? std::nullopt : env.Get("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"},
  };
  for (const auto& [value, source] : endpoints) {
    if (value && !value->empty()) {
      out.endpoint = *value;
      out.endpoint_source = source;
      break;
    }
  }
  if (out.endpoint.empty()) {
    out.endpoint = DefaultKinesisEndpoint(out.region);
    out.endpoint_source = "regional AWS endpoint";
  }
  if (auto url = ParseUrl(out.endpoint); !url.ok()) {
    return InvalidInputError("endpoint from " + out.endpoint_source + ": " +
                             url.status().message());
  }

  // Timeouts: argument, profile, kinesis.* config key; seconds, positive, at most a day.
  const auto pick_timeout =
      [&](const char* key,
          const std::optional<double>& argument) -> StatusOr<std::optional<Duration>> {
    std::optional<double> seconds = argument;
    std::string source = "argument";
    std::string text = argument ? std::to_string(*argument) : "";
    for (const auto& [values, where] : {std::pair{&profile_values, profile.description},
                                        std::pair{&config_values, std::string("kinesis.") + key}}) {
      if (seconds) break;
      if (auto v = ValueOf(*values, key); v && !v->empty()) {
        text = *v;
        source = where;
        char* end = nullptr;
        const double parsed = std::strtod(v->c_str(), &end);
        seconds = end != v->c_str() && *end == '\0' ? parsed : -1;
      }
    }
    if (!seconds) return std::optional<Duration>();
    if (!(*seconds > 0 && *seconds <= 86400)) {
      return InvalidInputError(std::string(key) + " from " + source +
                               " must be a number of seconds above 0 and at most 86400, got '" +
                               text + "'");
    }
    return std::optional<Duration>(
        Duration(std::max<Duration::rep>(1, std::llround(*seconds * 1000))));
  };
  KINESISCTL_ASSIGN_OR_RETURN(out.call_timeout, pick_timeout("timeout", params.timeout));
  KINESISCTL_ASSIGN_OR_RETURN(out.connect_timeout,
                              pick_timeout("connect_timeout", params.connect_timeout));

  // Credentials, first match wins.
  std::vector<ChainCredentialsProvider::Link> links;
  const auto add_static = [&](std::string name, const std::optional<std::string>& keyid,
                              const std::optional<std::string>& key,
                              const std::optional<std::string>& token) -> Status {
    if (!keyid && !key && !token) return OkStatus();
    auto provider = std::make_shared<StaticCredentialsProvider>(keyid, key, token, name);
    KINESISCTL_RETURN_IF_ERROR(
        provider->GetCredentials());  // a keyid without a key fails here, early
    links.push_back({std::move(name), std::move(provider)});
    return OkStatus();
  };
  KINESISCTL_RETURN_IF_ERROR(add_static("arguments", params.keyid, params.key, params.token));
  if (profile.values) {
    KINESISCTL_RETURN_IF_ERROR(add_static(profile.description, ValueOf(profile_values, "keyid"),
                                          ValueOf(profile_values, "key"),
                                          ValueOf(profile_values, "token")));
  }
  const auto transport = [&] {
    return context.metadata_transport ? context.metadata_transport() : DefaultMetadataTransport();
  };
  ProfileCredentialsOptions profile_options;
  profile_options.env = &env;
  profile_options.clock = &clock;
  profile_options.random = &random;
  profile_options.region = out.region;
  profile_options.service_transport = context.service_transport;
  profile_options.metadata_transport = context.metadata_transport
                                           ? context.metadata_transport
                                           : std::function(DefaultMetadataTransport);
  KINESISCTL_ASSIGN_OR_RETURN(profile_options.process_timeout, CredentialProcessTimeout(env));
  if (!profile.values && profile.aws_profile) {
    links.push_back({profile.description, std::make_shared<ProfileCredentialsProvider>(
                                              profile_options, profile.aws_profile)});
  }
  if (config) {
    KINESISCTL_RETURN_IF_ERROR(
        add_static("config file " + config->path + " (kinesis.keyid, kinesis.key)",
                   ValueOf(config_values, "keyid"), ValueOf(config_values, "key"),
                   ValueOf(config_values, "token")));
  }
  links.push_back({"environment", std::make_shared<EnvironmentCredentialsProvider>(env)});
  links.push_back({"AWS shared files",
                   std::make_shared<ProfileCredentialsProvider>(profile_options, std::nullopt)});
  links.push_back(
      {"container credentials", std::make_shared<ContainerCredentialsProvider>(env, transport())});
  links.push_back({"EC2 instance metadata",
                   std::make_shared<ImdsCredentialsProvider>(env, transport(), clock, random)});
  out.credentials = std::make_shared<CachingCredentialsProvider>(
      std::make_shared<ChainCredentialsProvider>(std::move(links)), clock);
  return out;
}

}  // namespace kinesisctl::aws
