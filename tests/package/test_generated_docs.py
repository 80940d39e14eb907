"""The documents generated from the function table agree with `kinesisctl --help`: the man page
(and it renders without groff warnings), the bash completion (exercised in bash), and the
committed docs/reference.md; the user guide shows every function and the Salt page maps every
Salt call."""
import os
import subprocess
import unittest

import pkgtest
from pkgtest import read, run

SALT_FUNCTIONS = ["create_stream", "delete_stream", "exists", "get_stream_when_active",
                  "increase_stream_retention_period", "decrease_stream_retention_period",
                  "enable_enhanced_monitoring", "disable_enhanced_monitoring",
                  "get_info_for_reshard", "long_int", "reshard", "list_streams"]


def complete(line):
    """What the generated completion offers for the command line `line` (cursor at its end)."""
    script = os.path.join(pkgtest.BUILD_DIR, "kinesisctl.bash-completion")
    program = (f'source "{script}"\n'
               f'COMP_LINE="$1"; COMP_POINT=${{#COMP_LINE}}; COMP_WORDBREAKS=$\' \\t\\n"\\\'><=;|&(:\'\n'
               '_kinesisctl\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    out = run(["bash", "-c", program, "complete", line])
    return [w for w in out.splitlines() if w]


class GeneratedDocsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.functions = pkgtest.functions_from_help()

    def test_help_lists_the_functions(self):
        for name in SALT_FUNCTIONS + ["present", "absent", "apply", "reshard_to"]:
            self.assertIn(name, self.functions)

    def test_man_page_is_built_from_the_table(self):
        built = read(os.path.join(pkgtest.BUILD_DIR, "kinesisctl.1"))
        self.assertEqual(built, run([pkgtest.BIN, "--man"]))
        for name in self.functions:
            self.assertTrue(f"\n.B {name}\n" in built, f"no entry for {name} in the man page")
            for example in run([pkgtest.BIN, name, "--help"]).split("Example")[1].splitlines()[1:]:
                if example.strip():
                    roff = example.strip().replace("-", "\\-")
                    self.assertTrue(roff in built, f"example missing from the man page: {roff}")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "FUNCTIONS",
                        "CONNECTION PARAMETERS", "SERVER", "CONFIGURATION", "ENVIRONMENT",
                        "EXIT STATUS", "FILES", "SEE ALSO"]:
            self.assertTrue(f"\n.SH {section}\n" in built, section)

    def test_man_page_renders_cleanly(self):
        page = os.path.join(pkgtest.BUILD_DIR, "kinesisctl.1")
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-P-cbou", page], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, "")
        self.assertTrue("create_stream" in p.stdout and "EXIT STATUS" in p.stdout)

    def test_completion_of_functions_keys_and_values(self):
        self.assertEqual(complete("kinesisctl create_s"), ["create_stream"])
        self.assertEqual(sorted(complete("kinesisctl ")), sorted(self.functions + ["serve"]))
        self.assertEqual(complete("kinesisctl boto_kinesis.reshard_to s 3 met"), ["method="])
        self.assertEqual(sorted(complete("kinesisctl reshard_to s 3 method=")),
                         ["auto", "split_merge", "update_shard_count"])
        self.assertEqual(complete("kinesisctl --out j"), ["json"])
        self.assertEqual(complete("kinesisctl -l debug create_stream s 4 stream_mode=ON"),
                         ["ON_DEMAND"])
        self.assertEqual(complete("kinesisctl present s test=T"), ["True"])
        # Every parameter of every function is offered, until given.
        for name in self.functions:
            keys = complete(f"kinesisctl {name} ")
            for param in ["region=", "endpoint=", "profile="]:
                self.assertIn(param, keys, name)
        self.assertNotIn("region=", complete("kinesisctl exists s region=eu-west-1 "))
        self.assertIn("--port", complete("kinesisctl serve --p"))

    def test_reference_is_up_to_date(self):
        committed = read(os.path.join(pkgtest.SOURCE_DIR, "docs", "reference.md"))
        self.assertTrue(committed == run([pkgtest.BIN, "--markdown-reference"]),
                        "docs/reference.md is stale: regenerate it with "
                        "kinesisctl --markdown-reference > docs/reference.md")

    def test_guide_shows_every_function(self):
        guide = read(os.path.join(pkgtest.SOURCE_DIR, "docs", "guide.md"))
        for name in self.functions:
            self.assertRegex(guide, rf"\$ kinesisctl (--out \w+ )?{name}(?!\w)",
                             f"guide.md has no example of {name}")

    def test_salt_page_maps_every_salt_call_and_state(self):
        page = read(os.path.join(pkgtest.SOURCE_DIR, "docs", "coming-from-salt.md"))
        for name in SALT_FUNCTIONS:
            self.assertTrue(f"boto_kinesis.{name}" in page, name)
            self.assertTrue(f"kinesisctl {name}" in page, name)
        for state in ["boto_kinesis.present", "boto_kinesis.absent"]:
            self.assertTrue(state in page, state)


if __name__ == "__main__":
    unittest.main()
