"""Innhold til demo-innboksen (data/raw/demo/).

ALT HER ER OPPDIKTET: innspillene, personene, telefonnumrene, e-postadressene,
fødselsnummeret, kontonummeret og adressene. Ingen ekte personopplysninger.
Kommune- og fylkesnavn er ekte (fylkesinndeling fra 2024), organisasjonsnavnene
er brukt som eksempler, og alle utsagn som tillegges dem er fiktive.

Modulen inneholder bare data. ``scripts/make_demo_inbox.py`` gjør om dataene til
filer og skriver ``EXPECTED.json`` og ``README.md``.

Tekstkonvensjoner:
* I vanlige strenger slår ``\\`` på slutten av en kildelinje sammen linjene, slik at
  et avsnitt blir én lang linje i innspillet uten at kildekoden får lange linjer.
* Dokumenttekster (docx/odt/pdf/md) bruker en liten markering: ``# `` og ``## `` er
  overskrifter, ``1. `` er nummerert liste, ``- `` er punktliste, ``| a | b |`` er
  tabellrader (første rad er overskrift) og ``---sideskift---`` er sideskift.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Kodeverk
# --------------------------------------------------------------------------

ORG = "organisert_arbeidsliv"
TEK = "ny_teknologi"
OFF = "offentlig_arbeidsgiver"

THEMES = {
    ORG: "Et seriøst og organisert arbeidsliv",
    TEK: "Ny teknologi til vårt felles beste",
    OFF: "Det offentlige som arbeidsgiver – tillit, faglighet og samarbeid",
}

SUBMITTER_TYPES = (
    "lokallag",
    "fylkesparti",
    "fagforening",
    "kommunepolitiker",
    "privatperson",
    "annen_organisasjon",
)

# Gjentatte forslag (skal danne klynger) og noen enkeltforslag.
FFR = "fagforeningsfradrag"
SER = "seriositetskrav"
INN = "innleie"
KOB = "koble_av"
KOM = "kompetansereform"
HEL = "heltid"
TIL = "tillitsreform"
PLA = "plattformarbeid"
KI = "ki_medvirkning"

PROPOSAL_TAGS = {
    FFR: "Doble/øke skattefradraget for fagforeningskontingent",
    SER: "Seriøsitetskrav (Skiens-modellen) i offentlige anbud, og kontroll med dem",
    INN: "Forby eller begrense innleie fra bemanningsbyrå",
    KOB: "Rett til å koble av / regulere grenseløst arbeid",
    KOM: "Kompetansereform med betalt etter- og videreutdanning",
    HEL: "Heltidskultur / hele, faste stillinger i helse og omsorg",
    TIL: "Tillitsreform / mindre rapportering og måling",
    PLA: "Regulere plattformselskaper; plattformarbeidere som arbeidstakere",
    KI: "Medvirkning og tillitsvalgte ved innføring av KI og ny teknologi",
    "laerlingplasser": "Flere lærlingplasser / lærlingkrav i offentlige kontrakter",
    "organisering_i_skolen": "Informasjon om fagorganisering i skolen",
    "trepartssamarbeid": "Fast trepartssamarbeid i kommunen",
    "varme_hender": "Gevinster fra teknologi skal gå til «varme hender»",
    "ansattereiser": "Ansattereiser / trygg omstilling med betalt opplæring",
    "digitalt_samarbeid_kommuner": "Felles digitale løsninger for kommunene",
    "frilanser_rettigheter": "Bedre sosiale rettigheter for frilansere",
    "fast_ansettelse_handel": "Fast ansettelse som hovedregel i varehandelen",
    "styrke_arbeidstilsynet": "Styrke Arbeidstilsynet og a-krimsentrene",
    "informasjon_flere_sprak": "Informasjon om rettigheter på flere språk",
    "kontraktsmaler_sma_kommuner": "Kontraktsmaler og nettverk for små kommuner",
    "seniorpolitikk": "Kompetanse og tilrettelegging for seniorer",
    "godkjenningsordning": "Godkjenningsordning for flere bransjer (f.eks. bilpleie)",
    "egen_regi_renhold": "Renhold i egen regi i kommunen",
}

KOMMUNE_FYLKE = {
    "Alta": "Finnmark",
    "Arendal": "Agder",
    "Asker": "Akershus",
    "Bergen": "Vestland",
    "Bodø": "Nordland",
    "Bærum": "Akershus",
    "Drammen": "Buskerud",
    "Fredrikstad": "Østfold",
    "Gjøvik": "Innlandet",
    "Hamar": "Innlandet",
    "Hammerfest": "Finnmark",
    "Harstad": "Troms",
    "Haugesund": "Rogaland",
    "Kongsberg": "Buskerud",
    "Kristiansand": "Agder",
    "Kristiansund": "Møre og Romsdal",
    "Kvinnherad": "Vestland",
    "Larvik": "Vestfold",
    "Lier": "Buskerud",
    "Lillehammer": "Innlandet",
    "Lillestrøm": "Akershus",
    "Molde": "Møre og Romsdal",
    "Moss": "Østfold",
    "Narvik": "Nordland",
    "Nord-Fron": "Innlandet",
    "Nordre Follo": "Akershus",
    "Oslo": "Oslo",
    "Porsgrunn": "Telemark",
    "Ringerike": "Buskerud",
    "Sandefjord": "Vestfold",
    "Sandnes": "Rogaland",
    "Sarpsborg": "Østfold",
    "Skien": "Telemark",
    "Sogndal": "Vestland",
    "Stavanger": "Rogaland",
    "Steinkjer": "Trøndelag",
    "Stryn": "Vestland",
    "Sunnfjord": "Vestland",
    "Sør-Varanger": "Finnmark",
    "Tromsø": "Troms",
    "Trondheim": "Trøndelag",
    "Tønsberg": "Vestfold",
    "Ulstein": "Møre og Romsdal",
    "Vefsn": "Nordland",
    "Volda": "Møre og Romsdal",
    "Voss": "Vestland",
    "Ålesund": "Møre og Romsdal",
    "Ørsta": "Møre og Romsdal",
}

TO_ADDR = ("Arbeidslivsutvalget", "arbeid@arbeiderpartiet.no")
PUBLIC_CONTACTS = ["arbeid@arbeiderpartiet.no"]

CAMPAIGN = "uttalelse_innleie_seriositet"

# Oppdiktet fødselsnummer: følger Skatteetatens konvensjon for syntetiske
# testnumre (måned + 80), og har gyldige kontrollsifre. Kan ikke tilhøre noen.
FAKE_FNR = "15838549648"
# Oppdiktet kontonummer (vanlig eksempelnummer, gyldig MOD11).
FAKE_ACCOUNT = "1234.56.78903"


def sub(
    stype: str,
    org: str | None,
    kommune: str | None,
    themes: list[str],
    *,
    check: str,
    proposals: tuple[str, ...] = (),
    pii: tuple[str, ...] = (),
    lang: str = "nb",
    fylke: str | None = None,
    serio: tuple[str, str] | None = None,
    campaign: str | None = None,
    via: str | None = None,
    note: str | None = None,
) -> dict:
    """Forventet innspill (én rad i EXPECTED.json)."""
    assert stype in SUBMITTER_TYPES, stype
    if fylke is None and kommune is not None:
        fylke = KOMMUNE_FYLKE[kommune]
    return {
        "submitter_type": stype,
        "organisation": org,
        "kommune": kommune,
        "fylke": fylke,
        "themes": list(themes),
        "off_topic": not themes,
        "language": lang,
        "proposals": list(proposals),
        "campaign": campaign,
        "seriositetskrav": (
            None if serio is None else {"kommune": serio[0], "svar": serio[1]}
        ),
        "via": via,
        "check_phrase": check,
        "pii": list(pii),
        "note": note,
    }


# --------------------------------------------------------------------------
# Kampanjen: «Uttalelse om innleie og seriøsitet» fra flere lokallag
# --------------------------------------------------------------------------

CAMPAIGN_BASE = """\
Uttalelse om innleie og seriøsitet i arbeidslivet

{lag} krever at regjeringen og Stortinget tar nye grep for et seriøst og \
organisert arbeidsliv.

Den norske modellen bygger på faste, hele stillinger og sterke fagforeninger. \
I dag undergraves den av utstrakt bruk av innleie fra bemanningsbyråer og av \
useriøse aktører som presser lønns- og arbeidsvilkår. Arbeidslivskriminalitet \
koster fellesskapet milliarder hvert år og rammer både arbeidstakere og \
seriøse bedrifter.

Samtidig velger ungdom bort fag som murer, tømrer og maler, og landet vil mangle \
titusener av fagarbeidere om få år. Et arbeidsliv med faste stillinger og \
ordnede forhold er det viktigste vi kan tilby for å gjøre fagene attraktive \
igjen.

Vi krever:
1. Et forbud mot innleie fra bemanningsbyrå i bygg og anlegg i hele landet, \
og strengere regler i andre bransjer.
2. At alle kommuner og fylkeskommuner vedtar og følger opp seriøsitetskrav \
etter Skiens-modellen i sine anbud.
3. At fagforeningsfradraget dobles, slik at flere får råd til å organisere seg.
4. At Arbeidstilsynet og a-krimsentrene styrkes.

Fast ansettelse skal være hovedregelen i norsk arbeidsliv.

Vedtatt på medlemsmøte {dato}.
"""


def campaign_text(lag: str, dato: str, edits: tuple[tuple[str, str], ...] = ()) -> str:
    """Kampanjeteksten med små, lokale endringer (hver endring må treffe)."""
    text = CAMPAIGN_BASE.format(lag=lag, dato=dato)
    for old, new in edits:
        assert old in text, (lag, old)
        text = text.replace(old, new, 1)
    return text


CAMPAIGN_CHECK = "utstrakt bruk av innleie fra bemanningsbyråer"
CAMPAIGN_PROPOSALS = (INN, SER, FFR, "styrke_arbeidstilsynet")


def campaign_sub(lag: str, kommune: str, pii: tuple[str, ...], **kw) -> dict:
    proposals = kw.pop("proposals", CAMPAIGN_PROPOSALS)
    return sub(
        "lokallag",
        lag,
        kommune,
        [ORG],
        check=kw.pop("check", CAMPAIGN_CHECK),
        proposals=proposals,
        pii=pii,
        campaign=CAMPAIGN,
        **kw,
    )


# --------------------------------------------------------------------------
# E-post (epost/)
# --------------------------------------------------------------------------
# kind: plain8bit | qp | base64 | latin1 | cp1252_nocharset | html | alternative
# date: (år, måned, dag, time, minutt) i norsk tid (Europe/Oslo)

EMAILS: list[dict] = []

EMAILS.append({
    "path": "epost/2026-02-04_tromso-ap_innspill.eml",
    "kind": "plain8bit",
    "about": "Vanlig e-post, UTF-8 (8bit). Lokallag; tema 1 og 3; svarer ja på "
             "seriøsitetskrav; adresse og telefon i signaturen.",
    "sender": ("Tromsø Arbeiderparti", "post@tromso-ap.example"),
    "date": (2026, 2, 4, 20, 41),
    "subject": "Innspill fra Tromsø Arbeiderparti til arbeidslivsutvalget",
    "headers": {"User-Agent": "Mozilla Thunderbird"},
    "body": """\
Hei,

Tromsø Arbeiderparti hadde medlemsmøte om debattheftet «Arbeidstakerne i det \
nye arbeidslivet» 29. januar. Rundt 30 medlemmer deltok, og her er det vi ble \
enige om å sende inn.

Et seriøst og organisert arbeidsliv
Tromsø kommune vedtok seriøsitetskrav etter Skiens-modellen allerede i 2017. \
Problemet er ikke vedtaket, men oppfølgingen. Innkjøpsavdelingen har ikke folk \
til å kontrollere at kravene faktisk følges på byggeplassene. Vi foreslår at \
kommunen setter av midler til egne kontrollører, og at brudd på kravene får \
konsekvenser i form av dagbøter eller heving av kontrakten.

Bygg og anlegg og renhold er de mest utsatte bransjene her i byen. Flere av \
medlemmene fortalte om utenlandske arbeidere som bor på brakker og jobber langt \
mer enn det timelistene viser.

Det offentlige som arbeidsgiver
I helse og omsorg i Tromsø jobber fortsatt over halvparten deltid. Vi mener \
kommunen må vedta en forpliktende plan for heltidskultur, med mål om at alle \
nyutlyste stillinger skal være hele, faste stillinger. Sykepleiere og \
helsefagarbeidere som ønsker større stilling må få tilbud om det før kommunen \
lyser ut nye småstillinger.

Spørsmål til utvalget: Hvordan kan staten hjelpe kommuner som ønsker heltid, \
men der turnusen og økonomien gjør det vanskelig?

Hilsen Ole-Martin Bakke, leder
Tromsø Arbeiderparti
Storgata 12, 9008 Tromsø
Tlf: +47 912 34 567
""",
    "org_contacts": ["post@tromso-ap.example"],
    "subs": [sub(
        "lokallag", "Tromsø Arbeiderparti", "Tromsø", [ORG, OFF],
        check="Problemet er ikke vedtaket, men oppfølgingen",
        proposals=(SER, HEL),
        serio=("Tromsø", "ja"),
        pii=("Ole-Martin Bakke", "Storgata 12, 9008 Tromsø", "+47 912 34 567"),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-10_fagforbundet-bodo.eml",
    "kind": "qp",
    "about": "Quoted-printable (UTF-8). Fagforening; heltid, tillitsreform og "
             "seriøsitetskrav (Bodø vedtok i 2019); nummerert forslagsliste.",
    "sender": ("Siv Åsheim Mikalsen", "siv.mikalsen@fagforbundet-bodo.example"),
    "date": (2026, 2, 10, 13, 5),
    "subject": "Innspill om heltid og tillit – Fagforbundet Bodø",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": """\
Til Arbeiderpartiets arbeidslivsutvalg

Fagforbundet Bodø organiserer rundt 2 400 medlemmer, de fleste i Bodø kommune \
og i helseforetaket. Vi har diskutert debattheftet i styret og på \
tillitsvalgtsamling, og vil særlig komme med innspill på tema 3.

1. Heltid må bli hovedregelen. I hjemmetjenesten i Bodø er gjennomsnittlig \
stillingsstørrelse fortsatt under 70 prosent. Folk går på jakt etter \
ekstravakter for å få endene til å møtes. Vi krever en forpliktende \
heltidsplan med årlige mål, som rapporteres til kommunestyret.
2. Mindre måling og rapportering. Medlemmene våre i helse og omsorg bruker for \
mye tid på å dokumentere i tre ulike fagsystemer. Vi ønsker en tillitsreform \
der de ansatte selv er med og bestemmer hvilke indikatorer som faktisk er \
nødvendige.
3. Seriøsitet i anbud. Bodø kommune vedtok seriøsitetskrav i 2019, og det har \
gjort en forskjell. Men kravene gjelder ikke for renhold og kantinedrift, der \
vi ser mest misbruk. Kravene må utvides til alle tjenestekjøp.

Vi stiller gjerne opp for å fortelle mer.

Med vennlig hilsen
Siv Åsheim Mikalsen
leder, Fagforbundet Bodø
Mob. 0047 91234567
""",
    "subs": [sub(
        "fagforening", "Fagforbundet Bodø", "Bodø", [OFF, ORG],
        check="Bodø kommune vedtok seriøsitetskrav i 2019",
        proposals=(HEL, TIL, SER),
        serio=("Bodø", "ja"),
        pii=("Siv Åsheim Mikalsen", "siv.mikalsen@fagforbundet-bodo.example",
             "0047 91234567"),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-13_fylkesvei-nord-fron.eml",
    "kind": "plain8bit",
    "about": "Utenfor tema: klage på en fylkesvei (ikke arbeidsliv).",
    "sender": ("Terje Rønningen", "terje.ronningen@epost.example"),
    "date": (2026, 2, 13, 18, 5),
    "subject": "Fylkesveien i Nord-Fron",
    "headers": {},
    "body": """\
Hei

Jeg vet ikke om dette er riktig adresse, men jeg prøver. Fylkesveien gjennom \
bygda vår i Nord-Fron er i elendig forfatning. Det er hull i asfalten, ingen \
gang- og sykkelvei, og skolebarna må gå i veikanten i mørket. Vi har tatt dette \
opp med fylkeskommunen i mange år uten at noe skjer.

Kan Arbeiderpartiet sørge for at veien kommer med i neste handlingsprogram for \
fylkesveier?

Hilsen Terje Rønningen
mob 95 12 34 56
""",
    "subs": [sub(
        "privatperson", None, "Nord-Fron", [],
        check="hull i asfalten, ingen gang- og sykkelvei",
        pii=("Terje Rønningen", "terje.ronningen@epost.example", "95 12 34 56"),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-17_vestland-arbeidarparti.eml",
    "kind": "base64",
    "about": "Base64-koda brødtekst (UTF-8), nynorsk. Fylkesparti; kompetansereform, "
             "seriøsitetskrav og lærlingar.",
    "sender": ("Vestland Arbeidarparti", "post@vestland-ap.example"),
    "date": (2026, 2, 17, 10, 22),
    "subject": "Fråsegn frå Vestland Arbeidarparti – kompetanse og seriøsitet",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": """\
Til arbeidslivsutvalet

Fylkesstyret i Vestland Arbeidarparti handsama debatthefte på møtet sitt \
12. februar og vedtok følgjande innspel.

Kompetanse
Vi meiner at kompetansereforma må bli ein reell rett for alle arbeidstakarar, \
ikkje berre for dei som alt har høg utdanning. Etter- og vidareutdanning må vere \
betalt, og ho må skje i arbeidstida. Finansieringa bør delast mellom \
arbeidsgjevar, arbeidstakar og staten, men staten må ta det største ansvaret \
for dei som står i fare for å bli skuva ut av arbeidslivet. Fagskulane og dei \
vidaregåande skulane i Vestland kan tilby modulbaserte kurs på kveldstid, om \
dei får føreseieleg finansiering.

Seriøsitet
Fleire kommunar i fylket har vedteke seriøsitetskrav, men langt frå alle. Vi \
krev at fylkeskommunen går føre med strenge krav til lærlingar, fagarbeidarar \
og løn i alle anbod, og at fylkeskommunen hjelper dei små kommunane med \
kontraktsmalar og kontroll.

Lærlingar
Vi ser at ungdom vel bort byggfaga. Vi meiner at alle offentlege byggeprosjekt \
over ein viss storleik bør ha krav om lærlingar, og at krava blir kontrollerte.

Med helsing
Torunn Haugland Myklebust
fylkessekretær, Vestland Arbeidarparti
""",
    "org_contacts": ["post@vestland-ap.example"],
    "subs": [sub(
        "fylkesparti", "Vestland Arbeidarparti", None, [TEK, ORG],
        fylke="Vestland", lang="nn",
        check="kompetansereforma må bli ein reell rett",
        proposals=(KOM, SER, "laerlingplasser"),
        pii=("Torunn Haugland Myklebust",),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-20_el-og-it-trondheim.eml",
    "kind": "latin1",
    "about": "Brødtekst i iso-8859-1 (deklarert charset). Fagforening; medvirkning "
             "ved KI, innleie og betalt etterutdanning.",
    "sender": ("Geir Arne Sæther", "geir.arne.saether@elogit-trondheim.example"),
    "date": (2026, 2, 20, 7, 58),
    "subject": "Innspill fra EL og IT Forbundet avd. Trondheim",
    "headers": {"X-Mailer": "Lotus Notes Release 9.0.1"},
    "body": """\
Hei!

Vi i EL og IT Forbundet avd. Trondheim har noen innspill til utvalget, særlig \
om ny teknologi.

Kunstig intelligens og automatisering kommer for fullt i bransjene våre, både i \
installasjon, hos netteierne og i telekom. Erfaringen vår er at de tillitsvalgte \
blir informert etter at beslutningene er tatt. Det er ikke medvirkning. Vi \
foreslår at arbeidsmiljøloven endres slik at tillitsvalgte skal drøfte \
innføring av KI-verktøy og overvåkingssystemer før innkjøp, ikke etter. Det \
bør også lages en egen avtale om KI i hovedavtalen.

Innleie er fortsatt et stort problem i elektrofaget. På store byggeplasser i \
Trondheim ser vi elektrikere fra bemanningsbyråer som går i måneder uten fast \
ansettelse. Vi ber om at innleie fra bemanningsbyrå begrenses til reelle \
topper, og at innstrammingene i innleiereglene håndheves strengere av \
Arbeidstilsynet.

Til slutt: Etterutdanning i nye systemer (batterianlegg, ladeinfrastruktur, \
smarthus) må betales av arbeidsgiver og skje i arbeidstiden. Ellers blir det \
bare de unge som henger med.

Mvh
Geir Arne Sæther
Avdelingsleder
EL og IT Forbundet avd. Trondheim
Tlf. 73 12 34 56
""",
    "subs": [sub(
        "fagforening", "EL og IT Forbundet avd. Trondheim", "Trondheim", [TEK, ORG],
        check="tillitsvalgte skal drøfte innføring av KI-verktøy",
        proposals=(KI, INN, KOM),
        pii=("Geir Arne Sæther", "geir.arne.saether@elogit-trondheim.example",
             "73 12 34 56"),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-22_tomrer-ringerike.eml",
    "kind": "cp1252_nocharset",
    "about": "Ingen charset i Content-Type, men brødteksten er Windows-1252 med æøå. "
             "Historie om useriøs arbeidsgiver der kolleger nevnes med navn.",
    "sender": ("Marius Kristoffersen", "mariuskr88@epost.example"),
    "date": (2026, 2, 22, 23, 17),
    "subject": "Hvordan det faktisk er på byggeplassen",
    "headers": {"X-Mailer": "Windows Mail 17.5"},
    "body": """\
Hei

Jeg er tømrer og har jobbet for et bemanningsbyrå i Ringerike i snart to år. \
Jeg vil fortelle hvordan det er, siden dere spør om bransjer som er utsatt.

Firmaet jeg var innleid til i fjor (jeg skriver ikke navnet, men det er en \
mellomstor entreprenør på Hønefoss) hadde nesten bare innleide folk på bygget. \
Kollegaen min Tomasz Wisniewski jobbet 60 timer i uka i tre måneder uten \
overtidsbetaling. Da han tok det opp med formannen, Rune Haldorsen, fikk han \
beskjed om at han kunne «bare reise hjem» hvis han ikke likte det. Uka etter \
var han ute av prosjektet. En annen kollega, Jonas Eriksen, skadet hånda på \
jobb og ble bedt om å ikke melde det som arbeidsulykke.

Ingen av oss turte å melde oss inn i fagforeningen, fordi vi var redde for å \
ikke få nye oppdrag.

Det jeg ønsker meg er enkelt: fast ansettelse i firmaet der jobben faktisk \
gjøres. Forby innleie i byggebransjen i hele landet, ikke bare rundt Oslo. Og \
la Arbeidstilsynet komme uanmeldt mye oftere.

Marius Kristoffersen
98765432
""",
    "subs": [sub(
        "privatperson", None, "Ringerike", [ORG],
        check="Forby innleie i byggebransjen i hele landet",
        proposals=(INN, "styrke_arbeidstilsynet"),
        pii=("Marius Kristoffersen", "mariuskr88@epost.example", "Tomasz Wisniewski",
             "Rune Haldorsen", "Jonas Eriksen", "98765432"),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-26_sagene-ap.eml",
    "kind": "html",
    "about": "Bare HTML-del (ingen tekstdel). Lokallag; rett til å koble av og "
             "plattformarbeid (Foodora/Wolt); punktliste i HTML.",
    "sender": ("Sagene Arbeiderparti", "styret@sagene-ap.example"),
    "date": (2026, 2, 26, 19, 30),
    "subject": "Innspill: grenseløst arbeid og plattformøkonomi",
    "headers": {"X-Mailer": "Apple Mail (2.3774)"},
    "body": """\
Kjære arbeidslivsutvalg,

Sagene Arbeiderparti hadde temamøte om ny teknologi og arbeidsliv 18. februar. \
Mange av medlemmene våre jobber i kreative yrker, i IT og som matbud, og \
erfaringene spriker.

Grenseløst arbeid
Mange opplever at fleksibiliteten er blitt et krav om å alltid være \
tilgjengelig. E-poster klokka 23 og Teams-meldinger i helgene er blitt normalt. \
Vi foreslår:
- at det innføres en lovfestet rett til å koble av, etter modell fra Frankrike \
og Portugal,
- at virksomheter over 50 ansatte må ha en avtale med de tillitsvalgte om \
tilgjengelighet utenfor arbeidstid,
- at Arbeidstilsynet får et tydelig mandat til å føre tilsyn med dette.

Plattformarbeid
Matbudene som sykler for Foodora og Wolt i bydelen vår har fortsatt svak \
trygghet, særlig de som er registrert som selvstendige. Vi mener at de som \
jobber via plattformer skal regnes som arbeidstakere med mindre selskapet \
beviser noe annet (omvendt bevisbyrde), slik EUs plattformdirektiv legger opp \
til. Norge må gjennomføre direktivet raskt og ikke svekke det.

Med vennlig hilsen
Hanne Sørlie Dahl
styreleder, Sagene Arbeiderparti
hanne.dahl@epost.example
""",
    "org_contacts": ["styret@sagene-ap.example"],
    "subs": [sub(
        "lokallag", "Sagene Arbeiderparti", "Oslo", [TEK],
        check="lovfestet rett til å koble av",
        proposals=(KOB, PLA),
        pii=("Hanne Sørlie Dahl", "hanne.dahl@epost.example"),
    )],
})

EMAILS.append({
    "path": "epost/2026-02-27_sarpsborg-ap_uttalelse.eml",
    "kind": "plain8bit",
    "about": "Kampanje (1/7): felles uttalelse om innleie og seriøsitet, her med en "
             "ekstra setning om at Sarpsborg har seriøsitetskrav.",
    "sender": ("Stian Andresen Ruud", "stian.ruud@epost.example"),
    "date": (2026, 2, 27, 9, 12),
    "subject": "Uttalelse om innleie og seriøsitet",
    "headers": {},
    "body": "Hei,\n\nUnder følger uttalelse vedtatt på medlemsmøtet vårt.\n\n"
            + campaign_text(
                "Sarpsborg Arbeiderparti", "24. februar 2026",
                (("seriøse bedrifter.",
                  "seriøse bedrifter. Sarpsborg kommune har vedtatt seriøsitetskrav, "
                  "men vi ser at kravene må følges bedre opp."),),
            )
            + "\nMed vennlig hilsen\nStian Andresen Ruud\nleder, Sarpsborg Arbeiderparti\n"
              "Tlf. 450 12 345\n",
    "subs": [campaign_sub(
        "Sarpsborg Arbeiderparti", "Sarpsborg",
        ("Stian Andresen Ruud", "stian.ruud@epost.example", "450 12 345"),
        serio=("Sarpsborg", "ja"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-02_fellesforbundet-avd5.eml",
    "kind": "alternative",
    "about": "multipart/alternative (tekst + HTML). Fagforening; fagforeningsfradrag, "
             "innleieforbud, seriøsitetskrav og fagarbeidere.",
    "sender": ("Fellesforbundet avd. 5", "post@ff-avd5.example"),
    "date": (2026, 3, 2, 8, 44),
    "subject": "Innspill om organisering, innleie og fagforeningsfradrag",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": """\
Hei,

Fellesforbundet avd. 5 har behandlet debattheftet i representantskapet. Her er \
våre viktigste forslag:

1. Doble fagforeningsfradraget. Fradraget er det enkleste virkemiddelet staten \
har for å øke organisasjonsgraden. Et doblet fradrag vil gjøre medlemskap mer \
attraktivt, særlig for unge og lavtlønte.
2. Forby innleie fra bemanningsbyrå i bygg og industri i hele landet. \
Innstrammingen i Oslo-området har virket, og nå ser vi at byråene flytter \
virksomheten sin hit til Vestlandet.
3. Alle kommuner må ha seriøsitetskrav, med krav om faste ansatte, lærlinger og \
begrensning på antall ledd i underleverandørkjeden. Her i Bergen har kravene \
hjulpet, men kontrollen er for svak.
4. Fagarbeiderne må få høyere status. Det må lønne seg å ta fagbrev, og yrkesfag \
må løftes i rådgivningen på ungdomsskolen.

Vi står gjerne til disposisjon.

Vennlig hilsen
Kjetil Brekke Hauge
leder, Fellesforbundet avd. 5
tlf. 55 66 77 88
""",
    "org_contacts": ["post@ff-avd5.example"],
    "subs": [sub(
        "fagforening", "Fellesforbundet avd. 5", "Bergen", [ORG],
        check="Doble fagforeningsfradraget",
        proposals=(FFR, INN, SER, "laerlingplasser"),
        serio=("Bergen", "ja"),
        pii=("Kjetil Brekke Hauge", "55 66 77 88"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-03_hamar-ap_uttalelse.eml",
    "kind": "qp",
    "about": "Kampanje (2/7), quoted-printable: punkt 4 (Arbeidstilsynet) er fjernet.",
    "sender": ("Hamar Arbeiderparti", "post@hamar-ap.example"),
    "date": (2026, 3, 3, 15, 2),
    "subject": "Uttalelse fra Hamar Arbeiderparti: innleie og seriøsitet",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": "Til arbeidslivsutvalget\n\n"
            + campaign_text(
                "Hamar Arbeiderparti", "26. februar 2026",
                (("4. At Arbeidstilsynet og a-krimsentrene styrkes.\n", ""),),
            )
            + "\nFor styret\nRandi Holmen Sveen\nsekretær\n+47 41 52 63 74\n",
    "org_contacts": ["post@hamar-ap.example"],
    "subs": [campaign_sub(
        "Hamar Arbeiderparti", "Hamar",
        ("Randi Holmen Sveen", "+47 41 52 63 74"),
        proposals=(INN, SER, FFR),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-04_nordre-follo-ap.eml",
    "kind": "plain8bit",
    "about": "Brødtekst bare «Se vedlagt uttalelse»; selve innspillet er et "
             ".docx-vedlegg med overskrifter (filnavn med æøå, RFC 2231).",
    "sender": ("Line Gundersen Aas", "line.aas@epost.example"),
    "date": (2026, 3, 4, 21, 2),
    "subject": "Uttalelse fra årsmøtet",
    "headers": {},
    "body": """\
Hei,

Se vedlagt uttalelse fra årsmøtet i Nordre Follo Arbeiderparti.

Mvh
Line Gundersen Aas
sekretær
""",
    "attachments": [{
        "filename": "Uttalelse_årsmøte_Nordre_Follo_AP.docx",
        "format": "docx",
        "title": "Uttalelse fra årsmøtet i Nordre Follo Arbeiderparti",
        "author": "Line Gundersen Aas",
        "text": """\
# Uttalelse fra årsmøtet i Nordre Follo Arbeiderparti
Vedtatt på årsmøtet 28. februar 2026
## Flere må organisere seg
Organisasjonsgraden i privat sektor er altfor lav, og lavest blant de unge. \
Årsmøtet mener det må bli mer lønnsomt og mer naturlig å være med i en \
fagforening. Vi går inn for å øke skattefradraget for fagforeningskontingent \
betydelig, og for at informasjon om partssamarbeid og fagorganisering blir en \
fast del av opplæringen i videregående skole.
## Kompetanse for alle
Teknologien endrer jobbene raskere enn før. Ingen skal bli stående igjen fordi \
arbeidsgiveren ikke vil investere i dem. Årsmøtet støtter en kompetansereform \
der alle arbeidstakere får rett til betalt etterutdanning, finansiert i et \
spleiselag mellom arbeidsgiver og staten. Kompetansen må dokumenteres slik at \
den teller også når man bytter jobb.
Nordre Follo Arbeiderparti
""",
    }],
    "strip": ["Se vedlagt uttalelse"],
    "subs": [sub(
        "lokallag", "Nordre Follo Arbeiderparti", "Nordre Follo", [ORG, TEK],
        check="øke skattefradraget for fagforeningskontingent",
        proposals=(FFR, KOM, "organisering_i_skolen"),
        pii=("Line Gundersen Aas", "line.aas@epost.example"),
        note="Innspillet står i vedlegget; e-post og vedlegg er ett innspill.",
    )],
})

EMAILS.append({
    "path": "epost/2026-03-05_motetidspunkt-lillestrom.eml",
    "kind": "plain8bit",
    "about": "Utenfor tema: klage på møtetidspunkt for debattmøtet.",
    "sender": ("Janne Kvamme Solheim", "janne.solheim@epost.example"),
    "date": (2026, 3, 5, 6, 51),
    "subject": "Tidspunkt for debattmøtet",
    "headers": {"X-Mailer": "iPad Mail (22D63)"},
    "body": """\
Hei

Jeg ville gjerne vært med på debattmøtet om heftet i Lillestrøm, men det ble \
lagt til klokka 15.30 en tirsdag. Da er mange av oss fortsatt på jobb. Kan \
neste møte legges til en kveld eller en lørdag? Det hadde også vært fint om \
invitasjonen kom mer enn fire dager før.

Hilsen Janne Kvamme Solheim
""",
    "subs": [sub(
        "privatperson", None, "Lillestrøm", [],
        check="lagt til klokka 15.30 en tirsdag",
        pii=("Janne Kvamme Solheim", "janne.solheim@epost.example"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-06_stavanger-kommunestyre.eml",
    "kind": "plain8bit",
    "about": "PDF-vedlegg (med tekstlag) som er selve innspillet. Kommunepolitiker; "
             "tillitsreform, trepartssamarbeid og «varme hender».",
    "sender": ("Erlend Tjøstheim", "erlend.tjostheim@epost.example"),
    "date": (2026, 3, 6, 12, 12),
    "subject": "Innspill om tillitsreform",
    "headers": {},
    "body": """\
Hei.

Vedlagt er mitt innspill som kommunestyrerepresentant for Arbeiderpartiet i \
Stavanger.

Hilsen Erlend Tjøstheim
""",
    "attachments": [{
        "filename": "Innspill_tillitsreform_Stavanger.pdf",
        "format": "pdf",
        "title": "Innspill til Arbeidslivsutvalget",
        "author": "Erlend Tjøstheim",
        "text": """\
# Innspill til Arbeidslivsutvalget
Fra: Erlend Tjøstheim, kommunestyrerepresentant (Ap), Stavanger
## Tillit i praksis
I kommunestyret i Stavanger har vi diskutert tillitsreform i flere år. Her er \
tre erfaringer jeg mener utvalget bør ta med seg.
1. Fjern rapporteringskrav som ingen bruker. Da vi gikk gjennom \
rapporteringskravene i hjemmetjenesten, fant vi at nesten en tredjedel ikke ble \
brukt til noe. Staten bør gjøre det samme med sine krav til kommunene.
2. Trepartssamarbeid må bli en fast arbeidsform. Politikere, administrasjon og \
tillitsvalgte bør møtes i et fast trepartsforum før store omstillinger, ikke \
først når vedtaket skal fattes.
3. Varme hender. Ny teknologi i saksbehandlingen, som automatisk behandling av \
enkle søknader, kan frigjøre tid. Men gevinsten må gå til mer tid med brukerne, \
ikke bare til kutt. Dette må avtales med de tillitsvalgte på forhånd.
Med vennlig hilsen
Erlend Tjøstheim
""",
    }],
    "subs": [sub(
        "kommunepolitiker", "Stavanger Arbeiderparti", "Stavanger", [OFF, TEK],
        check="Fjern rapporteringskrav som ingen bruker",
        proposals=(TIL, "trepartssamarbeid", "varme_hender"),
        pii=("Erlend Tjøstheim", "erlend.tjostheim@epost.example"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-09_sogndal-arbeidarparti.eml",
    "kind": "plain8bit",
    "about": "ODT-vedlegg (nynorsk) som er selve innspelet. Lokallag; digitalisering "
             "i små kommunar, medverknad og varme hender.",
    "sender": ("Sogndal Arbeidarparti", "sogndal@vestland-ap.example"),
    "date": (2026, 3, 9, 16, 40),
    "subject": "Innspel til arbeidslivsutvalet",
    "headers": {"User-Agent": "Mozilla Thunderbird"},
    "body": """\
Hei!

Vedlagt er innspelet frå Sogndal Arbeidarparti til arbeidslivsutvalet.

Helsing Astrid Lunde Hovland
""",
    "attachments": [{
        "filename": "innspel_sogndal_ap.odt",
        "format": "odt",
        "title": "Innspel frå Sogndal Arbeidarparti",
        "author": "Astrid Lunde Hovland",
        "text": """\
# Innspel frå Sogndal Arbeidarparti
## Digitalisering i små kommunar
Sogndal er ein mellomstor kommune i distrikts-Noreg. Vi har ikkje råd til å \
utvikle eigne digitale løysingar, og vi har ikkje fagfolk nok til å følgje opp \
innkjøpa. Vi meiner at staten og KS bør ta eit mykje større ansvar for felles \
digitale løysingar for kommunane, slik at ikkje kvar kommune må finne opp hjulet \
på nytt.
## Medverknad
Når nye digitale system og kunstig intelligens vert tekne i bruk, må dei \
tilsette og dei tillitsvalde vere med frå starten. Vi har sett fleire døme på at \
eit nytt journalsystem i pleie og omsorg vart innført utan at dei som skulle \
bruke det, vart spurde. Det skapte meirarbeid og frustrasjon.
## Varme hender
Vi ønskjer at gevinstane frå digitalisering skal gå til fleire varme hender i \
omsorga, ikkje til kutt i stillingar.
Vi krev at:
- kommunane får eit statleg tilskot til felles digitaliseringsprosjekt,
- tillitsvalde skal vere med i alle prosjektgrupper for ny teknologi,
- tilsette som får endra arbeidsoppgåver, får betalt opplæring i arbeidstida.
""",
    }],
    "org_contacts": ["sogndal@vestland-ap.example"],
    "subs": [sub(
        "lokallag", "Sogndal Arbeidarparti", "Sogndal", [TEK, OFF], lang="nn",
        check="staten og KS bør ta eit mykje større ansvar",
        proposals=(KI, "digitalt_samarbeid_kommuner", "varme_hender", KOM),
        pii=("Astrid Lunde Hovland",),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-10_auf-agder.eml",
    "kind": "plain8bit",
    "about": "Kort følgebrev med .txt-vedlegg som inneholder innspillet. Annen "
             "organisasjon (AUF); fagforeningsfradrag, plattformarbeid, lærlingplasser.",
    "sender": ("AUF i Agder", "agder@auf.example"),
    "date": (2026, 3, 10, 17, 33),
    "subject": "Innspill fra AUF i Agder",
    "headers": {},
    "body": """\
Hei! Vi sender med innspillet vårt som tekstfil. Ta gjerne kontakt.

Sander Olsen Tveit
leder, AUF i Agder
+4799887766
""",
    "attachments": [{
        "filename": "AUF_Agder_innspill.txt",
        "format": "txt",
        "text": """\
AUF i Agder – innspill til Arbeiderpartiets arbeidslivsutvalg

Vi er unge, og mange av oss jobber deltid ved siden av skolen, i butikk, på \
kafé eller som matbud. Her er det vi mener:

1. Flere unge må bli med i fagforeninger. Skattefradraget for \
fagforeningskontingent må dobles, og elever og studenter bør få gratis \
medlemskap det første året. Fagforeningene må komme på besøk på alle \
videregående skoler.
2. Plattformselskapene må ta arbeidsgiveransvar. Mange av vennene våre sykler \
for Wolt og Foodora. Noen er ansatt, andre er «selvstendige» uten sykepenger og \
forsikring. De som jobber for plattformene, må regnes som arbeidstakere.
3. Lærlingplasser. Altfor mange i Agder står uten læreplass. Kommunene og \
fylkeskommunen må ta inn flere lærlinger selv og stille krav om lærlinger i \
alle anbud.

Vi vil ha et arbeidsliv med faste, hele stillinger – også for oss som er unge.
""",
    }],
    "org_contacts": ["agder@auf.example"],
    "subs": [sub(
        "annen_organisasjon", "AUF i Agder", None, [ORG, TEK], fylke="Agder",
        check="Plattformselskapene må ta arbeidsgiveransvar",
        proposals=(FFR, PLA, "laerlingplasser", "organisering_i_skolen"),
        pii=("Sander Olsen Tveit", "+4799887766"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-11_videresendt-sandnes.eml",
    "kind": "plain8bit",
    "about": "Videresendt melding (innebygd «Videresendt melding»-blokk). Medlem "
             "skriver om KI i NAV, sendt via lokallagets sekretær.",
    "sender": ("Kristin Vatne", "kristin.vatne@sandnes-ap.example"),
    "date": (2026, 3, 11, 9, 3),
    "subject": "Fwd: Innspill til arbeidslivsutvalget om KI i NAV",
    "headers": {"User-Agent": "Mozilla Thunderbird"},
    "body": """\
Videresender innspill fra medlem. Hun ønsket at det skulle sendes via \
lokallaget.

Kristin Vatne
sekretær, Sandnes Arbeiderparti

---------- Videresendt melding ----------
Fra: Nina Ravndal <nina.ravndal@epost.example>
Dato: man. 9. mar. 2026 kl. 21:47
Emne: Innspill til arbeidslivsutvalget om KI i NAV
Til: Kristin Vatne <kristin.vatne@sandnes-ap.example>

Hei Kristin,

kan du sende dette videre til utvalget?

Jeg jobber som veileder i NAV og har vært med på å teste ut et KI-verktøy som \
skal hjelpe oss å skrive vedtak og oppsummere samtaler. Det kan spare mye tid. \
Men jeg er bekymret for to ting.

For det første: Vi ble ikke spurt. Verktøyet kom ovenfra, og de tillitsvalgte \
ble orientert etter at pilotene var bestemt. Det er ikke slik medvirkning skal \
fungere. Jeg mener tillitsvalgte må ha reell innflytelse før KI tas i bruk i \
offentlige tjenester, og at det må lages retningslinjer sammen med de ansatte.

For det andre: Hvis tiden vi sparer bare blir tatt ut som kutt, vil ingen \
ansatte ønske å bidra. Tiden må brukes på brukerne, på flere samtaler og bedre \
oppfølging. Det er det dere kaller «varme hender» i debattheftet.

Og et spørsmål: Hvem har ansvaret hvis KI-verktøyet gjør feil i et vedtak?

Hilsen Nina Ravndal
Sandnes
""",
    "strip": ["---------- Videresendt melding ----------"],
    "subs": [sub(
        "privatperson", None, "Sandnes", [TEK, OFF],
        check="tillitsvalgte må ha reell innflytelse før KI tas i bruk",
        proposals=(KI, "varme_hender"),
        via="Sandnes Arbeiderparti",
        pii=("Kristin Vatne", "kristin.vatne@sandnes-ap.example", "Nina Ravndal",
             "nina.ravndal@epost.example"),
        note="Avsender er medlemmet (Nina Ravndal), ikke lokallagets sekretær.",
    )],
})

EMAILS.append({
    "path": "epost/2026-03-12_lier-svar-paa-sporsmaal.eml",
    "kind": "plain8bit",
    "about": "Svar med sitert tekst («Den 12. mars 2026 kl. 10:14 skrev …» og "
             "«>»-linjer). Kommunepolitiker; seriøsitetskrav i Lier er under arbeid.",
    "sender": ("Bjørn Tore Skaug", "bjorn.skaug@epost.example"),
    "date": (2026, 3, 12, 14, 31),
    "subject": "SV: Oppfølging: seriøsitetskrav i Lier?",
    "headers": {"In-Reply-To": "<oppfolging-lier.20260312@arbeiderpartiet.example>",
                "X-Mailer": "Microsoft Outlook 16.0"},
    "body": """\
Hei igjen,

Takk for spørsmålet. Kort svar: Nei, ikke ennå – men det er under arbeid. Lier \
kommune har ikke vedtatt seriøsitetskrav, men vi i Arbeiderpartiet fremmet et \
forslag i kommunestyret i januar, og administrasjonen har fått i oppdrag å \
legge fram en sak før sommeren. Vi ønsker å bruke Skiens-modellen som \
utgangspunkt, men tilpasset en mindre kommune.

Det vi trenger fra dere, er konkret hjelp: maler for kontrakter og et nettverk \
der små kommuner kan dele erfaringer med kontroll. Mange små kommuner har ikke \
en eneste jurist som kan følge opp dette.

Ellers mener jeg at det må bli lettere å utestenge useriøse leverandører. I dag \
er det for lett for de samme folkene å dukke opp igjen med et nytt \
organisasjonsnummer.

Hilsen
Bjørn Tore Skaug
gruppeleder for Arbeiderpartiet i Lier kommunestyre
Mob: 934 56 789

Den 12. mars 2026 kl. 10:14 skrev Arbeidslivsutvalget <arbeid@arbeiderpartiet.no>:
> Hei,
>
> takk for innspillet ditt på medlemsmøtet. Utvalget lurer på om Lier kommune
> har vedtatt seriøsitetskrav, og i så fall hvordan de følges opp?
>
> Vennlig hilsen
> Arbeidslivsutvalget
""",
    "strip": ["takk for innspillet ditt på medlemsmøtet",
              "Utvalget lurer på om Lier kommune"],
    "subs": [sub(
        "kommunepolitiker", "Lier Arbeiderparti", "Lier", [ORG],
        check="maler for kontrakter og et nettverk",
        proposals=(SER, "kontraktsmaler_sma_kommuner"),
        serio=("Lier", "under_arbeid"),
        pii=("Bjørn Tore Skaug", "bjorn.skaug@epost.example", "934 56 789"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-13_drammen-ap_uttalelse.eml",
    "kind": "base64",
    "about": "Kampanje (3/7), base64: én setning lagt til om renhold i Drammen.",
    "sender": ("Drammen Arbeiderparti", "styret@drammen-ap.example"),
    "date": (2026, 3, 13, 11, 45),
    "subject": "Uttalelse: innleie og seriøsitet",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": "Hei,\n\nVedtatt uttalelse fra Drammen Arbeiderparti følger under.\n\n"
            + campaign_text(
                "Drammen Arbeiderparti", "10. mars 2026",
                (("presser lønns- og arbeidsvilkår.",
                  "presser lønns- og arbeidsvilkår. I Drammen ser vi dette særlig "
                  "i renholdsbransjen."),),
            )
            + "\nHilsen\nKristoffer Lie Amundsen\nnestleder\n99 88 77 66\n",
    "org_contacts": ["styret@drammen-ap.example"],
    "subs": [campaign_sub(
        "Drammen Arbeiderparti", "Drammen",
        ("Kristoffer Lie Amundsen", "99 88 77 66"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-15_helsefagarbeidar-volda.eml",
    "kind": "plain8bit",
    "about": "Kort e-post frå mobil som sluttar med «Sendt fra min iPhone». "
             "Privatperson, nynorsk; heiltid.",
    "sender": ("Solveig Hjelle", "solveig.hjelle@epost.example"),
    "date": (2026, 3, 15, 22, 48),
    "subject": "Heiltid",
    "headers": {"X-Mailer": "iPhone Mail (22D63)"},
    "body": """\
Hei. Eg er helsefagarbeidar på ein sjukeheim i Volda og har jobba i 40 % \
stilling i sju år. Eg har spurt om større stilling kvart år. Svaret er alltid at \
turnusen ikkje gjer det mogleg. Samtidig lyser dei ut nye småstillingar heile \
tida. Eg meiner at dei som alt jobbar deltid, skal ha rett på større stilling \
før nye blir tilsette, og at kommunane må ha ein plan for heiltid som faktisk \
blir følgd. Mange av oss gir opp og går over til andre yrke.

Solveig Hjelle

Sendt fra min iPhone
""",
    "strip": ["Sendt fra min iPhone"],
    "subs": [sub(
        "privatperson", None, "Volda", [OFF], lang="nn",
        check="skal ha rett på større stilling",
        proposals=(HEL,),
        pii=("Solveig Hjelle", "solveig.hjelle@epost.example"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-17_klubben-havbris-verft.eml",
    "kind": "plain8bit",
    "about": "Sendt fra jobbadresse med juridisk ansvarsfraskrivelse nederst. "
             "Fagforeningsklubb; innleie i verftsindustrien og KI-systemer.",
    "sender": ("Roger Vik", "roger.vik@havbris-verft.example"),
    "date": (2026, 3, 17, 11, 20),
    "subject": "Innspill fra klubben – innleie og KI i verftsindustrien",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": """\
Hei,

Jeg skriver som klubbleder for Fellesforbundet-klubben ved Havbris Verft AS i \
Ulsteinvik.

Verftene på Sunnmøre har i mange år brukt mye innleie, særlig i toppene. Nå ser \
vi at innleien ikke lenger bare er i toppene, men er blitt fast. Vi har perioder \
der over halvparten av folka i hallen er innleid. Det svekker klubben, og det \
svekker lærlingordningen. Vi foreslår at det settes et tak på andelen innleide \
i verftsindustrien, og at klubben får innsyn i innleieavtalene.

Det andre vi vil ta opp, er ny teknologi. Bedriften har begynt å bruke sensorer \
og et KI-system for å planlegge produksjonen og måle produktivitet. Klubben ble \
ikke tatt med i valget av system. Vi mener det må være en plikt til å drøfte \
slike systemer med tillitsvalgte før de tas i bruk, og at data om den enkelte \
arbeider ikke skal kunne brukes til kontroll uten avtale.

Mvh
Roger Vik
klubbleder
Tlf +47 70 01 23 45

--
Denne e-posten kan inneholde konfidensiell informasjon og er kun ment for \
adressaten. Dersom du har mottatt e-posten ved en feil, vennligst gi beskjed til \
avsender og slett e-posten. Havbris Verft AS tar ikke ansvar for innhold i \
e-post som ikke er relatert til selskapets virksomhet.
This e-mail may contain confidential information and is intended only for the \
addressee.
""",
    "strip": ["Denne e-posten kan inneholde konfidensiell informasjon",
              "This e-mail may contain confidential information"],
    "subs": [sub(
        "fagforening", "Fellesforbundet-klubben ved Havbris Verft AS", "Ulstein",
        [ORG, TEK],
        check="et tak på andelen innleide i verftsindustrien",
        proposals=(INN, KI),
        pii=("Roger Vik", "roger.vik@havbris-verft.example", "+47 70 01 23 45"),
    )],
})

FREDRIKSTAD_BODY = """\
Hei,

Jeg har vært tillitsvalgt i varehandelen i Fredrikstad i mange år og vil gi et \
par innspill.

Det blir stadig vanskeligere å verve unge medlemmer. Mange synes kontingenten \
er dyr når de jobber i små deltidsstillinger. Jeg mener fagforeningsfradraget må \
økes kraftig, gjerne dobles, og at det bør gjelde fullt ut også for dem med lav \
inntekt.

I butikkene ser vi også at faste stillinger erstattes av ekstrahjelper på \
tilkallingsavtaler. Det må bli slutt på at store kjeder kan drive med nesten \
bare deltid og tilkalling. Fast ansettelse skal være hovedregelen, også i \
handelen.

Jeg vet ikke om Fredrikstad kommune har vedtatt seriøsitetskrav. Det burde dere \
kanskje sjekke?

Mvh Anne-Lise Bråten
tlf 412 34 567
"""


def _fredrikstad_sub() -> dict:
    return sub(
        "privatperson", None, "Fredrikstad", [ORG],
        check="fagforeningsfradraget må økes kraftig",
        proposals=(FFR, "fast_ansettelse_handel"),
        serio=("Fredrikstad", "uklart"),
        pii=("Anne-Lise Bråten", "annelise.braten@epost.example", "412 34 567"),
    )


EMAILS.append({
    "path": "epost/2026-03-19_fredrikstad-varehandel.eml",
    "kind": "plain8bit",
    "about": "Eksakt duplikat (original): samme e-post ble sendt to ganger.",
    "sender": ("Anne-Lise Bråten", "annelise.braten@epost.example"),
    "date": (2026, 3, 19, 8, 12),
    "subject": "Innspill: fagforeningsfradrag og faste stillinger",
    "headers": {},
    "body": FREDRIKSTAD_BODY,
    "subs": [_fredrikstad_sub()],
})

EMAILS.append({
    "path": "epost/2026-03-19_fredrikstad-varehandel_2.eml",
    "kind": "plain8bit",
    "about": "Eksakt duplikat (kopi): samme tekst, ny Message-ID og Date tre "
             "minutter senere.",
    "sender": ("Anne-Lise Bråten", "annelise.braten@epost.example"),
    "date": (2026, 3, 19, 8, 15),
    "subject": "Innspill: fagforeningsfradrag og faste stillinger",
    "headers": {},
    "body": FREDRIKSTAD_BODY,
    "duplicate_of": "demo/epost/2026-03-19_fredrikstad-varehandel.eml",
    "subs": [_fredrikstad_sub()],
})

EMAILS.append({
    "path": "epost/2026-03-20_nominasjon-moss.eml",
    "kind": "qp",
    "about": "Utenfor tema: klage på partiets egen nominasjonsprosess.",
    "sender": ("Arvid Pettersen Lund", "arvid.lund@epost.example"),
    "date": (2026, 3, 20, 20, 14),
    "subject": "Nominasjonen – klage",
    "headers": {},
    "body": """\
Hei

Jeg er medlem i Moss Arbeiderparti og vil klage på hvordan nominasjonskomiteen \
har arbeidet foran kommunevalget neste år. Det har ikke vært et eneste \
medlemsmøte om listen, og forslaget ble sendt ut bare to dager før fristen for \
innspill. Jeg ber om at partiet sentralt ser på retningslinjene for \
nominasjon, slik at vanlige medlemmer får reell innflytelse.

Vennlig hilsen
Arvid Pettersen Lund
""",
    "subs": [sub(
        "privatperson", None, "Moss", [],
        check="klage på hvordan nominasjonskomiteen",
        pii=("Arvid Pettersen Lund", "arvid.lund@epost.example"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-23_molde-ap_uttalelse.eml",
    "kind": "plain8bit",
    "about": "Kampanje (4/7): ett ord endret («Skiens-modellen» skrevet «Skien-modellen»).",
    "sender": ("Margrethe Eide Rød", "margrethe.rod@epost.example"),
    "date": (2026, 3, 23, 19, 58),
    "subject": "Uttalelse om innleie og seriøsitet – Molde Arbeiderparti",
    "headers": {},
    "body": campaign_text(
        "Molde Arbeiderparti", "19. mars 2026",
        (("Skiens-modellen", "Skien-modellen"),),
    ) + "\nMargrethe Eide Rød\nleder, Molde Arbeiderparti\n004790011223\n",
    "subs": [campaign_sub(
        "Molde Arbeiderparti", "Molde",
        ("Margrethe Eide Rød", "margrethe.rod@epost.example", "004790011223"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-24_agency-worker-drammen.eml",
    "kind": "plain8bit",
    "about": "Innspill på engelsk fra en innleid bygningsarbeider (privatperson).",
    "sender": ("Piotr Zielinski", "p.zielinski@epost.example"),
    "date": (2026, 3, 24, 21, 6),
    "subject": "Input about agency work (sorry, in English)",
    "headers": {},
    "body": """\
Hello,

I am sorry that I write in English, my Norwegian is not good enough yet for \
this. I have worked as a concrete worker in Drammen and Lier for four years, \
always through staffing agencies. A colleague told me that the Labour Party \
wants input about working life.

My experience: agency workers do the same job as the permanent workers, but we \
never know if there is work next week. When the project ends, we are sent home \
without pay. Many of my Polish and Lithuanian colleagues do not know their \
rights, and the contracts are only in Norwegian.

My proposals:
1. Stop the use of staffing agencies in construction in all of Norway, not only \
around Oslo. The companies should hire us directly.
2. Information about rights and about trade unions should be given in Polish, \
Lithuanian and English on every construction site.
3. The municipalities should check that the companies they pay follow the \
rules. Drammen is building a lot of schools now.

I joined Fellesforbundet last year, and it helped me a lot.

Best regards,
Piotr Zielinski
+47 401 23 456
""",
    "subs": [sub(
        "privatperson", None, "Drammen", [ORG], lang="en",
        check="Stop the use of staffing agencies in construction",
        proposals=(INN, "informasjon_flere_sprak", SER),
        pii=("Piotr Zielinski", "p.zielinski@epost.example", "+47 401 23 456"),
    )],
})

EMAILS.append({
    "path": "epost/2026-03-26_nordland-ap_videresendt-vefsn.eml",
    "kind": "plain8bit",
    "about": "Videresending som vedlagt melding (message/rfc822). Kommunepolitiker "
             "i Vefsn svarer nei på seriøsitetskrav; heltid.",
    "sender": ("Nordland Arbeiderparti", "post@nordland-ap.example"),
    "date": (2026, 3, 26, 10, 37),
    "subject": "VS: Seriøsitetskrav og heltid i Vefsn",
    "headers": {"X-Mailer": "Microsoft Outlook 16.0"},
    "body": """\
Hei,

Vi fikk denne fra en av kommunestyrerepresentantene våre i Vefsn og sender den \
videre som vedlegg.

Vennlig hilsen
Eirik Solbakk
organisasjonssekretær, Nordland Arbeiderparti
""",
    "forward_rfc822": {
        "sender": ("Linda Moe Hansen", "linda.moe.hansen@epost.example"),
        "to": ("Nordland Arbeiderparti", "post@nordland-ap.example"),
        "date": (2026, 3, 25, 22, 9),
        "subject": "Seriøsitetskrav og heltid i Vefsn",
        "body": """\
Hei!

Jeg sitter i kommunestyret i Vefsn for Arbeiderpartiet. Til spørsmålet i \
debattheftet: Nei, Vefsn kommune har ikke vedtatt seriøsitetskrav. Vi har prøvd \
to ganger, men flertallet mener det blir for byråkratisk for lokale \
entreprenører. Jeg tror vi må vise at kravene faktisk hjelper de lokale, \
seriøse firmaene, som taper anbud mot useriøse aktører utenfra.

Om heltid: Vefsn har et heltidsprosjekt på sykehjemmene med langvakter i \
helgene, og det har gitt flere hele stillinger. Slike erfaringer bør deles \
mellom kommunene, og staten bør gi tilskudd til kommuner som vil prøve.

Hilsen Linda Moe Hansen
kommunestyrerepresentant, Vefsn
""",
    },
    "org_contacts": ["post@nordland-ap.example"],
    "subs": [sub(
        "kommunepolitiker", "Vefsn Arbeiderparti", "Vefsn", [ORG, OFF],
        check="Nei, Vefsn kommune har ikke vedtatt seriøsitetskrav",
        proposals=(SER, HEL),
        serio=("Vefsn", "nei"),
        via="Nordland Arbeiderparti",
        pii=("Eirik Solbakk", "Linda Moe Hansen", "linda.moe.hansen@epost.example"),
        note="Innspillet ligger i den vedlagte meldingen (message/rfc822).",
    )],
})

EMAILS.append({
    "path": "epost/2026-04-01_alta-ap_uttalelse.eml",
    "kind": "plain8bit",
    "about": "Kampanje (5/7): setning om at Alta ikke har seriøsitetskrav lagt til.",
    "sender": ("Rolf Inge Somby", "rolf.somby@epost.example"),
    "date": (2026, 4, 1, 13, 26),
    "subject": "Uttalelse om innleie og seriøsitet",
    "headers": {},
    "body": "Hei\n\n"
            + campaign_text(
                "Alta Arbeiderparti", "30. mars 2026",
                (("i sine anbud.", "i sine anbud. Alta kommune har ikke vedtatt "
                                   "seriøsitetskrav, og det må på plass."),),
            )
            + "\nHilsen Rolf Inge Somby\nAlta Arbeiderparti\n+47 918 77 665\n",
    "subs": [campaign_sub(
        "Alta Arbeiderparti", "Alta",
        ("Rolf Inge Somby", "rolf.somby@epost.example", "+47 918 77 665"),
        serio=("Alta", "nei"),
    )],
})

EMAILS.append({
    "path": "epost/2026-04-07_skule-stryn.eml",
    "kind": "plain8bit",
    "about": "Utanfor tema (nynorsk): nedlegging av ein bygdeskule.",
    "sender": ("Marit Nesdal Berge", "marit.berge@epost.example"),
    "date": (2026, 4, 7, 8, 2),
    "subject": "Nedlegging av Nordbygda skule",
    "headers": {},
    "body": """\
Hei

Kommunestyret i Stryn skal snart handsame forslaget om å leggje ned Nordbygda \
skule. Skulen har 38 elevar, og bygda vil miste sin viktigaste møteplass. \
Arbeidarpartiet lokalt har gått inn for nedlegging, og det er vi svært skuffa \
over. Vi ber partiet om å tenkje på kva det betyr for busetjinga i bygdene når \
skulane forsvinn.

Venleg helsing
Marit Nesdal Berge
""",
    "subs": [sub(
        "privatperson", None, "Stryn", [], lang="nn",
        check="forslaget om å leggje ned Nordbygda skule",
        pii=("Marit Nesdal Berge", "marit.berge@epost.example"),
    )],
})

EMAILS.append({
    "path": "epost/2026-04-14_pensjonistforeningen-gjovik.eml",
    "kind": "plain8bit",
    "about": "Annen organisasjon (pensjonistforening); kompetansereform for "
             "seniorer og ansattereiser.",
    "sender": ("Pensjonistforeningen Solsiden", "solsiden@pensjonist.example"),
    "date": (2026, 4, 14, 10, 10),
    "subject": "Innspill fra Pensjonistforeningen Solsiden, Gjøvik",
    "headers": {},
    "body": """\
Til Arbeidslivsutvalget

Pensjonistforeningen Solsiden er en forening for pensjonister i Gjøvik. Mange \
av oss har jobbet i industrien og i kommunen i over 40 år. Vi har lest \
debattheftet med interesse og vil si noe om dem som er godt voksne i \
arbeidslivet i dag.

Altfor mange over 55 år blir ikke tilbudt etterutdanning når teknologien \
endres. De blir i stedet presset ut med sluttpakker. Kompetansereformen må \
gjelde alle aldersgrupper, og arbeidsgiver må ha plikt til å tilby betalt \
opplæring også til seniorene.

Vi synes «ansattereiser» er en god idé, men det må ikke bli et pent ord for \
omplassering mot den ansattes vilje. Den ansatte må selv være med og bestemme \
målet for reisen.

Med vennlig hilsen
Kåre Amundsen Lie, leder
61 17 22 33
""",
    "org_contacts": ["solsiden@pensjonist.example"],
    "subs": [sub(
        "annen_organisasjon", "Pensjonistforeningen Solsiden", "Gjøvik", [TEK],
        check="Kompetansereformen må gjelde alle aldersgrupper",
        proposals=(KOM, "seniorpolitikk", "ansattereiser"),
        pii=("Kåre Amundsen Lie", "61 17 22 33"),
    )],
})


# --------------------------------------------------------------------------
# Brev og dokumenter (brev/)
# --------------------------------------------------------------------------
# format: docx | odt | pdf | pdf_scanned | txt | md
# encoding (txt): utf-8 | utf-8-sig | utf-16 | cp1252

LETTERS: list[dict] = []

LETTERS.append({
    "path": "brev/uttalelse_asker_ap.docx",
    "format": "docx",
    "about": "Word-dokument med overskrifter og nummerert forslagsliste. Lokallag; "
             "alle tre tema; Asker har seriøsitetskrav.",
    "title": "Innspill fra Asker Arbeiderparti",
    "author": "Kari Nordmann",
    "created": (2026, 3, 5, 21, 15),
    "text": """\
# Innspill fra Asker Arbeiderparti til Arbeidslivsutvalget
Vedtatt av styret i Asker Arbeiderparti 5. mars 2026
## Bakgrunn
Asker Arbeiderparti har hatt to medlemsmøter om debattheftet «Arbeidstakerne i \
det nye arbeidslivet». Vi har også snakket med tillitsvalgte i kommunen og i \
byggenæringen. Nedenfor følger våre forslag.
## Et seriøst og organisert arbeidsliv
Asker kommune har vedtatt seriøsitetskrav, og kravene ble skjerpet etter \
kommunesammenslåingen. Likevel ser vi at kontrollen er tilfeldig, og at få vet \
hva den avdekker.
## Ny teknologi
Mange av medlemmene våre jobber i kontor- og kunnskapsyrker og opplever et \
grenseløst arbeidsliv. Det må bli lov å ikke svare på e-post om kvelden.
## Det offentlige som arbeidsgiver
Deltid i helse og omsorg er fortsatt utbredt, og mange ansatte opplever at de \
bruker mer tid på skjemaer enn på brukerne.
## Våre forslag
1. Kommunen bør rapportere årlig til kommunestyret om kontrollen med \
seriøsitetskravene: antall kontroller, funn og reaksjoner.
2. Det må innføres en lovfestet rett til å koble av utenfor arbeidstid.
3. Alle nye stillinger i helse og omsorg skal lyses ut som hele, faste \
stillinger.
4. Det må gjennomføres en tillitsreform der rapporteringskravene fra staten til \
kommunene halveres.
5. Staten må finansiere en kompetansereform med rett til betalt etterutdanning \
for alle.
Mvh
Kari Nordmann, leder
Asker Arbeiderparti
kari.nordmann@eksempel.no
""",
    "subs": [sub(
        "lokallag", "Asker Arbeiderparti", "Asker", [ORG, TEK, OFF],
        check="rapportere årlig til kommunestyret om kontrollen",
        proposals=(SER, KOB, HEL, TIL, KOM),
        serio=("Asker", "ja"),
        pii=("Kari Nordmann", "kari.nordmann@eksempel.no"),
    )],
})

LETTERS.append({
    "path": "brev/fagforbundet_lillehammer_heltid.docx",
    "format": "docx",
    "about": "Word-dokument med tabell (tiltak / ansvar / når). Fagforening; heltid, "
             "tillitsreform og trepartssamarbeid.",
    "title": "Høringsinnspill fra Fagforbundet Lillehammer",
    "author": "Trond Ivar Nyhus",
    "created": (2026, 3, 16, 14, 0),
    "text": """\
# Høringsinnspill fra Fagforbundet Lillehammer
Til Arbeiderpartiets arbeidslivsutvalg
Fagforbundet Lillehammer har om lag 1 800 medlemmer i kommunen, i private \
barnehager og i helseforetaket. Vi har sett på spørsmålene under tema 3 i \
debattheftet og laget en oversikt over tiltak vi mener trengs for å nå målet om \
hele, faste stillinger og mer tillit.
| Tiltak | Hvem har ansvaret | Når |
| Heltidsplan med tallfestede mål for hver enhet | Kommunedirektøren og \
tillitsvalgte | Vedtas i 2026 |
| Alle nye stillinger lyses ut som faste 100 %-stillinger | Kommunen som \
arbeidsgiver | Straks |
| Forsøk med langvakter og årsturnus på sykehjem | Enhetsledere og tillitsvalgte \
| Fra høsten 2026 |
| Gjennomgang av alle rapporteringskrav, fjerne det som ikke brukes | Kommunen \
og staten | 2026–2027 |
| Fast trepartsforum med politikere, administrasjon og tillitsvalgte | \
Kommunestyret | Fra 2026 |
Vi vil understreke at heltid ikke bare handler om turnus. Det handler om kultur, \
og om at lederne må få ressurser til å planlegge for heltid. Erfaringen vår er \
at der tillitsvalgte er med fra starten, lykkes man.
Med hilsen
Trond Ivar Nyhus
leder, Fagforbundet Lillehammer
+47 906 55 443
""",
    "subs": [sub(
        "fagforening", "Fagforbundet Lillehammer", "Lillehammer", [OFF],
        check="heltid ikke bare handler om turnus",
        proposals=(HEL, TIL, "trepartssamarbeid"),
        pii=("Trond Ivar Nyhus", "+47 906 55 443"),
    )],
})

LETTERS.append({
    "path": "brev/uttalelse_porsgrunn_ap.docx",
    "format": "docx",
    "about": "Kampanje (6/7) som Word-dokument: setning om at Porsgrunn har "
             "seriøsitetskrav lagt til.",
    "title": "Uttalelse om innleie og seriøsitet",
    "author": "Elin Tangen Wold",
    "created": (2026, 3, 18, 9, 30),
    "text": "# " + campaign_text(
        "Porsgrunn Arbeiderparti", "17. mars 2026",
        (("etter Skiens-modellen i sine anbud.",
          "etter Skiens-modellen i sine anbud. Porsgrunn kommune har vedtatt "
          "seriøsitetskrav, og erfaringene er gode."),),
    ).replace("\n\n", "\n") + "Elin Tangen Wold, leder\n",
    "subs": [campaign_sub(
        "Porsgrunn Arbeiderparti", "Porsgrunn", ("Elin Tangen Wold",),
        serio=("Porsgrunn", "ja"),
    )],
})

LETTERS.append({
    "path": "brev/troms_ap_ny_teknologi.docx",
    "format": "docx",
    "about": "Word-dokument med punktliste. Fylkesparti; plattformarbeid, frilansere, "
             "rett til å koble av, kompetansereform og digitalt samarbeid.",
    "title": "Ny teknologi til vårt felles beste – Troms Arbeiderparti",
    "author": "Mona Isaksen Berg",
    "created": (2026, 3, 20, 13, 45),
    "text": """\
# Ny teknologi til vårt felles beste
## Innspill fra Troms Arbeiderparti
Fylkesstyret i Troms Arbeiderparti har drøftet del 2 av debattheftet. Troms er \
et fylke med lange avstander, og digitalisering gir store muligheter – men også \
nye former for utrygt arbeid.
Vi foreslår:
- Plattformselskaper som Wolt, Foodora og Uber må ta arbeidsgiveransvar, og det \
må innføres en presumpsjon om at plattformarbeidere er arbeidstakere.
- Frilansere og selvstendige må få bedre sosiale rettigheter, blant annet \
sykepenger fra første dag mot en rimelig premie.
- Det må innføres en rett til å koble av, også for dem som jobber hjemmefra \
eller på fjernkontor.
- Staten må finansiere betalt etterutdanning gjennom en kompetansereform, med \
desentraliserte tilbud fra UiT og fagskolene.
- Kommunene i Troms må samarbeide om digitale tjenester i stedet for å kjøpe \
hvert sitt system.
Vi ber også utvalget vurdere om Finn Småjobber og lignende tjenester bør \
omfattes av nye regler.
Med vennlig hilsen
Troms Arbeiderparti
v/ Mona Isaksen Berg, fylkessekretær
mona.berg@troms-ap.example
""",
    "subs": [sub(
        "fylkesparti", "Troms Arbeiderparti", None, [TEK], fylke="Troms",
        check="presumpsjon om at plattformarbeidere er arbeidstakere",
        proposals=(PLA, "frilanser_rettigheter", KOB, KOM,
                   "digitalt_samarbeid_kommuner"),
        pii=("Mona Isaksen Berg", "mona.berg@troms-ap.example"),
    )],
})

LETTERS.append({
    "path": "brev/voss_arbeidarparti_innspel.odt",
    "format": "odt",
    "about": "Frittståande ODT-dokument (nynorsk). Lokallag; tillitsreform, heiltid "
             "og ansattreiser.",
    "title": "Innspel frå Voss Arbeidarparti",
    "author": "Ragnhild Aase Vinje",
    "created": (2026, 3, 22, 18, 5),
    "text": """\
# Innspel frå Voss Arbeidarparti
## Det offentlege som arbeidsgjevar
Voss Arbeidarparti har drøfta tema 3 i debattheftet på to medlemsmøte. Her er \
innspela våre.
## Tillit framfor kontroll
Tilsette i pleie og omsorg, i skulen og i barnehagen fortel om meir \
rapportering år for år. Vi meiner at kommunen bør gå gjennom alle interne \
rapporteringskrav saman med dei tillitsvalde og fjerne dei som ikkje gir betre \
tenester. Staten må gjere det same med krava til kommunane.
## Heile stillingar
Vi krev at Voss herad vedtek ein forpliktande plan for heiltid, med mål om at \
alle nye stillingar i helse og omsorg skal vere heile, faste stillingar.
## Ansattreiser
Når oppgåver blir automatiserte, må dei tilsette få tilbod om ei «ansattreise» \
til nye oppgåver i kommunen – med betalt opplæring. Ingen skal seiast opp på \
grunn av ny teknologi.
Med helsing
Ragnhild Aase Vinje, leiar
ragnhild.vinje@epost.example
""",
    "subs": [sub(
        "lokallag", "Voss Arbeidarparti", "Voss", [OFF, TEK], lang="nn",
        check="fjerne dei som ikkje gir betre tenester",
        proposals=(TIL, HEL, "ansattereiser"),
        pii=("Ragnhild Aase Vinje", "ragnhild.vinje@epost.example"),
    )],
})

LETTERS.append({
    "path": "brev/fagforbundet_kristiansand.pdf",
    "format": "pdf",
    "about": "PDF med tekstlag. Fagforening; Kristiansand har ikke seriøsitetskrav; "
             "heltid med nummererte forslag.",
    "title": "Innspill fra Fagforbundet Kristiansand",
    "author": "Mette Grønnevik Solberg",
    "created": (2026, 3, 27, 8, 30),
    "text": """\
# Innspill fra Fagforbundet Kristiansand
## Seriøsitetskrav
Til spørsmålet i debattheftet: Nei, Kristiansand kommune har ikke vedtatt egne \
seriøsitetskrav etter Skiens-modellen. Kommunen viser til de statlige reglene \
om lønns- og arbeidsvilkår i offentlige kontrakter, men det er ikke nok. Vi ber \
Arbeiderpartiet i bystyret om å fremme saken på nytt.
## Heltid
Over 60 prosent av medlemmene våre i helse og omsorg jobber deltid. De fleste \
ønsker det ikke. Vi foreslår:
1. En heltidsplan med klare mål som behandles i bystyret hvert år.
2. At deltidsansatte får tilbud om økt stilling før nye blir ansatt.
3. At kommunen søker om statlige tilskudd til heltidsprosjekter.
Med vennlig hilsen
Mette Grønnevik Solberg
nestleder, Fagforbundet Kristiansand
Telefon: 38 01 02 03
""",
    "subs": [sub(
        "fagforening", "Fagforbundet Kristiansand", "Kristiansand", [ORG, OFF],
        check="deltidsansatte får tilbud om økt stilling",
        proposals=(SER, HEL),
        serio=("Kristiansand", "nei"),
        pii=("Mette Grønnevik Solberg", "38 01 02 03"),
    )],
})

LETTERS.append({
    "path": "brev/varaordforer_steinkjer.pdf",
    "format": "pdf",
    "about": "PDF med tekstlag. Kommunepolitiker; trepartssamarbeid og tillit; "
             "seriøsitetskrav i Steinkjer er til behandling.",
    "title": "Innspill til Arbeidslivsutvalget",
    "author": "Hilde Sandvik Moen",
    "created": (2026, 4, 2, 15, 20),
    "text": """\
# Innspill til Arbeidslivsutvalget
Fra Hilde Sandvik Moen, varaordfører i Steinkjer (Ap)
## Tillit og samarbeid i kommunen
I Steinkjer har vi gode erfaringer med å ta med de tillitsvalgte tidlig i \
budsjettprosessen. Vi har et partssammensatt utvalg som møtes før alle store \
omstillinger. Jeg mener trepartssamarbeidet i kommunene bør styrkes gjennom et \
fast forum der politikere, administrasjon og tillitsvalgte møtes jevnlig.
Mye av rapporteringen vi krever av de ansatte, er krav vi selv har innført. Vi \
må feie for egen dør. Samtidig må staten redusere kravene til kommunene, slik \
at tillitsreformen merkes i hverdagen.
## Seriøsitetskrav
Har Steinkjer kommune vedtatt seriøsitetskrav? Saken er til behandling. \
Formannskapet fikk saken i februar, og vi regner med vedtak i kommunestyret i \
juni. Vi har hentet inspirasjon fra Trondheim og Skien.
Hilsen
Hilde Sandvik Moen
hilde.moen@epost.example
""",
    "subs": [sub(
        "kommunepolitiker", "Steinkjer Arbeiderparti", "Steinkjer", [OFF, ORG],
        check="Vi må feie for egen dør",
        proposals=("trepartssamarbeid", TIL, SER),
        serio=("Steinkjer", "under_arbeid"),
        pii=("Hilde Sandvik Moen", "hilde.moen@epost.example"),
    )],
})

LETTERS.append({
    "path": "brev/finnmark_ap_innspill.pdf",
    "format": "pdf",
    "about": "PDF med tekstlag over to sider. Fylkesparti; arbeidslivskriminalitet, "
             "innleie i fiskeindustrien, seriøsitetskrav (Hammerfest ja) og "
             "kompetanse.",
    "title": "Innspill fra Finnmark Arbeiderparti",
    "author": "Jan Ove Nilsen Eira",
    "created": (2026, 4, 9, 11, 0),
    "text": """\
# Innspill fra Finnmark Arbeiderparti
## Arbeidslivskriminalitet i nord
Finnmark har store byggeprosjekter, sesongbasert fiskeindustri og et voksende \
reiseliv. Dette er bransjer der vi ser sosial dumping og arbeidslivskriminalitet. \
I fiskeindustrien er mange ansatt gjennom bemanningsbyråer i sesongen, og \
mange bor i boliger som arbeidsgiveren eier. Det gjør det vanskelig å si fra.
Hammerfest kommune vedtok seriøsitetskrav for flere år siden og har gode \
erfaringer med å kreve faste ansatte og lærlinger i byggeprosjektene. Andre \
kommuner i fylket har ikke kommet like langt.
## Våre forslag
1. A-krimsenteret i nord må styrkes med flere inspektører og egne tilsyn i \
fiskeindustrien.
2. Innleie i fiskeindustrien må begrenses, og faste ansettelser må bli normen.
3. Alle kommuner i Finnmark bør vedta seriøsitetskrav, og fylkeskommunen bør \
lage en felles mal som de små kommunene kan bruke.
---sideskift---
## Kompetanse i hele fylket
Kompetansereformen må nå hele Finnmark. Det betyr desentraliserte studier, \
nettbaserte fagskoletilbud og rett til betalt etterutdanning også for dem som \
jobber skift i fiskeindustrien eller på anleggsplassene.
Vi ønsker at arbeidsgiverne, fagbevegelsen og fylkeskommunen lager et felles \
kompetanseløft for fagarbeidere i nord, slik at ungdommen ser at det er en \
framtid i å ta fagbrev her.
Vennlig hilsen
Finnmark Arbeiderparti
Jan Ove Nilsen Eira, fylkesleder
+47 482 22 333
""",
    "subs": [sub(
        "fylkesparti", "Finnmark Arbeiderparti", None, [ORG, TEK], fylke="Finnmark",
        check="Innleie i fiskeindustrien må begrenses",
        proposals=("styrke_arbeidstilsynet", INN, SER, KOM),
        serio=("Hammerfest", "ja"),
        pii=("Jan Ove Nilsen Eira", "+47 482 22 333"),
    )],
})

LETTERS.append({
    "path": "brev/skannet_brev_lokallag.pdf",
    "format": "pdf_scanned",
    "about": "Skannet brev uten tekstlag (bare tegnede flater og streker). Skal i "
             "karantene.",
    "status": "quarantined",
    "quarantine_reason": "ingen tekst i PDF (skannet?)",
    "subs": [],
})

LETTERS.append({
    "path": "brev/frilanser_oslo.txt",
    "format": "txt",
    "encoding": "utf-8",
    "about": "Ren tekst, UTF-8 (uten BOM). Privatperson (frilanser); plattformer og "
             "sosiale rettigheter for frilansere.",
    "text": """\
Innspill til Arbeiderpartiets arbeidslivsutvalg
Fra: Sigrid Fjeld Johannessen, frilans fotograf, Oslo
Oslo, 3. mars 2026

Jeg har vært frilanser i tolv år og vil svare på spørsmålet i debattheftet om \
sosiale rettigheter for frilansere.

Som frilanser har jeg ikke rett til sykepenger de første 16 dagene, ingen \
pensjon fra arbeidsgiver og ingen feriepenger. Oppdragsgiverne bruker oss fordi \
vi er billigere og mer fleksible, ikke fordi jobben er annerledes. Mange av \
oppdragene kommer nå via digitale plattformer som tar 20 prosent i gebyr og \
bestemmer prisene.

Jeg foreslår:
- at plattformer som formidler oppdrag, må følge de samme reglene som \
bemanningsbyråer,
- at frilansere får en bedre sykepengeordning uten dyr tilleggsforsikring,
- at det blir lettere for frilansere å forhandle kollektivt om honorarer.

Samtidig er jeg enig i at dette ikke må undergrave faste ansettelser. Mange av \
oss ville heller vært ansatt.

Sigrid Fjeld Johannessen
(+47) 47 11 22 33
sigrid.fotograf@epost.example
""",
    "subs": [sub(
        "privatperson", None, "Oslo", [TEK, ORG],
        check="plattformer som formidler oppdrag, må følge de samme reglene",
        proposals=(PLA, "frilanser_rettigheter"),
        pii=("Sigrid Fjeld Johannessen", "(+47) 47 11 22 33",
             "sigrid.fotograf@epost.example"),
    )],
})

LETTERS.append({
    "path": "brev/orsta_kommunestyregruppe.txt",
    "format": "txt",
    "encoding": "utf-8-sig",
    "about": "Rein tekst, UTF-8 med BOM (nynorsk). Kommunepolitikar; Ørsta har ikkje "
             "seriøsitetskrav; heiltid.",
    "text": """\
Innspel til arbeidslivsutvalet frå Arbeidarpartiet si gruppe i Ørsta kommunestyre
Ørsta, 17. mars 2026

Har kommunen din vedteke seriøsitetskrav? Nei, Ørsta kommune har ikkje vedteke \
seriøsitetskrav. Vi meiner at krava må kome på plass før dei store \
byggeprosjekta som kjem dei neste åra, mellom anna ny omsorgsbustad og ny \
brannstasjon. Vi vil fremje sak om dette i kommunestyret i haust, og vi ønskjer \
hjelp frå partiet sentralt med gode døme frå andre kommunar.

Heiltid
Ørsta har mange små stillingar i helse og omsorg. Vi meiner at kommunen bør \
vedta eit mål om at minst 70 prosent av dei tilsette i omsorgstenestene skal ha \
heile stillingar innan 2030, og at tilsette i deltid skal få tilbod om auka \
stilling før nye blir tilsette.

Helsing
Oddbjørn Hjorthaug, gruppeleiar
Ørsta Arbeidarparti
Tlf 97 00 11 22
""",
    "subs": [sub(
        "kommunepolitiker", "Ørsta Arbeidarparti", "Ørsta", [ORG, OFF], lang="nn",
        check="Ørsta kommune har ikkje vedteke seriøsitetskrav",
        proposals=(SER, HEL),
        serio=("Ørsta", "nei"),
        pii=("Oddbjørn Hjorthaug", "97 00 11 22"),
    )],
})

LETTERS.append({
    "path": "brev/sykepleier_skien.txt",
    "format": "txt",
    "encoding": "utf-16",
    "about": "Tekst i UTF-16 med BOM og CRLF (Notisblokk). Privatperson; fødselsnummer "
             "skrevet inn ved en feil; tillit, tidsmåling og KI i hjemmesykepleien.",
    "text": f"""\
Skien 28.03.2026
Hei! Beklager rotet øverst, jeg brukte et gammelt skjema som mal.

Navn: Camilla Berntsen Strand
Fødselsnr: {FAKE_FNR}
Stilling: Sykepleier, hjemmesykepleien i Skien

Jeg vil gi innspill om tillit og rapportering, og om ny teknologi i helse.

Skien er jo kjent for Skiens-modellen, og kommunen har hatt seriøsitetskrav \
lenge. Men i vår egen tjeneste merker vi mest til måling og kontroll. Hver dag \
registrerer vi tid per besøk i et system på mobilen. Vi blir målt på minutter, \
ikke på om pasienten har det bra.

Nå skal det innføres et KI-verktøy som skal planlegge rutene våre og foreslå \
hvor lang tid hvert besøk skal ta. Ingen av oss som går ruten hver dag, har \
vært med på å velge det. Tillitsvalgte må være med fra starten når slike \
systemer innføres, og vi må kunne overstyre det.

Mine forslag:
1. Fjern tidsmålingen per besøk, og la sykepleierne bruke faglig skjønn.
2. Tillitsvalgte må ha rett til å være med når KI-verktøy velges og innføres.
3. Bruk velferdsteknologi til å frigjøre tid til pasientene, ikke til å kutte \
stillinger.

Camilla Berntsen Strand
Skien
""",
    "subs": [sub(
        "privatperson", None, "Skien", [OFF, TEK],
        check="Vi blir målt på minutter",
        proposals=(TIL, KI, "varme_hender"),
        serio=("Skien", "ja"),
        pii=("Camilla Berntsen Strand", FAKE_FNR),
    )],
})

LETTERS.append({
    "path": "brev/kongsberg_ap.txt",
    "format": "txt",
    "encoding": "cp1252",
    "about": "Tekst i Windows-1252 med CRLF (tankestrek og «…» er cp1252-tegn). "
             "Lokallag; kompetansereform, ansattereiser og KI; kontonummer i PS.",
    "text": f"""\
Innspill fra Kongsberg Arbeiderparti – teknologi og kompetanse
Kongsberg, 9. april 2026

Kongsberg er en industriby, og vi lever av teknologi. Vi ser hvordan \
automatisering og kunstig intelligens endrer jobbene på fabrikkgulvet og på \
kontoret. Det gir muligheter, men bare hvis folk får være med på reisen.

Vi liker ideen om «ansattereiser», men den må ha innhold: en plan for hver \
ansatt, betalt opplæring i arbeidstiden og en jobb å gå til etterpå. Ellers \
blir det bare fine ord…

Forslag:
1. En kompetansereform med rett til betalt etterutdanning, finansiert av staten \
og arbeidsgiverne i fellesskap.
2. Partssammensatte kompetanseråd i bedriftene, der de tillitsvalgte er med og \
bestemmer.
3. Tillitsvalgte må få drøfte innføring av KI-verktøy før de tas i bruk, ikke \
etterpå.

Med vennlig hilsen
Øystein Haraldsen Brun, leder
Kongsberg Arbeiderparti

PS til sekretariatet: Jeg la ut 1 850 kroner for leie av lokale til \
debattmøtet. Dersom utvalget har midler til å dekke dette, kan beløpet settes \
inn på kontoen min, {FAKE_ACCOUNT}.
""",
    "subs": [sub(
        "lokallag", "Kongsberg Arbeiderparti", "Kongsberg", [TEK],
        check="Partssammensatte kompetanseråd i bedriftene",
        proposals=(KOM, "ansattereiser", KI),
        pii=("Øystein Haraldsen Brun", FAKE_ACCOUNT),
    )],
})

LETTERS.append({
    "path": "brev/teknologinettverk_trondelag.md",
    "format": "md",
    "about": "Markdown-dokument med overskrifter, lenke og punktliste. Annen "
             "organisasjon; KI-medvirkning, koble av, plattformer, digitalt samarbeid.",
    "text": """\
# Innspill fra Arbeiderpartiets teknologinettverk i Trøndelag

*Til Arbeidslivsutvalget, 22. april 2026*

Vi er et nettverk av partimedlemmer som jobber med teknologi – utviklere, \
driftsfolk, designere og ledere. Vi har lest [debattheftet](https://www.arbeiderpartiet.no/) \
og vil bidra på del 2.

## KI på arbeidsplassen

Kunstig intelligens blir tatt i bruk raskt, ofte uten at de ansatte blir spurt. \
**Medvirkning må skje før innkjøp, ikke etter.** Vi foreslår:

- at tillitsvalgte får rett til å drøfte alle KI-systemer som påvirker arbeidet, \
før de kjøpes inn,
- at det lages en nasjonal veileder for KI og medvirkning sammen med partene,
- at ansatte får vite når KI brukes til å vurdere arbeidet deres.

## Grenseløst arbeid

Mange i bransjen vår jobber når som helst og hvor som helst. Vi ønsker en rett \
til å koble av, men den må være fleksibel nok til at folk selv kan velge å jobbe \
en kveld og gå tidlig en annen dag.

## Plattformer og kommune-Norge

- Plattformselskaper må ha arbeidsgiveransvar når de styrer arbeidet i praksis.
- Kommunene i Trøndelag bør samarbeide om felles digitale tjenester og åpen \
kildekode i stedet for å kjøpe hvert sitt system.

— Eivind Aune Strøm, koordinator (eivind.strom@epost.example)
""",
    "subs": [sub(
        "annen_organisasjon", "Arbeiderpartiets teknologinettverk i Trøndelag", None,
        [TEK], fylke="Trøndelag",
        check="Medvirkning må skje før innkjøp, ikke etter",
        proposals=(KI, KOB, PLA, "digitalt_samarbeid_kommuner"),
        pii=("Eivind Aune Strøm", "eivind.strom@epost.example"),
    )],
})


# --------------------------------------------------------------------------
# Annet (annet/): lagret nettside, JSON-eksport, tom fil
# --------------------------------------------------------------------------

HTML_LETTER = """\
Kristiansund Arbeiderparti har sendt dette innspillet til Arbeiderpartiets \
arbeidslivsutvalg etter medlemsmøtet 3. mars.

Kristiansund har lange tradisjoner for organisert arbeid, fra klippfisken til \
oljebasene. Vi vil bevare den tradisjonen.

Fagorganisering: Skattefradraget for fagforeningskontingent må dobles. Det er \
et enkelt og treffsikkert tiltak for å få flere inn i fagforeningene.

Heltid: Kristiansund kommune må lage en forpliktende plan for hele, faste \
stillinger i helse og omsorg, sammen med de tillitsvalgte.

Trygg omstilling: Når ny teknologi tas i bruk i kommunen, skal ingen miste \
jobben. Ansatte som får endrede oppgaver, skal få en «ansattereise» med betalt \
opplæring, og gevinstene skal brukes til flere varme hender.

Kristiansund kommune vedtok seriøsitetskrav i 2020, og vi ønsker at kravene \
også skal gjelde for kommunale foretak.

Styret i Kristiansund Arbeiderparti
v/ Tor Magne Fiske
"""

HTML_PAGE = {
    "path": "annet/kristiansund_ap_nettside.html",
    "about": "Lagret nettside (HTML) med menyer, skript, stil og informasjonskapsel-banner "
             "rundt selve brevet. Lokallag; fagforeningsfradrag, heltid, trygg omstilling.",
    "title": "Vårt innspill til arbeidslivsutvalget",
    "published": "2026-03-08",
    "letter": HTML_LETTER,
    "strip": ["Godta alle informasjonskapsler", "Bli medlem", "gtag(", "Del på Facebook"],
    "subs": [sub(
        "lokallag", "Kristiansund Arbeiderparti", "Kristiansund", [ORG, OFF, TEK],
        check="fra klippfisken til oljebasene",
        proposals=(FFR, HEL, "ansattereiser", "varme_hender", SER),
        serio=("Kristiansund", "ja"),
        pii=("Tor Magne Fiske",),
    )],
}

JSON_PATH = "annet/nettinnspill_eksport.json"
JSON_ABOUT = ("JSON-eksport fra et nettskjema: en liste med tre innspill (nøkler navn, "
              "epost, kommune, tema, innspill, tidspunkt); ett på nynorsk.")
CSV_PATH = "skjema/nettskjema_eksport_2026-04-15.csv"
CSV_ABOUT = ("Nettskjema-eksport: semikolonseparert, UTF-8 med BOM, CRLF, norske "
             "kolonnenavn. 13 rader: én med tomt svar, én med feil valgt tema, én "
             "kampanjetekst, ett innspill utenfor tema, tekst med semikolon, anførselstegn "
             "og linjeskift.")
XLSX_PATH = "skjema/microsoft_forms_innspill.xlsx"
XLSX_ABOUT = ("Microsoft Forms-eksport (xlsx) med engelske kolonnenavn og én kolonne per "
              "spørsmål. 7 svar: anonyme svar, ett på engelsk, ett utenfor tema (havvind).")
EMPTY_PATH = "annet/tom_fil.txt"
EMPTY_ABOUT = "Tom fil (0 byte). Skal i karantene."

JSON_ITEMS = [
    {
        "navn": "Ingvild Tveit Aarskog",
        "epost": "ingvild.aarskog@epost.example",
        "kommune": "Bergen",
        "tema": "Ny teknologi til vårt felles beste",
        "innspill": "Eg jobbar i ei kommunal eining i Bergen og har heimekontor to "
                    "dagar i veka. Det er fint for familien, men det har òg gjort at "
                    "eg les e-post heilt til eg legg meg. Eg meiner vi treng ein rett "
                    "til å kople av, og at leiarane må gå føre som gode døme. Kan "
                    "Arbeidarpartiet ta initiativ til at kommunane lagar reglar for "
                    "dette saman med dei tillitsvalde?",
        "tidspunkt": "2026-03-21T14:03:11+01:00",
        "_sub": sub(
            "privatperson", None, "Bergen", [TEK], lang="nn",
            check="eg les e-post heilt til eg legg meg",
            proposals=(KOB,),
            pii=("Ingvild Tveit Aarskog", "ingvild.aarskog@epost.example"),
        ),
    },
    {
        "navn": "Ahmed Yusuf Hassan",
        "epost": "ahmed.hassan@epost.example",
        "kommune": "Oslo",
        "tema": "Et seriøst og organisert arbeidsliv",
        "innspill": "Jeg har jobbet i renhold i Oslo i ti år. Mange firmaer betaler "
                    "ikke tariff og lar folk jobbe ubetalt overtid. Godkjenningsordningen "
                    "for renhold må kontrolleres bedre, og offentlige oppdragsgivere må "
                    "sjekke at renholdsfirmaene følger seriøsitetskravene. Kommunen bør "
                    "ansette egne renholdere i stedet for å sette jobben ut. Ring meg "
                    "gjerne på tlf. 22 33 44 55 hvis dere vil høre mer.",
        "tidspunkt": "2026-03-28T09:41:52+01:00",
        "_sub": sub(
            "privatperson", None, "Oslo", [ORG],
            check="Godkjenningsordningen for renhold må kontrolleres bedre",
            proposals=(SER, "egen_regi_renhold"),
            pii=("Ahmed Yusuf Hassan", "ahmed.hassan@epost.example", "22 33 44 55"),
        ),
    },
    {
        "navn": "Lars Erik Fossum",
        "epost": "lars.fossum@epost.example",
        "kommune": "Kristiansand",
        "tema": "Det offentlige som arbeidsgiver",
        "innspill": "Jeg jobber i arkivet i fylkeskommunen. Vi vet at mye av arbeidet "
                    "vårt skal automatiseres de neste årene. Debattheftet nevner at "
                    "arkivarbeidere kan bli informasjonssikkerhetsansvarlige gjennom en "
                    "«ansattereise». Det vil jeg gjerne, men ingen har spurt oss. Jeg "
                    "foreslår at alle offentlige arbeidsgivere må lage en "
                    "omstillingsplan med tilbud om betalt videreutdanning før "
                    "automatiseringen starter.",
        "tidspunkt": "2026-04-03T22:17:05+02:00",
        "_sub": sub(
            "privatperson", None, "Kristiansand", [OFF, TEK],
            check="men ingen har spurt oss",
            proposals=("ansattereiser", KOM),
            pii=("Lars Erik Fossum", "lars.fossum@epost.example"),
        ),
    },
]


# --------------------------------------------------------------------------
# Skjemaeksporter (skjema/)
# --------------------------------------------------------------------------

NETTSKJEMA_HEADERS = [
    "Svar-ID",
    "Tidspunkt",
    "Kommune",
    "Fylke",
    "Hvilket tema gjelder innspillet?",
    "Ditt innspill",
    "Har din kommune vedtatt seriøsitetskrav?",
    "Organisasjon/lag (valgfritt)",
    "Navn (valgfritt)",
    "E-post (valgfritt)",
]

T1 = "Et seriøst og organisert arbeidsliv"
T2 = "Ny teknologi til vårt felles beste"
T3 = "Det offentlige som arbeidsgiver"
T_ANNET = "Annet"

TONSBERG_CAMPAIGN = campaign_text(
    "Tønsberg Arbeiderparti", "12. mars 2026",
    (("Uttalelse om innleie og seriøsitet i arbeidslivet\n\n", ""),),
).strip()

# Hver rad: (verdier i kolonnerekkefølge uten Svar-ID, forventet innspill eller None)
NETTSKJEMA_ROWS: list[tuple[list[str], dict | None]] = [
    (["2026-03-02 19:22:05", "Gjøvik", "Innlandet", T1,
      "Gjøvik kommune har vedtatt seriøsitetskrav, men det er få som vet hva som står "
      "i dem. Kommunen bør publisere hvilke leverandører som er kontrollert, og hva som "
      "ble funnet. Ellers må det bli mer attraktivt å bli fagarbeider: lærlinglønn det "
      "går an å leve av, og flere lærlinger i offentlige virksomheter.",
      "Ja", "", "Vidar Sletten", "vidar.sletten@epost.example"],
     sub("privatperson", None, "Gjøvik", [ORG],
         check="Kommunen bør publisere hvilke leverandører som er kontrollert",
         proposals=(SER, "laerlingplasser"), serio=("Gjøvik", "ja"),
         pii=("Vidar Sletten", "vidar.sletten@epost.example"))),
    (["2026-03-04 07:48:51", "Moss", "Østfold", T3,
      "Jeg jobber som assistent i hjemmetjenesten i Moss i 60 % stilling. Jeg vil ha "
      "full stilling, men får bare tilbud om ekstravakter. Kommunen bør lage en "
      "heltidsplan sammen med de tillitsvalgte og ha som mål at minst 80 prosent skal "
      "jobbe heltid innen 2030.",
      "Nei", "", "Hege Brenna", ""],
     sub("privatperson", None, "Moss", [OFF],
         check="får bare tilbud om ekstravakter",
         proposals=(HEL,), serio=("Moss", "nei"), pii=("Hege Brenna",))),
    (["2026-03-06 21:10:33", "Harstad", "Troms", T2,
      "Det beste virkemiddelet for å få flere inn i fagforeninger er å øke "
      "fagforeningsfradraget. Jeg foreslår at fradraget dobles. Offentlige "
      "arbeidsgivere bør også informere om fagforeninger når folk blir ansatt.",
      "Vet ikke", "", "", ""],
     sub("privatperson", None, "Harstad", [ORG],
         check="Jeg foreslår at fradraget dobles",
         proposals=(FFR,), serio=("Harstad", "uklart"),
         note="Respondenten valgte feil tema (Ny teknologi); teksten gjelder tema 1.")),
    (["2026-03-12 22:41:17", "Tønsberg", "Vestfold", T1, TONSBERG_CAMPAIGN,
      "Ja", "Tønsberg Arbeiderparti", "Henrik Sand Thorsen", "henrik.thorsen@epost.example"],
     campaign_sub("Tønsberg Arbeiderparti", "Tønsberg",
                  ("Henrik Sand Thorsen", "henrik.thorsen@epost.example"),
                  serio=("Tønsberg", "ja"),
                  note="Kampanje (7/7): uttalelsen limt inn i skjemaet uten tittel.")),
    (["2026-03-14 12:05:44", "Sunnfjord", "Vestland", T3,
      "Eg jobbar som sjukepleiar i Førde. Vi treng mindre rapportering og meir tid til "
      "pasientane. Kvar veke bruker eg fleire timar på å dokumentere ting som ingen "
      "les. Eg meiner at kommunen bør gå gjennom alle rapporteringskrava saman med dei "
      "tilsette og fjerne dei som ikkje gir betre tenester. Tillit må bety noko i "
      "praksis.",
      "", "", "Gunhild Hove Sunde", ""],
     sub("privatperson", None, "Sunnfjord", [OFF], lang="nn",
         check="dokumentere ting som ingen les",
         proposals=(TIL,), pii=("Gunhild Hove Sunde",))),
    (["2026-03-15 18:30:00", "Kvinnherad", "Vestland", T2,
      "Eg er industriarbeidar i Kvinnherad. Når fabrikken innfører nye robotar, må vi "
      "få opplæring i arbeidstida, betalt av bedrifta. Vi treng ei kompetansereform "
      "som gir alle rett til betalt etterutdanning, ikkje berre dei som har høgare "
      "utdanning frå før. Fagskulen bør kunne gi kurs lokalt.",
      "", "", "", ""],
     sub("privatperson", None, "Kvinnherad", [TEK], lang="nn",
         check="Når fabrikken innfører nye robotar",
         proposals=(KOM,))),
    (["2026-03-16 10:02:12", "Lillestrøm", "Akershus", T2, "", "", "", "", ""],
     None),
    (["2026-03-18 16:55:40", "Drammen", "Buskerud", T_ANNET,
      "Hvor finner jeg sakspapirene til årsmøtet i fylkespartiet? Lenken i e-posten "
      "fungerer ikke.",
      "", "", "", ""],
     sub("privatperson", None, "Drammen", [],
         check="Hvor finner jeg sakspapirene til årsmøtet")),
    (["2026-03-19 20:14:09", "Lillestrøm", "Akershus", T2,
      "Jeg er lærer på en ungdomsskole i Lillestrøm. KI-verktøy innføres i skolen uten "
      "at lærerne er med på å bestemme hvordan. Tillitsvalgte må involveres før "
      "kommunen kjøper inn KI-verktøy, og det må settes av tid til opplæring. Vi må "
      "også ha klare regler for personvernet til elevene.",
      "", "", "Thomas Lund Aasen", "thomas.aasen@epost.example"],
     sub("privatperson", None, "Lillestrøm", [TEK],
         check="Tillitsvalgte må involveres før kommunen kjøper inn KI-verktøy",
         proposals=(KI,), pii=("Thomas Lund Aasen", "thomas.aasen@epost.example"))),
    (["2026-03-25 13:37:21", "Narvik", "Nordland", T3,
      "Vi ønsker at Narvik kommune oppretter et fast trepartsforum med politikere, "
      "administrasjon og tillitsvalgte. Lederne må få større handlingsrom og mindre "
      "detaljstyring. Tillitsreformen må gjelde helt ned på avdelingsnivå.",
      "Under arbeid", "Fagforbundet Narvik", "Wenche Eliassen Pedersen", ""],
     sub("fagforening", "Fagforbundet Narvik", "Narvik", [OFF],
         check="Tillitsreformen må gjelde helt ned på avdelingsnivå",
         proposals=(TIL, "trepartssamarbeid"), serio=("Narvik", "under_arbeid"),
         pii=("Wenche Eliassen Pedersen",))),
    (["2026-03-29 11:20:48", "Sandefjord", "Vestfold", T2,
      "Sønnen min sykler for Wolt ved siden av studiene. Han er registrert som "
      "selvstendig næringsdrivende og har ingen rett til sykepenger eller feriepenger; "
      "han får betalt per levering. Selskapet kaller det \"frihet\". Dette er jo "
      "egentlig en vanlig jobb! Det må innføres en regel om at de som jobber via en "
      "app, er ansatt, og at selskapene må bevise det motsatte.",
      "", "", "Berit Sandvold", ""],
     sub("privatperson", None, "Sandefjord", [TEK],
         check="Selskapet kaller det \"frihet\"",
         proposals=(PLA,), pii=("Berit Sandvold",))),
    (["2026-04-02 09:15:03", "Arendal", "Agder", T1,
      "Som kommunestyrerepresentant kan jeg svare ja: Arendal kommune har vedtatt "
      "seriøsitetskrav. Det vi sliter med, er kontrollen. Vi foreslår at kommunene i "
      "Agder går sammen om en felles kontrollenhet, og at det settes et tak på to "
      "ledd i leverandørkjeden.",
      "Ja", "Arendal Arbeiderparti", "Knut Olav Tveiten", "knut.tveiten@epost.example"],
     sub("kommunepolitiker", "Arendal Arbeiderparti", "Arendal", [ORG],
         check="felles kontrollenhet",
         proposals=(SER,), serio=("Arendal", "ja"),
         pii=("Knut Olav Tveiten", "knut.tveiten@epost.example"))),
    (["2026-04-06 23:02:59", "Trondheim", "Trøndelag", T2,
      "Jeg jobber i et IT-selskap og opplever at grensen mellom jobb og fritid er "
      "borte.\nForslag:\n1) Rett til å koble av etter arbeidstid\n2) Krav om at "
      "arbeidsgiver ikke sender meldinger i helgene uten at det er avtalt beredskap\n"
      "3) Tilsyn fra Arbeidstilsynet",
      "", "", "", ""],
     sub("privatperson", None, "Trondheim", [TEK],
         check="Rett til å koble av etter arbeidstid",
         proposals=(KOB,))),
]

FORMS_QUESTIONS = [
    "Spørsmål 1: Hvordan få flere til å melde seg inn i en fagforening?",
    "Spørsmål 2: Har din kommune vedtatt seriøsitetskrav?",
    "Spørsmål 3: Hvordan kan vi sikre hele, faste stillinger i helse og omsorg?",
]
FORMS_HEADERS = [
    "ID", "Start time", "Completion time", "Email", "Name", "Municipality",
    "Which topic?", "Your input", *FORMS_QUESTIONS,
]

# Hver rad: (start, minutter brukt, e-post, navn, kommune, tema, innspill, sp1, sp2, sp3,
#            forventet innspill)
FORMS_ROWS: list[tuple] = [
    ((2026, 3, 8, 19, 2), 6, "anonymous", "", "Sandnes", T1,
     "Vi må få bukt med svart arbeid i bilpleie og renhold. Det bør være krav om at "
     "alle bilvaskeanlegg er godkjent, slik som for renhold.",
     "Fagforeningene må bli mer synlige på arbeidsplassene der unge jobber.",
     "Tror kommunen har vedtatt noe, men vet ikke om det følges opp.",
     "",
     sub("privatperson", None, "Sandnes", [ORG],
         check="krav om at alle bilvaskeanlegg er godkjent",
         proposals=("godkjenningsordning",), serio=("Sandnes", "uklart"))),
    ((2026, 3, 10, 12, 31), 9, "emily.carter@epost.example", "Emily Carter", "Oslo", T2,
     "I deliver food by bike for one of the platform companies in Oslo. The app decides "
     "everything: which orders I get, how much I am paid and when I am deactivated. "
     "Platform workers should be treated as employees, with sick pay and insurance.",
     "A bigger tax deduction for union fees would help, and unions should reach out to "
     "gig workers in English.",
     "I don't know.",
     "",
     sub("privatperson", None, "Oslo", [TEK, ORG], lang="en",
         check="Platform workers should be treated as employees",
         proposals=(PLA, FFR), serio=("Oslo", "uklart"),
         pii=("Emily Carter", "emily.carter@epost.example"))),
    ((2026, 3, 13, 8, 15), 4, "geir.ulvik@epost.example", "Geir Ulvik Hansen", "Haugesund",
     T2,
     "Norge må satse mye mer på flytende havvind. Teknologien fra Hywind viser at vi kan "
     "bli verdensledende. Staten må gi mer støtte til utvikling av nye turbiner og "
     "fundamenter, og Utsira Nord må bygges ut raskt. Det vil gi billig strøm til "
     "industrien.",
     "", "", "",
     sub("privatperson", None, "Haugesund", [],
         check="satse mye mer på flytende havvind",
         pii=("Geir Ulvik Hansen", "geir.ulvik@epost.example"),
         note="Valgte «Ny teknologi», men innspillet handler om energiteknologi, "
              "ikke arbeidsliv.")),
    ((2026, 3, 17, 20, 44), 12, "nora.brekke@epost.example", "Nora Haugen Brekke", "Bærum",
     T3,
     "Bærum kommune må slutte å lyse ut små deltidsstillinger i helse og omsorg. Jeg har "
     "jobbet på sykehjem i 15 år og ser at de unge slutter fordi de ikke får full "
     "stilling.",
     "", "Nei",
     "Langvakter, årsturnus og at alle nye stillinger er 100 %.",
     sub("privatperson", None, "Bærum", [OFF],
         check="slutte å lyse ut små deltidsstillinger",
         proposals=(HEL,), serio=("Bærum", "nei"),
         pii=("Nora Haugen Brekke", "nora.brekke@epost.example"))),
    ((2026, 3, 27, 15, 3), 7, "petter.aam@epost.example", "Petter Rønneberg Aam", "Ålesund",
     T3,
     "Som bystyrerepresentant i Ålesund ser jeg at vi vedtar nye rapporteringskrav "
     "hvert år uten å fjerne gamle. Vi bør innføre en regel om at et nytt krav bare kan "
     "innføres hvis et gammelt fjernes. Ledere og tillitsvalgte må få mer tillit.",
     "", "Saken er til behandling i formannskapet.", "",
     sub("kommunepolitiker", "Ålesund Arbeiderparti", "Ålesund", [OFF],
         check="et nytt krav bare kan innføres hvis et gammelt fjernes",
         proposals=(TIL,), serio=("Ålesund", "under_arbeid"),
         pii=("Petter Rønneberg Aam", "petter.aam@epost.example"))),
    ((2026, 4, 4, 10, 27), 5, "anonymous", "", "Larvik", T2,
     "Kompetansereformen må bli virkelighet. Arbeidsgiver og staten bør dele på "
     "kostnaden, og alle må få rett til minst to uker betalt etterutdanning i året.",
     "Dobbelt så stort skattefradrag for kontingenten.",
     "", "",
     sub("privatperson", None, "Larvik", [TEK, ORG],
         check="minst to uker betalt etterutdanning i året",
         proposals=(KOM, FFR))),
    ((2026, 4, 11, 21, 58), 8, "maria.varsi@epost.example", "Maria Nilsen Varsi",
     "Sør-Varanger", T2,
     "Jeg bor i Kirkenes og jobber på fjernkontor for et selskap i Oslo. Fleksibiliteten "
     "er fantastisk, men jeg forventes å svare på meldinger sent på kvelden. Vi trenger "
     "en rett til å koble av, og samtidig må staten legge til rette for flere "
     "fjernarbeidsplasser i distriktene.",
     "", "", "",
     sub("privatperson", None, "Sør-Varanger", [TEK],
         check="jeg forventes å svare på meldinger sent på kvelden",
         proposals=(KOB,),
         pii=("Maria Nilsen Varsi", "maria.varsi@epost.example"))),
]
