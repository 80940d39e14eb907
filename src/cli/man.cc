#include "cli/man.h"

#include "cli/functions.h"
#include "cli/help.h"

#ifndef KINESISCTL_VERSION
#error "KINESISCTL_VERSION must be defined by the build"
#endif

namespace kinesisctl::cli {
namespace {

// Escapes one character for roff: backslashes, and hyphens (so options copy and paste as ASCII).
std::string Escape(char c) {
  if (c == '\\') return "\\e";
  if (c == '-') return "\\-";
  return std::string(1, c);
}

// A line of text must not start a roff request with a leading dot or quote.
std::string GuardLine(std::string line) {
  if (!line.empty() && (line[0] == '.' || line[0] == '\'')) line = "\\&" + line;
  return line;
}

std::string Roff(const std::string& text) {
  std::string out;
  for (char c : text) out += Escape(c);
  return GuardLine(out);
}

// Text with `code` spans turned into bold.
std::string RoffInline(const std::string& text) {
  std::string out;
  bool open = false;
  for (char c : text) {
    if (c == '`') {
      out += open ? "\\fR" : "\\fB";
      open = !open;
    } else {
      out += Escape(c);
    }
  }
  if (open) out += "\\fR";
  return GuardLine(out);
}

std::string ParamNotes(const ParamSpec& p) {
  std::string notes = p.help;
  if (p.required) notes += " (required)";
  if (!p.default_text.empty()) notes += " (default " + p.default_text + ")";
  if (p.keyword_only) notes += " (NAME=VALUE only)";
  return notes;
}

constexpr char kManHead[] = R"(.SH NAME
kinesisctl \- administer Amazon Kinesis Data Streams, Salt boto_kinesis style
.SH SYNOPSIS
.B kinesisctl
[\fB\-\-out\fR \fByaml\fR|\fBjson\fR] [\fB\-\-config\fR \fIFILE\fR] [\fB\-l\fR \fIerror\fR|\fIwarning\fR|\fIinfo\fR|\fIdebug\fR]
\fIFUNCTION\fR [\fIARG\fR ...] [\fIKEY\fR=\fIVALUE\fR ...]
.br
.B kinesisctl serve
[\fIflags\fR]
.br
.B kinesisctl
\fB\-\-help\fR | \fB\-\-version\fR | \fIFUNCTION\fR \fB\-\-help\fR
.SH DESCRIPTION
.B kinesisctl
runs the functions of SaltStack's \fBboto_kinesis\fR execution module and state against
Amazon Kinesis Data Streams (or any Kinesis\-compatible endpoint), called the way Salt calls
them: \fBsalt myminion boto_kinesis.create_stream my_stream 4\fR becomes
\fBkinesisctl create_stream my_stream 4\fR (the \fBboto_kinesis.\fR prefix is accepted too).
.PP
Positional \fIARG\fRs bind to the function's parameters in order; \fIKEY\fR=\fIVALUE\fR binds
by name. Values are typed as Salt types them, by YAML: \fB4\fR is an integer,
\fBTrue\fR/\fBFalse\fR booleans, \fB["IncomingBytes", "OutgoingBytes"]\fR a list,
\fB{team: x}\fR a mapping, anything else a string. Hash keys always stay strings. An argument
that opens a \fB[\fR or \fB{\fR without closing it is joined with the following words until
the brackets balance, so unquoted lists split by the shell still work.
.PP
The result goes to standard output as YAML (or JSON with \fB\-\-out json\fR), in Salt's shapes:
\fB{result: true}\fR, \fB{result: <response>}\fR, \fB{error: {Code: ..., Message: ...},
result: null}\fR. Logs, error explanations and the progress line of long waits go to standard
error. No secret is ever printed.
.SH OPTIONS
.TP
\fB\-\-out\fR \fByaml\fR|\fBjson\fR
Output format of the result (default \fByaml\fR).
.TP
\fB\-\-config\fR \fIFILE\fR
The YAML configuration file (see \fBCONFIGURATION\fR).
.TP
\fB\-l\fR, \fB\-\-log\-level\fR \fIerror\fR|\fIwarning\fR|\fIinfo\fR|\fIdebug\fR
Log level on standard error (default \fIwarning\fR).
.TP
\fB\-h\fR, \fB\-\-help\fR
Show the function list, or with a \fIFUNCTION\fR its arguments and examples.
.TP
\fB\-\-version\fR
Print the version of kinesisctl and of the libraries it links.
)";

constexpr char kManTail[] = R"(.SH SERVER
.B kinesisctl serve
runs a local Kinesis\-compatible server (control and data plane) for development and tests;
any AWS SDK or the AWS CLI can use it with an explicit endpoint. Once ready it prints one line,
\fBlistening on http://HOST:PORT\fR. SIGTERM and SIGINT stop it.
.TP
\fB\-\-host\fR \fIADDR\fR
Address to bind (default 127.0.0.1; another address prints a warning).
.TP
\fB\-\-port\fR \fIN\fR
Port (default 4567; 0 picks a free port).
.TP
\fB\-\-data\-dir\fR \fIDIR\fR
Keep the streams in an SQLite database under \fIDIR\fR (default: in memory). One server per
directory: a second one exits with status 1. A damaged database is refused at start.
.TP
\fB\-\-create\-delay\-ms\fR, \fB\-\-update\-delay\-ms\fR, \fB\-\-delete\-delay\-ms\fR \fIMS\fR
Time spent in CREATING, UPDATING and DELETING (default 500 each).
.TP
\fB\-\-shard\-limit\fR \fIN\fR, \fB\-\-on\-demand\-stream\-limit\fR \fIN\fR
Open shards (default 500) and ON_DEMAND streams (default 50) per account and region.
.TP
\fB\-\-account\-id\fR \fIID\fR
Twelve digits used in ARNs (default 000000000000).
.TP
\fB\-\-credentials\fR \fIFILE\fR
An AWS shared\-credentials file; when given, only its keys are accepted and every signature is
verified. A file giving one key id two different secrets is refused.
.TP
\fB\-\-header\-timeout\-ms\fR, \fB\-\-body\-timeout\-ms\fR, \fB\-\-idle\-timeout\-ms\fR \fIMS\fR
Close a connection whose request header or body is not complete in time, or that waits idle
that long (defaults 10000, 60000, 60000; 0: no timeout).
.TP
\fB\-\-max\-connections\fR \fIN\fR
Connections open at once (default 1024); more are closed at once.
.SH CONFIGURATION
The configuration file is YAML in Salt minion style: flat dotted keys \fBkinesis.keyid\fR,
\fBkinesis.key\fR, \fBkinesis.region\fR, \fBkinesis.endpoint\fR, \fBkinesis.timeout\fR,
\fBkinesis.connect_timeout\fR, and named profiles as
top\-level mappings (\fBmyprofile: {keyid: ..., key: ..., region: ...}\fR). The first of
\fB\-\-config\fR, \fB$KINESISCTL_CONFIG\fR, \fB~/.config/kinesisctl/config.yaml\fR and
\fB/etc/kinesisctl/config.yaml\fR is read.
.PP
Credentials, first match wins: the \fBkey\fR/\fBkeyid\fR/\fBtoken\fR arguments; the
\fBprofile\fR (a mapping, a top\-level entry of the configuration file, else a profile of the
AWS shared files); \fBkinesis.key\fR/\fBkinesis.keyid\fR; then the AWS chain: environment
variables, the AWS profile (\fBAWS_PROFILE\fR) of the shared credentials and config files in
boto3's order (assume\-role with \fBsource_profile\fR or \fBcredential_source\fR, web identity,
SSO token cache, keys of the credentials file, \fBcredential_process\fR, keys of the config
file), container credentials, EC2 instance profile (IMDSv2).
Region: argument, profile, \fBkinesis.region\fR, \fBAWS_REGION\fR, \fBAWS_DEFAULT_REGION\fR, the
AWS profile's region, else us\-east\-1. Endpoint: argument, profile, \fBkinesis.endpoint\fR,
\fBAWS_ENDPOINT_URL_KINESIS\fR, \fBAWS_ENDPOINT_URL\fR, else the regional AWS endpoint.
.PP
Time to fail: every call, its retries included, ends within \fBtimeout\fR seconds (default
120; the argument \fBtimeout=\fR of functions that do not wait, a profile's \fBtimeout\fR, or
\fBkinesis.timeout\fR); connecting to the endpoint may take \fBconnect_timeout\fR seconds
(default 3; \fBconnect_timeout=\fR, a profile's, or \fBkinesis.connect_timeout\fR). Functions
that wait (\fBget_stream_when_active\fR, \fBreshard\fR, \fBreshard_to\fR) keep their own
\fBtimeout=\fR for the whole wait. The error names the cause: connection refused, no answer
within N s, could not connect within N s, connection reset.
.SH ENVIRONMENT
\fBKINESISCTL_CONFIG\fR, \fBAWS_ACCESS_KEY_ID\fR, \fBAWS_SECRET_ACCESS_KEY\fR,
\fBAWS_SESSION_TOKEN\fR, \fBAWS_PROFILE\fR, \fBAWS_REGION\fR, \fBAWS_DEFAULT_REGION\fR,
\fBAWS_SHARED_CREDENTIALS_FILE\fR, \fBAWS_CONFIG_FILE\fR, \fBAWS_ENDPOINT_URL_KINESIS\fR,
\fBAWS_ENDPOINT_URL\fR, \fBAWS_CA_BUNDLE\fR, \fBAWS_EC2_METADATA_DISABLED\fR,
\fBAWS_CONTAINER_CREDENTIALS_RELATIVE_URI\fR, \fBAWS_CONTAINER_CREDENTIALS_FULL_URI\fR,
\fBAWS_ROLE_ARN\fR, \fBAWS_WEB_IDENTITY_TOKEN_FILE\fR, \fBAWS_ROLE_SESSION_NAME\fR,
\fBAWS_ENDPOINT_URL_STS\fR, \fBAWS_ENDPOINT_URL_SSO\fR,
\fBKINESISCTL_CREDENTIAL_PROCESS_TIMEOUT\fR (seconds, default 60), \fBHTTPS_PROXY\fR, \fBNO_PROXY\fR.
.SH EXIT STATUS
.TP
.B 0
Success: the result has no \fBerror\fR and \fBresult\fR is not False; a state whose result is
True or None (test mode with changes pending).
.TP
.B 1
The result has an \fBerror\fR (a missing stream, a rejected request, retries exhausted);
\fBexists\fR returned False; \fBreshard\fR returned False (already balanced); a state or
\fBapply\fR with any result False.
.TP
.B 2
Usage: an unknown function, flag or \fIKEY\fR=, a missing required argument, a value of the
wrong type, an unreadable configuration file.
.TP
.B 130
\fBtail\fR stopped by Ctrl-C (SIGINT), after printing every record it had read.
.SH FILES
.TP
.I ~/.config/kinesisctl/config.yaml
.TQ
.I /etc/kinesisctl/config.yaml
Configuration.
.TP
.I ~/.aws/credentials
.TQ
.I ~/.aws/config
AWS shared credentials and config files.
.SH SEE ALSO
The user guide in \fB/usr/share/doc/kinesisctl/\fR;
.BR aws (1).
)";

}  // namespace

std::string ManPage() {
  std::string out = std::string(".TH KINESISCTL 1 \"\" \"kinesisctl ") + KINESISCTL_VERSION +
                    "\" \"User Commands\"\n" + kManHead;
  out += ".SH FUNCTIONS\n";
  std::string group;
  for (const FunctionSpec* spec : AllFunctions()) {
    if (spec->group != group) {
      group = spec->group;
      out += ".SS \"" + Roff(group) + "\"\n";
    }
    out += ".TP\n.B " + spec->name + "\n" + RoffInline(spec->summary) + ".\n";
    if (!spec->description.empty()) out += RoffInline(spec->description) + "\n";
    out += ".RS\n.PP\n.B " + Roff(FunctionUsage(*spec)) + "\n";
    for (const ParamSpec& p : spec->params) {
      out += ".TP\n\\fB" + Roff(p.name) + "\\fR (" + Roff(ArgTypeName(p.type)) + ")\n" +
             RoffInline(ParamNotes(p)) + "\n";
    }
    out += ".PP\nExample" + std::string(spec->examples.size() > 1 ? "s" : "") + ":\n";
    for (const std::string& e : spec->examples) {
      out += ".br\n\\fBkinesisctl " + Roff(e) + "\\fR\n";
    }
    out += ".RE\n";
  }
  const FunctionSpec* with_connection = FindFunction("create_stream");
  if (with_connection) {
    std::string except;
    for (const FunctionSpec* spec : AllFunctions()) {
      if (!spec->takes_connection)
        except += (except.empty() ? " except \\fB" : ", \\fB") + spec->name + "\\fR";
    }
    out += ".SH CONNECTION PARAMETERS\nEvery function" + except +
           " also takes these, positional after its own (Salt's order) or by name:\n";
    const size_t own = with_connection->params.size();
    const std::vector<ParamSpec> all = AllParams(*with_connection);
    for (size_t i = own; i < all.size(); ++i) {
      out += ".TP\n\\fB" + Roff(all[i].name) + "\\fR (" + Roff(ArgTypeName(all[i].type)) + ")\n" +
             RoffInline(ParamNotes(all[i])) + "\n";
    }
  }
  out += kManTail;
  return out;
}

}  // namespace kinesisctl::cli
