"""`broadsheet entities`: the named entities of an article file, of stdin, or of JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..core.article import Article, Skipped
from ..core.corpus import MAX_ARTICLE_BYTES, NotARegularFile, read_bytes
from ..core.entities import (
    EntityContext,
    Recognizer,
    RecognizerUnavailable,
    entities_to_json,
    get_recognizer,
)
from ..core.inert import inert_json, inert_line
from ..core.parsers import parse_bytes


def add_parser(subparsers: Any) -> None:
    """Register `entities`."""
    parser = subparsers.add_parser(
        "entities",
        help="print the named entities of an article file or of text on stdin",
        description=(
            "Print the named entities of an article file (offsets into its body, dates "
            "resolved against its published date) or of raw text on stdin ('-', offsets into "
            'that text). With --jsonl, read lines of {"text": ...} from stdin and write one '
            '{"entities": [...]} line per input line.'
        ),
    )
    parser.add_argument("file", nargs="?", default="-", help="an article file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="a JSON list of entities")
    parser.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out")
    parser.add_argument(
        "--entities", default="rules", metavar="BACKEND",
        help="entity recognizer: 'rules' (built in, default), 'spacy', or 'spacy:MODEL'",
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Recognise and print."""
    try:
        recognizer = get_recognizer(args.entities)
    except RecognizerUnavailable as error:
        print(f"broadsheet: {error}", file=sys.stderr)
        return 2
    if args.jsonl:
        return _jsonl(recognizer)
    if args.file == "-":
        text, context = sys.stdin.read(), None
    else:
        loaded = _read_article(Path(args.file))
        if isinstance(loaded, Skipped):
            print(
                f"broadsheet: {inert_line(args.file)}: {inert_line(loaded.reason)}",
                file=sys.stderr,
            )
            return 2
        text = loaded.body
        context = EntityContext(published=loaded.published, title=loaded.title)
    entities = recognizer.recognise(text, context)
    if args.json:
        sys.stdout.write(inert_json(json.dumps(entities_to_json(entities), ensure_ascii=False)))
        sys.stdout.write("\n")
        return 0
    counts = Counter((e.label, e.canonical or e.text) for e in entities)
    by_label: dict[str, list[tuple[str, int]]] = {}
    for (label, name), count in counts.items():
        by_label.setdefault(label, []).append((name, count))
    for label in sorted(by_label):
        names = sorted(by_label[label], key=lambda item: (-item[1], item[0]))
        print(f"{label} ({len(names)})")
        for name, count in names:
            print(f"  {inert_line(name)}" + (f"  ×{count}" if count > 1 else ""))
    if not entities:
        print("no entities found")
    return 0


def _read_article(path: Path) -> Article | Skipped:
    try:
        data = read_bytes(path)
    except NotARegularFile:
        return Skipped(str(path), path, "not a regular file")
    except OSError as error:
        return Skipped(str(path), path, f"cannot read: {error.strerror}")
    if len(data) > MAX_ARTICLE_BYTES:
        return Skipped(str(path), path, f"too large (over {MAX_ARTICLE_BYTES // 1_048_576} MB)")
    results = parse_bytes(data, rel=path.name, path=path)
    return next((r for r in results if isinstance(r, Article)), results[0])


def _jsonl(recognizer: Recognizer) -> int:
    status = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("'text' is not a string")
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            print(f"broadsheet: line {number}: {error}", file=sys.stderr)
            sys.stdout.write(json.dumps({"entities": [], "error": str(error)}) + "\n")
            status = 1
            continue
        entities = recognizer.recognise(text, None)
        sys.stdout.write(
            inert_json(json.dumps({"entities": entities_to_json(entities)}, ensure_ascii=False))
            + "\n"
        )
    sys.stdout.flush()
    return status
