select c.*, current_date as _loaded_on
from {{ source('tpch', 'customer') }} as c
