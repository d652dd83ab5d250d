"""Labour time: the working days a household has, and what its activities take.

Days are spent first on the household's own farm, herds and business; what is left can go to
local day labour as far as there is local work; a shortfall is hired at the local wage. So a
new activity's income is net of the wages it displaces, and time saved (drinking water) is
worth something only where there is work to put it to.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class TimeParams:
    """Working days by age band, and the days each activity takes."""

    days_per_adult_year: float = param(
        250.0,
        unit="days/member aged 16-59 at home/year",
        low=0.0,
        high=365.0,
        plausible=(220.0, 300.0),
        source="NBS migrant-worker report 2016: 10 months of 24.9 days (about 250); Kong "
        "(2019) takes 300 days as a farm labourer's standard year",
    )
    days_per_elderly_year: float = param(
        100.0,
        unit="days/member aged 60+/year",
        low=0.0,
        high=365.0,
        plausible=(50.0, 180.0),
        source="assumption: the rural elderly keep working into their seventies (Benjamin, "
        "Brandt and Fan 2003, 'Ceaseless toil'); no day count found",
    )
    crop_days_per_mu: float = param(
        8.0,
        unit="days/mu/year",
        low=0.0,
        high=60.0,
        plausible=(4.0, 15.0),
        source="assumption: grain takes about 7 days a mu in the cost surveys of the time "
        "(unverified), more on the plateau's unmechanised dry land; 3.2 in mechanised Henan (2012)",
    )
    garden_days_per_mu: float = param(
        30.0,
        unit="days/mu/year",
        low=0.0,
        high=120.0,
        plausible=(20.0, 50.0),
        source="assumption: apples take 30-40 days a mu (unverified)",
    )
    greenhouse_days_per_mu: float = param(
        90.0,
        unit="days/mu/year",
        low=0.0,
        high=365.0,
        plausible=(50.0, 180.0),
        source="assumption: greenhouse vegetables take 50-90 days a mu (unverified), and a "
        "greenhouse of 0.5-1 mu about one worker's winter",
    )
    transport_days_per_vehicle: float = param(
        200.0, unit="days/vehicle/year", low=0.0, high=365.0, plausible=(120.0, 280.0), source="assumption"
    )
    canteen_days_per_canteen: float = param(
        250.0, unit="days/canteen/year", low=0.0, high=365.0, plausible=(150.0, 330.0), source="assumption"
    )
