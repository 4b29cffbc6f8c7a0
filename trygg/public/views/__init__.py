"""Public views (no account): pages, the report form and status, the public map, page feedback."""
