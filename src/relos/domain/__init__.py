"""Pure rules and value objects of the agreements: standard library only.

agreements: the register's model and an agreement's status at any date.
actor: who acts (party and roles).  errors: the errors rules raise.
"""
