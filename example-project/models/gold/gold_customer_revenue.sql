-- Gold: one row per customer with lifetime revenue and order counts.
{% set statuses = ['fulfilled', 'open', 'partially shipped'] %}
select
    c.customer_id,
    c.customer_name,
    c.market_segment,
    c.region_name,
    count(o.order_id)                       as order_count,
    coalesce(sum(o.order_total), 0)         as lifetime_revenue,
    {%- for s in statuses %}
    count_if(o.order_status = '{{ s }}')    as {{ s | replace(' ', '_') }}_orders{{ "," if not loop.last }}
    {%- endfor %}
from {{ ref('slv_customers') }} as c
left join {{ ref('slv_orders') }} as o on o.customer_id = c.customer_id
group by 1, 2, 3, 4
