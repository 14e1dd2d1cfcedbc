"""Planning: the sea network, routes with refuelling stops, reach and ferry flights (numpy/scipy allowed).

Public entry points (plain inputs, JSON-ready results):

- :func:`relos.planning.facade.plan_route` - ``relos route`` (shortest or refuel-constrained);
- :func:`relos.planning.sea.shortest.shortest_sea_route`, :func:`relos.planning.sea.refuel.refuel_route`;
- :func:`relos.planning.reach.search.reach` - ``relos reach`` (with and without an agreement);
- :func:`relos.planning.air_route.ferry_route` - aircraft ferry routes and airspace crossed.

Nothing is loaded at import time; the sea network is built on first use.
"""
