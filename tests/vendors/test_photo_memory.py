"""One upload's cost is bounded: peak memory of decoding, measured in a fresh process.

Pillow allocates pixels with malloc, outside tracemalloc's view, so the child process
reports the growth of its peak resident size across `_decode` (VmHWM in /proc: unlike
getrusage's ru_maxrss it starts afresh at exec instead of carrying pytest's peak).
"""
import io
import json
import subprocess
import sys

import pytest
from PIL import Image

from festival.vendors.photos import MAX_DECODE_MB

CHILD = """
import json, sys, time
from festival.vendors.photos import PhotoRefused, _decode

def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

data = open(sys.argv[1], "rb").read()
before = peak_kb()
started = time.perf_counter()
try:
    size, refused = _decode(data).size, False
except PhotoRefused:
    size, refused = None, True
seconds = time.perf_counter() - started
grown_mb = (peak_kb() - before) / 1024
print(json.dumps({"size": size, "refused": refused, "seconds": seconds, "grown_mb": grown_mb}))
"""


def decode_in_child(path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"\n{path.name}: {figures}")
    return figures


def write_image(path, image_format, size, mode):
    image = Image.linear_gradient("L").resize(size).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 85} if image_format == "JPEG" else {}))
    path.write_bytes(buffer.getvalue())
    return path


def test_a_7000_pixel_square_png_is_refused_from_its_header(tmp_path):
    figures = decode_in_child(write_image(tmp_path / "7000.png", "PNG", (7000, 7000), "RGBA"))

    # Seconds are loose (the machine may be busy); memory shows that nothing was decoded.
    assert figures["refused"] and figures["seconds"] < 5 and figures["grown_mb"] < 20


@pytest.mark.parametrize(("name", "image_format", "size", "mode"), [
    ("largest-png.png", "PNG", (4096, 4096), "RGBA"),
    ("48mp-camera.jpg", "JPEG", (8000, 6000), "RGB"),
])
def test_the_largest_accepted_photos_decode_within_the_memory_bound(tmp_path, name, image_format, size, mode):
    figures = decode_in_child(write_image(tmp_path / name, image_format, size, mode))

    assert not figures["refused"] and max(figures["size"]) == 1600
    assert figures["grown_mb"] < MAX_DECODE_MB
