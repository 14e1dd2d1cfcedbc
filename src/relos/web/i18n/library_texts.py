"""A library's own error text that a refusal carries as a particular (why a JSON or TOML file, a CSV row, a date
or a number could not be read: `not valid JSON: {msg}`) said in the page's language, so that a Russian sentence
does not end in Python's English. The texts of the standard library's `json`, `tomllib`, `csv`, `datetime`,
`decimal` and `int`/`float` readers and of UTF-8 decoding are matched (catalogue `library.<kind>`, with what the
text names, e.g. the line and column); any other stays as the library wrote it."""

from __future__ import annotations

import re

from relos.services import locale_format as fmt
from relos.web.i18n.page import Page

#: (pattern, catalogue kind); a named group is a particular of the sentence.
KNOWN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"Expecting value", "json_expecting_value"),
        (r"Expecting property name enclosed in double quotes", "json_property_name"),
        (r"Expecting '(?P<mark>[,:])' delimiter", "json_delimiter"),
        (r"Unterminated string starting at", "json_unterminated"),
        (r"Extra data", "json_extra_data"),
        (r"Invalid control character at", "json_control_character"),
        (r"Invalid \\escape", "json_escape"),
        (r"Expected '=' after a key in a key/value pair", "toml_expected_equals"),
        (r"Expected '(?P<mark>[^']+)' at the end of (?:a table|an array of tables) declaration", "toml_table_end"),
        (r"Unclosed array", "toml_unclosed_array"),
        (r"Unclosed inline table", "toml_unclosed_table"),
        (r"Illegal character", "toml_illegal_character"),
        (r"Invalid value", "toml_invalid_value"),
        (r"Invalid statement", "toml_invalid_statement"),
        (r"Unterminated string", "toml_unterminated"),
        (r"Cannot (?:overwrite a value|declare .* twice)", "toml_overwrite"),
        (r"Expected newline or end of document after a statement", "toml_newline"),
        (r"field larger than field limit \((?P<limit>\d+)\)", "csv_field_limit"),
        (r"unexpected end of data", "csv_unterminated"),
        (r"new-line character seen in unquoted field", "csv_newline"),
        (r"Invalid isoformat string: '(?P<text>.*)'", "date_iso"),
        (r"month must be in 1\.\.12", "date_month"),
        (r"day is out of range for month", "date_day"),
        (r"year -?\d+ is out of range", "date_year"),
        (r"hour must be in 0\.\.23", "date_hour"),
        (r"minute must be in 0\.\.59", "date_minute"),
        (r"\[<class 'decimal\.(?:ConversionSyntax|InvalidOperation)'>\]", "decimal_syntax"),
        (r"could not convert string to float: '(?P<text>.*)'", "float_parse"),
        (r"invalid literal for int\(\) with base 10: '(?P<text>.*)'", "int_parse"),
        (r"'utf-8' codec can't decode byte (?P<byte>0x[0-9a-f]{2}) in position (?P<position>\d+)", "not_utf8"),
    )
)
#: Where a library says where in the text it stopped: json's "line 3 column 5 (char 20)", tomllib's
#: "(at line 3, column 5)" or "(at end of document)".
AT = re.compile(r":? ?\(?(?:at )?line (?P<line>\d+),? column (?P<column>\d+)(?: \(char \d+\))?\)?$")


def said(text: str, page: Page) -> str:
    """`text`, a library's error, in the page's language; as it is when it is none the catalogue knows."""
    for pattern, kind in KNOWN:
        found = pattern.match(text)
        if found is None:
            continue
        what = page.say(f"library.{kind}", **{k: v for k, v in found.groupdict().items() if v is not None})
        rest = text[found.end() :]
        if rest.endswith("(at end of document)"):
            return page.say("library.at_end", what=what)
        at = AT.search(rest)
        if at is None:
            return what
        line, column = (fmt.number(int(at[n]), page.lang) for n in ("line", "column"))
        return page.say("library.at_line_column", what=what, line=line, column=column)
    return text
