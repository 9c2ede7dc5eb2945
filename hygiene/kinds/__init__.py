"""The check kinds rule packs can use. A kind is a mechanism; packs supply its data."""

from .block import BlockRule
from .glossary import GlossaryRule
from .glued import GluedRule
from .line import LineRule
from .span import SpanRule

KINDS = {
    "line": LineRule,
    "block": BlockRule,
    "span": SpanRule,
    "glossary": GlossaryRule,
    "glued": GluedRule,
}
