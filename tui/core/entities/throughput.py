"""Measure a recognizer's speed in whitespace-separated tokens per second.

    python -m tui.core.entities.throughput ../shared/data/ner/wikigold/wikigold.conll.txt --conll
    python -m tui.core.entities.throughput corpus/*.txt --spec spacy

Name lists and models load before the clock starts; the best of several rounds is kept.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .registry import get_recognizer
from .rules import RulesRecognizer


def conll_documents(path: Path, sentences_per_document: int = 20) -> list[str]:
    """Rebuild plain texts from a CoNLL file: first column joined by spaces.

    A document ends at each -DOCSTART- line, or after `sentences_per_document` sentences.
    """
    documents: list[str] = []
    sentences: list[str] = []
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("-DOCSTART-"):
            if tokens:
                sentences.append(" ".join(tokens))
                tokens = []
            if sentences:
                documents.append("\n".join(sentences))
                sentences = []
            continue
        if line.strip():
            tokens.append(line.split()[0])
            continue
        if tokens:
            sentences.append(" ".join(tokens))
            tokens = []
        if len(sentences) >= sentences_per_document:
            documents.append("\n".join(sentences))
            sentences = []
    if tokens:
        sentences.append(" ".join(tokens))
    if sentences:
        documents.append("\n".join(sentences))
    return documents


def tokens_per_second(spec: str, documents: list[str], rounds: int = 3) -> float:
    """Best throughput of the recognizer `spec` over `documents`, after a warm-up call.

    Each round uses a recognizer that has not seen the documents (the built-in one remembers
    runs of capitals it has labelled, which would flatter a second pass).
    """
    get_recognizer(spec).recognise("Warm-up: Vladimir Putin met officials in Tehran on Sunday.")
    tokens = sum(len(text.split()) for text in documents)
    best = 0.0
    for _ in range(rounds):
        recognizer = RulesRecognizer() if spec.strip().lower() == "rules" else get_recognizer(spec)
        started = time.perf_counter()
        for text in documents:
            recognizer.recognise(text)
        best = max(best, tokens / max(time.perf_counter() - started, 1e-9))
    return best


def main(argv: list[str] | None = None) -> None:
    """Command line: print tokens/s for the given files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--spec", default="rules", help="rules, spacy or spacy:MODEL")
    parser.add_argument("--conll", action="store_true", help="files are CoNLL token columns")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    documents: list[str] = []
    for path in args.files:
        if args.conll:
            documents.extend(conll_documents(path))
        else:
            documents.append(path.read_text(encoding="utf-8", errors="replace"))
    tokens = sum(len(text.split()) for text in documents)
    speed = tokens_per_second(args.spec, documents, args.rounds)
    print(f"{args.spec}: {len(documents)} documents, {tokens} tokens, {speed:,.0f} tokens/s")


if __name__ == "__main__":
    main()
