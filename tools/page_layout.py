"""How a page uses the screen, measured in the browser: for the organizer's browser tests and
`make screenshots` alike.

A "column of sentences" is a table cell, list item, paragraph, caption or grid cell inside
<main> whose own text has at least three words: labels, context and explanations. Numbers
(`.num`), charts and form controls are not sentences, and neither is anything hidden.
"""

from dataclasses import dataclass

SENTENCE_MIN_WIDTH = 240  # px: narrower, a sentence breaks every word or two
CONTENT_SHARE = 0.85  # of the window's width, at 1280 px

_MEASURE = """() => {
  const main = document.querySelector('main');
  const style = getComputedStyle(main);
  const content = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const words = e => [...e.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
      .map(n => n.textContent).join(' ').trim().split(/\\s+/).filter(w => /\\p{L}/u.test(w)).length;
  let narrowest = null;
  for (const e of main.querySelectorAll('td, th, li, p, dd, figcaption, section')) {
    if (e.closest('.num, svg, .hp')) continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !e.checkVisibility()) continue;
    if (words(e) < 3) continue;
    if (narrowest === null || box.width < narrowest.width) {
      narrowest = {width: box.width, text: e.tagName.toLowerCase()
          + (e.className ? '.' + e.className : '')
          + (e.closest('table') ? ' in table.' + e.closest('table').className : '') + ' '
          + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)};
    }
  }
  return {height: document.documentElement.scrollHeight, window: window.innerWidth,
          content: content, narrowest: narrowest};
}"""


@dataclass(frozen=True)
class Layout:
    height: int  # px, the whole page
    window: int  # px, the window's width
    content: float  # px, the width of <main>'s content
    narrowest: float | None  # px, the narrowest column of sentences
    narrowest_text: str

    @property
    def content_share(self) -> float:
        return self.content / self.window

    def line(self, name: str) -> str:
        narrowest = (f"{self.narrowest:.0f} px ({self.narrowest_text!r})"
                     if self.narrowest is not None else "none")
        return (f"{name}: {self.height} px high, content {self.content:.0f} px "
                f"({self.content_share:.0%} of {self.window}), narrowest column of sentences "
                f"{narrowest}")


def measure(page) -> Layout:
    """The layout of the page a Playwright `page` shows now."""
    found = page.evaluate(_MEASURE)
    narrowest = found["narrowest"]
    return Layout(found["height"], found["window"], found["content"],
                  narrowest["width"] if narrowest else None,
                  narrowest["text"] if narrowest else "")
