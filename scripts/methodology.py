"""Regenerate docs/methodology.md from the indicators' own bilingual metadata.

Run: .venv/bin/python scripts/methodology.py  (a test checks every indicator is documented)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pkobs.indicators import INDICATORS, Params
from pkobs.pipeline import ingest_files
from pkobs.render.results import note_texts
from pkobs.store import open_database

ROOT = Path(__file__).resolve().parents[1]

INTRO = """# Méthodologie / Methodology

Every indicator is a function in `src/pkobs/indicators/` that returns a table and its metadata.
This page is generated from the definitions the code itself carries (`scripts/methodology.py`).

## Conventions communes / Common conventions

- **Statuts par défaut / default statuses: `member,associate`** (membres et membres associés).
  `--status member,associate,observer` adds observers.
- **Appartenance datée / time-aware membership:** un État compte pour un mois s'il détenait l'un des
  statuts choisis le dernier jour du mois. A state counts for a month when it held one of the chosen
  statuses on the month's last day (`group_membership.valid_from` / `valid_to`).
- **Gouvernements non souverains / governments that are not states** (Québec, Nouveau-Brunswick,
  Fédération Wallonie-Bruxelles…) sont exclus de tous les comptes : ils n'envoient pas de personnel.
  They are excluded from every count: they send no personnel.
- **Deux lentilles / two lenses: l'OIF et les pays de langue officielle française.** Le groupe
  `oif` suit l'appartenance à l'Organisation internationale de la Francophonie (décisions des
  sommets, datées) ; le groupe `francophone` suit les États dont la constitution fait du français
  une langue officielle (29 États depuis 1990, datés : le Mali jusqu'en juillet 2023, le Burkina
  Faso jusqu'en décembre 2023, le Niger jusqu'en mars 2025). Les deux diffèrent : en 2024, tous les
  États de la seconde étaient membres de l'OIF, mais l'Égypte, le Liban, le Maroc, la Tunisie,
  le Viet Nam ou la Roumanie sont membres de l'OIF sans que le français y soit langue
  officielle. Pour l'écart linguistique, la seconde lentille dit mieux qui parle français dans
  les contingents ; la première dit le poids politique de l'organisation. The `oif` group follows
  membership of the Organisation (dated summit decisions); the `francophone` group follows the
  states whose constitution makes French an official language (29 since 1990, dated). In 2024 every
  state of the second lens was an OIF member, but Egypt, Lebanon, Morocco, Tunisia, Viet Nam or
  Romania are OIF members where French is not official;
  for the linguistic gap the second lens is closer to who speaks French in a contingent, the first
  to the organisation's political weight. Every indicator takes `--group oif` or
  `--group francophone` (rows and sources: `refdata/data/groups/`).
- **Nature des missions / mission kinds:** chaque mission est une opération de maintien de la
  paix (`pko`), une mission politique spéciale (`spm`) ou un bureau d'appui (`support`, p. ex.
  le BANUS/UNSOS). Par défaut, tous les comptes portent sur toutes les missions ; `--kind pko`
  (API : `kind=pko`) les limite aux opérations de maintien de la paix, comme les fiches de l'ONU.
  Every mission is a peacekeeping operation, a special political mission or a support office;
  by default every count covers them all, and `--kind pko` restricts totals to peacekeeping
  operations, as the UN's own fact sheets do (figures by mission only: months without a mission
  split are named, never counted as zero).
- **Suspensions:** une suspension ne change pas le statut ; le membre suspendu continue de compter.
  A suspension does not change the status; a suspended member still counts (`pkobs groups`).
- **Exactitude / exactness:** les effectifs sont des entiers ; les parts sont calculées à partir de
  sommes entières et arrondies seulement à l'affichage (`23,4 %` / `23.4%`). Counts are integers;
  shares come from integer sums, rounded only when shown. Un mois sans source est « pas de
  données », jamais zéro / a month no source covers is "no data", never zero.
- **Lacunes probables de la source / probable source gaps:** une ligne contributeur × mission
  absente un seul mois (parmi les mois ventilés par mission) entre deux mois où elle figure avec
  des effectifs comparables (le plus petit au moins la moitié du plus grand, ou au plus 10
  d'écart) est une lacune probable de la source : dessinée comme un trou, écartée des alertes et
  des moteurs du changement, listée par `pkobs check-data`. Sinon, le contingent est parti ou
  arrivé ce mois-là, et sa variation compte. A contributor × mission row missing for one month
  between two present months is a probable source gap only when the sizes either side are
  comparable (`pkobs.store.gaps.comparable`): the smaller at least half the larger (ratio 2), or
  at most 10 apart. A contingent that goes on through a month the source lost keeps about its
  size (France in UNIFIL, June 2012: 1,061, none, 971); one that halves or doubles across the
  hole changed in that month, which is then more likely its departure or arrival than a lost row
  (the Democratic Republic of the Congo's MINUSCA contingent, repatriated early in 2016: 808 in
  January, none in February, 9 in April, March having no figures). The 10: for a few staff
  officers or experts, halving or doubling (1 then 3) is ordinary turnover, no sign of a
  departure; with the ratio alone, 18 of the 283 one-month holes of the full history would no
  longer be gaps, 13 of them contingents of at most 8. With both, 278 remain; the 5 others
  count as changes: DRC in MINUSCA 2016-02 (808, then 9), Benin in MINUSCA 2014-08 (1, then
  33), Colombia in MINUSTAH 2015-12 (16, then 5), Sri Lanka in UNMISS 2012-05 (16, then 2),
  Belgium in MINUSMA 2017-02 (7, then 19). The Francophonie page applies the same test to a
  member missing from every mission for one month (Bulgaria, August 1992: 20, none, 796, its
  UNTAC battalion, is a start, not a gap).
- **Deux rapports de l'ONU / two UN reports:** l'ONU publie chaque mois les contributions avec et
  sans ventilation par sexe ; leurs totaux diffèrent légèrement pour quelques pays-mois (p. ex.
  Égypte, France). The UN's monthly reports with and without sex differ slightly for a few
  country-months. Both are kept as published (`all_contributions`); `contributions` takes one
  source per month x contributor x mission by a documented precedence (docs/data-model.md).
- **Sigles de mission / mission acronyms** changent / change over time (MONUC -> MONUSCO in July
  2010, BINUB -> BNUB, UNMIS -> UNMISS with another host country): figures keep their month's
  acronym; `missions.predecessor` links them.
- **Contributeurs / contributors:** the IPI files count staff officers within troops; the UN hub
  splits them. Military = troops + staff officers + experts on mission (military observers).
- **Niveaux de détail / levels of detail:** selon les mois, les sources donnent contributeur ×
  mission × catégorie × sexe (`mission_sex`), sans le sexe (`mission`), sans la mission
  (`contributor_sex`, rapports de l'ONU de mars 2018 à août 2019) ou seulement les totaux par pays
  (`contributor` : séries de l'IPI 1990-2009, rapport de septembre 2023). Months differ in what
  their sources know. Shares, trends, contributors, gender and compare read `contributor_months`
  (every month since November 1990, from its most detailed source); per-mission indicators (the
  linguistic gap, `--mission`, `--by-mission`) read `contributions` and, for months without a
  mission split, say so by name (extra table `months_without_mission_split`), never zeros and
  never figures made up from another level. Gender figures exist only where the sex is known.
  `pkobs coverage` and the coverage page list each month's level and the months no source covers.
"""


def main() -> None:
    con = open_database(":memory:")
    ingest_files(con, [ROOT / "tests" / "data" / "psdh_small.csv"])
    params = Params(from_month=dt.date(2014, 1, 31), to_month=dt.date(2014, 2, 28))
    parts = [INTRO]
    for name, compute in INDICATORS.items():
        result = compute(con, params)
        meta = result.meta
        parts.append(f"## `{name}`\n")
        parts.append(f"**{meta.title_fr}** / **{meta.title_en}**\n")
        parts.append(
            f"Unit / unité: {meta.unit}. Columns / colonnes: `{', '.join(result.table.columns)}`.\n"
        )
        parts.append(f"- FR — {meta.definition_fr}\n- EN — {meta.definition_en}")
        for french, english in zip(note_texts(meta, "fr"), note_texts(meta, "en"), strict=True):
            parts.append(f"- Note — FR : {french}\n  EN: {english}")
        if result.extras:
            parts.append(f"- Extra tables / tableaux annexes: {', '.join(result.extras)}")
        parts.append("")
    (ROOT / "docs" / "methodology.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
