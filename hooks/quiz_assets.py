"""Keep quiz pages light: mkdocs-quiz's CSS and JavaScript as shared files, and slimmer markup.

mkdocs-quiz 1.7 pastes about 55 KB of CSS and JavaScript into each page with questions, so a
browser downloads it again for every module. Published once under a content-hashed name, it is
downloaded once and cached. Its hidden progress sidebar (we show our own progress) is dropped too.
"""

from __future__ import annotations

import re
from hashlib import sha256

from mkdocs.utils import get_relative_url
from mkdocs_quiz import plugin as quiz_plugin


def _hashed(name: str, suffix: str, content: str) -> str:
    return f"assets/quiz/{name}.{sha256(content.encode()).hexdigest()[:8]}.{suffix}"


# quiz.js starts itself twice when Material's instant navigation opens a quiz page (two "Try
# again" buttons and two answer handlers per question): Material runs the page's scripts again,
# and the re-run both starts the quizzes directly and re-subscribes to document$, which replays
# the page. So: once quiz.js has subscribed, a re-run does nothing (the subscription starts every
# page); and where document$ exists, the subscription alone starts the page.
PATCHES = [
    ("(function () {",
     "(function () {\n  if (window._mkdocsQuizSubscription) return; // already started once: see hooks/quiz_assets.py"),
    ('if (document.readyState === "loading") {',
     'if (typeof document$ !== "undefined") {\n    // started by the document$ subscription below\n  } else '
     'if (document.readyState === "loading") {'),
]


def _start_once(script: str) -> str:
    for old, new in PATCHES:
        if script.count(old) != 1:
            raise RuntimeError("mkdocs-quiz's quiz.js has changed: review the start-up fix in hooks/quiz_assets.py")
        script = script.replace(old, new)
    return script


QUIZ_JS = _start_once(quiz_plugin.js_content)
CSS_FILE = _hashed("quiz", "css", quiz_plugin.style_content)
JS_FILE = _hashed("quiz", "js", QUIZ_JS)


def files() -> dict[str, str]:
    """Site path -> content of the shared quiz assets."""
    return {CSS_FILE: quiz_plugin.style_content, JS_FILE: QUIZ_JS}


UNUSED_SIDEBAR = re.compile(r'<div id="quiz-progress-sidebar".*?<nav id="quiz-progress-mobile".*?</nav>', re.S)


def drop_unused_sidebar(page_html: str) -> str:
    """mkdocs-quiz adds a hidden progress sidebar to every quiz page; it only shows it with
    show_progress, which is off because the course shows its own progress."""
    return UNUSED_SIDEBAR.sub("", page_html, count=1)


def link_shared_assets(page_html: str, page_url: str) -> str:
    """Replace the inline copies with links to the shared files. The script stays a plain
    (not deferred) script where the inline one was, so mkdocs-quiz starts up exactly as before."""
    css = get_relative_url(CSS_FILE, page_url)
    js = get_relative_url(JS_FILE, page_url)
    return (page_html
            .replace(quiz_plugin.style, f'<link rel="stylesheet" href="{css}">')
            .replace(quiz_plugin.js_script, f'<script src="{js}"></script>'))
