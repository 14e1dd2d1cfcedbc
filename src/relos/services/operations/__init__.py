"""What an operator runs on a live installation: the invariants every stored state must hold (`relos check`)."""
