"""No traceback, ever: every `kiosk` subcommand with bad input gives one clear line and a
non-zero exit. One row per case; to add one, add a row to CASES.

A row is (argv, what the line must say); `{tmp}`, `{keys}`, `{repo}`, `{content}`, `{data}`,
`{file}` (a plain file) and `{fifo}` in argv are filled in. A row may feed stdin, run a setup
on the fixture first, or allow more lines (`kiosk content validate` prints one per problem).
The catch-all of kiosk.cli ("internal error") must never be what answers a row: it is the net
for bugs, not an answer to bad input.

`nssf-kiosk` options are in tests/ui/test_app_bad_input.py (they need Qt).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.sync.keys import init_keys
from kiosk.sync.sample import write_sample


@dataclass
class Env:
    tmp: Path
    keys: Path
    repo: Path
    content: Path
    data: Path
    file: Path
    fifo: Path

    def fill(self, arg: str) -> str:
        return arg.format(**{k: str(v) for k, v in vars(self).items()})


@dataclass
class Case:
    argv: list[str]
    says: str  # a piece of the one line
    stdin: str | None = None
    setup: Callable[[Env], None] | None = None
    lines: int = 1  # at most this many lines on stdout + stderr together
    code: int | None = None  # an exact exit code, when it matters


def broken_settings(env: Env) -> None:
    (env.data / "settings.json").write_text("{not json")


def bad_setting_in_file(env: Env) -> None:
    (env.data / "settings.json").write_text(json.dumps({"idle_timeout_s": 0}))


def bad_locale_in_file(env: Env) -> None:
    (env.data / "settings.json").write_text(json.dumps({"default_locale": "fr"}))


def facts(text: str) -> Callable[[Env], None]:
    def write(env: Env) -> None:
        (env.tmp / "facts.json").write_text(text)
    return write


def not_a_bundle(env: Env) -> None:
    (env.tmp / "fake.db").write_text("not sqlite at all")


def bomb_rules(env: Env) -> None:
    rules = env.tmp / "rules"
    shutil.rmtree(rules, ignore_errors=True)
    rules.mkdir()
    (rules / "parameters.yaml").write_text("a: &a [1, 2]\nb: *a\n")


CASES: dict[str, Case] = {
    # --- usage errors: argparse's, in one line
    "no command": Case([], "the following arguments are required: COMMAND", code=2),
    "unknown command": Case(["frobnicate"], "invalid choice: 'frobnicate'", code=2),
    "unknown option": Case(["status", "--colour"], "unrecognized arguments: --colour", code=2),
    # --- content
    # (validate prints one line per problem: a missing folder also lacks the nine benefits)
    "validate: no such folder": Case(["content", "validate", "{tmp}/nowhere", "--rules", "-"],
                                     "no content files", lines=40),
    "validate: a file, not a folder": Case(["content", "validate", "{file}", "--rules", "-"],
                                           "no content files", lines=40),
    "validate: rules folder missing": Case(["content", "validate", "{content}", "--rules",
                                            "{tmp}/norules"], "no rules folder", lines=40),
    "validate: alias bomb in rules": Case(["content", "validate", "{content}", "--rules",
                                           "{tmp}/rules"], "anchors and aliases", setup=bomb_rules,
                                          lines=40),
    "build: no such folder": Case(["content", "build", "{tmp}/nowhere", "-o", "{tmp}/b.db"],
                                  "no content files", lines=40),
    "build: version not a number": Case(["content", "build", "-o", "{tmp}/b.db", "--version",
                                         "x"], "invalid int value: 'x'", code=2),
    "build: output is a folder": Case(["content", "build", "-o", "{tmp}"], "cannot use"),
    "build: no -o": Case(["content", "build"], "the following arguments are required: -o",
                         code=2),
    "confirm: no such folder": Case(["content", "confirm", "{tmp}/nowhere"], "no content files"),
    # --- eligibility
    "eligibility: facts missing": Case(["eligibility", "--facts", "{tmp}/none.json"],
                                       "cannot read the facts file"),
    "eligibility: facts not JSON": Case(["eligibility", "--facts", "{tmp}/facts.json"],
                                        "not valid JSON", setup=facts("{oops")),
    "eligibility: facts a folder": Case(["eligibility", "--facts", "{tmp}"],
                                        "cannot read the facts file"),
    "eligibility: facts not UTF-8": Case(["eligibility", "--facts", "{tmp}/facts.json"],
                                         "not UTF-8", setup=lambda e: (e.tmp / "facts.json")
                                         .write_bytes(b'{"age": "\xff"}')),
    "eligibility: facts a list": Case(["eligibility", "--facts", "{tmp}/facts.json"],
                                      "object", setup=facts("[1, 2]")),
    "eligibility: a fact of the wrong type": Case(["eligibility", "--facts", "{tmp}/facts.json"],
                                                  "age", setup=facts('{"age": "old"}')),
    "eligibility: unknown benefit": Case(["eligibility", "--facts", "-", "--benefit", "nope"],
                                         "nope", stdin="{}"),
    "eligibility: language fr": Case(["eligibility", "--facts", "-", "--lang", "fr"],
                                     "invalid choice: 'fr'", stdin="{}", code=2),
    # --- print
    "print: unknown id": Case(["print", "nope", "-o", "{tmp}/x.pdf", "--data-dir", "{data}"],
                              "nope"),
    "print: format letter": Case(["print", "medical-care", "--format", "letter", "-o", "x.pdf"],
                                 "invalid choice: 'letter'", code=2),
    "print: bundle missing": Case(["print", "medical-care", "-o", "{tmp}/x.pdf", "--bundle",
                                   "{tmp}/none.db"], "is not there"),
    "print: bundle not a bundle": Case(["print", "medical-care", "-o", "{tmp}/x.pdf", "--bundle",
                                        "{tmp}/fake.db"], "cannot be read", setup=not_a_bundle),
    "print: output in a missing folder of a file": Case(
        ["print", "medical-care", "-o", "{file}/x.pdf", "--data-dir", "{data}"], "cannot"),
    "print: facts not JSON": Case(["print", "medical-care", "-o", "{tmp}/x.pdf", "--facts",
                                   "{tmp}/facts.json", "--data-dir", "{data}"], "not valid JSON",
                                  setup=facts("nope")),
    "print: unknown document": Case(["print", "medical-care", "-o", "{tmp}/x.pdf", "--have",
                                     "passport-of-mars", "--data-dir", "{data}"],
                                    "is not a document of this checklist"),
    "print: monthly without wages": Case(["print", "monthly-total", "--kind", "monthly", "-o",
                                          "{tmp}/x.pdf", "--data-dir", "{data}"], "wages_riel"),
    "print: monthly wages not numbers": Case(
        ["print", "monthly-total", "--kind", "monthly", "-o", "{tmp}/x.pdf", "--facts",
         "{tmp}/facts.json", "--data-dir", "{data}"], "wages_riel",
        setup=facts('{"wages_riel": [1000000, "lots", -5]}')),
    "print: unknown guide": Case(["print", "nope", "--kind", "guide", "-o", "{tmp}/x.pdf",
                                  "--data-dir", "{data}"], "nope"),
    # --- keys
    "keys init: keys already there": Case(["keys", "init", "{keys}"], "already holds keys"),
    "keys init: a file": Case(["keys", "init", "{file}"], "cannot use"),
    "keys init: expiry not a number": Case(["keys", "init", "{tmp}/k", "--root-expires-days",
                                            "soon"], "is not a number", code=2),
    "keys init: expiry 0": Case(["keys", "init", "{tmp}/k", "--root-expires-days", "0"],
                                "out of range", code=2),
    "keys rotate: no keys": Case(["keys", "rotate", "{tmp}/none", "targets"], "is not there"),
    "keys rotate: unknown role": Case(["keys", "rotate", "{keys}", "mirror"],
                                      "invalid choice: 'mirror'", code=2),
    "keys rotate: wrong root key": Case(["keys", "rotate", "{keys}", "targets", "--root-key",
                                         "{keys}/targets.pem"], "is not the root key"),
    "keys rotate: root key not a key": Case(["keys", "rotate", "{keys}", "targets", "--root-key",
                                             "{file}"], "is not a private key"),
    # --- publish
    "publish: no keys": Case(["publish", "{content}", "--keys", "{tmp}/none", "--repo", "{repo}",
                              "--allow-missing-benefits"], "is not there"),
    "publish: repo is a file": Case(["publish", "{content}", "--keys", "{keys}", "--repo",
                                     "{file}", "--allow-missing-benefits"], "cannot use"),
    "publish: invalid content": Case(["publish", "{tmp}/nowhere", "--keys", "{keys}", "--repo",
                                      "{repo}"], "no content files", lines=40),
    "publish: expiry negative": Case(["publish", "--keys", "{keys}", "--repo", "{repo}",
                                      "--expires-days", "-1"], "out of range", code=2),
    "publish: site URL not a URL": Case(["publish", "--keys", "{keys}", "--repo", "{repo}",
                                         "--site-url", "www.nssf.gov.kh"], "--site-url"),
    "publish: site URL with a query": Case(["publish", "--keys", "{keys}", "--repo", "{repo}",
                                            "--site-url", "https://x/site?v=1"], "query"),
    "print: overview without facts": Case(["print", "all", "--kind", "overview", "-o",
                                           "{tmp}/x.pdf", "--data-dir", "{data}"],
                                          "--kind overview needs --facts"),
    "publish: bin bits 99": Case(["publish", "--keys", "{keys}", "--repo", "{repo}",
                                  "--bin-bits", "99"], "out of range", code=2),
    "publish: refresh with nothing published": Case(["publish", "--refresh", "--keys", "{keys}",
                                                     "--repo", "{tmp}/empty-repo"],
                                                    "is not a repository"),
    "publish: keys root not a root": Case(["publish", "{content}", "--keys", "{tmp}/badkeys",
                                           "--repo", "{repo}", "--allow-missing-benefits"],
                                          "is not TUF root metadata",
                                          setup=lambda e: (e.tmp / "badkeys").mkdir(exist_ok=True)
                                          or (e.tmp / "badkeys" / "root.json").write_text("[]")),
    # --- sync
    "sync: no server set": Case(["sync", "--data-dir", "{data}"], "no server"),
    "sync: folder not there": Case(["sync", "--server", "{tmp}/nowhere", "--data-dir", "{data}"],
                                   "not there"),
    "sync: nobody listening": Case(["sync", "--server", "http://127.0.0.1:9", "--data-dir",
                                    "{data}", "--timeout", "1"], "cannot reach"),
    "sync: timeout not a number": Case(["sync", "--server", "x", "--timeout", "soon"],
                                       "is not a number", code=2),
    "sync: timeout 0": Case(["sync", "--server", "x", "--timeout", "0"], "out of range", code=2),
    "sync: deadline 0": Case(["sync", "--server", "x", "--deadline", "0"], "out of range", code=2),
    "sync: root missing": Case(["sync", "--server", "{repo}", "--data-dir", "{data}", "--root",
                                "{tmp}/none.json"], "is not there"),
    "sync: root not JSON": Case(["sync", "--server", "{repo}", "--data-dir", "{data}", "--root",
                                 "{file}"], "is not TUF root metadata"),
    "sync: root is a FIFO": Case(["sync", "--server", "{repo}", "--data-dir", "{data}", "--root",
                                  "{fifo}"], "not a regular file"),
    "sync: data dir is a file": Case(["sync", "--server", "{repo}", "--data-dir", "{file}"],
                                     "cannot use the data dir"),
    "sync: broken settings file": Case(["sync", "--server", "{repo}", "--data-dir", "{data}"],
                                       "settings file is damaged", setup=broken_settings),
    # --- rollback
    "rollback: nothing to go back to": Case(["rollback", "--data-dir", "{data}"],
                                            "no previous content"),
    # --- serve
    "serve: repo not there": Case(["serve", "--repo", "{tmp}/nowhere"], "is not a repository"),
    "serve: port out of range": Case(["serve", "--repo", "{repo}", "--port", "70000"],
                                     "out of range", code=2),
    "serve: port not a number": Case(["serve", "--repo", "{repo}", "--port", "http"],
                                     "is not a number", code=2),
    "serve: bad address": Case(["serve", "--repo", "{repo}", "--bind", "999.1.1.1",
                                "--port", "0"], "cannot listen on 999.1.1.1"),
    "serve: repo and data dir": Case(["serve", "--repo", "{repo}", "--data-dir", "{data}"],
                                     "not allowed with argument", code=2),
    # --- status
    "status: data dir is a file": Case(["status", "--data-dir", "{file}"],
                                       "cannot use the data dir"),
    "status: broken settings file": Case(["status", "--data-dir", "{data}"],
                                         "settings file is damaged", setup=broken_settings),
    "status: idle_timeout_s=0 in the file": Case(["status", "--data-dir", "{data}"],
                                                 "idle_timeout_s must be from 30 to 3600",
                                                 setup=bad_setting_in_file),
    "status: default_locale=fr in the file": Case(["status", "--data-dir", "{data}"],
                                                  "default_locale must be one of km, en",
                                                  setup=bad_locale_in_file),
    # --- pin
    "pin set: too short": Case(["pin", "set", "--data-dir", "{data}"], "4 to 12 digits",
                               stdin="12\n"),
    "pin set: letters": Case(["pin", "set", "--data-dir", "{data}"], "4 to 12 digits",
                             stdin="abcd\n"),
    "pin set: Arabic-Indic digits": Case(["pin", "set", "--data-dir", "{data}"],
                                         "4 to 12 digits", stdin="١٢٣٤٥٦\n"),
    "pin set: superscripts": Case(["pin", "set", "--data-dir", "{data}"], "4 to 12 digits",
                                  stdin="²²²²\n"),
    "pin set: nothing": Case(["pin", "set", "--data-dir", "{data}"], "4 to 12 digits", stdin=""),
    "pin set: too long": Case(["pin", "set", "--data-dir", "{data}"], "4 to 12 digits",
                              stdin="1234567890123\n"),
    "pin: unknown action": Case(["pin", "show"], "invalid choice: 'show'", code=2),
    # --- settings
    "settings: idle_timeout_s=0": Case(["settings", "--data-dir", "{data}", "idle_timeout_s=0"],
                                       "idle_timeout_s must be from 30 to 3600 (not 0)"),
    "settings: idle_timeout_s=soon": Case(["settings", "--data-dir", "{data}",
                                           "idle_timeout_s=soon"], "must be a whole number"),
    "settings: default_locale=fr": Case(["settings", "--data-dir", "{data}", "default_locale=fr"],
                                        "default_locale must be one of km, en"),
    "settings: large_text=maybe": Case(["settings", "--data-dir", "{data}", "large_text=maybe"],
                                       "must be true or false"),
    "settings: unknown key": Case(["settings", "--data-dir", "{data}", "colour=red"],
                                  "cannot set 'colour=red'"),
    "settings: no equals": Case(["settings", "--data-dir", "{data}", "idle_timeout_s"],
                                "use KEY=VALUE"),
    "settings: the PIN hash": Case(["settings", "--data-dir", "{data}", "staff_pin_hash=abc"],
                                   "cannot set"),
    "settings: empty kiosk name": Case(["settings", "--data-dir", "{data}", "kiosk_name="],
                                       "kiosk_name must be 1 to 80 characters"),
    "settings: relative server": Case(["settings", "--data-dir", "{data}", "server_url=usb/repo"],
                                      "server_url must be an http(s):// URL or an absolute"),
    "settings: site URL not http": Case(["settings", "--data-dir", "{data}",
                                         "site_url=ftp://x/site"], "must start with https://"),
    "settings: site URL with a fragment": Case(["settings", "--data-dir", "{data}",
                                                "site_url=https://x/site#a"], "fragment"),
    "settings: deadline 0": Case(["settings", "--data-dir", "{data}", "sync_deadline_s=0"],
                                 "sync_deadline_s must be from 1 to 86400"),
    "settings: trusted root missing": Case(["settings", "--data-dir", "{data}",
                                            "trusted_root={tmp}/none.json"], "is not there"),
    "settings: trusted root not a root": Case(["settings", "--data-dir", "{data}",
                                               "trusted_root={file}"], "is not TUF root"),
    "settings: another bad value left in the file": Case(
        ["settings", "--data-dir", "{data}", "location=Phnom Penh"],
        "idle_timeout_s must be from 30 to 3600", setup=bad_setting_in_file),
    # --- counts: upload, its key, the report, the fleet simulator
    "upload: no target": Case(["upload", "--data-dir", "{data}"], "no upload target"),
    "upload --due: no target": Case(["upload", "--due", "--data-dir", "{data}"],
                                    "no upload target set", code=1),
    "upload --due: a damaged settings file": Case(["upload", "--due", "--data-dir", "{data}"],
                                                  "settings file is damaged", setup=broken_settings),
    "upload: no such folder": Case(["upload", "--data-dir", "{data}", "--to", "{tmp}/nowhere"],
                                   "no such folder"),
    "upload: a FIFO for a folder": Case(["upload", "--data-dir", "{data}", "--to", "{fifo}"],
                                        "no such folder"),
    "upload: no bucket": Case(["upload", "--data-dir", "{data}", "--to", "s3://"], "no bucket name"),
    "upload: a bad target in settings": Case(["settings", "--data-dir", "{data}",
                                              "upload_target=relative/dir"], "upload_target"),
    "upload: a bad endpoint": Case(["settings", "--data-dir", "{data}",
                                    "upload_endpoint=ftp://host"], "upload_endpoint"),
    "upload-key: no secret": Case(["upload-key", "set", "--id", "kiosk-1", "--data-dir", "{data}"],
                                  "one word", stdin=""),
    "upload-key: a bad id": Case(["upload-key", "set", "--id", "a b", "--data-dir", "{data}"],
                                 "upload_key_id", stdin="s3cret\n"),
    "upload-key: no --id": Case(["upload-key", "set"], "the following arguments are required: --id",
                                code=2),
    "report: no such folder": Case(["report", "--source", "{tmp}/nowhere", "-o", "{tmp}/r.html"],
                                   "no such folder"),
    "report: not a day": Case(["report", "--source", "{tmp}", "-o", "{tmp}/r.html", "--as-of",
                               "30/11"], "is not a day"),
    "report: output a folder": Case(["report", "--source", "{tmp}", "-o", "{tmp}"], "is a folder"),
    "report: no bucket": Case(["report", "--source", "s3://", "-o", "{tmp}/r.html"], "no bucket"),
    "report: no -o": Case(["report", "--source", "{tmp}"], "the following arguments are required",
                          code=2),
    "fleet: zero kiosks": Case(["fleet", "simulate", "--kiosks", "0", "--days", "1", "--to",
                                "{tmp}/f"], "must be 1 to 100000", code=2),
    "fleet: to a plain file": Case(["fleet", "simulate", "--kiosks", "1", "--days", "1", "--to",
                                    "{file}"], "cannot make this folder"),
    "fleet: not a day": Case(["fleet", "simulate", "--kiosks", "1", "--days", "1", "--to",
                              "{tmp}/f", "--end", "yesterday"], "is not a day"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keys, a content source and a published repository, made once for all rows."""
    from kiosk.sync.publish import load_for_publish, publish

    root = tmp_path_factory.mktemp("cli-base")
    init_keys(root / "keys")
    write_sample(root / "content", terms=2, offices=1)
    (root / "assets").mkdir()
    content = load_for_publish(root / "content", assets=root / "assets", require_benefits=False)
    publish(content, root / "keys", root / "repo", assets=root / "assets")
    return root


@pytest.fixture()
def env(base: Path, tmp_path: Path) -> Env:
    for name in ("keys", "content", "repo"):
        shutil.copytree(base / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    (tmp_path / "plain.txt").write_text("just text\n")
    os.mkfifo(tmp_path / "pipe")
    return Env(tmp_path, tmp_path / "keys", tmp_path / "repo", tmp_path / "content",
               tmp_path / "data", tmp_path / "plain.txt", tmp_path / "pipe")


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_clear_line(name: str, env: Env, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    if case.setup:
        case.setup(env)
    monkeypatch.setattr(sys, "stdin", io.StringIO(case.stdin or ""))
    monkeypatch.chdir(env.tmp)
    try:
        code = main([env.fill(arg) for arg in case.argv])
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    text = out.out + out.err
    lines = [line for line in text.splitlines() if line.strip()]
    assert code != 0, text
    if case.code is not None:
        assert code == case.code, text
    assert "Traceback" not in text and "internal error" not in text, text
    assert 1 <= len(lines) <= case.lines, text
    assert case.says in text, text


def test_a_bug_is_still_one_line(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The net under the table: an unexpected exception is one line and exit 70 (the trace
    only with KIOSK_DEBUG=1), not a stack trace on a staff member's screen."""
    import kiosk.device_cli

    def broken(args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(kiosk.device_cli, "_status", broken)
    assert main(["status"]) == 70
    err = capsys.readouterr().err
    assert err.strip() == ("kiosk: internal error: ZeroDivisionError: a bug "
                           "(run with KIOSK_DEBUG=1 for the details)")


def test_report_without_the_office_tools_is_one_line_in_both_languages(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    """A kiosk's package has no DuckDB or matplotlib (pyproject's `office` extra): `kiosk
    report` there says what is missing and how to get it, in English and Khmer, and writes
    nothing."""
    monkeypatch.setitem(sys.modules, "duckdb", None)  # as if not installed: import fails
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code = main(["report", "--source", str(tmp_path), "-o", str(tmp_path / "r.html")])
    out = capsys.readouterr()
    assert code == 1 and out.out == "" and out.err.count("\n") == 1, out
    assert "duckdb, matplotlib" in out.err and "pip install 'nssf-kiosk[office]'" in out.err
    assert "ម៉ាស៊ីនព័ត៌មាន" in out.err  # and in Khmer, from the catalog
    assert not (tmp_path / "r.html").exists()
