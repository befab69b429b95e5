#!/usr/bin/env python3
"""Context for the engine benchmarks: time PyBaMM on a P2D problem of the same size.

Not part of CI (it needs PyBaMM: `pip install pybamm`; measured with 26.10.1.1). It solves a
half-cell Doyle-Fuller-Newman model (composite positive electrode, separator, metal counter
electrode; PyBaMM's "Xu2019" NMC | Li parameter set) on the mesh natrium uses by default
(10 through-thickness nodes per region, 10 particle shells), with PyBaMM's compiled IDAKLU
solver at rtol = atol = 1e-6, and prints:

* the solver time of one 1C discharge, and
* the solver time per C/2 cycle over a run of N cycles (the experiment is built and solved
  once to warm up, then timed again).

The chemistry differs from natrium's NVP | NZSP cells and PyBaMM's model has no anode-free
interface physics, so the numbers say how the engine compares on a problem of the same size and
stiffness, not that the two codes solve the same cell.

    python3 scripts/compare_pybamm.py [--cycles 50]
"""

import argparse
import time

import pybamm


def build(experiment):
    model = pybamm.lithium_ion.DFN({"working electrode": "positive"})
    mesh = {"x_n": 10, "x_s": 10, "x_p": 10, "r_n": 10, "r_p": 10}
    return pybamm.Simulation(
        model,
        parameter_values=pybamm.ParameterValues("Xu2019"),
        experiment=experiment,
        var_pts=mesh,
        solver=pybamm.IDAKLUSolver(rtol=1e-6, atol=1e-6),
    )


def solve_twice(experiment):
    """Solve once (builds and compiles), then again on the built simulation; return the
    second solution and its wall time."""
    sim = build(experiment)
    sim.solve()
    start = time.perf_counter()
    sol = sim.solve()
    return sol, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=50)
    args = ap.parse_args()

    probe = build(None)
    probe.build()
    states = probe.built_model.len_rhs_and_alg
    print(f"PyBaMM {pybamm.__version__}: half-cell DFN, Xu2019, {states} states, IDAKLU rtol = atol = 1e-6")

    sol, wall = solve_twice(pybamm.Experiment(["Discharge at 1C until 3.5 V"]))
    print(f"1C discharge: solver {sol.solve_time}, wall {wall * 1e3:.2f} ms")

    cycle = ("Discharge at C/2 until 3.5 V", "Charge at C/2 until 4.2 V")
    sol, wall = solve_twice(pybamm.Experiment([cycle] * args.cycles))
    solver_s = float(sol.solve_time.value) if hasattr(sol.solve_time, "value") else float(sol.solve_time)
    print(
        f"{args.cycles} cycles at C/2: solver {solver_s * 1e3 / args.cycles:.2f} ms/cycle, "
        f"wall {wall * 1e3 / args.cycles:.2f} ms/cycle"
    )


if __name__ == "__main__":
    main()
