"""CPack's Debian packages: kinesisctl (the command) and libkinesisctl-dev (library, headers,
CMake package, pkg-config). Checks their control fields (Depends names the Debian package of
every shared library the binary needs), their contents, and runs the unpacked binary."""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import pkgtest
from pkgtest import run


def control_fields(info):
    """The control fields of `dpkg-deb --info` output, as a dict (continuation lines joined)."""
    fields, last = {}, None
    for line in info.splitlines():
        m = re.match(r"^ ([A-Za-z-]+): (.*)$", line)
        if m:
            last = m.group(1)
            fields[last] = m.group(2)
        elif last and line.startswith("  "):
            fields[last] += "\n" + line.strip()
    return fields


def needed_packages(binary):
    """The Debian packages owning the shared libraries `binary` needs (readelf NEEDED, found
    through ldd, owner from dpkg -S)."""
    resolved = {}
    for line in run(["ldd", binary]).splitlines():
        m = re.match(r"^\s*(\S+) => (/\S+)", line) or re.match(r"^\s*((/\S+))", line)
        if m:  # "libx.so.1 => /path (addr)", or "/lib64/ld-linux-x86-64.so.2 (addr)"
            resolved[os.path.basename(m.group(1))] = m.group(2)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                        run(["readelf", "-d", binary]))
    owners = set()
    for lib in needed:
        real = os.path.realpath(resolved[lib])
        # Merged /usr: a package may list the file under /lib or /usr/lib.
        candidates = [resolved[lib], real, re.sub(r"^/usr/", "/", real),
                      re.sub(r"^/usr/", "/", resolved[lib])]
        for path in candidates:
            p = subprocess.run(["dpkg", "-S", path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
            if p.returncode == 0:
                owners.add(p.stdout.split(":")[0].strip())
                break
        else:
            raise AssertionError(f"no Debian package owns {lib} ({real})")
    return owners


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kinesisctl-deb-")
        run(["cpack", "-G", "DEB", "--config",
             os.path.join(pkgtest.BUILD_DIR, "CPackConfig.cmake"), "-B", cls.tmp])
        arch = run(["dpkg", "--print-architecture"]).strip()
        cls.deb = os.path.join(cls.tmp, f"kinesisctl_{pkgtest.VERSION}_{arch}.deb")
        cls.dev_deb = os.path.join(cls.tmp, f"libkinesisctl-dev_{pkgtest.VERSION}_{arch}.deb")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_files_are_there(self):
        debs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(self.tmp, "*.deb")))
        self.assertEqual(debs, sorted([os.path.basename(self.deb),
                                       os.path.basename(self.dev_deb)]))

    def test_runtime_control_fields(self):
        fields = control_fields(run(["dpkg-deb", "--info", self.deb]))
        self.assertEqual(fields["Package"], "kinesisctl")
        self.assertEqual(fields["Version"], pkgtest.VERSION)
        self.assertEqual(fields["Architecture"], run(["dpkg", "--print-architecture"]).strip())
        self.assertTrue(fields.get("Maintainer"))
        self.assertIn("Kinesis", fields["Description"])
        depends = {d.strip().split(" ")[0] for d in fields["Depends"].split(",")}
        expected = needed_packages(pkgtest.BIN)
        for pkg in ["libssl3", "libyaml-cpp0.7", "libsqlite3-0", "libc6", "libstdc++6"]:
            self.assertIn(pkg, expected, "the binary should link " + pkg)
        self.assertTrue(expected <= depends, f"missing from Depends: {expected - depends}")
        self.assertFalse([d for d in depends if d.endswith("-dev")], depends)
        # libcurl is loaded at run time (dlopen), so it is not linked but must be a dependency,
        # versioned like the ones dpkg-shlibdeps writes.
        self.assertNotIn("libcurl4", expected)
        self.assertRegex(fields["Depends"], r"libcurl4 \(>= [0-9.~]+\)")
        self.assertRegex(fields["Depends"], r"libssl3 \(>= [0-9.~]+\)")

    def test_runtime_contents(self):
        names = {line.split()[-1] for line in
                 run(["dpkg-deb", "--contents", self.deb]).splitlines()}
        for path in ["./usr/bin/kinesisctl", "./usr/share/man/man1/kinesisctl.1",
                     "./usr/share/bash-completion/completions/kinesisctl",
                     "./usr/share/doc/kinesisctl/README.md",
                     "./usr/share/doc/kinesisctl/guide.md",
                     "./usr/share/doc/kinesisctl/coming-from-salt.md"]:
            self.assertIn(path, names)
        self.assertFalse([n for n in names if "/include/" in n or n.endswith(".a")], names)

    def test_dev_package(self):
        fields = control_fields(run(["dpkg-deb", "--info", self.dev_deb]))
        self.assertEqual(fields["Package"], "libkinesisctl-dev")
        for dep in ["libssl-dev", "libyaml-cpp-dev", "nlohmann-json3-dev"]:
            self.assertIn(dep, fields["Depends"])
        names = {line.split()[-1] for line in
                 run(["dpkg-deb", "--contents", self.dev_deb]).splitlines()}
        for path in ["./usr/include/kinesisctl/boto_kinesis.h",
                     "./usr/include/kinesisctl/state.h", "./usr/lib/libkinesisctl.a",
                     "./usr/lib/cmake/kinesisctl/kinesisctlConfig.cmake",
                     "./usr/lib/pkgconfig/kinesisctl.pc"]:
            self.assertIn(path, names)
        self.assertNotIn("./usr/bin/kinesisctl", names)

    def test_unpacked_binary_runs(self):
        root = os.path.join(self.tmp, "root")
        run(["dpkg-deb", "-x", self.deb, root])
        binary = os.path.join(root, "usr", "bin", "kinesisctl")
        lines = run([binary, "--version"]).splitlines()
        self.assertEqual(lines[0], f"kinesisctl {pkgtest.VERSION}")
        libs = {line.split()[0]: line.split()[1] for line in lines[1:]}
        self.assertEqual(sorted(libs), sorted(["libcurl", "OpenSSL", "yaml-cpp",
                                               "nlohmann_json", "SQLite", "Boost"]))
        for name, version in libs.items():
            self.assertRegex(version, r"^\d+\.\d+(\.\d+)?", name)
        # The versions it reports are those of the Debian packages installed here.
        self.assertEqual(libs["SQLite"], run(["sqlite3", "--version"]).split()[0])
        self.assertEqual(run(["curl-config", "--version"]).split()[1], libs["libcurl"])
        self.assertIn(libs["OpenSSL"], run(["openssl", "version"]))
        with open(os.path.join(root, "usr", "share", "man", "man1", "kinesisctl.1")) as f:
            self.assertTrue(f.read().startswith(".TH KINESISCTL 1"))


if __name__ == "__main__":
    unittest.main()
