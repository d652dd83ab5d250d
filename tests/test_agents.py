"""The Mesa agents (sim/agents): windows on the household table."""

from __future__ import annotations

import numpy as np
import pytest

from sim import PovertyModel
from sim.agents import Association, Cooperative, Household
from sim.state import HerdClass
from sim.villages import ASSOCIATIONS, Species
from tests.conftest import SCENARIOS

SPECIES_INDEX = {species: i for i, species in enumerate(Species)}


def check_households(model: PovertyModel) -> None:
    state = model.state
    households = model.agents_by_type[Household]
    assert len(households) == state.size
    for household in households:
        r = household.row
        assert household.people == int(state.people[r])
        assert household.people == int(state.children[r] + state.young[r] + state.prime[r] + state.elderly[r])
        assert household.migrants == int(state.migrants[r])
        assert household.savings == float(state.savings[r])
        assert household.net_income == float(state.last_net_income[r])
        assert household.cooperative_member == bool(state.cooperative_member[r])
        assert household.village == model.villages[int(state.village[r])].name
        for species, s in SPECIES_INDEX.items():
            expected = int(state.herd[s, :, r].sum())
            assert household.animals(species) == expected
            assert household.animals(species.value) == expected
        assert household.cattle == int(state.herd[SPECIES_INDEX[Species.CATTLE], :, r].sum())
        assert household.sheep == int(state.herd[SPECIES_INDEX[Species.SHEEP], :, r].sum())
        assert household.pigs == int(state.herd[SPECIES_INDEX[Species.PIGS], :, r].sum())
        assert household.breeding_females == int(state.herd[:, HerdClass.FEMALES, r].sum())
        if household.people:
            assert household.per_capita_net_income == pytest.approx(household.net_income / household.people)
        else:
            assert household.per_capita_net_income == 0.0


def test_household_properties_equal_their_row_at_the_start(fresh_model: PovertyModel) -> None:
    check_households(fresh_model)


def test_household_properties_equal_their_row_after_a_run(finished_model: PovertyModel) -> None:
    check_households(finished_model)
    # The last closed year's income is what the households report.
    assert np.array_equal(finished_model.state.last_net_income, finished_model.records[-1].net_income)


def test_households_follow_the_state_as_it_changes() -> None:
    model = PovertyModel(rng=5, years=2)
    household = next(iter(model.agents_by_type[Household]))
    before = household.savings
    model.run()
    assert household.savings == float(model.state.savings[household.row])
    assert household.savings != before


def test_unknown_species_is_an_error(fresh_model: PovertyModel) -> None:
    household = next(iter(fresh_model.agents_by_type[Household]))
    with pytest.raises(ValueError, match="llama"):
        household.animals("llama")


def check_cooperatives(model: PovertyModel) -> None:
    state = model.state
    cooperatives = sorted(model.agents_by_type[Cooperative], key=lambda c: c.village)
    assert [c.village for c in cooperatives] == list(range(len(model.villages)))
    seen: list[int] = []
    for cooperative in cooperatives:
        expected = np.flatnonzero(state.cooperative_member & (state.village == cooperative.village))
        assert np.array_equal(cooperative.members, expected)
        assert cooperative.member_count == expected.size
        assert cooperative.industry == model.villages[cooperative.village].industry
        assert np.all(state.village[cooperative.members] == cooperative.village)
        seen.extend(cooperative.members.tolist())
    # Every member belongs to exactly one cooperative, its own village's.
    assert sorted(seen) == np.flatnonzero(state.cooperative_member).tolist()


def check_associations(model: PovertyModel) -> None:
    state = model.state
    associations = sorted(model.agents_by_type[Association], key=lambda a: a.index)
    assert [(a.name, a.industries) for a in associations] == list(ASSOCIATIONS)
    seen: list[int] = []
    for association in associations:
        expected = np.flatnonzero(state.association == association.index)
        assert np.array_equal(association.members, expected)
        assert association.member_count == expected.size
        # Members live in villages whose industry the association serves.
        industries = {model.villages[v].industry for v in state.village[association.members]}
        assert industries <= set(association.industries)
        seen.extend(association.members.tolist())
    assert sorted(seen) == np.flatnonzero(state.association >= 0).tolist()


def test_cooperative_members_at_the_start(fresh_model: PovertyModel) -> None:
    check_cooperatives(fresh_model)
    assert sum(c.member_count for c in fresh_model.agents_by_type[Cooperative]) > 0


def test_cooperative_members_after_a_run(finished_model: PovertyModel) -> None:
    check_cooperatives(finished_model)


def test_association_members_at_the_start(fresh_model: PovertyModel) -> None:
    check_associations(fresh_model)
    assert sum(a.member_count for a in fresh_model.agents_by_type[Association]) > 0


def test_association_members_after_a_run(finished_model: PovertyModel) -> None:
    check_associations(finished_model)


def test_cooperatives_collect_their_members_fees(finished_model: PovertyModel) -> None:
    """With membership unchanged through the run, each year's fee times the members."""
    fresh = PovertyModel(rng=finished_model.seed)
    assert np.array_equal(fresh.state.cooperative_member, finished_model.state.cooperative_member)
    fee = finished_model.params.organisations.cooperative_fee_yuan_per_year
    years = len(finished_model.records)
    for cooperative in finished_model.agents_by_type[Cooperative]:
        assert cooperative.fees_collected_yuan == pytest.approx(years * fee * cooperative.member_count)
    assert fresh.cooperatives[0].fees_collected_yuan == 0.0


# ---------------------------------------------------------------------------- made when asked (issue 11)


def test_agents_are_made_when_first_asked_for_with_the_ids_they_always_had() -> None:
    model = PovertyModel(rng=2, years=1).run()
    assert model._agents_pending  # a run asks for no agent
    n, villages = model.state.size, len(model.villages)
    expected = {
        Household: list(range(1, n + 1)),
        Cooperative: list(range(n + 1, n + villages + 1)),
        Association: list(range(n + villages + 1, n + villages + len(ASSOCIATIONS) + 1)),
    }
    before = {kind: list(model.agent_ids(kind)) for kind in expected}
    assert before == expected
    assert [h.row for h in model.agents_by_type[Household]] == list(range(n))
    assert {kind: list(model.agent_ids(kind)) for kind in expected} == expected
    assert [a.unique_id for a in model.agents_by_type[Household]] == expected[Household]
    assert len(model.agents) == n + villages + len(ASSOCIATIONS)


def test_a_users_own_agent_comes_after_the_models() -> None:
    import mesa

    model = PovertyModel(rng=2, years=1)
    mine = mesa.Agent(model)
    assert mine.unique_id == model.state.size + len(model.villages) + len(ASSOCIATIONS) + 1
    assert len(model.agents_by_type[Household]) == model.state.size


def test_collected_organisation_rows_are_the_agents_properties() -> None:
    from sim.model import ASSOCIATION_REPORTERS, COOPERATIVE_REPORTERS

    model = PovertyModel(SCENARIOS / "liaoning-2009.toml", rng=1, years=2).run()
    assert model._agents_pending  # recorded without making the agents
    for kind, reporters in ((Cooperative, COOPERATIVE_REPORTERS), (Association, ASSOCIATION_REPORTERS)):
        frame = model.datacollector.get_agenttype_vars_dataframe(kind).xs(24.0, level="Step")
        agents = model.agents_by_type[kind]
        assert frame.index.tolist() == [a.unique_id for a in agents]
        for name, attribute in reporters.items():
            assert frame[name].tolist() == agents.get(attribute) or (
                name == "founded" and [None if v != v else v for v in frame[name]] == agents.get(attribute)
            ), name
