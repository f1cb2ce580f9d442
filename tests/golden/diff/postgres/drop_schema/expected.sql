DROP VIEW billing.drafts;

-- hazard data loss: every row of billing.invoices
DROP TABLE billing.invoices;

DROP SEQUENCE billing.numbers;

DROP TYPE billing.state;

-- hazard data loss: schema billing
DROP SCHEMA billing;
