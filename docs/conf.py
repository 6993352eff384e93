"""Sphinx configuration for skdfs.

Build with ``make docs`` (``sphinx -W``: warnings are errors). The gallery in
``examples/`` is executed during the build; each example trains small
ensembles and takes seconds on a CPU.
"""

import os
import re
import socket
import sys

sys.path.insert(0, os.path.abspath(".."))

from skdfs import __version__  # noqa: E402

project = "skdfs"
author = "skdfs developers"
copyright = "skdfs developers"
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

root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.json",
    "auto_examples/*.md5",
    "auto_examples/*.pickle",
]

# -- API reference ---------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False


# A type such as ``ndarray of shape (n_features_in_,)`` is reST, where a word
# ending in "_" is a hyperlink reference ("Unknown target name"). After
# numpydoc has run, escape such words when a comma or a closing parenthesis
# follows them (a shape), outside inline literals, roles and doctest lines.
_SHAPE_NAME = re.compile(r"(?<![`\w\\])([A-Za-z]\w*?)_(?=[,)])")
_LITERAL = re.compile(r"(``.+?``|`[^`]+`)")


def _escape_shape_names(app, what, name, obj, options, lines):
    for i, line in enumerate(lines):
        if line.lstrip().startswith((">>>", "...")):
            continue
        parts = _LITERAL.split(line)
        parts[::2] = [_SHAPE_NAME.sub(r"\1\\_", part) for part in parts[::2]]
        lines[i] = "".join(parts)


def _skip_metadata_requests(app, what, name, obj, skip, options):
    # scikit-learn generates set_fit_request where fit takes a named argument
    # (sample_groups); its docstring refers to scikit-learn's own glossary.
    # It is scikit-learn's metadata routing, documented there.
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def setup(app):
    app.connect("autodoc-process-docstring", _escape_shape_names, priority=600)
    app.connect("autodoc-skip-member", _skip_metadata_requests)


# -- cross-links to Python, NumPy, scikit-learn, ... -------------------------
# The inventories are fetched from the web. Without network access (CI
# sandboxes) the fetch would warn and ``-W`` would fail the build, so links to
# other projects are only made when their sites can be reached.


def _online(host="docs.python.org", timeout=3.0):
    if os.environ.get("SKDFS_DOCS_OFFLINE"):
        return False
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
    except OSError:
        return False
    return True


intersphinx_mapping = (
    {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
        "skorch": ("https://skorch.readthedocs.io/en/stable", None),
        "torch": ("https://docs.pytorch.org/docs/stable", None),
        "matplotlib": ("https://matplotlib.org/stable", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
    }
    if _online()
    else {}
)

# -- gallery -----------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "within_subsection_order": "FileNameSortKey",
    "remove_config_comments": True,
    "show_memory": False,
    "plot_gallery": "True",
    "doc_module": ("skdfs",),
    "backreferences_dir": "gen_modules/backreferences",
    # No sg_execution_times.rst pages in the source tree (the timings are in
    # the build log).
    "write_computation_times": False,
}


# -- HTML --------------------------------------------------------------------
html_theme = "alabaster"
html_theme_options = {
    "description": "Deep feature selection for scikit-learn",
    "fixed_sidebar": True,
}
html_static_path = []
