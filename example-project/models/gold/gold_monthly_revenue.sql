{#- Incremental and partitioned by month: an incremental run rebuilds the months from
    var('since_month') on, replacing those partitions instead of appending duplicates. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    properties={"partitioning": "ARRAY['order_month']"},
    on_schema_change='append_new_columns'
) }}
select
    cast(date_trunc('month', o.order_date) as date)  as order_month,
    c.region_name,
    count(*)                                         as order_count,
    sum(o.order_total)                               as revenue
from {{ ref('slv_orders') }} as o
join {{ ref('slv_customers') }} as c on c.customer_id = o.customer_id
{% if is_incremental() %}
where o.order_date >= date '{{ var("since_month") }}'
{% endif %}
group by 1, 2
