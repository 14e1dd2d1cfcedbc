"""Planning: the sea network, routes with refuelling stops, reach and sustainment (numpy/scipy allowed)."""
