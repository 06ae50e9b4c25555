{#- Layers get their own schema exactly as named (bronze, silver, gold), not <target>_<layer>:
    a common override in real projects, and what the per-layer storage layout expects. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
