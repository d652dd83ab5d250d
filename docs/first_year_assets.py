"""The 2009 growth of liaoning-2009 at the defaults over 20 seeds, split into the programme's
gain and the background, beside the assets the programme handed to households that year (the
README's "Calibration": what 1,000 Yuan would take). Run: .venv/bin/python docs/first_year_assets.py
"""

from __future__ import annotations

import numpy as np

import sim

SEEDS = range(1, 21)


def main() -> None:
    rows = []
    for seed in SEEDS:
        result = sim.run("scenarios/liaoning-2009.toml", seed=seed, years=6)
        income = result.pooled["per_capita_net_income_yuan"]
        without = result.counterfactual["per_capita_net_income_yuan"]
        spent = result.programme["aid_spent_yuan"]["2009"]
        people = result.pooled.loc[2009, "people"]
        assets = (spent["household_projects"] + spent["livestock_pool"]) / people
        rows.append(
            (
                income[2009] - income[2008],
                without[2009] - without[2008],
                income[2009] - without[2009],
                assets,
                spent["total"] / people,
            )
        )
    values = np.array(rows)
    half = values.std(0, ddof=1) / np.sqrt(len(values)) * 2.093  # t(0.975, 19)
    names = ("growth 2009", "growth without", "programme gain", "assets per person", "aid per person")
    for name, mean, h in zip(names, values.mean(0), half, strict=True):
        print(f"{name:18} {mean:8.1f} +- {h:6.1f}")


if __name__ == "__main__":
    main()
