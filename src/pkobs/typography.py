"""Checks that French text reads as a person wrote it (French typography and wording).

Used by the tests over every French page and the text of French bulletins, and usable on any
text (``pkobs`` catalogues, templates). Each rule names what is wrong and quotes the place:

- a narrow no-break space (U+202F) before ``; : ! ?`` and inside « » (not a plain space, not
  nothing);
- "1er" for the first day of a month ("1er juillet", not "1 juillet");
- « de » elided before a month that starts with a vowel (« d’avril », « d’août », « d’octobre »,
  not « de avril »);
- "membres du personnel", never "personnels" as a count;
- "a cessé de contribuer", not "s’est retiré" (which reads as leaving the OIF);
- the typographic apostrophe (’), not the typewriter one (');
- no option names (``--from``) or column ids (``group_personnel``) in what a reader sees.

``english_words`` finds English left on a French page (an untranslated note, unit or category
value) and ``french_words`` French left on an English page; ``reader_problems`` applies the two
rules that hold in both languages (no option names, no column ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

NARROW = "\u202f"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
VOWEL_MONTHS = "avril|août|octobre"  # « d’avril », never « de avril »
# What a rule may not confuse with prose: links, times, ratios, file names and codes.
URL = re.compile(r"(?:https?|ftp|mailto)://\S+|\b[\w.-]+@[\w.-]+\b|\bwww\.\S+")
HOST = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b")  # a link's visible host: en.people.cn
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("space before a high mark must be U+202F", re.compile(r"[^\S\u202f]+[;:!?]")),
    ("no space before a high mark (U+202F needed)", re.compile(r"[\w»)\]%][;!?](?=\s|$)")),
    ("no space before a colon (U+202F needed)", re.compile(r"(?<!\d)[\w»)\]%]:(?=\s|$)")),
    ("« must be followed by U+202F", re.compile(r"«(?!\u202f)")),
    ("» must be preceded by U+202F", re.compile(r"(?<!\u202f)»")),
    ("the first day of a month is « 1er »", re.compile(rf"\b1 (?:{MONTHS})\b")),
    (
        "« d’ » before avril, août, octobre (not « de »)",
        re.compile(rf"\b[Dd]e\s+(?:{VOWEL_MONTHS})\b"),
    ),
    ("« personnels » as a count: write « membres du personnel »", re.compile(r"\bpersonnels\b")),
    ("« s’est retiré » reads as leaving the OIF", re.compile(r"s['’]est retirée?s?\b")),
    ("a typographic apostrophe ’ (not ')", re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")),
    ("an option name in reader-facing text", re.compile(r"(?<![\w/-])--[a-z][a-z-]+\b")),
    ("a column id in reader-facing text", re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")),
)


# Words that never occur in French prose (an untranslated note, unit or category value).
ENGLISH = re.compile(
    r"\b(?:the|and|of|with|for|from|per|between|which|this|that|these|by|is|are|was|were|not|"
    r"to|in|has|have|been|will|should|must|into|than|its|their|where|when|within|without|"
    r"troops|members?|observers|associates?|suspended|women|staff|officers|unknown|yes|none|"
    r"months?|years?|yearly|targets?|shares?|change|rise|fall|fell|data|nobody|since|until|"
    r"after|before|people|countr(?:y|ies)|sent|stopped|started)\b",
    re.IGNORECASE,
)
# Words that never occur in English prose, and the French proper names an English text keeps.
FRENCH = re.compile(
    r"\b(?:le|la|les|des|et|est|une|aux|au|pour|dans|sur|avec|mois|depuis|cible|années?|"
    r"données|aucune?|entre|pays|hausse|baisse|sont|été|être|membres|personnel en tenue|"
    r"contributeurs?|envoyé|personne)\b",
    re.IGNORECASE,
)
FRENCH_NAMES = re.compile(r"Organisation internationale de la Francophonie|\bLa Francophonie\b")
READER_RULES = RULES[-2:]  # no option names, no column ids: true in both languages


@dataclass(frozen=True)
class TypographyProblem:
    rule: str
    excerpt: str  # the offending place, with a few characters around it
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.rule}: …{self.excerpt}…"


def french_problems(text: str, where: str = "") -> list[TypographyProblem]:
    """Every place of ``text`` (French prose, already extracted) that breaks a rule."""
    cleaned = URL.sub(" ", text)
    problems: list[TypographyProblem] = []
    for rule, pattern in RULES:
        for match in pattern.finditer(cleaned):
            start, end = max(0, match.start() - 25), min(len(cleaned), match.end() + 25)
            excerpt = cleaned[start:end].replace("\n", " ")
            problems.append(TypographyProblem(rule, excerpt, where))
    return problems


def _found(
    rule: str, pattern: re.Pattern[str], text: str, where: str, words: bool = False
) -> list[TypographyProblem]:
    problems = []
    for match in pattern.finditer(text):
        if words and match.group().isupper():
            continue  # a code (PER is Peru, AND Andorra, EST Estonia), not a word
        start, end = max(0, match.start() - 25), min(len(text), match.end() + 25)
        problems.append(TypographyProblem(rule, text[start:end].replace("\n", " "), where))
    return problems


def english_words(text: str, where: str = "") -> list[TypographyProblem]:
    """Every English word left in French text (``the``, ``troops``, ``yearly``...)."""
    return _found(
        "English on a French page", ENGLISH, HOST.sub(" ", URL.sub(" ", text)), where, True
    )


def french_words(text: str, where: str = "") -> list[TypographyProblem]:
    """Every French word left in English text, French proper names (``Organisation
    internationale de la Francophonie``) apart."""
    cleaned = FRENCH_NAMES.sub(" ", HOST.sub(" ", URL.sub(" ", text)))
    return _found("French on an English page", FRENCH, cleaned, where, True)


def reader_problems(text: str, where: str = "") -> list[TypographyProblem]:
    """Option names and column ids in reader-facing text, in either language."""
    cleaned = URL.sub(" ", text)
    return [
        problem
        for rule, pattern in READER_RULES
        for problem in _found(rule, pattern, cleaned, where)
    ]


SKIP = frozenset({"script", "style", "code", "pre", "svg", "template", "kbd", "samp"})
RAW_TEXT = frozenset({"script", "style"})  # their content is text up to their end tag
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in RAW_TEXT}
LABELS = frozenset({"aria-label", "title", "alt", "placeholder"})
OPENS_BLOCK = frozenset(
    {"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "option"}
)
CLOSES_BLOCK = frozenset(
    {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "option", "a"}
)
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"  # a start or end tag
    r"|<[!?][^>]*>",  # a declaration (doctype) or a processing instruction
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def visible_text(html: str) -> str:
    """The visible text of an HTML page, one block per line: no scripts, styles, code, or
    attribute values except labels (``title``, ``alt``, ``aria-label``, ``placeholder``).

    A single scan of the markup (pkobs's own pages and bulletins, well formed): it reads what
    :class:`html.parser.HTMLParser` reads, at a fraction of its cost (a 300 kB page: 110 ->
    about 15 ms), checked against it on every page in ``tests/test_typography.py``.
    """
    parts: list[str] = []
    skipping = 0
    position = 0
    length = len(html)
    while position < length:
        match = _MARKUP.search(html, position)
        end = match.start() if match else length
        if end > position and not skipping:
            parts.append(unescape(html[position:end]))
        if match is None:
            break
        position = match.end()
        closing, name, attributes = match.group(1, 2, 3)
        if name is None:  # a comment or a declaration
            continue
        tag = name.lower()
        self_closing = not closing and attributes.rstrip().endswith("/")  # <x/> opens and closes
        if not closing:
            if tag in SKIP:
                skipping += 1
            for attribute, value in _ATTRIBUTE.findall(attributes):
                if attribute.lower() in LABELS and value:
                    text = unescape(value[1:-1] if value[0] in "\"'" else value)
                    if text:
                        parts.append("\n" + text + "\n")
            if tag in OPENS_BLOCK:
                parts.append("\n")
            if tag in RAW_TEXT and not self_closing:  # the content is never text
                close = _RAW_TEXT_END[tag].search(html, position)
                position = close.start() if close else length
        if closing or self_closing:
            if tag in SKIP and skipping:
                skipping -= 1
            if tag in CLOSES_BLOCK:
                parts.append("\n")
    return "".join(parts)


__all__ = [
    "TypographyProblem",
    "english_words",
    "french_problems",
    "french_words",
    "reader_problems",
    "visible_text",
]
