"""Planning: the sea network, routes with refuelling stops, reach and ferry flights (numpy/scipy allowed).

Public entry points (plain inputs, JSON-ready results):

- :func:`relos.planning.facade.plan_route` - ``relos route`` (shortest or refuel-constrained);
- :func:`relos.planning.sea_route.shortest_sea_route`, :func:`relos.planning.refuel_route.refuel_route`;
- :func:`relos.planning.reach.reach` - ``relos reach`` (with and without an agreement);
- :func:`relos.planning.air_route.ferry_route` - aircraft ferry routes and airspace crossed.

Nothing is loaded at import time; the sea network is built on first use.
"""
