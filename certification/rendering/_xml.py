"""Safe XML parsing for SVG files: no DTD, no entities, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
SVG_ROOT_TAG = f"{{{SVG_NAMESPACE}}}svg"


class UnsafeXML(ValueError):
    """The document is not well-formed XML, or declares a DTD (the door to entity attacks)."""


def parse_svg_root(data: bytes) -> etree._Element:
    """Parse `data` and return its root element, which must be an SVG `<svg>` element.

    Entities are never resolved, nothing is fetched, and a document type declaration is refused
    outright (so neither internal-subset entity expansion nor external DTDs can play a part).
    Raises `UnsafeXML` with a short English reason (for logs; callers map it to their error).
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser=parser))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnsafeXML(f"not well-formed XML: {exc}") from exc
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXML("document type declarations are not allowed")
    root = tree.getroot()
    if root.tag != SVG_ROOT_TAG:
        raise UnsafeXML("the root element is not <svg> in the SVG namespace")
    return root


def serialize(root: etree._Element) -> bytes:
    """The element as a standalone UTF-8 XML document with an XML declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
