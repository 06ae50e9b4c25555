{#- Casts: dbt.safe_cast is Trino's try_cast (null instead of an error), dbt.cast a plain cast. -#}
{%- macro safe_cast(field, type) -%}{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}{%- endmacro -%}
{%- macro trino__safe_cast(field, type) -%}try_cast({{ field }} as {{ type }}){%- endmacro -%}

{%- macro cast(field, type) -%}{{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}{%- endmacro -%}
{%- macro default__cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro -%}

{%- macro cast_bool_to_text(field) -%}{{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}{%- endmacro -%}
{%- macro default__cast_bool_to_text(field) -%}cast({{ field }} as {{ api.Column.translate_type('string') }}){%- endmacro -%}
