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


CSS_FILE = _hashed("quiz", "css", quiz_plugin.style_content)
JS_FILE = _hashed("quiz", "js", quiz_plugin.js_content)


def files() -> dict[str, str]:
    """Site path -> content of the shared quiz assets."""
    return {CSS_FILE: quiz_plugin.style_content, JS_FILE: quiz_plugin.js_content}


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
