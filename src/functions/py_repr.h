// Python's str()/repr() of the values Salt interpolates into state comments: strings, lists of
// strings, string mappings and error values ({'Code': ..., 'Message': ...} for a service error,
// the bare text for Salt's own error strings). So kinesisctl's comment lines read exactly like
// Salt's. Pure functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_PY_REPR_H_
#define KINESISCTL_FUNCTIONS_PY_REPR_H_

#include <map>
#include <string>
#include <vector>

#include "kinesisctl/status.h"

namespace kinesisctl::admin {

// repr(str): single quotes unless the text holds a ' and no ", escapes like CPython.
std::string PyRepr(const std::string& text);
// str(list) of strings: ['a', 'b'].
std::string PyRepr(const std::vector<std::string>& items);
// str(dict) of strings, in key order: {'a': 'b'}.
std::string PyRepr(const std::map<std::string, std::string>& items);
// str(result['error']) for a failed call: the dict {'Code': ..., 'Message': ...}, or the text
// itself for errors Salt reports as text (retries exhausted).
std::string PyError(const Status& status);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_PY_REPR_H_
