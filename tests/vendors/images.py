"""Images for the photo tests, made with Pillow, and a decompression bomb's header."""
import io
import struct
import zlib

from PIL import Image


def image_bytes(image_format="JPEG", size=(800, 600), color=(200, 90, 40), **save_options) -> bytes:
    image = Image.new("RGBA" if image_format == "PNG" else "RGB", size, color)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **save_options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes claiming to be a width x height PNG: a decompression bomb's header."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b""))
