#include "aws/process_credentials_provider.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "signing/iso8601.h"

extern char** environ;

namespace kinesisctl::aws {
namespace {

constexpr size_t kMaxOutput = 1 << 20;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int* out() { return &fd_; }

 private:
  int fd_;
};

Status Errno(const std::string& what) {
  return Status(codes::kCredentials, what + ": " + std::strerror(errno));
}

// The last non-empty line of `text`, cut to 200 characters.
std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  const size_t nl = text.find_last_of('\n');
  if (nl != std::string_view::npos) text.remove_prefix(nl + 1);
  std::string line(text.substr(0, 200));
  if (text.size() > 200) line += "...";
  return line;
}

}  // namespace

StatusOr<std::vector<std::string>> SplitCommandLine(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      const size_t close = command.find('\'', i + 1);
      if (close == std::string_view::npos) {
        return Status(codes::kConfig, "no closing single quotation mark");
      }
      word.append(command.substr(i + 1, close - i - 1));
      in_word = true;
      i = close;
    } else if (c == '"') {
      in_word = true;
      size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size() &&
            std::strchr("\\\"$`\n", command[j + 1]) != nullptr) {
          ++j;
        }
        word += command[j];
      }
      if (j >= command.size()) return Status(codes::kConfig, "no closing double quotation mark");
      i = j;
    } else if (c == '\\') {
      if (i + 1 >= command.size()) return Status(codes::kConfig, "a trailing backslash");
      word += command[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

StatusOr<ProcessOutput> RunProcess(const std::vector<std::string>& argv, Duration timeout) {
  if (argv.empty()) return Status(codes::kConfig, "an empty command");
  Fd out_read, out_write, err_read, err_write;
  int pipe_out[2], pipe_err[2];
  if (::pipe2(pipe_out, O_CLOEXEC) != 0) return Errno("pipe");
  *out_read.out() = pipe_out[0];
  *out_write.out() = pipe_out[1];
  if (::pipe2(pipe_err, O_CLOEXEC) != 0) return Errno("pipe");
  *err_read.out() = pipe_err[0];
  *err_write.out() = pipe_err[1];

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    return Status(codes::kCredentials, "cannot run '" + argv[0] + "': " + std::strerror(spawned));
  }
  out_write.Reset();
  err_write.Reset();

  ProcessOutput result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  while (out_read.get() >= 0 || err_read.get() >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    Fd* streams[2] = {&out_read, &err_read};
    std::string* sinks[2] = {&result.out, &result.err};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        if (sinks[i]->size() < kMaxOutput) sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        streams[i]->Reset();
      }
    }
  }
  int status = 0;
  if (!timed_out) {
    // Both pipes closed: wait for the exit, still bounded by the deadline.
    while (true) {
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      if (done < 0 && errno != EINTR) return Errno("waitpid");
      if (std::chrono::steady_clock::now() >= deadline) {
        timed_out = true;
        break;
      }
      ::usleep(2000);
    }
  }
  if (timed_out) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
    return Status(
        codes::kCredentials,
        "'" + argv[0] + "' did not finish within " +
            (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") +
            " and was killed (KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT sets the limit)");
  }
  result.exit_status =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

StatusOr<Credentials> ParseProcessCredentials(std::string_view json, const std::string& where) {
  const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return Status(codes::kCredentials, where + ": the output is not a JSON object");
  }
  const auto version = doc.find("Version");
  if (version == doc.end())
    return Status(codes::kCredentials, where + ": the output lacks Version");
  if (!version->is_number_integer() || version->get<long long>() != 1) {
    return Status(codes::kCredentials,
                  where + ": unsupported Version (only 1 is defined): " + version->dump());
  }
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) return std::string();
    return it->get<std::string>();
  };
  Credentials c;
  for (auto [key, field] : {std::pair{"AccessKeyId", &c.access_key_id},
                            std::pair{"SecretAccessKey", &c.secret_access_key}}) {
    auto value = text(key);
    if (!value || value->empty()) {
      return Status(codes::kCredentials, where + ": the output lacks " + std::string(key));
    }
    *field = std::move(*value);
  }
  c.session_token = text("SessionToken").value_or("");
  if (auto expiration = text("Expiration"); expiration && !expiration->empty()) {
    auto parsed = ParseIso8601(*expiration);
    if (!parsed.ok()) {
      return Status(codes::kCredentials, where + ": Expiration is not an ISO 8601 time");
    }
    c.expiration = *parsed;
  } else if (expiration) {
    return Status(codes::kCredentials, where + ": Expiration is not an ISO 8601 time");
  }
  c.source = where;
  return c;
}

StatusOr<std::optional<Credentials>> ProcessCredentialsProvider::GetCredentials() {
  auto argv = SplitCommandLine(command_);
  if (!argv.ok()) {
    return Status(codes::kCredentials,
                  where_ + ": cannot split the command: " + argv.status().message());
  }
  if (argv->empty()) return Status(codes::kCredentials, where_ + ": the command is empty");
  auto run = RunProcess(*argv, timeout_);
  if (!run.ok()) return Status(codes::kCredentials, where_ + ": " + run.status().message());
  if (run->exit_status != 0) {
    const std::string last = LastLine(run->err);
    return Status(codes::kCredentials, where_ + ": '" + (*argv)[0] + "' failed with exit status " +
                                           std::to_string(run->exit_status) +
                                           (last.empty() ? "" : ": " + last));
  }
  if (run->out.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status(codes::kCredentials, where_ + ": '" + (*argv)[0] + "' printed nothing");
  }
  KINESISCTL_ASSIGN_OR_RETURN(Credentials c, ParseProcessCredentials(run->out, where_));
  return std::optional<Credentials>(std::move(c));
}

}  // namespace kinesisctl::aws
