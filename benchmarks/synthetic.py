"""A generated corpus of news-like articles: deterministic, fast, and cached by size and seed.

Words are drawn with their real English frequencies (Zipf-distributed) from the unigram
list shipped with the `wordsegment` package (a dependency of Broadsheet, so nothing is
downloaded); sentences are mixed with people, places, organisations, roles and dates from
lists written here, so the entity recognizer and the query mix have something to find.
Article `i` depends only on (seed, i): any article can be regenerated on its own, which is
how the incremental benchmark makes "changed" and "added" files.
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import wordsegment

from .staging import finish, fresh, is_ready

GENERATOR_VERSION = 1
"""Raise when generated text changes: cached corpora of another version are regenerated."""
MARKER = ".generated"
"""Hidden file (the corpus scan skips it) recording what a cached corpus folder holds."""
VOCABULARY_SIZE = 30_000


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator))


UNSUITABLE = _words(
    "sex porn fuck shit nude naked xxx tits pussy cock dick fetis panties erotic slut "
    "whore anal gay lesbian milf boob viagra cialis horny bitch cum escort hentai"
)
"""Word beginnings of the web-crawl unigram list kept out of generated news text."""
FIRST_DAY = date(2024, 1, 1)
DAYS = 913  # to 2026-06-30
MONTHS = _words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

GIVEN = _words(
    "Maria Daniel Anna James Sofia Ahmed Elena Thomas Laura Omar Nadia Peter Clara Viktor "
    "Ingrid Samuel Leila Marco Hannah Tomas Amara Felix Yusuf Irene Jonas Priya Mateo "
    "Katarina Olivia Rafael Mei Ibrahim Lucia Andrei Fatima Henrik Zoe Dmitri Grace Pablo"
)
SURNAMES = _words(
    "Kovacs Lindqvist Okafor Moreau Haddad Brennan Novak Castellano Ferreira Nakamura "
    "Abernathy Petrov Whitfield Osei Vasquez Marchetti Holm Raman Delacroix Schuster "
    "Okonjo Varga Ellison Takahashi Murphy Aldana Kowalczyk Hartmann Mensah Duarte "
    "Sorensen Kaplan Ionescu Fitzgerald Bakker Rahimi Lennox Morales Adeyemi Strand"
)
PLACES = _words(
    "Lisbon Nairobi Vienna Osaka Montreal Bogota Krakow Accra Tbilisi Rotterdam Lyon "
    "Valparaiso Tallinn Hanoi Edinburgh Casablanca Porto Seville Gdansk Bergen Durban "
    "Manila Quito Antwerp Hamburg Dublin Helsinki Marseille Glasgow Perth Chennai Tunis"
)
REGIONS = _words(
    "Portugal Kenya Austria Japan Canada Colombia Poland Ghana Georgia Netherlands "
    "France Chile Estonia Vietnam Scotland Morocco Norway Ireland Finland India Tunisia"
)
ORG_STEMS = _words(
    "Northfield Harbor Meridian Crescent Summit Riverside Atlas Beacon Granite Evergreen "
    "Pinecrest Lakeshore Ironbridge Silverline Redwood Bluewater Highgate Oakmont"
)
ORG_KINDS = _words(
    "Bank|Group|Holdings|Energy|Telecom|Airlines|Institute|University|Foundation|"
    "Party|Union|Council|Commission|Ministry of Finance|Chamber of Commerce",
    "|",
)
ROLES = _words(
    "prime minister|finance minister|foreign minister|chief executive|spokesperson|"
    "governor|mayor|opposition leader|central bank governor|election commissioner|"
    "union leader|analyst|professor|ambassador|defence minister",
    "|",
)
SOURCES = (
    ("Northfield Herald", "northfieldherald.com"),
    ("The Meridian Post", "meridianpost.com"),
    ("Harbor Daily", "harbordaily.com"),
    ("Atlas Wire", "atlaswire.com"),
    ("The Summit Times", "summittimes.com"),
)
WIRE_BYLINES = ("AFP", "Reuters", "AP", "Staff reporters")
TOPICS: dict[str, tuple[str, ...]] = {
    "politics": (
        "the {role} {person} said on {weekday} that the election would be held in {month}",
        "officials in {place} said the prime minister had called an early election",
        "the election commission in {region} confirmed the results on {date}",
        "{person} of {org} warned that the electoral reform could face legal challenges",
        "voters in {place} went to the polls on {weekday} in a closely watched election",
    ),
    "world": (
        "the prime minister of {region} is expected to visit {place} in {month}",
        "according to {org}, the minister met {person} in {place} on {date}",
        "{person}, the {role} of {org}, told reporters in {place} that talks would continue",
    ),
    "business": (
        "{org} said its profits rose {pct} percent in the year to {month}",
        "the government announced a package worth {money} for {region}",
        "{person}, the chief executive of {org}, said demand in {region} had slowed",
    ),
    "local": (
        "residents of {place} met on {weekday} to discuss plans by {org}",
        "the mayor of {place}, {person}, said the work would finish by {date}",
        "{person} told the council in {place} that {money} had been set aside",
    ),
}
"""Clauses woven into an article's sentences, by the article's topic."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words and the cumulative Zipf weights to draw them with."""

    words: tuple[str, ...]
    cumulative: tuple[float, ...]


def load_vocabulary(size: int = VOCABULARY_SIZE) -> Vocabulary:
    """The `size` most frequent alphabetic words of wordsegment's unigram counts."""
    path = Path(wordsegment.__file__).with_name("unigrams.txt")
    words: list[str] = []
    counts: list[float] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.partition("\t")
            if not word.isalpha() or (len(word) == 1 and word not in ("a", "i")):
                continue
            if word.startswith(UNSUITABLE) and not word.startswith("analy"):
                continue
            words.append("I" if word == "i" else word)
            counts.append(float(count))
            if len(words) >= size:
                break
    return Vocabulary(tuple(words), tuple(itertools.accumulate(counts)))


_VOCABULARY: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    """The shared vocabulary (loaded once per process)."""
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = load_vocabulary()
    return _VOCABULARY


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    """One generated article: its file name and Markdown-flavoured text."""

    name: str
    text: str
    published: date
    words: int


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"


def _org(rng: random.Random) -> str:
    return f"{rng.choice(ORG_STEMS)} {rng.choice(ORG_KINDS)}"


def _clause(rng: random.Random, topic: str, published: date) -> str:
    when = published - timedelta(days=rng.randrange(0, 30))
    return rng.choice(TOPICS[topic]).format(
        role=rng.choice(ROLES),
        person=_person(rng),
        weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        org=_org(rng),
        place=rng.choice(PLACES),
        region=rng.choice(REGIONS),
        date=f"{MONTHS[when.month - 1]} {when.day}",
        pct=rng.randrange(2, 40),
        money=f"${rng.randrange(2, 900)} million",
    )


def article_name(number: int) -> str:
    """The file name of article `number`."""
    return f"article-{number:06d}.txt"


def generate_article(seed: int, number: int, *, variant: int = 0) -> GeneratedArticle:
    """Article `number` of the corpus with `seed` (a non-zero variant gives new text)."""
    rng = random.Random(f"{seed}:{number}:{variant}")
    vocab = vocabulary()
    words, cumulative = vocab.words, vocab.cumulative
    total = cumulative[-1]
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    target = rng.randint(280, 520)
    topic = rng.choice(("politics", "politics", "world", "business", "business", "local"))

    def draw(count: int) -> list[str]:
        return [
            words[bisect.bisect(cumulative, rng.random() * total, 0, len(cumulative) - 1)]
            for _ in range(count)
        ]

    paragraphs: list[str] = []
    written = 0
    while written < target:
        sentences: list[str] = []
        for _ in range(rng.randint(2, 4)):
            parts = draw(rng.randint(6, 18))
            if rng.random() < 0.2:
                at = rng.randrange(len(parts) + 1)
                parts[at:at] = [",", *_clause(rng, topic, published).split(), ","]
            sentence = " ".join(parts).replace(" , ", ", ").strip(" ,")
            sentence = sentence[0].upper() + sentence[1:] + rng.choice(".....?")
            if rng.random() < 0.08:
                sentence = f"“{sentence}” said {_person(rng)}."
            sentences.append(sentence)
            written += sentence.count(" ") + 1
        paragraphs.append(" ".join(sentences))

    title_words = draw(rng.randint(3, 6))
    if rng.random() < 0.5:
        title_words.insert(rng.randrange(len(title_words) + 1), rng.choice(PLACES))
    if topic == "politics" and rng.random() < 0.4:
        title_words.append("election")
    title = " ".join(w[:1].upper() + w[1:] for w in title_words)
    if rng.random() < 0.25:
        byline = rng.choice(WIRE_BYLINES)
    elif rng.random() < 0.2:
        byline = f"{_person(rng)} and {_person(rng)}"
    else:
        byline = _person(rng)
    source, host = rng.choice(SOURCES)
    slug = "-".join(w.lower() for w in title_words[:5])
    url = f"https://www.{host}/{published:%Y/%m/%d}/{slug}-{number}"
    header = [
        f"# {title}",
        f"By {byline}",
        f"{MONTHS[published.month - 1]} {published.day}, {published.year}",
        f"Source: {source}",
    ]
    text = "\n\n".join([*header, *paragraphs, f"Original url: <{url}>"]) + "\n"
    return GeneratedArticle(article_name(number), text, published, written)


def _write_range(folder: str, seed: int, start: int, stop: int) -> int:
    for number in range(start, stop):
        article = generate_article(seed, number)
        with open(os.path.join(folder, article.name), "w", encoding="utf-8") as handle:
            handle.write(article.text)
    return stop - start


def _chunks(count: int, size: int) -> Iterable[tuple[int, int]]:
    for start in range(0, count, size):
        yield start, min(count, start + size)


def corpus_folder(work: Path, count: int, seed: int) -> Path:
    """Where the generated corpus of `count` articles with `seed` is cached."""
    return work / f"corpus-{count}-seed{seed}"


def ensure_corpus(
    work: Path, count: int, seed: int = 1, *, jobs: int | None = None, quiet: bool = False
) -> Path:
    """The cached generated corpus of `count` articles, generating it when missing."""
    folder = corpus_folder(work, count, seed)
    stamp = f"version={GENERATOR_VERSION} count={count} seed={seed}\n"
    if is_ready(folder, MARKER, stamp):
        return folder
    building = fresh(folder)
    jobs = jobs or min(4, os.cpu_count() or 1)
    chunk = 2_000
    if count < chunk or jobs == 1:
        _write_range(str(building), seed, 0, count)
    else:
        done = 0
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_write_range, str(building), seed, start, stop)
                for start, stop in _chunks(count, chunk)
            ]
            for future in futures:
                done += future.result()
                if not quiet:
                    print(f"  generating corpus: {done:,} / {count:,}", file=sys.stderr, flush=True)
    return finish(building, folder, MARKER, stamp)
