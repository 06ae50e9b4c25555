{#- Set operators as keywords (dbt.except(), dbt.intersect()), for databases that spell them otherwise. -#}
{%- macro except() -%}{{ return(adapter.dispatch('except', 'dbt')()) }}{%- endmacro -%}
{%- macro default__except() -%}except{%- endmacro -%}

{%- macro intersect() -%}{{ return(adapter.dispatch('intersect', 'dbt')()) }}{%- endmacro -%}
{%- macro default__intersect() -%}intersect{%- endmacro -%}
