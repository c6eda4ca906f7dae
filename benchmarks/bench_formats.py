"""Formats benchmark: text extraction quality on the saved news pages, ingest speed per format.

    python benchmarks/bench_formats.py [--n 500] [--formats txt,html,...] [--out FILE]

1. Extraction: for every page of ``tests/data/formats/pages`` (news pages with
   navigation, cookie banner, share bar, comments, related articles, newsletter box and
   footer), the share of the article's sentences recovered as article text and the share
   of the boilerplate sentences that leak into the article, as ``expected.yaml`` lists
   them sentence by sentence. Ingest's reading (trafilatura with precision, captions
   read from the page) is shown beside trafilatura's plain text at its default and
   with ``favor_precision``, and beside every word of the page's ``<body>``.
2. Throughput: ``gen_corpus.py`` articles (``--n``, seed 7), each converted to every
   format (one page per article; one JSONL, CSV, RSS file for all; a zip of the text
   files; a gzipped JSONL), with a publication date, URL and author; then per format
   the time to read and parse every article (no spaCy), and the time of a whole
   ``ingest`` into a fresh data directory (spaCy, facts, chroma writes), in articles/s.
Writes Markdown to ``--out`` (benchmarks/results/formats.md).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAGES = ROOT / "tests" / "data" / "formats" / "pages"
FORMATS = ["txt", "html", "jsonl", "csv", "rss", "zip", "jsonl.gz"]
FIRST_DAY = date(2014, 1, 6)


# -- 1. extraction quality -------------------------------------------------------------------


def _fold(text: str) -> str:
    from store.formats.identity import fingerprint

    return f" {fingerprint(text)} "


def _share(sentences: list[str], text: str) -> tuple[int, int]:
    folded = _fold(text)
    return sum(1 for s in sentences if _fold(s) in folded), len(sentences)


def _ingest_reading(path: Path) -> tuple[str, str]:
    """(article text, every text kept) as ingest stores the page."""
    from store.parse import load_article

    article = load_article(path)
    own = "\n".join(p.text for p in article.paragraphs if p.kind in ("lead", "body"))
    return own, article.text


def _captions(path: Path) -> list[str]:
    from store.parse import load_article

    return [p.text for p in load_article(path).paragraphs if p.kind == "caption"]


def _trafilatura(precision: bool) -> Any:
    def read(path: Path) -> tuple[str, str]:
        import trafilatura

        text = trafilatura.extract(
            path.read_text("utf-8"),
            favor_precision=precision,
            include_comments=False,
            include_tables=False,
        )
        return text or "", text or ""

    return read


def _whole_body(path: Path) -> tuple[str, str]:
    import lxml.html

    body = lxml.html.fromstring(path.read_text("utf-8")).find("body")
    text = body.text_content() if body is not None else ""
    return text, text


READERS = {
    "ingest (trafilatura, precision, captions from the page)": _ingest_reading,
    "trafilatura.extract, default": _trafilatura(False),
    "trafilatura.extract, favor_precision": _trafilatura(True),
    "every word of <body> (no extraction)": _whole_body,
}


def extraction() -> list[str]:
    expected: dict[str, dict[str, Any]] = yaml.safe_load(
        (PAGES / "expected.yaml").read_text("utf-8")
    )
    lines = [
        "## Text extraction on the saved news pages",
        "",
        f"{len(expected)} pages of `tests/data/formats/pages`, "
        f"{sum(len(e['article']) for e in expected.values())} article sentences and "
        f"{sum(len(e['boilerplate']) for e in expected.values())} boilerplate sentences "
        "listed by hand in `expected.yaml`. Recovered: an article sentence found in the "
        "article text; leaked: a boilerplate sentence found anywhere in what is kept.",
        "",
        "| reader | article sentences recovered | boilerplate leaked |",
        "|---|---:|---:|",
    ]
    per_page: list[str] = []
    for label, read in READERS.items():
        got = lost = leaked = listed = 0
        for name, page in sorted(expected.items()):
            own, kept = read(PAGES / name)
            found, total = _share(page["article"], own)
            leak, shown = _share(page["boilerplate"], kept)
            got, lost, leaked, listed = got + found, lost + total, leaked + leak, listed + shown
            if label.startswith("ingest"):
                kept_captions = _captions(PAGES / name)
                right = sum(1 for c in page["captions"] if c in kept_captions)
                per_page.append(
                    f"| `{name}` | {found}/{total} | {leak}/{shown} "
                    f"| {right}/{len(page['captions'])} |"
                )
        lines.append(
            f"| {label} | {got}/{lost} ({got / lost:.0%}) | {leaked}/{listed} "
            f"({leaked / listed:.0%}) |"
        )
    lines += ["", "Per page, as ingest reads it (captions: the page's photo captions stored as "]
    lines[-1] += "captions, not as article text):"
    lines += ["", "| page | recovered | leaked | captions |", "|---|---:|---:|---:|", *per_page]
    return lines


# -- 2. throughput ------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    stem: str
    title: str
    lead: str
    body: list[str]
    captions: list[str]
    published: str
    url: str
    author: str


def _sources(corpus: Path) -> list[Source]:
    from store.parse import load_article

    out = []
    for n, path in enumerate(sorted(corpus.glob("*.txt"))):
        a = load_article(path)
        kinds = [(p.kind, p.text) for p in a.paragraphs]
        out.append(
            Source(
                stem=path.stem,
                title=a.title,
                lead=next((t for k, t in kinds if k == "lead"), ""),
                body=[t for k, t in kinds if k == "body"],
                captions=[t for k, t in kinds if k == "caption"],
                published=(FIRST_DAY + timedelta(days=n)).isoformat(),
                url=f"https://bench.example/{FIRST_DAY.year + n // 365}/{path.stem}",
                author="Rédaction",
            )
        )
    return out


_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title} – Le Banc d'essai</title>
<meta property="og:url" content="{url}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T08:00:00+07:00"></head>
<body><div class="cookie-banner">Nous utilisons des cookies. <button>J'accepte</button></div>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li>
<li><a href="/economie">Économie</a></li></ul></nav>
<main><article><h1>{title}</h1><p class="byline">Par {author},
<time datetime="{published}">{published}</time></p>
<div class="share"><a href="#">Partager sur Facebook</a> <a href="#">Twitter</a></div>
<p class="lead"><strong>{lead}</strong></p>
{figures}
{body}
</article>
<aside class="related"><h2>À lire aussi</h2><ul><li><a href="/a">Un autre article du jour</a></li>
<li><a href="/b">Le marché de l'or recule</a></li></ul></aside>
<section class="comments"><h3>Commentaires</h3><p>Lecteur : Très intéressant, merci.</p></section>
</main><footer><p>© Le Banc d'essai. Tous droits réservés.</p>
<a href="/mentions">Mentions légales</a></footer></body></html>
"""


def _page(s: Source) -> str:
    esc = html.escape
    figures = "\n".join(
        f'<figure><img src="/img/{s.stem}-{i}.jpg" alt=""><figcaption>{esc(c)}</figcaption>'
        "</figure>"
        for i, c in enumerate(s.captions)
    )
    return _PAGE.format(
        title=esc(s.title),
        url=s.url,
        author=esc(s.author),
        published=s.published,
        lead=esc(s.lead),
        figures=figures,
        body="\n".join(f"<p>{esc(p)}</p>" for p in s.body),
    )


def _record(s: Source) -> dict[str, Any]:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in s.body)
    return {
        "id": s.stem,
        "title": s.title,
        "summary": s.lead,
        "body": paragraphs,
        "published_at": f"{s.published}T08:00:00+07:00",
        "url": s.url,
        "author": s.author,
    }


def _rss(sources: list[Source]) -> str:
    items = []
    for s in sources:
        r = _record(s)
        stamp = datetime.fromisoformat(s.published).strftime("%a, %d %b %Y 08:00:00 +0700")
        content = f"<p>{html.escape(s.lead)}</p>{r['body']}"
        items.append(
            f"<item><title>{html.escape(s.title)}</title><link>{s.url}</link>"
            f"<guid>{s.url}</guid><pubDate>{stamp}</pubDate>"
            f"<dc:creator>{s.author}</dc:creator>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Banc d\'essai</title>'
        "<link>https://bench.example/</link><description>Fil</description>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )


def write_format(fmt: str, corpus: Path, sources: list[Source], folder: Path) -> Path:
    """The corpus in one format under `folder`; returns what to ingest."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "txt":
        return corpus
    if fmt == "html":
        for s in sources:
            (folder / f"{s.stem}.html").write_text(_page(s), "utf-8")
        return folder
    lines = "\n".join(json.dumps(_record(s), ensure_ascii=False) for s in sources)
    if fmt == "jsonl":
        (folder / "export.jsonl").write_text(lines, "utf-8")
    elif fmt == "jsonl.gz":
        (folder / "export.jsonl.gz").write_bytes(gzip.compress(lines.encode("utf-8")))
    elif fmt == "csv":
        with open(folder / "export.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(_record(sources[0])))
            writer.writeheader()
            writer.writerows(_record(s) for s in sources)
    elif fmt == "rss":
        (folder / "feed.rss").write_text(_rss(sources), "utf-8")
    elif fmt == "zip":
        with zipfile.ZipFile(folder / "corpus.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(corpus.glob("*.txt")):
                bundle.write(path, path.name)
    return folder


def read_only(path: Path) -> tuple[int, int, float]:
    """(articles, failures, seconds) to read and parse every article, without spaCy."""
    from store.errors import ArticleError
    from store.formats import article_files, read_documents
    from store.parse import parse_document

    start = time.perf_counter()
    ok = bad = 0
    for file in article_files([path]):
        for doc in read_documents(file):
            if isinstance(doc, ArticleError):
                bad += 1
                continue
            try:
                parse_document(doc)
                ok += 1
            except ArticleError:
                bad += 1
    return ok, bad, time.perf_counter() - start


def full_ingest(path: Path, data: Path, vectors: Path) -> tuple[int, int, float]:
    from store.ingest import ingest
    from store.store import Store

    store = Store.open(data, vectors_dir=vectors)
    start = time.perf_counter()
    report = ingest(store, [path])
    return len(report.added), len(report.failed), time.perf_counter() - start


def throughput(n: int, formats: list[str], work: Path) -> list[str]:
    from store.embeddings import vector_table
    from store.formats import article_files

    corpus = work / f"corpus-{n}"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), "--n", str(n)]
        + ["--seed", "7", "--out", str(corpus)],
        check=True,
        capture_output=True,
    )
    sources = _sources(corpus)
    vectors = work / "vectors"
    vector_table(cache_dir=vectors)
    # The spaCy model is loaded once per process: loaded here, so no format pays for it.
    warm = work / "warm"
    warm.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:3]:
        (warm / path.name).write_bytes(path.read_bytes())
    full_ingest(warm, work / "data-warm", vectors)
    lines = [
        f"## Ingest throughput per format, {n} articles",
        "",
        f"`gen_corpus.py --n {n} --seed 7`, each article converted to the format (see the "
        "module docstring). *Read* is reading and parsing every article (decoding, "
        "extraction, repair, sentences), no spaCy; *ingest* is the whole `ingest` into a "
        "fresh embedded store, one run each, the vector cache built and the spaCy model "
        "loaded beforehand. `txt` and `zip` (of the `.txt` files) keep each article's "
        "« Voir plus » teasers, which ingest also analyses; the other formats carry the "
        "article alone, as a CMS exports it.",
        "",
        "| format | files | articles | failed | read: s | read: articles/s "
        "| ingest: s | ingest: articles/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt in formats:
        path = write_format(fmt, corpus, sources, work / fmt)
        files = len(article_files([path]))
        ok, bad, read_s = read_only(path)
        added, failed, ingest_s = full_ingest(path, work / f"data-{fmt}", vectors)
        lines.append(
            f"| {fmt} | {files} | {added} | {failed} | {read_s:.2f} | {ok / read_s:,.0f} "
            f"| {ingest_s:.1f} | {added / ingest_s:.1f} |"
        )
        print(lines[-1], flush=True)
        if ok != added or bad != failed:
            lines.append(f"|  | (read found {ok} articles and {bad} failures) |||||||")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "formats.md")
    args = parser.parse_args()
    import os
    import platform

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = f"python benchmarks/bench_formats.py --n {args.n}"
    if args.formats != ",".join(FORMATS):
        command += f" --formats {args.formats}"
    head = [
        "# Formats benchmark",
        "",
        f"Command: `{command}`  ",
        f"Date: {stamp}, host: {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
    ]
    body = extraction()
    print("\n".join(body), flush=True)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        body += ["", *throughput(args.n, args.formats.split(","), Path(tmp))]
    body += [
        "",
        f"Load average (1 min) at the start and end of the throughput run: "
        f"{load_before:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.",
    ]
    args.out.write_text("\n".join(head + body) + "\n", "utf-8")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
