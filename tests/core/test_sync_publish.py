"""Publishing: keys, the static TUF repository, versions that only go up, small deltas."""
from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from tuf.api.metadata import Metadata, Root, Snapshot, Targets, Timestamp

from kiosk.cli import main
from kiosk.errors import KioskError
from kiosk.sync.keys import init_keys
from kiosk.sync.publish import RepoState, choose_bin_bits, refresh_timestamp
from kiosk.sync.sample import SampleWorld


@pytest.fixture()
def world(tmp_path: Path) -> SampleWorld:
    return SampleWorld(tmp_path / "office", terms=12, offices=2)


def test_keys_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys"
    assert main(["keys", "init", str(keys)]) == 0
    assert "offline" in capsys.readouterr().out
    for role in ("root", "targets", "snapshot", "timestamp"):
        mode = (keys / f"{role}.pem").stat().st_mode
        assert stat.S_IMODE(mode) == 0o600, role
    root = Metadata[Root].from_bytes((keys / "root.json").read_bytes())
    assert root.signed.version == 1 and root.signed.consistent_snapshot
    root.signed.verify_delegate("root", root.signed_bytes, root.signatures)
    keyids = {r: root.signed.roles[r].keyids[0] for r in ("root", "targets", "snapshot", "timestamp")}
    assert len(set(keyids.values())) == 4  # one key per role
    with pytest.raises(KioskError, match="already holds keys"):
        init_keys(keys)


def test_first_publish_layout(world: SampleWorld) -> None:
    report = world.publish()
    assert report.changed and report.version == 1 and report.records == 14
    meta = world.repo / "metadata"
    assert (meta / "1.root.json").read_bytes() == world.root_file.read_bytes()
    assert {"timestamp.json", "1.snapshot.json", "1.targets.json"} <= {p.name for p in meta.iterdir()}
    targets = Metadata[Targets].from_bytes((meta / "1.targets.json").read_bytes()).signed
    succinct = targets.delegations.succinct_roles
    assert succinct is not None and succinct.bit_length == choose_bin_bits(14)
    assert set(targets.targets) == {"index.json"}
    assert targets.targets["index.json"].custom["content_version"] == 1
    bins = sorted(meta.glob("1.bins-*.json"))
    assert len(bins) == 2 ** succinct.bit_length
    # consistent snapshots: every target file carries its sha256 in its name
    for piece in (world.repo / "targets").rglob("*.json"):
        digest = piece.name.split(".")[0]
        import hashlib

        assert hashlib.sha256(piece.read_bytes()).hexdigest() == digest
    record = next((world.repo / "targets" / "records" / "glossary").iterdir())
    data = json.loads(record.read_bytes())
    assert data["kind"] == "glossary" and data["record"]["id"].startswith("term-")


def test_publish_again_without_change_keeps_the_version(world: SampleWorld) -> None:
    world.publish()
    again = world.publish()
    assert not again.changed and again.version == 1
    assert again.files == ["metadata/timestamp.json"]  # only the timestamp is re-signed
    assert again.timestamp_version == 2


def test_one_record_change_touches_one_bin(world: SampleWorld) -> None:
    world.publish()
    world.edit(4)
    report = world.publish()
    assert report.changed and report.version == 2
    names = sorted(f.split("/")[-1] for f in report.files)
    bins = [n for n in names if ".bins-" in n]
    pieces = [f for f in report.files if f.startswith("targets/")]
    assert len(bins) == 1 and bins[0].startswith("2.bins-")
    assert len(pieces) == 1 and "term-0004.json" in pieces[0]  # the index did not change
    assert {"timestamp.json", "2.snapshot.json", "2.targets.json"} <= set(names)
    assert len(report.files) == 5
    state = RepoState.load(world.repo)
    assert state.release is not None and state.release.version == 2


def test_versions_only_go_up(world: SampleWorld) -> None:
    versions = []
    for n in range(3):
        world.edit(n)
        versions.append(world.publish().version)
        versions.append(world.publish().version)
    assert versions == [1, 1, 2, 2, 3, 3]
    ts = Metadata[Timestamp].from_bytes((world.repo / "metadata" / "timestamp.json").read_bytes())
    assert ts.signed.version == 6
    snap = Metadata[Snapshot].from_bytes(
        (world.repo / "metadata" / f"{ts.signed.snapshot_meta.version}.snapshot.json").read_bytes())
    assert snap.signed.meta["targets.json"].version == 3


def test_adding_a_record_changes_the_index(world: SampleWorld) -> None:
    world.publish()
    world.terms += 1
    world.write()
    report = world.publish()
    assert report.records == 15
    assert any(f.endswith(".index.json") for f in report.files)


def test_refresh_re_signs_the_timestamp_only(world: SampleWorld, capsys: pytest.CaptureFixture[str]) -> None:
    world.publish()
    before = {p.name: p.read_bytes() for p in (world.repo / "metadata").iterdir()}
    assert main(["publish", "--refresh", "--keys", str(world.keys), "--repo", str(world.repo),
                 "--expires-days", "3"]) == 0
    assert "timestamp re-signed (version 2)" in capsys.readouterr().out
    after = {p.name: p.read_bytes() for p in (world.repo / "metadata").iterdir()}
    assert [n for n in after if after[n] != before.get(n)] == ["timestamp.json"]


def test_refresh_before_any_publish(world: SampleWorld) -> None:
    with pytest.raises(KioskError):
        refresh_timestamp(world.keys, world.repo)


def test_publish_refuses_keys_the_root_does_not_name(world: SampleWorld, tmp_path: Path) -> None:
    world.publish()
    other = tmp_path / "other"
    init_keys(other)
    (other / "root.json").unlink()
    (other / "root.json").write_bytes(world.root_file.read_bytes())
    with pytest.raises(KioskError, match="is not the targets key"):
        from kiosk.sync.publish import load_for_publish, publish

        publish(load_for_publish(world.content, assets=world.assets, require_benefits=False),
                other, world.repo, assets=world.assets)


def test_cli_publish_requires_all_benefits_unless_told(world: SampleWorld,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    args = ["publish", str(world.content), "--keys", str(world.keys), "--repo", str(world.repo),
            "--assets", str(world.assets)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "the content defines no benefit" in err
    assert "benefit 'funeral-grant' has rules but the content does not define it" in err
    assert not (world.repo / "metadata" / "timestamp.json").exists()
    assert main([*args, "--allow-missing-benefits"]) == 0
    assert "published content version 1: 14 records, 14 rule files" in capsys.readouterr().out


def test_media_files_are_pieces(tmp_path: Path) -> None:
    world = SampleWorld(tmp_path / "office", terms=2, offices=0,
                        images={"img/clinic.png": b"\x89PNG fake image bytes" * 50})
    report = world.publish()
    assert report.media == 1
    media = list((world.repo / "targets" / "media" / "img").iterdir())
    assert len(media) == 1 and media[0].name.endswith(".clinic.png")


def test_patches_for_small_changes(world: SampleWorld) -> None:
    from kiosk.sync.pieces import apply_patch, record_patch, sha256

    world.publish()
    world.note(3, "phone number changed")
    report = world.publish()
    patches = [f for f in report.files if f.startswith("targets/patches/")]
    assert len(patches) == 1
    old_sha, new_sha = patches[0].split("/")[-1].split(".")[:2]
    old = next((world.repo / "targets" / "records" / "glossary").glob(f"{old_sha}.*")).read_bytes()
    new = next((world.repo / "targets" / "records" / "glossary").glob(f"{new_sha}.*")).read_bytes()
    patch = (world.repo / patches[0]).read_bytes()
    assert len(patch) < 100 and sha256(apply_patch(old, patch)) == new_sha
    assert record_patch(new, old) is not None  # and back: a dropped field
    assert apply_patch(new, record_patch(new, old)) == old
    world.edit(3)  # the whole definition: a patch would not save much, none is written
    assert not [f for f in world.publish().files if f.startswith("targets/patches/")]


def test_shipped_root_is_a_root_and_no_key_is_shipped() -> None:
    from kiosk.paths import DATA

    trust = DATA / "trust"
    root = Metadata[Root].from_bytes((trust / "root.json").read_bytes())
    root.signed.verify_delegate("root", root.signed_bytes, root.signatures)
    assert root.signed.consistent_snapshot
    assert not list(trust.glob("*.pem")) and "replaces it" in (trust / "README.md").read_text()
