{#- Date arithmetic (dbt.dateadd, dbt.datediff, dbt.date_trunc, dbt.last_day) in Trino's functions, as dbt-trino
    writes them. `datepart` is a bare word such as day or month. -#}
{%- macro dateadd(datepart, interval, from_date_or_timestamp) -%}
    {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro -%}

{%- macro trino__dateadd(datepart, interval, from_date_or_timestamp) -%}
    date_add('{{ datepart }}', {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro -%}

{%- macro datediff(first_date, second_date, datepart) -%}
    {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro -%}

{#- Whole boundaries crossed between the two values, each part built from the next larger one. (No {% set %}
    here: a variable set before the recursive datediff() call would not be read back after it.) -#}
{%- macro trino__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'year' -%}
        (year(CAST({{ second_date }} AS TIMESTAMP)) - year(CAST({{ first_date }} AS TIMESTAMP)))
    {%- elif datepart == 'quarter' -%}
        ({{ datediff(first_date, second_date, 'year') }} * 4) + quarter(CAST({{ second_date }} AS TIMESTAMP)) - quarter(CAST({{ first_date }} AS TIMESTAMP))
    {%- elif datepart == 'month' -%}
        ({{ datediff(first_date, second_date, 'year') }} * 12) + month(CAST({{ second_date }} AS TIMESTAMP)) - month(CAST({{ first_date }} AS TIMESTAMP))
    {%- elif datepart == 'day' -%}
        ((to_milliseconds((CAST(CAST({{ second_date }} AS TIMESTAMP) AS DATE) - CAST(CAST({{ first_date }} AS TIMESTAMP) AS DATE)))) / 86400000)
    {%- elif datepart == 'week' -%}
        ({{ datediff(first_date, second_date, 'day') }} / 7 + case
            when dow(CAST({{ first_date }} AS TIMESTAMP)) <= dow(CAST({{ second_date }} AS TIMESTAMP)) then
                case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
            else
                case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
        end)
    {%- elif datepart == 'hour' -%}
        ({{ datediff(first_date, second_date, 'day') }} * 24 + hour(CAST({{ second_date }} AS TIMESTAMP)) - hour(CAST({{ first_date }} AS TIMESTAMP)))
    {%- elif datepart == 'minute' -%}
        ({{ datediff(first_date, second_date, 'hour') }} * 60 + minute(CAST({{ second_date }} AS TIMESTAMP)) - minute(CAST({{ first_date }} AS TIMESTAMP)))
    {%- elif datepart == 'second' -%}
        ({{ datediff(first_date, second_date, 'minute') }} * 60 + second(CAST({{ second_date }} AS TIMESTAMP)) - second(CAST({{ first_date }} AS TIMESTAMP)))
    {%- elif datepart == 'millisecond' -%}
        (to_milliseconds((CAST({{ second_date }} AS TIMESTAMP) - CAST({{ first_date }} AS TIMESTAMP))))
    {%- elif execute -%}
        {{ exceptions.raise_compiler_error("datediff on Trino supports the dateparts year, quarter, month, week, day, hour, minute, second and millisecond, not '" ~ datepart ~ "'.") }}
    {%- endif -%}
{%- endmacro -%}

{%- macro date_trunc(datepart, date) -%}
    {{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro -%}

{%- macro trino__date_trunc(datepart, date) -%}
    date_trunc('{{ datepart }}', {{ date }})
{%- endmacro -%}

{%- macro last_day(date, datepart) -%}
    {{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{%- endmacro -%}

{#- The day before the start of the next period. -#}
{%- macro default__last_day(date, datepart) -%}
    cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro -%}
