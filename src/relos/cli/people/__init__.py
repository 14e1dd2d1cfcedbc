"""Command groups of people and trust: ``relos users``, ``relos tokens`` and ``relos audit``."""
