{# Rounds an amount to cents as a decimal, so sums in gold are exact. #}
{% macro money(column_name, scale=2) -%}
    cast(round({{ column_name }}, {{ scale }}) as decimal(18, {{ scale }}))
{%- endmacro %}
