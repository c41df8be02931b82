"""A content editor with no key cannot make head office publish (or a kiosk write) a file from
outside assets/: absolute media paths, `..` and symlinks out are refused by `kiosk content
validate` (naming file:line) and by `kiosk publish`, which then publishes nothing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import check_records, read_source
from kiosk.sync.keys import init_keys
from kiosk.sync.sample import write_sample


def story_with_image(tmp_path: Path, image: str) -> tuple[Path, int]:
    """A content source with one story whose image is `image`; its file and the image line."""
    content = tmp_path / "content"
    path = write_sample(content, terms=2, offices=0, images=[image])
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "image:" in text)
    return content, line


@pytest.mark.parametrize(("image", "reason"), [
    ("/etc/passwd", "it is an absolute path"),
    ("../x.png", "it has a '..' or '.' segment"),
    ("images/../../x.png", "it has a '..' or '.' segment"),
    ("C:/Windows/win.ini", "it is an absolute path"),
    ("images/x y.png", "it has characters other than"),
    ("images/.hidden.png", "it has characters other than"),
])
def test_validate_refuses_a_media_path_that_leaves_assets(
        tmp_path: Path, image: str, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    content, line = story_with_image(tmp_path, image)
    assert main(["content", "validate", str(content), "--rules", "-"]) == 1
    out = capsys.readouterr().out
    assert f"sample.yaml:{line}: media file path {image!r} is refused: {reason}" in out, out


def test_a_symlink_out_of_assets_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "keys" / "root.pem"
    secret.parent.mkdir()
    secret.write_text("-----BEGIN PRIVATE KEY-----")
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    os.symlink(secret, assets / "images" / "logo.png")
    content, line = story_with_image(tmp_path, "images/logo.png")
    raws, problems = read_source(content)
    _, more = check_records(raws, assets=assets, require_benefits=False)
    assert any(f"sample.yaml:{line}: media file assets/images/logo.png resolves outside assets/"
               in p for p in more), more


def test_a_yaml_file_linked_from_elsewhere_is_not_content(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("glossary: []\n")
    content = tmp_path / "content"
    write_sample(content, terms=1, offices=0)
    os.symlink(elsewhere, content / "linked.yaml")
    _, problems = read_source(content)
    assert any("linked.yaml:1: resolves outside" in p for p in problems), problems


@pytest.mark.parametrize("how", ["absolute", "symlink"])
def test_publish_never_ships_a_private_key(tmp_path: Path, how: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The attack of the issue: `image: /path/to/keys/targets.pem` was published, and every
    kiosk wrote it at that path. Now publish refuses, and the repository holds no key."""
    keys = tmp_path / "keys"
    init_keys(keys)
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    key = keys / "targets.pem"
    if how == "absolute":
        image = str(key)
    else:
        os.symlink(key, assets / "images" / "photo.png")
        image = "images/photo.png"
    content, _ = story_with_image(tmp_path, image)
    repo = tmp_path / "repo"
    code = main(["publish", str(content), "--keys", str(keys), "--repo", str(repo),
                 "--assets", str(assets), "--allow-missing-benefits"])
    assert code == 1
    err = capsys.readouterr().err
    assert "sample.yaml:" in err and ("absolute path" in err or "resolves outside assets/" in err), err
    secret = key.read_bytes()
    published = [p for p in repo.rglob("*") if p.is_file()] if repo.exists() else []
    assert not any(secret in p.read_bytes() for p in published)
    assert not (repo / "targets").exists()


def test_make_pieces_refuses_even_when_validation_is_skipped(tmp_path: Path) -> None:
    """Defence in depth: the piece builder checks the path again (a ContentSet made by code)."""
    from kiosk.content.loader import ContentSet
    from kiosk.content.model import Story
    from kiosk.safepath import UnsafePath
    from kiosk.sync.pieces import make_pieces

    content = ContentSet()
    text = {"en": "A", "km": "ក", "km_src": "x"}
    content.records["stories"]["s"] = Story(id="s", sources=["abc"], review="sample",
                                            reviewed_on="2026-11-26", title=text, text=text,
                                            icon="account", image="/etc/passwd")
    with pytest.raises(UnsafePath, match="absolute path"):
        make_pieces(content, tmp_path)
