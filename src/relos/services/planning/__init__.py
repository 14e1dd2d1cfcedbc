"""Planning over the catalogue: routes, reach and ferry flights (``routes``), sustainment needs
(``sustainment``); ``_inputs`` turns what a planner names into the engine's inputs (relos.planning).
"""
