// Fixture for layering.forbidden_include_fails: the server may not use the AWS layer.
#include "aws/curl_transport.h"
