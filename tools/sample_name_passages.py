#!/usr/bin/env python3
"""Draw windows of raw record text for hand-labelling person names, and check a label file.

Standard library only, deterministic for a given seed (no dependence on the hash seed). It reads the ingest
output (outputs/<history>/ingest/records.jsonl), never the cleaned text, so the labels stay blind to the cleaner.

    python3 tools/sample_name_passages.py draw --seed 4101 --oral-count 170 --tp-count 50 \
        --out corpus/_reference/name-labels/sample_dev.jsonl
    python3 tools/sample_name_passages.py draw --seed 4101 --oral-count 482 --tp-count 140 \
        --oral-from 170 --tp-from 50 --out corpus/_reference/name-labels/sample_dev_more.jsonl
    python3 tools/sample_name_passages.py check corpus/_reference/name-labels/name_labels_dev.jsonl

Windows: each record's text is cut into paragraphs on real blank lines or the literal backslash-n pairs of the
oral-history JSON; a paragraph of more than 150 words is cut into consecutive sentence-aligned windows of about
60-120 words; windows under 8 words are dropped. A window goes in the "cap" pool if it holds a capitalised word
that is not the first word of a sentence and is not I/I'm/I'd/I'll/I've, else in the "plain" pool.

Draw: for each history the two pools are shuffled once with random.Random(seed) (in a fixed order: oral-history
cap, plain, Total Place cap, plain); the i-th draw of a history takes the next "plain" window when i % 4 == 3
and the next "cap" window otherwise (3 cap : 1 plain). Because the shuffles do not depend on the counts, a larger
count gives the same first rows plus more: the draw order continues.
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path

# The held-out sets under corpus/_reference/: heldout-oral-histories, heldout-oral-histories-2 ... -9.
HELDOUT_SETS = ("", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16")
HISTORIES = {
    "public-service-oral-histories": ("interviewee_turn", "interviewer_question"),
    "total-place": ("update_paragraph",),
    # Interviews the project never tuned on (corpus/_reference/heldout-oral-histories), drawn only when asked for.
    **{f"heldout-oral-histories{'-' + n if n else ''}": ("interviewee_turn", "interviewer_question") for n in HELDOUT_SETS},
}
# The draw option of each held-out set: --heldout-count, --heldout2-count ... --heldout16-count.
HELDOUT_OPTIONS = {f"heldout{n}": f"heldout-oral-histories{'-' + n if n else ''}" for n in HELDOUT_SETS}
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n|\\n\\n")
LONG_PARAGRAPH_WORDS = 150
WINDOW_MIN_WORDS = 60
WINDOW_MAX_WORDS = 120
SHORTEST_WINDOW_WORDS = 8
# A full stop after one of these (or after a single capital, an initial) does not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "no", "gen", "col", "lt", "capt", "prof", "sen",
    "rep", "gov", "maj", "sgt", "cmdr", "adm", "mt", "ft", "co", "inc", "corp", "dept", "u.s", "e.g", "i.e",
}
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
OPENING_QUOTES = "\"“‘'"
LEADING_PUNCT = "\"'“‘([{*-–—…"
CLOSING_PUNCT = "\"'”’)]}"
I_FORMS = {"I", "I'm", "I'd", "I'll", "I've", "I’m", "I’d", "I’ll", "I’ve"}
CLASSES = {"interviewee", "public", "private"}
# Titles and honorifics stay outside a name span.
TITLES = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Senator", "General", "Professor", "Father", "President",
          "Cllr", "Congressman", "Secretary", "Minister"}


def paragraphs(text):
    """(start, end) of each paragraph, whitespace trimmed, in order."""
    spans, position = [], 0
    for match in list(PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        spans.append(trim(text, position, end))
        position = match.end() if match else len(text)
    return [span for span in spans if span[0] < span[1]]


def trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def token_ends_sentence(token):
    """Whether a whitespace-delimited token closes a sentence (not an abbreviation or an initial)."""
    bare = token.rstrip(CLOSING_PUNCT)
    if not bare or bare[-1] not in ".!?…":
        return False
    if bare[-1] != ".":
        return True
    word = bare[:-1].lstrip(LEADING_PUNCT)
    if len(word) == 1 and word.isupper():
        return False
    return word.lower() not in ABBREVIATIONS


def sentences(text, start, end):
    """(start, end) of each sentence of text[start:end]."""
    spans, position = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        token_start = match.start()
        while token_start > start and not text[token_start - 1].isspace():
            token_start -= 1
        if token_ends_sentence(text[token_start:match.end()]):
            spans.append(trim(text, position, match.end()))
            position = match.end()
    spans.append(trim(text, position, end))
    return [span for span in spans if span[0] < span[1]]


def word_spans(text, start, end):
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]


def split_long_sentence(text, start, end):
    """Cut a sentence of more than WINDOW_MAX_WORDS words into near-equal chunks at spaces."""
    words = [(start + a, start + b) for a, b in word_spans(text, start, end)]
    chunks = -(-len(words) // WINDOW_MAX_WORDS)
    size = -(-len(words) // chunks)
    return [(words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]


def windows(text):
    """(start, end) of the windows of a record's text, before dropping short ones."""
    result = []
    for p_start, p_end in paragraphs(text):
        if len(text[p_start:p_end].split()) <= LONG_PARAGRAPH_WORDS:
            result.append((p_start, p_end))
            continue
        pieces = []
        for s_start, s_end in sentences(text, p_start, p_end):
            if len(text[s_start:s_end].split()) > WINDOW_MAX_WORDS:
                pieces.extend(split_long_sentence(text, s_start, s_end))
            else:
                pieces.append((s_start, s_end))
        current, current_words, cut = None, 0, []
        for s_start, s_end in pieces:
            words = len(text[s_start:s_end].split())
            if current and current_words + words > WINDOW_MAX_WORDS:
                cut.append(current)
                current, current_words = None, 0
            current = (current[0], s_end) if current else (s_start, s_end)
            current_words += words
            if current_words >= WINDOW_MIN_WORDS:
                cut.append(current)
                current, current_words = None, 0
        if current:
            if cut and current_words + len(text[cut[-1][0]:cut[-1][1]].split()) <= WINDOW_MAX_WORDS:
                cut[-1] = (cut[-1][0], current[1])
            else:
                cut.append(current)
        result.extend(cut)
    return result


def is_capitalised_midsentence(text, start, end):
    """Whether text[start:end] holds a capitalised word that does not open a sentence and is not I/I'm/..."""
    sentence_start = True
    for w_start, w_end in word_spans(text, start, end):
        token = text[start + w_start:start + w_end]
        opens_quote = token[0] in OPENING_QUOTES
        word = token.lstrip(LEADING_PUNCT).rstrip(".,;:!?…" + CLOSING_PUNCT)
        if word and word[0].isupper() and not sentence_start and not opens_quote and word not in I_FORMS:
            return True
        if word:
            sentence_start = token_ends_sentence(token)
    return False


def read_records(path):
    if not Path(path).is_file():
        sys.exit(f"{path}: no such file")
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"{path}:{number}: not JSON ({error.msg})")


def pools(outputs, history):
    """The 'cap' and 'plain' windows of one history, in record order."""
    path = Path(outputs) / history / "ingest" / "records.jsonl"
    if not path.is_file():
        sys.exit(f"{path}: missing; run `.venv/bin/lh ingest corpus/{history}` first")
    found = {"cap": [], "plain": []}
    for record in read_records(path):
        if record["kind"] not in HISTORIES[history]:
            continue
        text = record["text"]
        for start, end in windows(text):
            if len(text[start:end].split()) < SHORTEST_WINDOW_WORDS:
                continue
            pool = "cap" if is_capitalised_midsentence(text, start, end) else "plain"
            found[pool].append({"history": history, "record": record["id"], "doc": record["doc"],
                                "kind": record["kind"], "start": start, "end": end, "text": text[start:end],
                                "pool": pool})
    return found


def draw(outputs, seed, counts, firsts=None):
    """The draws of each history from index firsts[history] (default 0) up to counts[history], in draw order."""
    rng = random.Random(seed)
    shuffled = {}
    for history in HISTORIES:
        if not counts.get(history):
            continue    # a history not drawn from is not shuffled, so earlier draws stay as they were
        found = pools(outputs, history)
        for pool in ("cap", "plain"):
            rng.shuffle(found[pool])
        shuffled[history] = found
    rows = []
    for history, count in counts.items():
        taken = {"cap": 0, "plain": 0}
        for index in range(count):
            pool = "plain" if index % 4 == 3 else "cap"
            if taken[pool] >= len(shuffled[history][pool]):
                sys.exit(f"{history}: only {len(shuffled[history][pool])} '{pool}' windows, asked for more")
            row = dict(shuffled[history][pool][taken[pool]], draw=index)
            taken[pool] += 1
            if index >= (firsts or {}).get(history, 0):
                rows.append(row)
    return rows


def check(label_path, outputs):
    """Validate a label file against the ingest records; return a list of problems (empty when sound)."""
    texts = {}
    wanted = {row["history"] for row in read_records(label_path)}
    for history in (h for h in HISTORIES if h in wanted):
        for record in read_records(Path(outputs) / history / "ingest" / "records.jsonl"):
            texts[(history, record["id"])] = record["text"]
    problems, seen, counts = [], set(), {}
    for number, row in enumerate(read_records(label_path), 1):
        where = f"{label_path}:{number}"
        text = texts.get((row["history"], row["record"]))
        if text is None:
            problems.append(f"{where}: no record {row['record']} in {row['history']}")
            continue
        if text[row["start"]:row["end"]] != row["text"]:
            problems.append(f"{where}: window text differs from the record at {row['start']}:{row['end']}")
        key = (row["history"], row["record"], row["start"])
        if key in seen:
            problems.append(f"{where}: window drawn twice")
        seen.add(key)
        for field, allowed in (("names", CLASSES), ("not_person", {"not_person"})):
            spans = sorted(row.get(field, []), key=lambda s: (s["start"], s["end"]))
            for span in spans:
                if span["class"] not in allowed:
                    problems.append(f"{where}: {field} span {span['text']!r} has class {span['class']!r}")
                if not row["start"] <= span["start"] < span["end"] <= row["end"]:
                    problems.append(f"{where}: {field} span {span['text']!r} lies outside the window")
                if text[span["start"]:span["end"]] != span["text"]:
                    problems.append(f"{where}: {field} span {span['text']!r} != record text "
                                    f"{text[span['start']:span['end']]!r}")
                if span["text"] != span["text"].strip() or span["text"][-2:] in ("'s", "’s"):
                    problems.append(f"{where}: {field} span {span['text']!r} has spaces or a possessive")
                if field == "names" and span["text"].lstrip("[").split(" ")[0].rstrip(".") in TITLES:
                    problems.append(f"{where}: name span {span['text']!r} starts with a title")
                counts[(row["history"], span["class"])] = counts.get((row["history"], span["class"]), 0) + 1
            for before, after in zip(spans, spans[1:]):
                if after["start"] < before["end"]:
                    problems.append(f"{where}: {field} spans {before['text']!r} and {after['text']!r} overlap")
        named = [(s["start"], s["end"]) for s in row.get("names", [])]
        for span in row.get("not_person", []):
            if any(span["start"] < end and start < span["end"] for start, end in named):
                problems.append(f"{where}: not_person span {span['text']!r} overlaps a name")
    return problems, counts, number if seen else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    drawing = sub.add_parser("draw", help="draw the sample")
    drawing.add_argument("--seed", type=int, required=True)
    drawing.add_argument("--oral-count", type=int, default=0, help="oral-history windows")
    drawing.add_argument("--tp-count", type=int, default=0, help="Total Place windows")
    for option, history in HELDOUT_OPTIONS.items():
        drawing.add_argument(f"--{option}-count", type=int, default=0, help=f"windows of {history}")
    drawing.add_argument("--oral-from", type=int, default=0,
                         help="write oral-history draws from this index on (to continue an earlier draw)")
    drawing.add_argument("--tp-from", type=int, default=0, help="write Total Place draws from this index on")
    drawing.add_argument("--outputs", default="outputs", help="folder holding <history>/ingest/records.jsonl")
    drawing.add_argument("--out", required=True)
    checking = sub.add_parser("check", help="validate a label file")
    checking.add_argument("labels")
    checking.add_argument("--outputs", default="outputs")
    args = parser.parse_args(argv)
    if args.command == "draw":
        rows = draw(args.outputs, args.seed,
                    {"public-service-oral-histories": args.oral_count, "total-place": args.tp_count,
                     **{history: getattr(args, f"{option}_count") for option, history in HELDOUT_OPTIONS.items()}},
                    {"public-service-oral-histories": args.oral_from, "total-place": args.tp_from})
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{args.out}: {len(rows)} windows")
        return 0
    problems, counts, rows = check(args.labels, args.outputs)
    for problem in problems:
        print(problem)
    print(f"{args.labels}: {rows} windows, " + ", ".join(f"{h} {c} {n}" for (h, c), n in sorted(counts.items())))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
