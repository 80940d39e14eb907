#include "server/serve_main.h"

#include <charconv>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include "core/log.h"
#include "kinesisctl/clock.h"
#include "server/auth/signature_verifier.h"
#include "server/console/console.h"
#include "server/faults/fault_rules.h"
#include "server/front_door.h"
#include "server/http/browser_policy.h"
#include "server/http/listener.h"
#include "server/router.h"
#include "server/storage/storage.h"
#include "server/subscriptions/subscription_hub.h"

namespace kinesisctl::server {
namespace {

constexpr char kUsage[] =
    "usage: kinesisctl serve [--host ADDR] [--port N] [--data-dir DIR]\n"
    "                        [--create-delay-ms MS] [--update-delay-ms MS] [--delete-delay-ms MS]\n"
    "                        [--shard-limit N] [--on-demand-stream-limit N] [--account-id ID]\n"
    "                        [--consumer-delay-ms MS] [--subscription-ms MS]\n"
    "                        [--credentials FILE] [--cors-origin ORIGIN]... [--no-console]\n"
    "                        [--tls-cert FILE --tls-key FILE]\n"
    "                        [--header-timeout-ms MS] [--body-timeout-ms MS]\n"
    "                        [--idle-timeout-ms MS] [--max-connections N]\n"
    "                        [--enforce-limits] [--faults FILE] [--fault-seed N]\n"
    "A local Kinesis-compatible server. Defaults: --host 127.0.0.1 --port 4567, in memory,\n"
    "500 ms delays (streams and consumers), shard limit 500, 50 ON_DEMAND streams, account\n"
    "000000000000, SubscribeToShard subscriptions of 300000 ms (5 minutes, as AWS);\n"
    "connections: header 10000 ms, body 60000 ms, idle 60000 ms (0: no timeout), at most\n"
    "1024 open. HTTP/1.1 and HTTP/2 (prior knowledge or Upgrade: h2c) share the port; with\n"
    "--tls-cert and --tls-key (PEM) it speaks TLS only, offering h2 and http/1.1 by ALPN.\n"
    "Browsers: requests whose Host is not a loopback name or --host are refused; pages may\n"
    "call the server only from the origins named by --cors-origin (e.g. http://localhost:3000).\n"
    "--enforce-limits applies AWS's per-shard throughput and control-plane rate limits;\n"
    "--faults loads fault-injection rules (JSON), also managed at run time from loopback\n"
    "through /_kinesisctl/faults; --fault-seed makes their random draws repeatable.\n"
    "Console: a page at http://127.0.0.1:PORT/console shows streams, shards and records; on\n"
    "loopback, elsewhere only with --tls-cert and --tls-key; --no-console turns it off.\n";

struct Flags {
  std::string host = "127.0.0.1";
  int64_t port = 4567;
  std::string data_dir;
  std::string credentials;
  std::string faults_file;
  int64_t fault_seed = 1;
  std::vector<std::string> cors_origins;
  std::string tls_cert;
  std::string tls_key;
  bool no_console = false;
  ServerConfig config;
  // Eight worker threads: a PutRecords waiting for its group commit holds its worker, so the
  // workers bound how many requests one transaction can take (server.md, group commit).
  Listener::Options listen = [] {
    Listener::Options o;
    o.threads = 8;
    return o;
  }();
  SubscriptionHub::Options subscriptions;
};

bool ParseInt(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
  int64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < lo || v > hi) return false;
  out = v;
  return true;
}

// Parses the flags; on error writes the problem to err and returns false.
bool ParseFlags(const std::vector<std::string>& args, Flags& flags, std::ostream& err, bool& help) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i], value;
    if (name == "-h" || name == "--help") {
      help = true;
      return true;
    }
    if (name == "--enforce-limits" || name == "--no-console") {  // flags without a value
      (name == "--no-console" ? flags.no_console : flags.config.enforce_limits) = true;
      continue;
    }
    if (const size_t eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (name.rfind("--", 0) == 0) {
      if (i + 1 >= args.size()) {
        err << "kinesisctl serve: " << name << " needs a value\n" << kUsage;
        return false;
      }
      value = args[++i];
    } else {
      err << "kinesisctl serve: unexpected argument '" << name << "'\n" << kUsage;
      return false;
    }
    int64_t n = 0;
    auto number = [&](int64_t lo, int64_t hi) {
      if (ParseInt(value, lo, hi, n)) return true;
      err << "kinesisctl serve: " << name << " wants an integer from " << lo << " to " << hi
          << ", not '" << value << "'\n";
      return false;
    };
    if (name == "--host") {
      flags.host = value;
    } else if (name == "--port") {
      if (!number(0, 65535)) return false;
      flags.port = n;
    } else if (name == "--data-dir") {
      if (value.empty()) {
        err << "kinesisctl serve: --data-dir wants a directory, not an empty string (leave the "
               "flag out to keep everything in memory)\n";
        return false;
      }
      flags.data_dir = value;
    } else if (name == "--faults") {
      flags.faults_file = value;
    } else if (name == "--fault-seed") {
      if (!number(0, INT64_MAX)) return false;
      flags.fault_seed = n;
    } else if (name == "--credentials") {
      flags.credentials = value;
    } else if (name == "--cors-origin") {
      if (!IsValidOrigin(value)) {
        err << "kinesisctl serve: --cors-origin wants an origin such as http://localhost:3000 "
               "(scheme, host and optional port; no path, no '*'), not '"
            << value << "'\n";
        return false;
      }
      flags.cors_origins.push_back(value);
    } else if (name == "--tls-cert") {
      flags.tls_cert = value;
    } else if (name == "--tls-key") {
      flags.tls_key = value;
    } else if (name == "--account-id") {
      if (value.size() != 12 || value.find_first_not_of("0123456789") != std::string::npos) {
        err << "kinesisctl serve: --account-id wants 12 digits, not '" << value << "'\n";
        return false;
      }
      flags.config.account_id = value;
    } else if (name == "--create-delay-ms" || name == "--update-delay-ms" ||
               name == "--delete-delay-ms") {
      if (!number(0, 3'600'000)) return false;
      (name == "--create-delay-ms"   ? flags.config.create_delay_ms
       : name == "--update-delay-ms" ? flags.config.update_delay_ms
                                     : flags.config.delete_delay_ms) = n;
    } else if (name == "--header-timeout-ms" || name == "--body-timeout-ms" ||
               name == "--idle-timeout-ms") {
      if (!number(0, 86'400'000)) return false;
      (name == "--header-timeout-ms" ? flags.listen.header_timeout_ms
       : name == "--body-timeout-ms" ? flags.listen.body_timeout_ms
                                     : flags.listen.idle_timeout_ms) = n;
    } else if (name == "--max-connections") {
      if (!number(1, 1'000'000)) return false;
      flags.listen.max_connections = static_cast<int>(n);
    } else if (name == "--consumer-delay-ms") {
      if (!number(0, 3'600'000)) return false;
      flags.config.consumer_delay_ms = n;
    } else if (name == "--subscription-ms") {
      if (!number(100, 3'600'000)) return false;
      flags.subscriptions.lifetime_ms = n;
    } else if (name == "--shard-limit") {
      if (!number(1, 1'000'000)) return false;
      flags.config.shard_limit = static_cast<int>(n);
    } else if (name == "--on-demand-stream-limit") {
      if (!number(0, 1'000'000)) return false;
      flags.config.on_demand_stream_limit = static_cast<int>(n);
    } else {
      err << "kinesisctl serve: unknown flag " << name << "\n" << kUsage;
      return false;
    }
  }
  return true;
}

}  // namespace

int RunServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Flags flags;
  bool help = false;
  if (!ParseFlags(args, flags, err, help)) return 2;
  if (help) {
    out << kUsage;
    return 0;
  }
  std::optional<SignatureVerifier> verifier;
  if (!flags.credentials.empty()) {
    auto loaded = SignatureVerifier::FromFile(flags.credentials);
    if (!loaded.ok()) {
      err << "kinesisctl serve: " << loaded.status().message() << "\n";
      return 2;
    }
    verifier = std::move(*loaded);
  }
  FaultInjector faults(static_cast<uint64_t>(flags.fault_seed));
  if (!flags.faults_file.empty()) {
    std::ifstream in(flags.faults_file);
    std::stringstream text;
    text << in.rdbuf();
    auto rules = in ? ParseFaultRules(text.str())
                    : StatusOr<std::vector<FaultRule>>(
                          InvalidInputError("cannot read --faults " + flags.faults_file));
    if (!rules.ok()) {
      err << "kinesisctl serve: " << flags.faults_file << ": " << rules.status().message() << "\n";
      return 2;
    }
    faults.Add(std::move(*rules));
  }
  auto storage = OpenSqliteStorage(flags.data_dir);
  if (!storage.ok()) {
    err << "kinesisctl serve: " << storage.status().message() << "\n";
    return 1;
  }
  auto router = Router::Create(flags.config, DefaultClock(), std::move(*storage));
  if (!router.ok()) {
    err << "kinesisctl serve: " << router.status().message() << "\n";
    return 1;
  }
  SubscriptionHub hub(**router, flags.subscriptions);
  (*router)->SetChangeListener([&hub] { hub.Notify(); });
  FrontDoor door(
      **router,
      verifier ? SignatureCheck([&verifier](const HttpRequest& r) {
        return verifier->Verify(r, DefaultClock().Now());
      })
               : nullptr,
      [&hub](const std::string& region, nlohmann::json body) {
        return hub.Subscribe(region, std::move(body));
      },
      &faults);
  Listener::Options options = flags.listen;
  options.host = flags.host == "localhost" ? "127.0.0.1" : flags.host;
  options.port = static_cast<int>(flags.port);
  options.tls_cert = flags.tls_cert;
  options.tls_key = flags.tls_key;
  if (!IsLoopbackHost(options.host)) {
    err << "kinesisctl serve: warning: binding " << options.host
        << ", which other machines may reach; this server checks no signatures unless "
           "--credentials is given\n";
  }
  const BrowserPolicy browsers(flags.host, flags.cors_origins);
  // On loopback always; elsewhere only over TLS (see console.h).
  const ConsoleAvailability console_on =
      DecideConsole(options.host, flags.no_console,
                    /*tls=*/!options.tls_cert.empty() && !options.tls_key.empty());
  if (!console_on.enabled && !flags.no_console) {
    err << "kinesisctl serve: " << console_on.reason << "\n";
  }
  const Console console(console_on, verifier.has_value());
  auto listener = Listener::Bind(options, [&door, &browsers, &console](const HttpRequest& request) {
    BrowserPolicy::Decision decision = browsers.Check(request);
    if (decision.answer) return std::move(*decision.answer);
    if (auto page = console.Handle(request)) return std::move(*page);
    HttpResponse response = door.Handle(request);
    for (auto& header : decision.headers) response.headers.push_back(std::move(header));
    return response;
  });
  if (!listener.ok()) {
    err << "kinesisctl serve: " << listener.status().message() << "\n";
    return 1;
  }
  const std::string shown =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  out << "listening on " << ((*listener)->tls() ? "https://" : "http://") << shown << ":"
      << (*listener)->port() << std::endl;
  if (console_on.enabled) {  // on stderr: stdout promises exactly the one line above
    err << "kinesisctl serve: console on " << ((*listener)->tls() ? "https://" : "http://") << shown
        << ":" << (*listener)->port() << "/console" << std::endl;
  }
  (*listener)->Run(/*handle_signals=*/true);
  // Subscriptions end (their threads joined) before the listener and its connections go.
  hub.Shutdown();
  LogInfo("kinesisctl serve: stopped");
  return 0;
}

}  // namespace kinesisctl::server
