COMMENT ON SCHEMA app IS NULL;

COMMENT ON TYPE app.state IS 'Whether it is on';

COMMENT ON FUNCTION app.one() IS 'Always one';

COMMENT ON TABLE app.users IS 'People who sign in';

COMMENT ON COLUMN app.users.id IS 'Never reused';

COMMENT ON COLUMN app.users.email IS NULL;

COMMENT ON INDEX app.users_state_idx IS NULL;
