{#- adapter.create_schema / adapter.drop_schema. Like dbt-trino, dropping a schema first drops each relation in
    it, then the schema: DROP SCHEMA … CASCADE is not available on every Trino connector. -#}
{%- macro create_schema(relation) -%}{{ adapter.dispatch('create_schema', 'dbt')(relation) }}{%- endmacro -%}

{%- macro default__create_schema(relation) -%}
    {%- call statement('create_schema') -%}
        create schema if not exists {{ relation.without_identifier() }}
    {%- endcall -%}
{%- endmacro -%}

{%- macro drop_schema(relation) -%}{{ adapter.dispatch('drop_schema', 'dbt')(relation) }}{%- endmacro -%}

{%- macro trino__drop_schema(relation) -%}
    {%- for row in list_relations_without_caching(relation) -%}
        {%- do drop_relation(api.Relation.create(database=row[0], schema=row[2], identifier=row[1], type=api.Relation.get_relation_type(row[3]))) -%}
    {%- endfor -%}
    {%- call statement('drop_schema') -%}
        drop schema if exists {{ relation.without_identifier() }}
    {%- endcall -%}
{%- endmacro -%}
