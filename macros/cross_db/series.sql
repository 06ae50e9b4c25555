{#- Number and date series without a numbers table: generate_series cross-joins n two-row tables (2^n rows),
    date_spine adds row_number() - 1 dateparts to the start. -#}
{%- macro get_powers_of_two(upper_bound) -%}{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}{%- endmacro -%}

{#- the least n with 2^n >= upper_bound -#}
{%- macro default__get_powers_of_two(upper_bound) -%}
    {%- if upper_bound <= 0 -%}
        {{ exceptions.raise_compiler_error("get_powers_of_two: upper bound must be positive, got " ~ upper_bound ~ ".") }}
    {%- endif -%}
    {%- for n in range(1, 100) -%}
        {%- if upper_bound <= 2 ** n -%}{{ return(n) }}{%- endif -%}
    {%- endfor -%}
{%- endmacro -%}

{%- macro generate_series(upper_bound) -%}{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}{%- endmacro -%}

{%- macro default__generate_series(upper_bound) -%}
    {%- set n = dbt.get_powers_of_two(upper_bound) -%}
    with p as (
        select 0 as generated_number union all select 1
    ), unioned as (
        select
        {% for i in range(n) %}p{{ i }}.generated_number * power(2, {{ i }}){% if not loop.last %} + {% endif %}{% endfor %} + 1 as generated_number
        from
        {% for i in range(n) %}p as p{{ i }}{% if not loop.last %} cross join {% endif %}{% endfor %}
    )
    select *
    from unioned
    where generated_number <= {{ upper_bound }}
    order by generated_number
{%- endmacro -%}

{%- macro get_intervals_between(start_date, end_date, datepart) -%}
    {{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}
{%- endmacro -%}

{#- asks the database; 1 at parse time, when nothing runs -#}
{%- macro default__get_intervals_between(start_date, end_date, datepart) -%}
    {%- call statement('get_intervals_between', fetch_result=true) -%}
        select {{ dbt.datediff(start_date, end_date, datepart) }}
    {%- endcall -%}
    {%- set result = load_result('get_intervals_between') -%}
    {%- if result and result['data'] | length > 0 -%}
        {{ return(result['data'][0][0]) }}
    {%- else -%}
        {{ return(1) }}
    {%- endif -%}
{%- endmacro -%}

{%- macro date_spine(datepart, start_date, end_date) -%}
    {{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{%- endmacro -%}

{#- dbt-trino casts both ends to date: Trino compares a date with a timestamp only after a cast -#}
{%- macro trino__date_spine(datepart, start_date, end_date) -%}
    with rawdata as (
        {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}
    ),
    all_periods as (
        select ({{ dbt.dateadd(datepart, 'row_number() over (order by 1) - 1', 'cast(' ~ start_date ~ ' as date)') }}) as date_{{ datepart }}
        from rawdata
    ),
    filtered as (
        select *
        from all_periods
        where date_{{ datepart }} <= cast({{ end_date }} as date)
    )
    select * from filtered
{%- endmacro -%}
