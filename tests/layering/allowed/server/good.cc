// Fixture for layering.allowed_include_passes: the server may use core and signing.
#include "kinesisctl/status.h"
#include "signing/sigv4.h"
