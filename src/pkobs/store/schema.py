"""Versioned schema: an ordered list of migrations, and the contract views on top.

Tables are private (``ref_*``, ``source_files``, ``contribution_records``...). Other tools query the
views listed in :data:`VIEWS`, which are documented in ``docs/data-model.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Source formats, by precedence: when two sources cover the same month x contributor x mission,
# the one with the lower rank wins (the UN's own hub first, then IPI's gender file, then IPI's
# per-month file); between two files of the same format, the one ingested last wins.
FORMAT_RANK: dict[str, int] = {"un-psdh": 1, "ipi-gender": 2, "ipi-ppp": 3}

PERSONNEL_TYPES: tuple[str, ...] = (
    "troops",
    "staff_officers",
    "experts_on_mission",
    "individual_police",
    "formed_police_units",
    "police",
)
MILITARY_TYPES: tuple[str, ...] = ("troops", "staff_officers", "experts_on_mission")
POLICE_TYPES: tuple[str, ...] = ("individual_police", "formed_police_units", "police")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema",
        (
            """CREATE TABLE meta(key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
            """CREATE SEQUENCE source_id_seq START 1""",
            """CREATE TABLE source_files(
                source_id INTEGER PRIMARY KEY,
                source VARCHAR NOT NULL UNIQUE,
                path VARCHAR NOT NULL,
                sha256 VARCHAR NOT NULL UNIQUE,
                format VARCHAR NOT NULL,
                format_rank INTEGER NOT NULL,
                encoding VARCHAR NOT NULL,
                rows BIGINT NOT NULL,
                first_month DATE,
                last_month DATE,
                ingested_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE contribution_records(
                source_id INTEGER NOT NULL,
                line INTEGER NOT NULL,
                month DATE NOT NULL,
                contributor_iso3 VARCHAR NOT NULL,
                mission VARCHAR NOT NULL,
                personnel_type VARCHAR NOT NULL,
                male INTEGER,
                female INTEGER,
                total INTEGER NOT NULL,
                chosen BOOLEAN NOT NULL
            )""",
            """CREATE TABLE source_file_months(source_id INTEGER NOT NULL, month DATE NOT NULL)""",
            """CREATE TABLE ref_countries(
                iso3 VARCHAR PRIMARY KEY, iso2 VARCHAR, name_en VARCHAR NOT NULL,
                name_fr VARCHAR NOT NULL, source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_country_aliases(
                alias VARCHAR PRIMARY KEY, iso3 VARCHAR NOT NULL, note VARCHAR,
                source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_missions(
                acronym VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_fr VARCHAR NOT NULL,
                acronym_fr VARCHAR, host_iso3 VARCHAR NOT NULL, start_date DATE NOT NULL,
                end_date DATE, predecessor VARCHAR, kind VARCHAR NOT NULL, note VARCHAR,
                source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_groups(
                group_id VARCHAR PRIMARY KEY, name_en VARCHAR NOT NULL, name_fr VARCHAR NOT NULL,
                source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_group_membership(
                group_id VARCHAR NOT NULL, member_id VARCHAR NOT NULL, iso3 VARCHAR,
                status VARCHAR NOT NULL, valid_from DATE NOT NULL, valid_to DATE,
                sovereign BOOLEAN NOT NULL, member_name_en VARCHAR, member_name_fr VARCHAR,
                note VARCHAR, source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_group_suspensions(
                group_id VARCHAR NOT NULL, member_id VARCHAR NOT NULL, valid_from DATE NOT NULL,
                valid_to DATE, note VARCHAR, source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_gender_targets(
                year INTEGER NOT NULL, personnel_category VARCHAR NOT NULL,
                target_share DOUBLE NOT NULL, note VARCHAR, source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_training_centres(
                name_fr VARCHAR NOT NULL, name_en VARCHAR NOT NULL, acronym VARCHAR,
                country_iso3 VARCHAR NOT NULL, city VARCHAR, founded INTEGER,
                languages VARCHAR, focus VARCHAR, francophone BOOLEAN NOT NULL,
                website VARCHAR, note VARCHAR, source VARCHAR NOT NULL)""",
            """CREATE TABLE ref_senior_posts(
                mission VARCHAR NOT NULL, post VARCHAR NOT NULL, person VARCHAR NOT NULL,
                nationality_iso3 VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE,
                acting BOOLEAN NOT NULL, uncertain BOOLEAN NOT NULL, note VARCHAR,
                source VARCHAR NOT NULL)""",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

# The contract views. Names and columns are fixed (see docs/data-model.md); add, never rename.
VIEWS: dict[str, str] = {
    "contributions": """
        SELECT c.month, c.contributor_iso3, c.mission, c.personnel_type,
               c.male, c.female, c.total, s.source, c.line AS source_line
        FROM contribution_records c JOIN source_files s USING (source_id)
        WHERE c.chosen""",
    "all_contributions": """
        SELECT r.month, r.contributor_iso3, r.mission, r.personnel_type,
               r.male, r.female, r.total, s.source, s.format, r.line AS source_line, r.chosen
        FROM contribution_records r JOIN source_files s USING (source_id)""",
    "countries": "SELECT iso3, name_en, name_fr, iso2, source FROM ref_countries",
    "missions": """
        SELECT acronym, name_en, name_fr, host_iso3, start_date, end_date, predecessor,
               acronym_fr, kind, note, source
        FROM ref_missions""",
    "group_membership": """
        SELECT group_id, member_id, iso3, status, valid_from, valid_to, note,
               sovereign, member_name_en, member_name_fr, source
        FROM ref_group_membership""",
    "group_suspensions": """
        SELECT group_id, member_id, valid_from, valid_to, note, source
        FROM ref_group_suspensions""",
    "source_months": """
        SELECT s.source, m.month FROM source_file_months m JOIN source_files s USING (source_id)""",
    "groups": "SELECT group_id, name_en, name_fr, source FROM ref_groups",
    "sources": """
        SELECT source, path, sha256, format, rows, first_month, last_month, ingested_at,
               encoding
        FROM source_files""",
    "gender_targets": """
        SELECT year, personnel_category, target_share, note, source FROM ref_gender_targets""",
    "training_centres": """
        SELECT name_fr, name_en, acronym, country_iso3, city, founded, languages, focus,
               francophone, website, note, source
        FROM ref_training_centres""",
    "senior_posts": """
        SELECT mission, post, person, nationality_iso3, start_date, end_date, acting,
               uncertain, note, source
        FROM ref_senior_posts""",
}
