"""FTS5-style search queries (what the Store methods take, see match_query) as PostgreSQL tsquery text.

Words match whole tokens, ``word*`` a prefix, ``"a phrase"`` adjacent words; AND, OR, NOT and
parentheses as in FTS5 (NOT binds tighter than AND, AND tighter than OR; adjacent terms are ANDed).
NEAR(a b, N) becomes a plain AND, and column filters (``title:word``) search every column: PostgreSQL's
text search has neither.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"(?:[^"]|"")*")(?P<pstar>\*)?|(?P<punct>[()^,])|(?P<word>[^\s()"^,]+))')
_WORD = re.compile(r"[^\W_]+")
_COLUMN = re.compile(r"^\w+:(?=.)")


def _lexemes(text: str) -> list[str]:
    """The tokens FTS5's unicode61 tokenizer would index for ``text``: runs of letters and digits, lowercased."""
    return [w.casefold() for w in _WORD.findall(text)]


def _term(words: list[str], *, prefix: bool) -> str:
    parts = [f"'{w}'" for w in words]
    if prefix:
        parts[-1] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(query):
            found = _TOKEN.match(query, position)
            if found is None or found.end() == position:
                break
            position = found.end()
            if found["phrase"] is not None:
                self.tokens.append(("term", found["phrase"][1:-1].replace('""', '"') + ("*" if found["pstar"] else "")))
            elif found["punct"] is not None:
                self.tokens.append((found["punct"], found["punct"]))
            elif found["word"] is not None:
                word = found["word"]
                if word in ("AND", "OR", "NOT"):
                    self.tokens.append((word, word))
                elif word.startswith("NEAR") and word[4:] in ("", "/"):
                    self.tokens.append(("NEAR", word))
                else:
                    self.tokens.append(("term", _COLUMN.sub("", word)))
        if query[position:].strip():
            raise ValueError("unterminated phrase")
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def fail(self, why: str) -> ValueError:
        return ValueError(why)

    def expr(self) -> str:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def and_expr(self) -> str:
        parts = [self.not_expr()]
        while self.peek() in ("AND", "term", "(", "NEAR", "^"):
            if self.peek() == "AND":
                self.take()
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def not_expr(self) -> str:
        result = self.primary()
        while self.peek() == "NOT":
            self.take()
            result = f"({result} & !{self.primary()})"
        return result

    def primary(self) -> str:
        kind = self.peek()
        if kind is None:
            raise self.fail("a word is missing")
        if kind == "^":  # FTS5's "at the start of the column": not expressible, the word alone is kept
            self.take()
            return self.primary()
        if kind == "NEAR":
            self.take()
            if self.peek() != "(":
                raise self.fail("NEAR needs parentheses")
            self.take()
            terms = []
            while self.peek() == "term":
                terms.append(self.term())
            if self.peek() == ",":
                self.take()
                if self.peek() == "term" and self.tokens[self.at][1].isdigit():
                    self.take()
            if self.peek() != ")" or not terms:
                raise self.fail("unbalanced NEAR( ... )")
            self.take()
            return terms[0] if len(terms) == 1 else "(" + " & ".join(terms) + ")"
        if kind == "(":
            self.take()
            inner = self.expr()
            if self.peek() != ")":
                raise self.fail("unbalanced parentheses")
            self.take()
            return inner
        if kind == "term":
            return self.term()
        raise self.fail(f"unexpected {self.tokens[self.at][1]!r}")

    def term(self) -> str:
        _, text = self.take()
        prefix = text.endswith("*")
        words = _lexemes(text)
        if not words:
            raise self.fail(f"{text!r} has no word to search for")
        return _term(words, prefix=prefix)


def tsquery(query: str) -> str:
    """The to_tsquery text (for the 'simple' configuration) of an FTS5-style query; ValueError, saying why,
    when the query cannot be read (unbalanced parentheses or quotes, an operator without operands, no word)."""
    parser = _Parser(query)
    result = parser.expr()
    if parser.peek() is not None:
        raise parser.fail(f"unexpected {parser.tokens[parser.at][1]!r}")
    return result
