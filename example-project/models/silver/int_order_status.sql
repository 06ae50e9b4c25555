{{ config(materialized='ephemeral') }}
-- Ephemeral: inlined as a CTE into its children, never built.
select status_code, status_label, is_open
from {{ ref('order_status_labels') }}
