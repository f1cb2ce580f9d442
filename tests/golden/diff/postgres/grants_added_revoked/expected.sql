REVOKE SELECT ON TABLE public.reports FROM report_reader;

REVOKE UPDATE ON TABLE public.reports FROM report_writer;

GRANT SELECT, USAGE ON SEQUENCE public.report_numbers TO report_writer WITH GRANT OPTION;

GRANT SELECT (id, title) ON TABLE public.reports TO report_auditor;

GRANT UPDATE (title) ON TABLE public.reports TO report_auditor;
