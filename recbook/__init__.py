"""recbook: class imbalance in e-commerce search and recommendation, taught in notebooks.

The package is deliberately small and layered:

* bottom -- validation and math: ``recbook.losses``, ``recbook.calibration``,
  ``recbook.metrics``, ``recbook.cluster``, ``recbook.ensemble``, ``recbook.symbolic``;
* middle -- data and methods: ``recbook.data``, ``recbook.sampling``, ``recbook.recommend``,
  ``recbook.rerank``;
* top -- workflow: ``recbook.experiments``, ``recbook.grid``, ``recbook.case_study``,
  ``recbook.plotting``, ``recbook.exercises`` (with ``recbook.solutions``), ``recbook.cli``.

A lower layer never imports a higher one. Submodules are imported explicitly
(``from recbook import data``) so that ``import recbook`` stays cheap.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
