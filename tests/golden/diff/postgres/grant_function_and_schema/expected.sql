GRANT EXECUTE ON FUNCTION api.version() TO api_user;

GRANT USAGE ON SCHEMA api TO api_user;
