from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import load_content
from kiosk.paths import CONTENT_DIR


@pytest.fixture(scope="session")
def bundle_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "content.db"
    build_bundle(load_content(CONTENT_DIR), path, version=3)
    return path


@pytest.fixture()
def library(bundle_path: Path) -> Library:
    lib = Library(bundle_path)
    yield lib
    lib.close()
