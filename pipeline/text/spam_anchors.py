"""Spam anchors: the families the first finder was built from (pharmacy, payday loans, casinos, essay mills,
replica goods, adult and crypto spam). One signal of `spam.SpamFinder` among several; on its own it misses
every family it does not list.

Spam is injected into real pages as short commercial chains ("buy cheap cialis online", "payday loans no
credit check") dropped into a sentence or onto a line of their own. We find *anchors* (words and phrases that
are spam wherever they appear: "viagra", "payday loans", "online casino") and grow each anchor over the
commercial words around it ("cheap", "order", "no prescription", "bad credit"). Words such as "online",
"loans", "credit", "pharmacy" or "casino" are never spam on their own, so text that merely mentions health
or money survives. Weak words ("no", "to", "for") join a chain only between spam words, never at its edge,
so the sentence around an injection stays grammatical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Spam wherever they appear (after undoing l33t spellings).
STRONG = frozenset("""
viagra cialis levitra kamagra silagra suhagra tadalis penegra megalis zenegra vigrx extenze porn porno xxx
""".split())
# Drug names: spam only with a commercial word beside them ("deltasone without prescription", "buy xanax").
DRUGS = frozenset("""
deltasone prednisone amoxicillin amoxil zithromax azithromycin doxycycline clomid accutane isotretinoin lasix
synthroid valtrex diflucan propranolol priligy dapoxetine finasteride propecia sildenafil tadalafil vardenafil
xanax alprazolam valium diazepam ambien zolpidem adderall oxycodone hydrocodone vicodin percocet soma carisoprodol
ativan lorazepam klonopin tramadol ultram modafinil provigil lexapro zoloft prozac cytotec misoprostol lisinopril
metformin nolvadex tamoxifen clenbuterol ivermectin hydroxychloroquine phentermine xenical orlistat neurontin
gabapentin celebrex motilium premarin retin flagyl cipro levaquin augmentin bactrim keflex nexium
""".split())
# Multi-word anchors: spam wherever the whole phrase appears.
PHRASES = tuple(tuple(p.split()) for p in """
payday loan|payday loans|payday lender|payday lenders|cash advance loans|title loans|bad credit loans|no credit check
|guaranteed approval|instant approval|same day loans|quick loans online|loans no credit|no guarantor loans|no teletrack
|online casino|online casinos|casino online|casino bonus|no deposit bonus|free spins|online slots|slots online
|real money slots|online poker|poker online|online roulette|online blackjack|sports betting online|betting tips online
|bitcoin casino|crypto casino
|buy essay|buy essays|buy an essay|essay writing service|essay writing services|write my essay|write my paper|custom essay
|custom essays|cheap essays|paper writing service|dissertation writing service|do my homework|term papers for sale
|buy research papers|buy research paper|essay help online
|replica watches|replica watch|replica rolex|fake rolex|rolex replica|replica handbags|replica bags|louis vuitton outlet
|michael kors outlet|cheap jerseys|cheap nfl jerseys|wholesale jerseys|ugg boots sale|cheap ugg boots|designer replicas
|cheap oakley sunglasses|christian louboutin outlet|cheap louboutin|canada goose outlet
|sex cams|live sex|adult dating|hot singles|escort service|escort services|escort girls|nude girls|webcam girls|sex chat
|bitcoin doubler|crypto trading bot|crypto signals|forex signals|binary options|free bitcoin|crypto giveaway|bitcoin giveaway
|earn bitcoin|bitcoin investment platform|crypto investment platform|nft giveaway
|male enhancement|penis enlargement|enlargement pills|diet pills|weight loss pills|garcinia cambogia|keto pills
|buy followers|buy instagram followers|instagram followers cheap|cheap backlinks|buy backlinks|seo services cheap
""".replace("\n", "").split("|") if p.strip())

# Commercial words that extend a chain in either direction.
MEDIUM = frozenset("""
buy buying cheap cheapest cheaper order ordering generic generics discount discounted online pharmacy pharmacies
drugstore prescription prescriptions rx pills pill tablets tablet capsules mg overnight shipping delivery canadian
canada mexico mexican india indian outlet replica replicas sale purchase loans loan payday credit approval approved
guaranteed guarantor fees lender lenders employed unemployed payments casino casinos slots slot bonus spins poker
roulette blackjack betting jackpot essays essay homework followers backlinks bitcoin btc crypto forex signals trading
coupon coupons wholesale store shop shopping deals price prices pricing codes watches writing service services
giveaway jerseys handbags videos cams dating jelly
""".split())
# Openers and tails a spammer puts at the ends of a chain: taken only when they touch it.
OPENERS = (("how", "to", "stop"), ("how", "to", "get"), ("same", "day"), ("best",), ("self",), ("free",), ("fast",),
           ("instant",), ("quick",), ("cheapest",))
TAILS = (("for", "real", "money"), ("real", "money"), ("for", "sale"), ("for", "me"), ("near", "me"), ("in", "your", "area"),
         ("no", "deposit"), ("no", "fees"), ("online",), ("today",), ("now",), ("sites",), ("site",))
# Words that join a chain only between spam words.
WEAK = frozenset("""
no without free fast best low lowest cost for with or and to how where get next day same instant quick bad check
checks self uk usa us online now today legit real stop near me a an of in the from at sale 24 7 hour hours
""".split())
_LEET = str.maketrans({"1": "i", "0": "o", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"})
TOKEN = re.compile(r"[A-Za-z0-9@$][\w@$'’.\-]*[\w$]|[A-Za-z0-9]")
JOINERS = re.compile(r"^[\s,;:/&+\-–|]*$")
_PLAIN_WORD = re.compile(r"[a-z]+")
_LEET_WORD = re.compile(r"[A-Za-z][0-9@$]+[A-Za-z]|[0-9@$][A-Za-z]+[0-9@$]")
_DOSE = re.compile(r"^\d+(?:mg|mcg|ml)$")


@dataclass(frozen=True)
class AnchoredSpan:
    start: int
    end: int
    text: str
    whole_line: bool = False


def normal_token(token: str) -> str:
    token = token.lower().replace("’", "'")
    if _DOSE.match(token):
        return token
    if any(c.isdigit() or c in "@$" for c in token) and any(c.isalpha() for c in token):
        token = token.translate(_LEET)
    return token.strip(".'-")


def _is_url_spam(token: str) -> bool:
    if "." not in token and "/" not in token and "-" not in token:
        return False
    parts = re.split(r"[./\-_]+", token.lower())
    return any(p in STRONG or p in DRUGS for p in parts) and len(parts) > 1


class AnchorFinder:
    """Finds spans grown from listed anchors. Stateless: one instance serves a whole run."""

    def __init__(self, whole_line_share: float = 0.6):
        self.whole_line_share = whole_line_share
        self._first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in PHRASES:
            self._first.setdefault(phrase[0], []).append(phrase)
        # A cheap test first: text with no anchor word (and no l33t spelling) cannot hold spam.
        self._anchor_words = STRONG | DRUGS
        self._phrase_sets = [frozenset(p) for p in PHRASES]

    def _maybe(self, text: str) -> bool:
        words = set(_PLAIN_WORD.findall(text.lower()))
        if words & self._anchor_words or _LEET_WORD.search(text):
            return True
        return any(p <= words for p in self._phrase_sets)

    def find(self, text: str) -> list[AnchoredSpan]:
        if not self._maybe(text):
            return []
        spans: list[AnchoredSpan] = []
        for line_start, line in lines(text):
            spans.extend(self._find_in_line(line, line_start))
        return spans

    def _find_in_line(self, line: str, offset: int) -> list[AnchoredSpan]:
        tokens = [(m.start(), m.end(), normal_token(m.group())) for m in TOKEN.finditer(line)]
        if not tokens:
            return []
        words = [t[2] for t in tokens]
        anchors = self._anchors(words, tokens)
        if not anchors:
            return []
        chains: list[tuple[int, int]] = []
        for first, last, conditional in anchors:
            lo, hi = self._grow(words, tokens, line, first, last)
            if conditional and not any(words[i] in MEDIUM or _DOSE.match(words[i]) for i in range(lo, hi + 1) if not first <= i <= last):
                if not self._prescription_pair(words, lo, hi):
                    continue
            if chains and lo <= chains[-1][1] + 1 and JOINERS.match(line[tokens[chains[-1][1]][1]:tokens[lo][0]]):
                chains[-1] = (chains[-1][0], max(hi, chains[-1][1]))
            else:
                chains.append((lo, hi))
        if not chains:
            return []
        covered = sum(hi - lo + 1 for lo, hi in chains)
        if covered >= self.whole_line_share * len(tokens) and len(tokens) <= 40:
            return [AnchoredSpan(offset, offset + len(line), line, whole_line=True)]
        return [AnchoredSpan(offset + tokens[lo][0], offset + tokens[hi][1], line[tokens[lo][0]:tokens[hi][1]]) for lo, hi in chains]

    def _anchors(self, words: list[str], tokens) -> list[tuple[int, int, bool]]:
        found = []
        i = 0
        while i < len(words):
            word = words[i]
            matched = None
            for phrase in self._first.get(word, ()):
                if tuple(words[i:i + len(phrase)]) == phrase:
                    if matched is None or len(phrase) > len(matched):
                        matched = phrase
            if matched:
                found.append((i, i + len(matched) - 1, False))
                i += len(matched)
                continue
            if word in STRONG or _is_url_spam(word):
                found.append((i, i, False))
            elif word in DRUGS:
                found.append((i, i, True))
            i += 1
        return found

    @staticmethod
    def _joined(line: str, tokens, a: int, b: int) -> bool:
        """True when only spaces and light punctuation separate token a from token b (a < b)."""
        return bool(JOINERS.match(line[tokens[a][1]:tokens[b][0]]))

    def _grow(self, words, tokens, line, first: int, last: int) -> tuple[int, int]:
        def strong(i):
            w = words[i]
            return w in MEDIUM or w in STRONG or w in DRUGS or bool(_DOSE.match(w)) or _is_url_spam(w)

        hi = last
        while hi + 1 < len(words) and self._joined(line, tokens, hi, hi + 1):
            j = hi + 1
            while j < len(words) and words[j] in WEAK and not strong(j) and self._joined(line, tokens, j - 1, j):
                j += 1
            if j < len(words) and strong(j) and self._joined(line, tokens, j - 1, j):
                hi = j
            else:
                break
        lo = first
        while lo - 1 >= 0 and self._joined(line, tokens, lo - 1, lo):
            j = lo - 1
            while j >= 0 and words[j] in WEAK and not strong(j) and self._joined(line, tokens, j, j + 1):
                j -= 1
            if j >= 0 and strong(j) and self._joined(line, tokens, j, j + 1):
                lo = j
            else:
                break
        for opener in OPENERS:
            n = len(opener)
            if lo - n >= 0 and tuple(words[lo - n:lo]) == opener and all(self._joined(line, tokens, k, k + 1) for k in range(lo - n, lo)):
                lo -= n
                break
        for tail in TAILS:
            n = len(tail)
            if tuple(words[hi + 1:hi + 1 + n]) == tail and all(self._joined(line, tokens, k, k + 1) for k in range(hi, hi + n)):
                hi += n
                break
        return lo, hi

    @staticmethod
    def _prescription_pair(words, lo, hi) -> bool:
        return any(words[i] in ("prescription", "rx") for i in range(lo, hi + 1))


def lines(text: str):
    position = 0
    for line in text.splitlines(keepends=True):
        yield position, line.rstrip("\r\n")
        position += len(line)
