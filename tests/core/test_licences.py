"""Broadsheet ships under a permissive licence: no runtime dependency may be GPL-family."""

from __future__ import annotations

import importlib.metadata as metadata
import re

import pytest

from tests.helpers import runtime_distributions

_GPL = re.compile(r"\b(?:A|L)?GPL|General Public License", re.IGNORECASE)


def licence_texts(distribution: metadata.Distribution) -> list[str]:
    """What a distribution says of its licence: expression, License field and classifiers."""
    meta = distribution.metadata
    texts = [meta.get("License-Expression") or "", (meta.get("License") or "")[:200]]
    texts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return [t for t in texts if t]


def is_gpl_family(texts: list[str]) -> bool:
    """Whether the package can only be had under the GPL, LGPL or AGPL.

    An SPDX expression that offers a choice ("MPL-1.1 OR GPL-2.0-only") is fine when one
    of its choices is not GPL-family: we take that one.
    """
    for text in texts:
        choices = [choice.strip(" ()") for choice in re.split(r"\s+OR\s+", text)]
        if len(choices) > 1 and any(not _GPL.search(choice) for choice in choices):
            return False
    return any(_GPL.search(text) for text in texts)


@pytest.mark.parametrize(
    "texts",
    [
        ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"],
        ["GPLv3"],
        ["LGPL-2.1-or-later"],
        ["AGPL-3.0-only"],
        ["MIT", "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"],
        ["GPL-2.0-only OR LGPL-2.1-or-later"],
    ],
)
def test_gpl_family_statements_are_recognised(texts: list[str]) -> None:
    assert is_gpl_family(texts)


@pytest.mark.parametrize(
    "texts",
    [
        ["MIT"],
        ["BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0"],
        ["Apache 2.0"],
        ["PSF-2.0"],
        ["MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later"],
    ],
)
def test_permissive_statements_pass(texts: list[str]) -> None:
    assert not is_gpl_family(texts)


def test_no_runtime_dependency_is_gpl_licensed() -> None:
    dependencies = runtime_distributions()
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
        for name, distribution in runtime_distributions().items()
        if name != "broadsheet" and not licence_texts(distribution)
    ]
    assert unstated == []
