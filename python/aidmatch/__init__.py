"""Assignment of legal-aid matters to lawyers, firms and volunteers.

aidmatch assigns each matter of a batch to at most one provider across
Zhejiang's regions, through resource pools and pairings between regions,
under the eligibility rules and score terms of a policy. The work is done by the
C++ library in the extension module ``aidmatch._core``.

Examples
--------
>>> import aidmatch
>>> import pandas
>>> data = aidmatch.load_default()
>>> policy = aidmatch.default_policy()
>>> policy.weights["distance"] = 5.0
>>> result = aidmatch.dispatch(data, policy)
>>> df = pandas.DataFrame(result.columns())
>>> print(result.summary())
"""

from collections.abc import Mapping

# TODO: ship a _core.pyi stub. py.typed marks the package as typed, but
# type checkers cannot read the signatures of the C++ functions without it.
from ._core import (
    __version__,
    Dataset,
    DispatchResult,
    InputError,
    NotFoundError,
    Policy,
    PolicySet,
    PolicyWeights,
    UNLIMITED,
    capacitated_matching,
    default_policy,
    dispatch,
    embedded_file,
    embedded_file_names,
    explain,
    linear_sum_assignment,
    load,
    min_cost_flow,
    load_default,
    load_policy,
    parse_policy,
    recommend,
    set_log_callback,
    why_not,
)

# PolicyWeights implements the mapping protocol in C++, and registering it
# makes isinstance(policy.weights, Mapping) true.
Mapping.register(PolicyWeights)

__all__ = [
    "Dataset",
    "DispatchResult",
    "InputError",
    "NotFoundError",
    "Policy",
    "PolicySet",
    "PolicyWeights",
    "UNLIMITED",
    "capacitated_matching",
    "default_policy",
    "dispatch",
    "embedded_file",
    "embedded_file_names",
    "explain",
    "linear_sum_assignment",
    "load",
    "load_default",
    "load_policy",
    "min_cost_flow",
    "parse_policy",
    "recommend",
    "set_log_callback",
    "why_not",
]
