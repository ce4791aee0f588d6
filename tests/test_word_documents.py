"""The service pages as Word documents: opened with python-docx, they have the page's headings as
Heading styles, write-in fields as tables, the settings as plain text, A4 pages with the service's
name and page numbers in the footer, no citations or course links; none while the settings have problems."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import docx
import pytest
from conftest import ROOT, mkdocs_build
from docx.oxml.ns import qn
from mkdocs.utils.yaml import get_yaml_loader, yaml_load
from test_service import SERVICE_NAV, VALID, with_service

from hooks import service_pages, word_documents
from hooks.course import Course, load_course
from hooks.schema import URL_SCHEMES
from hooks.service import COMMITMENTS, WORDING, load_service
from hooks.templating import one_line

NOTICE = "Example: replace with your own service's details"
LINK_TEXT = "Download for editing (Word)"
HOSTILE_NAME = '<b>&amp;</b> "Quoted" *stars* [@ser-family-support-network]'
HOSTILE_OWNER = "<i>&lt;Manager&gt;</i> | \"lead\""


def built(config: Path, root: Path, course: Course | None = None):
    """(pages, documents) as the build makes them from `config`'s settings."""
    with open(config, "rb") as fd:
        settings = yaml_load(fd, get_yaml_loader()).get("extra", {}).get("service")
    service, problems = load_service(config, settings, root)
    pages = service_pages.pages(service, problems, course or load_course(root)[0])
    return pages, word_documents.documents(service, pages)


def opened(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    """Every paragraph's text, in the body, its tables and the footers, whitespace collapsed."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.footer.paragraphs]
    return one_line(" ".join(parts))


def for_sample(sample, block: str = VALID):
    config = with_service(sample, block)
    return built(config, sample.root)


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(ROOT)[0]


@pytest.fixture(scope="module")
def real(course):
    """The real course's example service: its pages and documents."""
    return built(ROOT / "mkdocs.yml", ROOT, course)


def test_every_service_page_has_a_word_document(real):
    pages, documents = real
    assert set(documents) == {word_documents.document_path(src) for src in pages} and len(documents) == len(pages)
    for path, data in documents.items():
        assert path.startswith("service/") and path.endswith(".docx")
        assert opened(data).paragraphs, path


def test_pages_are_a4_with_the_service_and_page_numbers_in_every_footer(real):
    _, documents = real
    with open(ROOT / "mkdocs.yml", "rb") as fd:
        name = yaml_load(fd, get_yaml_loader())["extra"]["service"]["name"]
    for path, data in documents.items():
        for section in opened(data).sections:
            assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297, path
            assert all(15 <= margin.mm <= 25 for margin in (section.left_margin, section.right_margin,
                                                            section.top_margin, section.bottom_margin)), path
            footer = section.footer
            assert name in footer.paragraphs[0].text and "Page" in footer.paragraphs[0].text, path
            fields = [code.text.strip() for code in footer._element.iter(qn("w:instrText"))]
            assert fields == ["PAGE", "NUMPAGES"], path


def test_headings_use_heading_styles(real):
    pages, documents = real
    for src, markdown in pages.items():
        paragraphs = opened(documents[word_documents.document_path(src)]).paragraphs
        assert (paragraphs[0].style.name, paragraphs[0].text) == ("Heading 1", service_pages.TITLES[src])
        wanted = [html.unescape(line[3:]) for line in markdown.splitlines() if line.startswith("## ")]
        assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == wanted, src
        assert not [p.text for p in paragraphs if p.text.startswith("#")], src


def two_column_rows(document) -> list[tuple[str, str]]:
    """(label, what is written in the other cell) for each row of each two-column table."""
    return [(row.cells[0].text, row.cells[1].text.strip()) for table in document.tables
            if len(table.columns) == 2 for row in table.rows]


def test_write_in_fields_and_signature_boxes_are_tables_with_an_empty_cell(real):
    pages, documents = real
    fields = 0
    for src, markdown in pages.items():
        labels = [html.unescape(label) for label in re.findall(r"<span>(.*?)</span>", markdown)]
        rows = two_column_rows(opened(documents[word_documents.document_path(src)]))
        assert [row for row in rows if row[0] in labels] == [(label, "") for label in labels], src
        fields += len(labels)
    assert fields, "the forms have write-in fields, so this test can fail"


def test_tick_lists_become_tick_boxes(real):
    pages, documents = real
    for src, markdown in pages.items():
        lists = re.findall(r'<div class="ticks" markdown>(.*?)</div>', markdown, re.S)
        items = sum(len(re.findall(r"^- ", block, re.M)) for block in lists)
        ticks = [p for p in opened(documents[word_documents.document_path(src)]).paragraphs if p.text.startswith("☐ ")]
        assert len(ticks) == items, src


def test_no_citations_and_no_links_to_the_course(real, course):
    pages, documents = real
    cited = False
    for src, markdown in pages.items():
        cited = cited or "[@" in markdown
        document = opened(documents[word_documents.document_path(src)])
        assert "[@" not in all_text(document) and "(@" not in all_text(document), src
        for relation in document.part.rels.values():
            if relation.is_external:
                assert urlsplit(relation.target_ref).scheme in URL_SCHEMES, relation.target_ref
                assert ".md" not in relation.target_ref and "modules/" not in relation.target_ref
    assert cited, "the pages cite their sources, so this test can fail"
    policy = opened(documents[word_documents.document_path(service_pages.POLICY)])
    for module in course.modules:
        assert module.meta.title in all_text(policy)  # the course is named, as text


def test_the_policy_has_each_commitment_made_and_no_other(sample):
    pages, documents = for_sample(sample)
    made = yaml_load(io.StringIO(VALID), get_yaml_loader())["extra"]["service"]["commitments"]
    policy = all_text(opened(documents[word_documents.document_path(service_pages.POLICY)]))
    assert made and len(made) < len(COMMITMENTS)
    for key, sentence in COMMITMENTS.items():
        assert (one_line(sentence) in policy) == (key in made), key


@pytest.mark.parametrize("levels", [[1, 2], [3], [1, 2, 3]])
def test_the_agreement_offers_the_levels_the_service_offers(sample, levels):
    block = VALID.replace("information_sharing_levels: [1, 2]", f"information_sharing_levels: {levels}")
    _, documents = for_sample(sample, block)
    agreement = opened(documents[word_documents.document_path(service_pages.AGREEMENT)])
    ticked = [p.text for p in agreement.paragraphs if p.text.startswith("☐ Level")]
    assert ticked == [f"☐ Level {n}: {WORDING['levels'][n]['name']}. {one_line(WORDING['levels'][n]['shared'])}"
                      for n in levels]


@pytest.mark.parametrize("example", [True, False])
def test_the_example_notice_is_in_every_document_only_while_example_is_true(sample, example):
    _, documents = for_sample(sample, VALID.replace("example: false", f"example: {str(example).lower()}"))
    assert documents
    for path, data in documents.items():
        assert (NOTICE in all_text(opened(data))) == example, path


def hostile(block: str = VALID) -> str:
    return (block.replace("name: Glenside Community Drug Service", f"name: '{HOSTILE_NAME}'")
            .replace("policy_owner: Team leader", f"policy_owner: '{HOSTILE_OWNER}'")
            .replace("emergency: Call 999 if a life is in danger.",
                     'emergency: "Call 999\\a now: <script>x</script> [link](javascript:x) - [x] done"'))


def test_text_from_the_settings_is_written_literally(sample):
    _, documents = for_sample(sample, hostile())
    for path, data in documents.items():
        document = opened(data)
        assert HOSTILE_NAME in all_text(document), path
        assert HOSTILE_NAME in document.sections[0].footer.paragraphs[0].text, path
    policy = all_text(opened(documents[word_documents.document_path(service_pages.POLICY)]))
    # A character XML cannot hold (\a) is left out; everything else stays as typed.
    assert "Call 999 now: <script>x</script> [link](javascript:x) - [x] done" in policy
    audit = opened(documents[word_documents.document_path(service_pages.SELF_AUDIT)])
    signature_rows = [[cell.text.strip() for cell in row.cells] for table in audit.tables for row in table.rows]
    assert [HOSTILE_OWNER, "", "", "", ""] in signature_rows  # a signature row for the policy's owner


def test_settings_with_a_problem_give_no_documents_and_no_links(sample):
    pages, documents = for_sample(sample, VALID.replace("    name: Glenside Community Drug Service\n", ""))
    assert pages and documents == {}
    for src, markdown in pages.items():
        assert word_documents.with_download_link(markdown, src, documents) == markdown


def test_each_page_gets_a_link_to_its_document_at_its_end(real):
    pages, documents = real
    for src, markdown in pages.items():
        linked = word_documents.with_download_link(markdown, src, documents)
        assert linked.startswith(markdown.rstrip("\n"))
        assert linked[len(markdown.rstrip("\n")):].lstrip().startswith(f"[{LINK_TEXT}](")


# Builds (the hostile text in a built site's documents: tests/test_safe_input.py) ------------------

def document_links(page: Path) -> list[str]:
    return re.findall(rf'<a href="([^"]+\.docx)">{re.escape(LINK_TEXT)}</a>', page.read_text())


def test_the_built_site_links_each_service_page_to_its_document(real_site, real):
    site, result = real_site
    assert result.returncode == 0, result.stdout + result.stderr
    pages, documents = real
    for src in pages:
        page = site / src.removesuffix(".md").removesuffix("index") / "index.html"
        page_url = "/" + page.relative_to(site).as_posix()
        [href] = document_links(page)
        target = urljoin(page_url, href).lstrip("/")
        assert target == word_documents.document_path(src), (src, href)
        assert opened((site / target).read_bytes()).paragraphs[0].text == service_pages.TITLES[src]
    assert len(list((site / "service").glob("*.docx"))) == len(documents)


def test_a_build_with_a_settings_problem_publishes_no_documents(sample, tmp_path):
    # Not strict (as `make serve` builds, so the pages are made): they show the problems, with no
    # documents and no links. tests/test_service.py checks that the strict build fails.
    config = with_service(sample, VALID.replace('review_date: "REVIEW"', 'review_date: "2001-01-01"'))
    sample.replace("mkdocs.yml", "  - Glossary: glossary.md\n", SERVICE_NAV)
    assert mkdocs_build(config, tmp_path / "site", strict=False).returncode == 0
    pages = list((tmp_path / "site" / "service").rglob("index.html"))
    assert len(pages) == len(service_pages.TITLES)
    assert list((tmp_path / "site").rglob("*.docx")) == []
    for page in pages:
        text = page.read_text()
        assert "service-incomplete" in text and "has passed" in text and LINK_TEXT not in text, page
