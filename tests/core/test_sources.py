"""Real-world sources: saved web pages, RSS/Atom feeds, WARC archives and gzipped files."""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tui.core.article import Article, Skipped
from tui.core.corpus import CorpusFile, load_corpus, read_file, scan
from tui.core.parsers import MAX_ARTICLE_BYTES, parse_bytes
from tui.core.parsers.compressed import DamagedStream, gunzip

FEEDS = SHARED_DATA / "feeds"
PAGES = SHARED_DATA / "html"
MARKUP = re.compile(r"</?(?:p|div|span|a|img|script|style|br)\b[^>]*>", re.IGNORECASE)
DOJ = SHARED_DATA / "news" / "doj_opa_press_releases" / "articles.jsonl.gz"


def parse(data: bytes | str, name: str) -> list[Article | Skipped]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_bytes(raw, rel=name, path=Path(name))


def articles(results: list[Article | Skipped]) -> list[Article]:
    return [result for result in results if isinstance(result, Article)]


def rss(*items: str, head: str = "", title: str = "Example News") -> str:
    return (
        f'{head}<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://example.com/</link>"
        + "".join(items)
        + "</channel></rss>"
    )


def item(guid: str, title: str, *, summary: str = "", content: str = "") -> str:
    parts = [f"<guid>{guid}</guid>", f"<title>{title}</title>", f"<link>{guid}</link>"]
    if summary:
        parts.append(f"<description><![CDATA[{summary}]]></description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    parts.append("<pubDate>Mon, 06 Nov 2023 10:00:00 GMT</pubDate><author>Ann Lee</author>")
    return "<item>" + "".join(parts) + "</item>"


# Feeds: all twelve shared ones, item by item


SHARED_FEEDS = {
    "feedjira/AmazonWebServicesBlog.xml": (10, "Amazon Web Services Blog"),
    "feedjira/HuffPostCanada.xml": (2, "HuffPost Canada - Athena2 - All Posts"),
    "feedjira/SamRuby.xml": (20, "Sam Ruby"),
    "feedjira/TechCrunch.xml": (20, "TechCrunch"),
    "feedjira/TypePadNews.xml": (10, "Everything Typepad"),
    "feedjira/google_alerts_atom.xml": (20, "Google Alert - Slack"),
    "photojournalism/aeon.xml": (20, "Aeon | a world of ideas"),
    "photojournalism/bbc.xml": (16, "BBC News - News front page"),
    "photojournalism/japantimes.xml": (30, "Latest articles - The Japan Times"),
    "photojournalism/npr.xml": (15, "News : NPR"),
    "photojournalism/nytimes.xml": (25, "NYT > Top Stories"),
    "photojournalism/quanta.xml": (5, "Quanta Magazine"),
}


@pytest.mark.parametrize("name", sorted(SHARED_FEEDS))
def test_every_item_of_a_shared_feed_is_an_article(name: str) -> None:
    count, feed_title = SHARED_FEEDS[name]
    results = parse((FEEDS / name).read_bytes(), name)
    found = articles(results)
    assert len(found) == len(results) == count
    assert len({article.id for article in found}) == count
    assert sum(bool(article.paragraphs) for article in found) >= count // 2
    for article in found:
        assert article.kind == "feed item" and article.source == feed_title
        assert article.title and not article.title_derived
        assert article.url and article.url.startswith("http")
        assert article.published is not None
        assert not any(MARKUP.search(paragraph) for paragraph in article.paragraphs)


def test_the_shared_feeds_load_as_a_corpus_without_their_licences() -> None:
    loaded, skipped = load_corpus(FEEDS)
    assert len(loaded) == sum(count for count, _ in SHARED_FEEDS.values())
    assert {item.id for item in skipped} == {"feedjira/LICENSE", "photojournalism/LICENSE"}


def test_a_blank_line_before_the_xml_declaration_is_tolerated() -> None:
    head = (FEEDS / "feedjira/TechCrunch.xml").read_bytes()[:1]
    assert head == b"\n"  # one of the four shared feeds that start so
    found = articles(
        parse(rss(item("https://e.com/1", "One", summary="Text."), head="\n"), "f.xml")
    )
    assert [article.title for article in found] == ["One"]


def test_full_content_is_preferred_and_summary_only_items_are_marked() -> None:
    feed = rss(
        item("https://e.com/1", "Full", summary="Short.", content="<p>First.</p><p>Second.</p>"),
        item("https://e.com/2", "Brief", summary="<p>Only this.</p>"),
    )
    full, brief = articles(parse(feed, "f.rss"))
    assert full.paragraphs == ("First.", "Second.") and not full.summary_only
    assert brief.paragraphs == ("Only this.",) and brief.summary_only
    assert full.byline == "Ann Lee" and full.source == "Example News"
    assert full.published == datetime(2023, 11, 6, 10, 0, tzinfo=UTC)


def test_feed_html_is_data_scripts_and_handlers_dropped_links_reduced_to_text() -> None:
    content = (
        '<p onclick="steal()">Read <a href="https://e.com/x">the report</a> now.</p>'
        "<script>alert('x')</script><style>p{color:red}</style>"
        '<iframe src="https://evil.example/"></iframe><p>[bold]kept[/bold] as typed</p>'
    )
    [article] = articles(parse(rss(item("g", "T", content=content)), "f.xml"))
    text = "\n".join(article.paragraphs)
    assert article.paragraphs == ("Read the report now.", "[bold]kept[/bold] as typed")
    for absent in ("alert", "color", "steal", "evil", "href", "<"):
        assert absent not in text


def test_undeclared_entities_and_a_wrong_encoding_are_read_tolerantly() -> None:
    feed = rss(item("g1", "One &mdash; two", summary="Caf&eacute; &nbsp;open"))
    data = feed.replace("Example News", "Caf\u00e9 News").encode("cp1252")  # says utf-8
    [article] = articles(parse(data, "f.xml"))
    assert article.title == "One \u2014 two"
    assert article.paragraphs == ("Caf\u00e9 open",)
    assert article.source == "Caf\u00e9 News"


def test_feed_item_ids_survive_an_item_added_at_the_top() -> None:
    old = rss(
        item("https://e.com/a", "A", summary="a."), item("https://e.com/b", "B", summary="b.")
    )
    new = rss(
        item("https://e.com/new", "New", summary="n."),
        item("https://e.com/a", "A", summary="a."),
        item("https://e.com/b", "B", summary="b."),
    )
    before = {a.title: a.id for a in articles(parse(old, "f.xml"))}
    after = {a.title: a.id for a in articles(parse(new, "f.xml"))}
    assert after["A"] == before["A"] and after["B"] == before["B"]
    assert len(set(after.values())) == 3 and all(i.startswith("f.xml#") for i in after.values())


def test_items_sharing_a_guid_still_get_distinct_ids() -> None:
    feed = rss(item("same", "A", summary="a."), item("same", "B", summary="b."))
    first, second = articles(parse(feed, "f.xml"))
    assert first.id != second.id and second.id == first.id + "-2"


def test_an_item_without_title_or_text_is_skipped_alone() -> None:
    feed = rss("<item><guid>empty</guid></item>", item("g", "Kept", summary="Text."))
    results = parse(feed, "f.xml")
    assert isinstance(results[0], Skipped) and "no title and no text" in results[0].reason
    assert isinstance(results[1], Article) and results[1].title == "Kept"


def test_xml_that_is_not_a_feed_is_skipped_with_that_reason() -> None:
    [result] = parse('<?xml version="1.0"?><svg><g/></svg>', "drawing.xml")
    assert isinstance(result, Skipped) and "not an RSS or Atom feed" in result.reason


def test_an_atom_feed_reads_entries_with_their_content() -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Daily</title>'
        "<entry><id>tag:a,2024:1</id><title>Entry</title><updated>2024-03-01T08:00:00Z</updated>"
        '<author><name>Bo Chen</name></author><link href="https://a.example/1"/>'
        '<content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry></feed>'
    )
    [article] = articles(parse(atom, "a.atom"))
    assert (article.title, article.byline, article.source) == ("Entry", "Bo Chen", "Atom Daily")
    assert article.paragraphs == ("Body text.",) and article.url == "https://a.example/1"


# Saved web pages


@pytest.mark.parametrize("path", sorted((PAGES / "trafilatura").glob("*.html")), ids=str)
def test_each_shared_english_page_becomes_one_article(path: Path) -> None:
    [article] = parse(path.read_bytes(), path.name)
    assert isinstance(article, Article), article
    assert article.kind == "web page"
    assert article.title and not article.title_derived
    assert article.source and article.url and article.url.startswith("http")
    assert article.word_count >= 150
    text = article.body
    assert "<script" not in text and "function(" not in text and "</" not in text


def test_pages_of_the_gold_set_give_title_text_and_url() -> None:
    gold = json.loads((PAGES / "scrapinghub_aeb" / "ground-truth.json").read_text("utf-8"))
    names = sorted(gold)[::12]  # a spread of 16 pages from many sites and languages
    with_url = 0
    for name in names:
        path = PAGES / "scrapinghub_aeb" / "html" / f"{name}.html.gz"
        [article] = parse(path.read_bytes(), path.name)
        assert isinstance(article, Article), article
        assert article.title and article.paragraphs
        with_url += bool(article.url)
    assert with_url >= 0.8 * len(names)


PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:site_name" content="Daily Example">
<link rel="canonical" href="https://daily.example/story">
<script>document.write('tracker')</script><style>body{{color:red}}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1><p class="byline">By Ann Lee</p>
<figure><img src="x.jpg" onerror="steal()"><figcaption>The harbour at dawn.</figcaption></figure>
{paragraphs}</article>
<div class="cookie-banner">We use cookies. Accept all cookies?</div>
<footer>Copyright Daily Example. All rights reserved.</footer></body></html>"""


def page(title: str, paragraphs: list[str]) -> str:
    return PAGE.format(title=title, paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))


STORY = [
    "The harbour authority said on Monday that the new breakwater would be finished by spring, "
    "two years later than first planned, after storms damaged the half-built wall twice.",
    "Engineers blamed the delay on a shortage of granite and on the <a href='/x'>weather</a>, "
    "and said the cost had risen by a third since the work began in the autumn.",
    "Fishermen who use the harbour welcomed the news but said they had lost boats and nets "
    "to the swell that the wall is meant to stop, and asked for help with their losses.",
]


def test_a_page_gives_its_text_and_metadata_and_never_its_markup() -> None:
    [article] = parse(page("Breakwater Late Again", STORY), "story.html")
    assert isinstance(article, Article), article
    assert article.title == "Breakwater Late Again"
    assert article.url == "https://daily.example/story"
    assert article.source == "Daily Example"
    assert article.captions == ("The harbour at dawn.",)
    assert any("weather" in paragraph for paragraph in article.paragraphs)
    text = article.body
    for absent in ("tracker", "color", "steal", "Accept all cookies", "href"):
        assert absent not in text


def test_a_not_found_page_is_skipped_with_that_reason() -> None:
    [result] = parse(page("404 Not Found", ["Sorry, this page could not be found."]), "x.htm")
    assert isinstance(result, Skipped) and "not found" in result.reason


def test_a_page_without_text_is_skipped() -> None:
    [result] = parse("<html><body><nav><a href='/'>Home</a></nav></body></html>", "x.html")
    assert isinstance(result, Skipped) and "no article text" in result.reason


# Gzipped files of every kind


def plain_versions() -> dict[str, bytes]:
    record = {"title": "Gzip Works", "body": "Once unpacked.", "url": "https://e.com/g"}
    return {
        "a.txt": b"Gzip Works\n\nOnce unpacked, the text is read.\n",
        "a.md": b"# Gzip Works\n\nOnce unpacked, the text is read.\n",
        "a.json": json.dumps(record).encode(),
        "a.jsonl": (json.dumps(record) + "\n" + json.dumps({**record, "url": "u2"})).encode(),
        "a.html": page("Breakwater Late Again", STORY).encode(),
        "a.xml": rss(item("g", "Gzip Works", summary="Once unpacked.")).encode(),
    }


@pytest.mark.parametrize("name", sorted(plain_versions()))
def test_each_supported_type_reads_the_same_gzipped(name: str) -> None:
    data = plain_versions()[name]
    plain = parse(data, name)
    packed = parse(gzip.compress(data), name + ".gz")
    assert articles(plain) and len(articles(packed)) == len(articles(plain))
    for one, other in zip(articles(plain), articles(packed), strict=True):
        assert (one.title, one.paragraphs, one.kind) == (other.title, other.paragraphs, other.kind)
        assert other.id.startswith(name + ".gz")


def test_a_corrupt_gzip_stream_is_skipped_with_that_reason() -> None:
    packed = bytearray(gzip.compress(b"Title\n\n" + b"Some words here. " * 200))
    packed[30:60] = b"\xff" * 30
    [result] = parse(bytes(packed), "a.txt.gz")
    assert isinstance(result, Skipped) and "damaged gzip stream" in result.reason
    [cut] = parse(gzip.compress(b"Title\n\nText.\n" * 500)[:-20], "b.txt.gz")
    assert isinstance(cut, Skipped) and "damaged gzip stream" in cut.reason


def test_a_decompression_bomb_stops_at_the_limit() -> None:
    bomb = gzip.compress(b"\0" * (MAX_ARTICLE_BYTES + 4096), compresslevel=9)
    assert len(bomb) < MAX_ARTICLE_BYTES // 500
    [result] = parse(bomb, "bomb.txt.gz")
    assert isinstance(result, Skipped) and "too large once decompressed" in result.reason
    with pytest.raises(DamagedStream, match="too large"):
        gunzip(gzip.compress(b"x" * 5000), limit=4096)


def test_only_article_types_count_and_project_files_never_do(tmp_path: Path) -> None:
    for name in ("LICENSE", "README.md", "COPYING", "notes.gz", "photos.tar.gz", "a.html.gz"):
        (tmp_path / name).write_bytes(gzip.compress(b"x") if name.endswith(".gz") else b"x\n")
    found = {item.rel if isinstance(item, CorpusFile) else item.id: item for item in scan(tmp_path)}
    assert isinstance(found["a.html.gz"], CorpusFile)
    for name in ("LICENSE", "README.md", "COPYING", "notes.gz", "photos.tar.gz"):
        assert isinstance(found[name], Skipped), name


def test_the_doj_press_releases_open_directly_from_their_gzip_file() -> None:
    item = CorpusFile("articles.jsonl.gz", str(DOJ), DOJ.stat().st_size, 0)
    results = read_file(item)
    found = articles(results)
    assert len(found) == len(results) == 12_694
    assert len({article.id for article in found}) == 12_694
    assert all(article.kind == "json" and article.url for article in found[:100])


def test_jsonl_ids_from_urls_survive_a_line_added_at_the_top() -> None:
    rows = [{"title": t, "body": "x.", "url": f"https://e.com/{t}"} for t in ("a", "b")]
    old = "\n".join(json.dumps(row) for row in rows)
    new = json.dumps({"title": "n", "body": "n.", "url": "https://e.com/n"}) + "\n" + old
    before = {a.title: a.id for a in articles(parse(old, "f.jsonl"))}
    after = {a.title: a.id for a in articles(parse(new, "f.jsonl"))}
    assert before["a"] == after["a"] and before["b"] == after["b"]


# WARC archives, written here from the shared pages


def warc_archive(*, compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=compress)
    shared = sorted((PAGES / "trafilatura").glob("*.html"))[:2]

    def response(url: str, status: str, body: bytes, kind: str = "text/html") -> None:
        headers = StatusAndHeaders(
            status, [("Content-Type", f"{kind}; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"},
        )  # fmt: skip
        writer.write_record(record)

    request = writer.create_warc_record(
        "https://news.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
    )
    writer.write_record(request)
    for number, path in enumerate(shared):
        response(f"https://news.example/{number}", "200 OK", path.read_bytes())
    response("https://news.example/story", "200 OK", page("Breakwater Late Again", STORY).encode())
    response("https://news.example/gone", "404 Not Found", page("Gone", STORY).encode())
    response("https://news.example/logo.png", "200 OK", b"\x89PNG...", "image/png")
    return stream.getvalue()


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_a_warc_gives_its_html_pages_and_passes_over_the_rest(compress: bool) -> None:
    name = "crawl.warc.gz" if compress else "crawl.warc"
    results = parse(warc_archive(compress=compress), name)
    found = articles(results)
    assert len(found) == len(results) == 3
    assert all(article.kind == "warc page" for article in found)
    assert [a.id.startswith(name + "#") for a in found] == [True] * 3
    story = found[2]
    assert story.title == "Breakwater Late Again"
    assert story.url == "https://daily.example/story"  # the page's canonical URL
    assert story.published == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)  # crawl date: no other
    for article in found[:2]:
        assert article.word_count >= 150 and article.source


def test_a_damaged_warc_keeps_the_records_before_the_damage() -> None:
    archive = warc_archive(compress=False)
    cut = archive.index(b"WARC/1.0", archive.index(b"news.example/story")) - 1
    damaged = archive[:cut] + b"garbage, not a record\r\n"
    results = parse(damaged, "broken.warc")
    assert len(articles(results)) == 3
    assert isinstance(results[-1], Skipped) and "damaged archive" in results[-1].reason


# Through the index: ids survive re-indexing, and a page opens by its id


def test_reindexing_a_grown_feed_keeps_the_old_items_ids(tmp_path: Path) -> None:
    from tests.helpers import built_index, bump_mtime

    items = [
        item("https://e.com/a", "Walrus", summary="a."),
        item("https://e.com/b", "Narwhal", summary="b."),
    ]
    index = built_index(tmp_path, {"news.xml": rss(*items)})
    before = {summary.title: summary.id for summary in index.listing()}
    feed = tmp_path / "corpus" / "news.xml"
    feed.write_text(rss(item("https://e.com/n", "Dugong", summary="n."), *items), "utf-8")
    bump_mtime(feed)
    report = index.update()
    # Counted in articles: the new item is added, the two already there are read again.
    assert (report.added, report.updated) == (1, 2)
    after = {summary.title: summary.id for summary in index.listing()}
    assert after["Walrus"] == before["Walrus"] and after["Narwhal"] == before["Narwhal"]
    loaded = index.load_article(after["Narwhal"])
    assert isinstance(loaded, Article) and loaded.kind == "feed item"
    assert [hit.id for hit in index.search("dugong").hits] == [after["Dugong"]]
    index.close()


def test_one_article_of_a_big_file_is_read_without_the_others() -> None:
    rows = [
        {"title": f"T{n}", "body": f"Body {n}.", "url": f"https://e.com/{n}"} for n in range(50)
    ]
    data = "\n".join(json.dumps(row) for row in rows)
    every = articles(parse(data, "big.jsonl"))
    wanted = every[37].id
    [only] = parse_bytes(data.encode(), rel="big.jsonl", path=Path("big.jsonl"), only=wanted)
    assert isinstance(only, Article) and only == every[37]
    archive = warc_archive(compress=True)
    pages = articles(parse(archive, "c.warc.gz"))
    [page_only] = parse_bytes(archive, rel="c.warc.gz", path=Path("c.warc.gz"), only=pages[1].id)
    assert page_only == pages[1]
    assert (
        parse_bytes(data.encode(), rel="big.jsonl", path=Path("big.jsonl"), only="big.jsonl#x")
        == []
    )


def test_a_doj_release_opens_by_its_id_from_the_gzip_file() -> None:
    item = CorpusFile("articles.jsonl.gz", str(DOJ), DOJ.stat().st_size, 0)
    every = read_file(item)
    wanted = every[9_000]
    assert isinstance(wanted, Article)
    assert read_file(item, only=wanted.id) == [wanted]


def test_a_page_title_loses_the_site_name_pages_append_and_nothing_else() -> None:
    from tui.core.parsers.web_page import without_site_name

    title = "Berlin confronts its colonial past | DW | 19.01.2020"
    assert without_site_name(title, "DW.COM", "dw.com") == "Berlin confronts its colonial past"
    assert (
        without_site_name("Kit (with Kids) - The Anti-June Cleaver", "The Anti-June Cleaver", None)
        == "Kit (with Kids)"
    )
    assert (
        without_site_name("Trump - Biden debate recap", "CNN", "cnn.com")
        == "Trump - Biden debate recap"
    )
    assert (
        without_site_name("Opinion | Voters Wait", "NYTimes", "nytimes.com")
        == "Opinion | Voters Wait"
    )


def test_a_feed_photo_description_is_a_caption_not_the_article() -> None:
    found = articles(parse((FEEDS / "photojournalism/nytimes.xml").read_bytes(), "nytimes.xml"))
    first = found[0]
    assert first.summary_only
    assert first.paragraphs[0].startswith("Considered authoritarian and corrupt")
    assert first.captions == (
        "Gaza City. Hamas seized control of Gaza in 2007, after winning legislative "
        "elections the previous year.",
    )
    assert sum(article.summary_only for article in found) == 24


def test_a_cold_build_of_a_folder_of_pages_runs_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.index.updater as updater_module
    from tests.helpers import open_index, write_corpus
    from tui.core.parsers import reading_cost

    assert (reading_cost("a.html.gz"), reading_cost("f.xml"), reading_cost("a.txt")) == (16, 16, 1)
    pools: list[int] = []

    class RecordedPool(updater_module.WorkerPool):
        def __init__(self, count: int, *rest: object) -> None:
            pools.append(count)
            super().__init__(count, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(updater_module, "WorkerPool", RecordedPool)
    monkeypatch.setattr(updater_module.os, "cpu_count", lambda: 2)
    count = -(-updater_module.POOL_THRESHOLD // 16)  # few pages, but each is much work
    pages = {
        f"page-{n:02d}.html": page(f"Breakwater Story Number {n}", STORY) for n in range(count)
    }
    index = open_index(write_corpus(tmp_path, pages), tmp_path, entities="none")
    report = index.update()
    assert report.added == count and pools == [2]
    assert len(index.search('"breakwater story"').hits) == count
    index.close()


def test_a_page_without_a_title_takes_one_from_its_first_sentence() -> None:
    untitled = (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>"
    )
    [article] = articles(parse(untitled, "untitled.html"))
    assert article.title_derived
    assert article.title.startswith("The harbour authority said on Monday")


def test_the_listing_says_which_items_are_summary_only_across_a_reopen(tmp_path: Path) -> None:
    from tests.helpers import built_index
    from tui.core.index import ArticleIndex

    items = [
        item("https://e.com/a", "Walrus", summary="A short summary."),
        item("https://e.com/b", "Narwhal", content="<p>The whole story.</p><p>More.</p>"),
    ]
    index = built_index(tmp_path, {"news.xml": rss(*items)})
    first = {summary.title: summary.summary_only for summary in index.listing()}
    assert first["Walrus"] is True and first["Narwhal"] is False
    index.close()
    with ArticleIndex.open(tmp_path / "corpus", tmp_path / "index") as again:
        assert {s.title: s.summary_only for s in again.listing()} == first


def test_the_word_tables_for_site_names_are_cached_privately_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.parsers import source

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(source, "_SEGMENTER", None)
    source._segmented_name.cache_clear()
    assert source.source_from_url("https://www.themoscowtimes.com/a") == "The Moscow Times"
    [cached] = (tmp_path / "broadsheet").glob("wordsegment-*.marshal")
    assert cached.stat().st_mode & 0o777 == 0o600
    # A later process reads the cache; a damaged one is passed over, never trusted.
    for content in (cached.read_bytes(), b"\x00garbage"):
        cached.write_bytes(content)
        monkeypatch.setattr(source, "_SEGMENTER", None)
        source._segmented_name.cache_clear()
        assert source.source_from_url("https://www.themoscowtimes.com/b") == "The Moscow Times"
    source._segmented_name.cache_clear()
