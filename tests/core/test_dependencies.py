"""The dependency rule of README's "How it is built", checked on the imports of festival/.

Features stand in layers; a module imports only features of its own layer's packages
below it. Blueprint modules (a file that makes a `Blueprint`) are the web layer: they may
use any feature's models, operations and queries, but another feature's domain code never
imports them. `festival/__init__.py`, `models.py`, `cli.py`, `template_names.py` and the
demo data sit on top of everything. Imports under `if TYPE_CHECKING:` are not imports at
run time and are not counted.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "festival"

# Bottom to top. A package may import packages on lower lines, never on its own line or above.
LAYERS = [
    ("config", "extensions"),
    ("core",),
    ("provinces", "crafts"),
    ("auth",),
    ("audit",),
    ("notifications",),
    ("jobs", "verification"),
    ("vendors",),
    ("consent",),
    ("venues",),
    ("training",),
    ("markets",),
    ("documents",),
    ("applications",),
    ("stalls",),
    ("fees",),
    ("badges",),
    ("checkin",),
    ("reports",),
    ("calendar",),
    ("partners",),
    ("crafts_register",),
    ("units",),
    ("duplicates",),
    ("erasure",),
    ("api", "admin", "gate", "manage", "public"),
]
TOP = {"__init__", "models", "cli", "template_names", "demo", "schedules"}
LAYER_OF = {package: height for height, packages in enumerate(LAYERS) for package in packages}

# Upward imports still to remove, each with its reason. The test fails when one of them is
# gone (strike it here) as well as when a new one appears.
KNOWN_UPWARD = {
    # A family's sign-up makes the account and the family in one step.
    ("festival/auth/operations.py", "festival.vendors.models"),
    # Venue edits look at the events that use the venue (province change, disabled stalls).
    ("festival/venues/operations.py", "festival.markets.models"),
    # ...and say which provinces' public pages changed (the public version lives with markets).
    ("festival/venues/operations.py", "festival.markets.public_version"),
    # Account changes and failed logins are recorded; audit entries point at their user.
    ("festival/auth/operations.py", "festival.audit.log"),
    ("festival/auth/operations.py", "festival.audit.models"),
    # record() files an entry under the province of the record it names (lazy imports).
    ("festival/audit/log.py", "festival.applications.models"),
    ("festival/audit/log.py", "festival.markets.models"),
    ("festival/audit/log.py", "festival.vendors.models"),
    ("festival/audit/log.py", "festival.venues.models"),
    # Training sessions are in the public calendar: their changes raise the public version.
    ("festival/training/operations.py", "festival.markets.public_version"),
    # The assigner's reliability weight reads check-ins and no-shows of earlier dates.
    ("festival/stalls/assigner_data.py", "festival.checkin.models"),
}
# The audit viewer's presentation is web-layer code, like the blueprint that uses it: it
# names the records of every feature.
WEB_MODULES = {"audit/present.py", "audit/filters.py"}


def _is_blueprint_module(path: Path) -> bool:
    return "Blueprint(" in path.read_text(encoding="utf-8")


def _is_web_module(path: Path) -> bool:
    return _is_blueprint_module(path) or str(path.relative_to(PACKAGE)) in WEB_MODULES


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path):
    """(imported module, line) for every `festival.…` import of one file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom):  # relative: resolve against the file's package
            base = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
            names = [".".join((*base, node.module) if node.module else base)]
        else:
            continue
        for name in names:
            if name == "festival" or name.startswith("festival."):
                yield name, node.lineno


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def broken_imports():
    """(file, line, imported module, why) for each import that breaks the rule."""
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "translations" in path.parts:
            continue
        relative = path.relative_to(PACKAGE)
        source = relative.stem if len(relative.parts) == 1 else relative.parts[0]
        if source in TOP:
            continue
        web = _is_web_module(path)
        for module, line in imports_of(path):
            target = _package_of(module)
            if target == source:
                continue
            if target in TOP:
                broken.append((path, line, module, "imports the app's top"))
            elif source not in LAYER_OF or target not in LAYER_OF:
                broken.append((path, line, module, "a package without a layer: add it to LAYERS and README"))
            elif (module_path := PACKAGE.parent / (module.replace(".", "/") + ".py")).exists() \
                    and _is_blueprint_module(module_path):
                broken.append((path, line, module, "imports another feature's views"))
            elif not web and LAYER_OF[target] >= LAYER_OF[source]:
                broken.append((path, line, module, "imports its own layer or one above"))
            elif web and LAYER_OF[target] > LAYER_OF[source] and target in {"api", "admin", "gate", "manage", "public"}:
                broken.append((path, line, module, "imports a top-layer package"))
    return broken


def test_no_feature_imports_upward():
    found = {(str(path.relative_to(PACKAGE.parent)), module) for path, _, module, _ in broken_imports()}
    new = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}: {why}"
        for path, line, module, why in broken_imports()
        if (str(path.relative_to(PACKAGE.parent)), module) not in KNOWN_UPWARD
    ]
    assert new == [], "\n".join(new)
    fixed = KNOWN_UPWARD - found
    assert not fixed, f"no longer imported, strike from KNOWN_UPWARD: {sorted(fixed)}"


def test_core_knows_no_feature():
    core = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {module}"
        for path in (PACKAGE / "core").rglob("*.py")
        for module, line in imports_of(path)
        if _package_of(module) not in {"core", "config", "extensions"}
    ]
    assert core == []


def test_the_rule_catches_an_upward_import(tmp_path, monkeypatch):
    """The checker itself: a lower feature importing a higher one is reported."""
    fake = tmp_path / "festival"
    (fake / "venues").mkdir(parents=True)
    (fake / "venues" / "operations.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from festival.provinces.models import Province\n"
        "if TYPE_CHECKING:\n    from festival.markets.models import Market\n"
        "def used():\n    from festival.stalls.models import StallAssignment\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    assert [(module, why) for _, _, module, why in broken_imports()] == [
        ("festival.stalls.models", "imports its own layer or one above")
    ]
