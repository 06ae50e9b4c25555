{#- Incremental by merge on a composite key: each run upserts one row per (segment, region);
    the post-hook refreshes Trino's table statistics on the model itself. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key=['market_segment', 'region_name'],
    post_hook="ANALYZE {{ this }}"
) }}
select
    market_segment,
    region_name,
    count(*)                 as customers,
    sum(lifetime_revenue)    as revenue,
    current_timestamp(6)     as refreshed_at
from {{ ref('gold_customer_revenue') }}
group by 1, 2
