"""Expected values for tests/unit/lib/learn/*.test.ts, computed exactly with Python's integers and
fractions, independently of the TypeScript code (no product form, no floats until the last step).

Run from the repo root:
    python3 tests/unit/lib/learn/gen_estimator.py > tests/unit/lib/learn/estimator-fixture.json
"""
import json
import math
import random
import sys
from fractions import Fraction

SEED = 20240612
MASK = 0xFFFFFFFF


def exact_pass_at_k(n, c, k):
    """1 - C(n-c, k) / C(n, k), exactly; math.comb gives 0 when k > n - c, so this is 1 there."""
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


def naive_pass_at_k(n, c, k):
    """The plug-in estimate 1 - (1 - c/n)^k, exactly."""
    return 1 - (1 - Fraction(c, n)) ** k


def expected_naive(n, p, k):
    """E[1 - (1 - C/n)^k] for C ~ Binomial(n, p), exactly."""
    return sum(math.comb(n, c) * p**c * (1 - p) ** (n - c) * naive_pass_at_k(n, c, k) for c in range(n + 1))


def mulberry32(seed):
    """Tommy Ettinger's mulberry32, written from its C source with explicit 32-bit masks."""
    a = seed & MASK
    while True:
        a = (a + 0x6D2B79F5) & MASK
        t = ((a ^ (a >> 15)) * (a | 1)) & MASK
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK) ^ t
        yield ((t ^ (t >> 14)) & MASK) / 4294967296


def simulate(n, c, k, seed, trials, every):
    """Draw k of n without replacement `trials` times (partial Fisher-Yates over a permutation kept
    between draws, as src/lib/learn/simulation.ts does); samples 0..c-1 are correct."""
    gen = mulberry32(seed)
    order = list(range(n))
    hits = 0
    history = []
    for t in range(1, trials + 1):
        hit = False
        for j in range(k):
            pick = j + math.floor(next(gen) * (n - j))
            order[j], order[pick] = order[pick], order[j]
            hit = hit or order[j] < c
        hits += hit
        if t % every == 0:
            history.append([t, hits])
    return {"n": n, "c": c, "k": k, "seed": seed, "trials": trials, "every": every, "history": history}


def random_case(rng):
    # n spread over 1..1000 on a log scale, so small and large counts both appear.
    n = max(1, min(1000, round(math.exp(rng.uniform(0, math.log(1000))))))
    c = rng.randint(0, n)
    # Mostly k <= n - c: with k > n - c the answer is exactly 1 and tests little.
    k = rng.randint(1, max(1, n - c)) if rng.random() < 0.8 else rng.randint(1, n)
    return n, c, k


def main():
    rng = random.Random(SEED)
    cases = [(1, 0, 1), (1, 1, 1), (10, 3, 5), (200, 1, 1), (200, 100, 100), (200, 0, 200), (1000, 1, 1)]
    while len(cases) < 1000:
        cases.append(random_case(rng))
    estimates = [[n, c, k, float(exact_pass_at_k(n, c, k))] for n, c, k in cases]
    naive = [[n, c, k, float(naive_pass_at_k(n, c, k))] for n, c, k in cases[:200]]
    binomials = [[n, k, str(math.comb(n, k))] for n, k in [(10, 5), (60, 30), (171, 85), (200, 100), (300, 150)]]
    bias = []
    for n, p, k in [(10, Fraction(3, 10), 5), (20, Fraction(1, 10), 10), (50, Fraction(1, 20), 20), (40, Fraction(1, 2), 3)]:
        bias.append({"n": n, "p": float(p), "k": k, "truth": float(1 - (1 - p) ** k), "naiveMean": float(expected_naive(n, p, k))})
    gen = mulberry32(42)
    prng = {"seed": 42, "values": [next(gen) for _ in range(10)]}
    simulations = [simulate(10, 3, 5, 2024, 5000, 1000), simulate(200, 10, 30, 7, 2000, 500)]
    fixture = {"simulations": simulations, "estimates": estimates, "naive": naive, "binomials": binomials, "bias": bias, "mulberry32": prng}
    json.dump(fixture, sys.stdout)
    print()


if __name__ == "__main__":
    main()
