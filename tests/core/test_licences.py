"""Broadsheet ships under a permissive licence: no runtime dependency may be GPL-family."""

from __future__ import annotations

import importlib.metadata as metadata
import re

import pytest

_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA_MARKER = re.compile(r"extra\s*==")
_GPL = re.compile(r"\b(?:A|L)?GPL|General Public License", re.IGNORECASE)


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies(root: str) -> dict[str, metadata.Distribution]:
    """Every installed distribution `root` needs at run time (extras left out), transitively."""
    found: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = _normalised(pending.pop())
        if name in found:
            continue
        distribution = metadata.distribution(name)
        found[name] = distribution
        for requirement in distribution.requires or []:
            _, _, marker = requirement.partition(";")
            if _EXTRA_MARKER.search(marker):
                continue
            match = _REQUIREMENT_NAME.match(requirement)
            if match:
                pending.append(match.group(1))
    return found


def licence_texts(distribution: metadata.Distribution) -> list[str]:
    """What a distribution says of its licence: expression, License field and classifiers."""
    meta = distribution.metadata
    texts = [meta.get("License-Expression") or "", (meta.get("License") or "")[:200]]
    texts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return [t for t in texts if t]


def is_gpl_family(texts: list[str]) -> bool:
    """Whether any licence statement names the GPL, LGPL or AGPL."""
    return any(_GPL.search(text) for text in texts)


@pytest.mark.parametrize(
    "texts",
    [
        ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"],
        ["GPLv3"],
        ["LGPL-2.1-or-later"],
        ["AGPL-3.0-only"],
        ["MIT", "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"],
    ],
)
def test_gpl_family_statements_are_recognised(texts: list[str]) -> None:
    assert is_gpl_family(texts)


@pytest.mark.parametrize(
    "texts",
    [["MIT"], ["BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0"], ["Apache 2.0"], ["PSF-2.0"]],
)
def test_permissive_statements_pass(texts: list[str]) -> None:
    assert not is_gpl_family(texts)


def test_no_runtime_dependency_is_gpl_licensed() -> None:
    dependencies = runtime_dependencies("broadsheet")
    assert {"textual", "whoosh3", "names"} <= set(dependencies)
    offenders = {
        name: licence_texts(distribution)
        for name, distribution in dependencies.items()
        if is_gpl_family(licence_texts(distribution))
    }
    assert offenders == {}


def test_every_runtime_dependency_states_a_licence() -> None:
    unstated = [
        name
        for name, distribution in runtime_dependencies("broadsheet").items()
        if name != "broadsheet" and not licence_texts(distribution)
    ]
    assert unstated == []
