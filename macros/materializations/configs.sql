{#- A node's full_refresh / store_failures config, else the command's flag. -#}
{%- macro should_full_refresh() -%}
    {%- set configured = config.get('full_refresh') -%}
    {{ return(flags.FULL_REFRESH if configured is none else configured) }}
{%- endmacro -%}

{%- macro should_store_failures() -%}
    {%- set configured = config.get('store_failures') -%}
    {{ return(flags.STORE_FAILURES if configured is none else configured) }}
{%- endmacro -%}
