"""Titles and honorifics that come before a name: one list for the finder, the registry and the gate."""

from __future__ import annotations

import re

# Kin words before a name ("Aunt Lillian", "Cousin Lil"), which stay before its marker ("Aunt [Person 3]").
KIN_TITLES = frozenset({"aunt", "auntie", "uncle", "cousin", "grandma", "grandpa", "granny"})
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "cllr", "councillor", "professor", "prof", "rev",
    "reverend", "father", "captain", "capt", "colonel", "col", "general", "gen", "senator", "sen", "president",
    "governor", "gov", "judge", "justice", "admiral", "commander", "lieutenant", "lt", "sergeant", "sgt", "mayor",
    "baroness", "baron", "congressman", "congresswoman", "ambassador", "astronaut", "premier",
    # ranks and callings spoken before a surname in testimony: "Doctor Perry", "Special Agent Greer", "Agents
    # Landis and ...", "Chief Curry", "Officer Tippit", "Detective Fritz", "Deputy Sheriff Craig"
    "doctor", "agent", "agents", "chief", "officer", "detective", "inspector", "sheriff", "patrolman", "deputy",
    "representative", "charge", "deponent", "affiant", "officers", "detectives", "patrolmen", "deputies",
    # clergy: "Subdeacon Royster", "Bishop Bogdan", "Archpriest ..."
    "deacon", "subdeacon", "archdeacon", "bishop", "archbishop", "archpriest", "pastor", "rabbi", "monsignor",
    "prince", "princess", "duke", "duchess", "countess",   # "Prince Sherbatoff": "Prince" alone is nobody
    "dear", "sirs", "madam", "madame",          # a letter's salutation: "Dear George:", "Dear Lisa"; "Dear Sirs"
    # roles in a deposition ("Counsel Jenner", "the Witness Mamantov"): they stay before the marker, as a rank does
    "counsel", "witness",
    "speaker",                                  # "visit Speaker Rayburn in the hospital"
    "attorney",                                 # "Assistant District Attorney Alexander", "Attorney Abt"
    "doctora", "senor", "señor", "senora", "señora",    # "La Doctora Stern" is the "Dr. Stern" just named
}) | KIN_TITLES
# A kin word and a name that name no one: a country, a brand, a byword.
TITLED_NOT_PEOPLE = frozenset({"uncle sam", "aunt jemima", "uncle tom"})
# Ranks and callings that stay in the text before the person's marker: "Special Agent [Person 61]", "Special Agent in
# Charge [Person 203]", "Chief [Person 80]".
RANK_TITLES = frozenset({"doctor", "agent", "agents", "chief", "officer", "detective", "inspector", "sheriff", "patrolman",
                         "deputy", "charge", "deponent", "affiant", "dear", "officers", "detectives", "patrolmen", "deputies",
                         "counsel", "witness", "attorney"}) | KIN_TITLES
# Titles that are also ordinary words before a capitalised thing ("General Motors", "President's Council"): the
# finder wants the surname after them to be a name-like word.
WORD_TITLES = frozenset({"president", "general", "governor", "judge", "justice", "father", "captain", "astronaut", "doctor",
                         "bishop", "archbishop", "deacon", "pastor", "dear", "prince", "princess", "duke", "duchess",
                         "officers", "detectives", "patrolmen", "deputies",
                         "agent", "agents", "chief", "officer", "detective", "inspector", "sheriff", "patrolman", "deputy",
                         "representative", "charge", "counsel", "witness", "premier", "speaker", "attorney"}) | KIN_TITLES
# Titles that are surnames too, after "Mr." or "Dr.": "Dr. Bishop", "Mr. Prince".
SURNAME_TITLES = frozenset({"bishop", "deacon", "pastor", "prince", "duke", "rabbi"})
# Titles of public office: someone the text calls "President Kennedy" is not the "John" a speaker chats about.
OFFICE_TITLES = frozenset({"president", "senator", "sen", "governor", "gov", "congressman", "congresswoman",
                           "ambassador", "mayor", "lord", "baroness", "baron", "judge", "justice", "representative",
                           "premier", "speaker"})
# Short titles a person is addressed by before a surname alone ("Mr. Arnold", "Dr. Kerwin").
ADDRESS_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Miss")
# Ranks only a person holds: after one, a surname that is also an organisation word is the surname ("Lieutenant
# Day", "Sergeant Hall", as "Mr. Hall"); not "General" ("General Electric") or an office ("President's Hall").
PERSONAL_RANKS = frozenset({"lieutenant", "lt", "sergeant", "sgt", "captain", "capt", "colonel", "col", "commander",
                            "detective", "officer", "patrolman", "inspector", "agent", "deputy", "sheriff"})
# A woman's title, one list for the finder and the registry: "Mrs. Kennedy" is kept apart from a man of that surname.
WOMAN_TITLE_PATTERN = r"(?:Mrs|Ms|Miss)\b\.?"

TITLE_PATTERN = "|".join(sorted((t.capitalize() for t in TITLES), key=len, reverse=True))
_LEADING_TITLE = re.compile(r"^(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+", re.I)


def is_title(word: str) -> bool:
    return word.rstrip(".").lower() in TITLES


def before_a_surname(title: str | None) -> bool:
    """A title after which "Hall" or "Day" is a person's surname."""
    return title is not None and (title in ADDRESS_TITLES or title.rstrip(".").lower() in PERSONAL_RANKS)


def is_office_title(word: str | None) -> bool:
    return word is not None and word.rstrip(".").lower() in OFFICE_TITLES


def strip_title(name: str) -> str:
    """The name without a leading title ("Dr. Joseph Kerwin" -> "Joseph Kerwin")."""
    return _LEADING_TITLE.sub("", name.strip())
