{{ config(
    properties={"partitioning": "ARRAY['year(order_date)']"}
) }}
{% set priorities = ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'] %}
select
    o.orderkey                              as order_id,
    o.custkey                               as customer_id,
    s.status_label                          as order_status,
    s.is_open,
    {{ money('o.totalprice') }}             as order_total,
    o.orderdate                             as order_date,
    case o.orderpriority
    {%- for p in priorities %}
        when '{{ p }}' then {{ loop.index }}
    {%- endfor %}
    end                                     as priority_rank
from {{ ref('brz_orders') }} as o
join {{ ref('int_order_status') }} as s on s.status_code = o.orderstatus
