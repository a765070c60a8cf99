"""Role groups: the roles a history attributes quotes to, coarsened so a chapter can say who speaks in it and who
does not ("NASA engineer (re-entry heating)" and "NASA engineer and manager" are both NASA engineers)."""

from __future__ import annotations

import re

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_HEAD = re.compile(r",| and | for | of the | of | at | in ")


def role_group(role: str | None) -> str:
    """The head of a role: what comes before a comma, "and", "for", "of" or a parenthesis.

    "Peace Corps volunteer, Ethiopia 1967–1969 (English teacher)" -> "Peace Corps volunteer";
    "Secretary of State for Communities and Local Government" -> "Secretary of State" is kept whole by the
    "of State" exception; "Chief Executive of the Local Government Group" -> "Chief Executive"."""
    if not role:
        return "participant"
    text = _PARENTHESES.sub("", role).strip()
    protected = text.replace("Secretary of State", "Secretary\x00of\x00State")
    head = _HEAD.split(protected, maxsplit=1)[0].replace("\x00", " ").strip()
    return head or role.strip()


def plural(group: str) -> str:
    """"NASA engineer" -> "NASA engineers", "Secretary of State" -> "Secretaries of State", "staff" stays."""
    head, sep, tail = group.partition(" of ")
    words = head.split()
    if not words:
        return group
    last = words[-1]
    if last.lower() in ("staff", "counsel", "personnel", "people") or last.endswith("s"):
        pass
    elif last.endswith("y") and last[-2:-1].lower() not in "aeiou":
        words[-1] = last[:-1] + "ies"
    else:
        words[-1] = last + "s"
    return " ".join(words) + (sep + tail if sep else "")
