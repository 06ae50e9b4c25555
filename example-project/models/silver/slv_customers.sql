{{ config(
    properties={"sorted_by": "ARRAY['customer_id']", "format_version": "2"}
) }}
-- Silver: typed, renamed, enriched with the customer's nation and region.
select
    c.custkey                     as customer_id,
    trim(c.name)                  as customer_name,
    lower(c.mktsegment)           as market_segment,
    {{ money('c.acctbal') }}      as account_balance,
    n.nation_name,
    n.region_name
from {{ ref('brz_customers') }} as c
left join {{ ref('brz_nations') }} as n on n.nationkey = c.nationkey
