"""The ``povsim`` command.

Bad input (a missing or invalid scenario file, an option out of range) exits with status 2
and one line on standard error naming the problem; no traceback.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import importlib.util
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sim.alongside import workers_for
from sim.api import DEFAULT_SEED, run
from sim.catalogue import list_scenarios, show_scenario
from sim.memory import keep_freed_memory
from sim.overrides import parse_assignments
from sim.parameter_space import ParameterRange, parameter_space
from sim.programme.outcomes import DEFAULT_DISCOUNT_RATE, DEFAULT_HORIZON_YEARS, Valuation
from sim.results import PANEL_DESCRIPTION, RunResult
from sim.runner.session import EXIT_INTERRUPTED, EngineError
from sim.runner.store import OutputError
from sim.scenario import ScenarioError, apply_overrides, load_scenario

EXIT_BAD_INPUT = 2
MAX_YEARS = 50


class UsageError(Exception):
    """Bad options on the command line."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and raises instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def non_negative_int(text: str) -> int:
    """A seed."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def years_arg(text: str) -> int:
    """A number of years."""
    value = non_negative_int(text)
    if not 1 <= value <= MAX_YEARS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_YEARS}, got {value}")
    return value


def build_parser() -> Parser:
    """The command line."""
    parser = Parser(
        prog="povsim", description="Simulate poverty-alleviation programmes in ten Qinghai villages."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    run_cmd = commands.add_parser("run", help="run one scenario and summarise it")
    run_cmd.add_argument(
        "scenario", type=Path, help="a scenario file (TOML), e.g. scenarios/no-programme.toml"
    )
    run_cmd.add_argument(
        "--seed", type=non_negative_int, default=DEFAULT_SEED, help=f"the seed (default {DEFAULT_SEED})"
    )
    run_cmd.add_argument(
        "--years",
        type=years_arg,
        default=None,
        help="years to simulate from 2008 (default: the scenario's, 10)",
    )
    run_cmd.add_argument(
        "--out", type=Path, default=Path("out"), help="where to write the tables and metadata (default out/)"
    )
    run_cmd.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    run_cmd.add_argument(
        "--households",
        action="store_true",
        help="also write households.parquet: every household's yearly record, one row per household "
        f"and year (with the programme, if the scenario has one); columns: {PANEL_DESCRIPTION}",
    )
    run_cmd.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        help="2 or more: a programme's counterfactual runs in a second process alongside (the same "
        "result); default 2 from 20,000 households on a machine with two cores, else 1",
    )
    add_set_argument(run_cmd)

    compare_cmd = commands.add_parser("compare", help="compare scenarios over the same seeds")
    compare_cmd.add_argument(
        "scenarios", type=Path, nargs="+", help="scenario files; the first is the baseline"
    )
    compare_cmd.add_argument(
        "--replications", type=positive_int, default=20, help="seeds per scenario (default 20)"
    )
    compare_cmd.add_argument(
        "--seed", type=non_negative_int, default=DEFAULT_SEED, help=f"the first seed (default {DEFAULT_SEED})"
    )
    compare_cmd.add_argument("--years", type=years_arg, default=None, help="years to simulate (default 10)")
    compare_cmd.add_argument("--line", type=line_arg, default=None, help="poverty line, Yuan (default 1,196)")
    add_runner_options(compare_cmd, Path("out/compare"))
    compare_cmd.add_argument(
        "--horizon",
        type=horizon_arg,
        default=DEFAULT_HORIZON_YEARS,
        metavar="YEARS",
        help="years of income gained and aid counted, from the first programme year "
        f"(default {DEFAULT_HORIZON_YEARS}); at most the years simulated from it",
    )
    compare_cmd.add_argument(
        "--discount",
        type=rate_arg,
        default=DEFAULT_DISCOUNT_RATE,
        metavar="RATE",
        help="yearly rate discounting gains and aid to the first programme year, from 0 to below 1 "
        f"(default {DEFAULT_DISCOUNT_RATE}, i.e. {DEFAULT_DISCOUNT_RATE * 100:.0f}%%); amounts are also "
        "deflated to that year's prices by the rural consumer price index",
    )
    compare_cmd.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    compare_cmd.add_argument("--by-village", action="store_true", help="add the per-village breakdown")
    add_set_argument(compare_cmd)
    compare_cmd.add_argument(
        "--posterior",
        type=Path,
        default=None,
        metavar="RECORD_DIR",
        help="a calibration's record folder (e.g. calibration/liaoning-2009, written by povsim "
        "calibrate): replication r of every scenario draws the fitted parameters from its posterior "
        "(draw r of the first seed's draws, the same for every scenario), so the intervals carry "
        "parameter uncertainty as well as seed noise; the drawn values are columns of the runs "
        "table. A scenario or --set may not set a fitted parameter",
    )

    parameters_cmd = commands.add_parser(
        "parameters", help="what a sweep can vary: role, unit, default, plausible and allowed range"
    )
    parameters_cmd.add_argument(
        "--role", choices=["lever", "uncertainty"], default=None, help="only levers or only uncertainties"
    )
    as_format = parameters_cmd.add_mutually_exclusive_group()
    as_format.add_argument("--json", action="store_true", help="print them as a JSON list")
    as_format.add_argument("--csv", action="store_true", help="print them as CSV")

    sweep_cmd = commands.add_parser(
        "sweep", help="run an experiment file's design (uncertainties, levers) over replications"
    )
    sweep_cmd.add_argument(
        "experiment", type=Path, help="an experiment file (TOML), e.g. experiments/budget-split.toml"
    )
    add_runner_options(sweep_cmd, Path("out/sweep/<experiment>"))

    calibrate_cmd = commands.add_parser(
        "calibrate", help="fit a calibration file (ABC-SMC) and write its record and diagnostics"
    )
    calibrate_cmd.add_argument(
        "calibration",
        type=Path,
        nargs="?",
        help="a calibration file (TOML), e.g. calibration/liaoning-2009.toml",
    )
    calibrate_cmd.add_argument(
        "--quick", action="store_true", help="the file's [quick] settings: a small fit in a minute or two"
    )
    calibrate_cmd.add_argument(
        "--statistics", action="store_true", help="list the statistics a target or check can name, and stop"
    )
    add_runner_options(calibrate_cmd, Path("calibration/<name>"))

    reproduce_cmd = commands.add_parser(
        "reproduce", help="rerun a calibration record's final simulations (or, with --full, its fit)"
    )
    reproduce_cmd.add_argument("record", type=out_arg, help="a record folder, e.g. calibration/liaoning-2009")
    reproduce_cmd.add_argument(
        "--full", action="store_true", help="rerun the whole fit too, in a temporary folder (or --out)"
    )
    add_runner_options(reproduce_cmd, Path("<a temporary folder>"))

    analyze_cmd = commands.add_parser(
        "analyze", help="sensitivity indices (SALib) or the outcome surface of a finished sweep"
    )
    analyze_cmd.add_argument("directory", type=out_arg, help="a sweep's output folder")
    analyze_cmd.add_argument(
        "--outcome", action="append", default=None, help="analyse only this outcome (repeatable)"
    )

    view_cmd = commands.add_parser("view", help="step the villages in a browser (Mesa SolaraViz)")
    view_cmd.add_argument(
        "scenarios", type=Path, nargs="*", help="scenario files to choose from (default scenarios/*.toml)"
    )
    view_cmd.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    view_cmd.add_argument("--port", type=positive_int, default=8765, help="port (default 8765)")

    rollout_cmd = commands.add_parser(
        "rollout", help="which villages get a funded year's advancement money under different rules"
    )
    rollout_cmd.add_argument(
        "scenario", type=Path, help="a scenario file (TOML), e.g. scenarios/qinghai-key-counties.toml"
    )
    rollout_cmd.add_argument(
        "--seed", type=non_negative_int, default=DEFAULT_SEED, help=f"the seed (default {DEFAULT_SEED})"
    )
    rollout_cmd.add_argument(
        "--year",
        type=non_negative_int,
        default=None,
        help="a funded year (default: every funded year of the scenario's schedule)",
    )
    rollout_cmd.add_argument(
        "--rule",
        action="append",
        default=[],
        choices=["poorest-first", "gain-per-yuan", "random"],
        help="a rule to compare (repeatable; default the scenario's rule, or all three if it is 'all')",
    )
    rollout_cmd.add_argument("--json", action="store_true", help="print the plans as one JSON object")
    add_set_argument(rollout_cmd)

    scenarios_cmd = commands.add_parser("scenarios", help="list and check the scenario files, or show one")
    scenarios_cmd.add_argument("action", nargs="?", choices=["show"], help="show one scenario fully resolved")
    scenarios_cmd.add_argument("name", nargs="?", help="a scenario's name (file stem) or path")
    scenarios_cmd.add_argument(
        "--dir",
        type=Path,
        default=Path("scenarios"),
        help="where the scenario files are (default scenarios/)",
    )
    return parser


def out_arg(text: str) -> Path:
    """An output folder: never the empty string (which would write into the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a folder, got an empty string")
    return Path(text)


def add_runner_options(command: argparse.ArgumentParser, default_out: Path) -> None:
    """Where runs go and where their results are written: shared by compare and sweep."""
    command.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        help="local worker processes (default: this machine's cores; never more)",
    )
    command.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on an existing Dask distributed cluster, e.g. tcp://10.0.0.5:8786 (its workers "
        "need povsim installed); results are the same as on local processes",
    )
    command.add_argument(
        "--out",
        type=out_arg,
        default=default_out,
        help=f"where to write (default {default_out}/); rerunning the same command there resumes it",
    )


def add_set_argument(command: argparse.ArgumentParser) -> None:
    """``--set KEY=VALUE``, repeatable (parsed and checked by :mod:`sim.overrides`)."""
    command.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a parameter by its dotted name, on top of the scenario, e.g. --set "
        "labour.migrant_wage_yuan_per_month=1200; VALUE as in a scenario file (a number, true, "
        "[4, 10], a word); repeat for more",
    )


def positive_int(text: str) -> int:
    """A count of at least one."""
    value = non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def horizon_arg(text: str) -> int:
    """A horizon in whole years."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of years, got {text!r}") from None
    if not 1 <= value <= MAX_YEARS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_YEARS} years, got {value}")
    return value


def rate_arg(text: str) -> float:
    """A yearly discount rate."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number such as 0.05, got {text!r}") from None
    if not 0.0 <= value < 1.0:  # NaN fails too
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1 (0.05 is 5%), got {text}")
    return value


def line_arg(text: str) -> float:
    """A poverty line in Yuan."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of Yuan, got {text!r}") from None
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"must be above 0 and below 1,000,000 Yuan, got {text}")
    return value


def entry() -> int:
    """The ``povsim`` command's process: keeps freed memory for the next array
    (:mod:`sim.memory`), then runs the command."""
    keep_freed_memory()
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        if args.command == "run":
            return run_command(args)
        if args.command == "compare":
            # Imported here: the report brings matplotlib, which `povsim run` does not need.
            from sim.compare.command import compare

            overrides = parse_assignments(args.set)  # checked before anything runs
            return compare(
                args.scenarios,
                replications=args.replications,
                seed=args.seed,
                years=args.years,
                poverty_line_yuan=args.line,
                workers=args.workers,
                scheduler=args.scheduler,
                out=args.out,
                as_json=args.json,
                by_village=args.by_village,
                valuation=Valuation(args.horizon, args.discount),
                overrides=overrides,
                command=["povsim", *(argv if argv is not None else sys.argv[1:])],
                posterior=args.posterior,
            )
        if args.command == "sweep":
            from sim.runner.sweep import sweep  # imported here: it brings SALib

            out = None if str(args.out) == "out/sweep/<experiment>" else args.out
            return sweep(
                args.experiment,
                workers=args.workers,
                scheduler=args.scheduler,
                out=out,
                command=["povsim", *(argv if argv is not None else sys.argv[1:])],
            )
        if args.command == "calibrate":
            return calibrate_command(args)
        if args.command == "reproduce":
            if args.full:
                require_pyabc("povsim reproduce --full")
            from sim.calibration.command import reproduce

            out = None if str(args.out) == "<a temporary folder>" else args.out
            return reproduce(
                args.record, full=args.full, workers=args.workers, scheduler=args.scheduler, out=out
            )
        if args.command == "analyze":
            from sim.experiment.analyze import analyze

            analyze(args.directory, outcomes=args.outcome)
            return 0
        if args.command == "scenarios":
            return scenarios_command(args)
        if args.command == "view":
            return view_command(args)
        if args.command == "parameters":
            return parameters_command(args)
        if args.command == "rollout":
            from sim.rollout_command import rollout

            return rollout(
                args.scenario,
                seed=args.seed,
                rules=args.rule,
                year=args.year,
                overrides=parse_assignments(args.set),
                as_json=args.json,
            )
    except UsageError as error:
        return fail(str(error))
    except ScenarioError as error:
        return fail(f"povsim: {error}")
    except OutputError as error:
        return fail(f"povsim: {error}")
    except EngineError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        print("povsim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_BAD_INPUT


def fail(message: str) -> int:
    """One line on standard error; the bad-input status."""
    print(message.splitlines()[0] if message else "povsim: error", file=sys.stderr)
    return EXIT_BAD_INPUT


def require_pyabc(command: str) -> None:
    """A fit needs pyabc (an extra): say how to install it rather than fail on an import."""
    if importlib.util.find_spec("pyabc") is None:
        raise UsageError(f"{command} needs pyabc: pip install -e '.[calibrate]' (make installs it)")


def calibrate_command(args: argparse.Namespace) -> int:
    if args.statistics:
        from sim.calibration.statistics import vocabulary

        for name, text in vocabulary().items():
            print(f"{name:50} {text}")
        return 0
    if args.calibration is None:
        raise UsageError("povsim calibrate: name a calibration file (or --statistics)")
    require_pyabc("povsim calibrate")
    from sim.calibration.command import calibrate

    out = None if str(args.out) == "calibration/<name>" else args.out
    return calibrate(
        args.calibration, quick=args.quick, workers=args.workers, scheduler=args.scheduler, out=out
    )


def view_command(args: argparse.Namespace) -> int:
    """``povsim view``: check the scenario files, then serve the page until Ctrl-C."""
    paths = args.scenarios or sorted(Path("scenarios").glob("*.toml"))
    if not paths:
        raise UsageError("povsim view: no scenario files given and none in scenarios/")
    for path in paths:
        load_scenario(path)  # a bad file is a one-line error here, not a broken page
    from sim.view import serve  # imported here: Solara is needed only for the view

    return serve(paths, host=args.host, port=args.port)


def scenarios_command(args: argparse.Namespace) -> int:
    """``povsim scenarios`` and ``povsim scenarios show NAME``."""
    if args.action == "show":
        if not args.name:
            raise UsageError("povsim scenarios show: give a scenario's name or path")
        print(show_scenario(args.name, args.dir))
        return 0
    if args.name:
        raise UsageError(f"povsim scenarios: unexpected {args.name!r}; did you mean 'show {args.name}'?")
    text, all_valid = list_scenarios(args.dir)
    print(text)
    return 0 if all_valid else EXIT_BAD_INPUT


def run_command(args: argparse.Namespace) -> int:
    """``povsim run``."""
    overrides = parse_assignments(args.set)
    scenario = load_scenario(args.scenario)
    workers = args.workers or workers_for(
        apply_overrides(scenario.params, overrides, origin="--set") if overrides else scenario.params
    )
    result = run(
        scenario,
        seed=args.seed,
        years=args.years,
        households=args.households,
        overrides=overrides,
        workers=workers,
    )
    directory = args.out / f"{scenario.name}-seed{args.seed}"
    try:
        result.write(directory)
    except OSError as error:
        # The run is done; say so, and print it, rather than lose it.
        print(f"povsim: could not write {directory} ({error}); the summary follows", file=sys.stderr)
        directory = None
    if args.json:
        print(json.dumps(result.summary(), sort_keys=True))
    else:
        print(format_summary(result, directory, given=overrides))
    return 0 if directory is not None else EXIT_BAD_INPUT


PARAMETER_COLUMNS = (
    "name",
    "role",
    "unit",
    "default",
    "plausible_low",
    "plausible_high",
    "low",
    "high",
    "prior",
    "integer",
    "source",
)


def parameters_command(args: argparse.Namespace) -> int:
    """``povsim parameters``: what a sweep can vary, from the parameters' own declarations."""
    ranges = parameter_space(role=args.role)
    if args.json:
        print(json.dumps([parameter_row(r) for r in ranges], indent=1))
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=PARAMETER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(parameter_row(r) for r in ranges)
    else:
        print(format_parameters(ranges))
    return 0


def parameter_row(r: ParameterRange) -> dict[str, Any]:
    """One range as JSON-ready values (an unbounded allowed end as None)."""
    row = dataclasses.asdict(r)
    for end in ("low", "high"):
        if isinstance(row[end], float) and math.isinf(row[end]):
            row[end] = None
    return {column: row[column] for column in PARAMETER_COLUMNS}


def format_parameters(ranges: Sequence[ParameterRange]) -> str:
    """A table a person reads, one parameter a line, the source last as it is long."""
    width = max(len(r.name) for r in ranges)
    lines = [
        f"{'name':<{width}}  {'role':<11}  {'default':>10}  {'plausible':>21}  {'allowed':>21}  "
        f"{'prior':<10}  unit; source"
    ]
    for r in ranges:
        plausible = f"[{r.plausible_low:g}, {r.plausible_high:g}]"
        allowed = f"[{r.low:g}, {r.high:g}]"
        lines.append(
            f"{r.name:<{width}}  {r.role:<11}  {r.default:>10g}  {plausible:>21}  {allowed:>21}  "
            f"{r.prior:<10}  {r.unit}; {r.source}"
        )
    lines.append(
        f"{len(ranges)} parameters. A sweep draws from the plausible range (uniformly, or uniformly in the "
        "logarithm where the prior is loguniform); the model accepts any value in the allowed range. "
        "Set one with --set NAME=VALUE (povsim run, compare) or overrides={NAME: VALUE} (sim.run)."
    )
    return "\n".join(lines)


def format_programme(programme: dict) -> list[str]:
    """The programme's spending, reach and gains against the same run without it."""
    reached = programme["households_reached"]
    trainees = programme["trainees"]
    lines = [
        f"Aid spent: {programme['aid_total_yuan']:,.0f} Yuan"
        + "".join(
            f"; {year} {by['total']:,.0f}" for year, by in programme["aid_spent_yuan"].items() if by["total"]
        ),
        f"Households reached: {reached['any']:,} (projects {reached['village_advancement_projects']:,}, "
        f"livestock pools {reached['livestock_pool']:,}, labour training {reached['labour_training']:,}); "
        f"trainees placed {trainees['placed']} of {trainees['enrolled']}",
        "Income gained per person against the same seed without the programme: "
        + ", ".join(f"{y} {v:+,.0f}" for y, v in programme["income_gain_yuan_per_capita"].items() if v),
    ]
    cost = programme["cost_per_yuan_gained"]
    lifted = programme["cost_per_person_lifted_yuan"]
    lines.append(
        "Aid per Yuan of income gained (all years): "
        + (f"{cost:.3f}" if cost is not None else "no gain")
        + "; aid per person lifted over the line: "
        + (f"{lifted:,.0f} Yuan" if lifted is not None else "nobody lifted")
    )
    if programme["durability"]:
        lines.append(
            "Durability (gain after the last funded year, as a share of that year's gain): "
            + ", ".join(
                f"{k.replace('_', ' ')} {v['share_of_last_funded_year_gain']:.2f}"
                for k, v in programme["durability"].items()
            )
        )
    return lines


def format_summary(result: RunResult, directory: Path | None, given: Mapping[str, Any] | None = None) -> str:
    """A table a person reads: one row a year (and the parameters ``given`` with --set)."""
    pooled = result.pooled
    line = result.params.simulation.poverty_line_yuan
    lines = [
        f"Scenario {result.scenario} (seed {result.seed}): {result.description}",
        *(["Set: " + ", ".join(f"{k}={v!r}" for k, v in given.items())] if given else []),
        f"{len(result.villages)} villages, {result.households:,} households, {result.people:,} people; "
        f"poverty line {line:,.0f} Yuan",
        "",
        f"{'year':>4}  {'income/person':>13}  {'growth':>7}  {'in 2008 prices':>14}  {'poor':>6}  "
        f"{'gap':>6}  {'Gini':>5}  {'wages':>6}  {'farm+herd+biz':>13}  {'property':>8}  {'transfers':>9}",
    ]
    for year, row in pooled.iterrows():
        growth = "" if row.isna()["growth_yuan"] else f"{row['growth_yuan']:+7.0f}"
        lines.append(
            f"{year:>4}  {row['per_capita_net_income_yuan']:>13,.0f}  {growth:>7}  "
            f"{row['per_capita_net_income_real_yuan']:>14,.0f}  "
            f"{row['poverty_headcount_ratio']:>6.1%}  {row['poverty_gap_index']:>6.3f}  {row['gini']:>5.3f}  "
            f"{row['wages_yuan_per_capita']:>6,.0f}  {row['household_operations_yuan_per_capita']:>13,.0f}  "
            f"{row['property_yuan_per_capita']:>8,.0f}  {row['transfers_yuan_per_capita']:>9,.0f}"
        )
    lines.append("")
    lines.append(
        "Income per person is net income as the rural household survey has it (revenue less costs and "
        "the depreciation of productive assets), Yuan, pooled over the villages; in current prices, "
        "and deflated by the rural consumer price index."
    )
    if result.programme is not None:
        lines.extend(["", *format_programme(result.programme)])
    if directory is not None:
        lines.append(f"Tables and metadata written to {directory}/")
    return "\n".join(lines)
