"""The checker's rules, one per module, in the order they run.

Each rule module has a docstring saying what it checks, a ``PASS`` (the pass it belongs
to, which bench/check_bench.py times rules by) and a ``check(ctx)`` function that
reports to the context's sink and never raises. A rule
skips what an earlier rule found broken, so one mistake is reported once.
"""

from __future__ import annotations

from types import ModuleType

from schemac.check.passes import Pass
from schemac.check.rules import (
    argument_defaults,
    collation_options,
    collation_type,
    default_fits_type,
    duplicate_columns,
    duplicate_constraints,
    duplicate_enum_values,
    duplicate_functions,
    duplicate_key_columns,
    empty_names,
    enum_default,
    fk_column_count,
    fk_index,
    fk_target_unique,
    fk_types,
    generated_column,
    identity_column,
    identity_type,
    index_methods,
    inheritance,
    known_collations,
    known_columns,
    known_copies,
    known_dependencies,
    known_fk_targets,
    known_functions,
    known_grant_targets,
    known_parents,
    known_schemas,
    known_sequence_owners,
    known_sequences,
    known_types,
    name_length,
    partition_bounds,
    partition_indexes,
    partition_keys_in_keys,
    partition_overlaps,
    pk_nullable,
    policies_need_rls,
    policy_expressions,
    renamed_from_exists,
    self_typed_columns,
    sequence_options,
    sequence_type,
    set_null_columns,
    set_null_nullable,
    trigger_function,
    trigger_timing,
)

__all__ = ["RULES", "Pass"]

RULES: tuple[ModuleType, ...] = (
    # names (the symbol tables are built first, by check/symbols.py)
    duplicate_columns,
    duplicate_constraints,
    duplicate_enum_values,
    empty_names,
    name_length,
    # types
    known_types,
    duplicate_functions,
    identity_type,
    sequence_type,
    default_fits_type,
    enum_default,
    collation_type,
    self_typed_columns,
    # references
    known_schemas,
    known_parents,
    known_columns,
    known_fk_targets,
    known_copies,
    known_functions,
    known_sequence_owners,
    known_sequences,
    known_grant_targets,
    known_dependencies,
    known_collations,
    # constraints
    duplicate_key_columns,
    fk_column_count,
    fk_types,
    fk_target_unique,
    generated_column,
    identity_column,
    pk_nullable,
    inheritance,
    partition_bounds,
    partition_overlaps,
    partition_keys_in_keys,
    partition_indexes,
    trigger_function,
    trigger_timing,
    set_null_columns,
    set_null_nullable,
    policy_expressions,
    index_methods,
    sequence_options,
    collation_options,
    argument_defaults,
    renamed_from_exists,
    fk_index,
    policies_need_rls,
)
