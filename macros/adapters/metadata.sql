{#- What the adapter reads from Trino's information_schema (adapter.get_relation, adapter.get_columns_in_relation),
    with dbt-trino's queries. Names are compared in lower case: Trino folds unquoted names. -#}
{%- macro list_relations_without_caching(schema_relation) -%}
    {{ return(adapter.dispatch('list_relations_without_caching', 'dbt')(schema_relation)) }}
{%- endmacro -%}

{#- the relations of one schema as (database, name, schema, table_type), materialized views told from tables -#}
{%- macro trino__list_relations_without_caching(relation) -%}
    {%- call statement('list_relations_without_caching', fetch_result=true) -%}
        select
          t.table_catalog as database,
          t.table_name as name,
          t.table_schema as schema,
          case when mv.name is not null then 'materialized_view'
               when t.table_type = 'BASE TABLE' then 'table'
               when t.table_type = 'VIEW' then 'view'
               else t.table_type
          end as table_type
        from {{ relation.information_schema() }}.tables t
        left join (
            select * from system.metadata.materialized_views
            where catalog_name = '{{ relation.database | lower }}'
              and schema_name = '{{ relation.schema | lower }}') mv
          on mv.catalog_name = t.table_catalog and mv.schema_name = t.table_schema and mv.name = t.table_name
        where t.table_schema = '{{ relation.schema | lower }}'
    {%- endcall -%}
    {{ return(load_result('list_relations_without_caching').table) }}
{%- endmacro -%}

{%- macro get_columns_in_relation(relation) -%}
    {{ return(adapter.dispatch('get_columns_in_relation', 'dbt')(relation)) }}
{%- endmacro -%}

{#- dbt-trino's query, ordered by position so that column lists (dbt_utils.star) are stable -#}
{%- macro trino__get_columns_in_relation(relation) -%}
    {%- set result = run_query(
        "select column_name, data_type from " ~ relation.information_schema() ~ ".columns"
        ~ " where table_catalog = '" ~ (relation.database | lower) ~ "'"
        ~ " and table_schema = '" ~ (relation.schema | lower) ~ "'"
        ~ " and table_name = '" ~ (relation.identifier | lower) ~ "'"
        ~ " order by ordinal_position") -%}
    {%- set columns = [] -%}
    {%- for row in result -%}
        {%- do columns.append(api.Column.from_description(row['column_name'] | lower, row['data_type'])) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro -%}
