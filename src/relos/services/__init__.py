"""Use cases: one function per user action; each owns its transaction through a unit of work
and checks the acting user's authority. ports declares what the database layer implements.
"""
