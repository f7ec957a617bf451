"""Generators: unit conversion, kinematics, Ohm's law / circuits, stoichiometry-style ratios (levels 1–3).

Values are computed with exact fractions from the stated data; answers are quantities (number + unit) checked
with a relative tolerance, so a student's rounding to 3 significant figures is accepted.
"""

from __future__ import annotations

import random
from fractions import Fraction

from ._common import Draft, coin, fmt_num, pick

__all__ = ["unit_conversion", "kinematics", "circuits", "stoichiometry"]

_RTOL = 0.01
G = Fraction(98, 10)  # m/s^2, stated in every statement that uses it

# (from unit, to unit, factor to multiply by, nice values for the input)
_CONVERSIONS: dict[int, list[tuple[str, str, Fraction, list[int]]]] = {
    1: [
        ("km", "m", Fraction(1000), [2, 3, 5, 7, 12, 15, 42]),
        ("cm", "m", Fraction(1, 100), [25, 40, 150, 320, 75]),
        ("g", "kg", Fraction(1, 1000), [250, 500, 1200, 750, 3400]),
        ("min", "s", Fraction(60), [2, 3, 5, 12, 15, 45]),
        ("L", "mL", Fraction(1000), [2, 3, 5, 12, 15]),
    ],
    2: [
        ("km/h", "m/s", Fraction(1000, 3600), [36, 54, 72, 90, 108, 18]),
        ("m/s", "km/h", Fraction(3600, 1000), [5, 10, 15, 20, 25, 30]),
        ("h", "s", Fraction(3600), [2, 3, 5]),
        ("L", "cm^3", Fraction(1000), [2, 4, 6, 12]),
    ],
    3: [
        ("g/cm^3", "kg/m^3", Fraction(1000), [2, 3, 7, 11, 19]),
        ("km^2", "m^2", Fraction(10**6), [2, 3, 5]),
        ("m^2", "cm^2", Fraction(10**4), [2, 3, 5, 12]),
        ("m^3", "L", Fraction(1000), [2, 3, 4]),
        ("kg/m^3", "g/cm^3", Fraction(1, 1000), [800, 1000, 2700, 7800]),
    ],
}


def _quantity(value: Fraction, unit: str) -> Draft:
    number = fmt_num(float(value))
    return Draft(statement="", answer=f"{number} {unit}", kind="units", value=value, unit=unit,
                 options={"rtol": _RTOL}, answer_latex=rf"{number}\ \mathrm{{{unit}}}")


def _finish(draft: Draft, statement: str, solution: str) -> Draft:
    draft.statement = statement + " Include the unit."
    draft.solution = f"{solution} Answer: ${draft.answer_latex}$."
    return draft


def unit_conversion(rng: random.Random, level: int) -> Draft:
    src, dst, factor, values = pick(rng, _CONVERSIONS[level])
    given = rng.choice(values)
    value = given * factor
    draft = _quantity(value, dst)
    return _finish(
        draft,
        f"Convert ${given}\\ \\mathrm{{{src}}}$ to $\\mathrm{{{dst}}}$.",
        f"1 {src} = {fmt_num(float(factor), 6)} {dst}, so multiply: ${given} \\times {fmt_num(float(factor), 6)}$.",
    )


def kinematics(rng: random.Random, level: int) -> Draft:
    if level == 1:
        v, t = rng.randint(2, 30), rng.randint(3, 60)
        if coin(rng):
            draft = _quantity(Fraction(v * t), "m")
            return _finish(draft, f"A cyclist rides at a constant ${v}$ m/s for ${t}$ s. How far does she travel?",
                           f"Distance = speed × time = ${v} \\times {t}$.")
        d = v * t
        draft = _quantity(Fraction(v), "m/s")
        return _finish(draft, f"A runner covers ${d}$ m in ${t}$ s. What is the average speed?",
                       f"Average speed = distance / time = ${d} / {t}$.")
    if level == 2:
        u, a, t = rng.randint(0, 10), rng.randint(1, 5), rng.randint(2, 12)
        if coin(rng):
            draft = _quantity(Fraction(u + a * t), "m/s")
            return _finish(
                draft,
                f"A car moving at ${u}$ m/s accelerates uniformly at ${a}$ m/s² for ${t}$ s. What is its final speed?",
                "Use $v = u + at$.",
            )
        draft = _quantity(Fraction(u * t) + Fraction(a * t * t, 2), "m")
        return _finish(
            draft,
            f"A cart starts at ${u}$ m/s and accelerates uniformly at ${a}$ m/s² for ${t}$ s. How far does it go?",
            r"Use $s = ut + \tfrac{1}{2}at^2$.",
        )
    if coin(rng):
        v = rng.randint(5, 30)
        draft = _quantity(Fraction(v * v) / (2 * G), "m")
        return _finish(
            draft,
            f"A ball is thrown straight up at ${v}$ m/s. How high does it rise? (Take $g = 9.8$ m/s², no air resistance.)",
            r"At the top $v = 0$, so $h = \dfrac{v_0^2}{2g}$.",
        )
    h = rng.choice([5, 10, 20, 45, 80, 125])
    t_squared = 2 * h / G
    draft = _quantity(Fraction(float(t_squared) ** 0.5), "s")
    return _finish(
        draft,
        f"A stone is dropped from rest from a height of ${h}$ m. How long does it take to reach the ground? "
        "(Take $g = 9.8$ m/s², no air resistance.)",
        r"From $h = \tfrac{1}{2}gt^2$: $t = \sqrt{2h/g}$.",
    )


def circuits(rng: random.Random, level: int) -> Draft:
    if level == 1:
        r = rng.choice([2, 4, 5, 10, 20, 50, 100])
        i = rng.choice([Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3)])
        v = Fraction(r) * i
        if coin(rng):
            draft = _quantity(Fraction(i), "A")
            return _finish(draft, f"A ${fmt_num(float(v))}$ V battery drives a current through a ${r}\\ \\Omega$ resistor. "
                           "What is the current?", "Ohm's law: $I = V / R$.")
        draft = _quantity(v, "V")
        return _finish(draft, f"A current of ${fmt_num(float(i))}$ A flows through a ${r}\\ \\Omega$ resistor. "
                       "What is the voltage across it?", "Ohm's law: $V = IR$.")
    if level == 2:
        rs = [rng.choice([2, 3, 4, 5, 6, 8, 10, 12]) for _ in range(rng.randint(2, 3))]
        volts = rng.choice([6, 9, 12, 24])
        total = sum(rs)
        draft = _quantity(Fraction(volts, total), "A")
        listing = ", ".join(f"{r}\\ \\Omega" for r in rs)
        return _finish(
            draft,
            f"Resistors of ${listing}$ are connected in series to a ${volts}$ V supply. What current flows?",
            f"In series the resistances add: $R = {total}\\ \\Omega$; then $I = V/R = {volts}/{total}$.",
        )
    r1, r2 = rng.sample([3, 4, 6, 10, 12, 15, 20, 30], 2)
    if coin(rng):
        req = Fraction(r1 * r2, r1 + r2)
        draft = _quantity(req, "ohm")
        draft.answer_latex = rf"{fmt_num(float(req))}\ \Omega"
        return _finish(
            draft,
            f"Two resistors of ${r1}\\ \\Omega$ and ${r2}\\ \\Omega$ are connected in parallel. "
            "What is the equivalent resistance (in ohm)?",
            r"In parallel, $R = \dfrac{R_1 R_2}{R_1 + R_2}$.",
        )
    supply = rng.choice([6, 12, 24, 120])
    draft = _quantity(Fraction(supply * supply, r1), "W")
    return _finish(
        draft,
        f"A ${r1}\\ \\Omega$ heater is connected to a ${supply}$ V supply. What power does it dissipate?",
        r"$P = V^2 / R$.",
    )


# reaction text, reactant (name, coefficient, molar mass g/mol), product (name, coefficient, molar mass g/mol)
_REACTIONS = [
    (r"2\,H_2 + O_2 \to 2\,H_2O", ("H_2", 2, Fraction(2016, 1000)), ("H_2O", 2, Fraction(18015, 1000))),
    (r"N_2 + 3\,H_2 \to 2\,NH_3", ("N_2", 1, Fraction(28014, 1000)), ("NH_3", 2, Fraction(17031, 1000))),
    (r"CH_4 + 2\,O_2 \to CO_2 + 2\,H_2O", ("CH_4", 1, Fraction(16043, 1000)), ("CO_2", 1, Fraction(44009, 1000))),
    (r"2\,Mg + O_2 \to 2\,MgO", ("Mg", 2, Fraction(24305, 1000)), ("MgO", 2, Fraction(40304, 1000))),
    (r"C_3H_8 + 5\,O_2 \to 3\,CO_2 + 4\,H_2O", ("C_3H_8", 1, Fraction(44097, 1000)), ("H_2O", 4, Fraction(18015, 1000))),
]


def stoichiometry(rng: random.Random, level: int) -> Draft:
    equation, (ra, ca, ma), (pb, cb, mb) = pick(rng, _REACTIONS)
    eq = f"$$\\mathrm{{{equation}}}$$"
    if level == 1:
        n = rng.choice([1, 2, 3, 4, 5, 6, 10])
        draft = _quantity(Fraction(n * cb, ca), "mol")
        return _finish(draft, f"For the reaction {eq} how many moles of $\\mathrm{{{pb}}}$ form from ${n}$ mol of "
                       f"$\\mathrm{{{ra}}}$ (with enough of everything else)?",
                       f"The mole ratio is ${cb}:{ca}$, so $n = {n} \\times {cb}/{ca}$.")
    if level == 2:
        mass = rng.choice([8, 10, 16, 20, 32, 50, 64, 100])
        draft = _quantity(Fraction(mass) / ma, "mol")
        return _finish(draft, f"How many moles are in ${mass}$ g of $\\mathrm{{{ra}}}$ "
                       f"(molar mass ${fmt_num(float(ma), 5)}$ g/mol)?",
                       f"$n = m / M = {mass} / {fmt_num(float(ma), 5)}$.")
    mass = rng.choice([4, 8, 10, 16, 20, 50])
    product_mass = Fraction(mass) / ma * Fraction(cb, ca) * mb
    draft = _quantity(product_mass, "g")
    return _finish(
        draft,
        f"For the reaction {eq} what mass of $\\mathrm{{{pb}}}$ forms from ${mass}$ g of $\\mathrm{{{ra}}}$ "
        f"(with enough of everything else)? Molar masses: {ra.replace('_', '')} ${fmt_num(float(ma), 5)}$ g/mol, "
        f"{pb.replace('_', '')} ${fmt_num(float(mb), 5)}$ g/mol.",
        f"Moles of reactant $= {mass}/{fmt_num(float(ma), 5)}$; times the ratio ${cb}/{ca}$; times "
        f"${fmt_num(float(mb), 5)}$ g/mol.",
    )
