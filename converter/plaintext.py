"""The plain-text format's marks that both its reader and its writer must agree on.

(As ``canonical.py`` is for the YAML source.)  The writer uses them to know what
the reader will take a line for; the reader, to take it so.
"""

from __future__ import annotations

import re

from .errors import InputError
from .inline import parse_inline
from .model import text_without_calls

# A document kind as UN documents word one, in each language the reader knows.
KIND_START = re.compile(
    r"(Report|Note|Letter|Identical letters|Statement|Summary record|Draft resolution|Draft decision|"
    r"Resolution|Decision|Declaration|Concept note|Provisional agenda|Annotations|Programme|Memorandum|"
    r"President['’]s summary|Chair['’]s summary|Rapport|Lettre|Lettres identiques|Déclaration|Projet de|"
    r"Résolution|Décision|Compte rendu|Informe|Nota|Carta|Cartas idénticas|Declaración|Proyecto de|"
    r"Resolución|Decisión|Acta|Доклад|Записка|Письмо|Идентичные письма|Заявление|Проект|Резолюция|"
    r"Решение)\b"
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
}  # fmt: skip
ORGAN_WORDS = re.compile(
    r"(Assembly|Council|Commission|Committee|Conference|Court|Board|Forum|Tribunal|Secretariat|"
    r"Assemblée|Conseil|Commission|Comité|Conférence|Asamblea|Consejo|Comisión|Comité|Conferencia|"
    r"Ассамблея|Совет|Комиссия|Комитет|Конференция)\b",
)
SESSION_RE = re.compile(r".*\b(session|year|année|período de sesiones|año|сессия|год)", re.IGNORECASE)


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
PROPERTY_KEYS = ("author", "short_title", "language", "heading_labels", "kind", "organ", "session")
PROPERTY_RE = re.compile(r"\[(" + "|".join(PROPERTY_KEYS) + r")\]:[ \t]*(.*)")

# A paragraph that would read as a heading (a short line) is written after this mark.
TEXT_MARK = "[text]: "
MAX_HEADING_CHARS = 120
HEADING_LABEL_RE = re.compile(r"((?:[IVXLC]{1,7}|[A-Z]|\d{1,2})\.)\s+(?=\S)")


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
    return bool(phrase) and len(seen) <= MAX_HEADING_CHARS and seen[-1] not in ".,;:!?" and not sentences
