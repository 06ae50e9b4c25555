{#- A view over the monthly table: nothing is stored, it reads the table it was published with. Views need a
    catalog that holds them: the default (REST) sandbox does; the native Nessie catalog does not. -#}
{{ config(materialized='view') }}
select
    region_name,
    sum(order_count) as order_count,
    sum(revenue)     as revenue
from {{ ref('gold_monthly_revenue') }}
group by 1
