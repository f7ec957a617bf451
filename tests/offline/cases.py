"""Problem tables per family: textbook phrasing and LaTeX, each with its expected answer (checked by tutor.check)."""

from __future__ import annotations

# (problem, expected answer as a teacher would write it)
LINEAR = [
    ("Solve 2x + 3 = 7", "x = 2"),
    ("Solve $3x - 5 = 10$", "x = 5"),
    ("Solve for x: 5x + 2 = 3x - 8", "x = -5"),
    ("Solve 4(x - 1) = 2x + 6", "x = 5"),
    (r"Solve \(\frac{x}{2} + 1 = \frac{x}{3} - 2\)", "x = -18"),
    ("Solve 7 - x = 2", "x = 5"),
    ("Solve 0.5x + 1.5 = 4", "x = 5"),
    ("Find x such that 3(x + 2) - 4 = 2(x - 1)", "x = -4"),
    (r"Solve $\frac{2x - 1}{3} = 5$", "x = 8"),
    ("2x + 3 = 7x - 12", "x = 3"),
    ("Solve -3x = 12", "x = -4"),
    ("Solve y + 4 = 2y - 1 for y", "y = 5"),
]

QUADRATIC = [
    ("Solve x^2 - 5x + 6 = 0", "x = 2 or x = 3"),
    ("Solve $x^2 + x + 1 = 0$", "x = (-1 + sqrt(3) i)/2 or x = (-1 - sqrt(3) i)/2"),
    ("Solve 2x^2 = 8", "x = 2 or x = -2"),
    ("Solve x^2 - 2x = 1", "x = 1 + sqrt(2) or x = 1 - sqrt(2)"),
    ("Solve 6x^2 + x - 2 = 0", "x = 1/2 or x = -2/3"),
    (r"Solve $x^{2} - 4x + 4 = 0$", "{2}"),
    ("Find the roots of x^2 - 9", "{3, -3}"),
    ("Solve x^2 + 4 = 0", "x = 2i or x = -2i"),
    ("Solve x^2 = 3x", "x = 0 or x = 3"),
    (r"Solve \(3x^2 - 2x - 1 = 0\)", "x = 1 or x = -1/3"),
    ("Find the zeros of x^2 + 2x - 15", "x = 3 or x = -5"),
    ("Solve 2x^2 + 3x - 1 = 0", "x = (-3 + sqrt(17))/4 or x = (-3 - sqrt(17))/4"),
]

POLYNOMIAL = [
    ("Solve x^3 - 6x^2 + 11x - 6 = 0", "{1, 2, 3}"),
    ("Find the roots of x^3 - 8", "x = 2 or x = -1 + sqrt(3) i or x = -1 - sqrt(3) i"),
    ("Solve x^4 - 5x^2 + 4 = 0", "{-2, -1, 1, 2}"),
    ("Solve $2x^3 - 3x^2 - 3x + 2 = 0$", "{-1, 1/2, 2}"),
    ("Solve x^4 + x^3 = 2x^2", "{-2, 0, 1}"),
    ("Solve x^3 - x = 0", "{-1, 0, 1}"),
    (r"Find the zeros of $x^3 + 2x^2 - x - 2$", "{-2, -1, 1}"),
    ("Solve x^3 - 3x^2 + 4 = 0", "{-1, 2}"),
    ("Solve x^3 + x^2 + x + 1 = 0", "x = -1 or x = i or x = -i"),
    ("Solve x^4 - 1 = 0", "x = 1 or x = -1 or x = i or x = -i"),
    ("Solve x^3 - 7x + 6 = 0", "{1, 2, -3}"),
]

SYSTEM = [
    ("Solve the system x + y = 5, x - y = 1", "x = 3, y = 2"),
    ("Solve 2x + 3y = 12 and 4x - y = 10", "x = 3, y = 2"),
    ("Solve the system: x + y + z = 6, 2x - y + z = 3, x + 2y - z = 2", "x = 1, y = 2, z = 3"),
    ("Solve y = 2x + 1, x = 3", "x = 3, y = 7"),
    (r"Solve $\begin{cases} 3x + 2y = 7 \\ x - y = -1 \end{cases}$", "x = 1, y = 2"),
    ("Solve the system 5a + 2b = 1; 3a - b = 5", "a = 1, b = -2"),
    ("Solve the system 2x - y = 0, x + y = 6", "x = 2, y = 4"),
    ("Solve the system x + 2y = 4, 3x - 4y = 2", "x = 2, y = 1"),
    ("Solve the system x - y + z = 2, x + y = 3, y + z = 3", "x = 5/3, y = 4/3, z = 5/3"),
    ("Solve the equations 4x + y = 9 and x - 2y = -9", "x = 1, y = 5"),
    ("Solve the system a + b + c = 3, a - b = 0, 2c - a = 1", "a = 1, b = 1, c = 1"),
]

INEQUALITY = [
    ("Solve 2x + 3 < 7", "(-oo, 2)"),
    ("Solve -3x + 1 >= 7", "(-oo, -2]"),
    ("Solve x^2 - 5x + 6 > 0", "(-oo, 2) U (3, oo)"),
    ("Solve $x^2 \\le 4$", "[-2, 2]"),
    ("Solve |x - 1| < 3", "(-2, 4)"),
    ("Solve |2x + 1| >= 5", "(-oo, -3] U [2, oo)"),
    ("Solve x^2 + 1 > 0", "(-oo, oo)"),
    ("Solve 5 - 2x <= 3x + 20", "[-3, oo)"),
    ("Solve x^2 - x - 6 <= 0", "[-2, 3]"),
    (r"Solve $3(x - 2) > x + 4$", "(5, oo)"),
    ("Solve |2x - 3| = 5", "x = 4 or x = -1"),
    ("Solve |x + 2| = 3x", "x = 1"),
    ("Solve |3x| = 12", "x = 4 or x = -4"),
]

ALGEBRA = [
    ("Factor x^2 - 9", "(x - 3)(x + 3)"),
    ("Factor 2x^2 + 10x + 12", "2(x + 2)(x + 3)"),
    ("Factor x^4 - 16", "(x - 2)(x + 2)(x^2 + 4)"),
    ("Factor $x^3 + 8$", "(x + 2)(x^2 - 2x + 4)"),
    ("Factor x^3 - x^2 - 4x + 4", "(x - 1)(x - 2)(x + 2)"),
    ("Factor completely 4x^2 + 12x + 9", "(2x + 3)^2"),
    ("Factor x^2 y - y", "y(x - 1)(x + 1)"),
    ("Expand (x + 1)(x - 2)", "x^2 - x - 2"),
    ("Expand (2x - 3)^2", "4x^2 - 12x + 9"),
    (r"Expand $3(x + 2) + x(x - 1)$", "x^2 + 2x + 6"),
    ("Expand (a + b)^3", "a^3 + 3a^2 b + 3a b^2 + b^3"),
    ("Simplify (x^2 - 1)/(x^2 + 2x + 1)", "(x - 1)/(x + 1)"),
    (r"Simplify $\frac{x^2 - 4}{x - 2}$", "x + 2"),
    ("Simplify sin(x)^2 + cos(x)^2 + x", "x + 1"),
    ("Simplify 1/x + 1/(x + 1)", "(2x + 1)/(x(x + 1))"),
]

DERIVATIVE = [
    ("Find the derivative of x^3 + 2x", "3x^2 + 2"),
    ("Find the derivative of x^2 sin(x)", "2x sin(x) + x^2 cos(x)"),
    ("d/dx sin(x^2)", "2x cos(x^2)"),
    ("Differentiate (x^2 + 1)^3", "6x(x^2 + 1)^2"),
    ("Differentiate e^(2x) cos x", "2e^(2x) cos(x) - e^(2x) sin(x)"),
    (r"\frac{d}{dx} \ln(x^2 + 1)", "2x/(x^2 + 1)"),
    ("Find the derivative of (x + 1)/(x - 1)", "-2/(x - 1)^2"),
    ("Differentiate sqrt(x)", "1/(2 sqrt(x))"),
    ("Find the derivative of x^x", "x^x (ln(x) + 1)"),
    ("Differentiate 2^x", "2^x ln(2)"),
    ("d/dx tan(3x)", "3 sec(3x)^2"),
    ("Find the second derivative of x^4 - 3x^2", "12x^2 - 6"),
    ("Find the derivative of x^3 at x = 2", "12"),
    ("Differentiate t^2 e^t with respect to t", "2t e^t + t^2 e^t"),
    (r"Find $f'(x)$ if $f(x) = \frac{\sin x}{x}$", "(x cos(x) - sin(x))/x^2"),
]

INTEGRAL = [
    ("Integrate x^2 + 3x dx", "x^3/3 + 3x^2/2 + C"),
    ("Integrate x e^x dx", "(x - 1) e^x + C"),
    ("Find the integral of 2x cos(x^2)", "sin(x^2) + C"),
    ("Integrate 1/(x^2 - 1) dx", "ln(x - 1)/2 - ln(x + 1)/2 + C"),
    ("Integrate sin(x)^2 dx", "x/2 - sin(2x)/4 + C"),
    ("Integrate x^2 from 0 to 1", "1/3"),
    (r"\int_0^1 x^2 \, dx", "1/3"),
    (r"Evaluate $\int_{1}^{e} \frac{1}{x}\,dx$", "1"),
    ("Integrate e^(-x) from 0 to oo", "1"),
    ("Find the antiderivative of ln(x)", "x ln(x) - x + C"),
    ("Integrate e^x sin(x) dx", "e^x (sin(x) - cos(x))/2 + C"),
    ("Integrate 1/(1 + x^2) dx", "atan(x) + C"),
    ("Integrate 3t^2 dt", "t^3 + C"),
    ("Integrate sin(x) from 0 to pi", "2"),
]

LIMIT = [
    ("lim x->2 x^2 + 1", "5"),
    ("Find the limit of (x^2 - 1)/(x - 1) as x approaches 1", "2"),
    ("lim x->0 sin(x)/x", "1"),
    (r"$\lim_{x \to \infty} \frac{3x^2 + 1}{x^2 - 5}$", "3"),
    (r"\lim_{x \to 0} \frac{e^x - 1 - x}{x^2}", "1/2"),
    ("lim x->oo (1 + 1/x)^x", "e"),
    ("Find the limit of 1/x^2 as x approaches 0", "oo"),
    ("Find the limit of ln(x)/x as x approaches infinity", "0"),
    ("limit as x approaches 0 of sin(3x)/x", "3"),
    ("lim_(x->0) (1 - cos x)/x^2", "1/2"),
    ("lim x->3 (x^2 - 9)/(x - 3)", "6"),
    ("Find the limit of (2x + 1)/(x - 4) as x approaches infinity", "2"),
]

TAYLOR = [
    ("Taylor series of sin(x) around 0 up to x^4", "x - x^3/6"),
    ("Maclaurin series of e^x up to x^3", "1 + x + x^2/2 + x^3/6"),
    ("Taylor series of ln(x) around x = 1 up to (x-1)^3", "(x - 1) - (x - 1)^2/2 + (x - 1)^3/3"),
    ("Maclaurin series of cos(x) up to x^4", "1 - x^2/2 + x^4/24"),
    ("Taylor polynomial of sqrt(1 + x) around 0 of degree 2", "1 + x/2 - x^2/8"),
    ("Maclaurin series of 1/(1 - x) up to x^4", "1 + x + x^2 + x^3 + x^4"),
    ("Taylor series of e^x around x = 1 up to (x-1)^2", "e + e(x - 1) + e(x - 1)^2/2"),
    (r"Taylor series of $\arctan(x)$ around 0 up to x^5", "x - x^3/3 + x^5/5"),
    ("Maclaurin series of ln(1 + x) up to x^3", "x - x^2/2 + x^3/3"),
    ("Taylor series of x^3 around x = 2 up to (x-2)^3", "8 + 12(x - 2) + 6(x - 2)^2 + (x - 2)^3"),
    ("Maclaurin polynomial of sin(2x) to order 3", "2x - 4x^3/3"),
]

ODE = [
    ("Solve y' = 2y, y(0) = 3", "y = 3e^(2x)"),
    ("Solve dy/dx = x*y with y(0) = 1", "y = e^(x^2/2)"),
    ("Solve y' = x/y, y(0) = 2", "y = sqrt(x^2 + 4)"),
    ("Solve y' = x - y, y(0) = 1", "y = x - 1 + 2e^(-x)"),
    ("Solve y' = 3x^2, y(0) = 1", "y = x^3 + 1"),
    ("Solve y' = y cos(x), y(0) = 1", "y = e^(sin(x))"),
    ("Solve y' + 2y = e^x, y(0) = 1", "y = e^x/3 + 2e^(-2x)/3"),
    ("Solve the differential equation y' = y/x + x, y(1) = 2", "y = x^2 + x"),
    ("Solve y' = 1 + y^2, y(0) = 0", "y = tan(x)"),
    (r"Solve $\frac{dy}{dx} = -y$, y(0) = 5", "y = 5e^(-x)"),
    ("Solve y' = 2x y, y(0) = 2", "y = 2e^(x^2)"),
]

MATRIX = [
    ("determinant of [[1, 2], [3, 4]]", "-2"),
    ("Find the determinant of [[2, 0, 1], [1, 3, 2], [1, 1, 1]]", "0"),
    (r"Find the determinant of $\begin{pmatrix} 1 & 2 & 3 \\ 0 & 1 & 4 \\ 5 & 6 & 0 \end{pmatrix}$", "1"),
    ("det [[3, 1], [4, 2]]", "2"),
    ("inverse of [[1, 2], [3, 4]]", "[[-2, 1], [3/2, -1/2]]"),
    ("Find the inverse of [[2, 1], [5, 3]]", "[[3, -1], [-5, 2]]"),
    ("Find the inverse of [[1, 2, 3], [0, 1, 4], [5, 6, 0]]", "[[-24, 18, 5], [20, -15, -4], [-5, 4, 1]]"),
    ("row reduce [[1, 2, 3], [4, 5, 6]]", "[[1, 0, -1], [0, 1, 2]]"),
    ("rref of [[2, 4], [1, 3]]", "[[1, 0], [0, 1]]"),
    ("Find the determinant of [[4, 3, 2], [1, 0, 5], [2, 1, 1]]", "9"),
    ("determinant of [[a, b], [c, d]]", "a d - b c"),
]

UNITS = [
    ("Convert 72 km/h to m/s", "20 m/s"),
    ("Convert 5 mi to km", "8.04672 km"),
    ("Convert 2.5 kg to g", "2500 g"),
    ("Convert 3 ft to m", "0.9144 m"),
    ("Convert 1 kWh to J", "3600000 J"),
    ("Convert 100 degC to degF", "212 degF"),
    ("Convert 90 min to h", "1.5 h"),
    ("Convert 1500 mL to L", "1.5 L"),
    ("Convert 60 mph to km/h", "96.56064 km/h"),
    ("Convert 1 atm to Pa", "101325 Pa"),
    ("Convert 10 m/s to km/h", "36 km/h"),
]

ARITHMETIC = [
    ("Evaluate 7!/(5! 2!)", "21"),
    ("Evaluate 1/2 + 1/3", "5/6"),
    ("Evaluate 2^10", "1024"),
    ("Evaluate 5!", "120"),
    ("Evaluate 3*(4+5)-2^3", "19"),
    ("10 choose 3", "120"),
    ("Evaluate C(8, 2)", "28"),
    ("P(5, 2)", "20"),
    (r"Evaluate $\binom{6}{3}$", "20"),
    ("How many ways to choose 2 from 6", "15"),
    ("What is 12/18 + 1/9", "7/9"),
    (r"Evaluate $\frac{10!}{8!}$", "90"),
    ("Factor 360", "2^3 * 3^2 * 5"),
]

FAMILIES = {
    "linear": LINEAR, "quadratic": QUADRATIC, "polynomial": POLYNOMIAL, "system": SYSTEM,
    "inequality": INEQUALITY, "algebra": ALGEBRA, "derivative": DERIVATIVE, "integral": INTEGRAL,
    "limit": LIMIT, "taylor": TAYLOR, "ode": ODE, "matrix": MATRIX, "units": UNITS, "arithmetic": ARITHMETIC,
}

ALL = [(fam, p, e) for fam, rows in FAMILIES.items() for p, e in rows]
