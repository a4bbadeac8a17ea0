"""Finding the publisher's appeal at the end of an article (donations, subscriptions...).

Detection uses general cues, not any one publisher's wording: a lead-in such as "A message
from ...", "Dear readers" or "Support our journalism" near the end, followed by paragraphs
that ask for money, subscriptions or sign-ups, or a closing run of such paragraphs.
"""

from __future__ import annotations

import re

_LEAD_IN = re.compile(
    r"^(?:an?\s+)?(?:(?:message|note|letter|word)\s+from\b|dear\s+(?:reader|subscriber|friend|"
    r"supporter)s?\b|before\s+you\s+go\b|(?:please\s+)?(?:support|subscribe|donate)\b|"
    r"(?:sign\s+up|join)\b.{0,40}\bnewsletter|(?:become|be)\s+an?\s+(?:member|subscriber|"
    r"supporter)\b|we\s+need\s+your\s+(?:help|support)\b|this\s+(?:article|story|content)\s+is\s+"
    r"(?:free|brought|made possible)|thank\s+you\s+for\s+(?:reading|your\s+support))",
    re.IGNORECASE,
)
_APPEAL = re.compile(
    r"\b(?:donat(?:e|ion|ions|ing)|subscri(?:be|ber|bers|ption|ptions)|support\s+(?:us|our|"
    r"independent|quality|the)|your\s+(?:support|help|contribution|donation)|contribution|"
    r"newsletter|sign\s+up|remind\s+me\s+later|independent\s+journalism|paywall|"
    r"(?:monthly|annual|one-time)\s+(?:gift|payment|donation)|become\s+a\s+(?:member|patron)|"
    r"make\s+a\s+(?:gift|contribution)|(?:thank\s+you|thanks)\s+for\s+(?:reading|your\s+support|"
    r"standing)|all\s+rights\s+reserved|unsubscribe|follow\s+us\s+on|click\s+here|read\s+more\s+"
    r"stories|we\s+need\s+your\s+help|please\s+(?:consider|support|help))",
    re.IGNORECASE,
)
_UI_LINE = re.compile(
    r"^(?:remind\s+me\s+later|not\s+now|no,?\s+thanks|maybe\s+later|close|dismiss|"
    r"continue\s+reading|share\s+this(?:\s+article)?|advertisement)\W*$",
    re.IGNORECASE,
)

_TAIL_PARAGRAPHS = 15


def _is_appeal(paragraph: str) -> bool:
    return bool(_APPEAL.search(paragraph) or _UI_LINE.match(paragraph.strip()))


def boilerplate_start(paragraphs: list[str]) -> int:
    """Index of the first boilerplate paragraph, or len(paragraphs) when there is none.

    At least one paragraph is always left as the article.
    """
    count = len(paragraphs)
    if count < 2:
        return count
    floor = max(1, count - _TAIL_PARAGRAPHS)
    start = count
    # A closing run of appeal paragraphs.
    index = count
    while index > floor and _is_appeal(paragraphs[index - 1]):
        index -= 1
    if count - index >= 2 or (index < count and _UI_LINE.match(paragraphs[-1].strip())):
        start = index
    # A lead-in near the end whose remainder is mostly appeals.
    for lead in range(floor, count):
        if not _LEAD_IN.match(paragraphs[lead].strip()):
            continue
        rest = paragraphs[lead:]
        appeals = sum(_is_appeal(p) for p in rest)
        if appeals >= 2 and appeals * 2 >= len(rest) - 1:
            start = min(start, lead)
            break
    return start
