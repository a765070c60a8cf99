"""A REFI-QDA project (.qdpx): a zip of project.qde (QDA-XML, urn:QDA-XML:project:1.0) and Sources/*.txt.

Sources are the cleaned, private texts (one per document: its passages in order), so names and contact
details never leave the team. Codes are the codebook's codes and the themes (each under a parent code);
every passage is a PlainTextSelection coded with its codes and its primary theme. GUIDs are derived from
names (uuid5), so the same distillation exports the same project.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from lxml import etree

from ..records import write_zip
from ..render.safe import xml_text

NS = "urn:QDA-XML:project:1.0"
_ROOT = uuid.UUID("6f1c8c1e-3a53-4c1e-9a43-0c7d2a6a9b10")


def guid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "/".join(parts)))


def _el(parent, tag: str, text: str | None = None, **attrs):
    """A child element; attribute values and text pass through xml_text (no control characters in XML)."""
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", {k: xml_text(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = xml_text(text)
    return element


def build_project(name: str, codes: list[dict], themes: list[dict], documents: list[dict]) -> tuple[bytes, dict[str, str]]:
    """(project.qde bytes, {source file name: text}). documents: [{doc, title, segments: [(start, end, [code keys])], text}]."""
    user = guid(name, "user")
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS}, name=name, origin="lh learning-history pipeline",
                         creatingUserGUID=user)
    users = _el(root, "Users")
    _el(users, "User", guid=user, name="lh pipeline", id="LH")
    book = _el(_el(root, "CodeBook"), "Codes")
    code_guid: dict[str, str] = {}
    if codes:
        parent = _el(book, "Code", guid=guid(name, "codebook"), name="Codebook", isCodable="false")
        _el(parent, "Description", "Deductive codes from codebook.yaml")
        children = {c["name"]: c for c in codes}
        made: dict[str, object] = {}

        def make(code):
            if code["name"] in made:
                return made[code["name"]]
            holder = make(children[code["parent"]]) if code.get("parent") in children else parent
            element = _el(holder, "Code", guid=guid(name, "code", code["name"]), name=code["name"], isCodable="true")
            if code.get("description"):
                _el(element, "Description", code["description"])
            made[code["name"]] = element
            code_guid[f"code:{code['name']}"] = element.get("guid")
            return element

        for code in codes:
            make(code)
    if themes:
        parent = _el(book, "Code", guid=guid(name, "themes"), name="Themes", isCodable="false")
        _el(parent, "Description", "Themes found by the topic model (themes/themes.json)")
        for theme in themes:
            element = _el(parent, "Code", guid=guid(name, "theme", theme["id"]), name=f"{theme['id']} {theme['label']}", isCodable="true")
            _el(element, "Description", "Top terms: " + ", ".join(e["label"] for e in theme["terms"][:10]))
            code_guid[f"theme:{theme['id']}"] = element.get("guid")
    sources = _el(root, "Sources")
    files: dict[str, str] = {}
    for document in documents:
        source_guid = guid(name, "source", document["doc"])
        file_name = f"{source_guid}.txt"
        files[file_name] = xml_text(document["text"])
        source = _el(sources, "TextSource", guid=source_guid, name=document["title"], plainTextPath=f"internal://{file_name}")
        for start, end, keys, segment_id in document["segments"]:
            selection = _el(source, "PlainTextSelection", guid=guid(name, "selection", segment_id), name=segment_id,
                            startPosition=start, endPosition=end)
            for key in keys:
                if key in code_guid:
                    coding = _el(selection, "Coding", guid=guid(name, "coding", segment_id, key))
                    _el(coding, "CodeRef", targetGUID=code_guid[key])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True), files


def write_qdpx(path: Path, project: bytes, files: dict[str, str]) -> None:
    write_zip(path, [("project.qde", project)] + [(f"Sources/{name}", text.encode("utf-8")) for name, text in sorted(files.items())])


def validate(project: bytes, schema_path: Path) -> list[str]:
    """Schema errors of a project.qde (empty when valid)."""
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    document = etree.fromstring(project)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
