"""Training arithmetic that gives the same bits on every x86-64 machine with AVX2.

spaCy's models multiply matrices through cython-blis, which picks its kernel by the
CPU it finds (Zen, Haswell, SkylakeX, ...) and honours no override; the kernels sum
in other orders, and the same `kg train` command with the same seed trained a
different model on each of three machines (README).  Training therefore runs in fresh
processes (`pinned_pool`) where:

- every thinc layer multiplies through numpy (`PortableOps`: NumpyOps without blis,
  registered as the "numpy" backend, which spaCy's parser asks for by name too);
- numpy's OpenBLAS runs one kernel on every CPU that has AVX2 and FMA
  (`OPENBLAS_CORETYPE=Haswell`), on one thread;
- numpy's own loops stop at the AVX2 level (`NPY_DISABLE_CPU_FEATURES` names every
  AVX-512 target), so a sum is added in the same order with or without AVX-512.

The two variables are read when numpy is first imported, hence the new processes.
What stays machine-dependent: spaCy's parser predicts (not trains) through blis, so
the scores that choose the best checkpoint could in principle differ by a rounding
on another CPU; CPUs without AVX2 (and other architectures) keep their own kernels.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
from contextlib import contextmanager

#: OpenBLAS's kernel for x86-64 CPUs with AVX2 and FMA (Intel since 2013, AMD Zen).
OPENBLAS_KERNEL = "Haswell"


def pinned_environment() -> dict[str, str]:
    """The environment variables that hold numpy and OpenBLAS to one arithmetic."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy 1.x (spaCy 3.7 allows it)
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    env = {
        "OPENBLAS_NUM_THREADS": "1",
        "NPY_DISABLE_CPU_FEATURES": " ".join(f for f in __cpu_dispatch__ if "AVX512" in f or f == "X86_V4"),
    }
    x86 = platform.machine().lower() in ("x86_64", "amd64")
    if x86 and __cpu_features__.get("AVX2") and __cpu_features__.get("FMA3"):
        env["OPENBLAS_CORETYPE"] = OPENBLAS_KERNEL
    return env


def use_portable_ops() -> None:
    """Make every thinc model built from now on in this process multiply through numpy."""
    from thinc.api import NumpyOps, registry, set_current_ops

    class PortableOps(NumpyOps):
        """NumpyOps whose `gemm` is numpy's (OpenBLAS), never blis."""

        name = "numpy"

        def __init__(self, *args, **kwargs):
            kwargs["use_blis"] = False
            super().__init__(*args, **kwargs)

    # thinc's get_ops("cpu"/"numpy") picks the last backend registered under this
    # name: spaCy's parser builds its output layer with use_ops("cpu")
    registry.ops.register("PortableOps", func=PortableOps)
    set_current_ops(PortableOps())


@contextmanager
def pinned_pool(processes: int):
    """A pool of `processes` fresh processes with the pinned arithmetic."""
    pinned = pinned_environment()
    saved = {name: os.environ.get(name) for name in pinned}
    os.environ.update(pinned)
    try:
        pool = multiprocessing.get_context("spawn").Pool(processes, initializer=use_portable_ops)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    with pool:
        yield pool
