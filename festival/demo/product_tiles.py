"""Demo product photos drawn at runtime: simple still lifes (jars, sweets, fabric...) per craft.

No text and no photographs in the repository: every tile is shapes on a wall and a
table, varied by a seeded random generator so that loading the demo twice draws the same.
"""
import io
import math
import random

from PIL import Image, ImageDraw

SIZE = 640
TABLE_TOP = 430

# craft slug -> (drawing, colours of the goods)
CRAFT_LOOKS = {
    "food": ("jars", [(150, 40, 45), (226, 140, 40), (96, 110, 40), (120, 60, 30)]),
    "sweets": ("rounds", [(222, 180, 120), (200, 150, 90), (240, 215, 170)]),
    "dairy": ("bars", [(248, 246, 236), (240, 232, 205)]),
    "embroidery": ("cloth", [(170, 30, 50), (30, 70, 120), (30, 110, 70)]),
    "knitting": ("yarn", [(190, 70, 110), (70, 120, 170), (230, 180, 60), (110, 160, 90)]),
    "soap": ("bars", [(120, 130, 60), (150, 150, 80), (200, 190, 140)]),
    "pottery": ("vases", [(180, 90, 50), (160, 70, 40), (60, 110, 140)]),
    "wood": ("plates", [(150, 100, 60), (120, 80, 45)]),
    "copper": ("plates", [(190, 110, 60), (170, 95, 50), (210, 140, 80)]),
    "glass": ("vases", [(40, 110, 170), (30, 140, 120), (70, 90, 180)]),
    "jewelry": ("beads", [(200, 60, 60), (40, 140, 160), (230, 190, 80), (240, 240, 240)]),
    "weaving": ("stripes", [(160, 40, 40), (40, 60, 110), (220, 170, 70), (240, 230, 210)]),
    "produce": ("rounds", [(200, 60, 40), (120, 40, 90), (230, 160, 40), (110, 150, 50)]),
    "herbs": ("bundles", [(90, 130, 60), (120, 150, 80), (160, 120, 170)]),
    "mosaic": ("cloth", [(110, 70, 40), (240, 235, 220), (60, 40, 25)]),
    "leather": ("bars", [(130, 75, 40), (100, 55, 30), (160, 100, 55)]),
    "other": ("stripes", [(200, 160, 90), (170, 130, 70), (220, 190, 120)]),
}
WALLS = [(238, 228, 212), (226, 236, 232), (240, 222, 210), (230, 226, 238)]
TABLES = [(150, 105, 70), (120, 85, 60), (175, 130, 90)]


def _darker(colour, amount=0.7):
    return tuple(int(channel * amount) for channel in colour[:3])


def _shadow(draw, table, centre_x, width):
    draw.ellipse((centre_x - width // 2, TABLE_TOP + 40, centre_x + width // 2, TABLE_TOP + 75), fill=_darker(table))


def _jars(draw, rng, colours, table):
    for index, x in enumerate((140, 320, 500)):
        height = rng.randint(200, 250)
        top = TABLE_TOP + 60 - height
        colour = colours[(index + rng.randint(0, 3)) % len(colours)]
        _shadow(draw, table, x, 160)
        draw.rounded_rectangle((x - 70, top, x + 70, TABLE_TOP + 60), radius=28,
                               fill=colour, outline=_darker(colour), width=4)
        draw.rectangle((x - 60, top + height // 3, x + 60, top + height // 3 + 55), fill=(245, 238, 220))
        lid = (200, 60, 50) if index % 2 else (90, 90, 95)
        draw.rounded_rectangle((x - 58, top - 34, x + 58, top + 6), radius=8, fill=lid)


def _rounds(draw, rng, colours, table):
    draw.ellipse((60, TABLE_TOP - 40, 580, TABLE_TOP + 120), fill=(200, 200, 205), outline=(150, 150, 155), width=6)
    for row, count in ((0, 4), (1, 5), (2, 4)):
        for column in range(count):
            x = 320 + (column - (count - 1) / 2) * 95
            y = TABLE_TOP - 10 + row * 48
            colour = colours[rng.randrange(len(colours))]
            draw.ellipse((x - 44, y - 30, x + 44, y + 30), fill=colour, outline=_darker(colour), width=3)
            draw.ellipse((x - 14, y - 10, x + 14, y + 6), fill=_darker(colour, 0.85))


def _bars(draw, rng, colours, table):
    for layer in range(3):
        for column in range(3 - layer):
            x = 190 + column * 130 + layer * 65
            y = TABLE_TOP + 40 - layer * 75
            colour = colours[(layer + column) % len(colours)]
            draw.rounded_rectangle((x - 60, y - 70, x + 60, y), radius=10,
                                   fill=colour, outline=_darker(colour), width=3)
            draw.rounded_rectangle((x - 38, y - 55, x + 38, y - 15), radius=6, outline=_darker(colour, 0.8), width=3)


def _cloth(draw, rng, colours, table):
    cloth, first, second = colours[-1], colours[0], colours[1 % len(colours)]
    draw.polygon([(40, 90), (600, 60), (620, 590), (20, 600)], fill=(245, 240, 228) if cloth == first else cloth)
    step = rng.choice((40, 48, 56))
    for row in range(3, 14):
        for column in range(2, 14):
            x, y = column * step - step // 2 + 40, row * step + 40
            if 60 < x < 580 and 110 < y < 570 and (row + column) % 2 == 0:
                size = step // 3
                draw.polygon([(x, y - size), (x + size, y), (x, y + size), (x - size, y)],
                             fill=first if (row // 2 + column // 2) % 2 else second)


def _yarn(draw, rng, colours, table):
    for index, (x, radius) in enumerate(((170, 95), (330, 120), (480, 90))):
        colour = colours[(index + rng.randint(0, 3)) % len(colours)]
        y = TABLE_TOP + 60 - radius
        _shadow(draw, table, x, radius * 2)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        for offset in range(-radius + 15, radius, 18):
            draw.arc((x - radius + 8, y - radius + 8 + offset // 3, x + radius - 8, y + radius - 8),
                     200, 340, fill=_darker(colour, 0.8), width=4)


def _vases(draw, rng, colours, table):
    for index, x in enumerate((160, 330, 490)):
        colour = colours[(index + rng.randint(0, 2)) % len(colours)]
        body = rng.randint(80, 110)
        bottom = TABLE_TOP + 60
        _shadow(draw, table, x, body * 2)
        draw.ellipse((x - body, bottom - 2 * body, x + body, bottom), fill=colour, outline=_darker(colour), width=4)
        draw.rectangle((x - 28, bottom - 2 * body - 90, x + 28, bottom - 2 * body + 20), fill=colour)
        draw.ellipse((x - 45, bottom - 2 * body - 105, x + 45, bottom - 2 * body - 75), fill=_darker(colour, 0.8))
        draw.arc((x - body + 20, bottom - 2 * body + 30, x + body - 20, bottom - 30), 200, 250,
                 fill=(255, 255, 255), width=6)  # a glint


def _plates(draw, rng, colours, table):
    for index, (x, y, radius) in enumerate(((220, 260, 150), (440, 330, 120), (300, 470, 95))):
        colour = colours[index % len(colours)]
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour, outline=_darker(colour), width=5)
        for ring in range(radius - 25, 10, -28):
            draw.ellipse((x - ring, y - ring, x + ring, y + ring), outline=_darker(colour, 0.8), width=3)


def _beads(draw, rng, colours, table):
    draw.rectangle((0, 0, SIZE, SIZE), fill=(40, 45, 70))
    for strand in range(3):
        sag = 140 + strand * 90
        for step in range(25):
            angle = math.pi * step / 24
            x = 320 - 250 * math.cos(angle)
            y = 120 + strand * 60 + sag * math.sin(angle)
            colour = colours[(step + strand) % len(colours)]
            radius = 14 if step % 4 else 20
            draw.ellipse((x - radius, y - radius, x + radius, y + radius),
                         fill=colour, outline=_darker(colour), width=2)


def _stripes(draw, rng, colours, table):
    top, bottom = 110, 560
    for index, y in enumerate(range(top, bottom, 30)):
        draw.rectangle((80, y, 560, y + 30), fill=colours[(index + rng.randint(0, 1)) % len(colours)])
    for x in range(90, 560, 40):
        draw.polygon([(x, 300), (x + 20, 270), (x + 40, 300), (x + 20, 330)], fill=colours[-1])
    for x in range(85, 560, 12):
        draw.line((x, bottom, x, bottom + 30), fill=colours[-1], width=3)
        draw.line((x, top - 30, x, top), fill=colours[-1], width=3)


def _bundles(draw, rng, colours, table):
    for index, x in enumerate((180, 320, 460)):
        colour = colours[index % len(colours)]
        for stem in range(-3, 4):
            draw.line((x, TABLE_TOP + 50, x + stem * 22, 170), fill=(90, 110, 50), width=4)
            for leaf in range(6):
                y = 190 + leaf * 35
                lx = x + stem * 22 * (TABLE_TOP + 50 - y) / (TABLE_TOP - 120)
                draw.ellipse((lx - 16, y - 9, lx + 16, y + 9), fill=colour)
        draw.rectangle((x - 22, TABLE_TOP - 10, x + 22, TABLE_TOP + 15), fill=(200, 60, 50))


DRAWINGS = {
    "jars": _jars, "rounds": _rounds, "bars": _bars, "cloth": _cloth, "yarn": _yarn, "vases": _vases,
    "plates": _plates, "beads": _beads, "stripes": _stripes, "bundles": _bundles,
}


def product_tile(craft_slug: str, seed: str) -> bytes:
    """A JPEG still life for one craft; the same seed draws the same picture."""
    rng = random.Random(seed)
    drawing, colours = CRAFT_LOOKS.get(craft_slug, CRAFT_LOOKS["other"])
    image = Image.new("RGB", (SIZE, SIZE), rng.choice(WALLS))
    draw = ImageDraw.Draw(image)
    table = rng.choice(TABLES)
    draw.rectangle((0, TABLE_TOP, SIZE, SIZE), fill=table)
    draw.line((0, TABLE_TOP, SIZE, TABLE_TOP), fill=_darker(table, 0.6), width=6)
    DRAWINGS[drawing](draw, rng, colours, table)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
