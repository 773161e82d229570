"""Small name lists for the name recognizers (used with and without the NER model).

First names and surnames common in Norway (Statistics Norway's most frequent names,
plus frequent names among immigrants). They raise recall on colleagues named in stories
("kollegaen min Kari") and are the only name evidence the blank backend has besides
signatures and sender metadata. Ambiguous first names that are also ordinary words
("Per", "Dag", "Liv", ...) count only when followed by a capitalised surname.
"""

from __future__ import annotations


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a word-list literal."""
    return text.split()


FIRST_NAMES: frozenset[str] = frozenset(
    _w(
        """
    Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne
    Randi Ida Nina Maria Elisabeth Kristin Bente Heidi Silje Hanne Gerd Linda Tone Wenche
    Grethe Camilla Ragnhild Mona Turid Tove Anita Nora Emma Sara Julie Ingeborg Elin Karin
    Kirsten Ellen Inger-Lise Ane Mari Sofie Thea Hanna Emilie Ingvild Guro Siri Line Lene
    Trine Mette Monica Kristine Kjersti Hege Unni Torill Gunn Else Aud Åse Synnøve Sigrid
    Helga Helene Janne Lise Eli Anette Stine Maren Malin Marte Martine Vilde Frida Tuva
    Oda Selma Live Jenny Amalie Andrea Victoria Sunniva Ragnhild Margrethe Grete Vigdis
    Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Hans Geir Tor Morten Terje Odd Erik
    Martin Andreas John Anders Rune Trond Tom Harald Jon Olav Thomas Øyvind Stein Eirik
    Jørgen Rolf Leif Einar Espen Magnus Kristian Helge Gunnar Nils Petter Steinar Frode
    Sigurd Thor Arild Atle Asbjørn Audun Bård Dag Egil Eivind Even Finn Fredrik Gaute
    Gudmund Halvor Håkon Håvard Ivar Jarle Jens Johan Jonas Kai Kenneth Kim Kristoffer
    Lasse Magne Mats Mathias Mikael Nikolai Ola Oskar Paul Pål Ragnar Reidar Roger Roar
    Sander Sebastian Sindre Simen Sigmund Sturla Sverre Tobias Torbjørn Tore Torgeir
    Trygve Vegard Vidar William Alexander Daniel Emil Henrik Jakob Jacob Filip Elias Noah
    Oliver Isak Aksel Eskil Ståle Stian Snorre Karsten Ketil Kåre Kolbjørn Åsmund Øystein
    Mohammed Mohamed Muhammad Ali Ahmed Hassan Hussein Omar Abdi Yusuf Fatima Amina Aisha
    Maryam Leila Zahra Hamza Ibrahim Mustafa Piotr Tomasz Krzysztof Katarzyna Agnieszka
    Marek Pawel Paweł Andrzej Michał Agata Magdalena Joanna Jonas Tomas Andrius Darius
    Ruta Olga Irina Natalia Sergei Aleksandr Olena Oksana Nguyen Mai Linh Thi Ahmad
    """
    )
)

AMBIGUOUS_FIRST_NAMES: frozenset[str] = frozenset(
    [
        "Per",
        "Dag",
        "Liv",
        "Tor",
        "Mai",
        "Even",
        "Kai",
        "Kim",
        "Finn",
        "Odd",
        "Eli",
        "Live",
        "Ask",
        "Sol",
        "Vår",
        "Mari",
        "Ali",
        "Linh",
        "Thi",
        "Tom",
    ]
)

SURNAMES: frozenset[str] = frozenset(
    _w(
        """
    Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen
    Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Jakobsen Dahl
    Jørgensen Halvorsen Henriksen Lund Sørensen Moen Gundersen Iversen Strand Solberg
    Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen
    Nguyen Rasmussen Lunde Solheim Berge Moe Nygård Bakke Kristensen Fredriksen Holm Lien
    Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther Aas Myhre Hanssen Haugland
    Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Rønning Arnesen Antonsen Næss
    Vik Haug Ellingsen Thorsen Edvardsen Birkeland Isaksen Gulbrandsen Ruud Aasen Strøm
    Myklebust Tangen Ødegård Eliassen Helland Bøe Jenssen Aune Mikkelsen Tveit Brekke
    Abrahamsen Madsen Nordmann Nordmo Kvam Lindstad Bakkevik Stene Rustad Sunde Hovland
    Hovde Fjeld Wold Vold Hoel Ness Nes Rød Foss Dale Skog Ali Ahmed Hussain Khan Kowalski
    Nowak Wiśniewski Wisniewski Kaminski Lewandowski Zielinski Kazlauskas Petrov Ivanova
    """
    )
)

# More first names (common in Norway across generations and origins; Sami names included).
FIRST_NAMES = FIRST_NAMES | frozenset(
    _w(
        """
    Torunn Sigrun Sigrid Ragnild Gunhild Gudrun Borghild Jorunn Aslaug Oddny Oddrun Margit
    Marta Marthe Martha Ingunn Ingrid Kjellaug Synne Tiril Tonje Tone Vibeke Wenche Yvonne
    Åshild Åsne Øydis Beate Bodil Cecilie Charlotte Christine Dorthe Ellinor Evy Gro Grete
    Hanna Hedda Helle Henny Ingebjørg Iselin Jorid Kaja Kamilla Karoline Kathrine Katrine
    Lill Lillian Lisbeth Marianne Mathilde Merete Miriam Mona Nanna Nina Pernille Rikke Rita
    Ronja Ruth Sanna Signe Siv Solfrid Sonja Susanne Svanhild Therese Thale Torhild Trude
    Trine Turid Una Vår Veronica Veronika Wilma Aase Agnes Alma Astri Aurora Ella Elise
    Ola Odin Oddvar Arnfinn Bendik Birger Bjarne Bjørnar Dagfinn Eilif Eldar Endre Erlend
    Gard Geirmund Gisle Gjermund Hallvard Hallstein Ingvar Inge Jostein Kjetil Kolbjørn
    Lars-Erik Leiv Mikkel Njål Ottar Reidun Rasmus Ronny Runar Sigve Sivert Steffen Svein-Erik
    Sveinung Sølve Terje Thorbjørn Tollef Torstein Trym Ulf Vebjørn Vemund Yngve Ørjan Åge
    Sarah Sara Olga Maria Marie José Juan Carlos Luis Ana Sofia Elena Ivan Dmitri Yuri Anastasia
    Svetlana Tatiana Ewa Monika Barbara Jan Adam Piotr Paulina Zofia Jakub Kacper Mateusz
    Li Wei Ming Chen Hui Yan Priya Raj Amir Reza Sina Ahmet Mehmet Ayşe Fatma Emine Yasmin
    Samira Nadia Abdullahi Abdirahman Hodan Faduma Halima Mariam Khadija Yonas Tesfaye
    Elle Máret Márjá Biret Ánde Niillas Nils Ánte Risten Sunná Inga Ristin Ailo Mikkal Piera
    Ole-Martin Per-Arne Nils-Petter Anne-Grethe Anne-Lise Ana-Maria Sven-Erik Karl-Johan
    John-Erik Jan-Erik Tor-Arne Lise-Lotte Mari-Ann
    """
    )
)

TITLES: frozenset[str] = frozenset(
    _w(
        """
    avdelingsleder avdelingsleiar leder leiar nestleder nestleiar tillitsvalgt tillitsvald
    hovedtillitsvalgt hovudtillitsvald kollega kollegaen kollegane kolleger sjef sjefen
    sjukepleiar sykepleier sykepleieren helsefagarbeider helsefagarbeidar lærer lærar
    styremedlem styreleder styreleiar ordfører ordførar rådmann kommunedirektør direktør
    verneombud verneombod daglig dagleg konsulent rådgiver rådgjevar saksbehandler
    sakshandsamar vaktmester renholder reinhaldar sjåfør bud kontaktperson medlem
    my colleague manager supervisor nurse dr mr mrs ms fru herr
    hilsen helsing mvh cheers kind regards best email questions takk hei hallo kjære dear
    """
    )
)
"""Words that precede names ("Avdelingsleder Hansen") but are not part of them."""

NAME_CUES: frozenset[str] = frozenset(
    _w(
        """
    med til ring spør snakk kollega kollegaen kollegane min mi mitt ask colleague
    mvh hilsen helsing v/ ved av call contact
    """
    )
)
"""Lower-case words after which a (lower-case) first name is a name."""
