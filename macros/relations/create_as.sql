{#- CREATE TABLE … AS and CREATE VIEW … AS as dbt-trino writes them, for packages and custom materializations
    that call them (tform's own materializations build their DDL in src/execute/). -#}
{%- macro get_create_table_as_sql(temporary, relation, sql) -%}
    {{ adapter.dispatch('get_create_table_as_sql', 'dbt')(temporary, relation, sql) }}
{%- endmacro -%}

{%- macro default__get_create_table_as_sql(temporary, relation, sql) -%}
    {{ return(create_table_as(temporary, relation, sql)) }}
{%- endmacro -%}

{%- macro create_table_as(temporary, relation, compiled_code, language='sql') -%}
    {%- if language != 'sql' -%}
        {{ exceptions.raise_not_implemented("create_table_as for " ~ language ~ " models: Trino runs SQL models only") }}
    {%- endif -%}
    {{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) }}
{%- endmacro -%}

{#- on_exists: 'replace' → create or replace, 'skip' → if not exists; the description is a table comment under persist_docs -#}
{%- macro trino__create_table_as(temporary, relation, sql, on_exists=none) -%}
    {%- if config.get('contract', {}).enforced -%}
        {{ exceptions.raise_not_implemented("create_table_as with an enforced model contract") }}
    {%- endif -%}
    {%- set description = model.get('description') -%}
    {%- set persist = (config.get('persist_docs') or {}).get('relation') -%}
    create{{ ' or replace' if on_exists == 'replace' }} table{{ ' if not exists' if on_exists == 'skip' }} {{ relation }}
    {%- if persist and description %}
    comment '{{ description | replace("'", "''") }}'
    {%- endif %}
    {{ properties(temporary) }}
    as (
        {{ sql }}
    );
{%- endmacro -%}

{#- WITH (…) from config `properties`, plus file_format → format and table_format → type; a temporary table's
    location (a SQL string literal) gets the __dbt_tmp suffix inside its quotes -#}
{%- macro properties(temporary=false) -%}
    {%- set props = {} -%}
    {%- do props.update(config.get('properties') or {}) -%}
    {%- if config.get('file_format') -%}
        {%- if 'format' in props -%}{{ exceptions.raise_compiler_error("Set either 'file_format' or 'properties.format', not both.") }}{%- endif -%}
        {%- do props.update({'format': "'" ~ config.get('file_format') ~ "'"}) -%}
    {%- endif -%}
    {%- if config.get('table_format') -%}
        {%- if 'type' in props -%}{{ exceptions.raise_compiler_error("Set either 'table_format' or 'properties.type', not both.") }}{%- endif -%}
        {%- do props.update({'type': "'" ~ config.get('table_format') ~ "'"}) -%}
    {%- endif -%}
    {%- if temporary and props.location -%}
        {%- do props.update({'location': props.location.rstrip("'") ~ "__dbt_tmp'"}) -%}
    {%- endif -%}
    {%- if props | length > 0 -%}
        WITH ({%- for key, value in props.items() -%}{{ key }} = {{ value }}{{ ',\n  ' if not loop.last }}{%- endfor -%})
    {%- endif -%}
{%- endmacro -%}

{%- macro get_create_view_as_sql(relation, sql) -%}
    {{ adapter.dispatch('get_create_view_as_sql', 'dbt')(relation, sql) }}
{%- endmacro -%}

{%- macro default__get_create_view_as_sql(relation, sql) -%}
    {{ return(create_view_as(relation, sql)) }}
{%- endmacro -%}

{%- macro create_view_as(relation, sql) -%}
    {{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}
{%- endmacro -%}

{#- config view_security: definer (the default) or invoker -#}
{%- macro trino__create_view_as(relation, sql) -%}
    {%- set view_security = config.get('view_security', 'definer') -%}
    {%- if view_security not in ['definer', 'invoker'] -%}
        {%- do log("view_security must be definer or invoker, not '" ~ view_security ~ "': using definer.") -%}
        {%- set view_security = 'definer' -%}
    {%- endif -%}
    create or replace view {{ relation }}
    security {{ view_security }}
    as
        {{ sql }}
    ;
{%- endmacro -%}
