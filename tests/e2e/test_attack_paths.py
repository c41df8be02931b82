"""Paths from a repository stay inside the data dir, from HTTP and from a folder alike.

The attacker holds the online keys (a compromised publishing machine): the metadata verifies,
so only the kiosk's own checks stand between a signed `../` and a file written anywhere. In
every case the sync is refused before anything is written, the current bundle and the trusted
root are byte-identical afterwards, no file appears outside the data dir, and the next sync
from the real repository works.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hostile_repo import Untouched, index_bytes, sha, sign_hostile

from kiosk.sync.errors import SyncError
from kiosk.sync.layout import SyncPaths
from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer

Sign = Callable[..., None]


@pytest.fixture(params=["http", "folder"])
def source(request: pytest.FixtureRequest, kiosk: Kiosk, server: RepoServer,
           world: SampleWorld) -> Kiosk:
    """The synced kiosk, now pulling from the HTTP server or straight from the folder."""
    if request.param == "folder":
        kiosk.server = str(world.repo)
    return kiosk


@pytest.fixture()
def hostile(world: SampleWorld, server: RepoServer, tmp_path: Path) -> Sign:
    """Sign a hostile release; the server (and the folder) hold every file it names, even
    at a '../' URL, as an attacker's would."""
    def sign(**kw: object) -> None:
        served = sign_hostile(world.repo, world.keys, area=tmp_path, **kw)  # type: ignore[arg-type]
        server.faults.serve.update(served)
    return sign


def attack(kiosk: Kiosk, tmp_path: Path, world: SampleWorld, *words: str) -> str:
    """Sync against the hostile repository: refused with `words`, everything untouched."""
    untouched = Untouched(kiosk.device.root, kiosk.root_file, tmp_path)
    with pytest.raises(SyncError) as caught:
        kiosk.sync()
    untouched.check()  # first: the harm, whatever the message
    for word in words:
        assert word in str(caught.value), caught.value
    return str(caught.value)


def recover(kiosk: Kiosk, world: SampleWorld, pristine: Path) -> None:
    """What head office does after a compromised online key: restore its repository, rotate
    the online keys (`kiosk keys rotate`, with the offline root key) and publish. The kiosk
    moves to the new root, stops trusting the attacker's metadata and updates."""
    from kiosk.sync.keys import rotate_key

    shutil.rmtree(world.repo)
    shutil.copytree(pristine, world.repo)
    assert rotate_key(world.keys, ["targets", "snapshot", "timestamp"]) == 2
    world.edit(3)
    assert world.publish().version == 2
    assert kiosk.sync().message == "updated to 2"
    history = SyncPaths(kiosk.device.root).metadata / "root_history"
    assert sorted(p.name for p in history.iterdir()) == ["1.root.json", "2.root.json"]


@pytest.fixture()
def pristine(world: SampleWorld, tmp_path: Path) -> Path:
    copy = tmp_path / "pristine-repo"
    shutil.copytree(world.repo, copy)
    return copy


def good_records(world: SampleWorld) -> dict[str, list[str]]:
    from kiosk.sync.publish import RepoState

    state = RepoState.load(world.repo)
    assert state.index is not None
    return state.index.records


def test_an_index_id_with_dotdot_writes_nothing_outside(source: Kiosk, hostile: Sign,
                                                       world: SampleWorld, tmp_path: Path,
                                                       pristine: Path,
                                                       make_kiosk: Callable[..., Kiosk]) -> None:
    # a kiosk deeper down, so that the '../' it would follow and the one the hostile folder
    # holds its file at lead to different places (both inside this test's folder)
    deep = make_kiosk(tmp_path / "a" / "b" / "kiosk", source.server, source.root_file)
    assert deep.sync().message == "updated to 1"
    evil = "../../../../../evil-pth"  # from repo/targets/records/glossary: next to the data dir
    records = good_records(world)
    records["glossary"] = [*records["glossary"], evil]
    piece = b'import os; os.system("echo owned")\n'
    hostile(index=index_bytes(records, []), pieces={f"records/glossary/{evil}.json": piece})
    attack(deep, tmp_path, world, "not a plain id", "refused")
    assert not list((tmp_path / "a").rglob("*evil-pth*"))
    recover(deep, world, pristine)


def test_an_absolute_media_path_writes_nothing(source: Kiosk, hostile: Sign, world: SampleWorld,
                                               tmp_path: Path, pristine: Path) -> None:
    target = tmp_path / "outside" / "usercustomize.pth"  # the .pth that ran code at start
    target.parent.mkdir()
    records = good_records(world)
    hostile(index=index_bytes(records, [str(target)]),
                 pieces={f"media/{target}": b"import os\n"})
    attack(source, tmp_path, world, "media path", "absolute", "refused")
    assert not target.exists()
    recover(source, world, pristine)


def test_a_media_path_aimed_at_the_trusted_root_history_is_refused(
        source: Kiosk, hostile: Sign, world: SampleWorld, tmp_path: Path, pristine: Path) -> None:
    """Today's worst: a media file laid out in staging/assets/../../../sync/metadata/root_history
    replaced the trust anchor. Refused by name before any download."""
    other = SampleWorld(tmp_path / "attacker", terms=1, offices=0)
    fake_root = other.root_file.read_bytes()
    rel = "../../../sync/metadata/root_history/2.root.json"  # from staging/assets and the cache
    records = good_records(world)
    hostile(index=index_bytes(records, [rel]),
                 pieces={f"media/{rel}": fake_root})
    attack(source, tmp_path, world, "media path", "'..'", "refused")
    history = SyncPaths(source.device.root).metadata / "root_history"
    assert sorted(p.name for p in history.iterdir()) == ["1.root.json"]
    recover(source, world, pristine)


def test_a_hash_that_is_a_path_is_refused_and_deletes_nothing(
        source: Kiosk, hostile: Sign, world: SampleWorld, tmp_path: Path, pristine: Path) -> None:
    """A bin entry whose "sha256" is `../..`: the cache path is made from it, and a damaged
    cached file is deleted. Neither may reach a file outside the cache."""
    victim = source.device.root / "victim.term-9999.json"  # outside repo/targets/
    victim.write_text("keep me")
    records = good_records(world)
    records["glossary"] = [*records["glossary"], "term-9999"]
    hostile(index=index_bytes(records, []), pieces={},
                 fake_hashes={"records/glossary/term-9999.json": "../../../../victim"})
    attack(source, tmp_path, world, "not a sha256", "refused")
    assert victim.read_text() == "keep me"
    recover(source, world, pristine)


def test_a_snapshot_entry_named_like_a_path_is_never_mirrored(
        source: Kiosk, hostile: Sign, world: SampleWorld, tmp_path: Path, pristine: Path) -> None:
    """The snapshot may name any metadata file; the kiosk's servable copy makes file names
    from them. ngclient never loads such a role, and the mirror skips it."""
    records = good_records(world)
    hostile(index=index_bytes(records, []), pieces={},
                 extra_meta={"../../../../escaped.json": 1}, version=2)
    untouched = Untouched(source.device.root, source.root_file, tmp_path)
    # the release itself is well formed (same records): the sync goes through, mirror and all
    try:
        source.sync()
    except SyncError:
        pass
    new = untouched._outside() - untouched.outside
    assert not new, new
    assert not list(tmp_path.rglob("escaped.json"))


def test_a_root_planted_in_the_metadata_cache_is_not_trusted(
        kiosk: Kiosk, world: SampleWorld, tmp_path: Path, start_server: Callable[[Path], RepoServer],
        make_kiosk: Callable[..., Kiosk]) -> None:
    """However a root file got into root_history (a person, an old bug), it is not an anchor:
    ngclient only accepts a root the one before it signed. The attacker's repository stays
    refused, the real one keeps working, and the planted file is never served on."""
    attacker = SampleWorld(tmp_path / "attacker", terms=2, offices=0)
    attacker.publish()
    # the attacker's root, re-made as version 2 and signed by the attacker's root key only
    from tuf.api.metadata import Metadata, Root

    from kiosk.sync.keys import SERIALIZER, load_signer

    md = Metadata[Root].from_bytes(attacker.root_file.read_bytes())
    md.signed.version = 2
    md.signatures.clear()
    md.sign(load_signer(attacker.keys, "root"))
    history = SyncPaths(kiosk.device.root).metadata / "root_history"
    (history / "2.root.json").write_bytes(md.to_bytes(SERIALIZER))
    for name in ("timestamp.json", "snapshot.json", "targets.json"):  # the attacker's, too
        (history.parent / name).unlink(missing_ok=True)

    evil = start_server(attacker.repo)
    evil_kiosk = make_kiosk(kiosk.device.root, evil.url, kiosk.root_file)
    before = kiosk.shown()
    with pytest.raises(SyncError, match="not signed by the trusted keys"):
        evil_kiosk.sync()
    assert kiosk.shown() == before
    world.edit(2)
    world.publish()
    assert kiosk.sync().message == "updated to 2"
    mirror = SyncPaths(kiosk.device.root).repo_metadata
    assert sorted(p.name for p in mirror.glob("*.root.json")) == ["1.root.json"]


def test_a_wrong_sha256_in_a_good_path_is_still_refused_by_hash(
        source: Kiosk, hostile: Sign, world: SampleWorld, tmp_path: Path, pristine: Path) -> None:
    """A hash of the right form but not of the file: the download does not match, refused."""
    records = good_records(world)
    records["glossary"] = [*records["glossary"], "term-7777"]
    data = b'{"kind":"glossary","record":{}}'
    hostile(index=index_bytes(records, []),
                 pieces={"records/glossary/term-7777.json": data},
                 fake_hashes={"records/glossary/term-7778.json": sha(b"other")})
    attack(source, tmp_path, world, "term-7777")
    recover(source, world, pristine)


def test_rotating_the_root_key_twice_then_publishing(kiosk: Kiosk, world: SampleWorld,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`kiosk keys rotate` of the root key itself, twice before one publish: the repository
    gets both new roots, and the kiosk walks 1 -> 2 -> 3, each signed by the one before."""
    from kiosk.cli import main

    old_root_key = (world.keys / "root.pem").read_bytes()
    assert main(["keys", "rotate", str(world.keys), "root"]) == 0
    assert main(["keys", "rotate", str(world.keys), "root", "timestamp"]) == 0
    assert "root.json is now version 3" in capsys.readouterr().out
    assert (world.keys / "root.pem").read_bytes() != old_root_key
    world.edit(4)
    assert world.publish().version == 2
    assert sorted(p.name for p in (world.repo / "metadata").glob("*.root.json")) == [
        "1.root.json", "2.root.json", "3.root.json"]
    assert kiosk.sync().message == "updated to 2"
    history = SyncPaths(kiosk.device.root).metadata / "root_history"
    assert sorted(p.name for p in history.iterdir()) == ["1.root.json", "2.root.json",
                                                         "3.root.json"]
    mirror = SyncPaths(kiosk.device.root).repo_metadata
    assert sorted(p.name for p in mirror.glob("*.root.json")) == [  # others walk it from here
        "1.root.json", "2.root.json", "3.root.json"]
