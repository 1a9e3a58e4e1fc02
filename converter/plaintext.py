"""The plain-text format's marks that both its reader and its writer must agree on.

(As ``canonical.py`` is for the YAML source.)  The writer uses them to know what
the reader will take a line for; the reader, to take it so.
"""

from __future__ import annotations

import re
from functools import cache

from .counters import ARABIC_LETTER_NAMES, ARABIC_ORDINALS
from .errors import InputError
from .inline import parse_inline
from .model import text_without_calls
from .symbols import SYMBOL_RE
from .wording import wording

# A document kind as UN documents word one, in each language the reader knows.
KIND_START = re.compile(
    r"(Report|Note|Letter|Identical letters|Statement|Summary record|Draft resolution|Draft decision|"
    r"Resolution|Decision|Declaration|Concept note|Provisional agenda|Annotations|Programme|Memorandum|"
    r"President['’]s summary|Chair['’]s summary|Rapport|Lettre|Lettres identiques|Déclaration|Projet de|"
    r"Résolution|Décision|Compte rendu|Informe|Nota|Carta|Cartas idénticas|Declaración|Proyecto de|"
    r"Resolución|Decisión|Acta|Доклад|Записка|Письмо|Идентичные письма|Заявление|Проект|Резолюция|"
    r"Решение|"
    # Arabic and Chinese, which have no capitals to tell a kind line by: its first word,
    # or (Chinese) its last
    r"موجز|تقرير|مذكرة|رسالة|رسالتان|بيان|مشروع|قرار|مقرر|محضر|إعلان|"
    r".{0,40}(?:总结|报告|说明|的信|同文信|声明|决议草案|决定草案|决议|决定|简要记录|宣言))(?:\b|$)"
)
# The opening line of a resolution ("The General Assembly,"): paragraphs after it, to the
# first numbered one, are its preambular paragraphs.
RESOLUTION_OPENING_RE = re.compile(r"(The|L[’']|La|El|Le)\s?.{2,80},")
# Organ and session lines, known by their words.
# The principal organs, whose names are certainly masthead lines.
PRINCIPAL_ORGANS = {
    "General Assembly", "Security Council", "Economic and Social Council", "Trusteeship Council",
    "Human Rights Council", "Assemblée générale", "Conseil de sécurité", "Conseil économique et social",
    "Conseil des droits de l’homme", "Asamblea General", "Consejo de Seguridad", "Consejo Económico y Social",
    "Consejo de Derechos Humanos", "Генеральная Ассамблея", "Совет Безопасности",
    "Экономический и Социальный Совет", "Совет по правам человека",
    "الجمعية العامة", "مجلس الأمن", "المجلس الاقتصادي والاجتماعي", "مجلس حقوق الإنسان", "مجلس الوصاية",
    "大会", "安全理事会", "经济及社会理事会", "人权理事会", "托管理事会",
}  # fmt: skip
ORGAN_WORDS = re.compile(
    r"(Assembly|Council|Commission|Committee|Conference|Court|Board|Forum|Tribunal|Secretariat|"
    r"Assemblée|Conseil|Commission|Comité|Conférence|Asamblea|Consejo|Comisión|Comité|Conferencia|"
    r"Ассамблея|Совет|Комиссия|Комитет|Конференция)\b",
)
SESSION_RE = re.compile(
    r".*\b(session|year|année|período de sesiones|año|сессия|год)|الدورة .{2,50}|第.{1,12}届会议",
    re.IGNORECASE,
)


def organ_like(text: str) -> bool:
    """A line the reader takes for an organ's name."""
    if text in PRINCIPAL_ORGANS:
        return True
    return bool(ORGAN_WORDS.search(text)) and len(text) <= 80 and not text.endswith((".", ",", ";", ":"))


def session_like(text: str) -> bool:
    """A line the reader takes for a session line."""
    return bool(SESSION_RE.fullmatch(text)) and len(text) <= 60 and not text.endswith((".", ",", ";"))


# Properties that a page does not print (or that plain text cannot mark), kept as lines
# such as "[author]: Office of the President" after the footnotes.  "[organ]:" and
# "[session]:" stand for masthead lines the reader would not know for what they are.
PROPERTY_KEYS = (
    "author", "short_title", "language", "heading_labels", "kind", "organ", "subsidiary", "session",
    "session_dates", "agenda", "agenda_title", "agenda_note", "agenda_label",
)  # fmt: skip
PROPERTY_RE = re.compile(r"\[(" + "|".join(PROPERTY_KEYS) + r")\]:[ \t]*(.*)")

# A paragraph that would read as a heading (a short line) is written after this mark.
TEXT_MARK = "[text]: "
MAX_HEADING_CHARS = 120
CLOSING_MARKS = "”’\"')]»"  # quotation marks and brackets that may close a sentence
HEADING_LABEL_RE = re.compile(r"((?:[IVXLC]{1,7}|[A-Z]|\d{1,2})\.)\s+(?=\S)")
# The labels of Arabic and Chinese headings ("أولا - مقدمة", "ألف - خلفية", "一. 导言"): by
# their words, not their capitals, which those scripts have not.
SCRIPT_HEADING_LABEL_RE = re.compile(
    "((?:" + "|".join(sorted(ARABIC_ORDINALS, key=len, reverse=True)) + ") ?[-–])\\s+(?=\\S)"
    "|((?:" + "|".join(sorted(ARABIC_LETTER_NAMES, key=len, reverse=True)) + ") ?[-–])\\s+(?=\\S)"
    "|([一二三四五六七八九十]{1,3}\\.)\\s*(?=\\S)"
    "|(\\d{1,2} ?[-–])\\s+(?=\\S)"  # an Arabic level-3 label, "1 -" (or a 21st section's)
)


# "(Signed) Name": a signature block's first line, in the languages the readers know.
SIGNED_RE = re.compile(r"[(（](Signed|Signé|Firmado|Подпись|توقيع|签名)[)）]\s?")


def visible(text: str) -> str:
    """What a reader sees of a line's text: without footnote calls and markup marks."""
    try:
        children = parse_inline(text, None)
    except InputError:
        return text.strip()
    return text_without_calls(children).strip()


def heading_like(line: str) -> bool:
    """Short, one phrase, and not ending as a sentence does (once a label, footnote calls
    and markup are left out: "Findings[^a]" is a heading, "ends here.[^a]" is not)."""
    seen = visible(line)
    label = HEADING_LABEL_RE.match(seen)
    phrase = seen[label.end() :] if label else seen
    sentences = re.search(r"[.!?]\s+\S", phrase)
    # "... (2014).”" ends as a sentence does, and so does "its work.1", a footnote's number
    # that came through as a digit.
    ending = re.sub(r"(?<=[.;:!?])\d{1,3}$", "", seen).rstrip(CLOSING_MARKS)
    return (
        bool(phrase)
        and len(seen) <= MAX_HEADING_CHARS
        and (not ending or ending[-1] not in ".,;:!?")
        and not sentences
    )


# Page-foot lines.  The job number, perhaps with the date stamp and barcode printed beside
# it ("18-08811 (E) 150618 *1808811*"): those are page furniture, as are the barcode alone,
# the recycling line and a later page's foot ("2/20 18-08811").  The agenda's note: "* A/72/50.".
JOB_RE = re.compile(r"(?P<job>\d{2}-\d{5}\s*\([A-Z]\))(?P<stamp>(?:\s+\d{6})?(?:\s+\*\d{7}\*)?)")
FURNITURE_RE = re.compile(
    r"\*\d{7}\*|(Please recycle|Merci de recycler|Sírvase reciclar)\s*♲?|♲"
    r"|\d{1,4}/\d{1,4}(\s+\d{2}-\d{5})?|\d{2}-\d{5}\s+\d{1,4}/\d{1,4}",
    re.IGNORECASE,
)
AGENDA_NOTE_RE = re.compile(r"(\*{1,3})\s*(.+?)\.?")


def symbol_line(text: str) -> bool:
    """A line that is one UN symbol or several joined by a dash ("A/72/884–S/2018/525"),
    perhaps marked as reissued ("A/70/150*")."""
    parts = re.split(r"[–—-](?=[A-Z]+/)", text.rstrip("*"))
    return all(SYMBOL_RE.fullmatch(part) for part in parts) and bool(parts[0])


def foot_kind(text: str) -> str:
    """What page-foot line ``text`` is ("job", "furniture", "agenda-note"), or ""."""
    if JOB_RE.fullmatch(text):
        return "job"
    if FURNITURE_RE.fullmatch(text):
        return "furniture"
    note = AGENDA_NOTE_RE.fullmatch(text)
    if note and symbol_line(note.group(2)):
        return "agenda-note"
    return ""


# A session's dates under its session line: "9 September–3 October 2035", "10–28 March 2025".
SESSION_DATES_RE = re.compile(r"\d{1,2}(?:\s+(?P<first>\w+))?\s*[–—-]\s*\d{1,2}\s+(?P<month>\w+)\s+\d{4}")
WORDED_LANGUAGES = (
    "en",
    "fr",
    "es",
    "ru",
    "ar",
    "zh",
)  # whose month names and masthead wording the reader knows


@cache
def month_names() -> frozenset[str]:
    return frozenset(
        str(name).lower() for language in WORDED_LANGUAGES for name in wording(language)["months"]
    )


def session_dates_like(text: str) -> bool:
    """A line the reader takes for a session's dates."""
    match = SESSION_DATES_RE.fullmatch(text)
    if match is None:
        return False
    months = month_names()
    return match["month"].lower() in months and (not match["first"] or match["first"].lower() in months)
