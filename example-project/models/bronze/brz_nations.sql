select n.nationkey, n.name as nation_name, r.name as region_name
from {{ source('tpch', 'nation') }} as n
join {{ source('tpch', 'region') }} as r on r.regionkey = n.regionkey
