{#- String functions (dbt.split_part, dbt.concat, dbt.hash, …). Arguments are SQL expressions: pass a string
    literal with its quotes, e.g. dbt.split_part('col', "','", 2). -#}
{%- macro split_part(string_text, delimiter_text, part_number) -%}
    {{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro -%}

{#- Trino's split_part counts from the start only: a negative part counts from the end through the number of delimiters. -#}
{%- macro trino__split_part(string_text, delimiter_text, part_number) -%}
    {%- if part_number >= 0 -%}
        {{ dbt.default__split_part(string_text, delimiter_text, part_number) }}
    {%- else -%}
        {{ dbt._split_part_negative(string_text, delimiter_text, part_number) }}
    {%- endif -%}
{%- endmacro -%}

{%- macro default__split_part(string_text, delimiter_text, part_number) -%}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro -%}

{%- macro _split_part_negative(string_text, delimiter_text, part_number) -%}
    split_part({{ string_text }}, {{ delimiter_text }}, length({{ string_text }}) - length(replace({{ string_text }}, {{ delimiter_text }}, '')) + 2 + {{ part_number }})
{%- endmacro -%}

{%- macro concat(fields) -%}{{ return(adapter.dispatch('concat', 'dbt')(fields)) }}{%- endmacro -%}
{%- macro default__concat(fields) -%}{{ fields | join(' || ') }}{%- endmacro -%}

{%- macro hash(field) -%}{{ return(adapter.dispatch('hash', 'dbt')(field)) }}{%- endmacro -%}
{#- md5 as lower-case hex, as other databases' md5() returns it -#}
{%- macro trino__hash(field) -%}lower(to_hex(md5(to_utf8(cast({{ field }} as varchar))))){%- endmacro -%}

{%- macro position(substring_text, string_text) -%}{{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}{%- endmacro -%}
{%- macro default__position(substring_text, string_text) -%}position({{ substring_text }} in {{ string_text }}){%- endmacro -%}

{%- macro replace(field, old_chars, new_chars) -%}{{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}{%- endmacro -%}
{%- macro default__replace(field, old_chars, new_chars) -%}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){%- endmacro -%}

{%- macro right(string_text, length_expression) -%}{{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}{%- endmacro -%}
{#- Trino has no right(): the last n characters, none when n is 0 (substr(s, -0) would be all of s) -#}
{%- macro trino__right(string_text, length_expression) -%}
    case when {{ length_expression }} = 0 then '' else substr({{ string_text }}, -1 * ({{ length_expression }})) end
{%- endmacro -%}

{%- macro length(expression) -%}{{ return(adapter.dispatch('length', 'dbt')(expression)) }}{%- endmacro -%}
{%- macro default__length(expression) -%}length({{ expression }}){%- endmacro -%}

{%- macro string_literal(value) -%}{{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}{%- endmacro -%}
{%- macro default__string_literal(value) -%}'{{ value }}'{%- endmacro -%}

{%- macro escape_single_quotes(expression) -%}{{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}{%- endmacro -%}
{%- macro default__escape_single_quotes(expression) -%}{{ expression | replace("'", "''") }}{%- endmacro -%}
