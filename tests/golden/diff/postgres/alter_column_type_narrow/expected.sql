-- hazard data dependent: products.code: character varying(100) to character varying(20): fails if a value is longer than 20 characters
-- hazard data loss: products.code: character varying(100) to character varying(20): trailing blanks past 20 characters are cut
-- hazard table rewrite: column code changes type: the table and its indexes are rewritten
-- hazard long lock: ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait
-- hazard data dependent: products.price: numeric(12,2) to numeric(8,2): fails if a value has more than 6 digits before the point
-- hazard table rewrite: column price changes type: the table and its indexes are rewritten
ALTER TABLE public.products
    ALTER COLUMN code TYPE character varying(20),
    ALTER COLUMN price TYPE numeric(8,2);
