"""`cmake --install` into a temporary prefix gives a usable kinesisctl for other projects: the
public headers stand alone, examples/ builds with find_package(kinesisctl) and with pkg-config,
the example creates, waits for and reshards a stream on a loopback kinesalite, and the example
unit test built on the installed gMock connection (kinesisctl/testing/) passes."""
import glob
import os
import re
import shutil
import tempfile
import unittest

import pkgtest
from pkgtest import run

import peers


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kinesisctl-install-")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        run(["cmake", "--install", pkgtest.BUILD_DIR, "--prefix", cls.prefix])
        cls.libdir = os.path.dirname(glob.glob(os.path.join(cls.prefix, "lib*", "**",
                                                            "libkinesisctl.a"),
                                               recursive=True)[0])
        # The example is built from a copy, so nothing can reach into the source tree.
        cls.example_src = os.path.join(cls.tmp, "examples")
        shutil.copytree(os.path.join(pkgtest.SOURCE_DIR, "examples"), cls.example_src)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_installed_files(self):
        for rel in ["bin/kinesisctl", "include/kinesisctl/boto_kinesis.h",
                    "include/kinesisctl/state.h", "include/kinesisctl/status.h",
                    "include/kinesisctl/client.h", "include/kinesisctl/options.h",
                    "include/kinesisctl/kinesis_connection.h", "include/kinesisctl/responses.h",
                    "include/kinesisctl/testing/mock_kinesis_connection.h",
                    "share/man/man1/kinesisctl.1",
                    "share/bash-completion/completions/kinesisctl",
                    "share/doc/kinesisctl/README.md", "share/doc/kinesisctl/guide.md",
                    "share/doc/kinesisctl/coming-from-salt.md",
                    "share/doc/kinesisctl/reference.md"]:
            self.assertTrue(os.path.isfile(os.path.join(self.prefix, rel)), rel)
        for rel in ["cmake/kinesisctl/kinesisctlConfig.cmake",
                    "cmake/kinesisctl/kinesisctlConfigVersion.cmake",
                    "cmake/kinesisctl/kinesisctlTargets.cmake", "pkgconfig/kinesisctl.pc"]:
            self.assertTrue(os.path.isfile(os.path.join(self.libdir, rel)), rel)
        # Only public headers: nothing from src/.
        installed = sorted(os.listdir(os.path.join(self.prefix, "include", "kinesisctl")))
        public = sorted(os.listdir(os.path.join(pkgtest.SOURCE_DIR, "include", "kinesisctl")))
        self.assertEqual(installed, public)

    def test_public_headers_include_only_public_headers(self):
        include = os.path.join(self.prefix, "include")
        headers = sorted(glob.glob(os.path.join(include, "kinesisctl", "*.h")))
        for h in headers:
            with open(h) as f:
                for target in re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M):
                    self.assertTrue(target.startswith("kinesisctl/"), f"{h} includes {target}")
                    self.assertTrue(os.path.isfile(os.path.join(include, target)),
                                    f"{h} includes {target}, which is not installed")
        # All of them compile with only the installed include folder (no src/).
        tu = os.path.join(self.tmp, "all_headers.cc")
        with open(tu, "w") as f:
            f.writelines(f'#include "kinesisctl/{os.path.basename(h)}"\n' for h in headers)
        run(["c++", "-std=c++20", "-fsyntax-only", "-Wall", "-Werror", "-I", include, tu])

    def test_example_with_find_package_runs_against_kinesalite(self):
        build = os.path.join(self.tmp, "build-cmake")
        run(["cmake", "-S", self.example_src, "-B", build, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Debug", f"-DCMAKE_PREFIX_PATH={self.prefix}"])
        cache = pkgtest.read(os.path.join(build, "CMakeCache.txt"))
        self.assertIn(f"kinesisctl_DIR:PATH={self.libdir}/cmake/kinesisctl", cache)
        run(["cmake", "--build", build])
        # The user's unit test over the installed mock connection: no network, all pass.
        mock_test = os.path.join(build, "test_with_mock_connection")
        self.assertTrue(os.access(mock_test, os.X_OK), "GoogleTest not found by examples/")
        out = run([mock_test])
        self.assertIn("[  PASSED  ] 5 tests.", out)
        self.assertNotIn("FAILED", out)
        example = os.path.join(build, "reshard_stream")
        # Usage errors need no server.
        code, out, err = pkgtest.status([example])
        self.assertEqual((code, out), (2, ""))
        self.assertIn("usage: reshard_stream", err)
        ok, why = peers.available("kinesalite")
        if not ok:
            print(f"not running the example: {why}")
            return
        with peers.start("kinesalite", delay_ms=50) as server:
            out = run([example, "example_stream", "1", "3", server.endpoint],
                      env=peers.client_env(server.endpoint))
        self.assertIn("example_stream is ACTIVE with 1 shard(s)", out)
        self.assertIn("3 open shard(s)", out)

    def test_pkg_config(self):
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(self.libdir, "pkgconfig"))
        self.assertEqual(run(["pkg-config", "--modversion", "kinesisctl"], env=env).strip(),
                         pkgtest.VERSION)
        cflags = run(["pkg-config", "--cflags", "kinesisctl"], env=env).split()
        include = [f[2:] for f in cflags if f.startswith("-I")]
        self.assertTrue(any(os.path.realpath(i) == os.path.realpath(
            os.path.join(self.prefix, "include")) for i in include), cflags)
        libs = run(["pkg-config", "--libs", "kinesisctl"], env=env).split()
        self.assertIn("-lkinesisctl", libs)
        self.assertIn("-lcrypto", libs)
        # libcurl is loaded at run time (src/aws/curl_library.h), not linked.
        self.assertNotIn("-lcurl", libs)
        exe = os.path.join(self.tmp, "reshard_stream_pc")
        run(["c++", "-std=c++20", "-o", exe,
             os.path.join(self.example_src, "reshard_stream.cc")] + cflags + libs)
        self.assertTrue(os.access(exe, os.X_OK))
        self.assertEqual(pkgtest.status([exe])[:2], (2, ""))


if __name__ == "__main__":
    unittest.main()
