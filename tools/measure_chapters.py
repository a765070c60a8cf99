#!/usr/bin/env python3
"""The figures issue #14 asks of the chapters, measured on a distilled outputs/ folder.

    .venv/bin/python tools/measure_chapters.py --out outputs

- standalone: the share of chapter quotes opening with a word that points back (pipeline/text/standalone.py),
  all of them ("strict") and those whose pointing word refers to something not shown (later in an answer, or
  not shown under a question);
- questions: quotes shown with the question their turn answered, marked as later in an answer, or marked as
  coming before any question / from an update;
- chapters: per history, chapters with quotes, led by update texts, and empty; timeline entries that hold
  furniture (contact details, thanks, lead-ins ending in ":");
- fidelity: every quote as rendered in Markdown, HTML and Word holds its passage's words; and each passage
  against the raw record text it came from: every difference must be marked (a [bracket], an ellipsis "…"
  or a paragraph break where an interviewer's backchannel was left out). Unmarked differences are listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.chapters import measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "outputs")
    args = parser.parse_args()
    print(json.dumps(measure(args.out), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
