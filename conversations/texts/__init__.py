"""User-facing texts, one module per flow, so wording can be reviewed and changed in one place."""
