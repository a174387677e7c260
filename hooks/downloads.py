"""A MkDocs hook: each source page's raw-text download, taken by MkDocs straight from seeds/.

A seed is kept byte for byte in seeds/, and MkDocs copies a file it is given from wherever the
file is. The pipeline used to copy every seed into docs/ first, so each seed was written twice
per build; at 100 copies of the corpus those copies were 500 of the pipeline's 1,512 files and
0.12 to 0.23 s of its time.

The manifest is read as plain YAML: `make pages`, `make build` and `make serve` validate it before
MkDocs runs, so here a broken one only needs a clear one-line error.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

MANIFEST = "seeds/manifest.yml"
# libyaml's safe loader where PyYAML has it (its wheels do): at 20 copies of the corpus the pure-Python
# one took 0.3 s of every preview rebuild to read the manifest.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_READ: dict[tuple[Path, int, int], dict[str, Path]] = {}  # by manifest and its time and size: `mkdocs serve` rebuilds often


def downloads(root: Path) -> dict[str, Path]:
    """Where each seed's download goes in the site (relative to docs/), and the seed file it is."""
    try:
        stat = (root / MANIFEST).stat()
        key = (root, stat.st_mtime_ns, stat.st_size)
        if key not in _READ:
            seeds = yaml.load((root / MANIFEST).read_text(encoding="utf-8"), Loader=_LOADER)["seeds"]
            _READ.clear()
            _READ[key] = {f"sources/{seed['id']}/{seed['file']}": root / "seeds" / seed["file"] for seed in seeds}
        return dict(_READ[key])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        raise PluginError(f"{MANIFEST}: cannot list the seed downloads ({reason}); run `make pages` for the details") from None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    for uri, seed in downloads(root).items():
        files.append(File.generated(config, uri, abs_src_path=str(seed)))
    return files
