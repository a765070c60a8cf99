"""People: finding person mentions (rules and a named-entity recogniser), resolving them to people, pseudonyms,
and the privacy gate that checks every reader-facing output.

    titles.py     the one list of titles and honorifics ("Dr.", "Cllr", "Senator")
    evidence.py   how the history writes each word (WordStats), given names, word lists, things that are not people
    finder.py     rule-based name finding (NameFinder): known names, title and given-name sequences, lone names
    ner.py        spaCy's PERSON recogniser, run only where it can matter, batched and cached by text hash
    mentions.py   one history's mention finding: rules, recogniser and the lone-name sweep, as edits with offsets
    registry.py   people.yaml, people and their stable pseudonyms; variants, nicknames and brackets resolved
    gate.py       the privacy gate: known names in reader-facing outputs, and the team's review list
"""
