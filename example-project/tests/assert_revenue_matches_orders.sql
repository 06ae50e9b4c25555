-- Singular test: gold revenue must add up to the silver order totals (returns rows on mismatch).
select g.total, s.total
from (select sum(lifetime_revenue) as total from {{ ref('gold_customer_revenue') }}) as g
cross join (select sum(order_total) as total from {{ ref('slv_orders') }}) as s
where g.total <> s.total
