"""Badge benchmark: the PDF sheet of 1,000 families (target under 10 s) and the QR code
of one badge (ms per badge).

The badges are rendered from lightweight cards (festival/badges/cards.BadgeCard), not
loaded from a database: what grows with the number of families is the rendering (a QR
code and a dozen shaped text lines per badge); loading the cards of an occurrence is a
fixed number of queries (tests/badges/test_rendering.py asserts it). Each card carries a
real Ed25519-signed token, so URLs and QR codes have their production size, and Arabic
names and titles of varied lengths, so text is shaped, measured and shortened as in use.

    .venv/bin/python bench/badges.py [--families 1000] [--qr-samples 200] [--base-url https://…]
"""
import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from datetime import date, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_SECONDS = 10.0
FIRST_NAMES = ["أم سامر", "أبو خليل", "الحلبي", "الخياط", "بيت الزعتر", "نور", "الشامي للمونة", "أم محمد للحلويات",
               "الدمشقي للصناعات الحرفية والتقليدية", "سمر للتطريز", "الفخار الأصيل", "الريف"]
HEADS = ["أم محمد", "سامر الحلبي", "ربا الخياط", "", "خليل الشامي"]
EVENT = "سوق الجمعة للأسر المنتجة في حديقة تشرين"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000, help="badges on the PDF sheet")
    parser.add_argument("--qr-samples", type=int, default=200, help="badges timed for the QR code alone")
    parser.add_argument("--base-url", default="https://festival.example.sy", help="FESTIVAL_BASE_URL of the URLs")
    parser.add_argument("--locale", default="ar", choices=["ar", "en"], help="language of the sheet")
    return parser.parse_args(argv)


def build_cards(count: int, base_url: str) -> list:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from festival.badges import tokens
    from festival.badges.cards import BadgeCard
    from festival.badges.operations import new_short_code
    from festival.core.qr import qr_url

    key, rng, day = Ed25519PrivateKey.generate(), random.Random(7), date(2026, 12, 18)
    cards = []
    for number in range(1, count + 1):
        token = tokens.sign(tokens.BadgeClaims(number, 4242, 10_000 + number, day, day), key)
        cards.append(BadgeCard(
            badge_id=number, family_name=f"أسرة {rng.choice(FIRST_NAMES)}", head_name=rng.choice(HEADS),
            stall_code=f"{'ABCDEFGHJK'[number // 100 % 10]}-{number % 100:02d}", short_code=new_short_code(),
            event_title=EVENT, first_day=day, last_day=day, venue="حديقة تشرين", province="دمشق",
            url=qr_url(base_url, token)))  # what a badge's QR code holds: HTTPS://HOST/B/<TOKEN>
    return cards


def time_qr(cards: list) -> dict:
    from festival.badges import pdf
    from festival.core.qr import qr_png, qr_svg, qr_version

    figures = {"qr_version": qr_version(cards[0].url), "url_length": len(cards[0].url)}
    for name, make in (("png_ms", qr_png), ("pdf_png_ms", lambda url: qr_png(url, module_pixels=pdf.QR_MODULE_PIXELS)),
                       ("svg_ms", qr_svg)):
        started, cpu_started = time.perf_counter(), time.process_time()
        for card in cards:
            make(card.url)
        figures[name] = (time.perf_counter() - started) / len(cards) * 1000
        figures[name.replace("_ms", "_cpu_ms")] = (time.process_time() - cpu_started) / len(cards) * 1000
    figures["png_bytes"] = len(qr_png(cards[0].url))
    return figures


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def time_pdf(cards: list, *, parallel: bool) -> tuple[float, float, bytes]:
    """Wall-clock and CPU seconds of one PDF sheet."""
    from festival.badges import pdf

    if not parallel:
        pdf.PARALLEL_FROM = len(cards) + 1
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    sheet = pdf.badge_sheet_pdf(cards)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    pdf.PARALLEL_FROM = 100
    return seconds, cpu, sheet


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    from festival import create_app
    from festival.badges import pdf

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "FESTIVAL_BASE_URL": args.base_url})
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"WARNING: load average {load:.2f}: other work shares the CPUs; figures will be slower", file=sys.stderr)
    with app.test_request_context(f"/?lang={args.locale}"):
        cards = build_cards(args.families, args.base_url)
        qr = time_qr(cards[: args.qr_samples])
        cold, cold_cpu, sheet = time_pdf(cards, parallel=True)  # first PDF of the process: fonts instanced here
        warm, warm_cpu, _ = time_pdf(cards, parallel=True)
        serial, serial_cpu, _ = time_pdf(cards, parallel=False)
    pages = -(-len(cards) // pdf.BADGES_PER_PAGE)
    workers = min(pdf._available_cpus(), pdf.MAX_WORKERS)
    rows = [
        ("QR code version (ECC M)", f"{qr['qr_version']} ({qr['url_length']}-character URL)"),
        ("QR PNG per badge, download (8 px/module)",
         f"{qr['png_ms']:.1f} ms (CPU {qr['png_cpu_ms']:.1f} ms, {qr['png_bytes']} bytes)"),
        ("QR PNG per badge, PDF (4 px/module)", f"{qr['pdf_png_ms']:.1f} ms (CPU {qr['pdf_png_cpu_ms']:.1f} ms)"),
        ("QR SVG per badge", f"{qr['svg_ms']:.1f} ms (CPU {qr['svg_cpu_ms']:.1f} ms)"),
        (f"PDF sheet, {len(cards)} families, first in process", f"{cold:.2f} s (CPU {cold_cpu:.1f} s)"),
        (f"PDF sheet, {len(cards)} families, again", f"{warm:.2f} s (CPU {warm_cpu:.1f} s)"),
        (f"PDF sheet, {len(cards)} families, no QR workers", f"{serial:.2f} s (CPU {serial_cpu:.1f} s)"),
        ("PDF pages / size", f"{pages} / {len(sheet) / 1e6:.1f} MB"),
    ]
    width = max(len(label) for label, _value in rows)
    print(f"Badges: {platform.python_version()}, {os.cpu_count()} CPUs ({workers} QR workers), load {load:.2f}")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    verdict = "ok" if cold < TARGET_SECONDS else "SLOW"
    print(f"  target: PDF sheet of {len(cards)} families under {TARGET_SECONDS:.0f} s (first in process): {verdict}")
    RESULTS_DIR.mkdir(exist_ok=True)
    result_file = RESULTS_DIR / f"badges-{datetime.now():%Y%m%d-%H%M%S}.json"
    result_file.write_text(json.dumps({
        "command": " ".join([Path(sys.executable).name, *sys.argv]), "python": platform.python_version(),
        "cpus": os.cpu_count(), "qr_workers": workers, "load_average": load, "families": len(cards), **qr,
        "pdf_first_s": cold, "pdf_again_s": warm, "pdf_serial_qr_s": serial, "pdf_first_cpu_s": cold_cpu,
        "pdf_again_cpu_s": warm_cpu, "pdf_serial_qr_cpu_s": serial_cpu, "pages": pages, "pdf_bytes": len(sheet),
    }, indent=2))
    print(f"  details: {result_file}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":  # the QR worker processes import this module again: nothing runs on import
    sys.exit(main())
