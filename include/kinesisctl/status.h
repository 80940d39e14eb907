// Status and StatusOr<T>: errors as values for every kinesisctl API. A Status is either OK or
// carries an error code (an AWS error code such as "ResourceNotFoundException", or one of the
// local codes below), a human-readable message, the HTTP status of the answer that produced it
// (0 when none) and the AWS request id (empty when none). No exception crosses a public API.
// Both types are plain values: thread-compatible, not internally synchronised.
//
// Checked access: StatusOr's value(), operator* and operator-> on an error are a defined failure
// in every build type: they print "kinesisctl: StatusOr accessed without a value: <status>" to
// stderr and call std::abort() (no exceptions). Test ok() first, or use value_or().
#ifndef KINESISCTL_STATUS_H_
#define KINESISCTL_STATUS_H_

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace kinesisctl {

// Error codes produced by kinesisctl itself rather than by the service.
namespace codes {
inline constexpr char kInvalidInput[] = "InvalidInput";          // bad argument from the caller
inline constexpr char kDeadlineExceeded[] = "DeadlineExceeded";  // a wait or retry ran out of time
inline constexpr char kTransport[] = "TransportError";  // connection failure, timeout, TLS error
inline constexpr char kCredentials[] = "CredentialsError";  // no usable credentials
inline constexpr char kConfig[] = "ConfigError";            // unreadable or invalid config
inline constexpr char kInternal[] = "InternalError";        // a bug in kinesisctl
inline constexpr char kRetriesExhausted[] = "RetriesExhausted";
// The service answered with a document that lacks a documented field or holds one of the wrong
// type (a service bug or an incompatible emulator); the message names the action and the field.
inline constexpr char kInvalidResponse[] = "InvalidResponse";
}  // namespace codes

class Status {
 public:
  Status() = default;  // OK
  Status(std::string code, std::string message, int http_status = 0, std::string request_id = "")
      : code_(std::move(code)),
        message_(std::move(message)),
        http_status_(http_status),
        request_id_(std::move(request_id)) {}

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }
  const std::string& request_id() const { return request_id_; }

  // "OK", or "Code: message".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  std::string code_;
  std::string message_;
  int http_status_ = 0;
  std::string request_id_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidInputError(std::string message) {
  return Status(codes::kInvalidInput, std::move(message));
}

namespace internal {
// Reports a StatusOr access without a value and aborts the process.
[[noreturn]] inline void StatusOrAccessFailed(const Status& status) {
  std::fprintf(stderr, "kinesisctl: StatusOr accessed without a value: %s\n",
               status.ToString().c_str());
  std::fflush(stderr);
  std::abort();
}
}  // namespace internal

// Holds either a value or a non-OK Status. Constructing from an OK Status is a bug and yields
// an kInternal error instead.
template <typename T>
class StatusOr {
 public:
  StatusOr(Status status)  // NOLINT(google-explicit-constructor): implicit by design
      : status_(std::move(status)) {
    if (status_.ok()) status_ = Status(codes::kInternal, "StatusOr built from an OK status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // The value; aborts with the status when there is none (see the top of this file).
  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }

  // The value, or `fallback` when there is none.
  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  T& Checked() {
    if (!value_) internal::StatusOrAccessFailed(status_);
    return *value_;
  }
  const T& Checked() const {
    if (!value_) internal::StatusOrAccessFailed(status_);
    return *value_;
  }

  Status status_;
  std::optional<T> value_;
};

namespace internal {
inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const StatusOr<T>& s) {
  return s.status();
}
}  // namespace internal

}  // namespace kinesisctl

#define KINESISCTL_CONCAT_INNER_(a, b) a##b
#define KINESISCTL_CONCAT_(a, b) KINESISCTL_CONCAT_INNER_(a, b)

// Returns the Status of `expr` (a Status or a StatusOr) from the enclosing function if not OK.
#define KINESISCTL_RETURN_IF_ERROR(expr)                                                \
  do {                                                                                  \
    ::kinesisctl::Status kinesisctl_status_ = ::kinesisctl::internal::StatusOf((expr)); \
    if (!kinesisctl_status_.ok()) return kinesisctl_status_;                            \
  } while (0)

// `KINESISCTL_ASSIGN_OR_RETURN(auto x, F());` declares x from the value of F() or returns its
// Status.
#define KINESISCTL_ASSIGN_OR_RETURN(lhs, rexpr) \
  KINESISCTL_ASSIGN_OR_RETURN_IMPL_(KINESISCTL_CONCAT_(kinesisctl_statusor_, __LINE__), lhs, rexpr)
#define KINESISCTL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                      \
  if (!tmp.ok()) return tmp.status();                      \
  lhs = std::move(tmp).value()

#endif  // KINESISCTL_STATUS_H_
