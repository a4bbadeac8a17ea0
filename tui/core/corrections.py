"""The reader's own corrections to the recognised names: hide one, change its type, merge two.

Corrections are the user's data, kept beside the reading state (`corrections.json`, private
to the user) and applied when names are shown or searched, never written into the index: a
correction takes effect at once and an undo restores exactly what the recognizer said.

A name is identified as the index identifies it: its kind ("person", "org", "place",
"group", "other") and its key (the folded canonical form, see `Entity.key`). Besides the
user's corrections, spelling variants that are plainly one name ("TimeWarner" and "Time
Warner", "U.S." and "US") are merged corpus-wide by `alias_form`; a correction the user
made to a name always wins over that rule.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from .entities.model import Entity, fold_key
from .files import write_atomically
from .index.query import Group, Negation, Node, ParsedQuery, Word
from .trust import UntrustedFolder, make_private_folder, read_private

CORRECTIONS_VERSION = 1
CORRECTIONS_FILE = "corrections.json"
"""Its name in the corpus's user-data folder, beside `state.json`."""
KINDS: tuple[str, ...] = ("person", "org", "place", "group", "other")
"""What a name can be retyped as (the reader's highlight groups)."""
KIND_NAMES = {
    "person": "person",
    "org": "organisation",
    "place": "place",
    "group": "group",
    "other": "other",
}
SEARCH_KINDS: tuple[str, ...] = ("person", "org", "place")
"""Kinds with a search field of their own (`person:`, `org:`, `place:`)."""
LABEL_OF_KIND = {
    "person": "PERSON",
    "org": "ORG",
    "place": "GPE",
    "group": "NORP",
    "other": "EVENT",
}
"""The label a name retyped to a kind is shown with."""
KIND_OF_LABEL = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "LANGUAGE": "other",
}
"""Which kind each name label belongs to (dates and numbers are not names)."""

Action = Literal["hide", "retype", "merge"]
NameId = tuple[str, str]
"""(kind, key): one name as the index and the corrections know it."""


def name_key(text: str) -> str:
    """The key of a name as the index stores it (folded; no commas, which separate keys)."""
    return fold_key(text).replace(",", " ").strip()


def name_of(entity: Entity) -> NameId | None:
    """The (kind, key) of a recognised name, or None for dates, numbers and the like."""
    kind = KIND_OF_LABEL.get(entity.label)
    if kind is None:
        return None
    key = name_key(entity.canonical or entity.text)
    return (kind, key) if key else None


_SEPARATORS = re.compile(r"[\W_]+")
_APOSTROPHES = re.compile(r"['’]")
JOINABLE = 3
"""Two words of an organisation's name are read as one ("Time Warner", "TimeWarner") only
when both are this long."""
JOINED_KINDS = frozenset({"org"})
"""Kinds whose names are written both with and without spaces: companies are; places are
not ("West Chester" and "Westchester", "New Castle" and "Newcastle" are different places),
and people's names are left apart too ("Mary Ann" and "Maryann")."""


def alias_form(key: str, *, join_words: bool = True) -> str:
    """The form in which spelling variants of one name meet.

    Keys are folded already (case, accents, spaces). Here apostrophes go ("O'Neill" is
    "ONeill"), "&" is read as "and", any other punctuation separates words, and a run of
    single letters is one word ("U.S.", "U. S." and "US" all give "us"). Then neighbouring
    words of three letters or more are joined, so "Time Warner", "Time-Warner" and
    "TimeWarner" meet, but a short word keeps its place: "C.A. No." ("ca no") is not
    "Cano", and "Al Qaeda" meets "Al-Qaeda" but not "AlQaeda". Conservative on purpose:
    a missed variant costs the reader a second search, a wrong merge misleads them.
    Without `join_words`, words are never joined (only punctuation and initials differ).
    """
    if _PLAIN_WORDS.fullmatch(key):
        # Most keys: words of two letters or more, one space apart; nothing to undo.
        if not join_words:
            return key
        words = key.split(" ")
    else:
        words = _words_of(key)
    joined: list[str] = []
    for word in words:
        if join_words and joined and len(word) >= JOINABLE and len(joined[-1]) >= JOINABLE:
            joined[-1] += word
        else:
            joined.append(word)
    return " ".join(joined)


_PLAIN_WORDS = re.compile(r"[^\W_]{2,}(?: [^\W_]{2,})*")


def _words_of(key: str) -> list[str]:
    """The words of a key for `alias_form`: apostrophes dropped, "&" read as "and", other
    punctuation separating, a run of single letters one word."""
    text = _APOSTROPHES.sub("", key.replace("&", " and "))
    words: list[str] = []
    initials = ""
    for word in _SEPARATORS.split(text):
        if not word:
            continue
        if len(word) == 1:
            initials += word
            continue
        if initials:
            words.append(initials)
            initials = ""
        words.append(word)
    if initials:
        words.append(initials)
    return words


@dataclass(frozen=True)
class Correction:
    """One change the user made to a name."""

    action: Action
    kind: str
    key: str
    name: str
    """The name as it was shown when corrected."""
    to_kind: str | None = None
    """For "retype": the new kind; for "merge": the kind of the name merged into."""
    into_key: str | None = None
    """For "merge": the key of the name it was merged into."""
    into_name: str | None = None
    made: float = 0.0
    """When (seconds since the epoch)."""

    @property
    def source(self) -> NameId:
        """The name corrected."""
        return (self.kind, self.key)

    def target(self) -> tuple[str, str, str] | None:
        """What the name becomes: (kind, key, name shown), or None when it is hidden."""
        if self.action == "hide":
            return None
        if self.action == "retype":
            return (self.to_kind or self.kind, self.key, self.name)
        return (self.to_kind or self.kind, self.into_key or self.key, self.into_name or self.name)

    def describe(self) -> str:
        """One line for the list of corrections."""
        kind = KIND_NAMES.get(self.kind, self.kind)
        if self.action == "hide":
            return f"hid {self.name} ({kind})"
        if self.action == "retype":
            return f"{self.name}: {kind} → {KIND_NAMES.get(self.to_kind or '', self.to_kind)}"
        into_kind = KIND_NAMES.get(self.to_kind or self.kind, self.to_kind)
        return f"merged {self.name} ({kind}) into {self.into_name} ({into_kind})"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (empty fields left out)."""
        data: dict[str, Any] = {
            "action": self.action,
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "made": self.made,
        }
        for name in ("to_kind", "into_key", "into_name"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Correction:
        """Read one correction, raising ValueError when its shape is wrong."""
        if not isinstance(data, dict):
            raise ValueError("a correction is not a JSON object")
        action = data.get("action")
        if action not in ("hide", "retype", "merge"):
            raise ValueError(f"unknown correction {action!r}")
        strings = {}
        for name in ("kind", "key", "name", "to_kind", "into_key", "into_name"):
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"a correction's {name!r} is not text")
            strings[name] = value
        if strings["kind"] not in KINDS or not strings["key"]:
            raise ValueError("a correction names no kind or key")
        if action == "retype" and strings["to_kind"] not in KINDS:
            raise ValueError("a retyping names no kind")
        if action == "merge" and (not strings["into_key"] or strings["to_kind"] not in KINDS):
            raise ValueError("a merge names no name to merge into")
        made = data.get("made", 0.0)
        return cls(
            action=action,
            kind=strings["kind"] or "",
            key=strings["key"] or "",
            name=strings["name"] or strings["key"] or "",
            to_kind=strings["to_kind"],
            into_key=strings["into_key"],
            into_name=strings["into_name"],
            made=float(made) if isinstance(made, (int, float)) else 0.0,
        )


class Corrections:
    """The user's corrections to one corpus's names, in the order they were made.

    Each change is saved at once; listeners (the screens showing names) are told after.
    A later correction of the same name replaces the effect of an earlier one.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        """Where they are kept (None: not kept, as in the command line's searches)."""
        self.items: list[Correction] = []
        self.notices: list[str] = []
        self.on_error: Callable[[OSError], None] | None = None
        self._listeners: list[Callable[[], None]] = []
        self._map: dict[NameId, tuple[str, str, str] | None] = {}
        self.generation = 0
        """Raised by every change (caches of corrected results compare it)."""

    # Keeping ---------------------------------------------------------------------------

    def load(self) -> Corrections:
        """Read the saved corrections; a damaged file is set aside with a notice."""
        if self.path is None:
            return self
        try:
            raw = read_private(self.path)
        except FileNotFoundError:
            return self
        except UntrustedFolder as error:
            self.notices.append(f"Corrections not loaded: {error}")
            return self
        except OSError as error:
            self.notices.append(f"Corrections not loaded: {error.strerror or error}")
            return self
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("corrections"), list):
                raise ValueError("not a list of corrections")
            items = [Correction.from_json(item) for item in data["corrections"]]
        except (UnicodeDecodeError, ValueError) as error:
            aside = self.path.with_name(
                f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
            )
            try:
                os.replace(self.path, aside)
                where = f"; kept as {aside.name}"
            except OSError:
                where = ""
            self.notices.append(f"Corrections file was damaged ({error}){where}; starting afresh.")
            return self
        self.items = items
        self._changed(save=False)
        return self

    def save(self) -> None:
        """Write the corrections now (atomically, private to the user)."""
        if self.path is None:
            return
        payload = {
            "version": CORRECTIONS_VERSION,
            "corrections": [item.to_json() for item in self.items],
        }
        make_private_folder(self.path.parent)
        write_atomically(self.path, json.dumps(payload, indent=1).encode("utf-8"), durable=True)

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        """Stop calling `listener`."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self, *, save: bool = True) -> None:
        # Built aside and swapped in whole: searches in other threads read the map meanwhile.
        self._map = {item.source: item.target() for item in self.items}
        self.generation += 1
        if save:
            try:
                self.save()
            except OSError as error:
                if self.on_error is None:
                    raise
                self.on_error(error)
        for listener in list(self._listeners):
            listener()

    # Changing --------------------------------------------------------------------------

    def _add(self, correction: Correction) -> Correction:
        self.items.append(replace(correction, made=time.time()))
        self._changed()
        return self.items[-1]

    def hide(self, kind: str, key: str, name: str) -> Correction:
        """Stop showing (and finding by type) a name."""
        return self._add(Correction("hide", kind, key, name))

    def retype(self, kind: str, key: str, name: str, to_kind: str) -> Correction:
        """Show a name as another kind, and find it under that kind only."""
        if to_kind not in KINDS:
            raise ValueError(f"unknown kind {to_kind!r}")
        return self._add(Correction("retype", kind, key, name, to_kind=to_kind))

    def merge(self, source: tuple[str, str, str], into: tuple[str, str, str]) -> Correction:
        """Treat `source` (kind, key, name) as another spelling of `into` (kind, key, name)."""
        if source[:2] == into[:2]:
            raise ValueError("a name cannot be merged into itself")
        return self._add(
            Correction(
                "merge", source[0], source[1], source[2],
                to_kind=into[0], into_key=into[1], into_name=into[2],
            )
        )  # fmt: skip

    def undo(self, number: int | None = None) -> Correction | None:
        """Take back one correction (the last when `number` is None); the one taken back."""
        if not self.items:
            return None
        if number is None:
            number = len(self.items) - 1
        if not 0 <= number < len(self.items):
            return None
        taken = self.items.pop(number)
        self._changed()
        return taken

    # Reading ---------------------------------------------------------------------------

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Correction]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def step(self, name: NameId) -> tuple[str, str, str] | Literal[False] | None:
        """What one correction makes of a name: (kind, key, shown), None (hidden), or False
        when the user has not corrected it."""
        return self._map.get(name, False)

    def sources(self) -> set[NameId]:
        """Every name the user corrected."""
        return set(self._map)


@dataclass(frozen=True)
class Resolved:
    """What a recognised name is once corrections and aliases are applied."""

    kind: str
    key: str
    name: str | None
    """The name to show instead (None: the recognizer's own is kept)."""


class NameResolver:
    """Applies the user's corrections and the corpus-wide spelling aliases to names.

    `aliases` maps a name to the most-mentioned spelling of it in the corpus (see
    `find_aliases`); without it only the user's corrections apply.
    """

    MAX_STEPS = 20

    def __init__(
        self,
        corrections: Corrections,
        aliases: dict[NameId, tuple[str, str]] | None = None,
    ) -> None:
        self.corrections = corrections
        self.aliases = aliases or {}

    def resolve(self, kind: str, key: str) -> Resolved | None:
        """What (kind, key) becomes; None when the user hid it.

        The user's corrections are followed first (a chain of merges, with a guard against a
        loop); a name the user has not corrected goes to its alias, if it has one.
        """
        name: str | None = None
        seen: set[NameId] = set()
        current: NameId = (kind, key)
        for _ in range(self.MAX_STEPS):
            if current in seen:
                break
            seen.add(current)
            step = self.corrections.step(current)
            if step is None:
                return None
            if step is False:
                alias = self.aliases.get(current)
                if alias is None:
                    break
                current, name = (current[0], alias[0]), alias[1]
                continue
            current, name = (step[0], step[1]), step[2]
        return Resolved(current[0], current[1], name)

    def entities(self, entities: Iterable[Entity]) -> list[Entity]:
        """The entities as the reader shows them: hidden names gone, retyped ones relabelled,
        merged ones under the name they were merged into."""
        shown: list[Entity] = []
        for entity in entities:
            name = name_of(entity)
            if name is None:
                shown.append(entity)
                continue
            resolved = self.resolve(*name)
            if resolved is None:
                continue
            if (resolved.kind, resolved.key) == name:
                shown.append(entity)
                continue
            label = entity.label if resolved.kind == name[0] else LABEL_OF_KIND[resolved.kind]
            canonical = resolved.name or entity.canonical
            shown.append(replace(entity, label=label, canonical=canonical))
        return shown


def find_aliases(counts: Iterable[tuple[str, str, str, int]]) -> dict[NameId, tuple[str, str]]:
    """Spelling variants of one name in the corpus, each mapped to its most-mentioned form.

    `counts` holds (kind, key, shown name, articles mentioning); the result maps each
    variant's (kind, key) to (key, shown name) of the form it joins. Only names whose
    `alias_form` has at least two characters are merged.
    """
    rows = list(counts)
    forms = [(kind, alias_form(key, join_words=kind in JOINED_KINDS)) for kind, key, _, _ in rows]
    shared = {form for form, seen in Counter(forms).items() if seen > 1 and len(form[1]) >= 2}
    groups: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for form, (_, key, name, count) in zip(forms, rows, strict=True):
        if form in shared:
            groups.setdefault(form, []).append((count, key, name))
    aliases: dict[NameId, tuple[str, str]] = {}
    for (kind, _), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda member: (-member[0], member[1]))
        _, key, name = members[0]
        for _, other, _ in members[1:]:
            aliases[(kind, other)] = (key, name)
    return aliases


def _nothing(word: Word) -> Node:
    # The query language has no "match nothing": a clause and its negation together is one.
    return Group("and", (word, Negation(word)))


def rewrite_names(
    parsed: ParsedQuery,
    resolver: NameResolver,
    variants: Callable[[NameId], Iterable[NameId]],
) -> ParsedQuery:
    """The query with its `person:`, `org:` and `place:` names corrected.

    A name the user hid, or retyped or merged away from the field's kind, finds nothing in
    that field; a name with variants (merged by the user or by the alias rule) finds any of
    them, each searched in the field of its own kind as the index holds it. Names are
    compared by key, so `person:"tony blair"` is corrected but `person:blair` (part of a
    name) is searched as typed.
    """
    if parsed.tree is None:
        return parsed
    tree = _rewrite(parsed.tree, resolver, variants)
    return parsed if tree is parsed.tree else ParsedQuery(parsed.text, tree)


def _rewrite(
    node: Node, resolver: NameResolver, variants: Callable[[NameId], Iterable[NameId]]
) -> Node:
    if isinstance(node, Word):
        if node.field not in SEARCH_KINDS or node.kind not in ("word", "phrase"):
            return node
        key = name_key(node.text)
        if not key:
            return node
        resolved = resolver.resolve(node.field, key)
        if resolved is None or resolved.kind != node.field:
            return _nothing(node)
        target = (resolved.kind, resolved.key)
        found = {target, *variants(target)}
        found = {name for name in found if name[0] in SEARCH_KINDS}
        if found == {(node.field, key)}:
            return node
        words = tuple(
            Word(other, node.start, node.end, field=kind, kind="phrase")
            for kind, other in sorted(found)
        )
        return words[0] if len(words) == 1 else Group("or", words)
    if isinstance(node, Group):
        items = tuple(_rewrite(item, resolver, variants) for item in node.items)
        changed = any(new is not old for new, old in zip(items, node.items, strict=True))
        return Group(node.operator, items) if changed else node
    if isinstance(node, Negation):
        inner = _rewrite(node.item, resolver, variants)
        return node if inner is node.item else Negation(inner)
    return node


def has_names(parsed: ParsedQuery) -> bool:
    """True when the query searches `person:`, `org:` or `place:` (worth correcting)."""
    return any(word.field in SEARCH_KINDS for word in parsed.words(negated=True))
