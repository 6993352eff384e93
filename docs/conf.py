"""Sphinx configuration for skdfs."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

from skdfs import __version__  # noqa: E402

project = "skdfs"
author = "skdfs developers"
release = __version__
version = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
try:  # Markdown pages (benchmarks.md) when myst-parser is installed
    import myst_parser  # noqa: F401

    extensions.append("myst_parser")
except ImportError:  # pragma: no cover
    source_suffix.pop(".md")

autosummary_generate = True
numpydoc_show_class_members = False
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]
html_theme = "alabaster"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
}
intersphinx_disabled_reftypes = ["*"]
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
}
