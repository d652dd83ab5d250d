"""The grass limit: the herds a village keeps over winter never exceed what its grassland may
carry, however many animals a programme brings."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import PovertyModel
from sim.params import Parameters
from sim.rules.grazing import (
    PROVINCE_OVERSTOCKING_2009,
    expected_sheep_units,
    grassland_ha,
    grazing_limit,
    village_sheep_units,
)
from sim.scenario import load_scenario
from sim.villages import load_villages
from tests.conftest import SCENARIOS

# Sheep for every household of the pastoral villages, and pools of cows and ewes on top.
CROWDING = {
    "programme.village_advancement.budget_yuan": 30e6,
    "programme.rolling.budget_yuan": 5e6,
    "programme.rolling.species": ["cattle", "sheep", "pigs"],
}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_herds_kept_over_winter_never_exceed_the_grass(seed: int) -> None:
    params = load_scenario(SCENARIOS / "liaoning-2009.toml").params
    model = PovertyModel(params, rng=seed, years=4, overrides=CROWDING)
    limit = model.context.grazing_limit
    destocking = model.params.livestock.grazing.destocking_month
    checked = 0
    while model.running:
        model.step()
        if model.when.month == destocking:
            assert np.all(village_sheep_units(model.context) <= limit * (1 + 1e-9)), model.when
            checked += 1
    assert checked == 4
    # The programme filled the grass: some village was at its limit.
    assert np.any(village_sheep_units(model.context) > 0.9 * limit)


def test_the_limit_is_the_2009_stocking_of_the_village_s_grass() -> None:
    params, villages = Parameters(), load_villages()
    grazing = params.livestock.grazing
    expected = np.array([expected_sheep_units(v, params) for v in villages])
    assert np.allclose(
        grazing_limit(villages, params),
        expected * grazing.tolerated_overstocking / PROVINCE_OVERSTOCKING_2009,
    )
    assert np.allclose(
        grassland_ha(villages, params) * grazing.proper_sheep_units_per_ha * PROVINCE_OVERSTOCKING_2009,
        expected,
    )
    assert pytest.approx(1.878, abs=1e-3) == PROVINCE_OVERSTOCKING_2009  # FACTS: 87.8% overstocked
    # Pig and chicken villages graze little; the herding villages most.
    assert expected.argmax() in (0, 1, 2, 3)
