{#- Aggregates other databases name differently: any_value is min() on Trino, listagg is array_join(array_agg()). -#}
{%- macro any_value(expression) -%}{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}{%- endmacro -%}
{%- macro trino__any_value(expression) -%}min({{ expression }}){%- endmacro -%}

{%- macro bool_or(expression) -%}{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}{%- endmacro -%}
{%- macro trino__bool_or(expression) -%}bool_or({{ expression }}){%- endmacro -%}

{%- macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
    {{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro -%}

{#- order_by_clause is written inside array_agg (e.g. "order by x"); limit_num keeps the first n values -#}
{%- macro trino__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- set collected = 'array_agg(' ~ measure ~ (' ' ~ order_by_clause if order_by_clause else '') ~ ')' -%}
    {%- if limit_num -%}
        {%- set collected = 'slice(' ~ collected ~ ', 1, ' ~ limit_num ~ ')' -%}
    {%- endif -%}
    {{ return('array_join(' ~ collected ~ ', ' ~ delimiter_text ~ ')') }}
{%- endmacro -%}
