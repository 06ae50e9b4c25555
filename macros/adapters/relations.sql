{#- Relations by name: look one up (load_relation), name a temporary one beside it, drop or rename one. -#}
{%- macro load_cached_relation(relation) -%}
    {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro -%}

{#- the old name of load_cached_relation -#}
{%- macro load_relation(relation) -%}{{ return(load_cached_relation(relation)) }}{%- endmacro -%}

{%- macro make_temp_relation(base_relation, suffix='__dbt_tmp') -%}
    {{ return(adapter.dispatch('make_temp_relation', 'dbt')(base_relation, suffix)) }}
{%- endmacro -%}

{%- macro default__make_temp_relation(base_relation, suffix) -%}
    {{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix})) }}
{%- endmacro -%}

{%- macro drop_relation(relation) -%}{{ return(adapter.dispatch('drop_relation', 'dbt')(relation)) }}{%- endmacro -%}

{%- macro default__drop_relation(relation) -%}
    {%- call statement('drop_relation') -%}{{ get_drop_sql(relation) }}{%- endcall -%}
{%- endmacro -%}

{%- macro get_drop_sql(relation) -%}{{ adapter.dispatch('get_drop_sql', 'dbt')(relation) }}{%- endmacro -%}

{#- drop table / drop view / drop materialized view, by the relation's type -#}
{%- macro trino__get_drop_sql(relation) -%}
    drop {{ relation.type | replace('_', ' ') }} if exists {{ relation }}
{%- endmacro -%}

{%- macro rename_relation(from_relation, to_relation) -%}
    {{ return(adapter.dispatch('rename_relation', 'dbt')(from_relation, to_relation)) }}
{%- endmacro -%}

{%- macro trino__rename_relation(from_relation, to_relation) -%}
    {%- call statement('rename_relation') -%}
        alter {{ from_relation.type | replace('_', ' ') }} {{ from_relation }} rename to {{ to_relation }}
    {%- endcall -%}
{%- endmacro -%}
