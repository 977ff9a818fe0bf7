"""Dutch texts for the demo's relationship work: contact moments, follow-ups and value reviews.

Placeholders: {org} (the organisation's short name), {theme} (a theme name, lower case),
{contact} (a contact person's first name).
"""

CONTACT_SUMMARIES = {
    "telefoon": [
        "Gebeld met {contact} over de voortgang rond {theme}; zij zien vooral knelpunten in de uitvoering.",
        "Telefonisch afgestemd met {org} over de gezamenlijke inbreng richting het ministerie.",
        "{contact} belde met vragen over de positie van het sociaal werk in de nieuwe aanpak {theme}.",
        "Kort gebeld om de afspraken uit het laatste overleg te bevestigen; {org} gaat akkoord.",
        "Gesprek met {contact} over de bezuinigingsplannen; {org} deelt onze zorgen.",
        "Terugbelverzoek afgehandeld: {org} wil praktijkvoorbeelden van leden over {theme}.",
        "Telefonisch bijgepraat over de stand van zaken bij {org}; nieuwe contactpersoon per volgende maand.",
    ],
    "e-mail": [
        "Reactie van {org} ontvangen op onze notitie over {theme}; op hoofdlijnen eens.",
        "Stukken voor het volgende overleg gemaild naar {contact}, met het verzoek om aanvullingen.",
        "{contact} mailde de conceptbrief; wij leveren voor vrijdag onze input.",
        "Per mail afspraken bevestigd over de gezamenlijke bijeenkomst met leden.",
        "Vraag van {org} over cijfers van het sociaal werk beantwoord; factsheet meegestuurd.",
        "Uitnodiging van {org} ontvangen voor een rondetafelgesprek over {theme}.",
    ],
    "bezoek": [
        "Werkbezoek bij {org}: kennisgemaakt met het team en de aanpak rond {theme} gezien.",
        "Op bezoek bij {contact}; gesproken over samenwerking met de wijkteams.",
        "Bestuurlijk gesprek bij {org} over de rol van het sociaal werk in de sociale basis.",
        "Kennismakingsgesprek met de nieuwe directeur van {org}; open houding, wil periodiek afstemmen.",
        "Bezoek aan {org} samen met twee leden; praktijkvoorbeelden over {theme} gedeeld.",
    ],
    "bijeenkomst": [
        "Op het congres {contact} van {org} gesproken; interesse in een gezamenlijke sessie over {theme}.",
        "Tijdens de netwerkbijeenkomst bijgepraat met {org} over de lobby rond {theme}.",
        "Na afloop van het symposium kort gesproken met {contact}; afspraak gemaakt voor een vervolg.",
        "Op de ledendag {org} ontmoet; zij willen meedenken over het werkplan.",
    ],
    "notitie": [
        "Jaarverslag van {org} gelezen: meer aandacht voor {theme}, minder voor preventie.",
        "Let op: {org} krijgt per 1 januari een nieuwe bestuurder.",
        "Uit de media: {org} pleit voor meer regie bij gemeenten op {theme}.",
        "Notitie voor de collega's: {contact} is ons vaste aanspreekpunt voor {theme}.",
    ],
}

MEETING_SUMMARY_PREFIXES = [
    "Uit het overleg: ",
    "Besproken tijdens de bijeenkomst: ",
    "",
]

FOLLOW_UPS = [
    "Notitie over {theme} nasturen",
    "Praktijkvoorbeelden van leden verzamelen",
    "Terugbellen over de conceptbrief",
    "Vervolgafspraak inplannen met {contact}",
    "Cijfers over het sociaal werk aanleveren",
    "Input leveren voor de Kamerbrief",
    "Leden informeren via de nieuwsbrief",
    "Reactie op de consultatie afstemmen",
    "Uitnodiging doorsturen naar de ledencommissie",
    "Factsheet {theme} actualiseren",
    "Afspraak met de wethouder voorbereiden",
    "Verslag delen met de collega's van {theme}",
]

REVIEW_YIELDED = [
    "Directe lijn met beleidsmakers; onze inbreng is twee keer overgenomen in adviezen.",
    "Goed zicht op wat gemeenten bezighoudt; weinig concrete resultaten voor leden.",
    "Leden zijn actief betrokken en leveren praktijkvoorbeelden; het werkplan is samen opgesteld.",
    "Vooral informatie-uitwisseling; besluiten vallen elders.",
    "Gezamenlijke brief aan de Tweede Kamer en een pilot met huisartsen.",
    "Nieuwe contacten met regionale partners; samenwerking in drie regio's gestart.",
    "Weinig opgeleverd: de agenda wordt door anderen bepaald.",
]

REVIEW_RATIONALES = {
    "doorgaan": [
        "Belangrijke tafel voor onze lobby; de tijd is het waard.",
        "Leden hechten veel waarde aan deze commissie; voortzetten in de huidige vorm.",
        "Levert direct invloed op beleid op; blijven deelnemen.",
    ],
    "afschalen": [
        "Nuttig, maar twee collega's is te veel: voortaan één vaste vertegenwoordiger.",
        "Informatie is ook via het verslag te krijgen; alleen nog bij agendapunten die ons raken.",
    ],
    "overdragen": [
        "Een lid met veel praktijkervaring kan dit beter doen; wij blijven op afstand betrokken.",
        "Past beter bij een regionale lidorganisatie; overdracht afgestemd met de ledencommissie.",
    ],
    "stoppen": [
        "De agenda wordt door anderen bepaald en onze inbreng landt niet; we stappen eruit.",
    ],
}
