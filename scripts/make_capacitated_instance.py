#!/usr/bin/env python3
"""Write a capacitated assignment instance as a DIMACS "p min" file.

M matters and P providers. Each matter has a fixed number of distinct eligible
providers (30 by default), drawn at random from a seeded generator, each with
an integer cost in 0..999. Every provider can take ceil(M/P) + 2 matters.

Nodes, 1-based: 1 is the source with supply M, 2..M+1 are the matters,
M+2..M+P+1 are the providers, and M+P+2 is the sink with supply -M. Arcs:
source -> matter (capacity 1, cost 0), matter -> provider (capacity 1, cost
c), provider -> sink (capacity ceil(M/P) + 2, cost 0). The supplies must be
met exactly, so the instance is feasible only if every matter can be assigned
to one of its eligible providers. The script checks that with a bipartite
b-matching before it writes the file and fails when no such assignment exists.

The same arguments give the same file on the same Python version. Python's
random module guarantees only its seeding and random() across versions, so
another version may draw other providers and costs.
"""

from __future__ import annotations

import argparse
import collections
import math
import random
import sys
from pathlib import Path

MAX_COST = 999


class Instance:
    """Eligible providers and costs of each matter, with 0-based ids."""

    def __init__(
        self,
        matters: int,
        providers: int,
        capacity: int,
        candidates: list[list[int]],
        costs: list[list[int]],
    ) -> None:
        self.matters = matters
        self.providers = providers
        self.capacity = capacity
        self.candidates = candidates
        self.costs = costs


def generate(matters: int, providers: int, candidates: int, seed: int) -> Instance:
    rng = random.Random(seed)
    provider_ids = range(providers)
    cost_values = range(MAX_COST + 1)
    eligible = []
    costs = []
    for _ in range(matters):
        eligible.append(rng.sample(provider_ids, candidates))
        costs.append(rng.choices(cost_values, k=candidates))
    capacity = math.ceil(matters / providers) + 2
    return Instance(matters, providers, capacity, eligible, costs)


def find_unassignable_matter(instance: Instance) -> int | None:
    """Search for a complete assignment of matters to eligible providers.

    Returns None when every matter can be assigned within the provider
    capacities, or else the id of a matter for which no augmenting path
    exists, which proves that no complete assignment exists. A greedy pass
    assigns most matters, and a breadth-first search for an augmenting path
    assigns each of the rest.
    """
    remaining = [instance.capacity] * instance.providers
    assigned_to: list[int | None] = [None] * instance.matters
    assigned_matters: list[set[int]] = [set() for _ in range(instance.providers)]

    unassigned = []
    for matter, eligible in enumerate(instance.candidates):
        best = max(eligible, key=remaining.__getitem__)
        if remaining[best] > 0:
            remaining[best] -= 1
            assigned_to[matter] = best
            assigned_matters[best].add(matter)
        else:
            unassigned.append(matter)

    for matter in unassigned:
        if not augment(instance, matter, remaining, assigned_to, assigned_matters):
            return matter
    return None


def augment(
    instance: Instance,
    start: int,
    remaining: list[int],
    assigned_to: list[int | None],
    assigned_matters: list[set[int]],
) -> bool:
    """Assign the unassigned matter `start` along an augmenting path.

    The path alternates between an eligible provider and a matter already
    assigned to it, and ends at a provider with spare capacity. Each matter on
    the path moves to the next provider. Returns False when no path exists.
    """
    # For each provider reached, the matter from which the search reached it.
    reached_from: dict[int, int] = {}
    queue = collections.deque([start])
    visited_matters = {start}
    while queue:
        matter = queue.popleft()
        for provider in instance.candidates[matter]:
            if provider in reached_from:
                continue
            reached_from[provider] = matter
            if remaining[provider] > 0:
                shift_along_path(provider, reached_from, assigned_to, assigned_matters)
                remaining[provider] -= 1
                return True
            for other in assigned_matters[provider]:
                if other not in visited_matters:
                    visited_matters.add(other)
                    queue.append(other)
    return False


def shift_along_path(
    provider: int,
    reached_from: dict[int, int],
    assigned_to: list[int | None],
    assigned_matters: list[set[int]],
) -> None:
    """Move each matter on the path found by augment() to its next provider."""
    while True:
        matter = reached_from[provider]
        previous = assigned_to[matter]
        assigned_to[matter] = provider
        assigned_matters[provider].add(matter)
        if previous is None:
            return
        assigned_matters[previous].discard(matter)
        provider = previous


def write_dimacs(instance: Instance, seed: int, out: Path) -> None:
    m = instance.matters
    p = instance.providers
    source = 1
    sink = m + p + 2
    arcs = m + sum(len(eligible) for eligible in instance.candidates) + p
    with out.open("w", encoding="ascii") as file:
        file.write(
            "c capacitated assignment instance from "
            "scripts/make_capacitated_instance.py\n"
            f"c matters {m} providers {p} candidates per matter "
            f"{len(instance.candidates[0]) if m else 0} seed {seed} "
            f"provider capacity {instance.capacity}\n"
            f"p min {m + p + 2} {arcs}\n"
            f"n {source} {m}\n"
            f"n {sink} {-m}\n"
        )
        file.writelines(f"a {source} {matter + 2} 0 1 0\n" for matter in range(m))
        for matter, eligible in enumerate(instance.candidates):
            node = matter + 2
            costs = instance.costs[matter]
            file.write(
                "".join(
                    f"a {node} {provider + m + 2} 0 1 {cost}\n"
                    for provider, cost in zip(eligible, costs)
                )
            )
        file.writelines(
            f"a {provider + m + 2} {sink} 0 {instance.capacity} 0\n"
            for provider in range(p)
        )


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Write a capacitated assignment benchmark instance as a "
        'DIMACS "p min" file.'
    )
    parser.add_argument(
        "--matters", type=positive_int, required=True, help="number of matters (M)"
    )
    parser.add_argument(
        "--providers",
        type=positive_int,
        required=True,
        help="number of providers (P), at least --candidates",
    )
    parser.add_argument(
        "--candidates",
        type=positive_int,
        default=30,
        help="distinct eligible providers per matter (default: 30)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the random generator (default: 1)"
    )
    parser.add_argument("--out", type=Path, required=True, help="DIMACS file to write")
    args = parser.parse_args(argv)
    if args.candidates > args.providers:
        parser.error(
            f"--candidates {args.candidates} exceeds --providers {args.providers}, "
            "but each matter needs that many distinct providers"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    instance = generate(args.matters, args.providers, args.candidates, args.seed)
    matter = find_unassignable_matter(instance)
    if matter is not None:
        print(
            "make_capacitated_instance: infeasible instance: no assignment serves "
            f"every matter, because matter {matter + 1} cannot be placed. No file "
            "was written. Try another --seed or more --providers.",
            file=sys.stderr,
        )
        return 1
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_dimacs(instance, args.seed, args.out)
    except OSError as error:
        print(
            f"make_capacitated_instance: cannot write {args.out}: {error}",
            file=sys.stderr,
        )
        return 1
    print(
        f"make_capacitated_instance: wrote {args.out}: {args.matters} matters, "
        f"{args.providers} providers, capacity {instance.capacity}; every matter "
        "can be assigned",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
