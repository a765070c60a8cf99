"""Rebuild whole interviews from the YIELD experimental blocks, as a held-out oral-history corpus.

The shipped oral histories are 32 interviews of YIELD's `yield-v1/train/train-014.json`. YIELD's experimental
test split (`datasets/yield-v1-experimental/test/test-001.jsonl`, same repository and commit) holds other
interviews of the same public-domain collections, cut into overlapping blocks of six messages (respondent,
elicitor, ...). Chaining each interview's blocks on their overlap gives its turns back, in order; the first
exchange (in the missing `test-000.jsonl`) and the metadata are not there, so interviewees are unnamed, as in
several shipped Peace Corps interviews.

Usage: python tools/rebuild_yield_heldout.py BLOCKS.jsonl [BLOCKS.jsonl ...] OUT.json [--min-blocks 30]
       [--max-blocks N] [--exclude EARLIER.json ...] [--extra-collection NAME ...]
Several block files are rebuilt in turn and their interviews joined in that order. The fourth set keeps what the
first three left: interviews of one to three windows, and the National Archives Assembly's Legacy Project
interview (public domain too, but not among the collections kept before).
"""
from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "corpus/public-service-oral-histories/interviews/oral-histories.json"
PUBLIC_DOMAIN = ("jsc-oral-history", "returned-peace-corps-volunteers", "nprc-oral-histories",
                 "oral-history-at-the-national-archives", "veterans-oral-histories")
ROLES = {"user": "respondent", "assistant": "elicitor"}


def chain(blocks: list[list[dict]]) -> tuple[list[dict], int]:
    """Join overlapping message windows into one sequence; return it and the number of gaps (no overlap found)."""
    turns: list[dict] = []
    gaps = 0
    for messages in blocks:
        keys = [(m["role"], m["content"]) for m in messages]
        have = [(m["role"], m["content"]) for m in turns]
        overlap = next((k for k in range(min(len(keys), len(have)), 0, -1) if have[-k:] == keys[:k]), 0)
        if turns and not overlap:
            gaps += 1
        turns.extend(messages[overlap:])
    return turns, gaps


def dialogue_ids(path: Path) -> set[str]:
    return {x["dialogue_id"] for x in json.loads(path.read_text(encoding="utf-8"))}


def rebuild(blocks_path: Path, min_blocks: int, max_blocks: int | None = None,
            exclude: tuple[Path, ...] = (), extra_collections: tuple[str, ...] = ()) -> list[dict]:
    left_out = dialogue_ids(SHIPPED).union(*(dialogue_ids(path) for path in exclude))
    collections_kept = PUBLIC_DOMAIN + tuple(extra_collections)
    by_dialogue: dict[str, list[tuple[int, list[dict]]]] = collections.defaultdict(list)
    for line in blocks_path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        dialogue, number = row["block_id"].rsplit(":", 1)
        messages = [m for m in row["messages"] if m["role"] in ROLES]
        by_dialogue[dialogue].append((int(number), messages))
    interviews = []
    for dialogue, blocks in sorted(by_dialogue.items()):
        if dialogue in left_out or not dialogue.startswith(collections_kept) or len(blocks) < min_blocks \
                or (max_blocks is not None and len(blocks) > max_blocks):
            continue
        messages, gaps = chain([m for _, m in sorted(blocks, key=lambda b: b[0])])
        interviews.append({
            "dialogue_id": dialogue,
            "metadata": {"collection": dialogue.rsplit("-", 1)[0], "rebuilt_from": blocks_path.name,
                         "blocks": len(blocks), "gaps": gaps},
            "domain": "oral_history",
            "elicitors": [],
            "respondents": [],
            "turns": [{"turn_id": i, "speaker": "", "role": ROLES[m["role"]], "utterance": m["content"]}
                      for i, m in enumerate(messages)],
        })
    return interviews


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("blocks", type=Path, nargs="+")
    parser.add_argument("out", type=Path)
    parser.add_argument("--min-blocks", type=int, default=30)
    parser.add_argument("--max-blocks", type=int, default=None, help="leave out longer interviews (another set)")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="an earlier set's oral-histories.json: leave its interviews out")
    parser.add_argument("--extra-collection", action="append", default=[],
                        help="keep this public-domain collection too (e.g. assembly-oral-histories)")
    args = parser.parse_args()
    interviews = [interview for blocks in args.blocks
                  for interview in rebuild(blocks, args.min_blocks, args.max_blocks,
                                           tuple(args.exclude), tuple(args.extra_collection))]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(interviews, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    turns = sum(len(i["turns"]) for i in interviews)
    gaps = sum(i["metadata"]["gaps"] for i in interviews)
    print(f"{len(interviews)} interviews, {turns} turns, {gaps} gaps -> {args.out}")


if __name__ == "__main__":
    main()
