-- Bronze: raw orders landed as an Iceberg table, untouched but for lineage columns.
select
    o.*,
    current_date as _loaded_on
from {{ source('tpch', 'orders') }} as o
