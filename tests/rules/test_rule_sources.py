"""timeline_build/rules/sources.py: good and bad cases."""

from __future__ import annotations

import pytest

from conftest import DELETE, assert_rule

DO_NOT_CITE = """- host: scribd.com
  reason: a document-sharing site; uploads are copies of unknown provenance
"""


@pytest.fixture
def banned(project):
    (project / "timeline" / "do-not-cite.yaml").write_text(DO_NOT_CITE, encoding="utf-8")
    return project


@pytest.mark.parametrize("changes, expected", [
    ({}, None),
    ({"sources__0__url": "https://www.scribd.com/doc/1"}, "sources.0.url: scribd.com is not cited here (a "
                                                           "document-sharing site"),
    ({"sources__0__url": "https://pt.scribd.com/doc/1"}, "scribd.com is not cited here"),
    ({"sources__0__url": "https://notscribd.com/doc/1"}, None),
    ({"sources__0__archived": "https://scribd.com/x"}, "sources.0.archived: scribd.com is not cited here"),
    ({"sources__0__archived": "https://web.archive.org/web/2025/https://example.org/p"}, None),
    ({"sources__0__archived": "javascript:alert(1)"}, "an archived URL must start with https:// or http://"),
    ({"sources__0__kind": DELETE}, "missing key 'kind' in sources.0: say whether the source is primary"),
    ({"sources__0__kind": "tertiary"}, "sources.0.kind is 'tertiary', which is not one of: primary, secondary"),
    ({"sources__0__kind": "secondary"}, "no primary source: add the maker's, the government's"),
    ({"sources__0__kind": "secondary", "no_primary_source": "Only newspaper reports of the meeting survive."},
     None),
    ({"sources__0__url": "ftp://example.org/"}, "a source URL must start with https:// or http://"),
    ({"sources__0__url": "javascript:alert(1)"}, "a source URL must start with https:// or http://"),
    ({"sources__0__url": "https://exa mple.org/"}, "a source URL must start with https:// or http://"),
    ({"sources__0__publisher": DELETE}, "missing key 'publisher' in sources.0: add who published the source"),
    ({"sources": []}, "no sources: every entry needs at least one source a reader can open"),
    ({"sources": DELETE}, "missing key 'sources' in the entry: add at least one source"),
])
def test_source_rules(banned, changes, expected):
    assert_rule(banned, changes, expected)
