"""Versioned schema: an ordered list of migrations, and the contract views on top.

Tables are private (``ref_*``, ``source_files``, ``contribution_records``...). Other tools query the
views listed in :data:`VIEWS`, which are documented in ``docs/data-model.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Source formats, by precedence: when two sources cover the same month x contributor x mission
# (or, without a mission split, the same month x contributor), the one with the lower rank wins:
# the UN's own data hub, then the UN's monthly PDF report, then IPI's gender file, IPI's monthly
# JSON records, IPI's per-month file, and last IPI's per-country series. Between two files of the
# same format, the one ingested last wins. See docs/data-model.md.
FORMAT_RANK: dict[str, int] = {
    "un-psdh": 1,
    "un-pdf": 2,
    "ipi-gender": 3,
    "ipi-json": 4,
    "ipi-ppp": 5,
    "ipi-series": 6,
}

# Levels of detail, most detailed first. A month's figures come from the most detailed level that
# any source gives for it (see the ``contributor_months`` view).
DETAILS: tuple[str, ...] = ("mission_sex", "mission", "contributor_sex", "contributor")
MISSION_DETAILS: tuple[str, ...] = ("mission_sex", "mission")

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


# The rows of ``contributor_months`` for the months ``{touched}`` gives (a query of ``month``),
# in the order of their key (a month x contributor x type has one row: the mission level and the
# contributor level never share a month), so stored rows are grouped by month.
CONTRIBUTOR_MONTHS_SQL = """
WITH touched AS ({touched}),
mission_sources AS (
    SELECT month, count(*) > 1 AS shared FROM source_file_months
    WHERE month IN (SELECT month FROM touched) AND detail IN ('mission_sex', 'mission')
    GROUP BY month
),
mission_sums AS (
    SELECT c.month, c.contributor_iso3, c.personnel_type,
           CASE WHEN count(c.male) = count(*) THEN sum(c.male) END AS male,
           CASE WHEN count(c.female) = count(*) THEN sum(c.female) END AS female,
           sum(c.total) AS total, any_value(c.source_id) AS source_id,
           CASE WHEN count(c.male) = count(*) AND count(c.female) = count(*)
                THEN 'mission_sex' ELSE 'mission' END AS detail
    FROM contribution_records c
    WHERE c.chosen AND c.month IN (SELECT month FROM touched)
    GROUP BY c.month, c.contributor_iso3, c.personnel_type
),
-- Months where several files split personnel by mission: name every file a figure sums.
shared_names AS (
    SELECT c.month, c.contributor_iso3, c.personnel_type,
           string_agg(DISTINCT s.source, '; ' ORDER BY s.source) AS source
    FROM contribution_records c JOIN source_files s USING (source_id)
    WHERE c.chosen AND c.month IN (SELECT month FROM mission_sources WHERE shared)
    GROUP BY c.month, c.contributor_iso3, c.personnel_type
),
mission_level AS (
    SELECT m.month, m.contributor_iso3, m.personnel_type, m.male, m.female, m.total,
           coalesce(n.source, s.source) AS source, m.detail
    FROM mission_sums m JOIN source_files s USING (source_id)
    LEFT JOIN shared_names n USING (month, contributor_iso3, personnel_type)
),
mission_months AS (
    SELECT DISTINCT m.month FROM source_file_months m
    WHERE m.month IN (SELECT month FROM touched) AND m.detail IN ('mission_sex', 'mission')
),
contributor_sources AS (
    SELECT r.month, r.contributor_iso3,
           arg_min(r.source_id, (s.format_rank, -epoch_us(s.ingested_at), -r.source_id))
               AS source_id
    FROM (SELECT DISTINCT month, contributor_iso3, source_id FROM contributor_records
          WHERE month IN (SELECT month FROM touched)
            AND month NOT IN (SELECT month FROM mission_months)) r
    JOIN source_files s USING (source_id)
    GROUP BY ALL
),
contributor_level AS (
    SELECT r.month, r.contributor_iso3, r.personnel_type,
           CASE WHEN count(r.male) = count(*) THEN sum(r.male) END AS male,
           CASE WHEN count(r.female) = count(*) THEN sum(r.female) END AS female,
           sum(r.total) AS total, any_value(s.source) AS source,
           CASE WHEN count(r.male) = count(*) AND count(r.female) = count(*)
                THEN 'contributor_sex' ELSE 'contributor' END AS detail
    FROM contributor_records r
    JOIN contributor_sources w USING (month, contributor_iso3, source_id)
    JOIN source_files s USING (source_id)
    GROUP BY r.month, r.contributor_iso3, r.personnel_type
)
SELECT * FROM mission_level
UNION ALL
SELECT * FROM contributor_level
ORDER BY month, contributor_iso3, personnel_type
"""


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
    Migration(
        2,
        "levels of detail: PDF pages, rows without a mission split, contributor months",
        (
            "ALTER TABLE contribution_records ADD COLUMN page INTEGER",
            "ALTER TABLE source_file_months ADD COLUMN detail VARCHAR",
            """UPDATE source_file_months SET detail = CASE WHEN source_id IN
                   (SELECT source_id FROM source_files WHERE format = 'ipi-ppp')
               THEN 'mission' ELSE 'mission_sex' END""",
            """CREATE TABLE contributor_records(
                source_id INTEGER NOT NULL,
                line INTEGER NOT NULL,
                page INTEGER,
                month DATE NOT NULL,
                contributor_iso3 VARCHAR NOT NULL,
                personnel_type VARCHAR NOT NULL,
                male INTEGER,
                female INTEGER,
                total INTEGER NOT NULL
            )""",
            """CREATE TABLE contributor_month_rows(
                month DATE NOT NULL,
                contributor_iso3 VARCHAR NOT NULL,
                personnel_type VARCHAR NOT NULL,
                male BIGINT,
                female BIGINT,
                total BIGINT NOT NULL,
                source VARCHAR NOT NULL,
                detail VARCHAR NOT NULL
            )""",
            "INSERT INTO contributor_month_rows "
            + CONTRIBUTOR_MONTHS_SQL.format(
                touched="SELECT DISTINCT month FROM source_file_months"
            ),
        ),
    ),
    Migration(
        3,
        "registries: training centres founded, closed and first evidence as YYYY or YYYY-MM",
        (
            "ALTER TABLE ref_training_centres ALTER COLUMN founded TYPE VARCHAR",
            "ALTER TABLE ref_training_centres ADD COLUMN closed VARCHAR",
            "ALTER TABLE ref_training_centres ADD COLUMN first_evidence VARCHAR",
            "ALTER TABLE ref_training_centres ADD COLUMN first_evidence_source VARCHAR",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

# The contract views. Names and columns are fixed (see docs/data-model.md); add, never rename.
VIEWS: dict[str, str] = {
    "contributions": """
        SELECT c.month, c.contributor_iso3, c.mission, c.personnel_type,
               c.male, c.female, c.total, s.source, c.line AS source_line,
               c.page AS source_page
        FROM contribution_records c JOIN source_files s USING (source_id)
        WHERE c.chosen""",
    "contributor_months": """
        SELECT month, contributor_iso3, personnel_type, male, female, total, source, detail
        FROM contributor_month_rows""",
    "all_contributor_records": """
        SELECT r.month, r.contributor_iso3, r.personnel_type, r.male, r.female, r.total,
               s.source, s.format, r.line AS source_line, r.page AS source_page
        FROM contributor_records r JOIN source_files s USING (source_id)""",
    "all_contributions": """
        SELECT r.month, r.contributor_iso3, r.mission, r.personnel_type,
               r.male, r.female, r.total, s.source, s.format, r.line AS source_line, r.chosen,
               r.page AS source_page
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
        SELECT s.source, m.month, m.detail, s.format
        FROM source_file_months m JOIN source_files s USING (source_id)""",
    "groups": "SELECT group_id, name_en, name_fr, source FROM ref_groups",
    "sources": """
        SELECT source, path, sha256, format, rows, first_month, last_month, ingested_at,
               encoding
        FROM source_files""",
    "gender_targets": """
        SELECT year, personnel_category, target_share, note, source FROM ref_gender_targets""",
    "training_centres": """
        SELECT name_fr, name_en, acronym, country_iso3, city,
               TRY_CAST(left(founded, 4) AS INTEGER) AS founded, languages, focus,
               francophone, website, note, source,
               founded AS founded_on, closed, first_evidence,
               first_evidence_source,
               CAST(CASE WHEN length(coalesce(founded, first_evidence)) = 4
                         THEN coalesce(founded, first_evidence) || '-01-01'
                         ELSE coalesce(founded, first_evidence) || '-01' END AS DATE)
                   AS active_from,
               last_day(CAST(CASE WHEN length(closed) = 4 THEN closed || '-12-01'
                                  ELSE closed || '-01' END AS DATE)) AS active_to
        FROM ref_training_centres""",
    "senior_posts": """
        SELECT mission, post, person, nationality_iso3, start_date, end_date, acting,
               uncertain, note, source
        FROM ref_senior_posts""",
}
