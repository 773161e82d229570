#!/usr/bin/env python3
"""Build and validate the HELD-OUT personal-data (PII) test set ``data/labels/eval/pii_heldout.jsonl``.

Why a second set?  ``pii.jsonl`` was used while the redaction rules were written and tuned, so
scores on it are optimistic.  This set was written afterwards by a different annotator session
**without looking at the redaction code** (nothing under ``pipeline/`` was read) and without
reusing names, numbers or sentences from ``pii.jsonl`` (checked by ``independence_report()``
below).  Use it only for final measurement; do not tune on it.

Same schema, labels and label definitions as ``pii.jsonl`` (see ``data/labels/eval/README.md``);
ids are ``h001, h002, ...`` in the order of ``HELDOUT_ITEMS`` (append, never reorder).

Markup (identical to scripts/build_pii_gold.py, whose builder and validator are imported):

    [[LABEL|surface text]]   -> a PII span with that label (newlines allowed inside)
    <<surface text>>         -> text kept verbatim and added to the item's ``keep`` list

All people, numbers and addresses are invented.  Identity numbers can never be a real
person's:

* checksum-valid fødselsnumre / D-numre are generated with ``make_fnr`` in the individual-number
  range 750-899 with birth year 40-99, which Skatteetaten has never issued;
* the "synthetic" ones additionally use month + 80 (the convention of Skatteetaten's synthetic
  test population), so they are not real dates at all;
* the remaining ones have a deliberately broken control digit.
The privacy guard of the gold script is applied to every 11-digit number in every text.

Usage:
    python scripts/build_pii_heldout.py            # (re)write pii_heldout.jsonl, validate, print counts
    python scripts/build_pii_heldout.py --check    # do not write; fail if the file is stale/invalid
    python scripts/build_pii_heldout.py --markdown # counts as Markdown tables

Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_pii_gold import (  # noqa: E402  (reuse the builder, generators and validator)
    EVAL_DIR,
    PII_PATH,
    Errors,
    _table,
    break_checksum,
    dumps,
    fnr_checksum_ok,
    fnr_possibly_issued,
    konto_checksum_ok,
    konto_dotted,
    konto_spaced,
    make_fnr,
    make_konto,
    parse_markup,
    read_jsonl,
    spaced,
    validate_pii,
)

HELDOUT_PATH = EVAL_DIR / "pii_heldout.jsonl"
KINDS = ("signature", "story", "contact", "id_number", "id_number_invalid_checksum",
         "bank_account", "address", "allowlist", "mixed", "no_pii")
ALLOWLISTED = ("Arild Grande", "Lars Raaum", "Ståle Grøtte", "arbeid@arbeiderpartiet.no")


# ---------------------------------------------------------------------------
# Generated identifiers
# ---------------------------------------------------------------------------
def fnr_dotted(n: str) -> str:
    """'DDMMYYNNNKK' -> 'DD.MM.YY NNNKK'."""
    return f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}"


def fnr_three(n: str) -> str:
    """'DDMMYYNNNKK' -> 'DDMMYY NNN KK'."""
    return f"{n[:6]} {n[6:9]} {n[9:]}"


def fnr_dash(n: str) -> str:
    return f"{n[:6]}-{n[6:]}"


def iban_no(k: str) -> str:
    """Norwegian IBAN for an 11-digit account number, printed in groups of four."""
    check = 98 - int(k + "232400") % 97  # N=23, O=24, then '00'
    raw = f"NO{check:02d}{k}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


# fødselsnumre (ordinary date, never-issued individual range)
FA = make_fnr("240967", start=812)
FB = make_fnr("291158", start=760)
FC = make_fnr("020476", start=845)
FD = make_fnr("170592", start=781)
FE = make_fnr("121090", start=856)
# D-numre (day + 40, never-issued individual range)
DA = make_fnr("110489", d_number=True, start=803)
DB = make_fnr("280194", d_number=True, start=771)
DC = make_fnr("050683", d_number=True, start=866)
# synthetic (month + 80, never-issued individual range)
SA = make_fnr("078488", start=790)   # 07.04.88 -> month 84
SB = make_fnr("199176", start=827)   # 19.11.76 -> month 91
# deliberately invalid control digits
XA = break_checksum(make_fnr("150273", start=832))
XB = break_checksum(make_fnr("090697", d_number=True, start=755))
XC = break_checksum(make_fnr("231161", start=888))
XD = break_checksum(make_fnr("300989", start=799))

# account numbers (valid mod-11 control digit; may coincide with real accounts - never use them)
KA = make_konto("1503427718")
KB = make_konto("9710215563")
KC = make_konto("3000418872")
KD = make_konto("1254093307")
KE = make_konto("2801664120")
KF = make_konto("4202138845")
KG = make_konto("6345081573")
KH = make_konto("1822570034")
IBAN_C = iban_no(KC)

# numbers that must NOT be read as PII
JOURNAL_ID = "20251104873"   # 11-digit journal id, checksum-invalid as fnr (asserted)
KID = "20250311874"          # 11-digit payment reference (KID), checksum-invalid as fnr (asserted)

for _n in (FA, FB, FC, FD, FE, DA, DB, DC, SA, SB):
    assert fnr_checksum_ok(_n) and not fnr_possibly_issued(_n), _n
for _n in (XA, XB, XC, XD, JOURNAL_ID, KID):
    assert not fnr_checksum_ok(_n), _n
for _n in (SA, SB):
    assert int(_n[2:4]) > 80, _n
for _n in (DA, DB, DC):
    assert int(_n[0]) >= 4, _n
for _k in (KA, KB, KC, KD, KE, KF, KG, KH):
    assert konto_checksum_ok(_k), _k

# ---------------------------------------------------------------------------
# The held-out items: (kind, language, markup)
# ---------------------------------------------------------------------------
HELDOUT_ITEMS: list[tuple[str, str, str]] = [
    # ---------------- signatures ----------------
    ("signature", "nb",
     "Med vennlig hilsen\n[[NAVN|Borghild Sæterbakken]]\nleder, <<Hamar Arbeiderparti>>\n"
     "mob. [[TELEFON|934 20 718]]\n[[E-POST|borghild.saeterbakken@example.com]]"),
    ("signature", "nn",
     "Med venleg helsing\n[[NAVN|Synnøve Fjellheim]]\nskrivar i <<Voss Arbeidarparti>>\nTlf. [[TELEFON|+47 476 03 915]]"),
    ("signature", "nb", "mvh [[NAVN|randi]]\nsendt fra min <<iPhone>>"),
    ("signature", "nb",
     "[[NAVN|GUNNHILD TVEITEN]]\nHOVEDTILLITSVALGT, <<FAGFORBUNDET SKIEN>>\n[[TELEFON|41 88 20 93]]"),
    ("signature", "en",
     "Best regards,\n[[NAVN|Łukasz Dąbrowski]]\nShop steward, <<Fellesforbundet>> club at <<Vestfjord Verft AS>>\n"
     "Phone: [[TELEFON|+48 512 334 761]] (Poland) / [[TELEFON|+47 940 17 332]] (Norway)\n"
     "E-mail: [[E-POST|lukasz.dabrowski+fagklubb@mail.example.org]]"),
    ("signature", "nb",
     "--\n[[NAVN|Stig-Håvard Lysø]] | Nestleder | <<LO Stat Nordland>>\n"
     "T: [[TELEFON|004797731508]] | E: [[E-POST|stig-havard.lyso@nordland.lo.example.net]]\n<<Org.nr. 987 654 321>>"),
    ("signature", "nn",
     "Helsing\n[[NAVN|Pekka Rautio]]\n<<Vadsø Arbeidarparti>>\n[[TELEFON|+47 78 95 14 02]]"),
    ("signature", "nb",
     "Hilsen [[NAVN|Hodan Abdi Warsame]], tillitsvalgt for renholderne i <<Oslo kommune>>. "
     "Nås på [[TELEFON|46 21 07 38]] etter kl. 15."),
    ("signature", "nb",
     "Vennlig hilsen\n\n[[NAVN|Eivind de Lange]]\nKommunestyrerepresentant (Ap), <<Bærum kommune>>\n"
     "[[E-POST|Eivind.deLange@politikere.baerum.example]]"),
    ("signature", "en",
     "Kind regards\n[[NAVN|Vaida Stankevičiūtė]]\nCare worker, <<Haraldsplass>>, ward 3\n"
     "Mob: [[TELEFON|+47 45 90 12 66]]\n[[E-POST|vaida.s@example.com]]"),
    ("signature", "nb", "Beste hilsen fra [[NAVN|Jomar]] og [[NAVN|Vår]] i styret i <<Kvinesdal Arbeiderparti>>"),
    ("signature", "nn",
     "Dearvvuođaiguin\n[[NAVN|Ánne Risten Skum]]\nleiar i <<Kautokeino Arbeidarparti>>\n"
     "[[E-POST|anne.risten.skum@example.org]] · [[TELEFON|+47 917 44 082]]"),
    ("signature", "nb",
     "Mvh\n[[NAVN|E. Brekke]]\nsekretær i klubben ved <<Hansen & Sønner AS>>, <<Fellesforbundet avd. 603>>\n"
     "[[TELEFON|932-44-180]]"),
    ("signature", "en",
     "Cheers,\n[[NAVN|Nguyen Van Duc]] (call me [[NAVN|Duc]])\n<<Foodora>> rider, <<Trondheim>>\n"
     "WhatsApp [[TELEFON|+47 958 71 204]]"),
    ("signature", "nb",
     "Med hilsen\n[[NAVN|Heidi Stene-Olsen]]\nRådgiver, <<Fagforbundet Innlandet>>\n"
     "Postadresse: [[ADRESSE|Postboks 312\n2302 Hamar]]\nSentralbord [[TELEFON|62 51 38 40]]"),
    ("signature", "nb", "MVH [[NAVN|KNUT EGIL HOVLAND]]\nKLUBBLEDER\n[[TELEFON|90018734]]"),
    ("signature", "nn",
     "Venleg helsing [[NAVN|Oddvar Skog]], <<Sunnfjord Arbeidarparti>>\n[[E-POST|oddvar.skog@sunnfjord-ap.example]]"),
    ("signature", "en",
     "Regards – [[NAVN|Rania El-Khatib]], nurse, <<Akershus universitetssykehus>>. Text me on "
     "[[TELEFON|+47 48 11 63 05]] or write to [[E-POST|RANIA.ELKHATIB@EXAMPLE.NET]]."),
    ("signature", "nn",
     "Takk for at de les dette!\n\nHelsing [[NAVN|Brynjulf Årdal]]\nmedlem i <<Lærdal Arbeidarparti>>\n"
     "[[TELEFON|997 41 320]] / [[E-POST|b.ardal@heime.example.net]]"),
    ("signature", "nb",
     "Hilsen\n[[NAVN|Marte-Sofie Øvrebø Nilssen]]\nleder, <<Unge Arbeidstakere>>-utvalget\n"
     "[[E-POST|marte.sofie+arbeidsliv@ungdom.example.org]]\n[[TELEFON|+47 918 26 403]]"),

    # ---------------- stories ----------------
    ("story", "nb",
     "Sjefen vår, [[NAVN|Svein Tønnesen]], sa rett ut at de som meldte seg inn i <<Fellesforbundet>> ikke ville "
     "få forlenget kontrakten. [[NAVN|Tønnesen]] har drevet <<Tønnesen Bygg AS>> i tjue år."),
    ("story", "nb",
     "[[NAVN|Pedersen]] sa at vi bare kunne ta ut ferie i februar. Han er daglig leder i <<Pedersen & Sønn AS>>, "
     "og ingen tør å si ham imot."),
    ("story", "nb",
     "Min kollega [[NAVN|Katarzyna Wiśniewska]] jobbet <<62 timer>> i uka på et hotell i <<Bergen>> uten "
     "overtidsbetaling. Da hun tok det opp, fikk hun beskjed fra resepsjonssjef [[NAVN|Marius van Dijk]] "
     "om at «sånn er bransjen»."),
    ("story", "nn",
     "Eg jobba saman med [[NAVN|Bjørn]] på lageret i <<Florø>>. Han fekk sparken dagen etter at han vart vald "
     "til verneombod, og leiaren, [[NAVN|Oddny Berg]], nekta å grunngje det skriftleg."),
    ("story", "nb",
     "Da [[NAVN|Sol Vinter]] ble syk, fikk hun ingen lønn fra bemanningsbyrået. Byrået heter "
     "<<Nordlys Bemanning AS>> og har <<org.nr. 923 118 450>>."),
    ("story", "nb",
     "Renholderen [[NAVN|Senait Tesfay]] ble flyttet fra <<Ullevål>> til <<Aker>> uten varsel. Lederen hennes, "
     "[[NAVN|Rosa Storm]], mente det var «innenfor <<styringsretten>>»."),
    ("story", "en",
     "My colleague [[NAVN|Darius Vaitkus]] was hired through an agency for three years at the same plant in "
     "<<Sunndalsøra>>. The foreman, [[NAVN|Kjetil Aasgard]], told him he would never get a permanent job if he "
     "joined the union."),
    ("story", "nb",
     "Vi var fire på nattskiftet: [[NAVN|Yusuf]], [[NAVN|Małgorzata]], [[NAVN|Frode]] og jeg. Bare "
     "[[NAVN|Frode]] hadde fast stilling."),
    ("story", "nn",
     "Avdelingsleiar [[NAVN|Haugland]] sende ut vaktlista klokka 23 på søndagskvelden. Dei som ikkje svara "
     "innan <<07.00>>, mista vaktene sine."),
    ("story", "nb",
     "Plattformsjåførene i <<Stavanger>> får beskjed via appen. [[NAVN|Samir Ben Youssef]] ble «deaktivert» "
     "etter én klage og fikk aldri vite hvem som klaget."),
    ("story", "nb",
     "Helsefagarbeider [[NAVN|Phạm Thị Thu]] har hatt <<40 prosent>> stilling i ni år. Hun har søkt på tolv "
     "stillinger i <<Drammen kommune>> og fått nei hver gang."),
    ("story", "en",
     "A Swedish colleague, [[NAVN|Elin Bergqvist]], worked in our crew on the <<Johan Castberg>> hook-up. You "
     "can reach her on [[TELEFON|+46 70-482 15 93]] if the committee wants to hear how it works in Sweden."),
    ("story", "nb",
     "Vaktsjef [[NAVN|Kristoffersen]] skrev i <<Slack>> at «de polske» kunne ta helgevaktene. Vi har skjermbilde."),
    ("story", "nb",
     "Etter at [[NAVN|Abdirahman Hussein Jama]] klaget til <<Arbeidstilsynet>>, ble han satt på dårligere "
     "ruter. Saken har saksnummer <<2025/004417>>."),
    ("story", "nn",
     "[[NAVN|Torstein Dal]] har køyrt buss i <<Sogndal>> i 30 år. Etter anbodet fekk han lågare løn for "
     "same ruta."),
    ("story", "nb",
     "[[NAVN|Tone-Lill Fossums]] kontrakt ble forlenget sju ganger på rad. Etter <<arbeidsmiljøloven § 14-9>> "
     "skulle hun for lengst hatt fast stilling."),
    ("story", "en",
     "The site manager, [[NAVN|Omar Haddad]], made us sign timesheets in blank every Friday. When "
     "[[NAVN|Haddad]] left, the new manager kept doing the same."),
    ("story", "nb",
     "Jeg ringte [[NAVN|Pål]] i HR tre ganger om turnusen. Han sa at <<GAT>> ikke gjaldt oss."),
    ("story", "nb",
     "[[NAVN|Liv]] fortalte at hun måtte betale 4 500 kroner for «opplæring» før første vakt. Det sier vel "
     "mye om hvordan <<livet>> er for vikarene."),
    ("story", "nn",
     "Kollegaen min [[NAVN|Helmi Kuoksu]] frå <<Lakselv>> fekk ikkje tolk på personalmøtet, sjølv om ho bad "
     "om det."),
    ("story", "nb",
     "Butikksjef [[NAVN|Rune Ausland]] ved <<Rema 1000 Torget>> kalte oss «ekstrahjelp» i fem år."),
    ("story", "en",
     "I worked at <<Berg & Dal Regnskap AS>> for two years. [[NAVN|Kirsti Berg]], the owner, paid the "
     "trainees in gift cards."),
    ("story", "nb",
     "Sykepleier [[NAVN|Maricel Dela Cruz]] ble rekruttert fra Filippinene av <<Norsk Pleie AS>> og skyldte "
     "byrået <<38 000 kroner>> før hun kom."),
    ("story", "nn",
     "[[NAVN|Storm]], som eg jobba med i <<fjor vinter>>, fekk berre <<70 %>> stilling, sjølv om han gjekk "
     "fulle vakter under heile <<stormen>> i januar."),
    ("story", "nb",
     "Ordfører [[NAVN|Aslaug Nerhus]] lovet heltid til alle i valgkampen. I dag har kommunen flere "
     "deltidsansatte enn før."),
    ("story", "nb",
     "Da jeg var lærling hos <<Brødrene Mostue Rør AS>>, var det [[NAVN|Vidar Mostue]] selv som bestemte "
     "hvem som fikk fagbrev-praksis. [[NAVN|Mostues]] nevø fikk alltid de beste oppdragene."),
    ("story", "nn",
     "Vi spurde [[NAVN|Gunvor Helland]] i HR kvifor [[NAVN|Abdullahi]] og [[NAVN|Nasra]] ikkje fekk fast "
     "stilling. Ho svara at «budsjettet ikkje tillét det»."),
    ("story", "en",
     "When I complained about the heat in the warehouse, Mr. [[NAVN|Lindahl]] said I could go back to "
     "Lithuania. My shop steward, [[NAVN|Jolanta]], wrote it all down."),
    ("story", "nb",
     "tillitsvalgt [[NAVN|ranveig solheim]] ble omplassert til vaskeriet en uke etter at hun tok opp "
     "innleie på <<drøftingsmøtet>>."),
    ("story", "nb",
     "[[NAVN|Dagfinn]] på verkstedet har <<37 år>> i bedriften. Nå skal han «konkurrere» med innleide "
     "fra <<Bemanningshuset Nord AS>> om sin egen jobb."),

    # ---------------- contact ----------------
    ("contact", "nb",
     "Ring [[NAVN|Jomar Haugnes]] på [[TELEFON|+47 902 61 448]] hvis dere vil ha flere eksempler fra klubben."),
    ("contact", "nn",
     "Ta kontakt med [[NAVN|Ovllá Bongo]] på [[TELEFON|971 33 520]] eller [[E-POST|ovlla.bongo@reindrift.example]]."),
    ("contact", "en",
     "Contact person: [[NAVN|Krzysztof Wójcik]], [[TELEFON|0048 604 118 992]] (Polish number), "
     "[[E-POST|k.wojcik@example.com]]."),
    ("contact", "nb",
     "Spør [[NAVN|Sol]] på kontoret, hun har oversikten over alle sakene. Direktenummer [[TELEFON|22 47 91 06]]."),
    ("contact", "nb",
     "Kontaktperson: [[NAVN|Mathias Øvstegård]] – [[E-POST|mathias.ovstegard+ap@example.net]] – [[TELEFON|+4795318240]]"),
    ("contact", "en",
     "If you need figures from Sweden, [[NAVN|Mats Lundgren]] at <<IF Metall>> can help: "
     "[[TELEFON|+46 31 704 52 18]]."),
    ("contact", "nb",
     "Svar gjerne til [[E-POST|klubben.rosenborg(at)example.com]] – ikke til <<arbeid@arbeiderpartiet.no>>, "
     "den leses ikke av oss."),
    ("contact", "nn",
     "Vil de vite meir, kan de ringje [[NAVN|Kjellaug]] på [[TELEFON|47 12 58 03]] kvar dag etter klokka fire."),
    ("contact", "nb",
     "Sekretær: [[NAVN|Aurora Lindqvist]], [[E-POST|aurora.lindqvist@styre.eksempel.no]], tlf. "
     "[[TELEFON|(+47) 934 77 015]]"),
    ("contact", "en",
     "You can reach our Lithuanian members through [[NAVN|Rūta Kazlauskienė]] ([[TELEFON|+370 612 48 305]]) – "
     "she speaks Norwegian as well."),
    ("contact", "nb",
     "Telefonliste for aksjonen:\n[[NAVN|Terje Myhre]] [[TELEFON|918 03 227]]\n[[NAVN|Fadumo Cabdi]] "
     "[[TELEFON|455 60 914]]\n[[NAVN|Jon Kristoffer Husby]] [[TELEFON|+47 40 06 72 31]]"),
    ("contact", "nb",
     "Send fakturaen til [[E-POST|heidi.stene-olsen+faktura@regnskap.example.org]], merket <<prosjekt 4471>>."),
    ("contact", "nn",
     "Skriv til [[NAVN|Ingebjørg]] på [[E-POST|ingebjorg.vik@post.example.net]], ho samlar innspela frå laget vårt."),
    ("contact", "en",
     "Our Finnish colleague [[NAVN|Eero Salmela]] ([[TELEFON|+358 44 781 2209]]) and the Danish shop steward "
     "[[NAVN|Mette Kjærsgaard]] ([[TELEFON|+45 28 14 55 90]]) are happy to talk to the committee."),
    ("contact", "nb",
     "Nummeret til [[NAVN|Berit]] er [[TELEFON|926.30.415]], men hun er på nattevakt til søndag."),
    ("contact", "nb",
     "Kontakt: [[NAVN|Hamza Qureshi]], tlf [[TELEFON|+47-468-22-519]], epost [[E-POST|hamza.q (at) example.org]]"),
    ("contact", "nn",
     "Kontaktperson i <<Tana Arbeidarparti>> er [[NAVN|Johan Mathis Guttorm]], tlf. [[TELEFON|78 92 61 07]]."),

    # ---------------- address ----------------
    ("address", "nb",
     "Innspillet kan sendes i posten til [[NAVN|Ragnar Tollefsen]], [[ADRESSE|Sandbakkveien 14 B, 3045 Drammen]]."),
    ("address", "nb",
     "Møtet holdes hjemme hos [[NAVN|Guro-Helen Myrvold-Hauge]], [[ADRESSE|Skolegata 3c\n2317 Hamar]]. Ta med kake!"),
    ("address", "nn",
     "Adressa til laget er c/o [[NAVN|Synnøve Lunde]], [[ADRESSE|Bakkevegen 27, 6856 Sogndal]]."),
    ("address", "nb", "Klubbens postadresse: [[ADRESSE|Postboks 9184 Grønland, 0134 Oslo]]"),
    ("address", "en",
     "Please send the printed survey to [[NAVN|Maja Kowalczyk]], c/o [[NAVN|Halvard Sunde]], "
     "[[ADRESSE|Nedre Slottsgate 8, 0157 Oslo]]."),
    ("address", "nb", "Vi holder til i [[ADRESSE|Kongens gate 41, 7012 Trondheim]], i fjerde etasje."),
    ("address", "nb", "Returadresse:\n[[NAVN|Vegard Moen]]\n[[ADRESSE|Fjellvei 2\n8616 Mo i Rana]]"),
    ("address", "nn",
     "Vi møtest i [[ADRESSE|Tinghusplassen 1]] i <<Førde>>, ikkje på <<Folkets Hus>> som sist."),
    ("address", "nb", "Adresse: [[ADRESSE|Elias Smiths vei 24, 1337 Sandvika]] (bak <<Kiwi>>)."),
    ("address", "nb",
     "Hun bor i [[ADRESSE|Ivar Aasens veg 5A]] og sykler til sykehjemmet hver morgen, også i januar."),
    ("address", "nb",
     "Post til utvalget kan sendes til [[ADRESSE|Bygdøy allé 58, 0265 Oslo]], merk konvolutten «Arbeidsliv»."),
    ("address", "en",
     "Our club office: [[ADRESSE|Strandgata 19, 9008 Tromsø]]. Postal address: [[ADRESSE|P.O. Box 1204, 9262 Tromsø]]."),
    ("address", "nb", "besøksadresse: [[ADRESSE|torggata 7, 2000 lillestrøm]]"),
    ("address", "nn", "[[NAVN|Aslak Tveitane]]\n[[ADRESSE|Heddalsvegen 112\n3676 Notodden]]"),
    ("address", "nb",
     "Vi flyttet fra [[ADRESSE|Lillestrømgata 4]] til [[ADRESSE|Torvplassen 6, 1850 Mysen]] i fjor."),
    ("address", "nn",
     "Send lista til [[NAVN|Gudrun Myklebust]], [[ADRESSE|Nordre Gjerdeveg 9 C, 6150 Ørsta]], før <<1. mars>>."),

    # ---------------- identity numbers (checksum-valid, never-issued / synthetic) ----------------
    ("id_number", "nb",
     f"Fødselsnummeret mitt er [[FØDSELSNUMMER|{FA}]], hvis dere trenger det for medlemsregisteret."),
    ("id_number", "nb",
     f"Jeg har D-nummer [[FØDSELSNUMMER|{spaced(DA)}]] fordi jeg kom fra <<Litauen>> i 2019."),
    ("id_number", "en",
     f"Name: [[NAVN|Grzegorz Pawlak]], D-number [[FØDSELSNUMMER|{DB}]], employer <<Stål & Sveis Vest AS>>."),
    ("id_number", "nn",
     f"Personnummeret hennar er [[FØDSELSNUMMER|{fnr_dotted(FB)}]], men det står feil i <<NAV>>-systemet."),
    ("id_number", "nb", f"[[NAVN|Tiril Lauvås]]\nF.nr.: [[FØDSELSNUMMER|{fnr_dash(FC)}]]"),
    ("id_number", "nb",
     f"Testbruker fra <<Tenor>>: [[FØDSELSNUMMER|{SA}]] – jeg sender den bare for å vise hvordan skjemaet ser ut."),
    ("id_number", "nb",
     f"Lønnsslippen viser fødselsnummeret mitt, [[FØDSELSNUMMER|{fnr_three(FD)}]], og sjefen la den ut i "
     f"<<Messenger>>-gruppa."),
    ("id_number", "nn",
     f"Syntetisk testperson i skjemaet: [[FØDSELSNUMMER|{spaced(SB)}]] (ikkje ein ekte person)."),

    # ---------------- identity numbers with broken checksum ----------------
    ("id_number_invalid_checksum", "nb", f"Fnr: [[FØDSELSNUMMER|{XA}]] (kan ha skrevet feil)"),
    ("id_number_invalid_checksum", "nn", f"D-nummeret mitt: [[FØDSELSNUMMER|{spaced(XB)}]]"),
    ("id_number_invalid_checksum", "en", f"My personal number is [[FØDSELSNUMMER|{fnr_dotted(XC)}]]."),
    ("id_number_invalid_checksum", "nb",
     f"[[NAVN|Lina Osmani]], personnr. [[FØDSELSNUMMER|{fnr_three(XD)}]], ansatt siden 2017."),

    # ---------------- bank accounts ----------------
    ("bank_account", "nb",
     f"Støtten kan betales til kontonummer [[KONTONUMMER|{konto_dotted(KA)}]] (<<Rjukan Arbeiderparti>>)."),
    ("bank_account", "nb",
     f"Lønna ble satt inn på [[KONTONUMMER|{konto_spaced(KB)}]], men <<3 200 kroner>> manglet."),
    ("bank_account", "en",
     f"Account number [[KONTONUMMER|{KC}]], IBAN [[KONTONUMMER|{IBAN_C}]], BIC <<DNBANOKKXXX>>."),
    ("bank_account", "nn",
     f"Kontonr. [[KONTONUMMER|{KD}]] – merk innbetalinga med KID <<{KID}>>."),
    ("bank_account", "nb",
     f"Innsamlingen til [[NAVN|Darius]] sin advokat: [[KONTONUMMER|{konto_dotted(KE)}]], merk «streik»."),
    ("bank_account", "nb",
     f"Vipps eller konto: [[KONTONUMMER|{konto_spaced(KF)}]]. Spørsmål til kasserer [[NAVN|Wenche Ruud]]."),

    # ---------------- mixed ----------------
    ("mixed", "nb",
     "Hei! Jeg heter [[NAVN|Anette Bøe]] og jobber på <<Coop Extra>> på <<Sola>>. Sjefen sier vi må være "
     "tilgjengelige på <<Teams>> også på fridager. Mitt nummer: [[TELEFON|41 22 90 17]]. Bor i "
     "[[ADRESSE|Rundeskogen 8, 4056 Tananger]]."),
    ("mixed", "en",
     f"Hi, I am [[NAVN|Mindaugas Petrauskas]], welder, D-number [[FØDSELSNUMMER|{DC}]]. My salary is paid to "
     f"[[KONTONUMMER|{konto_spaced(KG)}]] but the agency deducts <<6 000 NOK>> a month for a bed in "
     f"[[ADRESSE|Industrivegen 3, 6600 Sunndalsøra]]."),
    ("mixed", "nn",
     "Eg heiter [[NAVN|Solrun Flatebø]], tillitsvald på <<Haukeland>>. Nye turnusar vart sende ut av "
     "[[NAVN|Arve Mjelde]] utan drøfting etter <<hovudavtalen § 9-3>>. Telefon [[TELEFON|950 44 107]]."),
    ("mixed", "nb",
     f"Skjema fra <<Proffbemanning AS>>:\nNavn: [[NAVN|Le Thi Hoa]]\nFødselsnr: [[FØDSELSNUMMER|{spaced(FE)}]]\n"
     f"Konto: [[KONTONUMMER|{KH}]]\nAdresse: [[ADRESSE|Grønnegata 22, 2317 Hamar]]\n"
     f"E-post: [[E-POST|hoa.le1990@example.com]]"),
    ("mixed", "nb",
     "[[NAVN|Johansen]] i <<Johansen Maskin AS>> ringte meg fra [[TELEFON|905 18 236]] og sa at jeg var «for "
     "dyr». Jeg har ansiennitet fra 2008."),
    ("mixed", "nn",
     "Eg heiter [[NAVN|Tuva Vinter]], og [[NAVN|Rosa]] er kollegaen min. Vi jobbar begge for <<Vinterbro Omsorg AS>> "
     "og har ikkje fått <<rosa>> arbeidsklede eller lønn for opplæring. Ring oss på [[TELEFON|45-81-27-36]]."),

    # ---------------- allow-listed public contacts ----------------
    ("allowlist", "nb",
     "Takk til <<Arild Grande>> for et godt innlegg på medlemsmøtet. Spørsmål kan sendes til "
     "<<arbeid@arbeiderpartiet.no>>."),
    ("allowlist", "nn",
     "Vi har sendt innspelet til <<Lars Raaum>> og <<Ståle Grøtte>>, med kopi til [[NAVN|Grete Sandvik]] i laget vårt."),
    ("allowlist", "en",
     "As <<Arild Grande>> said in <<Bodø>>, the unions are part of the solution. Our contact is [[NAVN|Hassan Nur]]."),
    ("allowlist", "nb",
     "Hei <<Ståle Grøtte>>! Vedlagt er innspillene fra <<Orkland Arbeiderparti>>. Hilsen [[NAVN|Turid]]"),
    ("allowlist", "en",
     "Please forward this to <<Lars Raaum>> or post it to <<arbeid@arbeiderpartiet.no>>; we have no other contact."),

    # ---------------- no PII, tricky keep strings ----------------
    ("no_pii", "nb",
     "Vi viser til <<arbeidsmiljøloven § 14-9>> og ber om at unntaket for innleie i byggebransjen fjernes."),
    ("no_pii", "nb",
     "<<Hansen & Sønner AS>> (<<org.nr. 987 654 321>>) vant anbudet på skolebyggene i <<Larvik>>."),
    ("no_pii", "nb",
     "Etter <<stormen>> i januar sto <<Bjørnevatn>> uten strøm i tre døgn, og ingen av vikarene fikk betalt for "
     "beredskapsvakt."),
    ("no_pii", "nn",
     "Om <<vinteren>> har vi berre to tilsette på nattevakt på <<Berg sjukeheim>>."),
    ("no_pii", "nb", "Verneombudene fikk <<rosa>> vester i fjor, og nå vil bedriften ta dem tilbake."),
    ("no_pii", "nb",
     "Kostnaden var <<kr 1 250 000>> i 2024, altså <<41 667 kroner>> per ansatt."),
    ("no_pii", "nb",
     "Ring <<113>> ved akutt fare og legevakten på <<116 117>>. Ikke ring tillitsvalgt først."),
    ("no_pii", "nb",
     "Saksnummer <<24/01873-6>> hos <<Arbeidstilsynet>> gjelder manglende <<HMS-kort>> på byggeplassen."),
    ("no_pii", "en",
     "The <<Johan Sverdrup>> field employs hundreds of contract workers through <<Aker Solutions>> and "
     "subcontractors."),
    ("no_pii", "nb",
     "Medlemsmøtet er <<14.03.2025>> kl. <<18.30>> på <<Folkets Hus>> i <<Mosjøen>>."),
    ("no_pii", "nn", "<<Sola kommune>> har <<312>> deltidsstillingar i helse og omsorg."),
    ("no_pii", "nb",
     "Tariffavtalen (<<Fellesoverenskomsten for byggfag>>) gir <<kr 246,40>> i timen for fagarbeidere."),
    ("no_pii", "nb",
     "Leverandøren <<Berg Elektro AS>> (<<org.nr. 916 402 587>>) brukte tre ulike underleverandører på samme jobb."),
    ("no_pii", "en",
     "Under <<section 14-12>> of the Working Environment Act, hiring from agencies requires a collective agreement."),
    ("no_pii", "nb",
     "Postnummer og sted, <<9700 Lakselv>>, manglet i skjemaet, så brevene kom i retur."),
    ("no_pii", "nb",
     "Lønnsveksten i <<Sykehuspartner HF>> var <<5,2 prosent>> mot <<4,4 prosent>> i kommunene."),
    ("no_pii", "nb",
     "Kommunen brukte <<12 480 550>> kroner på innleid personell i fjor."),
    ("no_pii", "nn",
     "Aksjonen «<<Rosa sløyfe>>» på arbeidsplassen vår samla inn <<18 400 kroner>> i haust."),
    ("no_pii", "nb",
     "<<Storm Bemanning AS>> leide ut 140 sveisere til <<Vard Brattvåg>> i fjor."),
    ("no_pii", "nb",
     "Vi støtter forslaget fra <<LO>> om å styrke <<Arbeidstilsynet>> med <<100 millioner kroner>>."),
    ("no_pii", "en",
     "<<Wolt>> and <<Foodora>> riders in <<Oslo>> earn as little as <<NOK 142>> per hour after costs."),
    ("no_pii", "nb",
     "Fylkestinget i <<Vestland>> vedtok sak <<PS 47/25>> om seriøsitetskrav i anskaffelser."),
    ("no_pii", "nb",
     "<<Solberg-regjeringen>> svekket oppsigelsesvernet og åpnet for flere midlertidige ansettelser."),
    ("no_pii", "nb",
     "Organisasjonsnummeret <<912 606 334>> dukker opp bak tre ulike firmanavn i <<Brønnøysundregistrene>>."),
    ("no_pii", "nb",
     "Fra <<1. januar 2026>> gjelder nye krav etter <<forskrift om offentlige anskaffelser § 7-9>>."),
    ("no_pii", "nn",
     "Ferja frå <<Dale>> går <<07.15>>, og ingen på morgonskiftet rekk ho."),
    ("no_pii", "nb",
     "Timelønn <<kr 198,50>>, overtidstillegg <<50 %>> og <<37,5 timer>> per uke står i kontrakten."),
    ("no_pii", "nb",
     "Skogsarbeiderne i <<Trysil>> må gå to og to fordi det er observert <<bjørn>> i området."),
    ("no_pii", "nb",
     "Vi jobber ute i <<sol>>, regn og <<storm>>, men får ikke værtillegg."),
    ("no_pii", "en",
     "Reference number <<AT-2025-118734>> from the Labour Inspection Authority concerns the same agency."),
    ("no_pii", "nn",
     "<<Vinterstengde>> vegar i <<Hemsedal>> gjer at heimetenesta brukar dobbelt så lang tid."),
    ("no_pii", "nb",
     "Avtalen med <<Olsen Transport AS>> utløper <<31.12.2025>>, og kontrakten er på <<NOK 4 600 000>>."),
    ("no_pii", "nb",
     f"Dokumentet er journalført med journalpost-ID <<{JOURNAL_ID}>>."),
    ("no_pii", "nb",
     "Kampanjen «<<Et godt liv på jobb>>» fra <<Fagforbundet>> handler om heltid."),
    ("no_pii", "nb",
     "<<Rosendal>>, <<Stordal>> og <<Bergen>> har alle fått nye turnusordninger."),
    ("no_pii", "nn",
     "Medlemstalet i <<Fellesforbundet avd. 6>> auka frå <<1 204>> til <<1 377>> på to år."),
    ("no_pii", "nb",
     "Mobilnummer skal aldri stå på vaktlister som henges opp på <<pauserommet>>."),
    ("no_pii", "en",
     "The proposal from <<NHO>>, referenced as <<NHO 2024/311>>, would extend the trial period to <<nine months>>."),
    ("no_pii", "nn",
     "Sjå <<arbeidsmiljølova § 10-4>> om kviletid: minst <<11 timar>> mellom to vakter."),
    ("no_pii", "nb",
     "Bussrute <<100>> fra <<Dal stasjon>> går bare hver halvtime, for sjelden for turnusarbeidere."),
    ("no_pii", "nb",
     "<<Ole Vigs gate>> skole og <<Kong Oscars gate>> er begge stengt for gjennomkjøring i sommer."),
]


# ---------------------------------------------------------------------------
# Build, validate, summarise
# ---------------------------------------------------------------------------
def build_records() -> list[dict]:
    records = []
    for i, (kind, lang, markup) in enumerate(HELDOUT_ITEMS, 1):
        text, spans, keep = parse_markup(markup)
        records.append({"id": f"h{i:03d}", "text": text, "spans": spans, "keep": keep,
                        "language": lang, "kind": kind})
    return records


def validate(rows: list[dict]) -> Errors:
    """The gold validator (offsets, overlaps, keep strings, checksum vs kind, privacy guard)
    plus held-out specifics: 'h' ids, allowed kinds, allow-listed strings never inside spans."""
    errors = Errors()
    gold_errors = Errors()
    validate_pii(rows, gold_errors)
    # validate_pii expects x-ids; apply our own id format instead
    errors.extend(e.replace("pii:", "pii_heldout:", 1) for e in gold_errors if not e.endswith("bad id format"))
    for r in rows:
        where = f"pii_heldout:{r['id']}"
        if not re.fullmatch(r"h\d{3}", r["id"]):
            errors.add(where, "bad id format (want hNNN)")
        if r["kind"] not in KINDS:
            errors.add(where, f"kind {r['kind']!r}")
        if r["kind"] == "no_pii" and r["spans"]:
            errors.add(where, "kind no_pii but has spans")
        if not r["spans"] and r["kind"] not in ("no_pii", "allowlist"):
            errors.add(where, "no spans but kind is not no_pii/allowlist")
        for s in r["spans"]:
            for a in ALLOWLISTED:
                if a in s["text"]:
                    errors.add(where, f"allow-listed {a!r} inside a span")
            if s["label"] == "FØDSELSNUMMER" and fnr_checksum_ok(s["text"]):
                d = re.sub(r"\D", "", s["text"])
                if not (750 <= int(d[6:9]) <= 899 and int(d[4:6]) >= 40):
                    errors.add(where, f"checksum-valid fnr {s['text']!r} outside never-issued range")
    return errors


def independence_report(rows: list[dict]) -> list[str]:
    """Overlap with the development set pii.jsonl: shared NAVN tokens, shared digit strings and
    shared sentences.  Returned as warnings (the brief allows shared organisation/law strings)."""
    if not PII_PATH.exists():
        return ["pii.jsonl not found; independence not checked"]
    dev = read_jsonl(PII_PATH, Errors())
    def name_tokens(rs):
        return {t.lower().rstrip("s") for r in rs for s in r["spans"] if s["label"] == "NAVN"
                for t in re.findall(r"\w+", s["text"]) if len(t) > 2}
    def numbers(rs):
        out = set()
        for r in rs:
            for s in r["spans"]:
                d = re.sub(r"\D", "", s["text"])
                if len(d) >= 5:
                    out.add(d[-8:])
        return out
    def sentences(rs):
        return {x.strip().lower() for r in rs for x in re.split(r"(?<=[.!?])\s+|\n", r["text"])
                if len(x.split()) >= 5}
    warnings = []
    shared_names = sorted(name_tokens(rows) & name_tokens(dev))
    if shared_names:
        warnings.append(f"NAVN tokens also in pii.jsonl: {', '.join(shared_names)}")
    shared_nums = sorted(numbers(rows) & numbers(dev))
    if shared_nums:
        warnings.append(f"span digit strings also in pii.jsonl: {', '.join(shared_nums)}")
    shared_sents = sorted(sentences(rows) & sentences(dev))
    if shared_sents:
        warnings.append(f"sentences also in pii.jsonl: {shared_sents}")
    return warnings


def summarise(rows: list[dict], markdown: bool) -> str:
    out = []
    n_spans = sum(len(r["spans"]) for r in rows)
    out.append(f"{'#### ' if markdown else '== '}pii_heldout.jsonl ({len(rows)} texts, {n_spans} spans)\n")
    out.append(_table("span label", Counter(s["label"] for r in rows for s in r["spans"]), markdown))
    out.append(_table("language", Counter(r["language"] for r in rows), markdown))
    out.append(_table("kind", Counter(r["kind"] for r in rows), markdown))
    out.append(_table("span label × language",
                      Counter(f"{s['label']} / {r['language']}" for r in rows for s in r["spans"]), markdown))
    fnr = [s for r in rows for s in r["spans"] if s["label"] == "FØDSELSNUMMER"]
    ok = [s for s in fnr if fnr_checksum_ok(s["text"])]
    synth = [s for s in ok if int(re.sub(r"\D", "", s["text"])[2:4]) > 80]
    dnum = [s for s in fnr if int(re.sub(r"\D", "", s["text"])[0]) >= 4]
    no_pii = [r for r in rows if not r["spans"]]
    out.append(f"texts without PII: {len(no_pii)}; texts with keep strings: {sum(1 for r in rows if r['keep'])}; "
               f"keep strings: {sum(len(r['keep']) for r in rows)}\n")
    out.append(f"FØDSELSNUMMER spans: {len(fnr)} ({len(ok)} checksum-valid of which {len(synth)} synthetic "
               f"month+80; {len(fnr) - len(ok)} invalid; {len(dnum)} D-numre)\n")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; fail if pii_heldout.jsonl is stale")
    ap.add_argument("--markdown", action="store_true", help="print the summary as Markdown tables")
    args = ap.parse_args(argv)

    records = build_records()
    content = dumps(records)
    errors = Errors()
    if args.check:
        if not HELDOUT_PATH.exists() or HELDOUT_PATH.read_text(encoding="utf-8") != content:
            errors.add("pii_heldout.jsonl", "out of date: run scripts/build_pii_heldout.py")
    else:
        HELDOUT_PATH.write_text(content, encoding="utf-8")
    rows = read_jsonl(HELDOUT_PATH, errors) if HELDOUT_PATH.exists() else []
    errors.extend(validate(rows))

    print(summarise(rows, args.markdown))
    for w in independence_report(rows):
        print("independence warning: " + w)
    if errors:
        print(f"{len(errors)} validation error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: valid JSON, ids unique, offsets exact, keep strings outside spans, no possibly-issued fnr.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
