"""The 14 governorates as seeded by the first migration (slug, Arabic, English)."""
PROVINCES = [
    ("damascus", "دمشق", "Damascus"),
    ("rif-dimashq", "ريف دمشق", "Rif Dimashq"),
    ("aleppo", "حلب", "Aleppo"),
    ("homs", "حمص", "Homs"),
    ("hama", "حماة", "Hama"),
    ("latakia", "اللاذقية", "Latakia"),
    ("tartus", "طرطوس", "Tartus"),
    ("idlib", "إدلب", "Idlib"),
    ("raqqa", "الرقة", "Raqqa"),
    ("deir-ez-zor", "دير الزور", "Deir ez-Zor"),
    ("hasakah", "الحسكة", "Hasakah"),
    ("daraa", "درعا", "Daraa"),
    ("as-suwayda", "السويداء", "As-Suwayda"),
    ("quneitra", "القنيطرة", "Quneitra"),
]
