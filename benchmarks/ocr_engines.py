"""Tesseract against RapidOCR on the same scanned council pages: why prevent-docs uses Tesseract.

    .venv/bin/python benchmarks/ocr_engines.py            # both engines, where installed
    .venv/bin/python benchmarks/ocr_engines.py --engine tesseract

The scans are made here from the seed corpus (`benchmarks.scans`: 200 dpi, 1-2 degrees of
skew, speckle, JPEG compression). For each engine, in a process of its own:

- character error rate: edit distance between the engine's text of each page and the page's
  own text layer, both with white space folded, over the length of the text layer;
- extraction F1: the scanned papers ingested through prevent-docs with that engine reading
  the pages, scored by `evaluate` against corpus/gold (micro-F1 over every record type);
- pages per second, and peak memory: the resident memory of the reading process and every
  process it started (Tesseract runs as a program of its own, RapidOCR inside Python),
  added up, sampled every 20 ms while the pages are read;
- what a fresh machine must install.

RapidOCR (`pip install rapidocr-onnxruntime`) is measured when it is installed; it is not a
dependency of prevent-docs.

`--long 100` instead ingests one scanned PDF of that many pages (the seed corpus's pages
scanned again and again, each time with other defects, so no page is a cached one) with
`prevent-docs ingest --jobs N` (`--jobs`, default 1) in a process of its own, and prints its
pages per second, the peak memory of its largest process, and that of the ingest, its
workers and Tesseract processes added up.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import scans  # noqa: E402

#: Papers scanned for the comparison: a two-page report and a four-page report (numbered paragraphs).
PAPERS = ("002_000fee0137df29e4.pdf", "003_a1dc3d2ad6587154.pdf")
ENGINES = ("tesseract", "rapidocr")
NEEDS = {
    "tesseract": "apt-get install tesseract-ocr (Debian package, English and orientation models included) "
                 "+ pip pytesseract (pure Python)",
    "rapidocr": "pip rapidocr-onnxruntime (models in its wheel) + onnxruntime + opencv-python, no apt package",
}


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_layer(pdf: Path) -> list[str]:
    """Each page's own text, as pdfium extracts it: the reference OCR is measured against."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf)
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(fold(textpage.get_text_range()))
        textpage.close()
        page.close()
    return pages


def rapidocr_reader():
    """A `_read_words` for prevent-docs' OCR module that reads with RapidOCR: each text box a line."""
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    from extractors.readers.ocr import OcrLine
    engine = RapidOCR()

    def read_words(image, name, seconds, layout=None):  # noqa: ARG001
        found, _ = engine(np.asarray(image.convert("RGB")))
        lines = []
        for box, text, score in found or []:
            xs, ys = [point[0] for point in box], [point[1] for point in box]
            left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
            word = (text, left, top, right, bottom, float(score) * 100)
            lines.append(OcrLine(text, left, top, right, bottom, (bottom - top) * 0.9, float(score) * 100,
                                 words=[word]))
        return lines
    return read_words


class PeakMemory:
    """The largest total resident memory of a process and its descendants while running (`peak`),
    and the largest of any one of them (`largest`).

    A process that has just forked to start a program (a worker starting Tesseract) is, until
    the program replaces it, a copy sharing its parent's memory, which the system reports as
    its own: such a child (one with its parent's name, below a worker) is not counted, or
    a sample taken at that instant counts the worker twice.
    """

    def __init__(self, pid: int | None = None) -> None:
        import psutil
        self.process, self.peak, self.largest, self.running = psutil.Process(pid), 0, 0, True
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "PeakMemory":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        self.thread.join()

    def _sample(self) -> None:
        import psutil
        while self.running:
            sizes = []
            try:
                processes = [self.process, *self.process.children(recursive=True)]
                processes = [process for process in processes if not self._starting(process)]
            except psutil.Error:
                processes = []
            for process in processes:
                try:
                    sizes.append(process.memory_info().rss)
                except psutil.Error:
                    pass
            total = sum(sizes)
            self.peak = max(self.peak, total)
            self.largest = max(self.largest, *(0, *sizes))
            time.sleep(0.02)

    def _starting(self, process) -> bool:
        """Whether a process is a fork of a worker that has not yet become the program it starts."""
        import psutil
        try:
            parent = process.parent()
            return process.pid != self.process.pid and parent is not None and parent.pid != self.process.pid \
                and process.name() == parent.name()
        except psutil.Error:
            return True


def measure(engine: str, folder: Path) -> dict:
    """In this process: read every scanned page with `engine`, then ingest and score the papers."""
    from rapidfuzz.distance import Levenshtein

    from extractors.readers import OcrSettings, ocr, read_document
    from prevent_docs import evaluate, pipeline
    if engine == "rapidocr":
        ocr._read_words = rapidocr_reader()
    db_path = folder / f"{engine}.db"
    settings = OcrSettings(cache_dir=pipeline.ocr_cache_dir(db_path))  # the ingest below reads the same pages
    errors = characters = pages = 0
    started = time.perf_counter()
    with PeakMemory() as memory:
        for paper in PAPERS:
            document = read_document(folder / paper, ocr=settings)
            reference = text_layer(REPO / "corpus" / paper)
            for number, expected in enumerate(reference, start=1):
                found = fold(" ".join(block.text for block in document.blocks if block.page == number))
                errors += Levenshtein.distance(found, expected)
                characters += len(expected)
                pages += 1
    seconds = time.perf_counter() - started
    pipeline.ingest([folder / paper for paper in PAPERS], db_path)
    scored = evaluate.evaluate_database(db_path, REPO / "corpus" / "gold")
    return {"engine": engine, "pages": pages, "cer": errors / characters, "f1": scored.groups["pdf"].micro.f1,
            "pages_per_second": pages / seconds,
            "peak_mb": memory.peak / 2**20, "load": os.getloadavg()[0]}


def long_scan(pages: int, folder: Path) -> Path:
    """One image-only PDF of `pages` scanned pages, cycling through the seed corpus's PDFs."""
    sources = sorted((REPO / "corpus").glob("*.pdf"))
    images, copy = [], 0
    while len(images) < pages:
        copy += 1
        for source in sources:
            images += scans.scanned_pages(source, dpi=200, seed=copy * 100 + len(images))
    out = folder / f"scanned-{pages}-pages.pdf"
    out.write_bytes(scans.image_pdf(images[:pages]))
    return out


def measure_long(pages: int, jobs: int) -> None:
    """Ingest a long scan as a user would, and print its speed and peak memory."""
    with tempfile.TemporaryDirectory() as temp:
        pdf = long_scan(pages, Path(temp))
        command = [str(Path(sys.executable).with_name("prevent-docs")), "ingest", str(pdf),
                   "--db", str(Path(temp) / "long.db"), "--jobs", str(jobs)]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        memory = PeakMemory(process.pid)
        with memory:
            _, errors = process.communicate()
        seconds = time.perf_counter() - started
        print(f"{pages}-page scanned PDF, prevent-docs ingest --jobs {jobs}: exit {process.returncode}, "
              f"{pages / seconds:.2f} pages/s ({seconds:.0f} s); peak memory of the largest process "
              f"{memory.largest / 2**20:.0f} MB, of the ingest, its workers and Tesseract added up "
              f"{memory.peak / 2**20:.0f} MB (load average {os.getloadavg()[0]:.1f})")
        if process.returncode:
            print(errors.strip())


def installed(engine: str) -> bool:
    module = {"tesseract": "pytesseract", "rapidocr": "rapidocr_onnxruntime"}[engine]
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    if engine == "tesseract":
        return probe.returncode == 0 and subprocess.run(["which", "tesseract"], capture_output=True).returncode == 0
    return probe.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=ENGINES, action="append")
    parser.add_argument("--long", type=int, metavar="PAGES", help="ingest one scanned PDF of this many pages")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of that ingest")
    parser.add_argument("--measure", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.folder)))
        return
    if args.long:
        measure_long(args.long, args.jobs)
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for paper in PAPERS:
            scans.scan_pdf(REPO / "corpus" / paper, folder / paper, dpi=200)
        print(f"Scanned renderings of {', '.join(PAPERS)} at 200 dpi (skew, speckle, JPEG); "
              f"text-layer reference from the original PDFs\n")
        print(f"{'engine':10} {'pages':>5} {'CER':>7} {'F1':>6} {'pages/s':>8} {'peak MB':>8} {'load':>5}")
        for engine in args.engine or ENGINES:
            if not installed(engine):
                print(f"{engine:10} not installed: {NEEDS[engine]}")
                continue
            run = subprocess.run([sys.executable, __file__, "--measure", engine, "--folder", str(folder)],
                                 capture_output=True, text=True, cwd=REPO)
            if run.returncode:
                print(f"{engine:10} failed: {run.stderr.strip().splitlines()[-1]}")
                continue
            result = json.loads(run.stdout.strip().splitlines()[-1])
            print(f"{engine:10} {result['pages']:>5} {result['cer']:>7.3f} {result['f1']:>6.3f} "
                  f"{result['pages_per_second']:>8.2f} {result['peak_mb']:>8.0f} {result['load']:>5.1f}")
        print("\nWhat a fresh machine needs:")
        for engine in args.engine or ENGINES:
            print(f"  {engine}: {NEEDS[engine]}")


if __name__ == "__main__":
    main()
