"""Patrol points for the patrol tests (tests/grids/test_patrol*.py and
tests/volunteers/test_patrol_logs.py)."""

import factory

from grids.models import PatrolPoint

# Inside grid_a (square(0, 0): lng 120.10–120.11, lat 30.20–30.21).
GATE = (30.2050, 120.1050)


class PatrolPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolPoint

    name = factory.Iterator(
        ["小区东门岗亭", "地下车库入口", "农贸市场北口", "河道游步道"]
    )
    description = "门禁完好、照明正常"
    lat = GATE[0]
    lng = factory.Sequence(lambda n: GATE[1] + 0.001 * (n % 5))
    radius_m = 50
