"""Wires the course checks and generators to MkDocs events. Registered in mkdocs.yml `hooks:`.

on_config: load and check everything once, log every problem (so `--strict` fails), build the nav.
on_files: add modules/ to the site at modules/<id>/, and add the generated pages (trainers' pack,
slide decks and the service pages' Word documents too).
on_page_read_source: read a page that is not UTF-8 (reported by the checks) without stopping the build.
on_page_markdown: add module and guide headers, expand quiz and scenario markers and citations
(before mkdocs-quiz runs), link each service page to its Word document.
on_page_content: after mkdocs-quiz, label each quiz with its question id and link its shared assets.
on_page_context: keep the titles the hook escaped escaped in <title>.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # make the `hooks` package importable

from hooks import progress, quiz_assets, render, service_pages, slides, trainer_pack, word_documents
from hooks.course import Course, load_course
from hooks.service import load_service

# Must sit under the "mkdocs" logger, or strict mode does not count the warnings.
log = logging.getLogger("mkdocs.hooks.course")

_course: Course | None = None
_service_pages: dict[str, str] = {}
_word_documents: dict[str, bytes] = {}


def on_config(config):
    global _course, _service_pages, _word_documents
    root = Path(config.docs_dir).parent  # the course folder, also for a service's overlay config (INHERIT)
    _course, problems = load_course(root)
    for problem in problems.sorted():
        log.warning(str(problem))
    service, service_problems = load_service(Path(config.config_file_path), config.extra.get("service"), root)
    for problem in service_problems.sorted():
        log.warning(str(problem))
    _course.jurisdiction = service.jurisdiction if service else None  # law boxes open on the service's nation
    _service_pages = service_pages.pages(service, service_problems, _course)
    _word_documents = word_documents.documents(service, _service_pages)  # none while the settings have problems
    config.nav = render.nav_with_modules(config.nav, _course)
    config.nav = trainer_pack.nav_with_pack(config.nav, _course)
    return config


def on_files(files: Files, config) -> Files:
    root = _course.root
    for source, target in render.module_sites(_course):
        for path in sorted((root / source).rglob("*")):
            inside = path.relative_to(root / source).as_posix()
            if not path.is_file() or (path.suffix == ".md" and inside != "index.md"):
                continue  # a module has one page; other pages are reported by the checks
            dest = f"{target}/{'index.html' if inside == 'index.md' else inside}"
            files.append(File(path.relative_to(root).as_posix(), src_dir=str(root), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls, dest_uri=dest))
    page_urls = {file.src_uri: file.url for file in files}  # as MkDocs links them (use_directory_urls)
    generated = {
        render.COURSE_MAP_PAGE: render.course_map(_course),
        render.REFERENCES_PAGE: render.references_page(_course),
        render.GLOSSARY_PAGE: render.glossary_page(_course),
        progress.COURSE_DATA: progress.course_data_script(_course, config.site_name, page_urls.get),
        **quiz_assets.files(),
        **_service_pages,
        **_word_documents,
    }
    generated.update(trainer_pack.generated_pages(_course, config.site_url or ""))
    generated.update(slides.decks(_course, config.site_name, config.site_url or ""))
    for src, content in generated.items():
        files.append(File.generated(config, src, content=content))
    return files


def on_page_read_source(page, config) -> str | None:
    path = page.file.abs_src_path
    if path and Path(path) in _course.undecodable:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    return None  # MkDocs reads it


@event_priority(50)  # above mkdocs-quiz's default 0, so the quizzes made here are rendered by it
def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = trainer_pack.expand_trainer_page(markdown, page.file.src_uri, _course)
    markdown = word_documents.with_download_link(markdown, page.file.src_uri, _word_documents)
    expanded = render.expand_page(markdown, page.file.src_uri, _course)
    if "<quiz>" in expanded:
        page.meta.setdefault("quiz", {"enabled": True})
    module = _course.module_for_page(page.file.src_uri)
    if module is not None:  # the theme puts these in <head> as they are: escaped here
        page.meta["description"] = render.page_description(module)
        page.meta["title"] = render.page_title(module)
    return expanded


@event_priority(-50)  # below mkdocs-quiz's 0, so the quizzes are already rendered
def on_page_content(html: str, page, config, files) -> str:
    if 'class="quiz"' not in html:
        return html
    html = progress.quiz_noscript_note(progress.label_quizzes(html, _course.page_questions.get(page.file.src_uri, [])))
    return quiz_assets.drop_unused_sidebar(quiz_assets.link_shared_assets(html, page.url))


def on_page_context(context, page, config, nav):
    # The theme's <title> unescapes page titles (striptags) but prints meta titles as they are:
    # a title the hook escaped for the nav goes in as a meta title, so it stays text.
    if isinstance(page.title, Markup):
        page.meta.setdefault("title", page.title)
    return context


def on_post_page(output: str, page, config) -> str:
    # Material's search dialog has no accessible name (Lighthouse's aria-dialog-name audit).
    return output.replace('data-md-component="search" role="dialog">',
                          'data-md-component="search" role="dialog" aria-label="Search">', 1)
