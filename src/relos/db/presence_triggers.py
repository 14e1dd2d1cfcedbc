"""Each host's presence version (`host_presence`), kept by the database, so that a server process can keep the
host's occupying deployments and cap overrides in memory and know in one statement whether they are still true
(relos.db.repositories.presence_index).

Every write that can change what occupies a host's territory moves the host's `version` on by one: a deployment
written while it occupies or did (approved, arrived, departed, closed, before or after the write), and any cap
override written or removed. The deployment row carries the version of its last such write (`presence_seq`),
so what changed since a version is read by index. A change no row can show (a removed deployment, an override)
also sets `reset_seq`: whoever holds an older version reads the host's presence again whole. `epoch` is drawn at
random when the host's row is made: a database emptied and filled again is not mistaken for the one before.

The version row is written in the writing transaction and stays locked until it commits, so versions are
committed in their order: whoever reads version N has every change up to N.

PostgreSQL: a BEFORE trigger on each deployment row sets its `presence_seq`; AFTER triggers on deleted
deployments and on cap overrides. SQLite (one writer at a time): AFTER triggers, the deployment's
`presence_seq` set by an UPDATE of the row in the trigger (SQLite fires no trigger from its own trigger, and
the change trigger ignores the update that sets `presence_seq`).
"""

from __future__ import annotations

#: The statuses in which a deployment occupies capacity (relos.domain.deployments.model.OCCUPYING).
_OCCUPYING = "('approved', 'arrived', 'departed', 'closed')"

POSTGRES_UP = [
    """
    CREATE FUNCTION host_presence_bump(host text, reset boolean) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE moved bigint;
    BEGIN
        INSERT INTO host_presence AS p (host_party, version, reset_seq, epoch)
        VALUES (host, 1, 1, md5(random()::text || clock_timestamp()::text))
        ON CONFLICT (host_party) DO UPDATE
            SET version = p.version + 1,
                reset_seq = CASE WHEN reset THEN p.version + 1 ELSE p.reset_seq END
        RETURNING version INTO moved;
        RETURN moved;
    END $$
    """,
    f"""
    CREATE FUNCTION deployments_presence_seq() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.host_party <> NEW.host_party THEN
            PERFORM host_presence_bump(OLD.host_party, true);
        END IF;
        IF NEW.status IN {_OCCUPYING} OR (TG_OP = 'UPDATE' AND OLD.status IN {_OCCUPYING}) THEN
            NEW.presence_seq := host_presence_bump(NEW.host_party, false);
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER deployments_presence_seq BEFORE INSERT OR UPDATE ON deployments
    FOR EACH ROW EXECUTE FUNCTION deployments_presence_seq()
    """,
    f"""
    CREATE FUNCTION deployments_presence_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.status IN {_OCCUPYING} THEN
            PERFORM host_presence_bump(OLD.host_party, true);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER deployments_presence_removed AFTER DELETE ON deployments
    FOR EACH ROW EXECUTE FUNCTION deployments_presence_removed()
    """,
    """
    CREATE FUNCTION cap_overrides_presence() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM host_presence_bump(OLD.host_party, true);
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR OLD.host_party <> NEW.host_party) THEN
            PERFORM host_presence_bump(NEW.host_party, true);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER cap_overrides_presence AFTER INSERT OR UPDATE OR DELETE ON cap_overrides
    FOR EACH ROW EXECUTE FUNCTION cap_overrides_presence()
    """,
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS cap_overrides_presence ON cap_overrides",
    "DROP FUNCTION IF EXISTS cap_overrides_presence()",
    "DROP TRIGGER IF EXISTS deployments_presence_removed ON deployments",
    "DROP FUNCTION IF EXISTS deployments_presence_removed()",
    "DROP TRIGGER IF EXISTS deployments_presence_seq ON deployments",
    "DROP FUNCTION IF EXISTS deployments_presence_seq()",
    "DROP FUNCTION IF EXISTS host_presence_bump(text, boolean)",
]


def _sqlite_bump(host: str, *, reset: bool) -> str:
    reset_to = "version + 1" if reset else "reset_seq"
    return (
        f"INSERT INTO host_presence (host_party, version, reset_seq, epoch) "
        f"VALUES ({host}, 1, 1, lower(hex(randomblob(16)))) "
        f"ON CONFLICT (host_party) DO UPDATE SET reset_seq = {reset_to}, version = version + 1;"
    )


_SQLITE_SEQ = (
    "UPDATE deployments SET presence_seq = (SELECT version FROM host_presence WHERE host_party = NEW.host_party)"
)

SQLITE_UP = [
    f"""
    CREATE TRIGGER deployments_presence_added AFTER INSERT ON deployments
    WHEN NEW.status IN {_OCCUPYING}
    BEGIN
        {_sqlite_bump("NEW.host_party", reset=False)}
        {_SQLITE_SEQ} WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER deployments_presence_moved AFTER UPDATE ON deployments
    WHEN OLD.host_party <> NEW.host_party
    BEGIN
        {_sqlite_bump("OLD.host_party", reset=True)}
    END
    """,
    f"""
    CREATE TRIGGER deployments_presence_changed AFTER UPDATE ON deployments
    WHEN (NEW.status IN {_OCCUPYING} OR OLD.status IN {_OCCUPYING}) AND NEW.presence_seq = OLD.presence_seq
    BEGIN
        {_sqlite_bump("NEW.host_party", reset=False)}
        {_SQLITE_SEQ} WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER deployments_presence_removed AFTER DELETE ON deployments
    WHEN OLD.status IN {_OCCUPYING}
    BEGIN
        {_sqlite_bump("OLD.host_party", reset=True)}
    END
    """,
    f"""
    CREATE TRIGGER cap_overrides_presence_added AFTER INSERT ON cap_overrides
    BEGIN
        {_sqlite_bump("NEW.host_party", reset=True)}
    END
    """,
    f"""
    CREATE TRIGGER cap_overrides_presence_changed AFTER UPDATE ON cap_overrides
    BEGIN
        {_sqlite_bump("OLD.host_party", reset=True)}
        {_sqlite_bump("NEW.host_party", reset=True)}
    END
    """,
    f"""
    CREATE TRIGGER cap_overrides_presence_removed AFTER DELETE ON cap_overrides
    BEGIN
        {_sqlite_bump("OLD.host_party", reset=True)}
    END
    """,
]

SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "deployments_presence_added",
        "deployments_presence_moved",
        "deployments_presence_changed",
        "deployments_presence_removed",
        "cap_overrides_presence_added",
        "cap_overrides_presence_changed",
        "cap_overrides_presence_removed",
    )
]


def statements(dialect: str, *, up: bool) -> list[str]:
    """The SQL that creates the triggers (up) or drops them, on `dialect`."""
    if dialect == "postgresql":
        return POSTGRES_UP if up else POSTGRES_DOWN
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    raise RuntimeError(f"the hosts' presence versions are kept for SQLite and PostgreSQL, not {dialect}")
