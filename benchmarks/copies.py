"""One story once: how well copies are found, and what finding them costs.

Precision and recall come from a corpus of real DOJ press releases with planted copies:
exact copies, copies with small edits, wire copy with a different opening line and sign-off,
copies cut short, each under a different title and source; the originals are chosen from a
few topics so that distinct releases on one subject (which share much boilerplate) stand
beside each other and must not merge. A pair counts as found when the two articles end in
one group. The cost is measured on the 12,694 real releases: CPU time of an index build
with and without copies, and the groups found there.

Precision on real data comes from LABELS (benchmarks/copies_labels.json): pairs of DOJ
releases the first detector called copies, each labelled by reading as one story or two
(see its "about"). `labelled` scores the shipped settings on them (and with --sweep over
the thresholds) and counts the groups among all 12,694 releases.

    .venv/bin/python -m benchmarks.copies planted [--sweep]
    .venv/bin/python -m benchmarks.copies labelled [--sweep]
    .venv/bin/python -m benchmarks.copies real
    .venv/bin/python -m benchmarks.copies stage
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOJ = REPO / ".." / "shared" / "data" / "news" / "doj_opa_press_releases" / "articles.jsonl.gz"
LABELS = REPO / "benchmarks" / "copies_labels.json"
TOPICS = 4
"""Originals come from this many of the commonest DOJ topics (hard negatives)."""
KINDS = ("exact", "edited", "wire", "cut")
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def doj_releases() -> list[dict[str, Any]]:
    """The real DOJ press releases (title, body, date, topics)."""
    with gzip.open(DOJ, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _shingle_set(body: str) -> set[str]:
    words = _WORD.findall(body.casefold())
    return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two bodies' 5-word shingle sets."""
    x, y = _shingle_set(a), _shingle_set(b)
    return len(x & y) / max(1, len(x | y))


def _edited(body: str, rng: random.Random, rate: float) -> str:
    """The body with about `rate` of its words replaced, dropped or doubled (typos, edits)."""
    words = body.split(" ")
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < rate / 3:
            continue
        if roll < 2 * rate / 3:
            out.append(rng.choice(words))
            continue
        out.append(word)
        if roll < rate:
            out.append(rng.choice(("also", "the", "said", "reportedly", "officials")))
    return " ".join(out)


def _wire(body: str, rng: random.Random) -> str:
    """Wire copy: a different opening sentence and a sign-off line."""
    sentences = _SENTENCE.split(body.strip())
    place = rng.choice(("WASHINGTON", "NEW YORK", "CHICAGO", "MIAMI", "LOS ANGELES"))
    intro = (
        f"{place} (Newswire) - Federal officials announced on "
        f"{rng.choice(('Monday', 'Tuesday', 'Thursday'))} a development in a case followed "
        "closely by observers of the justice system."
    )
    return "\n\n".join([intro, " ".join(sentences[1:]), "(Reporting by the Newswire desk.)"])


def _cut(body: str) -> str:
    """The first four fifths of the body, at a paragraph or sentence break."""
    sentences = _SENTENCE.split(body.strip())
    keep = max(1, round(len(sentences) * 0.8))
    return " ".join(sentences[:keep])


def build_planted(
    folder: Path,
    originals: int = 600,
    seed: int = 7,
    distinct_below: float = 0.6,
    edits: float = 0.03,
) -> dict[str, Any]:
    """Write the planted corpus into `folder` (one JSON file per article); returns the truth:
    {"groups": [[file ids]], "kind": {copy id: kind}, "max_distinct_jaccard": float}."""
    rng = random.Random(seed)
    releases = [r for r in doj_releases() if len(_WORD.findall(r.get("body", ""))) >= 120]
    topics = Counter(t for r in releases for t in r.get("topics") or [])
    common = [topic for topic, _ in topics.most_common(TOPICS)]
    pool = [r for r in releases if set(r.get("topics") or []) & set(common)]
    rng.shuffle(pool)
    # The originals must not be copies of each other already (DOJ re-issues some releases).
    chosen: list[dict[str, Any]] = []
    sets: list[set[str]] = []
    for release in pool:
        shingled = _shingle_set(release["body"])
        if all(len(shingled & s) / len(shingled | s) < distinct_below for s in sets):
            chosen.append(release)
            sets.append(shingled)
        if len(chosen) == originals:
            break
    similar = [len(a & b) / len(a | b) for a, b in itertools.combinations(sets, 2)]
    worst = max(similar, default=0.0)
    close = sum(1 for value in similar if value >= 0.3)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    groups: list[list[str]] = []
    kind_of: dict[str, str] = {}

    def write(name: str, title: str, body: str, date: str, source: str) -> str:
        data = {"title": title, "body": body, "date": date, "source": source}
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
        return f"{name}.json"

    for number, release in enumerate(chosen):
        date = release.get("date") or "2015-01-01"
        first = write(f"a{number:04d}", release["title"], release["body"], date, "Justice Dept")
        group = [first]
        # Two originals in three get copies; the rest stand alone.
        if number % 3 != 2:
            kinds = rng.sample(KINDS, rng.randint(1, 3))
            for copy_number, kind in enumerate(kinds):
                body = release["body"]
                if kind == "edited":
                    body = _edited(body, rng, edits)
                elif kind == "wire":
                    body = _wire(body, rng)
                elif kind == "cut":
                    body = _cut(body)
                title = rng.choice(("Update: ", "Breaking: ", "", "Report: ")) + " ".join(
                    release["title"].split()[::-1][:8]
                )
                source = f"Outlet {copy_number + 1}"
                name = write(f"a{number:04d}-{kind}", title, body, date, source)
                group.append(name)
                kind_of[name] = kind
        groups.append(group)
    return {"groups": groups, "kind": kind_of, "max_distinct_jaccard": worst, "close": close}


def score(
    groups: list[list[str]], found: dict[str, tuple[str, ...]], kind_of: dict[str, str]
) -> dict[str, Any]:
    """Pairwise precision and recall, and recall by kind of copy."""
    truth = {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}
    got = {frozenset(p) for g in set(found.values()) for p in itertools.combinations(g, 2)}
    hit = truth & got
    by_kind: dict[str, list[int]] = {}
    for group in groups:
        for member in group[1:]:
            counts = by_kind.setdefault(kind_of[member], [0, 0])
            counts[1] += 1
            counts[0] += frozenset((group[0], member)) in got
    return {
        "true_pairs": len(truth),
        "found_pairs": len(got),
        "precision": len(hit) / max(1, len(got)),
        "recall": len(hit) / max(1, len(truth)),
        "recall_by_kind": {k: f"{a}/{b}" for k, (a, b) in sorted(by_kind.items())},
        "false_pairs": sorted(tuple(sorted(p)) for p in got - truth)[:10],
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _index(corpus: Path, folder: Path) -> tuple[Any, float, float]:
    """Build an index in this process (one file is one worker's job anyway), timed."""
    from tui.core.index import ArticleIndex

    os.cpu_count = lambda: 1  # so signatures can be switched off in this process
    cpu, wall = _cpu(), time.perf_counter()
    index = ArticleIndex.open(corpus, folder)
    index.update()
    return index, _cpu() - cpu, time.perf_counter() - wall


def planted(args: argparse.Namespace) -> None:
    """Precision and recall on the planted corpus, at the shipped settings (and a sweep)."""
    from tui.core.index import copies

    work = Path(tempfile.mkdtemp(prefix="copies-bench-"))
    try:
        truth = build_planted(work / "corpus", args.originals, edits=args.edits)
        articles = sum(len(g) for g in truth["groups"])
        print(f"planted corpus: {articles} articles, {len(truth['groups'])} originals, "
              f"{len(truth['kind'])} copies; most similar distinct originals: "
              f"Jaccard {truth['max_distinct_jaccard']:.2f}, pairs of them at 0.3 or more: "
              f"{truth['close']}")  # fmt: skip
        index, _, _ = _index(work / "corpus", work / "index")
        found = dict(index.copies().groups)
        print(f"shipped (shingle {copies.SHINGLE_WORDS}, threshold {copies.THRESHOLD}, "
              f"names {copies.NEW_NAMES}):",
              json.dumps(score(truth["groups"], found, truth["kind"])))  # fmt: skip
        index.close()
        if args.sweep:
            sweep(work / "corpus", truth, args.words, args.thresholds, args.names)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sweep(
    corpus: Path, truth: dict[str, Any], words_list: str, thresholds: str, names: str
) -> None:
    """Precision and recall over shingle sizes, thresholds and the names test (signatures
    from the bodies; 0 names means the names are not compared)."""
    from tui.core.index import copies

    bodies = {
        path.name: json.loads(path.read_text(encoding="utf-8"))["body"]
        for path in sorted(corpus.glob("*.json"))
    }
    saved = (copies.SHINGLE_WORDS, copies.THRESHOLD, copies.NEW_NAMES)
    try:
        for words in map(int, words_list.split(",")):
            copies.SHINGLE_WORDS = words
            signatures = {ident: copies.signature(body) for ident, body in bodies.items()}
            for threshold, new in itertools.product(
                map(float, thresholds.split(",")), map(int, names.split(","))
            ):
                copies.THRESHOLD, copies.NEW_NAMES = threshold, new or 10**9
                table = copies.CopyTable()
                table.update(bodies, signatures)
                result = score(truth["groups"], dict(table.copies().groups), truth["kind"])
                print(f"  shingle {words} threshold {threshold} names {new or 'off'}: "
                      f"precision {result['precision']:.3f} recall {result['recall']:.3f} "
                      f"by kind {result['recall_by_kind']}")  # fmt: skip
    finally:
        copies.SHINGLE_WORDS, copies.THRESHOLD, copies.NEW_NAMES = saved


def labelled(args: argparse.Namespace) -> None:
    """Precision on the labelled real pairs, and the groups among all DOJ releases."""
    from tui.core.index import copies

    labels = json.loads(LABELS.read_text(encoding="utf-8"))["pairs"]
    bodies = {release["id"]: release.get("body", "") for release in doj_releases()}
    print(f"{len(labels)} labelled pairs ({sum(row['same'] for row in labels)} one story); "
          f"load average {os.getloadavg()}")  # fmt: skip
    cpu = time.process_time()
    signatures = {ident: copies.signature(body) for ident, body in bodies.items()}
    signed = time.process_time() - cpu
    saved = (copies.THRESHOLD, copies.NEW_NAMES)
    settings = [(copies.THRESHOLD, copies.NEW_NAMES)]
    if args.sweep:
        settings += [
            (float(t), int(n))
            for t, n in itertools.product(args.thresholds.split(","), args.names.split(","))
        ]
    try:
        for threshold, new in settings:
            copies.THRESHOLD, copies.NEW_NAMES = threshold, new or 10**9
            cpu = time.process_time()
            table = copies.CopyTable()
            table.update(bodies, signatures)
            found = table.copies()
            paired = time.process_time() - cpu
            said = [row for row in labels if found.story(row["a"]) == found.story(row["b"])]
            right = sum(row["same"] for row in said)
            kept = sum(row["same"] for row in labels)
            groups = set(found.groups.values())
            sizes = Counter(len(group) for group in groups)
            print(f"  threshold {threshold} names {new or 'off'}: real-pair precision "
                  f"{right}/{len(said)} = {right / max(1, len(said)):.3f}, same stories kept "
                  f"{right}/{kept}; groups {len(groups)} covering {len(found.groups)} "
                  f"articles, sizes {dict(sorted(sizes.items()))}; CPU signatures "
                  f"{signed:.1f} s, pairs and groups {paired:.1f} s")  # fmt: skip
            if args.show and (threshold, new) == settings[0]:
                for row in said:
                    if not row["same"]:
                        print("    wrongly one story:", row["a"], row["b"], row["why"][:90])
    finally:
        copies.THRESHOLD, copies.NEW_NAMES = saved


def real(args: argparse.Namespace) -> None:
    """Index the 12,694 DOJ releases with and without copies; the groups found there."""
    from tui.core.index import updater
    from tui.core.index.engine import segments

    work = Path(tempfile.mkdtemp(prefix="copies-real-"))
    hooks = (vars(updater)["find_copies"], vars(segments)["copy_signature"])
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        shutil.copy(DOJ, corpus / "articles.jsonl.gz")  # a temporary copy: links are not read
        print(f"load average before: {os.getloadavg()}")
        for run in range(args.runs):
            for mode in args.modes.split(","):
                # "without" is this branch with both hooks switched off: no signatures, no LSH.
                off = mode == "without"
                _hook(off, hooks)
                index, cpu, wall = _index(corpus, work / f"index-{mode}-{run}")
                print(f"  {mode} copies: CPU {cpu:.1f} s, wall {wall:.1f} s, load "
                      f"{os.getloadavg()[0]:.1f}")  # fmt: skip
                if mode == "with" and run == 0:
                    found = index.copies()
                    sizes = Counter(len(g) for g in set(found.groups.values()))
                    print(f"  groups: {found.stories()} ({dict(sorted(sizes.items()))} by size), "
                          f"articles in them: {len(found.groups)}")  # fmt: skip
                    for group in list(dict.fromkeys(found.groups.values()))[: args.show]:
                        print("   ", group)
                index.close()
    finally:
        _hook(False, hooks)
        shutil.rmtree(work, ignore_errors=True)


def stage(args: argparse.Namespace) -> None:
    """CPU time of the copies stage alone over the 12,694 real bodies: signatures (what the
    builders add per article) and finding the pairs (what each update adds at its end)."""
    from tui.core.index import copies

    bodies = {f"r{n}": release.get("body", "") for n, release in enumerate(doj_releases())}
    print(f"{len(bodies)} bodies, load average {os.getloadavg()}")
    for _ in range(args.runs):
        cpu = time.process_time()
        signatures = {ident: copies.signature(body) for ident, body in bodies.items()}
        signed = time.process_time() - cpu
        cpu = time.process_time()
        table = copies.CopyTable()
        table.update(bodies, signatures)
        found = time.process_time() - cpu
        cpu = time.process_time()
        table.update(bodies, {"r0": signatures["r0"]})
        again = time.process_time() - cpu
        groups = set(table.copies().groups.values())
        sizes = Counter(len(group) for group in groups)
        print(f"  groups: {len(groups)} ({dict(sorted(sizes.items()))} by size)")
        print(f"  signatures: {signed:.2f} s CPU ({signed / len(bodies) * 1e6:.0f} us each); "
              f"pairs among all: {found:.2f} s; one article changed: {again:.2f} s; "
              f"load {os.getloadavg()[0]:.1f}")  # fmt: skip


def _hook(off: bool, hooks: tuple[Any, Any]) -> None:
    """Switch the two hooks of copies off (or back on) for the "without" build."""
    from tui.core.index import updater
    from tui.core.index.engine import segments

    vars(updater)["find_copies"] = (lambda *_: None) if off else hooks[0]
    vars(segments)["copy_signature"] = (lambda _: None) if off else hooks[1]


def main(argv: list[str] | None = None) -> int:
    """Run one of the measures."""
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("planted")
    one.add_argument("--originals", type=int, default=600)
    one.add_argument("--sweep", action="store_true")
    one.add_argument("--words", default="3,5,7", help="shingle sizes to sweep")
    one.add_argument("--thresholds", default="0.5,0.6,0.7,0.8,0.9")
    one.add_argument("--edits", type=float, default=0.03, help="share of words edited")
    one.add_argument("--names", default="0,2,3,4,6", help="NEW_NAMES values (0: off)")
    four = sub.add_parser("labelled")
    four.add_argument("--sweep", action="store_true")
    four.add_argument("--thresholds", default="0.6,0.7,0.8")
    four.add_argument("--names", default="0,2,3,4,6", help="NEW_NAMES values (0: off)")
    four.add_argument(
        "--show", action="store_true", help="list the pairs the shipped settings wrongly join"
    )
    two = sub.add_parser("real")
    two.add_argument("--runs", type=int, default=1)
    two.add_argument("--show", type=int, default=8)
    two.add_argument("--modes", default="without,with", help="builds to time, in order")
    three = sub.add_parser("stage")
    three.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    {"planted": planted, "labelled": labelled, "real": real, "stage": stage}[args.what](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
