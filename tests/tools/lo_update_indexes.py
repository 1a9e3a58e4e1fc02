"""Open a document in LibreOffice as a user would, update its fields and indexes (the
table of contents), and save it as PDF and as plain text: what a reader sees after
"Update all".

    /usr/bin/python3 tests/tools/lo_update_indexes.py IN.docx OUT.pdf OUT.txt

Run with the system Python, which has LibreOffice's UNO bridge (python3-uno).  It
starts its own headless soffice with a private profile and stops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]  # the system python3-uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main(source: str, pdf: str, text: str) -> None:
    profile = tempfile.mkdtemp(prefix="r2p-lo-")
    pipe = f"r2p{os.getpid()}"
    office = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    process = subprocess.Popen(
        [office, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(120):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.5)
        if context is None:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        url = Path(source).resolve().as_uri()
        document = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
        document.refresh() if hasattr(document, "refresh") else None
        fields = document.getTextFields()
        fields.refresh()
        indexes = document.getDocumentIndexes()
        for index in range(indexes.getCount()):
            indexes.getByIndex(index).update()
        fields.refresh()
        document.storeToURL(Path(pdf).resolve().as_uri(), (_property("FilterName", "writer_pdf_Export"),))
        text_filter = (_property("FilterName", "Text (encoded)"), _property("FilterOptions", "UTF8"))
        document.storeToURL(Path(text).resolve().as_uri(), text_filter)
        document.close(True)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
