{#- The current time as SQL. The backcompat forms keep dbt-core's default, a Postgres-style cast that Trino
    rejects: dbt-trino does not override them either. -#}
{%- macro current_timestamp() -%}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{%- endmacro -%}
{%- macro trino__current_timestamp() -%}current_timestamp{%- endmacro -%}

{%- macro current_timestamp_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro -%}
{%- macro default__current_timestamp_backcompat() -%}current_timestamp::timestamp{%- endmacro -%}

{%- macro current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}{%- endmacro -%}
{%- macro default__current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro -%}
