"""The browser console of `kinesisctl serve` in a real headless browser: Debian's chromium driven by
puppeteer-core (both installed by `scripts/setup --browser`) through drive.js. One page load per
server: the page must log no errors, list a stream created with boto3, redraw its hash-key space
after a split made with its own form, and show in its live tail a record put with boto3. The
second server checks signatures (--credentials): the page asks for a key and signs with it.
Waits have generous bounds and claim nothing about timing. Set KINESISCTL_CONSOLE_SCREENSHOTS to
a folder to save the screenshots used in docs/."""
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
import harness  # noqa: E402
import peers  # noqa: E402

PEERS_DIR = os.environ.get("KINESISCTL_PEERS_DIR",
                           os.path.join(os.path.dirname(os.path.dirname(HERE)), ".peers"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("KINESISCTL_CONSOLE_SCREENSHOTS", "")
WAIT_MS = 45000  # a bound for slow, shared machines, not a performance claim
# The page's refresh and tail intervals, shortened so the test is quick.
PAGE = "/console?refresh=300&poll=200"


def browser_missing():
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is missing: run scripts/setup --browser"
    if not os.path.exists(os.path.join(PEERS_DIR, "node_modules/puppeteer-core/package.json")):
        return "puppeteer-core is missing from .peers: run scripts/setup --browser"
    return ""


class Browser:
    """One drive.js process: send a command, read its answer."""

    def __init__(self):
        env = dict(os.environ, KINESISCTL_PEERS_DIR=PEERS_DIR, CHROMIUM=CHROMIUM)
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "drive.js")], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def do(self, op, **args):
        self.proc.stdin.write(json.dumps(dict(op=op, **args)) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"drive.js ended during {op}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise AssertionError(f"{op} {args}: {answer['error']}")
        return answer.get("value")

    def wait(self, js, what):
        try:
            return self.do("wait", js=js, timeout_ms=WAIT_MS)
        except AssertionError as e:
            shown = self.do("eval", js="document.body.innerText.slice(0, 3000)")
            raise AssertionError(f"the page never showed {what}: {e}\n--- page text ---\n{shown}")

    def close(self):
        try:
            self.do("close")
        finally:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc.stdout.close()


def stream_row(name, status="ACTIVE"):
    return (f"(() => {{ const r = document.querySelector('#streams tr[data-stream=\"{name}\"]');"
            f" return r && r.querySelector('.status-{status}') !== null; }})()")


class ConsolePageMixin:
    def open_page(self):
        missing = browser_missing()
        if missing:
            self.fail(missing)
        self.browser = Browser()
        self.addCleanup(self.browser.close)
        self.assertEqual(self.browser.do("open", url=self.endpoint + PAGE), 200)

    def assert_no_page_errors(self):
        log = self.browser.do("log")
        self.assertEqual(log["errors"], [], "uncaught errors in the page")
        # Chromium reports every HTTP answer >= 400 as a console error ("Failed to load
        # resource"). The only ones the page may cause: ListStreamConsumers on a server without
        # it, which the page then stops asking and leaves out.
        unexpected = [f for f in log["failed"]
                      if not (f["target"].endswith(".ListStreamConsumers")
                              and f["errorType"] == "UnknownOperationException")]
        self.assertEqual(unexpected, [], "requests the page made that failed")
        errors = [m for m in log["console"] if m["type"] == "error"]
        explained = [m for m in errors if m["text"].startswith("Failed to load resource")]
        self.assertEqual([m for m in errors if m not in explained], [], "console errors")
        self.assertLessEqual(len(explained), len(log["failed"]))
        return log


@harness.skip_unless_server()
class ConsoleTest(ConsolePageMixin, harness.ServerTest):
    delay_ms = 0

    def test_streams_hash_space_tail_and_host_check(self):
        self.open_page()
        b = self.browser
        # A stream created with boto3 after the page loaded appears in its list.
        self.c.create_stream(StreamName="console-orders", ShardCount=1)
        self.c.add_tags_to_stream(StreamName="console-orders", Tags={"team": "payments"})
        harness.wait_status(self.c, "console-orders")
        b.wait(stream_row("console-orders"), "the stream created with boto3 as ACTIVE")
        row = b.do("eval", js="document.querySelector('#streams tr[data-stream=\"console-orders\"]')"
                              ".innerText")
        self.assertIn("PROVISIONED", row)
        self.assertIn("24 h", row)
        self.assertIn("team=payments", row)

        # Its hash-key space: one open shard, then two after a split made with the page's form
        # (the confirmation dialog is accepted by drive.js).
        b.do("click", selector='#streams tr[data-stream="console-orders"]')
        b.wait("document.getElementById('bars').dataset.count === '1'", "one bar")
        b.wait("document.getElementById('split-key').value !== ''", "a suggested split key")
        b.wait("/reading 1 shard/.test(document.getElementById('tail-state').textContent)",
               "the tail reading the one shard")
        b.do("click", selector="#split-form button[type=submit]")
        b.wait("document.getElementById('bars').dataset.count === '2'", "two bars after the split")
        self.assertTrue(any("Split shardId-000000000000" in d for d in b.do("log")["dialogs"]))
        shards = self.c.list_shards(StreamName="console-orders")["Shards"]
        self.assertEqual(len(shards), 3)
        # The lineage shows the closed parent with its two children.
        lineage = b.do("eval", js="[...document.querySelectorAll('#lineage > li')].map(li => "
                                  "[li.className, li.querySelectorAll(':scope > ul > li').length])")
        self.assertEqual(lineage, [["closed", 2]])

        # A record put with boto3 after the split reaches the tail, which started on the parent
        # shard at LATEST and followed it into its children.
        harness.wait_status(self.c, "console-orders")
        put = self.c.put_record(StreamName="console-orders", PartitionKey="pk-from-boto3",
                                Data=b"hello, console")
        b.wait("[...document.querySelectorAll('#records tbody tr')].some(tr => "
               "tr.querySelector('.key').textContent === 'pk-from-boto3' && "
               "tr.querySelector('.data').textContent === 'hello, console')",
               "the record put with boto3 in the tail")
        row = b.do("eval", js="[...document.querySelectorAll('#records tbody tr')].map(tr => "
                              "[...tr.cells].map(td => td.textContent))[0]")
        self.assertEqual(row[1:4], [put["ShardId"], put["SequenceNumber"], "pk-from-boto3"])
        b.do("select", selector="#data-view", value="hex")
        b.wait("document.querySelector('#records .data').textContent.startsWith('68 65 6c 6c 6f')",
               "the data as hex")
        b.do("select", selector="#data-view", value="text")
        if SCREENSHOTS:
            b.do("screenshot", path=os.path.join(SCREENSHOTS, "console-stream.png"))
        self.assert_no_page_errors()

        # The console and the API refuse a request whose Host is not this server (DNS rebinding).
        for method, path in (("GET", "/console"), ("POST", "/")):
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            conn.request(method, path, body=b"{}" if method == "POST" else None,
                         headers={"Host": f"rebound.example:{self.server.port}"})
            resp = conn.getresponse()
            body = resp.read().decode()
            conn.close()
            self.assertEqual(resp.status, 403, (method, path))
            self.assertIn("DNS rebinding", body)


@harness.skip_unless_server()
class ConsoleOffTest(harness.ServerTest):
    extra_args = ("--no-console",)

    def test_no_console_flag(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        conn.request("GET", "/console")
        resp = conn.getresponse()
        body = resp.read().decode()
        conn.close()
        self.assertEqual(resp.status, 404)
        self.assertIn("--no-console", body)


_CREDS_DIR = tempfile.mkdtemp(prefix="kinesisctl-console-")
_CREDS = os.path.join(_CREDS_DIR, "credentials")
with open(_CREDS, "w") as f:
    f.write("[default]\naws_access_key_id = AKIDTESTKEY\naws_secret_access_key = test-secret\n")


@harness.skip_unless_server()
class ConsoleCredentialsTest(ConsolePageMixin, harness.ServerTest):
    extra_args = ("--credentials", _CREDS)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(_CREDS_DIR, ignore_errors=True)

    def test_page_asks_for_a_key_and_signs(self):
        self.c.create_stream(StreamName="console-signed", ShardCount=2)
        self.open_page()
        b = self.browser
        b.wait("!document.getElementById('login').hidden", "the key form")
        self.assertTrue(b.do("eval", js="document.getElementById('main').hidden"))
        b.do("type", selector="#key-id", text="AKIDTESTKEY")
        b.do("type", selector="#secret", text="test-secret")
        b.do("click", selector="#login-form button[type=submit]")
        b.wait(stream_row("console-signed"), "the stream, read with signed requests")
        # The secret stays in the page's memory: not in the form, storage, cookies or the URL.
        kept = b.do("eval", js="[document.getElementById('secret').value, location.href, "
                               "document.cookie, JSON.stringify(localStorage), "
                               "JSON.stringify(sessionStorage)].join('|')")
        self.assertNotIn("test-secret", kept)
        b.do("click", selector='#streams tr[data-stream="console-signed"]')
        b.wait("document.getElementById('bars').dataset.count === '2'", "two bars")
        # A signed write: the page's own put form (its confirmation accepted), seen in the tail.
        b.wait("/reading 2 shard/.test(document.getElementById('tail-state').textContent)",
               "the tail reading both shards")
        b.do("click", selector="#put-form button[type=submit]")
        b.wait("[...document.querySelectorAll('#records tbody tr')].some(tr => "
               "tr.querySelector('.key').textContent === 'test' && "
               "tr.querySelector('.data').textContent === 'hello from the console')",
               "the record put with the page's form in the tail")
        self.assertTrue(any("partition key \"test\"" in d for d in b.do("log")["dialogs"]))
        # The merge form joins the two shards (one bar, the merged child under both parents),
        # then the shard-count form reshards to two.
        b.do("click", selector="#merge-form button[type=submit]")
        b.wait("document.getElementById('bars').dataset.count === '1'", "one bar after the merge")
        merged = b.do("eval", js="document.getElementById('lineage').innerText")
        self.assertIn("shardId-000000000002", merged)
        self.assertIn("merged from shardId-000000000000 and shardId-000000000001", merged)
        if SCREENSHOTS:
            b.do("screenshot", path=os.path.join(SCREENSHOTS, "console-signed.png"))
        harness.wait_status(self.c, "console-signed")
        b.do("eval", js="document.getElementById('count-target').value = '2'")
        b.do("click", selector="#count-form button[type=submit]")
        b.wait("document.getElementById('bars').dataset.count === '2'", "two bars after "
               "UpdateShardCount")
        self.assertEqual(len(b.do("log")["dialogs"]), 3)  # put, merge, update: each confirmed
        self.assert_no_page_errors()


if __name__ == "__main__":
    unittest.main()
