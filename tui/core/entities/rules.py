"""The built-in recognizer: compiled patterns, name lists and document-level consistency."""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from dataclasses import dataclass

from . import gazetteer as gz
from .amounts import AFTER_A_PATTERN, MONEY_PATTERN, PERCENT_PATTERN, QUANTITY_PATTERN
from .canonical import acronyms_of_spans, canonical_name, name_forms, without_legal_form
from .dates import DATE_PATTERN, TIME_PATTERN, resolve_date
from .model import Entity, EntityContext, fold_key

Word = tuple[int, int, str]

# Lower-case words that may sit inside a name ("Strait of Hormuz", "Hamad bin Isa").
_CONNECTORS = (
    "of the",
    "of",
    "for",
    "de la",
    "de",
    "du",
    "des",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "van der",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "ibn",
    "al",
    "el",
    "la",
    "le",
    "&",
)
_CONNECTOR_WORDS = frozenset(w for c in _CONNECTORS for w in (c, *c.split()))
_ARTICLES = frozenset({"The", "A", "An"})
# Amounts and dates win over a name run covering the same text.
_PRIORITY = {"MONEY": 0, "PERCENT": 0, "QUANTITY": 0, "DATE": 1, "TIME": 1}
_AMOUNT_LABELS = frozenset(_PRIORITY)
_ABBREVIATIONS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Rev",
        "Sen",
        "Rep",
        "Gov",
        "Lt",
        "Gen",
        "Col",
        "Maj",
        "Capt",
        "Cmdr",
        "Adm",
        "Sgt",
        "St",
        "Mt",
        "Jr",
        "Sr",
        "Inc",
        "Corp",
        "Co",
        "Ltd",
        "Bros",
        "No",
    ]
)
# Abbreviations that keep their period inside a name run ("St. Louis", "Mr. Smith").
_DOTTED_BEFORE_NAMES = (
    "St",
    "Mt",
    "Ft",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
)
# Titles after which the rest of the run is a person ("Mr Smith", "Dr. Jones").
_HONORIFICS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Mx",
        "Dr",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Prof",
        "Rev",
        "Madame",
        "Monsieur",
    ]
)
# Words after a sentence-initial name that show it is the subject ("Tony Blair is ...").
_SUBJECT_CUES = frozenset(
    ["is", "was", "has", "had", "will", "would", "could", "can", "may", "might", "must", "should",
     "did", "does", "met", "wants", "wanted", "thinks", "believes", "hopes", "plans", "faces"]
)  # fmt: skip
_SENTENCE_PUNCTUATION = frozenset(".!?:;\"“”‘'([{—–-*#>|•")
_MEDIA_TAILS = frozenset(
    [
        "Times",
        "Post",
        "News",
        "Journal",
        "Herald",
        "Tribune",
        "Gazette",
        "Telegraph",
        "Guardian",
        "Economist",
    ]
)
# Title words that only make a title together with another ("Foreign" + "Minister").
_TITLE_MODIFIERS = frozenset(
    [
        "Vice",
        "Foreign",
        "Defense",
        "Defence",
        "Interior",
        "Finance",
        "Prime",
        "Economy",
        "Energy",
        "Health",
        "Trade",
        "Culture",
        "Education",
        "State",
        "Home",
        "Parliamentary",
        "Opposition",
        "Former",
        "Late",
        "Crown",
        "Grand",
        "Supreme",
        "Field",
        "Deputy",
        "Chief",
        "Justice",
        "Executive",
        "Acting",
        "Assistant",
        "Associate",
        "Principal",
        "Special",
        "Senior",
        "Supervisory",
        "Interim",
        "Trial",
        "District",
        "Magistrate",
        "Circuit",
        "Bankruptcy",
    ]
)
# Places that stand inside a title ("Assistant U.S. Attorney"): part of the title there.
_TITLE_PLACES = frozenset({"U.S.", "US", "United", "States", "Federal", "District"})
_GPE_HEADS = frozenset({"Republic", "Kingdom", "State", "Province", "City", "Emirate"})
_FAC_PAIRS = frozenset(
    {("Air", "Base"), ("Naval", "Base"), ("Power", "Plant"), ("Nuclear", "Plant")}
)
_SPACE = "[ \t\u00a0]"
# A numeral ending a name ("World War II", "Elizabeth II") leaves the word before it in charge.
_ROMAN = frozenset(
    {
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "One",
        "Two",
        "Three",
    }
)
_DIRECTIONS = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Upper",
        "Lower",
    ]
)
_HEAD_LABELS = (
    (gz.EVENT_HEAD_WORDS, "EVENT"),
    (gz.LOC_HEAD_WORDS, "LOC"),
    (_GPE_HEADS, "GPE"),
    (gz.ORG_HEAD_WORDS, "ORG"),
)
_PLACE_SUFFIXES = ("ville", "burg", "bourg", "shire", "stan", "grad", "abad", "pur", "pore")
# How the names of peoples end ("Ecuadorean", "Congolese"): unknown words so ending are NORP.
_DEMONYM_ENDINGS = ("ian", "ians", "ean", "eans", "ese")
# What may stand before the space before a sentence's first word (see _sentence_start).
_NOT_A_LETTER = _SENTENCE_PUNCTUATION | frozenset(" \t\u00a0\n\r")
# Who stands in a case or a deal, capitalised in legal writing ("the Defendants").
_PARTIES = frozenset(
    ["Defendant", "Plaintiff", "Party", "Parties", "Victim", "Company", "Companies", "State",
     "Government", "Complaint", "Claimant", "Respondent", "Petitioner", "Buyer", "Seller",
     "Lender", "Borrower", "Member", "Employee", "Customer", "Client", "Investor", "Account"]
)  # fmt: skip
_QUOTES = frozenset("\"“”‘’'")
_ARTICLES_BEFORE = ("The ", "A ", "An ")
_QUOTE_OR_SPACE = _QUOTES | {" "}
_PLACE_CUES = frozenset(["in", "at", "near", "from", "into", "across", "outside", "inside"])
# "X, a small town in ...", "Acme is a Brazilian bicycle maker based in ...": the last word
# before what follows the description is looked up in the cue word lists; what follows it
# shows it is no modifier ("a city councillor", "a company director").
_DESCRIBED = re.compile(
    r"(?:,|[ \t]+(?:is|was|are|were))[ \t]+(a|an|the)[ \t]+"
    r"((?:(?!(?:of|and|or|who|which|by|in)[ \t])[A-Za-z\u00c0-\u024f-]+[ \t]+){0,3}?)([a-zé]+)"
    r"(?=[ \t]+(?:in|of|near|on|north|south|east|west|outside|about|some|that|where|with"
    r"|and|nearby|along|across|close|based|which|whose|who|from|for|at)[ \t.,;]|[,.;])"
)
# Words after a name that make it a people or its language ("the Chamicuro people").
_PEOPLE_WORDS = frozenset(
    ["people", "peoples", "language", "languages", "tribe", "tribes", "minority", "dialect"]
)  # fmt: skip
# The words before a name that _label_by_word_before reads.
_WORDS_BEFORE = gz.ORG_CUE_WORDS | gz.WORK_CUE_WORDS | {"of", "and"}
# Person cue words that describe firms as often as people ("Acme, a leading producer").
_ROLES_OF_FIRMS = frozenset(["by", "producer", "host", "player", "speaker"])
# "the villages of X and Y": the plural before "of", then names joined by commas or "and".
_PLACES_OF = re.compile(r"(?:villages|towns|cities|provinces|regions|districts) of [^.;:()]*$")
# Verbs after which a name beside "company" or "band" is the one who made or runs it.
_OWNER_VERBS = frozenset(
    ["founded", "co-founded", "started", "created", "built", "joined", "left", "runs", "ran",
     "owns", "owned", "leads", "led", "heads", "headed", "bought", "sold", "fronts", "formed"]
)  # fmt: skip


# Every amount, date, time or address starts with a digit, a currency sign, the beginning of
# a month or weekday name (or one of the other word beginnings here), one of the whole
# words below or, for an e-mail address, any word followed by "@".
_AMOUNT_FIRST_CHARACTERS = "[0-9$€£¥₹₽₩₺₪]"
_AMOUNT_FIRST_BEGINNINGS = (
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun US USD EUR GBP"
    " AU A$ C$ CA NZ HK S$ Earl earl Late late Mid mid http: https: www"
)
# A number word is a word of its own: "aft" and "afoot" are not "a ft" and "a foot", nor
# "am feet" an amount.
_AMOUNT_FIRST_WORDS = (
    "Today today Yesterday yesterday Tomorrow tomorrow Tonight tonight Noon noon Last last"
    " Next next This this one two three four five six seven eight nine ten eleven twelve"
    " fifteen twenty thirty forty fifty sixty seventy eighty ninety several hundreds"
    " thousands millions billions half"
)
# "the" opens only a decade ("the 1990s", "the late 1960s") and "a" only a few kinds of
# amount: checked that far, as they are the most common words and trying every amount
# after each one cost a quarter of the scan.
_AMOUNT_FIRST_ARTICLES = rf"the\s+(?:early|mid|late|1[6-9]|20)|a(?!\w)(?={AFTER_A_PATTERN})"

_Tree = dict[str, "_Tree"]
_WORD_END = "(?!\\w)"


def _alternation(beginnings: list[str], words: list[str]) -> str:
    """A pattern matching any of `beginnings`, or any of `words` ending there.

    Written as a tree of shared beginnings ("M(?:a(?:r|y)|id|on)"): Python's regex engine
    tries the alternatives of "Jan|Feb|..." one by one at every position, a tree looks at
    each character once.
    """
    tree: _Tree = {}
    for text, mark in [(b, "") for b in beginnings] + [(w, _WORD_END) for w in words]:
        node = tree
        for ch in text:
            node = node.setdefault(ch, {})
        node[mark] = {}

    def emit(node: _Tree) -> str:
        branches = [
            re.escape(ch) + emit(child)
            for ch, child in sorted(node.items())
            if ch and ch != _WORD_END
        ]
        if _WORD_END in node and "" not in node:
            branches.append(_WORD_END)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


@functools.cache
def _name_patterns() -> tuple[str, str, str]:
    """The texts of the patterns of a run of capitalised words and of one word in it.

    The run pattern comes twice: as the recognizer reads it, and in its plain form, which
    finds the same runs more slowly (a test holds them to that).
    """
    upper = "".join(re.escape(ch) for ch in map(chr, range(0x250)) if ch.isupper())
    upper += "\u0391-\u03a9\u0410-\u042f"
    letter = r"[^\W\d_]"
    abbreviated = "|".join(sorted(_DOTTED_BEFORE_NAMES, key=len, reverse=True))
    tail = (
        rf"(?:['’](?!(?:s|ll|re|ve|d|t|m)(?!\w))(?:{letter}|[0-9])+"
        rf"|-(?:[{upper}]|[0-9])(?:{letter}|[0-9])*)*"
    )
    word = (
        rf"(?:(?:[{upper}]\.){{2,}}"
        rf"|(?:{abbreviated})\.(?={_SPACE}+[{upper}])"
        rf"|[{upper}]\.(?={_SPACE}+[{upper}])"
        rf"|[{upper}](?:{letter}|[0-9])*{tail}"
        rf"|[0-9]+(?:-[{upper}]\w*)+)"
    )
    # The same word after its first character, a capital or a digit, has been read: each
    # alternative checks that character looking back (see `run` below).
    abbreviated_rest = "|".join(
        f"(?<={a[0]}){a[1:]}" for a in sorted(_DOTTED_BEFORE_NAMES, key=len, reverse=True)
    )
    word_rest = (
        rf"(?:(?<=[{upper}])\.(?:[{upper}]\.)+"
        rf"|(?:{abbreviated_rest})\.(?={_SPACE}+[{upper}])"
        rf"|(?<=[{upper}])\.(?={_SPACE}+[{upper}])"
        rf"|(?<=[{upper}])(?:{letter}|[0-9])*{tail}"
        rf"|(?<=[0-9])[0-9]*(?:-[{upper}]\w*)+)"
    )
    connectors = "|".join(re.escape(c).replace(r"\ ", f"{_SPACE}+") for c in _CONNECTORS)
    particles = r"(?:al|el|ad|ar|as|ash|az|an|ul|bin|ibn|abu|abd)-"
    gap = (
        rf"(?:{_SPACE}+(?:(?:{connectors}){_SPACE}+|{particles})?"
        rf"|{_SPACE}*-{_SPACE}*)"
    )
    # "The", "In", "According" alone before a lower-case word name nothing: skipped here, in
    # the pattern, as the words that are never names would drop them later.
    alone = [
        w
        for w in gz.NON_NAME_WORDS
        if w.isalpha() and w not in _HONORIFICS and w not in _ABBREVIATIONS
    ]
    lower_word = rf"{_SPACE}+(?!(?:{connectors}){_SPACE})[a-z]"
    skip = rf"(?:{_alternation([], alone)}){lower_word}"
    # A run opens with a capital or a digit not after a letter: the pattern reads that
    # character first, so the regex engine can jump from one such character to the next
    # instead of trying the pattern at every position (a third less time); the checks
    # that belong before it look back over it: the letter before, and the words skipped
    # ("The" before a lower-case word), from a step back over the first character.
    run = rf"[{upper}0-9](?<![\w'’][\s\S])(?<!(?={skip})[\s\S]){word_rest}(?:{gap}{word})*(?!\w)"
    plain = rf"(?<![\w'’])(?!{skip}){word}(?:{gap}{word})*(?!\w)"
    return run, plain, rf"{word}|(?<!\w)(?:{connectors})(?!\w)"


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compile the name-run, word and amount patterns once, on first use.

    There are two amount patterns: with e-mail addresses, and a faster one without them
    for the many texts with no "@".
    """
    run_text, _, words_text = _name_patterns()
    run, words = re.compile(run_text), re.compile(words_text)
    start = (
        rf"{_AMOUNT_FIRST_CHARACTERS}|{_AMOUNT_FIRST_ARTICLES}"
        rf"|{_alternation(_AMOUNT_FIRST_BEGINNINGS.split(), _AMOUNT_FIRST_WORDS.split())}"
    )
    kinds = (
        rf"|(?P<MONEY>{MONEY_PATTERN})|(?P<PERCENT>{PERCENT_PATTERN})"
        rf"|(?P<QUANTITY>{QUANTITY_PATTERN})|(?P<TIME>{TIME_PATTERN})"
        rf"|(?P<DATE>{DATE_PATTERN})(?!\w))"
    )
    # Checking the first word against the tree of first words first makes the scan several
    # times faster.
    amounts = re.compile(
        rf"(?<!\w)(?={start}|[\w.+-]+@)(?:"
        r"(?P<URL>(?:https?://|www\.)[^\s<>()\]]+|[\w.+-]+@[\w-]+\.[\w.]+)" + kinds
    )
    amounts_without_mail = re.compile(
        rf"(?<!\w)(?={start})(?:(?P<URL>(?:https?://|www\.)[^\s<>()\]]+)" + kinds
    )
    return run, words, amounts, amounts_without_mail


_RUN_MEMORY = 50_000
"""Runs remembered by a recognizer (a few MB); most runs of a corpus recur ("The", "Reuters")."""
_Shape = tuple[int, int, str, str | None, bool, bool]
# A run's text, whether it may open a sentence, stands in a headline, is followed by a
# period or opens a line before a dateline, the amounts or dates inside it, and what
# `_word_after_counts` says of the word after it.
_RunKey = tuple[str, bool, bool, bool, bool, tuple[tuple[int, int], ...], bool | None]

# "Standard Liege 3 Anderlecht 1": after a club, its score, the other club and its score.
_NAME_WORD = r"[A-Z\u00c0-\u00de][^\s\d,;:()]*"
_SCORE_PAIR = re.compile(
    rf"[ \t]+[0-9]{{1,2}}[ \t]*,?[ \t]+(?={_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}[ \t]+[0-9]{{1,2}}"
    r"(?![0-9:.\-/%]|[ \t]*(?:per|points|goals|minutes|years|percent)\b))"
)
# A league-table row: a club and three or more numbers to the end of the line.
_TABLE_ROW = re.compile(r"(?:[ \t]+-?[0-9]{1,3}){3,}[ \t]*(?:\n|$)")
# A scorer in "(Rooney 34, Giggs 60 pen)".
_SCORER = re.compile(r"[ \t]+[0-9]{1,3}(?:[ \t]*(?:pen|og|\+[0-9]+))?[ \t]*[,)]")
# What one club does to another: "Everton beat Newcastle", "Leeds drew with Lyon".
_CLUB_VERBS = re.compile(
    r"[ \t]+(?:(?:were|was|are|is)[ \t]+(?:held|beaten|thrashed|defeated|hammered|edged)"
    r"(?:[ \t]+[0-9]{1,2}-[0-9]{1,2})?[ \t]+by|beat|beats|beaten|drew with|draw with|draws with|drew at|host|hosts|hosted"
    r"|welcome|welcomes|welcomed|thrashed|thrash|thrashes|defeated|defeat|defeats|edged|edge"
    r"|overcame|routed|hammered|lost to|lose to|loses to|lost at|fell to|knocked out"
    r"|eliminated|(?P<weak>held|hold|visit|visits|visited|play|plays|faced|face|faces))[ \t]+"
)
_SCORE_AFTER = re.compile(r"[ \t]+[0-9]{1,2}-[0-9]{1,2}(?![0-9-])")
# Verbs after which the name is the club a player moves to ("signed for Leeds").
_TRANSFER_VERBS = tuple(
    f"{verb} {word} "
    for verbs, words in (
        ("signs signed sign signing", "for with"),
        ("scored scores", "against"),
        ("played plays playing", "for"),
        ("coached captained", "the"),
    )
    for verb in verbs.split()
    for word in words.split()
)
# How each of those ends: a quick first check before them all.
_TRANSFER_ENDS = frozenset(verb[-2:] for verb in _TRANSFER_VERBS)
# "the U.S. Attorney's Office for the Southern District of Florida": one organisation.
_OFFICE = re.compile(
    r"(?<![\w.])(?:U\.S\.[ \t]+|United[ \t]States[ \t]+"
    r"|(?:[A-Z]\w+[ \t]+)?(?:State|District|County|City)[ \t]+)?"
    r"(?:Attorney|Attorneys|Prosecutor|Solicitor|Sheriff|Governor|Mayor|Comptroller|Auditor"
    r"|Inspector[ \t]General|Attorney[ \t]General|Public[ \t]Defender|Coroner)"
    r"['’]?s[ \t]+Offices?(?:[ \t]+(?:for|in)[ \t]+the[ \t]+(?:(?:Northern|Southern|Eastern"
    r"|Western|Middle|Central)[ \t]+)?District[ \t]+of[ \t]+[A-Z]\w*(?:[ \t]+[A-Z]\w*){0,2})?"
)
# Name words a number completes ("Radio 4", "Route 66"), and the type they give.
_NUMBERED = {
    "Radio": "ORG",
    "Channel": "ORG",
    "TV": "ORG",
    "FM": "ORG",
    "Formula": "ORG",
    "Route": "FAC",
    "Highway": "FAC",
    "Interstate": "FAC",
    "Terminal": "FAC",
}
_NUMBERED_WORD = re.compile("|".join(f"{word} " for word in _NUMBERED))
_NUMBERED_ENDINGS = tuple(_NUMBERED)
_TRAILING_NUMBER = re.compile(
    r" [0-9]{1,3}(?![0-9]|[.,:][0-9]|[%/-]| ?(?:km|miles|per|percent|years|am|pm)\b)"
)
_ORDINAL_ANYWHERE = re.compile(r"[0-9](?:st|nd|rd|th) [A-Z]")
_ORDINAL_BEFORE = re.compile(r"(?<![\w-])[0-9]{1,3}(?:st|nd|rd|th) $")
_DATELINE = re.compile(r"[ \t]*(?:,|\(|—|--|[0-9]{4}-[0-9]{2})")
_HEADLINE = re.compile(r"[ \t][a-z]{4,}")


@dataclass(slots=True)
class _Candidate:
    """A possible name while the document is being read."""

    start: int
    end: int
    text: str
    label: str | None
    sure: bool
    # A capital that may only mark a sentence start or a headline: named only if the
    # document names it elsewhere.
    uncertain: bool = False


def _is_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper() and "." not in word


def _strip_connectors(words: list[Word]) -> list[Word]:
    while words and words[0][2] in _CONNECTOR_WORDS:
        words = words[1:]
    while words and words[-1][2] in _CONNECTOR_WORDS:
        words = words[:-1]
    return words


def _word_after_counts(text: str, run: str, end: int) -> bool | None:
    """What `_label_word` reads past a run that ends in a people's adjective ("Slavic
    languages" but "joined Slavic, then") or a title modifier ("Trial Attorneys"); None for
    every other run, whose label does not depend on the word after it."""
    last = run[run.rfind(" ") + 1 :]
    if last.endswith("ic"):
        after = text[end : end + 2]
        return after[:1] == " " and after[1:].islower()
    if last in _TITLE_MODIFIERS:
        following = text[end : end + 64].split(maxsplit=1)
        return bool(following) and following[0].rstrip(".,") in gz.PERSON_TITLES
    return None


class RulesRecognizer:
    """Fast recognizer for news text built from patterns, name lists and cue words."""

    name = "rules"

    def __init__(self) -> None:
        # Run text and surroundings -> the names it holds, as offsets into the run.
        self._runs: dict[_RunKey, tuple[_Shape, ...]] = {}
        self._last_title: tuple[str, list[_Candidate]] | None = None
        # Name text and label -> what `name_forms` makes of it (names recur even more).
        self._names: dict[tuple[str, str], tuple[str, str, str | None]] = {}

    def recognise(self, text: str, context: EntityContext | None = None) -> list[Entity]:
        """Return sorted, non-overlapping entities whose offsets slice `text` exactly."""
        if not text:
            return []
        _, _, with_mail, without_mail = _patterns()
        amount_re = with_mail if "@" in text else without_mail
        published = context.published if context else None
        # Rows sort as the entities must: by start, longest first, amounts before names.
        rows: list[tuple[int, int, int, int, str, str, datetime.date | None]] = []
        blocked: list[tuple[int, int]] = []
        for m in amount_re.finditer(text):
            label = m.lastgroup or "DATE"
            start, end = m.span()
            blocked.append((start, end))
            if label == "URL":
                continue
            span_text = text[start:end]
            resolved = resolve_date(span_text, published) if label == "DATE" else None
            rows.append((start, -end, _PRIORITY[label], len(rows), label, span_text, resolved))
        candidates = self._candidates(text, blocked)
        title = context.title if context is not None else None
        if "Office" in text:
            candidates = _read_offices(text, candidates)
        if " and " in text:
            candidates = _join_and(text, candidates)
        _read_numbers_in_names(text, candidates)
        _read_titles_in_quotes(text, candidates)
        _read_sports(text, candidates)
        _read_cue_words(text, candidates)
        people = self._make_consistent(text, candidates, self._title_candidates(title))
        if ", " in text or " and " in text:
            _read_lists(text, candidates)
        for c in candidates:
            if c.label is not None:
                rows.append((c.start, -c.end, 2, len(rows), c.label, c.text, None))
        rows.sort()
        # What tidy() does, on the rows: drop what overlaps an earlier, longer entity.
        kept: list[tuple[int, int, str, str, datetime.date | None]] = []
        last_end = -1
        for start, neg_end, _, _, label, span_text, resolved in rows:
            if start >= last_end and -neg_end > start:
                kept.append((start, -neg_end, label, span_text, resolved))
                last_end = -neg_end
        acronyms = acronyms_of_spans(text, [row[:4] for row in kept]) if "(" in text else {}
        found: list[Entity] = []
        names = self._names
        for start, end, label, span_text, resolved in kept:
            if label in _AMOUNT_LABELS:
                found.append(Entity(start, end, label, span_text, resolved))
                continue
            # canonical_name(), from the forms of the name kept between documents.
            forms = names.get((span_text, label))
            if forms is None:
                if len(names) >= _RUN_MEMORY:
                    names.clear()
                forms = names[span_text, label] = name_forms(span_text, label)
            label, canonical = canonical_name(span_text, label, people, acronyms, forms=forms)
            found.append(Entity(start, end, label, span_text, None, canonical))
        return found

    # -- candidates -----------------------------------------------------------------

    def _title_candidates(self, title: str | None) -> list[_Candidate]:
        """The names in a document's title (read, never changed, by `_make_consistent`).

        The title of the last document is kept: its body and then its title are recognised
        with the same context.
        """
        if not title:
            return []
        last = self._last_title
        if last is not None and last[0] == title:
            return last[1]
        found = self._candidates(title, [])
        self._last_title = (title, found)
        return found

    def _candidates(self, text: str, blocked: list[tuple[int, int]]) -> list[_Candidate]:
        """Find runs of capitalised words outside `blocked` spans and label each."""
        run_re, _, _, _ = _patterns()
        runs = self._runs
        out: list[_Candidate] = []
        append = out.append
        scored: set[int] = set()  # where the second club of a score line starts
        block_index = 0
        block_count = len(blocked)
        line_start = scanned = 0
        headline_of = -1  # the line whose `headline` is known (runs come in text order)
        headline = False
        for m in run_re.finditer(text):
            start, end = m.span()
            while block_index < block_count and blocked[block_index][1] <= start:
                block_index += 1
            newline = text.rfind("\n", scanned, start)
            if newline >= 0:
                line_start = newline + 1
            scanned = start
            if headline_of != line_start:
                line_end = text.find("\n", start)
                line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
                headline = len(line) > 12 and " " in line and _HEADLINE.search(line) is None
                headline_of = line_start
            # Most runs follow a space after a letter: no sentence starts there.
            before = text[start - 2 : start]
            at_start = (
                _sentence_start(text, start)
                if before[1:] != " " or before[:1] in _NOT_A_LETTER
                else False
            )
            # A digit after the run, or "c "/"b " before it: see _sports_label.
            sport = (
                _sports_label(text, start, end, scored)
                if text[end + 1 : end + 2].isdigit()
                or before in ("c ", "b ")
                or (scored and start in scored)
                else None
            )
            if sport is not None:
                append(_Candidate(start, end, text[start:end], sport, True))
                continue
            inside: tuple[tuple[int, int], ...] = ()
            if block_index < block_count and blocked[block_index][0] < end:
                # An amount or date inside the run ("March" of "March 5"): its words that
                # one covers are dropped, so where they lie in the run is part of the key.
                spans = []
                i = block_index
                while i < block_count and blocked[i][0] < end:
                    spans.append(
                        (max(blocked[i][0], start) - start, min(blocked[i][1], end) - start)
                    )
                    i += 1
                inside = tuple(spans)
            # What a run becomes depends on its text, where it stands, the amounts or dates
            # inside it and, past its end, only on a period ("Inc.") and, for a word opening
            # a line, a dateline after it.
            key = (
                m.group(),
                at_start,
                headline,
                text[end : end + 1] == ".",
                start == line_start and _DATELINE.match(text, end) is not None,
                inside,
                _word_after_counts(text, m.group(), end),
            )
            shapes = runs.get(key)
            if shapes is None:
                labelled = self._label_run(text, m, blocked, block_index, at_start, headline)
                # A name's text is fixed by the key too: it lies within the run and the
                # period after it.
                shapes = tuple([
                    (c.start - start, c.end - start, text[c.start : c.end], c.label, c.sure,
                     c.uncertain)
                    for c in labelled
                ])  # fmt: skip
                if len(runs) >= _RUN_MEMORY:
                    runs.clear()
                runs[key] = shapes
            for rel_start, rel_end, name, label, sure, uncertain in shapes:
                append(_Candidate(start + rel_start, start + rel_end, name, label, sure, uncertain))
        return out

    def _label_run(
        self,
        text: str,
        m: re.Match[str],
        blocked: list[tuple[int, int]],
        block_index: int,
        at_start: bool,
        headline: bool,
    ) -> list[_Candidate]:
        """Split one run of capitalised words into names and label them."""
        start, end = m.span()
        run = m.group()
        words: list[Word]
        if " " not in run and "-" not in run and "\t" not in run and "\u00a0" not in run:
            words = [(start, end, run)]  # one word, as most runs are
        else:
            words = _split_words(run, start) or [
                (w.start() + start, w.end() + start, w.group())
                for w in _patterns()[1].finditer(run)
            ]
        if block_index < len(blocked) and blocked[block_index][0] < end:
            words = [w for w in words if not _overlaps(w, blocked, block_index)]
            if not words:
                return []
        if len(words) > 1 or words[0][2] in _ABBREVIATIONS:
            words = _attach_periods(text, words)
        shouted = _shouted(words)
        out: list[_Candidate] = []
        for piece in _split_run(words):
            first = at_start and piece[0][0] == words[0][0]
            labelled = self._classify(text, piece, first or headline)
            if shouted:
                # Unknown words in "NADIM LADKI RETURNS" wait for a mention in lower case;
                # "WHO IS THE FRONT-RUNNER?" asks a question, it names no agency.
                labelled = [
                    c for c in labelled if not (c.label == "ORG" and gz.is_common_word(c.text))
                ]
                for c in labelled:
                    if not c.sure:
                        c.uncertain = True
            if (
                headline
                and len(piece) > 1
                and not all(c.sure for c in labelled)
                and any(gz.is_common_word(w[2]) for w in piece)
            ):
                # Title case says little: keep only the words that are names on their own.
                labelled = [c for w in piece for c in self._classify(text, [w], True)]
            if headline:
                for c in labelled:
                    if not c.sure:
                        c.uncertain = True
            out.extend(labelled)
        return out

    def _classify(self, text: str, words: list[Word], at_start: bool) -> list[_Candidate]:
        """Trim sentence-start capitals and ordinary words, then label what is left."""
        places = gz.places()
        first = words[0][2]
        uncertain = False
        maybe_person = False
        if first.rstrip(".") in _HONORIFICS and 1 < len(words) <= 4:
            # "Mr Smith", "Dr. Jones": a person, the title left out of the span.
            rest = _strip_connectors(words[1:])
            key = " ".join(w[2] for w in rest)
            if rest and key not in gz.ORG_NAMES and key.lower() not in places:
                return [_candidate(text, rest, "PERSON", True)]
        if first in _ARTICLES and len(words) > 1:
            # Mid-sentence "The" or "A" is part of a name ("The Moscow Times", "A Beautiful Lie").
            if at_start and words[-1][2] not in _MEDIA_TAILS:
                words = words[1:]
        elif first in gz.NON_NAME_WORDS or first.rstrip(".") in gz.NON_NAME_WORDS:
            words = words[1:]
        elif at_start and _ordinary(first, places) and first not in gz.PERSON_TITLES:
            if len(words) > 2 and words[1][2] in _CONNECTOR_WORDS and not _is_head(first):
                words = words[2:]  # "Shares of Acme Inc.": the name starts after "of".
            elif len(words) == 1:
                uncertain = True
            elif not _still_a_name(words, places):
                texts = [w[2] for w in words]
                if len(words) <= 3 and first in gz.popular_given_names() and _is_person(texts):
                    # "Tony Blair is ...": a person if the text bears it out (see _make_consistent).
                    maybe_person = True
                else:
                    words = words[1:]
        words = _strip_connectors(words)
        if not words:
            return []
        if len(words) == 1:
            w = words[0][2]
            if w in gz.NON_NAME_WORDS:
                return []
            if _is_caps(w) and _ordinary(w, places):
                # "BLAIR" in capitals: a name only if the document names it otherwise.
                return [_Candidate(words[0][0], words[0][1], w, None, False, True)]
        if maybe_person:
            return [_Candidate(words[0][0], words[-1][1], text[words[0][0] : words[-1][1]],
                               "PERSON", False, True)]  # fmt: skip
        out = self._label(text, words)
        if uncertain:
            for c in out:
                c.uncertain = True
                c.sure = False
        return out

    # -- labelling ------------------------------------------------------------------

    def _label(self, text: str, words: list[Word]) -> list[_Candidate]:
        """Type a trimmed run: name lists, then cue words, titles and name shapes."""
        places = gz.places()
        norp = gz.norp_names()
        texts = [w[2] for w in words]
        key = " ".join(texts)
        lower = key.lower() if key.isascii() else fold_key(key)  # "São Paulo"
        if key in gz.ORG_NAMES:
            return [_candidate(text, words, "ORG", True)]
        if lower in places:
            return [_candidate(text, words, places[lower], True)]
        if key in norp:
            return [_candidate(text, words, "NORP", True)]
        if key in gz.HOLIDAYS:
            return [_candidate(text, words, "EVENT", True)]
        if len(words) == 1:
            return self._label_word(text, words)
        if _TITLE_WORDS.issuperset(texts):
            return []  # "Special Agent", "Acting Assistant Attorney General": a role, no name
        last = texts[-2] if texts[-1] in _ROMAN and len(texts) > 2 else texts[-1]
        head = texts[0]
        if texts[-3:] == ["Hall", "of", "Fame"] or texts[-2:] == ["School", "District"]:
            # "Baseball Hall of Fame", "Unified School District": bodies, not a building or place
            return [_candidate(text, words, "ORG", True)]
        of = _of_index(texts)
        if of > 0 and "&" not in texts:
            # "Second Battle of Bull Run", "Army of the Potomac": the word before "of" decides.
            before = texts[of - 1]
            if before in gz.LAW_TAIL_WORDS:
                return [_candidate(text, words, "LAW", True)]  # "Treaty of Versailles"
            for heads, label in _HEAD_LABELS:
                if before in heads:
                    return [_candidate(text, words, label, True)]
            if _is_person(texts[:of]):
                # "Jane Roe of the New York Times": a person, then where she works.
                left, right = words[:of], _strip_connectors(words[of + 1 :])
                return [_candidate(text, left, "PERSON", True), *self._label(text, right)]
        if of > 0 and (head in gz.PERSON_TITLES or head in _TITLE_MODIFIERS):
            # "Acting Assistant Attorney General John Cronan of the Criminal Division": the
            # title goes, then the person (known by a given name) and where they serve.
            titled = self._split_title(text, words)
            if titled and any(
                c.label == "PERSON" and c.text.split()[0] in gz.given_names() for c in titled
            ):
                return titled
        if last in gz.LAW_TAIL_WORDS:
            return [_candidate(text, words, "LAW", True)]
        if last in gz.AWARD_TAIL_WORDS:
            return [_candidate(text, words, "WORK_OF_ART", True)]
        if last in gz.EVENT_TAIL_WORDS:
            return [_candidate(text, words, "EVENT", True)]
        if all(t in norp for t in texts[1:]) and (head in norp or head in _DIRECTIONS):
            return [_candidate(text, words, "NORP", True)]  # "African American", "South Korean"
        if (texts[-2], last) in _FAC_PAIRS or last in gz.FAC_TAIL_WORDS:
            return self._with_place_prefix(text, words, "FAC")
        if last in gz.ORG_TAIL_WORDS:
            return [_candidate(text, words, "ORG", True)]  # "West Coast Football League"
        if head in _DIRECTIONS and len(words) > 1:
            remainder = " ".join(texts[1:]).lower()
            return [
                _candidate(
                    text, words, "GPE" if gz.places().get(remainder) == "GPE" else "LOC", True
                )
            ]
        if last in gz.LOC_TAIL_WORDS or head in gz.LOC_HEAD_WORDS:
            return self._with_place_prefix(text, words, "LOC")
        if last in gz.GPE_TAIL_WORDS:
            return [_candidate(text, words, "GPE", True)]
        if head in gz.ORG_FIRST_WORDS:
            return [_candidate(text, words, "ORG", True)]  # "Dinamo Zagreb", "El Pais"
        titled = self._split_title(text, words)
        if titled is not None:
            return titled
        for sep in ("of", "of the", "&"):
            if sep in texts:
                # "Putin of Iran", "Jenny Seaton & Gary Carvolth": two names, not one.
                i = texts.index(sep)
                left, right = _strip_connectors(words[:i]), _strip_connectors(words[i + 1 :])
                if sep == "&" and not (
                    _is_person([w[2] for w in left]) and _is_person([w[2] for w in right])
                ):
                    break
                if left and right:
                    if (
                        sep != "&"
                        and len(left) > 1
                        and left[-1][2] in gz.ORG_TAIL_WORDS
                        and not any(w[2] in _CONNECTOR_WORDS for w in left)
                        and gz.places().get(" ".join(w[2] for w in right).lower()) == "GPE"
                    ):
                        # "Liberal Party of Canada", "Supreme Court of India": one body.
                        return [_candidate(text, words, "ORG", True)]
                    return self._label(text, left) + self._label(text, right)
        if _is_person(texts):
            return [_candidate(text, words, "PERSON", True)]
        if len(texts) > 2 and gz.is_common_word(head) and _is_person(texts[1:]):
            # An unlisted role before a name: "Coroner William McLaughlin".
            return [_candidate(text, words[1:], "PERSON", True)]
        if head in norp or head.lower() in places:
            prefix = _candidate(
                text, words[:1], "NORP" if head in norp else places[head.lower()], True
            )
            rest = self._label(text, words[1:])
            if (
                head in norp
                and len(words) > 2
                and len(rest) == 1
                and rest[0].label == "ORG"
                and not rest[0].sure
            ):
                # "Brazilian Cycling Confederation": a people's adjective opens a body's name.
                return [_candidate(text, words, "ORG", False)]
            if head in norp or any(c.sure for c in rest):
                return [prefix, *rest]
            return [_candidate(text, words, "ORG", False)]
        known_inside = [
            w for w in words[1:] if w[2] in gz.ORG_NAMES or w[2].lower() in places or w[2] in norp
        ]
        common = sum(1 for t in texts if gz.is_common_word(t))
        if known_inside and common >= 2:
            # A title-case phrase ("Kremlin Welcomes Iran Ceasefire Deal"): word by word.
            return [c for w in words for c in self._classify(text, [w], True)]
        if common == 0 or _surname_last(texts):
            return [_candidate(text, words, "PERSON", False)]
        return [_candidate(text, words, "ORG", False)]

    def _label_word(self, text: str, words: list[Word]) -> list[_Candidate]:
        """Type a single unknown word: datelines and acronyms; others wait for the document."""
        word = words[0][2]
        if word in gz.PERSON_TITLES or word.rstrip(".") in _ABBREVIATIONS:
            return []
        if word in _TITLE_MODIFIERS:
            following = text[words[0][1] :].split(maxsplit=1)
            if following and following[0].rstrip(".,") in gz.PERSON_TITLES:
                return []  # "Trial" of "Trial Attorneys Mary Roe and Tom Poe": part of a role
        if (
            word.endswith(_DEMONYM_ENDINGS)
            and word[1:].islower()
            and word not in gz.given_names()
            and not gz.is_common_word(word)
        ):
            return [_candidate(text, words, "NORP", True)]  # "Ecuadorean", "Burundians"
        if "-" in word and all(part in gz.norp_names() for part in word.split("-")):
            return [_candidate(text, words, "NORP", True)]  # "the Danish-German border"
        if word.endswith(("ism", "ic")) and word[1:].islower() and len(word) > 4:
            # "Judaism"; "Slavic languages", "an Olympic medal": a creed or a people's adjective.
            if word.endswith("ism") and word[:-3].lower() not in gz.common_words():
                return [_candidate(text, words, "NORP", True)]
            after = text[words[0][1] : words[0][1] + 2]
            if word.endswith("ic") and after[:1] == " " and after[1:].islower():
                return [_candidate(text, words, "NORP", not gz.is_common_word(word))]
        if _is_caps(word) and _DATELINE.match(text, words[0][1]):
            start = words[0][0]
            if start == 0 or text[start - 1] == "\n":
                return [_candidate(text, words, "GPE", True)]  # "AL-AIN , United Arab Emirates"
        if _is_caps(word) and len(word) <= 6:
            return [_candidate(text, words, "ORG", False)]
        return [_candidate(text, words, None, False)]

    def _with_place_prefix(self, text: str, words: list[Word], label: str) -> list[_Candidate]:
        """Split "U.S. Al Udeid Air Base" into the country and the facility."""
        head = words[0][2]
        if len(words) > 2 and (head in gz.norp_names() or gz.places().get(head.lower()) == "GPE"):
            return [*self._label(text, words[:1]), _candidate(text, words[1:], label, True)]
        return [_candidate(text, words, label, True)]

    def _split_title(self, text: str, words: list[Word]) -> list[_Candidate] | None:
        """Split "Russian President Vladimir Putin" into NORP, (title), PERSON."""
        texts = [w[2] for w in words]
        if _CORE_TITLES.isdisjoint(texts[:-1]):
            return None
        core = max(i for i, t in enumerate(texts[:-1]) if t in _CORE_TITLES)
        begin = core
        while begin > 0 and (
            texts[begin - 1] in gz.PERSON_TITLES
            or texts[begin - 1] in _TITLE_MODIFIERS
            or texts[begin - 1] in _TITLE_PLACES
        ):
            begin -= 1
        while (
            begin < core and texts[begin] in _TITLE_PLACES and texts[begin] not in _TITLE_MODIFIERS
        ):
            begin += 1  # "U.S. Attorney Jane Roe": the country opens the title, it stays a place
        after = core + 1
        # "Secretary of State Marco Rubio": skip the rest of the title too.
        while after < len(texts) - 1 and (
            texts[after] in _CONNECTOR_WORDS or texts[after] in gz.PERSON_TITLES
        ):
            after += 1
        out: list[_Candidate] = []
        if begin > 0:
            out.extend(self._label(text, _strip_connectors(words[:begin])))
        name = _strip_connectors(words[after:])
        if name and all(w[2] in gz.PERSON_TITLES for w in name):
            name = []  # "Prosecutor General": a title, no name.
        cut = next((i for i, w in enumerate(name) if w[2] in ("of", "of the", "for")), -1)
        # "Special Agent John Smith of the FBI": the person, then where they serve.
        serves = _strip_connectors(name[cut:]) if cut > 0 else []
        if cut > 0:
            name = name[:cut]
        if name and name[-1][2] in gz.ORG_TAIL_WORDS:
            # "President of the Board of Trade": a role in a body, no person named.
            name, serves = _strip_connectors(words[after:]), []
            out.extend(self._label(text, name))
            name = []
        if name:
            key = " ".join(w[2] for w in name)
            if key in gz.ORG_NAMES or key.lower() in gz.places():
                out.extend(self._label(text, name))
            else:
                out.append(_candidate(text, name, "PERSON", True))
        if serves:
            out.extend(self._label(text, serves))
        return out

    # -- document consistency -------------------------------------------------------

    @staticmethod
    def _make_consistent(
        text: str, candidates: list[_Candidate], title: list[_Candidate]
    ) -> dict[str, str]:
        """Give later mentions the type (and full name) seen elsewhere; return surname -> name."""
        people: dict[str, str] = {}
        known: dict[str, str] = {}
        _confirm_people(text, candidates, title)
        for c in (*title, *candidates):
            label = c.label
            if label is None:
                continue
            name = c.text
            if label == "PERSON" and " " in name:
                people.setdefault(_doc_key(name.split()[-1]), name)
                known.setdefault(_doc_key(name), "PERSON")
            elif c.sure:
                known.setdefault(name.title() if len(name) > 3 and name.isupper() else name, label)
                if label == "ORG" and " " in name:
                    known.setdefault(_doc_key(without_legal_form(name)), "ORG")  # "Acme"
        # "Islamic Revolutionary Guard Corps (IRGC)": the acronym names the same thing.
        for c, nxt in itertools.pairwise(candidates if "(" in text else ()):
            if (
                c.sure
                and c.label is not None
                and text[c.end : nxt.start] in (" (", "(")
                and nxt.text.isupper()
                and text[nxt.end : nxt.end + 1] == ")"
            ):
                known[_doc_key(nxt.text)] = c.label
        people = {**gz.WELL_KNOWN_PEOPLE, **people}  # the document's own people come first
        countries = _countries()
        for c in candidates:
            name = c.text
            if c.label == "PERSON" and " " in name:
                continue
            if len(name) > 3 and name.isupper():
                name = name.title()  # _doc_key, inline: this loop sees every name
            if name in people and (not c.sure or name.lower() not in countries):
                c.label = "PERSON"
                c.sure = True
            elif not c.sure:
                label = known.get(name)
                if label is not None:
                    c.label = label
                elif c.uncertain:
                    c.label = None  # a capital that says nothing, and nothing else to go on
                elif c.label is None:
                    c.label = _guess_word(text, c)
        return people


def _confirm_people(text: str, candidates: list[_Candidate], title: list[_Candidate]) -> None:
    """Decide on names like "Tony Blair" opening a sentence, whose first word is also a word.

    Each is a person if a verb follows it ("Tony Blair is", "... said") or the document
    names it, or its last word, elsewhere; otherwise it is dropped.
    """
    maybe = [c for c in candidates if c.uncertain and c.label == "PERSON"]
    if not maybe:
        return
    named = {_doc_key(c.text) for c in (*title, *candidates) if not c.uncertain}
    for c in maybe:
        following = text[c.end : c.end + 16].split()[:1]
        cue = following[0].strip(",.;:") if following else ""
        surname = _doc_key(c.text.split()[-1])
        if (
            cue in gz.PERSON_VERBS
            or cue in _SUBJECT_CUES
            or surname in named
            or _doc_key(c.text) in named
            or surname in gz.WELL_KNOWN_PEOPLE
        ):
            c.sure, c.uncertain = True, False
        else:
            c.label = None


def _sports_label(text: str, start: int, end: int, scored: set[int]) -> str | None:
    """The type a results line, league table, scorer list or scorecard gives a run, if any.

    Most runs are followed by a space and a lower-case word: one character comparison
    rules them out.
    """
    after = text[end + 1 : end + 2] if text[end : end + 1] in (" ", "\t") else ""
    if start in scored:
        return _club_or_person(text[start:end])
    if after.isdigit():
        before = text[max(0, start - 3) : start].rstrip(" \t")
        if before[-1:] in ("(", ",") and _SCORER.match(text, end):
            return "ORG" if text[start:end].lower() in gz.places() else "PERSON"
        pair = _SCORE_PAIR.match(text, end)
        if pair is not None:
            scored.add(pair.end())
            return _club_or_person(text[start:end])
        if _TABLE_ROW.match(text, end):
            return _club_or_person(text[start:end])  # a league table, or a drivers' standings
    if (
        start >= 2
        and text[start - 1] == " "
        and text[start - 2] in "cb"
        and (start == 2 or text[start - 3] in " \t\n(")
    ):
        return "PERSON"  # a scorecard: "c Smith b Jones"
    return None


def _read_titles_in_quotes(text: str, candidates: list[_Candidate]) -> None:
    """A name of several words that fills a pair of quotes is the title of a work.

    “China Grove” is a song and “The Crown” a series, not a place and a body; one quoted
    word is more often a nickname or a coinage, so it is left alone.
    """
    for c in candidates:
        after = text[c.end : c.end + 2]
        if not (after[:1] in _QUOTES or (after[:1] == " " and after[1:2] in _QUOTES)):
            continue  # most names: no closing quote
        start = c.start
        if text.endswith(_ARTICLES_BEFORE, 0, start):
            # “The Crown”: the opening "The" was dropped as a sentence's first word.
            article = next(a for a in _ARTICLES_BEFORE if text.endswith(a, 0, start))
            if start > len(article):
                start -= len(article)
        if start == 0 or text[start - 1] not in _QUOTE_OR_SPACE or " " not in text[start : c.end]:
            continue
        before = text[start - 2 : start] if start >= 2 else text[:start]
        if after[1:2] == "s" or c.label == "PERSON":
            continue  # "Blue Origin’s": an apostrophe, not a closing quote
        if before[-1:] in _QUOTES or (before[-1:] == " " and before[:1] in _QUOTES):
            c.start, c.text = start, text[start : c.end]
            c.label, c.sure, c.uncertain = "WORK_OF_ART", True, False


def _read_offices(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "The U.S. Attorney's Office for the District of Columbia" is one organisation.

    The possessive breaks the run of capitals in two, and a role ("Attorney") on its own
    is no name: the whole office is put in their place.
    """
    offices: list[tuple[int, int]] = []
    at = text.find("Office")
    while at >= 0:
        # The pattern is slow to try at every position: only around each "Office".
        m = _OFFICE.search(text, max(0, at - 48), at + 100)
        while m is not None and m.end() <= at:  # an office just before this one
            m = _OFFICE.search(text, m.end(), at + 100)
        if m is not None and m.start() <= at < m.end():
            offices.append(m.span())
            at = text.find("Office", m.end())
        else:
            at = text.find("Office", at + 6)
    if not offices:
        return candidates
    kept: list[_Candidate] = []
    spans = iter(offices)
    office = next(spans, None)
    for c in candidates:  # both in text order: one pass
        while office is not None and office[1] <= c.start:
            kept.append(_Candidate(office[0], office[1], text[office[0] : office[1]], "ORG", True))
            office = next(spans, None)
        if office is None or c.end <= office[0]:
            kept.append(c)
    while office is not None:
        kept.append(_Candidate(office[0], office[1], text[office[0] : office[1]], "ORG", True))
        office = next(spans, None)
    return kept


def _read_numbers_in_names(text: str, candidates: list[_Candidate]) -> None:
    """Numbers that belong to a name: "BBC Radio 4", "Route 66", "the 38th Film Festival".

    A channel, station or road takes the number after it; an event the ordinal before it.
    """
    # Whether the text has a numbered name or an ordinal before a capital anywhere: an
    # event takes an ordinal only then. Looked up on the first event after an ordinal, as
    # few texts have one.
    ordinals: bool | None = None
    for i, c in enumerate(candidates):
        if c.text.endswith(_NUMBERED_ENDINGS) and text[c.end : c.end + 1] == " ":
            last = c.text.rsplit(" ", 1)[-1]
            label = _NUMBERED.get(last)
            if label is not None:
                m = _TRAILING_NUMBER.match(text, c.end)
                if m is not None:
                    c.end = m.end()
                    nxt = candidates[i + 1] if i + 1 < len(candidates) else None
                    if nxt is not None and nxt.start == c.end + 1 and text[c.end] == " ":
                        c.end = nxt.end  # "Channel 4 News"
                        nxt.label = None
                    c.text = text[c.start : c.end]
                    c.label, c.sure, c.uncertain = c.label or label, True, False
        if c.label == "EVENT" and c.start > 4 and text[c.start - 1] == " ":
            m = _ORDINAL_BEFORE.search(text, max(0, c.start - 8), c.start)
            if m is not None and ordinals is None:
                ordinals = (
                    _NUMBERED_WORD.search(text) is not None
                    or _ORDINAL_ANYWHERE.search(text) is not None
                )
            if m is not None and ordinals:
                c.start = m.start()
                c.text = text[c.start : c.end]


def _join_and(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "Department of Health and Human Services" is one organisation, not two.

    An organisation of several words that does not end like one ("U.S. Fish") and, after
    "and", a run that does ("Wildlife Service") are one name; so are a body "of" something
    and the everyday words after "and" ("Ministry of Agriculture and Fisheries"), and the
    two halves of a country's name ("Bosnia and Herzegovina").
    """
    out: list[_Candidate] = []
    for c in candidates:
        prev = out[-1] if out else None
        if prev is None or text[prev.end : c.start] != " and ":
            out.append(c)  # most names: not joined to the one before by "and"
            continue
        if (
            prev.label == "ORG"
            and " " in prev.text
            and c.label in ("ORG", None)
            and c.text.rsplit(" ", 1)[-1] in gz.ORG_TAIL_WORDS
            and prev.text.rsplit(" ", 1)[-1] not in gz.ORG_TAIL_WORDS
        ):
            out[-1] = _Candidate(prev.start, c.end, text[prev.start : c.end], "ORG", True)
            continue
        if (
            prev.label == "ORG"
            and prev.sure
            and " of " in prev.text
            and (c.label is None or not c.sure)
            and all(_ordinary(w, gz.places()) and not _in_title(w) for w in c.text.split())
        ):
            # "Department of Physics and Astronomy": the subjects of one body.
            out[-1] = _Candidate(prev.start, c.end, text[prev.start : c.end], "ORG", True)
            continue
        if gz.places().get(_place_key(text[prev.start : c.end])) == "GPE":
            # "Bosnia and Herzegovina", "Trinidad and Tobago": one country.
            out[-1] = _Candidate(prev.start, c.end, text[prev.start : c.end], "GPE", True)
            continue
        out.append(c)
    return out


def _read_cue_words(text: str, candidates: list[_Candidate]) -> None:
    """Type a name nothing else vouches for by the lower-case word beside it.

    "the carmaker Nissan" and "rock band Radiohead" are organisations, "the album Kid A"
    a work, "the village of Oberkirch" and "the Donetsk region" places. Being sure, the
    type then holds for the name's other mentions in the document.
    """
    for c in candidates:
        if c.sure and not c.uncertain:
            continue
        start, end = c.start, c.end
        label: str | None = None
        at = start  # where the name opens, before any quote: the song "Yesterday"
        if text[at - 1 : at] in _QUOTES:
            at -= 1
        elif text[at - 2 : at - 1] in _QUOTES and text[at - 1 : at] == " " and at > 2:
            at -= 2
        if at > 1 and text[at - 1] == " ":
            # Most names follow no cue word: look at the word before before anything else.
            cut = at - 1
            if text[cut - 1] == ",":
                cut -= 2 if text[cut - 2 : cut - 1] == " " else 1  # "band, Eels", "band , Eels"
            low = cut - 16 if cut > 16 else 0
            space = text.rfind(" ", low, cut)
            if (space >= 0 or low == 0) and text[space + 1 : cut] in _WORDS_BEFORE:
                label = _label_by_word_before(text, c, text[max(0, at - 28) : at])
        after = text[end : end + 1]
        if label is None and after == " ":
            following = text[end + 1 : end + 16].split(None, 1)
            word_after = following[0].rstrip(".,;:") if following else ""
            if word_after in gz.REGION_WORDS:
                label = "GPE"  # "the Donetsk region"
            elif word_after in _PEOPLE_WORDS and " " not in c.text:
                label = "NORP"  # "the Rohingya people", "the Tigrinya language"
            elif word_after in ("is", "was", "are", "were"):
                label = _described_as(text, end)
        elif label is None and after == ",":
            label = _described_as(text, end)
        if label is None or (c.label == "PERSON" and c.sure):
            continue
        if c.uncertain and at == start and all(gz.is_common_word(w) for w in c.text.split()):
            continue  # "Here is a town ...": a sentence's first word, not a name
        c.label, c.sure, c.uncertain = label, True, False


def _described_as(text: str, end: int) -> str | None:
    """The type a description right after a name gives it ("X, a town near ...")."""
    m = _DESCRIBED.match(text, end)
    if m is None:
        return None
    article, modifiers, noun = m.groups()
    for word in modifiers.split():
        if (
            word in gz.ORG_CUE_WORDS
            or word in gz.PERSON_CUE_WORDS
            or word in gz.PLACE_CUE_WORDS
            or (word.endswith("ed") and "-" not in word)
        ):
            return None  # "X, the company created a speaker": a clause, not a description
    if noun in gz.PLACE_CUE_WORDS and article != "the":
        # "the EPA, the state of Ohio": a list, the description is of the next item.
        return "GPE"  # "Kramatorsk, a city in the east", "Boultham is a village"
    if noun in gz.ORG_CUE_WORDS:
        return "ORG"  # "Caloi is a Brazilian bicycle maker"
    if noun in gz.PERSON_CUE_WORDS and noun not in _ROLES_OF_FIRMS:
        return "PERSON"  # "Kowalczyk, a spokesman for the ministry"
    return None


def _label_by_word_before(text: str, c: _Candidate, before: str) -> str | None:
    """The type the lower-case word before a name gives it ("the carmaker", "village of")."""
    previous = before.rstrip(", ").rsplit(None, 1)[-1:]
    word = previous[0] if previous else ""
    if word in gz.ORG_CUE_WORDS or word in gz.WORK_CUE_WORDS:
        if c.text.endswith("s") and _is_caps(c.text[:-1]):
            return None  # "movie DVDs": things of a kind, not a title
        following = text[c.end : c.end + 20].split(None, 1)[:1]
        after = following[0] if following else ""
        if after in gz.PERSON_VERBS or after in _OWNER_VERBS:
            return None  # "the company Smith founded": the word is about someone else
        return "ORG" if word in gz.ORG_CUE_WORDS else "WORK_OF_ART"
    if word == "of" and before.endswith(" of "):
        ahead = before[:-4].rsplit(None, 1)[-1:]
        if ahead and ahead[0] in gz.PLACE_CUE_WORDS:
            return "GPE"  # "the village of Oberkirch"
    if word in ("of", "and", ",") and c.label is None and _PLACES_OF.search(before):
        return "GPE"  # "the villages of Lougou and Tougana"
    return None


def _read_lists(text: str, candidates: list[_Candidate]) -> None:
    """An unknown word listed with names of one type is one too: "Tohpati, Ridho and Abdee".

    Only a lone word nothing else typed, not an everyday word and not one opening a
    sentence, takes the type of its neighbour in the list. A comma alone makes no list
    ("In Syria, Mohamud trained"): the list must go on past it or end in "and".
    """

    def join(i: int, j: int) -> str | None:
        if not (0 <= i < len(candidates) and 0 <= j < len(candidates)):
            return None
        left, right = candidates[min(i, j)], candidates[max(i, j)]
        between = text[left.end : right.start]
        return between if between in _LIST_JOINS else None

    unknown = [
        i
        for i, c in enumerate(candidates)
        if c.label is None and not c.uncertain and " " not in c.text and len(c.text) > 2
    ]
    for i in itertools.chain(unknown, reversed(unknown)):  # both ways: "A, B and Carol Smith"
        c = candidates[i]
        if c.label is not None:
            continue
        if "." in c.text or c.text[1:2] == "-" or c.text in gz.PERSON_TITLES:
            continue  # "M.D.", "D-Minn": degrees and a lawmaker's party and state
        if gz.is_common_word(c.text):
            continue  # "Disney, Marvel and Hulu" but not "Complete" or "Head"
        for step in (-1, 1):
            j = i + step
            between = join(i, j)
            if between is None or candidates[j].label not in _LISTED_LABELS:
                continue
            if between in (", ", " , ") and not (join(i, i - step) or join(j, j + step)):
                continue
            c.label = candidates[j].label
            break


_LISTED_LABELS = frozenset({"PERSON", "ORG", "GPE"})
_LIST_JOINS = frozenset({", ", " and ", ", and ", " or ", ", or ", " , ", " & "})


def _club_or_person(name: str) -> str:
    """A name in a results line or table: a club, unless it is plainly a person's name."""
    return "PERSON" if " " in name and _is_person(name.split()) else "ORG"


def _read_sports(text: str, candidates: list[_Candidate]) -> None:
    """Clubs named after cities: "Sevilla beat Valencia 2-1" names two clubs, not two places.

    A name that beats, draws with, hosts or plays another, or that a player signs for, is
    an organisation, and so is every other mention of it in the document (one sense per
    document) except after "in" or "near". Countries stay places (national teams), and so
    do people named as such.
    """
    clubs: set[str] = set()
    countries = _countries()

    def club_like(c: _Candidate) -> bool:
        return (c.label in ("GPE", "LOC", "ORG", None) or not c.sure) and (
            c.text.lower() not in countries
        )

    verbs = _CLUB_VERBS.match
    last = len(candidates) - 1
    for i, c in enumerate(candidates):
        verb = verbs(text, c.end)
        if verb is not None and i < last and club_like(c):
            nxt = candidates[i + 1]
            if verb.end() == nxt.start and club_like(nxt):
                # A city on either side ("Boeing faces Washington" needs a score to be sport).
                placed = verb.group("weak") is None and "GPE" in (c.label, nxt.label)
                if placed or _SCORE_AFTER.match(text, nxt.end):
                    clubs.update((_doc_key(c.text), _doc_key(nxt.text)))
        if (
            text[c.start - 2 : c.start] in _TRANSFER_ENDS
            and c.start >= 9
            and text.endswith(_TRANSFER_VERBS, c.start - 16 if c.start > 16 else 0, c.start)
            and club_like(c)
        ):
            clubs.add(_doc_key(c.text))
    if not clubs:
        return
    for c in candidates:
        if _doc_key(c.text) in clubs and club_like(c):
            preceding = text[max(0, c.start - 8) : c.start].split()
            if preceding and preceding[-1] in ("in", "near", "outside"):
                continue
            c.label, c.sure, c.uncertain = "ORG", True, False


def _candidate(text: str, words: list[Word], label: str | None, sure: bool) -> _Candidate:
    start, end = words[0][0], words[-1][1]
    return _Candidate(start, end, text[start:end], label, sure)


def _place_key(name: str) -> str:
    """How a name is looked up in the place table, which is keyed by folded names ("São Paulo")."""
    return name.lower() if name.isascii() else fold_key(name)


def _doc_key(text: str) -> str:
    """How a name is looked up within one document: ALL-CAPS words in title case."""
    return text.title() if text.isupper() and len(text) > 3 else text


def _in_title(word: str) -> bool:
    """Whether a word can be part of a role before a name ("Assistant", "U.S.", "of")."""
    return word in _TITLE_WORDS


_TITLE_WORDS = gz.PERSON_TITLES | _TITLE_MODIFIERS | _CONNECTOR_WORDS
# Titles that name a role on their own ("President", not "Foreign").
_CORE_TITLES = gz.PERSON_TITLES - _TITLE_MODIFIERS


def _is_head(word: str) -> bool:
    return any(word in heads for heads, _ in _HEAD_LABELS)


def _of_index(texts: list[str]) -> int:
    if "of" not in texts and "of the" not in texts:
        return -1
    for i, t in enumerate(texts):
        if t == "of" or t == "of the":
            return i
    return -1


def _overlaps(word: Word, blocked: list[tuple[int, int]], index: int) -> bool:
    start, end, _ = word
    for i in range(index, len(blocked)):
        b_start, b_end = blocked[i]
        if b_start >= end:
            return False
        if start < b_end:
            return True
    return False


def _attach_periods(text: str, words: list[Word]) -> list[Word]:
    """Give "Mr" and "Inc" back the period the word pattern leaves out."""
    return [
        (s, e + 1, w + ".") if w in _ABBREVIATIONS and text[e : e + 1] == "." else (s, e, w)
        for s, e, w in words
    ]


def _sentence_start(text: str, start: int) -> bool:
    """Whether a capital at `start` may only mark the start of a sentence or line."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return True
    if text[i] in _SENTENCE_PUNCTUATION:
        # "the U.S. Senate": a period closing an abbreviation does not end a sentence.
        return not (text[i] == "." and i >= 2 and text[i - 2] == "." and text[i - 1].isupper())
    return False


def _split_run(words: list[Word]) -> list[list[Word]]:
    """Trim connectors off a run; break an ALL-CAPS stretch into single words."""
    words = _strip_connectors(words)
    if not words:
        return []
    if _shouted(words):
        return [[w] for w in words if w[2] not in _CONNECTOR_WORDS]
    return [words]


def _split_words(run: str, start: int) -> list[Word] | None:
    """The words of a plain run ("Tony Blair"), or None when the word pattern must split it.

    A run of capitalised words split by single spaces, with no connector, hyphen or
    particle, splits at its spaces: much faster than the pattern, and the same words.
    """
    if "-" in run or "  " in run or "\t" in run or "\u00a0" in run or "&" in run:
        return None
    words: list[Word] = []
    at = start
    for part in run.split(" "):
        if not part[:1].isupper():
            return None  # "Strait of Hormuz", "Abu Dhabi al-..."
        words.append((at, at + len(part), part))
        at += len(part) + 1
    return words


def _shouted(words: list[Word]) -> bool:
    """Whether most of a run is ALL CAPS, so its capitals say nothing."""
    if len(words) < 2:
        return False
    shouted = 0
    for _, _, word in words:
        if len(word) > 1 and word.isupper() and "." not in word:
            shouted += 1
    return shouted >= 2 and shouted * 2 >= len(words)


def _ordinary(word: str, places: dict[str, str]) -> bool:
    """An everyday English word that is not also a well-known name."""
    return (
        word not in gz.norp_names()
        and word not in gz.ORG_NAMES
        and (word.lower() if word.isascii() else fold_key(word)) not in places  # _place_key
        and gz.is_common_word(word)
    )


def _still_a_name(words: list[Word], places: dict[str, str]) -> bool:
    """Whether a sentence-initial run like "Will Smith" keeps its first word."""
    key = " ".join(w[2] for w in words)
    if key in gz.ORG_NAMES or _place_key(key) in places:
        return True
    last = words[-1][2]
    if last in gz.ORG_TAIL_WORDS or last in gz.LOC_TAIL_WORDS or last in gz.FAC_TAIL_WORDS:
        return True
    if words[0][2] in gz.ORG_FIRST_WORDS:
        return True
    if words[0][2] in _DIRECTIONS and len(words) == 2 and not gz.is_common_word(last):
        return True  # "South Bridgton", "North Waziristan"
    return words[0][2] in gz.given_names() and len(words) <= 3 and not gz.is_common_word(last)


def _is_person(texts: list[str]) -> bool:
    """A given name followed by one to three more name words."""
    if not 2 <= len(texts) <= 5:
        return False
    first, last = texts[0], texts[-1]
    if first not in gz.given_names() or last in gz.norp_names() or last in gz.ORG_TAIL_WORDS:
        return False
    if last.lower() in _countries():
        return False  # "Will Britain ...?"
    strict = first.lower() in _countries() or (
        first not in gz.popular_given_names()
        and (gz.is_common_word(first) or first.lower() in gz.places())
    )
    if not strict:
        return True
    # "Israel Katz" is a person, "Israel Iran" is not; "Coroner William McLaughlin" is
    # a role and a person.
    if texts[1] in gz.given_names() and len(texts) > 2:
        return False
    return not gz.is_common_word(last) and last.lower() not in gz.places()


def _surname_last(texts: list[str]) -> bool:
    """Whether an unknown run of two or three words reads as a person: "Geoff Smith".

    Its last word is a common surname and no word before it is an everyday English word
    or an acronym ("FBI Boston"). A surname that is also a word or a place ("Steel",
    "Hill", "Jordan") needs a given name before it ("Robert Jordan", not "Essar Steel").
    """
    if not 2 <= len(texts) <= 3 or texts[-1] not in gz.surnames():
        return False
    names = gz.given_names()
    if any(_is_caps(t) or (gz.is_common_word(t) and t not in names) for t in texts[:-1]):
        return False
    last, first = texts[-1], texts[0]
    if gz.is_common_word(last) or last.lower() in gz.places():
        return first in gz.popular_given_names() or (
            first in names and not gz.is_common_word(first)
        )
    return True


def _guess_word(text: str, c: _Candidate) -> str | None:
    """A lone capitalised word with no other evidence: judge it by its neighbours."""
    word = c.text
    before = text[max(0, c.start - 24) : c.start].rsplit(None, 1)
    previous = before[-1] if before else ""
    rest = text[c.end : c.end + 32]
    possessive = rest.lstrip()[:2] in ("'s", "’s")
    if possessive:
        rest = rest.lstrip()[2:]
    after = rest.split(None, 1)
    following = after[0].strip(",.;:") if after else ""
    if previous.rstrip(".") in _HONORIFICS:
        return "PERSON"
    if previous in gz.PERSON_CUE_WORDS or (following in gz.PERSON_VERBS and not possessive):
        return "PERSON"
    if possessive and following in gz.PERSON_CUE_WORDS and following != "by":
        return "PERSON"  # "Clinton's spokesman"
    if previous in _PLACE_CUES or word.endswith(_PLACE_SUFFIXES):
        return "GPE"
    if word in gz.popular_given_names():
        return "PERSON"
    if previous in ("the", "The") and not gz.is_common_word(word):
        return "ORG"  # "the Bundesbank", "the Nikkei"
    if (
        previous == "the"
        and word.endswith("s")
        and word[1:].islower()
        and len(word) > 3
        and not _generic_plural(word)
    ):
        return "ORG"  # a team or a band by its plural: "the Falcons", "the Greens"
    return None


def _generic_plural(word: str) -> bool:
    """Whether a capitalised plural names a kind of thing ("the Courts", "the Games").

    Such words are name words, roles or parties to a case; a plural that is none of
    these after "the" names a team or a band ("the Falcons").
    """
    singular = word[:-1]
    return (
        word in gz.EVENT_TAIL_WORDS
        or word in gz.LOC_TAIL_WORDS
        or any(
            w in words
            for w in (word, singular)
            for words in (
                gz.ORG_TAIL_WORDS,
                gz.PERSON_TITLES,
                gz.GPE_TAIL_WORDS,
                gz.FAC_TAIL_WORDS,
                gz.ORG_HEAD_WORDS,
                _PARTIES,
            )
        )
    )


def _countries() -> frozenset[str]:
    """Lower-cased names of countries, which a surname never overrides."""
    return gz.countries()
