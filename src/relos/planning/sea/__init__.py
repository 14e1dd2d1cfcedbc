"""The sea: the global sea network (``network``), closable passages (``passages``), distances between
sites (``distances``), the shortest route (``shortest``), the refuel-constrained route (``refuel``) and
route results (``result``).
"""
