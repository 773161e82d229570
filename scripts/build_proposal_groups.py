#!/usr/bin/env python3
"""Build the gold set for clustering recurring proposals.

Writes ``data/labels/eval/proposal_groups.jsonl``: hand-written, invented submissions in the
style of answers to the debate booklet "Arbeidstakerne i det nye arbeidslivet". Nothing here
is quoted from a real submission.

Three kinds of item:

* ``paraphrase``    - a member of a gold group: every member asks for the SAME change in the
                      SAME direction, worded differently (verbs, synonyms, structure, register,
                      length, bokmål/nynorsk/English, typos).
* ``singleton``     - a unique proposal on the same themes; belongs to no group.
* ``hard_negative`` - shares much vocabulary with one group (``near_group``) but asks for
                      something else: the opposite direction, a different scope or a different
                      measure. Must NOT be clustered with that group.

The rule for "same proposal": same requested change and same direction. A different scope
(state instead of municipality, another sector, one element of a package instead of the
package) or the opposite direction makes it a different proposal.

Output lines (keys in this order)::

    {"id", "text", "group", "language", "kind", "near_group", "noisy"}

``group`` is null for singletons and hard negatives; ``near_group`` is set only for hard
negatives; ``noisy`` marks items written with deliberate typos (missing æøå, spacing,
lower case, misspellings). Ids are assigned after a seeded shuffle, so neighbouring ids do
not reveal group membership, and the file is byte-identical between runs.

Usage::

    python scripts/build_proposal_groups.py            # write, validate, print table
    python scripts/build_proposal_groups.py --check    # validate the existing file only
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "labels" / "eval" / "proposal_groups.jsonl"
SEED = 20240101
LANGS = {"nb", "nn", "en"}
T = "typo"  # third tuple element: the item deliberately contains typos

# --------------------------------------------------------------------------------------
# Gold groups. Each item: (language, text) or (language, text, T).
# --------------------------------------------------------------------------------------
GROUPS: dict[str, dict] = {
    "fagforeningsfradrag": {
        "proposal": "Øke skattefradraget for fagforeningskontingent (f.eks. doble det).",
        "items": [
            ("nb", "Fagforeningsfradraget må dobles."),
            ("nb", "Vi foreslår at skattefradraget for fagforeningskontingent økes kraftig, "
                   "gjerne til det dobbelte av dagens nivå."),
            ("nb", "Gjør det billigere å være organisert: øk fradraget for kontingenten på "
                   "skattemeldingen."),
            ("nn", "Frådraget for fagforeiningskontingent bør aukast monaleg."),
            ("nn", "Me meiner fagforeiningsfrådraget skal doblast."),
            ("nb", "doble fagforenigsfradraget!!", T),
            ("nb", "Staten bør premiere medlemskap i fagforening gjennom et høyere skattefradrag "
                   "enn i dag."),
            ("en", "Double the tax deduction for trade union dues."),
            ("nb", "Hev taket for fradrag for fagforeningskontingent betydelig."),
            ("nb", "Et kraftig løft i fagforeningsfradraget vil få flere unge til å melde seg "
                   "inn."),
            ("nb", "Lokallaget ber om at partiet går inn for å øke fradragsgrensen for kontingent "
                   "til arbeidstakerorganisasjoner."),
            ("nn", "Auk skattefrådraget for dei som betalar kontingent til fagforeininga."),
            ("nb", "dobbel fradrag for fagforening kontingent", T),
            ("nn", "Kontingenten burde i større grad kunne trekkjast frå på skatten – frådraget "
                   "er altfor lågt i dag."),
            ("nb", "Arbeiderpartiet må programfeste en dobling av fagforeningsfradraget."),
            ("nb", "Mange lar være å organisere seg fordi det koster. Løsningen er å øke "
                   "skattefradraget for fagforeningsmedlemskap."),
            ("nn", "Fagforeiningsfrådraget må opp, helst til det dobbelte."),
            ("nb", "Skattefradraget for fagforeningskontingenten skal økes i neste statsbudsjett."),
            ("nb", "Hvis fradraget for kontingent ble hevet skikkelig, ville flere unge "
                   "arbeidstakere organisert seg. Det bør vi gjøre."),
            ("nb", "Øk fradraget for fagforeningskontigent , det er for lavt", T),
            ("nb", "Heve maksbeløpet man kan trekke fra for fagforeningskontingent."),
            ("nn", "Eg vil at frådraget for fagforeiningskontingenten skal aukast, slik at det "
                   "løner seg å vere organisert."),
            ("nb", "La folk få trekke fra mer av kontingenten – et større fagforeningsfradrag er "
                   "den enkleste måten å øke organisasjonsgraden på."),
            ("nb", "Fradragsrammen for fagforeningskontingent bør minst dobles."),
            ("nn", "Det må bli eit mykje høgare frådrag på skatten for oss som betalar "
                   "fagforeiningskontingent."),
        ],
    },
    "seriositetskrav_kommunale_anbud": {
        "proposal": "Innføre seriøsitetskrav (Skiens-modellen) i alle kommunale anbud og innkjøp.",
        "items": [
            ("nb", "Alle kommuner må innføre seriøsitetskrav etter Skiens-modellen i sine anbud."),
            ("nb", "Vår kommune bør vedta Skiensmodellen for offentlige innkjøp."),
            ("nn", "Kommunen må ta inn seriøsitetskrav i alle anbod, slik Skien har gjort."),
            ("nb", "Still tydelige krav til lønns- og arbeidsvilkår, lærlinger og faste ansatte "
                   "når kommunen kjøper inn tjenester."),
            ("nb", "innfør seriøsitetskrav i alle komunale anbud", T),
            ("nb", "Kommunestyret bør vedta et seriøsitetsregime etter modell fra Skien for alle "
                   "kontrakter kommunen inngår."),
            ("en", "Every municipality should adopt the Skien model's seriousness requirements "
                   "in its public tenders."),
            ("nn", "Skiensmodellen bør verte standard i alle kommunale innkjøp."),
            ("nb", "Det bør bli et krav at norske kommuner bruker seriøsitetskrav når de lyser "
                   "ut oppdrag."),
            ("nn", "Kommunen skal berre handle med seriøse firma – innfør seriøsitetskrav i "
                   "anboda."),
            ("nb", "Vi ønsker at kommunen tar i bruk Skien-modellen i anskaffelsene sine."),
            ("nb", "skiensmodellen i alle kommuner nå", T),
            ("nn", "Alle kommunar bør vedta seriøsitetskrav for offentlege anskaffingar."),
            ("nb", "Få på plass seriøsitetskrav i alle kommunale kontrakter, ikke bare i de "
                   "store byene."),
            ("nb", "Innkjøpsreglementet i kommunen må endres slik at seriøsitetskrav stilles i "
                   "hver eneste konkurranse."),
            ("nb", "Kommunale anbud må inneholde krav om faste ansettelser, lærlinger og "
                   "begrensning i antall underleverandører."),
            ("nn", "Ta Skien-modellen i bruk i kommunen vår òg."),
            ("nb", "Gjør seriøsitetskravene obligatoriske i alle kommuners innkjøp."),
            ("nb", "Når kommunen setter ut oppdrag, må det stilles seriøsitetskrav som følger "
                   "Skiensmodellen."),
            ("nb", "Seriøsitets krav må inn i anbudene til kommunen", T),
            ("nb", "Kommunene må slutte å velge billigste tilbud uten krav – innfør "
                   "seriøsitetskrav etter Skiens mal."),
            ("nn", "Me vil at kommunen skal stille seriøsitetskrav kvar gong ho kjøper inn "
                   "tenester eller byggjearbeid."),
            ("nb", "Alle landets kommuner bør pålegges å bruke seriøsitetsbestemmelser i "
                   "offentlige anbud."),
            ("nb", "Anbudene i kommunen må ha krav om tariff, lærlinger og faste ansatte – slik "
                   "Skien gjør det."),
            ("nn", "Seriøsitetskrav i alle kommunale anbod, no!"),
        ],
    },
    "forby_innleie_bygg": {
        "proposal": "Forby innleie fra bemanningsbyrå i bygg og anlegg.",
        "items": [
            ("nb", "Forby innleie fra bemanningsbyråer i byggebransjen."),
            ("nb", "Bemanningsbyråene må ut av bygg og anlegg – innfør et forbud mot innleie."),
            ("nn", "Innleige frå bemanningsbyrå i byggje- og anleggsbransjen må forbydast."),
            ("nb", "Det bør ikke lenger være lov å leie inn arbeidsfolk fra byrå på "
                   "byggeplassene."),
            ("nb", "forbud mot innleie i bygg og anlegg!!", T),
            ("nb", "Stopp bruken av bemanningsbyråer på byggeplasser gjennom et lovfestet "
                   "forbud."),
            ("en", "Ban the use of temp agency workers in the construction industry."),
            ("nb", "Vi vil ha et totalforbud mot innleie fra bemanningsselskaper i "
                   "byggenæringen."),
            ("nn", "Forbod mot innleige i bygg og anlegg."),
            ("nn", "Byggjebransjen treng faste tilsette, ikkje byråfolk. Forby innleige der."),
            ("nb", "Lovverket må endres slik at entreprenører ikke kan leie inn mannskap fra "
                   "bemanningsforetak."),
            ("nb", "Forby bemaningsbyrå i bygg og anlegg", T),
            ("nn", "Bemanningsbyråa har øydelagt byggjebransjen. Innleige må rett og slett "
                   "forbydast."),
            ("nb", "Forbudet mot innleie fra bemanningsbyrå i bygg og anlegg må innføres."),
            ("nb", "På byggeplassen skal det ikke være innleide fra bemanningsbyrå – det må bli "
                   "forbudt."),
        ],
    },
    "heltid_helse_omsorg": {
        "proposal": "Heltid som norm i helse og omsorg.",
        "items": [
            ("nb", "Heltid må bli normen i helse- og omsorgssektoren."),
            ("nb", "Kommunen må lyse ut hele stillinger i pleie og omsorg, ikke småstillinger."),
            ("nn", "Heiltid skal vere hovudregelen i helse og omsorg."),
            ("nb", "Slutt med de små deltidsstillingene på sykehjemmene – alle som vil, skal få "
                   "jobbe 100 %."),
            ("nb", "heltid som norm i helse og omsorg, deltid som unntak", T),
            ("nb", "Vi må få en heltidskultur i helsesektoren hvor fulle stillinger er "
                   "standard."),
            ("nn", "Sjukepleiarar og helsefagarbeidarar må få tilbod om heile stillingar som "
                   "normalordning."),
            ("nb", "Ufrivillig deltid i omsorgsyrkene må bort; hele faste stillinger skal være "
                   "utgangspunktet."),
            ("nb", "Sørg for at sykehjem og hjemmesykepleie ansetter folk i fulle stillinger som "
                   "hovedregel, ikke i brøkstillinger."),
            ("nb", "Innfør heltid som standard i hele helse- og omsorgstjenesten, fra sykehjem "
                   "til hjemmetjeneste."),
            ("nb", "Kommunene må slutte å bygge turnuser på deltid i eldreomsorgen. Heltid må "
                   "være normalen."),
            ("nn", "heiltid må bli normalen i omsorga", T),
            ("nn", "Det skal vere sjølvsagt at dei som jobbar i helse og omsorg, får heile "
                   "stillingar."),
            ("nb", "Alle nye stillinger i helse- og omsorgstjenesten bør utlyses som 100 "
                   "prosent."),
            ("nb", "En heltidsreform i helse og omsorg, der heltid er normen, må på plass."),
        ],
    },
    "plattformarbeidere_arbeidstakere": {
        "proposal": "Plattformarbeidere (Foodora, Wolt, Uber) skal regnes som arbeidstakere.",
        "items": [
            ("nb", "Foodora- og Wolt-bud må regnes som ansatte, ikke selvstendige."),
            ("nb", "Arbeidstakerbegrepet må endres slik at plattformarbeidere får status som "
                   "arbeidstakere."),
            ("nn", "Dei som køyrer for Wolt og Foodora, må reknast som arbeidstakarar."),
            ("en", "Gig workers at Wolt and Foodora should legally be employees."),
            ("nb", "Innfør en presumsjon om at den som jobber via en app er arbeidstaker, med "
                   "mindre selskapet beviser noe annet."),
            ("nb", "matbud i wolt må bli ansatte", T),
            ("nb", "Appselskapene må slutte å kalle sjåførene sine selvstendige – de er "
                   "arbeidstakere og skal ha rettighetene som følger med."),
            ("nn", "Plattformarbeid må regulerast slik at dei som leverer mat og køyrer folk, "
                   "får same stilling som andre tilsette."),
            ("nb", "Budene som sykler for Foodora, skal ha samme rettigheter som ansatte fordi de "
                   "er ansatte."),
            ("nb", "Lovfest at plattformarbeidere er arbeidstakere etter arbeidsmiljøloven."),
            ("nn", "Uber-sjåførar og matleverandørar på sykkel må få status som arbeidstakarar."),
            ("nn", "wolt-syklistane er tilsette og må handsamast som det", T),
            ("nb", "Selskaper som Wolt og Foodora må ansette budene sine."),
            ("nb", "Gigøkonomien må ikke få undergrave den norske modellen – plattformarbeidere "
                   "skal regnes som arbeidstakere."),
            ("nb", "Behandle plattformarbeidere som arbeidstakere i lovverket, med rett til "
                   "sykepenger, ferie og oppsigelsesvern."),
        ],
    },
    "rett_til_aa_koble_av": {
        "proposal": "Lovfestet rett til å koble av (være utilgjengelig) utenfor arbeidstid.",
        "items": [
            ("nb", "Lovfest retten til å koble av etter arbeidstid."),
            ("nb", "Arbeidstakere må ha en lovfestet rett til å slippe å svare på e-post og "
                   "telefon når de har fri."),
            ("nn", "Retten til å kople av utanfor arbeidstida bør skrivast inn i "
                   "arbeidsmiljølova."),
            ("en", "Introduce a legal right to disconnect outside working hours."),
            ("nb", "rett til å logge av etter jobb må stå i loven", T),
            ("nb", "Ingen skal måtte være tilgjengelig for sjefen på kveldstid – få det inn i "
                   "arbeidsmiljøloven."),
            ("nn", "Lovfest retten til å vere utilgjengeleg når ein ikkje er på jobb."),
            ("nn", "Me treng ein lovfesta rett til fritid utan jobbmeldingar på mobilen."),
            ("nb", "Arbeidsmiljøloven bør gi alle ansatte rett til å koble helt av fra jobben "
                   "utenom arbeidstiden."),
            ("nb", "Innfør en «rett til å koble fra» i loven, slik Frankrike har gjort."),
        ],
    },
    "betalt_etterutdanning_stat_arbeidsgiver": {
        "proposal": "Kompetansereform: betalt etter- og videreutdanning, finansiert av staten "
                    "og arbeidsgiverne i fellesskap.",
        "items": [
            ("nb", "Staten og arbeidsgiverne må sammen betale for etterutdanning, slik at "
                   "arbeidstakere kan ta ny kompetanse uten å tape lønn."),
            ("nb", "Vi trenger en kompetansereform der arbeidsgiver og stat deler regningen for "
                   "videreutdanning."),
            ("nn", "Etter- og vidareutdanning må vere betalt, og rekninga må delast mellom "
                   "staten og arbeidsgjevarane."),
            ("nb", "Betal lønn under etterutdanning, og la staten og arbeidsgiverne dele "
                   "kostnadene."),
            ("nb", "betalt etterutdanning for alle, spleiselag mellom stat og arbeidsgiver", T),
            ("nb", "Lønnet permisjon for etterutdanning, finansiert av et spleiselag mellom "
                   "staten og bedriftene."),
            ("nb", "Arbeidstakere skal ikke måtte betale for å holde kompetansen sin oppdatert – "
                   "det er fellesskapets og arbeidsgivers ansvar."),
            ("nn", "Ein kompetansereform der stat og arbeidsgjevar finansierer opplæringa, slik "
                   "at den tilsette kan halde fram med full løn."),
            ("nb", "Opprett et kompetansefond der både staten og arbeidsgiverne betaler inn, og "
                   "som dekker lønn og skolepenger når ansatte tar etterutdanning."),
            ("nn", "Gjennomfør kompetansereforma med betalt etterutdanning, der det offentlege "
                   "og arbeidsgjevarane tek kostnaden."),
        ],
    },
    "tillitsreform_mindre_rapportering": {
        "proposal": "Tillitsreform: kutte rapportering, dokumentasjon og måling i offentlig "
                    "sektor.",
        "items": [
            ("nb", "Gjennomfør en tillitsreform som kutter kraftig i rapportering og måling i "
                   "offentlig sektor."),
            ("nb", "Ansatte i det offentlige bruker for mye tid på skjemaer. Kutt "
                   "rapporteringskravene og stol på fagfolka."),
            ("nn", "Mindre rapportering og målstyring, meir tid til brukarane – det er det "
                   "tillitsreforma må handle om."),
            ("nb", "Offentlig ansatte drukner i dokumentasjonskrav og måltall. Halver "
                   "rapporteringen."),
            ("nb", "Kutt unødvendig rapportering i det offentlige, new public management må "
                   "bort", T),
            ("nb", "Avvikle New Public Management-styringen og reduser dokumentasjonskravene for "
                   "lærere, sykepleiere og politifolk."),
            ("nb", "Fjern tellekantene: offentlig ansatte må få bruke tiden på jobben sin, ikke "
                   "på indikatorer og rapporter."),
            ("nn", "Skjemaveldet i kommunen må ned. Kutt i rapporteringa og gje dei tilsette "
                   "tillit."),
            ("nb", "Tillit i stedet for kontroll: reduser målingen og rapporteringen i "
                   "offentlige virksomheter."),
            ("nn", "Færre rapporteringskrav i offentleg sektor, så fagfolka får meir tid til "
                   "kjerneoppgåvene."),
        ],
    },
    "tillitsvalgte_medvirkning_ki": {
        "proposal": "Tillitsvalgte skal medvirke før kunstig intelligens (KI) innføres på "
                    "arbeidsplassen.",
        "items": [
            ("nb", "Tillitsvalgte må involveres før kunstig intelligens tas i bruk på "
                   "arbeidsplassen."),
            ("nb", "Ingen innføring av KI-verktøy uten at de tillitsvalgte har vært med fra "
                   "start."),
            ("nn", "Dei tillitsvalde skal ha medverknad før arbeidsgjevaren innfører KI."),
            ("en", "Union reps must be consulted before AI is introduced at work."),
            ("nb", "tillitsvalgte må være med når ki innføres, ikke etterpå", T),
            ("nb", "Lovfest at arbeidsgiver skal drøfte innføring av kunstig intelligens med de "
                   "tillitsvalgte på forhånd."),
            ("nb", "Før ledelsen tar i bruk AI-systemer, må de ansattes representanter få si sin "
                   "mening og påvirke løsningen."),
            ("nn", "KI skal ikkje innførast over hovudet på dei tilsette – tillitsvalde må med i "
                   "prosessen frå første dag."),
            ("nb", "Krev reell medbestemmelse for tillitsvalgte i alle prosesser der kunstig "
                   "intelligens skal tas i bruk."),
            ("nn", "Hovudavtalen og lova må sikre at dei tillitsvalde vert høyrde før ny "
                   "KI-teknologi vert rulla ut."),
        ],
    },
    "kommunen_flere_laerlinger": {
        "proposal": "Kommunen skal selv ta inn flere lærlinger (flere lærlingplasser i "
                    "kommunen).",
        "items": [
            ("nb", "Kommunen bør selv ta inn langt flere lærlinger."),
            ("nn", "Kommunen må tilby fleire læreplassar i eigne einingar."),
            ("nb", "Vi vil at kommunen skal ha minst én lærling per 1000 innbyggere."),
            ("nb", "flere lærlingeplasser i kommunen", T),
            ("nb", "Kommunen som arbeidsgiver må gå foran og ansette mange flere lærlinger, "
                   "særlig i helsearbeiderfaget."),
            ("nb", "Øk antallet læreplasser i kommunale virksomheter som barnehager, sykehjem og "
                   "teknisk etat."),
        ],
    },
    "styrke_arbeidstilsynet": {
        "proposal": "Styrke Arbeidstilsynet med mer ressurser og flere inspektører.",
        "items": [
            ("nb", "Arbeidstilsynet må få mer penger og flere inspektører."),
            ("nn", "Styrk Arbeidstilsynet, så dei kan gjere fleire kontrollar."),
            ("nb", "Det trengs langt flere tilsyn – gi Arbeidstilsynet ressursene som trengs."),
            ("nb", "Flere stillinger og større budsjett til Arbeidstilsynet."),
            ("nb", "Bevilg mer til Arbeidstilsynet slik at de kan drive uanmeldte kontroller "
                   "over hele landet."),
            ("nb", "arbeidstilsynet trenger mer folk", T),
        ],
    },
    "solidaransvar_kontraktskjede": {
        "proposal": "Stoppe sosial dumping med solidaransvar for lønn i hele kontraktskjeden.",
        "items": [
            ("nb", "Stopp sosial dumping ved å gjøre oppdragsgiver ansvarlig for at alle i "
                   "kjeden får lønn."),
            ("nn", "Innfør solidaransvar for løn i heile kontraktskjeda."),
            ("nb", "Hovedentreprenøren må hefte for lønna til alle underleverandørenes ansatte."),
            ("nb", "Utvid solidaransvaret slik at det gjelder i alle bransjer, ikke bare der "
                   "tariffen er allmenngjort."),
            ("nb", "solidar ansvar for lønn hele veien ned i kjeden", T),
            ("en", "Make main contractors jointly liable for the wages of all subcontractor "
                   "workers."),
        ],
    },
    "offentlig_drift_omsorg": {
        "proposal": "Offentlig eide og drevne omsorgstjenester i stedet for privatisering.",
        "items": [
            ("nb", "Eldreomsorgen skal drives av det offentlige, ikke av kommersielle selskaper."),
            ("nn", "Stopp privatiseringa av omsorga – kommunen skal sjølv drive sjukeheimane."),
            ("nb", "Ta velferdstjenestene tilbake i offentlig regi og slutt med "
                   "konkurranseutsetting av omsorg."),
            ("nb", "Profitt har ingenting i omsorgen å gjøre. Kommunen må eie og drive "
                   "tjenestene selv."),
            ("nb", "nei til privatisering av omsorgen,offentlig drift!", T),
            ("nb", "Kommersielle aktører i barnevern og eldreomsorg må fases ut og erstattes av "
                   "offentlig drift."),
        ],
    },
    "fagbrev_paa_jobb_voksne": {
        "proposal": "Fagbrev på jobb: voksne arbeidstakere skal kunne ta fagbrev gjennom "
                    "jobben.",
        "items": [
            ("nb", "Flere voksne må få ta fagbrev på jobb."),
            ("nn", "Utvid ordninga med fagbrev på jobb, så vaksne tilsette kan ta fagbrev utan "
                   "å slutte i jobben."),
            ("nb", "Gi voksne arbeidstakere rett til å ta fagbrev gjennom arbeidsplassen sin."),
            ("nb", "Voksne ansatte, for eksempel assistenter i barnehager og på sykehjem, bør få "
                   "ta fagbrevet mens de jobber, med lønn."),
            ("nb", "fagbrev på jobb for voksne, det må bli enkelre", T),
            ("nn", "Vaksne som alt har jobb, bør kunne ta fagbrev utan å gå tilbake på "
                   "skulebenken."),
        ],
    },
    "frilansere_sykepenger": {
        "proposal": "Frilansere skal ha samme rett til sykepenger som arbeidstakere.",
        "items": [
            ("nb", "Frilansere må få de samme rettighetene til sykepenger som fast ansatte."),
            ("nn", "Frilansarar bør få sjukepengar på lik linje med arbeidstakarar."),
            ("nb", "Det er urettferdig at frilansere får mindre sykepenger enn ansatte. Det må "
                   "endres."),
            ("nb", "frilansere skal ha 100% sykepenger fra dag 1 som alle andre", T),
        ],
    },
    "forby_ki_overvaking": {
        "proposal": "Forbud mot overvåking av ansatte med kunstig intelligens.",
        "items": [
            ("nb", "Forby arbeidsgivere å overvåke ansatte med kunstig intelligens."),
            ("en", "AI-based monitoring of employees should be banned."),
            ("nn", "Det må bli forbode å bruke KI til å overvake dei tilsette."),
            ("nb", "Ingen sjef skal kunne bruke algoritmer til å spore hvert tastetrykk og hvert "
                   "skritt de ansatte tar – det må forbys."),
        ],
    },
    "fjerne_generell_midlertidig": {
        "proposal": "Fjerne adgangen til generell midlertidig ansettelse; fast ansettelse som "
                    "hovedregel.",
        "items": [
            ("nb", "Fjern adgangen til generelle midlertidige ansettelser."),
            ("nn", "Fast tilsetjing må vere hovudregelen, og høvet til mellombels tilsetjing "
                   "utan særskild grunn må fjernast."),
            ("nb", "Arbeidsgivere skal ikke kunne ansette folk midlertidig i et år uten "
                   "særskilt grunn."),
        ],
    },
    "arbeidsliv_i_skolen": {
        "proposal": "Undervisning om arbeidslivet, arbeidsrett og fagforeninger i skolen.",
        "items": [
            ("nb", "Arbeidslivskunnskap og fagforeningenes rolle må inn i pensum på "
                   "ungdomsskolen og videregående."),
            ("nn", "Elevane må lære om fagrørsla og rettane sine i arbeidslivet før dei går ut "
                   "av skulen."),
            ("nb", "lær ungdom om fagforening og arbeidsrett i skolen", T),
        ],
    },
    "likelonnspott_kvinneyrker": {
        "proposal": "Eget lønnsløft (likelønnspott) for kvinnedominerte yrker.",
        "items": [
            ("nb", "Sett av en egen likelønnspott til kvinnedominerte yrker i offentlig sektor."),
            ("nn", "Løna i kvinnedominerte yrke som barnehage og omsorg må løftast med ein "
                   "eigen likelønspott."),
            ("nb", "Staten må finansiere et lønnsløft for sykepleiere, barnehagelærere og "
                   "helsefagarbeidere for å tette lønnsgapet mellom kvinne- og mannsyrker."),
            ("nb", "Lønnsgapet mellom kvinne- og mannsyrker må tettes med en egen "
                   "likelønnspott."),
        ],
    },
}

# --------------------------------------------------------------------------------------
# Singletons: unique proposals on the booklet's themes, none repeated elsewhere in the set.
# --------------------------------------------------------------------------------------
SINGLETONS: list[tuple] = [
    ("nb", "Gjør det enklere å allmenngjøre tariffavtaler, slik at det ikke trengs lange "
           "søknadsrunder i Tariffnemnda."),
    ("nb", "Innfør et offentlig register over virksomheter som er dømt for "
           "arbeidslivskriminalitet."),
    ("nn", "Senk grensa for styrerepresentasjon for tilsette, slik at òg bedrifter med 20 "
           "tilsette får ein representant i styret."),
    ("nb", "Forby kontantbetaling i bilpleie- og bilvaskbransjen."),
    ("nb", "Innfør en godkjenningsordning for bilverksteder og bilpleie, slik vi har for "
           "renhold."),
    ("nb", "Lovfest at ansatte skal varsles minst tre måneder før en nedbemanning."),
    ("en", "Offer free Norwegian language courses to labour migrants during working hours."),
    ("nb", "Staten bør gå inn med eierskap i batterifabrikker og annen ny industri for å hente "
           "produksjon hjem til Norge."),
    ("nn", "Gratis fagskule for alle, også for dei som alt har ei utdanning."),
    ("nb", "Yrkesfagene på videregående må få moderne utstyr – maskinparken er ofte 30 år "
           "gammel."),
    ("nb", "Gi lærlinger gratis kollektivtransport til og fra lærebedriften."),
    ("nb", "seniorer over 62 bør få rett til redusert arbeidstid uten å tape pensjon", T),
    ("nb", "Opprett regionale verneombud for varehandelen, slik det finnes i bygg og "
           "overnatting."),
    ("nb", "Tilkallingsavtaler uten garanterte timer bør forbys."),
    ("nn", "Kommunen bør tilsetje ein eigen koordinator som jobbar mot "
           "arbeidslivskriminalitet."),
    ("nb", "Innfør lovfestet minstelønn for bransjer uten tariffavtale."),
    ("nb", "Krev tariffavtale for at private barnehager skal få offentlig tilskudd."),
    ("nb", "NAV bør få flere veiledere som kan følge opp unge uføre tett ute på "
           "arbeidsplassen."),
    ("en", "Make it faster for refugees to get their foreign qualifications approved."),
    ("nb", "AFP må bli en rettighet som ikke tapes når man bytter jobb sent i karrieren."),
    ("nn", "Arbeidsgjevar må dekkje arbeidsklede og verktøy for alle handverkarar."),
    ("nb", "Innfør et eget ID-kort for alle som jobber i transport- og logistikkbransjen."),
    ("nb", "Mer kontroll med kabotasje på veiene,utenlandske trailere kjører jo nesten "
           "gratis", T),
    ("nb", "Betal sykepleierstudenter lønn i praksisperiodene."),
    ("nb", "Innfør et lovfestet tillegg for alle som jobber natt."),
    ("nn", "Kommunane bør kunne låne ut tilsette til kvarandre gjennom ein felles "
           "kompetansebank."),
    ("nb", "Opprett et eget varslingsombud der ansatte i kommunen kan si fra anonymt om "
           "kritikkverdige forhold."),
    ("nb", "Offentlige virksomheter bør utvikle egne KI-verktøy i stedet for å kjøpe dem fra "
           "amerikanske teknologiselskaper."),
    ("nb", "Test ut fire dagers arbeidsuke som et prøveprosjekt i kommunen."),
    ("nb", "Forby ulønnede prøvevakter i serveringsbransjen."),
]

# --------------------------------------------------------------------------------------
# Hard negatives, keyed by the group they are easily confused with.
# --------------------------------------------------------------------------------------
HARD_NEGATIVES: dict[str, list[tuple]] = {
    "fagforeningsfradrag": [
        ("nb", "Fagforeningsfradraget bør fjernes."),
        ("nn", "Fagforeiningsfrådraget bør fjernast heilt; det er ikkje staten si oppgåve å "
               "betale kontingenten."),
        ("nb", "Fagforeningsfradraget er høyt nok og bør holdes på dagens nivå."),
        ("nb", "Fagforeningsfradraget bør ikke dobles – det hjelper mest dem som allerede er "
               "organisert."),
        ("nb", "Innfør skattefradrag for kontingent til arbeidsgiverforeninger for små "
               "bedrifter."),
        ("nb", "Gjør fagforeningsfradraget om til en skattekreditt, slik at det er like mye "
               "verdt for alle uansett inntekt."),
        ("en", "Scrap the tax deduction for union dues."),
    ],
    "seriositetskrav_kommunale_anbud": [
        ("nb", "Seriøsitetskrav gir for mye byråkrati for små bedrifter og bør forenkles."),
        ("nb", "Staten må innføre seriøsitetskrav i sine egne anskaffelser."),
        ("nb", "Kommunen vår har allerede seriøsitetskrav, men må begynne å kontrollere at de "
               "etterleves."),
        ("nn", "Seriøsitetskrava i kommunale anbod er for strenge og stengjer lokale "
               "handverkarar ute, så dei bør fjernast."),
        ("nb", "skiensmodellen er for tungvint for små kommuner,den bør ikke innføres "
               "overalt", T),
    ],
    "forby_innleie_bygg": [
        ("nb", "Innleie er nødvendig og bør ikke begrenses."),
        ("nb", "Forby innleie av sykepleiere fra vikarbyrå på sykehusene."),
        ("nb", "Innleieforbudet i byggebransjen bør oppheves fordi det rammer små firma."),
        ("nn", "Innleige frå bemanningsbyrå bør framleis vere lov i byggjebransjen, men med "
               "strengare krav om likehandsaming."),
    ],
    "heltid_helse_omsorg": [
        ("nb", "Deltid må fortsatt være mulig for dem som ønsker det; ikke tving folk over i "
               "heltid."),
        ("nb", "Heltid bør bli normen i varehandelen."),
        ("nn", "Heiltid er ikkje realistisk i omsorga; kommunen bør heller tilby fleire små "
               "helgestillingar."),
    ],
    "plattformarbeidere_arbeidstakere": [
        ("nb", "Foodora-bud bør fortsatt kunne jobbe som selvstendige; mange ønsker den "
               "friheten."),
        ("nb", "Plattformselskapene må betale skatt i Norge av det de tjener her."),
        ("nn", "Plattformarbeidarar bør få organisere seg og forhandle kollektivt, sjølv om dei "
               "framleis er sjølvstendige."),
    ],
    "rett_til_aa_koble_av": [
        ("nb", "Rett til å koble av bør avtales lokalt, ikke lovfestes."),
        ("nb", "Rett til hjemmekontor to dager i uka bør lovfestes."),
        ("nb", "En lovfestet rett til å koble av vil ødelegge fleksibiliteten; la hver "
               "arbeidsplass finne sin løsning."),
    ],
    "betalt_etterutdanning_stat_arbeidsgiver": [
        ("nb", "Arbeidstakerne må selv ta ansvar for og betale sin egen etterutdanning."),
        ("nb", "Etterutdanning bør finansieres ved at voksne får utvidet rett til studielån."),
        ("nn", "Arbeidsgjevaren åleine bør betale for etterutdanninga; staten skal ikkje bruke "
               "pengar på dette."),
    ],
    "tillitsreform_mindre_rapportering": [
        ("nb", "Vi vil ha mer digital rapportering i helsetjenesten."),
        ("nb", "Det trengs mer måling av resultater i skolen, ikke mindre."),
        ("nn", "Tillitsreforma bør ikkje bety mindre rapportering – innbyggjarane har krav på "
               "å sjå kva pengane går til."),
    ],
    "tillitsvalgte_medvirkning_ki": [
        ("nb", "Arbeidsgiver må kunne innføre KI uten å måtte forhandle med fagforeningene "
               "først."),
        ("nb", "Tillitsvalgte trenger opplæring i kunstig intelligens."),
        ("nn", "ki bør innførast raskare i kommunen,me kan ikkje vente på lange drøftingar med "
               "fagforeiningane", T),
    ],
    "kommunen_flere_laerlinger": [
        ("nb", "Krav om lærlinger i kommunale anbud bør fjernes fordi små firma ikke klarer å "
               "oppfylle dem."),
        ("nb", "Still krav om bruk av lærlinger i alle offentlige anbud."),
        ("nb", "Staten bør øke lærlingtilskuddet til private bedrifter."),
    ],
    "styrke_arbeidstilsynet": [
        ("nb", "Arbeidstilsynet bør kontrollere seriøse bedrifter sjeldnere og la dem drive i "
               "fred."),
        ("nb", "Arbeidstilsynet må få myndighet til å ilegge mye høyere overtredelsesgebyr."),
    ],
    "solidaransvar_kontraktskjede": [
        ("nb", "Solidaransvaret er urimelig for hovedentreprenører og bør fjernes."),
        ("nn", "Avgrens talet på ledd i kontraktskjeda til maks to underleverandørar."),
    ],
    "offentlig_drift_omsorg": [
        ("nb", "Private aktører gir valgfrihet og bør få større plass i eldreomsorgen."),
        ("nb", "Ideelle organisasjoner bør prioriteres foran kommersielle når kommunen kjøper "
               "omsorgstjenester."),
    ],
    "fagbrev_paa_jobb_voksne": [
        ("nb", "Ungdom bør kunne ta hele fagbrevet i bedrift uten å gå to år på skole først."),
        ("nb", "Praksiskandidatordningen bør strammes inn, så fagbrev bare kan tas gjennom "
               "ordinær utdanning."),
    ],
    "frilansere_sykepenger": [
        ("nb", "Frilansere bør selv forsikre seg mot sykdom; staten skal ikke dekke mer enn i "
               "dag."),
    ],
    "forby_ki_overvaking": [
        ("nb", "Arbeidsgivere bør få bruke KI til å måle produktiviteten til de ansatte."),
        ("nn", "KI-overvaking av tilsette bør vere lov dersom det er avtalt med dei "
               "tillitsvalde."),
    ],
    "fjerne_generell_midlertidig": [
        ("nb", "Adgangen til midlertidige ansettelser bør utvides for å få flere ungdommer inn "
               "i arbeidslivet."),
    ],
    "arbeidsliv_i_skolen": [
        ("nb", "Fagforeningene bør ikke få drive verving i skoletiden."),
    ],
    "likelonnspott_kvinneyrker": [
        ("nb", "Lønn skal bestemmes av partene alene; politikerne bør ikke bevilge egne "
               "likelønnspotter."),
    ],
}

# --------------------------------------------------------------------------------------
# Requirements checked by validate().
# --------------------------------------------------------------------------------------
MIN_GROUPS = 18
MIN_SINGLETONS = 25
MIN_HARD_NEGATIVES = 30
MIN_NN_SHARE = 0.20
MIN_EN = 3
NOISY_SHARE = (0.07, 0.15)
# Long tail of group sizes: (label, lower, upper, how many groups at least).
SIZE_BUCKETS = [("~25", 20, 30, 2), ("~15", 12, 19, 3), ("~10", 8, 11, 4), ("~6", 5, 7, 5),
                ("3-4", 3, 4, 4)]
ID_RE = re.compile(r"^g\d{3}$")
KEYS = ["id", "text", "group", "language", "kind", "near_group", "noisy"]


def _unpack(item: tuple) -> tuple[str, str, bool]:
    if len(item) == 2:
        return item[0], item[1], False
    if len(item) == 3 and item[2] == T:
        return item[0], item[1], True
    raise ValueError(f"bad item tuple: {item!r}")


def build_records() -> list[dict]:
    raw: list[dict] = []
    for group, spec in GROUPS.items():
        for item in spec["items"]:
            lang, text, noisy = _unpack(item)
            raw.append({"text": text, "group": group, "language": lang, "kind": "paraphrase",
                        "near_group": None, "noisy": noisy})
    for item in SINGLETONS:
        lang, text, noisy = _unpack(item)
        raw.append({"text": text, "group": None, "language": lang, "kind": "singleton",
                    "near_group": None, "noisy": noisy})
    for near, items in HARD_NEGATIVES.items():
        for item in items:
            lang, text, noisy = _unpack(item)
            raw.append({"text": text, "group": None, "language": lang, "kind": "hard_negative",
                        "near_group": near, "noisy": noisy})
    random.Random(SEED).shuffle(raw)
    width = max(3, len(str(len(raw))))
    return [{"id": f"g{i:0{width}d}", **rec} for i, rec in enumerate(raw, start=1)]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def validate(records: list[dict]) -> list[str]:
    """Return a list of problems (empty when the set is valid)."""
    problems: list[str] = []
    ids = [r["id"] for r in records]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    problems += [f"bad id {i!r}" for i in ids if not ID_RE.match(i)]
    seen: dict[str, str] = {}
    for r in records:
        if list(r) != KEYS:
            problems.append(f"{r.get('id')}: keys {list(r)} != {KEYS}")
        if r["language"] not in LANGS:
            problems.append(f"{r['id']}: language {r['language']!r}")
        text = r["text"]
        if not text or text != text.strip() or "\n" in text or len(text) > 300:
            problems.append(f"{r['id']}: text empty, padded, multi-line or too long")
        key = _norm(text)
        if key in seen:
            problems.append(f"{r['id']}: same text as {seen[key]}")
        seen[key] = r["id"]
        kind = r["kind"]
        if kind == "paraphrase":
            if r["group"] not in GROUPS or r["near_group"] is not None:
                problems.append(f"{r['id']}: paraphrase needs a known group and no near_group")
        elif kind == "singleton":
            if r["group"] is not None or r["near_group"] is not None:
                problems.append(f"{r['id']}: singleton has group/near_group")
        elif kind == "hard_negative":
            if r["group"] is not None or r["near_group"] not in GROUPS:
                problems.append(f"{r['id']}: hard negative needs group=null, known near_group")
        else:
            problems.append(f"{r['id']}: kind {kind!r}")
        if not isinstance(r["noisy"], bool):
            problems.append(f"{r['id']}: noisy must be bool")

    kinds = Counter(r["kind"] for r in records)
    sizes = Counter(r["group"] for r in records if r["kind"] == "paraphrase")
    if len(sizes) < MIN_GROUPS:
        problems.append(f"{len(sizes)} groups < {MIN_GROUPS}")
    problems += [f"group {g} has {n} < 2 members" for g, n in sizes.items() if n < 2]
    for label, lo, hi, need in SIZE_BUCKETS:
        have = sum(1 for n in sizes.values() if lo <= n <= hi)
        if have < need:
            problems.append(f"size bucket {label}: {have} groups < {need}")
    if kinds["singleton"] < MIN_SINGLETONS:
        problems.append(f"{kinds['singleton']} singletons < {MIN_SINGLETONS}")
    if kinds["hard_negative"] < MIN_HARD_NEGATIVES:
        problems.append(f"{kinds['hard_negative']} hard negatives < {MIN_HARD_NEGATIVES}")
    langs = Counter(r["language"] for r in records)
    if langs["nn"] / len(records) < MIN_NN_SHARE:
        problems.append(f"nynorsk share {langs['nn'] / len(records):.1%} < {MIN_NN_SHARE:.0%}")
    if langs["en"] < MIN_EN:
        problems.append(f"{langs['en']} English items < {MIN_EN}")
    noisy = sum(r["noisy"] for r in records) / len(records)
    if not NOISY_SHARE[0] <= noisy <= NOISY_SHARE[1]:
        problems.append(f"noisy share {noisy:.1%} outside {NOISY_SHARE}")
    return problems


def to_jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def report(records: list[dict]) -> str:
    n = len(records)
    lines = ["| group | size | nb | nn | en | noisy | hard negatives |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    by_group: dict[str, list[dict]] = {}
    for r in records:
        if r["kind"] == "paraphrase":
            by_group.setdefault(r["group"], []).append(r)
    hn = Counter(r["near_group"] for r in records if r["kind"] == "hard_negative")
    for g in sorted(by_group, key=lambda g: (-len(by_group[g]), g)):
        members = by_group[g]
        lc = Counter(m["language"] for m in members)
        lines.append(f"| {g} | {len(members)} | {lc['nb']} | {lc['nn']} | {lc['en']} | "
                     f"{sum(m['noisy'] for m in members)} | {hn[g]} |")
    kinds = Counter(r["kind"] for r in records)
    langs = Counter(r["language"] for r in records)
    noisy = sum(r["noisy"] for r in records)
    lines += [
        "",
        f"items: {n}  |  groups: {len(by_group)}  |  paraphrases: {kinds['paraphrase']}  |  "
        f"singletons: {kinds['singleton']}  |  hard negatives: {kinds['hard_negative']}",
        f"languages: nb {langs['nb']} ({langs['nb'] / n:.1%}), nn {langs['nn']} "
        f"({langs['nn'] / n:.1%}), en {langs['en']} ({langs['en'] / n:.1%})  |  "
        f"noisy: {noisy} ({noisy / n:.1%})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="validate the existing file and that it matches this script")
    args = ap.parse_args(argv)

    records = build_records()
    problems = validate(records)
    expected = to_jsonl(records)
    if args.check:
        if not OUT.exists():
            problems.append(f"{OUT} is missing")
        elif OUT.read_text(encoding="utf-8") != expected:
            problems.append(f"{OUT} differs from what the script builds; re-run it")
    if problems:
        print("INVALID:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if not args.check:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(expected, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    print(report(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
