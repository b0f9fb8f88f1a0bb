"""The set-up contract: two commands, one deploy dependency file in step with pyproject.toml."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _requirements(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def test_exactly_one_hosted_dependency_file_in_step_with_pyproject():
    present = [name for name in ("requirements.txt", "uv.lock") if (ROOT / name).exists()]
    assert present == ["requirements.txt"]
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert sorted(_requirements(ROOT / "requirements.txt")) == sorted(deps)


def test_pyproject_declares_python_and_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    names = {re.split(r"[<>=\[ ]", d)[0].lower() for d in project["dependencies"]}
    assert {"streamlit", "pandas", "altair", "jieba", "opencc", "pyarrow"} <= names
    test_names = {re.split(r"[<>=\[ ]", d)[0].lower() for d in project["optional-dependencies"]["test"]}
    assert {"pytest", "playwright", "hypothesis"} <= test_names


def test_readme_quick_start_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_commands = re.findall(r"^\s*(make \w+)", readme, flags=re.M)[:2]
    assert first_commands == ["make run", "make test"]


def test_ci_calls_make_test_and_make_has_the_targets():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in ("run", "test", "data", "lint"):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    # Browser tests use Debian's chromium; a browser download would fail on this kind of machine.
    assert "apt-get install" in makefile and "chromium" in makefile
    recipe_lines = [ln for ln in makefile.splitlines() if not ln.lstrip().startswith("#")]
    assert not any("playwright install" in ln for ln in recipe_lines)


def test_streamlit_config_exists():
    assert (ROOT / ".streamlit" / "config.toml").exists()
