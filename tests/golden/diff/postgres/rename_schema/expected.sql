-- hazard backward incompatible: schema sales is renamed: code that uses the old name breaks
ALTER SCHEMA sales RENAME TO crm;

CREATE OR REPLACE FUNCTION crm.lead_count() RETURNS bigint
    LANGUAGE sql
    AS $$SELECT count(*) FROM crm.leads$$;
