ALTER INDEX public.orders_placed_idx RENAME TO orders_by_placed;
