{#- Arrays: array[…] literals and concat(), as dbt-trino writes them; an empty array_construct is null. -#}
{%- macro array_construct(inputs=[], data_type=api.Column.translate_type('integer')) -%}
    {{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}
{%- endmacro -%}

{%- macro trino__array_construct(inputs, data_type) -%}
    {%- if inputs | length == 0 -%}null{%- else -%}array[ {{ inputs | join(' , ') }} ]{%- endif -%}
{%- endmacro -%}

{%- macro array_append(array, new_element) -%}{{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}{%- endmacro -%}
{%- macro trino__array_append(array, new_element) -%}{{ array_concat(array, array_construct([new_element])) }}{%- endmacro -%}

{%- macro array_concat(array_1, array_2) -%}{{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}{%- endmacro -%}
{%- macro trino__array_concat(array_1, array_2) -%}concat({{ array_1 }}, {{ array_2 }}){%- endmacro -%}
