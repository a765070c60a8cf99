"""The privacy gate: no name the pipeline knows may reach a reader-facing output.

Reader-facing outputs are everything a participant, a writer or a reader may be sent: chapters (Markdown, HTML,
Word), quote CSVs and the quote store, validation packs, the report, and the REFI-QDA export (its sources carry
every passage). The gate reads each as text (HTML and XML unescaped, with and without their tags; Word documents
paragraph by paragraph; SQLite tables row by row) and looks for:

- every full name the clean stage recorded for a person (clean/pseudonyms.json), as written and without its
  brackets and middle initials ("Dotty [Dorothy B.] Lee", "Dorothy Lee"): anywhere, in any context;
- every first or last name of those people, and every name someone was called alone ("Dottie"), where the finder's
  own rule for a lone name says it is one: not inside an organisation's or a place's name ("Johnson Space Center",
  "Lockheed Martin"), not a word the history writes in lower case opening a sentence;
- every surname the clean stage replaced alone throughout the history (clean/pseudonyms.json's `surnames_alone`:
  a witness's or questioner's speaker label, "Mr. CUNNINGHAM"), by the same rule.

Public figures the team lists in people.yaml are not looked for. A leak is a (file, name) pair.
"""

from __future__ import annotations

import html
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .finder import _INSIDE_A_PROPER_NAME, NameFinder, before_an_org_word, name_alternatives
from .mentions import learn_parts
from .registry import PSEUDONYM, name_key
from .titles import is_title

READER_FOLDERS = ("chapters", "quotes", "validation", "report", "export")
TEXT_SUFFIXES = (".md", ".html", ".csv", ".txt", ".json", ".qde", ".xml")
SKIP = ("manifest.json",)
TAG_COLUMNS = ("codes", "places")
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_RUN_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


@dataclass(frozen=True)
class Leak:
    file: str            # relative to the history's output folder ("chapters/T01.md", "export/x.qdpx:Sources/a.txt")
    name: str
    context: str


def _xml_texts(raw: str) -> list[str]:
    unescaped = html.unescape(raw)
    return [unescaped, html.unescape(_TAG.sub(" ", raw)), html.unescape(_TAG.sub("", raw))]


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        parts: list[str] = []
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8", errors="replace")
                parts.extend(html.unescape("".join(_RUN_TEXT.findall(p))) for p in _PARAGRAPH.findall(xml))
        return "\n".join(parts)


def _sqlite_texts(path: Path) -> Iterator[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE '%_fts_%'")]
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            columns = [c[0] for c in cursor.description]
            for row in cursor:
                # Tag lists (codes, places) are the tag stage's labels, not prose: places such as "Wright" stay.
                yield "\n".join(v for c, v in zip(columns, row, strict=True) if isinstance(v, str) and c not in TAG_COLUMNS)
    finally:
        connection.close()


def reader_texts(out_root: Path, folders: Iterable[str] = READER_FOLDERS) -> Iterator[tuple[str, str]]:
    """(file, text) for every reader-facing output of one history (zip members and database rows included)."""
    for folder in folders:
        base = Path(out_root) / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.name in SKIP:
                continue
            rel = path.relative_to(out_root).as_posix()
            if path.suffix == ".docx":
                yield rel, _docx_text(path.read_bytes())
            elif path.suffix in (".qdpx", ".zip"):
                with zipfile.ZipFile(path) as archive:
                    for member in sorted(archive.namelist()):
                        raw = archive.read(member).decode("utf-8", errors="replace")
                        for text in (_xml_texts(raw) if member.endswith((".qde", ".xml")) else [raw]):
                            yield f"{rel}:{member}", text
            elif path.suffix in (".sqlite", ".db"):
                for text in _sqlite_texts(path):
                    yield rel, text
            elif path.suffix in TEXT_SUFFIXES:
                raw = path.read_text(encoding="utf-8", errors="replace")
                for text in (_xml_texts(raw) if path.suffix in (".html", ".qde", ".xml") else [raw]):
                    yield rel, text


class KnownNames:
    """The names of one history's people (clean/pseudonyms.json), as the gate looks for them: full names anywhere,
    and the finder (taught every person's name parts, as the clean stage teaches it) over the text."""

    def __init__(self, people: dict, finder: NameFinder, surnames_alone: Iterable[str] = ()):
        self.finder = finder
        full: set[str] = set()
        entries = []
        for key, person in people.items():
            if not isinstance(person, dict) or person.get("public"):
                continue
            names = [str(n) for n in person.get("names", [])]
            if len(str(key).split("|")[0].split()) > 1:
                entries.append((names, False))
            for name in names:
                words = [w for w in re.sub(r"[\[\]“”\"()]", " ", name).split()]
                plain = [w for w in words if not re.fullmatch(r"[A-Z]\.", w)]
                if len(name_key(name).split()) > 1 and len(plain) > 1:
                    while plain and is_title(plain[0]):
                        plain = plain[1:]
                    if len(plain) > 1:
                        full.update({" ".join(words), " ".join(plain), f"{plain[0]} {plain[-1]}"})
        learn_parts(entries, finder)
        for person in people.values():     # people.yaml's one-word names ("Lorraine", "Margaret") are known names
            if isinstance(person, dict) and person.get("kind") == "configured" and not person.get("public") \
                    and len(name_key(str(person.get("names", [""])[0])).split()) <= 1 and not any(
                        len(name_key(n).split()) > 1 for n in person.get("names", [])):
                for name in person.get("names", []):
                    if len(name_key(name).split()) == 1 and len(name) > 2:
                        finder.add_known(name)
                        entries.append(([name], False))
        for surname in surnames_alone:
            finder.learn_part(surname)
            entries.append(([surname], False))
        self.full = sorted(n for n in full if len(n.split()) > 1)
        self.tokens = {t for names, _ in entries for n in names for t in name_key(n).split()}
        # a signature or a heading prints a full name in capitals ("FORREST V. SORRELS")
        self.full = sorted(set(self.full) | {n.upper() for n in self.full})
        self._full_re = self._pattern(self.full) if self.full else None
        # A file name or an id made of a name ("interviews/jane-smith.md" gives quotes the id "jane-smith/t0003"):
        # first and last name joined by "-", "_" or ".", in any case.
        slugs = sorted({(n.split()[0], n.split()[-1]) for n in self.full if n.split()[0].isalpha()})
        self._slug_re = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(
            re.escape(first) + r"[-_.]" + re.escape(last) for first, last in slugs) + r")(?![A-Za-z0-9])", re.I) if slugs else None

    @staticmethod
    def _pattern(names: list[str]) -> re.Pattern:
        return re.compile(r"(?<![\w'’])(?=[A-Z\[])(?:" + name_alternatives(names) + r")(?![\w])")

    def leaks(self, file: str, text: str) -> Iterator[Leak]:
        if self._slug_re is not None:
            for match in self._slug_re.finditer(text):
                yield Leak(file, match.group(), "a name written as a file name or an id (rename the file, or give "
                           "it an id): " + _context(text, match.start(), match.end()))
        text = text.replace("_", " ")       # Markdown or Gutenberg italics ("_Roger Craig_") end no word
        replaced = [m.span() for m in PSEUDONYM.finditer(text)]
        if self._full_re is not None:
            for match in self._full_re.finditer(text):
                if not (_INSIDE_A_PROPER_NAME.match(text, match.end())        # "the Dolly Madison House" stays
                        or before_an_org_word(text[match.end():match.end() + 60])):
                    yield Leak(file, match.group(), _context(text, match.start(), match.end()))
        for found in self.finder.find(text):
            if any(found.start >= s and found.end <= e for s, e in replaced) or _CUT_SHORT.match(text, found.end):
                continue                                                   # a pseudonym; a word cut short ("Phil…")
            if set(name_key(found.name).split()) & self.tokens:
                yield Leak(file, text[found.start:found.end], _context(text, found.start, found.end))


_CUT_SHORT = re.compile(r" ?…")
_LABEL = re.compile(r"^\[[^\[\]]{1,200}\] ")


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40):min(len(text), end + 40)].split())


def paragraphs(texts: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(file, paragraph): the same passage sits in the quote store, the export and the chapters, so work is done
    once per distinct paragraph."""
    for file, text in texts:
        for paragraph in text.split("\n"):
            label = _LABEL.match(paragraph)            # the export's "[role] " before each passage
            if label:
                yield file, label.group()
                paragraph = paragraph[label.end():]
            if paragraph.strip():
                yield file, paragraph


def scan(out_root: Path, known: KnownNames) -> list[Leak]:
    """Every known name in every reader-facing output, once per (file, name)."""
    seen: set[tuple[str, str]] = set()
    found: list[Leak] = []
    memo: dict[str, list[Leak]] = {}
    for file, paragraph in paragraphs(reader_texts(out_root)):
        if paragraph not in memo:
            memo[paragraph] = list(known.leaks("", paragraph))
        for leak in memo[paragraph]:
            key = (file.split(":")[0] if ".qdpx:" not in file else file, leak.name)
            if key not in seen:
                seen.add(key)
                found.append(Leak(file, leak.name, leak.context))
    return found
