"""R1-style reply texts for tests: start mid-thought, LaTeX in \\[ … \\], a \\boxed{} answer, one cut-off reply.

Written for this project in the style of real DeepSeek-R1 distill outputs (see shared/reference/r1-samples).
"""

from __future__ import annotations

__all__ = ["QUADRATIC", "LINEAR", "CUT_OFF", "GENERIC", "HINT", "Sample", "canned_for"]


class Sample:
    def __init__(self, problem: str, reasoning: str, answer: str, final: str | None) -> None:
        self.problem = problem
        self.reasoning = reasoning
        self.answer = answer
        self.final = final


QUADRATIC = Sample(
    "Solve x^2 - 5x + 6 = 0",
    "Okay, so I need to solve the quadratic equation x squared minus 5x plus 6 equals zero. Hmm, let me see if it "
    "factors. I'm looking for two numbers that multiply to 6 and add up to -5. That would be -2 and -3, since "
    "(-2)(-3) = 6 and -2 + (-3) = -5.\n\nSo the equation factors as (x - 2)(x - 3) = 0. Wait, let me double-check by "
    "expanding: x^2 - 3x - 2x + 6 = x^2 - 5x + 6. Yes, that's right.\n\nSetting each factor to zero gives x = 2 or "
    "x = 3. Let me verify x = 2: 4 - 10 + 6 = 0. And x = 3: 9 - 15 + 6 = 0. Both work.\n",
    "To solve \\( x^2 - 5x + 6 = 0 \\), factor the quadratic:\n\n**Step 1:** Find two numbers whose product is "
    "\\(6\\) and whose sum is \\(-5\\): these are \\(-2\\) and \\(-3\\).\n\n\\[\nx^2 - 5x + 6 = (x - 2)(x - 3) = 0\n"
    "\\]\n\n**Step 2:** Set each factor to zero:\n\n\\[\nx - 2 = 0 \\quad\\text{or}\\quad x - 3 = 0\n\\]\n\n"
    "**Final Answer:**\n\\[\n\\boxed{x = 2 \\text{ or } x = 3}\n\\]",
    "x = 2 \\text{ or } x = 3",
)

LINEAR = Sample(
    "Solve 2x + 3 = 7",
    "First, I'll isolate the term with x. Subtracting 3 from both sides gives 2x = 4.\n\nThen dividing both sides "
    "by 2 gives x = 2. Let me check: 2(2) + 3 = 7. Correct.\n",
    "Subtract \\(3\\) from both sides, then divide by \\(2\\):\n\n\\[\n2x + 3 = 7 \\;\\Rightarrow\\; 2x = 4 "
    "\\;\\Rightarrow\\; x = \\frac{4}{2}\n\\]\n\n**Final Answer:**\n\\[\n\\boxed{2}\n\\]",
    "2",
)

GENERIC = Sample(
    "",
    "Okay, let me read the problem carefully and think about what it is asking. Hmm, I should set up the relevant "
    "quantities first and then work through the steps one at a time.\n\nLet me double-check each step before "
    "writing the answer.\n",
    "Working through the problem step by step:\n\n\\[\n\\text{result} = 6 \\times 7 = 42\n\\]\n\n"
    "**Final Answer:**\n\\[\n\\boxed{42}\n\\]",
    "42",
)

HINT = Sample(
    "",
    "The student needs a nudge, not the answer. The key idea is factoring; I shouldn't state the roots.\n",
    "Try to write the left-hand side as a product of two brackets: which two numbers multiply to the constant term "
    "and add up to the coefficient of \\(x\\)?",
    None,
)

CUT_OFF = Sample(
    "What's the probability of getting exactly one 6 when rolling three dice?",
    "Okay, so I need the probability of exactly one 6 with three dice. The total number of outcomes is 6^3 = 216.\n\n"
    "Now the favourable outcomes: choose which die shows the 6, that's C(3,1) = 3 ways. The other two dice must not "
    "show a 6, so each has 5 options, giving 5^2 = 25. Wait, hold on, let me double-check that",
    "",
    None,
)


def canned_for(prompt: str, answer: str | None = None) -> Sample:
    """A plausible R1 reply for any prompt (the CLI server and the default reply)."""
    if "hint" in prompt.lower() and "never reveal" in prompt.lower():
        return HINT
    flat = prompt.replace(" ", "")
    if answer is not None:
        return Sample(prompt, GENERIC.reasoning, "Working through the problem step by step:\n\n**Final Answer:**\n"
                      "\\[\n\\boxed{" + answer + "}\n\\]", answer)
    if "x^2-5x+6" in flat or "x**2-5*x+6" in flat:
        return QUADRATIC
    if "2x+3=7" in flat:
        return LINEAR
    return GENERIC
