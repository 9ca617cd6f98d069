"""What a plain (not editable) install of the project holds: every package of kg is listed for it."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "kg").rglob("__init__.py")}
    assert found - listed == set(), "packages a wheel would leave out"
    for name in listed:  # and each listed one is there (under its own folder, or the one mapped to it)
        folder = config.get("package-dir", {}).get(name, name.replace(".", "/"))
        assert (ROOT / folder).is_dir(), name
