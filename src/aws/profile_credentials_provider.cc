#include "aws/profile_credentials_provider.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "aws/aws_shared_files.h"
#include "aws/container_credentials_provider.h"
#include "aws/environment_credentials_provider.h"
#include "aws/imds_credentials_provider.h"
#include "aws/sso_credentials_provider.h"
#include "aws/sts_client.h"
#include "aws/web_identity_credentials_provider.h"
#include "core/log.h"
#include "signing/ini_file.h"

namespace kinesisctl::aws {
namespace {

using OptionalCredentials = std::optional<Credentials>;

std::optional<std::string> Value(const IniSection& section, const char* key) {
  const auto it = section.find(key);
  if (it == section.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Where(const std::string& name) { return "AWS profile '" + name + "'"; }

bool HasStaticKeys(const IniSection& p) {
  return Value(p, "aws_access_key_id") || Value(p, "aws_secret_access_key");
}

bool IsAssumeRole(const IniSection& p) {
  return Value(p, "role_arn") && !Value(p, "web_identity_token_file");
}

// The credentials of one top-level resolution: the two files read once, the visited profiles.
class Resolver {
 public:
  Resolver(const ProfileCredentialsOptions& options, std::optional<IniFile> credentials_file,
           std::optional<IniFile> config_file)
      : options_(options),
        env_(*options.env),
        credentials_file_(std::move(credentials_file)),
        config_file_(std::move(config_file)) {
    access_.env = options.env;
    access_.clock = options.clock;
    access_.transport = options.service_transport;
    access_.timeout = options.service_timeout;
  }

  // The keys of profile `name` in the credentials file only.
  std::optional<IniSection> CredentialsSection(const std::string& name) const {
    if (!credentials_file_) return std::nullopt;
    const auto it = credentials_file_->find(name);
    if (it == credentials_file_->end()) return std::nullopt;
    return it->second;
  }

  // Both files merged, the credentials file winning (as FindAwsProfile).
  std::optional<IniSection> Merged(const std::string& name) const {
    bool found = false;
    IniSection merged;
    if (config_file_) {
      auto it = config_file_->find(name == "default" ? "default" : "profile " + name);
      if (it == config_file_->end() && name == "default")
        it = config_file_->find("profile default");
      if (it != config_file_->end()) {
        merged = it->second;
        found = true;
      }
    }
    if (auto section = CredentialsSection(name)) {
      for (const auto& [k, v] : *section) merged[k] = v;
      found = true;
    }
    if (!found) return std::nullopt;
    return merged;
  }

  StatusOr<OptionalCredentials> Top(const std::string& name, const IniSection& profile) {
    top_ = profile;
    visited_ = {name};
    if (IsAssumeRole(profile)) return AssumeRole(name, profile);
    return ProfileProviders(name, profile, /*use_environment=*/true);
  }

  // The chain when the default profile does not exist: only the web identity variables apply.
  StatusOr<OptionalCredentials> WithoutProfile(const std::string& name) {
    top_ = IniSection();
    KINESISCTL_ASSIGN_OR_RETURN(const std::string endpoint, StsEndpoint());
    return GetWebIdentityCredentials(access_, name, IniSection(), true, endpoint);
  }

 private:
  StatusOr<std::string> StsEndpoint() {
    std::string source;
    KINESISCTL_ASSIGN_OR_RETURN(
        std::string endpoint,
        ServiceEndpoint(env_, top_, "sts", DefaultStsEndpoint(options_.region), &source));
    LogDebug("credentials: STS endpoint " + endpoint + " (" + source + ")");
    return endpoint;
  }

  StatusOr<OptionalCredentials> StaticKeys(const std::string& name, const IniSection& p,
                                           const std::string& file) {
    const auto id = Value(p, "aws_access_key_id");
    const auto key = Value(p, "aws_secret_access_key");
    if (!key) return Status(codes::kCredentials, Where(name) + ": aws_access_key_id without key");
    if (!id) return Status(codes::kCredentials, Where(name) + ": aws_secret_access_key without id");
    Credentials c;
    c.access_key_id = *id;
    c.secret_access_key = *key;
    c.session_token =
        Value(p, "aws_session_token").value_or(Value(p, "aws_security_token").value_or(""));
    c.source = "shared files (" + Where(name) + ", " + file + ")";
    return OptionalCredentials(std::move(c));
  }

  // Web identity, SSO, credentials-file keys, credential_process, config-file keys.
  StatusOr<OptionalCredentials> ProfileProviders(const std::string& name, const IniSection& p,
                                                 bool use_environment) {
    const bool web_identity = Value(p, "web_identity_token_file") ||
                              (use_environment && env_.Get("AWS_WEB_IDENTITY_TOKEN_FILE"));
    if (web_identity) {
      KINESISCTL_ASSIGN_OR_RETURN(const std::string endpoint, StsEndpoint());
      return GetWebIdentityCredentials(access_, name, p, use_environment, endpoint);
    }
    if (HasSsoConfig(p)) {
      KINESISCTL_ASSIGN_OR_RETURN(const SsoConfig sso, LoadSsoConfig(env_, name, p));
      LogDebug("credentials: " + Where(name) + ": SSO GetRoleCredentials for role " +
               sso.role_name + " of account " + sso.account_id);
      KINESISCTL_ASSIGN_OR_RETURN(Credentials c, GetSsoCredentials(access_, name, top_, sso));
      return OptionalCredentials(std::move(c));
    }
    if (auto section = CredentialsSection(name); section && HasStaticKeys(*section)) {
      return StaticKeys(name, *section, "credentials file");
    }
    if (auto command = Value(p, "credential_process")) {
      LogDebug("credentials: " + Where(name) + ": running credential_process");
      return ProcessCredentialsProvider(*command, "credential_process of " + Where(name),
                                        options_.process_timeout)
          .GetCredentials();
    }
    if (HasStaticKeys(p)) return StaticKeys(name, p, "config file");
    if (Value(p, "login_session")) {
      return Status(codes::kCredentials,
                    Where(name) +
                        " uses login_session, which kinesisctl does not support; export "
                        "credentials (e.g. `aws configure export-credentials`) instead");
    }
    return OptionalCredentials();
  }

  StatusOr<Credentials> FromCredentialSource(const std::string& name, const std::string& source) {
    std::shared_ptr<CredentialsProvider> provider;
    const auto metadata = [&]() -> StatusOr<std::unique_ptr<HttpTransport>> {
      if (!options_.metadata_transport) {
        return Status(codes::kInternal, "no metadata transport for credential_source");
      }
      return options_.metadata_transport();
    };
    if (source == "Environment") {
      provider = std::make_shared<EnvironmentCredentialsProvider>(env_);
    } else if (source == "EcsContainer") {
      KINESISCTL_ASSIGN_OR_RETURN(auto transport, metadata());
      provider = std::make_shared<ContainerCredentialsProvider>(env_, std::move(transport));
    } else if (source == "Ec2InstanceMetadata") {
      KINESISCTL_ASSIGN_OR_RETURN(auto transport, metadata());
      provider = std::make_shared<ImdsCredentialsProvider>(env_, std::move(transport),
                                                           *options_.clock, *options_.random);
    } else {
      return Status(codes::kCredentials,
                    Where(name) + ": credential_source '" + source +
                        "' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
    }
    auto credentials = provider->GetCredentials();
    if (!credentials.ok()) {
      return Status(codes::kCredentials, Where(name) + ": credential_source " + source + ": " +
                                             credentials.status().message());
    }
    if (!credentials->has_value()) {
      return Status(codes::kCredentials,
                    Where(name) + ": credential_source " + source + " provided no credentials");
    }
    return std::move(**credentials);
  }

  std::string Chain(const std::string& last) const {
    std::string out;
    for (const auto& v : visited_) out += "'" + v + "' -> ";
    return out + "'" + last + "'";
  }

  // The credentials a source_profile provides.
  StatusOr<Credentials> FromSourceProfile(const std::string& parent, const std::string& name) {
    const auto profile = Merged(name);
    if (!profile) {
      return Status(codes::kCredentials, Where(parent) + ": source_profile '" + name +
                                             "' does not exist in " + AwsCredentialsFilePath(env_) +
                                             " or " + AwsConfigFilePath(env_));
    }
    if (std::find(visited_.begin(), visited_.end(), name) != visited_.end()) {
      // A profile may use its own keys as the source of its role, nothing else may repeat.
      if (name != parent || !HasStaticKeys(*profile)) {
        return Status(codes::kCredentials, Where(parent) + ": source_profile loop: " + Chain(name));
      }
    }
    visited_.push_back(name);
    StatusOr<OptionalCredentials> result = OptionalCredentials();
    if (HasStaticKeys(*profile) || !IsAssumeRole(*profile)) {
      result = ProfileProviders(name, *profile, /*use_environment=*/false);
    } else {
      result = AssumeRole(name, *profile);
    }
    if (!result.ok()) {
      // Name the profile the user asked for and the path to the failing one:
      // "AWS profile 'a', source_profile 'b': <what failed in b>".
      std::string inner = result.status().message();
      if (inner.starts_with(Where(name))) inner.erase(0, Where(name).size());
      return Status(result.status().code(),
                    Where(parent) + ", source_profile '" + name + "'" +
                        (inner.starts_with(":") || inner.starts_with(",") || inner.starts_with(" ")
                             ? inner
                             : ": " + inner));
    }
    if (!result->has_value()) {
      return Status(codes::kCredentials,
                    Where(parent) + ": source_profile '" + name + "' has no credentials");
    }
    return std::move(**result);
  }

  StatusOr<OptionalCredentials> AssumeRole(const std::string& name, const IniSection& p) {
    const std::string where = Where(name);
    if (Value(p, "mfa_serial")) {
      return Status(codes::kCredentials,
                    where +
                        " sets mfa_serial: kinesisctl cannot prompt for an MFA code; use a "
                        "profile without mfa_serial, or export temporary credentials (e.g. "
                        "`aws configure export-credentials --profile " +
                        name + "`)");
    }
    const auto source_profile = Value(p, "source_profile");
    const auto credential_source = Value(p, "credential_source");
    if (source_profile && credential_source) {
      return Status(codes::kCredentials,
                    where + " sets both source_profile and credential_source; keep one");
    }
    if (!source_profile && !credential_source) {
      return Status(codes::kCredentials,
                    where + " sets role_arn but neither source_profile nor credential_source");
    }
    AssumeRoleParams params;
    params.role_arn = *Value(p, "role_arn");
    params.session_name =
        Value(p, "role_session_name").value_or(DefaultRoleSessionName(options_.clock->Now()));
    params.external_id = Value(p, "external_id");
    if (auto duration = Value(p, "duration_seconds")) {
      int seconds = 0;
      const auto [end, ec] =
          std::from_chars(duration->data(), duration->data() + duration->size(), seconds);
      if (ec != std::errc() || end != duration->data() + duration->size() || seconds < 900 ||
          seconds > 43200) {
        return Status(codes::kCredentials, where +
                                               ": duration_seconds must be a whole number of "
                                               "seconds from 900 to 43200, not '" +
                                               *duration + "'");
      }
      params.duration_seconds = seconds;
    }
    Credentials source;
    if (credential_source) {
      KINESISCTL_ASSIGN_OR_RETURN(source, FromCredentialSource(name, *credential_source));
    } else {
      KINESISCTL_ASSIGN_OR_RETURN(source, FromSourceProfile(name, *source_profile));
    }
    KINESISCTL_ASSIGN_OR_RETURN(const std::string endpoint, StsEndpoint());
    LogDebug("credentials: " + where + ": AssumeRole " + params.role_arn +
             " with credentials from " +
             (credential_source ? "credential_source " + *credential_source
                                : "source_profile '" + *source_profile + "'"));
    auto assumed = StsAssumeRole(access_, endpoint, options_.region, source, params);
    if (!assumed.ok()) {
      return Status(codes::kCredentials, where + ": " + assumed.status().message());
    }
    assumed->source = "assumed role " + params.role_arn + " (" + where + ")";
    return OptionalCredentials(std::move(*assumed));
  }

  const ProfileCredentialsOptions& options_;
  const Environment& env_;
  std::optional<IniFile> credentials_file_;
  std::optional<IniFile> config_file_;
  ServiceAccess access_;
  IniSection top_;  // the profile being resolved: its endpoint settings apply to every call
  std::vector<std::string> visited_;
};

}  // namespace

StatusOr<OptionalCredentials> ProfileCredentialsProvider::GetCredentials() {
  const Environment& env = *options_.env;
  const std::optional<std::string> named = profile_ ? profile_ : AwsProfileFromEnvironment(env);
  const std::string name = named.value_or("default");
  KINESISCTL_ASSIGN_OR_RETURN(auto credentials_file, LoadIniFile(AwsCredentialsFilePath(env)));
  KINESISCTL_ASSIGN_OR_RETURN(auto config_file, LoadIniFile(AwsConfigFilePath(env)));
  Resolver resolver(options_, std::move(credentials_file), std::move(config_file));
  const auto profile = resolver.Merged(name);
  if (!profile) {
    if (named) {
      return Status(codes::kCredentials, Where(name) + " not found in " +
                                             AwsCredentialsFilePath(env) + " or " +
                                             AwsConfigFilePath(env));
    }
    return resolver.WithoutProfile(name);
  }
  return resolver.Top(name, *profile);
}

StatusOr<Duration> CredentialProcessTimeout(const Environment& env) {
  const auto text = env.Get("KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT");
  if (!text) return kDefaultCredentialProcessTimeout;
  char* end = nullptr;
  const double seconds = std::strtod(text->c_str(), &end);
  if (end != text->c_str() + text->size() || !std::isfinite(seconds) || seconds <= 0 ||
      seconds > 86400) {
    return InvalidInputError(
        "KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT must be a number of seconds "
        "above 0, not '" +
        *text + "'");
  }
  return Duration(static_cast<long long>(std::llround(seconds * 1000)));
}

}  // namespace kinesisctl::aws
