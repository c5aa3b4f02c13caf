"""The build Zalo receives: www/app-config.json lists real files and stays within zmp deploy's size limits."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

MB = 1024 * 1024
MAX_FILE_BYTES = 3 * MB  # zmp-cli-core COMMON_CONFIG.SIZE_LIMIT_MB
MAX_ZIP_BYTES = 10 * MB


def test_app_config_lists_the_built_css_and_js(miniapp_www: Path) -> None:
    config = json.loads((miniapp_www / "app-config.json").read_text(encoding="utf-8"))
    assert config["listSyncJS"], "zmp-vite-plugin listed no entry script"
    for name in config["listCSS"] + config["listSyncJS"] + config["listAsyncJS"]:
        assert (miniapp_www / name).is_file(), f"{name} is listed in app-config.json but missing"


def test_every_file_is_under_3_mb(miniapp_www: Path) -> None:
    too_big = {
        str(p.relative_to(miniapp_www)): p.stat().st_size
        for p in miniapp_www.rglob("*")
        if p.is_file() and p.stat().st_size > MAX_FILE_BYTES
    }
    assert too_big == {}


def test_zipped_www_is_under_10_mb(miniapp_www: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(miniapp_www.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(miniapp_www))
    assert buffer.tell() <= MAX_ZIP_BYTES, f"zipped www/ is {buffer.tell() / MB:.2f} MB"


def test_index_html_uses_relative_asset_urls_so_it_works_under_app(miniapp_www: Path) -> None:
    html = (miniapp_www / "index.html").read_text(encoding="utf-8")
    assert 'src="./assets/' in html
    assert 'src="/assets/' not in html and 'href="/assets/' not in html
