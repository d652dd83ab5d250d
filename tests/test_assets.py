"""The asset register: straight-line depreciation of every vintage, write-offs on disposal,
retirement at the end of life; and net income that has the depreciation taken off."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.assets import SOURCE_OF_ASSET, Asset, AssetRegister
from sim.ledger import Ledger, Source
from sim.model import PovertyModel
from sim.scenario import load_scenario
from tests.conftest import SCENARIOS

HOUSEHOLDS = 5


def register_with(cost: float, life: int, start: int) -> tuple[AssetRegister, Ledger]:
    register = AssetRegister(HOUSEHOLDS)
    ledger = Ledger(HOUSEHOLDS, np.zeros(HOUSEHOLDS))
    register.add(Asset.GREENHOUSE, np.array([1, 3]), cost, 1.0, start, life)
    return register, ledger


@settings(max_examples=60, deadline=None)
@given(
    cost=st.floats(1.0, 1e5),
    life=st.integers(1, 240),
    start=st.integers(0, 24),
    cuts=st.lists(st.integers(0, 400), max_size=6),
)
def test_a_vintage_depreciates_its_cost_over_its_life_however_it_is_settled(
    cost: float, life: int, start: int, cuts: list[int]
) -> None:
    register, ledger = register_with(cost, life, start)
    for month in sorted(cuts):
        register.settle(month, ledger)
    register.settle(start + life + 12, ledger)
    posted = ledger.depreciation[Source.GREENHOUSE]
    assert posted[[1, 3]] == pytest.approx([cost, cost])
    assert posted[[0, 2, 4]].sum() == 0
    assert ledger.savings.sum() == 0  # depreciation is not cash


@settings(max_examples=60, deadline=None)
@given(
    cost=st.floats(1.0, 1e5),
    life=st.integers(2, 240),
    month=st.integers(0, 300),
    share=st.floats(0.0, 1.0),
)
def test_a_disposal_writes_off_what_is_left_of_the_share_given_up(
    cost: float, life: int, month: int, share: float
) -> None:
    register, ledger = register_with(cost, life, 0)
    shares = np.zeros(HOUSEHOLDS)
    shares[1] = share
    register.dispose(Asset.GREENHOUSE, shares, month, ledger)
    register.settle(life + 12, ledger)
    posted = ledger.depreciation[Source.GREENHOUSE]
    # Whatever is given up, and whenever, the whole cost is charged once over the years.
    assert posted[1] == pytest.approx(cost) and posted[3] == pytest.approx(cost)


def test_worn_out_assets_retire_and_animals_do_not() -> None:
    register = AssetRegister(HOUSEHOLDS)
    ledger = Ledger(HOUSEHOLDS, np.zeros(HOUSEHOLDS))
    register.add(Asset.VEHICLE, np.array([0, 2]), 1000.0, np.array([1.0, 2.0]), 0, 24)
    register.add(Asset.CATTLE, np.array([4]), 3000.0, 1.0, 0, 24)
    assert register.retire(23, ledger) == {}
    retired = register.retire(24, ledger)
    assert list(retired) == [Asset.VEHICLE]
    assert retired[Asset.VEHICLE].tolist() == [1.0, 0.0, 2.0, 0.0, 0.0]
    assert ledger.depreciation[SOURCE_OF_ASSET[Asset.CATTLE], 4] == pytest.approx(3000.0)
    assert register.vintages == []


def test_units_younger_than_an_age_are_the_orchards_not_yet_bearing() -> None:
    register = AssetRegister(HOUSEHOLDS)
    register.add(Asset.ORCHARD, np.array([0, 1]), 2000.0, 1.0, 10, 240)
    register.add(Asset.ORCHARD, np.array([1]), 2000.0, 2.0, 40, 240)
    assert register.units(Asset.ORCHARD, 45, 36).tolist() == [1.0, 3.0, 0.0, 0.0, 0.0]
    assert register.units(Asset.ORCHARD, 47, 36).tolist() == [0.0, 2.0, 0.0, 0.0, 0.0]


def test_net_income_has_the_depreciation_of_the_programme_s_assets_taken_off() -> None:
    params = load_scenario(SCENARIOS / "liaoning-2009.toml").params
    model = PovertyModel(params, rng=2, years=3).run()
    depreciation = np.array([r.depreciation.sum() for r in model.records])
    assert depreciation[1] > 3 * depreciation[0] > 0  # the 2009 projects' assets depreciate
    for record in model.records:
        by_source = record.gross - record.costs - record.depreciation
        assert np.allclose(record.net_income, by_source.sum(axis=0))
    # Every asset a project delivered is on a register: the greenhouses of the greenhouse village.
    greenhouses = model.assets.book_value(36)[Asset.GREENHOUSE]
    assert greenhouses[model.state.greenhouse_mu + model.state.greenhouse_building_mu > 0].min() > 0
