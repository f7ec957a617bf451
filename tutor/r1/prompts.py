"""Every prompt the tutor sends to R1, in one place.

Built by concatenation only — never ``str.format`` or f-strings over user text — so braces in LaTeX
(``\\frac{1}{2}``, ``{x}``) reach the model unchanged (the bug of jupyter-ai #967). Following the DeepSeek-R1
model card: no system message (instructions live in the user turn), zero-shot (no examples), and the boxed-answer
instruction for problems.
"""

from __future__ import annotations

import re

from ..backend import AskRequest
from ..errors import ConfigError

__all__ = ["build_prompt", "solve_prompt", "hint_prompt", "explain_prompt", "language_line", "BOXED_INSTRUCTION",
           "LANGUAGES", "guess_language"]

BOXED_INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}."

LANGUAGES: dict[str, str] = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nb": "Norwegian",
    "fi": "Finnish", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian", "ro": "Romanian", "el": "Greek",
    "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "he": "Hebrew", "fa": "Persian",
    "hi": "Hindi", "bn": "Bengali", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese",
    "th": "Thai", "id": "Indonesian", "ms": "Malay", "sw": "Swahili", "ca": "Catalan",
}

_HINT_LEVELS = {
    1: "Give only a strategy: which idea or approach to try first. Do not do any calculation.",
    2: "Name the rule, formula or method that applies and how it fits this problem, without applying it fully.",
    3: "Show only the single next concrete step the student should take, and stop there.",
}


def language_line(lang: str | None) -> str:
    """'Answer in German.' for 'de' / 'de-AT' / 'German'; '' when no language is set."""
    if not lang:
        return ""
    code = lang.strip()
    name = LANGUAGES.get(code.lower().replace("_", "-").split("-")[0])
    if name is None:
        if not code.replace(" ", "").replace("-", "").isalpha() or len(code) > 40:
            raise ConfigError("unknown language " + repr(lang) + "; use a code like 'de' or 'fr'")
        name = code[:1].upper() + code[1:]
    return "Answer in " + name + ", including your reasoning."


# A small, dependency-free guess of the problem's language (R1 tends to answer non-English prompts in English, so
# the prompt names the language). Words typical of math problems and common function words per language; a word
# shared by several languages counts for each. Diacritics only break ties. Unsure → None (no line, as for English).
_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and is are what find solve calculate compute evaluate simplify factor expand show "
                    "prove determine derivative integral equation function value with for from to how many "
                    "which where when if then let given that this number root roots limit sum".split()),
    "fr": frozenset("résous résoudre résolvez calcule calculez calculer trouve trouvez trouver détermine "
                    "déterminez déterminer simplifie simplifiez développe développez factorise factorisez montre "
                    "montrez dérivée dérive intégrale équation équations fonction racine racines limite valeur "
                    "le la les de des du un une est et quelle quel combien pour dans avec sur entre soit où "
                    "que qui".split()),
    "de": frozenset("löse lösen berechne berechnen bestimme bestimmen finde vereinfache vereinfachen zeige "
                    "leite ableitung ableitungen integral gleichung gleichungen funktion nullstelle nullstellen "
                    "grenzwert wert der die das den dem des ein eine einer ist und von mit für wie welche was "
                    "nach auf bei gilt sei".split()),
    "es": frozenset("resuelve resolver resuelva calcula calcular calcule encuentra encuentre halla halle "
                    "determina simplifica simplifique deriva derivada integral ecuación ecuaciones función raíz "
                    "raíces límite valor el la los las de del un una es y cuál cuánto cuántos para con entre sea "
                    "qué".split()),
    "it": frozenset("risolvi risolvere calcola calcolare trova trovare determina semplifica sviluppa "
                    "scomponi derivata integrale equazione equazioni funzione radice radici limite valore il lo "
                    "la gli le della delle dei del di un una è e quale quanto per con tra sia che".split()),
    "pt": frozenset("resolva resolver calcule calcular encontre encontrar determine simplifique derive "
                    "derivada integral equação equações função raiz raízes limite valor os as de do da dos das em "
                    "um uma é e qual quanto para com entre seja que".split()),
    "nl": frozenset("los bereken berekenen vind bepaal vereenvoudig toon afgeleide integraal vergelijking "
                    "vergelijkingen functie wortel wortels limiet waarde de het een en van voor met hoeveel "
                    "welke wat waarbij".split()),
}
_MARKS: dict[str, str] = {"fr": "éèêëçœàùî", "de": "äöüß", "es": "ñ¿¡áíóú", "it": "àèìòù", "pt": "ãõçâêáéíóú",
                          "nl": ""}
_LATEX_CMD = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def guess_language(text: str) -> str | None:
    """'fr', 'de', 'es', 'it', 'pt' or 'nl' when the problem reads clearly as that language; None for English,
    math-only text or when unsure (heuristic: words typical of math problems and function words, accents as a
    tie-breaker)."""
    words = _WORD.findall(_LATEX_CMD.sub(" ", text[:2000]).lower())
    if not words:
        return None
    scores = {lang: float(sum(1 for w in words if w in vocab)) for lang, vocab in _WORDS.items()}
    lowered = text[:2000].lower()
    for lang, marks in _MARKS.items():
        if scores[lang]:
            scores[lang] += 0.5 * sum(1 for ch in set(lowered) if ch in marks)
    english = scores.pop("en")
    best = max(scores, key=lambda k: scores[k])
    top = scores[best]
    if top < 1 or top <= english or sum(1 for v in scores.values() if v == top) > 1:
        return None
    return best


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def solve_prompt(problem: str, lang: str | None = None) -> str:
    """The problem, then the model card's boxed-answer instruction (and the answer language when set)."""
    return _join(problem.strip(), BOXED_INSTRUCTION, language_line(lang))


def hint_prompt(problem: str, *, level: int | None = None, student_answer: str | None = None,
                context: str | None = None, lang: str | None = None) -> str:
    """A hint at ``level`` (1 strategy, 2 method, 3 next step) that must never reveal the final answer."""
    lvl = level if level in _HINT_LEVELS else 1
    parts = [
        "A student is working on this problem:",
        problem.strip(),
    ]
    if student_answer and student_answer.strip():
        parts.append("The student's last answer was: " + student_answer.strip())
    if context and context.strip():
        parts.append("Background for you (do not quote it): " + context.strip())
    parts.append(
        "Act as a tutor and give the student a hint (level " + str(lvl) + " of 3). " + _HINT_LEVELS[lvl]
        + " Never reveal the final answer or the final result, not even partially, and do not use \\boxed{}."
        + " If the student's answer is wrong, say so gently and point at the first mistake without correcting it."
        + " Keep the hint to at most three sentences."
    )
    parts.append(language_line(lang))
    return _join(*parts)


def explain_prompt(problem: str, *, student_answer: str | None = None, context: str | None = None,
                   lang: str | None = None) -> str:
    """Explain a concept or an error clearly; no boxed final answer required."""
    parts = ["Explain the following clearly to a student, step by step, with a short example where it helps:",
             problem.strip()]
    if student_answer and student_answer.strip():
        parts.append("The student answered: " + student_answer.strip()
                     + "\nExplain what is right or wrong about this answer and why.")
    if context and context.strip():
        parts.append("Context: " + context.strip())
    parts.append("Use LaTeX for mathematics. A boxed final answer is not needed.")
    parts.append(language_line(lang))
    return _join(*parts)


def build_prompt(request: AskRequest) -> str:
    """The user-turn text for ``request`` according to its mode. Without ``request.lang`` the answer language is
    guessed from the problem (``guess_language``): only a clearly non-English problem gets an "Answer in …" line."""
    lang = request.lang or guess_language(request.problem)
    if request.mode == "hint":
        return hint_prompt(request.problem, level=request.hint_level, student_answer=request.student_answer,
                           context=request.context, lang=lang)
    if request.mode == "explain":
        return explain_prompt(request.problem, student_answer=request.student_answer, context=request.context,
                              lang=lang)
    if request.mode != "solve":
        raise ConfigError("unknown mode " + repr(request.mode) + "; use solve, hint or explain")
    return solve_prompt(request.problem, lang)
